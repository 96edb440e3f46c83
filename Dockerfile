# syntax=docker/dockerfile:1
# Luma Studio as a container: build once, run the standalone server (server.js plus only the node_modules it
# needs) as an unprivileged user. test/standalone-server.test.ts runs this image's start command, laid out by
# the same COPY lines, without a container engine.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
# better-sqlite3 falls back to compiling when no prebuilt binary fits.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
# next build, then a Brotli copy beside each static script and stylesheet (scripts/precompress-static.mjs).
RUN npm run build

FROM node:20-bookworm-slim AS run
WORKDIR /app
# The standalone server listens on HOSTNAME (container runtimes set it to the container's name). Every
# interface needs APP_PASSWORD: without one the studio refuses to start (docs/SECURITY.md).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOSTNAME=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
RUN groupadd --system --gid 1001 luma \
 && useradd --system --uid 1001 --gid luma --no-create-home luma \
 && mkdir -p /data \
 && chown luma:luma /data
# The application stays root-owned and read-only to the studio; only /data (database, media scratch) is its own.
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
# The preload in CMD serves those Brotli copies in front of Next (scripts/brotli-static.mjs).
COPY --from=build /app/scripts/brotli-static-preload.mjs /app/scripts/brotli-static.mjs ./scripts/
COPY --from=build /app/lib/security/baseline.mjs ./lib/security/
USER luma
VOLUME ["/data"]
EXPOSE 3000
# Liveness only (cheap); a load balancer uses /api/ready for rotation.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/api/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Graceful shutdown: in-flight work gets SHUTDOWN_TIMEOUT_SECONDS (8 s), inside Docker's 10 s before SIGKILL.
STOPSIGNAL SIGTERM
CMD ["node", "--import", "./scripts/brotli-static-preload.mjs", "server.js"]
