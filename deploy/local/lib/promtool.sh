# Sourced by test.sh: promtool and the Prometheus server from Debian's prometheus package, unpacked
# into the checkout's .local/tools (installing the package would start a system-wide Prometheus).
. "$(dirname "${BASH_SOURCE[0]}")/debian-tool.sh"

promtool_path() {
  debian_tool "$1" prometheus promtool
}

prometheus_path() {
  debian_tool "$1" prometheus prometheus
}
