# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript, then drop the dev dependencies.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no dependency needs its install script (ARCHITECTURE.md "Installing"), and the image's npm 10
# would otherwise run them (telemetry included), unlike CI's npm 11.
# --workspaces=false: the service only. client/ and cli/ are packages of their own (@hokusai/auth-client,
# @hokusai/cli); neither they nor their dependencies belong in the service's image.
RUN npm ci --no-audit --no-fund --ignore-scripts --workspaces=false
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --ignore-scripts --workspaces=false

# Runtime stage: production dependencies and the build only, as the non-root "node" user (uid 1000).
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=8000 DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies stay root-owned (read-only to the service); only the data folder is the service's.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown 1000:1000 /app/data
# Numeric, so Kubernetes' runAsNonRoot can verify it without a runAsUser (k8s/deployment.yaml sets both).
USER 1000:1000
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
