# syntax=docker/dockerfile:1
# k8s-feature-bot: a multi-stage build on the current Node.js LTS (Debian slim). The final image holds the
# runtime tree of `npm run build:runtime` (built JS, the knowledge data, production dependencies) owned by root,
# runs as uid 1000, and writes only to /data (K8SBOT_DATA_DIR and the SQLite file; mount a volume there, or use
# PostgreSQL with DATABASE_URL): it runs with a read-only root filesystem.
#
#   docker build -t k8s-feature-bot .
#   docker run --rm -p 3000:3000 --read-only -v k8sbot-data:/data --env-file bot.env k8s-feature-bot
ARG NODE_IMAGE=node:24-slim

FROM ${NODE_IMAGE} AS build
# better-sqlite3 is compiled when no prebuilt binary can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 esbuild
COPY . .
# The same script the tests run (test/packaging/runtime-tree.test.ts).
RUN npm run build:runtime -- /runtime
WORKDIR /runtime
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM ${NODE_IMAGE}
# The heap the bot needs (~50 MiB live under load, ~80 MiB while a knowledge refresh builds the new index beside
# the old) with room, and a small young generation: resident memory stays near 150 MiB after heavy traffic
# instead of ~210 MiB with Node's defaults (npm run bench measures both). Raise --max-old-space-size if
# nodejs_heap_size_used_bytes gets close to it.
ENV NODE_OPTIONS="--max-old-space-size=128 --max-semi-space-size=4" \
    NODE_ENV=production \
    PORT=3000 \
    K8SBOT_DATA_DIR=/data \
    K8SBOT_DB=/data/k8sbot.sqlite
WORKDIR /app
COPY --from=build /runtime /app
RUN mkdir -p /data && chown 1000:1000 /data
# The official image's "node" user, by number so Kubernetes can check runAsNonRoot.
USER 1000:1000
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/livez').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/bot/cli.js"]
CMD ["serve"]
