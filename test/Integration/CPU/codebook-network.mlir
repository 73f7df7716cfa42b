// REQUIRES: numpy
// RUN: %python %oracles/codebook_net.py model --mlir %t.model.mlir
// RUN: quantx-opt %t.model.mlir --quantx-codebook-quantize="num-centroids=512 report-file=%t.report" -o %t.quantized.mlir
// RUN: quantx-opt %t.quantized.mlir --quantx-fuse-codebook-matmul -o %t.fused.mlir
// RUN: FileCheck %s < %t.fused.mlir
// RUN: quantx-opt %t.fused.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.actual
// RUN: %python %oracles/codebook_net.py check --quantized %t.quantized.mlir --report %t.report --expected %t.expected --tol %t.tol
// RUN: %python %oracles/compare.py %t.actual %t.expected --bits=f32 --tol=%t.tol

// quantx-codebook-quantize then quantx-fuse-codebook-matmul on a small float
// network (test/lib/oracles/codebook_net.py): a first 3x3 NCHW convolution
// (left float), a 3x3 NCHW convolution (d = 9), a 3x3 NHWC convolution with
// stride 2 (d = 9), a 1x1 NHWC convolution (d = 8), a 256 x 64 matmul and a
// 128 x 128 matmul accumulating into a bias (512 centroids: i16 indices).
//
// The oracle reads the centroids and indices the pass chose out of the
// dense_resource blobs, rebuilds the weights from the documented layout,
// checks every number of the compression report (bytes, bits per weight,
// ratio, SQNR recomputed in numpy, totals), and runs the network in float64
// with the rebuilt weights: the fused network must match it within 1e-5 of
// each output's largest magnitude.

// The fused network keeps the first convolution and rebuilds no weight.
// CHECK-LABEL: func.func @net
// CHECK-NOT:     quantx.codebook_dequantize
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK-NOT:     quantx.codebook_dequantize
// CHECK-COUNT-5: quantx.codebook_matmul
// CHECK-NOT:     quantx.codebook_dequantize
// CHECK-LABEL: func.func @main
