#!/usr/bin/env bash
# The README's main job (make demo): the bundled example, compiled and run.
set -euo pipefail
build=${1:-build}
llvm=${2:-/usr/lib/llvm-22}
exec /usr/bin/python3 examples/demo/run_demo.py --build "$build" --llvm "$llvm"
