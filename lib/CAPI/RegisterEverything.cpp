//===- RegisterEverything.cpp - C API registration of all of quantx -------===//

#include "quantx-c/RegisterEverything.h"

#include "quantx/InitAllDialects.h"
#include "quantx/InitAllExtensions.h"
#include "quantx/InitAllPasses.h"

#include "mlir/CAPI/IR.h"

#include <mutex>

void mlirQuantxRegisterAllDialects(MlirDialectRegistry registry) {
  mlir::quantx::registerAllDialects(*unwrap(registry));
  mlir::quantx::registerAllExtensions(*unwrap(registry));
}

void mlirQuantxRegisterAllPasses(void) {
  // A pipeline registered twice is a fatal error in MLIR's registry.
  static std::once_flag once;
  std::call_once(once, [] { mlir::quantx::registerAllPasses(); });
}
