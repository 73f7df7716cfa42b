//===- FuseElementwiseChains.cpp - one loop nest per elementwise chain ----===//
//
// Around the fast int8 kernels: the NCHW <-> NHWC transposes, the float
// epilogues and the zero-point padding fused, with upstream patterns, into
// one linalg.generic per chain.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/FloatLinalgToVector/FloatLinalgToVector.h"

#include "quantx/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "quantx-fuse-elementwise-chains"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXFUSEELEMENTWISECHAINS
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

namespace {
/// linalg.transpose as a linalg.generic, so that elementwise fusion sees it
/// as an elementwise op with a permuted input map.
struct GeneralizeTranspose : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return rewriter.notifyMatchFailure(op, "not on tensors");
    if (failed(linalg::generalizeNamedOp(rewriter, op)))
      return failure();
    return success();
  }
};
} // namespace

/// Fuses `fusedOperand`'s producer into its user only when that user is the
/// producer's only one: with several users the producer's loop would stay
/// and its body would run once more per fused user.
static bool isSingleUseProducer(OpOperand *fusedOperand) {
  Operation *producer = fusedOperand->get().getDefiningOp();
  if (!producer || !producer->hasOneUse()) {
    LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": not fusing into "
                            << *fusedOperand->getOwner()
                            << ": the producer has several users\n");
    return false;
  }
  return true;
}

void mlir::quantx::populateFuseElementwiseChainsPatterns(
    RewritePatternSet &patterns) {
  patterns.add<GeneralizeTranspose>(patterns.getContext());
  linalg::populateElementwiseOpsFusionPatterns(patterns, isSingleUseProducer);
  linalg::populateFuseTensorPadWithProducerLinalgOpPatterns(patterns);
}

LogicalResult mlir::quantx::fuseElementwiseChains(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  populateFuseElementwiseChainsPatterns(patterns);
  return applyPatternsGreedily(root, std::move(patterns));
}

namespace {
struct FuseElementwiseChainsPass
    : quantx::impl::QuantxFuseElementwiseChainsBase<
          FuseElementwiseChainsPass> {
  void runOnOperation() override {
    if (failed(fuseElementwiseChains(getOperation())))
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE
                              << ": the rewrite did not converge\n");
  }
};
} // namespace
