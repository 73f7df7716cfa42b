//===- TosaToQuantx.cpp - tosa.rescale to quantx.requantize ---------------===//
//
// convert-tosa-to-quantx: tosa.rescale with constant parameters becomes
// quantx.requantize; TOSA's signless tensors become quantized types that
// carry the zero points, signedness and the scale ratio.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/TosaToQuantx/TosaToQuantx.h"

#include "../VerifyQuietly.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTTOSATOQUANTX
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// The integer values of a constant operand, read as unsigned when
/// `isUnsigned`.
static FailureOr<SmallVector<int64_t>> readConstant(Value v, bool isUnsigned) {
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return failure();
  SmallVector<int64_t> values;
  for (const APInt &i : attr.getValues<APInt>())
    values.push_back(isUnsigned ? static_cast<int64_t>(i.getZExtValue())
                                : i.getSExtValue());
  return values;
}

/// A quantized type over `storage` with the signedness TOSA gives it.
static Type quantizedType(IntegerType storage, bool isUnsigned,
                          ArrayRef<double> scales, int64_t zeroPoint,
                          std::optional<int32_t> axis, FloatType expressed) {
  unsigned width = storage.getWidth();
  int64_t qmin = isUnsigned ? 0 : -(int64_t(1) << (width - 1));
  int64_t qmax = isUnsigned ? (int64_t(1) << width) - 1
                            : (int64_t(1) << (width - 1)) - 1;
  unsigned flags = isUnsigned ? 0 : quant::QuantizationFlags::Signed;
  if (axis)
    return quant::UniformQuantizedPerAxisType::get(
        flags, storage, expressed, scales,
        SmallVector<int64_t>(scales.size(), zeroPoint), *axis, qmin, qmax);
  return quant::UniformQuantizedType::get(flags, storage, expressed, scales[0],
                                          zeroPoint, qmin, qmax);
}

