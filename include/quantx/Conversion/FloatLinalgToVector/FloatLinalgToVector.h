//===- FloatLinalgToVector.h - vector code for float linalg ops -*- C++ -*-===//
//
// Turns float linalg ops on tensors (convolutions in any layout, depthwise
// and grouped ones included, pooling, matmuls, elementwise generics) into
// vector code with upstream's tiling, unit-dimension folding and
// vectorization, keeping the reference loop order of every reduction.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_CONVERSION_FLOATLINALGTOVECTOR_FLOATLINALGTOVECTOR_H
#define QUANTX_CONVERSION_FLOATLINALGTOVECTOR_FLOATLINALGTOVECTOR_H

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Support/LLVM.h"

namespace mlir {
namespace quantx {

/// How `vectorizeFloatLinalgOp` tiles an op.
struct FloatVectorTiling {
  /// The loop that becomes the vector dimension: the parallel loop that
  /// indexes the innermost dimension of the (single) output.
  unsigned vectorLoop;
  /// Lanes per vector (divides the loop's size: no partial tiles).
  int64_t lanes;
};

/// Whether `op` is one `vectorizeFloatLinalgOp` handles, and how: a linalg
/// op on ranked tensors with static shapes, one output, float element types
/// on every operand (with `integerElementwise`, integer ones too in an
/// elementwise generic of at most 64 lanes), an output whose innermost dimension is indexed by a
/// parallel loop `v` of size > 1, and every operand indexed by `v` at unit
/// stride in its innermost dimension only (a stride-2 convolution along W,
/// for example, is not). Returns the reason in `why` otherwise.
std::optional<FloatVectorTiling>
getFloatVectorTiling(linalg::LinalgOp op, std::string *why,
                     bool integerElementwise = false);

/// Tiles `op` (scf.for, `scf::tileUsingSCF`) with `tiling.lanes` along the
/// vector loop and 1 along every other loop, generalizes the tile, folds its
/// unit dimensions (`linalg::dropUnitDims`, rank-reducing slices) and
/// vectorizes it (`linalg::vectorize`). Reductions stay loops in their
/// original order and each lane computes exactly what the reference loops
/// compute (mulf then addf, no contraction), so the result is bit-identical
/// to `convert-linalg-to-loops`. On failure the IR is unchanged only if the
/// failure happened before tiling; callers check `getFloatVectorTiling`
/// first.
LogicalResult vectorizeFloatLinalgOp(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     const FloatVectorTiling &tiling);

/// Runs `vectorizeFloatLinalgOp` on every op of `root` that
/// `getFloatVectorTiling` accepts.
void vectorizeFloatLinalgOps(Operation *root, bool integerElementwise = false);

/// After bufferization: lowers the vector transfers of `root` to loads,
/// stores and broadcasts with upstream's transfer permutation-map and
/// rank-0/1 transfer lowering patterns (`convert-vector-to-llvm` leaves a
/// broadcast read of a 0-d memref unconverted).
void lowerVectorTransfers(Operation *root);

/// The patterns of `quantx-fuse-elementwise-chains`: `linalg.transpose`
/// generalized, upstream elementwise fusion of single-use elementwise
/// producers (`linalg::populateElementwiseOpsFusionPatterns`) and the fusion
/// of a `tensor.pad` into its producing linalg op
/// (`linalg::populateFuseTensorPadWithProducerLinalgOpPatterns`).
void populateFuseElementwiseChainsPatterns(RewritePatternSet &patterns);

/// Applies `populateFuseElementwiseChainsPatterns` to `root` greedily.
LogicalResult fuseElementwiseChains(Operation *root);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_FLOATLINALGTOVECTOR_FLOATLINALGTOVECTOR_H
