#!/usr/bin/env bash
# Starts Atrium on the embedded defaults: installs what is missing, builds the frontend
# if its sources changed, and runs the backend on http://localhost:7007 serving that
# build, with SQLite under ./data (kept across restarts). Extra arguments are passed to
# the backend (e.g. --config app-config.local.yaml).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
cd "$ATRIUM_ROOT"

atrium_install

atrium_build_frontend

mkdir -p data/sqlite
port="${ATRIUM_PORT:-7007}"
(
  # Say where to go once the backend answers (it takes 10-20 s to start).
  for _ in $(seq 1 240); do
    if node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
        "http://localhost:$port/.backstage/health/v1/readiness"; then
      echo ""
      echo "  Atrium is up: http://localhost:$port  (sign in as any demo person)"
      echo ""
      exit 0
    fi
    sleep 0.5
  done
) &

cd packages/backend
# The backend runs from source: Backstage's node transform compiles the TypeScript of
# the workspace packages as they load (the same as `backstage-cli package start`,
# without the file watcher).
exec node --require @backstage/cli-node/config/nodeTransform.cjs src/index.ts \
  --config ../../app-config.yaml "$@"
