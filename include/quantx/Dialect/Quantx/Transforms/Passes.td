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

    With `float-epilogue`, every conv/matmul left after that whose inputs
    are still dequantized (its result feeds a HardSwish, a residual add,
    several users: anything but a bias, a clamp and one quantize) becomes
    `quantx.qconv2d`/`quantx.qmatmul` followed by `quantx.dequantize` of the
    i32 accumulator at scale `s_x * s_w[c]` (zero point 0); a constant
    `outs` becomes the i32 bias, and the float ops after it are unchanged.
    This is ONNX's ConvInteger/MatMulInteger + scale form: the reduction
    runs on integers, exactly, and only the dequantize's multiply rounds
    (the QDQ form rounds every float add). The same operand rules and
    accumulator proof apply; what does not fire says why under
    `-debug-only=quantx-fuse-qdq` ("float epilogue: not fused: ...").
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
    Option<"floatEpilogue", "float-epilogue", "bool", /*default=*/"false",
           "Then run every remaining conv/matmul with dequantized inputs on "
           "integers, dequantizing its i32 accumulator">,
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

//===----------------------------------------------------------------------===//
// quantx-codebook-quantize
//===----------------------------------------------------------------------===//

def QuantxCodebookQuantize : Pass<"quantx-codebook-quantize", "ModuleOp"> {
  let summary = "Replace constant matmul/conv weights by k-means codebooks "
                "(kill-the-bits product quantization)";
  let description = [{
    For every float constant that is the weight of a layer, runs k-means on
    its blocks of `d` consecutive weights along the reduction dimension and
    replaces the constant by `quantx.codebook_dequantize` of two
    `dense_resource` constants: the centroids (`C x d`, or one codebook per
    block position with `per-subspace`) and the block-major indices (`i8`
    for `C <= 256`, `i16` beyond). `quantx-fuse-codebook-matmul` then turns
    each layer into `quantx.codebook_matmul`.

    Layers (the op consuming the weight) and their blocks:

    * `linalg.matmul` (default indexing maps): the `K x N` right-hand side,
      blocks of `block-size` along K (`reduction_dims [0]`);
    * `linalg.conv_2d_nchw_fchw` (filter `F x C x KH x KW`,
      `reduction_dims [1, 2, 3]`) and `linalg.conv_2d_nhwc_hwcf` (filter
      `KH x KW x C x F`, `reduction_dims [2, 0, 1]`): the reduction is
      flattened as (c, kh, kw), so that with `conv-block-size=0` (the
      default) a block is one input channel's `KH x KW` kernel (`d = 9` for
      3x3, as kill-the-bits does); 1x1 convolutions use `block-size`.

    A layer is left alone, with the reason in the report and under
    `-debug-only=quantx-codebook-quantize`, when it is the first convolution
    of its function (`skip-first-conv`), its name is in `skip`, it has fewer
    than `min-size` weights, K is not a multiple of `d`, or it has too few
    blocks for one centroid. Biases are never touched: only the weight
    operand of a layer is a candidate. A layer's name is the name of its
    location (`loc("conv1")`, as importers write it) or `layer<i>`, its
    index among the module's layers in walk order.

    k-means (`lib/Dialect/Quantx/Utils/KMeans.cpp`): k-means++ seeding on a
    sample of at most `64 C` blocks drawn with `seed`, then at most
    `iterations` Lloyd updates (stopping early when an iteration improves
    the objective by less than `tolerance` of it), each empty cluster split
    from the most populated one with a tiny perturbation. The number of
    centroids is `num-centroids`, clamped (`clamp-centroids`, as
    kill-the-bits does) to the largest power of two not above a quarter of
    the blocks each codebook serves. It runs on the context's thread pool
    and prints progress to stderr when the pass has been running for more
    than 3 seconds (`progress`).

    Activation weighting: when the layer op carries a `quantx.input_gram`
    attribute, an `f32` tensor `S x d x d` (`dense` or `dense_resource`)
    holding for each block position `j` the Gram matrix `X_j^T X_j` of the
    `d` input-activation columns that block multiplies (im2col columns for
    a convolution, in the flattening order above), k-means minimizes
    kill-the-bits' `||X (W - W_hat)||^2` instead of `||W - W_hat||^2`: each
    block is assigned to the centroid of least `(w - c)^T G_j (w - c)` and
    each centroid moves to `(sum G)^-1 sum G w` over its members.
    `quantx-calibrate input-gram` computes it from calibration inputs (give
    it the same block sizes); any other producer may attach it (the tests
    also write it by hand, `codebook-quantize-weighted.mlir`).

    `report-file` writes a table per layer: weights, bytes before (the
    constant's element size) and after (indices plus centroids at their
    stored width: 2 bytes with the default `centroid-type=f16`, which is how
    kill-the-bits counts them), bits per weight, compression ratio and the
    reconstruction SQNR `10 log10(|W|^2 / |W - W_hat|^2)` in dB, then the
    totals over every weight constant the pass considered (skipped ones at
    their original size).
  }];
  let options = [
    Option<"blockSize", "block-size", "unsigned", /*default=*/"8",
           "Block size d for matmul weights and 1x1 convolutions (1 to 64)">,
    Option<"convBlockSize", "conv-block-size", "unsigned", /*default=*/"0",
           "Block size d for convolutions with a larger kernel; 0 means "
           "KH * KW, one input channel's kernel (at most 64)">,
    Option<"numCentroids", "num-centroids", "unsigned", /*default=*/"256",
           "Centroids per codebook (1 to 65536); indices are i8 up to 256, "
           "i16 beyond">,
    Option<"clampCentroids", "clamp-centroids", "bool", /*default=*/"true",
           "Use at most the largest power of two not above a quarter of the "
           "blocks of a codebook (kill-the-bits' rule)">,
    Option<"perSubspace", "per-subspace", "bool", /*default=*/"false",
           "One codebook per block position (classic product quantization) "
           "instead of one per layer">,
    Option<"iterations", "iterations", "unsigned", /*default=*/"20",
           "Maximum number of k-means updates">,
    Option<"tolerance", "tolerance", "double", /*default=*/"1e-6",
           "Stop once an update improves the objective by less than this "
           "fraction">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0",
           "Seed of the k-means++ sampling and of the empty-cluster splits">,
    Option<"minSize", "min-size", "int64_t", /*default=*/"0",
           "Leave layers with fewer weights than this uncompressed">,
    Option<"skipFirstConv", "skip-first-conv", "bool", /*default=*/"true",
           "Leave the first convolution of each function uncompressed">,
    ListOption<"skip", "skip", "std::string",
               "Names of layers to leave uncompressed">,
    Option<"centroidType", "centroid-type", "std::string",
           /*default=*/"\"f16\"",
           "Element type of the stored centroids: f16 or f32">,
    Option<"reportFile", "report-file", "std::string", /*default=*/"\"\"",
           "Write the compression report to this file ('-' for stderr)">,
    Option<"progress", "progress", "bool", /*default=*/"true",
           "Print progress to stderr once the pass runs longer than 3 s">,
  ];
  let dependentDialects = [
    "::mlir::quantx::QuantxDialect",
    "::mlir::arith::ArithDialect",
  ];
}

