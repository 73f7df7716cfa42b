//===- QuantxOps.td - quantx operations --------------------*- tablegen -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXOPS_TD
#define QUANTX_DIALECT_QUANTX_IR_QUANTXOPS_TD

include "quantx/Dialect/Quantx/IR/QuantxBase.td"
include "quantx/Dialect/Quantx/IR/QuantxAttrs.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Type constraints
//===----------------------------------------------------------------------===//

// A uniform quantized element type of the upstream quant dialect: per-tensor,
// per-axis or sub-channel (blocked).
def Quantx_UniformQuantizedElement : Type<
    CPred<"::llvm::isa<::mlir::quant::UniformQuantizedType, "
          "::mlir::quant::UniformQuantizedPerAxisType, "
          "::mlir::quant::UniformQuantizedSubChannelType>($_self)">,
    "uniform quantized type">;

// Integer operands of the integer kernels: signless integers (zero point 0) or
// uniform quantized values (zero point from the type).
def Quantx_IntegerOrQuantizedElement : AnyTypeOf<[
    AnySignlessInteger, Quantx_UniformQuantizedElement]>;

def Quantx_FloatTensor : RankedTensorOf<[AnyFloat]>;
def Quantx_QuantizedTensor : RankedTensorOf<[Quantx_UniformQuantizedElement]>;
def Quantx_IntegerOrQuantizedTensor :
    RankedTensorOf<[Quantx_IntegerOrQuantizedElement]>;
def Quantx_AccumulatorTensor :
    RankedTensorOf<[I32, Quantx_UniformQuantizedElement]>;
def Quantx_BiasTensor : RankedTensorOf<[I32]>;

//===----------------------------------------------------------------------===//
// quantx.quantize
//===----------------------------------------------------------------------===//

def Quantx_QuantizeOp : Quantx_Op<"quantize", [Pure]> {
  let summary = "Quantize a float tensor with an explicit rounding mode";
  let description = [{
    Converts each real value `x` of `input` to the storage integer of the
    result's uniform quantized element type:

    ```
    q = clamp(round(x / scale) + zero_point, storage_min, storage_max)
    ```

    `scale` and `zero_point` come from the result type: one pair for
    `!quant.uniform<i8:f32, s:z>`, one per index along the quantized dimension
    for per-axis types, one per block for sub-channel types. The division is a
    true division in the computation type (`f32`, or `f64` when the expressed
    type is `f64`; `f16`/`bf16` inputs are extended to `f32` first), as ONNX
    QuantizeLinear does (other expressed types wider than 32 bits, such as
    `f80`, are rejected); `round` is the op's rounding mode (`double_round` is
    rejected: it only applies to fixed-point requantization). The rounded
    value is clamped while still a float, then converted, so out-of-range
    inputs saturate and never produce poison. `+inf` saturates to
    `storage_max`, `-inf` to `storage_min`, and NaN maps to `zero_point`
    (the real value 0).

    Example:

    ```mlir
    %q = quantx.quantize %x rounding<half_to_even>
        : tensor<4x8xf32> -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
    %w = quantx.quantize %wf rounding<half_away_from_zero>
        : tensor<16x8xf32> -> tensor<16x8x!quant.uniform<i8:f32:1, {0.1,0.2,0.1,0.3,0.1,0.2,0.1,0.3}>>
    ```
  }];

  let arguments = (ins Quantx_FloatTensor:$input,
                       Quantx_RoundingModeAttr:$rounding);
  let results = (outs Quantx_QuantizedTensor:$result);

  let assemblyFormat = [{
    $input `rounding` `` $rounding attr-dict `:` type($input) `->` type($result)
  }];

  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;

  let extraClassDeclaration = [{
    ::mlir::quant::QuantizedType getQuantizedElementType() {
      return ::llvm::cast<::mlir::quant::QuantizedType>(
          getResult().getType().getElementType());
    }
  }];
}

//===----------------------------------------------------------------------===//
// quantx.dequantize
//===----------------------------------------------------------------------===//

