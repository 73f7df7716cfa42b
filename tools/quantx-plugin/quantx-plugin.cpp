//===- quantx-plugin.cpp - quantx as a plugin of stock mlir-opt -----------===//
//
// A shared library that an mlir-opt built against the same libMLIR.so loads
// with --load-dialect-plugin= and/or --load-pass-plugin=:
//
//   mlir-opt --load-dialect-plugin=QuantxPlugin.so \
//            --load-pass-plugin=QuantxPlugin.so \
//            --pass-pipeline='builtin.module(convert-quantx-to-linalg)' in.mlir
//
// Both entry points register every quantx dialect (InitAllDialects.h) and
// every quantx pass and pipeline (InitAllPasses.h), so new ones come for
// free. Pass flags are registered after mlir-opt has built its command line,
// so they are reachable through --pass-pipeline=, not as --<flag>.
//
//===----------------------------------------------------------------------===//

#include "quantx/InitAllDialects.h"
#include "quantx/InitAllPasses.h"

#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Compiler.h"

#include <mutex>

/// Registers the passes once: a pipeline registered twice is a fatal error,
/// and a user may well pass the library to both options.
static void registerQuantxPassesOnce() {
  static std::once_flag once;
  std::call_once(once, [] { mlir::quantx::registerAllPasses(); });
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo
mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Quantx", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) {
            mlir::quantx::registerAllDialects(*registry);
            registerQuantxPassesOnce();
          }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo
mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "QuantxPasses", LLVM_VERSION_STRING,
          registerQuantxPassesOnce};
}
