//===- FoldBatchNorm.cpp - fold batch norm into conv/matmul ---------------===//
//
// quantx-fold-batchnorm: the chain of per-channel affine ops after a float
// conv/matmul with constant weights (quantx.batch_norm, or the sub/mul/add
// and linalg.generic forms frontends emit) is composed, per output channel,
// into y = a[c] * x + b[c] in float64 and folded into the weights (scaled by
// a[c]) and the bias (a[c] * b0[c] + b[c]).
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Transforms/FoldBatchNorm.h"

#include "ChannelAnalysis.h"

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

#define DEBUG_TYPE "quantx-fold-batchnorm"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXFOLDBATCHNORM
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;
using namespace mlir::quantx::detail;

//===----------------------------------------------------------------------===//
// Producers
//===----------------------------------------------------------------------===//

/// The output dimensions that hold the channels of a producer, or nothing
/// for an op quantx-fold-batchnorm does not fold into.
static std::optional<SmallVector<int64_t>> getOutputChannelDims(Operation *op) {
  using Dims = std::optional<SmallVector<int64_t>>;
  return llvm::TypeSwitch<Operation *, Dims>(op)
      .Case<linalg::Conv2DNchwFchwOp, linalg::DepthwiseConv2DNchwChwOp>(
          [](auto) { return SmallVector<int64_t>{1}; })
      .Case<linalg::Conv2DNhwcHwcfOp, linalg::Conv2DNhwcFhwcOp,
            linalg::DepthwiseConv2DNhwcHwcOp>(
          [](auto) { return SmallVector<int64_t>{3}; })
      .Case<linalg::Conv2DNgchwGfchwOp>(
          [](auto) { return SmallVector<int64_t>{1, 2}; })
      .Case<linalg::Conv2DNhwgcGfhwcOp>(
          [](auto) { return SmallVector<int64_t>{3, 4}; })
      .Case<linalg::MatmulOp>([](linalg::MatmulOp mm) -> Dims {
        if (cast<ShapedType>(mm->getResult(0).getType()).getRank() != 2)
          return std::nullopt;
        return SmallVector<int64_t>{1};
      })
      .Default([](Operation *) { return std::nullopt; });
}

bool mlir::quantx::isFoldBatchNormProducer(Operation *op) {
  auto linalgOp = dyn_cast<linalg::LinalgOp>(op);
  return linalgOp && linalgOp.hasPureTensorSemantics() &&
         getOutputChannelDims(op).has_value();
}

namespace {
/// A conv/matmul and where its channels are.
struct Producer {
  linalg::LinalgOp op;
  /// Channels of the output.
  Channels channels;
  /// The dimensions of the weights (input 1) indexed by the output channel
  /// loops, in the order of `channels.dims`.
  SmallVector<int64_t> weightDims;

  Value result() const { return op->getResult(0); }
  OpOperand *weights() { return op.getDpsInputOperand(1); }
  OpOperand *init() { return op.getDpsInitOperand(0); }
};
} // namespace

static FailureOr<Producer> analyzeProducer(Operation *op, std::string &why) {
  Producer p;
  p.op = cast<linalg::LinalgOp>(op);
  if (p.op.getNumDpsInputs() != 2 || p.op.getNumDpsInits() != 1 ||
      op->getNumResults() != 1) {
    why = "the producer does not have two inputs and one output";
    return failure();
  }
  auto resultType = cast<RankedTensorType>(p.result().getType());
  if (!isa<FloatType>(resultType.getElementType())) {
    why = "the producer's result is not a float tensor";
    return failure();
  }
  FailureOr<Channels> ch =
      Channels::get(resultType, *getOutputChannelDims(op));
  if (failed(ch)) {
    why = "the producer's channel dimension is dynamic";
    return failure();
  }
  p.channels = *ch;
  AffineMap outMap = p.op.getIndexingMapMatchingResult(
      cast<OpResult>(p.result()));
  AffineMap weightMap = p.op.getMatchingIndexingMap(p.weights());
  for (int64_t d : p.channels.dims) {
    auto loop = dyn_cast<AffineDimExpr>(outMap.getResult(d));
    std::optional<unsigned> pos =
        loop ? weightMap.getResultPosition(loop) : std::nullopt;
    if (!pos) {
      why = "the weights are not indexed by the output channel";
      return failure();
    }
    p.weightDims.push_back(*pos);
  }
  return p;
}

