// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file -verify-diagnostics

/// Ops with quantized types that no pattern lowers are reported by name
/// before the conversion starts, with a hint for the upstream quant casts
/// (upstream leaves them to lower-quant-ops).

func.func @qcast(%x: tensor<4xf32>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  // expected-error @+1 {{'quant.qcast' op uses quantized types, which convert-quantx-to-linalg cannot lower for this op; use quantx.quantize (which names its rounding mode), or run lower-quant-ops first}}
  %q = quant.qcast %x : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

func.func @dcast(%q: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4xf32> {
  // expected-error @+1 {{'quant.dcast' op uses quantized types, which convert-quantx-to-linalg cannot lower for this op; use quantx.dequantize, or run lower-quant-ops first}}
  %x = quant.dcast %q : tensor<4x!quant.uniform<i8:f32, 0.5>> to tensor<4xf32>
  return %x : tensor<4xf32>
}

// -----

/// Every unsupported op is reported, not only the first; an op's nested ops
/// are not reported again.
func.func @linalg_on_quantized(%a: tensor<4x!quant.uniform<i8:f32, 0.5>>, %c: i1) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  // expected-error @+1 {{'linalg.generic' op uses quantized types, which convert-quantx-to-linalg cannot lower for this op}}
  %0 = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
      ins(%a : tensor<4x!quant.uniform<i8:f32, 0.5>>) outs(%a : tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  ^bb0(%in: !quant.uniform<i8:f32, 0.5>, %out: !quant.uniform<i8:f32, 0.5>):
    linalg.yield %in : !quant.uniform<i8:f32, 0.5>
  } -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  // expected-error @+1 {{'arith.select' op uses quantized types, which convert-quantx-to-linalg cannot lower for this op}}
  %1 = arith.select %c, %0, %a : tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %1 : tensor<4x!quant.uniform<i8:f32, 0.5>>
}
