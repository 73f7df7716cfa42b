//===- Pipelines.h - public quantx pipeline builders ------------*- C++ -*-===//
//
// Pipelines that other compilers can add to their own PassManager.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_PIPELINES_PIPELINES_H
#define QUANTX_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
namespace quantx {

/// Options of `quantx-lower-to-llvm-pipeline`.
struct LowerToLLVMPipelineOptions
    : public PassPipelineOptions<LowerToLLVMPipelineOptions> {
  PassOptions::Option<bool> emitCInterface{
      *this, "emit-c-interface",
      llvm::cl::desc("Give every public function a `_mlir_ciface_` wrapper "
                     "callable from C (llvm.emit_c_interface)"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> codebookX86{
      *this, "codebook-x86",
      llvm::cl::desc("Lower quantx.codebook_matmul with small M through "
                     "convert-quantx-to-x86 (table lookups; the target needs "
                     "AVX-512 BW and VBMI) rather than the reference table "
                     "route"),
      llvm::cl::init(false)};
  PassOptions::Option<int64_t> codebookTableBits{
      *this, "codebook-table-bits",
      llvm::cl::desc("With codebook-x86: 8- or 16-bit tables"),
      llvm::cl::init(8)};
  PassOptions::Option<bool> codebookPortableLookups{
      *this, "codebook-portable-lookups",
      llvm::cl::desc("Lower quantx.byte_lookup element by element instead of "
                     "with vpermb/vpermi2b (any CPU; for testing)"),
      llvm::cl::init(false)};
};

/// quantx ops (and the float ops around them) on tensors down to the LLVM
/// dialect, through the reference lowering (`convert-quantx-to-linalg`),
/// one-shot bufferization, loops and the upstream conversions to LLVM. The
/// result runs with `mlir-runner` or translates to LLVM IR for AOT use.
/// With `codebookX86`, `convert-quantx-to-x86` runs first; the
/// `quantx.byte_lookup` ops of its kernels become shuffles after
/// bufferization, and vector ops are lowered with `convert-vector-to-llvm`.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMPipelineOptions &options);

/// Registers every quantx pipeline (this one and `quantx-ptq-pipeline`,
/// PTQPipeline.h) with the global pass registry.
void registerQuantxPipelines();

} // namespace quantx
} // namespace mlir

#endif // QUANTX_PIPELINES_PIPELINES_H
