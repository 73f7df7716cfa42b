// Quantized layers whose accumulator feeds only a requantize, so that the
// GPU pipeline fuses the requantize into the GEMM epilogue; run by the GPU
// tests and compared with the reference lowering on the CPU. Operands are
// pseudo-random functions of the indices (tensor.generate), covering u8 and
// i8 activations, per-tensor and per-channel weight zero points, K not a
// multiple of 16, M and N not multiples of the tiles, and each rounding mode.
func.func private @printMemrefI32(tensor<*xi32>)

func.func @gen_u8(%rows: index, %cols: index, %seed: index) -> tensor<?x?xi8> {
  %t = tensor.generate %rows, %cols {
  ^bb0(%i: index, %j: index):
    %c37 = arith.constant 37 : index
    %c11 = arith.constant 11 : index
    %c256 = arith.constant 256 : index
    %a = arith.muli %i, %c37 : index
    %b = arith.muli %j, %c11 : index
    %s = arith.addi %a, %b : index
    %s2 = arith.addi %s, %seed : index
    %sq = arith.muli %s2, %s2 : index
    %r = arith.remui %sq, %c256 : index
    %v = arith.index_cast %r : index to i8
    tensor.yield %v : i8
  } : tensor<?x?xi8>
  return %t : tensor<?x?xi8>
}

func.func @print_i8(%t: tensor<?x?xi8>) {
  %e = arith.extsi %t : tensor<?x?xi8> to tensor<?x?xi32>
  %p = tensor.cast %e : tensor<?x?xi32> to tensor<*xi32>
  call @printMemrefI32(%p) : (tensor<*xi32>) -> ()
  return
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c37 = arith.constant 37 : index
  %c70 = arith.constant 70 : index
  %c100 = arith.constant 100 : index
  %c29 = arith.constant 29 : index
  %ad = call @gen_u8(%c70, %c100, %c3) : (index, index, index) -> tensor<?x?xi8>
  %wd = call @gen_u8(%c100, %c37, %c29) : (index, index, index) -> tensor<?x?xi8>
  %a = tensor.cast %ad : tensor<?x?xi8> to tensor<70x100xi8>
  %w = tensor.cast %wd : tensor<?x?xi8> to tensor<100x37xi8>
  %aq = quant.scast %a : tensor<70x100xi8> to tensor<70x100x!quant.uniform<u8:f32, 0.02:128>>
  %wq = quant.scast %w : tensor<100x37xi8> to tensor<100x37x!quant.uniform<i8:f32, 0.01:-3>>
  %bias = arith.constant dense<[100, -200, 300, -400, 500, -600, 700, -800, 900, -1000, 1100, -1200, 1300, -1400, 1500, -1600, 1700, -1800, 1900, -2000, 2100, -2200, 2300, -2400, 2500, -2600, 2700, -2800, 2900, -3000, 3100, -3200, 3300, -3400, 3500, -3600, 3700]> : tensor<37xi32>

  // u8 (zp 128) x i8 (zp -3), bias, double rounding per tensor.
  %acc0 = quantx.qmatmul %aq, %wq bias %bias : tensor<70x100x!quant.uniform<u8:f32, 0.02:128>>, tensor<100x37x!quant.uniform<i8:f32, 0.01:-3>>, tensor<37xi32> -> tensor<70x37xi32>
  %y0 = quantx.requantize %acc0 multiplier [1717986918] shift [43] rounding<double_round> : tensor<70x37xi32> -> tensor<70x37x!quant.uniform<i8:f32, 0.05:-5>>
  %y0s = quant.scast %y0 : tensor<70x37x!quant.uniform<i8:f32, 0.05:-5>> to tensor<70x37xi8>
  %y0d = tensor.cast %y0s : tensor<70x37xi8> to tensor<?x?xi8>
  call @print_i8(%y0d) : (tensor<?x?xi8>) -> ()

  // Signless i8 x i8, half to even, u8 output with a zero point.
  %acc1 = quantx.qmatmul %a, %w : tensor<70x100xi8>, tensor<100x37xi8> -> tensor<70x37xi32>
  %y1 = quantx.requantize %acc1 multiplier [1300000000] shift [44] rounding<half_to_even> : tensor<70x37xi32> -> tensor<70x37x!quant.uniform<u8:f32, 0.05:120>>
  %y1s = quant.scast %y1 : tensor<70x37x!quant.uniform<u8:f32, 0.05:120>> to tensor<70x37xi8>
  %y1d = tensor.cast %y1s : tensor<70x37xi8> to tensor<?x?xi8>
  call @print_i8(%y1d) : (tensor<?x?xi8>) -> ()

  // A single row (the dp4a kernel), u8 x i8 with zero points, half up.
  %row = tensor.extract_slice %aq[5, 0] [1, 100] [1, 1] : tensor<70x100x!quant.uniform<u8:f32, 0.02:128>> to tensor<1x100x!quant.uniform<u8:f32, 0.02:128>>
  %acc2 = quantx.qmatmul %row, %wq bias %bias : tensor<1x100x!quant.uniform<u8:f32, 0.02:128>>, tensor<100x37x!quant.uniform<i8:f32, 0.01:-3>>, tensor<37xi32> -> tensor<1x37xi32>
  %y2 = quantx.requantize %acc2 multiplier [1717986918] shift [43] rounding<half_up> : tensor<1x37xi32> -> tensor<1x37x!quant.uniform<i8:f32, 0.05:-5>>
  %y2s = quant.scast %y2 : tensor<1x37x!quant.uniform<i8:f32, 0.05:-5>> to tensor<1x37xi8>
  %y2d = tensor.cast %y2s : tensor<1x37xi8> to tensor<?x?xi8>
  call @print_i8(%y2d) : (tensor<?x?xi8>) -> ()

  // The raw accumulators, unfused, for the same u8 x i8 product.
  %acc3 = quantx.qmatmul %aq, %wq bias %bias : tensor<70x100x!quant.uniform<u8:f32, 0.02:128>>, tensor<100x37x!quant.uniform<i8:f32, 0.01:-3>>, tensor<37xi32> -> tensor<70x37xi32>
  %p3 = tensor.cast %acc3 : tensor<70x37xi32> to tensor<*xi32>
  call @printMemrefI32(%p3) : (tensor<*xi32>) -> ()
  return
}
