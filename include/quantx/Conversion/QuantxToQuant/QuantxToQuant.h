//===- QuantxToQuant.h - quantx ops to quant casts --------------*- C++ -*-===//

#ifndef QUANTX_CONVERSION_QUANTXTOQUANT_QUANTXTOQUANT_H
#define QUANTX_CONVERSION_QUANTXTOQUANT_QUANTXTOQUANT_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/IR/PatternMatch.h"

#include <string>

namespace mlir {
namespace quantx {

/// Replaces `op` (quantx.quantize or quantx.dequantize) by quant.qcast or
/// quant.dcast. A quantize converts only when it rounds `qcastRounding`, the
/// mode the consumer of quant.qcast is taken to use. Fails, changing
/// nothing, otherwise; `why` then says why.
LogicalResult convertQuantxToQuantCast(RewriterBase &rewriter, Operation *op,
                                       RoundingMode qcastRounding,
                                       std::string &why);

/// Patterns that apply convertQuantxToQuantCast.
void populateQuantxToQuantPatterns(RewritePatternSet &patterns,
                                   RoundingMode qcastRounding);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOQUANT_QUANTXTOQUANT_H
