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

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOLINALG_QUANTXTOLINALG_H
