//===- InitAllPasses.h - register the quantx passes -------------*- C++ -*-===//

#ifndef QUANTX_INITALLPASSES_H
#define QUANTX_INITALLPASSES_H

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"
#include "quantx/Pipelines/Pipelines.h"

namespace mlir {
namespace quantx {

/// Registers every quantx pass and pipeline with the global registry.
inline void registerAllPasses() {
  registerQuantxConversionPasses();
  registerQuantxTransformsPasses();
  registerQuantxPipelines();
}

} // namespace quantx
} // namespace mlir

#endif // QUANTX_INITALLPASSES_H
