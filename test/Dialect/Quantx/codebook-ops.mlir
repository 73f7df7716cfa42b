// RUN: quantx-opt %s | quantx-opt | FileCheck %s
// RUN: quantx-opt %s --mlir-print-op-generic | quantx-opt | FileCheck %s

// Round trip of the codebook ops in every layout they describe: the custom
// form is parsed, printed, parsed again; the generic form goes through the
// same check.

/// A K x N matmul weight with one shared codebook (kill-the-bits): 512 blocks
/// of 8 along K, 256 centroids, byte indices.
// CHECK-LABEL: func.func @dequantize_matmul_weight_shared
// CHECK-SAME: (%[[C:.*]]: tensor<256x8xf32>, %[[I:.*]]: tensor<512x64xi8>)
// CHECK: quantx.codebook_dequantize %[[C]], %[[I]] reduction_dims [0] : tensor<256x8xf32>, tensor<512x64xi8> -> tensor<4096x64xf32>
func.func @dequantize_matmul_weight_shared(%c: tensor<256x8xf32>, %codes: tensor<512x64xi8>) -> tensor<4096x64xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<256x8xf32>, tensor<512x64xi8> -> tensor<4096x64xf32>
  return %w : tensor<4096x64xf32>
}

/// Classic product quantization: one codebook per sub-space (G = S = 4).
// CHECK-LABEL: func.func @dequantize_one_codebook_per_subspace
// CHECK: quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [0] : tensor<4x16x4xf32>, tensor<4x10xi8> -> tensor<16x10xf32>
func.func @dequantize_one_codebook_per_subspace(%c: tensor<4x16x4xf32>, %codes: tensor<4x10xi8>) -> tensor<16x10xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x16x4xf32>, tensor<4x10xi8> -> tensor<16x10xf32>
  return %w : tensor<16x10xf32>
}

/// Two codebooks, each shared by two consecutive block positions; the weight
/// is stored N x K (a transposed matmul weight), so K is dimension 1.
// CHECK-LABEL: func.func @dequantize_grouped_codebooks_transposed
// CHECK: quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [1] : tensor<2x16x4xbf16>, tensor<4x10xi8> -> tensor<10x16xf32>
func.func @dequantize_grouped_codebooks_transposed(%c: tensor<2x16x4xbf16>, %codes: tensor<4x10xi8>) -> tensor<10x16xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [1]
      : tensor<2x16x4xbf16>, tensor<4x10xi8> -> tensor<10x16xf32>
  return %w : tensor<10x16xf32>
}

/// A 3x3 conv filter F x C x KH x KW, one block (d = 9) per input channel's
/// kernel, f16 centroids rebuilt as f32.
// CHECK-LABEL: func.func @dequantize_conv_fchw
// CHECK: quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [1, 2, 3] : tensor<256x9xf16>, tensor<32x64xi8> -> tensor<64x32x3x3xf32>
func.func @dequantize_conv_fchw(%c: tensor<256x9xf16>, %codes: tensor<32x64xi8>) -> tensor<64x32x3x3xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [1, 2, 3]
      : tensor<256x9xf16>, tensor<32x64xi8> -> tensor<64x32x3x3xf32>
  return %w : tensor<64x32x3x3xf32>
}

/// The same blocks for a KH x KW x C x F filter: K flattens (c, kh, kw).
// CHECK-LABEL: func.func @dequantize_conv_hwcf
// CHECK: quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [2, 0, 1] : tensor<256x9xf16>, tensor<32x64xi8> -> tensor<3x3x32x64xf16>
func.func @dequantize_conv_hwcf(%c: tensor<256x9xf16>, %codes: tensor<32x64xi8>) -> tensor<3x3x32x64xf16> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [2, 0, 1]
      : tensor<256x9xf16>, tensor<32x64xi8> -> tensor<3x3x32x64xf16>
  return %w : tensor<3x3x32x64xf16>
}

