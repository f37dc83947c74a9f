# Sourced by the scripts that run a tool from a Debian package without installing it (installing
# prometheus or mtail would also start a system-wide service): unpacks the package into the
# checkout's .local/tools once and prints the path of one of its binaries.
#
#   debian_tool <repo> <package> <binary>
debian_tool() {
  local tools="$1/.local/tools" package="$2" binary="$3"
  if [ ! -x "$tools/usr/bin/$binary" ]; then
    mkdir -p "$tools"
    (cd "$tools" && { apt-get download "$package" >/dev/null 2>&1 \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && apt-get download "$package" >/dev/null; }; } \
      && dpkg-deb -x "$package"_*.deb . && rm -f "$package"_*.deb) >&2
  fi
  echo "$tools/usr/bin/$binary"
}