//===----------------------------------------------------------------------===//
// The affine domain: y = a * x + b
//===----------------------------------------------------------------------===//

namespace {
struct Affine {
  double a = 0, b = 0;

  bool isConstant() const { return a == 0; }
  static Affine constant(double c) { return {0, c}; }

  static FailureOr<Affine> apply(Operation *op, ArrayRef<Affine> v) {
    return llvm::TypeSwitch<Operation *, FailureOr<Affine>>(op)
        .Case<arith::AddFOp>([&](auto) -> FailureOr<Affine> {
          return Affine{v[0].a + v[1].a, v[0].b + v[1].b};
        })
        .Case<arith::SubFOp>([&](auto) -> FailureOr<Affine> {
          return Affine{v[0].a - v[1].a, v[0].b - v[1].b};
        })
        .Case<arith::MulFOp>([&](auto) -> FailureOr<Affine> {
          if (v[0].isConstant())
            return Affine{v[0].b * v[1].a, v[0].b * v[1].b};
          if (v[1].isConstant())
            return Affine{v[1].b * v[0].a, v[1].b * v[0].b};
          return failure();
        })
        .Case<arith::DivFOp>([&](auto) -> FailureOr<Affine> {
          if (!v[1].isConstant() || v[1].b == 0)
            return failure();
          return Affine{v[0].a / v[1].b, v[0].b / v[1].b};
        })
        .Case<arith::NegFOp>(
            [&](auto) -> FailureOr<Affine> { return Affine{-v[0].a, -v[0].b}; })
        .Case<math::SqrtOp>([&](auto) -> FailureOr<Affine> {
          if (!v[0].isConstant() || !(v[0].b >= 0))
            return failure();
          return constant(std::sqrt(v[0].b));
        })
        .Case<math::RsqrtOp>([&](auto) -> FailureOr<Affine> {
          if (!v[0].isConstant() || !(v[0].b > 0))
            return failure();
          return constant(1.0 / std::sqrt(v[0].b));
        })
        .Default([](Operation *) { return failure(); });
  }
};

/// The composed chain after a producer.
struct Chain {
  /// Absorbed ops, in order (elementwise steps, batch norms, collapses).
  SmallVector<Operation *> ops;
  /// The collapses among them, replayed on the new producer's result.
  SmallVector<tensor::CollapseShapeOp> collapses;
  /// y = a[c] * x + b[c] for the producer's output x.
  SmallVector<double> a, b;
  /// Channels of the chain's end value.
  Channels channels;
  bool hasBatchNorm = false;

  Value end() const { return ops.back()->getResult(0); }
  bool scales() const {
    return llvm::any_of(a, [](double v) { return v != 1.0; });
  }
  void compose(int64_t c, double sa, double sb) {
    a[c] = sa * a[c];
    b[c] = sa * b[c] + sb;
  }
};
} // namespace

/// Whether `op` looks like part of a batch norm applied to `input`: a
/// quantx.batch_norm of it, or an elementwise op whose body is +-*/ only.
static bool isBatchNormLike(Operation *op, Value input) {
  if (auto bn = dyn_cast<BatchNormOp>(op))
    return bn.getInput() == input;
  return isElementwiseCandidate(op) && hasAffineArithmeticBody(op);
}

