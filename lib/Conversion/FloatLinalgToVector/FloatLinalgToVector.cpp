//===- FloatLinalgToVector.cpp - vector code for float linalg ops ---------===//
//
// Upstream's tiling (scf::tileUsingSCF), generalization, unit-dimension
// folding (linalg::dropUnitDims) and vectorization (linalg::vectorize),
// composed so that they apply to every float linalg op whose output's
// innermost dimension is a unit-stride parallel loop: NCHW convolutions
// (dense, depthwise, grouped), pooling, matmuls and elementwise generics.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/FloatLinalgToVector/FloatLinalgToVector.h"

#include "quantx/Conversion/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Interfaces/TilingInterface.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "quantx-vectorize-float-linalg"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXVECTORIZEFLOATLINALG
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// Lanes for a vector loop of `size` iterations: the whole loop up to 64;
/// otherwise the largest divisor from 64 down to 8; otherwise, up to 256,
/// the whole loop (LLVM splits the vector into registers and a remainder);
/// otherwise none (0). Tiles never have a partial remainder, which would need
/// masked transfers.
static int64_t chooseLanes(int64_t size) {
  if (size <= 64)
    return size;
  for (int64_t lanes = 64; lanes >= 8; --lanes)
    if (size % lanes == 0)
      return lanes;
  return size <= 256 ? size : 0;
}

std::optional<FloatVectorTiling>
mlir::quantx::getFloatVectorTiling(linalg::LinalgOp op, std::string *why,
                                   bool integerElementwise) {
  auto reject = [&](const Twine &reason) -> std::optional<FloatVectorTiling> {
    if (why)
      *why = reason.str();
    return std::nullopt;
  };
  if (!op.hasPureTensorSemantics())
    return reject("not on tensors");
  if (op.getNumDpsInits() != 1)
    return reject("not one output");
  // Integer and mixed operands are accepted in elementwise ops only (the
  // dequantize / quantize epilogues of the int8 kernels): every lane runs
  // the scalar body, exactly.
  bool elementwise = integerElementwise &&
                     isa<linalg::GenericOp>(op.getOperation()) &&
                     linalg::isElementwise(op);
  bool hasInteger = false;
  for (OpOperand &operand : op->getOpOperands()) {
    Type type = operand.get().getType();
    Type element = type;
    if (auto shaped = dyn_cast<ShapedType>(type)) {
      if (!isa<RankedTensorType>(shaped) || !shaped.hasStaticShape())
        return reject("an operand is not a statically shaped tensor");
      element = shaped.getElementType();
    }
    if (!isa<FloatType>(element) &&
        !(elementwise && isa<IntegerType>(element)))
      return reject("an operand is not float");
    hasInteger |= isa<IntegerType>(element);
  }
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  if (llvm::any_of(ranges, ShapedType::isDynamic))
    return reject("dynamic loop ranges");

  OpOperand *init = op.getDpsInitOperand(0);
  AffineMap outMap = op.getMatchingIndexingMap(init);
  if (outMap.getNumResults() == 0)
    return reject("0-d output");
  auto vDim = dyn_cast<AffineDimExpr>(outMap.getResults().back());
  if (!vDim)
    return reject("the output's innermost dimension is not a loop");
  unsigned v = vDim.getPosition();
  if (!linalg::isParallelIterator(op.getIteratorTypesArray()[v]))
    return reject("the output's innermost loop is not parallel");
  if (ranges[v] < 2)
    return reject("the output's innermost dimension has size 1");

  // Every operand is indexed by `v` at stride 1 in its innermost dimension,
  // or not at all (broadcast): the tile's transfers are then contiguous
  // loads and stores, or splats.
  MLIRContext *ctx = op.getContext();
  unsigned numLoops = op.getNumLoops();
  AffineExpr shifted = getAffineDimExpr(v, ctx) + 1;
  for (OpOperand &operand : op->getOpOperands()) {
    AffineMap map = op.getMatchingIndexingMap(&operand);
    for (auto [i, expr] : llvm::enumerate(map.getResults())) {
      AffineExpr next = expr.replace(getAffineDimExpr(v, ctx), shifted);
      AffineExpr step = simplifyAffineExpr(next - expr, numLoops, 0);
      auto constant = dyn_cast<AffineConstantExpr>(step);
      if (!constant || (constant.getValue() != 0 && constant.getValue() != 1))
        return reject("operand #" + Twine(operand.getOperandNumber()) +
                      " is indexed by the vector loop at a stride other "
                      "than 1");
      if (constant.getValue() == 1 && i + 1 != map.getNumResults())
        return reject("operand #" + Twine(operand.getOperandNumber()) +
                      " is indexed by the vector loop in a dimension other "
                      "than its innermost");
    }
  }
  int64_t lanes = chooseLanes(ranges[v]);
  // Integer bodies widen to i64 (requantize): at most 64 lanes.
  if (hasInteger && lanes > 64)
    return reject("integer elementwise op whose innermost dimension has no "
                  "vector length from 8 to 64");
  if (!lanes)
    return reject("no vector length from 8 to 64 divides the output's "
                  "innermost dimension, and it is longer than 256");
  return FloatVectorTiling{v, lanes};
}

