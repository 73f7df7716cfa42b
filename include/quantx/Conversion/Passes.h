//===- Passes.h - quantx conversion passes ----------------------*- C++ -*-===//

#ifndef QUANTX_CONVERSION_PASSES_H
#define QUANTX_CONVERSION_PASSES_H

#include "quantx/Conversion/QuantToQuantx/QuantToQuantx.h"
#include "quantx/Conversion/QuantxToLinalg/QuantxToLinalg.h"
#include "quantx/Conversion/QuantxToQuant/QuantxToQuant.h"
#include "quantx/Conversion/QuantxToTosa/QuantxToTosa.h"
#include "quantx/Conversion/QuantxToX86/QuantxToX86.h"
#include "quantx/Conversion/TosaToQuantx/TosaToQuantx.h"
#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"
#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"
#include "quantx/Conversion/QuantxToVector/QuantxToVector.h"
#include "quantx/Conversion/VectorDotToX86/VectorDotToX86.h"
#include "quantx/Conversion/FloatLinalgToVector/FloatLinalgToVector.h"

#include "mlir/Pass/Pass.h"

namespace mlir {
namespace quantx {

#define GEN_PASS_DECL
#include "quantx/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "quantx/Conversion/Passes.h.inc"

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_PASSES_H
