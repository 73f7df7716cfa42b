//===- QuantxToTosa.cpp - quantx.requantize to tosa.rescale ---------------===//
//
// convert-quantx-to-tosa: quantx.requantize becomes a scale32 tosa.rescale
// on the storage types when TOSA can express it and is defined for every
// input quantx accepts.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToTosa/QuantxToTosa.h"

#include "../VerifyQuietly.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tosa/IR/TosaOps.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTXTOTOSA
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// The single zero point of `element`, or failure when it differs per axis.
static FailureOr<int64_t> uniformZeroPoint(Type element) {
  SmallVector<int64_t> zps = getZeroPoints(element);
  if (!llvm::all_equal(zps))
    return failure();
  return zps[0];
}

/// A rank-1 tosa.const of `values` with element type `type` (bits taken
/// from the low end, so unsigned values keep their pattern).
static Value tosaConst(OpBuilder &b, Location loc, IntegerType type,
                       ArrayRef<int64_t> values) {
  SmallVector<APInt> ints = llvm::map_to_vector(values, [&](int64_t v) {
    return APInt(type.getWidth(), static_cast<uint64_t>(v),
                 /*isSigned=*/false, /*implicitTrunc=*/true);
  });
  auto tensorType =
      RankedTensorType::get({static_cast<int64_t>(values.size())}, type);
  return tosa::ConstOp::create(b, loc, tensorType,
                               DenseElementsAttr::get(tensorType, ints));
}

