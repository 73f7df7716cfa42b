#!/usr/bin/env bash
# Installs what quantx needs on Debian 12 and is missing, with apt-get.
# Quiet when everything is there already.
#   scripts/setup.sh                 what `make check` needs
#   scripts/setup.sh demo-onnx       + the model demo's (PIL, DejaVu fonts)
#   scripts/setup.sh fashion-mnist   + PyTorch and the Fashion-MNIST data
#   scripts/setup.sh sanitizers      + what `make check-sanitizers` and
#                                    `make fuzz` need
#   scripts/setup.sh bench           + the benchmarks' peers (oneDNN, OpenBLAS, gemmlowp)
set -euo pipefail

packages=(
  cmake ninja-build ccache
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools clang-22 lld-22
  libgemmlowp-dev libgtest-dev libomp5-14
  python3 python3-numpy
  libonnx-dev libprotobuf-dev python3-onnx
)
for profile in "$@"; do
  case "$profile" in
    demo-onnx) packages+=(python3-pil fonts-dejavu-core) ;;
    fashion-mnist) packages+=(python3-torch dataset-fashion-mnist) ;;
    # The ASan/UBSan runtimes and libFuzzer (libclang_rt.fuzzer) for clang-22.
    sanitizers) packages+=(libclang-rt-22-dev) ;;
    bench) packages+=(libdnnl-dev libopenblas-dev libgemmlowp-dev) ;;
    *) echo "setup: unknown profile '$profile'" >&2; exit 1 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: need root to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
