#!/usr/bin/env bash
# Tests src/tools/fetch-debian-data.sh offline: a fake `apt-get` (first on PATH) "downloads"
# small fixture .deb files built here with dpkg-deb, and DEBIAN_DATA_SHA256_FILE gives their
# checksums, so that the success path, every failure path (apt-get fails, checksum mismatch,
# no package lists) and the cleanup after a failure are all exercised without the network.
# Fake `id` and `sudo` make the script see a user without root or sudo, or root, as a case
# needs, so that it never runs the real apt-get update. Needs dpkg-deb (Debian's dpkg).
# Usage: tests/fetch_debian_data_test.sh (exit 0 = all passed).
# ok and fail always succeed, so `A && ok || fail` is an if-then-else here.
# shellcheck disable=SC2015
set -uo pipefail

script=$(cd "$(dirname "$0")/.." && pwd)/src/tools/fetch-debian-data.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
CSVS=(boston_house_prices.csv breast_cancer.csv iris.csv wine_data.csv)
IDX=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
SK_DIR=usr/lib/python3/dist-packages/sklearn/datasets/data
FA_DIR=usr/share/datasets/fashion-mnist
failures=0
ok()   { echo "  ok   $1"; }
fail() { echo "  FAIL $1"; failures=$((failures + 1)); }

