#!/usr/bin/env bash
# The codebook GEMV benchmark (make bench-codebook): 4096 x 4096 weights as
# a codebook (d = 8, C = 256, one shared codebook), M = 1, 4, 16, one thread.
# AOT-compiles quantx.codebook_matmul three ways from one module (the x86
# table-lookup kernel with 8- and 16-bit tables, and the reference table
# route of convert-quantx-to-linalg) and times them in one process against
# quantx's own dense f32 linalg.matmul of the same shape, OpenBLAS on the
# dense f32 weight, and rebuilding the weight then calling OpenBLAS
# (bench.cpp prints the table).
#
# usage: bench/codebook/bench.sh [BUILD] [REPS]
# Needs a CPU with AVX-512 BW and VBMI, and libopenblas-dev
# (scripts/setup.sh bench). OPENBLAS_CORETYPE=SkylakeX gives OpenBLAS its
# AVX-512 kernels on CPUs it does not recognise.
set -euo pipefail
build=${1:-build}
reps=${2:-50}
llvm=${LLVM:-/usr/lib/llvm-22}
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

grep -q avx512vbmi /proc/cpuinfo || {
  echo "bench-codebook: needs a CPU with AVX-512 VBMI (vpermb); skipped" >&2
  exit 0
}
/usr/bin/python3 "$here/bench_gen.py" "$out"

# One variant: the functions renamed with its prefix, lowered by
# quantx-lower-to-llvm-pipeline with the given options, compiled for this CPU.
compile() {
  local name=$1 options=$2 source=${3:-bench}
  sed "s/@codebook_gemv_/@${name}_/" "$out/$source.mlir" > "$out/$name.in.mlir"
  "$build/bin/quantx-opt" "$out/$name.in.mlir" \
    --quantx-lower-to-llvm-pipeline="$options" -o "$out/$name.llvm.mlir"
  "$llvm/bin/mlir-translate" --mlir-to-llvmir "$out/$name.llvm.mlir" \
    -o "$out/$name.ll"
  "$llvm/bin/llc" -O3 -mcpu=native -filetype=obj -relocation-model=pic \
    "$out/$name.ll" -o "$out/$name.o"
}
compile x86_8 "codebook-x86=1 codebook-table-bits=8"
compile x86_16 "codebook-x86=1 codebook-table-bits=16"
compile table_route ""
compile dense "" dense

"$llvm/bin/clang++" -O2 -std=c++17 -DBENCH_K=4096 -DBENCH_N=4096 \
  -I/usr/include/x86_64-linux-gnu "$here/bench.cpp" \
  "$out/x86_8.o" "$out/x86_16.o" "$out/table_route.o" "$out/dense.o" -lopenblas \
  -o "$out/bench"
"$out/bench" "$out" "$reps"
