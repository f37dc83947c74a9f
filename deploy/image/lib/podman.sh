# Sourced by deploy/image, deploy/compose: installs podman and its helpers from Debian packages when
# missing and points podman at deploy/image/containers.conf. Defines podman_ready and image_exists.

# shellcheck source=../../local/lib/apt.sh
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../local/lib" && pwd)/apt.sh"

export CONTAINERS_CONF="${CONTAINERS_CONF:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/containers.conf}"

# iptables is not pulled in by podman, yet netavark needs it for every container start.
podman_ready() {
  apt_ensure podman buildah crun runc fuse-overlayfs slirp4netns uidmap netavark aardvark-dns \
    catatonit iptables mmdebstrap podman-compose
}

image_exists() { podman image exists "$1"; }
