#!/usr/bin/env bash
# Tests build/float/apps/run_mnist on small IDX files written here (MNIST_DIR points at them):
# bad data and bad options are refused with a message that names the file or the option, the
# value and what was expected, and exit status 1 (never a crash); the output folder is checked
# before the data is read; NEURONA_THREADS is honoured unless --threads is given.
# Usage: tests/run_mnist_test.sh [path/to/run_mnist] (exit 0 = all passed).
# ok and fail always succeed, so `A && ok || fail` is an if-then-else here.
# shellcheck disable=SC2015
set -uo pipefail

run_mnist=$(realpath "${1:-build/float/apps/run_mnist}")
[ -x "$run_mnist" ] || { echo "run_mnist_test.sh: no program $run_mnist (make build/float/apps/run_mnist)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
ok()   { echo "  ok   $1"; }
fail() { echo "  FAIL $1"; failures=$((failures + 1)); }

# IDX files: a big-endian header, then zero bytes (black pixels, label 0).
be32() { printf "$(printf '\\x%02x\\x%02x\\x%02x\\x%02x' $(($1 >> 24 & 255)) $(($1 >> 16 & 255)) $(($1 >> 8 & 255)) $(($1 & 255)))"; }
# images FILE COUNT ROWS COLS: COUNT images of ROWS x COLS pixels.
images() { { printf '\x00\x00\x08\x03'; be32 "$2"; be32 "$3"; be32 "$4"; head -c $(($2 * $3 * $4)) /dev/zero; } >"$1"; }
# labels FILE COUNT
labels() { { printf '\x00\x00\x08\x01'; be32 "$2"; head -c "$2" /dev/zero; } >"$1"; }
# mnist DIR TRAIN_COUNT ROWS COLS: the four files, with 4 test images of the same size.
mnist() {
  mkdir -p "$1"
  images "$1/train-images-idx3-ubyte" "$2" "$3" "$4"; labels "$1/train-labels-idx1-ubyte" "$2"
  images "$1/t10k-images-idx3-ubyte" 4 "$3" "$4"; labels "$1/t10k-labels-idx1-ubyte" 4
}

# Runs run_mnist with MNIST_DIR=$1 and the other arguments; leaves its exit status in $rc, its
# standard output in $out and its standard error in $err.
run() {
  local dir=$1; shift
  MNIST_DIR=$dir "$run_mnist" --out "$work/out" "$@" >"$work/stdout" 2>"$work/stderr"
  rc=$?; out=$(cat "$work/stdout"); err=$(cat "$work/stderr")
}

echo "run_mnist:"
mnist "$work/good" 8 28 28
mnist "$work/empty" 0 28 28
mnist "$work/wide" 8 14 56

NEURONA_THREADS=3 run "$work/good" --epochs 1 --batch-size 4
[ $rc -eq 0 ] && [[ $out == *"Threads: 3 (NEURONA_THREADS)"* ]] && [ -s "$work/out/default.neurona" ] &&
  [ -z "$(find "$work/out" -name '*.tmp*')" ] &&
  ok "trains on 8 tiny images with NEURONA_THREADS=3 threads, saves the model, leaves no temporary" ||
  fail "NEURONA_THREADS=3: rc=$rc, stdout: $(grep -i thread <<<"$out"), stderr: $err"

NEURONA_THREADS=3 run "$work/good" --epochs 1 --threads 2 --model quickstart
[ $rc -eq 0 ] && [[ $out == *"Threads: 2 (--threads)"* ]] &&
  ok "--threads 2 wins over NEURONA_THREADS=3" || fail "--threads 2: rc=$rc, stdout: $(grep -i thread <<<"$out"), stderr: $err"

run "$work/good" --epochs 1 --batch-size 4 --model convnet
[ $rc -eq 0 ] && [[ $out == *"conv2d (Conv2D)"*"(None, 26, 26, 32)"*"320"* ]] && [[ $out == *"Total params: 34,826"* ]] &&
  [[ $out == *"val_accuracy"* ]] && [ -s "$work/out/convnet.neurona" ] &&
  ok "--model convnet: Keras's MNIST convnet (34,826 parameters), validation split, saved and reloaded" ||
  fail "--model convnet: rc=$rc, stdout: $(head -c 2000 <<<"$out"), stderr: $err"

NEURONA_THREADS=many run "$work/good" --epochs 1
[ $rc -eq 1 ] && [[ $err == *"NEURONA_THREADS: expected a number of threads (0 = all), got 'many'"* ]] &&
  ok "NEURONA_THREADS=many is refused, naming the variable and its value" || fail "NEURONA_THREADS=many: rc=$rc, stderr: $err"

run "$work/empty" --epochs 1
[ $rc -eq 1 ] && [[ $err == *"$work/empty/train-images-idx3-ubyte: no images: the header says 0 images"* ]] &&
  ok "a training set of 0 images (valid headers) is refused, naming the file" ||
  fail "0 training images: rc=$rc (139 = SIGSEGV), stderr: $err"

run "$work/wide" --epochs 1
[ $rc -eq 1 ] && [[ $err == *"$work/wide/train-images-idx3-ubyte: images of 14x56 pixels, expected MNIST's 28x28"* ]] &&
  ok "images of 14x56 (784 pixels too) are refused: MNIST's are 28x28" || fail "14x56 images: rc=$rc, stderr: $err"

run "$work/good" --epochs 99999999999999999999
[ $rc -eq 1 ] && [[ $err == *"--epochs: expected a whole number from 1 to 1000000, got '99999999999999999999'"* ]] &&
  ok "--epochs 99999999999999999999 names the option, the range and the value" || fail "--epochs huge: rc=$rc, stderr: $err"

run "$work/good" --batch-size 0
[ $rc -eq 1 ] && [[ $err == *"--batch-size: expected a whole number from 1 to 1000000, got '0'"* ]] &&
  ok "--batch-size 0 is refused" || fail "--batch-size 0: rc=$rc, stderr: $err"

run "$work/good" --epochs -1
[ $rc -eq 1 ] && [[ $err == *"--epochs: expected a whole number from 1 to 1000000, got '-1'"* ]] &&
  ok "--epochs -1 is refused" || fail "--epochs -1: rc=$rc, stderr: $err"

# The output folder is checked first: here MNIST is missing too, and the folder is what is reported.
touch "$work/a-file"
run "$work/nowhere" --out "$work/a-file/mnist"
[ $rc -eq 1 ] && [[ $err == *"cannot create the output folder $work/a-file/mnist"* ]] && [[ $err != *MNIST* ]] &&
  ok "an output folder that cannot be created is reported before the data is read" ||
  fail "unwritable output folder: rc=$rc, stderr: $err"

if [ $failures -ne 0 ]; then
  echo "run_mnist: $failures test(s) FAILED"
  exit 1
fi
echo "run_mnist: all tests passed"
