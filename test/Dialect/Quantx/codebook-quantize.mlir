// RUN: quantx-opt %s --split-input-file --quantx-codebook-quantize | FileCheck %s
// RUN: quantx-opt %s --split-input-file --quantx-codebook-quantize="num-centroids=512" | FileCheck %s --check-prefix=WIDE
// RUN: quantx-opt %s --split-input-file --quantx-codebook-quantize="per-subspace=1 centroid-type=f32 skip=fc_named skip-first-conv=0 num-centroids=512 min-size=100" | FileCheck %s --check-prefix=OPTS

/// Which weights become codebooks, with which blocks. Default options: the
/// first convolution stays float; a matmul weight gets blocks of 8 along K
/// (reduction_dims [0]); a 3x3 NHWC filter gets one block per input
/// channel's kernel (d = 9, K flattened as (c, kh, kw): [2, 0, 1]); a 1x1
/// filter gets blocks of 8; C is clamped to the largest power of two not
/// above a quarter of the blocks (16 blocks -> 4, 32 -> 8, 8 -> 2); a weight
/// whose K is not a multiple of d and the bias stay float. Centroids are f16
/// and indices i8, both dense_resource.
// CHECK-LABEL: func.func @layers
// CHECK-DAG:     %[[FIRST:.*]] = arith.constant dense<2.500000e-01> : tensor<4x3x3x3xf32>
// CHECK-DAG:     %[[BIAS:.*]] = arith.constant dense<1.000000e+00> : tensor<2x8xf32>
// CHECK-DAG:     %[[ODD:.*]] = arith.constant dense<1.000000e+00> : tensor<12x8xf32>
// CHECK-DAG:     %[[FC_C:.*]] = arith.constant dense_resource<fc_named_centroids> : tensor<4x8xf16>
// CHECK-DAG:     %[[FC_I:.*]] = arith.constant dense_resource<fc_named_codes> : tensor<2x8xi8>
// CHECK-DAG:     %[[FC:.*]] = quantx.codebook_dequantize %[[FC_C]], %[[FC_I]] reduction_dims [0] : tensor<4x8xf16>, tensor<2x8xi8> -> tensor<16x8xf32>
// CHECK-DAG:     %[[K3_C:.*]] = arith.constant dense_resource<layer3_centroids> : tensor<8x9xf16>
// CHECK-DAG:     %[[K3_I:.*]] = arith.constant dense_resource<layer3_codes> : tensor<4x8xi8>
// CHECK-DAG:     %[[K3:.*]] = quantx.codebook_dequantize %[[K3_C]], %[[K3_I]] reduction_dims [2, 0, 1] : tensor<8x9xf16>, tensor<4x8xi8> -> tensor<3x3x4x8xf32>
// CHECK-DAG:     %[[K1_C:.*]] = arith.constant dense_resource<layer4_centroids> : tensor<2x8xf16>
// CHECK-DAG:     %[[K1_I:.*]] = arith.constant dense_resource<layer4_codes> : tensor<2x4xi8>
// CHECK-DAG:     %[[K1:.*]] = quantx.codebook_dequantize %[[K1_C]], %[[K1_I]] reduction_dims [2, 0, 1] : tensor<2x8xf16>, tensor<2x4xi8> -> tensor<1x1x16x4xf32>
// CHECK:         linalg.conv_2d_nchw_fchw ins(%{{.*}}, %[[FIRST]] :
// CHECK:         linalg.matmul ins(%{{.*}}, %[[FC]] :
// CHECK:         linalg.add ins(%{{.*}}, %[[BIAS]] :
// CHECK:         linalg.matmul ins(%{{.*}}, %[[ODD]] :
// CHECK:         linalg.conv_2d_nhwc_hwcf ins(%{{.*}}, %[[K3]] :
// CHECK:         linalg.conv_2d_nhwc_hwcf ins(%{{.*}}, %[[K1]] :
// CHECK:       dialect_resources
// CHECK-DAG:     fc_named_centroids: "0x02000000
// CHECK-DAG:     fc_named_codes: "0x01000000

