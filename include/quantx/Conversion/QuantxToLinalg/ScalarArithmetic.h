//===- ScalarArithmetic.h - quantx numerics as arith IR ---------*- C++ -*-===//
//
// IR emitters for the scalar definitions of QuantizationMath.h: one value in,
// one value out, built from `arith`/`math` ops only. The reference lowering
// (convert-quantx-to-linalg) puts them in linalg.generic bodies; the GPU
// kernels (convert-quantx-to-nvvm) and the fast CPU kernels
// (convert-quantx-to-vector) put the same calls in their epilogues, so every
// lowering computes the same integers by construction.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_CONVERSION_QUANTXTOLINALG_SCALARARITHMETIC_H
#define QUANTX_CONVERSION_QUANTXTOLINALG_SCALARARITHMETIC_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Value.h"

namespace mlir {
namespace quantx {

/// Extends the integer `v` to `type`, zero-extending unsigned storage; `v`
/// unchanged when it already has `type`.
Value emitExtendInt(OpBuilder &b, Location loc, Value v, Type type,
                    bool isUnsigned);

/// Rounds the float `y` to an integral float in `mode` (not double_round):
/// QuantizationMath's roundToIntegral.
Value emitRoundReal(OpBuilder &b, Location loc, Value y, RoundingMode mode);

/// p / 2^s rounded in `mode`, for an i64 `p` and an i64 shift `s` in [0, 62]
/// (SSA values, so that per-channel shifts work): QuantizationMath's
/// roundingShiftRight.
Value emitRoundingShiftRight(OpBuilder &b, Location loc, Value p, Value s,
                             RoundingMode mode);

/// v * m / 2^s rounded in `mode`: QuantizationMath's multiplyByFixedPoint
/// (gemmlowp's two steps for double_round, s > 31), in exact 64-bit
/// arithmetic. `v`, `m` and `s` are all i64 or all vectors of i64 of one
/// shape (per-lane multipliers and shifts), with `|v| < 2^32`,
/// `0 <= m < 2^31`, `0 <= s <= 62`. The fast CPU kernels' fused epilogues
/// (convert-quantx-to-vector) build their arithmetic with it on vectors.
Value emitMultiplyByFixedPoint(OpBuilder &b, Location loc, Value v, Value m,
                               Value s, RoundingMode mode);

/// clamp(x, qmin, qmax) on an i64 `x` (or a vector of i64), truncated to
/// `storage` (or a vector of it).
Value emitClampToStorage(OpBuilder &b, Location loc, Value x, int64_t qmin,
                         int64_t qmax, IntegerType storage);

/// quantx.requantize of one value: QuantizationMath's requantizeValue. `x`
/// is an integer of at most 32 bits (zero-extended when `inputUnsigned`);
/// `inputZeroPoint`, `multiplier`, `shift` and `outputZeroPoint` are i64
/// values; the result has the `storage` type.
Value emitRequantize(OpBuilder &b, Location loc, Value x, bool inputUnsigned,
                     Value inputZeroPoint, Value multiplier, Value shift,
                     RoundingMode mode, Value outputZeroPoint, int64_t qmin,
                     int64_t qmax, IntegerType storage);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOLINALG_SCALARARITHMETIC_H
