//===- LowerVectorTransfers.cpp - vector transfers to loads and splats ----===//
//
// After bufferization: upstream's transfer lowering patterns, for the vector
// code of quantx-vectorize-float-linalg.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/FloatLinalgToVector/FloatLinalgToVector.h"

#include "quantx/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXLOWERVECTORTRANSFERS
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

void mlir::quantx::lowerVectorTransfers(Operation *root) {
  RewritePatternSet patterns(root->getContext());
  vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
  vector::populateVectorTransferLoweringPatterns(patterns,
                                                 /*maxTransferRank=*/1);
  (void)applyPatternsGreedily(root, std::move(patterns));
}

namespace {
struct LowerVectorTransfersPass
    : quantx::impl::QuantxLowerVectorTransfersBase<LowerVectorTransfersPass> {
  void runOnOperation() override {
    lowerVectorTransfers(getOperation());
  }
};
} // namespace
