//===- HostSharedMemory.cpp - quantx-gpu-host-shared-memory ---------------===//
//
// Host buffers become `gpu.alloc host_shared` buffers so that the kernels
// launched from host code can read and write them; host reads of globals
// become copies into such buffers.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/Passes.h"
#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXGPUHOSTSHAREDMEMORY
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// `gpu.dealloc` of `memref`, synchronously: gpu-to-llvm lowers only the
/// async form, so it is wrapped in gpu.wait.
static void createSharedDealloc(RewriterBase &rewriter, Location loc,
                                Value memref) {
  Type token = gpu::AsyncTokenType::get(rewriter.getContext());
  Value start = gpu::WaitOp::create(rewriter, loc, token, ValueRange{})
                    .getAsyncToken();
  Value done =
      gpu::DeallocOp::create(rewriter, loc, token, ValueRange{start}, memref)
          .getAsyncToken();
  gpu::WaitOp::create(rewriter, loc, Type(), ValueRange{done});
}

/// Whether `value` (or a view of it) is returned by its function.
static bool escapesThroughReturn(Value value) {
  SmallVector<Value> worklist{value};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (isa<func::ReturnOp>(user))
        return true;
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == v)
          llvm::append_range(worklist, user->getResults());
    }
  }
  return false;
}

/// Whether `op` runs on the host: not in a kernel or a GPU module.
static bool isHostOp(Operation *op) {
  return !op->getParentOfType<gpu::LaunchOp>() &&
         !op->getParentOfType<gpu::GPUModuleOp>() &&
         !op->getParentOfType<gpu::GPUFuncOp>();
}

LogicalResult mlir::quantx::moveHostBuffersToSharedMemory(ModuleOp module) {
  IRRewriter rewriter(module.getContext());
  SmallVector<Operation *> worklist;
  module.walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::DeallocOp, memref::GetGlobalOp>(op) &&
        isHostOp(op))
      worklist.push_back(op);
  });
  for (Operation *op : worklist) {
    Location loc = op->getLoc();
    rewriter.setInsertionPoint(op);
    if (auto alloc = dyn_cast<memref::AllocOp>(op)) {
      if (alloc.getType().getMemorySpace())
        continue;
      auto shared = gpu::AllocOp::create(
          rewriter, loc, alloc.getType(), /*asyncToken=*/Type(),
          /*asyncDependencies=*/ValueRange{}, alloc.getDynamicSizes(),
          alloc.getSymbolOperands(), /*hostShared=*/true);
      rewriter.replaceOp(alloc, shared.getMemref());
      continue;
    }
    if (auto dealloc = dyn_cast<memref::DeallocOp>(op)) {
      auto type = dyn_cast<MemRefType>(dealloc.getMemref().getType());
      if (!type || type.getMemorySpace())
        continue;
      createSharedDealloc(rewriter, loc, dealloc.getMemref());
      rewriter.eraseOp(dealloc);
      continue;
    }
    auto getGlobal = cast<memref::GetGlobalOp>(op);
    MemRefType type = getGlobal.getType();
    if (type.getMemorySpace() || !type.getLayout().isIdentity())
      continue;
    auto func = getGlobal->getParentOfType<func::FuncOp>();
    if (!func)
      continue;
    // Copy the global into a shared buffer at the same place.
    rewriter.setInsertionPointAfter(getGlobal);
    auto shared = gpu::AllocOp::create(rewriter, loc, type, Type(),
                                       ValueRange{}, ValueRange{},
                                       ValueRange{}, /*hostShared=*/true);
    Value buffer = shared.getMemref();
    rewriter.replaceAllUsesWith(getGlobal.getResult(), buffer);
    memref::CopyOp::create(rewriter, loc, getGlobal.getResult(), buffer);
    if (escapesThroughReturn(buffer))
      continue;
    // Freed where the function returns (the global's value was read only,
    // so no user outlives the function).
    func.walk([&](func::ReturnOp ret) {
      rewriter.setInsertionPoint(ret);
      createSharedDealloc(rewriter, loc, buffer);
    });
  }
  return success();
}

namespace {
struct QuantxGPUHostSharedMemoryPass
    : quantx::impl::QuantxGPUHostSharedMemoryBase<
          QuantxGPUHostSharedMemoryPass> {
  void runOnOperation() override {
    if (failed(moveHostBuffersToSharedMemory(getOperation())))
      signalPassFailure();
  }
};
} // namespace
