#!/usr/bin/env bash
# Shows that the chapter check (src/tools/tangle.cpp, src/tools/outcheck.cpp) passes a chapter
# that is right and fails one that is wrong. It builds tests/fixtures/chapter-check.md as
# chapters/0-fixture.md in a scratch folder, then checks edited copies of it: a changed
# number, a number inside and outside the block's tolerance, {...} inside a line and as whole
# lines, extra and missing output, a compile error, tangle's own errors, outcheck's errors on a
# malformed expected.txt, and a line with many {...} (matched in linear time).
# Usage: make test-chapter-check (it passes the tools, the library, CXX, CXXFLAGS and LDLIBS):
#   tests/chapter_check_test.sh <tangle> <outcheck> <libneurona.a>    exit 0 = all passed
# ok and fail always succeed, so `A && ok || fail` is an if-then-else here.
# shellcheck disable=SC2015,SC2016
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
tangle=$(realpath "$1") outcheck=$(realpath "$2") lib=$(realpath "$3")
: "${CXX:?} ${CXXFLAGS:?} ${LDLIBS:?}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 1
mkdir chapters
md=chapters/0-fixture.md
cp "$root/tests/fixtures/chapter-check.md" "$md"
failures=0
ok()   { echo "  ok   $1"; }
fail() { echo "  FAIL $1"; failures=$((failures + 1)); }

# Tangles $1 into $work/<name>.cpp/.txt; leaves the status in $rc and stderr in $err.
tangle_md() { err=$("$tangle" "$1" "$2.cpp" "$2.txt" 2>&1); rc=$?; }
# Compiles $1.cpp (the way the Makefile builds a chapter) into $1; status in $rc, stderr in $err.
# CXXFLAGS and LDLIBS are lists of flags: split on purpose.
# shellcheck disable=SC2086
compile() { err=$($CXX $CXXFLAGS -I"$root/src" -o "$1" "$1.cpp" "$lib" $LDLIBS 2>&1); rc=$?; }
# Checks program output $2 against expected $1; status in $rc, the report in $report.
check() { report=$("$outcheck" "$1" "$2"); rc=$?; }
# Copies the chapter with sed script $1 applied, tangles it, checks the good program's output.
check_edit() {
  sed "$1" "$md" >chapters/0-edited.md && tangle_md chapters/0-edited.md edited && check edited.txt good.out
}

echo "chapter check:"

tangle_md "$md" good
[ $rc -eq 0 ] && grep -qx '#line 22 "chapters/0-fixture.md"' good.cpp &&
  ok "tangle writes the cpp blocks with #line directives into the .md" ||
  fail "tangle: rc=$rc $err; $(grep '#line' good.cpp 2>/dev/null | tr '\n' ' ')"

compile good
[ $rc -eq 0 ] || { fail "the fixture chapter does not compile: $err"; exit 1; }
NEURONA_QUICK=1 NEURONA_CHAPTER_OUT="$work/out" ./good >good.out
check good.txt good.out
[ $rc -eq 0 ] && ok "the unmodified chapter passes" || fail "the unmodified chapter fails: $report"

NEURONA_CHAPTER_OUT="$work/out" ./good >full.out
check good.txt full.out
[ $rc -eq 1 ] && [[ $report == *"expected: mode: quick"* ]] &&
  ok "the output blocks hold quick mode: the full run differs" || fail "full mode: rc=$rc $report"

check_edit 's/^A \. A^T = 11$/A . A^T = 12/'
[ $rc -eq 1 ] && [[ $report == "chapters/0-edited.md:28: "* ]] &&
  [[ $report == *"expected: A . A^T = 12"* ]] && [[ $report == *"printed:  A . A^T = 11"* ]] &&
  ok "one changed number fails, reported at the chapter's line with both lines" ||
  fail "changed number: rc=$rc $report"

check_edit 's/^pi ~ 3\.1416$/pi ~ 3.1435/'
[ $rc -eq 0 ] && ok "a number within tolerance=1e-3 passes" || fail "within tolerance: $report"

check_edit 's/^pi ~ 3\.1416$/pi ~ 3.1475/'
[ $rc -eq 1 ] && [[ $report == "chapters/0-edited.md:38: "* ]] &&
  ok "a number outside the tolerance fails" || fail "outside tolerance: rc=$rc $report"

check_edit 's/^pi ~ 3\.1416$/pi ~   3.1416/'
[ $rc -eq 0 ] && ok "with a tolerance, a run of spaces before a number may differ" || fail "spaces with tolerance: $report"

check_edit 's/^pi ~ 3\.1416$/pi ~3.1416/'
[ $rc -eq 0 ] && ok "with a tolerance, a number may move left (no space)" || fail "no space with tolerance: $report"

check_edit 's/^A \. A^T = 11$/A .  A^T = 11/'
[ $rc -eq 1 ] && ok "without a tolerance, spaces are compared exactly" || fail "spaces without tolerance: $report"

