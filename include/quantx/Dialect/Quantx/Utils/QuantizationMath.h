//===- QuantizationMath.h - quantx numerics without IR ----------*- C++ -*-===//
//
// Scalar definitions of everything quantx rounds: quantize/dequantize of one
// value, fixed-point multipliers and the requantize arithmetic, and the
// gemmlowp/TFLite/TOSA primitives they are specified against. The reference
// lowering emits IR that computes exactly these functions, constant folding
// calls them, and unittests/ check them against gemmlowp's own headers.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_QUANTIZATIONMATH_H
#define QUANTX_DIALECT_QUANTX_UTILS_QUANTIZATIONMATH_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include <cstdint>
#include <optional>

namespace mlir {
namespace quantx {

//===----------------------------------------------------------------------===//
// Rounding of reals (quantize)
//===----------------------------------------------------------------------===//

/// Rounds `x` to an integral value in `mode`, exactly (no intermediate
/// rounding: `half_up` is floor(x) plus one when the exact fraction is at
/// least 1/2, not floor(x + 0.5), which misrounds 0.49999997f). NaN and
/// infinities are returned unchanged. `mode` must not be `DoubleRound`.
float roundToIntegral(float x, RoundingMode mode);
double roundToIntegral(double x, RoundingMode mode);

/// quantx.quantize of one value: clamp(round(x / scale) + zeroPoint, qmin,
/// qmax), with the division and rounding in `FloatT`, the clamp done in float
/// before the conversion (so there is no undefined conversion), NaN mapped to
/// `zeroPoint`. Requires qmin <= zeroPoint <= qmax.
template <typename FloatT>
int64_t quantizeValue(FloatT x, FloatT scale, int64_t zeroPoint, int64_t qmin,
                      int64_t qmax, RoundingMode mode);

/// quantx.dequantize of one value: FloatT(q - zeroPoint) * scale.
template <typename FloatT>
FloatT dequantizeValue(int64_t q, FloatT scale, int64_t zeroPoint);

//===----------------------------------------------------------------------===//
// gemmlowp / TFLite / TOSA primitives
//===----------------------------------------------------------------------===//

/// gemmlowp SaturatingRoundingDoublingHighMul: round-half-up of a*b / 2^31,
/// saturating only for a == b == INT32_MIN.
int32_t saturatingRoundingDoublingHighMul(int32_t a, int32_t b);

/// gemmlowp RoundingDivideByPOT: x / 2^exponent rounded half away from zero,
/// for 0 <= exponent <= 31.
int32_t roundingDivideByPOT(int32_t x, int exponent);

/// TOSA apply_scale_32: (value * multiplier + round) >> shift with round =
/// 2^(shift-1) (+ or - 2^30 when doubleRound and shift > 31). Requires
/// multiplier >= 0 and 2 <= shift <= 62. Returns the 64-bit result (TOSA
/// requires it to fit i32; the caller checks).
int64_t tosaApplyScale32(int32_t value, int32_t multiplier, int shift,
                         bool doubleRound);

/// The TFLite encoding of a real multiplier: `multiplier` in [2^30, 2^31)
/// (or 0) and a signed left shift in [-31, 30], real ~= M * 2^(shift - 31).
struct TfliteMultiplier {
  int32_t multiplier;
  int shift;
};

/// TFLite QuantizeMultiplier, reproduced with its clamping: tiny ratios
/// (exponent < -31) become (0, 0), huge ones (exponent > 30) saturate to
/// (2^31 - 1, 30). Requires a finite, non-negative `real`.
TfliteMultiplier quantizeMultiplierTflite(double real);

//===----------------------------------------------------------------------===//
// quantx fixed-point scales (requantize)
//===----------------------------------------------------------------------===//

/// The quantx/TOSA encoding of a real scale: real ~= multiplier * 2^-shift
/// with 0 <= multiplier < 2^31 and 0 <= shift <= 62.
struct FixedPointScale {
  int32_t multiplier;
  int shift;

  /// The real value this encodes.
  double toDouble() const;
  /// From the TFLite encoding (shift = 31 - tflite shift).
  static FixedPointScale fromTflite(TfliteMultiplier m);
  /// To the TFLite encoding when 1 <= shift <= 62.
  TfliteMultiplier toTflite() const { return {multiplier, 31 - shift}; }
};

/// The normalized encoding of `real` with a `multiplierBits`-bit multiplier
/// (31 for TFLite and TOSA scale32, 15 for TOSA scale16): the multiplier is in
/// [2^(bits-1), 2^bits) and the shift is chosen accordingly. Ratios too small
/// for shift 62 keep shift 62 with a smaller (possibly zero) multiplier.
/// Returns std::nullopt for NaN, negative values or values >= 2^bits.
std::optional<FixedPointScale> computeFixedPointScale(double real,
                                                      int multiplierBits = 31);

/// Rounds the exact rational p / 2^shift in `mode` (0 <= shift <= 62,
/// |p| < 2^62). `DoubleRound` is not accepted here (it needs the factors).
int64_t roundingShiftRight(int64_t p, int shift, RoundingMode mode);

/// The core of quantx.requantize: v * multiplier / 2^shift rounded in `mode`,
/// for |v| < 2^32 (a u32 input reaches 2^32 - 1), 0 <= multiplier < 2^31,
/// 0 <= shift <= 62. Exact 64-bit arithmetic. DoubleRound with shift > 31 is
/// gemmlowp's two steps; for v beyond int32 the same two formulas in 64 bits,
/// as the reference lowering computes them.
int64_t multiplyByFixedPoint(int64_t v, int32_t multiplier, int shift,
                             RoundingMode mode);

/// quantx.requantize of one value: clamp(multiplyByFixedPoint(x - inZp, M,
/// shift) + outZp, qmin, qmax).
int64_t requantizeValue(int64_t x, int64_t inputZeroPoint, int32_t multiplier,
                        int shift, RoundingMode mode, int64_t outputZeroPoint,
                        int64_t qmin, int64_t qmax);

//===----------------------------------------------------------------------===//
// Accumulator bounds
//===----------------------------------------------------------------------===//

/// Largest |q - zeroPoint| over q in [qmin, qmax].
uint64_t maxAbsDeviation(int64_t qmin, int64_t qmax, int64_t zeroPoint);

/// K * maxAbsLhs * maxAbsRhs, saturating at UINT64_MAX.
uint64_t accumulatorBound(uint64_t k, uint64_t maxAbsLhs, uint64_t maxAbsRhs);

/// Whether a sum of `k` products bounded as above always fits an i32.
inline bool accumulatorFitsInt32(uint64_t k, uint64_t maxAbsLhs,
                                 uint64_t maxAbsRhs) {
  return accumulatorBound(k, maxAbsLhs, maxAbsRhs) <= INT32_MAX;
}

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_QUANTIZATIONMATH_H
