//===- ImportONNX.h - ONNX models to level-1 quantx IR ----------*- C++ -*-===//
//
// Translates an ONNX ModelProto into a `func.func` of upstream linalg named
// ops on tensors, arith, tensor, math and `quantx.batch_norm` /
// `quantx.quantize` / `quantx.dequantize` (the float model and QDQ levels of
// docs/Dialect.md). The header does not expose protobuf: only the library
// MLIRQuantxImportONNX links it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_TARGET_ONNX_IMPORTONNX_H
#define QUANTX_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LLVM.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <string>
#include <utility>

namespace mlir {
class DialectRegistry;
class MLIRContext;

namespace quantx {

/// Options of the ONNX importer.
struct ONNXImportOptions {
  /// Shapes of graph inputs by name. They fix dynamic dimensions (the model's
  /// static dimensions must agree). An input with a dynamic dimension and no
  /// entry here is an error.
  SmallVector<std::pair<std::string, SmallVector<int64_t>>> inputShapes;
  /// Name of the generated function.
  std::string functionName = "main";
};

/// Parses `name:d0xd1x...,name2:...` (the `--onnx-input-shapes` syntax) into
/// `options.inputShapes`. On failure returns false and sets `error`.
bool parseONNXInputShapes(StringRef spec, ONNXImportOptions &options,
                          std::string &error);

/// Imports the serialized ONNX model `bytes`. Errors (malformed files,
/// unsupported operators, shapes that do not agree) are reported through
/// `context`'s diagnostic engine at locations named after `fileName` and the
/// node; the result is then null. The returned module verifies.
OwningOpRef<ModuleOp> importONNXModel(StringRef bytes, StringRef fileName,
                                      MLIRContext *context,
                                      const ONNXImportOptions &options);

/// Adds the dialects the importer creates ops of to `registry`.
void registerONNXImportDialects(DialectRegistry &registry);

/// Registers the `--import-onnx` translation (and its `--onnx-input-shapes`
/// and `--onnx-function-name` options) with mlir-translate's registry.
void registerImportONNXTranslation();

} // namespace quantx
} // namespace mlir

#endif // QUANTX_TARGET_ONNX_IMPORTONNX_H
