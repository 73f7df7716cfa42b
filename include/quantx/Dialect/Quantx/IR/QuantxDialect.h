//===- QuantxDialect.h - quantx dialect -------------------------*- C++ -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXDIALECT_H
#define QUANTX_DIALECT_QUANTX_IR_QUANTXDIALECT_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Dialect.h"

#include "quantx/Dialect/Quantx/IR/QuantxDialect.h.inc"

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXDIALECT_H
