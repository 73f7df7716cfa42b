//===- QuantxOps.cpp - quantx operations: builders and verifiers ----------===//
//
// Folders and canonicalization patterns live in QuantxFolds.cpp.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/CheckedArithmetic.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quantx;

#define GET_OP_CLASSES
#include "quantx/Dialect/Quantx/IR/QuantxOps.cpp.inc"

//===----------------------------------------------------------------------===//
// Shared checks
//===----------------------------------------------------------------------===//

/// Relative tolerance for comparing a scale recorded in a type with the one
/// implied by other types (products of doubles printed with 6+ digits).
static constexpr double kScaleRelTol = 1e-6;

// The quant dialect rejects quantized types whose storage is wider than
// MaxStorageBits, so quantized operands and results never need a width check
// of their own here: only signless-integer operands can be wider than 32 bits.
static_assert(quant::QuantizedType::MaxStorageBits <= 32,
              "quantx assumes quantized storage of at most 32 bits");

static bool scalesMatch(double a, double b) {
  return std::fabs(a - b) <= kScaleRelTol * std::max(std::fabs(a), std::fabs(b));
}

/// Prints a shape as `[4, ?, 8]`.
static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(shape, os, [&](int64_t d) {
    if (ShapedType::isDynamic(d))
      os << "?";
    else
      os << d;
  });
  os << "]";
  return s;
}

/// Prints integer attribute values as `[1, 0]`.
static std::string listStr(ArrayRef<int64_t> values) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(values, os);
  os << "]";
  return s;
}

/// Whether two shapes agree wherever both are static.
static bool shapesCompatible(ArrayRef<int64_t> a, ArrayRef<int64_t> b) {
  if (a.size() != b.size())
    return false;
  for (auto [x, y] : llvm::zip_equal(a, b))
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return false;
  return true;
}

/// Zero points of an operand or result inside its storage range.
static LogicalResult verifyZeroPoints(Operation *op, Type elementType,
                                      StringRef what) {
  return verifyZeroPointsInStorageRange([&] { return op->emitOpError(); },
                                        elementType, what);
}

/// Integer-kernel operands: at most 16-bit storage, not sub-channel.
static LogicalResult verifyKernelOperand(Operation *op, Type elementType,
                                         StringRef what) {
  if (isa<quant::UniformQuantizedSubChannelType>(elementType))
    return op->emitOpError()
           << what << " must be quantized per tensor or per axis, not "
           << "sub-channel";
  unsigned width = getStorageIntegerType(elementType).getWidth();
  if (width > 16)
    return op->emitOpError()
           << what << " storage must be at most 16 bits wide, got " << width;
  return success();
}

/// Checks that an i32 accumulator result records the product of the operand
/// scales, per tensor or per axis along `channelDim` (one scale per index of
/// that dimension), with zero point 0.
static LogicalResult verifyAccumulatorType(Operation *op,
                                           RankedTensorType resultType,
                                           Type lhsElement, Type rhsElement,
                                           int64_t channelDim) {
  Type resultElement = resultType.getElementType();
  if (resultElement.isInteger(32))
    return success();
  auto storage = getStorageIntegerType(resultElement);
  if (!storage || storage.getWidth() != 32 || isUnsignedStorage(resultElement))
    return op->emitOpError("result must be i32 or a quantized type with i32 "
                           "storage, got ")
           << resultElement;
  if (isa<quant::UniformQuantizedSubChannelType>(resultElement))
    return op->emitOpError("result must not be sub-channel quantized");
  if (llvm::any_of(getZeroPoints(resultElement),
                   [](int64_t zp) { return zp != 0; }))
    return op->emitOpError("accumulator result must have zero point 0");
  std::optional<int32_t> resultAxis = getPerAxisDimension(resultElement);
  if (resultAxis && *resultAxis != channelDim)
    return op->emitOpError("per-axis result must be quantized along dimension ")
           << channelDim << ", got " << *resultAxis;
  if (failed(verifyQuantizedTensorShape([&] { return op->emitOpError(); },
                                        resultType, "result")))
    return failure();
  SmallVector<double> lhsScales = getScales(lhsElement);
  SmallVector<double> rhsScales = getScales(rhsElement);
  if (lhsScales.empty() || rhsScales.empty())
    return success(); // Nothing to check the recorded scales against.
  SmallVector<double> resultScales = getScales(resultElement);
  if (rhsScales.size() > 1 && resultScales.size() != rhsScales.size())
    return op->emitOpError("result must be quantized per axis along dimension ")
           << channelDim << " like the per-channel weights";
  for (size_t i = 0; i < resultScales.size(); ++i) {
    double expected = lhsScales[0] * rhsScales[rhsScales.size() > 1 ? i : 0];
    if (!scalesMatch(resultScales[i], expected))
      return op->emitOpError("result scale ")
             << resultScales[i] << " does not match the product of the "
             << "operand scales " << expected;
  }
  return success();
}

