#!/bin/sh
# One-shot job: makes the Temporal namespace ready for OneTeam (compose's temporal-bootstrap job, and the
# production shape on this machine, reliability/shape.ts).
#   1. waits until the cluster answers `operator cluster health`;
#   2. creates the namespace TEMPORAL_NAMESPACE if it does not exist (retention
#      TEMPORAL_NAMESPACE_RETENTION, e.g. 720h);
#   3. registers the typed search attributes listed in SEARCH_ATTRIBUTES_FILE ("NAME TYPE" lines)
#      that the namespace lacks; "already exists" (e.g. a concurrent run) counts as done;
#   4. checks that the namespace lists every attribute with its type.
# Idempotent: on an already prepared namespace it only checks and exits 0.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS is required}"
NAMESPACE="${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is required}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:-720h}"
ATTRIBUTES_FILE="${SEARCH_ATTRIBUTES_FILE:-/deploy/temporal/search-attributes.txt}"
# After registering new attributes, give the server's search-attribute and namespace caches time to
# refresh before the worker starts upserting them (only on the run that registers something).
SETTLE_SECONDS="${SEARCH_ATTRIBUTE_SETTLE_SECONDS:-60}"

log() { echo "[temporal-bootstrap] $*"; }
fail() { echo "[temporal-bootstrap] ERROR: $*" >&2; exit 1; }

# temporal CLI with the target fixed; never reads this script's stdin.
t() { temporal "$@" --address "$ADDRESS" </dev/null; }

[ -r "$ATTRIBUTES_FILE" ] || fail "cannot read $ATTRIBUTES_FILE"

log "waiting for the Temporal frontend at $ADDRESS"
attempt=1
until t operator cluster health >/dev/null 2>&1; do
  [ "$attempt" -lt 90 ] || fail "Temporal at $ADDRESS is not serving after $attempt attempts"
  attempt=$((attempt + 1))
  sleep 2
done
log "cluster is serving"

if t operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; then
  log "namespace '$NAMESPACE' exists"
else
  log "creating namespace '$NAMESPACE' (retention $RETENTION)"
  if ! out=$(t operator namespace create --namespace "$NAMESPACE" --retention "$RETENTION" 2>&1); then
    case "$out" in
      *[Aa]lready*) log "namespace '$NAMESPACE' already exists" ;;
      *) echo "$out" >&2; fail "could not create namespace '$NAMESPACE'" ;;
    esac
  fi
fi

# A new namespace reaches every service with the namespace cache refresh (~10 s).
attempt=1
until t operator namespace describe --namespace "$NAMESPACE" >/dev/null 2>&1; do
  [ "$attempt" -lt 30 ] || fail "namespace '$NAMESPACE' is not visible"
  attempt=$((attempt + 1))
  sleep 2
done

# Retried: a new namespace answers `describe` before every service's namespace cache has it, and until then
# listing its search attributes fails with "Namespace ... is not found".
list_attributes() {
  attempt=1
  until out=$(t operator search-attribute list --namespace "$NAMESPACE" 2>&1); do
    [ "$attempt" -lt 30 ] || { printf '%s\n' "$out"; return 1; }
    attempt=$((attempt + 1))
    sleep 2
  done
  printf '%s\n' "$out"
}

# Whole-word match of NAME in the list output (a table of "Name Type" rows).
listed() {
  printf '%s\n' "$1" | grep -Eq "(^|[^A-Za-z0-9_])$2([^A-Za-z0-9_]|\$)"
}

# NAME followed by TYPE on one row.
listed_with_type() {
  printf '%s\n' "$1" | grep -Eiq "(^|[[:space:]])$2[[:space:]]+$3([[:space:]]|\$)"
}

existing=$(list_attributes) || { echo "$existing" >&2; fail "could not list search attributes"; }
registered=0

# Lines: NAME TYPE; blank lines and # comments are skipped.
while read -r name type _rest; do
  case "$name" in '' | '#'*) continue ;; esac
  [ -n "$type" ] || fail "no type for search attribute $name in $ATTRIBUTES_FILE"
  if listed "$existing" "$name"; then
    log "search attribute $name exists"
    continue
  fi
  attempt=1
  while :; do
    if out=$(t operator search-attribute create --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1); then
      log "registered search attribute $name ($type)"
      registered=$((registered + 1))
      break
    fi
    case "$out" in
      *"different type"*) echo "$out" >&2; fail "search attribute $name exists with another type than $type" ;;
      *[Aa]lready\ exist*) log "search attribute $name already exists"; break ;;
    esac
    # Transient right after namespace creation (namespace not yet in every cache): retry.
    [ "$attempt" -lt 20 ] || { echo "$out" >&2; fail "could not register search attribute $name ($type)"; }
    log "retrying $name: $(printf '%s' "$out" | tail -n 1)"
    attempt=$((attempt + 1))
    sleep 3
  done
done <"$ATTRIBUTES_FILE"

existing=$(list_attributes) || { echo "$existing" >&2; fail "could not list search attributes"; }
missing=""
while read -r name type _rest; do
  case "$name" in '' | '#'*) continue ;; esac
  listed_with_type "$existing" "$name" "$type" || missing="$missing $name($type)"
done <"$ATTRIBUTES_FILE"
[ -z "$missing" ] || { echo "$existing" >&2; fail "namespace '$NAMESPACE' does not list these search attributes with these types:$missing"; }

if [ "$registered" -gt 0 ] && [ "$SETTLE_SECONDS" -gt 0 ]; then
  log "registered $registered search attribute(s); waiting ${SETTLE_SECONDS}s for server caches to refresh"
  sleep "$SETTLE_SECONDS"
fi
log "namespace '$NAMESPACE' is ready"
