# syntax=docker/dockerfile:1
# AirGate image: Node 24 LTS, multi-stage.
#   toolchain  compilers for better-sqlite3's native module (never shipped)
#   deps       production dependencies only (npm ci --omit=dev)
#   build      every dependency + `npm run build` (TypeScript → dist/)
#   runtime    dist/ + production node_modules, owned by root and run as the unprivileged `node` user
# The entrypoint waits for the database and runs pending migrations before `serve` or `scheduler`.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./

FROM toolchain AS deps
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
COPY cards ./cards
COPY migrations ./migrations
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
# Heap cap: a 2,000-sub-account spending cycle peaks near 115 MB of heap (Node 24, every sub-account also read
# over REST by the same process); capped at 192 MB, the process stays under 300 MB RSS (about 250 MB). The
# young generation's semi-spaces are capped at 8 MB (V8's default grows them to 16): the cycle's peak RSS
# drops by 20-30 MB at the same wall time (README "Performance"; bench/watchCycle.ts and the HTTP benches
# run with this very value).
ENV NODE_ENV=production \
    NODE_OPTIONS="--max-old-space-size=192 --max-semi-space-size=8" \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=sqlite:/app/data/airgate.sqlite \
    AIRGATE_DB_WAIT_SECONDS=60
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY bin ./bin
COPY docker/entrypoint.sh docker/healthcheck.mjs ./docker/
RUN chmod 0755 /app/docker/entrypoint.sh \
 && mkdir -p /app/data \
 && chown node:node /app/data
USER node
EXPOSE 3000
VOLUME ["/app/data"]
# Healthy = /readyz answers 200: the database is reachable and the spending watch is alive.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["node", "/app/docker/healthcheck.mjs"]
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["serve"]
