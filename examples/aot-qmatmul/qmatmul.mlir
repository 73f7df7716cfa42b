// An int8 layer compiled ahead of time and called from C++ (main.cpp):
// u8-style asymmetric activations (scale 0.05, zero point -3) times
// symmetric per-tensor int8 weights (scale 0.05) plus an i32 bias, then
// requantized with TFLite's encoding (multiplier 1717986918 = round(0.8 *
// 2^31), shift 35: 0.0025 / 0.05 = 0.05 = 0.8 * 2^-4) and double rounding.
// The weights and bias are constants: the fast CPU path packs them at
// compile time. See README.md for the commands.
func.func @qmatmul_layer(%a_raw: tensor<4x16xi8>) -> tensor<4x8xi8>
    attributes {llvm.emit_c_interface} {
  %w_raw = arith.constant dense<[[-8, -5, -2, 1, 4, 7, -7, -4], [-1, 2, 5, 8, -6, -3, 0, 3], [6, -8, -5, -2, 1, 4, 7, -7], [-4, -1, 2, 5, 8, -6, -3, 0], [3, 6, -8, -5, -2, 1, 4, 7], [-7, -4, -1, 2, 5, 8, -6, -3], [0, 3, 6, -8, -5, -2, 1, 4], [7, -7, -4, -1, 2, 5, 8, -6], [-3, 0, 3, 6, -8, -5, -2, 1], [4, 7, -7, -4, -1, 2, 5, 8], [-6, -3, 0, 3, 6, -8, -5, -2], [1, 4, 7, -7, -4, -1, 2, 5], [8, -6, -3, 0, 3, 6, -8, -5], [-2, 1, 4, 7, -7, -4, -1, 2], [5, 8, -6, -3, 0, 3, 6, -8], [-5, -2, 1, 4, 7, -7, -4, -1]]> : tensor<16x8xi8>
  %bias = arith.constant dense<[-50, -13, 24, -40, -3, 34, -30, 7]> : tensor<8xi32>
  %a = quant.scast %a_raw : tensor<4x16xi8> to tensor<4x16x!quant.uniform<i8:f32, 0.05:-3>>
  %w = quant.scast %w_raw : tensor<16x8xi8> to tensor<16x8x!quant.uniform<i8:f32, 0.05>>
  %acc = quantx.qmatmul %a, %w bias %bias
      : tensor<4x16x!quant.uniform<i8:f32, 0.05:-3>>, tensor<16x8x!quant.uniform<i8:f32, 0.05>>, tensor<8xi32>
      -> tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
  %y = quantx.requantize %acc multiplier [1717986918] shift [35] rounding<double_round>
      : tensor<4x8x!quant.uniform<i32:f32, 0.0025>> -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
  %y_raw = quant.scast %y : tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>> to tensor<4x8xi8>
  return %y_raw : tensor<4x8xi8>
}
