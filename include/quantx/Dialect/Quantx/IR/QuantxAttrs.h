//===- QuantxAttrs.h - quantx attributes ------------------------*- C++ -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_H
#define QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"
#include "quantx/Dialect/Quantx/Utils/TensorStatistics.h"

#include "mlir/IR/Value.h"
#include "llvm/ADT/APFloat.h"

#define GET_ATTRDEF_CLASSES
#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h.inc"

namespace mlir {
namespace quantx {

/// Name of the discardable attribute that holds a value's calibration
/// statistics (see `#quantx.tensor_stats`).
inline constexpr llvm::StringLiteral kTensorStatsAttrName = "quantx.stats";

/// The statistics attached to `value` (a function argument or an op result),
/// or null.
TensorStatsAttr getTensorStats(Value value);

/// Attaches `stats` to `value`: the argument attribute of a function
/// argument, or the `quantx.stats` attribute of the producing op (an array
/// with one entry per result when it has several). Fails for block
/// arguments that are not function arguments.
LogicalResult setTensorStats(Value value, TensorStatsAttr stats);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_H
