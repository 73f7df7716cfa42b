// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The structure of the quantize lowering: divide, round in the op's mode,
/// NaN -> 0 (then + zero point), clamp in float to +-2^62 before fptosi,
/// add the zero point and clamp to the storage range in i64, truncate.

// CHECK: #[[ID:.*]] = affine_map<(d0) -> (d0)>
// CHECK-LABEL: func.func @quantize_half_to_even
// CHECK-SAME:    (%[[X:.*]]: tensor<4xf32>) -> tensor<4xi8>
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-DAG:     %[[ZP:.*]] = arith.constant -3 : i64
// CHECK:         %[[INIT:.*]] = tensor.empty() : tensor<4xi8>
// CHECK:         %[[R:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel"]}
// CHECK-SAME:        ins(%[[X]] : tensor<4xf32>) outs(%[[INIT]] : tensor<4xi8>)
// CHECK:         ^bb0(%[[IN:.*]]: f32, %{{.*}}: i8):
// CHECK:           %[[Y:.*]] = arith.divf %[[IN]], %[[SCALE]] : f32
// CHECK:           %[[RND:.*]] = math.roundeven %[[Y]] : f32
// CHECK:           %[[NAN:.*]] = arith.cmpf uno, %[[Y]], %[[Y]] : f32
// CHECK:           %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK:           %[[SEL:.*]] = arith.select %[[NAN]], %[[ZERO]], %[[RND]] : f32
// CHECK:           %[[LO:.*]] = arith.constant -4.61168602E+18 : f32
// CHECK:           %[[MAX:.*]] = arith.maximumf %[[SEL]], %[[LO]] : f32
// CHECK:           %[[HI:.*]] = arith.constant 4.61168602E+18 : f32
// CHECK:           %[[MIN:.*]] = arith.minimumf %[[MAX]], %[[HI]] : f32
// CHECK:           %[[I:.*]] = arith.fptosi %[[MIN]] : f32 to i64
// CHECK:           %[[Q:.*]] = arith.addi %[[I]], %[[ZP]] : i64
// CHECK:           %[[QMIN:.*]] = arith.constant -128 : i64
// CHECK:           %[[C1:.*]] = arith.maxsi %[[Q]], %[[QMIN]] : i64
// CHECK:           %[[QMAX:.*]] = arith.constant 127 : i64
// CHECK:           %[[C2:.*]] = arith.minsi %[[C1]], %[[QMAX]] : i64
// CHECK:           %[[T:.*]] = arith.trunci %[[C2]] : i64 to i8
// CHECK:           linalg.yield %[[T]] : i8
// CHECK:         return %[[R]] : tensor<4xi8>
func.func @quantize_half_to_even(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>> {
  %q = quantx.quantize %x rounding<half_to_even> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
}

// -----

/// half_away_from_zero is math.round.
// CHECK-LABEL: func.func @quantize_half_away_from_zero
// CHECK:         linalg.generic
// CHECK:           %[[Y:.*]] = arith.divf
// CHECK-NEXT:      %[[RND:.*]] = math.round %[[Y]] : f32
// CHECK-NOT:       math.roundeven
// CHECK:           arith.cmpf uno, %[[Y]], %[[Y]]
// CHECK:           arith.fptosi
func.func @quantize_half_away_from_zero(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %q = quantx.quantize %x rounding<half_away_from_zero> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// half_up is floor(y) + (y - floor(y) >= 1/2), not floor(y + 1/2): the
/// fraction is exact. u8 storage clamps to [0, 255] and truncates to i8.
// CHECK-LABEL: func.func @quantize_half_up_u8
// CHECK-SAME:    -> tensor<4xi8>
// CHECK-DAG:     %[[ZP:.*]] = arith.constant 128 : i64
// CHECK:         linalg.generic
// CHECK:           %[[Y:.*]] = arith.divf
// CHECK-NEXT:      %[[F:.*]] = math.floor %[[Y]] : f32
// CHECK-NEXT:      %[[FRAC:.*]] = arith.subf %[[Y]], %[[F]] : f32
// CHECK-NEXT:      %[[HALF:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT:      %[[UP:.*]] = arith.cmpf oge, %[[FRAC]], %[[HALF]] : f32
// CHECK-NEXT:      %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT:      %[[F1:.*]] = arith.addf %[[F]], %[[ONE]] : f32
// CHECK-NEXT:      %[[RND:.*]] = arith.select %[[UP]], %[[F1]], %[[F]] : f32
// CHECK:           arith.select %{{.*}}, %{{.*}}, %[[RND]] : f32
// CHECK:           %[[I:.*]] = arith.fptosi
// CHECK:           %[[Q:.*]] = arith.addi %[[I]], %[[ZP]] : i64
// CHECK:           %[[QMIN:.*]] = arith.constant 0 : i64
// CHECK:           arith.maxsi %[[Q]], %[[QMIN]] : i64
// CHECK:           %[[QMAX:.*]] = arith.constant 255 : i64
// CHECK:           arith.minsi %{{.*}}, %[[QMAX]] : i64
// CHECK:           arith.trunci %{{.*}} : i64 to i8
func.func @quantize_half_up_u8(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<u8:f32, 0.5:128>> {
  %q = quantx.quantize %x rounding<half_up> : tensor<4xf32> -> tensor<4x!quant.uniform<u8:f32, 0.5:128>>
  return %q : tensor<4x!quant.uniform<u8:f32, 0.5:128>>
}

// -----

/// toward_zero is math.trunc. Per-axis scales and zero points are constant
/// tensors read through the map of the quantized dimension; f16 inputs are
/// extended to f32 (the scales are f32).
// CHECK-DAG: #[[ID2:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[AXIS1:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @quantize_toward_zero_per_axis
// CHECK-SAME:    (%[[X:.*]]: tensor<2x3xf16>) -> tensor<2x3xi8>
// CHECK-DAG:     %[[SCALES:.*]] = arith.constant dense<[5.000000e-01, 2.500000e-01, 2.000000e+00]> : tensor<3xf32>
// CHECK-DAG:     %[[ZPS:.*]] = arith.constant dense<[1, -2, 3]> : tensor<3xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[ID2]], #[[AXIS1]], #[[AXIS1]], #[[ID2]]], iterator_types = ["parallel", "parallel"]}
// CHECK-SAME:        ins(%[[X]], %[[SCALES]], %[[ZPS]] : tensor<2x3xf16>, tensor<3xf32>, tensor<3xi64>)
// CHECK:         ^bb0(%[[IN:.*]]: f16, %[[S:.*]]: f32, %[[Z:.*]]: i64, %{{.*}}: i8):
// CHECK:           %[[E:.*]] = arith.extf %[[IN]] : f16 to f32
// CHECK:           %[[Y:.*]] = arith.divf %[[E]], %[[S]] : f32
// CHECK:           math.trunc %[[Y]] : f32
// CHECK:           %[[I:.*]] = arith.fptosi %{{.*}} : f32 to i64
// CHECK:           arith.addi %[[I]], %[[Z]] : i64
func.func @quantize_toward_zero_per_axis(%x: tensor<2x3xf16>) -> tensor<2x3x!quant.uniform<i8:f16:1, {0.5:1, 0.25:-2, 2.0:3}>> {
  %q = quantx.quantize %x rounding<toward_zero> : tensor<2x3xf16> -> tensor<2x3x!quant.uniform<i8:f16:1, {0.5:1, 0.25:-2, 2.0:3}>>
  return %q : tensor<2x3x!quant.uniform<i8:f16:1, {0.5:1, 0.25:-2, 2.0:3}>>
}

// -----

/// Per-axis along dimension 0 with equal scales: the scale stays a scalar,
/// only the zero points become a tensor.
// CHECK-DAG: #[[AXIS0:.*]] = affine_map<(d0, d1) -> (d0)>
// CHECK-LABEL: func.func @quantize_per_axis_equal_scales
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-DAG:     %[[ZPS:.*]] = arith.constant dense<[0, 10]> : tensor<2xi64>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[AXIS0]], #{{.*}}]
// CHECK-SAME:        ins(%{{.*}}, %[[ZPS]] : tensor<2x3xf32>, tensor<2xi64>)
// CHECK:           arith.divf %{{.*}}, %[[SCALE]] : f32
func.func @quantize_per_axis_equal_scales(%x: tensor<2x3xf32>) -> tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.25:10}>> {
  %q = quantx.quantize %x rounding<half_to_even> : tensor<2x3xf32> -> tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.25:10}>>
  return %q : tensor<2x3x!quant.uniform<i8:f32:0, {0.25, 0.25:10}>>
}

