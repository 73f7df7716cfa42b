// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline="kernels=fast isa=generic num-threads=2" | FileCheck %s

/// With num-threads=2 the fast kernels' row loop (scf.parallel) becomes an
/// OpenMP parallel region through upstream's convert-scf-to-openmp and
/// convert-openmp-to-llvm, and the whole pipeline reaches the LLVM dialect:
/// the memref.alloca_scope that convert-scf-to-openmp puts around each
/// loop body must be gone before convert-scf-to-cf (the pipeline
/// canonicalizes after convert-scf-to-openmp), or that pass fails on it.
/// (The smoke test test/Bench/smoke.test runs a 2-thread GEMM against the
/// reference lowering where libomp is installed.)

// CHECK-NOT: memref.alloca_scope
// CHECK: llvm.func @main
// CHECK: llvm.func @__quantx_qmatmul_generic_0
// CHECK: omp.parallel num_threads
// CHECK-NOT: scf.
// CHECK-NOT: memref.

func.func @main(%a: tensor<64x32x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<64x48x!quant.uniform<i8:f32, 0.05:-3>> {
  %ws = arith.constant dense<3> : tensor<32x48xi8>
  %w = quant.scast %ws : tensor<32x48xi8> to tensor<32x48x!quant.uniform<i8:f32, 0.02>>
  %b = arith.constant dense<7> : tensor<48xi32>
  %acc = quantx.qmatmul %a, %w bias %b : tensor<64x32x!quant.uniform<u8:f32, 0.05:128>>, tensor<32x48x!quant.uniform<i8:f32, 0.02>>, tensor<48xi32> -> tensor<64x48xi32>
  %y = quantx.requantize %acc multiplier [1482791985] shift [40] rounding<double_round> : tensor<64x48xi32> -> tensor<64x48x!quant.uniform<i8:f32, 0.05:-3>>
  return %y : tensor<64x48x!quant.uniform<i8:f32, 0.05:-3>>
}
