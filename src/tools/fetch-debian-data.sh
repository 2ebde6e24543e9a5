#!/usr/bin/env bash
# Fetches chapter 3's real data from Debian packages, and checks each file against its SHA-256:
#   sklearn        the CSVs that python3-sklearn ships (sklearn/datasets/data/):
#                  boston_house_prices.csv, breast_cancer.csv, iris.csv, wine_data.csv
#   fashion-mnist  dataset-fashion-mnist's four IDX files, uncompressed, under MNIST's names
# `apt-get download` fetches a .deb into the current folder without installing it or its
# dependencies, so no root is needed; `dpkg-deb --fsys-tarfile` then extracts just the files.
#
# Usage:
#   fetch-debian-data.sh ROOT [DATASET...]           make ROOT/DATASET hold its verified files
#   fetch-debian-data.sh --verify ROOT [DATASET...]  only check them; exit 1 on any mismatch
# DATASET is sklearn or fashion-mnist; without one, both.
#
# Environment:
#   DEBIAN_DATA_SHA256_FILE  a file of "HASH  DATASET/NAME" lines (sha256sum's format, as
#                            `cd ROOT && sha256sum sklearn/*.csv` prints them) that replaces the
#                            list below; the tests use it to run the script on fixture files.
#
# Atomic, like fetch-mnist.sh: each package is downloaded and extracted into a temporary folder
# next to ROOT/DATASET, verified there, and only then renamed into place (a rename never leaves
# half a file). On any failure the temporary folder is removed, ROOT/DATASET is left as it was,
# the script says which step or which file failed and how to get the files by hand, and exits 1.
# Files already in place that verify are not downloaded again.
set -euo pipefail
# Messages, the checksum check and the temporary folder's cleanup, shared with the other fetchers.
# shellcheck source=src/tools/fetch-lib.sh
. "$(dirname "$0")/fetch-lib.sh"

DATASETS=(sklearn fashion-mnist)

# The one list of expected checksums, keyed by the path under ROOT (Fashion-MNIST's files have
# MNIST's names, so the bare names would clash). From python3-sklearn 1.2.1+dfsg-1 and
# dataset-fashion-mnist 0.0~git20200523.55506a9-1 (Debian 12); Fashion-MNIST's are those of
# the uncompressed files.
default_checksums() {
  cat <<'EOF'
d98212636026544fc9b9c0f372e5f819872e6fa6fa757ab025efdda22180f2d6  sklearn/boston_house_prices.csv
fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed  sklearn/breast_cancer.csv
f13ffa8fdd56fd8e6c8d16d4081a3fbd3114bcd0aae4256c43205169cd9d1449  sklearn/iris.csv
10e8a802908b34f86e5da8ce962f3c806694bc98450a18f61851af59f324bede  sklearn/wine_data.csv
c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888  fashion-mnist/train-images-idx3-ubyte
bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9  fashion-mnist/train-labels-idx1-ubyte
5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b  fashion-mnist/t10k-images-idx3-ubyte
0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34  fashion-mnist/t10k-labels-idx1-ubyte
EOF
}

usage() {
  echo "usage: $0 [--verify] ROOT [sklearn|fashion-mnist]...   (environment: DEBIAN_DATA_SHA256_FILE)" >&2
  exit 2
}

# select_dataset NAME: sets what differs between the datasets. ds_member_dir is where the
# files are in the package (with dpkg-deb's leading "./": tar matches member names exactly);
# ds_gzipped says they are stored as NAME.gz there.
select_dataset() {
  ds=$1
  case $ds in
    sklearn)
      ds_title="the scikit-learn CSVs"
      ds_package=python3-sklearn
      ds_size="2 MB"
      ds_member_dir=./usr/lib/python3/dist-packages/sklearn/datasets/data
      ds_files=(boston_house_prices.csv breast_cancer.csv iris.csv wine_data.csv)
      ds_gzipped=0
      ;;
    fashion-mnist)
      ds_title="Fashion-MNIST"
      ds_package=dataset-fashion-mnist
      ds_size="31 MB"
      ds_member_dir=./usr/share/datasets/fashion-mnist
      ds_files=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)
      ds_gzipped=1
      ;;
    *)
      say "unknown dataset '$ds'; the datasets are: ${DATASETS[*]}"
      exit 2
      ;;
  esac
}

# Checks the current dataset's files in $1; prints one line per bad file. Returns 1 when any is
# bad. Its checksums are the list's lines for "DATASET/NAME", with the "DATASET/" taken off.
verify_dir() {
  local list
  list=$(awk -v prefix="$ds/" 'index($2, prefix) == 1 { print $1 "  " substr($2, length(prefix) + 1) }' \
           <<<"$CHECKSUMS")
  fetch_verify "$1" "$list" "${DEBIAN_DATA_SHA256_FILE:-built in}" "${ds_files[@]}"
}

# The steps that get the current dataset without this script; $1 is where its files go.
manual_steps() {
  local dest names
  # Absolute: the steps start with a cd into a temporary folder.
  dest=$(realpath -m -- "$1")
  names=$(printf '%s ' "${ds_files[@]}")
  {
    echo "To get $ds_title by hand on Debian or Ubuntu, run (no root needed; if apt-get cannot"
    echo "locate the package, run 'sudo apt-get update' first):"
    echo "  cd \"\$(mktemp -d)\" && apt-get download $ds_package"
    echo "  dpkg-deb --fsys-tarfile ${ds_package}_*.deb | tar -x $ds_member_dir"
    if [ "$ds_gzipped" = 1 ]; then
      echo "  gunzip ${ds_member_dir#./}/*.gz"
    fi
    echo "  mkdir -p \"$dest\" && (cd ${ds_member_dir#./} && cp $names\"$dest/\")"
    echo "Elsewhere, download the .deb from https://packages.debian.org/bookworm/all/$ds_package/download"
    echo "and unpack it with 'ar x ${ds_package}_*.deb && tar -xf data.tar.xz' instead of the second line."
    echo "Then check the files: $0 --verify $(dirname "$dest") $ds"
  } >&2
}

