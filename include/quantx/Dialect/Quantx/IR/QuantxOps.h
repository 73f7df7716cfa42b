//===- QuantxOps.h - quantx operations --------------------------*- C++ -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXOPS_H
#define QUANTX_DIALECT_QUANTX_IR_QUANTXOPS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"
#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"

#define GET_OP_CLASSES
#include "quantx/Dialect/Quantx/IR/QuantxOps.h.inc"

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXOPS_H
