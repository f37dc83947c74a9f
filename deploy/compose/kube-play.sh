#!/usr/bin/env bash
# Runs the Kubernetes manifests of deploy/k8s with `podman kube play`, against the databases and
# Redis of deploy/compose (start those first: bash deploy/compose/up.sh), and checks that the pod
# becomes ready and serves a tile:
#
#   bash deploy/compose/kube-play.sh [up|down]      (default: up)
#
# Renders deploy/k8s/base with `kubectl kustomize` when kubectl is installed; without it, takes the
# base's deployment.yaml and service.yaml as they are plus a ConfigMap `tile-server` made from its
# tile-server.yaml (what kustomize's generator makes, without the hash suffix). Then changes only
# what podman needs, and says so in the played file (.local/compose/kube/play.yaml):
#   - keeps the ConfigMap, the Deployment and the Service (kube play has no HPA, PDB or NetworkPolicy);
#   - replicas 3 -> 1: podman 4.3 publishes a containerPort on the host, so a second replica would
#     find the port taken;
#   - the port is published on 127.0.0.1:TILES_KUBE_PORT (hostIP, hostPort) instead of every address;
#   - the env values taken from Secrets (secretKeyRef) become literal values: the compose's
#     primary, its Redis and a throwaway admin token (kube play reads podman secrets, not Secrets).
# The pod joins the compose network, where `postgis` and `redis` resolve. Probes: podman runs them
# through systemd timers, which this machine has not ("unable to get systemd connection" is printed
# and filtered out); this script polls /ready itself instead.
# Overrides: TILES_KUBE_PORT (default 13000), TILES_KUBE_WAIT (seconds, default 120),
#   TILES_COMPOSE_PROJECT (default tiles).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

port="${TILES_KUBE_PORT:-13000}"
wait_s="${TILES_KUBE_WAIT:-120}"
work="$compose_state/kube"
base="$compose_repo/deploy/k8s/base"
mkdir -p "$work"

# podman's complaints about healthcheck timers (no systemd here) are noise; everything else shows.
# (Through a file: the pod's conmon processes inherit podman's stderr and would hold a pipe open.)
quiet_podman() {
  local status=0
  podman "$@" 2>"$work/podman.err" || status=$?
  grep -v 'unable to get systemd connection' "$work/podman.err" >&2 || true
  return $status
}

down() {
  [ -f "$work/play.yaml" ] || return 0
  podman kube down "$work/play.yaml" >/dev/null 2>&1 || true   # also when nothing is left to remove
  # kube play keeps a ConfigMap's volume after the pod is gone.
  local volume
  for volume in $(python3 -c 'import sys, yaml
for d in yaml.safe_load_all(open(sys.argv[1])):
    if d and d["kind"] == "ConfigMap": print(d["metadata"]["name"])' "$work/play.yaml"); do
    podman volume rm -f "$volume" >/dev/null 2>&1 || true
  done
}

render() {
  if command -v kubectl >/dev/null 2>&1; then
    kubectl kustomize "$base" >"$work/rendered.yaml"
    echo "kube: rendered deploy/k8s/base with kubectl kustomize" >&2
  else
    python3 - "$base" >"$work/rendered.yaml" <<'PY'
import sys, yaml, pathlib
base = pathlib.Path(sys.argv[1])
config = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "tile-server"},
          "data": {"tile-server.yaml": (base / "tile-server.yaml").read_text()}}
docs = [config] + [yaml.safe_load((base / f).read_text()) for f in ("service.yaml", "deployment.yaml")]
yaml.safe_dump_all(docs, sys.stdout, sort_keys=False)
PY
    echo "kube: kubectl not installed; took deploy/k8s/base's files without kustomize" >&2
  fi
}

transform() {
  python3 - "$work/rendered.yaml" "$port" >"$work/play.yaml" <<'PY'
import sys, yaml
rendered, port = sys.argv[1], int(sys.argv[2])
literal = {"DATABASE_URL": "postgresql://tiles:tiles@postgis:5432/tiles",
           "REDIS_URL": "redis://redis:6379",
           "TILES_ADMIN_TOKEN": "kube-play-throwaway-admin-token"}
played = []
for doc in yaml.safe_load_all(open(rendered)):
    if not doc or doc["kind"] not in ("ConfigMap", "Service", "Deployment"):
        continue
    if doc["kind"] == "Deployment":
        doc["spec"]["replicas"] = 1
        container = doc["spec"]["template"]["spec"]["containers"][0]
        for env in container.get("env", []):
            if "secretKeyRef" in env.get("valueFrom", {}):
                del env["valueFrom"]
                env["value"] = literal[env["name"]]
        for p in container["ports"]:
            p["hostIP"], p["hostPort"] = "127.0.0.1", port
    played.append(doc)
print("# deploy/k8s/base for podman kube play: ConfigMap, Service, Deployment with replicas 1,\n"
      "# the port on 127.0.0.1:%d, Secret references as literal values (deploy/compose/kube-play.sh)." % port)
yaml.safe_dump_all(played, sys.stdout, sort_keys=False)
PY
}

case "${1:-up}" in
  up)
    podman_ready
    command -v curl >/dev/null 2>&1 || apt_ensure curl
    network="${project}_default"
    podman network exists "$network" || { echo "kube: no network $network: start the compose first (bash deploy/compose/up.sh)" >&2; exit 1; }
    image_exists localhost/tile-server:latest || bash "$compose_repo/deploy/image/build.sh" tile-server
    down
    render
    transform
    started=$SECONDS
    quiet_podman kube play --network "$network" "$work/play.yaml" >/dev/null
    ready="http://127.0.0.1:$port/ready"
    deadline=$((SECONDS + wait_s))
    until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$ready")" = 200 ]; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "kube: the pod was not ready within ${wait_s} s: $(curl -s --max-time 5 "$ready" || echo 'no answer')" >&2
        podman logs --tail 40 tile-server-pod-0-tile-server 2>&1 | grep -v 'effective config' | cut -c1-240 | tail -10 >&2
        exit 1
      fi
      sleep 1
    done
    tile="http://127.0.0.1:$port/tiles/listings/4/3/6.pbf"
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$tile")"
    if [ "$code" != 200 ]; then
      echo "kube: the pod is ready but $tile answered $code" >&2
      exit 1
    fi
    echo "kube: pod tile-server-pod-0 ready in $((SECONDS - started)) s and serving $tile (200) from the compose database" >&2
    ;;
  down)
    down
    echo "kube: removed" >&2
    ;;
  *) echo "usage: $0 [up|down]" >&2; exit 2 ;;
esac
