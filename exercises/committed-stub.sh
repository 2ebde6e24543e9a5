#!/usr/bin/env bash
# Writes the committed version of an exercise's stub file to OUT: `git show HEAD:<file>` in a
# git checkout, the file itself otherwise (a copy without history has no other version). OUT is
# rewritten only when its content changes, so make recompiles it only then.
# Usage: exercises/committed-stub.sh exercises/NN-name/exercise.cpp OUT
set -u
file=$1 out=$2
mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
if ! git show "HEAD:./$file" >"$tmp" 2>/dev/null; then
    cp "$file" "$tmp" || { rm -f "$tmp"; exit 1; }
fi
if cmp -s "$tmp" "$out"; then rm -f "$tmp"; else mv "$tmp" "$out"; fi
