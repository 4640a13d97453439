#!/usr/bin/env bash
# Builds packages/backend/Dockerfile with buildah, as `docker build` would: all three
# stages, the RUN --mount=type=cache yarn cache, packages from the npm registry. The
# base is the local stand-in for node:22-bookworm-slim (build-base-image.sh, built first
# when missing); the result is $ATRIUM_IMAGE (localhost/atrium:test) in buildah's storage.
#
#   deploy/test/build-image.sh                 the committed sources (git HEAD)
#   ATRIUM_IMAGE_CONTEXT=worktree deploy/test/build-image.sh   the working tree as it is
#   ATRIUM_IMAGE_CONTEXT=/some/dir deploy/test/build-image.sh  another checkout
#   deploy/test/build-image.sh --no-cache      extra arguments go to `buildah bud`
#
# The committed sources by default: the build context is then exactly what CI and a
# fresh clone build, whatever is half-edited in the working tree. Layers are cached
# (--layers, as Docker does), and the yarn cache mount persists between builds in
# /var/tmp/buildah-cache-0, so a rebuild after a source change downloads nothing.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/image-env.sh"
"$ATRIUM_IMAGE_SCRIPTS/build-base-image.sh"
ATRIUM_IMAGE_STEP=build-image ATRIUM_IMAGE_STARTED=$SECONDS

context=""
log="$(mktemp /tmp/atrium-image-build.XXXXXX.log)"
cleanup() { if [ -n "$context" ]; then rm -rf "$context"; fi; }
trap cleanup EXIT
if [ "${ATRIUM_IMAGE_CONTEXT:-commit}" = worktree ]; then
  dir="$ATRIUM_REPO"
  atrium_image_say "context: the working tree (.dockerignore applies)"
elif [ "${ATRIUM_IMAGE_CONTEXT:-commit}" != commit ]; then
  dir="$(cd "$ATRIUM_IMAGE_CONTEXT" && pwd)"
  atrium_image_say "context: $dir (.dockerignore applies)"
else
  context="$(mktemp -d /var/tmp/atrium-image-context.XXXXXX)"
  git -C "$ATRIUM_REPO" archive HEAD | tar -x -C "$context"
  dir="$context"
  atrium_image_say "context: git HEAD $(git -C "$ATRIUM_REPO" rev-parse --short HEAD)"
fi

atrium_image_say "buildah bud -> $ATRIUM_IMAGE (log: $log)"
# Network: chroot isolation runs RUN steps in the host's network (apt, the npm registry).
if ! buildah bud --isolation chroot --layers --force-rm --pull=never \
    --build-arg NODE_IMAGE="$ATRIUM_BASE_IMAGE" \
    -f "$dir/packages/backend/Dockerfile" -t "$ATRIUM_IMAGE" "$@" "$dir" > "$log" 2>&1; then
  tail -40 "$log" >&2
  atrium_image_fail "buildah bud (full log: $log)"
fi
# Each step, and whether its layer came from the cache.
grep -E '^(\[[0-9]+/[0-9]+\] STEP|--> Using cache)' "$log" | cut -c1-140 | sed 's/^/  /' >&2 || true
atrium_image_say "built $ATRIUM_IMAGE in $((SECONDS - ATRIUM_IMAGE_STARTED)) s: $(buildah images --format '{{.Size}}' "$ATRIUM_IMAGE")"
rm -f "$log"
