#!/usr/bin/env bash
# make test-chapters: runs every chapter in quick mode and checks what it prints against its
# output blocks (build/tools/outcheck), then checks that every chapter and its Spanish twin
# (chapters/es/, same file name) have the same program and output (build/tools/tangle --pair).
#
# A chapter the learner changed (its .md, or its twin, differs from the committed version) and
# that no longer matches is reported, "changed by you; ...", and does not fail the run: trying
# a chapter's suggestion never turns `make test` red. NEURONA_STRICT=1 (CI=true or STRICT=1 in
# the Makefile) fails it like any other, and so does a copy without git history, where no
# change can be seen.
# Usage: src/tools/check-chapters.sh <section>...   (run from the repository root, after make
# has built build/chapters/<section>/chapter and the tools)
set -u
strict=${NEURONA_STRICT:-}
failed=()

chapter_file() { ls chapters/"$1"-*.md; }
# True when one of the files differs from the committed version (or is not committed).
changed_by_learner() {
    [ -z "$strict" ] || return 1
    git rev-parse --git-dir >/dev/null 2>&1 || return 1
    local f
    for f in "$@"; do
        [ -e "$f" ] || continue
        git ls-files --error-unmatch -- "$f" >/dev/null 2>&1 || return 0
        git diff --quiet HEAD -- "$f" 2>/dev/null || return 0
    done
    return 1
}

for n in "$@"; do
    d=build/chapters/$n start=$(date +%s)
    md=$(chapter_file "$n") twin=chapters/es/$(basename "$(chapter_file "$n")")
    if NEURONA_QUICK=1 NEURONA_CHAPTER_OUT=out/chapters/$n "$d/chapter" >"$d/quick.out" 2>"$d/quick.err"; then
        if build/tools/outcheck "$d/expected.txt" "$d/quick.out" >"$d/check.txt"; then
            echo "chapter $n: ok ($(( $(date +%s) - start ))s)"
        elif changed_by_learner "$md"; then
            echo "chapter $n: changed by you; output differs at $(head -n 1 "$d/check.txt")"
        else
            echo "chapter $n: FAIL"; sed 's/^/    /' "$d/check.txt"; failed+=("$n")
        fi
    else
        rc=$?
        if changed_by_learner "$md"; then
            echo "chapter $n: changed by you; the program exits with status $rc ($d/quick.err)"
        else
            echo "chapter $n: FAIL (the program exits with status $rc; the end of its stderr:)"
            tail -n 5 "$d/quick.err" | sed 's/^/    /'; failed+=("$n")
        fi
    fi
    if [ ! -e "$twin" ]; then
        echo "chapter $n: no Spanish twin yet ($twin)"
    elif ! report=$(build/tools/tangle --pair "$md" "$twin" 2>&1); then
        if changed_by_learner "$md" "$twin"; then
            echo "chapter $n: changed by you; its Spanish twin differs at ${report%%$'\n'*}"
        else
            echo "chapter $n: FAIL: the Spanish twin drifted"; echo "$report" | sed 's/^/    /'
            failed+=("$n (twin)")
        fi
    fi
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "chapters that fail: ${failed[*]} (full outputs: build/chapters/<N>/quick.out)"
    exit 1
fi