/// With options: per-subspace codebooks (one per block position: rank-3
/// centroids, C clamped per codebook to a quarter of its N columns), f32
/// centroids, a layer skipped by name, the first convolution quantized and
/// layers under min-size left float.
// OPTS-LABEL: func.func @layers
// OPTS-DAG:     %[[FIRST_C:.*]] = arith.constant dense_resource<layer0_centroids> : tensor<3x1x9xf32>
// OPTS-DAG:     %[[FIRST:.*]] = quantx.codebook_dequantize %[[FIRST_C]], %{{.*}} reduction_dims [1, 2, 3] : tensor<3x1x9xf32>, tensor<3x4xi8> -> tensor<4x3x3x3xf32>
// OPTS-DAG:     %[[FC:.*]] = arith.constant dense<"0x{{.*}}"> : tensor<16x8xf32>
// OPTS-DAG:     %[[K3_C:.*]] = arith.constant dense_resource<layer3_centroids> : tensor<4x2x9xf32>
// OPTS-DAG:     %[[K1:.*]] = arith.constant dense<1.000000e+00> : tensor<1x1x16x4xf32>
// OPTS:         linalg.conv_2d_nchw_fchw ins(%{{.*}}, %[[FIRST]] :
// OPTS:         linalg.matmul ins(%{{.*}}, %[[FC]] :
// OPTS:         linalg.conv_2d_nhwc_hwcf ins(%{{.*}}, %{{.*}} :
// OPTS:         linalg.conv_2d_nhwc_hwcf ins(%{{.*}}, %[[K1]] :
func.func @layers(%x: tensor<1x3x5x5xf32>, %a: tensor<2x16xf32>, %b: tensor<2x12xf32>,
                  %h: tensor<1x5x5x4xf32>, %h1: tensor<1x5x5x16xf32>)
    -> (tensor<1x4x3x3xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<1x3x3x8xf32>, tensor<1x5x5x4xf32>) {
  %first = arith.constant dense<0.25> : tensor<4x3x3x3xf32>
  %fc = arith.constant dense<"0x0000803F000080BF0000003F000000000000803F000080BF0000003F0000000000000040000000C00000003F0000000000000040000000C00000003F0000000000004040000040C00000003F0000000000004040000040C00000003F0000000000008040000080C00000003F0000000000008040000080C00000003F000000000000A0400000A0C00000003F0000803F0000A0400000A0C00000003F0000803F0000C0400000C0C00000003F0000803F0000C0400000C0C00000003F0000803F0000E0400000E0C00000003F0000803F0000E0400000E0C00000003F0000803F00000041000000C10000003F0000803F00000041000000C10000003F0000803F000080BF0000003F000000000000803F000080BF0000003F000000000000803F000000C00000003F0000000000000040000000C00000003F0000000000000040000040C00000003F0000000000004040000040C00000003F0000000000004040000080C00000003F0000000000008040000080C00000003F00000000000080400000A0C00000003F0000803F0000A0400000A0C00000003F0000803F0000A0400000C0C00000003F0000803F0000C0400000C0C00000003F0000803F0000C0400000E0C00000003F0000803F0000E0400000E0C00000003F0000803F0000E040000000C10000003F0000803F00000041000000C10000003F0000803F00000041"> : tensor<16x8xf32>
  %bias = arith.constant dense<1.0> : tensor<2x8xf32>
  %odd = arith.constant dense<1.0> : tensor<12x8xf32>
  %k3 = arith.constant dense<0.5> : tensor<3x3x4x8xf32>
  %k1 = arith.constant dense<1.0> : tensor<1x1x16x4xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x4x3x3xf32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %y0 = linalg.conv_2d_nchw_fchw ins(%x, %first : tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) outs(%i0 : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %e1 = tensor.empty() : tensor<2x8xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %y1 = linalg.matmul ins(%a, %fc : tensor<2x16xf32>, tensor<16x8xf32>) outs(%i1 : tensor<2x8xf32>) -> tensor<2x8xf32> loc("fc_named")
  %y1b = linalg.add ins(%y1, %bias : tensor<2x8xf32>, tensor<2x8xf32>) outs(%e1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %y2 = linalg.matmul ins(%b, %odd : tensor<2x12xf32>, tensor<12x8xf32>) outs(%i1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %e3 = tensor.empty() : tensor<1x3x3x8xf32>
  %i3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x3x3x8xf32>) -> tensor<1x3x3x8xf32>
  %y3 = linalg.conv_2d_nhwc_hwcf ins(%h, %k3 : tensor<1x5x5x4xf32>, tensor<3x3x4x8xf32>) outs(%i3 : tensor<1x3x3x8xf32>) -> tensor<1x3x3x8xf32>
  %e4 = tensor.empty() : tensor<1x5x5x4xf32>
  %i4 = linalg.fill ins(%zero : f32) outs(%e4 : tensor<1x5x5x4xf32>) -> tensor<1x5x5x4xf32>
  %y4 = linalg.conv_2d_nhwc_hwcf ins(%h1, %k1 : tensor<1x5x5x16xf32>, tensor<1x1x16x4xf32>) outs(%i4 : tensor<1x5x5x4xf32>) -> tensor<1x5x5x4xf32>
  return %y0, %y1b, %y2, %y3, %y4 : tensor<1x4x3x3xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<1x3x3x8xf32>, tensor<1x5x5x4xf32>
}

// -----

/// A constant used by two layers is quantized once and both use the
/// dequantized value; with num-centroids=512, more than 256 centroids take
/// i16 indices (2048 blocks allow 512).
// CHECK-LABEL: func.func @wide_and_shared
// CHECK:         %[[W:.*]] = quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [0] : tensor<256x8xf16>, tensor<16x128xi8> -> tensor<128x128xf32>
// CHECK:         linalg.matmul ins(%{{.*}}, %[[W]] :
// CHECK:         linalg.matmul ins(%{{.*}}, %[[W]] :
// WIDE-LABEL: func.func @wide_and_shared
// WIDE:         quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [0] : tensor<512x8xf16>, tensor<16x128xi16> -> tensor<128x128xf32>
// OPTS-LABEL: func.func @wide_and_shared
// OPTS:         quantx.codebook_dequantize %{{.*}}, %{{.*}} reduction_dims [0] : tensor<16x32x8xf32>, tensor<16x128xi8> -> tensor<128x128xf32>
func.func @wide_and_shared(%a: tensor<2x128xf32>, %b: tensor<2x128xf32>) -> (tensor<2x128xf32>, tensor<2x128xf32>) {
  %w = arith.constant dense<0.5> : tensor<128x128xf32>
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<2x128xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<2x128xf32>) -> tensor<2x128xf32>
  %y = linalg.matmul ins(%a, %w : tensor<2x128xf32>, tensor<128x128xf32>) outs(%f : tensor<2x128xf32>) -> tensor<2x128xf32>
  %y2 = linalg.matmul ins(%b, %w : tensor<2x128xf32>, tensor<128x128xf32>) outs(%f : tensor<2x128xf32>) -> tensor<2x128xf32>
  return %y, %y2 : tensor<2x128xf32>, tensor<2x128xf32>
}
