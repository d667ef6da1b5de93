# Shared by the scripts: paths, logging, and running as root when needed.
# shellcheck shell=bash
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export IMGBENCH_IMAGES=${IMGBENCH_IMAGES:-$repo/.cache/images}

say() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}
