//===- FuseQDQ.h - QDQ patterns to integer kernels --------------*- C++ -*-===//
//
// The logic of quantx-fuse-qdq, for compilers that drive it themselves.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_FUSEQDQ_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_FUSEQDQ_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

#include <optional>
#include <string>

namespace mlir {
namespace quantx {

class QuantizeOp;

/// The `rounding` option of quantx-fuse-qdq: the output quantize's own mode
/// (`Inherit`) or a fixed one.
enum class FuseQDQRounding {
  Inherit,
  HalfToEven,
  HalfAwayFromZero,
  HalfUp,
  TowardZero,
  DoubleRound,
};

/// The rounding mode `option` selects for a quantize that rounds `own`.
RoundingMode selectRounding(FuseQDQRounding option, RoundingMode own);

/// Options of the QDQ fusion (see quantx-fuse-qdq).
struct FuseQDQOptions {
  /// Rounding mode of the requantize; std::nullopt takes the output
  /// quantize's mode.
  std::optional<RoundingMode> rounding;
};

/// Why a QDQ pattern was not fused: the reason, and the quantize it is about
/// (null when the quantize does not end a dequantize -> conv/matmul
/// pattern at all).
struct FuseQDQFailure {
  std::string reason;
  Operation *op = nullptr;
};

/// Rewrites the pattern dequantize -> conv/matmul (+ bias, + clamp) ->
/// `quantize` into quantx.qconv2d/qmatmul + quantx.requantize, returning the
/// value that replaced the quantize's result. Fails, changing nothing, when
/// the pattern does not match or the rewrite cannot be proven exact and
/// overflow-free; `failure` (when not null) then says why.
FailureOr<Value> fuseQDQ(RewriterBase &rewriter, QuantizeOp quantize,
                         const FuseQDQOptions &options,
                         FuseQDQFailure *failure = nullptr);

/// The float-epilogue form of the QDQ fusion, for a conv/matmul `op` whose
/// inputs are dequantized but whose result does not reach a quantize through
/// a bias add and a clamp (a HardSwish, a residual add, several users):
/// replaces it by quantx.qconv2d/qmatmul and a quantx.dequantize of the i32
/// accumulator (scale s_x * s_w), so the reduction runs on integers and
/// what follows stays float, as ONNX's ConvInteger/MatMulInteger do. A
/// constant `outs` becomes the i32 bias. Fails, changing nothing, when the
/// operands do not match or the accumulator can overflow; `failure` (when
/// not null) then says why.
FailureOr<Value> fuseDequantizedAccumulator(RewriterBase &rewriter,
                                            Operation *op,
                                            FuseQDQFailure *failure = nullptr);

/// A pattern that applies fuseQDQ to every quantx.quantize.
void populateFuseQDQPatterns(RewritePatternSet &patterns,
                             const FuseQDQOptions &options = {});

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_FUSEQDQ_H