check_edit 's/^A \. A^T = 11$/A . A^T = 11.0001/'
[ $rc -eq 1 ] && ok "without a tolerance, numbers must be equal" || fail "no tolerance: $report"

check_edit 's/^A \. A^T = 11$/A . A^T = 11.000/'
[ $rc -eq 0 ] && ok "numbers are compared as values (11.000 = 11)" || fail "11.000: $report"

sed -e 's/^took .*/took 987654us - done   /' -e 's/^\*\*\*$/***\n****\n*****/' good.out >varied.out
check good.txt varied.out
[ $rc -eq 0 ] && ok "{...} matches any timing, a {...} line any number of lines, trailing spaces ignored" ||
  fail "{...}: $report"

sed 's/^took .*/took 5ms - done/' good.out >text.out
check good.txt text.out
[ $rc -eq 1 ] && [[ $report == "chapters/0-fixture.md:53: "* ]] &&
  ok "text around {...} is still compared" || fail "text around {...}: rc=$rc $report"

check_edit '/^{\.\.\.}$/d'
[ $rc -eq 1 ] && [[ $report == *"expected: end"* ]] && [[ $report == *"printed:  *"* ]] &&
  ok "without the {...} line, the drawing fails" || fail "no {...} line: rc=$rc $report"

check_edit 's/^end$/end!/'
[ $rc -eq 1 ] && [[ $report == *"expected: end!"* ]] && [[ $report == *"printed:  end ("* ]] &&
  ok "after a {...} line, the report names the printed line most like the expected one" ||
  fail "{...} then a wrong line: rc=$rc $report"

{ cat good.out; echo "one line more"; } >extra.out
check good.txt extra.out
[ $rc -eq 1 ] && [[ $report == *"prints more"* ]] && [[ $report == *"one line more"* ]] &&
  ok "extra output fails" || fail "extra output: rc=$rc $report"

head -n 3 good.out >short.out
check good.txt short.out
[ $rc -eq 1 ] && [[ $report == *"output ends after 3 lines"* ]] &&
  ok "missing output fails" || fail "missing output: rc=$rc $report"

sed '45a\    int broken = ;' "$md" >chapters/0-broken.md
tangle_md chapters/0-broken.md broken && compile broken
[ $rc -ne 0 ] && [[ $err == *"chapters/0-broken.md:46:"* ]] &&
  ok "a compile error names the chapter's .md and line" || fail "compile error: rc=$rc $err"

head -n -1 "$md" >chapters/0-open.md
tangle_md chapters/0-open.md open
[ $rc -eq 1 ] && [[ $err == *"chapters/0-open.md:52: error: the \`\`\`output fence opened here is never closed"* ]] &&
  ok "an unterminated fence is an error at its line" || fail "unterminated fence: rc=$rc $err"

sed 's/^```output tolerance=1e-3$/```output tolerance=1e-3x/' "$md" >chapters/0-tol.md
tangle_md chapters/0-tol.md tol
[ $rc -eq 1 ] && [[ $err == *"chapters/0-tol.md:37: error: tolerance must be"* ]] &&
  ok "a malformed tolerance is an error at its line" || fail "bad tolerance: rc=$rc $err"

sed 's/^```output tolerance=1e-3$/```output tolerance=inf/' "$md" >chapters/0-inf.md
tangle_md chapters/0-inf.md inf
[ $rc -eq 1 ] && [[ $err == *"chapters/0-inf.md:37: error: tolerance must be a finite non-negative number, got 'inf'"* ]] &&
  ok "an infinite tolerance is an error at its line" || fail "infinite tolerance: rc=$rc $err"

printf '# 9 Prose only\n\n```text\nnot code\n```\n' >chapters/9-prose.md
tangle_md chapters/9-prose.md prose
[ $rc -eq 1 ] && [[ $err == *"chapters/9-prose.md:1: error: the chapter has no \`\`\`cpp block"* ]] &&
  ok "a chapter without code is an error" || fail "no cpp block: rc=$rc $err"

# outcheck reads expected.txt back strictly: a malformed header is an error naming the file
# and its line (status 2), never a crash or a wrong line number.
# Checks expected-file contents $1 against good.out; status in $rc, stderr in $err.
check_header() { printf '%s' "$1" >header.txt; err=$("$outcheck" header.txt good.out 2>&1 >/dev/null); rc=$?; }
check_header $'#! block chapters/0-fixture.md 2 -1 tolerance=0\nline\n'
[ $rc -eq 2 ] && [[ $err == "outcheck: header.txt:1: the block's line count '-1' is not a whole number >= 0" ]] &&
  ok "a negative line count in expected.txt is an error at its line" || fail "count -1: rc=$rc $err"
check_header $'#! block chapters/0-fixture.md 2 1 tolerance=0\nline\n#! block chapters/0-fixture.md 2147483647 3 tolerance=0\na\nb\nc\n'
[ $rc -eq 2 ] && [[ $err == "outcheck: header.txt:3: the block's first line '2147483647' is not a line number from 1 to 2147483644"* ]] &&
  ok "a first line whose block ends past the largest line number is an error" || fail "first line 2^31-1: rc=$rc $err"
