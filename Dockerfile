# One image for every Travel CRM process; docker-compose.yml picks the process with `command:`.
# Each process runs its bundle (`pnpm build`: tsc into each package's dist/, then one file per process with
# esbuild, <dir>/bundle/main.js); the runtime stage holds the bundles, the builds they load at run time and the
# production dependencies only: no TypeScript, no tsx, no dev tooling.

# The base image: the official one by default; where no registry is reachable, any image laid out like it
# (deploy/image/base.sh makes one from Debian's packages and the npm registry's Node binary).
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS base
# corepack's download does not work on our machines: install the pinned pnpm with npm.
RUN npm install -g pnpm@12.4.2 && npm cache clean --force
WORKDIR /app

# --- manifests: only what `pnpm install` reads (every package.json, the lockfile, the workspace file), so the
#     dependency layer below stays cached across source edits and new workspace packages need no change here
FROM base AS manifests
COPY . /src
RUN mkdir /manifests && cd /src \
 && find . -name node_modules -prune -o -type f \
      \( -name package.json -o -name pnpm-lock.yaml -o -name pnpm-workspace.yaml -o -name .npmrc -o -name .pnpmfile.cjs \) \
      -print0 | xargs -0 cp --parents -t /manifests \
 && if [ -d patches ]; then cp -r patches /manifests/; fi

# --- deps: the same install command as the README and CI (dev dependencies included: the build needs them)
FROM base AS deps
COPY --from=manifests /manifests/ ./
RUN pnpm install --frozen-lockfile --prod=false

# --- build: every package and service compiled and each process bundled, and the web app (held to its size
#     budget) that the gateway serves at /app/; then gathered: every bundle/, the web app, and the workspace
#     packages' dist/ (a bundle imports @travel-crm/documents from it at run time, whichever packages there are).
#     The services' own dist/ stays behind: their bundles hold it.
FROM deps AS build
COPY . .
RUN pnpm build && pnpm --filter web build \
 && mkdir /builds && cp -r --parents web/dist packages/*/dist /builds \
 && find services gateway -name node_modules -prune -o -type d -name bundle -print0 | xargs -0 cp -r --parents -t /builds

# --- production dependencies only
FROM base AS prod-deps
COPY --from=manifests /manifests/ ./
RUN pnpm install --frozen-lockfile --prod

# --- runtime
FROM ${NODE_IMAGE} AS runtime
# Every process runs with the Node flags `pnpm start` gives it (NODE_FLAGS in packages/contracts/src/process.ts:
# source maps, a 4 MB semi-space, a 512 MB old space); set here once, for whichever entry point
# docker-compose.yml starts, and the environment it starts them with (PROCESS_ENV, the same file: glibc's trim
# threshold). The deployment test checks that they agree.
ENV NODE_ENV=production HOST=0.0.0.0 NODE_OPTIONS="--enable-source-maps --max-semi-space-size=4 --max-old-space-size=512" MALLOC_TRIM_THRESHOLD_=131072
WORKDIR /app
# node_modules stay root-owned (read-only for the app); only .data (dev JWT keys) is writable.
COPY --from=prod-deps /app ./
COPY --from=build /builds/ ./
RUN mkdir -p .data && chown node:node .data
USER node
EXPOSE 3000 3001 3002 3003 3004 3005
# Health checks live in docker-compose.yml: each service listens on its own port.
CMD ["node", "gateway/bundle/main.js"]