/// Rejects kernels whose i32 accumulator can overflow for a static K.
static LogicalResult verifyAccumulatorBound(Operation *op, int64_t k,
                                            Type lhsElement, Type rhsElement,
                                            StringRef lhsName,
                                            StringRef rhsName) {
  if (ShapedType::isDynamic(k))
    return success();
  uint64_t lhsDev = getMaxAbsDeviation(lhsElement);
  uint64_t rhsDev = getMaxAbsDeviation(rhsElement);
  if (accumulatorFitsInt32(k, lhsDev, rhsDev))
    return success();
  return op->emitOpError("i32 accumulator can overflow: K * max|")
         << lhsName << " - zp| * max|" << rhsName << " - zp| = " << k << " * "
         << lhsDev << " * " << rhsDev << " exceeds 2^31 - 1";
}

//===----------------------------------------------------------------------===//
// QuantizeOp / DequantizeOp
//===----------------------------------------------------------------------===//

/// Checks shared by quantize and dequantize: same shape, matching expressed
/// type, parameters that fit the shape.
static LogicalResult verifyQuantizeLike(Operation *op, RankedTensorType floatTy,
                                        RankedTensorType quantTy,
                                        StringRef floatName,
                                        StringRef quantName) {
  if (!shapesCompatible(floatTy.getShape(), quantTy.getShape()))
    return op->emitOpError("input and result shapes must match, got ")
           << shapeStr(cast<ShapedType>(op->getOperand(0).getType()).getShape())
           << " and "
           << shapeStr(cast<ShapedType>(op->getResult(0).getType()).getShape());
  auto qt = cast<quant::QuantizedType>(quantTy.getElementType());
  if (qt.getExpressedType() != floatTy.getElementType())
    return op->emitOpError()
           << floatName << " element type " << floatTy.getElementType()
           << " does not match the expressed type " << qt.getExpressedType()
           << " of the " << quantName;
  // The computation type is f64 for f64 and f32 for everything else, which
  // the lowering reaches with arith.extf: wider floats (f80, f128) have no
  // defined semantics.
  Type expressed = qt.getExpressedType();
  if (!expressed.isF64() && expressed.getIntOrFloatBitWidth() > 32)
    return op->emitOpError("expressed type ")
           << expressed << " must be f64 or at most 32 bits wide, since "
           << "quantx computes in f32 or f64";
  if (failed(verifyZeroPoints(op, qt, quantName)))
    return failure();
  return verifyQuantizedTensorShape([&] { return op->emitOpError(); },
                                    quantTy, quantName);
}

LogicalResult QuantizeOp::verify() {
  if (getRounding() == RoundingMode::DoubleRound)
    return emitOpError("rounding mode 'double_round' only applies to "
                       "fixed-point requantization");
  return verifyQuantizeLike(*this, getInput().getType(), getResult().getType(),
                            "input", "result");
}

LogicalResult DequantizeOp::verify() {
  return verifyQuantizeLike(*this, getResult().getType(), getInput().getType(),
                            "result", "input");
}

//===----------------------------------------------------------------------===//
// RequantizeOp
//===----------------------------------------------------------------------===//

