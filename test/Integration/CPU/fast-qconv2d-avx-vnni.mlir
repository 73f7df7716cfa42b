// REQUIRES: avxvnni
// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py conv %t.mlir
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.ref
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=avx-vnni" | %run_main | grep -v "Unranked Memref" > %t.fast
// RUN: count 14 < %t.ref
// RUN: diff %t.ref %t.fast
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=avx-vnni | FileCheck %s

// The avx-vnni implicit-GEMM convolution kernels agree bit for bit with the
// reference lowering on the 14 cases of test/lib/fast_kernel_cases.py:
// ResNet-like 7x7, 3x3 (stride 1 and 2, padding 1) and 1x1 layers, C = 3
// (channel padding), asymmetric padding, dilation, non-square strides and
// filters, NHWC and NCHW, fused requantize epilogues per tensor and per
// channel, weight zero points that need the per-row-sum correction, no
// bias, dynamic batch, more pixels than one cache
// block of rows, the kernel's own padding copies (rows of 140 bytes, 66
// channels padded pixel by pixel, a dynamic batch whose padded input is
// not a multiple of 64 bytes), filter rows of kw x C values padded to the
// dot group once per row. The reference is checked against numpy in
// qconv2d.mlir. Every case takes the fast path:

// CHECK-COUNT-14: call @__quantx_qconv2d_
// CHECK-NOT: quantx.qconv2d
