#!/usr/bin/env bash
# make demo-qmatmul: one quantized matmul + requantize, compiled and run
# against gemmlowp and float64 (the README's main job is make demo).
set -euo pipefail
build=${1:-build}
llvm=${2:-/usr/lib/llvm-22}
exec /usr/bin/python3 examples/demo/run_demo.py --build "$build" --llvm "$llvm"
