#!/usr/bin/env bash
# The production image, built and started: builds packages/backend/Dockerfile with
# buildah (build-image.sh, against the local stand-in base), starts the image's own CMD
# inside it as the image's user with the production config against this machine's
# PostgreSQL, and checks it; then inspects what was built (inspect-image.sh). Every check
# that fails stops the script with "test-image: FAILED: <what>" and exit status 1.
#
#   deploy/test/test-image.sh                    build (cached layers) and test
#   deploy/test/test-image.sh --no-cache         arguments go to build-image.sh (buildah bud)
#   ATRIUM_IMAGE_SKIP_BUILD=1 deploy/test/test-image.sh   test the image already built
#   ATRIUM_IMAGE_CONTEXT=worktree deploy/test/test-image.sh   build the working tree
#
# How it runs: `buildah run --isolation chroot --network host` (podman run does not work
# in this sandbox, see image-env.sh), so the backend listens on the host's network: on a
# free port (APP_CONFIG_backend_listen_port), never 7007, which a developer's portal may
# use. Only where it runs differs from a cluster, set as Backstage's APP_CONFIG_ variables
# (the CMD stays the image's): that port, and a database prefix of its own, so its plugin
# databases (atrium_image_<pid>_<plugin>) are dropped afterwards. The OpenID Provider is a
# stub serving the discovery document (the portal reads it at start); JupyterHub and
# Prometheus point at a closed port (the production-bundle test covers them).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/image-env.sh"
source "$ATRIUM_REPO/scripts/services.sh"
ATRIUM_IMAGE_STEP=test-image ATRIUM_IMAGE_STARTED=$SECONDS
atrium_ensure_buildah
atrium_ensure_postgres > /dev/null

