//===- ScalarArithmetic.cpp - quantx numerics as arith IR -----------------===//

#include "quantx/Conversion/QuantxToLinalg/ScalarArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

using namespace mlir;
using namespace mlir::quantx;

/// An i64 constant shaped like `like`: i64, or a splat vector of i64 (the
/// fast CPU kernels build the same arithmetic on vectors).
static Value constI64(OpBuilder &b, Location loc, Type like, int64_t v) {
  if (auto vt = dyn_cast<VectorType>(like))
    return arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vt, b.getI64IntegerAttr(v)));
  return arith::ConstantIntOp::create(b, loc, b.getI64Type(), v);
}

static Value constFloat(OpBuilder &b, Location loc, FloatType t, double v) {
  return arith::ConstantOp::create(b, loc, t, b.getFloatAttr(t, v));
}

Value mlir::quantx::emitExtendInt(OpBuilder &b, Location loc, Value v,
                                  Type type, bool isUnsigned) {
  if (v.getType() == type)
    return v;
  if (isUnsigned)
    return arith::ExtUIOp::create(b, loc, type, v);
  return arith::ExtSIOp::create(b, loc, type, v);
}

//===----------------------------------------------------------------------===//
// Rounding
//===----------------------------------------------------------------------===//

Value mlir::quantx::emitRoundReal(OpBuilder &b, Location loc, Value y,
                                  RoundingMode mode) {
  switch (mode) {
  case RoundingMode::HalfToEven:
    return math::RoundEvenOp::create(b, loc, y);
  case RoundingMode::HalfAwayFromZero:
    return math::RoundOp::create(b, loc, y);
  case RoundingMode::TowardZero:
    return math::TruncOp::create(b, loc, y);
  case RoundingMode::HalfUp: {
    // floor(y) + (y - floor(y) >= 1/2): the fraction is exact, unlike y + 0.5.
    auto type = cast<FloatType>(y.getType());
    Value f = math::FloorOp::create(b, loc, y);
    Value frac = arith::SubFOp::create(b, loc, y, f);
    Value up = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGE, frac,
                                     constFloat(b, loc, type, 0.5));
    Value f1 = arith::AddFOp::create(b, loc, f, constFloat(b, loc, type, 1.0));
    return arith::SelectOp::create(b, loc, up, f1, f);
  }
  case RoundingMode::DoubleRound:
    break;
  }
  llvm_unreachable("the verifier rejects double_round on reals");
}

Value mlir::quantx::emitRoundingShiftRight(OpBuilder &b, Location loc, Value p,
                                           Value s, RoundingMode mode) {
  using arith::CmpIPredicate;
  auto cmp = [&](CmpIPredicate pred, Value x, Value y) -> Value {
    return b.createOrFold<arith::CmpIOp>(loc, pred, x, y);
  };
  Type i64 = p.getType();
  Value c0 = constI64(b, loc, i64, 0), c1 = constI64(b, loc, i64, 1);
  Value floorQ = b.createOrFold<arith::ShRSIOp>(loc, p, s);
  Value rem = b.createOrFold<arith::SubIOp>(
      loc, p, b.createOrFold<arith::ShLIOp>(loc, floorQ, s));
  // 2^(s-1), and 0 when s == 0 (that case is selected away below).
  Value half = b.createOrFold<arith::ShRUIOp>(
      loc, b.createOrFold<arith::ShLIOp>(loc, c1, s), c1);
  Value inc;
  switch (mode) {
  case RoundingMode::HalfUp:
    inc = cmp(CmpIPredicate::sge, rem, half);
    break;
  case RoundingMode::HalfAwayFromZero:
    inc = b.createOrFold<arith::SelectOp>(
        loc, cmp(CmpIPredicate::sge, p, c0), cmp(CmpIPredicate::sge, rem, half),
        cmp(CmpIPredicate::sgt, rem, half));
    break;
  case RoundingMode::HalfToEven: {
    Value odd = cmp(CmpIPredicate::ne,
                    b.createOrFold<arith::AndIOp>(loc, floorQ, c1), c0);
    Value tie = b.createOrFold<arith::AndIOp>(
        loc, cmp(CmpIPredicate::eq, rem, half), odd);
    inc = b.createOrFold<arith::OrIOp>(
        loc, cmp(CmpIPredicate::sgt, rem, half), tie);
    break;
  }
  case RoundingMode::TowardZero:
    inc = b.createOrFold<arith::AndIOp>(loc, cmp(CmpIPredicate::slt, p, c0),
                                        cmp(CmpIPredicate::ne, rem, c0));
    break;
  case RoundingMode::DoubleRound:
    llvm_unreachable("handled by emitMultiplyByFixedPoint");
  }
  Value rounded = b.createOrFold<arith::AddIOp>(
      loc, floorQ, b.createOrFold<arith::ExtUIOp>(loc, i64, inc));
  return b.createOrFold<arith::SelectOp>(loc, cmp(CmpIPredicate::eq, s, c0), p,
                                         rounded);
}

