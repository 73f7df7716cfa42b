//===- ChannelAnalysis.h - per-channel constants and chains -----*- C++ -*-===//
//
// Shared by quantx-fold-batchnorm and quantx-fuse-qdq (not a public header):
// reading constants that vary only along the channel dimension(s) of a
// tensor, through the ways frontends materialize them (splats, fills,
// broadcasts, reshapes), and matching elementwise ops whose other operands
// are such constants, so that their scalar body can be evaluated per channel
// over an abstract domain.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_LIB_DIALECT_QUANTX_TRANSFORMS_CHANNELANALYSIS_H
#define QUANTX_LIB_DIALECT_QUANTX_TRANSFORMS_CHANNELANALYSIS_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>
#include <string>

namespace mlir {
namespace quantx {
namespace detail {

/// The channels of a tensor: the dimensions whose row-major linearized index
/// is the channel index (one dimension, or (group, channel) for the output of
/// a grouped convolution), and how many channels there are.
struct Channels {
  SmallVector<int64_t> dims;
  int64_t count = 1;

  /// Channels along `dims` of `type`; fails when a size is dynamic.
  static FailureOr<Channels> get(ShapedType type, ArrayRef<int64_t> dims);
  /// The sizes of the channel dimensions in `type`.
  SmallVector<int64_t> sizes(ShapedType type) const;
};

/// The value of a scalar float constant (`arith.constant` of a float or of a
/// splat tensor).
std::optional<double> getScalarConstant(Value v);

/// Whether `v` is a constant, possibly filled, broadcast, reshaped or cast
/// (what getPerChannelConstant can read when it does not vary along other
/// dimensions).
bool isConstantLike(Value v);

/// The elements of `v` when it is a constant, looking through
/// `tensor.expand_shape`, `tensor.collapse_shape`, `tensor.cast` and
/// `quant.scast` (reshaped in row-major order, typed like `v`'s storage);
/// `dense_resource` constants of f32/f64 are read too.
FailureOr<DenseElementsAttr> getConstantTensor(Value v);

/// One value per channel of the float tensor `v`, when `v` is a constant
/// whose elements depend only on the channel index along `channelDims` (a
/// list of dimensions of `v`; empty asks for a value uniform over the
/// tensor). Looks through `linalg.fill`, `linalg.broadcast`, broadcasting
/// `linalg.generic`s, reshapes and casts. Returns one value when the
/// constant is uniform, otherwise one per channel. On failure, `why` says
/// what was found.
FailureOr<SmallVector<double>>
getPerChannelConstant(Value v, ArrayRef<int64_t> channelDims, std::string &why);

/// An elementwise op applied to the chain tensor `input`, all of whose other
/// operands are per-channel constants.
struct ElementwiseStep {
  Operation *op = nullptr;
  Value input;
  Value result;
  /// One entry per leaf (the inputs' block arguments of a linalg op, the
  /// operands of an arith/math op on tensors): std::nullopt for the chain
  /// input, otherwise its values (one, or one per channel).
  SmallVector<std::optional<SmallVector<double>>> leaves;
  /// Whether the scalar body consists only of +, -, *, /, negation,
  /// sqrt/rsqrt and constants (a batch-norm-like op).
  bool isAffineArithmetic = false;
};

/// Whether `op` is an elementwise op that matchElementwiseStep looks at:
/// a `linalg` op with parallel loops only and one result, or an `arith` /
/// `math` op with the Elementwise trait on tensors.
bool isElementwiseCandidate(Operation *op);

/// Whether the scalar body of `op` only uses +, -, *, /, negation,
/// sqrt/rsqrt and constants.
bool hasAffineArithmeticBody(Operation *op);

/// Matches `op` as an elementwise op over `input` (the only non-constant
/// operand, read through the identity map) with every other operand a
/// per-channel constant along `channelDims` of `input`. Fails with `why`.
FailureOr<ElementwiseStep> matchElementwiseStep(Operation *op, Value input,
                                                ArrayRef<int64_t> channelDims,
                                                std::string &why);

/// Evaluates the scalar function of `step` for channel `channel`, with the
/// chain input valued `x`, over an abstract domain D that provides
///   static D constant(double);
///   static FailureOr<D> apply(Operation *op, ArrayRef<D> operands);
/// Values defined outside a linalg body must be scalar constants.
template <typename D>
FailureOr<D> evaluateStep(const ElementwiseStep &step, int64_t channel,
                          const D &x) {
  auto leafValue = [&](size_t i) -> D {
    const auto &leaf = step.leaves[i];
    if (!leaf)
      return x;
    return D::constant(leaf->size() == 1 ? (*leaf)[0] : (*leaf)[channel]);
  };
  auto linalgOp = dyn_cast<linalg::LinalgOp>(step.op);
  if (!linalgOp) {
    SmallVector<D> operands;
    for (size_t i = 0; i < step.leaves.size(); ++i)
      operands.push_back(leafValue(i));
    return D::apply(step.op, operands);
  }
  llvm::DenseMap<Value, D> env;
  Block *body = linalgOp.getBlock();
  for (size_t i = 0; i < step.leaves.size(); ++i)
    env.try_emplace(body->getArgument(i), leafValue(i));
  for (Operation &op : *body) {
    if (auto yield = dyn_cast<linalg::YieldOp>(op)) {
      if (yield.getNumOperands() != 1)
        return failure();
      auto it = env.find(yield.getOperand(0));
      if (it == env.end()) {
        std::optional<double> c = getScalarConstant(yield.getOperand(0));
        if (!c)
          return failure();
        return D::constant(*c);
      }
      return it->second;
    }
    if (auto cst = dyn_cast<arith::ConstantOp>(op)) {
      std::optional<double> c = getScalarConstant(cst.getResult());
      if (!c)
        return failure();
      env.try_emplace(cst.getResult(), D::constant(*c));
      continue;
    }
    SmallVector<D> operands;
    for (Value operand : op.getOperands()) {
      auto it = env.find(operand);
      if (it != env.end()) {
        operands.push_back(it->second);
        continue;
      }
      std::optional<double> c = getScalarConstant(operand);
      if (!c)
        return failure();
      operands.push_back(D::constant(*c));
    }
    if (op.getNumResults() != 1)
      return failure();
    FailureOr<D> r = D::apply(&op, operands);
    if (failed(r))
      return failure();
    env.try_emplace(op.getResult(0), *r);
  }
  return failure();
}

/// Erases `ops` and, transitively, the side-effect-free ops that only fed
/// them, once they have no uses.
void eraseDeadOps(RewriterBase &rewriter, ArrayRef<Operation *> ops);

} // namespace detail
} // namespace quantx
} // namespace mlir

#endif // QUANTX_LIB_DIALECT_QUANTX_TRANSFORMS_CHANNELANALYSIS_H
