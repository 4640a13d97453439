#!/usr/bin/env bash
# Inspects the built image ($ATRIUM_IMAGE): prints its size and each layer's size with
# the Dockerfile step that made it, looks for secrets in every layer, and checks the
# final stage's files (check-image-files.mjs: no TypeScript sources, tests, source maps
# or dev dependencies). Fails (exit 1, "inspect-image: FAILED: ...") on any violation.
#
#   deploy/test/inspect-image.sh [file of variable names]
#
# Each line of the file names an environment variable holding a secret (test-image.sh
# passes the tokens it gave the portal); none of their values may be in any layer.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/image-env.sh"
ATRIUM_IMAGE_STEP=inspect-image ATRIUM_IMAGE_STARTED=$SECONDS
secret_names_file="${1:-}"
atrium_image_exists "$ATRIUM_IMAGE" || atrium_image_fail "no image $ATRIUM_IMAGE"

work="$(mktemp -d /var/tmp/atrium-image-inspect.XXXXXX)"
container=""
cleanup() {
  [ -n "$container" ] && buildah rm "$container" > /dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

# The layers as a registry would receive them, uncompressed (-D): one tar each.
buildah push -D --quiet "$ATRIUM_IMAGE" "dir:$work/image" > /dev/null
manifest="$work/image/manifest.json"
config="$work/image/$(jq -r '.config.digest | sub("^sha256:"; "")' "$manifest")"
mapfile -t layers < <(jq -r '.layers[].digest | sub("^sha256:"; "")' "$manifest")
# The history entries that made a layer, in the layers' order.
mapfile -t steps < <(jq -r '.history[] | select(.empty_layer != true) | .created_by // "" | gsub("\\s+"; " ") | .[0:110]' "$config")
[ "${#steps[@]}" = "${#layers[@]}" ] || atrium_image_fail "${#layers[@]} layers but ${#steps[@]} history entries"

total=0
echo "layers of $ATRIUM_IMAGE (uncompressed):" >&2
for i in "${!layers[@]}"; do
  size="$(stat -c %s "$work/image/${layers[$i]}")"
  total=$((total + size))
  printf '  %8.1f MB  %s\n' "$(echo "$size / 1000000" | bc -l)" "${steps[$i]}" >&2
done
printf '  %8.1f MB  in %d layers (buildah images: %s)\n' "$(echo "$total / 1000000" | bc -l)" "${#layers[@]}" \
  "$(buildah images --format '{{.Size}}' "$ATRIUM_IMAGE")" >&2

if [ -n "$secret_names_file" ]; then
  : > "$work/secrets"
  while read -r name; do
    [ -n "${!name:-}" ] || atrium_image_fail "no value for the secret $name"
    echo "${!name}" >> "$work/secrets"
  done < "$secret_names_file"
  for i in "${!layers[@]}"; do
    found="$(grep -a -o -F -f "$work/secrets" "$work/image/${layers[$i]}" | sort -u || true)"
    if [ -n "$found" ]; then
      names="$(grep -F -x -f <(echo "$found") "$work/secrets" | while read -r value; do
        while read -r name; do [ "${!name}" = "$value" ] && echo "$name"; done < "$secret_names_file"; done | tr '\n' ' ')"
      atrium_image_fail "layer $((i + 1)) (${steps[$i]}) holds the secrets $names"
    fi
  done
  atrium_image_say "ok: none of $(wc -l < "$work/secrets") secrets in any of the ${#layers[@]} layers"
fi

container="$(buildah from --pull=never "$ATRIUM_IMAGE")"
root="$(buildah mount "$container")"
node "$ATRIUM_IMAGE_SCRIPTS/check-image-files.mjs" "$root" || atrium_image_fail "the final stage's files (above)"
buildah umount "$container" > /dev/null
atrium_image_say "ok: built code and production dependencies only"
