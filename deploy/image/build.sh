#!/usr/bin/env bash
# Builds the project's container images from nothing but Debian packages and Maven, with podman:
#
#   bash deploy/image/build.sh [base|tile-server|postgis|redis|edge|prometheus ...]   (default: all)
#
#   localhost/tiles-debian:bookworm  Debian bookworm minbase, made by mmdebstrap from the host's apt mirror
#   localhost/tile-server:latest     the server's jar on a jlink'd runtime of the build JDK, user 10001
#   localhost/tiles-postgis:15       PostgreSQL 15 + PostGIS 3; primary, or streaming replica of TILES_PG_PRIMARY
#   localhost/tiles-redis:7          Redis, listening on the container's network
#   localhost/tiles-edge:latest      nginx with deploy/cdn's caching edge, origins from TILES_ORIGIN
#   localhost/tiles-prometheus:latest  Prometheus (deploy/compose's observability profile)
#
# Idempotent: the base is made once (TILES_IMAGE_REFRESH=1 makes it again, with the mirror's updates),
# the jar is rebuilt only when its sources changed, jdeps and jlink run only when the jar or the JDK
# did, and podman's layer cache keeps every unchanged step. Prints each image's time and size.
# Installs podman, mmdebstrap and podman-compose from Debian packages when missing; needs root.
# Overrides: TILES_DEBIAN_MIRROR, TILES_DEBIAN_SECURITY_MIRROR (default: from /etc/apt/sources*),
#   TILES_IMAGE_DIR (staging, default <repo>/.local/image), TILES_MVN_ARGS (extra Maven arguments,
#   e.g. -o), TILES_IMAGE_REFRESH=1.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=lib/podman.sh
. "$here/lib/podman.sh"

stage_root="${TILES_IMAGE_DIR:-$repo/.local/image}"
base_image=localhost/tiles-debian:bookworm
started=$SECONDS
built=()

