#!/usr/bin/env bash
# Checks that the exercises' tests can fail: for each exercise name given (01-sigmoid, ...),
# runs build/exercises/<name>/solution_test (the tests linked with solution.cpp: must pass)
# and build/exercises/<name>/exercise_test (linked with the untouched stubs: must fail).
# Prints one line per exercise and exits 1 when any solution fails or any stub passes.
# Usage: exercises/check.sh BUILD_DIR NAME...
set -u
build=$1; shift
status=0
for name in "$@"; do
    dir=$build/$name
    if "$dir/solution_test" --gtest_brief=1 >"$dir/solution.log" 2>&1; then
        solution="solution passes"
    else
        solution="SOLUTION FAILS (see $dir/solution.log)"; status=1
    fi
    "$dir/exercise_test" >"$dir/stub.log" 2>&1
    rc=$?
    # gtest's summary: "[==========] 7 tests from 2 test suites ran." and "[  FAILED  ] 5 tests, listed below:"
    total=$(sed -n 's/^\[==========\] \([0-9]*\) tests\{0,1\} from .* ran\..*/\1/p' "$dir/stub.log")
    failed=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) tests\{0,1\}, listed below:.*/\1/p' "$dir/stub.log")
    # gtest exits with 1 when tests fail; a crash (a signal, 128 + n) is not a failing test.
    if [ "$rc" -eq 1 ] && [ -n "$failed" ]; then
        stub="stub fails (${failed:-?}/${total:-?} tests)"
    else
        stub="STUB DOES NOT FAIL ITS TESTS (exit $rc; see $dir/stub.log)"; status=1
    fi
    echo "$name: $solution, $stub"
done
exit $status
