//===- QuantToQuantx.cpp - quant casts to quantx ops ----------------------===//
//
// convert-quant-to-quantx: quant.qcast -> quantx.quantize with a rounding
// mode the user names, quant.dcast -> quantx.dequantize.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantToQuantx/QuantToQuantx.h"

#include "../VerifyQuietly.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTTOQUANTX
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// Why a cast between `from` and `to` has no quantx form, or empty.
static std::string checkTypes(Type from, Type to) {
  auto fromTensor = dyn_cast<RankedTensorType>(from);
  auto toTensor = dyn_cast<RankedTensorType>(to);
  if (!fromTensor || !toTensor)
    return llvm::formatv("quantx ops take ranked tensors, got {0} to {1}", from,
                         to);
  return "";
}

LogicalResult mlir::quantx::convertQuantCastToQuantx(RewriterBase &rewriter,
                                                     Operation *op,
                                                     RoundingMode rounding,
                                                     std::string &why) {
  if (!isa<quant::QuantizeCastOp, quant::DequantizeCastOp>(op)) {
    why = "not a quant.qcast or quant.dcast";
    return failure();
  }
  why = checkTypes(op->getOperand(0).getType(), op->getResult(0).getType());
  if (!why.empty())
    return failure();
  Type quantized = cast<RankedTensorType>(isa<quant::QuantizeCastOp>(op)
                                              ? op->getResult(0).getType()
                                              : op->getOperand(0).getType())
                       .getElementType();
  if (!isUniformQuantized(quantized)) {
    why = llvm::formatv("{0} is not a uniform quantized type", quantized);
    return failure();
  }
  rewriter.setInsertionPoint(op);
  Operation *newOp;
  if (isa<quant::QuantizeCastOp>(op))
    newOp = QuantizeOp::create(
        rewriter, op->getLoc(), op->getResult(0).getType(), op->getOperand(0),
        RoundingModeAttr::get(rewriter.getContext(), rounding));
  else
    newOp = DequantizeOp::create(rewriter, op->getLoc(),
                                 op->getResult(0).getType(), op->getOperand(0));
  if (std::optional<std::string> message = detail::verifyQuietly(newOp)) {
    rewriter.eraseOp(newOp);
    why = *message;
    return failure();
  }
  rewriter.replaceOp(op, newOp->getResults());
  return success();
}

namespace {
struct QuantCastToQuantx : RewritePattern {
  QuantCastToQuantx(MLIRContext *ctx, RoundingMode rounding)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        rounding(rounding) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isa<quant::QuantizeCastOp, quant::DequantizeCastOp>(op))
      return failure();
    std::string why;
    if (failed(convertQuantCastToQuantx(rewriter, op, rounding, why)))
      return rewriter.notifyMatchFailure(op, why);
    return success();
  }

  RoundingMode rounding;
};

struct ConvertQuantToQuantxPass
    : quantx::impl::ConvertQuantToQuantxBase<ConvertQuantToQuantxPass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> casts;
    getOperation()->walk([&](Operation *op) {
      if (isa<quant::QuantizeCastOp, quant::DequantizeCastOp>(op))
        casts.push_back(op);
    });
    IRRewriter rewriter(&getContext());
    bool anyFailed = false;
    for (Operation *op : casts) {
      std::string why;
      if (succeeded(convertQuantCastToQuantx(rewriter, op, rounding, why)))
        continue;
      op->emitOpError("cannot be converted to ")
          << (isa<quant::QuantizeCastOp>(op) ? "quantx.quantize"
                                             : "quantx.dequantize")
          << ": " << why;
      anyFailed = true;
    }
    if (anyFailed)
      signalPassFailure();
  }
};
} // namespace

void mlir::quantx::populateQuantToQuantxPatterns(RewritePatternSet &patterns,
                                                 RoundingMode rounding) {
  patterns.add<QuantCastToQuantx>(patterns.getContext(), rounding);
}
