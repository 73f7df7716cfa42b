//===- ChannelAnalysis.cpp - per-channel constants and chains -------------===//

#include "ChannelAnalysis.h"

#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"
#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quantx;
using namespace mlir::quantx::detail;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// An APFloat of any IEEE-like semantics as a double (exact for f16, bf16,
/// f32 and f64).
static double toDouble(APFloat value) {
  bool losesInfo = false;
  value.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven,
                &losesInfo);
  return value.convertToDouble();
}

/// A short description of where `v` comes from, for messages.
static std::string describe(Value v) {
  if (Operation *def = v.getDefiningOp())
    return llvm::formatv("produced by '{0}'", def->getName().getStringRef());
  return "a block argument";
}

FailureOr<Channels> Channels::get(ShapedType type, ArrayRef<int64_t> dims) {
  Channels ch;
  ch.dims.assign(dims.begin(), dims.end());
  for (int64_t d : dims) {
    if (d < 0 || d >= type.getRank() || type.isDynamicDim(d))
      return failure();
    ch.count *= type.getDimSize(d);
  }
  return ch;
}

SmallVector<int64_t> Channels::sizes(ShapedType type) const {
  return llvm::map_to_vector(dims,
                             [&](int64_t d) { return type.getDimSize(d); });
}

std::optional<double> mlir::quantx::detail::getScalarConstant(Value v) {
  Attribute attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  if (auto f = dyn_cast<FloatAttr>(attr))
    return toDouble(f.getValue());
  if (auto splat = dyn_cast<SplatElementsAttr>(attr))
    if (isa<FloatType>(splat.getElementType()))
      return toDouble(splat.getSplatValue<APFloat>());
  return std::nullopt;
}

bool mlir::quantx::detail::isConstantLike(Value v) {
  Operation *def = v.getDefiningOp();
  if (!def)
    return false;
  if (matchPattern(v, m_Constant()))
    return true;
  if (auto fill = dyn_cast<linalg::FillOp>(def))
    return isConstantLike(fill.getInputs()[0]);
  if (auto bcast = dyn_cast<linalg::BroadcastOp>(def))
    return isConstantLike(bcast.getInput());
  if (isa<tensor::CastOp, tensor::ExpandShapeOp, tensor::CollapseShapeOp,
          quant::StorageCastOp, DequantizeOp>(def))
    return isConstantLike(def->getOperand(0));
  if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
    Block *body = generic.getBody();
    return generic.getNumDpsInputs() == 1 && body->getOperations().size() == 1 &&
           body->getTerminator()->getOperand(0) == body->getArgument(0) &&
           isConstantLike(generic.getDpsInputOperand(0)->get());
  }
  return false;
}

FailureOr<DenseElementsAttr> mlir::quantx::detail::getConstantTensor(Value v) {
  auto type = dyn_cast<RankedTensorType>(v.getType());
  if (!type)
    return failure();
  Operation *def = v.getDefiningOp();
  if (!def)
    return failure();
  auto reshapeTo = [&](Value src) -> FailureOr<DenseElementsAttr> {
    FailureOr<DenseElementsAttr> attr = getConstantTensor(src);
    if (failed(attr) || !type.hasStaticShape())
      return failure();
    return attr->reshape(
        RankedTensorType::get(type.getShape(), attr->getElementType()));
  };
  if (auto cast = dyn_cast<tensor::CastOp>(def))
    return reshapeTo(cast.getSource());
  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def))
    return reshapeTo(expand.getSrc());
  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def))
    return reshapeTo(collapse.getSrc());
  if (auto scast = dyn_cast<quant::StorageCastOp>(def))
    return getConstantTensor(scast.getInput());
  auto cst = dyn_cast<arith::ConstantOp>(def);
  if (!cst)
    return failure();
  if (auto dense = dyn_cast<DenseElementsAttr>(cst.getValue()))
    return dense;
  if (auto res = dyn_cast<DenseF32ResourceElementsAttr>(cst.getValue())) {
    if (std::optional<ArrayRef<float>> data = res.tryGetAsArrayRef())
      return DenseElementsAttr::get(res.getType(), *data);
  }
  if (auto res = dyn_cast<DenseF64ResourceElementsAttr>(cst.getValue())) {
    if (std::optional<ArrayRef<double>> data = res.tryGetAsArrayRef())
      return DenseElementsAttr::get(res.getType(), *data);
  }
  return failure();
}