# Fixtures: small files with known contents, their checksum list (keyed DATASET/NAME, as the
# script's own list), and the same files as the packages ship them: the CSVs plain (with a
# neighbour the script must not take), the IDX files gzipped.
mkdir -p "$work/expected/sklearn" "$work/expected/fashion-mnist"
for name in "${CSVS[@]}"; do echo "fixture,$name" >"$work/expected/sklearn/$name"; done
for name in "${IDX[@]}"; do echo "fixture $name" >"$work/expected/fashion-mnist/$name"; done
(cd "$work/expected" && sha256sum sklearn/* fashion-mnist/*) >"$work/sha256"
export DEBIAN_DATA_SHA256_FILE=$work/sha256

# build_deb PACKAGE TREE OUT_DIR: a real .deb of TREE, as apt-get download names it.
build_deb() {
  mkdir -p "$2/DEBIAN" "$3"
  printf 'Package: %s\nVersion: 1.0\nArchitecture: all\nMaintainer: neurona tests <tests@invalid>\nDescription: fixture\n' \
    "$1" >"$2/DEBIAN/control"
  dpkg-deb --root-owner-group -Zgzip --build "$2" "$3/${1}_1.0_all.deb" >/dev/null
}
mkdir -p "$work/sk/$SK_DIR" "$work/fa/$FA_DIR"
cp "$work/expected/sklearn/"* "$work/sk/$SK_DIR/"
echo "not wanted" >"$work/sk/$SK_DIR/digits.csv"
for name in "${IDX[@]}"; do gzip -c "$work/expected/fashion-mnist/$name" >"$work/fa/$FA_DIR/$name.gz"; done
build_deb python3-sklearn "$work/sk" "$work/debs"
build_deb dataset-fashion-mnist "$work/fa" "$work/debs"
# The same packages with one file changed.
cp -r "$work/sk" "$work/sk-bad" && echo "one flipped byte" >>"$work/sk-bad/$SK_DIR/iris.csv"
build_deb python3-sklearn "$work/sk-bad" "$work/debs-bad"
cp -r "$work/fa" "$work/fa-bad" && echo "corrupt" | gzip -c >"$work/fa-bad/$FA_DIR/t10k-labels-idx1-ubyte.gz"
build_deb dataset-fashion-mnist "$work/fa-bad" "$work/debs-bad"

# A fake apt-get: `download PACKAGE` copies $FAKE_APT_DEBS/PACKAGE_*.deb into the current
# folder; FAKE_APT_FAIL=1 makes it fail as it does offline; FAKE_APT_NO_LISTS=1 makes it fail
# as on a machine without package lists until `update` has run. Every call goes to the log.
# A fake id (FAKE_UID, the user's id) and a fake sudo that always refuses (no password-less sudo).
mkdir -p "$work/bin"
cat >"$work/bin/apt-get" <<'EOF'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_APT_LOG"
args=()
while [ $# -gt 0 ]; do
  case $1 in -o) shift 2 ;; -*) shift ;; *) args+=("$1"); shift ;; esac
done
case ${args[0]} in
  update)
    [ -z "${FAKE_APT_FAIL:-}" ] || { echo "E: Failed to fetch http://deb.debian.org/debian/dists/bookworm/InRelease" >&2; exit 100; }
    touch "$FAKE_APT_UPDATED" ;;
  download)
    [ -z "${FAKE_APT_FAIL:-}" ] || { echo "E: Failed to fetch http://deb.debian.org/${args[1]}.deb  Temporary failure resolving 'deb.debian.org'" >&2; exit 100; }
    if [ -n "${FAKE_APT_NO_LISTS:-}" ] && [ ! -e "$FAKE_APT_UPDATED" ]; then
      echo "E: Unable to locate package ${args[1]}" >&2; exit 100
    fi
    cp "$FAKE_APT_DEBS/${args[1]}"_*.deb . ;;
  *) echo "fake apt-get: unexpected call: $*" >&2; exit 1 ;;
esac
EOF
cat >"$work/bin/id" <<'EOF'
#!/bin/sh
echo "${FAKE_UID:-1000}"
EOF
printf '#!/bin/sh\nexit 1\n' >"$work/bin/sudo"
chmod +x "$work/bin/"*
export PATH="$work/bin:$PATH" FAKE_APT_LOG=$work/apt-calls FAKE_APT_DEBS=$work/debs \
       FAKE_APT_UPDATED=$work/apt-updated
unset FAKE_APT_FAIL FAKE_APT_NO_LISTS FAKE_UID

# Runs the script with the given arguments; leaves its exit status in $rc, its stderr in $err.
run() { err=$("$script" "$@" 2>&1 >/dev/null); rc=$?; }
# True when $1 holds nothing but the files named after it (no temporary folder, no partial file).
only_holds() {
  local dir=$1; shift
  [ "$(cd "$dir" && find . -mindepth 1 | sort)" = "$(printf './%s\n' "$@" | sort)" ]
}
ALL=(sklearn "${CSVS[@]/#/sklearn/}" fashion-mnist "${IDX[@]/#/fashion-mnist/}")

echo "fetch-debian-data.sh:"

run "$work/d1/data"
if [ $rc -eq 0 ] && only_holds "$work/d1" data "${ALL[@]/#/data/}" &&
   diff -r "$work/d1/data" "$work/expected" >/dev/null; then
  ok "a fetch puts both datasets' verified files in place (the IDX files uncompressed)"
else
  fail "fetch: rc=$rc, left: $(cd "$work/d1" && find . -mindepth 1), message: $err"
fi

run --verify "$work/d1/data"
[ $rc -eq 0 ] && ok "--verify accepts intact files" || fail "--verify rejected intact files: $err"

( unset DEBIAN_DATA_SHA256_FILE; run --verify "$work/d1/data" sklearn
  [ $rc -ne 0 ] && [[ $err == *"sklearn/iris.csv: SHA-256 mismatch"* ]] &&
    [[ $err == *"expected f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449"* ]] ) &&
  ok "the built-in checksum list rejects files that are not the real ones" ||
  fail "the built-in checksum list accepted fixture files"

: >"$FAKE_APT_LOG"
run "$work/d1/data"
[ $rc -eq 0 ] && [ ! -s "$FAKE_APT_LOG" ] && ok "files already in place are verified, not downloaded again" ||
  fail "second fetch: rc=$rc, apt-get calls: $(cat "$FAKE_APT_LOG"), message: $err"

run "$work/d2/data" fashion-mnist
[ $rc -eq 0 ] && only_holds "$work/d2" data data/fashion-mnist "${IDX[@]/#/data/fashion-mnist/}" &&
  [ "$(cat "$FAKE_APT_LOG")" = "-o Acquire::Retries=1 download dataset-fashion-mnist" ] &&
  ok "one dataset can be fetched alone" || fail "fashion-mnist alone: rc=$rc, message: $err"

run "$work/d2/data" mnist
[ $rc -eq 2 ] && [[ $err == *"unknown dataset 'mnist'; the datasets are: sklearn fashion-mnist"* ]] &&
  ok "an unknown dataset is refused, naming the known ones" || fail "unknown dataset: rc=$rc, message: $err"

# A download whose contents do not match: nothing lands in DEST, no temporary folder is left.
expected=$(awk '$2 == "sklearn/iris.csv" { print $1 }' "$work/sha256")
actual=$(sha256sum "$work/sk-bad/$SK_DIR/iris.csv" | cut -d' ' -f1)
FAKE_APT_DEBS=$work/debs-bad run "$work/d3/data" sklearn
if [ $rc -eq 1 ] && [[ $err == *"iris.csv: SHA-256 mismatch"* ]] && [[ $err == *"expected $expected"* ]] &&
   [[ $err == *"actual   $actual"* ]] && [[ $err == *"could not fetch the scikit-learn CSVs"* ]] &&
   [[ $err == *"apt-get download python3-sklearn"* ]] && only_holds "$work/d3" data; then
  ok "a corrupt download fails, names the file and both hashes, gives the manual steps, leaves nothing behind"
else
  fail "corrupt download: rc=$rc, left: $(cd "$work/d3" && find . -mindepth 1), message: $err"
fi

# The same over existing files, one of them damaged: the good ones stay as they were.
echo "damaged" >"$work/d2/data/fashion-mnist/train-labels-idx1-ubyte"
good_images=$(sha256sum <"$work/d2/data/fashion-mnist/train-images-idx3-ubyte")
FAKE_APT_DEBS=$work/debs-bad run "$work/d2/data" fashion-mnist
if [ $rc -eq 1 ] && [[ $err == *"t10k-labels-idx1-ubyte: SHA-256 mismatch"* ]] &&
   [[ $err == *"holds Fashion-MNIST files that do not verify"* ]] &&
   [ "$(sha256sum <"$work/d2/data/fashion-mnist/train-images-idx3-ubyte")" = "$good_images" ] &&
   [ "$(cat "$work/d2/data/fashion-mnist/train-labels-idx1-ubyte")" = damaged ] &&
   only_holds "$work/d2" data data/fashion-mnist "${IDX[@]/#/data/fashion-mnist/}"; then
  ok "a failed re-download leaves the files in DEST untouched"
else
  fail "failed re-download over DEST: rc=$rc, message: $err"
fi

# ... and a good one repairs them.
run "$work/d2/data" fashion-mnist
[ $rc -eq 0 ] && diff -r "$work/d2/data/fashion-mnist" "$work/expected/fashion-mnist" >/dev/null &&
  ok "a damaged file is replaced by a verified download" || fail "repair: rc=$rc, message: $err"

: >"$FAKE_APT_LOG"
FAKE_APT_FAIL=1 run "$work/d4/data" sklearn
if [ $rc -eq 1 ] && [[ $err == *"'apt-get download python3-sklearn' failed"* ]] &&
   [[ $err == *"apt-get: E: Failed to fetch"* ]] && [[ $err == *"dpkg-deb --fsys-tarfile python3-sklearn_*.deb"* ]] &&
   [[ $err == *"packages.debian.org"* ]] && ! grep -q update "$FAKE_APT_LOG" && only_holds "$work/d4" data; then
  ok "apt-get failing (offline) is reported with apt-get's error and the manual steps, nothing left behind"
else
  fail "apt-get failing: rc=$rc, left: $(cd "$work/d4" && find . -mindepth 1), message: $err"
fi

# No package lists: as root the script updates them and tries again; as a user without sudo it
# cannot, and says so.
FAKE_APT_NO_LISTS=1 run "$work/d5/data" sklearn
[ $rc -eq 1 ] && [[ $err == *"Unable to locate package python3-sklearn"* ]] && [[ $err == *"sudo apt-get update"* ]] &&
  [ ! -e "$FAKE_APT_UPDATED" ] && only_holds "$work/d5" data &&
  ok "no package lists, no root: the manual steps say to run apt-get update" ||
  fail "no lists, no root: rc=$rc, message: $err"

FAKE_UID=0 FAKE_APT_NO_LISTS=1 run "$work/d5/data" sklearn
[ $rc -eq 0 ] && [ -e "$FAKE_APT_UPDATED" ] && only_holds "$work/d5" data data/sklearn "${CSVS[@]/#/data/sklearn/}" &&
  ok "no package lists, as root: apt-get update, then the fetch succeeds" ||
  fail "no lists, root: rc=$rc, message: $err"

FAKE_UID=0 FAKE_APT_FAIL=1 run "$work/d6/data" fashion-mnist
[ $rc -eq 1 ] && [[ $err == *"updating the package lists"* ]] && [[ $err == *"could not fetch Fashion-MNIST"* ]] &&
  only_holds "$work/d6" data && ok "offline as root: apt-get update fails too, nothing left behind" ||
  fail "offline as root: rc=$rc, message: $err"

mkdir -p "$work/gz/fashion-mnist"
touch "$work/gz/fashion-mnist/train-images-idx3-ubyte.gz"
run --verify "$work/gz" fashion-mnist
[ $rc -eq 1 ] && [[ $err == *"train-images-idx3-ubyte: missing (found train-images-idx3-ubyte.gz"*gunzip* ]] &&
  ok "--verify reports a compressed file with the fix (gunzip)" || fail "compressed file: rc=$rc, message: $err"

DEBIAN_DATA_SHA256_FILE=$work/nowhere run "$work/d7/data"
[ $rc -eq 1 ] && [[ $err == *"cannot read DEBIAN_DATA_SHA256_FILE=$work/nowhere"* ]] && [ ! -e "$work/d7" ] &&
  ok "an unreadable checksum list stops before any download" || fail "unreadable list: rc=$rc, message: $err"

if [ $failures -ne 0 ]; then
  echo "fetch-debian-data.sh: $failures test(s) FAILED"
  exit 1
fi
echo "fetch-debian-data.sh: all tests passed"
