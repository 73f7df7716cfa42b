//===- QuantxFolds.cpp - quantx folders and canonicalizations -------------===//
//
// Every rewrite here is exact: it computes what the reference lowering would
// compute at run time, with the scalar definitions of QuantizationMath.h, or
// it removes a round trip that provably returns its input.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cfloat>
#include <cmath>

using namespace mlir;
using namespace mlir::quantx;

/// Advances a row-major multi-index over `shape`.
static void nextIndex(MutableArrayRef<int64_t> index, ArrayRef<int64_t> shape) {
  for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
    if (++index[d] < shape[d])
      return;
    index[d] = 0;
  }
}

/// Replaces `op` by `quant.scast(arith.constant values)` of type `resultType`.
static void replaceWithStorageConstant(PatternRewriter &rewriter, Operation *op,
                                       RankedTensorType resultType,
                                       ArrayRef<APInt> values) {
  IntegerType storage = getStorageIntegerType(resultType.getElementType());
  auto attr = DenseElementsAttr::get(
      RankedTensorType::get(resultType.getShape(), storage), values);
  Value cst = arith::ConstantOp::create(rewriter, op->getLoc(), attr);
  rewriter.replaceOpWithNewOp<quant::StorageCastOp>(op, resultType, cst);
}

/// An APInt of the storage width holding `q` (already in the storage range).
static APInt storageValue(int64_t q, Type element) {
  unsigned width = getStorageIntegerType(element).getWidth();
  bool isUnsigned = isUnsignedStorage(element);
  return APInt(width, static_cast<uint64_t>(q), /*isSigned=*/!isUnsigned);
}

//===----------------------------------------------------------------------===//
// QuantizeOp
//===----------------------------------------------------------------------===//

/// quantize(dequantize(x)) -> x when both use the same type and the float
/// round trip is provably exact: storage of at most 16 bits (|q - zp| <=
/// 2^16), an f32/f64 expressed type, scales whose products with |q - zp| stay
/// normal and finite, and a round-to-nearest mode. Then (q - zp) * s / s is
/// within 2^-6 of the integer q - zp, which rounds back to it; toward_zero
/// is excluded because an error just below the integer would truncate.
OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  auto dq = getInput().getDefiningOp<DequantizeOp>();
  if (!dq || dq.getInput().getType() != getResult().getType())
    return {};
  if (getRounding() == RoundingMode::TowardZero)
    return {};
  auto qt = getQuantizedElementType();
  if (qt.getStorageTypeIntegralWidth() > 16)
    return {};
  Type expressed = qt.getExpressedType();
  double minNormal, maxFinite;
  if (expressed.isF32()) {
    minNormal = FLT_MIN;
    maxFinite = FLT_MAX;
  } else if (expressed.isF64()) {
    minNormal = DBL_MIN;
    maxFinite = DBL_MAX;
  } else {
    return {};
  }
  for (double s : getScales(qt)) {
    // The scale used at run time is rounded to the expressed type.
    double rs = expressed.isF32() ? static_cast<double>(static_cast<float>(s))
                                  : s;
    if (!(rs >= minNormal) || !(rs * 131072.0 <= maxFinite))
      return {};
  }
  return dq.getInput();
}

namespace {
/// quantize(constant) -> quant.scast(constant of storage integers), computed
/// with quantizeValue, the scalar definition the lowering implements.
struct QuantizeConstant : OpRewritePattern<QuantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    DenseFPElementsAttr values;
    if (!matchPattern(op.getInput(), m_Constant(&values)))
      return failure();
    RankedTensorType resultType = op.getResult().getType();
    if (!resultType.hasStaticShape())
      return failure();
    quant::QuantizedType qt = op.getQuantizedElementType();
    bool useF64 = getComputationType(qt.getExpressedType()).isF64();
    SmallVector<double> scales = getScales(qt);
    SmallVector<int64_t> zeroPoints = getZeroPoints(qt);
    int64_t qmin = qt.getStorageTypeMin(), qmax = qt.getStorageTypeMax();
    ArrayRef<int64_t> shape = resultType.getShape();
    SmallVector<int64_t> index(shape.size(), 0);
    SmallVector<APInt> out;
    out.reserve(resultType.getNumElements());
    RoundingMode mode = op.getRounding();
    for (APFloat v : values.getValues<APFloat>()) {
      int64_t p = getQuantParamIndex(qt, shape, index);
      bool losesInfo;
      int64_t q;
      if (useF64) {
        q = quantizeValue<double>(v.convertToDouble(), scales[p],
                                  zeroPoints[p], qmin, qmax, mode);
      } else {
        v.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven,
                  &losesInfo);
        q = quantizeValue<float>(v.convertToFloat(),
                                 static_cast<float>(scales[p]), zeroPoints[p],
                                 qmin, qmax, mode);
      }
      out.push_back(storageValue(q, qt));
      nextIndex(index, shape);
    }
    replaceWithStorageConstant(rewriter, op, resultType, out);
    return success();
  }
};

/// requantize(constant) -> quant.scast(constant), computed with
/// requantizeValue. The constant is an `arith.constant` of signless integers
/// or a `quant.scast` of one.
struct RequantizeConstant : OpRewritePattern<RequantizeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(RequantizeOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getInput();
    if (auto scast = input.getDefiningOp<quant::StorageCastOp>())
      input = scast.getInput();
    DenseIntElementsAttr values;
    if (!matchPattern(input, m_Constant(&values)))
      return failure();
    RankedTensorType resultType = op.getResult().getType();
    if (!resultType.hasStaticShape())
      return failure();
    Type inElt = op.getInput().getType().getElementType();
    Type resElt = resultType.getElementType();
    bool inUnsigned = isUnsignedStorage(inElt);
    SmallVector<int64_t> inZps = getZeroPoints(inElt);
    SmallVector<int64_t> outZps = getZeroPoints(resElt);
    int64_t qmin = getStorageMin(resElt), qmax = getStorageMax(resElt);
    ArrayRef<int32_t> multipliers = op.getMultiplier();
    ArrayRef<int8_t> shifts = op.getShift();
    std::optional<int64_t> axis = op.getAxis();
    ArrayRef<int64_t> shape = resultType.getShape();
    SmallVector<int64_t> index(shape.size(), 0);
    SmallVector<APInt> out;
    out.reserve(resultType.getNumElements());
    for (APInt v : values.getValues<APInt>()) {
      int64_t c = axis ? index[*axis] : 0;
      int64_t x = inUnsigned ? static_cast<int64_t>(v.getZExtValue())
                             : v.getSExtValue();
      int64_t q = requantizeValue(
          x, inZps[inZps.size() > 1 ? c : 0], multipliers[c], shifts[c],
          op.getRounding(), outZps[outZps.size() > 1 ? c : 0], qmin, qmax);
      out.push_back(storageValue(q, resElt));
      nextIndex(index, shape);
    }
    replaceWithStorageConstant(rewriter, op, resultType, out);
    return success();
  }
};
} // namespace

void QuantizeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                             MLIRContext *context) {
  results.add<QuantizeConstant>(context);
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

/// requantize(x) -> x when the types are identical and every channel scales
/// by exactly 1 (multiplier == 2^shift): the result is x - zp + zp, already
/// in the storage range, in every rounding mode.
OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  if (getInput().getType() != getResult().getType())
    return {};
  for (auto [m, s] : llvm::zip_equal(getMultiplier(), getShift()))
    if (s > 30 || m != (int32_t(1) << s))
      return {};
  return getInput();
}

void RequantizeOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                               MLIRContext *context) {
  results.add<RequantizeConstant>(context);
}
