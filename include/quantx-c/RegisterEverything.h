/*===-- quantx-c/RegisterEverything.h - register all of quantx ----*- C -*-===*\
|*                                                                            *|
|* Registration of every quantx dialect, the external models its pipelines   *|
|* need, and every quantx pass and pipeline (from quantx/InitAll*.h, so new   *|
|* ones come without changes here). Passes are then reachable by name:       *|
|*                                                                            *|
|*   mlirQuantxRegisterAllPasses();                                           *|
|*   mlirParsePassPipeline(mlirPassManagerGetAsOpPassManager(pm),            *|
|*       mlirStringRefCreateFromCString(                                      *|
|*           "builtin.module(convert-quantx-to-linalg)"), cb, NULL);         *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANTX_C_REGISTEREVERYTHING_H
#define QUANTX_C_REGISTEREVERYTHING_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/// Inserts every quantx dialect (with the upstream dialects quantx types
/// use) and the external interface models quantx's pipelines rely on.
MLIR_CAPI_EXPORTED void mlirQuantxRegisterAllDialects(MlirDialectRegistry registry);

/// Registers every quantx pass and pipeline with the global registry. Safe
/// to call more than once.
MLIR_CAPI_EXPORTED void mlirQuantxRegisterAllPasses(void);

#ifdef __cplusplus
}
#endif

#endif // QUANTX_C_REGISTEREVERYTHING_H
