// REQUIRES: cuda-sass-tools
// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline="chip=sm_80 features=+ptx78" -o %t.80.mlir
// RUN: rm -rf %t.80 && %extract_gpu_objects %t.80.mlir %t.80 --ptxas=%sass_ptxas --arch=sm_80 --sass=%sass_cuobjdump > %t.80.sass
// RUN: FileCheck %s --check-prefixes=ARCH80,CHECK < %t.80.sass
// RUN: quantx-opt %s --quantx-lower-to-nvvm-pipeline="chip=sm_90 features=+ptx78" -o %t.90.mlir
// RUN: rm -rf %t.90 && %extract_gpu_objects %t.90.mlir %t.90 --ptxas=%sass_ptxas --arch=sm_90 --sass=%sass_cuobjdump > %t.90.sass
// RUN: FileCheck %s --check-prefixes=ARCH90,CHECK < %t.90.sass

/// The SASS of the tensor-core GEMM, checked with the CUDA 11.8 ptxas and
/// cuobjdump that scripts/setup-cuda-sass.sh unpacks from Debian's non-free
/// nvidia-cuda-toolkit (sass.test does the same with a CUDA toolkit that
/// ships cuobjdump itself). CUDA 11.8 reads PTX ISA up to 7.8, so the
/// pipeline emits that (features=+ptx78). The kernels must assemble for
/// sm_80 and sm_90 and multiply on the integer tensor cores (IMMA 16x8x32,
/// u8 and s8 activations), fed by ldmatrix (LDSM) and cp.async (LDGSTS).

// ARCH80:      quantx_kernels.sm_80.cubin: ptxas -arch=sm_80 ok
// ARCH80-EMPTY:
// ARCH80-NEXT: code for sm_80
// ARCH90:      quantx_kernels.sm_90.cubin: ptxas -arch=sm_90 ok
// ARCH90-EMPTY:
// ARCH90-NEXT: code for sm_90
// CHECK-DAG:   LDGSTS
// CHECK-DAG:   LDSM.16.M88.4
// CHECK-DAG:   IMMA.16832.U8.S8
// CHECK-DAG:   IMMA.16832.S8.S8

func.func @u8_i8_requantize(%a: tensor<64x96x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<96x48x!quant.uniform<i8:f32, 0.01:3>>, %bias: tensor<48xi32>) -> tensor<64x48x!quant.uniform<i8:f32, 0.05:-5>> {
  %acc = quantx.qmatmul %a, %w bias %bias : tensor<64x96x!quant.uniform<u8:f32, 0.02:128>>, tensor<96x48x!quant.uniform<i8:f32, 0.01:3>>, tensor<48xi32> -> tensor<64x48xi32>
  %y = quantx.requantize %acc multiplier [1717986918] shift [38] rounding<double_round> : tensor<64x48xi32> -> tensor<64x48x!quant.uniform<i8:f32, 0.05:-5>>
  return %y : tensor<64x48x!quant.uniform<i8:f32, 0.05:-5>>
}

func.func @i8_i8(%a: tensor<64x96xi8>, %w: tensor<96x48xi8>) -> tensor<64x48xi32> {
  %acc = quantx.qmatmul %a, %w : tensor<64x96xi8>, tensor<96x48xi8> -> tensor<64x48xi32>
  return %acc : tensor<64x48xi32>
}
