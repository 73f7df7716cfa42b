//===- FuseQDQ.cpp - QDQ patterns to integer kernels ----------------------===//
//
// quantx-fuse-qdq: dequantize -> float conv/matmul (+ bias, + clamp) ->
// quantize becomes quantx.qconv2d/qmatmul + quantx.requantize when the i32
// accumulator provably cannot overflow.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Transforms/FuseQDQ.h"

#include "ChannelAnalysis.h"

#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"
#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/RegionUtils.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>
#include <limits>

#define DEBUG_TYPE "quantx-fuse-qdq"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXFUSEQDQ
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;
using namespace mlir::quantx::detail;

//===----------------------------------------------------------------------===//
// Producers
//===----------------------------------------------------------------------===//

namespace {
enum class Kind {
  ConvNhwc,      // linalg.conv_2d_nhwc_hwcf
  ConvNchw,      // linalg.conv_2d_nchw_fchw
  DepthwiseNhwc, // linalg.depthwise_conv_2d_nhwc_hwc
  DepthwiseNchw, // linalg.depthwise_conv_2d_nchw_chw
  GroupedNchw,   // linalg.conv_2d_ngchw_gfchw between expand/collapse_shape
  Matmul,        // linalg.matmul
  BatchMatmul,   // linalg.batch_matmul
};
} // namespace

/// Whether `op` is a float conv/matmul that could end a QDQ pattern (fused or
/// reported).
static bool isConvOrMatmul(Operation *op) {
  return isa<linalg::ConvolutionOpInterface, linalg::MatmulOp,
             linalg::BatchMatmulOp>(op);
}

static std::optional<Kind> getKind(Operation *op) {
  return llvm::TypeSwitch<Operation *, std::optional<Kind>>(op)
      .Case<linalg::Conv2DNhwcHwcfOp>([](auto) { return Kind::ConvNhwc; })
      .Case<linalg::Conv2DNchwFchwOp>([](auto) { return Kind::ConvNchw; })
      .Case<linalg::DepthwiseConv2DNhwcHwcOp>(
          [](auto) { return Kind::DepthwiseNhwc; })
      .Case<linalg::DepthwiseConv2DNchwChwOp>(
          [](auto) { return Kind::DepthwiseNchw; })
      .Case<linalg::Conv2DNgchwGfchwOp>([](auto) { return Kind::GroupedNchw; })
      .Case<linalg::MatmulOp>([](auto) { return Kind::Matmul; })
      .Case<linalg::BatchMatmulOp>([](auto) { return Kind::BatchMatmul; })
      .Default([](Operation *) { return std::nullopt; });
}

static bool isConv(Kind k) { return k != Kind::Matmul && k != Kind::BatchMatmul; }
static bool isNhwc(Kind k) {
  return k == Kind::ConvNhwc || k == Kind::DepthwiseNhwc;
}

/// The output channel dimensions of the producer's own result.
static SmallVector<int64_t> producerChannelDims(Kind k) {
  switch (k) {
  case Kind::ConvNhwc:
  case Kind::DepthwiseNhwc:
    return {3};
  case Kind::ConvNchw:
  case Kind::DepthwiseNchw:
  case Kind::Matmul:
    return {1};
  case Kind::GroupedNchw:
    return {1, 2};
  case Kind::BatchMatmul:
    return {2};
  }
  llvm_unreachable("all kinds handled");
}

//===----------------------------------------------------------------------===//
// The epilogue domain: clamp(x + bias, lo, hi)
//===----------------------------------------------------------------------===//

namespace {
struct EpiValue {
  bool isConstant = false;
  double c = 0;
  double bias = 0;
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool clamped = false;

  bool operator==(const EpiValue &o) const {
    if (isConstant != o.isConstant)
      return false;
    if (isConstant)
      return c == o.c;
    return bias == o.bias && lo == o.lo && hi == o.hi && clamped == o.clamped;
  }
};

/// The scalar function of a bias add / clamp epilogue applied to the
/// producer's output x: clamp(x + bias, lo, hi). `isCmp` marks the i1 of a
/// comparison, kept to recognize select-based max/min.
struct Epi {
  EpiValue v;
  bool isCmp = false;
  arith::CmpFPredicate pred = arith::CmpFPredicate::AlwaysFalse;
  EpiValue lhs, rhs;

  static Epi constant(double c) {
    Epi e;
    e.v.isConstant = true;
    e.v.c = c;
    return e;
  }

  static FailureOr<Epi> clampWith(EpiValue x, double c, bool isMax) {
    Epi e;
    e.v = x;
    e.v.lo = isMax ? std::max(x.lo, c) : std::min(x.lo, c);
    e.v.hi = isMax ? std::max(x.hi, c) : std::min(x.hi, c);
    e.v.clamped = true;
    return e;
  }

  /// max/min of x and a constant, in either operand order.
  static FailureOr<Epi> minMax(ArrayRef<Epi> v, bool isMax) {
    if (v[0].v.isConstant && v[1].v.isConstant)
      return constant(isMax ? std::max(v[0].v.c, v[1].v.c)
                            : std::min(v[0].v.c, v[1].v.c));
    if (!v[0].v.isConstant && v[1].v.isConstant)
      return clampWith(v[0].v, v[1].v.c, isMax);
    if (v[0].v.isConstant && !v[1].v.isConstant)
      return clampWith(v[1].v, v[0].v.c, isMax);
    return failure();
  }

