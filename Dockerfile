# syntax=docker/dockerfile:1
#
# OneTeam image: one image for the API, the Temporal worker and the one-shot `migrate` job; the
# command picks the role (see docker-compose.yml):
#   node --import tsx src/main/api.ts      (= npm run api)
#   node --import tsx src/main/worker.ts   (= npm run worker)
#   npm run migrate
# The project runs its TypeScript directly with tsx; there is no build step.
#
#   docker build -t oneteam .

ARG NODE_IMAGE=node:20-bookworm-slim

############################ deps: production node_modules + generated Prisma client
FROM ${NODE_IMAGE} AS deps
WORKDIR /app

# openssl: lets the Prisma CLI detect the platform quietly (no native engine is used: the client is
# generated with engineType "client" and migrations run on the WASM schema engine, see prisma.config.ts).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV CI=true \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1

# `prisma generate` runs as the package's postinstall and needs the schema and prisma.config.ts.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
# Runtime dependencies only (tsx, prisma and the Temporal SDK are dependencies); optional
# dependencies stay: esbuild (tsx) and @swc/core (workflow bundling) ship their binaries that way.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev \
 && { test -f src/generated/prisma/client.ts || npx --no-install prisma generate; } \
 && test -f src/generated/prisma/client.ts

############################ runtime
FROM ${NODE_IMAGE} AS runtime

RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    PRISMA_HIDE_UPDATE_MESSAGE=1 \
    CHECKPOINT_DISABLE=1

WORKDIR /app

# Code and dependencies belong to root and are read-only for the service user; only DATA_DIR is
# writable (a development token issuer, turned on with AUTH_DEV_ISSUER=unsafe-enabled, keeps its generated
# key there). Without AUTH_JWKS_URL and AUTH_ISSUER the API and the worker refuse to start.
COPY --from=deps /app/node_modules ./node_modules
COPY . .
COPY --from=deps /app/src/generated ./src/generated
RUN mkdir -p "$DATA_DIR" && chown node:node "$DATA_DIR"

# The `node` user (uid 1000) comes with the official image.
USER node

EXPOSE 3000

# No image-level HEALTHCHECK: the roles differ (docker-compose.yml probes the API's /readyz).
CMD ["node", "--import", "tsx", "src/main/api.ts"]
