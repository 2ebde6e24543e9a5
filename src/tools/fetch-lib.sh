# shellcheck shell=bash
# Shared by the data fetchers (src/tools/fetch-*.sh), which source it: their messages, the
# checksum check, and the cleanup of the temporary folder that makes a fetch atomic. Each
# fetcher keeps its own file list, checksums, download step and manual steps; this file holds
# only what they would otherwise each repeat, so that they fail and report the same way.

# Every message goes to stderr with the project's prefix, so that stdout stays free.
say() { echo "neurona: $*" >&2; }

# apt_lock: waits until no other neurona script is using apt, and holds the lock on file
# descriptor 9 until the caller exits (or closes 9). `make -j` runs the set-up and the data
# fetches side by side, and two apt-get runs at once fail on dpkg's or the lists' lock.
apt_lock() {
  local lock=${TMPDIR:-/tmp}/neurona-apt.lock
  [ -e "$lock" ] || { : >"$lock" && chmod 666 "$lock"; } 2>/dev/null || true
  exec 9<"$lock" && flock 9
}

# fetch_checksums VAR DEFAULT_FN: prints the checksum list ("HASH  NAME" lines, sha256sum's
# format): the file named by the environment variable VAR when it is set (the tests use it to
# run a fetcher on small fixture files), else what the function DEFAULT_FN prints (the one
# built-in list). Returns 1, having said so, when VAR names a file that cannot be read.
fetch_checksums() {
  local file=${!1:-}
  if [ -z "$file" ]; then
    "$2"
  elif ! cat -- "$file"; then
    say "cannot read $1=$file"
    return 1
  fi
}

# fetch_verify DIR LIST SOURCE NAME...: checks each file NAME in DIR against its SHA-256 in
# LIST (fetch_checksums's output; SOURCE says where LIST came from, for the message when a
# NAME is not in it). Checks every file before returning, so that one run names all the bad
# ones: one message each, missing or with the expected and the actual hash. Returns 1 when
# any file is bad.
fetch_verify() {
  local dir=$1 list=$2 source=$3 bad=0 name expected actual
  shift 3
  for name in "$@"; do
    expected=$(awk -v name="$name" '$2 == name { print $1; exit }' <<<"$list")
    if [ -z "$expected" ]; then
      say "no expected SHA-256 for $name (checksum list: $source)"
      bad=1
    elif [ ! -f "$dir/$name" ]; then
      # A common mistake with IDX files: they are distributed gzipped, and read uncompressed.
      if [ -f "$dir/$name.gz" ]; then
        say "$dir/$name: missing (found $name.gz: the files must be uncompressed; run gunzip on it)"
      else
        say "$dir/$name: missing"
      fi
      bad=1
    else
      actual=$(sha256sum "$dir/$name" | cut -d' ' -f1)
      if [ "$actual" != "$expected" ]; then
        say "$dir/$name: SHA-256 mismatch"
        say "  expected $expected"
        say "  actual   $actual"
        bad=1
      fi
    fi
  done
  return $bad
}

# fetch_cleanup_on_exit: from now on, the folder named by FETCH_TMP (when set) is removed
# whenever the script ends: success, failure, or interruption, which is turned into an exit so
# that the EXIT trap runs. A fetcher downloads into FETCH_TMP, created next to its destination,
# and moves only verified files out of it, so nothing half-written is ever left behind.
FETCH_TMP=
fetch_cleanup_on_exit() {
  trap 'if [ -n "$FETCH_TMP" ]; then rm -rf "$FETCH_TMP"; fi' EXIT
  trap 'exit 1' INT TERM HUP
}
