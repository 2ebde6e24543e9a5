#!/usr/bin/env bash
# Installs the Debian packages neurona builds with, when any is missing.
# Usage: install-deps.sh PACKAGE...
# Uses apt-get directly as root, through sudo otherwise; when neither can work,
# prints the one command that fixes it and exits 1.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "neurona: installing missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "neurona: cannot install packages (not root, and no password-less sudo)." >&2
  echo "Run this once, then try again:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
# shellcheck source=src/tools/fetch-lib.sh
. "$(dirname "$0")/fetch-lib.sh"
apt_lock
export DEBIAN_FRONTEND=noninteractive
if ! "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"; then
  # A fresh machine may have no package lists yet.
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" || {
    echo "neurona: apt-get could not install: ${missing[*]}" >&2
    exit 1
  }
fi
