# syntax=docker/dockerfile:1
# Parley in a container: built with the dev dependencies, run with the production ones only, as a
# non-root user, with the data (the SQLite file) in a volume at /app/data.
#
#   docker build -t parley .
#   docker run -d --name parley --env-file .env -p 127.0.0.1:3000:3000 -v parley-data:/app/data parley
#   docker exec parley node dist/cli.js doctor
#
# compose.yaml runs the same image (with PostgreSQL behind a profile); docs/operations.md, "Docker".
# scripts/check-deploy.sh repeats these steps without Docker and copies the runtime file set from the
# COPY lines of the runtime stage below, so keep them one source path each, copied to the same path.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: the TypeScript compiler and the other dev dependencies live and die here.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- runtime: dist/ plus the data files the service reads through src/paths.ts fromRoot().
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_PATH=/app/data/parley.db
WORKDIR /app
COPY package.json package-lock.json ./
# better-sqlite3 installs a prebuilt binary; without access to it, npm compiles it, which needs
# python3, make and g++ (apt-get install -y python3 make g++ before this line).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# The runtime file set (test/unit/platform/deploy-files.test.ts checks it against every fromRoot() in src/).
COPY prompts ./prompts
COPY public ./public
COPY src/storage/sqlite/migrations ./src/storage/sqlite/migrations
COPY src/storage/postgres/migrations ./src/storage/postgres/migrations
COPY src/understanding/model ./src/understanding/model
COPY src/sandbox/demo-seed.json ./src/sandbox/demo-seed.json
# The code stays root's and read-only; only the data folder belongs to the user the service runs as.
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
# No curl in the slim image: node asks /readyz (503 while the database fails or load is shed).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The V8 flags of npm start (docs/operations.md, "Memory"). node is PID 1 and handles SIGTERM itself:
# docker stop lets requests in flight finish and closes the database.
CMD ["node", "--max-semi-space-size=8", "--max-old-space-size=128", "dist/cli.js", "serve"]