//===----------------------------------------------------------------------===//
// quantx-fuse-codebook-matmul
//===----------------------------------------------------------------------===//

def QuantxFuseCodebookMatmul : Pass<"quantx-fuse-codebook-matmul"> {
  let summary = "Turn matmuls and convolutions of codebook-dequantized weights "
                "into quantx.codebook_matmul";
  let description = [{
    Rewrites a float layer whose weight is `quantx.codebook_dequantize` so
    that the weights are never rebuilt:

    * `linalg.matmul` with the rebuilt `K x N` right-hand side
      (`reduction_dims [0]`), or the transposed `N x K` one
      (`reduction_dims [1]` with the transposed-B indexing maps), becomes
      `quantx.codebook_matmul`;
    * `linalg.conv_2d_nhwc_hwcf` and `linalg.conv_2d_nchw_fchw` (any
      strides and dilations; padding is an explicit `tensor.pad` before
      them) become an im2col `linalg.generic` whose columns follow the
      filter's `reduction_dims` order, `quantx.codebook_matmul`, and a
      reshape (plus a transpose for NCHW) back to the output layout.

    An `outs` operand that is not a zero fill is added to the result. The
    dequantize stays for its other users, if any. Layers the pass cannot
    rewrite (the weight on the left, blocks that are not along the layer's
    reduction, grouped or depthwise convolutions, integer operands) are left
    as they are, with the reason under
    `-debug-only=quantx-fuse-codebook-matmul`.
  }];
  let dependentDialects = [
    "::mlir::quantx::QuantxDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

//===----------------------------------------------------------------------===//
// quantx-calibrate
//===----------------------------------------------------------------------===//

def QuantxCalibrate : Pass<"quantx-calibrate", "ModuleOp"> {
  let summary = "Collect activation statistics by running the float model "
                "on calibration inputs, or attach given statistics";
  let description = [{
    Attaches `#quantx.tensor_stats` (count, min, max, mean, std, mean
    absolute deviation, a histogram of `num-bins` bins, and with
    `per-channel` the moments along the channel axis) to every value that
    `quantx-insert-qdq` will quantize as an activation: the activation input
    of every f32 `linalg.matmul`, `linalg.batch_matmul`,
    `linalg.conv_2d_nhwc_hwcf`/`nchw_fchw` and depthwise convolution of the
    entry function (looking through a zero `tensor.pad`), the model inputs
    included. Weights are constants: `quantx-insert-qdq` computes their
    statistics at compile time. The statistics land on the values (see
    `#quantx.tensor_stats`: function argument attributes, or `quantx.stats`
    on the producing op).

    Three sources, exactly one of which applies:

    * `inputs`: `.npy` files, or directories whose `*.npy` files are taken
      in name order. Files are grouped by the number of entry arguments: the
      i-th file of a group is argument i of one run. Each must match its
      argument's shape and element type exactly (f32 `<f4` or f64 `<f8`,
      C order). The pass clones the module, makes a copy of the entry
      function call an observer callback on each value to observe (a
      `tensor.cast` to an unranked tensor passed to a private function
      declaration), drops its results, lowers the clone with
      `quantx-lower-to-llvm-pipeline`, JIT-compiles it with MLIR's
      `ExecutionEngine`, and runs it twice over all inputs: the first pass
      fixes each value's range and mean, the second fills histograms over
      that fixed range and sums deviations from the exact mean. The
      original module is only annotated. Deterministic: same inputs, same
      statistics, bit for bit.
    * `stats-file`: a JSON file `{"tensors": [{"name": ..., "count": ...,
      "min": ..., "max": ..., "mean": ..., "std": ..., "mad": ...,
      "histogram": {"lo": ..., "hi": ..., "bins": [...]}, "per_channel":
      {...}}]}` whose names are the calibration point names (below); every
      entry must name a point.
    * neither: the statistics must already be in the IR; the pass checks
      that every point has them.

    Names: a function argument is `arg<N>`; a value whose producing op has a
    `NameLoc` takes that name; any other value is named after its first
    consumer, `<consumer>.input`, where a consumer is named by its own
    `NameLoc` or by its kind and index in the function (`conv0`,
    `matmul2`). `dump-stats` writes the statistics of every point in this
    JSON form, so one calibration run can be reused.

    `input-gram` (with `inputs`) also collects, in the same runs, the input
    Gram matrices `quantx-codebook-quantize` weights its k-means with, and
    attaches them to the layer ops as `quantx.input_gram`: an f32 tensor
    `S x d x d` holding `X_j^T X_j` summed over every calibration run, where
    `X_j` holds the `d` columns of block position `j` of the layer's input
    written as a matrix with K columns (a matmul's lhs rows; for a
    convolution the im2col rows, one per output position, over the padded
    input the convolution reads, columns in `(C, KH, KW)` order as the
    filter is flattened). The layers are those `quantx-codebook-quantize`
    considers: every `linalg.matmul` with the default maps,
    `linalg.conv_2d_nchw_fchw` and `conv_2d_nhwc_hwcf` of the entry
    function with an f32 constant weight; `d` is chosen as that pass
    chooses it, from `gram-block-size` and `gram-conv-block-size` (give
    both passes the same values). Layers whose K is not a multiple of `d`
    are left without one (`-debug-only=quantx-calibrate` says so).

    Errors (diagnostics, no crash): a missing or ambiguous entry function;
    entry arguments that are not statically shaped f32/f64 tensors
    (integer or quantized arguments: the model is not a float model);
    observed values that are not f32/f64 tensors or live outside the entry
    function's body; unreadable, mistyped or misshaped inputs, or a file
    count that is not a multiple of the argument count; a non-finite value
    in calibration; names in the statistics file that match no point.
  }];
  let options = [
    Option<"entry", "entry", "std::string", /*default=*/"\"\"",
           "The function to calibrate; by default the only public function "
           "with a body">,
    ListOption<"inputs", "inputs", "std::string",
               "Calibration inputs: .npy files or directories of them, "
               "grouped by the number of entry arguments">,
    Option<"statsFile", "stats-file", "std::string", /*default=*/"\"\"",
           "Attach statistics from this JSON file instead of running">,
    Option<"dumpStats", "dump-stats", "std::string", /*default=*/"\"\"",
           "Write the statistics of every calibration point to this JSON "
           "file">,
    Option<"numBins", "num-bins", "unsigned", /*default=*/"2048",
           "Histogram bins (at least 2048)">,
    Option<"perChannel", "per-channel", "bool", /*default=*/"true",
           "Also collect min/max/mean/std/mad per channel along the "
           "consumer's channel axis">,
    Option<"inputGram", "input-gram", "bool", /*default=*/"false",
           "Also attach quantx.input_gram (the input Gram matrices of "
           "quantx-codebook-quantize's activation-weighted k-means) to the "
           "matmuls and convolutions with constant weights (needs inputs)">,
    Option<"gramBlockSize", "gram-block-size", "unsigned", /*default=*/"8",
           "Block size d of the Gram matrices for matmuls and 1x1 "
           "convolutions (quantx-codebook-quantize's block-size)">,
    Option<"gramConvBlockSize", "gram-conv-block-size", "unsigned",
           /*default=*/"0",
           "Block size d of the Gram matrices for convolutions with a "
           "kernel larger than 1x1; 0: KH * KW "
           "(quantx-codebook-quantize's conv-block-size)">,
  ];
}

//===----------------------------------------------------------------------===//
// quantx-insert-qdq
//===----------------------------------------------------------------------===//

def QuantxInsertQDQ : Pass<"quantx-insert-qdq", "ModuleOp"> {
  let summary = "Choose scales and zero points from calibration statistics "
                "and insert quantize/dequantize pairs around matmuls and "
                "convolutions";
  let description = [{
    For every selected f32 `linalg.matmul`, `linalg.batch_matmul`,
    `linalg.conv_2d_nhwc_hwcf`, `linalg.conv_2d_nchw_fchw`,
    `linalg.depthwise_conv_2d_nhwc_hwc` and `_nchw_chw` whose weights
    (input 1) are an `arith.constant`:

    * the activation (input 0, or the source of a zero `tensor.pad` feeding
      it) gets `quantx.quantize` then `quantx.dequantize` right after its
      definition, with a per-tensor scale and zero point chosen from its
      `#quantx.tensor_stats` (see quantx-calibrate) by `activation-clip` on
      an `activation-bits` grid, symmetric or not; a value feeding several
      selected ops is quantized once;
    * the weights are quantized at compile time: an `arith.constant` of the
      storage integers, a `quant.scast` to the quantized type, then
      `quantx.dequantize`. Per tensor (`!quant.uniform`), per output
      channel (per-axis type along N of a matmul, F of a convolution, C of
      a depthwise one), or per group (a sub-channel type: blocks of
      `group-size` input channels of one output channel), from statistics
      computed on the constant by `weight-clip` on a `weight-bits` grid.

    Grids: bit widths 2 to 8 use i8 storage with the narrowed range
    (`!quant.uniform<i8<-8:7>:f32, ...>` for 4 bits), 16 uses i16; symmetric
    grids have zero point 0, `weight-narrow-range` drops -2^(b-1). Scales
    are f32 values; 0 is always exactly representable.

    Clipping methods (`weight-clip`, `activation-clip`): `minmax`,
    `percentile=<p>` (from the histogram; each tail loses at most (100-p)%),
    `mse` (the clip minimizing the expected squared error over the
    histogram), `aciq-laplace` and `aciq-gauss` (ACIQ's analytical optimum
    for the bit width; one-sided ranges after a ReLU use the (M+1)-bit
    optimum on asymmetric grids). See docs/Rationale.md for the exact
    definitions.

    ACIQ extras for weights: `bit-allocation` gives each output channel its
    own bit width M_i in [0, 8] (ACIQ's allocation from the channels'
    standard deviations, averaging `weight-bits`), on an asymmetric M_i-bit
    grid as the ACIQ reference code does, stored in i8; `bias-correction`
    then restores each output channel's mean and standard deviation by
    rescaling its scale(s) and shifting its zero point(s) (per-channel or
    per-group weights only).

    Selection: `ops` names the kinds (`matmul`, `batch_matmul`, `conv`,
    `depthwise_conv`; default all), `skip-first`/`skip-last` leave the first
    and last selected op of each function (program order) in float.

    Every decision (selection, statistics, clip range, scale, zero point,
    bits, corrections) is printed under `-debug-only=quantx-insert-qdq`; ops
    that are not quantized say why there and, with `emit-remarks`, as a
    remark. A selected op whose activation has no statistics is an error
    (calibrate first, or deselect it): quantizing with invented ranges
    would be silently wrong.

    `report=<file>` writes one row per quantized tensor (bits, scale, zero
    point, clip range, SQNR in dB against the calibration values): a
    markdown table for `.md`, CSV otherwise, and for `.json` additionally
    each activation's histogram with the clip and SQNR of every clipping
    method (scripts/plot-quant-report.py draws it). Activation SQNR comes
    from the histogram (values spread uniformly within bins, 16 points per
    bin, quantized exactly as quantx.quantize does); weight SQNR is exact,
    over the constant's values.
  }];
  let options = [
    Option<"weightBits", "weight-bits", "unsigned", /*default=*/"8",
           "Weight bit width: 2 to 8, or 16">,
    Option<"activationBits", "activation-bits", "unsigned", /*default=*/"8",
           "Activation bit width: 2 to 8, or 16">,
    Option<"weightGranularity", "weight-granularity",
           "::mlir::quantx::WeightGranularity",
           /*default=*/"::mlir::quantx::WeightGranularity::PerChannel",
           "Weight scales per tensor, per output channel, or per group",
           [{::llvm::cl::values(
             clEnumValN(::mlir::quantx::WeightGranularity::PerTensor,
                        "per-tensor", "one scale"),
             clEnumValN(::mlir::quantx::WeightGranularity::PerChannel,
                        "per-channel", "one scale per output channel"),
             clEnumValN(::mlir::quantx::WeightGranularity::PerGroup,
                        "per-group",
                        "one scale per group-size input channels of each "
                        "output channel"))}]>,
    Option<"groupSize", "group-size", "unsigned", /*default=*/"32",
           "Input channels per group for per-group weights">,
    Option<"weightSymmetric", "weight-symmetric", "bool", /*default=*/"true",
           "Symmetric weight grids (zero point 0)">,
    Option<"activationSymmetric", "activation-symmetric", "bool",
           /*default=*/"false", "Symmetric activation grids (zero point 0)">,
    Option<"weightNarrowRange", "weight-narrow-range", "bool",
           /*default=*/"true",
           "Drop the lowest level of weight grids ([-127, 127] for 8 bits)">,
    Option<"weightClip", "weight-clip", "std::string", /*default=*/"\"minmax\"",
           "Weight clipping: minmax, percentile=<p>, mse, aciq-laplace, "
           "aciq-gauss">,
    Option<"activationClip", "activation-clip", "std::string",
           /*default=*/"\"minmax\"",
           "Activation clipping: minmax, percentile=<p>, mse, aciq-laplace, "
           "aciq-gauss">,
    ListOption<"ops", "ops", "std::string",
               "Op kinds to quantize: matmul, batch_matmul, conv, "
               "depthwise_conv (default: all)">,
    Option<"skipFirst", "skip-first", "bool", /*default=*/"false",
           "Leave the first selected op of each function in float">,
    Option<"skipLast", "skip-last", "bool", /*default=*/"false",
           "Leave the last selected op of each function in float">,
    Option<"bitAllocation", "bit-allocation", "bool", /*default=*/"false",
           "ACIQ per-channel bit allocation for weights, averaging "
           "weight-bits">,
    Option<"biasCorrection", "bias-correction", "bool", /*default=*/"false",
           "Restore each output channel's weight mean and std after "
           "quantization">,
    Option<"rounding", "rounding", "::mlir::quantx::RoundingMode",
           /*default=*/"::mlir::quantx::RoundingMode::HalfToEven",
           "Rounding mode of the inserted quantize ops and of the weights",
           [{::llvm::cl::values(
             clEnumValN(::mlir::quantx::RoundingMode::HalfToEven,
                        "half_to_even", "ties to even (ONNX, PyTorch)"),
             clEnumValN(::mlir::quantx::RoundingMode::HalfAwayFromZero,
                        "half_away_from_zero", "ties away from zero"),
             clEnumValN(::mlir::quantx::RoundingMode::HalfUp, "half_up",
                        "ties toward +infinity"),
             clEnumValN(::mlir::quantx::RoundingMode::TowardZero,
                        "toward_zero", "truncation"))}]>,
    Option<"emitRemarks", "emit-remarks", "bool", /*default=*/"false",
           "Emit a remark on every candidate op that is not quantized, "
           "saying why">,
    Option<"report", "report", "std::string", /*default=*/"\"\"",
           "Write the quantization report to this file (.md: markdown, "
           ".json: with histograms, otherwise CSV)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::quantx::QuantxDialect",
  ];
}

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_TD