LogicalResult mlir::quantx::convertRescaleToRequantize(RewriterBase &rewriter,
                                                       tosa::RescaleOp op,
                                                       std::string &why) {
  auto inType = dyn_cast<RankedTensorType>(op.getInput().getType());
  auto outType = dyn_cast<RankedTensorType>(op.getOutput().getType());
  if (!inType || !outType) {
    why = "quantx.requantize takes ranked tensors";
    return failure();
  }
  auto inStorage = dyn_cast<IntegerType>(inType.getElementType());
  auto outStorage = dyn_cast<IntegerType>(outType.getElementType());
  if (!inStorage || !outStorage) {
    why = "the input and output are not integer tensors";
    return failure();
  }
  if (inStorage.getWidth() > 32) {
    why = llvm::formatv("the input is {0}; quantx.requantize takes at most "
                        "32-bit inputs",
                        inStorage);
    return failure();
  }
  if (op.getRoundingMode() == tosa::RoundingMode::INEXACT_ROUND) {
    why = "INEXACT_ROUND leaves the rounding to the implementation; "
          "quantx.requantize needs an exact mode";
    return failure();
  }
  bool inUnsigned = op.getInputUnsigned(), outUnsigned = op.getOutputUnsigned();
  FailureOr<SmallVector<int64_t>> multipliers =
      readConstant(op.getMultiplier(), /*isUnsigned=*/false);
  FailureOr<SmallVector<int64_t>> shifts =
      readConstant(op.getShift(), /*isUnsigned=*/false);
  FailureOr<SmallVector<int64_t>> inZp =
      readConstant(op.getInputZp(), inUnsigned);
  FailureOr<SmallVector<int64_t>> outZp =
      readConstant(op.getOutputZp(), outUnsigned);
  const char *names[] = {"multiplier", "shift", "input_zp", "output_zp"};
  FailureOr<SmallVector<int64_t>> *all[] = {&multipliers, &shifts, &inZp,
                                            &outZp};
  for (auto [name, values] : llvm::zip_equal(names, all)) {
    if (failed(*values) || (*values)->empty()) {
      why = llvm::formatv("the {0} is not a constant", name);
      return failure();
    }
  }
  for (int64_t m : *multipliers) {
    if (m < 0) {
      why = llvm::formatv("the multiplier {0} is negative", m);
      return failure();
    }
  }

  // Types: the input stays signless when it is signed with zero point 0;
  // otherwise it gets a quantized type whose scale, against the output's 1,
  // is the ratio M * 2^-shift (or 2^-shift for M = 0, which the verifier
  // accepts as within one unit of the multiplier).
  MLIRContext *ctx = rewriter.getContext();
  FloatType f32 = Float32Type::get(ctx);
  bool perChannel = op.getPerChannel();
  std::optional<int32_t> axis;
  if (perChannel)
    axis = static_cast<int32_t>(inType.getRank() - 1);
  Location loc = op.getLoc();
  rewriter.setInsertionPoint(op);
  Value input = op.getInput();
  SmallVector<Operation *> created;
  if (inUnsigned || (*inZp)[0] != 0) {
    SmallVector<double> scales;
    for (auto [m, s] : llvm::zip_equal(*multipliers, *shifts))
      scales.push_back(std::ldexp(static_cast<double>(std::max<int64_t>(m, 1)),
                                  -static_cast<int>(s)));
    Type element = quantizedType(inStorage, inUnsigned, scales, (*inZp)[0],
                                 perChannel ? axis : std::nullopt, f32);
    input = quant::StorageCastOp::create(rewriter, loc,
                                         inType.clone(element), input);
    created.push_back(input.getDefiningOp());
  }
  Type outElement = quantizedType(outStorage, outUnsigned, {1.0}, (*outZp)[0],
                                  std::nullopt, f32);
  SmallVector<int32_t> m32 = llvm::map_to_vector(
      *multipliers, [](int64_t m) { return static_cast<int32_t>(m); });
  SmallVector<int8_t> s8 = llvm::map_to_vector(
      *shifts, [](int64_t s) { return static_cast<int8_t>(s); });
  RoundingMode mode = op.getRoundingMode() == tosa::RoundingMode::DOUBLE_ROUND
                          ? RoundingMode::DoubleRound
                          : RoundingMode::HalfUp;
  auto requantize = RequantizeOp::create(
      rewriter, loc, outType.clone(outElement), input,
      rewriter.getDenseI32ArrayAttr(m32), rewriter.getDenseI8ArrayAttr(s8),
      RoundingModeAttr::get(ctx, mode),
      perChannel ? rewriter.getI64IntegerAttr(*axis) : IntegerAttr());
  created.push_back(requantize);
  auto result =
      quant::StorageCastOp::create(rewriter, loc, outType, requantize);
  created.push_back(result);
  for (Operation *newOp : created) {
    if (std::optional<std::string> message = detail::verifyQuietly(newOp)) {
      for (Operation *c : llvm::reverse(created))
        rewriter.eraseOp(c);
      why = *message;
      return failure();
    }
  }
  SmallVector<Operation *> params;
  Value paramValues[] = {op.getMultiplier(), op.getShift(), op.getInputZp(),
                         op.getOutputZp()};
  for (Value v : paramValues)
    if (Operation *def = v.getDefiningOp())
      params.push_back(def);
  rewriter.replaceOp(op, result);
  // The parameter constants are attributes of the requantize now.
  for (Operation *def : params)
    if (def->use_empty() && isPure(def))
      rewriter.eraseOp(def);
  return success();
}

namespace {
struct RescaleToRequantize : OpRewritePattern<tosa::RescaleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(tosa::RescaleOp op,
                                PatternRewriter &rewriter) const override {
    std::string why;
    if (failed(convertRescaleToRequantize(rewriter, op, why)))
      return rewriter.notifyMatchFailure(op, why);
    return success();
  }
};

struct ConvertTosaToQuantxPass
    : quantx::impl::ConvertTosaToQuantxBase<ConvertTosaToQuantxPass> {
  void runOnOperation() override {
    SmallVector<tosa::RescaleOp> ops;
    getOperation()->walk([&](tosa::RescaleOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    bool anyFailed = false;
    for (tosa::RescaleOp op : ops) {
      std::string why;
      if (succeeded(convertRescaleToRequantize(rewriter, op, why)))
        continue;
      op->emitOpError("cannot be converted to quantx.requantize: ") << why;
      anyFailed = true;
    }
    if (anyFailed)
      signalPassFailure();
  }
};
} // namespace

void mlir::quantx::populateTosaToQuantxPatterns(RewritePatternSet &patterns) {
  patterns.add<RescaleToRequantize>(patterns.getContext());
}
