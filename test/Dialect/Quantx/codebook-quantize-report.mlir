// RUN: quantx-opt %s --quantx-codebook-quantize="report-file=%t.report" -o /dev/null
// RUN: FileCheck %s < %t.report
// RUN: quantx-opt %s --quantx-codebook-quantize="report-file=-" -o /dev/null 2>&1 | FileCheck %s

/// The compression report, every number computed by hand. Weights whose
/// blocks take at most C distinct values are rebuilt exactly (SQNR inf):
/// * conv0, the first convolution, 4x3x3x3 f32: 108 weights, 432 bytes,
///   skipped;
/// * fc_exact, 16x8 f32 made of 4 distinct blocks of 8: 16 blocks, C =
///   min(256, 16 / 4) = 4; 16 one-byte indices + 4 x 8 f16 centroids = 80
///   bytes for 512, 5.00 bits per weight, ratio 6.40;
/// * k3, a constant 3x3x4x8 NHWC filter: d = 9, 4 x 8 = 32 blocks, C = 8;
///   32 + 8 x 9 x 2 = 176 bytes for 1152, 176 x 8 / 288 = 4.89 bits, ratio
///   6.55;
/// * odd, a 12x8 f16 matmul weight: K = 12 is not a multiple of 8; 96
///   weights, 192 bytes (2 each), 16.00 bits;
/// * totals: 620 weights, 432 + 512 + 1152 + 192 = 2288 bytes before, 432 +
///   80 + 176 + 192 = 880 after, 880 x 8 / 620 = 11.35 bits, ratio 2.60.
// CHECK: quantx-codebook-quantize report
// CHECK-NEXT: layer shape weights d C G bytes_before bytes_after bits/weight ratio SQNR_dB
// CHECK-NEXT: conv0 4x3x3x3 108 - - - 432 432 32.00 1.00 - skipped: first convolution
// CHECK-NEXT: fc_exact 16x8 128 8 4 1 512 80 5.00 6.40 inf {{[0-9]+}} iterations
// CHECK-NEXT: odd 12x8 96 - - - 192 192 16.00 1.00 - skipped: K = 12 is not a multiple of d = 8
// CHECK-NEXT: k3 3x3x4x8 288 9 8 1 1152 176 4.89 6.55 inf {{[0-9]+}} iterations
// CHECK-NEXT: total 620 2288 880 11.35 2.60 inf SQNR over the quantized layers
func.func @report(%x: tensor<1x3x5x5xf32>, %a: tensor<2x16xf32>, %b: tensor<2x12xf32>, %h: tensor<1x5x5x4xf32>)
    -> (tensor<1x4x3x3xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<1x3x3x8xf32>) {
  %first = arith.constant dense<0.25> : tensor<4x3x3x3xf32>
  %fc = arith.constant dense<"0x0000803F000080BF0000003F000000000000803F000080BF0000003F0000000000000040000000C00000003F0000000000000040000000C00000003F0000000000004040000040C00000003F0000000000004040000040C00000003F0000000000008040000080C00000003F0000000000008040000080C00000003F000000000000A0400000A0C00000003F0000803F0000A0400000A0C00000003F0000803F0000C0400000C0C00000003F0000803F0000C0400000C0C00000003F0000803F0000E0400000E0C00000003F0000803F0000E0400000E0C00000003F0000803F00000041000000C10000003F0000803F00000041000000C10000003F0000803F000080BF0000003F000000000000803F000080BF0000003F000000000000803F000000C00000003F0000000000000040000000C00000003F0000000000000040000040C00000003F0000000000004040000040C00000003F0000000000004040000080C00000003F0000000000008040000080C00000003F00000000000080400000A0C00000003F0000803F0000A0400000A0C00000003F0000803F0000A0400000C0C00000003F0000803F0000C0400000C0C00000003F0000803F0000C0400000E0C00000003F0000803F0000E0400000E0C00000003F0000803F0000E040000000C10000003F0000803F00000041000000C10000003F0000803F00000041"> : tensor<16x8xf32>
  %odd = arith.constant dense<1.0> : tensor<12x8xf16>
  %k3 = arith.constant dense<0.5> : tensor<3x3x4x8xf32>
  %zero = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<1x4x3x3xf32>
  %i0 = linalg.fill ins(%zero : f32) outs(%e0 : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32>
  %y0 = linalg.conv_2d_nchw_fchw ins(%x, %first : tensor<1x3x5x5xf32>, tensor<4x3x3x3xf32>) outs(%i0 : tensor<1x4x3x3xf32>) -> tensor<1x4x3x3xf32> loc("conv0")
  %e1 = tensor.empty() : tensor<2x8xf32>
  %i1 = linalg.fill ins(%zero : f32) outs(%e1 : tensor<2x8xf32>) -> tensor<2x8xf32>
  %y1 = linalg.matmul ins(%a, %fc : tensor<2x16xf32>, tensor<16x8xf32>) outs(%i1 : tensor<2x8xf32>) -> tensor<2x8xf32> loc("fc_exact")
  %y2 = linalg.matmul ins(%b, %odd : tensor<2x12xf32>, tensor<12x8xf16>) outs(%i1 : tensor<2x8xf32>) -> tensor<2x8xf32> loc("odd")
  %e3 = tensor.empty() : tensor<1x3x3x8xf32>
  %i3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<1x3x3x8xf32>) -> tensor<1x3x3x8xf32>
  %y3 = linalg.conv_2d_nhwc_hwcf ins(%h, %k3 : tensor<1x5x5x4xf32>, tensor<3x3x4x8xf32>) outs(%i3 : tensor<1x3x3x8xf32>) -> tensor<1x3x3x8xf32> loc("k3")
  return %y0, %y1, %y2, %y3 : tensor<1x4x3x3xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<1x3x3x8xf32>
}