FailureOr<std::pair<SmallVector<int32_t>, SmallVector<int8_t>>>
RequantizeOp::computeMultipliers(Type inputElementType, Type resultElementType,
                                 std::string &why) {
  SmallVector<double> inScales = getScales(inputElementType);
  SmallVector<double> outScales = getScales(resultElementType);
  if (inScales.empty() || outScales.empty()) {
    why = "both the input and the result must be quantized types with scales";
    return failure();
  }
  if (inScales.size() > 1 && outScales.size() > 1 &&
      inScales.size() != outScales.size()) {
    why = llvm::formatv("input has {0} scales but the result has {1}",
                        inScales.size(), outScales.size());
    return failure();
  }
  size_t n = std::max(inScales.size(), outScales.size());
  SmallVector<int32_t> multipliers;
  SmallVector<int8_t> shifts;
  for (size_t i = 0; i < n; ++i) {
    double ratio = inScales[inScales.size() > 1 ? i : 0] /
                   outScales[outScales.size() > 1 ? i : 0];
    std::optional<FixedPointScale> fp = computeFixedPointScale(ratio);
    if (!fp) {
      why = llvm::formatv("scale ratio {0} cannot be encoded as a 31-bit "
                          "multiplier and a right shift in [0, 62]",
                          ratio);
      return failure();
    }
    multipliers.push_back(fp->multiplier);
    shifts.push_back(static_cast<int8_t>(fp->shift));
  }
  return std::make_pair(std::move(multipliers), std::move(shifts));
}

void RequantizeOp::build(OpBuilder &builder, OperationState &state,
                         Type resultType, Value input, RoundingMode rounding) {
  auto inTy = cast<RankedTensorType>(input.getType());
  auto resTy = cast<RankedTensorType>(resultType);
  std::string why;
  auto params =
      computeMultipliers(inTy.getElementType(), resTy.getElementType(), why);
  assert(succeeded(params) && "use computeMultipliers to check first");
  IntegerAttr axis;
  std::optional<int32_t> dim = getPerAxisDimension(resTy.getElementType());
  if (!dim)
    dim = getPerAxisDimension(inTy.getElementType());
  if (dim && params->first.size() > 1)
    axis = builder.getI64IntegerAttr(*dim);
  build(builder, state, resultType, input,
        builder.getDenseI32ArrayAttr(params->first),
        builder.getDenseI8ArrayAttr(params->second),
        RoundingModeAttr::get(builder.getContext(), rounding), axis);
}