/// More than 256 centroids take i16 indices.
// CHECK-LABEL: func.func @dequantize_i16_codes
// CHECK: quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [0] : tensor<4096x16xf16>, tensor<8x32xi16> -> tensor<128x32xf32>
func.func @dequantize_i16_codes(%c: tensor<4096x16xf16>, %codes: tensor<8x32xi16>) -> tensor<128x32xf32> {
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4096x16xf16>, tensor<8x32xi16> -> tensor<128x32xf32>
  return %w : tensor<128x32xf32>
}

/// The fused matmul with a static and a dynamic M, f16 and bf16 types.
// CHECK-LABEL: func.func @codebook_matmul
// CHECK-SAME: (%[[X:.*]]: tensor<4x4096xf32>, %[[XD:.*]]: tensor<?x4096xbf16>, %[[C:.*]]: tensor<256x8xf16>, %[[I:.*]]: tensor<512x64xi8>)
// CHECK: quantx.codebook_matmul %[[X]], %[[C]], %[[I]] : tensor<4x4096xf32>, tensor<256x8xf16>, tensor<512x64xi8> -> tensor<4x64xf32>
// CHECK: quantx.codebook_matmul %[[XD]], %[[C]], %[[I]] : tensor<?x4096xbf16>, tensor<256x8xf16>, tensor<512x64xi8> -> tensor<?x64xf16>
func.func @codebook_matmul(%x: tensor<4x4096xf32>, %xd: tensor<?x4096xbf16>, %c: tensor<256x8xf16>, %codes: tensor<512x64xi8>) -> (tensor<4x64xf32>, tensor<?x64xf16>) {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<4x4096xf32>, tensor<256x8xf16>, tensor<512x64xi8> -> tensor<4x64xf32>
  %yd = quantx.codebook_matmul %xd, %c, %codes
      : tensor<?x4096xbf16>, tensor<256x8xf16>, tensor<512x64xi8> -> tensor<?x64xf16>
  return %y, %yd : tensor<4x64xf32>, tensor<?x64xf16>
}

/// Per-sub-space codebooks and i16 indices in the fused form.
// CHECK-LABEL: func.func @codebook_matmul_per_subspace_i16
// CHECK: quantx.codebook_matmul %{{.*}}, %{{.*}}, %{{.*}} : tensor<1x64xf32>, tensor<16x4096x4xf32>, tensor<16x8xi16> -> tensor<1x8xf32>
func.func @codebook_matmul_per_subspace_i16(%x: tensor<1x64xf32>, %c: tensor<16x4096x4xf32>, %codes: tensor<16x8xi16>) -> tensor<1x8xf32> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<1x64xf32>, tensor<16x4096x4xf32>, tensor<16x8xi16> -> tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

/// The in-register lookup of the x86 kernels: 1, 2 or 4 table vectors.
// CHECK-LABEL: func.func @byte_lookup
// CHECK-SAME: (%[[I:.*]]: vector<64xi8>, %[[A:.*]]: vector<64xi8>, %[[B:.*]]: vector<64xi8>)
// CHECK: quantx.byte_lookup %[[I]] in [%[[A]]] : vector<64xi8> from vector<64xi8>
// CHECK: quantx.byte_lookup %[[I]] in [%[[A]], %[[B]]] : vector<64xi8> from vector<64xi8>, vector<64xi8>
// CHECK: quantx.byte_lookup %[[I]] in [%[[A]], %[[B]], %[[A]], %[[B]]] : vector<64xi8> from vector<64xi8>, vector<64xi8>, vector<64xi8>, vector<64xi8>
func.func @byte_lookup(%i: vector<64xi8>, %a: vector<64xi8>, %b: vector<64xi8>) -> (vector<64xi8>, vector<64xi8>, vector<64xi8>) {
  %0 = quantx.byte_lookup %i in [%a] : vector<64xi8> from vector<64xi8>
  %1 = quantx.byte_lookup %i in [%a, %b] : vector<64xi8> from vector<64xi8>, vector<64xi8>
  %2 = quantx.byte_lookup %i in [%a, %b, %a, %b]
      : vector<64xi8> from vector<64xi8>, vector<64xi8>, vector<64xi8>, vector<64xi8>
  return %0, %1, %2 : vector<64xi8>, vector<64xi8>, vector<64xi8>
}