check_header $'#! block chapters/0-fixture.md 2 5 tolerance=0\nline\n'
[ $rc -eq 2 ] && [[ $err == "outcheck: header.txt:1: the block is cut short: its header announces 5 lines, 1 follow" ]] &&
  ok "a block with fewer lines than its header announces is an error" || fail "cut short: rc=$rc $err"
check_header $'#! block chapters/0-fixture.md 2 1 tolerance=1e-3x\nline\n'
[ $rc -eq 2 ] && [[ $err == "outcheck: header.txt:1: the block's tolerance '1e-3x' is not a finite number >= 0" ]] &&
  ok "a malformed tolerance in expected.txt is an error" || fail "tolerance 1e-3x: rc=$rc $err"
check_header $'#! block 2 1 tolerance=0\nline\n'
[ $rc -eq 2 ] && [[ $err == "outcheck: header.txt:1: malformed '#! block' header: expected '#! block <chapter> <first line> <line count> tolerance=<t>'"* ]] &&
  ok "a header without its chapter is an error" || fail "no chapter: rc=$rc $err"

# A line with many {...} is matched in time proportional to its tokens times the printed
# line's length: 30 of them against 5000 characters, which the backtracking matcher this
# replaced could not finish (5 against 200 took it 26 s), under a 10 s timeout.
many=$(printf '{...}a%.0s' $(seq 30))
printf '#! block chapters/0-many.md 3 1 tolerance=0\n%sb\n' "$many" >many.txt
printf '%05000d\n' 0 | tr 0 a >many.out
report=$(timeout 10 "$outcheck" many.txt many.out); rc=$?
[ $rc -eq 1 ] && [[ $report == "chapters/0-many.md:3: the program's output differs from the chapter"* ]] &&
  ok "30 {...} on a line against 5000 characters that do not match: reported at once" ||
  fail "many {...}, no match: rc=$rc (124: timed out) $report"
printf '%04999d\n' 0 | tr 0 a | sed 's/$/b/' >many.out
report=$(timeout 10 "$outcheck" many.txt many.out); rc=$?
[ $rc -eq 0 ] && ok "30 {...} on a line against 5000 characters that match: passes at once" ||
  fail "many {...}, a match: rc=$rc (124: timed out) $report"

# The Spanish twin: prose and comments translated, the same code and output.
mkdir -p chapters/es
twin=chapters/es/0-fixture.md
sed -e 's/^Not part of the course.*/No forma parte del curso: la prueba lo compila y lo rompe./' \
    -e 's|^    Matrix A{{1, 2}, {3, 4}};$|    Matrix A{{1, 2}, {3, 4}};  // una matriz 2 x 2, "// no es un comentario" sigue|' \
    "$md" >"$twin"
pair() { err=$("$tangle" --pair "$md" "$1" 2>&1); rc=$?; }
pair "$twin"
[ $rc -eq 0 ] && ok "a twin with translated prose and comments agrees with its chapter" || fail "twin: rc=$rc $err"

sed 's/^A \. A^T = 11$/A . A^T = 12/' "$twin" >chapters/es/0-number.md
pair chapters/es/0-number.md
[ $rc -eq 1 ] && [[ $err == "chapters/es/0-number.md:28: error: the twin drifted from chapters/0-fixture.md: "* ]] &&
  [[ $err == *"output block 3 of 7"* ]] && [[ $err == *"chapters/0-fixture.md:28: A . A^T = 11"* ]] &&
  ok "a number changed in a twin's output block fails, naming both files and the block" || fail "twin number: rc=$rc $err"

sed 's/^    Matrix A{{1, 2}, {3, 4}};/    Matrix A{{1, 2}, {3, 5}};/' "$twin" >chapters/es/0-code.md
pair chapters/es/0-code.md
[ $rc -eq 1 ] && [[ $err == *"cpp block 2 of 7 differs (comments aside)"* ]] &&
  [[ $err == *"chapters/es/0-code.md:22:     Matrix A{{1, 2}, {3, 5}};"* ]] &&
  ok "a line of code changed in a twin fails" || fail "twin code: rc=$rc $err"

sed 's/"mode: "/"modo: "/' "$twin" >chapters/es/0-string.md
pair chapters/es/0-string.md
[ $rc -eq 1 ] && ok "a translated string literal is a change of the program" || fail "twin string: rc=$rc $err"

sed '/^```output tolerance=1e-3$/,/^```$/d' "$twin" >chapters/es/0-block.md
pair chapters/es/0-block.md
[ $rc -eq 1 ] && [[ $err == *"block 5 of 7 is \`\`\`output there (chapters/0-fixture.md:38) but \`\`\`cpp here"* ]] &&
  ok "a twin without one of the output blocks fails" || fail "twin block: rc=$rc $err"

[ $failures -eq 0 ] && echo "chapter check: all passed" || echo "chapter check: $failures failed"
[ $failures -eq 0 ]