/// Composes a quantx.batch_norm into `chain`.
static LogicalResult composeBatchNorm(BatchNormOp bn, Chain &chain,
                                      std::string &why) {
  if (chain.channels.dims.size() != 1 ||
      chain.channels.dims[0] != bn.getChannelDim()) {
    why = llvm::formatv(
        "the batch norm normalizes dimension {0} but the producer's output "
        "channels are along dimension(s) [{1}] (the channel axis does not "
        "match)",
        bn.getChannelDim(),
        llvm::join(llvm::map_range(chain.channels.dims,
                                   [](int64_t d) { return std::to_string(d); }),
                   ", "));
    return failure();
  }
  SmallVector<SmallVector<double>> stats;
  const char *names[] = {"scale", "bias", "mean", "variance"};
  Value values[] = {bn.getScale(), bn.getBias(), bn.getMean(),
                    bn.getVariance()};
  for (auto [name, value] : llvm::zip_equal(names, values)) {
    std::string inner;
    FailureOr<SmallVector<double>> v = getPerChannelConstant(value, {0}, inner);
    if (failed(v)) {
      why = llvm::formatv("the batch norm {0} is {1} (the statistics are not "
                          "constants)",
                          name, inner);
      return failure();
    }
    stats.push_back(std::move(*v));
  }
  double eps = bn.getEpsilon().convertToDouble();
  auto at = [](ArrayRef<double> v, int64_t c) {
    return v.size() == 1 ? v[0] : v[c];
  };
  for (int64_t c = 0; c < chain.channels.count; ++c) {
    double denom = at(stats[3], c) + eps;
    if (!(denom > 0)) {
      why = llvm::formatv("variance + epsilon is {0} for channel {1}, not "
                          "positive",
                          llvm::format("%g", denom), c);
      return failure();
    }
    double scale = at(stats[0], c) / std::sqrt(denom);
    chain.compose(c, scale, at(stats[1], c) - at(stats[2], c) * scale);
  }
  chain.hasBatchNorm = true;
  return success();
}

/// The channels after `collapse` of a tensor with channels `ch`, when the
/// channel dimensions stay a row-major block.
static std::optional<Channels> collapseChannels(tensor::CollapseShapeOp collapse,
                                                const Channels &ch) {
  ShapedType srcType = collapse.getSrcType();
  Channels result;
  result.count = ch.count;
  for (auto [dim, group] :
       llvm::enumerate(collapse.getReassociationIndices())) {
    bool anyChannel = llvm::any_of(
        group, [&](int64_t d) { return llvm::is_contained(ch.dims, d); });
    if (!anyChannel)
      continue;
    for (int64_t d : group)
      if (!llvm::is_contained(ch.dims, d) && srcType.getDimSize(d) != 1)
        return std::nullopt;
    result.dims.push_back(static_cast<int64_t>(dim));
  }
  return result;
}

/// Follows the single-user chain of per-channel affine ops after the
/// producer. Records the first reason a batch-norm-like op is not absorbed.
static Chain buildChain(Producer &p, FoldBatchNormFailure &failure) {
  Chain chain;
  chain.channels = p.channels;
  chain.a.assign(p.channels.count, 1.0);
  chain.b.assign(p.channels.count, 0.0);
  auto record = [&](Operation *op, std::string why) {
    if (failure.op)
      return;
    failure.op = op;
    failure.reason = std::move(why);
  };

  Value cur = p.result();
  while (true) {
    llvm::SmallSetVector<Operation *, 4> users(cur.getUsers().begin(),
                                               cur.getUsers().end());
    if (users.size() != 1) {
      for (Operation *user : users)
        if (isBatchNormLike(user, cur)) {
          record(user,
                 llvm::formatv("its input has {0} users; folding needs the "
                               "{1} to be the only one",
                               users.size(),
                               chain.ops.empty() ? "batch norm"
                                                 : "batch norm chain"));
          break;
        }
      break;
    }
    Operation *user = users.front();
    std::string why;
    if (auto bn = dyn_cast<BatchNormOp>(user)) {
      if (bn.getInput() != cur)
        break;
      Chain trial = chain;
      if (failed(composeBatchNorm(bn, trial, why))) {
        record(bn, why);
        break;
      }
      chain = std::move(trial);
      chain.ops.push_back(bn);
      cur = bn.getResult();
      continue;
    }
    if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(user)) {
      std::optional<Channels> ch = collapseChannels(collapse, chain.channels);
      if (!ch)
        break;
      chain.channels = *ch;
      chain.ops.push_back(collapse);
      chain.collapses.push_back(collapse);
      cur = collapse.getResult();
      continue;
    }
    if (!isElementwiseCandidate(user))
      break;
    FailureOr<ElementwiseStep> step =
        matchElementwiseStep(user, cur, chain.channels.dims, why);
    if (failed(step)) {
      if (hasAffineArithmeticBody(user))
        record(user, why);
      break;
    }
    SmallVector<Affine> composed;
    bool affine = true;
    for (int64_t c = 0; c < chain.channels.count && affine; ++c) {
      FailureOr<Affine> r = evaluateStep(*step, c, Affine{1.0, 0.0});
      affine = succeeded(r) && std::isfinite(r->a) && std::isfinite(r->b);
      if (affine)
        composed.push_back(*r);
    }
    if (!affine) {
      if (step->isAffineArithmetic)
        record(user, "its body is not of the form a * x + b with constant "
                     "a and b");
      break;
    }
    for (int64_t c = 0; c < chain.channels.count; ++c)
      chain.compose(c, composed[c].a, composed[c].b);
    chain.ops.push_back(user);
    cur = step->result;
  }
  // A trailing reshape is not part of what is folded.
  while (!chain.ops.empty() && isa<tensor::CollapseShapeOp>(chain.ops.back())) {
    chain.ops.pop_back();
    chain.collapses.pop_back();
  }
  // Channels after the kept collapses.
  chain.channels = p.channels;
  for (tensor::CollapseShapeOp collapse : chain.collapses)
    chain.channels = *collapseChannels(collapse, chain.channels);
  return chain;
}

