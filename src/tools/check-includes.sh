#!/usr/bin/env bash
# check-includes.sh [DIR]: the library's headers point one way: nothing in a lower level
# includes a higher one, so no two modules include each other, even through others.
# Each module of DIR (default src/neurona), foo.hpp and foo.cpp together (layers/dense,
# data/idx, ...), is one node; every #include "neurona/<module>.hpp" in either file is an
# edge to that module. coreutils' tsort orders the graph or reports a loop; this script
# prints the modules by level (a module's level is one more than the highest level it
# includes) or fails naming the cycle, "a includes b includes ... includes a".
set -euo pipefail
dir=${1:-src/neurona}
cd "$dir"

# "includer included" pairs, and "module module" for each module, so that one which
# includes nothing of the library still appears.
edges=$(find . \( -name '*.hpp' -o -name '*.cpp' \) | sed 's|^\./||' | sort | while read -r file; do
    module=${file%.*}
    echo "$module $module"
    sed -n 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*"neurona/\(.*\)\.hpp".*|\1|p' "$file" |
        while read -r included; do
            [ "$included" = "$module" ] || echo "$module $included"
        done
done | sort -u)

errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
if ! order=$(tsort <<<"$edges" 2>"$errors"); then
    # tsort lists a loop's members so that each includes the next and the last the first,
    # under "input contains a loop:", then maybe more loops: the first one is enough.
    loop=$(awk '/input contains a loop/ { n++; next } n == 1 { sub(/^tsort: /, ""); print }' "$errors")
    first=$(head -n 1 <<<"$loop")
    echo "check-includes: the includes of $dir form a cycle:" \
         "$(tr '\n' ' ' <<<"$loop" | sed 's/ $//; s/ / includes /g') includes $first" >&2
    exit 1
fi

# tsort put each includer before what it includes; from the bottom up, each module's level
# is known once the modules it includes have theirs.
declare -A level
while read -r module; do
    l=0
    for included in $(awk -v m="$module" '$1 == m && $2 != m { print $2 }' <<<"$edges"); do
        (( level[$included] + 1 > l )) && l=$(( level[$included] + 1 ))
    done
    level[$module]=$l
done < <(tac <<<"$order")

for module in "${!level[@]}"; do echo "${level[$module]} $module"; done | sort -k1,1n -k2 |
    awk '{ if (NR == 1 || $1 != l) { if (NR > 1) printf "\n"; printf "level %d:", $1; l = $1 } printf " %s", $2 }
         END { printf "\n" }'
echo "check-includes: no include cycle among the modules of $dir"
