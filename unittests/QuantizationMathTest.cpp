//===- QuantizationMathTest.cpp - numerics against gemmlowp ---------------===//
//
// The oracle for the fixed-point primitives is gemmlowp's own fixedpoint.h
// (Debian libgemmlowp-dev); TFLite's single rounding and TOSA's apply_scale
// are their published one-line formulas; the other rounding modes are
// checked against exact 128-bit integer arithmetic; the real-valued rounding
// and quantize cases are hand-derived tables.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "gemmlowp/fixedpoint/fixedpoint.h"
#include "gtest/gtest.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

using namespace mlir::quantx;

namespace {

constexpr int kRandomCases = 1000000;

const std::vector<int32_t> &cornerInt32s() {
  static const std::vector<int32_t> values = {
      INT32_MIN,     INT32_MIN + 1, INT32_MIN + 2, -(1 << 30) - 1, -(1 << 30),
      -(1 << 30) + 1, -65536,       -32769,        -32768,         -255,
      -129,          -128,          -127,          -3,             -2,
      -1,            0,             1,             2,              3,
      127,           128,           255,           32767,          32768,
      65535,         (1 << 30) - 1, 1 << 30,       (1 << 30) + 1,  INT32_MAX - 1,
      INT32_MAX};
  return values;
}

/// The TFLite chain written with gemmlowp's primitives, for x where the left
/// shift does not overflow int32.
int32_t tfliteMultiplyByQuantizedMultiplier(int32_t x, int32_t m, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  return gemmlowp::RoundingDivideByPOT(
      gemmlowp::SaturatingRoundingDoublingHighMul(
          static_cast<int32_t>(x * (int64_t(1) << left)), m),
      right);
}

/// x * m / 2^shift rounded exactly in `mode`, with 128-bit integers.
int64_t exactRound(int64_t x, int32_t m, int shift, RoundingMode mode) {
  __int128 p = static_cast<__int128>(x) * m;
  if (shift == 0)
    return static_cast<int64_t>(p);
  __int128 d = static_cast<__int128>(1) << shift;
  __int128 q = p / d, r = p % d;
  __int128 twice = 2 * (r < 0 ? -r : r);
  int sign = p < 0 ? -1 : 1;
  switch (mode) {
  case RoundingMode::TowardZero:
    return static_cast<int64_t>(q);
  case RoundingMode::HalfAwayFromZero:
    return static_cast<int64_t>(twice >= d ? q + sign : q);
  case RoundingMode::HalfToEven:
    if (twice != d)
      return static_cast<int64_t>(twice > d ? q + sign : q);
    return static_cast<int64_t>(q % 2 == 0 ? q : q + sign);
  case RoundingMode::HalfUp: {
    // floor(p / d + 1/2) = floor((2p + d) / 2d)
    __int128 num = 2 * p + d, den = 2 * d;
    __int128 fq = num / den;
    if ((num % den != 0) && (num < 0))
      --fq;
    return static_cast<int64_t>(fq);
  }
  default:
    ADD_FAILURE() << "unexpected mode";
    return 0;
  }
}

//===----------------------------------------------------------------------===//
// gemmlowp primitives
//===----------------------------------------------------------------------===//

TEST(GemmlowpPrimitives, SaturatingRoundingDoublingHighMulCorners) {
  for (int32_t a : cornerInt32s())
    for (int32_t b : cornerInt32s())
      EXPECT_EQ(saturatingRoundingDoublingHighMul(a, b),
                gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
          << "a=" << a << " b=" << b;
}

TEST(GemmlowpPrimitives, SaturatingRoundingDoublingHighMulRandom) {
  std::mt19937_64 rng(42);
  for (int i = 0; i < kRandomCases; ++i) {
    auto a = static_cast<int32_t>(rng()), b = static_cast<int32_t>(rng());
    ASSERT_EQ(saturatingRoundingDoublingHighMul(a, b),
              gemmlowp::SaturatingRoundingDoublingHighMul(a, b))
        << "a=" << a << " b=" << b;
  }
}

TEST(GemmlowpPrimitives, RoundingDivideByPOTCornersEveryExponent) {
  for (int e = 0; e <= 31; ++e) {
    for (int32_t x : cornerInt32s())
      EXPECT_EQ(roundingDivideByPOT(x, e), gemmlowp::RoundingDivideByPOT(x, e))
          << "x=" << x << " e=" << e;
    // Exact ties at this exponent: +-(k + 1/2) * 2^e.
    if (e == 0)
      continue;
    for (int64_t k = -4; k <= 4; ++k) {
      int64_t tie = (2 * k + 1) * (int64_t(1) << (e - 1));
      if (tie < INT32_MIN || tie > INT32_MAX)
        continue;
      auto x = static_cast<int32_t>(tie);
      EXPECT_EQ(roundingDivideByPOT(x, e), gemmlowp::RoundingDivideByPOT(x, e))
          << "tie x=" << x << " e=" << e;
    }
  }
}

TEST(GemmlowpPrimitives, RoundingDivideByPOTRandom) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < kRandomCases; ++i) {
    auto x = static_cast<int32_t>(rng());
    int e = static_cast<int>(rng() % 32);
    ASSERT_EQ(roundingDivideByPOT(x, e), gemmlowp::RoundingDivideByPOT(x, e))
        << "x=" << x << " e=" << e;
  }
}

