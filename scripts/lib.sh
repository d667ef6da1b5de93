# Shared by the scripts: paths, logging, and running as root when needed.
# shellcheck shell=bash
# A failing command inside $(...) stops the script too (bash turns set -e off there otherwise).
shopt -s inherit_errexit
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export IMGBENCH_IMAGES=${IMGBENCH_IMAGES:-$repo/.cache/images}
export IMGBENCH_DB=${IMGBENCH_DB:-$repo/results/imgbench.sqlite}  # the results store
export IMGBENCH_SITE=${IMGBENCH_SITE:-$repo/reports/site}        # the rendered results page
# Kept outside the clone, shared by its checkouts: the arm64 sysroot of the aarch64 build.
export IMGBENCH_CACHE=${IMGBENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/imgbench}
aarch64_sysroot=$IMGBENCH_CACHE/sysroot-arm64

say() { echo "==> $*" >&2; }
die() { echo "error: $*" >&2; exit 2; }
# A command line the script cannot take: one line that points at its --help, exit 2.
usage_error() { die "$* (see scripts/$(basename "$0") --help)"; }

# --help or -h first: the script's usage, which is its header comment, and nothing done. (Only
# first: later arguments may be ctest's or imgbench bench's, passed on.)
case ${1:-} in
  --help | -h)
    sed -n '2,/^[^#]/{s/^# \{0,1\}//p}' "$0"
    exit 0 ;;
esac

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# The CPUs the aarch64 build is counted as under emulation (scripts/counts-aarch64, scripts/compare
# --counts --cpu): sets qemu_cpu (qemu's -cpu) and mca_cpu (llvm-mca's -mcpu, for the cycle
# estimate; LLVM has no Cortex-A76 model, and the Neoverse N1 is derived from it).
aarch64_cpu() {
  case "$1" in
    pi4) qemu_cpu=cortex-a72 mca_cpu=cortex-a72 ;;                          # Raspberry Pi 4
    pi5) qemu_cpu=cortex-a76 mca_cpu=neoverse-n1 ;;                         # Raspberry Pi 5
    graviton) qemu_cpu=max,sve-default-vector-length=32 mca_cpu=neoverse-v1 ;;  # 256-bit SVE
    *) usage_error "unknown --cpu '$1' (pi4, pi5 or graviton)" ;;
  esac
}