  static FailureOr<Epi> apply(Operation *op, ArrayRef<Epi> v) {
    for (auto [i, e] : llvm::enumerate(v))
      if (e.isCmp && !(isa<arith::SelectOp>(op) && i == 0))
        return failure();
    return llvm::TypeSwitch<Operation *, FailureOr<Epi>>(op)
        .Case<arith::AddFOp>([&](auto) -> FailureOr<Epi> {
          if (v[0].v.isConstant && v[1].v.isConstant)
            return constant(v[0].v.c + v[1].v.c);
          const Epi &x = v[0].v.isConstant ? v[1] : v[0];
          const Epi &c = v[0].v.isConstant ? v[0] : v[1];
          if (!c.v.isConstant || x.v.clamped)
            return failure();
          Epi r = x;
          r.v.bias += c.v.c;
          return r;
        })
        .Case<arith::SubFOp>([&](auto) -> FailureOr<Epi> {
          if (v[0].v.isConstant && v[1].v.isConstant)
            return constant(v[0].v.c - v[1].v.c);
          if (v[0].v.isConstant || !v[1].v.isConstant || v[0].v.clamped)
            return failure();
          Epi r = v[0];
          r.v.bias -= v[1].v.c;
          return r;
        })
        .Case<arith::MaximumFOp, arith::MaxNumFOp>(
            [&](auto) { return minMax(v, /*isMax=*/true); })
        .Case<arith::MinimumFOp, arith::MinNumFOp>(
            [&](auto) { return minMax(v, /*isMax=*/false); })
        .Case<arith::CmpFOp>([&](arith::CmpFOp cmp) -> FailureOr<Epi> {
          Epi e;
          e.isCmp = true;
          e.pred = cmp.getPredicate();
          e.lhs = v[0].v;
          e.rhs = v[1].v;
          return e;
        })
        .Case<arith::SelectOp>([&](auto) -> FailureOr<Epi> {
          if (!v[0].isCmp || v[1].isCmp || v[2].isCmp)
            return failure();
          using P = arith::CmpFPredicate;
          P pred = v[0].pred;
          EpiValue x = v[0].lhs, c = v[0].rhs;
          if (x.isConstant && !c.isConstant) {
            std::swap(x, c);
            // Swapping the operands mirrors the comparison.
            switch (pred) {
            case P::OGT: pred = P::OLT; break;
            case P::OGE: pred = P::OLE; break;
            case P::OLT: pred = P::OGT; break;
            case P::OLE: pred = P::OGE; break;
            case P::UGT: pred = P::ULT; break;
            case P::UGE: pred = P::ULE; break;
            case P::ULT: pred = P::UGT; break;
            case P::ULE: pred = P::UGE; break;
            default: return failure();
            }
          }
          if (x.isConstant || !c.isConstant)
            return failure();
          bool greater = pred == P::OGT || pred == P::OGE ||
                         pred == P::UGT || pred == P::UGE;
          bool less = pred == P::OLT || pred == P::OLE || pred == P::ULT ||
                      pred == P::ULE;
          if (!greater && !less)
            return failure();
          const EpiValue &t = v[1].v, &f = v[2].v;
          if (t == x && f == c) // x > c ? x : c is max
            return clampWith(x, c.c, /*isMax=*/greater);
          if (t == c && f == x) // x > c ? c : x is min
            return clampWith(x, c.c, /*isMax=*/less);
          return failure();
        })
        .Default([](Operation *) { return failure(); });
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Matching
//===----------------------------------------------------------------------===//

namespace {
/// A dequantize -> producer -> epilogue -> quantize pattern.
struct QDQMatch {
  QuantizeOp quantize;
  linalg::LinalgOp producer;
  Kind kind;
  /// Ops between the producer and the quantize, in order.
  SmallVector<Operation *> chain;
};
} // namespace

/// The only input of an elementwise op that is not a constant.
static Value getChainInput(Operation *op) {
  Value found;
  SmallVector<Value> inputs;
  if (auto linalgOp = dyn_cast<linalg::LinalgOp>(op))
    inputs = llvm::map_to_vector(linalgOp.getDpsInputOperands(),
                                 [](OpOperand *o) { return o->get(); });
  else
    inputs.assign(op->operand_begin(), op->operand_end());
  for (Value v : inputs) {
    if (!isa<RankedTensorType>(v.getType()) || isConstantLike(v))
      continue;
    if (found && found != v)
      return {};
    found = v;
  }
  return found;
}

/// Walks back from the quantize to a conv/matmul through elementwise ops
/// and reshapes. Fails when there is none (not a QDQ pattern).
static FailureOr<QDQMatch> findProducer(QuantizeOp quantize) {
  QDQMatch m;
  m.quantize = quantize;
  Value v = quantize.getInput();
  for (int depth = 0; depth < 16; ++depth) {
    Operation *def = v.getDefiningOp();
    if (!def)
      return failure();
    if (isConvOrMatmul(def)) {
      m.producer = cast<linalg::LinalgOp>(def);
      std::reverse(m.chain.begin(), m.chain.end());
      return m;
    }
    if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def)) {
      m.chain.push_back(def);
      v = collapse.getSrc();
      continue;
    }
    if (!isElementwiseCandidate(def))
      return failure();
    Value input = getChainInput(def);
    if (!input)
      return failure();
    m.chain.push_back(def);
    v = input;
  }
  return failure();
}

static std::string opName(Operation *op) {
  return ("'" + op->getName().getStringRef() + "'").str();
}

/// Values of the strides/dilations attribute of a conv (1, 1 when absent).
static SmallVector<int64_t> getConvAttr(Operation *op, StringRef name) {
  if (auto attr = op->getAttrOfType<DenseIntElementsAttr>(name))
    return llvm::to_vector(attr.getValues<int64_t>());
  return {1, 1};
}

/// `q` (a quantized tensor) reshaped to `shape`. A per-axis type is re-made
/// along `newAxis`, through `quant.scast`s to and from the storage type,
/// because a reshape keeps the element type.
static Value reshapeQuantized(OpBuilder &b, Location loc, Value q,
                              ArrayRef<int64_t> shape,
                              ArrayRef<ReassociationIndices> reassociation,
                              std::optional<int32_t> newAxis) {
  auto type = cast<RankedTensorType>(q.getType());
  bool expand = static_cast<int64_t>(shape.size()) > type.getRank();
  auto reshape = [&](Value v, Type element) -> Value {
    auto resultType = RankedTensorType::get(shape, element);
    if (expand)
      return tensor::ExpandShapeOp::create(b, loc, resultType, v,
                                           reassociation);
    return tensor::CollapseShapeOp::create(b, loc, resultType, v,
                                           reassociation);
  };
  auto perAxis =
      dyn_cast<quant::UniformQuantizedPerAxisType>(type.getElementType());
  if (!perAxis)
    return reshape(q, type.getElementType());
  Type storage = perAxis.getStorageType();
  Value s = quant::StorageCastOp::create(b, loc, type.clone(storage), q);
  s = reshape(s, storage);
  auto newElement = quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), storage, perAxis.getExpressedType(),
      perAxis.getScales(), perAxis.getZeroPoints(), *newAxis,
      perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax());
  return quant::StorageCastOp::create(
      b, loc, RankedTensorType::get(shape, newElement), s);
}

