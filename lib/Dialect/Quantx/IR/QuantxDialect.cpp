//===- QuantxDialect.cpp - quantx dialect ---------------------------------===//

#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"

#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::quantx;

#include "quantx/Dialect/Quantx/IR/QuantxDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "quantx/Dialect/Quantx/IR/QuantxAttrs.cpp.inc"

void QuantxDialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "quantx/Dialect/Quantx/IR/QuantxAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "quantx/Dialect/Quantx/IR/QuantxOps.cpp.inc"
      >();
}
