#!/usr/bin/env bash
# Checks that the exercises' tests can fail, and say why. For each exercise name given
# (01-sigmoid, ...), in BUILD_DIR/<name>/:
#   solution_test  the tests linked with solution.cpp: must pass;
#   stub_test      linked with the stub as committed: must fail (NEURONA_STRICT=1, as in CI:
#                  exercise_test, linked with exercise.cpp itself, must fail);
#   mistakes/<m>   linked with exercises/<name>/mistakes/<m>.diff applied to the solution, a
#                  usual wrong answer: must fail
#                  and print its diagnosis, the file's "// Diagnosis: ..." and
#                  "// Diagnóstico: ..." lines, word for word. Every exercise has at least 3.
# A failing test is exit status 1 with failed checks; a crash (a signal, 128 + n) is not.
# Prints one line per exercise, and what went wrong under it; exits 1 when anything is wrong.
# In the learner's run a changed exercise.cpp is only reported: `make progress` says whether
# it solves the exercise.
# Usage: exercises/check.sh BUILD_DIR NAME...
set -u
build=$1; shift
strict=${NEURONA_STRICT:-}
status=0

# "3 of 7 checks pass" from a test program's log (exercises/common/main.cpp's summary).
checks() { sed -n 's/.* \/ \([0-9]*\) of \([0-9]*\) checks pass$/\1 of \2/p' "$1" | tail -n 1; }
# The first failed check and the lines under it, indented, for make test's own output.
first_failure() { sed -n '/^  ✗ /,/^  ✓ \|^$/p' "$1" | sed '/^  ✓ \|^$/d' | head -n 8 | sed 's/^/      /'; }
# The value of a "// Key: text" line at the top of a mistake file.
header() { sed -n "1,12s|^// $1: *||p" "$2" | head -n 1; }

for name in "$@"; do
    dir=$build/$name
    problems=()
    if "$dir/solution_test" >"$dir/solution.log" 2>&1; then
        solution="solution passes"
    else
        solution="SOLUTION FAILS"
        problems+=("the solution fails $(checks "$dir/solution.log") (log: $dir/solution.log):"
                   "$(first_failure "$dir/solution.log")")
    fi

    stub_bin=$dir/stub_test; stub_what="stub"
    [ -n "$strict" ] && { stub_bin=$dir/exercise_test; stub_what="stub (exercise.cpp)"; }
    "$stub_bin" >"$dir/stub.log" 2>&1
    rc=$?
    if [ "$rc" -eq 1 ] && grep -q '^  ✗ ' "$dir/stub.log"; then
        stub="$stub_what fails ($(checks "$dir/stub.log") checks pass)"
    else
        stub="$stub_what DOES NOT FAIL ITS TESTS"
        problems+=("the $stub_what does not fail its tests (exit $rc; log: $dir/stub.log)")
    fi

    caught=0 total=0
    for src in exercises/"$name"/mistakes/*.diff; do
        [ -e "$src" ] || continue
        total=$((total + 1))
        m=$(basename "$src" .diff)
        bin=$dir/mistakes/$m log=$dir/mistakes/$m.log
        en=$(header Diagnosis "$src") es=$(header 'Diagnóstico' "$src")
        "$bin" >"$log" 2>&1
        rc=$?
        if [ -z "$en" ] || [ -z "$es" ]; then
            problems+=("mistake $m: $src lacks its '// Diagnosis: ...' or '// Diagnóstico: ...' line")
        elif [ "$rc" -ne 1 ]; then
            problems+=("mistake $m is not caught: its tests exit with $rc (log: $log)")
        elif ! grep -qF -- "Diagnosis: $en" "$log" || ! grep -qF -- "Diagnóstico: $es" "$log"; then
            problems+=("mistake $m fails its tests but without its diagnosis \"$en\" / \"$es\" (log: $log)")
        else
            caught=$((caught + 1))
        fi
    done
    mistakes="$caught of $total mistakes caught with their diagnosis"
    if [ "$total" -lt 3 ]; then
        problems+=("only $total usual mistakes in exercises/$name/mistakes/: every exercise proves at least 3 caught")
    fi

    learner=
    if [ -z "$strict" ] && [ -f "$dir/committed_stub.cpp" ] &&
       ! cmp -s "exercises/$name/exercise.cpp" "$dir/committed_stub.cpp"; then
        learner="; your exercise.cpp is changed (make progress says how it does)"
    fi
    echo "$name: $solution, $stub, $mistakes$learner"
    if [ ${#problems[@]} -gt 0 ]; then
        status=1
        printf '    %s\n' "${problems[@]}"
    fi
done
exit $status
