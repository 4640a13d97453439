#!/usr/bin/env bash
# Builds the backend's production bundle and lays it out in a directory exactly as the
# image does (packages/backend/Dockerfile), without Docker:
#
#   1. type declarations (yarn tsc) and the backend's workspace dependencies
#      (backstage-cli package build in each), the frontend (packages/app/dist) if missing;
#   2. the bundle: backstage-cli package build in packages/backend
#      -> packages/backend/dist/skeleton.tar.gz + bundle.tar.gz;
#   3. production dependencies only: the skeleton (every package.json) with yarn.lock,
#      then `yarn workspaces focus --all --production` against the local yarn cache
#      (offline); the result is kept per hash of yarn.lock + skeleton, as Docker keeps
#      that layer, so later runs reuse it;
#   4. the bundle unpacked over it, with app-config*.yaml: what the final stage holds.
#
#   deploy/test/build-production-bundle.sh <target-dir>
#
# The backend steps build only what the backend bundle contains (not the frontend
# plugins, which the app build already bundles), so the test stays within minutes.
set -euo pipefail
target="${1:?usage: build-production-bundle.sh <target-dir>}"
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/toolchain.sh"
cd "$ATRIUM_ROOT"
started=$SECONDS
say() { echo "production-bundle [$((SECONDS - started)) s]: $*" >&2; }

# Steps 1 and 2 write dist/ folders in the checkout: one build at a time.
exec 8>/tmp/atrium-backend-bundle.lock
flock 8

say "type declarations (yarn tsc)"
# Declarations are emitted even when some file has a type error; the type-check step of
# scripts/test.sh reports those, so a failure here does not stop the bundle.
yarn tsc >/dev/null 2>&1 || say "tsc reported type errors (see the type-check step); building anyway"

say "the backend's workspace dependencies"
node -e '
  const { PackageGraph } = require("@backstage/cli-node");
  (async () => {
    const packages = await PackageGraph.listTargetPackages();
    const graph = PackageGraph.fromPackages(packages);
    // The same walk as backstage-cli: local dependencies, not through bundled packages.
    const names = graph.collectPackageNames(["backend"], node =>
      node.packageJson.bundled ? undefined : node.publishedLocalDependencies.keys());
    for (const name of names) {
      const node = graph.get(name);
      const role = node.packageJson.backstage?.role;
      if (role !== "backend" && role !== "frontend") console.log(node.dir);
    }
  })().catch(e => { console.error(e); process.exit(1); });
' > /tmp/atrium-bundle-packages.$$
# Two at a time (the machines have two cores); a failure stops xargs (exit 255).
xargs -P 2 -I{} bash -c 'log=$(mktemp); cd "{}" &&
  if node "'"$ATRIUM_ROOT"'"/.yarn/releases/yarn-*.cjs backstage-cli package build > "$log" 2>&1;
  then rm -f "$log"; else cat "$log" >&2; rm -f "$log"; echo "build failed in {}" >&2; exit 255; fi' \
  < /tmp/atrium-bundle-packages.$$
rm -f /tmp/atrium-bundle-packages.$$

if [ ! -f packages/app/dist/index.html ]; then
  say "the frontend (packages/app)"
  # Not under any lock shared with the browser suite: scripts/test.sh runs this from
  # jest, before its own frontend build, so waiting on such a lock could deadlock.
  # Jest sets NODE_ENV=test, for which the app's browserslist has no entry and rspack
  # refuses to build: build as a production build, as scripts/test.sh does.
  (unset NODE_ENV BROWSERSLIST_ENV && atrium_build_frontend)
else
  # The bundle packs whatever build is there (scripts/test.sh and start.sh keep it
  # current); rebuilding it here would wait for a running browser suite.
  say "the frontend: packages/app/dist as built"
fi

say "the backend bundle"
(cd packages/backend && yarn backstage-cli package build --skip-build-dependencies > /dev/null)
dist="$ATRIUM_ROOT/packages/backend/dist"

say "production dependencies"
cache_root="${ATRIUM_BUNDLE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/atrium/production-deps}"
key="$(cat yarn.lock package.json .yarnrc.yml "$dist/skeleton.tar.gz" | sha256sum | cut -c1-16)"
deps="$cache_root/$key"
mkdir -p "$cache_root"
if [ ! -f "$deps/.complete" ]; then
  rm -rf "$deps" "$deps.partial"
  mkdir -p "$deps.partial/.yarn"
  cp yarn.lock package.json .yarnrc.yml backstage.json "$deps.partial/"
  cp -r .yarn/releases "$deps.partial/.yarn/"
  tar xzf "$dist/skeleton.tar.gz" -C "$deps.partial"
  # Offline: every package comes from the yarn cache the repo's install filled.
  (cd "$deps.partial" && NODE_ENV=production YARN_ENABLE_NETWORK=0 \
    node .yarn/releases/yarn-*.cjs workspaces focus --all --production > install.log 2>&1) ||
    { tail -30 "$deps.partial/install.log" >&2; exit 1; }
  touch "$deps.partial/.complete"
  mv "$deps.partial" "$deps"
  # Only the newest install is kept; removing the old one (~800 MB of small files) takes
  # minutes on a busy disk, so it happens in the background.
  find "$cache_root" -mindepth 1 -maxdepth 1 -type d ! -name "$key" ! -name '*.removing' \
    -exec mv {} {}.removing \;
  (rm -rf "$cache_root"/*.removing > /dev/null 2>&1 &)
else
  say "reusing $deps"
fi

say "assembling $target"
rm -rf "$target"
# Hard links: as cheap as a Docker layer, and unpacking the bundle replaces files
# rather than writing through the links into the cache.
cp -al "$deps" "$target"
tar xzf "$dist/bundle.tar.gz" -C "$target"
# As the Dockerfile does: no source maps (the frontend's would be served to anyone).
find "$target/packages" "$target/plugins" -path '*/node_modules' -prune -o -name '*.map' -type f -exec rm -f {} +
cp app-config.yaml app-config.production.yaml "$target/"
# As the Dockerfile does: the OpenTelemetry set-up its CMD loads with --require.
cp packages/backend/src/instrumentation.js "$target/"
# As the Dockerfile does: the product content the production config registers.
cp -r templates environments "$target/"
say "done"
