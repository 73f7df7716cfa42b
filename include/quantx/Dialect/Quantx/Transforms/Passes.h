//===- Passes.h - quantx transformation passes ------------------*- C++ -*-===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_H

#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"
#include "quantx/Dialect/Quantx/Transforms/Calibrate.h"
#include "quantx/Dialect/Quantx/Transforms/Codebook.h"
#include "quantx/Dialect/Quantx/Transforms/FoldBatchNorm.h"
#include "quantx/Dialect/Quantx/Transforms/FuseQDQ.h"
#include "quantx/Dialect/Quantx/Transforms/InsertQDQ.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/Pass.h"

namespace mlir {
namespace quantx {

#define GEN_PASS_DECL
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_PASSES_H
