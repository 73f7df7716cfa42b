#!/usr/bin/env bash
# The model demo: the PaddleOCR text-direction classifier imported, compiled
# and run by quantx next to ONNX Runtime (examples/paddleocr/run_demo.py).
set -euo pipefail
build=${1:-build}
exec /usr/bin/python3 examples/paddleocr/run_demo.py --build "$build"
