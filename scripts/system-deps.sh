#!/usr/bin/env bash
# Installs the Debian packages the tests need (chromium for the browser tests), once.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && dpkg -s fonts-khmeros >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "chromium is missing and this user cannot install it: run 'apt-get install chromium' as root" >&2
  echo "(the browser tests will be skipped)" >&2
  exit 0
fi
echo "installing Debian's chromium for the browser tests..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-core fonts-khmeros >/dev/null
