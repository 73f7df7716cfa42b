//===- GemmKernels.h - integer GEMM kernels as gpu.launch -------*- C++ -*-===//
//
// Builders for the two integer GEMM kernels of convert-quantx-to-nvvm, on
// buffers: the tensor-core kernel (cp.async + ldmatrix + mma.sync m16n8k32)
// and the dp4a kernel. Private to lib/Conversion/QuantxToNVVM.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_LIB_CONVERSION_QUANTXTONVVM_GEMMKERNELS_H
#define QUANTX_LIB_CONVERSION_QUANTXTONVVM_GEMMKERNELS_H

#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"
#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include <optional>

namespace mlir {
namespace quantx {

/// An `index` constant (shared by the kernel builders and the patterns).
inline Value cIdx(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIndexOp::create(b, v);
}

/// A batched integer GEMM in storage terms:
///
///   out[b, m, n] = epilogue(bias[c] + sum_k (a[b, m, k] - zpA)
///                                          * (bt[b, n, k] - zpB[c]))
///
/// with c = n, or b * channelsPerBatch + n for grouped convolutions. All
/// buffers are memrefs with the identity layout; `a` and `bt` are 8-bit,
/// zero-padded along K to `ka` (a multiple of 16, and 16-byte aligned rows).
struct GemmSpec {
  MemRefType aType;    ///< [batch, M, ka] i8 storage
  MemRefType btType;   ///< [batch, N, ka] i8 storage
  MemRefType outType;  ///< [batch, M, N] i32, or the requantized storage
  MemRefType biasType; ///< [channels] i32, or null without bias
  bool aUnsigned = false, bUnsigned = false;
  int64_t zpA = 0;
  SmallVector<int64_t> zpB; ///< one value, or one per channel
  int64_t channelsPerBatch = 0;

  /// A requantize applied before the store (per tensor, or per channel).
  struct Requantize {
    SmallVector<int64_t> multiplier, shift, outputZeroPoint;
    RoundingMode mode;
    int64_t qmin, qmax;
    IntegerType storage;
  };
  std::optional<Requantize> requantize;

  bool needsRowSums() const {
    return llvm::any_of(zpB, [](int64_t z) { return z != 0; });
  }
  bool needsColumnSums() const { return zpA != 0; }
};

/// The arguments of a GEMM kernel (and of its host launch function), in
/// order; `Bias` only when the spec has a bias. The sizes are `index`
/// values: the true reduction size K, the padded one Ka, the batch.
enum GemmArg : unsigned { A, Bt, Out, M, N, K, Ka, Batch, Bias };

/// A built kernel and how to launch it: `threads` x 1 x 1 threads per block,
/// a grid of ceil(N / gridDivN) x ceil(M / gridDivM) x batch blocks.
struct GemmKernel {
  gpu::GPUFuncOp func;
  int64_t threads;
  int64_t gridDivN, gridDivM;
};

/// Builds, in `module` under a unique name derived from `name`, the
/// tensor-core kernel computing `spec`: `tileM x tileN` output tiles per
/// block, K in `tileK` stages double-buffered in shared memory (rows padded
/// by 16 bytes so that ldmatrix is free of bank conflicts), each warp
/// accumulating its sub-tile with mma.sync m16n8k32.
GemmKernel buildMmaGemmKernel(OpBuilder &builder, Location loc,
                              gpu::GPUModuleOp module, StringRef name,
                              const GemmSpec &spec,
                              const GPUMatmulOptions &options);

/// Builds the dp4a kernel computing `spec`: one warp per output element,
/// lanes striding over K four bytes at a time, a shuffle reduction.
GemmKernel buildDp4aGemmKernel(OpBuilder &builder, Location loc,
                               gpu::GPUModuleOp module, StringRef name,
                               const GemmSpec &spec,
                               const GPUMatmulOptions &options);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_LIB_CONVERSION_QUANTXTONVVM_GEMMKERNELS_H
