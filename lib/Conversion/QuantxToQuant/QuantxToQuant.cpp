//===- QuantxToQuant.cpp - quantx ops to quant casts ----------------------===//
//
// convert-quantx-to-quant: quantx.quantize -> quant.qcast when it rounds the
// way quant.qcast is taken to round, quantx.dequantize -> quant.dcast.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToQuant/QuantxToQuant.h"

#include "../VerifyQuietly.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTXTOQUANT
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

LogicalResult mlir::quantx::convertQuantxToQuantCast(
    RewriterBase &rewriter, Operation *op, RoundingMode qcastRounding,
    std::string &why) {
  rewriter.setInsertionPoint(op);
  Operation *newOp;
  if (auto quantize = dyn_cast<QuantizeOp>(op)) {
    if (quantize.getRounding() != qcastRounding) {
      why = llvm::formatv(
          "it rounds {0}, but quant.qcast has no rounding mode and is taken "
          "to round {1} (the rounding option)",
          stringifyRoundingMode(quantize.getRounding()),
          stringifyRoundingMode(qcastRounding));
      return failure();
    }
    newOp = quant::QuantizeCastOp::create(rewriter, op->getLoc(),
                                          quantize.getType(),
                                          quantize.getInput());
  } else if (auto dequantize = dyn_cast<DequantizeOp>(op)) {
    newOp = quant::DequantizeCastOp::create(rewriter, op->getLoc(),
                                            dequantize.getType(),
                                            dequantize.getInput());
  } else {
    why = "not a quantx.quantize or quantx.dequantize";
    return failure();
  }
  if (std::optional<std::string> message = detail::verifyQuietly(newOp)) {
    rewriter.eraseOp(newOp);
    why = *message;
    return failure();
  }
  rewriter.replaceOp(op, newOp->getResults());
  return success();
}

namespace {
struct QuantxToQuantCast : RewritePattern {
  QuantxToQuantCast(MLIRContext *ctx, RoundingMode rounding)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        rounding(rounding) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<QuantizeOp, DequantizeOp>(op))
      return failure();
    std::string why;
    if (failed(convertQuantxToQuantCast(rewriter, op, rounding, why)))
      return rewriter.notifyMatchFailure(op, why);
    return success();
  }

  RoundingMode rounding;
};

struct ConvertQuantxToQuantPass
    : quantx::impl::ConvertQuantxToQuantBase<ConvertQuantxToQuantPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> ops;
    getOperation()->walk([&](Operation *op) {
      if (isa<QuantizeOp, DequantizeOp>(op))
        ops.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    bool anyFailed = false;
    for (Operation *op : ops) {
      std::string why;
      if (succeeded(convertQuantxToQuantCast(rewriter, op, rounding, why)))
        continue;
      op->emitOpError("cannot be converted to ")
          << (isa<QuantizeOp>(op) ? "quant.qcast" : "quant.dcast") << ": "
          << why;
      anyFailed = true;
    }
    if (anyFailed)
      signalPassFailure();
  }
};
} // namespace

void mlir::quantx::populateQuantxToQuantPatterns(RewritePatternSet &patterns,
                                                 RoundingMode qcastRounding) {
  patterns.add<QuantxToQuantCast>(patterns.getContext(), qcastRounding);
}
