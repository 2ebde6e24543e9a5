#!/usr/bin/env bash
# make progress: where the learner stands in every exercise. Builds each exercise's tests with
# the learner's exercise.cpp (through make) and runs them:
#   solved          every check passes
#   not yet         how many checks pass, and the first diagnosis when the tests gave one
#   not started     exercise.cpp is still the stub as committed (and fails, as a stub does)
#   does not compile, with the compiler's first error line
# Usage: exercises/progress.sh BUILD_DIR NAME...  (run from the repository root)
set -u
build=$1; shift
solved=0
printf '%-28s %s\n' "ejercicio / exercise" "estado / state"
for name in "$@"; do
    dir=$build/$name
    mkdir -p "$dir"
    if ! ${MAKE:-make} -s "$dir/exercise_test" >"$dir/progress-build.log" 2>&1; then
        first=$(grep -m1 -E 'error' "$dir/progress-build.log")
        printf '%-28s %s\n' "$name" "✗ no compila / does not compile:"
        printf '%-28s %s\n' "" "  ${first:-see $dir/progress-build.log}"
        continue
    fi
    log=$dir/progress.log
    "$dir/exercise_test" >"$log" 2>&1
    rc=$?
    passed=$(sed -n 's/.* \/ \([0-9]*\) of \([0-9]*\) checks pass$/\1 of \2/p' "$log" | tail -n 1)
    exercises/committed-stub.sh "exercises/$name/exercise.cpp" "$dir/committed_stub.cpp"
    if [ "$rc" -eq 0 ]; then
        solved=$((solved + 1))
        printf '%-28s %s\n' "$name" "✓ resuelto / solved"
    elif cmp -s "exercises/$name/exercise.cpp" "$dir/committed_stub.cpp"; then
        printf '%-28s %s\n' "$name" "· sin empezar / not started"
    elif [ "$rc" -eq 1 ]; then
        printf '%-28s %s\n' "$name" "… todavía no / not yet: ${passed:-?} checks pass"
        diagnosis=$(sed -n 's/^Diagnosis: //p' "$log" | head -n 1)
        [ -n "$diagnosis" ] && printf '%-28s %s\n' "" "  $diagnosis"
    else
        printf '%-28s %s\n' "$name" "✗ se detiene / crashes (exit $rc): make exercise N=${name%%-*}"
    fi
done
echo
echo "$solved de $# resueltos / $solved of $# solved. Un ejercicio / One exercise: make exercise N=<NN>"