def Quantx_DequantizeOp : Quantx_Op<"dequantize", [Pure]> {
  let summary = "Convert a quantized tensor back to real values";
  let description = [{
    Computes `(q - zero_point) * scale` for every element, with `scale` and
    `zero_point` taken from the operand's uniform quantized element type
    (per-tensor, per-axis or sub-channel). The difference is formed exactly
    in integers, converted to the computation type (`f32`, or `f64` for an
    `f64` expressed type) and multiplied by the scale rounded to that type;
    an `f16`/`bf16` result is rounded once from `f32` at the end. No rounding
    mode is needed: the only rounding is the IEEE one of that multiply.

    Example:

    ```mlir
    %x = quantx.dequantize %q
        : tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<4x8xf32>
    ```
  }];

  let arguments = (ins Quantx_QuantizedTensor:$input);
  let results = (outs Quantx_FloatTensor:$result);

  let assemblyFormat = [{
    $input attr-dict `:` type($input) `->` type($result)
  }];

  let hasVerifier = 1;

  let extraClassDeclaration = [{
    ::mlir::quant::QuantizedType getQuantizedElementType() {
      return ::llvm::cast<::mlir::quant::QuantizedType>(
          getInput().getType().getElementType());
    }
  }];
}

//===----------------------------------------------------------------------===//
// quantx.requantize
//===----------------------------------------------------------------------===//

def Quantx_RequantizeOp : Quantx_Op<"requantize", [Pure]> {
  let summary = "Rescale integers by a fixed-point multiplier and shift";
  let description = [{
    Maps integers at one scale (typically an i32 accumulator at scale
    `s_lhs * s_rhs`) to a narrower quantized type, entirely in integer
    arithmetic:

    ```
    v = x - input_zero_point                  (exact, 64-bit)
    r = round(v * multiplier / 2^shift)        (exact product, 64-bit)
    y = clamp(r + output_zero_point, storage_min, storage_max)
    ```

    A 32-bit input (i32 or u32) must have zero point 0, so that `|v| < 2^32`
    and the 64-bit product cannot overflow; every zero point lies in its
    storage range. For `double_round`, u32 values beyond the int32 range go
    through gemmlowp's two steps in 64-bit arithmetic.

    `multiplier` (0 <= M < 2^31) and `shift` (0 <= shift <= 62) encode the
    real ratio `input_scale / output_scale ~= M * 2^-shift`. This is the TOSA
    `rescale` convention (`scale32`, and `scale16` with a 15-bit multiplier);
    a TFLite `QuantizeMultiplier` pair (M in [2^30, 2^31), left shift `s` in
    [-31, 30]) is the same multiplier with `shift = 31 - s`. Both encodings
    are therefore expressible; the builder that takes only types computes the
    normalized 31-bit encoding from the scale ratio at compile time.

    `rounding` says how `r` is rounded:

    * `half_up`: `floor(v*M / 2^shift + 1/2)` (TFLite single rounding, TOSA
      `SINGLE_ROUND`);
    * `double_round`: gemmlowp/TFLite `MultiplyByQuantizedMultiplier`:
      `RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(v, M), shift-31)`
      when `shift > 31` (TOSA `DOUBLE_ROUND`), and `half_up` otherwise (where
      TFLite first shifts `v` left in int32, quantx uses the exact product, so
      the result is defined where TFLite's left shift would overflow);
    * `half_to_even`, `half_away_from_zero`, `toward_zero`: the exact
      rational `v*M / 2^shift` rounded that way.

    With more than one multiplier the op is per-channel: `axis` names the
    dimension, and there is one `multiplier`/`shift` pair per index along it.
    Zero points come from the types: the input's (when quantized; a signless
    integer input has zero point 0) and the result's (per-tensor, or per-axis
    along `axis`). When both types carry scales, the verifier checks that the
    multiplier and shift encode their ratio (to within one unit of the
    multiplier), so the IR cannot say two different things.

    Example:

    ```mlir
    // 0.0025 / 0.05 = 0.05 = 1717986918 * 2^-35
    %y = quantx.requantize %acc multiplier [1717986918] shift [35]
        rounding<double_round>
        : tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
          -> tensor<4x8x!quant.uniform<i8:f32, 0.05:-3>>
    ```
  }];

  let arguments = (ins Quantx_IntegerOrQuantizedTensor:$input,
                       DenseI32ArrayAttr:$multiplier,
                       DenseI8ArrayAttr:$shift,
                       Quantx_RoundingModeAttr:$rounding,
                       OptionalAttr<I64Attr>:$axis);
  let results = (outs Quantx_QuantizedTensor:$result);

  let assemblyFormat = [{
    $input (`axis` `(` $axis^ `)`)? `multiplier` $multiplier `shift` $shift
    `rounding` `` $rounding attr-dict `:` type($input) `->` type($result)
  }];

  let builders = [
    // Computes the normalized 31-bit multiplier and shift from the scales of
    // the quantized input and result types (per tensor or per axis). Check
    // `computeMultipliers` first: this builder asserts that it succeeds.
    OpBuilder<(ins "::mlir::Type":$resultType, "::mlir::Value":$input,
                   "::mlir::quantx::RoundingMode":$rounding)>
  ];

  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;

  let extraClassDeclaration = [{
    /// Number of (multiplier, shift) pairs: 1, or the size of `axis`.
    size_t getNumChannels() { return getMultiplier().size(); }

    /// Computes the normalized (31-bit multiplier, right shift) pairs that
    /// encode input_scale / output_scale for every channel. Fails with a
    /// message when either type has no scales or a ratio is out of range.
    static ::mlir::FailureOr<std::pair<::llvm::SmallVector<int32_t>,
                                       ::llvm::SmallVector<int8_t>>>
    computeMultipliers(::mlir::Type inputElementType,
                       ::mlir::Type resultElementType, std::string &why);
  }];
}

