//===- VectorDotToX86.cpp - integer dot products to x86 -------------------===//

#include "quantx/Conversion/VectorDotToX86/VectorDotToX86.h"

#include "quantx/Conversion/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "quantx-lower-vector-dot-to-x86"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXLOWERVECTORDOTTOX86
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

namespace {
/// The narrow operand under an extension: its value and whether the
/// extension is unsigned.
struct Extended {
  Value narrow;
  bool isUnsigned;
};

static std::optional<Extended> getExtended(Value v) {
  if (auto ext = v.getDefiningOp<arith::ExtUIOp>())
    return Extended{ext.getIn(), true};
  if (auto ext = v.getDefiningOp<arith::ExtSIOp>())
    return Extended{ext.getIn(), false};
  return std::nullopt;
}

struct ContractToX86Dot : OpRewritePattern<vector::ContractionOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(vector::ContractionOp op,
                                PatternRewriter &rewriter) const override {
    MLIRContext *ctx = op.getContext();
    if (op.getKind() != vector::CombiningKind::ADD)
      return rewriter.notifyMatchFailure(op, "not an add contraction");
    AffineExpr l = getAffineDimExpr(0, ctx), g = getAffineDimExpr(1, ctx);
    SmallVector<AffineMap> expected{AffineMap::get(2, 0, {l, g}, ctx),
                                    AffineMap::get(2, 0, {l, g}, ctx),
                                    AffineMap::get(2, 0, {l}, ctx)};
    if (op.getIndexingMapsArray() != expected ||
        op.getIteratorTypesArray() !=
            SmallVector<vector::IteratorType>{vector::IteratorType::parallel,
                                              vector::IteratorType::reduction})
      return rewriter.notifyMatchFailure(op, "not a grouped dot product");
    auto accType = dyn_cast<VectorType>(op.getAccType());
    if (!accType || !accType.getElementType().isInteger(32))
      return rewriter.notifyMatchFailure(op, "accumulator is not i32");
    std::optional<Extended> lhs = getExtended(op.getLhs());
    std::optional<Extended> rhs = getExtended(op.getRhs());
    if (!lhs || !rhs)
      return rewriter.notifyMatchFailure(op, "operands are not extended");
    auto narrowType = cast<VectorType>(lhs->narrow.getType());
    if (narrowType != rhs->narrow.getType())
      return rewriter.notifyMatchFailure(op, "operand types differ");
    int64_t lanes = narrowType.getDimSize(0), group = narrowType.getDimSize(1);
    unsigned bits = narrowType.getElementTypeBitWidth();

    LLVM::TargetFeaturesAttr features = LLVM::TargetFeaturesAttr::featuresAt(op);
    auto has = [&](StringRef f) {
      return features && features.contains(f);
    };
    Location loc = op.getLoc();
    auto flat = [&](Value v) -> Value {
      auto t = cast<VectorType>(v.getType());
      return vector::ShapeCastOp::create(
          rewriter, loc,
          VectorType::get({t.getNumElements()}, t.getElementType()), v);
    };

    if (group == 4 && bits == 8 && lhs->isUnsigned != rhs->isUnsigned) {
      StringRef intrinsic;
      if (lanes == 16 && has("+avx512vnni") && has("+avx512f"))
        intrinsic = "llvm.x86.avx512.vpdpbusd.512";
      else if (lanes == 8 &&
               (has("+avxvnni") || (has("+avx512vnni") && has("+avx512vl"))))
        intrinsic = "llvm.x86.avx512.vpdpbusd.256";
      else
        return rewriter.notifyMatchFailure(op, "no VNNI for this width");
      // vpdpbusd's first source is the unsigned one.
      Value u = lhs->isUnsigned ? lhs->narrow : rhs->narrow;
      Value s = lhs->isUnsigned ? rhs->narrow : lhs->narrow;
      rewriter.replaceOpWithNewOp<LLVM::CallIntrinsicOp>(
          op, accType, rewriter.getStringAttr(intrinsic),
          ValueRange{op.getAcc(), flat(u), flat(s)});
      return success();
    }
    if (group == 2 && bits == 16 && !lhs->isUnsigned && !rhs->isUnsigned) {
      StringRef intrinsic;
      if (lanes == 8 && has("+avx2"))
        intrinsic = "llvm.x86.avx2.pmadd.wd";
      else if (lanes == 16 && has("+avx512bw"))
        intrinsic = "llvm.x86.avx512.pmaddw.d.512";
      else
        return rewriter.notifyMatchFailure(op, "no pmaddwd for this width");
      Value prod = LLVM::CallIntrinsicOp::create(
                       rewriter, loc, accType,
                       rewriter.getStringAttr(intrinsic),
                       ValueRange{flat(lhs->narrow), flat(rhs->narrow)})
                       .getResult(0);
      rewriter.replaceOpWithNewOp<arith::AddIOp>(op, op.getAcc(), prod);
      return success();
    }
    return rewriter.notifyMatchFailure(op, "no x86 instruction for this form");
  }
};

struct LowerVectorDotToX86Pass
    : quantx::impl::QuantxLowerVectorDotToX86Base<LowerVectorDotToX86Pass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateVectorDotToX86Patterns(patterns);
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      signalPassFailure();
  }
};
} // namespace

void mlir::quantx::populateVectorDotToX86Patterns(RewritePatternSet &patterns) {
  patterns.add<ContractToX86Dot>(patterns.getContext());
}
