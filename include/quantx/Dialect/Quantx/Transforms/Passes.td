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

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_TD
