//===- QuantToQuantx.h - quant casts to quantx ops --------------*- C++ -*-===//

#ifndef QUANTX_CONVERSION_QUANTTOQUANTX_QUANTTOQUANTX_H
#define QUANTX_CONVERSION_QUANTTOQUANTX_QUANTTOQUANTX_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/IR/PatternMatch.h"

#include <string>

namespace mlir {
namespace quantx {

/// Replaces `op` (quant.qcast or quant.dcast) by quantx.quantize (rounding
/// `rounding`) or quantx.dequantize. Fails, changing nothing, when the op is
/// not one of those or quantx cannot express it; `why` then says why.
LogicalResult convertQuantCastToQuantx(RewriterBase &rewriter, Operation *op,
                                       RoundingMode rounding, std::string &why);

/// Patterns that apply convertQuantCastToQuantx.
void populateQuantToQuantxPatterns(RewritePatternSet &patterns,
                                   RoundingMode rounding);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTTOQUANTX_QUANTTOQUANTX_H
