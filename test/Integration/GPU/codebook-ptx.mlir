// REQUIRES: ptxas
// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline="chip=sm_80" -o %t.sm80.mlir
// RUN: rm -rf %t.sm80 && %extract_gpu_objects %t.sm80.mlir %t.sm80 --ptxas=%ptxas --arch=sm_80 | FileCheck %s --check-prefix=SM80
// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline="chip=sm_90" -o %t.sm90.mlir
// RUN: rm -rf %t.sm90 && %extract_gpu_objects %t.sm90.mlir %t.sm90 --ptxas=%ptxas --arch=sm_90 | FileCheck %s --check-prefix=SM90
// RUN: cat %t.sm80/*.ptx | FileCheck %s --check-prefix=PTX
// RUN: FileCheck %s --check-prefix=TABLE < %t.sm80/quantx_kernels.ptx

/// The codebook ops on the GPU: codebook_matmul as the shared-memory table
/// kernel (CodebookKernels.cpp), codebook_dequantize (the reference) through
/// its reference lowering mapped to elementwise kernels. They lower for
/// Ampere and Hopper and ptxas accepts every kernel. The table kernel
/// declares its tables in shared memory, writes them (st.shared), waits
/// (bar.sync) and reads them (ld.shared); the only global stores are the
/// outputs' (f32 or f16). The indices are signless i8 read as unsigned: the
/// PTX loads bytes (ld.global.b8) and never sign-extends them (no
/// ld.global.s8, no cvt from .s8).

// SM80: ptxas -arch=sm_80 ok
// SM90: ptxas -arch=sm_90 ok
// PTX-NOT: {{ld.global.s8|cvt.s[0-9]+.s8}}
// PTX:     ld.global.b8
// PTX-NOT: {{ld.global.s8|cvt.s[0-9]+.s8}}

// TABLE:     .entry codebook_matmul
// TABLE:     .shared .align 4 .b8 {{.*}}[8192];
// TABLE-NOT: st.global
// TABLE:     st.shared.b32
// TABLE-NOT: st.global
// TABLE:     bar.sync
// TABLE-NOT: st.global
// TABLE:     ld.global.b8
// TABLE-NOT: st.global
// TABLE:     ld.shared.b32
// TABLE-NOT: st.global
// TABLE:     bar.sync
// TABLE:     st.global.b16
// TABLE:     .entry codebook_matmul
// TABLE:     .shared .align 4 .b8 {{.*}}[512];
// TABLE-NOT: st.global
// TABLE:     st.shared.b32
// TABLE-NOT: st.global
// TABLE:     bar.sync
// TABLE-NOT: st.global
// TABLE:     ld.shared.b32
// TABLE-NOT: st.global
// TABLE:     bar.sync
// TABLE:     st.global.b32
func.func @codebook_matmul(%x: tensor<4x64xf32>, %c: tensor<16x8xf32>, %codes: tensor<8x32xi8>) -> tensor<4x32xf32> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<4x64xf32>, tensor<16x8xf32>, tensor<8x32xi8> -> tensor<4x32xf32>
  return %y : tensor<4x32xf32>
}
func.func @codebook_matmul_dynamic_f16(%x: tensor<?x64xf16>, %c: tensor<2x256x8xf16>, %codes: tensor<8x32xi8>) -> tensor<?x32xf16> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<?x64xf16>, tensor<2x256x8xf16>, tensor<8x32xi8> -> tensor<?x32xf16>
  return %y : tensor<?x32xf16>
}
func.func @codebook_dequantize(%c: tensor<4x16x4xf32>, %codes: tensor<4x10xi8>) -> tensor<16x10xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x16x4xf32>, tensor<4x10xi8> -> tensor<16x10xf32>
  return %w : tensor<16x10xf32>
}
