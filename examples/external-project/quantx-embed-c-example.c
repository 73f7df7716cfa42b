/*===- quantx-embed-c-example.c - quantx from C, through the package ------===*\
|*                                                                            *|
|* The same lowering as quantx-embed-example.cpp, through libQuantXCAPI.so:  *|
|* what a binding for another language does.                                 *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "quantx-c/Numerics.h"
#include "quantx-c/RegisterEverything.h"

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <stdio.h>

static void print(MlirStringRef s, void *userData) {
  fwrite(s.data, 1, s.length, (FILE *)userData);
}

int main(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirQuantxRegisterAllDialects(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  mlirQuantxRegisterAllPasses();

  /* The multiplier and shift of 0.0025 / 0.05, from quantx's numerics. */
  MlirQuantxFixedPointScale scale;
  if (!mlirQuantxComputeFixedPointScale(0.0025 / 0.05, 31, &scale))
    return 1;
  char source[512];
  snprintf(source, sizeof(source),
           "func.func @requantize(%%acc: tensor<4xi32>)"
           " -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>> {\n"
           "  %%y = quantx.requantize %%acc multiplier [%d] shift [%d]"
           " rounding<double_round>"
           " : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>\n"
           "  return %%y : tensor<4x!quant.uniform<i8:f32, 0.05:-3>>\n}\n",
           (int)scale.multiplier, scale.shift);
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(source));
  if (mlirModuleIsNull(module))
    return 2;

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  if (mlirLogicalResultIsFailure(mlirParsePassPipeline(
          mlirPassManagerGetAsOpPassManager(pm),
          mlirStringRefCreateFromCString(
              "builtin.module(quantx-lower-to-llvm-pipeline)"),
          print, stderr)) ||
      mlirLogicalResultIsFailure(
          mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))))
    return 3;
  printf("// C API: multiplier %d shift %d\n", (int)scale.multiplier,
         scale.shift);
  mlirOperationPrint(mlirModuleGetOperation(module), print, stdout);
  printf("\n");
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
  mlirContextDestroy(ctx);
  return 0;
}
