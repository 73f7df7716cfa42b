//===- MathToLLVMIntrinsics.cpp - quantx-gpu-math-to-llvm-intrinsics ------===//
//
// Upstream convert-gpu-to-nvvm lowers math.roundeven, math.round, math.floor,
// math.trunc, math.sqrt... to libdevice calls (__nv_rintf, ...) and marks the
// equivalent llvm.intr.* ops illegal, so kernels need libdevice from a CUDA
// toolkit at compile time (gpu-module-to-binary links it when it finds it;
// otherwise the PTX calls an unresolved __nv_rintf). The rounding ops quantx
// emits have exact single-instruction PTX forms, so this pass calls the LLVM
// intrinsics directly (llvm.call_intrinsic, which convert-gpu-to-nvvm
// leaves alone); NVPTX turns them into cvt.rni / cvt.rzi / cvt.rmi /
// cvt.rpi, the exact llvm.round expansion, sqrt.rn and abs.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/Passes.h"
#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXGPUMATHTOLLVMINTRINSICS
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

namespace {
/// A unary math op on f32/f64 as `llvm.call_intrinsic "llvm.NAME.fXX"`.
template <typename OpTy>
struct UnaryMathToIntrinsic : OpRewritePattern<OpTy> {
  UnaryMathToIntrinsic(MLIRContext *ctx, StringRef name)
      : OpRewritePattern<OpTy>(ctx), name(name) {}

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    Type type = op.getType();
    if (!type.isF32() && !type.isF64())
      return rewriter.notifyMatchFailure(op, "not a scalar f32/f64");
    std::string intrinsic =
        ("llvm." + name + (type.isF32() ? ".f32" : ".f64")).str();
    auto call = LLVM::CallIntrinsicOp::create(
        rewriter, op.getLoc(), type, rewriter.getStringAttr(intrinsic),
        op->getOperands());
    rewriter.replaceOp(op, call.getResults());
    return success();
  }

  StringRef name;
};
} // namespace

void mlir::quantx::populateMathToLLVMIntrinsicsPatterns(
    RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<UnaryMathToIntrinsic<math::RoundEvenOp>>(ctx, "roundeven");
  patterns.add<UnaryMathToIntrinsic<math::RoundOp>>(ctx, "round");
  patterns.add<UnaryMathToIntrinsic<math::FloorOp>>(ctx, "floor");
  patterns.add<UnaryMathToIntrinsic<math::CeilOp>>(ctx, "ceil");
  patterns.add<UnaryMathToIntrinsic<math::TruncOp>>(ctx, "trunc");
  patterns.add<UnaryMathToIntrinsic<math::SqrtOp>>(ctx, "sqrt");
  patterns.add<UnaryMathToIntrinsic<math::AbsFOp>>(ctx, "fabs");
}

namespace {
struct QuantxGPUMathToLLVMIntrinsicsPass
    : quantx::impl::QuantxGPUMathToLLVMIntrinsicsBase<
          QuantxGPUMathToLLVMIntrinsicsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateMathToLLVMIntrinsicsPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
