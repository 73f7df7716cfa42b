//===- Numerics.cpp - C API for quantx's scalar numerics ------------------===//

#include "quantx-c/Numerics.h"

#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include <cmath>
#include <cstdint>

using namespace mlir::quantx;

/// The storage ranges quantx handles are at most 32 bits wide (u32 reaches
/// 2^32 - 1); bounds beyond that would let the arithmetic below overflow.
static bool inStorageBounds(int64_t v) {
  return v >= -(int64_t(1) << 32) && v <= (int64_t(1) << 32);
}

static bool isRoundingMode(MlirQuantxRoundingMode mode) {
  return symbolizeRoundingMode(static_cast<uint32_t>(mode)).has_value();
}

bool mlirQuantxComputeFixedPointScale(double real, int multiplierBits,
                                      MlirQuantxFixedPointScale *result) {
  if (multiplierBits < 1 || multiplierBits > 31)
    return false;
  std::optional<FixedPointScale> fp =
      computeFixedPointScale(real, multiplierBits);
  if (!fp)
    return false;
  *result = {fp->multiplier, fp->shift};
  return true;
}

bool mlirQuantxFixedPointScaleToDouble(MlirQuantxFixedPointScale scale,
                                       double *result) {
  if (scale.multiplier < 0 || scale.shift < 0 || scale.shift > 62)
    return false;
  *result = FixedPointScale{scale.multiplier, scale.shift}.toDouble();
  return true;
}

bool mlirQuantxQuantizeMultiplierTflite(double real, int32_t *multiplier,
                                        int *shift) {
  if (!(real >= 0) || !std::isfinite(real))
    return false;
  TfliteMultiplier m = quantizeMultiplierTflite(real);
  *multiplier = m.multiplier;
  *shift = m.shift;
  return true;
}

bool mlirQuantxRequantizeValue(int64_t x, int64_t inputZeroPoint,
                               int32_t multiplier, int shift,
                               MlirQuantxRoundingMode rounding,
                               int64_t outputZeroPoint, int64_t qmin,
                               int64_t qmax, int64_t *result) {
  if (!isRoundingMode(rounding) || multiplier < 0 || shift < 0 || shift > 62)
    return false;
  if (!inStorageBounds(qmin) || !inStorageBounds(qmax) || qmin > qmax ||
      outputZeroPoint < qmin || outputZeroPoint > qmax)
    return false;
  // |x - inputZeroPoint| < 2^32, computed without overflow.
  if (!inStorageBounds(x) || !inStorageBounds(inputZeroPoint) ||
      std::llabs(x - inputZeroPoint) >= (int64_t(1) << 32))
    return false;
  *result = requantizeValue(x, inputZeroPoint, multiplier, shift,
                            static_cast<RoundingMode>(rounding),
                            outputZeroPoint, qmin, qmax);
  return true;
}

bool mlirQuantxQuantizeValueF32(float x, float scale, int64_t zeroPoint,
                                int64_t qmin, int64_t qmax,
                                MlirQuantxRoundingMode rounding,
                                int64_t *result) {
  if (!isRoundingMode(rounding) || rounding == MlirQuantxRoundingModeDoubleRound)
    return false;
  if (!inStorageBounds(qmin) || !inStorageBounds(qmax) || qmin > qmax ||
      zeroPoint < qmin || zeroPoint > qmax)
    return false;
  *result = quantizeValue<float>(x, scale, zeroPoint, qmin, qmax,
                                 static_cast<RoundingMode>(rounding));
  return true;
}

float mlirQuantxDequantizeValueF32(int64_t q, float scale, int64_t zeroPoint) {
  return dequantizeValue<float>(q, scale, zeroPoint);
}