//===----------------------------------------------------------------------===//
// The integer operands
//===----------------------------------------------------------------------===//

namespace {
/// The integer operands of a float conv/matmul whose inputs are
/// dequantized: the quantized input and weights, the padding read from a
/// tensor.pad and the group count.
struct IntegerOperands {
  Value xq, wq;
  /// The output channel dimensions of the weights, in wq's own shape.
  SmallVector<int64_t> wChannelDims;
  SmallVector<int64_t> padding{0, 0, 0, 0};
  int64_t groups = 1;
};
} // namespace

/// Matches `[pad] [expand] dequantize` on both inputs of `producer` and
/// checks the operand types; says why in `why` when they do not fit.
static FailureOr<IntegerOperands>
matchIntegerOperands(linalg::LinalgOp producer, Kind kind, std::string &why) {
  auto fail = [&](const Twine &reason) -> FailureOr<IntegerOperands> {
    why = reason.str();
    return failure();
  };
  // Operands: [pad] [expand] dequantize.
  Value input = producer.getDpsInputOperand(0)->get();
  Value filter = producer.getDpsInputOperand(1)->get();
  int64_t groups = 1;
  if (kind == Kind::GroupedNchw) {
    auto expand = input.getDefiningOp<tensor::ExpandShapeOp>();
    SmallVector<ReassociationIndices> expected{{0}, {1, 2}, {3}, {4}};
    if (!expand || expand.getReassociationIndices() != expected)
      return fail("the grouped convolution's input is not a "
                  "tensor.expand_shape of an NCHW tensor");
    groups = expand.getResultType().getDimSize(1);
    input = expand.getSrc();
  }
  // Padding: a tensor.pad of the dequantized input with the real 0, or of
  // the quantized input with its zero point; both read the real value 0.
  SmallVector<int64_t> padding{0, 0, 0, 0};
  bool padded = false;
  std::string padWhy;
  auto readPadding = [&](tensor::PadOp pad) -> LogicalResult {
    if (!isConv(kind)) {
      padWhy = "the matmul's input is padded";
      return failure();
    }
    if (padded) {
      padWhy = "the input is padded twice";
      return failure();
    }
    ArrayRef<int64_t> low = pad.getStaticLow(), high = pad.getStaticHigh();
    int64_t hDim = isNhwc(kind) ? 1 : 2, wDim = hDim + 1;
    for (int64_t d = 0; d < 4; ++d) {
      if (ShapedType::isDynamic(low[d]) || ShapedType::isDynamic(high[d])) {
        padWhy = "the tensor.pad has dynamic padding";
        return failure();
      }
      if (d != hDim && d != wDim && (low[d] != 0 || high[d] != 0)) {
        padWhy = "the tensor.pad pads a non-spatial dimension";
        return failure();
      }
    }
    padding = {low[hDim], high[hDim], low[wDim], high[wDim]};
    padded = true;
    return success();
  };
  if (auto pad = input.getDefiningOp<tensor::PadOp>()) {
    Value padValue = pad.getConstantPaddingValue();
    std::optional<double> padConst =
        padValue ? getScalarConstant(padValue) : std::nullopt;
    if (!padConst || *padConst != 0.0)
      return fail("the tensor.pad value is not the real 0 (the input's zero "
                  "point), so it is not the padding quantx.qconv2d applies");
    if (failed(readPadding(pad)))
      return fail(padWhy);
    input = pad.getSource();
  }
  auto inputDq = input.getDefiningOp<DequantizeOp>();
  if (!inputDq)
    return fail("the input of " + opName(producer.getOperation()) +
                " is not a quantx.dequantize");
  Value xq = inputDq.getInput();
  if (auto pad = xq.getDefiningOp<tensor::PadOp>()) {
    // The pad value is a quant.scast of a storage constant.
    Value padValue = pad.getConstantPaddingValue();
    auto scast = padValue ? padValue.getDefiningOp<quant::StorageCastOp>()
                          : quant::StorageCastOp();
    APInt stored;
    Type xElt = cast<ShapedType>(xq.getType()).getElementType();
    if (!scast || !matchPattern(scast.getInput(), m_ConstantInt(&stored)) ||
        !isPerTensor(xElt) ||
        (isUnsignedStorage(xElt) ? static_cast<int64_t>(stored.getZExtValue())
                                 : stored.getSExtValue()) !=
            getZeroPoints(xElt)[0])
      return fail("the tensor.pad of the quantized input does not pad with "
                  "its zero point");
    if (failed(readPadding(pad)))
      return fail(padWhy);
    xq = pad.getSource();
  }

  Value wq;
  SmallVector<int64_t> wChannelDims; // in wq's own shape
  if (kind == Kind::GroupedNchw) {
    if (auto expand = filter.getDefiningOp<tensor::ExpandShapeOp>()) {
      SmallVector<ReassociationIndices> expected{{0, 1}, {2}, {3}, {4}};
      auto dq = expand.getSrc().getDefiningOp<DequantizeOp>();
      if (expand.getReassociationIndices() != expected || !dq)
        return fail("the grouped convolution's filter is not a "
                    "tensor.expand_shape of a dequantized F x C/G x KH x "
                    "KW filter");
      wq = dq.getInput();
      wChannelDims = {0};
    } else if (auto dq = filter.getDefiningOp<DequantizeOp>()) {
      wq = dq.getInput();
      wChannelDims = {0, 1};
      if (!isPerTensor(cast<ShapedType>(wq.getType()).getElementType()))
        return fail("the 5-D grouped filter is quantized per axis; "
                    "quantize the 4-D F x C/G x KH x KW filter instead");
    }
  } else if (auto dq = filter.getDefiningOp<DequantizeOp>()) {
    wq = dq.getInput();
    switch (kind) {
    case Kind::ConvNhwc:
      wChannelDims = {3};
      break;
    case Kind::DepthwiseNhwc:
      wChannelDims = {2};
      break;
    case Kind::ConvNchw:
    case Kind::DepthwiseNchw:
      wChannelDims = {0};
      break;
    case Kind::Matmul:
      wChannelDims = {1};
      break;
    case Kind::BatchMatmul:
      wChannelDims = {2};
      break;
    case Kind::GroupedNchw:
      break;
    }
  }
  if (!wq)
    return fail("the weights of " + opName(producer.getOperation()) +
                " are not a quantx.dequantize");

  auto wType = cast<RankedTensorType>(wq.getType());
  Type xElt = cast<ShapedType>(xq.getType()).getElementType();
  Type wElt = wType.getElementType();
  if (!isPerTensor(xElt))
    return fail("the activations are not quantized per tensor");
  if (isa<quant::UniformQuantizedSubChannelType>(wElt))
    return fail("the weights are quantized per block (sub-channel)");
  if (std::optional<int32_t> axis = getPerAxisDimension(wElt);
      axis && (wChannelDims.size() != 1 || *axis != wChannelDims[0]))
    return fail(llvm::formatv("the weights are quantized along dimension "
                              "{0}, not along the output channels",
                              *axis)
                    .str());
  if (!wType.hasStaticShape())
    return fail("the weights have a dynamic shape");
  IntegerOperands ops;
  ops.xq = xq;
  ops.wq = wq;
  ops.wChannelDims = std::move(wChannelDims);
  ops.padding = std::move(padding);
  ops.groups = groups;
  return ops;
}

