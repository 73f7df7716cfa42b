//===- Passes.td - quantx transformation passes ------------*- tablegen -*-===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_TD
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// quantx-fold-batchnorm
//===----------------------------------------------------------------------===//

def QuantxFoldBatchNorm : Pass<"quantx-fold-batchnorm"> {
  let summary = "Fold batch normalization and per-channel affine ops into the "
                "weights and bias of the producing conv/matmul";
  let description = [{
    Finds a float convolution or matrix multiplication with constant weights
    and folds the chain of per-channel affine ops that follows it into its
    weights and bias. The chain is every consecutive op, each the only user
    of the previous value, that computes `y = a[c] * x + b[c]` for the output
    channel `c` with constant `a` and `b`:

    * `quantx.batch_norm` (`a = scale / sqrt(variance + epsilon)`,
      `b = bias - mean * a`), when its `axis` is the producer's channel
      dimension;
    * the decomposed forms frontends emit: `arith.addf`/`subf`/`mulf`/`divf`
      /`negf` on tensors whose other operand is a constant, and any
      elementwise `linalg` op (`linalg.generic` as torch-mlir writes batch
      norm, `linalg.add`/`sub`/`mul`/`div`, `linalg.elementwise`,
      `linalg.map`) whose other inputs are constants (dense, splat,
      `linalg.fill`, `linalg.broadcast` or broadcasting `linalg.generic` of
      a constant, reshapes of one) that vary only along the channel
      dimension. The body is evaluated symbolically per channel; `+ - * /`,
      negation, `sqrt`/`rsqrt` of constants are understood, anything else
      (ReLU, casts) ends the chain;
    * `tensor.collapse_shape` merging the (group, channel) dimensions of a
      grouped convolution.

    Producers (`c` is the output channel): `linalg.conv_2d_nchw_fchw`,
    `linalg.conv_2d_nhwc_hwcf`, `linalg.conv_2d_nhwc_fhwc`,
    `linalg.depthwise_conv_2d_nhwc_hwc`, `linalg.depthwise_conv_2d_nchw_chw`,
    grouped convolutions as torch-mlir writes them
    (`linalg.conv_2d_ngchw_gfchw` on `tensor.expand_shape`d operands,
    followed by a `tensor.collapse_shape`) and `linalg.conv_2d_nhwgc_gfhwc`,
    `linalg.matmul` (N is the channel; transposed weights through
    `indexing_maps` too). The weights (input 1) must be a constant, possibly
    reshaped. Strides, dilations, padding (a `tensor.pad` of the input) and
    every other attribute are kept.

    Folding: `W'[.., c, ..] = a[c] * W[.., c, ..]` and the bias
    `b'[c] = a[c] * b0[c] + b[c]`, where `b0` is the per-channel constant the
    producer accumulates into (its `outs` operand: `linalg.fill`, or a
    broadcast bias as torch-mlir writes it). `a` and `b` are composed and the
    weights scaled in float64, then rounded once (to nearest, ties to even)
    to the weight type: each new weight is the exact product rounded, within
    half an ulp plus the float64 error of composing the chain (a few 2^-53
    relative). The bias goes where the frontend pattern put it: into the
    `outs` operand (a `linalg.broadcast` of a constant) when the producer
    already accumulated into a non-zero bias or `bias-in-init` is set,
    otherwise an elementwise `linalg.generic` add after the producer (after
    the `tensor.collapse_shape` of a grouped convolution), or nothing when it
    is zero.

    The pass does not fold, and says why under
    `-debug-only=quantx-fold-batchnorm` and, with `emit-remarks`, as a remark
    on the batch-norm-like op, when the producer's result has other users,
    when the weights, statistics or the producer's `outs` operand are not
    constants, or when the channel axis of the op does not match the
    producer's output channel. The `quantx` integer kernels (`qconv2d`,
    `qmatmul`) are not folded into: their weights are already rounded
    integers, so folding would re-quantize them (a different model); fold
    before quantization, as `quantx-ptq-pipeline` does.

    Example:

    ```mlir
    %c = linalg.conv_2d_nchw_fchw ins(%x, %w : ...) outs(%zero : ...)
    %y = quantx.batch_norm %c, %gamma, %beta, %mean, %var
        {epsilon = 1.0e-05 : f64, axis = 1 : i64} : ...
    // becomes
    %c = linalg.conv_2d_nchw_fchw ins(%x, %w_folded : ...) outs(%zero : ...)
    %y = linalg.generic ... ins(%c, %bias_folded) ... { arith.addf }
    ```
  }];
  let options = [
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "Emit a remark on every batch-norm-like op that is not folded, "
           "saying why">,
    Option<"biasInInit", "bias-in-init", "bool", /*default=*/"false",
           "Put the folded bias into the producer's outs operand (a "
           "linalg.broadcast of a constant) rather than an add after it">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

//===----------------------------------------------------------------------===//
// quantx-fuse-qdq
//===----------------------------------------------------------------------===//

def QuantxFuseQDQ : Pass<"quantx-fuse-qdq"> {
  let summary = "Turn dequantize -> float conv/matmul -> quantize into integer "
                "kernels and requantize";
  let description = [{
    Rewrites the quantize/dequantize (QDQ) form of a layer

    ```
    quantx.dequantize(x_q), quantx.dequantize(w_q)
      -> [tensor.pad with 0.0] -> linalg conv/matmul (outs: bias or zeros)
      -> [+ per-channel bias] -> [clamp: ReLU, ReLU6, any constant range]
      -> quantx.quantize
    ```

    into `quantx.qconv2d`/`quantx.qmatmul` on `x_q` and `w_q` with an i32
    bias, followed by `quantx.requantize` to the quantize's result type:

    * the float bias (the producer's `outs` constant plus the per-channel
      constants added after it) becomes `round_half_to_even(b[c] / (s_x *
      s_w[c]))` in i32 at the accumulator scale;
    * zero points are carried by the operand types, which the integer kernels
      subtract (the correction terms of the expanded product are theirs);
    * a `tensor.pad` of the dequantized input with 0.0, or of the quantized
      input with its zero point (both the real 0), becomes the `padding`
      attribute; strides, dilations and groups are kept;
    * a clamp to `[lo, hi]` after the bias is exact in the integer domain:
      `quantize(clamp(y, lo, hi)) = clamp(quantize(y), quantize(lo),
      quantize(hi))` because quantize is monotone, so it becomes the
      narrowed storage range `[quantize(lo), quantize(hi)]` of the
      requantize result type, cast back to the original type with a pair of
      `quant.scast`s;
    * the multiplier and shift come from the scale ratio `s_x * s_w[c] /
      s_y` (the requantize builder computes them); the rounding mode is the
      `rounding` option, by default the output quantize's own mode, which
      applied to the exact ratio is what the QDQ form rounds.

    Producers: `linalg.conv_2d_nhwc_hwcf` and `linalg.conv_2d_nchw_fchw`
    (groups 1), `linalg.depthwise_conv_2d_nhwc_hwc` and
    `linalg.depthwise_conv_2d_nchw_chw` (groups = channels, the filter
    reshaped to one input channel per group), grouped convolutions as
    `linalg.conv_2d_ngchw_gfchw` between `tensor.expand_shape` and
    `tensor.collapse_shape` (torch-mlir's form), `linalg.matmul` and
    `linalg.batch_matmul` with the default indexing maps. Activations must
    be quantized per tensor, weights per tensor or per output channel.

    The rewrite fires only when the i32 accumulator provably cannot
    overflow: `K * max|x - z_x| * max|w - z_w| + max|bias| < 2^31` over the
    storage ranges (with constant weights, the tighter per-channel bound
    `max|x - z_x| * sum_k |w[k, c] - z_w[c]| + |bias[c]|` is tried when the
    first fails). Otherwise, and for every other pattern it cannot prove, it
    leaves the QDQ form and says why under `-debug-only=quantx-fuse-qdq`
    and, with `emit-remarks`, as a remark on the quantize.

    Bit-exactness: the integer form computes the accumulator exactly, the
    QDQ form in float. They agree bit for bit when all scales are powers of
    two, the float bias is a multiple of the accumulator scale, the float
    sums are exact (|accumulator| < 2^24 for f32) and the rounding modes
    agree; otherwise they can differ by one unit where the exact value is
    within the float error of a rounding tie.
  }];
  let options = [
    Option<"rounding", "rounding", "::mlir::quantx::FuseQDQRounding",
           /*default=*/"::mlir::quantx::FuseQDQRounding::Inherit",
           "Rounding mode of the requantize",
           [{::llvm::cl::values(
             clEnumValN(::mlir::quantx::FuseQDQRounding::Inherit, "inherit",
                        "the output quantize's mode"),
             clEnumValN(::mlir::quantx::FuseQDQRounding::HalfToEven,
                        "half_to_even", "ties to even"),
             clEnumValN(::mlir::quantx::FuseQDQRounding::HalfAwayFromZero,
                        "half_away_from_zero", "ties away from zero"),
             clEnumValN(::mlir::quantx::FuseQDQRounding::HalfUp, "half_up",
                        "ties toward +inf (TFLite single rounding)"),
             clEnumValN(::mlir::quantx::FuseQDQRounding::TowardZero,
                        "toward_zero", "truncation"),
             clEnumValN(::mlir::quantx::FuseQDQRounding::DoubleRound,
                        "double_round",
                        "gemmlowp/TFLite double rounding"))}]>,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "Emit a remark on every QDQ pattern that is not fused, saying "
           "why">,
  ];
  let dependentDialects = [
    "::mlir::quantx::QuantxDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_TD
