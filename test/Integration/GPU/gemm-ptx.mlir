// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline -o %t.mlir
// RUN: rm -rf %t.objs && %extract_gpu_objects %t.mlir %t.objs
// RUN: FileCheck %s --check-prefix=MMA < %t.objs/quantx_kernels.ptx
// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline="kernel=dp4a" -o %t.dp4a.mlir
// RUN: rm -rf %t.dp4a && %extract_gpu_objects %t.dp4a.mlir %t.dp4a
// RUN: FileCheck %s --check-prefix=DP4A < %t.dp4a/quantx_kernels.ptx

/// The PTX of the GEMM kernels (NVPTX back end, PTX ISA 8.0, sm_80): the
/// tensor-core kernel copies tiles with cp.async.cg (L1 bypass) into shared
/// memory, reads them with ldmatrix, multiplies u8 x s8 into s32 with
/// mma.sync m16n8k32 without .satfinite (wrapping, as the reference's
/// arith.addi), and synchronizes the stages with cp.async groups and
/// bar.sync. The dp4a kernel uses dp4a.u32.s32 and butterfly shuffles.

// MMA:     .target sm_80
// MMA:     cp.async.cg.shared.global [{{.*}}], [{{.*}}], 16, {{.*}};
// MMA:     cp.async.commit_group
// MMA:     cp.async.wait_group 1
// MMA:     bar.sync 0
// MMA:     ldmatrix.sync.aligned.m8n8.x4.shared.b16
// MMA:     ldmatrix.sync.aligned.m8n8.x2.shared.b16
// MMA-NOT: satfinite
// MMA:     mma.sync.aligned.m16n8k32.row.col.s32.u8.s8.s32
// MMA-NOT: satfinite
// MMA:     st.global.b8

// DP4A:     dp4a.u32.s32
// DP4A:     shfl.sync.bfly.b32
// DP4A:     st.global.b8
func.func @u8_i8_requantize(%a: tensor<64x96x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<96x48x!quant.uniform<i8:f32, 0.01:3>>, %bias: tensor<48xi32>) -> tensor<64x48x!quant.uniform<i8:f32, 0.05:-5>> {
  %acc = quantx.qmatmul %a, %w bias %bias : tensor<64x96x!quant.uniform<u8:f32, 0.02:128>>, tensor<96x48x!quant.uniform<i8:f32, 0.01:3>>, tensor<48xi32> -> tensor<64x48xi32>
  %y = quantx.requantize %acc multiplier [1717986918] shift [38] rounding<double_round> : tensor<64x48xi32> -> tensor<64x48x!quant.uniform<i8:f32, 0.05:-5>>
  return %y : tensor<64x48x!quant.uniform<i8:f32, 0.05:-5>>
}