fail() {
  say "could not fetch $ds_title: $*"
  manual_steps "$dest"
  exit 1
}

# Shows the end of apt-get's output (kept in a log while it runs, so that a success is quiet).
show_apt_log() {
  tail -n 8 "$1" | sed 's/^/    apt-get: /' >&2
}

# apt_download PACKAGE DIR: `apt-get download PACKAGE` in DIR. A fresh machine (a container
# image, say) may have no package lists yet: then, as root or with password-less sudo (as
# install-deps.sh does), the lists are updated once and the download tried again.
apt_download() {
  local package=$1 dir=$2 log=$2/apt.log sudo=()
  apt_lock
  # One retry, not apt's default three with growing pauses: offline, fail within seconds.
  (cd "$dir" && apt-get -o Acquire::Retries=1 download "$package") >"$log" 2>&1 && return 0
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      show_apt_log "$log"
      return 1
    fi
  fi
  say "'apt-get download $package' failed; updating the package lists (apt-get update), then trying again"
  if ! "${sudo[@]}" apt-get -o Acquire::Retries=1 update >>"$log" 2>&1; then
    show_apt_log "$log"
    return 1
  fi
  (cd "$dir" && apt-get -o Acquire::Retries=1 download "$package") >>"$log" 2>&1 && return 0
  show_apt_log "$log"
  return 1
}

# fetch_dataset NAME: makes ROOT/NAME hold the dataset's verified files.
fetch_dataset() {
  select_dataset "$1"
  dest=$root/$ds
  local name deb parent members=()

  # Already there and intact (e.g. after the stamp was removed): nothing to download.
  if [ -d "$dest" ]; then
    verify_dir "$dest" 2>/dev/null && return 0
    for name in "${ds_files[@]}"; do
      if [ -e "$dest/$name" ]; then
        say "$dest holds $ds_title files that do not verify; downloading fresh copies to replace them"
        break
      fi
    done
  fi

  for name in apt-get dpkg-deb; do
    command -v "$name" >/dev/null 2>&1 || fail "$name is missing (this fetch needs a Debian or Ubuntu system)"
  done

  parent=$(dirname "$dest")
  mkdir -p "$parent" || fail "cannot create $parent"
  # Next to DEST, so that moving the files into place is a rename on the same filesystem.
  FETCH_TMP=$(mktemp -d "$parent/.$ds-fetch.XXXXXX") || fail "cannot create a temporary folder in $parent"

  say "downloading $ds_title ($ds_package, $ds_size) with apt-get download"
  apt_download "$ds_package" "$FETCH_TMP" ||
    fail "'apt-get download $ds_package' failed (offline, or no package lists: see apt-get's output above)"
  deb=$(find "$FETCH_TMP" -maxdepth 1 -name "${ds_package}_*.deb" -print -quit)
  [ -n "$deb" ] || fail "'apt-get download $ds_package' produced no .deb"

  for name in "${ds_files[@]}"; do
    if [ "$ds_gzipped" = 1 ]; then members+=("$ds_member_dir/$name.gz"); else members+=("$ds_member_dir/$name"); fi
  done
  dpkg-deb --fsys-tarfile "$deb" |
    tar -x --no-same-owner --no-same-permissions -C "$FETCH_TMP" "${members[@]}" ||
    fail "$(basename "$deb") does not hold ${members[*]}"
  if [ "$ds_gzipped" = 1 ]; then
    for name in "${ds_files[@]}"; do
      gunzip "$FETCH_TMP/${ds_member_dir#./}/$name.gz" || fail "cannot decompress $name.gz from $(basename "$deb")"
    done
  fi
  verify_dir "$FETCH_TMP/${ds_member_dir#./}" || fail "the downloaded files do not match their SHA-256 (see above)"

  mkdir -p "$dest" || fail "cannot create $dest"
  for name in "${ds_files[@]}"; do
    mv -f "$FETCH_TMP/${ds_member_dir#./}/$name" "$dest/$name" || fail "cannot move $name into $dest"
  done
  rm -rf "$FETCH_TMP"
  FETCH_TMP=
  say "$ds_title verified in $dest"
}

verify_only=0
if [ "${1:-}" = --verify ]; then
  verify_only=1
  shift
fi
if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
  usage
fi
root=$1
shift
selected=("$@")
[ ${#selected[@]} -gt 0 ] || selected=("${DATASETS[@]}")
for name in "${selected[@]}"; do select_dataset "$name"; done  # an unknown name fails before any work

# Read once: an unreadable DEBIAN_DATA_SHA256_FILE stops everything before any download.
CHECKSUMS=$(fetch_checksums DEBIAN_DATA_SHA256_FILE default_checksums) || exit 1

if [ $verify_only = 1 ]; then
  status=0
  for name in "${selected[@]}"; do
    select_dataset "$name"
    verify_dir "$root/$ds" || { say "$ds_title in $root/$ds do not verify"; status=1; }
  done
  exit $status
fi

fetch_cleanup_on_exit
for name in "${selected[@]}"; do
  fetch_dataset "$name"
done