// -----

/// Sub-channel blocks: the scale and zero-point tensors have the block grid's
/// shape and are read at (d0 floordiv block0, d1 floordiv block1); a
/// dimension with a single block reads index 0.
// CHECK-DAG: #[[BLOCKS:.*]] = affine_map<(d0, d1) -> (d0, d1 floordiv 2)>
// CHECK-DAG: #[[ROWS:.*]] = affine_map<(d0, d1) -> (d0 floordiv 2, 0)>
// CHECK-LABEL: func.func @quantize_sub_channel
// CHECK-DAG:     %[[S1:.*]] = arith.constant dense<{{\[\[}}5.000000e-01, 2.500000e-01], [2.000000e+00, 1.000000e+00]]> : tensor<2x2xf32>
// CHECK-DAG:     %[[Z1:.*]] = arith.constant dense<{{\[\[}}1, -2], [3, -7]]> : tensor<2x2xi64>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[BLOCKS]], #[[BLOCKS]], #{{.*}}]
// CHECK-SAME:        ins(%{{.*}}, %[[S1]], %[[Z1]] : tensor<2x4xf32>, tensor<2x2xf32>, tensor<2x2xi64>)
// CHECK-DAG:     %[[S2:.*]] = arith.constant dense<{{\[\[}}5.000000e-01], [2.500000e-01]]> : tensor<2x1xf32>
// CHECK-DAG:     %[[Z2:.*]] = arith.constant dense<{{\[\[}}0], [5]]> : tensor<2x1xi64>
// CHECK:         linalg.generic {indexing_maps = [#{{.*}}, #[[ROWS]], #[[ROWS]], #{{.*}}]
// CHECK-SAME:        ins(%{{.*}}, %[[S2]], %[[Z2]] : tensor<4x2xf32>, tensor<2x1xf32>, tensor<2x1xi64>)
func.func @quantize_sub_channel(%x: tensor<2x4xf32>, %y: tensor<4x2xf32>)
    -> (tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>>,
        tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>>) {
  %q = quantx.quantize %x rounding<half_away_from_zero> : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>>
  %r = quantx.quantize %y rounding<half_away_from_zero> : tensor<4x2xf32> -> tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>>
  return %q, %r : tensor<2x4x!quant.uniform<i8:f32:{0:1, 1:2}, {{0.5:1, 0.25:-2}, {2.0:3, 1.0:-7}}>>, tensor<4x2x!quant.uniform<i8:f32:{0:2}, {{0.5:0}, {0.25:5}}>>
}

