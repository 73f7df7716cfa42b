//===- VerifyQuietly.h - verify a new op, keep the message ------*- C++ -*-===//
//
// The interop conversions build the target op and run its verifier to decide
// whether the source op is expressible; the verifier's message becomes part
// of the conversion's own diagnostic instead of an error on the new op.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_LIB_CONVERSION_VERIFYQUIETLY_H
#define QUANTX_LIB_CONVERSION_VERIFYQUIETLY_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"
#include "mlir/IR/Verifier.h"

#include <optional>
#include <string>

namespace mlir {
namespace quantx {
namespace detail {

/// Verifies `op`; returns the first error message, or std::nullopt when it
/// is valid. Nothing is emitted.
inline std::optional<std::string> verifyQuietly(Operation *op) {
  std::optional<std::string> message;
  ScopedDiagnosticHandler handler(op->getContext(), [&](Diagnostic &diag) {
    if (!message && diag.getSeverity() == DiagnosticSeverity::Error)
      message = diag.str();
    return success();
  });
  if (succeeded(verify(op)))
    return std::nullopt;
  return message.value_or(std::string("the op does not verify"));
}

} // namespace detail
} // namespace quantx
} // namespace mlir

#endif // QUANTX_LIB_CONVERSION_VERIFYQUIETLY_H
