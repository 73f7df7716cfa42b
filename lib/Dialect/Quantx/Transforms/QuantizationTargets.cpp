//===- QuantizationTargets.cpp - what post-training quantization touches --===//

#include "quantx/Dialect/Quantx/Transforms/QuantizationTargets.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::quantx;

StringRef mlir::quantx::stringifyTargetKind(TargetKind kind) {
  switch (kind) {
  case TargetKind::Matmul:
    return "matmul";
  case TargetKind::BatchMatmul:
    return "batch_matmul";
  case TargetKind::Conv:
    return "conv";
  case TargetKind::DepthwiseConv:
    return "depthwise_conv";
  }
  return "";
}

std::optional<TargetKind> mlir::quantx::symbolizeTargetKind(StringRef name) {
  for (TargetKind k : {TargetKind::Matmul, TargetKind::BatchMatmul,
                       TargetKind::Conv, TargetKind::DepthwiseConv})
    if (stringifyTargetKind(k) == name)
      return k;
  return std::nullopt;
}

namespace {
/// Axes of one supported op kind: (kind, activation channel axis, weight
/// output axis, weight reduction axis).
struct Layout {
  TargetKind kind;
  int64_t activationChannelAxis, weightOutputAxis, weightReductionAxis;
};
} // namespace

static std::optional<Layout> getLayout(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<Layout>>(op)
      // lhs M x K, rhs K x N.
      .Case([](linalg::MatmulOp) {
        return Layout{TargetKind::Matmul, 1, 1, 0};
      })
      // lhs B x M x K, rhs B x K x N.
      .Case([](linalg::BatchMatmulOp) {
        return Layout{TargetKind::BatchMatmul, 2, 2, 1};
      })
      // input N x H x W x C, filter KH x KW x C x F.
      .Case([](linalg::Conv2DNhwcHwcfOp) {
        return Layout{TargetKind::Conv, 3, 3, 2};
      })
      // input N x C x H x W, filter F x C x KH x KW.
      .Case([](linalg::Conv2DNchwFchwOp) {
        return Layout{TargetKind::Conv, 1, 0, 1};
      })
      // input N x H x W x C, filter KH x KW x C.
      .Case([](linalg::DepthwiseConv2DNhwcHwcOp) {
        return Layout{TargetKind::DepthwiseConv, 3, 2, -1};
      })
      // input N x C x H x W, filter C x KH x KW.
      .Case([](linalg::DepthwiseConv2DNchwChwOp) {
        return Layout{TargetKind::DepthwiseConv, 1, 0, -1};
      })
      .Default([](Operation *) { return std::nullopt; });
}

/// Whether a linalg op uses the indexing maps its name implies.
static bool hasDefaultMaps(Operation *op) {
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op))
    return !matmul.hasUserDefinedMaps();
  if (auto batch = dyn_cast<linalg::BatchMatmulOp>(op))
    return !batch.hasUserDefinedMaps();
  return true;
}

static bool isF32Tensor(Type t) {
  auto tensor = dyn_cast<RankedTensorType>(t);
  return tensor && tensor.getElementType().isF32();
}

std::optional<QuantizationTarget>
mlir::quantx::matchQuantizationTarget(Operation *op, std::string &why) {
  why.clear();
  std::optional<Layout> layout = getLayout(op);
  if (!layout)
    return std::nullopt;
  auto linalgOp = cast<linalg::LinalgOp>(op);
  if (!linalgOp.hasPureTensorSemantics()) {
    why = "operates on buffers, not tensors";
    return std::nullopt;
  }
  if (!hasDefaultMaps(op)) {
    why = "has non-default indexing maps (transposed operands)";
    return std::nullopt;
  }
  if (linalgOp.getNumDpsInputs() != 2) {
    why = "does not have two inputs";
    return std::nullopt;
  }
  for (Value v : op->getOperands())
    if (!isF32Tensor(v.getType())) {
      why = "has an operand that is not a ranked f32 tensor";
      return std::nullopt;
    }
  QuantizationTarget t;
  t.op = op;
  t.kind = layout->kind;
  t.activationChannelAxis = layout->activationChannelAxis;
  t.weightOutputAxis = layout->weightOutputAxis;
  t.weightReductionAxis = layout->weightReductionAxis;
  t.activation = op->getOperand(t.activationOperand());
  if (auto pad = t.activation.getDefiningOp<tensor::PadOp>()) {
    Value padValue = pad.getConstantPaddingValue();
    if (padValue && matchPattern(padValue, m_AnyZeroFloat()) &&
        pad.getResult().hasOneUse() && isF32Tensor(pad.getSource().getType())) {
      t.pad = pad;
      t.activation = pad.getSource();
    }
  }
  return t;
}

/// The NameLoc name in `loc`, looking into fused and call-site locations.
static std::optional<std::string> getLocName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::optional<std::string> n = getLocName(inner))
        return n;
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return getLocName(callSite.getCallee());
  return std::nullopt;
}

/// `base`, or `base.N` with the smallest N that is not in `used`.
static std::string uniqueName(std::string base, llvm::StringSet<> &used) {
  std::string name = base;
  for (int n = 1; used.contains(name); ++n)
    name = base + "." + std::to_string(n);
  used.insert(name);
  return name;
}

SmallVector<QuantizationTarget>
mlir::quantx::collectQuantizationTargets(FunctionOpInterface func) {
  SmallVector<QuantizationTarget> targets;
  if (func.isExternal())
    return targets;
  llvm::StringSet<> used;
  unsigned index = 0;
  func.getFunctionBody().walk([&](Operation *op) {
    std::string why;
    std::optional<QuantizationTarget> t = matchQuantizationTarget(op, why);
    if (!t)
      return;
    std::optional<std::string> locName = getLocName(op->getLoc());
    t->name = uniqueName(
        locName ? *locName
                : (stringifyTargetKind(t->kind) + Twine(index)).str(),
        used);
    ++index;
    targets.push_back(std::move(*t));
  });
  return targets;
}

SmallVector<CalibrationPoint>
mlir::quantx::collectCalibrationPoints(ArrayRef<QuantizationTarget> targets) {
  SmallVector<CalibrationPoint> points;
  llvm::DenseSet<Value> seen;
  llvm::StringSet<> used;
  for (const QuantizationTarget &t : targets) {
    if (!seen.insert(t.activation).second)
      continue;
    CalibrationPoint p;
    p.value = t.activation;
    p.channelAxis = t.activationChannelAxis;
    std::string base;
    if (auto arg = dyn_cast<BlockArgument>(t.activation)) {
      base = "arg" + std::to_string(arg.getArgNumber());
    } else {
      auto result = cast<OpResult>(t.activation);
      std::optional<std::string> locName =
          getLocName(result.getOwner()->getLoc());
      if (locName) {
        base = *locName;
        if (result.getResultNumber() > 0)
          base += ":" + std::to_string(result.getResultNumber());
      } else {
        base = t.name + ".input";
      }
    }
    p.name = uniqueName(base, used);
    points.push_back(std::move(p));
  }
  return points;
}