// -----

/// An f64 expressed type computes in f64 (scale, rounding, clamp); a dynamic
/// input gets a dynamic init; i32 storage clamps to the i32 range in i64.
// CHECK-LABEL: func.func @quantize_f64_dynamic
// CHECK-SAME:    (%[[X:.*]]: tensor<?xf64>) -> tensor<?xi32>
// CHECK-DAG:     %[[SCALE:.*]] = arith.constant 1.000000e-01 : f64
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK:         %[[D:.*]] = tensor.dim %[[X]], %[[C0]] : tensor<?xf64>
// CHECK:         %[[INIT:.*]] = tensor.empty(%[[D]]) : tensor<?xi32>
// CHECK:         linalg.generic
// CHECK-SAME:        outs(%[[INIT]] : tensor<?xi32>)
// CHECK:           arith.divf %{{.*}}, %[[SCALE]] : f64
// CHECK:           math.roundeven %{{.*}} : f64
// CHECK:           arith.constant -4.6116860184273879E+18 : f64
// CHECK:           arith.fptosi %{{.*}} : f64 to i64
// CHECK:           arith.constant -2147483648 : i64
// CHECK:           arith.constant 2147483647 : i64
// CHECK:           arith.trunci %{{.*}} : i64 to i32
func.func @quantize_f64_dynamic(%x: tensor<?xf64>) -> tensor<?x!quant.uniform<i32:f64, 0.1:7>> {
  %q = quantx.quantize %x rounding<half_to_even> : tensor<?xf64> -> tensor<?x!quant.uniform<i32:f64, 0.1:7>>
  return %q : tensor<?x!quant.uniform<i32:f64, 0.1:7>>
}