/// Proves that the i32 accumulator of the integer op cannot overflow:
/// K * max|x - z_x| * max|w - z_w| + max|bias| < 2^31, or with constant
/// weights the per-channel bound max|x - z_x| * sum|w - z_w| + |bias|.
static LogicalResult checkAccumulatorBound(Kind kind, Value wq, Type xElt,
                                           ArrayRef<int64_t> wChannelDims,
                                           ArrayRef<int32_t> bias,
                                           std::string &why) {
  auto fail = [&](const Twine &reason) -> LogicalResult {
    why = reason.str();
    return failure();
  };
  auto wType = cast<RankedTensorType>(wq.getType());
  Type wElt = wType.getElementType();
  ArrayRef<int64_t> wShape = wType.getShape();
  int64_t channels = static_cast<int64_t>(bias.size());
  uint64_t maxBias = 0;
  for (int32_t b : bias)
    maxBias = std::max<uint64_t>(maxBias, std::llabs(b));
  int64_t k;
  switch (kind) {
  case Kind::ConvNhwc:
    k = wShape[0] * wShape[1] * wShape[2];
    break;
  case Kind::ConvNchw:
    k = wShape[1] * wShape[2] * wShape[3];
    break;
  case Kind::DepthwiseNhwc:
    k = wShape[0] * wShape[1];
    break;
  case Kind::DepthwiseNchw:
    k = wShape[1] * wShape[2];
    break;
  case Kind::GroupedNchw:
    k = wChannelDims.size() == 1 ? wShape[1] * wShape[2] * wShape[3]
                                 : wShape[2] * wShape[3] * wShape[4];
    break;
  case Kind::Matmul:
    k = wShape[0];
    break;
  case Kind::BatchMatmul:
    k = wShape[1];
    break;
  }
  uint64_t devX = getMaxAbsDeviation(xElt), devW = getMaxAbsDeviation(wElt);
  uint64_t product = accumulatorBound(k, devX, devW);
  auto boundMessage = [&](uint64_t total) {
    return llvm::formatv("the i32 accumulator can overflow: K * max|x - z_x| "
                         "* max|w - z_w| + max|bias| = {0} * {1} * {2} + {3} "
                         "= {4} exceeds 2^31 - 1",
                         k, devX, devW, maxBias, total)
        .str();
  };
  if (product > INT32_MAX)
    return fail(boundMessage(product));
  if (product + maxBias > INT32_MAX) {
    // With constant weights, bound each channel by its actual weights.
    FailureOr<DenseElementsAttr> wAttr = getConstantTensor(wq);
    if (failed(wAttr))
      return fail(boundMessage(product + maxBias));
    SmallVector<int64_t> zps = getZeroPoints(wElt);
    bool isUnsigned = isUnsignedStorage(wElt);
    SmallVector<uint64_t> sums(channels, 0);
    SmallVector<int64_t> strides(wShape.size(), 1);
    for (int64_t d = static_cast<int64_t>(wShape.size()) - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * wShape[d + 1];
    auto values = wAttr->getValues<APInt>();
    for (int64_t i = 0, e = wAttr->getNumElements(); i < e; ++i) {
      int64_t c = 0;
      for (int64_t d : wChannelDims)
        c = c * wShape[d] + (i / strides[d]) % wShape[d];
      int64_t w = isUnsigned ? static_cast<int64_t>(values[i].getZExtValue())
                             : values[i].getSExtValue();
      int64_t zp = zps.size() == 1 ? zps[0] : zps[c];
      sums[c] += static_cast<uint64_t>(std::llabs(w - zp));
    }
    for (int64_t c = 0; c < channels; ++c) {
      uint64_t total = devX * sums[c] + std::llabs(bias[c]);
      if (total > INT32_MAX)
        return fail(llvm::formatv("the i32 accumulator can overflow for "
                                  "channel {0}: max|x - z_x| * sum|w - z_w| "
                                  "+ |bias| = {1} * {2} + {3} = {4} exceeds "
                                  "2^31 - 1",
                                  c, devX, sums[c], std::llabs(bias[c]),
                                  total)
                        .str());
    }
  }

  return success();
}

/// The per-channel float bias in accumulator units (scale accScales[c]),
/// rounded half to even; fails when a value leaves the i32 range.
static FailureOr<SmallVector<int32_t>>
quantizeBias(ArrayRef<double> floatBias, ArrayRef<double> accScales,
             std::string &why) {
  SmallVector<int32_t> bias(floatBias.size());
  for (size_t c = 0; c < floatBias.size(); ++c) {
    double s = accScales.size() == 1 ? accScales[0] : accScales[c];
    double q = roundToIntegral(floatBias[c] / s, RoundingMode::HalfToEven);
    if (!(std::fabs(q) <= INT32_MAX)) {
      why = llvm::formatv("the bias {0} of channel {1} is {2} accumulator "
                          "units, beyond the i32 range",
                          llvm::format("%g", floatBias[c]), c,
                          llvm::format("%g", q))
                .str();
      return failure();
    }
    bias[c] = static_cast<int32_t>(q);
  }
  return bias;
}

/// The accumulator scales s_x * s_w[c].
static SmallVector<double> getAccumulatorScales(Type xElt, Type wElt) {
  double xScale = getScales(xElt)[0];
  SmallVector<double> accScales;
  for (double s : getScales(wElt))
    accScales.push_back(xScale * s);
  return accScales;
}

/// Creates quantx.qconv2d/qmatmul of type `accType` on `ops` with the i32
/// `bias` (none when all zero), with the strides, dilations and groups of
/// `producer`.
static Value buildIntegerOp(RewriterBase &rewriter, Location loc, Kind kind,
                            Operation *producer, const IntegerOperands &ops,
                            ArrayRef<int32_t> bias,
                            RankedTensorType accType) {
  MLIRContext *ctx = rewriter.getContext();
  Value xq = ops.xq, wq = ops.wq;
  ArrayRef<int64_t> wChannelDims = ops.wChannelDims;
  ArrayRef<int64_t> padding = ops.padding;
  int64_t groups = ops.groups;
  ArrayRef<int64_t> wShape = cast<RankedTensorType>(wq.getType()).getShape();
  Value biasValue;
  if (llvm::any_of(bias, [](int32_t b) { return b != 0; }))
    biasValue = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(
            RankedTensorType::get({static_cast<int64_t>(bias.size())},
                                  rewriter.getI32Type()),
            bias));
  Value acc;
  if (isConv(kind)) {
    Value convFilter = wq;
    switch (kind) {
    case Kind::DepthwiseNhwc:
      groups = wShape[2];
      convFilter = reshapeQuantized(rewriter, loc, wq,
                                    {wShape[0], wShape[1], 1, wShape[2]},
                                    {{0}, {1}, {2, 3}}, /*newAxis=*/3);
      break;
    case Kind::DepthwiseNchw:
      groups = wShape[0];
      convFilter = reshapeQuantized(rewriter, loc, wq,
                                    {wShape[0], 1, wShape[1], wShape[2]},
                                    {{0, 1}, {2}, {3}}, /*newAxis=*/0);
      break;
    case Kind::GroupedNchw:
      if (wChannelDims.size() == 2)
        convFilter = reshapeQuantized(
            rewriter, loc, wq,
            {wShape[0] * wShape[1], wShape[2], wShape[3], wShape[4]},
            {{0, 1}, {2}, {3}, {4}}, std::nullopt);
      break;
    default:
      break;
    }
    ConvLayout layout =
        isNhwc(kind) ? ConvLayout::NhwcHwcf : ConvLayout::NchwFchw;
    acc = QConv2DOp::create(
        rewriter, loc, accType, xq, convFilter, biasValue,
        ConvLayoutAttr::get(ctx, layout),
        rewriter.getDenseI64ArrayAttr(getConvAttr(producer, "strides")),
        rewriter.getDenseI64ArrayAttr(getConvAttr(producer, "dilations")),
        rewriter.getDenseI64ArrayAttr(padding),
        rewriter.getI64IntegerAttr(groups));
  } else {
    acc = QMatmulOp::create(rewriter, loc, accType, xq, wq, biasValue);
  }
  return acc;
}

