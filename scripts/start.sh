#!/usr/bin/env bash
# Starts Atrium on the embedded defaults: installs what is missing, builds the frontend
# if its sources changed, starts a local demo JupyterHub (Debian's package), and runs the
# backend on http://localhost:7007 serving that build, with SQLite under ./data (kept
# across restarts). Extra arguments are passed to the backend
# (e.g. --config ../../app-config.local.yaml).
#
# Environment: ATRIUM_PORT (default 7007); ATRIUM_HUB_URL + ATRIUM_HUB_TOKEN to use an
# existing JupyterHub instead of the demo one; ATRIUM_HUB_STATE_DIR / ATRIUM_HUB_PORT /
# ATRIUM_HUB_API_PORT / ATRIUM_HUB_PROXY_API_PORT to move the demo hub.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/toolchain.sh"
source "$ATRIUM_ROOT/scripts/services.sh"
cd "$ATRIUM_ROOT"

atrium_install
atrium_build_frontend
mkdir -p data/sqlite

hub_pid=""
stop_hub() {
  if [ -n "$hub_pid" ]; then
    kill -TERM -- "-$hub_pid" 2>/dev/null || kill -TERM "$hub_pid" 2>/dev/null || true
    hub_pid=""
  fi
}

start_demo_hub() {
  local state="${ATRIUM_HUB_STATE_DIR:-$ATRIUM_ROOT/data/jupyterhub}"
  mkdir -p "$state"
  # A hub (or its proxy) left over from a run that was killed would hold the ports.
  local leftover=""
  for pidfile in jupyterhub.pid proxy.pid; do
    if [ -s "$state/$pidfile" ] && kill -0 "$(cat "$state/$pidfile")" 2>/dev/null; then
      kill -TERM "$(cat "$state/$pidfile")" 2>/dev/null || true
      leftover=1
    fi
  done
  if [ -n "$leftover" ]; then
    sleep 3
    for pidfile in jupyterhub.pid proxy.pid; do
      [ -s "$state/$pidfile" ] && kill -KILL "$(cat "$state/$pidfile")" 2>/dev/null || true
    done
  fi
  # ATRIUM_HUB_FRESH=1 (the browser suite): start from an empty hub.
  if [ -n "${ATRIUM_HUB_FRESH:-}" ]; then
    rm -rf "${state:?}"/*
  fi
  [ -s "$state/portal-token" ] ||
    node -e 'console.log(require("crypto").randomBytes(32).toString("hex"))' > "$state/portal-token"
  export ATRIUM_HUB_STATE_DIR="$state"
  export ATRIUM_HUB_SERVICE_TOKEN="$(cat "$state/portal-token")"
  export ATRIUM_HUB_PORT="${ATRIUM_HUB_PORT:-18000}"
  export ATRIUM_HUB_API_PORT="${ATRIUM_HUB_API_PORT:-18081}"
  export ATRIUM_HUB_PROXY_API_PORT="${ATRIUM_HUB_PROXY_API_PORT:-18001}"
  # Demo only: a pod with KubeSpawner's labels per running workspace in the simulated
  # cluster this script starts below (dev/jupyterhub/demo_cluster.py); never in a
  # cluster given as ATRIUM_KUBE_URL.
  if [ -z "${ATRIUM_KUBE_URL:-}" ]; then
    export ATRIUM_DEMO_KUBE_URL="http://127.0.0.1:${ATRIUM_KUBE_PORT:-16443}"
    export ATRIUM_DEMO_KUBE_TOKEN=demo-token
  fi
  # Data access: granted folders of dev/data mounted into workspaces. The portal
  # (app-config.yaml's dataAccess.launchSigningKey, from ATRIUM_DATA_SIGNING_KEY) and this
  # demo hub share one key: a demo value here, set only when this script starts the hub,
  # so that no deployment ever runs with it.
  export ATRIUM_DATA_SIGNING_KEY="${ATRIUM_DATA_SIGNING_KEY:-atrium-demo-data-signing-key-change-me}"
  export ATRIUM_HUB_DATA_SIGNING_KEY="$ATRIUM_DATA_SIGNING_KEY"
  export ATRIUM_HUB_DATA_ROOT="${ATRIUM_HUB_DATA_ROOT:-$ATRIUM_ROOT/dev/data}"
  # Its own session, so that stopping it stops its proxy and notebook servers too.
  (cd "$state" && exec setsid /usr/bin/jupyterhub -f "$ATRIUM_ROOT/dev/jupyterhub/jupyterhub_config.py" \
    > "$state/jupyterhub.log" 2>&1) &
  hub_pid=$!
  export ATRIUM_HUB_URL="http://127.0.0.1:$ATRIUM_HUB_PORT"
  export ATRIUM_HUB_TOKEN="$ATRIUM_HUB_SERVICE_TOKEN"
  echo "atrium: demo JupyterHub at $ATRIUM_HUB_URL (log: $state/jupyterhub.log)" >&2
}

if [ -n "${ATRIUM_HUB_URL:-}" ]; then
  echo "atrium: using the JupyterHub at $ATRIUM_HUB_URL" >&2
elif [ -x /usr/bin/jupyterhub ] || { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && atrium_ensure_jupyterhub; }; then
  start_demo_hub
else
  cat >&2 <<'MSG'
atrium: no JupyterHub on this machine, so workspaces are unavailable. To use one, add a
  service to its jupyterhub_config.py (see README, "Connecting JupyterHub") and start
  Atrium with ATRIUM_HUB_URL=<hub base URL> ATRIUM_HUB_TOKEN=<service token>.
MSG
fi

port="${ATRIUM_PORT:-7007}"

# --- Platform health: the simulated demo cluster and a local Prometheus ---------------
# ATRIUM_KUBE_PORT (16443) / ATRIUM_PROMETHEUS_PORT (19090) move them; ATRIUM_KUBE_URL or
# ATRIUM_PROMETHEUS_URL set beforehand use existing ones instead. Both run in sessions of
# their own and are stopped with the backend (stop_platform_services).
platform_pids=()
backend_config_args=()
export ATRIUM_SELF_URL="http://127.0.0.1:$port" # the portal probes its own health
stop_platform_services() {
  for pid in ${platform_pids[@]+"${platform_pids[@]}"}; do
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  done
  platform_pids=()
}
# A process of a run that was killed would hold the port: end it through its pid file.
stop_leftover() {
  if [ -s "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; then
    kill -TERM -- "-$(cat "$1")" 2>/dev/null || kill -TERM "$(cat "$1")" 2>/dev/null || true
    sleep 1
  fi
}
wait_for_http() { # url: any answer below 500 within 30 s
  node -e 'const u = process.argv[1]; const end = Date.now() + 30000;
    (async () => { while (Date.now() < end) { try { const r = await fetch(u);
      if (r.status < 500) process.exit(0); } catch {} await new Promise(r => setTimeout(r, 200)); }
      process.exit(1); })()' "$1"
}

if [ -z "${ATRIUM_KUBE_URL:-}" ]; then
  kube_state="${ATRIUM_KUBE_STATE_DIR:-$ATRIUM_ROOT/data/kube-test-server}"
  mkdir -p "$kube_state"
  stop_leftover "$kube_state/pid"
  kube_port="${ATRIUM_KUBE_PORT:-16443}"
  setsid node --require @backstage/cli-node/config/nodeTransform.cjs \
    packages/kube-test-server/src/cli.ts --port "$kube_port" --token demo-token --seed demo \
    > "$kube_state/log" 2>&1 &
  platform_pids+=($!)
  echo $! > "$kube_state/pid"
  export ATRIUM_KUBE_URL="http://127.0.0.1:$kube_port"
  if wait_for_http "$ATRIUM_KUBE_URL/version"; then
    echo "atrium: simulated demo cluster (Kubernetes API test server) at $ATRIUM_KUBE_URL" >&2
  else
    echo "atrium: the Kubernetes test server did not start (log: $kube_state/log)" >&2
  fi
fi

# conda-store: the demo runs the conda-store API test server with a Nebari-like store
# (global, team and personal namespaces); ATRIUM_CONDA_STORE_URL + ATRIUM_CONDA_STORE_TOKEN
# point the catalog at a real one instead. A free port unless ATRIUM_CONDA_STORE_PORT says
# one (two portals side by side, as the browser suite runs them, each get their own).
conda_store_state="${ATRIUM_CONDA_STORE_STATE_DIR:-$ATRIUM_ROOT/data/conda-store-test-server}"
mkdir -p "$conda_store_state"
if [ -z "${ATRIUM_CONDA_STORE_URL:-}" ]; then
  stop_leftover "$conda_store_state/pid"
  : > "$conda_store_state/log"
  setsid node --require @backstage/cli-node/config/nodeTransform.cjs \
    packages/conda-store-test-server/src/cli.ts --port "${ATRIUM_CONDA_STORE_PORT:-0}" \
    --token demo-token --seed demo > "$conda_store_state/log" 2>&1 &
  platform_pids+=($!)
  echo $! > "$conda_store_state/pid"
  for _ in $(seq 1 150); do
    ATRIUM_CONDA_STORE_URL="$(sed -n 's/^conda-store-test-server listening on //p' "$conda_store_state/log")"
    [ -n "$ATRIUM_CONDA_STORE_URL" ] && break
    sleep 0.2
  done
  export ATRIUM_CONDA_STORE_TOKEN=demo-token
  if [ -n "$ATRIUM_CONDA_STORE_URL" ]; then
    echo "atrium: demo conda-store (conda-store API test server) at $ATRIUM_CONDA_STORE_URL" >&2
  else
    echo "atrium: the conda-store test server did not start (log: $conda_store_state/log)" >&2
  fi
fi
if [ -n "${ATRIUM_CONDA_STORE_URL:-}" ]; then
  export ATRIUM_CONDA_STORE_URL
  cat > "$conda_store_state/app-config.conda-store.yaml" <<'YAML'
# Generated by scripts/start.sh: the catalog's conda-store (catalog-backend-module-conda-store).
environments:
  condaStore:
    url: ${ATRIUM_CONDA_STORE_URL}
    token: ${ATRIUM_CONDA_STORE_TOKEN}
    platformOwner: group:default/platform-ops
    namespaceOwners:
      ada: user:default/ada
      grace: user:default/grace
    schedule:
      frequency: { seconds: 30 }
      timeout: { minutes: 5 }
YAML
  backend_config_args+=(--config "$conda_store_state/app-config.conda-store.yaml")
fi

if [ -z "${ATRIUM_PROMETHEUS_URL:-}" ] && { [ -x /usr/bin/prometheus ] ||
  { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && atrium_ensure_prometheus; }; }; then
  prom_dir="${ATRIUM_PROMETHEUS_DIR:-$ATRIUM_ROOT/data/prometheus}"
  mkdir -p "$prom_dir/data"
  stop_leftover "$prom_dir/pid"
  prom_port="${ATRIUM_PROMETHEUS_PORT:-19090}"
  # The portal's metrics need a static token (backend.auth.externalAccess): one per data
  # folder, given to the backend through a generated config file.
  [ -s "$prom_dir/atrium-metrics-token" ] ||
    node -e 'console.log(require("crypto").randomBytes(24).toString("hex"))' > "$prom_dir/atrium-metrics-token"
  cat > "$prom_dir/app-config.metrics.yaml" <<YAML
# Generated by scripts/start.sh: the token the local Prometheus scrapes the portal with.
backend:
  auth:
    externalAccess:
      - type: static
        options:
          token: $(cat "$prom_dir/atrium-metrics-token")
          subject: prometheus
        accessRestrictions:
          - plugin: platform-health
YAML
  backend_config_args+=(--config "$prom_dir/app-config.metrics.yaml")
  printf '%s\n' "${ATRIUM_HUB_TOKEN:-none}" > "$prom_dir/jupyterhub-token"
  hub_target="${ATRIUM_HUB_URL:-http://127.0.0.1:18000}"
  hub_target="${hub_target#*://}"
  sed -e "s/127.0.0.1:19090/127.0.0.1:$prom_port/" -e "s/127.0.0.1:7007/127.0.0.1:$port/" \
    -e "s#127.0.0.1:18000#${hub_target%%/*}#" \
    dev/prometheus/prometheus.yml > "$prom_dir/prometheus.yml"
  cp dev/prometheus/rules.yml "$prom_dir/rules.yml"
  setsid /usr/bin/prometheus --config.file="$prom_dir/prometheus.yml" \
    --storage.tsdb.path="$prom_dir/data" --web.listen-address="127.0.0.1:$prom_port" \
    --web.enable-lifecycle > "$prom_dir/log" 2>&1 &
  platform_pids+=($!)
  echo $! > "$prom_dir/pid"
  export ATRIUM_PROMETHEUS_URL="http://127.0.0.1:$prom_port"
  echo "atrium: local Prometheus at $ATRIUM_PROMETHEUS_URL (log: $prom_dir/log)" >&2
fi
# ---------------------------------------------------------------------------------------

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

# The backend runs from source: Backstage's node transform compiles the TypeScript of
# the workspace packages as they load (the same as `backstage-cli package start`,
# without the file watcher).
cd packages/backend
# ./src/instrumentation.js first: the portal's OpenTelemetry metrics (Backstage's guide).
node --require ./src/instrumentation.js \
  --require @backstage/cli-node/config/nodeTransform.cjs src/index.ts \
  --config ../../app-config.yaml ${backend_config_args[@]+"${backend_config_args[@]}"} "$@" &
backend_pid=$!
trap 'kill -TERM "$backend_pid" 2>/dev/null; stop_hub; stop_platform_services' INT TERM
trap 'stop_hub; stop_platform_services' EXIT
wait "$backend_pid"
