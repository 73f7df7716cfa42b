// RUN: quantx-opt %s --convert-quantx-to-nvvm="remarks=true" --split-input-file -verify-diagnostics -o /dev/null

/// With `remarks`, every integer kernel left to the reference lowering says
/// why: one case per reason.

func.func @negative_i16_operand(%a: tensor<4x8xi16>, %w: tensor<8x4xi8>) -> tensor<4x4xi32> {
  // expected-remark @below {{left to the reference lowering (a generic GPU kernel): the GPU GEMM kernels need 8-bit operands (mma.sync / dp4a take s8 and u8)}}
  %acc = quantx.qmatmul %a, %w : tensor<4x8xi16>, tensor<8x4xi8> -> tensor<4x4xi32>
  return %acc : tensor<4x4xi32>
}

// -----

func.func @negative_dynamic_conv(%x: tensor<?x8x8x4xi8>, %w: tensor<3x3x4x8xi8>) -> tensor<?x6x6x8xi32> {
  // expected-remark @below {{left to the reference lowering (a generic GPU kernel): the GPU im2col path needs static shapes}}
  %acc = quantx.qconv2d %x, %w layout<nhwc_hwcf> : tensor<?x8x8x4xi8>, tensor<3x3x4x8xi8> -> tensor<?x6x6x8xi32>
  return %acc : tensor<?x6x6x8xi32>
}

// -----

func.func @negative_codebook_table_too_large(%x: tensor<1x16xf32>, %c: tensor<16384x16xf32>, %codes: tensor<1x8xi16>) -> tensor<1x8xf32> {
  // expected-remark @below {{left to the reference lowering (a generic GPU kernel): the table of 16384 centroids does not fit in shared memory (at most 8192)}}
  %y = quantx.codebook_matmul %x, %c, %codes : tensor<1x16xf32>, tensor<16384x16xf32>, tensor<1x8xi16> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