//===----------------------------------------------------------------------===//
// The rewrite
//===----------------------------------------------------------------------===//

FailureOr<Value> mlir::quantx::fuseQDQ(RewriterBase &rewriter,
                                       QuantizeOp quantize,
                                       const FuseQDQOptions &options,
                                       FuseQDQFailure *failureOut) {
  FuseQDQFailure localFailure;
  FuseQDQFailure &fail = failureOut ? *failureOut : localFailure;
  fail = {};
  FailureOr<QDQMatch> found = findProducer(quantize);
  if (failed(found)) {
    fail.reason = "the quantize does not end a conv/matmul pattern";
    return failure();
  }
  QDQMatch &m = *found;
  Operation *producerOp = m.producer;
  auto refuse = [&](const Twine &reason) -> FailureOr<Value> {
    fail.op = quantize;
    fail.reason = reason.str();
    return failure();
  };
  std::optional<Kind> kind = getKind(producerOp);
  if (!kind)
    return refuse(opName(producerOp) +
                  " has no quantx integer form (supported: "
                  "linalg.conv_2d_nhwc_hwcf, conv_2d_nchw_fchw, "
                  "depthwise_conv_2d_nhwc_hwc, depthwise_conv_2d_nchw_chw, "
                  "conv_2d_ngchw_gfchw, matmul, batch_matmul)");
  m.kind = *kind;
  if (!m.producer.hasPureTensorSemantics() ||
      m.producer.getNumDpsInputs() != 2 || m.producer.getNumDpsInits() != 1)
    return refuse(opName(producerOp) + " is not a two-input op on tensors");
  if (auto mm = dyn_cast<linalg::MatmulOp>(producerOp);
      mm && mm.hasUserDefinedMaps())
    return refuse("the linalg.matmul has user-defined indexing maps "
                  "(transposed or broadcast operands)");
  if (auto mm = dyn_cast<linalg::BatchMatmulOp>(producerOp);
      mm && mm.hasUserDefinedMaps())
    return refuse("the linalg.batch_matmul has user-defined indexing maps "
                  "(transposed or broadcast operands)");

  // Every float intermediate is used only by the next op of the pattern
  // (an elementwise op may read it twice, as input and as outs).
  Value producerResult = producerOp->getResult(0);
  SmallVector<Value> intermediates{producerResult};
  for (Operation *op : m.chain)
    intermediates.push_back(op->getResult(0));
  for (auto [i, v] : llvm::enumerate(intermediates)) {
    Operation *next = i + 1 < intermediates.size()
                          ? intermediates[i + 1].getDefiningOp()
                          : quantize.getOperation();
    if (llvm::any_of(v.getUsers(),
                     [&](Operation *user) { return user != next; }))
      return refuse("the float result of " + opName(v.getDefiningOp()) +
                    " has other users than the pattern");
  }

  // Epilogue: channels through the grouped collapse, then bias and clamp.
  auto producerType = cast<RankedTensorType>(producerResult.getType());
  FailureOr<Channels> producerChannels =
      Channels::get(producerType, producerChannelDims(m.kind));
  if (failed(producerChannels))
    return refuse("the output channel dimension is dynamic");
  Channels ch = *producerChannels;
  Value cur = producerResult;
  RankedTensorType accShapeType = producerType;
  SmallVector<ElementwiseStep> steps;
  for (Operation *op : m.chain) {
    if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(op)) {
      SmallVector<ReassociationIndices> expected{{0}, {1, 2}, {3}, {4}};
      if (m.kind != Kind::GroupedNchw || ch.dims.size() != 2 ||
          collapse.getReassociationIndices() != expected)
        return refuse("a tensor.collapse_shape other than the one merging "
                      "(group, channel) after a grouped convolution");
      ch.dims = {1};
      accShapeType = collapse.getResultType();
      cur = collapse.getResult();
      continue;
    }
    std::string why;
    FailureOr<ElementwiseStep> step =
        matchElementwiseStep(op, cur, ch.dims, why);
    if (failed(step))
      return refuse(opName(op) + " after " + opName(producerOp) +
                    " is not a per-channel bias add or a clamp: " + why);
    steps.push_back(*step);
    cur = step->result;
  }
  if (m.kind == Kind::GroupedNchw && ch.dims.size() != 1)
    return refuse("the grouped convolution's result is not collapsed back to "
                  "NCHW before the quantize");

  // Operands: [pad] [expand] dequantize.
  std::string operandWhy;
  FailureOr<IntegerOperands> operands =
      matchIntegerOperands(m.producer, m.kind, operandWhy);
  if (failed(operands))
    return refuse(operandWhy);
  Value xq = operands->xq, wq = operands->wq;
  ArrayRef<int64_t> wChannelDims = operands->wChannelDims;

  // Types.
  auto wType = cast<RankedTensorType>(wq.getType());
  Type xElt = cast<ShapedType>(xq.getType()).getElementType();
  Type wElt = wType.getElementType();
  auto outType = quantize.getResult().getType();
  Type outElt = outType.getElementType();
  if (isa<quant::UniformQuantizedSubChannelType>(outElt))
    return refuse("the output is quantized per block (sub-channel)");
  int64_t accChannelDim = ch.dims[0];
  if (std::optional<int32_t> axis = getPerAxisDimension(outElt);
      axis && *axis != accChannelDim)
    return refuse(llvm::formatv("the output is quantized along dimension {0}, "
                                "not along the output channels",
                                *axis)
                      .str());

  // Float bias: the producer's outs constant plus the epilogue's adds.
  std::string why;
  FailureOr<SmallVector<double>> init = getPerChannelConstant(
      m.producer.getDpsInitOperand(0)->get(), producerChannels->dims, why);
  if (failed(init))
    return refuse("the outs operand of " + opName(producerOp) + " is " + why +
                  "; it must be zeros or a per-channel bias");
  int64_t channels = ch.count;
  SmallVector<double> floatBias(channels);
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  for (int64_t c = 0; c < channels; ++c) {
    Epi e;
    for (const ElementwiseStep &step : steps) {
      FailureOr<Epi> r = evaluateStep(step, c, e);
      if (failed(r) || r->isCmp || r->v.isConstant)
        return refuse(opName(step.op) + " after " + opName(producerOp) +
                      " is not a per-channel bias add followed by a clamp to "
                      "constants");
      e = *r;
    }
    if (c > 0 && (e.v.lo != lo || e.v.hi != hi))
      return refuse("the clamp bounds differ between channels");
    lo = e.v.lo;
    hi = e.v.hi;
    floatBias[c] = (init->size() == 1 ? (*init)[0] : (*init)[c]) + e.v.bias;
  }
  if (!(lo <= hi))
    return refuse("the clamp range is empty");

  // Bias in accumulator units, rounded half to even.
  SmallVector<double> accScales = getAccumulatorScales(xElt, wElt);
  std::string biasWhy;
  FailureOr<SmallVector<int32_t>> quantizedBias =
      quantizeBias(floatBias, accScales, biasWhy);
  if (failed(quantizedBias))
    return refuse(biasWhy);
  SmallVector<int32_t> &bias = *quantizedBias;

  // Accumulator bound.
  std::string boundWhy;
  if (failed(checkAccumulatorBound(m.kind, wq, xElt, wChannelDims, bias,
                                   boundWhy)))
    return refuse(boundWhy);

  // Output type, narrowed by the clamp: quantize(clamp(y, lo, hi)) =
  // clamp(quantize(y), quantize(lo), quantize(hi)).
  auto outQuant = cast<quant::QuantizedType>(outElt);
  int64_t qmin = outQuant.getStorageTypeMin(), qmax = outQuant.getStorageTypeMax();
  int64_t newMin = qmin, newMax = qmax;
  {
    SmallVector<double> scales = getScales(outElt);
    SmallVector<int64_t> zps = getZeroPoints(outElt);
    bool f64 = outQuant.getExpressedType().isF64();
    RoundingMode qMode = quantize.getRounding();
    auto quantizeAt = [&](double v, size_t i) -> int64_t {
      if (f64)
        return quantizeValue<double>(v, scales[i], zps[i], qmin, qmax, qMode);
      return quantizeValue<float>(static_cast<float>(v),
                                  static_cast<float>(scales[i]), zps[i], qmin,
                                  qmax, qMode);
    };
    for (size_t i = 0; i < scales.size(); ++i) {
      int64_t cmin = std::isinf(lo) ? qmin : std::max(qmin, quantizeAt(lo, i));
      int64_t cmax = std::isinf(hi) ? qmax : std::min(qmax, quantizeAt(hi, i));
      if (i > 0 && (cmin != newMin || cmax != newMax))
        return refuse("the clamp maps to different integer ranges on the "
                      "output channels");
      newMin = cmin;
      newMax = cmax;
    }
    if (newMin > newMax)
      return refuse("the clamp range quantizes to an empty integer range");
  }
  Type narrowedElt = outElt;
  if (newMin != qmin || newMax != qmax) {
    if (auto pt = dyn_cast<quant::UniformQuantizedType>(outElt))
      narrowedElt = quant::UniformQuantizedType::get(
          pt.getFlags(), pt.getStorageType(), pt.getExpressedType(),
          pt.getScale(), pt.getZeroPoint(), newMin, newMax);
    else if (auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(outElt))
      narrowedElt = quant::UniformQuantizedPerAxisType::get(
          pa.getFlags(), pa.getStorageType(), pa.getExpressedType(),
          pa.getScales(), pa.getZeroPoints(), pa.getQuantizedDimension(),
          newMin, newMax);
  }

  // Accumulator type and requantize parameters.
  MLIRContext *ctx = rewriter.getContext();
  Type i32 = IntegerType::get(ctx, 32);
  Type expressed = outQuant.getExpressedType();
  Type accElt;
  if (accScales.size() == 1)
    accElt = quant::UniformQuantizedType::get(
        quant::QuantizationFlags::Signed, i32, expressed, accScales[0], 0,
        INT32_MIN, INT32_MAX);
  else
    accElt = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i32, expressed, accScales,
        SmallVector<int64_t>(accScales.size(), 0), accChannelDim, INT32_MIN,
        INT32_MAX);
  std::string multiplierWhy;
  if (failed(RequantizeOp::computeMultipliers(accElt, narrowedElt,
                                              multiplierWhy)))
    return refuse(multiplierWhy);
  RoundingMode mode = options.rounding.value_or(quantize.getRounding());

  // Build.
  Location loc = quantize.getLoc();
  rewriter.setInsertionPoint(quantize);
  auto accType = RankedTensorType::get(accShapeType.getShape(), accElt);
  Value acc = buildIntegerOp(rewriter, loc, m.kind, producerOp, *operands,
                             bias, accType);
  Value result = RequantizeOp::create(
      rewriter, loc, RankedTensorType::get(outType.getShape(), narrowedElt),
      acc, mode);
  if (narrowedElt != outElt) {
    auto storage = outType.clone(outQuant.getStorageType());
    result = quant::StorageCastOp::create(rewriter, loc, storage, result);
    result = quant::StorageCastOp::create(rewriter, loc, outType, result);
  }

  rewriter.replaceOp(quantize, result);
  SmallVector<Operation *> dead;
  for (Operation *op : llvm::reverse(m.chain))
    dead.push_back(op);
  dead.push_back(producerOp);
  eraseDeadOps(rewriter, dead);
  return result;
}

