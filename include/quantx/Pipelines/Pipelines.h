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

/// Which lowering the integer kernels take.
enum class KernelKind {
  /// `convert-quantx-to-linalg` only: the executable definition.
  Reference,
  /// `convert-quantx-to-vector` first (packed, register-blocked CPU
  /// kernels), the reference lowering for everything it leaves.
  Fast,
};

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
  PassOptions::Option<KernelKind> kernels{
      *this, "kernels",
      llvm::cl::desc("How quantx kernels are lowered"),
      llvm::cl::init(KernelKind::Reference),
      llvm::cl::values(
          clEnumValN(KernelKind::Reference, "reference",
                     "the reference semantics (convert-quantx-to-linalg)"),
          clEnumValN(KernelKind::Fast, "fast",
                     "packed vector micro-kernels (convert-quantx-to-vector) "
                     "where they apply, the reference elsewhere"))};
  PassOptions::Option<std::string> isa{
      *this, "isa",
      llvm::cl::desc("With kernels=fast: host, avx512-vnni, avx-vnni, avx2 "
                     "or generic (see convert-quantx-to-vector)"),
      llvm::cl::init("host")};
  PassOptions::Option<unsigned> numThreads{
      *this, "num-threads",
      llvm::cl::desc("With kernels=fast: threads of the kernels (> 1 lowers "
                     "their scf.parallel loops to OpenMP; the program then "
                     "needs an OpenMP runtime, libomp)"),
      llvm::cl::init(1)};
};

/// quantx ops (and the float ops around them) on tensors down to the LLVM
/// dialect: with `kernels=fast`, `convert-quantx-to-vector` first; with
/// `codebookX86`, `convert-quantx-to-x86` (the `quantx.byte_lookup` ops of
/// its kernels become shuffles after bufferization); then the reference
/// lowering (`convert-quantx-to-linalg`), one-shot bufferization, loops and
/// the upstream conversions to LLVM (vector, OpenMP when `num-threads` > 1).
/// The result runs with `mlir-runner` or translates to LLVM IR for AOT use.
void buildLowerToLLVMPipeline(OpPassManager &pm,
                              const LowerToLLVMPipelineOptions &options);

/// Registers every quantx pipeline with the global pass registry.
void registerQuantxPipelines();

} // namespace quantx
} // namespace mlir

#endif // QUANTX_PIPELINES_PIPELINES_H