/// Positions, among the results of `map`, of the loop dimensions `loopDims`.
/// Succeeds with all positions (in increasing order), or with none when no
/// loop dimension is read (a broadcast along the channels); fails when only
/// some are read, out of order, or inside a compound expression.
static FailureOr<SmallVector<int64_t>>
mapChannelDims(AffineMap map, ArrayRef<int64_t> loopDims) {
  if (!map.isProjectedPermutation(/*allowZeroInResults=*/true))
    return failure();
  SmallVector<int64_t> positions;
  for (int64_t d : loopDims) {
    std::optional<unsigned> pos =
        map.getResultPosition(getAffineDimExpr(d, map.getContext()));
    if (pos)
      positions.push_back(*pos);
  }
  if (positions.empty())
    return positions;
  if (positions.size() != loopDims.size() || !llvm::is_sorted(positions))
    return failure();
  return positions;
}

//===----------------------------------------------------------------------===//
// Per-channel constants
//===----------------------------------------------------------------------===//

/// The values of a dense float constant along `channelDims`.
static FailureOr<SmallVector<double>>
readPerChannel(DenseElementsAttr attr, ArrayRef<int64_t> channelDims,
               std::string &why) {
  if (!isa<FloatType>(attr.getElementType())) {
    why = "a constant that is not a float tensor";
    return failure();
  }
  if (attr.isSplat())
    return SmallVector<double>{toDouble(attr.getSplatValue<APFloat>())};
  auto type = cast<ShapedType>(attr.getType());
  ArrayRef<int64_t> shape = type.getShape();
  int64_t count = 1;
  for (int64_t d : channelDims)
    count *= shape[d];
  SmallVector<double> values(count, 0.0);
  SmallVector<bool> seen(count, false);
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  auto elements = attr.getValues<APFloat>();
  int64_t n = attr.getNumElements();
  for (int64_t i = 0; i < n; ++i) {
    int64_t c = 0;
    for (int64_t d : channelDims)
      c = c * shape[d] + (i / strides[d]) % shape[d];
    double value = toDouble(elements[i]);
    if (!seen[c]) {
      seen[c] = true;
      values[c] = value;
      continue;
    }
    if (value != values[c] && !(std::isnan(value) && std::isnan(values[c]))) {
      why = "a constant that varies along a non-channel dimension (the "
            "channel axis does not match)";
      return failure();
    }
  }
  return values;
}

