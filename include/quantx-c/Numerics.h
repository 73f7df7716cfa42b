/*===-- quantx-c/Numerics.h - quantx's scalar numerics ------------*- C -*-===*\
|*                                                                            *|
|* The scalar definitions quantx compiles (QuantizationMath.h) for C and     *|
|* other languages: fixed-point scales in quantx's/TOSA's and TFLite's       *|
|* encodings, and quantize/requantize of one value. A frontend uses them to  *|
|* compute requantize parameters or expected results without building IR.    *|
|*                                                                            *|
|* Every function checks its preconditions and returns false (leaving the   *|
|* outputs untouched) instead of asserting.                                   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANTX_C_NUMERICS_H
#define QUANTX_C_NUMERICS_H

#include "mlir-c/Support.h"
#include "quantx-c/Dialect/Quantx.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// real ~= multiplier * 2^-shift, 0 <= multiplier < 2^31, 0 <= shift <= 62:
/// the encoding of quantx.requantize and TOSA rescale.
typedef struct MlirQuantxFixedPointScale {
  int32_t multiplier;
  int shift;
} MlirQuantxFixedPointScale;

/// The normalized encoding of `real` with a `multiplierBits`-bit multiplier
/// (31: TFLite, TOSA scale32; 15: TOSA scale16; 1..31 accepted). False for
/// NaN, negative values, values >= 2^multiplierBits or bits out of range.
MLIR_CAPI_EXPORTED bool
mlirQuantxComputeFixedPointScale(double real, int multiplierBits,
                                 MlirQuantxFixedPointScale *result);

/// The real value of an encoding; false when it is out of range.
MLIR_CAPI_EXPORTED bool
mlirQuantxFixedPointScaleToDouble(MlirQuantxFixedPointScale scale,
                                  double *result);

/// TFLite's QuantizeMultiplier: multiplier in [2^30, 2^31) (or 0) and a left
/// shift in [-31, 30]. False for NaN, infinite or negative `real`.
MLIR_CAPI_EXPORTED bool mlirQuantxQuantizeMultiplierTflite(double real,
                                                           int32_t *multiplier,
                                                           int *shift);

/// quantx.requantize of one value: clamp(round((x - inputZeroPoint) *
/// multiplier / 2^shift) + outputZeroPoint, qmin, qmax), exactly as the
/// reference lowering computes it. False unless |x - inputZeroPoint| < 2^32,
/// 0 <= multiplier, 0 <= shift <= 62, qmin <= qmax, and the zero point lies
/// in [qmin, qmax].
MLIR_CAPI_EXPORTED bool
mlirQuantxRequantizeValue(int64_t x, int64_t inputZeroPoint, int32_t multiplier,
                          int shift, MlirQuantxRoundingMode rounding,
                          int64_t outputZeroPoint, int64_t qmin, int64_t qmax,
                          int64_t *result);

/// quantx.quantize of one f32 value: clamp(round(x / scale) + zeroPoint,
/// qmin, qmax) in f32, NaN to the zero point. False for double_round (it
/// applies to requantize only), qmin > qmax or a zero point outside
/// [qmin, qmax].
MLIR_CAPI_EXPORTED bool mlirQuantxQuantizeValueF32(float x, float scale,
                                                   int64_t zeroPoint,
                                                   int64_t qmin, int64_t qmax,
                                                   MlirQuantxRoundingMode rounding,
                                                   int64_t *result);

/// quantx.dequantize of one value to f32: (q - zeroPoint) * scale.
MLIR_CAPI_EXPORTED float mlirQuantxDequantizeValueF32(int64_t q, float scale,
                                                      int64_t zeroPoint);

#ifdef __cplusplus
}
#endif

#endif // QUANTX_C_NUMERICS_H