/// v * m / 2^s rounded in `mode`, all i64 or all vectors of i64; QuantizationMath's
/// multiplyByFixedPoint. For double_round with s > 31 this is gemmlowp's
/// SaturatingRoundingDoublingHighMul then RoundingDivideByPOT (m >= 0, so the
/// INT32_MIN * INT32_MIN saturation case cannot occur).
Value mlir::quantx::emitMultiplyByFixedPoint(OpBuilder &b, Location loc,
                                             Value v, Value m, Value s,
                                             RoundingMode mode) {
  using arith::CmpIPredicate;
  Value p = b.createOrFold<arith::MulIOp>(loc, v, m);
  if (mode != RoundingMode::DoubleRound)
    return emitRoundingShiftRight(b, loc, p, s, mode);
  Value halfUp = emitRoundingShiftRight(b, loc, p, s, RoundingMode::HalfUp);
  Type i64 = p.getType();
  Value c0 = constI64(b, loc, i64, 0), c1 = constI64(b, loc, i64, 1);
  // SaturatingRoundingDoublingHighMul: (p + nudge) / 2^31, truncating.
  Value nonNeg = b.createOrFold<arith::CmpIOp>(loc, CmpIPredicate::sge, p, c0);
  Value nudge = b.createOrFold<arith::SelectOp>(
      loc, nonNeg, constI64(b, loc, i64, int64_t(1) << 30),
      constI64(b, loc, i64, 1 - (int64_t(1) << 30)));
  Value high = b.createOrFold<arith::DivSIOp>(
      loc, b.createOrFold<arith::AddIOp>(loc, p, nudge),
      constI64(b, loc, i64, int64_t(1) << 31));
  // RoundingDivideByPOT(high, s - 31), exponent clamped to >= 0 so that the
  // unselected lanes stay well defined.
  Value e = b.createOrFold<arith::MaxSIOp>(
      loc, b.createOrFold<arith::SubIOp>(loc, s, constI64(b, loc, i64, 31)), c0);
  Value mask = b.createOrFold<arith::SubIOp>(
      loc, b.createOrFold<arith::ShLIOp>(loc, c1, e), c1);
  Value remainder = b.createOrFold<arith::AndIOp>(loc, high, mask);
  Value negative =
      b.createOrFold<arith::CmpIOp>(loc, CmpIPredicate::slt, high, c0);
  Value threshold = b.createOrFold<arith::AddIOp>(
      loc, b.createOrFold<arith::ShRSIOp>(loc, mask, c1),
      b.createOrFold<arith::ExtUIOp>(loc, i64, negative));
  Value roundUp = b.createOrFold<arith::CmpIOp>(loc, CmpIPredicate::sgt,
                                                remainder, threshold);
  Value gemmlowp = b.createOrFold<arith::AddIOp>(
      loc, b.createOrFold<arith::ShRSIOp>(loc, high, e),
      b.createOrFold<arith::ExtUIOp>(loc, i64, roundUp));
  Value rightShift = b.createOrFold<arith::CmpIOp>(loc, CmpIPredicate::sgt, s,
                                                   constI64(b, loc, i64, 31));
  return b.createOrFold<arith::SelectOp>(loc, rightShift, gemmlowp, halfUp);
}

Value mlir::quantx::emitClampToStorage(OpBuilder &b, Location loc, Value x,
                                       int64_t qmin, int64_t qmax,
                                       IntegerType storage) {
  Type i64 = x.getType();
  x = arith::MaxSIOp::create(b, loc, x, constI64(b, loc, i64, qmin));
  x = arith::MinSIOp::create(b, loc, x, constI64(b, loc, i64, qmax));
  if (storage.getWidth() < 64) {
    Type truncated = storage;
    if (auto vt = dyn_cast<VectorType>(i64))
      truncated = vt.clone(storage);
    x = arith::TruncIOp::create(b, loc, truncated, x);
  }
  return x;
}

Value mlir::quantx::emitRequantize(OpBuilder &b, Location loc, Value x,
                                   bool inputUnsigned, Value inputZeroPoint,
                                   Value multiplier, Value shift,
                                   RoundingMode mode, Value outputZeroPoint,
                                   int64_t qmin, int64_t qmax,
                                   IntegerType storage) {
  Value wide = emitExtendInt(b, loc, x, b.getI64Type(), inputUnsigned);
  Value v = b.createOrFold<arith::SubIOp>(loc, wide, inputZeroPoint);
  Value r = emitMultiplyByFixedPoint(b, loc, v, multiplier, shift, mode);
  r = b.createOrFold<arith::AddIOp>(loc, r, outputZeroPoint);
  return emitClampToStorage(b, loc, r, qmin, qmax, storage);
}
