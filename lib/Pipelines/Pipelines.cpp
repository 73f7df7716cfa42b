//===- Pipelines.cpp - public quantx pipeline builders --------------------===//

#include "quantx/Pipelines/Pipelines.h"
#include "quantx/Pipelines/PTQPipeline.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"

#include "mlir/Conversion/AffineToStandard/AffineToStandard.h"
#include "mlir/Conversion/ArithToLLVM/ArithToLLVM.h"
#include "mlir/Conversion/BufferizationToMemRef/BufferizationToMemRef.h"
#include "mlir/Conversion/ControlFlowToLLVM/ControlFlowToLLVM.h"
#include "mlir/Conversion/FuncToLLVM/ConvertFuncToLLVMPass.h"
#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Conversion/GPUToNVVM/GPUToNVVMPass.h"
#include "mlir/Conversion/IndexToLLVM/IndexToLLVM.h"
#include "mlir/Conversion/MathToLLVM/MathToLLVM.h"
#include "mlir/Conversion/MemRefToLLVM/MemRefToLLVM.h"
#include "mlir/Conversion/NVGPUToNVVM/NVGPUToNVVM.h"
#include "mlir/Conversion/NVVMToLLVM/NVVMToLLVM.h"
#include "mlir/Conversion/OpenMPToLLVM/ConvertOpenMPToLLVM.h"
#include "mlir/Conversion/ReconcileUnrealizedCasts/ReconcileUnrealizedCasts.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Conversion/SCFToOpenMP/SCFToOpenMP.h"
#include "mlir/Conversion/UBToLLVM/UBToLLVM.h"
#include "mlir/Conversion/VectorToLLVM/ConvertVectorToLLVMPass.h"
#include "mlir/Conversion/VectorToSCF/VectorToSCF.h"
#include "mlir/Dialect/Bufferization/Pipelines/Passes.h"
#include "mlir/Dialect/Bufferization/Transforms/Passes.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/Transforms/Passes.h"
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

/// Drops the calibration statistics (`quantx.stats`, see
/// `#quantx.tensor_stats`): they describe tensor values, and an op that
/// bufferizes in place would carry them onto an op without results.
struct StripTensorStatsPass
    : PassWrapper<StripTensorStatsPass, OperationPass<ModuleOp>> {
  MLIR_DEFINE_EXPLICIT_INTERNAL_INLINE_TYPE_ID(StripTensorStatsPass)
  StringRef getArgument() const final { return "quantx-strip-tensor-stats"; }
  void runOnOperation() override {
    getOperation().walk([](Operation *op) {
      op->removeAttr(kTensorStatsAttrName);
      if (auto func = dyn_cast<func::FuncOp>(op))
        for (unsigned i = 0, e = func.getNumArguments(); i < e; ++i)
          func.removeArgAttr(i, kTensorStatsAttrName);
    });
  }
};
} // namespace

/// One-shot bufferization as both pipelines use it: whole functions, identity
/// layouts at function boundaries, then ownership-based deallocation.
static void buildBufferization(OpPassManager &pm) {
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
}