FailureOr<Value> mlir::quantx::fuseDequantizedAccumulator(
    RewriterBase &rewriter, Operation *op, FuseQDQFailure *failureOut) {
  FuseQDQFailure localFailure;
  FuseQDQFailure &fail = failureOut ? *failureOut : localFailure;
  fail = {};
  auto refuse = [&](const Twine &reason) -> FailureOr<Value> {
    fail.op = op;
    fail.reason = reason.str();
    return failure();
  };
  std::optional<Kind> kind = getKind(op);
  if (!kind)
    return refuse(opName(op) + " has no quantx integer form");
  if (*kind == Kind::GroupedNchw)
    return refuse("a grouped linalg.conv_2d_ngchw_gfchw is fused only with "
                  "a quantize after its tensor.collapse_shape");
  auto producer = cast<linalg::LinalgOp>(op);
  if (!producer.hasPureTensorSemantics() || producer.getNumDpsInputs() != 2 ||
      producer.getNumDpsInits() != 1)
    return refuse(opName(op) + " is not a two-input op on tensors");
  if (auto mm = dyn_cast<linalg::MatmulOp>(op); mm && mm.hasUserDefinedMaps())
    return refuse("the linalg.matmul has user-defined indexing maps "
                  "(transposed or broadcast operands)");
  if (auto mm = dyn_cast<linalg::BatchMatmulOp>(op);
      mm && mm.hasUserDefinedMaps())
    return refuse("the linalg.batch_matmul has user-defined indexing maps "
                  "(transposed or broadcast operands)");
  std::string why;
  FailureOr<IntegerOperands> operands =
      matchIntegerOperands(producer, *kind, why);
  if (failed(operands))
    return refuse(why);
  auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
  if (!resultType.getElementType().isF32())
    return refuse("the result of " + opName(op) + " is not f32");
  FailureOr<Channels> ch =
      Channels::get(resultType, producerChannelDims(*kind));
  if (failed(ch))
    return refuse("the output channel dimension is dynamic");
  FailureOr<SmallVector<double>> init = getPerChannelConstant(
      producer.getDpsInitOperand(0)->get(), ch->dims, why);
  if (failed(init))
    return refuse("the outs operand of " + opName(op) + " is " + why +
                  "; it must be zeros or a per-channel bias");

  Type xElt = cast<ShapedType>(operands->xq.getType()).getElementType();
  Type wElt = cast<ShapedType>(operands->wq.getType()).getElementType();
  SmallVector<double> accScales = getAccumulatorScales(xElt, wElt);
  SmallVector<double> floatBias(ch->count);
  for (int64_t c = 0; c < ch->count; ++c)
    floatBias[c] = init->size() == 1 ? (*init)[0] : (*init)[c];
  FailureOr<SmallVector<int32_t>> bias =
      quantizeBias(floatBias, accScales, why);
  if (failed(bias))
    return refuse(why);
  if (failed(checkAccumulatorBound(*kind, operands->wq, xElt,
                                   operands->wChannelDims, *bias, why)))
    return refuse(why);

  MLIRContext *ctx = rewriter.getContext();
  Type i32 = IntegerType::get(ctx, 32);
  Type f32 = resultType.getElementType();
  Type accElt;
  if (accScales.size() == 1)
    accElt = quant::UniformQuantizedType::get(quant::QuantizationFlags::Signed,
                                              i32, f32, accScales[0], 0,
                                              INT32_MIN, INT32_MAX);
  else
    accElt = quant::UniformQuantizedPerAxisType::get(
        quant::QuantizationFlags::Signed, i32, f32, accScales,
        SmallVector<int64_t>(accScales.size(), 0), ch->dims[0], INT32_MIN,
        INT32_MAX);
  Location loc = op->getLoc();
  rewriter.setInsertionPoint(op);
  Value acc = buildIntegerOp(rewriter, loc, *kind, op, *operands, *bias,
                             resultType.clone(accElt));
  Value result = DequantizeOp::create(rewriter, loc, resultType, acc);
  rewriter.replaceOp(op, result);
  return result;
}

