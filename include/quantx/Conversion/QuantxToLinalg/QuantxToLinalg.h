//===- QuantxToLinalg.h - reference lowering of quantx ----------*- C++ -*-===//

#ifndef QUANTX_CONVERSION_QUANTXTOLINALG_QUANTXTOLINALG_H
#define QUANTX_CONVERSION_QUANTXTOLINALG_QUANTXTOLINALG_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
class ConversionTarget;
class RewritePatternSet;

namespace quantx {

/// Converts quantized element types (and tensors of them) to their storage
/// integer types; every other type is kept.
class QuantStorageTypeConverter : public TypeConverter {
public:
  QuantStorageTypeConverter();
};

/// Patterns that lower every quantx op to linalg/arith/math/tensor, plus the
/// type conversion of `quant.scast` and of shape-only `tensor` ops.
void populateQuantxToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns);

/// The reference lowering of `quantx.codebook_dequantize` and
/// `quantx.codebook_matmul` (the table route, never forming the weights);
/// part of populateQuantxToLinalgConversionPatterns.
void populateCodebookToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns);

/// Everything the reference lowering needs: the patterns above and the
/// structural type conversion of functions, calls, returns and `scf` ops,
/// with the matching legality rules on `target`.
void populateQuantxToLinalgConversionPatternsAndLegality(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    ConversionTarget &target);

/// IR for QuantizationMath's `multiplyByFixedPoint`: `v * m / 2^s` rounded
/// in `mode`, in exact 64-bit arithmetic. `v`, `m` and `s` are all i64 or all
/// vectors of i64 of one shape (per-lane multipliers and shifts), with
/// `|v| < 2^32`, `0 <= m < 2^31`, `0 <= s <= 62`. The reference lowering of
/// `quantx.requantize` and the fused epilogues of the fast CPU kernels both
/// build their arithmetic with it, so they cannot disagree.
Value buildMultiplyByFixedPoint(OpBuilder &b, Location loc, Value v, Value m,
                                Value s, RoundingMode mode);

/// clamp(x, qmin, qmax) on i64 (or a vector of i64), truncated to `storage`
/// (or a vector of it).
Value buildClampToStorage(OpBuilder &b, Location loc, Value x, int64_t qmin,
                          int64_t qmax, IntegerType storage);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOLINALG_QUANTXTOLINALG_H
