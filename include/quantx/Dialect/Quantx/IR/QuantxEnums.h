//===- QuantxEnums.h - quantx enums (no IR needed) --------------*- C++ -*-===//
//
// The rounding modes and conv layouts of the quantx dialect. Kept apart from
// the dialect headers so that the numerics helpers can use them without IR.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXENUMS_H
#define QUANTX_DIALECT_QUANTX_IR_QUANTXENUMS_H

#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h.inc"

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXENUMS_H
