//===- QuantxEnums.cpp - quantx enum definitions --------------------------===//
//
// The generated string conversions of the quantx enums. They live in the
// numerics library, below the dialect, so that code without IR can print a
// rounding mode.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "quantx/Dialect/Quantx/IR/QuantxEnums.cpp.inc"
