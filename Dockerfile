# syntax=docker/dockerfile:1
#
# One Gatehouse node. Node 24 runs the TypeScript sources directly (type stripping), so the image
# holds the sources and the production dependencies, nothing compiled. Run several behind a load
# balancer, on one PostgreSQL and one Redis: compose.yaml, and README, "Running several nodes".

FROM node:24-alpine AS dependencies
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# The Node binaries Gatehouse pins as optional dependencies are not needed: the image is Node 24.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

FROM node:24-alpine
ENV NODE_ENV=production \
    GATEHOUSE_HOST=0.0.0.0 \
    GATEHOUSE_PORT=4567 \
    GATEHOUSE_DATA_DIR=/var/lib/gatehouse
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY src ./src
COPY example ./example
COPY deploy/healthcheck.ts ./deploy/healthcheck.ts
# The data directory holds the key of `gatehouse token` (and the SQLite store when no database URL
# is given); it belongs to the unprivileged user the gateway runs as.
RUN mkdir -p /var/lib/gatehouse && chown node:node /var/lib/gatehouse
USER node
VOLUME ["/var/lib/gatehouse"]
EXPOSE 4567
# 200 while the node serves (`ok`, or `degraded` while it has lost PostgreSQL or Redis but serves what
# it has); signed with GATEHOUSE_ADMIN_ACCESS_KEY_ID/GATEHOUSE_ADMIN_SECRET_ACCESS_KEY when set.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["node", "deploy/healthcheck.ts"]
ENTRYPOINT ["node", "bin/gatehouse.js"]
CMD ["serve"]
