# Sourced by the image scripts (build-base-image.sh, build-image.sh, test-image.sh): the
# image names and how buildah is run here.
#
# Why these settings: no Docker engine runs here and no container registry is reachable.
# Debian's buildah (1.28) builds without a daemon, with `chroot` isolation: `podman run`
# and buildah's default OCI isolation fail in this sandbox (crun is refused
# "setrlimit RLIMIT_NPROC: Operation not permitted"). The storage driver is passed on every
# call (buildah 1.28 ignores a STORAGE_DRIVER variable): overlay, which works here as root
# on the machine's own disk and is what docs/deployment.md's figures were measured with;
# ATRIUM_IMAGE_STORAGE_DRIVER=vfs for a machine that refuses overlay mounts (a full copy
# of the file system per layer: several times the disk and slower commits), kept in a
# storage of its own since one storage holds one driver's layers.
ATRIUM_IMAGE_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ATRIUM_REPO="$(cd "$ATRIUM_IMAGE_SCRIPTS/../.." && pwd)"
# The Node of the toolchain (scripts/toolchain.sh), read without sourcing it (sourcing
# it puts that Node first on PATH, which these scripts do not need).
ATRIUM_IMAGE_NODE_VERSION="$(sed -n 's/^ATRIUM_NODE_VERSION="\(.*\)"$/\1/p' "$ATRIUM_REPO/scripts/toolchain.sh")"
# The stand-in for node:22-bookworm-slim, and the image the Dockerfile builds from it.
ATRIUM_BASE_IMAGE="${ATRIUM_BASE_IMAGE:-localhost/atrium-node-base:$ATRIUM_IMAGE_NODE_VERSION-bookworm}"
ATRIUM_IMAGE="${ATRIUM_IMAGE:-localhost/atrium:test}"
ATRIUM_IMAGE_STORAGE_DRIVER="${ATRIUM_IMAGE_STORAGE_DRIVER:-overlay}"
export BUILDAH_ISOLATION=chroot
buildah() {
  if [ "$ATRIUM_IMAGE_STORAGE_DRIVER" = overlay ]; then
    command buildah --storage-driver overlay "$@"
  else
    command buildah --storage-driver "$ATRIUM_IMAGE_STORAGE_DRIVER" \
      --root "/var/lib/containers/storage-$ATRIUM_IMAGE_STORAGE_DRIVER" \
      --runroot "/run/containers/storage-$ATRIUM_IMAGE_STORAGE_DRIVER" "$@"
  fi
}
# Docker's image format: the OCI format has no HEALTHCHECK, so buildah's default (oci)
# would drop the Dockerfile's with only a warning.
export BUILDAH_FORMAT=docker

atrium_image_say() { echo "${ATRIUM_IMAGE_STEP:-image} [$((SECONDS - ${ATRIUM_IMAGE_STARTED:-0})) s]: $*" >&2; }
atrium_image_fail() { echo "${ATRIUM_IMAGE_STEP:-image}: FAILED: $*" >&2; exit 1; }

atrium_image_exists() { buildah inspect --type image "$1" > /dev/null 2>&1; }