# "URI SUITE" for every suite of every Debian source the host's apt reads (one-line and deb822 files).
apt_suites() {
  local file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$file" ] || continue
    sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$file" | awk '$1 == "deb" { print $2, $3 }'
  done
  for file in /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    awk 'BEGIN { RS = "" }
         { uris = ""; suites = ""; types = ""; enabled = "yes"
           n = split($0, lines, "\n")
           for (i = 1; i <= n; i++) {
             line = lines[i]; sub(/#.*/, "", line)
             if (line ~ /^URIs:/)    { sub(/^URIs:[ \t]*/, "", line); uris = line }
             if (line ~ /^Suites:/)  { sub(/^Suites:[ \t]*/, "", line); suites = line }
             if (line ~ /^Types:/)   { types = line }
             if (line ~ /^Enabled:[ \t]*no/) { enabled = "no" }
           }
           if (types !~ /(^|[ \t])deb([ \t]|$)/ || enabled == "no") next
           nu = split(uris, u, /[ \t]+/); ns = split(suites, s, /[ \t]+/)
           for (a = 1; a <= nu; a++) for (b = 1; b <= ns; b++) if (u[a] != "" && s[b] != "") print u[a], s[b] }' "$file"
  done
}

mirror_for() {  # the first URI that serves suite $1
  apt_suites | awk -v suite="$1" '$2 == suite { sub(/\/$/, "", $1); print $1; exit }'
}

base_done=""
build_base() {
  [ -z "$base_done" ] || return 0
  base_done=yes
  if image_exists "$base_image" && [ -z "${TILES_IMAGE_REFRESH:-}" ]; then
    echo "base: $base_image exists (TILES_IMAGE_REFRESH=1 makes it again)" >&2
    return
  fi
  local mirror security tar="$stage_root/debian-bookworm.tar"
  mirror="${TILES_DEBIAN_MIRROR:-$(mirror_for bookworm)}"
  mirror="${mirror:-http://deb.debian.org/debian}"
  security="${TILES_DEBIAN_SECURITY_MIRROR:-$(mirror_for bookworm-security)}"
  security="${security:-http://deb.debian.org/debian-security}"
  echo "base: mmdebstrap bookworm from $mirror and $security" >&2
  mkdir -p "$stage_root"
  # Documentation, manuals and translations are left out of this and of every later apt install in
  # the images (mmdebstrap keeps the dpkg and apt options in /etc/dpkg and /etc/apt of the image);
  # policy-rc.d keeps package scripts from starting services (nginx, redis, prometheus) in a build.
  mmdebstrap --quiet --variant=minbase --include=ca-certificates \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/info/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --customize-hook='printf "#!/bin/sh\n# no service starts while images build\nexit 101\n" >"$1/usr/sbin/policy-rc.d"' \
    --customize-hook='chmod 0755 "$1/usr/sbin/policy-rc.d"' \
    bookworm "$tar" \
    "deb $mirror bookworm main" "deb $mirror bookworm-updates main" "deb $security bookworm-security main"
  podman import --quiet --change 'CMD ["/bin/bash"]' "$tar" "$base_image" >/dev/null
  rm -f "$tar"
}

# Copies $1 to $2 only when the bytes differ, so podman's cache of the COPY step stays valid.
stage_file() {
  cmp -s "$1" "$2" 2>/dev/null || cp "$1" "$2"
}

# The jar, the JDK modules it needs (jdeps, plus two it loads by name) as a jlink'd runtime.
stage_tile_server() {
  local stage="$stage_root/tile-server" jar="$repo/tile-server/target/tile-server.jar"
  mkdir -p "$stage"
  # shellcheck source=../local/lib/jdk.sh
  . "$repo/deploy/local/lib/jdk.sh"
  if [ ! -f "$jar" ] || [ -n "$(find "$repo/pom.xml" "$repo/tile-server/pom.xml" "$repo/tile-server/src/main" \
         "$repo/sql" "$repo/styles" -newer "$jar" -type f -print -quit)" ]; then
    command -v mvn >/dev/null 2>&1 || apt_ensure maven
    command -v npm >/dev/null 2>&1 || apt_ensure nodejs npm
    echo "tile-server: building $jar" >&2
    (cd "$repo" && mvn -B -ntp -q ${TILES_MVN_ARGS:-} -pl tile-server package -DskipTests)
  fi
  stage_file "$jar" "$stage/tile-server.jar"

  local jar_sum jdk modules
  jar_sum="$(sha256sum "$stage/tile-server.jar" | cut -d' ' -f1)"
  jdk="$("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
  if [ "$(cat "$stage/modules.jar" 2>/dev/null)" != "$jar_sum" ]; then
    echo "tile-server: jdeps" >&2
    modules="$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --multi-release 21 --print-module-deps "$stage/tile-server.jar")"
    # Loaded by name, so jdeps cannot see them: jdk.zipfs (the server opens its own jar as a zip file
    # system to read the packaged styles; without it `serve` stops with 'Provider "jar" not found'),
    # jdk.crypto.ec (elliptic-curve TLS, rediss:// or sslmode=require, on JDK 21; an empty module on
    # later JDKs, where java.base holds the curves).
    modules+=",jdk.zipfs"
    "$JAVA_HOME/bin/java" --list-modules | grep -q '^jdk.crypto.ec@' && modules+=",jdk.crypto.ec"
    echo "$modules" >"$stage/modules"
    echo "$jar_sum" >"$stage/modules.jar"
  fi
  modules="$(cat "$stage/modules")"
  if [ "$(cat "$stage/runtime.for" 2>/dev/null)" != "$jdk $modules" ] || [ ! -x "$stage/runtime/bin/java" ]; then
    echo "tile-server: jlink $modules" >&2
    rm -rf "$stage/runtime"
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
      --compress=zip-6 --output "$stage/runtime"
    echo "$jdk $modules" >"$stage/runtime.for"
  fi
  stage_file "$here/tile-server/tile-server-probe" "$stage/tile-server-probe"
  stage_file "$here/tile-server/tile-server.yaml" "$stage/tile-server.yaml"
  stage_file "$repo/deploy/jvm.options" "$stage/jvm.options"
}

# build NAME IMAGE CONTEXT: podman build of deploy/image/NAME/Containerfile, timed.
build() {
  local name="$1" image="$2" context="$3" t0=$SECONDS old new
  old="$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)"
  echo "$name: podman build $image" >&2
  podman build --pull=never --quiet --layers -f "$here/$name/Containerfile" -t "$image" "$context" >/dev/null
  new="$(podman image inspect --format '{{.Id}}' "$image")"
  # The image this one replaces, unless a container still uses it (its layers stay cached).
  if [ -n "$old" ] && [ "$old" != "$new" ]; then podman rmi "$old" >/dev/null 2>&1 || true; fi
  built+=("$image $((SECONDS - t0))")
}

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(base tile-server postgis redis edge prometheus)
podman_ready
for target in "${targets[@]}"; do
  t0=$SECONDS
  case "$target" in
    base) build_base; built+=("$base_image $((SECONDS - t0))") ;;
    tile-server)
      build_base
      stage_tile_server
      build tile-server localhost/tile-server:latest "$stage_root/tile-server"
      built[-1]="localhost/tile-server:latest $((SECONDS - t0))" ;;
    postgis) build_base; build postgis localhost/tiles-postgis:15 "$here/postgis" ;;
    redis) build_base; build redis localhost/tiles-redis:7 "$here/redis" ;;
    # The edge's context is the repository's deploy/ folder: the image runs deploy/cdn/edge.sh itself.
    edge) build_base; build edge localhost/tiles-edge:latest "$repo/deploy" ;;
    prometheus) build_base; build prometheus localhost/tiles-prometheus:latest "$here/prometheus" ;;
    *) echo "unknown image '$target' (base, tile-server, postgis, redis, edge, prometheus)" >&2; exit 2 ;;
  esac
done

echo >&2
printf '%-36s %8s %10s\n' image seconds size >&2
for line in "${built[@]}"; do
  set -- $line
  printf '%-36s %8s %10s\n' "$1" "$2" "$(podman image inspect --format '{{.Size}}' "$1" | awk '{ printf "%.0f MB", $1 / 1e6 }')" >&2
done
echo "total: $((SECONDS - started)) s" >&2
