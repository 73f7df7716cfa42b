//===- Passes.td - quantx conversion passes ----------------*- tablegen -*-===//

#ifndef QUANTX_CONVERSION_PASSES_TD
#define QUANTX_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQuantxToLinalg : Pass<"convert-quantx-to-linalg", "ModuleOp"> {
  let summary = "Lower quantx ops to linalg/arith/math/tensor: the reference "
                "semantics";
  let description = [{
    The executable definition of every quantx op. Quantized tensor types are
    replaced by their storage integer types (`tensor<4x!quant.uniform<u8:f32,
    0.1:3>>` becomes `tensor<4xi8>`, with unsigned storage handled by
    zero-extension) across function signatures, calls, returns, `scf`
    control flow, shape-only `tensor` ops and `quant.scast`. Each quantx op
    becomes `linalg.generic` bodies that spell out the arithmetic:

    * `quantx.quantize`: divide by the scale, round in the op's mode
      (`math.roundeven`, `math.round`, `math.trunc`, or an exact floor-based
      half-up), map NaN to the zero point, clamp in float to +-2^62, convert,
      add the zero point and clamp to the storage range in i64;
    * `quantx.dequantize`: exact integer difference, one conversion, one
      multiply;
    * `quantx.requantize`: exact 64-bit fixed-point products with the
      rounding mode as explicit shifts, masks and selects (gemmlowp's two
      steps for `double_round`);
    * `quantx.qmatmul` / `quantx.qconv2d`: extension, zero-point subtraction
      and i32 multiply-accumulate, the conv with zero-point padding and
      groups as an extra loop;
    * `quantx.batch_norm`: the ONNX formula in the element type.

    It is deliberately simple rather than fast; fast lowerings are tested
    against it.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QUANTX_CONVERSION_PASSES_TD
