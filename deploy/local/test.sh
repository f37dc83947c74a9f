#!/usr/bin/env bash
# Runs the whole test suite against real services: builds with a JDK >= 21, starts the private
# PostgreSQL+PostGIS and Redis (the tests would start them too; doing it first shows install
# progress up front), then `mvn verify`. Extra arguments go to Maven (e.g. -Dtest=SchemaMigrationTest).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
. "$here/lib/jdk.sh"
. "$here/lib/apt.sh"
. "$here/lib/promtool.sh"

command -v mvn >/dev/null 2>&1 || apt_ensure maven
command -v node >/dev/null 2>&1 || apt_ensure nodejs npm
# Glyph tests read DejaVu; the viewer test drives Debian's chromium; a dense tile is read back with
# GDAL's ogrinfo.
apt_ensure fonts-dejavu-core chromium gdal-bin
"$here/services.sh" start
# PrometheusRulesTest checks deploy/prometheus with promtool; GrafanaDashboardTest and
# AlertsFireTest run the Prometheus server of the same package; the edge's metrics come from mtail.
PROMTOOL="$(promtool_path "$repo")"
PROMETHEUS="$(prometheus_path "$repo")"
MTAIL="$(debian_tool "$repo" mtail mtail)"
export PROMTOOL PROMETHEUS MTAIL

cd "$repo"
exec mvn -B -ntp verify "$@"
