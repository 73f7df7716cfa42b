//===- TosaToQuantx.h - tosa.rescale to quantx.requantize -------*- C++ -*-===//

#ifndef QUANTX_CONVERSION_TOSATOQUANTX_TOSATOQUANTX_H
#define QUANTX_CONVERSION_TOSATOQUANTX_TOSATOQUANTX_H

#include "mlir/IR/PatternMatch.h"

#include <string>

namespace mlir {
namespace tosa {
class RescaleOp;
} // namespace tosa

namespace quantx {

/// Replaces `op` by quantx.requantize between quant.scast casts. Fails,
/// changing nothing, when quantx cannot express it; `why` then says why.
LogicalResult convertRescaleToRequantize(RewriterBase &rewriter,
                                         tosa::RescaleOp op, std::string &why);

/// A pattern that applies convertRescaleToRequantize.
void populateTosaToQuantxPatterns(RewritePatternSet &patterns);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_TOSATOQUANTX_TOSATOQUANTX_H
