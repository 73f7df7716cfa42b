//===- InitAllDialects.h - register the quantx dialects ---------*- C++ -*-===//

#ifndef QUANTX_INITALLDIALECTS_H
#define QUANTX_INITALLDIALECTS_H

#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"

#include "mlir/IR/DialectRegistry.h"

namespace mlir {
namespace quantx {

/// Adds the quantx dialect (and the upstream dialects it depends on) to
/// `registry`. The `quant` dialect must be registered, not just loaded with
/// quantx: a function signature with `!quant.uniform` types is parsed before
/// the first quantx op loads quantx's dependent dialects.
inline void registerAllDialects(DialectRegistry &registry) {
  registry.insert<QuantxDialect, arith::ArithDialect, quant::QuantDialect>();
}

} // namespace quantx
} // namespace mlir

#endif // QUANTX_INITALLDIALECTS_H