FailureOr<SmallVector<double>>
mlir::quantx::detail::getPerChannelConstant(Value v,
                                            ArrayRef<int64_t> channelDims,
                                            std::string &why) {
  if (!isa<ShapedType>(v.getType())) {
    if (std::optional<double> c = getScalarConstant(v))
      return SmallVector<double>{*c};
    why = "a scalar that is not a constant (" + describe(v) + ")";
    return failure();
  }
  auto type = cast<ShapedType>(v.getType());
  Operation *def = v.getDefiningOp();
  if (!def) {
    why = "not a constant (" + describe(v) + ")";
    return failure();
  }

  if (auto cast = dyn_cast<tensor::CastOp>(def))
    return getPerChannelConstant(cast.getSource(), channelDims, why);

  if (auto cst = dyn_cast<arith::ConstantOp>(def)) {
    FailureOr<DenseElementsAttr> attr = getConstantTensor(v);
    if (failed(attr)) {
      why = "a constant quantx cannot read (not dense<> or f32/f64 "
            "dense_resource<>)";
      return failure();
    }
    return readPerChannel(*attr, channelDims, why);
  }

  // quantx.dequantize of a constant, evaluated as the op defines it (the
  // float bias of an ONNX QDQ model is often a dequantized i32 constant).
  if (auto dq = dyn_cast<DequantizeOp>(def)) {
    FailureOr<DenseElementsAttr> q = getConstantTensor(dq.getInput());
    auto resultType = cast<RankedTensorType>(dq.getResult().getType());
    auto floatType = cast<FloatType>(resultType.getElementType());
    if (failed(q) || !resultType.hasStaticShape()) {
      why = "a quantx.dequantize of a value that is not a constant";
      return failure();
    }
    Type qt = dq.getInput().getType().getElementType();
    SmallVector<double> scales = getScales(qt);
    SmallVector<int64_t> zps = getZeroPoints(qt);
    bool isUnsigned = isUnsignedStorage(qt);
    bool f64 = getComputationType(cast<quant::QuantizedType>(qt)
                                      .getExpressedType())
                   .isF64();
    ArrayRef<int64_t> shape = resultType.getShape();
    SmallVector<int64_t> index(shape.size(), 0);
    SmallVector<APFloat> values;
    for (const APInt &v : q->getValues<APInt>()) {
      int64_t stored = isUnsigned ? static_cast<int64_t>(v.getZExtValue())
                                  : v.getSExtValue();
      int64_t p = getQuantParamIndex(qt, shape, index);
      double d =
          f64 ? dequantizeValue<double>(stored, scales[p], zps[p])
              : static_cast<double>(dequantizeValue<float>(
                    stored, static_cast<float>(scales[p]), zps[p]));
      APFloat f(d);
      bool losesInfo = false;
      f.convert(floatType.getFloatSemantics(), APFloat::rmNearestTiesToEven,
                &losesInfo);
      values.push_back(f);
      for (int64_t dim = static_cast<int64_t>(shape.size()) - 1; dim >= 0;
           --dim) {
        if (++index[dim] < shape[dim])
          break;
        index[dim] = 0;
      }
    }
    return readPerChannel(DenseElementsAttr::get(resultType, values),
                          channelDims, why);
  }

  if (auto fill = dyn_cast<linalg::FillOp>(def)) {
    if (std::optional<double> c = getScalarConstant(fill.getInputs()[0]))
      return SmallVector<double>{*c};
    why = "a linalg.fill of a value that is not a constant";
    return failure();
  }

  if (auto bcast = dyn_cast<linalg::BroadcastOp>(def)) {
    ArrayRef<int64_t> added = bcast.getDimensions();
    SmallVector<int64_t> srcDims;
    int64_t numBroadcast = 0;
    for (int64_t d : channelDims) {
      if (llvm::is_contained(added, d)) {
        ++numBroadcast;
        continue;
      }
      // Source dimension: d minus the added dimensions before it.
      srcDims.push_back(d - llvm::count_if(added,
                                           [&](int64_t a) { return a < d; }));
    }
    if (numBroadcast != 0 && !srcDims.empty()) {
      why = "a linalg.broadcast along part of the channel dimensions";
      return failure();
    }
    return getPerChannelConstant(bcast.getInput(), srcDims, why);
  }

  if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def)) {
    SmallVector<int64_t> srcDims;
    for (auto [srcDim, group] :
         llvm::enumerate(expand.getReassociationIndices())) {
      bool anyChannel = llvm::any_of(
          group, [&](int64_t d) { return llvm::is_contained(channelDims, d); });
      if (!anyChannel)
        continue;
      // Every dimension of the group that is not a channel must be a unit
      // dimension, so that the source index is the channel index.
      for (int64_t d : group) {
        if (llvm::is_contained(channelDims, d) || type.getDimSize(d) == 1)
          continue;
        why = "a tensor.expand_shape that splits the channel dimension";
        return failure();
      }
      srcDims.push_back(static_cast<int64_t>(srcDim));
    }
    return getPerChannelConstant(expand.getSrc(), srcDims, why);
  }

  if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
    SmallVector<int64_t> srcDims;
    for (auto [dim, group] :
         llvm::enumerate(collapse.getReassociationIndices()))
      if (llvm::is_contained(channelDims, static_cast<int64_t>(dim)))
        llvm::append_range(srcDims, group);
    return getPerChannelConstant(collapse.getSrc(), srcDims, why);
  }

  // A linalg.generic that only copies or broadcasts its single input.
  if (auto generic = dyn_cast<linalg::GenericOp>(def)) {
    Block *body = generic.getBody();
    auto yield = cast<linalg::YieldOp>(body->getTerminator());
    if (generic.getNumDpsInputs() == 1 && generic.getNumDpsInits() == 1 &&
        generic.getNumParallelLoops() == generic.getNumLoops() &&
        body->getOperations().size() == 1 &&
        yield.getOperand(0) == body->getArgument(0) &&
        generic.getIndexingMapsArray().back().isIdentity()) {
      OpOperand *in = generic.getDpsInputOperand(0);
      FailureOr<SmallVector<int64_t>> inDims =
          mapChannelDims(generic.getMatchingIndexingMap(in), channelDims);
      if (failed(inDims)) {
        why = "a broadcasting linalg.generic whose input map does not keep "
              "the channel dimensions";
        return failure();
      }
      return getPerChannelConstant(in->get(), *inDims, why);
    }
  }

  why = "not a constant (" + describe(v) + ")";
  return failure();
}

//===----------------------------------------------------------------------===//
// Elementwise steps
//===----------------------------------------------------------------------===//

static bool isAffineArithmeticOp(Operation *op) {
  return isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
             arith::NegFOp, arith::ConstantOp, math::SqrtOp, math::RsqrtOp>(
      op);
}

bool mlir::quantx::detail::hasAffineArithmeticBody(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp)
    return isa<arith::AddFOp, arith::SubFOp, arith::MulFOp, arith::DivFOp,
               arith::NegFOp>(op);
  bool anyArithmetic = false;
  for (Operation &inner : *linalgOp.getBlock()) {
    if (isa<linalg::YieldOp>(inner))
      continue;
    if (!isAffineArithmeticOp(&inner))
      return false;
    anyArithmetic |= !isa<arith::ConstantOp>(inner);
  }
  return anyArithmetic;
}

