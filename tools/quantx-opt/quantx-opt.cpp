//===- quantx-opt.cpp - the quantx optimizer driver -----------------------===//
//
// MlirOptMain with every upstream dialect, extension and pass plus quantx's.
//
//===----------------------------------------------------------------------===//

#include "quantx/InitAllDialects.h"
#include "quantx/InitAllPasses.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Debug.h"

#include <string>
#include <vector>

/// quantx is compiled with assertions (and LLVM_DEBUG) even where LLVM is not:
/// Debian's LLVM registers no -debug / -debug-only options, although the
/// functions behind them are in libLLVM. Register them when they are missing
/// so that `-debug-only=quantx-insert-qdq` and friends print their reasons.
static void registerDebugOptionsIfMissing() {
  if (llvm::cl::getRegisteredOptions().count("debug-only"))
    return;
  static llvm::cl::opt<bool, /*ExternalStorage=*/true> debug(
      "debug", llvm::cl::desc("Enable debug output"), llvm::cl::Hidden,
      llvm::cl::location(llvm::DebugFlag));
  static std::vector<std::string> types;
  static llvm::cl::opt<std::string> debugOnly(
      "debug-only",
      llvm::cl::desc("Enable debug output for the given comma-separated "
                     "debug types (DEBUG_TYPE) only"),
      llvm::cl::Hidden, llvm::cl::value_desc("debug string"),
      llvm::cl::cb<void, const std::string &>([](const std::string &value) {
        llvm::SmallVector<llvm::StringRef> parts;
        llvm::StringRef(value).split(parts, ',', -1, /*KeepEmpty=*/false);
        for (llvm::StringRef part : parts)
          types.push_back(part.str());
        std::vector<const char *> ptrs;
        for (const std::string &t : types)
          ptrs.push_back(t.c_str());
        llvm::setCurrentDebugTypes(ptrs.data(), ptrs.size());
        llvm::DebugFlag = true;
      }));
}

int main(int argc, char **argv) {
  registerDebugOptionsIfMissing();
  mlir::registerAllPasses();
  mlir::quantx::registerAllPasses();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates GPU modules to LLVM IR.
  mlir::registerAllToLLVMIRTranslations(registry);
  mlir::quantx::registerAllDialects(registry);

  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "quantx optimizer driver\n", registry));
}
