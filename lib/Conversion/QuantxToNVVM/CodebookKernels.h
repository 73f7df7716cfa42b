//===- CodebookKernels.h - the codebook matmul as a GPU kernel --*- C++ -*-===//
//
// Builder for the shared-memory codebook matmul kernel of
// convert-quantx-to-nvvm. Private to lib/Conversion/QuantxToNVVM.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_LIB_CONVERSION_QUANTXTONVVM_CODEBOOKKERNELS_H
#define QUANTX_LIB_CONVERSION_QUANTXTONVVM_CODEBOOKKERNELS_H

#include "GemmKernels.h"

#include <string>

namespace mlir {
namespace quantx {

class CodebookMatmulOp;

/// What the kernel computes, in buffer terms:
///
///   T[j, c]  = sum_{t < d} x[m, j*d + t] * centroids[j / (S/G), c, t]
///   out[m, n] = sum_{j < S} T[j, zext(codes[j, n])]
///
/// for every row m, accumulated in f32 in that order (j increasing), then
/// converted to the output element type.
struct CodebookSpec {
  MemRefType xType;         ///< [M, K] f16/bf16/f32
  MemRefType centroidsType; ///< [G, C, d] f16/bf16/f32
  MemRefType codesType;     ///< [S, N] i8 or i16, read unsigned
  MemRefType outType;       ///< [M, N] f16/bf16/f32
};

/// The arguments of the codebook kernel and its launch function, in order.
enum CodebookArg : unsigned { X, Centroids, Codes, Output, Rows, Columns };

/// Blocks of the reduction dimension whose tables one thread block holds in
/// shared memory at a time (32 KiB of f32 tables), or 0 when not even one
/// block's table of `numCentroids` entries fits.
int64_t codebookTableBlocks(int64_t numCentroids, int64_t numBlocks);

/// Why `op` cannot use the shared-memory kernel (empty when it can).
std::string whyNotCodebookKernel(CodebookMatmulOp op);

/// Builds, in `module` under a unique name derived from `name`, the kernel
/// computing `spec`: one thread block per row and per 256 output columns
/// (128 threads, two columns each). Per chunk of reduction blocks, the
/// threads build the chunk's dot-product tables in shared memory, then
/// every thread adds up its columns' table entries picked by the byte codes
/// it streams from global memory. The weights are never rebuilt.
GemmKernel buildCodebookMatmulKernel(OpBuilder &builder, Location loc,
                                     gpu::GPUModuleOp module, StringRef name,
                                     const CodebookSpec &spec);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_LIB_CONVERSION_QUANTXTONVVM_CODEBOOKKERNELS_H