//===----------------------------------------------------------------------===//
// Pattern and pass
//===----------------------------------------------------------------------===//

namespace {
struct FuseQDQPattern : OpRewritePattern<QuantizeOp> {
  FuseQDQPattern(MLIRContext *ctx, FuseQDQOptions options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(QuantizeOp op,
                                PatternRewriter &rewriter) const override {
    FuseQDQFailure why;
    if (failed(fuseQDQ(rewriter, op, options, &why)))
      return rewriter.notifyMatchFailure(op, why.reason);
    return success();
  }

  FuseQDQOptions options;
};

struct QuantxFuseQDQPass
    : quantx::impl::QuantxFuseQDQBase<QuantxFuseQDQPass> {
  using Base::Base;

  void runOnOperation() override {
    FuseQDQOptions options;
    if (rounding != FuseQDQRounding::Inherit)
      options.rounding = selectRounding(rounding, RoundingMode::HalfToEven);
    SmallVector<QuantizeOp> quantizes;
    getOperation()->walk([&](QuantizeOp op) { quantizes.push_back(op); });
    IRRewriter rewriter(&getContext());
    for (QuantizeOp op : quantizes) {
      FuseQDQFailure why;
      FailureOr<Value> fused = fuseQDQ(rewriter, op, options, &why);
      if (succeeded(fused)) {
        LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] fused into " << *fused
                                << "\n");
        continue;
      }
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] not fused: " << why.reason
                              << "\n  at " << *op << "\n");
      if (emitRemarks && why.op)
        why.op->emitRemark("not fused: ") << why.reason;
    }
    if (!floatEpilogue)
      return;
    // What is left: integer conv/matmul, float epilogue.
    SmallVector<Operation *> producers;
    getOperation()->walk([&](Operation *op) {
      if (isConvOrMatmul(op))
        producers.push_back(op);
    });
    for (Operation *op : producers) {
      FuseQDQFailure why;
      FailureOr<Value> fused = fuseDequantizedAccumulator(rewriter, op, &why);
      if (succeeded(fused)) {
        LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] float epilogue: fused "
                                   "into "
                                << *fused << "\n");
        continue;
      }
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] float epilogue: not fused: "
                              << why.reason << "\n  at " << *op << "\n");
      if (emitRemarks && why.op)
        why.op->emitRemark("not fused (float epilogue): ") << why.reason;
    }
  }
};
} // namespace

RoundingMode mlir::quantx::selectRounding(FuseQDQRounding option,
                                          RoundingMode own) {
  switch (option) {
  case FuseQDQRounding::Inherit:
    return own;
  case FuseQDQRounding::HalfToEven:
    return RoundingMode::HalfToEven;
  case FuseQDQRounding::HalfAwayFromZero:
    return RoundingMode::HalfAwayFromZero;
  case FuseQDQRounding::HalfUp:
    return RoundingMode::HalfUp;
  case FuseQDQRounding::TowardZero:
    return RoundingMode::TowardZero;
  case FuseQDQRounding::DoubleRound:
    return RoundingMode::DoubleRound;
  }
  llvm_unreachable("all options handled");
}

void mlir::quantx::populateFuseQDQPatterns(RewritePatternSet &patterns,
                                           const FuseQDQOptions &options) {
  patterns.add<FuseQDQPattern>(patterns.getContext(), options);
}
