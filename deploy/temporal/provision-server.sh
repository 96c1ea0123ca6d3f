#!/usr/bin/env bash
# Provisions the Temporal server of OneTeam's production shape into a cache outside the repository:
# the server and its SQL schema tool built from the go.temporal.io/server module at the version pinned
# in deploy/temporal/versions.env, with the PostgreSQL schemas of that same version beside them:
#   <dir>/bin/temporal-server   <dir>/bin/temporal-sql-tool   <dir>/schema/postgresql/v12/...
# The same script builds compose's Temporal image (deploy/temporal/Dockerfile), so both run one build.
#
# Needs Go. Idempotent: a cached build returns at once; the first build takes several minutes.
# Prints the directory as the last line of stdout; progress and timings go to stderr.
#   TEMPORAL_SERVER_CACHE   default ${XDG_CACHE_HOME:-~/.cache}/oneteam/temporal-server
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "$HERE/versions.env"
VERSION="$TEMPORAL_SERVER_VERSION"
MODULE=go.temporal.io/server
CACHE="${TEMPORAL_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/oneteam/temporal-server}"
# Bumped when the layout below changes, so an older cache is rebuilt rather than trusted.
LAYOUT=1
DIR="$CACHE/$VERSION"
start_s=$SECONDS

if [[ -x "$DIR/bin/temporal-server" && "$(cat "$DIR/.complete" 2>/dev/null)" == "$LAYOUT" ]]; then
  echo "temporal-server $VERSION: cached in $DIR" >&2
  echo "$DIR"
  exit 0
fi

command -v go >/dev/null 2>&1 || { echo "temporal-server: Go is not installed (needed once to build $MODULE@$VERSION)" >&2; exit 1; }

echo "temporal-server $VERSION: building with go install (one-time, several minutes)" >&2
mkdir -p "$CACHE"
# Built beside the final folder and renamed into place: a concurrent or interrupted run never leaves half a server.
BUILD="$(mktemp -d "$CACHE/.build-$VERSION-XXXXXX")"
trap 'rm -rf "$BUILD"' EXIT

GOBIN="$BUILD/bin" go install "$MODULE/cmd/server@$VERSION" "$MODULE/cmd/tools/sql@$VERSION" >&2
mv "$BUILD/bin/server" "$BUILD/bin/temporal-server"
mv "$BUILD/bin/sql" "$BUILD/bin/temporal-sql-tool"

# The schema files ship in the module source that go install just fetched (read-only in the module cache).
SOURCE="$(go env GOMODCACHE)/$MODULE@$VERSION"
[[ -d "$SOURCE/schema/postgresql/v12" ]] || { echo "temporal-server: no schema/postgresql/v12 in $SOURCE" >&2; exit 1; }
mkdir -p "$BUILD/schema/postgresql"
cp -R "$SOURCE/schema/postgresql/v12" "$BUILD/schema/postgresql/v12"
chmod -R u+w "$BUILD/schema"
echo "$LAYOUT" >"$BUILD/.complete"

rm -rf "$DIR"
if ! mv -T "$BUILD" "$DIR" 2>/dev/null; then
  # Another run finished first: keep its copy.
  [[ "$(cat "$DIR/.complete" 2>/dev/null)" == "$LAYOUT" ]] || { echo "temporal-server: could not install into $DIR" >&2; exit 1; }
fi
trap - EXIT
rm -rf "$BUILD"
echo "temporal-server $VERSION: built into $DIR in $((SECONDS - start_s))s" >&2
echo "$DIR"
