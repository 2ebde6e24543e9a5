#!/usr/bin/env bash
# make install, checked the way a learner uses it (docs/your-own-program.md):
#   - every header under src/neurona/ is included by the umbrella header src/neurona/neurona.hpp
#     or named there on an "internal: neurona/<path>  <why>" line, and nothing else is named
#     there; shown to fail on a new header, a dropped include and a stale internal line;
#   - the page's install command (its first ```sh block) run in the repository with HOME in a
#     temporary folder installs every header, both libraries and both .pc files;
#   - the page's program (its one ```cpp block) built and run with the page's own commands (its
#     second ```sh block) prints exactly the page's ```output block (a changed line is shown to
#     fail); docs/tu-propio-programa.md holds the same blocks, character for character;
#   - pkg-config neurona-double builds a program with Scalar = double; a program compiled for
#     one Scalar and linked with the other library fails to link, naming link_check's symbol;
#   - DESTDIR puts every file under it while the .pc files keep PREFIX; make uninstall removes
#     them all.
# Usage: make test-install (after the two libraries are built)    exit 0 = all passed
# ok and fail always succeed, so `A && ok || fail` is an if-then-else here.
# shellcheck disable=SC2015,SC2016
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root" || exit 1
# The page's commands run as from a learner's terminal, not as a part of the make that runs
# this test (its flags, variables and job server).
unset MAKEFLAGS MFLAGS MAKELEVEL
page=docs/your-own-program.md
twin=docs/tu-propio-programa.md
umbrella=src/neurona/neurona.hpp
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home=$work/home
prefix=$home/.local
failures=0
ok()   { echo "  ok   $1"; }
fail() { echo "  FAIL $1"; failures=$((failures + 1)); }

