# syntax=docker/dockerfile:1.7
#
# One Dockerfile for every Quarry service image. The three apps differ only in which workspace
# package is pruned and started, so a build argument replaces three copies that would drift apart:
#
#   docker build --build-arg APP=control-api    -t quarry/control-api .
#   docker build --build-arg APP=ingest-gateway -t quarry/ingest-gateway .
#   docker build --build-arg APP=writer         -t quarry/writer .
#
# Node 24 runs the TypeScript sources directly (type stripping). Node refuses to strip types under
# node_modules, which is why workspace packages stay pnpm symlinks (turbo prune + pnpm install)
# instead of `pnpm deploy` copies. An app whose package.json has a `build` (the ingest gateway: one
# JavaScript bundle, about 60 MB less RSS, see docs/operations.md) is built in the `bundle` stage. An
# app is started by its package.json `start` (the writer's sets its memory allocators' settings
# first, `env NAME=value … node src/server.ts`), else by `node apps/<app>/src/server.ts`.

ARG NODE_VERSION=24.21.0

FROM node:${NODE_VERSION}-bookworm-slim AS toolchain
# Pinned like the root package.json (engines.pnpm, devDependencies.turbo); corepack is not relied on.
ARG PNPM_VERSION=12.21.0
ARG TURBO_VERSION=2.11.11
RUN npm install --global --no-audit --no-fund --loglevel=error pnpm@${PNPM_VERSION} turbo@${TURBO_VERSION}

FROM toolchain AS prune
ARG APP
WORKDIR /src
COPY . .
RUN case "${APP}" in control-api|ingest-gateway|writer) ;; \
      *) echo "build with --build-arg APP=control-api|ingest-gateway|writer (got '${APP}')" >&2; exit 1 ;; \
    esac
RUN turbo prune "@quarry/${APP}" --docker --out-dir /out

# The web console is the one part with a build (Vite): built here, its static files copied into the
# image, served by the control API at `/` (CONSOLE_DIR). Only the console's own dependencies install.
FROM toolchain AS console
WORKDIR /src
COPY . .
RUN --mount=type=cache,id=quarry-pnpm-store,target=/pnpm-store \
    pnpm install --frozen-lockfile --store-dir /pnpm-store --filter "@quarry/console" \
 && NODE_ENV=production pnpm --filter "@quarry/console" run build

# The app's `build` (if any), with its dev and optional dependencies (the bundler and its native
# binding); only its output reaches the image.
FROM toolchain AS bundle
ARG APP
WORKDIR /src
COPY --from=prune /out/json/ ./
RUN --mount=type=cache,id=quarry-pnpm-store,target=/pnpm-store \
    pnpm install --frozen-lockfile --store-dir /pnpm-store --filter "@quarry/${APP}..."
COPY --from=prune /out/full/ ./
RUN mkdir -p "apps/${APP}/dist" && pnpm --filter "@quarry/${APP}" run --if-present build

FROM toolchain AS install
ARG APP
WORKDIR /app
# Manifests and lockfile first: the dependency layer is rebuilt only when they change.
COPY --from=prune /out/json/ ./
# --filter-prod follows dependencies but not devDependencies, so test helpers stay out of the image,
# and so do chDB and PGlite: only the embedded single-process runner depends on them (warehouse and
# catalog list them as optional peers and devDependencies). Optional dependencies are installed: they
# carry the platform binaries pnpm picks for the build's architecture from the one lockfile, such as
# @node-rs/crc32-linux-x64-gnu or -linux-arm64-gnu, the Kafka client's native CRC32C (without it the
# client checksums every record batch it produces in WebAssembly). --no-optional would drop them.
RUN --mount=type=cache,id=quarry-pnpm-store,target=/pnpm-store \
    pnpm install --prod --frozen-lockfile --store-dir /pnpm-store --package-import-method copy \
      --filter-prod "@quarry/${APP}..."
COPY --from=prune /out/full/ ./
COPY --from=console /src/apps/console/dist/ ./console/
COPY --from=bundle /src/apps/${APP}/dist/ ./apps/${APP}/dist/
# `/app/start` (the CMD) runs the app's package.json `start` in its directory, else `node src/server.ts`;
# the `server.ts` link (Node resolves it to apps/<app>/src, outside node_modules) runs the sources.
RUN start="$(node -p "require('./apps/${APP}/package.json').scripts?.start ?? 'node src/server.ts'")" \
 && printf '#!/bin/sh\ncd "$(dirname "$0")/apps/%s" && exec %s\n' "${APP}" "${start}" > start \
 && chmod 0755 start \
 && ln -s "apps/${APP}/src/server.ts" server.ts \
 && if [ -f "apps/${APP}/src/cli.ts" ]; then \
      printf '#!/bin/sh\nexec node /app/apps/%s/src/cli.ts "$@"\n' "${APP}" > quarry && chmod 0755 quarry; \
    fi

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG APP
ARG VERSION=dev
ARG REVISION=unknown
LABEL org.opencontainers.image.title="quarry-${APP}" \
      org.opencontainers.image.description="Quarry ${APP}: typed event datasets and logs" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      dev.quarry.app="${APP}"
# tini is PID 1: it forwards SIGTERM to node (which drains) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 quarry \
 && useradd --system --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin quarry
WORKDIR /app
# Owned by root and read-only to the app user: the process cannot rewrite its own code.
COPY --from=install /app ./
RUN if [ -f quarry ]; then mv quarry /usr/local/bin/quarry; fi
# Nothing is written outside /tmp (an emptyDir in Kubernetes), so a read-only root filesystem works.
ENV NODE_ENV=production \
    QUARRY_APP=${APP} \
    CONSOLE_DIR=/app/console \
    TMPDIR=/tmp
USER 10001:10001
# No HEALTHCHECK: Kubernetes probes /healthz and /readyz. Ports: control-api 8080,
# ingest-gateway 8081, writer 8082 (health and metrics only).
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["/app/start"]
