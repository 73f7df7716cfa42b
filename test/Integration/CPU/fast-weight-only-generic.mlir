// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py weight-only %t.mlir
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.ref
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=generic" | %run_main | grep -v "Unranked Memref" > %t.fast
// RUN: count 12 < %t.ref
// RUN: diff %t.ref %t.fast
// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py weight-only-float %t.float.mlir %t.expected %t.tol
// RUN: quantx-opt %t.float.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=generic" | %run_main > %t.float
// RUN: %python %oracles/compare.py %t.float %t.expected --bits=f32 --tol=%t.tol
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=generic | FileCheck %s

// Weight-only matmuls (f32 activations, constant 2/4/8-bit weights through
// quantx.dequantize) on the generic kernels, which keep the codes packed and
// compute init + s * (sum x * q' - z' * sum x):
// * 9 cases with exact arithmetic (small integer activations and bias,
//   power-of-two scales: every product and partial sum is exact in f32)
//   print the same bits as the reference lowering: i4, u4, i2, u2, i8, u8,
//   per tensor and per column, odd M, N, K (K = 1, N = 1), dynamic M;
// * 3 cases with random reals stay within
//   (K + 4) * 2^-23 * sum_k |x| (|q - z| + |q'| + |z'|) s + 2^-24 |y| of the
//   float64 result computed by test/lib/fast_kernel_cases.py.

// CHECK-COUNT-9: call @__quantx_weight_only_i
// CHECK-NOT: linalg.matmul