bool mlir::quantx::detail::isElementwiseCandidate(Operation *op) {
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    return linalgOp.hasPureTensorSemantics() &&
           linalgOp.getNumDpsInits() == 1 && op->getNumResults() == 1 &&
           linalgOp.getNumParallelLoops() == linalgOp.getNumLoops();
  if (!op->hasTrait<OpTrait::Elementwise>() || op->getNumResults() != 1 ||
      !isa<RankedTensorType>(op->getResult(0).getType()))
    return false;
  return isa_and_nonnull<arith::ArithDialect, math::MathDialect>(
      op->getDialect());
}

FailureOr<ElementwiseStep>
mlir::quantx::detail::matchElementwiseStep(Operation *op, Value input,
                                           ArrayRef<int64_t> channelDims,
                                           std::string &why) {
  if (!isElementwiseCandidate(op)) {
    why = llvm::formatv("'{0}' is not an elementwise op",
                        op->getName().getStringRef());
    return failure();
  }
  ElementwiseStep step;
  step.op = op;
  step.input = input;
  step.result = op->getResult(0);
  step.isAffineArithmetic = hasAffineArithmeticBody(op);
  if (step.result.getType() != input.getType()) {
    why = llvm::formatv("the result type {0} differs from the input type {1}",
                        step.result.getType(), input.getType());
    return failure();
  }

  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  if (!linalgOp) {
    for (auto [i, operand] : llvm::enumerate(op->getOperands())) {
      if (operand == input) {
        step.leaves.push_back(std::nullopt);
        continue;
      }
      std::string inner;
      FailureOr<SmallVector<double>> values =
          getPerChannelConstant(operand, channelDims, inner);
      if (failed(values)) {
        why = llvm::formatv("operand #{0} is {1}", i, inner);
        return failure();
      }
      step.leaves.push_back(std::move(*values));
    }
    return step;
  }

  OpOperand *init = linalgOp.getDpsInitOperand(0);
  if (!linalgOp.getMatchingIndexingMap(init).isIdentity()) {
    why = "the result is not written through the identity map";
    return failure();
  }
  if (linalgOp.payloadUsesValueFromOperand(init)) {
    why = "the body reads the output operand";
    return failure();
  }
  bool readsInput = false;
  for (OpOperand *operand : linalgOp.getDpsInputOperands()) {
    unsigned i = operand->getOperandNumber();
    if (operand->get() == input) {
      if (!linalgOp.getMatchingIndexingMap(operand).isIdentity()) {
        why = llvm::formatv("input #{0} reads the tensor through a "
                            "non-identity map",
                            i);
        return failure();
      }
      readsInput = true;
      step.leaves.push_back(std::nullopt);
      continue;
    }
    SmallVector<int64_t> operandDims;
    if (isa<ShapedType>(operand->get().getType())) {
      FailureOr<SmallVector<int64_t>> dims = mapChannelDims(
          linalgOp.getMatchingIndexingMap(operand), channelDims);
      if (failed(dims)) {
        why = llvm::formatv("input #{0} is not indexed by the channel "
                            "dimension (the channel axis does not match)",
                            i);
        return failure();
      }
      operandDims = std::move(*dims);
    }
    std::string inner;
    FailureOr<SmallVector<double>> values =
        getPerChannelConstant(operand->get(), operandDims, inner);
    if (failed(values)) {
      why = llvm::formatv("input #{0} is {1}", i, inner);
      return failure();
    }
    step.leaves.push_back(std::move(*values));
  }
  if (!readsInput) {
    why = "the op does not read the tensor";
    return failure();
  }
  return step;
}

//===----------------------------------------------------------------------===//
// Cleanup
//===----------------------------------------------------------------------===//

/// Erases `ops` and, transitively, the side-effect-free ops that only fed
/// them, once they have no uses.
void mlir::quantx::detail::eraseDeadOps(RewriterBase &rewriter, ArrayRef<Operation *> ops) {
  SmallVector<Operation *> worklist(ops.begin(), ops.end());
  llvm::SmallPtrSet<Operation *, 16> erased;
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    if (erased.contains(op) || !op->use_empty() || !isPure(op))
      continue;
    for (Value operand : op->getOperands())
      if (Operation *def = operand.getDefiningOp())
        worklist.push_back(def);
    // Values captured by a region (a constant used in a linalg body).
    llvm::SetVector<Value> captured;
    getUsedValuesDefinedAbove(op->getRegions(), captured);
    for (Value value : captured)
      if (Operation *def = value.getDefiningOp())
        worklist.push_back(def);
    erased.insert(op);
    rewriter.eraseOp(op);
  }
}
