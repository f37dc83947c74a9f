# Sourced by deploy/compose/up.sh, down.sh and test.sh: the project's name, its compose files and a
# podman-compose wrapper that keeps podman-compose's chatter in a log file.
# TILES_COMPOSE_PROJECT names the project (default tiles: containers tiles_<service>_<n>, network
# tiles_default, volumes tiles_<volume>); TILES_COMPOSE_PROFILES=observability adds observability.yaml.

compose_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
compose_repo="$(cd "$compose_dir/../.." && pwd)"
# shellcheck source=../image/lib/podman.sh
. "$compose_repo/deploy/image/lib/podman.sh"

project="${TILES_COMPOSE_PROJECT:-tiles}"
compose_state="$compose_repo/.local/compose"
compose_log="$compose_state/podman-compose.log"
mkdir -p "$compose_state"

compose_files=(-f compose.yaml)
case ",${TILES_COMPOSE_PROFILES:-}," in
  *,observability,*) compose_files+=(-f observability.yaml) ;;
esac

# podman-compose (run in deploy/compose: relative paths in the files are relative to it); its output
# goes to the log, which is printed when it fails.
compose() {
  echo "+ podman-compose ${compose_files[*]} $*" >>"$compose_log"
  if ! (cd "$compose_dir" && podman-compose -p "$project" "${compose_files[@]}" "$@") >>"$compose_log" 2>&1; then
    echo "podman-compose $* failed; its output:" >&2
    tail -n 40 "$compose_log" >&2
    return 1
  fi
}

# The names of a service's containers, in order (tiles_tile-server_1, ...).
containers_of() {
  podman ps -a --filter "label=io.podman.compose.project=$project" \
    --filter "label=com.docker.compose.service=$1" --format '{{.Names}}' | sort
}
