//===- Pipelines.cpp - public quantx pipeline builders --------------------===//

#include "quantx/Pipelines/Pipelines.h"

#include "quantx/Conversion/Passes.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::quantx;

namespace {
/// Marks every public function with `llvm.emit_c_interface`, so that
/// convert-func-to-llvm gives it a `_mlir_ciface_` wrapper.
struct EmitCInterfacePass
    : PassWrapper<EmitCInterfacePass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(EmitCInterfacePass)
  StringRef getArgument() const final { return "quantx-emit-c-interface"; }
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (func.isPublic() && !func.isDeclaration())
        func->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                      UnitAttr::get(&getContext()));
  }
};
} // namespace

void mlir::quantx::buildLowerToLLVMPipeline(
    OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
  if (options.emitCInterface)
    pm.addPass(std::make_unique<EmitCInterfacePass>());
  if (options.codebookX86) {
    ConvertQuantxToX86Options x86;
    x86.tableBits = options.codebookTableBits;
    pm.addPass(createConvertQuantxToX86(x86));
  }
  bool fast = options.kernels == KernelKind::Fast;
  if (fast) {
    ConvertQuantxToVectorOptions vectorOptions;
    vectorOptions.isa = options.isa;
    vectorOptions.numThreads = options.numThreads;
    pm.addPass(createConvertQuantxToVector(vectorOptions));
  }
  pm.addPass(createConvertQuantxToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());

  bufferization::OneShotBufferizePassOptions bufferization;
  bufferization.bufferizeFunctionBoundaries = true;
  bufferization.functionBoundaryTypeConversion =
      bufferization::LayoutMapOption::IdentityLayoutMap;
  pm.addPass(bufferization::createOneShotBufferizePass(bufferization));
  bufferization::BufferDeallocationPipelineOptions deallocation;
  bufferization::buildBufferDeallocationPipeline(pm, deallocation);
  // The deallocation pipeline clones returned buffers it does not own (a
  // function returning its argument or a view of it).
  pm.addPass(createConvertBufferizationToMemRefPass());
  // The lookups of convert-quantx-to-x86's kernels (after bufferization: the
  // intrinsic calls have unknown memory effects); none without them.
  ConvertQuantxByteLookupOptions lookups;
  lookups.x86Vbmi = !options.codebookPortableLookups;
  pm.addPass(createConvertQuantxByteLookup(lookups));

  // After deallocation, which rejects the intrinsic calls' unknown effects.
  if (fast)
    pm.addPass(createQuantxLowerVectorDotToX86());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  bool openmp = fast && options.numThreads > 1;
  if (openmp) {
    ConvertSCFToOpenMPPassOptions ompOptions;
    ompOptions.numThreads = options.numThreads;
    pm.addPass(createConvertSCFToOpenMPPass(ompOptions));
  }
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  if (fast) {
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createCSEPass());
  }
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  if (fast)
    pm.addPass(createUBToLLVMConversionPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::quantx::registerQuantxPipelines() {
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "quantx-lower-to-llvm-pipeline",
      "Lower quantx (reference semantics, or fast CPU kernels with "
      "kernels=fast) and the surrounding tensor code to the LLVM dialect, "
      "ready for mlir-runner or mlir-translate",
      buildLowerToLLVMPipeline);
}
