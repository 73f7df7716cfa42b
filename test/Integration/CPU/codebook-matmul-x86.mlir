// REQUIRES: numpy, avx512bw, avx512vbmi
// RUN: %python %oracles/codebook_lut.py --mlir %t.mlir --expected %t.expected --tol %t.tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="codebook-x86=1" | %run_main > %t.x86
// RUN: %python %oracles/compare.py %t.x86 %t.expected --bits=f32 --tol=%t.tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="codebook-x86=1 codebook-portable-lookups=1" | %run_main > %t.portable
// RUN: grep -v base@ %t.x86 > %t.x86.data
// RUN: grep -v base@ %t.portable > %t.portable.data
// RUN: diff %t.x86.data %t.portable.data
// RUN: %python %oracles/codebook_lut.py --table-bits 16 --group-blocks 8 --mlir %t16.mlir --expected %t16.expected --tol %t16.tol
// RUN: quantx-opt %t16.mlir --convert-quantx-to-x86="table-bits=16 group-blocks=8" --quantx-lower-to-llvm-pipeline | %run_main > %t16.x86
// RUN: %python %oracles/compare.py %t16.x86 %t16.expected --bits=f32 --tol=%t16.tol

// The x86 table-lookup lowering of quantx.codebook_matmul
// (convert-quantx-to-x86, vpermb/vpermi2b through convert-quantx-byte-lookup,
// as quantx-lower-to-llvm-pipeline runs them with codebook-x86=1)
// on random data, against numpy's float64 x @ W
// (test/lib/oracles/codebook_lut.py) within the bound that the quantized
// tables imply: half a table step per lookup, sum_j max|T_group(j)| / (2
// qmax) with qmax = 127 (8-bit tables) or 32767 (16-bit tables, two byte
// planes), plus f32 rounding. The same kernel with the element-wise lookups
// must print the same bits (the tables and sums are integers; only the
// lookup differs).
//
// Cases: C = 16, 100, 256 (1, 2 and 4 table registers) x d = 4, 8, 9, 16;
// GEMV with 64 blocks; M = 16; 37 blocks (a short last group); one codebook
// per sub-space; three codebooks with f16 centroids; an f16 result; centroids
// passed at run time (transposed by the kernel) shared and per sub-space;
// the same with 16-bit tables in groups of 8 blocks.
