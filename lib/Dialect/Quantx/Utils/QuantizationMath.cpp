//===- QuantizationMath.cpp - quantx numerics without IR ------------------===//

#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Rounding of reals
//===----------------------------------------------------------------------===//

template <typename FloatT>
static FloatT roundToIntegralImpl(FloatT x, RoundingMode mode) {
  if (!std::isfinite(x))
    return x;
  switch (mode) {
  case RoundingMode::TowardZero:
    return std::trunc(x);
  case RoundingMode::HalfAwayFromZero:
    return std::round(x);
  case RoundingMode::HalfUp:
  case RoundingMode::HalfToEven: {
    // x - floor(x) is exact for every finite float, so the comparisons with
    // 1/2 below see the true fraction.
    FloatT f = std::floor(x);
    FloatT frac = x - f;
    if (frac > FloatT(0.5))
      return f + 1;
    if (frac < FloatT(0.5))
      return f;
    if (mode == RoundingMode::HalfUp)
      return f + 1;
    return std::fmod(f, FloatT(2)) == 0 ? f : f + 1;
  }
  case RoundingMode::DoubleRound:
    break;
  }
  llvm_unreachable("double_round does not apply to reals");
}

float mlir::quantx::roundToIntegral(float x, RoundingMode mode) {
  return roundToIntegralImpl(x, mode);
}

double mlir::quantx::roundToIntegral(double x, RoundingMode mode) {
  return roundToIntegralImpl(x, mode);
}

template <typename FloatT>
int64_t mlir::quantx::quantizeValue(FloatT x, FloatT scale, int64_t zeroPoint,
                                    int64_t qmin, int64_t qmax,
                                    RoundingMode mode) {
  FloatT y = x / scale;
  if (std::isnan(y))
    return zeroPoint;
  FloatT r = roundToIntegral(y, mode);
  // Clamp while still a float to a range where the conversion is exact and
  // defined; the storage range is applied on the integer afterwards.
  const FloatT limit = FloatT(4611686018427387904.0); // 2^62
  r = std::min(std::max(r, -limit), limit);
  int64_t q = static_cast<int64_t>(r) + zeroPoint;
  return std::clamp(q, qmin, qmax);
}

template <typename FloatT>
FloatT mlir::quantx::dequantizeValue(int64_t q, FloatT scale,
                                     int64_t zeroPoint) {
  return static_cast<FloatT>(q - zeroPoint) * scale;
}

template int64_t mlir::quantx::quantizeValue<float>(float, float, int64_t,
                                                    int64_t, int64_t,
                                                    RoundingMode);
template int64_t mlir::quantx::quantizeValue<double>(double, double, int64_t,
                                                     int64_t, int64_t,
                                                     RoundingMode);
template float mlir::quantx::dequantizeValue<float>(int64_t, float, int64_t);
template double mlir::quantx::dequantizeValue<double>(int64_t, double,
                                                      int64_t);

//===----------------------------------------------------------------------===//
// gemmlowp / TFLite / TOSA primitives
//===----------------------------------------------------------------------===//

int32_t mlir::quantx::saturatingRoundingDoublingHighMul(int32_t a, int32_t b) {
  if (a == b && a == INT32_MIN)
    return INT32_MAX;
  int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  int64_t nudge = ab >= 0 ? (int64_t(1) << 30) : (1 - (int64_t(1) << 30));
  // C++ division truncates toward zero, as gemmlowp relies on.
  return static_cast<int32_t>((ab + nudge) / (int64_t(1) << 31));
}

