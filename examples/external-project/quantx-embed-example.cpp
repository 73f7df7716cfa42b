//===- quantx-embed-example.cpp - quantx in someone else's compiler -------===//
//
// Parses a module with quantx ops, runs quantx's reference lowering through
// a PassManager built by hand, then the public LLVM pipeline builder, and
// prints the result. Everything comes from the installed QuantX package.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/Passes.h"
#include "quantx/InitAllDialects.h"
#include "quantx/InitAllExtensions.h"
#include "quantx/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/raw_ostream.h"

static const char *const kModule = R"mlir(
func.func @requantize(%acc: tensor<4xi32>) -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>> {
  %y = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<double_round>
      : tensor<4xi32> -> tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
  return %y : tensor<4x!quant.uniform<i8:f32, 0.05:-3>>
}
)mlir";

int main() {
  mlir::DialectRegistry registry;
  registry.insert<mlir::func::FuncDialect>();
  mlir::quantx::registerAllDialects(registry);
  mlir::quantx::registerAllExtensions(registry);
  mlir::MLIRContext context(registry);

  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(kModule, &context);
  if (!module)
    return 1;

  // The reference lowering as a single pass of your own PassManager.
  mlir::PassManager pm(&context);
  pm.addPass(mlir::quantx::createConvertQuantxToLinalg());
  if (mlir::failed(pm.run(*module)))
    return 2;
  llvm::outs() << "// after convert-quantx-to-linalg\n" << *module << "\n";

  // The public pipeline builder with its options struct.
  mlir::PassManager llvmPm(&context);
  mlir::quantx::LowerToLLVMPipelineOptions options;
  options.emitCInterface = true;
  mlir::quantx::buildLowerToLLVMPipeline(llvmPm, options);
  if (mlir::failed(llvmPm.run(*module)))
    return 3;
  llvm::outs() << "// after quantx-lower-to-llvm-pipeline\n" << *module << "\n";
  return 0;
}
