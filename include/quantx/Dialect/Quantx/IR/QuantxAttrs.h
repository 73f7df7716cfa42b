//===- QuantxAttrs.h - quantx attributes ------------------------*- C++ -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_H
#define QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#define GET_ATTRDEF_CLASSES
#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h.inc"

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXATTRS_H