//===----------------------------------------------------------------------===//
// requantize arithmetic
//===----------------------------------------------------------------------===//

/// A random normalized TFLite multiplier in [2^30, 2^31).
int32_t randomMultiplier(std::mt19937_64 &rng) {
  return static_cast<int32_t>((int64_t(1) << 30) + rng() % (int64_t(1) << 30));
}

/// A random int32 whose magnitude spans every bit width, kept within
/// +-2^(31-left) so that TFLite's left shift does not overflow.
int32_t randomValue(std::mt19937_64 &rng, int left) {
  int bits = 1 + static_cast<int>(rng() % (31 - left));
  int64_t v = static_cast<int64_t>(rng() & ((uint64_t(1) << bits) - 1));
  return static_cast<int32_t>((rng() & 1) ? -v : v);
}

TEST(Requantize, DoubleRoundMatchesGemmlowpChainRandom) {
  std::mt19937_64 rng(1234);
  for (int i = 0; i < kRandomCases; ++i) {
    int32_t m = randomMultiplier(rng);
    int tfliteShift = static_cast<int>(rng() % 62) - 31; // [-31, 30]
    int32_t x = randomValue(rng, std::max(tfliteShift, 0));
    int shift = 31 - tfliteShift;
    ASSERT_EQ(multiplyByFixedPoint(x, m, shift, RoundingMode::DoubleRound),
              tfliteMultiplyByQuantizedMultiplier(x, m, tfliteShift))
        << "x=" << x << " M=" << m << " tflite shift=" << tfliteShift;
  }
}

TEST(Requantize, DoubleRoundMatchesGemmlowpChainCorners) {
  const std::vector<int32_t> multipliers = {0,          1,          1 << 30,
                                            1518500250, 1717986918, INT32_MAX};
  for (int tfliteShift = -31; tfliteShift <= 0; ++tfliteShift)
    for (int32_t m : multipliers)
      for (int32_t x : cornerInt32s())
        EXPECT_EQ(
            multiplyByFixedPoint(x, m, 31 - tfliteShift,
                                 RoundingMode::DoubleRound),
            tfliteMultiplyByQuantizedMultiplier(x, m, tfliteShift))
            << "x=" << x << " M=" << m << " tflite shift=" << tfliteShift;
}

TEST(Requantize, HalfUpMatchesTfliteSingleRounding) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < kRandomCases; ++i) {
    int32_t m = randomMultiplier(rng);
    int tfliteShift = static_cast<int>(rng() % 62) - 31;
    auto x = static_cast<int32_t>(rng());
    // TFLITE_SINGLE_ROUNDING MultiplyByQuantizedMultiplier.
    int total = 31 - tfliteShift;
    int64_t round = int64_t(1) << (total - 1);
    int64_t expected = (static_cast<int64_t>(x) * m + round) >> total;
    ASSERT_EQ(multiplyByFixedPoint(x, m, total, RoundingMode::HalfUp),
              expected)
        << "x=" << x << " M=" << m << " shift=" << total;
  }
}