# The secrets the portal is given. Made before the build and in its environment, as CI's
# secrets are, and looked for in every layer of the image afterwards.
token() { head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
export AUTH_SESSION_SECRET="session-$(token)" OIDC_CLIENT_SECRET="oidc-$(token)"
export ATRIUM_HUB_TOKEN="hub-$(token)" ATRIUM_METRICS_TOKEN="metrics-$(token)"
secret_names=(AUTH_SESSION_SECRET OIDC_CLIENT_SECRET ATRIUM_HUB_TOKEN ATRIUM_METRICS_TOKEN)

if [ -z "${ATRIUM_IMAGE_SKIP_BUILD:-}" ]; then
  build_started=$SECONDS
  "$ATRIUM_IMAGE_SCRIPTS/build-image.sh" "$@"
  atrium_image_say "build: $((SECONDS - build_started)) s"
fi
atrium_image_exists "$ATRIUM_IMAGE" || atrium_image_fail "no image $ATRIUM_IMAGE (run deploy/test/build-image.sh)"

work="$(mktemp -d /var/tmp/atrium-image-test.XXXXXX)"
prefix="atrium_image_$$_"
container="" run_pid="" oidc_pid=""
descendants() { local child; for child in $(ps -o pid= --ppid "$1"); do echo "$child"; descendants "$child"; done; }
stop_backend() {
  [ -n "$run_pid" ] || return 0
  # The backend, then buildah run itself, by their ids; SIGTERM first, as Kubernetes does.
  local pids
  pids="$(descendants "$run_pid" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  kill -TERM $pids "$run_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$run_pid" 2>/dev/null || break; sleep 0.2; done
  # shellcheck disable=SC2086
  kill -KILL $pids "$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
  run_pid=""
}
cleanup() {
  stop_backend
  [ -n "$oidc_pid" ] && { kill "$oidc_pid" 2>/dev/null; wait "$oidc_pid" 2>/dev/null; } || true
  [ -n "$container" ] && buildah rm "$container" > /dev/null 2>&1 || true
  local db
  for db in $(psql "$ATRIUM_TEST_POSTGRES_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'" 2>/dev/null); do
    psql "$ATRIUM_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" > /dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
backend_log() { echo "--- the backend's last lines:" >&2; tail -30 "$work/backend.log" >&2; }

# --- what the image says it runs
buildah inspect --type image "$ATRIUM_IMAGE" | jq '.Docker.config' > "$work/config.json"
user="$(jq -r '.User // ""' "$work/config.json")"
mapfile -t cmd < <(jq -r '.Cmd // [] | .[]' "$work/config.json")
mapfile -t healthcheck < <(jq -r '.Healthcheck.Test // [] | .[]' "$work/config.json")
[ "$user" = node ] || atrium_image_fail "the image's user is '$user', not node"
[ "${#cmd[@]}" -gt 0 ] || atrium_image_fail "the image has no CMD"
# The OCI format has no healthcheck: an image built without --format docker loses it.
[ "${healthcheck[0]:-}" = CMD ] || atrium_image_fail "the image has no HEALTHCHECK (exec form)"
atrium_image_say "CMD ${cmd[*]} as $user"

# Three free ports below the ephemeral range (packages/test-utils/src/freePorts.mjs says
# why), so that none is taken by an outgoing connection during the minutes before the
# portal binds it.
read -r port closed_port oidc_port < <(node "$ATRIUM_REPO/packages/test-utils/bin/free-ports.mjs" 3; echo)
base_url="http://localhost:$port"
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }

# --- the OpenID Provider's discovery document (the portal fetches it at start)
oidc_issuer="http://127.0.0.1:$oidc_port"
node -e '
  const [port, issuer] = process.argv.slice(1);
  const metadata = JSON.stringify({
    issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/me`, jwks_uri: `${issuer}/jwks`,
    response_types_supported: ["code"], subject_types_supported: ["public"],
    id_token_signing_alg_values_supported: ["RS256"],
  });
  require("http").createServer((req, res) => {
    if (req.url !== "/.well-known/openid-configuration") { res.writeHead(404); return res.end(); }
    res.writeHead(200, { "content-type": "application/json" }); res.end(metadata);
  }).listen(Number(port), "127.0.0.1");
' "$oidc_port" "$oidc_issuer" &
oidc_pid=$!

# --- start the image's CMD in it
[[ "$ATRIUM_TEST_POSTGRES_URL" =~ ^postgres(ql)?://([^:]+):([^@]*)@([^:/]+):([0-9]+) ]] ||
  atrium_image_fail "cannot read PostgreSQL's address from $ATRIUM_TEST_POSTGRES_URL"
env_args=(
  # deploy/kustomize/base: the atrium-env ConfigMap and the Secrets.
  -e "ATRIUM_BASE_URL=$base_url"
  -e "POSTGRES_HOST=${BASH_REMATCH[4]}" -e "POSTGRES_PORT=${BASH_REMATCH[5]}"
  -e "POSTGRES_USER=${BASH_REMATCH[2]}" -e "POSTGRES_PASSWORD=${BASH_REMATCH[3]}"
  -e "ATRIUM_HUB_URL=http://127.0.0.1:$closed_port" -e "ATRIUM_HUB_PUBLIC_URL=http://127.0.0.1:$closed_port"
  -e "OIDC_METADATA_URL=$oidc_issuer/.well-known/openid-configuration" -e OIDC_CLIENT_ID=atrium
  -e "PROMETHEUS_URL=http://127.0.0.1:$closed_port"
  # Where this test runs (not a config file: the image's CMD and files stay as built).
  -e "APP_CONFIG_backend_listen_port=$port" -e "APP_CONFIG_backend_database_prefix=$prefix"
)
for name in "${secret_names[@]}"; do env_args+=(-e "$name=${!name}"); done
container="$(buildah from --pull=never --name "atrium-image-test-$$" "$ATRIUM_IMAGE")"
run_started=$SECONDS
buildah run --isolation chroot --network host --user "$user" "${env_args[@]}" "$container" -- \
  "${cmd[@]}" > "$work/backend.log" 2>&1 &
run_pid=$!
atrium_image_say "started on port $port, waiting for readiness"
until [ "$(status "$base_url/.backstage/health/v1/readiness")" = 200 ]; do
  kill -0 "$run_pid" 2>/dev/null || { backend_log; atrium_image_fail "the backend exited before it was ready"; }
  [ $((SECONDS - run_started)) -lt 300 ] || { backend_log; atrium_image_fail "not ready after 300 s"; }
  sleep 2
done
atrium_image_say "ready after $((SECONDS - run_started)) s"

# --- checks on the running image
check() { atrium_image_say "ok: $*"; }
[ "$(status "$base_url/.backstage/health/v1/liveness")" = 200 ] || atrium_image_fail "liveness is not 200"
check "readiness and liveness answer 200"

backend_pid=""
for pid in $(descendants "$run_pid"); do
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = node ] && { backend_pid="$pid"; break; }
done
[ -n "$backend_pid" ] || atrium_image_fail "no node process under buildah run"
read -r _ ruid euid suid fsuid < <(grep '^Uid:' "/proc/$backend_pid/status")
read -r _ rgid egid sgid fsgid < <(grep '^Gid:' "/proc/$backend_pid/status")
[ "$ruid $euid $suid $fsuid $rgid $egid $sgid $fsgid" = "1000 1000 1000 1000 1000 1000 1000 1000" ] ||
  atrium_image_fail "the backend runs as uid $euid gid $egid, not node (1000:1000)"
mount_point="$(buildah mount "$container")"
grep -q '^node:x:1000:1000:' "$mount_point/etc/passwd" || atrium_image_fail "uid 1000 is not node in the image"
# chroot isolation bind-mounts the container's file system elsewhere: the same directory
# (device and inode), another path.
[ "$(stat -c %d:%i "/proc/$backend_pid/root/app")" = "$(stat -c %d:%i "$mount_point/app")" ] ||
  atrium_image_fail "the backend's root ($(readlink "/proc/$backend_pid/root")) is not the container's file system"
# The CMD as run: buildah resolves its program on PATH (node -> /usr/local/bin/node).
mapfile -d '' -t argv < "/proc/$backend_pid/cmdline"
[ "$(basename "${argv[0]}") ${argv[*]:1}" = "${cmd[*]}" ] ||
  atrium_image_fail "the backend runs '${argv[*]}', not the image's CMD"
check "the CMD runs as node (uid/gid 1000), not root, in the image's root file system"

# The HEALTHCHECK's own command, in the image, as its user. It probes the image's port
# (7007); this run listens elsewhere, so that one address is rewritten, and must occur.
healthcheck_args=("${healthcheck[@]:1}")
[ "$(printf '%s\n' "${healthcheck_args[@]}" | grep -o '127\.0\.0\.1:7007/' | wc -l)" = 1 ] ||
  atrium_image_fail "the HEALTHCHECK does not probe 127.0.0.1:7007 exactly once: ${healthcheck_args[*]}"
run_healthcheck() { buildah run --isolation chroot --network host --user "$user" "$container" -- "${healthcheck_args[@]//127.0.0.1:7007\//127.0.0.1:$1/}"; }
run_healthcheck "$port" || atrium_image_fail "the HEALTHCHECK command fails against the running backend"
! run_healthcheck "$closed_port" 2>/dev/null || atrium_image_fail "the HEALTHCHECK command passes with nothing listening"
check "the HEALTHCHECK command passes (and fails with nothing listening)"

curl -s --max-time 20 -o "$work/index.html" -w '%{http_code}' "$base_url/" > "$work/index.status" || true
[ "$(cat "$work/index.status")" = 200 ] && grep -q '<div id="root">' "$work/index.html" ||
  atrium_image_fail "/ does not serve the frontend's index.html"
script="$(grep -o '<script[^>]* src="[^"]*\.js"' "$work/index.html" | head -1 | sed 's/.* src="\([^"]*\)"/\1/')"
[ -n "$script" ] && [ "$(status "$base_url/${script#/}")" = 200 ] ||
  atrium_image_fail "the frontend's bundle ($script) is not served"
check "the frontend is served at / (index.html and $script)"

location="$(curl -s -o /dev/null -w '%{redirect_url}' "$base_url/api/auth/oidc/start?env=production&scope=openid")"
[[ "$location" == "$oidc_issuer/auth?"*client_id=atrium* ]] ||
  atrium_image_fail "sign-in does not go to the OpenID Provider (redirect: '$location')"
[ "$(status "$base_url/api/auth/demo/refresh")" = 404 ] || atrium_image_fail "demo sign-in answers in production"
databases="$(psql "$ATRIUM_TEST_POSTGRES_URL" -Atc "SELECT datname FROM pg_database WHERE datname LIKE '${prefix}%'" | sed "s/^$prefix//" | sort | tr '\n' ' ')"
for plugin in catalog workspaces costs roles audit; do
  [[ " $databases" == *" $plugin "* ]] || atrium_image_fail "no PostgreSQL database for $plugin (found: $databases)"
done
check "production config: single sign-on only, one PostgreSQL database per plugin ($databases)"

stop_backend
buildah umount "$container" > /dev/null
atrium_image_say "stopped after $((SECONDS - run_started)) s"

# --- what was built
printf '%s\n' "${secret_names[@]}" > "$work/secret-names"
"$ATRIUM_IMAGE_SCRIPTS/inspect-image.sh" "$work/secret-names"
atrium_image_say "passed in $((SECONDS - ATRIUM_IMAGE_STARTED)) s"
