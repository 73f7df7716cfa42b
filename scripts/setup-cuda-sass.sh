#!/usr/bin/env bash
# Fetches a SASS toolchain for the GPU tests: ptxas, cuobjdump and nvdisasm
# (which cuobjdump runs) of CUDA 11.8
# from Debian 12's non-free `nvidia-cuda-toolkit` package, unpacked (not
# installed) into third_party/cuda-sass/. The CUDA 13 install the GPU tests
# otherwise use ships ptxas but no disassembler, and CUDA 11.8's cuobjdump
# cannot read CUDA 13 cubins, so the SASS test assembles PTX ISA 7.8 with this
# ptxas and disassembles with this cuobjdump (docs/GPU.md).
#
#   scripts/setup-cuda-sass.sh             fails when it cannot fetch
#   scripts/setup-cuda-sass.sh --optional  for `make check`: warns and
#                                          succeeds (the SASS test is then
#                                          reported unsupported)
#
# Uses `apt-get download` with a private sources list (bookworm non-free) and
# private state directories: it needs no root and leaves the system's apt
# configuration alone. Quiet when the tools are there already.
set -uo pipefail
optional=0
[ "${1:-}" = "--optional" ] && optional=1
root="$(cd "$(dirname "$0")/.." && pwd)/third_party/cuda-sass"
pkg=nvidia-cuda-toolkit

give_up() {
  echo "setup-cuda-sass: $*" >&2
  if [ $optional -eq 1 ]; then
    echo "setup-cuda-sass: the SASS test will be unsupported" >&2
    exit 0
  fi
  exit 1
}

stamp="$root/tools/.quantx-fetched"
[ -f "$stamp" ] && [ -x "$root/tools/ptxas" ] && [ -x "$root/tools/cuobjdump" ] &&
  [ -x "$root/tools/nvdisasm" ] && exit 0

command -v apt-get >/dev/null || give_up "apt-get not found"
command -v dpkg-deb >/dev/null || give_up "dpkg-deb not found"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || give_up "$keyring not found"

work="$root/apt"
rm -rf "$work" "$root/tools"
mkdir -p "$work/sources" "$work/lists/partial" "$work/archives/partial" \
  "$root/tools" || give_up "cannot create $root"
cat > "$work/sources/non-free.sources" <<SOURCES
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: non-free
Signed-By: $keyring
SOURCES
apt_opts=(-o Dir::Etc::sourcelist=/dev/null
          -o Dir::Etc::sourceparts="$work/sources"
          -o Dir::State::Lists="$work/lists"
          -o Dir::Cache::Archives="$work/archives"
          -o Debug::NoLocking=1 -qq)
echo "setup-cuda-sass: fetching $pkg from Debian 12 non-free (~84 MB)"
timeout 300 apt-get "${apt_opts[@]}" update >/dev/null 2>&1 ||
  give_up "apt-get update of bookworm non-free failed"
(cd "$work" && timeout 600 apt-get "${apt_opts[@]}" download "$pkg") \
  >/dev/null 2>&1 || give_up "apt-get download $pkg failed"
deb=$(ls "$work"/"$pkg"_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || give_up "no $pkg .deb after the download"
dpkg-deb --fsys-tarfile "$deb" |
  tar -x -C "$root/tools" --strip-components=3 \
    ./usr/bin/ptxas ./usr/bin/cuobjdump ./usr/bin/nvdisasm ||
  give_up "cannot unpack ptxas, cuobjdump and nvdisasm from $deb"
rm -rf "$work"
"$root/tools/ptxas" --version >/dev/null 2>&1 || give_up "the unpacked ptxas does not run"
touch "$stamp"
echo "setup-cuda-sass: $("$root/tools/ptxas" --version | tail -1) in $root/tools"
