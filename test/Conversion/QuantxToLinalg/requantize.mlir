// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// The structure of the requantize lowering: v = ext(x) - zp_in in i64, the
/// exact product v * M, the rounding of p / 2^shift as shifts, masks and
/// selects (each mode its own test on the remainder), + zp_out, clamp in
/// i64, truncate. With a constant shift, 2^(shift-1) is folded (2^34 for
/// shift 35).

// CHECK-LABEL: func.func @requantize_half_to_even
// CHECK-SAME:    (%[[X:.*]]: tensor<4xi32>) -> tensor<4xi8>
// CHECK-DAG:     %[[M:.*]] = arith.constant 1073741824 : i64
// CHECK-DAG:     %[[S:.*]] = arith.constant 35 : i64
// CHECK-DAG:     %[[ZOUT:.*]] = arith.constant -3 : i64
// CHECK:         linalg.generic
// CHECK:         ^bb0(%[[IN:.*]]: i32, %{{.*}}: i8):
// CHECK:           %[[V:.*]] = arith.extsi %[[IN]] : i32 to i64
// CHECK:           %[[P:.*]] = arith.muli %[[V]], %[[M]] : i64
// CHECK:           %[[FL:.*]] = arith.shrsi %[[P]], %[[S]] : i64
// CHECK:           %[[BACK:.*]] = arith.shli %[[FL]], %[[S]] : i64
// CHECK:           %[[REM:.*]] = arith.subi %[[P]], %[[BACK]] : i64
// CHECK:           %[[HALF:.*]] = arith.constant 17179869184 : i64
// CHECK:           %[[LSB:.*]] = arith.andi %[[FL]], %{{.*}} : i64
// CHECK:           %[[ODD:.*]] = arith.cmpi ne, %[[LSB]], %{{.*}} : i64
// CHECK:           %[[TIE:.*]] = arith.cmpi eq, %[[REM]], %[[HALF]] : i64
// CHECK:           %[[TIEODD:.*]] = arith.andi %[[TIE]], %[[ODD]] : i1
// CHECK:           %[[ABOVE:.*]] = arith.cmpi sgt, %[[REM]], %[[HALF]] : i64
// CHECK:           %[[INC:.*]] = arith.ori %[[ABOVE]], %[[TIEODD]] : i1
// CHECK:           %[[INC64:.*]] = arith.extui %[[INC]] : i1 to i64
// CHECK:           %[[R:.*]] = arith.addi %[[FL]], %[[INC64]] : i64
// CHECK:           %[[Y:.*]] = arith.addi %[[R]], %[[ZOUT]] : i64
// CHECK:           arith.maxsi %[[Y]], %{{.*}} : i64
// CHECK:           arith.minsi
// CHECK:           arith.trunci %{{.*}} : i64 to i8
func.func @requantize_half_to_even(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0:-3>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [35] rounding<half_to_even> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0:-3>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0:-3>>
}

// -----

