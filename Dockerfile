# syntax=docker/dockerfile:1

# Build: every dependency, then the pages, the playground and the server compiled to JavaScript (dist/).
FROM node:20.20.2-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# Runtime: production dependencies only, the compiled output, no TypeScript, not root.
FROM node:20.20.2-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
COPY --from=build /app/playground/dist ./playground/dist
COPY scripts ./scripts
# .data: the embedded S3 server's files when no S3_ENDPOINT is set (docker-compose sets MinIO).
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 4000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node itself as PID 1's child-free process: SIGTERM from docker stop reaches the server, which stops in order.
CMD ["node", "--enable-source-maps", "dist/server/src/main.js"]
