//===- QuantxToNVVM.h - quantx kernels for NVIDIA GPUs ----------*- C++ -*-===//
//
// The GPU lowering of quantx: integer matmul/conv kernels on tensor cores
// (`mma.sync` m16n8k32) or `dp4a`, with the zero-point corrections and the
// requantize epilogue applied to the accumulators in registers, plus the
// helpers that put the remaining (elementwise) code on the GPU.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_CONVERSION_QUANTXTONVVM_QUANTXTONVVM_H
#define QUANTX_CONVERSION_QUANTXTONVVM_QUANTXTONVVM_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>

namespace mlir {
class ModuleOp;
class Operation;
namespace func {
class FuncOp;
} // namespace func

namespace quantx {

/// Which integer GEMM kernel `quantx.qmatmul` / `quantx.qconv2d` get.
enum class GPUMatmulKernel {
  /// `dp4a` when M is static and at most `dp4aMaxM`, `mma` otherwise.
  Auto,
  /// Tensor cores: `mma.sync.aligned.m16n8k32` on s8/u8, shared-memory tiles
  /// filled with `cp.async` and read with `ldmatrix`.
  Mma,
  /// One warp per output element, `dp4a` over K, a warp-shuffle reduction.
  Dp4a,
};

/// Tiling and kernel choice of the GPU GEMM kernels.
struct GPUMatmulOptions {
  /// Output rows and columns per thread block, and the K step (bytes) of a
  /// shared-memory stage. tileK is a multiple of 32 (one m16n8k32 step).
  int64_t tileM = 64, tileN = 64, tileK = 32;
  /// Warps per block along M and N; each warp owns a (tileM / warpsM) x
  /// (tileN / warpsN) sub-tile, a multiple of 16 x 8.
  int64_t warpsM = 2, warpsN = 2;
  GPUMatmulKernel kernel = GPUMatmulKernel::Auto;
  /// The largest static M that `Auto` sends to the dp4a kernel.
  int64_t dp4aMaxM = 8;
  /// Fuse a `quantx.requantize` that is the only user of the accumulator
  /// (per tensor, or per channel along the output channels) into the
  /// kernel's epilogue.
  bool fuseRequantize = true;
  /// Emit a remark on every integer kernel left to the reference lowering,
  /// saying why.
  bool remarks = false;

  /// Checks the tiling; on failure `why` says what is wrong.
  LogicalResult verify(std::string &why) const;
};

/// Patterns that rewrite `quantx.qmatmul` and `quantx.qconv2d` with 8-bit
/// operands (and a fused `quantx.requantize`) on tensors into GPU kernels:
/// operand preparation on tensors (B transposed to N x K and zero-padded
/// along K, im2col for convolutions), then a `gpu.launch` on the buffers
/// (`bufferization.to_buffer` / `to_tensor`) whose body uses `nvgpu` and
/// `nvvm` ops. Ops they do not handle are left for convert-quantx-to-linalg.
void populateQuantxToNVVMPatterns(RewritePatternSet &patterns,
                                  const GPUMatmulOptions &options);

/// The attribute of the host functions that launch a quantx GEMM kernel,
/// declared by convert-quantx-to-nvvm without a body: a dictionary with
/// `kernel` (the gpu.func), `threads` (block size x) and `grid_div` ([dN,
/// dM]: the grid is ceil(N / dN) x ceil(M / dM) x batch).
inline constexpr llvm::StringLiteral kLaunchAttrName = "quantx.gpu_launch";

/// Gives every launch declaration of `module` (see kLaunchAttrName) its
/// body: the grid from the size arguments, a guard against empty grids and
/// a gpu.launch_func with all arguments. Runs after buffer deallocation,
/// which rejects gpu.launch_func (it declares no memory effects).
LogicalResult materializeGPULaunches(ModuleOp module);

/// Collapses every top-level `scf.parallel` of `func` into one dimension,
/// tiles it by `blockSize` threads and converts it to a `gpu.launch`
/// (upstream scf-to-gpu), guarded against empty grids. Constant
/// `memref.get_global` values the kernels read are moved into the launch
/// bodies, so that gpu-kernel-outlining copies the globals into the GPU
/// module instead of passing host pointers.
LogicalResult mapParallelLoopsToGPU(func::FuncOp func, int64_t blockSize);

/// math.roundeven/round/floor/ceil/trunc/sqrt/absf on f32/f64 as
/// `llvm.call_intrinsic` of the LLVM intrinsics, which convert-gpu-to-nvvm
/// does not turn into libdevice calls.
void populateMathToLLVMIntrinsicsPatterns(RewritePatternSet &patterns);

/// Moves the host buffers of `module` into memory the GPU can access: host
/// `memref.alloc`/`memref.dealloc` become `gpu.alloc host_shared` /
/// `gpu.dealloc` (CUDA managed memory under the MLIR GPU runtime API), and
/// host reads of constant globals become copies into such buffers.
LogicalResult moveHostBuffersToSharedMemory(ModuleOp module);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTONVVM_QUANTXTONVVM_H
