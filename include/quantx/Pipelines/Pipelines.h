//===- Pipelines.h - public quantx pipeline builders ------------*- C++ -*-===//
//
// Pipelines that other compilers can add to their own PassManager.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_PIPELINES_PIPELINES_H
#define QUANTX_PIPELINES_PIPELINES_H

#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"

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

/// Which lowering the float linalg ops take.
enum class FloatKernelKind {
  /// `convert-linalg-to-loops`: scalar loops.
  Reference,
  /// `quantx-vectorize-float-linalg` first (vector code, bit-identical
  /// results), loops for what it leaves.
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
  PassOptions::Option<FloatKernelKind> floatKernels{
      *this, "float-kernels",
      llvm::cl::desc("How float linalg ops are lowered"),
      llvm::cl::init(FloatKernelKind::Fast),
      llvm::cl::values(
          clEnumValN(FloatKernelKind::Reference, "reference",
                     "scalar loops (convert-linalg-to-loops)"),
          clEnumValN(FloatKernelKind::Fast, "fast",
                     "vector code (quantx-vectorize-float-linalg), "
                     "bit-identical to the loops"))};
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

/// Options of `quantx-lower-to-nvvm-pipeline`.
struct LowerToNVVMPipelineOptions
    : public PassPipelineOptions<LowerToNVVMPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip",
      llvm::cl::desc("GPU architecture: sm_80 (Ampere), sm_90 (Hopper); the "
                     "kernels need sm_80 or later (cp.async, mma.sync s8)"),
      llvm::cl::init("sm_80")};
  PassOptions::Option<std::string> features{
      *this, "features",
      llvm::cl::desc("PTX features, e.g. +ptx80 (PTX ISA 8.0, needed for "
                     "sm_90 and accepted by CUDA 12+)"),
      llvm::cl::init("+ptx80")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("What gpu-module-to-binary embeds: isa (PTX text, "
                     "JIT-compiled by the driver), bin (cubin, needs ptxas), "
                     "fatbin (needs ptxas and fatbinary), llvm (LLVM IR)"),
      llvm::cl::init("isa")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit path for ptxas/fatbinary (default: "
                     "CUDA_ROOT, CUDA_HOME, CUDA_PATH, then PATH)"),
      llvm::cl::init("")};
  PassOptions::Option<unsigned> optLevel{
      *this, "opt-level", llvm::cl::desc("LLVM optimization level for NVPTX"),
      llvm::cl::init(3)};
  PassOptions::Option<int64_t> tileM{
      *this, "tile-m", llvm::cl::desc("GEMM output rows per block"),
      llvm::cl::init(64)};
  PassOptions::Option<int64_t> tileN{
      *this, "tile-n", llvm::cl::desc("GEMM output columns per block"),
      llvm::cl::init(64)};
  PassOptions::Option<int64_t> tileK{
      *this, "tile-k",
      llvm::cl::desc("GEMM K bytes per shared-memory stage (multiple of 32)"),
      llvm::cl::init(32)};
  PassOptions::Option<int64_t> warpsM{
      *this, "warps-m", llvm::cl::desc("GEMM warps per block along M"),
      llvm::cl::init(2)};
  PassOptions::Option<int64_t> warpsN{
      *this, "warps-n", llvm::cl::desc("GEMM warps per block along N"),
      llvm::cl::init(2)};
  PassOptions::Option<GPUMatmulKernel> kernel{
      *this, "kernel", llvm::cl::desc("GEMM kernel: auto, mma or dp4a"),
      llvm::cl::init(GPUMatmulKernel::Auto),
      llvm::cl::values(
          clEnumValN(GPUMatmulKernel::Auto, "auto",
                     "dp4a for static M <= dp4a-max-m, mma otherwise"),
          clEnumValN(GPUMatmulKernel::Mma, "mma", "tensor cores"),
          clEnumValN(GPUMatmulKernel::Dp4a, "dp4a", "dp4a"))};
  PassOptions::Option<int64_t> dp4aMaxM{
      *this, "dp4a-max-m",
      llvm::cl::desc("Largest static M that kernel=auto gives to dp4a"),
      llvm::cl::init(8)};
  PassOptions::Option<int64_t> blockSize{
      *this, "block-size",
      llvm::cl::desc("Threads per block of the elementwise kernels"),
      llvm::cl::init(256)};
  PassOptions::Option<bool> hostSharedMemory{
      *this, "host-shared-memory",
      llvm::cl::desc("Allocate host buffers as gpu.alloc host_shared (CUDA "
                     "managed memory) so that the module runs end to end"),
      llvm::cl::init(true)};
};

/// quantx ops (and the tensor code around them) down to host LLVM dialect
/// code that launches NVVM kernels embedded as `gpu.binary`:
/// convert-quantx-to-nvvm (GEMM kernels), the reference lowering for the
/// rest, one-shot bufferization, quantx-gpu-map-parallel-loops (elementwise
/// kernels), then the upstream NVVM path (nvgpu/NVVM to LLVM, outlining,
/// nvvm-attach-target, gpu-to-llvm, gpu-module-to-binary).
void buildLowerToNVVMPipeline(OpPassManager &pm,
                              const LowerToNVVMPipelineOptions &options);

/// Registers every quantx pipeline (this one and `quantx-ptq-pipeline`,
/// PTQPipeline.h) with the global pass registry.
void registerQuantxPipelines();

} // namespace quantx
} // namespace mlir

#endif // QUANTX_PIPELINES_PIPELINES_H
