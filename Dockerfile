# syntax=docker/dockerfile:1
# Parley's production image. The commands are those scripts/test-production-path.sh runs
# in CI from a clean copy (build with dev dependencies; run with `npm ci --omit=dev` and
# `node dist/main.js`), so the tested path and the image do not drift apart.
#
# HOST=0.0.0.0 (needed inside a container) is not loopback, so Parley refuses to start
# without authentication: set AUTH_TOKENS, JWT_SECRET or JWT_JWKS_URL (README, Deploying).

ARG NODE_IMAGE=node:20-bookworm-slim

# Build stage: dev dependencies (TypeScript) and the compiled dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The console's sources, bundled into dist/console/ by the build's second step.
COPY console ./console
COPY scripts/build-console.ts ./scripts/
RUN npm run build

# Runtime stage: production dependencies only, dist/, a non-root user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The official Node images' unprivileged user (uid 1000); /app stays root-owned, read-only to it.
USER node
EXPOSE 4000
# /ready, not /health: it checks MongoDB and Redis, and answers 503 once SIGTERM arrived.
# A node one-liner, since the slim image has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/ready',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself as PID 1's command (no npm, no sh), so `docker stop`'s SIGTERM reaches Parley.
CMD ["node", "dist/main.js"]
