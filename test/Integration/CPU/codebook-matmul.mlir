// REQUIRES: numpy
// RUN: %python %oracles/codebook.py matmul --mlir %t.mlir --expected %t.expected --tol %t.tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.actual
// RUN: %python %oracles/compare.py %t.actual %t.expected --bits=f32 --tol=%t.tol

// quantx.codebook_matmul (the reference table route of
// convert-quantx-to-linalg) and linalg.matmul on the weights rebuilt by
// quantx.codebook_dequantize, both against numpy's float64 x @ W on random
// data (test/lib/oracles/codebook.py). Tolerance: 1e-5 * sum_k |x||W| per
// element, which either f32 route meets with two orders of magnitude to
// spare.
//
// Cases: d in {4, 8, 9, 16} x C in {16, 256, 4096} with one shared codebook
// (i8 codes up to 256 centroids, i16 beyond, index 255 included to catch a
// signed read), one codebook per sub-space, two codebooks over two blocks
// each, f16 centroids, M = 1 (GEMV), a dynamic M, a single block, a single
// output column.
