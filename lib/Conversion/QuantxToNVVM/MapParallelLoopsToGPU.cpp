//===- MapParallelLoopsToGPU.cpp - quantx-gpu-map-parallel-loops ----------===//
//
// Runs the loops of the reference lowering (after bufferization and
// convert-linalg-to-parallel-loops) as GPU kernels, with upstream pieces:
// scf::collapseParallelLoops, scf::tileParallelLoop, the gpu mapping
// attribute and the scf-to-gpu conversion. What it adds is the policy (one
// dimension, `block-size` threads), the guard against empty grids, and the
// move of constants and constant globals into the kernels.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/Passes.h"
#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"

#include "mlir/Conversion/SCFToGPU/SCFToGPU.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/ParallelLoopMapper.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/Utils/Utils.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "mlir/Transforms/RegionUtils.h"

#include <numeric>

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXGPUMAPPARALLELLOOPS
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// Top-level scf.parallel ops of `func`: not nested in another scf.parallel
/// or in a kernel.
static SmallVector<scf::ParallelOp> getTopLevelParallelLoops(func::FuncOp func) {
  SmallVector<scf::ParallelOp> loops;
  func.walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (isa<gpu::LaunchOp>(op))
      return WalkResult::skip();
    if (auto loop = dyn_cast<scf::ParallelOp>(op)) {
      loops.push_back(loop);
      return WalkResult::skip();
    }
    return WalkResult::advance();
  });
  return loops;
}

/// Collapses `loop` to one dimension, tiles it by `blockSize` with constant
/// inner bounds (an scf.if guards the tail) and maps tiles to blocks and the
/// iterations of a tile to threads.
static LogicalResult prepareForGPU(IRRewriter &rewriter, scf::ParallelOp loop,
                                   int64_t blockSize) {
  MLIRContext *ctx = rewriter.getContext();
  if (loop.getNumReductions() != 0)
    return success(); // Left on the host.
  if (loop.getNumLoops() > 1) {
    std::vector<unsigned> dims(loop.getNumLoops());
    std::iota(dims.begin(), dims.end(), 0);
    Operation *next = loop->getNextNode();
    collapseParallelLoops(rewriter, loop, {dims});
    loop = cast<scf::ParallelOp>(next->getPrevNode());
  }
  auto [outer, inner] =
      scf::tileParallelLoop(loop, {blockSize}, /*noMinMaxBounds=*/true);
  AffineMap id = AffineMap::getMultiDimIdentityMap(1, ctx);
  auto map = [&](gpu::Processor p) {
    return gpu::ParallelLoopDimMappingAttr::get(ctx, p, id, id);
  };
  if (failed(gpu::setMappingAttr(outer, {map(gpu::Processor::BlockX)})) ||
      failed(gpu::setMappingAttr(inner, {map(gpu::Processor::ThreadX)})))
    return failure();
  return success();
}

/// Wraps `launch` in `scf.if (grid != 0)` unless its grid size is a nonzero
/// constant: CUDA rejects empty grids, and empty tensors are legal.
static void guardEmptyGrid(IRRewriter &rewriter, gpu::LaunchOp launch) {
  Value grid = launch.getGridSizeX();
  std::optional<int64_t> constant = getConstantIntValue(grid);
  if (constant && *constant > 0)
    return;
  rewriter.setInsertionPoint(launch);
  Location loc = launch.getLoc();
  Value nonEmpty = arith::CmpIOp::create(
      rewriter, loc, arith::CmpIPredicate::ne, grid,
      arith::ConstantIndexOp::create(rewriter, loc, 0));
  auto ifOp = scf::IfOp::create(rewriter, loc, nonEmpty,
                                /*withElseRegion=*/false);
  rewriter.moveOpBefore(launch, ifOp.thenBlock()->getTerminator());
}

/// Clones into the body of `launch` the constants it uses: scalar
/// constant-like ops (upstream's gpu-kernel-outlining sinks only index
/// computations, so an i64 multiplier or shift would become a kernel
/// parameter, hiding it from NVPTX's constant folding: a shift by a register,
/// a 64-bit division by a register instead of by a power of two) and the
/// `memref.get_global` ops of constant globals.
static void sinkConstants(IRRewriter &rewriter, gpu::LaunchOp launch) {
  SetVector<Value> captured;
  getUsedValuesDefinedAbove(launch.getBody(), captured);
  for (Value v : captured) {
    Operation *def = v.getDefiningOp();
    if (!def || def->getNumResults() != 1)
      continue;
    bool sink = false;
    if (auto getGlobal = dyn_cast<memref::GetGlobalOp>(def)) {
      auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
          getGlobal, getGlobal.getNameAttr());
      sink = global && global.getConstant();
    } else {
      sink = def->hasTrait<OpTrait::ConstantLike>() &&
             v.getType().isIntOrIndexOrFloat();
    }
    if (!sink)
      continue;
    rewriter.setInsertionPointToStart(&launch.getBody().front());
    Operation *clone = rewriter.clone(*def);
    replaceAllUsesInRegionWith(v, clone->getResult(0), launch.getBody());
  }
}

LogicalResult mlir::quantx::mapParallelLoopsToGPU(func::FuncOp func,
                                                  int64_t blockSize) {
  MLIRContext *ctx = func.getContext();
  IRRewriter rewriter(ctx);
  for (scf::ParallelOp loop : getTopLevelParallelLoops(func))
    if (failed(prepareForGPU(rewriter, loop, blockSize)))
      return func.emitError("quantx-gpu-map-parallel-loops: cannot map an "
                            "scf.parallel to the GPU");

  SmallVector<gpu::LaunchOp> existing;
  func.walk([&](gpu::LaunchOp launch) { existing.push_back(launch); });

  RewritePatternSet patterns(ctx);
  populateParallelLoopToGPUPatterns(patterns);
  ConversionTarget target(*ctx);
  target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
  configureParallelLoopToGPULegality(target);
  if (failed(applyPartialConversion(func, target, std::move(patterns))))
    return failure();
  finalizeParallelLoopToGPUConversion(func);

  func.walk([&](gpu::LaunchOp launch) {
    // scf-to-gpu's bookkeeping marker.
    launch->removeAttr("SCFToGPU_visited");
    sinkConstants(rewriter, launch);
    if (!llvm::is_contained(existing, launch))
      guardEmptyGrid(rewriter, launch);
  });
  return success();
}

namespace {
struct QuantxGPUMapParallelLoopsPass
    : quantx::impl::QuantxGPUMapParallelLoopsBase<
          QuantxGPUMapParallelLoopsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (blockSize <= 0 || blockSize > 1024) {
      getOperation().emitError("quantx-gpu-map-parallel-loops: block-size "
                               "must be in [1, 1024], got ")
          << blockSize;
      return signalPassFailure();
    }
    if (failed(mapParallelLoopsToGPU(getOperation(), blockSize)))
      signalPassFailure();
  }
};
} // namespace
