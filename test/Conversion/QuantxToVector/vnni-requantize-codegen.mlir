// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline="kernels=fast isa=avx512-vnni" | mlir-translate --mlir-to-llvmir | llc -O3 -mtriple=x86_64-unknown-linux-gnu -o %t.s
// RUN: FileCheck %s < %t.s
// RUN: FileCheck %s --check-prefix=SAT < %t.s

/// The fused double_round requantize runs on 32-bit lanes: two `vpmuldq`
/// (even and odd lanes) per accumulator vector, both roundings in one
/// arithmetic shift per product (shift 40 >= 32), one `vpmovsdb`; no 64-bit
/// multiply, no widening of the accumulators to 64-bit lanes and no
/// narrowing back from them (all of which the 64-bit form had).

// CHECK-LABEL: __quantx_qmatmul_avx512_vnni_0:
// CHECK-COUNT-24: vpdpbusd {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm{{[0-9]+}}
//   CHECK-NOT: {{vpmullq|vpmov[sz]xdq|vpmovs?q[bwd]}}
// CHECK-COUNT-48: vpmuldq {{.*}}%zmm{{[0-9]+}}
//   CHECK-NOT: {{vpmullq|vpmov[sz]xdq|vpmovs?q[bwd]}}
//       CHECK: .Lfunc_end
// SAT-LABEL: __quantx_qmatmul_avx512_vnni_0:
// SAT-COUNT-24: vpmovsdb
//   SAT-NOT: vpmovsdb
//       SAT: .Lfunc_end
func.func @gemm_requant(%a: tensor<6x64x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<6x64x!quant.uniform<i8:f32, 0.05:-3>> {
  %w = arith.constant dense<3> : tensor<64x64xi8>
  %acc = quantx.qmatmul %a, %w : tensor<6x64x!quant.uniform<u8:f32, 0.05:128>>, tensor<64x64xi8> -> tensor<6x64xi32>
  %y = quantx.requantize %acc multiplier [1482791985] shift [40] rounding<double_round> : tensor<6x64xi32> -> tensor<6x64x!quant.uniform<i8:f32, 0.05:-3>>
  return %y : tensor<6x64x!quant.uniform<i8:f32, 0.05:-3>>
}