LogicalResult RequantizeOp::verify() {
  RankedTensorType inTy = getInput().getType();
  RankedTensorType resTy = getResult().getType();
  Type inElt = inTy.getElementType();
  Type resElt = resTy.getElementType();
  if (!shapesCompatible(inTy.getShape(), resTy.getShape()))
    return emitOpError("input and result shapes must match, got ")
           << shapeStr(inTy.getShape()) << " and " << shapeStr(resTy.getShape());
  if (isa<quant::UniformQuantizedSubChannelType>(inElt) ||
      isa<quant::UniformQuantizedSubChannelType>(resElt))
    return emitOpError("sub-channel quantized types are not supported; "
                       "requantize per tensor or per axis");
  unsigned inWidth = getStorageIntegerType(inElt).getWidth();
  if (inWidth > 32)
    return emitOpError("input storage must be at most 32 bits wide, got ")
           << inWidth;
  if (failed(verifyZeroPoints(*this, inElt, "input")) ||
      failed(verifyZeroPoints(*this, resElt, "result")))
    return failure();
  // v = x - input_zero_point must stay below 2^32 in magnitude (the exact
  // 64-bit product v * M then cannot overflow): a 32-bit input, i32 or u32,
  // has zero point 0.
  if (inWidth == 32) {
    for (int64_t zp : getZeroPoints(inElt))
      if (zp != 0)
        return emitOpError("a 32-bit input must have zero point 0, got ") << zp;
  }

  ArrayRef<int32_t> multipliers = getMultiplier();
  ArrayRef<int8_t> shifts = getShift();
  if (multipliers.empty())
    return emitOpError("expects at least one multiplier");
  if (multipliers.size() != shifts.size())
    return emitOpError("expects one shift per multiplier, got ")
           << multipliers.size() << " multipliers and " << shifts.size()
           << " shifts";
  for (auto [m, s] : llvm::zip_equal(multipliers, shifts)) {
    if (m < 0)
      return emitOpError("multiplier must be non-negative, got ") << m;
    if (s < 0 || s > 62)
      return emitOpError("shift must be in [0, 62], got ")
             << static_cast<int>(s);
  }

  std::optional<int64_t> axis = getAxis();
  if (axis) {
    if (*axis < 0 || *axis >= inTy.getRank())
      return emitOpError("axis ") << *axis << " is out of range for rank "
                                  << inTy.getRank();
    int64_t size = inTy.getDimSize(*axis);
    if (ShapedType::isDynamic(size))
      size = resTy.getDimSize(*axis);
    if (ShapedType::isDynamic(size))
      return emitOpError("per-channel dimension ")
             << *axis << " must be static";
    if (size != static_cast<int64_t>(multipliers.size()))
      return emitOpError("expects ")
             << size << " multipliers, one per index of dimension " << *axis
             << ", got " << multipliers.size();
  } else if (multipliers.size() != 1) {
    return emitOpError("per-channel multipliers need an 'axis'");
  }
  for (auto [elt, name] : {std::pair<Type, StringRef>{inElt, "input"},
                           std::pair<Type, StringRef>{resElt, "result"}}) {
    std::optional<int32_t> dim = getPerAxisDimension(elt);
    if (dim && !axis)
      return emitOpError("per-axis ")
             << name << " type is quantized along dimension " << *dim
             << " but the op has no 'axis'";
    if (dim && *dim != *axis)
      return emitOpError("per-axis ")
             << name << " type is quantized along dimension " << *dim
             << ", not along the op's axis " << *axis;
  }
  if (failed(verifyQuantizedTensorShape([&] { return emitOpError(); }, inTy,
                                        "input")) ||
      failed(verifyQuantizedTensorShape([&] { return emitOpError(); }, resTy,
                                        "result")))
    return failure();

  // When both sides carry scales, the multipliers must encode their ratio.
  SmallVector<double> inScales = getScales(inElt);
  SmallVector<double> outScales = getScales(resElt);
  if (inScales.empty() || outScales.empty())
    return success();
  for (size_t i = 0; i < multipliers.size(); ++i) {
    double ratio = inScales[inScales.size() > 1 ? i : 0] /
                   outScales[outScales.size() > 1 ? i : 0];
    double scaled = std::ldexp(ratio, shifts[i]);
    if (std::fabs(multipliers[i] - scaled) > 1.0)
      return emitOpError("multiplier ")
             << multipliers[i] << " and shift " << static_cast<int>(shifts[i])
             << " encode the ratio "
             << FixedPointScale{multipliers[i], shifts[i]}.toDouble()
             << " but the input and result scales imply " << ratio;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// QMatmulOp
//===----------------------------------------------------------------------===//

LogicalResult QMatmulOp::verify() {
  RankedTensorType lhsTy = getLhs().getType();
  RankedTensorType rhsTy = getRhs().getType();
  RankedTensorType resTy = getResult().getType();
  int64_t rank = lhsTy.getRank();
  if ((rank != 2 && rank != 3) || rhsTy.getRank() != rank)
    return emitOpError("expects lhs and rhs of rank 2, or 3 with a batch "
                       "dimension, got ranks ")
           << rank << " and " << rhsTy.getRank();
  Type lhsElt = lhsTy.getElementType(), rhsElt = rhsTy.getElementType();
  if (failed(verifyKernelOperand(*this, lhsElt, "lhs")) ||
      failed(verifyKernelOperand(*this, rhsElt, "rhs")) ||
      failed(verifyZeroPoints(*this, lhsElt, "lhs")) ||
      failed(verifyZeroPoints(*this, rhsElt, "rhs")))
    return failure();
  if (!isPerTensor(lhsElt))
    return emitOpError("lhs must be quantized per tensor");
  std::optional<int32_t> rhsAxis = getPerAxisDimension(rhsElt);
  if (rhsAxis && *rhsAxis != rank - 1)
    return emitOpError("rhs must be quantized per tensor or per axis along its "
                       "last dimension (N), got axis ")
           << *rhsAxis;
  if (failed(verifyQuantizedTensorShape([&] { return emitOpError(); }, rhsTy,
                                        "rhs")))
    return failure();

  ArrayRef<int64_t> lhsShape = lhsTy.getShape(), rhsShape = rhsTy.getShape();
  int64_t k = lhsShape[rank - 1], rhsK = rhsShape[rank - 2];
  if (!ShapedType::isDynamic(k) && !ShapedType::isDynamic(rhsK) && k != rhsK)
    return emitOpError("contracting dimensions differ: lhs has K = ")
           << k << ", rhs has K = " << rhsK;
  if (ShapedType::isDynamic(k))
    k = rhsK;
  if (rank == 3 && !shapesCompatible(lhsShape.take_front(1),
                                     rhsShape.take_front(1)))
    return emitOpError("batch dimensions differ: lhs has ")
           << lhsShape[0] << ", rhs has " << rhsShape[0];
  SmallVector<int64_t> expected(lhsShape.drop_back());
  expected.push_back(rhsShape[rank - 1]);
  if (rank == 3 && ShapedType::isDynamic(expected[0]))
    expected[0] = rhsShape[0];
  if (!shapesCompatible(resTy.getShape(), expected))
    return emitOpError("result shape ")
           << shapeStr(resTy.getShape()) << " does not match the expected "
           << shapeStr(expected);
  if (Value bias = getBias()) {
    auto biasTy = cast<RankedTensorType>(bias.getType());
    int64_t n = rhsShape[rank - 1];
    if (biasTy.getRank() != 1 ||
        !shapesCompatible(biasTy.getShape(), ArrayRef<int64_t>{n}))
      return emitOpError("bias must be a vector of N = ")
             << (ShapedType::isDynamic(n) ? std::string("?")
                                          : std::to_string(n))
             << " values, got " << shapeStr(biasTy.getShape());
  }
  if (failed(verifyAccumulatorType(*this, resTy, lhsElt, rhsElt, rank - 1)))
    return failure();
  return verifyAccumulatorBound(*this, k, lhsElt, rhsElt, "lhs", "rhs");
}

//===----------------------------------------------------------------------===//
// QConv2DOp
//===----------------------------------------------------------------------===//

LogicalResult QConv2DOp::verify() {
  RankedTensorType inTy = getInput().getType();
  RankedTensorType filterTy = getFilter().getType();
  RankedTensorType resTy = getResult().getType();
  if (inTy.getRank() != 4 || filterTy.getRank() != 4 || resTy.getRank() != 4)
    return emitOpError("expects input, filter and result of rank 4, got ranks ")
           << inTy.getRank() << ", " << filterTy.getRank() << " and "
           << resTy.getRank();
  ArrayRef<int64_t> strides = getStrides(), dilations = getDilations(),
                    padding = getPadding();
  if (strides.size() != 2 || llvm::any_of(strides, [](int64_t s) {
        return s < 1;
      }))
    return emitOpError("expects 2 positive strides, got ") << listStr(strides);
  if (dilations.size() != 2 || llvm::any_of(dilations, [](int64_t d) {
        return d < 1;
      }))
    return emitOpError("expects 2 positive dilations, got ")
           << listStr(dilations);
  if (padding.size() != 4 || llvm::any_of(padding, [](int64_t p) {
        return p < 0;
      }))
    return emitOpError("expects 4 non-negative paddings [top, bottom, left, "
                       "right], got ")
           << listStr(padding);
  int64_t groups = getGroups();
  if (groups < 1)
    return emitOpError("groups must be positive, got ") << groups;

  if (!filterTy.hasStaticShape())
    return emitOpError("filter must have a static shape, got ")
           << shapeStr(filterTy.getShape());

  Type inElt = inTy.getElementType(), filterElt = filterTy.getElementType();
  if (failed(verifyKernelOperand(*this, inElt, "input")) ||
      failed(verifyKernelOperand(*this, filterElt, "filter")) ||
      failed(verifyZeroPoints(*this, inElt, "input")) ||
      failed(verifyZeroPoints(*this, filterElt, "filter")))
    return failure();
  if (!isPerTensor(inElt))
    return emitOpError("input must be quantized per tensor");
  int64_t fDim = getFilterOutputChannelDim();
  std::optional<int32_t> filterAxis = getPerAxisDimension(filterElt);
  if (filterAxis && *filterAxis != fDim)
    return emitOpError("filter must be quantized per tensor or per axis along "
                       "its output-channel dimension ")
           << fDim << ", got axis " << *filterAxis;
  if (failed(verifyQuantizedTensorShape([&] { return emitOpError(); },
                                        filterTy, "filter")))
    return failure();

  auto known = [](int64_t d) { return !ShapedType::isDynamic(d); };
  int64_t cDim = getChannelDim();
  int64_t c = inTy.getDimSize(cDim);
  int64_t f = filterTy.getDimSize(fDim);
  int64_t cg = filterTy.getDimSize(getFilterInputChannelDim());
  if (known(c) && c % groups != 0)
    return emitOpError("input channels (")
           << c << ") are not divisible by groups (" << groups << ")";
  if (known(f) && f % groups != 0)
    return emitOpError("filter output channels (")
           << f << ") are not divisible by groups (" << groups << ")";
  if (known(c) && known(cg) && cg != c / groups)
    return emitOpError("filter has ")
           << cg << " input channels per group, expected " << c << " / "
           << groups << " = " << c / groups;

  auto [hDim, wDim] = getSpatialDims();
  auto [khDim, kwDim] = getFilterSpatialDims();
  SmallVector<int64_t> expected(4, ShapedType::kDynamic);
  expected[0] = inTy.getDimSize(0);
  expected[cDim] = f;
  int64_t kernel[2] = {filterTy.getDimSize(khDim), filterTy.getDimSize(kwDim)};
  int64_t spatial[2] = {inTy.getDimSize(hDim), inTy.getDimSize(wDim)};
  int64_t outDims[2] = {hDim, wDim};
  const char *spatialNames[2] = {"height", "width"};
  for (int i = 0; i < 2; ++i) {
    // Strides, dilations and paddings are user input of any size: compute
    // the extents with overflow checks (the filter shape is static).
    int64_t padBefore = padding[2 * i], padAfter = padding[2 * i + 1];
    std::optional<int64_t> extentOrNone =
        llvm::checkedMulAdd(dilations[i], kernel[i] - 1, int64_t(1));
    if (!extentOrNone)
      return emitOpError("dilated kernel ")
             << spatialNames[i] << " overflows 64 bits: " << dilations[i]
             << " * (" << kernel[i] << " - 1) + 1";
    std::optional<int64_t> paddedOrNone = llvm::checkedAdd(padBefore, padAfter);
    if (paddedOrNone && known(spatial[i]))
      paddedOrNone = llvm::checkedAdd(*paddedOrNone, spatial[i]);
    if (!paddedOrNone)
      return emitOpError("padded input ")
             << spatialNames[i] << " overflows 64 bits: "
             << (known(spatial[i]) ? std::to_string(spatial[i]) : "?")
             << " + " << padBefore << " + " << padAfter;
    if (!known(spatial[i]))
      continue;
    int64_t padded = *paddedOrNone, extent = *extentOrNone;
    if (extent > padded)
      return emitOpError("dilated kernel extent ")
             << extent << " exceeds the padded input size " << padded;
    expected[outDims[i]] = (padded - extent) / strides[i] + 1;
  }
  if (!shapesCompatible(resTy.getShape(), expected))
    return emitOpError("result shape ")
           << shapeStr(resTy.getShape()) << " does not match the expected "
           << shapeStr(expected);
  if (Value bias = getBias()) {
    auto biasTy = cast<RankedTensorType>(bias.getType());
    if (biasTy.getRank() != 1 ||
        !shapesCompatible(biasTy.getShape(), ArrayRef<int64_t>{f}))
      return emitOpError("bias must be a vector with one value per output "
                         "channel, got ")
             << shapeStr(biasTy.getShape());
  }
  if (failed(verifyAccumulatorType(*this, resTy, inElt, filterElt, cDim)))
    return failure();
  int64_t k = ShapedType::kDynamic;
  if (known(cg) && known(kernel[0]) && known(kernel[1]))
    k = cg * kernel[0] * kernel[1];
  return verifyAccumulatorBound(*this, k, inElt, filterElt, "input", "filter");
}

//===----------------------------------------------------------------------===//
// BatchNormOp
//===----------------------------------------------------------------------===//

LogicalResult BatchNormOp::verify() {
  RankedTensorType inTy = getInput().getType();
  int64_t rank = inTy.getRank();
  int64_t axis = getAxis();
  if (axis < -rank || axis >= rank)
    return emitOpError("axis ") << axis << " is out of range for an input of "
                                << "rank " << rank;
  auto paramTy = cast<RankedTensorType>(getScale().getType());
  if (paramTy.getElementType() != inTy.getElementType())
    return emitOpError("scale, bias, mean and variance must have the input "
                       "element type ")
           << inTy.getElementType() << ", got " << paramTy.getElementType();
  int64_t channels = inTy.getDimSize(getChannelDim());
  int64_t params = paramTy.getDimSize(0);
  if (!ShapedType::isDynamic(channels) && !ShapedType::isDynamic(params) &&
      channels != params)
    return emitOpError("expects ")
           << channels << " values per parameter (the size of dimension "
           << getChannelDim() << "), got " << params;
  double eps = getEpsilon().convertToDouble();
  if (!(eps >= 0) || std::isinf(eps))
    return emitOpError("epsilon must be finite and non-negative, got ") << eps;
  return success();
}