LogicalResult mlir::quantx::convertRequantizeToRescale(RewriterBase &rewriter,
                                                       RequantizeOp op,
                                                       std::string &why) {
  RoundingMode mode = op.getRounding();
  tosa::RoundingMode tosaMode;
  if (mode == RoundingMode::HalfUp) {
    tosaMode = tosa::RoundingMode::SINGLE_ROUND;
  } else if (mode == RoundingMode::DoubleRound) {
    tosaMode = tosa::RoundingMode::DOUBLE_ROUND;
  } else {
    why = llvm::formatv("rounding mode {0} has no tosa.rescale form "
                        "(SINGLE_ROUND is half_up, DOUBLE_ROUND is "
                        "double_round)",
                        stringifyRoundingMode(mode));
    return failure();
  }
  RankedTensorType inType = op.getInput().getType();
  RankedTensorType outType = op.getResult().getType();
  Type inElt = inType.getElementType(), outElt = outType.getElementType();
  FailureOr<int64_t> inZp = uniformZeroPoint(inElt);
  FailureOr<int64_t> outZp = uniformZeroPoint(outElt);
  if (failed(inZp) || failed(outZp)) {
    why = "its zero points differ per channel; tosa.rescale has one input "
          "and one output zero point";
    return failure();
  }

  // Parameters, per channel or not; TOSA scales along the last dimension.
  SmallVector<int64_t> multipliers(op.getMultiplier().begin(),
                                   op.getMultiplier().end());
  SmallVector<int64_t> shifts(op.getShift().begin(), op.getShift().end());
  bool perChannel = op.getAxis().has_value();
  bool uniform = llvm::all_equal(multipliers) && llvm::all_equal(shifts);
  if (perChannel && uniform) {
    perChannel = false;
    multipliers.resize(1);
    shifts.resize(1);
  }
  if (perChannel && static_cast<int64_t>(*op.getAxis()) != inType.getRank() - 1) {
    why = llvm::formatv("it scales per channel along dimension {0}; "
                        "tosa.rescale scales along the last dimension only",
                        *op.getAxis());
    return failure();
  }
  // TOSA's shift is in [2, 62]; a smaller shift is exact after scaling the
  // multiplier (the product is then a multiple of 2^(2 - shift)).
  for (auto [m, s] : llvm::zip_equal(multipliers, shifts)) {
    if (s >= 2)
      continue;
    int64_t scaled = m << (2 - s);
    if (scaled > INT32_MAX) {
      why = llvm::formatv("shift {0} is below TOSA's minimum of 2 and the "
                          "multiplier {1} cannot absorb it in 31 bits",
                          s, m);
      return failure();
    }
    m = scaled;
    s = 2;
  }
  // TOSA requires (x - input_zp) * M / 2^shift (rounded) to fit i32; quantx
  // computes it exactly and saturates. Refuse when the input's range can
  // leave i32.
  uint64_t maxDev = getMaxAbsDeviation(inElt);
  for (auto [m, s] : llvm::zip_equal(multipliers, shifts)) {
    unsigned __int128 product =
        static_cast<unsigned __int128>(maxDev) * static_cast<uint64_t>(m);
    unsigned __int128 limit = static_cast<unsigned __int128>(INT32_MAX)
                              << static_cast<unsigned>(s);
    if (product + (static_cast<unsigned __int128>(1) << s) > limit) {
      why = llvm::formatv("with |x - zp| up to {0}, multiplier {1} and shift "
                          "{2} the scaled value can exceed the i32 range, "
                          "where tosa.rescale is undefined (quantx "
                          "saturates)",
                          maxDev, m, s);
      return failure();
    }
  }

  IntegerType inStorage = getStorageIntegerType(inElt);
  IntegerType outStorage = getStorageIntegerType(outElt);
  Location loc = op.getLoc();
  MLIRContext *ctx = rewriter.getContext();
  rewriter.setInsertionPoint(op);
  SmallVector<Operation *> created;
  Value input = op.getInput();
  if (!isa<IntegerType>(inElt)) {
    input = quant::StorageCastOp::create(rewriter, loc,
                                         inType.clone(inStorage), input);
    created.push_back(input.getDefiningOp());
  }
  IntegerType i32 = IntegerType::get(ctx, 32), i8 = IntegerType::get(ctx, 8);
  Value mCst = tosaConst(rewriter, loc, i32, multipliers);
  Value sCst = tosaConst(rewriter, loc, i8, shifts);
  Value inZpCst = tosaConst(rewriter, loc, inStorage, {*inZp});
  Value outZpCst = tosaConst(rewriter, loc, outStorage, {*outZp});
  for (Value v : {mCst, sCst, inZpCst, outZpCst})
    created.push_back(v.getDefiningOp());
  auto rescale = tosa::RescaleOp::create(
      rewriter, loc, outType.clone(outStorage), input, mCst, sCst, inZpCst,
      outZpCst, /*scale32=*/true, tosaMode, perChannel,
      isUnsignedStorage(inElt), isUnsignedStorage(outElt));
  created.push_back(rescale);
  auto result = quant::StorageCastOp::create(rewriter, loc, outType, rescale);
  created.push_back(result);
  for (Operation *newOp : created) {
    if (std::optional<std::string> message = detail::verifyQuietly(newOp)) {
      for (Operation *c : llvm::reverse(created))
        rewriter.eraseOp(c);
      why = *message;
      return failure();
    }
  }
  rewriter.replaceOp(op, result);
  return success();
}

namespace {
struct RequantizeToRescale : OpRewritePattern<RequantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RequantizeOp op,
                                PatternRewriter &rewriter) const override {
    std::string why;
    if (failed(convertRequantizeToRescale(rewriter, op, why)))
      return rewriter.notifyMatchFailure(op, why);
    return success();
  }
};

struct ConvertQuantxToTosaPass
    : quantx::impl::ConvertQuantxToTosaBase<ConvertQuantxToTosaPass> {
  void runOnOperation() override {
    SmallVector<RequantizeOp> ops;
    getOperation()->walk([&](RequantizeOp op) { ops.push_back(op); });
    IRRewriter rewriter(&getContext());
    bool anyFailed = false;
    for (RequantizeOp op : ops) {
      std::string why;
      if (succeeded(convertRequantizeToRescale(rewriter, op, why)))
        continue;
      op->emitOpError("cannot be converted to tosa.rescale: ") << why;
      anyFailed = true;
    }
    if (anyFailed)
      signalPassFailure();
  }
};
} // namespace

void mlir::quantx::populateQuantxToTosaPatterns(RewritePatternSet &patterns) {
  patterns.add<RequantizeToRescale>(patterns.getContext());
}