//===----------------------------------------------------------------------===//
// Rewriting
//===----------------------------------------------------------------------===//

/// A double rounded to `type` (nearest, ties to even).
static APFloat roundTo(double v, FloatType type) {
  APFloat f(v);
  bool losesInfo = false;
  f.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven,
            &losesInfo);
  return f;
}

/// A dense float constant of `shape` from doubles rounded to `type`.
static Value buildFloatConstant(OpBuilder &b, Location loc,
                                ArrayRef<int64_t> shape, FloatType type,
                                ArrayRef<double> values) {
  SmallVector<APFloat> rounded = llvm::map_to_vector(
      values, [&](double v) { return roundTo(v, type); });
  auto attr =
      DenseElementsAttr::get(RankedTensorType::get(shape, type), rounded);
  return arith::ConstantOp::create(b, loc, attr);
}

/// The non-channel dimensions of a tensor of rank `rank`.
static SmallVector<int64_t> otherDims(int64_t rank, ArrayRef<int64_t> dims) {
  SmallVector<int64_t> others;
  for (int64_t d = 0; d < rank; ++d)
    if (!llvm::is_contained(dims, d))
      others.push_back(d);
  return others;
}

/// `value + bias[c]` as a linalg.generic reading the per-channel constant
/// through a broadcasting map: the bias add frontends emit after a conv.
static Value buildBiasAdd(OpBuilder &b, Location loc, Value value,
                          const Channels &ch, ArrayRef<double> bias) {
  auto type = cast<RankedTensorType>(value.getType());
  auto elementType = cast<FloatType>(type.getElementType());
  Value biasCst =
      buildFloatConstant(b, loc, ch.sizes(type), elementType, bias);
  MLIRContext *ctx = b.getContext();
  unsigned rank = type.getRank();
  SmallVector<AffineExpr> exprs = llvm::map_to_vector(
      ch.dims, [&](int64_t d) { return getAffineDimExpr(d, ctx); });
  AffineMap id = b.getMultiDimIdentityMap(rank);
  Value empty = tensor::EmptyOp::create(
      b, loc, tensor::getMixedSizes(b, loc, value), elementType);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{type}, ValueRange{value, biasCst}, ValueRange{empty},
      ArrayRef<AffineMap>{id, AffineMap::get(rank, 0, exprs, ctx), id},
      iterators, [](OpBuilder &nb, Location nloc, ValueRange args) {
        Value sum = arith::AddFOp::create(nb, nloc, args[0], args[1]);
        linalg::YieldOp::create(nb, nloc, sum);
      });
  return generic.getResult(0);
}

