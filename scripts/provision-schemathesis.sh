#!/usr/bin/env bash
# Provisions Schemathesis (the OpenAPI fuzzer `npm run fuzz` runs) from PyPI into a virtualenv in a cache
# outside the repository. Idempotent: a cached install returns at once.
# Prints the `st` executable's path as the last line of stdout; progress goes to stderr.
#   SCHEMATHESIS_VERSION  default 4.32.5
#   SCHEMATHESIS_CACHE    default ${XDG_CACHE_HOME:-~/.cache}/oneteam/schemathesis
set -euo pipefail

VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
CACHE="${SCHEMATHESIS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oneteam/schemathesis}"
DIR="$CACHE/$VERSION"
ST="$DIR/bin/st"

if [[ -x "$ST" && -f "$DIR/.complete" ]]; then
  echo "schemathesis $VERSION: cached in $DIR" >&2
  echo "$ST"
  exit 0
fi

command -v python3 >/dev/null 2>&1 || { echo "schemathesis: python3 is not installed (3.9+ with venv)" >&2; exit 1; }
echo "schemathesis $VERSION: installing from PyPI into $DIR" >&2
mkdir -p "$CACHE"
# Built in its final place (a virtualenv records its own path), under a lock so concurrent runs wait.
exec 9>"$CACHE/.lock"
flock 9
if [[ ! -f "$DIR/.complete" ]]; then
  rm -rf "$DIR"
  python3 -m venv "$DIR" >&2
  "$DIR/bin/python" -m pip install --quiet --disable-pip-version-check "schemathesis==$VERSION" >&2
  "$ST" --version >&2
  touch "$DIR/.complete"
fi
echo "$ST"
