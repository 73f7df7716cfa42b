// REQUIRES: avx2
// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py gemv %t.mlir
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.ref
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=avx2" | %run_main | grep -v "Unranked Memref" > %t.fast
// RUN: count 13 < %t.ref
// RUN: diff %t.ref %t.fast
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=avx2 | FileCheck %s

// The avx2 int8 GEMV kernels (M = 1 and 2: two column panels reduced at
// once; M = 3, 4: the general tile) agree bit for bit with the reference
// lowering on the 13 small-M cases of test/lib/fast_kernel_cases.py
// (gemv_cases: N over several panels and not a multiple of one, K odd,
// K = 1, K = 1000 with extreme values, per-tensor and per-channel requantize
// in several rounding modes, weight zero points that need per-row sums, i8
// and u8 activations, i32 results with a runtime bias, no bias, sub-byte and
// narrow-range weights, a dynamic M of 1 and of 3). Every case takes the fast
// path:

// CHECK-COUNT-13: call @__quantx_qmatmul_
// CHECK-NOT: quantx.qmatmul
