#!/usr/bin/env bash
# Debian's Chromium for the browser tests (test/browser drives it through playwright-core), installed once
# when missing. playwright's own browser download cannot work offline; the distribution package can.
set -euo pipefail
if [[ -x /usr/bin/chromium ]]; then
  echo "using /usr/bin/chromium"
  exit 0
fi
SUDO=""
[[ "$(id -u)" -eq 0 ]] || SUDO="sudo"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
