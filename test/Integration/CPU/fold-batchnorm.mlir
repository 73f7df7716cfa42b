// REQUIRES: numpy
// RUN: %python %oracles/bnnet.py --mlir %t.mlir --expected %t.f64 --tol %t.tol --fold-tol %t.fold-tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.unfolded
// RUN: quantx-opt %t.mlir --quantx-fold-batchnorm | FileCheck %s --implicit-check-not=quantx.batch_norm \
// RUN:   --implicit-check-not=math.rsqrt --implicit-check-not=arith.subf --implicit-check-not=arith.mulf \
// RUN:   --implicit-check-not=arith.divf --implicit-check-not=linalg.sub --implicit-check-not=linalg.mul
// RUN: quantx-opt %t.mlir --quantx-fold-batchnorm --quantx-lower-to-llvm-pipeline | %run_main > %t.folded
// RUN: %python %oracles/compare.py %t.unfolded %t.f64 --bits=f32 --tol=%t.tol
// RUN: grep -v "Unranked Memref" %t.unfolded > %t.unfolded.data
// RUN: %python %oracles/compare.py %t.folded %t.unfolded.data --bits=f32 --tol=%t.fold-tol

// A float conv net with six batch norms, one per form quantx-fold-batchnorm
// folds (test/lib/oracles/bnnet.py: quantx.batch_norm after NCHW conv, grouped
// conv and matmul + bias; linalg.sub/mul/add of broadcasts after an NHWC
// conv; torch-mlir's rsqrt generic after an NHWC depthwise conv; arith ops on
// full-shape constants after a dilated NCHW depthwise conv), with ReLU/ReLU6
// between the layers and weights from a fixed seed.
//
// 1. The unfolded net agrees with numpy's float64 evaluation within
//    1e-4 (|y| + max|y|) per element (measured: 1.6e-6 relative).
// 2. After folding no batch-norm op is left.
// 3. The folded net agrees with the unfolded one within 1e-5 (|y| + max|y|)
//    per element: 1e-5 relative to the element or to the largest output,
//    whichever is larger (measured: at most 8.2e-6 relative to the element,
//    1.2e-7 relative to the largest output).

// CHECK-LABEL: func.func @net
// CHECK:         linalg.conv_2d_nchw_fchw
// CHECK:         linalg.conv_2d_nhwc_hwcf
// CHECK:         linalg.depthwise_conv_2d_nhwc_hwc
// CHECK:         linalg.conv_2d_ngchw_gfchw
// CHECK:         linalg.depthwise_conv_2d_nchw_chw
// CHECK:         linalg.matmul
// CHECK-LABEL: func.func @main
