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
#
# Pictures (docs/chapters.md): a chapter shows a plot as ![...](img/<N>-<name>.png) (its twin
# as ../img/...): the committed copy, chapters/img/<N>-<name>.png, of what the program writes
# to out/chapters/<N>/<name>.png (`make chapter-images` refreshes them in full mode). Each tag
# must name a committed image that the program still draws: the quick run wrote it again, or
# (for a plot drawn only in full mode) its file name is in the program.
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
    touch "$d/run.stamp"
    if NEURONA_QUICK=1 NEURONA_CHAPTER_OUT=out/chapters/$n "$d/chapter" >"$d/quick.out" 2>"$d/quick.err"; then
        if build/tools/outcheck "$d/expected.txt" "$d/quick.out" >"$d/check.txt"; then
            echo "chapter $n: ok ($(( $(date +%s) - start ))s)"
        elif changed_by_learner "$md"; then
            echo "chapter $n: changed by you; output differs at $(head -n 1 "$d/check.txt")"
            tail -n +2 "$d/check.txt" | sed 's/^/    /'
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
    for f in "$md" "$twin"; do
        [ -e "$f" ] || continue
        while IFS= read -r img; do
            name=${img#"$n"-}
            if [[ $img != "$n"-* ]]; then
                echo "chapter $n: FAIL: $f shows img/$img; a chapter shows its own plots, img/$n-<name>.png"
            elif [ ! -e "chapters/img/$img" ]; then
                echo "chapter $n: FAIL: $f shows chapters/img/$img, which is not there (make chapter-images)"
            elif ! [ "out/chapters/$n/$name" -nt "$d/run.stamp" ] && ! grep -qF "$name" "$d/main.cpp"; then
                echo "chapter $n: FAIL: $f shows img/$img, but the program no longer writes $name"
            else
                continue
            fi
            failed+=("$n (pictures)")
        done < <(grep -o '](\(\.\./\)\{0,1\}img/[^)]*)' "$f" | sed 's|.*img/||; s|)$||')
        if grep -q '](\(\.\./\)*out/' "$f"; then
            echo "chapter $n: FAIL: $f points into out/, which the repository does not hold: use img/$n-<name>.png"
            failed+=("$n (pictures)")
        fi
    done
    if [ ! -e "$twin" ]; then
        echo "chapter $n: FAIL: no Spanish twin $twin"; failed+=("$n (twin)")
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
    echo "chapters that fail: $(printf '%s\n' "${failed[@]}" | uniq | paste -sd ' ') (full outputs: build/chapters/<N>/quick.out)"
    exit 1
fi