TEST(Requantize, ExactModesMatch128BitArithmetic) {
  std::mt19937_64 rng(5);
  const RoundingMode modes[] = {RoundingMode::HalfToEven,
                                RoundingMode::HalfAwayFromZero,
                                RoundingMode::HalfUp, RoundingMode::TowardZero};
  for (int i = 0; i < kRandomCases; ++i) {
    auto x = static_cast<int32_t>(rng());
    auto m = static_cast<int32_t>(rng() & 0x7fffffff);
    int shift = static_cast<int>(rng() % 63);
    RoundingMode mode = modes[i % 4];
    ASSERT_EQ(multiplyByFixedPoint(x, m, shift, mode),
              exactRound(x, m, shift, mode))
        << "x=" << x << " M=" << m << " shift=" << shift
        << " mode=" << stringifyRoundingMode(mode).str();
  }
}

TEST(Requantize, ExactModesAtTiesAndExtremes) {
  const RoundingMode modes[] = {RoundingMode::HalfToEven,
                                RoundingMode::HalfAwayFromZero,
                                RoundingMode::HalfUp, RoundingMode::TowardZero};
  for (RoundingMode mode : modes) {
    for (int shift : {0, 1, 2, 15, 30, 31, 32, 45, 61, 62}) {
      for (int32_t x : cornerInt32s())
        for (int32_t m : {0, 1, 3, 1 << 30, INT32_MAX})
          EXPECT_EQ(multiplyByFixedPoint(x, m, shift, mode),
                    exactRound(x, m, shift, mode))
              << "x=" << x << " M=" << m << " shift=" << shift;
      // p = (2k + 1) * 2^(shift - 1): an exact tie.
      if (shift == 0)
        continue;
      for (int k = -3; k <= 3; ++k) {
        // In 128 bits: for large shifts the product overflows int64.
        __int128 wide = static_cast<__int128>(2 * k + 1) *
                        (static_cast<__int128>(1) << (shift - 1));
        if (wide < INT32_MIN || wide > INT32_MAX)
          continue;
        auto p = static_cast<int64_t>(wide);
        EXPECT_EQ(multiplyByFixedPoint(p, 1, shift, mode),
                  exactRound(p, 1, shift, mode))
            << "tie p=" << p << " shift=" << shift;
      }
    }
  }
  // Hand-checked ties: 5/2, -5/2, 3/2, -3/2.
  EXPECT_EQ(multiplyByFixedPoint(5, 1, 1, RoundingMode::HalfToEven), 2);
  EXPECT_EQ(multiplyByFixedPoint(-5, 1, 1, RoundingMode::HalfToEven), -2);
  EXPECT_EQ(multiplyByFixedPoint(3, 1, 1, RoundingMode::HalfToEven), 2);
  EXPECT_EQ(multiplyByFixedPoint(-3, 1, 1, RoundingMode::HalfToEven), -2);
  EXPECT_EQ(multiplyByFixedPoint(5, 1, 1, RoundingMode::HalfAwayFromZero), 3);
  EXPECT_EQ(multiplyByFixedPoint(-5, 1, 1, RoundingMode::HalfAwayFromZero), -3);
  EXPECT_EQ(multiplyByFixedPoint(5, 1, 1, RoundingMode::HalfUp), 3);
  EXPECT_EQ(multiplyByFixedPoint(-5, 1, 1, RoundingMode::HalfUp), -2);
  EXPECT_EQ(multiplyByFixedPoint(5, 1, 1, RoundingMode::TowardZero), 2);
  EXPECT_EQ(multiplyByFixedPoint(-5, 1, 1, RoundingMode::TowardZero), -2);
  // INT32_MIN * (2^31 - 1) / 2^62 = -1 + 2^-31: the nearest modes give -1,
  // truncation gives 0.
  EXPECT_EQ(multiplyByFixedPoint(INT32_MIN, INT32_MAX, 62,
                                 RoundingMode::HalfToEven), -1);
  EXPECT_EQ(multiplyByFixedPoint(INT32_MIN, INT32_MAX, 62,
                                 RoundingMode::HalfUp), -1);
  EXPECT_EQ(multiplyByFixedPoint(INT32_MIN, INT32_MAX, 62,
                                 RoundingMode::TowardZero), 0);
}

