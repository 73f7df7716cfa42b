//===- QuantxAttrs.td - quantx attributes and enums --------*- tablegen -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_TD
#define QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_TD

include "quantx/Dialect/Quantx/IR/QuantxBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Rounding modes
//===----------------------------------------------------------------------===//

def Quantx_RoundingMode : I32EnumAttr<"RoundingMode",
    "how a real value (or a fixed-point product) is rounded to an integer", [
  // round(x): nearest integer, ties to the even one (IEEE roundeven; ONNX
  // QuantizeLinear, StableHLO, PyTorch's nearbyint).
  I32EnumAttrCase<"HalfToEven", 0, "half_to_even">,
  // Nearest integer, ties away from zero (C round(); TFLite reference
  // quantize; gemmlowp RoundingDivideByPOT).
  I32EnumAttrCase<"HalfAwayFromZero", 1, "half_away_from_zero">,
  // Nearest integer, ties toward +infinity: floor(x + 1/2) computed exactly
  // (TFLite single rounding, TOSA SINGLE_ROUND).
  I32EnumAttrCase<"HalfUp", 2, "half_up">,
  // Truncation toward zero (C casts, fptosi).
  I32EnumAttrCase<"TowardZero", 3, "toward_zero">,
  // gemmlowp/TFLite double rounding: SaturatingRoundingDoublingHighMul
  // (half up at 2^31) then RoundingDivideByPOT (half away from zero); TOSA
  // DOUBLE_ROUND. Only meaningful for fixed-point requantization.
  I32EnumAttrCase<"DoubleRound", 4, "double_round">,
]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quantx";
}

def Quantx_RoundingModeAttr : EnumAttr<Quantx_Dialect, Quantx_RoundingMode,
                                       "rounding"> {
  let assemblyFormat = "`<` $value `>`";
}

//===----------------------------------------------------------------------===//
// Convolution layouts
//===----------------------------------------------------------------------===//

def Quantx_ConvLayout : I32EnumAttr<"ConvLayout",
    "data layout of a 2-D convolution's input/output and filter", [
  // input/output N x H x W x C, filter KH x KW x (C/groups) x F.
  I32EnumAttrCase<"NhwcHwcf", 0, "nhwc_hwcf">,
  // input/output N x C x H x W, filter F x (C/groups) x KH x KW.
  I32EnumAttrCase<"NchwFchw", 1, "nchw_fchw">,
]> {
  let genSpecializedAttr = 0;
  let cppNamespace = "::mlir::quantx";
}

def Quantx_ConvLayoutAttr : EnumAttr<Quantx_Dialect, Quantx_ConvLayout,
                                     "layout"> {
  let assemblyFormat = "`<` $value `>`";
}

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_TD
