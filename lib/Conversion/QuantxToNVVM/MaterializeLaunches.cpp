//===- MaterializeLaunches.cpp - quantx-gpu-materialize-launches ----------===//

#include "quantx/Conversion/Passes.h"
#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXGPUMATERIALIZELAUNCHES
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// Argument positions of the sizes in a GEMM launch (GemmKernels.h); other
/// kernels name theirs in `size_args` = [M, N, batch], batch -1 for none.
static constexpr int64_t kArgM = 3, kArgN = 4, kArgBatch = 7;

static LogicalResult materialize(func::FuncOp launch, DictionaryAttr info) {
  auto kernel = dyn_cast_or_null<SymbolRefAttr>(info.get("kernel"));
  auto threads = dyn_cast_or_null<IntegerAttr>(info.get("threads"));
  auto gridDiv = dyn_cast_or_null<DenseI64ArrayAttr>(info.get("grid_div"));
  SmallVector<int64_t, 3> sizeArgs{kArgM, kArgN, kArgBatch};
  if (auto custom = dyn_cast_or_null<DenseI64ArrayAttr>(info.get("size_args")))
    sizeArgs.assign(custom.asArrayRef().begin(), custom.asArrayRef().end());
  int64_t numArgs = launch.getNumArguments();
  auto validArg = [&](int64_t i) { return i >= 0 && i < numArgs; };
  if (!kernel || !threads || !gridDiv || gridDiv.size() != 2 ||
      sizeArgs.size() != 3 || !validArg(sizeArgs[0]) ||
      !validArg(sizeArgs[1]) || (sizeArgs[2] != -1 && !validArg(sizeArgs[2])))
    return launch.emitOpError("has a malformed '")
           << kLaunchAttrName << "' attribute";
  Block *body = launch.addEntryBlock();
  ImplicitLocOpBuilder b(launch.getLoc(), OpBuilder::atBlockEnd(body));
  auto c = [&](int64_t v) -> Value {
    return arith::ConstantIndexOp::create(b, v);
  };
  Value m = body->getArgument(sizeArgs[0]);
  Value n = body->getArgument(sizeArgs[1]);
  Value batch = sizeArgs[2] == -1 ? c(1) : body->getArgument(sizeArgs[2]);
  Value zero = c(0);
  Value nonEmpty = arith::AndIOp::create(
      b,
      arith::AndIOp::create(
          b, arith::CmpIOp::create(b, arith::CmpIPredicate::ne, m, zero),
          arith::CmpIOp::create(b, arith::CmpIPredicate::ne, n, zero)),
      arith::CmpIOp::create(b, arith::CmpIPredicate::ne, batch, zero));
  auto ifOp = scf::IfOp::create(b, nonEmpty, /*withElseRegion=*/false);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  gpu::KernelDim3 grid{arith::CeilDivUIOp::create(b, n, c(gridDiv[0])),
                       arith::CeilDivUIOp::create(b, m, c(gridDiv[1])), batch};
  gpu::KernelDim3 block{c(threads.getInt()), c(1), c(1)};
  gpu::LaunchFuncOp::create(b, kernel, grid, block,
                            /*dynamicSharedMemorySize=*/Value(),
                            body->getArguments(), /*asyncTokenType=*/Type());
  b.setInsertionPointToEnd(body);
  func::ReturnOp::create(b);
  launch->removeAttr(kLaunchAttrName);
  return success();
}

LogicalResult mlir::quantx::materializeGPULaunches(ModuleOp module) {
  for (auto launch : module.getOps<func::FuncOp>()) {
    auto info = launch->getAttrOfType<DictionaryAttr>(kLaunchAttrName);
    if (!info || !launch.isExternal())
      continue;
    if (failed(materialize(launch, info)))
      return failure();
  }
  return success();
}

namespace {
struct QuantxGPUMaterializeLaunchesPass
    : quantx::impl::QuantxGPUMaterializeLaunchesBase<
          QuantxGPUMaterializeLaunchesPass> {
  void runOnOperation() override {
    if (failed(materializeGPULaunches(getOperation())))
      signalPassFailure();
  }
};
} // namespace