# The body of the n-th (1-based) block of a Markdown file fenced as ```<lang>.
block() {
  awk -v fence="\`\`\`$2" -v n="$3" '
    /^```/ { if (open) { open = 0; want = 0; next }
             open = 1; if ($0 == fence && ++k == n) want = 1; next }
    want' "$1"
}
count_blocks() { grep -cx "\`\`\`$2" "$1"; }

# The neurona/ headers that file $1 #includes.
includes_of() { sed -n 's|^#include "\(neurona/[^"]*\)"$|\1|p' "$1"; }

# Every header under $2/neurona/ (but the umbrella itself) must be reached from the umbrella $1
# (#included by it, or by a header it reaches: layers.hpp brings every layer) or named on an
# internal line with a reason, not both; every name there must be a header.
# Prints one line per problem; fails when there is any.
check_umbrella() {
  local umbrella=$1 src=$2 h problems=0 listed
  local included internal reached next
  included=$(includes_of "$umbrella")
  reached=$(sort -u <<<"$included")
  while :; do
    next=$(for h in $reached; do echo "$h"; [ -f "$src/$h" ] && includes_of "$src/$h"; done | sort -u)
    [ "$next" = "$reached" ] && break
    reached=$next
  done
  internal=$(sed -n 's|^///  *internal: \(neurona/[^ ]*\)  *[^ ].*$|\1|p' "$umbrella")
  for h in $(cd "$src" && find neurona -name '*.hpp' | sort); do
    [ "$h" = neurona/neurona.hpp ] && continue
    local in_inc=0 in_int=0
    grep -qxF "$h" <<<"$reached" && in_inc=1
    grep -qxF "$h" <<<"$internal" && in_int=1
    if [ $in_inc -eq 0 ] && [ $in_int -eq 0 ]; then
      echo "$h is neither included by $umbrella (or a header it includes) nor named there as" \
           "internal (add #include \"$h\", or a line '///   internal: $h  <why>')"
      problems=1
    elif [ $in_inc -eq 1 ] && [ $in_int -eq 1 ]; then
      echo "$h is both reached from $umbrella and named there as internal"; problems=1
    fi
  done
  for listed in $included $internal; do
    [ -f "$src/$listed" ] || { echo "$umbrella names $listed, which is not a header under $src/neurona"; problems=1; }
  done
  return $problems
}

echo "install and your own program:"

# ---- the umbrella header ----
report=$(check_umbrella "$umbrella" src); rc=$?
[ $rc -eq 0 ] && ok "each of the $(($(find src/neurona -name '*.hpp' | wc -l) - 1)) other headers of src/neurona is in neurona.hpp or named internal there" ||
  fail "$report"

mkdir -p "$work/src" && cp -r src/neurona "$work/src/" && touch "$work/src/neurona/layers/conv3d.hpp"
report=$(check_umbrella "$umbrella" "$work/src"); rc=$?
[ $rc -ne 0 ] && grep -q '^neurona/layers/conv3d.hpp is neither included by' <<<"$report" &&
  ok "a new header that neurona.hpp does not list fails, named" || fail "a new header: $report"

grep -vxF '#include "neurona/layers.hpp"' "$umbrella" >"$work/dropped.hpp"
report=$(check_umbrella "$work/dropped.hpp" src); rc=$?
[ $rc -ne 0 ] && grep -q '^neurona/layers/dense.hpp is neither included by' <<<"$report" &&
  ok "an include dropped from neurona.hpp fails, named" || fail "a dropped include: $report"

sed 's|^\(///  *internal: neurona/names.hpp .*\)$|\1\n///   internal: neurona/gone.hpp  removed since|' "$umbrella" >"$work/stale.hpp"
report=$(check_umbrella "$work/stale.hpp" src); rc=$?
[ $rc -ne 0 ] && [[ $report == *"names neurona/gone.hpp, which is not a header"* ]] &&
  ok "an internal line naming no header fails, named" || fail "a stale internal line: $report"

# ---- the two pages ----
counts() { echo "cpp $(count_blocks "$1" cpp), sh $(count_blocks "$1" sh), output $(count_blocks "$1" output)"; }
[ "$(counts $page)" = "cpp 1, sh 2, output 1" ] && ok "$page: one cpp block, two sh blocks, one output block" ||
  fail "$page has $(counts $page) blocks; this test runs one cpp, two sh (install; build and run) and one output"
same=1
for b in "cpp 1" "sh 1" "sh 2" "output 1"; do
  # shellcheck disable=SC2086
  if ! diff -u --label "$page" --label "$twin" <(block $page $b) <(block $twin $b) >"$work/twin.diff"; then
    fail "$twin: its $b block differs from $page's:"; cat "$work/twin.diff"; same=0
  fi
done
[ $same -eq 1 ] && [ "$(counts $twin)" = "$(counts $page)" ] &&
  ok "$twin has the same program, commands and output" || { [ $same -eq 0 ] || fail "$twin has $(counts $twin) blocks"; }

# ---- the page's install command, HOME in the scratch folder ----
block $page sh 1 >"$work/install.sh"
mkdir -p "$home"
if HOME=$home bash -e "$work/install.sh" >"$work/install.log" 2>&1; then
  ok "$(tr '\n' ' ' <"$work/install.sh")(HOME=<scratch>)"
else
  fail "the page's install command failed:"; cat "$work/install.log"
fi
diff <(cd src && find neurona -name '*.hpp' | sort) <(cd "$prefix/include" 2>/dev/null && find neurona -type f | sort) >"$work/headers.diff" &&
  ok "include/neurona/ holds exactly src/neurona's headers, in the same tree" ||
  { fail "installed headers differ from src/neurona's (< source, > installed):"; cat "$work/headers.diff"; }
cmp -s build/float/libneurona.a "$prefix/lib/libneurona.a" && cmp -s build/double/libneurona.a "$prefix/lib/libneurona_double.a" &&
  ok "lib/libneurona.a and lib/libneurona_double.a are the float and double libraries" ||
  fail "lib/libneurona.a or lib/libneurona_double.a is missing or not what make built"
grep -qx "prefix=$prefix" "$prefix/lib/pkgconfig/neurona.pc" 2>/dev/null &&
  grep -qx 'Cflags: -I${includedir} -DNEURONA_DOUBLE -pthread' "$prefix/lib/pkgconfig/neurona-double.pc" 2>/dev/null &&
  ok "neurona.pc says the prefix; neurona-double.pc adds -DNEURONA_DOUBLE" ||
  fail "the .pc files: $(cat "$prefix"/lib/pkgconfig/*.pc 2>&1)"

# ---- the page's program, built and run with the page's commands ----
mkdir -p "$work/mine"
block $page cpp 1 >"$work/mine/mine.cpp"
block $page sh 2 >"$work/build.sh"
block $page output 1 >"$work/expected.txt"
# compare EXPECTED PRINTED: fails with the lines that differ (- expected, + printed).
compare() { diff -u --label expected --label printed "$1" "$2"; }
if (cd "$work/mine" && HOME=$home bash -e "$work/build.sh" >"$work/printed.txt" 2>"$work/build.err"); then
  report=$(compare "$work/expected.txt" "$work/printed.txt") &&
    ok "mine.cpp, built with the page's g++ and pkg-config line, prints the page's output" ||
    fail "mine.cpp's output differs from the page's ($page):"$'\n'"$report"
else
  fail "the page's build and run commands failed:"; cat "$work/build.err" "$work/printed.txt"
fi
sed '2s/0.00$/0.01/' "$work/expected.txt" >"$work/wrong.txt"
report=$(compare "$work/wrong.txt" "$work/printed.txt"); rc=$?
[ $rc -ne 0 ] && grep -qx -- '- 0  0    0     0.01' <<<"$report" &&
  ok "a changed line in the page's output fails, shown" || fail "a wrong output line passes: $report"

# ---- the double library, and a mix refused at link time ----
export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
cat >"$work/scalar.cpp" <<'EOF'
#include <cstdio>

#include <neurona/neurona.hpp>

int main() {
    const neurona::Matrix sum = neurona::Matrix{{0.1}} + neurona::Matrix{{0.2}};
    std::printf("sizeof(neurona::Scalar) = %zu, 0.1 + 0.2 = %.17g\n", sizeof(neurona::Scalar), sum(0, 0));
}
EOF
# Flags from pkg-config are lists: split on purpose.
# shellcheck disable=SC2046
link_scalar() { g++ -std=c++20 "$1" $(pkg-config --libs "$2") -o "$work/scalar" 2>&1; }
# shellcheck disable=SC2046
if g++ -std=c++20 -c "$work/scalar.cpp" $(pkg-config --cflags neurona-double) -o "$work/double.o" &&
   g++ -std=c++20 -c "$work/scalar.cpp" $(pkg-config --cflags neurona) -o "$work/float.o"; then
  printed=$(link_scalar "$work/double.o" neurona-double && "$work/scalar")
  [ "$printed" = "sizeof(neurona::Scalar) = 8, 0.1 + 0.2 = 0.30000000000000004" ] &&
    ok "pkg-config neurona-double: $printed" || fail "pkg-config neurona-double: $printed"
  printed=$(link_scalar "$work/float.o" neurona && "$work/scalar")
  [ "$printed" = "sizeof(neurona::Scalar) = 4, 0.1 + 0.2 = 0.30000001192092896" ] &&
    ok "pkg-config neurona: $printed" || fail "pkg-config neurona: $printed"
  report=$(link_scalar "$work/double.o" neurona); rc=$?
  [ $rc -ne 0 ] && [[ $report == *"undefined reference to \`neurona::link_check::library_built_with_NEURONA_DOUBLE'"* ]] &&
    ok "compiled with -DNEURONA_DOUBLE, linked with libneurona.a: a link error naming library_built_with_NEURONA_DOUBLE" ||
    fail "the double program linked with the float library: $report"
  report=$(link_scalar "$work/float.o" neurona-double); rc=$?
  [ $rc -ne 0 ] && [[ $report == *"undefined reference to \`neurona::link_check::library_built_without_NEURONA_DOUBLE'"* ]] &&
    ok "compiled without it, linked with libneurona_double.a: a link error naming library_built_without_NEURONA_DOUBLE" ||
    fail "the float program linked with the double library: $report"
else
  fail "a program including <neurona/neurona.hpp> does not compile with pkg-config's flags"
fi

# ---- DESTDIR, then uninstall ----
stage=$work/stage
if make install DESTDIR="$stage" PREFIX=/usr/local >"$work/stage.log" 2>&1; then
  outside=$(cd "$stage" && find . -type f ! -path './usr/local/*')
  [ -z "$outside" ] && [ -f "$stage/usr/local/include/neurona/neurona.hpp" ] &&
    grep -qx 'prefix=/usr/local' "$stage/usr/local/lib/pkgconfig/neurona.pc" &&
    ok "make install DESTDIR=<stage> PREFIX=/usr/local: files under <stage>/usr/local, prefix=/usr/local in neurona.pc" ||
    fail "DESTDIR: $(cd "$stage" && find . -type f | head) $(cat "$stage/usr/local/lib/pkgconfig/neurona.pc" 2>&1)"
else
  fail "make install DESTDIR=... failed:"; cat "$work/stage.log"
fi
if make uninstall DESTDIR="$stage" PREFIX=/usr/local >"$work/uninstall.log" 2>&1; then
  left=$(find "$stage" -type f)
  [ -z "$left" ] && ok "make uninstall removes every file make install wrote" || fail "make uninstall left: $left"
else
  fail "make uninstall failed:"; cat "$work/uninstall.log"
fi

if [ $failures -ne 0 ]; then echo "install test: $failures failed"; exit 1; fi
echo "install test: all passed"
