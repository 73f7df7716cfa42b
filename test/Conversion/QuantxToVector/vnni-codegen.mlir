// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline="kernels=fast isa=avx512-vnni" | mlir-translate --mlir-to-llvmir > %t.ll
// RUN: FileCheck %s --check-prefix=IR < %t.ll
// RUN: llc -O3 -mtriple=x86_64-unknown-linux-gnu %t.ll -o - | FileCheck %s

/// What the AVX-512 VNNI kernel becomes, whatever the machine running the
/// test: the features come from the kernel function's `target_features`
/// (llc gets no -mattr). A 6 x 64 x 64 u8 x i8 matmul is one 6 x 4 register
/// tile; its reduction loop is 4 vector loads of packed weights, 6
/// broadcasts of activation groups and 24 vpdpbusd on zmm registers, with
/// no scalar multiply, byte extension or 32-bit vector multiply.

// IR: define {{.*}} @__quantx_qmatmul_avx512_vnni_0({{.*}}) #[[ATTR:[0-9]+]]
// IR-COUNT-24: call <16 x i32> @llvm.x86.avx512.vpdpbusd.512(<16 x i32> %{{.*}}, <64 x i8> %{{.*}}, <64 x i8> %{{.*}})
// IR: attributes #[[ATTR]] = { "min-legal-vector-width"="512" "target-features"="{{.*}}+avx512vnni{{.*}}" }

// CHECK-LABEL: __quantx_qmatmul_avx512_vnni_0:
//       CHECK: # =>This Inner Loop Header
//   CHECK-NOT: {{imul|movzb|movsb|vpmulld|vpmovzx|vpmovsx|vpmaddubsw}}
// CHECK-COUNT-24: vpdpbusd {{.*}}%zmm{{[0-9]+}}, %zmm{{[0-9]+}}, %zmm{{[0-9]+}}
//   CHECK-NOT: {{imul|movzb|movsb|vpmulld|vpmovzx|vpmovsx|vpmaddubsw|vpdpbusd}}
//       CHECK: j{{[a-z]+}} .LBB{{[0-9_]+}}
func.func @gemm(%a: tensor<6x64x!quant.uniform<u8:f32, 0.05:128>>) -> tensor<6x64xi32> {
  %w = arith.constant dense<3> : tensor<64x64xi8>
  %acc = quantx.qmatmul %a, %w : tensor<6x64x!quant.uniform<u8:f32, 0.05:128>>, tensor<64x64xi8> -> tensor<6x64xi32>
  return %acc : tensor<6x64xi32>
}
