// REQUIRES: numpy
// RUN: rm -rf %t && %python %oracles/codebook_gram.py model %t
//
// quantx-calibrate input-gram run in process on .npy inputs, then
// quantx-codebook-quantize weighting its k-means with the result
// (test/lib/oracles/codebook_gram.py; numpy is the oracle).
//
// 1. The Gram matrices of a padded 3x3 stride-2 NHWC convolution (d = 9), a
//    2x2 dilation-2 NHWC convolution (d = 4; both KH * KW) and a
//    matmul (d = 8), against numpy's float64 im2col of the same runs.
// RUN: quantx-opt %t/conv.mlir --quantx-calibrate="inputs=%t/conv-in input-gram gram-block-size=8" -o %t/conv-d9.mlir
// RUN: %python %oracles/codebook_gram.py grams %t/conv-d9.mlir %t | FileCheck %s --check-prefix=GRAM
// GRAM: conv1: 4 Gram matrices of 9x9, {{.*}}: ok
// GRAM: conv2: 8 Gram matrices of 4x4, {{.*}}: ok
// GRAM: fc: 2 Gram matrices of 8x8, {{.*}}: ok
// GRAM: OK
//
// 2. The activation-weighted assignment lowers the output error on
//    held-out inputs, where the plain one cannot see which input features
//    matter (one layer built so that it must, one random with input columns
//    of very different scales). fa: 2 centroids for 4 blocks of 2; fb: 16
//    centroids for 1024 blocks of 2.
// RUN: quantx-opt %t/assign.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t/float.out
// RUN: quantx-opt %t/assign.mlir --quantx-codebook-quantize="block-size=2 num-centroids=2 clamp-centroids=0 skip=fb" --quantx-codebook-quantize="block-size=2 num-centroids=16 skip=fa" -o %t/plain.mlir
// RUN: quantx-opt %t/assign.mlir --quantx-calibrate="entry=net inputs=%t/assign-in input-gram gram-block-size=2" --quantx-codebook-quantize="block-size=2 num-centroids=2 clamp-centroids=0 skip=fb" --quantx-codebook-quantize="block-size=2 num-centroids=16 skip=fa" -o %t/weighted.mlir
// RUN: FileCheck %s --check-prefix=IR --input-file=%t/weighted.mlir
// IR-COUNT-2: quantx.codebook_dequantize
// RUN: quantx-opt %t/plain.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t/plain.out
// RUN: quantx-opt %t/weighted.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t/weighted.out
// RUN: %python %oracles/codebook_gram.py error %t %t/float.out %t/plain.out %t/weighted.out | FileCheck %s --check-prefix=ERROR
// ERROR: fa: output error plain {{.*}}: ok
// ERROR: fb: output error plain {{.*}}: ok
// ERROR: OK