//===----------------------------------------------------------------------===//
// quantx.qmatmul
//===----------------------------------------------------------------------===//

def Quantx_QMatmulOp : Quantx_Op<"qmatmul", [Pure]> {
  let summary = "Integer matrix multiplication with zero points and i32 accumulation";
  let description = [{
    Computes, for `lhs : [B x] M x K` and `rhs : [B x] K x N`,

    ```
    acc[b, m, n] = bias[n] + sum_k (lhs[b, m, k] - zp_lhs) * (rhs[b, k, n] - zp_rhs[n])
    ```

    in 32-bit two's-complement arithmetic. Operands are signless integers
    (zero point 0, signed) or uniform quantized values of at most 16 bits
    (zero points from the type; unsigned storage is zero-extended). `lhs` is
    quantized per tensor; `rhs` per tensor or per axis along N (its last
    dimension). The optional `bias` is an i32 vector of N values at the
    accumulator scale.

    The result is `i32`, or an i32 uniform quantized type that records the
    accumulator scale `s_lhs * s_rhs` (per axis along N when `rhs` is per-axis)
    with zero point 0; the verifier checks those scales.

    When K is static the verifier rejects operand types for which the sum of
    products can exceed the i32 range (`K * max|lhs - zp| * max|rhs - zp| >=
    2^31`); headroom for the bias is the producer's responsibility
    (`quantx-fuse-qdq` proves it before it creates this op).

    Example:

    ```mlir
    %acc = quantx.qmatmul %a, %w bias %b
        : tensor<4x16x!quant.uniform<i8:f32, 0.05:-3>>,
          tensor<16x8x!quant.uniform<i8:f32, 0.05>>, tensor<8xi32>
          -> tensor<4x8x!quant.uniform<i32:f32, 0.0025>>
    ```
  }];

  let arguments = (ins Quantx_IntegerOrQuantizedTensor:$lhs,
                       Quantx_IntegerOrQuantizedTensor:$rhs,
                       Optional<Quantx_BiasTensor>:$bias);
  let results = (outs Quantx_AccumulatorTensor:$result);

  let assemblyFormat = [{
    $lhs `,` $rhs (`bias` $bias^)? attr-dict `:` type($lhs) `,` type($rhs)
    (`,` type($bias)^)? `->` type($result)
  }];

  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// quantx.qconv2d
//===----------------------------------------------------------------------===//

def Quantx_QConv2DOp : Quantx_Op<"qconv2d", [Pure]> {
  let summary = "Integer 2-D convolution with zero points and i32 accumulation";
  let description = [{
    A grouped 2-D convolution over integer or quantized operands:

    ```
    acc[n, oh, ow, f] = bias[f] + sum_{kh, kw, c in group(f)}
        (in[n, oh*sh + kh*dh - pad_top, ow*sw + kw*dw - pad_left, c] - zp_in)
      * (filter[kh, kw, c mod Cg, f] - zp_filter[f])
    ```

    shown for `layout<nhwc_hwcf>` (input/output N x H x W x C, filter
    KH x KW x C/groups x F); `layout<nchw_fchw>` uses N x C x H x W and
    F x C/groups x KH x KW. `groups` divides both C and F (depthwise:
    `groups = C`). Padding (`[top, bottom, left, right]`) reads the input
    zero point, i.e. the real value 0. Strides and dilations default to 1.

    Zero points come from the operand types: per tensor for the input, per
    tensor or per axis along F for the filter. Accumulation is i32; the
    result is `i32` or an i32 quantized type recording `s_in * s_filter`
    (per axis along the output channel dimension when the filter is
    per-axis). As for `qmatmul`, the verifier rejects operand types that can
    overflow the accumulator over the static reduction size
    `C/groups * KH * KW`.

    Example:

    ```mlir
    %acc = quantx.qconv2d %x, %w bias %b layout<nhwc_hwcf>
        {strides = array<i64: 2, 2>, padding = array<i64: 1, 1, 1, 1>}
        : tensor<1x8x8x4x!quant.uniform<u8:f32, 0.02:128>>,
          tensor<3x3x4x16x!quant.uniform<i8:f32, 0.01>>, tensor<16xi32>
          -> tensor<1x4x4x16xi32>
    ```
  }];

  let arguments = (ins Quantx_IntegerOrQuantizedTensor:$input,
                       Quantx_IntegerOrQuantizedTensor:$filter,
                       Optional<Quantx_BiasTensor>:$bias,
                       Quantx_ConvLayoutAttr:$layout,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$padding,
                       DefaultValuedAttr<I64Attr, "1">:$groups);
  let results = (outs Quantx_AccumulatorTensor:$result);

  let assemblyFormat = [{
    $input `,` $filter (`bias` $bias^)? `layout` `` $layout attr-dict `:`
    type($input) `,` type($filter) (`,` type($bias)^)? `->` type($result)
  }];

  let hasVerifier = 1;

  let extraClassDeclaration = [{
    bool isNhwc() { return getLayout() == ::mlir::quantx::ConvLayout::NhwcHwcf; }
    /// Dimension of the channels in the input and result.
    int64_t getChannelDim() { return isNhwc() ? 3 : 1; }
    /// Dimension of the output channels (F) in the filter.
    int64_t getFilterOutputChannelDim() { return isNhwc() ? 3 : 0; }
    /// Dimension of the per-group input channels in the filter.
    int64_t getFilterInputChannelDim() { return isNhwc() ? 2 : 1; }
    /// Dimensions of the spatial extent (H, W) in input/result and filter.
    std::pair<int64_t, int64_t> getSpatialDims() {
      return isNhwc() ? std::make_pair(1, 2) : std::make_pair(2, 3);
    }
    std::pair<int64_t, int64_t> getFilterSpatialDims() {
      return isNhwc() ? std::make_pair(0, 1) : std::make_pair(2, 3);
    }
  }];
}

//===----------------------------------------------------------------------===//
// quantx.batch_norm
//===----------------------------------------------------------------------===//

def Quantx_BatchNormOp : Quantx_Op<"batch_norm",
    [Pure, AllTypesMatch<["input", "result"]>,
     AllTypesMatch<["scale", "bias", "mean", "variance"]>]> {
  let summary = "Batch normalization, inference form";
  let description = [{
    The inference form of batch normalization, as ONNX BatchNormalization
    with `training_mode = 0` defines it:

    ```
    y = (x - mean[c]) / sqrt(variance[c] + epsilon) * scale[c] + bias[c]
    ```

    where `c` is the index along `axis` (default 1, the C of NCHW; use 3 or -1
    for NHWC). `scale`, `bias`, `mean` and `variance` are 1-D tensors with one
    value per channel and the element type of `input`. The reference lowering
    evaluates the formula in that order, in the element type.
    `quantx-fold-batchnorm` folds it into the producing conv/matmul.

    Example:

    ```mlir
    %y = quantx.batch_norm %x, %gamma, %beta, %mean, %var
        {epsilon = 1.0e-05 : f64, axis = 1 : i64}
        : tensor<1x16x8x8xf32>, tensor<16xf32>
    ```
  }];

  let arguments = (ins Quantx_FloatTensor:$input,
                       1DTensorOf<[AnyFloat]>:$scale,
                       1DTensorOf<[AnyFloat]>:$bias,
                       1DTensorOf<[AnyFloat]>:$mean,
                       1DTensorOf<[AnyFloat]>:$variance,
                       DefaultValuedAttr<F64Attr, "1.0e-05">:$epsilon,
                       DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs Quantx_FloatTensor:$result);

  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $variance attr-dict `:`
    type($input) `,` type($scale)
  }];

  let hasVerifier = 1;

  let extraClassDeclaration = [{
    /// The channel dimension, with a negative `axis` normalized.
    int64_t getChannelDim() {
      int64_t axis = getAxis();
      return axis < 0 ? axis + getInput().getType().getRank() : axis;
    }
  }];
}

include "quantx/Dialect/Quantx/IR/QuantxCodebookOps.td"

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXOPS_TD