/// TOSA DOUBLE_ROUND is claimed equal to the gemmlowp chain for right shifts.
/// The algebra: both are floor((p + 2^(s-1) +- 2^30) / 2^s) once the nested
/// floors are merged; this checks it on every right shift with corner
/// multipliers and inputs, including exact ties of both rounding steps.
TEST(Requantize, TosaDoubleRoundEqualsGemmlowpChainForRightShifts) {
  std::vector<int32_t> multipliers = {0,          1,          2,
                                      1 << 30,    (1 << 30) + 1, 1518500250,
                                      1717986918, INT32_MAX - 1, INT32_MAX};
  std::mt19937_64 rng(3);
  for (int i = 0; i < 16; ++i)
    multipliers.push_back(static_cast<int32_t>(rng() & 0x7fffffff));
  for (int shift = 31; shift <= 62; ++shift) {
    for (int32_t m : multipliers) {
      std::vector<int32_t> xs = cornerInt32s();
      // Inputs whose product lands on a tie of the first or second step.
      if (m != 0)
        for (int64_t k = -3; k <= 3; ++k)
          for (int step : {31, shift}) {
            long double t = (2 * k + 1) * std::ldexp(1.0L, step - 1) / m;
            for (int d = -1; d <= 1; ++d) {
              long double v = std::floor(t) + d;
              if (v >= INT32_MIN && v <= INT32_MAX)
                xs.push_back(static_cast<int32_t>(v));
            }
          }
      for (int32_t x : xs) {
        int64_t tosa = tosaApplyScale32(x, m, shift, /*doubleRound=*/true);
        EXPECT_EQ(tosa, tfliteMultiplyByQuantizedMultiplier(x, m, 31 - shift))
            << "x=" << x << " M=" << m << " shift=" << shift;
        EXPECT_EQ(tosa,
                  multiplyByFixedPoint(x, m, shift, RoundingMode::DoubleRound));
      }
    }
  }
}

TEST(Requantize, TosaSingleRoundEqualsHalfUp) {
  std::mt19937_64 rng(11);
  for (int i = 0; i < kRandomCases; ++i) {
    auto x = static_cast<int32_t>(rng());
    auto m = static_cast<int32_t>(rng() & 0x7fffffff);
    int shift = 2 + static_cast<int>(rng() % 61);
    ASSERT_EQ(tosaApplyScale32(x, m, shift, /*doubleRound=*/false),
              multiplyByFixedPoint(x, m, shift, RoundingMode::HalfUp));
  }
}

TEST(Requantize, RequantizeValueAppliesZeroPointsAndSaturates) {
  // (100 - 10) * 0.5 = 45, + 3 = 48.
  EXPECT_EQ(requantizeValue(100, 10, 1 << 30, 31, RoundingMode::DoubleRound, 3,
                            -128, 127),
            48);
  // Saturation at both ends of i8 and u8.
  EXPECT_EQ(requantizeValue(1000, 0, 1 << 30, 31, RoundingMode::HalfUp, 0,
                            -128, 127),
            127);
  EXPECT_EQ(requantizeValue(-1000, 0, 1 << 30, 31, RoundingMode::HalfUp, 0,
                            -128, 127),
            -128);
  EXPECT_EQ(requantizeValue(-10, 0, 1 << 30, 31, RoundingMode::HalfUp, 128, 0,
                            255),
            123);
  EXPECT_EQ(requantizeValue(INT32_MIN, 0, INT32_MAX, 0,
                            RoundingMode::HalfToEven, 0, INT32_MIN, INT32_MAX),
            INT32_MIN);
}

//===----------------------------------------------------------------------===//
// Multipliers
//===----------------------------------------------------------------------===//

TEST(Multiplier, QuantizeMultiplierTfliteHandCases) {
  auto check = [](double real, int32_t m, int shift) {
    TfliteMultiplier q = quantizeMultiplierTflite(real);
    EXPECT_EQ(q.multiplier, m) << real;
    EXPECT_EQ(q.shift, shift) << real;
  };
  check(0.0, 0, 0);
  check(0.5, 1 << 30, 0);
  check(1.0, 1 << 30, 1);
  check(0.75, 1610612736, 0);
  check(0.05, 1717986918, -4);         // 0.8 * 2^31 = 1717986918.4
  check(std::sqrt(0.5), 1518500250, 0); // 0.7071067811865476 * 2^31
  check(0.0025 / 0.05, 1717986918, -4);
  // Rounds up to 2^31: halved, exponent bumped.
  check(1.0 - 1e-12, 1 << 30, 1);
  // Exponent below -31 flushes to zero; above 30 saturates.
  check(std::ldexp(1.0, -33), 0, 0);
  check(std::ldexp(1.0, 31), INT32_MAX, 30);
}

