# Sourced by the image scripts (build-base-image.sh, build-image.sh, test-image.sh): the
# image names and how buildah is run here.
#
# Why these settings: no Docker engine runs here and no container registry is reachable.
# Debian's buildah builds without a daemon; on this kind of machine only the `vfs`
# storage driver and `chroot` isolation work (overlay mounts and the OCI runtimes'
# namespaces/rlimits are refused in the sandbox: `podman run` fails in crun with
# "setrlimit RLIMIT_NPROC: Operation not permitted"). vfs copies every layer in full,
# so the storage is large (several GB for one build) and slower to write than overlay.
ATRIUM_IMAGE_SCRIPTS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ATRIUM_REPO="$(cd "$ATRIUM_IMAGE_SCRIPTS/../.." && pwd)"
# The Node of the toolchain (scripts/toolchain.sh), read without sourcing it (sourcing
# it puts that Node first on PATH, which these scripts do not need).
ATRIUM_IMAGE_NODE_VERSION="$(sed -n 's/^ATRIUM_NODE_VERSION="\(.*\)"$/\1/p' "$ATRIUM_REPO/scripts/toolchain.sh")"
# The stand-in for node:22-bookworm-slim, and the image the Dockerfile builds from it.
ATRIUM_BASE_IMAGE="${ATRIUM_BASE_IMAGE:-localhost/atrium-node-base:$ATRIUM_IMAGE_NODE_VERSION-bookworm}"
ATRIUM_IMAGE="${ATRIUM_IMAGE:-localhost/atrium:test}"
export STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot
# Docker's image format: the OCI format has no HEALTHCHECK, so buildah's default (oci)
# would drop the Dockerfile's with only a warning.
export BUILDAH_FORMAT=docker

atrium_image_say() { echo "${ATRIUM_IMAGE_STEP:-image} [$((SECONDS - ${ATRIUM_IMAGE_STARTED:-0})) s]: $*" >&2; }
atrium_image_fail() { echo "${ATRIUM_IMAGE_STEP:-image}: FAILED: $*" >&2; exit 1; }

atrium_image_exists() { buildah inspect --type image "$1" > /dev/null 2>&1; }
