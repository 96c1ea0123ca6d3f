#!/bin/sh
# Starts the Temporal server (all four services in one process) with deploy/temporal/config/oneteam.yaml:
# compose's `temporal` service and the production shape on this machine (reliability/shape.ts) both run it.
# `--allow-no-auth`: the frontend has no authorizer, so its port must stay on a private network (compose
# does not publish it; the shape binds it to 127.0.0.1).
set -eu
# Bound on every interface (a container), the other members need the address that reaches this one.
if [ "${BIND_ON_IP:-127.0.0.1}" = "0.0.0.0" ] && [ -z "${TEMPORAL_BROADCAST_ADDRESS:-}" ]; then
  TEMPORAL_BROADCAST_ADDRESS="$(hostname -i | cut -d ' ' -f 1)"
  export TEMPORAL_BROADCAST_ADDRESS
fi
exec temporal-server --root "$(cd "$(dirname "$0")" && pwd)" --config config --env oneteam --allow-no-auth start
