//===- CodebookUtils.h - helpers for codebook constants ---------*- C++ -*-===//

#ifndef QUANTX_DIALECT_QUANTX_IR_CODEBOOKUTILS_H
#define QUANTX_DIALECT_QUANTX_IR_CODEBOOKUTILS_H

#include "mlir/IR/Attributes.h"
#include "mlir/Support/LLVM.h"

#include <vector>

namespace mlir {
namespace quantx {

/// The values of a float elements attribute (`dense` or `dense_resource`;
/// f16, bf16 or f32) as floats, row-major. Fails when the data is not
/// available (an elided resource) or the element type is another one.
LogicalResult readFloatElements(Attribute attr, std::vector<float> &out);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_IR_CODEBOOKUTILS_H