FailureOr<Value>
mlir::quantx::foldBatchNormIntoProducer(RewriterBase &rewriter,
                                        Operation *producerOp,
                                        const FoldBatchNormOptions &options,
                                        FoldBatchNormFailure *failureOut) {
  FoldBatchNormFailure localFailure;
  FoldBatchNormFailure &fail = failureOut ? *failureOut : localFailure;
  fail = {};
  if (!isFoldBatchNormProducer(producerOp)) {
    fail.reason = "not a conv/matmul that quantx-fold-batchnorm folds into";
    return failure();
  }
  std::string why;
  FailureOr<Producer> producer = analyzeProducer(producerOp, why);
  if (failed(producer)) {
    fail.reason = why;
    for (Operation *user : producerOp->getResult(0).getUsers())
      if (isBatchNormLike(user, producerOp->getResult(0))) {
        fail.op = user;
        break;
      }
    return failure();
  }
  Producer &p = *producer;
  Chain chain = buildChain(p, fail);
  if (chain.ops.empty() || (!chain.hasBatchNorm && !chain.scales())) {
    if (!fail.op)
      fail.reason = "no batch-norm-like op follows the producer";
    return failure();
  }
  Operation *first = llvm::find_if(chain.ops, [](Operation *op) {
    return !isa<tensor::CollapseShapeOp>(op);
  })[0];
  auto refuse = [&](std::string reason) -> FailureOr<Value> {
    fail.op = first;
    fail.reason = std::move(reason);
    return failure();
  };

  Value weights = p.weights()->get();
  FailureOr<DenseElementsAttr> weightAttr = getConstantTensor(weights);
  auto weightType = dyn_cast<RankedTensorType>(weights.getType());
  if (failed(weightAttr) || !weightType ||
      !isa<FloatType>(weightAttr->getElementType()))
    return refuse(llvm::formatv(
        "the weights of '{0}' are not a float constant ({1})",
        producerOp->getName().getStringRef(),
        weights.getDefiningOp()
            ? ("produced by '" +
               weights.getDefiningOp()->getName().getStringRef() + "'")
                  .str()
            : std::string("a block argument")));
  std::string initWhy;
  FailureOr<SmallVector<double>> init =
      getPerChannelConstant(p.init()->get(), p.channels.dims, initWhy);
  if (failed(init))
    return refuse(llvm::formatv("the outs operand of '{0}' is {1}; it must be "
                                "a per-channel constant (zeros or a bias)",
                                producerOp->getName().getStringRef(),
                                initWhy));

  // New weights: W' = a[c] * W, in float64, rounded once.
  auto weightElement = cast<FloatType>(weightType.getElementType());
  ArrayRef<int64_t> wShape = weightType.getShape();
  SmallVector<int64_t> wStrides(wShape.size(), 1);
  for (int64_t d = static_cast<int64_t>(wShape.size()) - 2; d >= 0; --d)
    wStrides[d] = wStrides[d + 1] * wShape[d + 1];
  SmallVector<APFloat> newWeights;
  newWeights.reserve(weightAttr->getNumElements());
  auto oldWeights = weightAttr->getValues<APFloat>();
  for (int64_t i = 0, e = weightAttr->getNumElements(); i < e; ++i) {
    int64_t c = 0;
    for (int64_t d : p.weightDims)
      c = c * wShape[d] + (i / wStrides[d]) % wShape[d];
    APFloat w = oldWeights[i];
    bool losesInfo = false;
    w.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &losesInfo);
    newWeights.push_back(
        roundTo(chain.a[c] * w.convertToDouble(), weightElement));
  }

  // New bias: a[c] * b0[c] + b[c].
  SmallVector<double> bias(p.channels.count);
  bool initNonZero = false;
  for (int64_t c = 0; c < p.channels.count; ++c) {
    double b0 = init->size() == 1 ? (*init)[0] : (*init)[c];
    initNonZero |= b0 != 0.0;
    bias[c] = chain.a[c] * b0 + chain.b[c];
  }
  bool biasInInit = options.biasInInit || initNonZero;
  bool biasNonZero = llvm::any_of(bias, [](double v) { return v != 0.0; });

  Location loc = producerOp->getLoc();
  rewriter.setInsertionPoint(producerOp);
  Value newWeightCst = arith::ConstantOp::create(
      rewriter, loc, DenseElementsAttr::get(weightType, newWeights));
  Value newInit = p.init()->get();
  auto resultType = cast<RankedTensorType>(p.result().getType());
  auto resultElement = cast<FloatType>(resultType.getElementType());
  if (biasInInit) {
    Value biasCst =
        buildFloatConstant(rewriter, loc, p.channels.sizes(resultType),
                           resultElement, bias);
    Value empty = tensor::EmptyOp::create(
        rewriter, loc, tensor::getMixedSizes(rewriter, loc, newInit),
        resultElement);
    newInit = linalg::BroadcastOp::create(
                  rewriter, loc, biasCst, empty,
                  otherDims(resultType.getRank(), p.channels.dims))
                  ->getResult(0);
  }
  Operation *newProducer = rewriter.clone(*producerOp);
  unsigned weightIndex = p.weights()->getOperandNumber();
  unsigned initIndex = p.init()->getOperandNumber();
  rewriter.modifyOpInPlace(newProducer, [&] {
    newProducer->setOperand(weightIndex, newWeightCst);
    newProducer->setOperand(initIndex, newInit);
  });
  Value value = newProducer->getResult(0);
  for (tensor::CollapseShapeOp collapse : chain.collapses)
    value = tensor::CollapseShapeOp::create(
        rewriter, collapse.getLoc(), collapse.getResultType(), value,
        collapse.getReassociationIndices());
  if (!biasInInit && biasNonZero) {
    // Re-order the bias from the producer's channel order, which is the
    // same linear order after row-major collapses.
    value = buildBiasAdd(rewriter, chain.ops.back()->getLoc(), value,
                         chain.channels, bias);
  }

  Value end = chain.end();
  rewriter.replaceAllUsesWith(end, value);
  SmallVector<Operation *> dead(llvm::reverse(chain.ops));
  dead.push_back(producerOp);
  eraseDeadOps(rewriter, dead);
  return value;
}