LogicalResult
mlir::quantx::vectorizeFloatLinalgOp(RewriterBase &rewriter,
                                     linalg::LinalgOp op,
                                     const FloatVectorTiling &tiling) {
  // 1. Tiles of 1 x ... x lanes x ... x 1: every loop but the vector loop
  //    becomes an scf.for, in the op's loop order (reductions innermost for
  //    linalg's named ops).
  SmallVector<OpFoldResult> sizes(op.getNumLoops(), rewriter.getIndexAttr(1));
  sizes[tiling.vectorLoop] = rewriter.getIndexAttr(tiling.lanes);
  scf::SCFTilingOptions options;
  options.setTileSizes(sizes);
  options.setLoopType(scf::SCFTilingOptions::LoopType::ForOp);
  rewriter.setInsertionPoint(op);
  FailureOr<scf::SCFTilingResult> tiled = scf::tileUsingSCF(
      rewriter, cast<TilingInterface>(op.getOperation()), options);
  if (failed(tiled) || tiled->tiledOps.empty())
    return failure();
  rewriter.replaceOp(op, tiled->replacements);
  auto tile = cast<linalg::LinalgOp>(tiled->tiledOps.back());

  // 2. A generic with only the vector loop left: a convolution tile reads
  //    input[..., ow + kw] with kw a unit loop, which folds to input[ow].
  auto generic = dyn_cast<linalg::GenericOp>(tile.getOperation());
  if (!generic) {
    rewriter.setInsertionPoint(tile);
    FailureOr<linalg::GenericOp> generalized =
        linalg::generalizeNamedOp(rewriter, tile);
    if (failed(generalized))
      return failure();
    generic = *generalized;
  }
  linalg::ControlDropUnitDims control;
  control.rankReductionStrategy =
      linalg::ControlDropUnitDims::RankReductionStrategy::ExtractInsertSlice;
  rewriter.setInsertionPoint(generic);
  FailureOr<linalg::DropUnitDimsResult> dropped =
      linalg::dropUnitDims(rewriter, generic, control);
  Operation *toVectorize = generic;
  if (succeeded(dropped)) {
    rewriter.replaceOp(generic, dropped->replacements);
    toVectorize = dropped->resultOp;
  }

  // 3. Vector code.
  rewriter.setInsertionPoint(toVectorize);
  FailureOr<linalg::VectorizationResult> vectorized =
      linalg::vectorize(rewriter, toVectorize);
  if (failed(vectorized))
    return failure();
  if (toVectorize->getNumResults())
    rewriter.replaceOp(toVectorize, vectorized->replacements);
  else
    rewriter.eraseOp(toVectorize);
  return success();
}

void mlir::quantx::vectorizeFloatLinalgOps(Operation *root,
                                           bool integerElementwise) {
  IRRewriter rewriter(root->getContext());
  // Convolution padding: a linalg fill of the padded tensor and an
  // insert_slice of the source, which empty-tensor elimination can then
  // turn into the source's producer writing into the padded buffer (a
  // bufferized tensor.pad copies through the runtime's generic memrefCopy).
  SmallVector<tensor::PadOp> pads;
  root->walk([&](tensor::PadOp pad) {
    if (pad.getResultType().hasStaticShape() &&
        isa<FloatType>(pad.getResultType().getElementType()))
      pads.push_back(pad);
  });
  for (tensor::PadOp pad : pads) {
    rewriter.setInsertionPoint(pad);
    FailureOr<Operation *> inserted =
        linalg::rewriteInDestinationPassingStyle(rewriter, pad);
    if (failed(inserted)) {
      LLVM_DEBUG(llvm::dbgs() << "pad left alone: " << pad << "\n");
      continue;
    }
    // The fill of the padded tensor depends on nothing of the source: move
    // it (and its tensor.empty) up to its operands, so that it dominates the
    // source's producer, as empty-tensor elimination needs.
    auto insert = dyn_cast<tensor::InsertSliceOp>(*inserted);
    Operation *fill = insert ? insert.getDest().getDefiningOp() : nullptr;
    if (!fill || fill->getBlock() != insert->getBlock())
      continue;
    Block *block = fill->getBlock();
    SmallVector<Operation *> toMove;
    Operation *anchor = nullptr;
    for (Value operand : fill->getOperands()) {
      Operation *def = operand.getDefiningOp();
      if (!def || def->getBlock() != block)
        continue;
      // The tensor.empty and the padding constant the rewrite created.
      if (def->getNumOperands() == 0 && isMemoryEffectFree(def) &&
          def->hasOneUse()) {
        toMove.push_back(def);
        continue;
      }
      if (!anchor || anchor->isBeforeInBlock(def))
        anchor = def;
    }
    toMove.push_back(fill);
    for (Operation *op : toMove) {
      if (anchor)
        op->moveAfter(anchor);
      else
        op->moveBefore(&block->front());
      anchor = op;
    }
  }

  SmallVector<std::pair<linalg::LinalgOp, FloatVectorTiling>> work;
  root->walk([&](linalg::LinalgOp op) {
    std::string why;
    if (std::optional<FloatVectorTiling> tiling =
            getFloatVectorTiling(op, &why, integerElementwise))
      work.push_back({op, *tiling});
    else
      LLVM_DEBUG(llvm::dbgs() << "not vectorized (" << why << "): " << op
                              << "\n");
  });
  for (auto &[op, tiling] : work) {
    LLVM_DEBUG(llvm::dbgs() << "vectorizing along loop " << tiling.vectorLoop
                            << " with " << tiling.lanes << " lanes: " << op
                            << "\n");
    if (failed(vectorizeFloatLinalgOp(rewriter, op, tiling)))
      LLVM_DEBUG(llvm::dbgs() << "vectorization failed; the tile stays "
                                 "scalar loops\n");
  }
}

namespace {
struct VectorizeFloatLinalgPass
    : quantx::impl::QuantxVectorizeFloatLinalgBase<VectorizeFloatLinalgPass> {
  using QuantxVectorizeFloatLinalgBase::QuantxVectorizeFloatLinalgBase;
  void runOnOperation() override {
    vectorizeFloatLinalgOps(getOperation(), integerElementwise);
  }
};

} // namespace
