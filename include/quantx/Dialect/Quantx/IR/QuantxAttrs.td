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

//===----------------------------------------------------------------------===//
// Calibration statistics
//===----------------------------------------------------------------------===//

def Quantx_TensorStatsAttr : AttrDef<Quantx_Dialect, "TensorStats"> {
  let mnemonic = "tensor_stats";
  let summary = "Statistics of the values a tensor took during calibration";
  let description = [{
    What post-training quantization chooses scales and clipping from: the
    number of values seen, their `min`, `max`, `mean`, unbiased standard
    deviation `std` and mean absolute deviation from the mean `mad` (ACIQ's
    Laplace scale estimate), optionally a histogram of at least 2048 equal
    bins over a `range` that contains `[min, max]`, and optionally the same
    moments per index along one `axis` (`per_channel`).

    Where it lives: on the value it describes, under the discardable
    attribute name `quantx.stats`:

    * a function argument (a model input): the argument attribute
      `{quantx.stats = #quantx.tensor_stats<...>}`;
    * an op result: the attribute `quantx.stats` on the producing op, a
      `#quantx.tensor_stats` when the op has one result, otherwise an array
      with one entry per result (`unit` for results without statistics).

    `quantx-calibrate` writes it (from calibration runs or a JSON file) on
    the values that feed quantized matmuls and convolutions;
    `quantx-insert-qdq` reads it. The dialect verifies the attribute where it
    is attached: the value must hold floats (a tensor or memref of floats, or
    a float), and the per-channel axis must be one of its dimensions, of the
    right size when static. Once lowering has made the value something else
    (an LLVM struct), the attribute is carried along unchecked.

    Example:

    ```mlir
    #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0,
        std = 1.8257418583505538, mad = 1.5,
        histogram = {range = [-1.0, 3.0], bins = dense<...> : tensor<2048xi64>},
        per_channel = {axis = 1, min = [-1.0, 0.0], max = [2.0, 3.0],
                       mean = [0.5, 1.5], std = [2.12, 2.12], mad = [1.5, 1.5]}>
    ```
  }];
  let parameters = (ins
    "int64_t":$count,
    APFloatParameter<"smallest value">:$min,
    APFloatParameter<"largest value">:$max,
    APFloatParameter<"mean">:$mean,
    APFloatParameter<"unbiased standard deviation">:$std,
    APFloatParameter<"mean absolute deviation from the mean">:$mad,
    OptionalParameter<"::mlir::DenseIntElementsAttr",
                      "histogram bin counts (1-D, i64)">:$histogram,
    APFloatParameter<"low end of the histogram range">:$histogramLo,
    APFloatParameter<"high end of the histogram range">:$histogramHi,
    "std::optional<int64_t>":$axis,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$channelMin,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$channelMax,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$channelMean,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$channelStd,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$channelMad
  );
  let builders = [
    AttrBuilder<(ins "const ::mlir::quantx::TensorStatistics &":$stats)>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The statistics as the numerics helpers take them.
    ::mlir::quantx::TensorStatistics getStatistics() const;
    /// Checks the parts that depend on the value it describes: floats (a
    /// shaped type of floats, or a float), with the per-channel axis in
    /// range and of matching size when static. Types that are neither
    /// shaped nor float (what lowering to LLVM leaves) are accepted.
    ::llvm::LogicalResult
    verifyFor(::mlir::Type type,
              ::llvm::function_ref<::mlir::InFlightDiagnostic()> emitError)
        const;
  }];
}

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_TD
