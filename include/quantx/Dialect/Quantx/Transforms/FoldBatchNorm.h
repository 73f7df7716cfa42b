//===- FoldBatchNorm.h - fold batch norm into conv/matmul -------*- C++ -*-===//
//
// The logic of quantx-fold-batchnorm, for compilers that drive it themselves.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_FOLDBATCHNORM_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_FOLDBATCHNORM_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir {
namespace quantx {

/// Options of the batch-norm folding (see quantx-fold-batchnorm).
struct FoldBatchNormOptions {
  /// Put the folded bias into the producer's `outs` operand even when the
  /// producer accumulated into zeros (otherwise it becomes an add after the
  /// producer).
  bool biasInInit = false;
};

/// Why a fold did not happen: the reason, and the batch-norm-like op it is
/// about (null when there is nothing batch-norm-like to fold).
struct FoldBatchNormFailure {
  std::string reason;
  Operation *op = nullptr;
};

/// Whether `op` is a conv/matmul that quantx-fold-batchnorm folds into.
bool isFoldBatchNormProducer(Operation *op);

/// Folds the chain of per-channel affine ops (quantx.batch_norm and the
/// decomposed forms) that follows `producer` into its weights and bias, and
/// returns the value that replaced the end of the chain. Fails, changing
/// nothing, when there is no such chain or it cannot be folded; `failure`
/// (when not null) then says why. A prefix of the chain may be folded when
/// a later op cannot be: the function then succeeds and still fills in
/// `failure` for that op.
FailureOr<Value> foldBatchNormIntoProducer(RewriterBase &rewriter,
                                           Operation *producer,
                                           const FoldBatchNormOptions &options,
                                           FoldBatchNormFailure *failure =
                                               nullptr);

/// A pattern that applies foldBatchNormIntoProducer to every producer.
void populateFoldBatchNormPatterns(RewritePatternSet &patterns,
                                   const FoldBatchNormOptions &options = {});

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_FOLDBATCHNORM_H
