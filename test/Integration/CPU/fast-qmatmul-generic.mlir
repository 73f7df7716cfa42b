// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py matmul %t.mlir
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.ref
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=generic" | %run_main | grep -v "Unranked Memref" > %t.fast
// RUN: count 31 < %t.ref
// RUN: diff %t.ref %t.fast
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=generic | FileCheck %s

// The portable (generic) int8 GEMM kernels agree bit for bit with the reference
// lowering on the 31 cases of test/lib/fast_kernel_cases.py (odd M, N, K
// around the register tiles, K = 1, N = 1, M = 1, every rounding mode of the
// fused requantize epilogue, per-channel parameters, i8 and u8 activations,
// weight zero points that need the per-row-sum correction, runtime and
// absent biases, dynamic M, narrow-range and sub-byte weights, K = 1000, M over one
// cache block of rows, requantize shifts from 0 to 62 with ties and accumulators
// near the i32 limits).
// The reference itself is checked against numpy and gemmlowp in
// qmatmul.mlir and requantize-gemmlowp.mlir. Every case takes the fast path:

// CHECK-COUNT-31: call @__quantx_qmatmul_
// CHECK-NOT: quantx.qmatmul
