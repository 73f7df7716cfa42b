// REQUIRES: numpy
// RUN: %python %oracles/codebook.py dequantize --mlir %t.mlir --expected %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.actual
// RUN: %python %oracles/compare.py %t.actual %t.expected --bits=f32

// quantx.codebook_dequantize against numpy's fancy indexing of the definition
// W[k, n] = centroids[g(k / d), codes[k / d, n], k mod d], reshaped to the
// weight layout that reduction_dims describes (test/lib/oracles/codebook.py).
// Exact: the op only moves values (and widens f16 exactly).
//
// Cases: K x N ([0]) and N x K ([1]) matmul weights; conv filters F x C x 3 x
// 3 ([1, 2, 3], d = 9, f16 centroids) and 3 x 3 x C x F with the same blocks
// ([2, 0, 1]) or blocks along the channels ([0, 1, 2]); one codebook per
// sub-space; 4096 centroids with i16 codes and an f16 result; two codebooks
// over a conv filter.
