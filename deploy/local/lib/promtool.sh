# Sourced by test.sh: unpacks promtool from Debian's prometheus package into the checkout's .local/
# (installing the package would start a system-wide Prometheus) and prints its path.
promtool_path() {
  local tools="$1/.local/tools"
  if [ ! -x "$tools/usr/bin/promtool" ]; then
    mkdir -p "$tools"
    (cd "$tools" && { apt-get download prometheus >/dev/null 2>&1 \
        || { DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null && apt-get download prometheus >/dev/null; }; } \
      && dpkg-deb -x prometheus_*.deb . && rm -f prometheus_*.deb) >&2
  fi
  echo "$tools/usr/bin/promtool"
}