void mlir::quantx::buildLowerToLLVMPipeline(
    OpPassManager &pm, const LowerToLLVMPipelineOptions &options) {
  if (options.emitCInterface)
    pm.addPass(std::make_unique<EmitCInterfacePass>());
  if (options.codebookX86) {
    ConvertQuantxToX86Options x86;
    x86.tableBits = options.codebookTableBits;
    pm.addPass(createConvertQuantxToX86(x86));
  }
  pm.addPass(std::make_unique<StripTensorStatsPass>());
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
  // The transposes, float epilogues and zero-point padding between the fast
  // int8 kernels: one loop nest per chain instead of one per op.
  if (fast) {
    pm.addNestedPass<func::FuncOp>(createQuantxFuseElementwiseChains());
    pm.addPass(createCanonicalizerPass());
  }
  bool fastFloat = options.floatKernels == FloatKernelKind::Fast;
  if (fastFloat) {
    QuantxVectorizeFloatLinalgOptions vectorizeOptions;
    // The fused int8 epilogues of quantx-fuse-elementwise-chains.
    vectorizeOptions.integerElementwise = fast;
    pm.addNestedPass<func::FuncOp>(
        createQuantxVectorizeFloatLinalg(vectorizeOptions));
    // Folds the tiling's single-iteration loops, then keeps each tile's
    // accumulator in registers across its reduction loops (the matching
    // transfer_read / transfer_write pair becomes an scf.for iter_arg).
    pm.addPass(createCanonicalizerPass());
    pm.addPass(createLoopInvariantSubsetHoistingPass());
    pm.addPass(createCanonicalizerPass());
    // Producers of padded convolution inputs write into the padded buffer.
    pm.addPass(bufferization::createEmptyTensorEliminationPass());
  }

  buildBufferization(pm);
  if (fastFloat)
    pm.addNestedPass<func::FuncOp>(createQuantxLowerVectorTransfers());
  bool openmp = fast && options.numThreads > 1;
  if (openmp) {
    ConvertSCFToOpenMPPassOptions ompOptions;
    ompOptions.numThreads = options.numThreads;
    pm.addPass(createConvertSCFToOpenMPPass(ompOptions));
    // convert-scf-to-openmp wraps each loop body in a memref.alloca_scope,
    // whose single-block region convert-scf-to-cf cannot lower loops into;
    // the canonicalizer inlines the scopes, but only while the bodies hold
    // no op of unknown memory effects (it counts those as possible stack
    // allocations): before the intrinsic calls below appear.
    pm.addPass(createCanonicalizerPass());
  }
  // The lookups of convert-quantx-to-x86's kernels (after bufferization: the
  // intrinsic calls have unknown memory effects); none without them.
  ConvertQuantxByteLookupOptions lookups;
  lookups.x86Vbmi = !options.codebookPortableLookups;
  pm.addPass(createConvertQuantxByteLookup(lookups));

  // After deallocation, which rejects the intrinsic calls' unknown effects.
  if (fast)
    pm.addPass(createQuantxLowerVectorDotToX86());
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToLoopsPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createSCFToControlFlowPass());
  if (fast || fastFloat) {
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
  if (fast || fastFloat)
    pm.addPass(createUBToLLVMConversionPass());
  if (openmp)
    pm.addPass(createConvertOpenMPToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::quantx::buildLowerToNVVMPipeline(
    OpPassManager &pm, const LowerToNVVMPipelineOptions &options) {
  // quantx -> GEMM kernels (gpu.launch with nvgpu/nvvm) and linalg.
  ConvertQuantxToNVVMOptions kernels;
  kernels.tileM = options.tileM;
  kernels.tileN = options.tileN;
  kernels.tileK = options.tileK;
  kernels.warpsM = options.warpsM;
  kernels.warpsN = options.warpsN;
  kernels.kernel = options.kernel;
  kernels.dp4aMaxM = options.dp4aMaxM;
  pm.addPass(std::make_unique<StripTensorStatsPass>());
  pm.addPass(createConvertQuantxToNVVM(kernels));
  pm.addPass(createConvertQuantxToLinalg());
  pm.addPass(createCanonicalizerPass());
  pm.addNestedPass<func::FuncOp>(createConvertElementwiseToLinalgPass());
  buildBufferization(pm);

  pm.addPass(createQuantxGPUMaterializeLaunches());
  // The remaining linalg ops run as elementwise kernels.
  pm.addNestedPass<func::FuncOp>(createConvertLinalgToParallelLoopsPass());
  QuantxGPUMapParallelLoopsOptions mapping;
  mapping.blockSize = options.blockSize;
  pm.addNestedPass<func::FuncOp>(createQuantxGPUMapParallelLoops(mapping));
  if (options.hostSharedMemory)
    pm.addPass(createQuantxGPUHostSharedMemory());

  // Upstream's gpu-lower-to-nvvm-pipeline, with the toolkit path exposed.
  pm.addPass(createConvertNVGPUToNVVMPass());
  pm.addPass(createGpuKernelOutliningPass());
  pm.addPass(createConvertVectorToSCFPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertNVVMToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(memref::createExpandStridedMetadataPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addPass(createLowerAffinePass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertIndexToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());

  pm.addNestedPass<gpu::GPUModuleOp>(createStripDebugInfoPass());
  // math ops become LLVM intrinsics that NVPTX lowers to single
  // instructions (cvt.rni, cvt.rzi, cvt.rmi, sqrt.rn...), before
  // convert-gpu-to-nvvm would turn them into libdevice calls: the kernels then
  // need no libdevice (and no CUDA toolkit) and round exactly as on the CPU.
  pm.addNestedPass<gpu::GPUModuleOp>(createQuantxGPUMathToLLVMIntrinsics());
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps());
  pm.addNestedPass<gpu::GPUModuleOp>(LLVM::createNVVMOptimizeForTargetPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCanonicalizerPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createCSEPass());
  pm.addNestedPass<gpu::GPUModuleOp>(createReconcileUnrealizedCastsPass());

  pm.addPass(createGpuToLLVMConversionPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = options.toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::quantx::registerQuantxPipelines() {
  PassPipelineRegistration<LowerToLLVMPipelineOptions>(
      "quantx-lower-to-llvm-pipeline",
      "Lower quantx (reference semantics, or fast CPU kernels with "
      "kernels=fast) and the surrounding tensor code to the LLVM dialect, "
      "ready for mlir-runner or mlir-translate",
      buildLowerToLLVMPipeline);
  PassPipelineRegistration<LowerToNVVMPipelineOptions>(
      "quantx-lower-to-nvvm-pipeline",
      "Lower quantx and the surrounding tensor code to host LLVM dialect "
      "code that launches NVVM kernels (tensor-core/dp4a GEMMs, elementwise "
      "kernels) embedded as PTX or cubin in gpu.binary",
      buildLowerToNVVMPipeline);
  registerQuantxPTQPipeline();
}