TEST(Multiplier, QuantizeMultiplierTfliteIsAccurate) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> mantissa(0.5, 1.0);
  for (int i = 0; i < 100000; ++i) {
    double real = std::ldexp(mantissa(rng), static_cast<int>(rng() % 60) - 30);
    TfliteMultiplier q = quantizeMultiplierTflite(real);
    ASSERT_GE(q.multiplier, 1 << 30);
    double encoded = std::ldexp(static_cast<double>(q.multiplier), q.shift - 31);
    ASSERT_LE(std::fabs(encoded - real), real * std::ldexp(1.0, -31)) << real;
  }
}

TEST(Multiplier, FixedPointScaleMatchesTfliteWhereBothNormalize) {
  std::mt19937_64 rng(23);
  std::uniform_real_distribution<double> mantissa(0.5, 1.0);
  for (int i = 0; i < 100000; ++i) {
    double real = std::ldexp(mantissa(rng), static_cast<int>(rng() % 61) - 31);
    std::optional<FixedPointScale> fp = computeFixedPointScale(real);
    ASSERT_TRUE(fp.has_value());
    FixedPointScale fromTflite =
        FixedPointScale::fromTflite(quantizeMultiplierTflite(real));
    EXPECT_EQ(fp->multiplier, fromTflite.multiplier) << real;
    EXPECT_EQ(fp->shift, fromTflite.shift) << real;
    EXPECT_EQ(fp->toTflite().shift, quantizeMultiplierTflite(real).shift);
  }
}