//===----------------------------------------------------------------------===//
// Pattern and pass
//===----------------------------------------------------------------------===//

namespace {
struct FoldBatchNormPattern : RewritePattern {
  FoldBatchNormPattern(MLIRContext *ctx, FoldBatchNormOptions options)
      : RewritePattern(MatchAnyOpTypeTag(), /*benefit=*/1, ctx),
        options(options) {}

  LogicalResult matchAndRewrite(Operation *op,
                                PatternRewriter &rewriter) const override {
    if (!isFoldBatchNormProducer(op))
      return failure();
    FoldBatchNormFailure why;
    if (failed(foldBatchNormIntoProducer(rewriter, op, options, &why)))
      return rewriter.notifyMatchFailure(op, why.reason);
    return success();
  }

  FoldBatchNormOptions options;
};

struct QuantxFoldBatchNormPass
    : quantx::impl::QuantxFoldBatchNormBase<QuantxFoldBatchNormPass> {
  using Base::Base;

  void runOnOperation() override {
    FoldBatchNormOptions options;
    options.biasInInit = biasInInit;
    SmallVector<Operation *> producers;
    getOperation()->walk([&](Operation *op) {
      if (isFoldBatchNormProducer(op))
        producers.push_back(op);
    });
    llvm::SmallPtrSet<Operation *, 8> reported;
    auto report = [&](Operation *op, const Twine &reason) {
      LLVM_DEBUG(llvm::dbgs() << "[" DEBUG_TYPE "] not folded: " << reason
                              << "\n  at " << *op << "\n");
      if (emitRemarks)
        op->emitRemark("not folded: ") << reason;
      reported.insert(op);
    };
    IRRewriter rewriter(&getContext());
    for (Operation *producer : producers) {
      FoldBatchNormFailure why;
      FailureOr<Value> folded =
          foldBatchNormIntoProducer(rewriter, producer, options, &why);
      LLVM_DEBUG({
        if (succeeded(folded))
          llvm::dbgs() << "[" DEBUG_TYPE "] folded into " << *folded << "\n";
      });
      if (why.op && !reported.contains(why.op))
        report(why.op, why.reason);
    }
    // Batch norms that no producer reached.
    getOperation()->walk([&](BatchNormOp bn) {
      if (reported.contains(bn))
        return;
      Operation *def = bn.getInput().getDefiningOp();
      std::string reason =
          def ? ("its input is produced by '" +
                 def->getName().getStringRef() +
                 "', not by a conv/matmul that quantx-fold-batchnorm folds "
                 "into")
                    .str()
              : "its input is a block argument, not the result of a "
                "conv/matmul";
      report(bn, reason);
    });
  }
};
} // namespace

void mlir::quantx::populateFoldBatchNormPatterns(
    RewritePatternSet &patterns, const FoldBatchNormOptions &options) {
  patterns.add<FoldBatchNormPattern>(patterns.getContext(), options);
}