/// half_up: round up when the remainder reaches one half.
// CHECK-LABEL: func.func @requantize_half_up
// CHECK:           %[[P:.*]] = arith.muli
// CHECK:           %[[FL:.*]] = arith.shrsi %[[P]]
// CHECK:           %[[REM:.*]] = arith.subi %[[P]]
// CHECK:           %[[HALF:.*]] = arith.constant 17179869184 : i64
// CHECK:           %[[INC:.*]] = arith.cmpi sge, %[[REM]], %[[HALF]] : i64
// CHECK:           %[[INC64:.*]] = arith.extui %[[INC]] : i1 to i64
// CHECK:           arith.addi %[[FL]], %[[INC64]] : i64
// CHECK-NOT:       arith.divsi
func.func @requantize_half_up(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [35] rounding<half_up> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// half_away_from_zero: the tie goes up for p >= 0 only.
// CHECK-LABEL: func.func @requantize_half_away_from_zero
// CHECK:           %[[P:.*]] = arith.muli
// CHECK:           %[[REM:.*]] = arith.subi %[[P]]
// CHECK:           %[[HALF:.*]] = arith.constant 17179869184 : i64
// CHECK-DAG:       %[[NONNEG:.*]] = arith.cmpi sge, %[[P]], %{{.*}} : i64
// CHECK-DAG:       %[[GE:.*]] = arith.cmpi sge, %[[REM]], %[[HALF]] : i64
// CHECK-DAG:       %[[GT:.*]] = arith.cmpi sgt, %[[REM]], %[[HALF]] : i64
// CHECK:           arith.select %[[NONNEG]], %[[GE]], %[[GT]] : i1
func.func @requantize_half_away_from_zero(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [35] rounding<half_away_from_zero> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// toward_zero: floor, plus one for a negative p with a remainder.
// CHECK-LABEL: func.func @requantize_toward_zero
// CHECK:           %[[P:.*]] = arith.muli
// CHECK:           %[[FL:.*]] = arith.shrsi %[[P]]
// CHECK:           %[[REM:.*]] = arith.subi %[[P]]
// CHECK-DAG:       %[[NEG:.*]] = arith.cmpi slt, %[[P]], %{{.*}} : i64
// CHECK-DAG:       %[[INEXACT:.*]] = arith.cmpi ne, %[[REM]], %{{.*}} : i64
// CHECK:           %[[INC:.*]] = arith.andi %[[NEG]], %[[INEXACT]] : i1
// CHECK:           %[[INC64:.*]] = arith.extui %[[INC]] : i1 to i64
// CHECK:           arith.addi %[[FL]], %[[INC64]] : i64
func.func @requantize_toward_zero(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [35] rounding<toward_zero> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0>>
}

// -----

/// Shift 0 is the exact product: no shift survives folding.
// CHECK-LABEL: func.func @requantize_shift_zero
// CHECK:           %[[P:.*]] = arith.muli
// CHECK-NOT:       arith.shrsi
// CHECK:           arith.addi %[[P]], %{{.*}} : i64
// CHECK:           arith.maxsi
func.func @requantize_shift_zero(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0:5>> {
  %y = quantx.requantize %x multiplier [3] shift [0] rounding<half_to_even> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0:5>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0:5>>
}

// -----

/// double_round with shift > 31: gemmlowp's SaturatingRoundingDoublingHighMul
/// (the nudge 2^30 or 1 - 2^30, then a truncating division by 2^31) and
/// RoundingDivideByPOT (mask, threshold + 1 for negatives). A u8 input is
/// zero-extended and its zero point subtracted first.
// CHECK-LABEL: func.func @requantize_double_round
// CHECK-SAME:    (%[[X:.*]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK-DAG:     %[[ZIN:.*]] = arith.constant 128 : i64
// CHECK:         ^bb0(%[[IN:.*]]: i8, %{{.*}}: i8):
// CHECK:           %[[E:.*]] = arith.extui %[[IN]] : i8 to i64
// CHECK:           %[[V:.*]] = arith.subi %[[E]], %[[ZIN]] : i64
// CHECK:           %[[P:.*]] = arith.muli %[[V]], %{{.*}} : i64
// CHECK:           %[[NONNEG:.*]] = arith.cmpi sge, %[[P]], %{{.*}} : i64
// CHECK:           %[[POS:.*]] = arith.constant 1073741824 : i64
// CHECK:           %[[NEG:.*]] = arith.constant -1073741823 : i64
// CHECK:           %[[NUDGE:.*]] = arith.select %[[NONNEG]], %[[POS]], %[[NEG]] : i64
// CHECK:           %[[SUM:.*]] = arith.addi %[[P]], %[[NUDGE]] : i64
// CHECK:           %[[TWO31:.*]] = arith.constant 2147483648 : i64
// CHECK:           %[[HIGH:.*]] = arith.divsi %[[SUM]], %[[TWO31]] : i64
// CHECK:           %[[MASK:.*]] = arith.constant 3 : i64
// CHECK:           %[[REM:.*]] = arith.andi %[[HIGH]], %[[MASK]] : i64
// CHECK:           %[[ISNEG:.*]] = arith.cmpi slt, %[[HIGH]], %{{.*}} : i64
// CHECK:           %[[NEG1:.*]] = arith.extui %[[ISNEG]] : i1 to i64
// CHECK:           %[[THRESH:.*]] = arith.addi %[[NEG1]], %{{.*}} : i64
// CHECK:           %[[UP:.*]] = arith.cmpi sgt, %[[REM]], %[[THRESH]] : i64
// CHECK:           %[[SH:.*]] = arith.shrsi %[[HIGH]], %{{.*}} : i64
// CHECK:           %[[UP64:.*]] = arith.extui %[[UP]] : i1 to i64
// CHECK:           %[[R:.*]] = arith.addi %[[SH]], %[[UP64]] : i64
// CHECK:           arith.addi %[[R]], %{{.*}} : i64
func.func @requantize_double_round(%x: tensor<4x!quant.uniform<u8:f32, 1.0:128>>) -> tensor<4x!quant.uniform<i8:f32, 8.0:-3>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [33] rounding<double_round> : tensor<4x!quant.uniform<u8:f32, 1.0:128>> -> tensor<4x!quant.uniform<i8:f32, 8.0:-3>>
  return %y : tensor<4x!quant.uniform<i8:f32, 8.0:-3>>
}

// -----

/// double_round with shift <= 31 is a single half-up rounding: the gemmlowp
/// steps fold away.
// CHECK-LABEL: func.func @requantize_double_round_shift_31
// CHECK:           %[[P:.*]] = arith.muli
// CHECK:           %[[FL:.*]] = arith.shrsi %[[P]]
// CHECK:           %[[REM:.*]] = arith.subi %[[P]]
// CHECK:           %[[INC:.*]] = arith.cmpi sge, %[[REM]], %{{.*}} : i64
// CHECK:           %[[INC64:.*]] = arith.extui %[[INC]] : i1 to i64
// CHECK:           %[[R:.*]] = arith.addi %[[FL]], %[[INC64]] : i64
// CHECK-NOT:       arith.shrsi
// CHECK:           arith.addi %[[R]], %{{.*}} : i64
// CHECK:           linalg.yield
func.func @requantize_double_round_shift_31(%x: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 1.0:-3>> {
  %y = quantx.requantize %x multiplier [1073741824] shift [31] rounding<double_round> : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 1.0:-3>>
  return %y : tensor<4x!quant.uniform<i8:f32, 1.0:-3>>
}

// -----

/// Per-channel: multipliers, shifts and output zero points are constant
/// tensors read through the map of `axis`; the shift is an SSA value, so the
/// half is computed (1 << s) >> 1 and s == 0 / s > 31 are selected at run
/// time.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[AXIS:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @requantize_per_channel
// CHECK-DAG:     %[[MS:.*]] = arith.constant dense<[1073741824, 1073741824, 1610612736]> : tensor<3xi64>
// CHECK-DAG:     %[[SS:.*]] = arith.constant dense<[31, 33, 32]> : tensor<3xi64>
// CHECK-DAG:     %[[ZS:.*]] = arith.constant dense<[0, 10, -5]> : tensor<3xi64>
// CHECK:         linalg.generic {indexing_maps = [#[[ID]], #[[AXIS]], #[[AXIS]], #[[AXIS]], #[[ID]]]
// CHECK-SAME:        ins(%{{.*}}, %[[MS]], %[[SS]], %[[ZS]] : tensor<4x3xi32>, tensor<3xi64>, tensor<3xi64>, tensor<3xi64>)
// CHECK:         ^bb0(%[[IN:.*]]: i32, %[[M:.*]]: i64, %[[S:.*]]: i64, %[[Z:.*]]: i64, %{{.*}}: i8):
// CHECK:           %[[P:.*]] = arith.muli %{{.*}}, %[[M]] : i64
// CHECK:           %[[FL:.*]] = arith.shrsi %[[P]], %[[S]] : i64
// CHECK:           arith.shli %[[FL]], %[[S]] : i64
// CHECK:           %[[POW:.*]] = arith.shli %{{.*}}, %[[S]] : i64
// CHECK:           arith.shrui %[[POW]], %{{.*}} : i64
// CHECK:           %[[S0:.*]] = arith.cmpi eq, %[[S]], %{{.*}} : i64
// CHECK:           %[[HALFUP:.*]] = arith.select %[[S0]], %[[P]], %{{.*}} : i64
// CHECK:           arith.divsi
// CHECK:           %[[GT31:.*]] = arith.cmpi sgt, %[[S]], %{{.*}} : i64
// CHECK:           %[[R:.*]] = arith.select %[[GT31]], %{{.*}}, %[[HALFUP]] : i64
// CHECK:           arith.addi %[[R]], %[[Z]] : i64
func.func @requantize_per_channel(%x: tensor<4x3xi32>) -> tensor<4x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>> {
  %y = quantx.requantize %x axis(1) multiplier [1073741824, 1073741824, 1610612736] shift [31, 33, 32] rounding<double_round> : tensor<4x3xi32> -> tensor<4x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>>
  return %y : tensor<4x3x!quant.uniform<i8:f32:1, {1.0, 1.0:10, 1.0:-5}>>
}

// -----

/// Per-axis input zero points (a quantized per-axis input) are read along
/// the axis too; u16 output clamps to [0, 65535] and truncates to i16.
// CHECK-LABEL: func.func @requantize_per_axis_input_zero_points
// CHECK-DAG:     %[[ZIN:.*]] = arith.constant dense<[3, -3]> : tensor<2xi64>
// CHECK:         linalg.generic
// CHECK-SAME:        ins(%{{.*}}, %[[ZIN]] : tensor<5x2xi8>, tensor<2xi64>)
// CHECK:         ^bb0(%[[IN:.*]]: i8, %[[Z:.*]]: i64, %{{.*}}: i16):
// CHECK:           %[[E:.*]] = arith.extsi %[[IN]] : i8 to i64
// CHECK:           arith.subi %[[E]], %[[Z]] : i64
// CHECK:           arith.constant 65535 : i64
// CHECK:           arith.trunci %{{.*}} : i64 to i16
func.func @requantize_per_axis_input_zero_points(%x: tensor<5x2x!quant.uniform<i8:f32:1, {0.5:3, 0.5:-3}>>) -> tensor<5x2x!quant.uniform<u16:f32, 1.0:100>> {
  %y = quantx.requantize %x axis(1) multiplier [1073741824, 1073741824] shift [31, 31] rounding<half_up> : tensor<5x2x!quant.uniform<i8:f32:1, {0.5:3, 0.5:-3}>> -> tensor<5x2x!quant.uniform<u16:f32, 1.0:100>>
  return %y : tensor<5x2x!quant.uniform<u16:f32, 1.0:100>>
}