TEST(Multiplier, FixedPointScaleRangesAndErrors) {
  EXPECT_FALSE(computeFixedPointScale(-1.0).has_value());
  EXPECT_FALSE(computeFixedPointScale(std::nan("")).has_value());
  EXPECT_FALSE(
      computeFixedPointScale(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(computeFixedPointScale(std::ldexp(1.0, 31)).has_value());
  // Largest encodable: just below 2^31, shift 0.
  std::optional<FixedPointScale> big = computeFixedPointScale(1.5e9);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->shift, 0);
  EXPECT_EQ(big->multiplier, 1500000000);
  // Too small for a normalized multiplier at shift 62: denormalized.
  std::optional<FixedPointScale> tiny =
      computeFixedPointScale(std::ldexp(3.0, -60));
  ASSERT_TRUE(tiny);
  EXPECT_EQ(tiny->shift, 62);
  EXPECT_EQ(tiny->multiplier, 12);
  std::optional<FixedPointScale> zero =
      computeFixedPointScale(std::ldexp(1.0, -70));
  ASSERT_TRUE(zero);
  EXPECT_EQ(zero->multiplier, 0);
  // TOSA scale16: a 15-bit multiplier.
  std::optional<FixedPointScale> s16 = computeFixedPointScale(0.05, 15);
  ASSERT_TRUE(s16);
  EXPECT_EQ(s16->multiplier, 26214); // 0.8 * 2^15 = 26214.4
  EXPECT_EQ(s16->shift, 19);
}

//===----------------------------------------------------------------------===//
// Real-valued rounding and quantize
//===----------------------------------------------------------------------===//

TEST(Rounding, TiesInEveryMode) {
  struct Row {
    float x;
    float halfToEven, halfAway, halfUp, towardZero;
  };
  const Row rows[] = {
      {-2.5f, -2, -3, -2, -2}, {-1.5f, -2, -2, -1, -1}, {-0.5f, -0.0f, -1, 0, 0},
      {0.5f, 0, 1, 1, 0},      {1.5f, 2, 2, 2, 1},      {2.5f, 2, 3, 3, 2},
      {-2.4f, -2, -2, -2, -2}, {2.6f, 3, 3, 3, 2},      {-2.6f, -3, -3, -3, -2},
      // The largest float below 0.5: floor(x + 0.5) would give 1.
      {0.49999997f, 0, 0, 0, 0},
      // Above 2^23 every float is an integer.
      {16777217.0f, 16777216.0f, 16777216.0f, 16777216.0f, 16777216.0f},
      {8388609.0f, 8388609.0f, 8388609.0f, 8388609.0f, 8388609.0f},
  };
  for (const Row &r : rows) {
    EXPECT_EQ(roundToIntegral(r.x, RoundingMode::HalfToEven), r.halfToEven)
        << r.x;
    EXPECT_EQ(roundToIntegral(r.x, RoundingMode::HalfAwayFromZero), r.halfAway)
        << r.x;
    EXPECT_EQ(roundToIntegral(r.x, RoundingMode::HalfUp), r.halfUp) << r.x;
    EXPECT_EQ(roundToIntegral(r.x, RoundingMode::TowardZero), r.towardZero)
        << r.x;
  }
  EXPECT_TRUE(std::isnan(roundToIntegral(std::nanf(""), RoundingMode::HalfUp)));
  EXPECT_EQ(roundToIntegral(INFINITY, RoundingMode::HalfToEven), INFINITY);
  EXPECT_EQ(roundToIntegral(-2.5, RoundingMode::HalfUp), -2.0);
}

TEST(Quantize, HandDerivedTable) {
  // scale 0.5, zero point 3, i8: x / 0.5 = 2x.
  auto q = [](float x, RoundingMode mode) {
    return quantizeValue<float>(x, 0.5f, 3, -128, 127, mode);
  };
  EXPECT_EQ(q(1.25f, RoundingMode::HalfToEven), 5);  // 2.5 -> 2, + 3
  EXPECT_EQ(q(1.25f, RoundingMode::HalfAwayFromZero), 6);
  EXPECT_EQ(q(-1.25f, RoundingMode::HalfUp), 1);     // -2.5 -> -2, + 3
  EXPECT_EQ(q(-1.25f, RoundingMode::TowardZero), 1);
  EXPECT_EQ(q(100.0f, RoundingMode::HalfToEven), 127); // saturates
  EXPECT_EQ(q(-100.0f, RoundingMode::HalfToEven), -128);
  EXPECT_EQ(q(INFINITY, RoundingMode::HalfToEven), 127);
  EXPECT_EQ(q(-INFINITY, RoundingMode::HalfToEven), -128);
  EXPECT_EQ(q(std::nanf(""), RoundingMode::HalfToEven), 3); // NaN -> zp
  EXPECT_EQ(q(3.0e38f, RoundingMode::HalfUp), 127); // x / s overflows to inf
  // u8 with zero point 128.
  EXPECT_EQ(quantizeValue<float>(-0.3f, 0.1f, 128, 0, 255,
                                 RoundingMode::HalfToEven),
            125);
  // i32 storage: exact beyond 2^24 (no float rounding of the zero point).
  EXPECT_EQ(quantizeValue<double>(1e9, 1.0, 5, INT32_MIN, INT32_MAX,
                                  RoundingMode::HalfToEven),
            1000000005);
  EXPECT_EQ(quantizeValue<float>(1e10f, 1.0f, 0, INT32_MIN, INT32_MAX,
                                 RoundingMode::HalfToEven),
            INT32_MAX);
}

TEST(Quantize, DequantizeIsExactDifferenceTimesScale) {
  EXPECT_EQ(dequantizeValue<float>(5, 0.5f, 3), 1.0f);
  EXPECT_EQ(dequantizeValue<float>(-128, 0.25f, 0), -32.0f);
  EXPECT_EQ(dequantizeValue<double>(INT32_MIN, 1.0, 1), -2147483649.0);
}

//===----------------------------------------------------------------------===//
// Accumulator bounds
//===----------------------------------------------------------------------===//

TEST(AccumulatorBound, DeviationsAndOverflow) {
  EXPECT_EQ(maxAbsDeviation(-128, 127, 0), 128u);
  EXPECT_EQ(maxAbsDeviation(-128, 127, -128), 255u);
  EXPECT_EQ(maxAbsDeviation(0, 255, 128), 128u);
  EXPECT_EQ(maxAbsDeviation(0, 255, 0), 255u);
  EXPECT_EQ(maxAbsDeviation(INT32_MIN, INT32_MAX, INT32_MAX), 4294967295u);
  // 33025 * 255 * 255 = 2147450625 <= 2^31 - 1 < 33026 * 255 * 255.
  EXPECT_TRUE(accumulatorFitsInt32(33025, 255, 255));
  EXPECT_FALSE(accumulatorFitsInt32(33026, 255, 255));
  EXPECT_EQ(accumulatorBound(UINT64_MAX, 2, 2), UINT64_MAX);
}

} // namespace
