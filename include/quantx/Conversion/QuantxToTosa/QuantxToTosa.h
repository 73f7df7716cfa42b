//===- QuantxToTosa.h - quantx.requantize to tosa.rescale -------*- C++ -*-===//

#ifndef QUANTX_CONVERSION_QUANTXTOTOSA_QUANTXTOTOSA_H
#define QUANTX_CONVERSION_QUANTXTOTOSA_QUANTXTOTOSA_H

#include "mlir/IR/PatternMatch.h"

#include <string>

namespace mlir {
namespace quantx {

class RequantizeOp;

/// Replaces `op` by a tosa.rescale on the storage types, between
/// quant.scast casts. Fails, changing nothing, when TOSA cannot express it
/// or could overflow where quantx does not; `why` then says why.
LogicalResult convertRequantizeToRescale(RewriterBase &rewriter,
                                         RequantizeOp op, std::string &why);

/// A pattern that applies convertRequantizeToRescale.
void populateQuantxToTosaPatterns(RewritePatternSet &patterns);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOTOSA_QUANTXTOTOSA_H