int32_t mlir::quantx::roundingDivideByPOT(int32_t x, int exponent) {
  assert(exponent >= 0 && exponent <= 31 && "exponent out of range");
  int32_t mask = static_cast<int32_t>((int64_t(1) << exponent) - 1);
  int32_t remainder = x & mask;
  int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int64_t mlir::quantx::tosaApplyScale32(int32_t value, int32_t multiplier,
                                       int shift, bool doubleRound) {
  assert(multiplier >= 0 && shift >= 2 && shift <= 62 && "bad TOSA scale");
  int64_t round = int64_t(1) << (shift - 1);
  if (doubleRound && shift > 31)
    round += value >= 0 ? (int64_t(1) << 30) : -(int64_t(1) << 30);
  int64_t result = static_cast<int64_t>(value) * multiplier + round;
  return result >> shift;
}

TfliteMultiplier mlir::quantx::quantizeMultiplierTflite(double real) {
  assert(real >= 0 && std::isfinite(real) && "bad real multiplier");
  if (real == 0)
    return {0, 0};
  int exponent;
  double q = std::frexp(real, &exponent);
  int64_t qFixed = std::llround(q * 2147483648.0);
  if (qFixed == (int64_t(1) << 31)) {
    qFixed /= 2;
    ++exponent;
  }
  if (exponent < -31)
    return {0, 0};
  if (exponent > 30)
    return {INT32_MAX, 30};
  return {static_cast<int32_t>(qFixed), exponent};
}

//===----------------------------------------------------------------------===//
// Fixed-point scales
//===----------------------------------------------------------------------===//

double FixedPointScale::toDouble() const {
  return std::ldexp(static_cast<double>(multiplier), -shift);
}

FixedPointScale FixedPointScale::fromTflite(TfliteMultiplier m) {
  return {m.multiplier, 31 - m.shift};
}

std::optional<FixedPointScale>
mlir::quantx::computeFixedPointScale(double real, int multiplierBits) {
  assert(multiplierBits >= 1 && multiplierBits <= 31 && "bad multiplier width");
  if (!(real >= 0) || std::isinf(real))
    return std::nullopt;
  if (real == 0)
    return FixedPointScale{0, 0};
  int exponent;
  double q = std::frexp(real, &exponent);
  int64_t m = std::llround(std::ldexp(q, multiplierBits));
  if (m == (int64_t(1) << multiplierBits)) {
    m /= 2;
    ++exponent;
  }
  int shift = multiplierBits - exponent;
  if (shift < 0)
    return std::nullopt;
  if (shift > 62) {
    shift = 62;
    m = std::llround(std::ldexp(real, 62));
  }
  return FixedPointScale{static_cast<int32_t>(m), shift};
}

int64_t mlir::quantx::roundingShiftRight(int64_t p, int shift,
                                         RoundingMode mode) {
  assert(shift >= 0 && shift <= 62 && "shift out of range");
  if (shift == 0)
    return p;
  int64_t floorQ = p >> shift; // arithmetic shift: floor division
  // The remainder of the floor division, in [0, 2^shift): the low bits.
  // (p - (floorQ << shift) would shift a negative value left, which is
  // undefined in C++17.)
  int64_t rem = static_cast<int64_t>(static_cast<uint64_t>(p) &
                                     ((uint64_t(1) << shift) - 1));
  int64_t half = int64_t(1) << (shift - 1);
  switch (mode) {
  case RoundingMode::HalfUp:
    return floorQ + (rem >= half ? 1 : 0);
  case RoundingMode::HalfAwayFromZero:
    return floorQ + ((p >= 0 ? rem >= half : rem > half) ? 1 : 0);
  case RoundingMode::HalfToEven:
    return floorQ +
           ((rem > half || (rem == half && (floorQ & 1) != 0)) ? 1 : 0);
  case RoundingMode::TowardZero:
    return floorQ + ((p < 0 && rem != 0) ? 1 : 0);
  case RoundingMode::DoubleRound:
    break;
  }
  llvm_unreachable("double_round needs the factors: use multiplyByFixedPoint");
}

/// gemmlowp's double rounding, SaturatingRoundingDoublingHighMul(v, m) then
/// RoundingDivideByPOT(., exponent), in 64-bit arithmetic for the operands
/// beyond int32 that a u32 input produces. For int32 operands it computes
/// what the int32 primitives compute (m >= 0 rules out their saturation).
static int64_t doubleRound64(int64_t v, int32_t m, int exponent) {
  int64_t p = v * m;
  int64_t nudge = p >= 0 ? (int64_t(1) << 30) : (1 - (int64_t(1) << 30));
  int64_t high = (p + nudge) / (int64_t(1) << 31); // truncating
  int64_t mask = (int64_t(1) << exponent) - 1;
  int64_t threshold = (mask >> 1) + (high < 0 ? 1 : 0);
  return (high >> exponent) + ((high & mask) > threshold ? 1 : 0);
}

int64_t mlir::quantx::multiplyByFixedPoint(int64_t v, int32_t multiplier,
                                           int shift, RoundingMode mode) {
  assert(multiplier >= 0 && shift >= 0 && shift <= 62 && "bad fixed point");
  assert(std::llabs(v) < (int64_t(1) << 32) && "operand out of range");
  if (mode == RoundingMode::DoubleRound) {
    if (shift > 31) {
      if (v < INT32_MIN || v > INT32_MAX)
        return doubleRound64(v, multiplier, shift - 31);
      int32_t high = saturatingRoundingDoublingHighMul(
          static_cast<int32_t>(v), multiplier);
      return roundingDivideByPOT(high, shift - 31);
    }
    mode = RoundingMode::HalfUp;
  }
  return roundingShiftRight(v * multiplier, shift, mode);
}

int64_t mlir::quantx::requantizeValue(int64_t x, int64_t inputZeroPoint,
                                      int32_t multiplier, int shift,
                                      RoundingMode mode,
                                      int64_t outputZeroPoint, int64_t qmin,
                                      int64_t qmax) {
  int64_t r = multiplyByFixedPoint(x - inputZeroPoint, multiplier, shift, mode);
  return std::clamp(r + outputZeroPoint, qmin, qmax);
}

//===----------------------------------------------------------------------===//
// Accumulator bounds
//===----------------------------------------------------------------------===//

uint64_t mlir::quantx::maxAbsDeviation(int64_t qmin, int64_t qmax,
                                       int64_t zeroPoint) {
  auto absDiff = [](int64_t a, int64_t b) -> uint64_t {
    return a >= b ? static_cast<uint64_t>(a) - static_cast<uint64_t>(b)
                  : static_cast<uint64_t>(b) - static_cast<uint64_t>(a);
  };
  return std::max(absDiff(qmin, zeroPoint), absDiff(qmax, zeroPoint));
}

uint64_t mlir::quantx::accumulatorBound(uint64_t k, uint64_t maxAbsLhs,
                                        uint64_t maxAbsRhs) {
  return llvm::SaturatingMultiply(llvm::SaturatingMultiply(k, maxAbsLhs),
                                  maxAbsRhs);
}
