#!/usr/bin/env bash
# Copies the generated op and pass references (add_mlir_doc, built with the
# project) into docs/generated/, where docs/README.md links them.
set -euo pipefail
build=${1:-build}
mkdir -p docs/generated
for f in "$build"/docs/Dialect/*.md "$build"/docs/Passes/*.md; do
  cp "$f" docs/generated/
done
echo "docs/generated/ updated from $build/docs"
