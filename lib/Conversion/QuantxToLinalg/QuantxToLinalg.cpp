//===- QuantxToLinalg.cpp - reference lowering of quantx ------------------===//
//
// The executable definition of every quantx op: linalg.generic bodies whose
// arithmetic is exactly the scalar definitions of QuantizationMath.h.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToLinalg/QuantxToLinalg.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Conversion/QuantxToLinalg/ScalarArithmetic.h"
#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTXTOLINALG
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Type conversion
//===----------------------------------------------------------------------===//

QuantStorageTypeConverter::QuantStorageTypeConverter() {
  addConversion([](Type t) { return t; });
  addConversion([](quant::QuantizedType t) -> Type {
    return t.getStorageType();
  });
  addConversion([](RankedTensorType t) -> Type {
    if (auto qt = dyn_cast<quant::QuantizedType>(t.getElementType()))
      return t.clone(qt.getStorageType());
    return t;
  });
  addConversion([](UnrankedTensorType t) -> Type {
    if (auto qt = dyn_cast<quant::QuantizedType>(t.getElementType()))
      return UnrankedTensorType::get(qt.getStorageType());
    return t;
  });
}

//===----------------------------------------------------------------------===//
// IR building helpers
//===----------------------------------------------------------------------===//

namespace {
/// A value that varies with the element position: a scalar constant when it
/// is the same everywhere, otherwise a constant tensor that the generic reads
/// through `map`.
struct Param {
  Value scalar;
  Value tensor;
  AffineMap map;
  unsigned argIndex = 0; // block argument of the generic, when a tensor

  Value get(ValueRange args) const { return scalar ? scalar : args[argIndex]; }
};

/// Collects the extra inputs of an elementwise or kernel generic.
struct GenericInputs {
  SmallVector<Value> values;
  SmallVector<AffineMap> maps;

  void add(Param &p) {
    if (!p.tensor)
      return;
    p.argIndex = values.size();
    values.push_back(p.tensor);
    maps.push_back(p.map);
  }
};
} // namespace

static Value constFloat(OpBuilder &b, Location loc, FloatType t, double v) {
  return arith::ConstantOp::create(b, loc, t, b.getFloatAttr(t, v));
}

/// A parameter from `values` (one per index of a tensor of `shape`) read
/// through `map`; a scalar when all values are equal.
static Param makeFloatParam(OpBuilder &b, Location loc, ArrayRef<double> values,
                            FloatType type, ArrayRef<int64_t> shape,
                            AffineMap map) {
  if (llvm::all_equal(values))
    return {constFloat(b, loc, type, values[0]), {}, {}};
  SmallVector<Attribute> attrs = llvm::map_to_vector(
      values, [&](double v) -> Attribute { return b.getFloatAttr(type, v); });
  auto attr = DenseElementsAttr::get(RankedTensorType::get(shape, type), attrs);
  return {{}, arith::ConstantOp::create(b, loc, attr), map};
}

static Param makeIntParam(OpBuilder &b, Location loc, ArrayRef<int64_t> values,
                          IntegerType type, ArrayRef<int64_t> shape,
                          AffineMap map) {
  if (llvm::all_equal(values))
    return {arith::ConstantIntOp::create(b, loc, type, values[0]), {}, {}};
  SmallVector<APInt> ints = llvm::map_to_vector(values, [&](int64_t v) {
    return APInt(type.getWidth(), static_cast<uint64_t>(v), /*isSigned=*/true);
  });
  auto attr = DenseElementsAttr::get(RankedTensorType::get(shape, type), ints);
  return {{}, arith::ConstantOp::create(b, loc, attr), map};
}

/// The shape of the parameter tensor of quantized element type `t` on a
/// tensor of rank `rank`, and the map from the element loops to it.
static std::pair<SmallVector<int64_t>, AffineMap>
getParamLayout(Type t, unsigned rank, MLIRContext *ctx) {
  if (std::optional<int32_t> axis = getPerAxisDimension(t)) {
    return {{static_cast<int64_t>(getScales(t).size())},
            AffineMap::get(rank, 0, getAffineDimExpr(*axis, ctx))};
  }
  if (auto qt = dyn_cast<quant::UniformQuantizedSubChannelType>(t)) {
    SmallVector<int64_t> shape(qt.getScales().getType().getShape());
    SmallVector<int64_t> blocks(rank, 0);
    for (auto [dim, size] : qt.getBlockSizeInfo())
      blocks[dim] = size;
    SmallVector<AffineExpr> exprs;
    for (unsigned d = 0; d < rank; ++d)
      exprs.push_back(shape[d] == 1 ? getAffineConstantExpr(0, ctx)
                                    : getAffineDimExpr(d, ctx).floorDiv(
                                          blocks[d]));
    return {shape, AffineMap::get(rank, 0, exprs, ctx)};
  }
  return {{1}, AffineMap::get(rank, 0, ctx)};
}

/// `tensor.empty` shaped like `like` (all of its dims, static or not).
static Value emptyLike(OpBuilder &b, Location loc, Value like, Type element) {
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, like);
  return tensor::EmptyOp::create(b, loc, sizes, element);
}

/// An elementwise linalg.generic over `input` and the tensor parameters in
/// `extra`, producing a tensor of `resultElement` shaped like `input`.
static Value
buildElementwise(OpBuilder &b, Location loc, Value input, GenericInputs &extra,
                 Type resultElement,
                 function_ref<Value(OpBuilder &, Location, ValueRange)> body) {
  auto inputType = cast<RankedTensorType>(input.getType());
  unsigned rank = inputType.getRank();
  AffineMap id = b.getMultiDimIdentityMap(rank);
  SmallVector<Value> inputs{input};
  llvm::append_range(inputs, extra.values);
  SmallVector<AffineMap> maps{id};
  llvm::append_range(maps, extra.maps);
  maps.push_back(id);
  Value init = emptyLike(b, loc, input, resultElement);
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      iterators, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        // args: input, extras..., output; `body` drops the input to index
        // the extras by Param::argIndex.
        linalg::YieldOp::create(nb, nloc, body(nb, nloc, args));
      });
  return generic.getResult(0);
}

/// `value` as `type` (the converted result type of the op being lowered):
/// an elementwise generic takes its shape from the input, and the verifier
/// accepts a result whose shape is only compatible with it (`?x4` against
/// `3x?`), so the static information of the result is added by a
/// tensor.cast.
static Value castToResultType(OpBuilder &b, Location loc, Value value,
                              Type type) {
  if (value.getType() == type)
    return value;
  return tensor::CastOp::create(b, loc, type, value);
}

//===----------------------------------------------------------------------===//
// quantize / dequantize
//===----------------------------------------------------------------------===//

namespace {
/// Scale and zero-point parameters of a quantized tensor for an elementwise
/// generic over it.
struct ScaleZeroPoint {
  Param scale, zeroPoint;

  ScaleZeroPoint(OpBuilder &b, Location loc, Type qt, unsigned rank,
                 FloatType computeType) {
    auto [shape, map] = getParamLayout(qt, rank, b.getContext());
    scale = makeFloatParam(b, loc, getScales(qt), computeType, shape, map);
    zeroPoint =
        makeIntParam(b, loc, getZeroPoints(qt), b.getI64Type(), shape, map);
  }
};

struct QuantizeOpLowering : OpConversionPattern<QuantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QuantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType qt = op.getQuantizedElementType();
    FloatType computeType = getComputationType(qt.getExpressedType());
    IntegerType storage = getStorageIntegerType(qt);
    unsigned rank = op.getInput().getType().getRank();
    ScaleZeroPoint params(rewriter, loc, qt, rank, computeType);
    GenericInputs extra;
    extra.add(params.scale);
    extra.add(params.zeroPoint);
    int64_t qmin = qt.getStorageTypeMin(), qmax = qt.getStorageTypeMax();
    RoundingMode mode = op.getRounding();
    Value result = buildElementwise(
        rewriter, loc, adaptor.getInput(), extra, storage,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          ValueRange extras = args.drop_front();
          Value x = args[0];
          if (x.getType() != computeType)
            x = arith::ExtFOp::create(b, l, computeType, x);
          Value y = arith::DivFOp::create(b, l, x, params.scale.get(extras));
          Value r = emitRoundReal(b, l, y, mode);
          // NaN -> zero point; everything else clamped in float to +-2^62,
          // where the conversion to i64 is exact and defined.
          Value isNan =
              arith::CmpFOp::create(b, l, arith::CmpFPredicate::UNO, y, y);
          r = arith::SelectOp::create(b, l, isNan,
                                      constFloat(b, l, computeType, 0.0), r);
          const double limit = 4611686018427387904.0; // 2^62
          r = arith::MaximumFOp::create(b, l, r,
                                        constFloat(b, l, computeType, -limit));
          r = arith::MinimumFOp::create(b, l, r,
                                        constFloat(b, l, computeType, limit));
          Value q = arith::FPToSIOp::create(b, l, b.getI64Type(), r);
          q = arith::AddIOp::create(b, l, q, params.zeroPoint.get(extras));
          return emitClampToStorage(b, l, q, qmin, qmax, storage);
        });
    rewriter.replaceOp(
        op, castToResultType(
                rewriter, loc, result,
                getTypeConverter()->convertType(op.getResult().getType())));
    return success();
  }
};

struct DequantizeOpLowering : OpConversionPattern<DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    quant::QuantizedType qt = op.getQuantizedElementType();
    Type resultElement = op.getResult().getType().getElementType();
    FloatType computeType = getComputationType(qt.getExpressedType());
    unsigned rank = op.getInput().getType().getRank();
    ScaleZeroPoint params(rewriter, loc, qt, rank, computeType);
    GenericInputs extra;
    extra.add(params.scale);
    extra.add(params.zeroPoint);
    bool isUnsigned = !qt.isSigned();
    Value result = buildElementwise(
        rewriter, loc, adaptor.getInput(), extra, resultElement,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          ValueRange extras = args.drop_front();
          Value q = emitExtendInt(b, l, args[0], b.getI64Type(), isUnsigned);
          Value d = arith::SubIOp::create(b, l, q, params.zeroPoint.get(extras));
          Value f = arith::SIToFPOp::create(b, l, computeType, d);
          Value r = arith::MulFOp::create(b, l, f, params.scale.get(extras));
          if (r.getType() != resultElement)
            r = arith::TruncFOp::create(b, l, resultElement, r);
          return r;
        });
    rewriter.replaceOp(
        op, castToResultType(
                rewriter, loc, result,
                getTypeConverter()->convertType(op.getResult().getType())));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// requantize
//===----------------------------------------------------------------------===//

struct RequantizeOpLowering : OpConversionPattern<RequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(RequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type inElt = op.getInput().getType().getElementType();
    Type resElt = op.getResult().getType().getElementType();
    IntegerType storage = getStorageIntegerType(resElt);
    unsigned rank = op.getInput().getType().getRank();
    MLIRContext *ctx = rewriter.getContext();
    IntegerType i64 = rewriter.getI64Type();

    // Per-channel values are read along `axis`; everything else is scalar.
    SmallVector<int64_t> channelShape{
        static_cast<int64_t>(op.getNumChannels())};
    AffineMap channelMap;
    if (std::optional<int64_t> axis = op.getAxis())
      channelMap = AffineMap::get(rank, 0, getAffineDimExpr(*axis, ctx));
    auto widen = [](auto range) {
      return llvm::map_to_vector(range, [](auto v) -> int64_t { return v; });
    };
    Param multiplier = makeIntParam(rewriter, loc, widen(op.getMultiplier()),
                                    i64, channelShape, channelMap);
    Param shift = makeIntParam(rewriter, loc, widen(op.getShift()), i64,
                               channelShape, channelMap);
    Param inZp = makeIntParam(rewriter, loc, getZeroPoints(inElt), i64,
                              channelShape, channelMap);
    Param outZp = makeIntParam(rewriter, loc, getZeroPoints(resElt), i64,
                               channelShape, channelMap);
    GenericInputs extra;
    for (Param *p : {&multiplier, &shift, &inZp, &outZp})
      extra.add(*p);
    bool inUnsigned = isUnsignedStorage(inElt);
    int64_t qmin = getStorageMin(resElt), qmax = getStorageMax(resElt);
    RoundingMode mode = op.getRounding();
    Value result = buildElementwise(
        rewriter, loc, adaptor.getInput(), extra, storage,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          ValueRange extras = args.drop_front();
          return emitRequantize(b, l, args[0], inUnsigned, inZp.get(extras),
                                multiplier.get(extras), shift.get(extras), mode,
                                outZp.get(extras), qmin, qmax, storage);
        });
    rewriter.replaceOp(
        op, castToResultType(
                rewriter, loc, result,
                getTypeConverter()->convertType(op.getResult().getType())));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// qmatmul / qconv2d
//===----------------------------------------------------------------------===//

/// An i32 accumulator initialized with the bias read through `biasMap` over
/// the loops of the init, or with zeros.
static Value buildAccumulatorInit(OpBuilder &b, Location loc,
                                  RankedTensorType type,
                                  ArrayRef<Value> dynamicSizes, Value bias,
                                  AffineMap biasMap) {
  Value empty = tensor::EmptyOp::create(b, loc, type, dynamicSizes);
  if (!bias) {
    Value zero = arith::ConstantIntOp::create(b, loc, b.getI32Type(), 0);
    return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
  }
  unsigned rank = type.getRank();
  SmallVector<AffineMap> maps{biasMap, b.getMultiDimIdentityMap(rank)};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, TypeRange{type}, ValueRange{bias}, ValueRange{empty}, maps,
             iterators,
             [](OpBuilder &nb, Location nloc, ValueRange args) {
               linalg::YieldOp::create(nb, nloc, args[0]);
             })
      .getResult(0);
}

/// The body of the integer kernels: acc + (a - za) * (w - zw) in i32.
static Value emitMultiplyAccumulate(OpBuilder &b, Location loc, Value a,
                                    Type aElt, Value za, Value w, Type wElt,
                                    Value zw, Value acc) {
  Type i32 = b.getI32Type();
  Value ax = emitExtendInt(b, loc, a, i32, isUnsignedStorage(aElt));
  Value wx = emitExtendInt(b, loc, w, i32, isUnsignedStorage(wElt));
  ax = b.createOrFold<arith::SubIOp>(loc, ax, za);
  wx = b.createOrFold<arith::SubIOp>(loc, wx, zw);
  Value prod = arith::MulIOp::create(b, loc, ax, wx);
  return arith::AddIOp::create(b, loc, acc, prod);
}

/// Zero point of a per-tensor operand as an i32 constant.
static Value perTensorZeroPoint(OpBuilder &b, Location loc, Type elt) {
  return arith::ConstantIntOp::create(b, loc, b.getI32Type(),
                                      getZeroPoints(elt)[0]);
}

struct QMatmulOpLowering : OpConversionPattern<QMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QMatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value lhs = adaptor.getLhs(), rhs = adaptor.getRhs();
    Type lhsElt = op.getLhs().getType().getElementType();
    Type rhsElt = op.getRhs().getType().getElementType();
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getResult().getType()));
    unsigned rank = resultType.getRank();
    bool batched = rank == 3;

    // Dynamic result sizes: batch and M from lhs, N from rhs.
    SmallVector<Value> dynamicSizes;
    for (unsigned d = 0; d < rank; ++d) {
      if (!resultType.isDynamicDim(d))
        continue;
      Value src = d == rank - 1 ? rhs : lhs;
      dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, src, d));
    }

    // Loops (b,) m, n, k.
    unsigned numLoops = rank + 1;
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    unsigned bOff = batched ? 1 : 0;
    AffineExpr m = dim(bOff), n = dim(bOff + 1), k = dim(bOff + 2);
    auto withBatch = [&](ArrayRef<AffineExpr> exprs) {
      SmallVector<AffineExpr> all;
      if (batched)
        all.push_back(dim(0));
      llvm::append_range(all, exprs);
      return AffineMap::get(numLoops, 0, all, ctx);
    };
    AffineMap outMap = withBatch({m, n});

    Value init = buildAccumulatorInit(
        rewriter, loc, resultType, dynamicSizes, adaptor.getBias(),
        AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, ctx)));

    Param rhsZp = makeIntParam(rewriter, loc, getZeroPoints(rhsElt),
                               rewriter.getI32Type(),
                               {static_cast<int64_t>(
                                   getZeroPoints(rhsElt).size())},
                               AffineMap::get(numLoops, 0, n));
    Value lhsZp = perTensorZeroPoint(rewriter, loc, lhsElt);
    SmallVector<Value> inputs{lhs, rhs};
    SmallVector<AffineMap> maps{withBatch({m, k}), withBatch({k, n})};
    GenericInputs extra;
    extra.add(rhsZp);
    for (auto [v, map] : llvm::zip_equal(extra.values, extra.maps)) {
      inputs.push_back(v);
      maps.push_back(map);
    }
    maps.push_back(outMap);
    SmallVector<utils::IteratorType> iterators(numLoops,
                                               utils::IteratorType::parallel);
    iterators.back() = utils::IteratorType::reduction;
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          ValueRange extras = args.drop_front(2);
          Value acc = emitMultiplyAccumulate(b, l, args[0], lhsElt, lhsZp,
                                             args[1], rhsElt,
                                             rhsZp.get(extras), args.back());
          linalg::YieldOp::create(b, l, acc);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

struct QConv2DOpLowering : OpConversionPattern<QConv2DOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(QConv2DOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value input = adaptor.getInput(), filter = adaptor.getFilter();
    Type inElt = op.getInput().getType().getElementType();
    Type filterElt = op.getFilter().getType().getElementType();
    auto resultType = cast<RankedTensorType>(
        getTypeConverter()->convertType(op.getResult().getType()));
    bool nhwc = op.isNhwc();
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations(),
                      padding = op.getPadding();
    int64_t groups = op.getGroups();
    ArrayRef<int64_t> filterShape = op.getFilter().getType().getShape();
    int64_t f = filterShape[op.getFilterOutputChannelDim()];
    int64_t fg = f / groups;
    int64_t cg = filterShape[op.getFilterInputChannelDim()];
    auto [hDim, wDim] = op.getSpatialDims();

    // Pad the input with its zero point: padding reads the real value 0.
    if (llvm::any_of(padding, [](int64_t p) { return p != 0; })) {
      SmallVector<OpFoldResult> low(4, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> high(4, rewriter.getIndexAttr(0));
      low[hDim] = rewriter.getIndexAttr(padding[0]);
      high[hDim] = rewriter.getIndexAttr(padding[1]);
      low[wDim] = rewriter.getIndexAttr(padding[2]);
      high[wDim] = rewriter.getIndexAttr(padding[3]);
      IntegerType storage = getStorageIntegerType(inElt);
      Value padValue = arith::ConstantOp::create(
          rewriter, loc,
          IntegerAttr::get(storage,
                           APInt(storage.getWidth(),
                                 static_cast<uint64_t>(getZeroPoints(inElt)[0]),
                                 /*isSigned=*/!isUnsignedStorage(inElt))));
      input = tensor::PadOp::create(rewriter, loc, Type(), input, low, high,
                                    padValue);
    }

    // The output with the channels split into (groups, channels per group).
    SmallVector<int64_t> expandedShape;
    SmallVector<ReassociationIndices> reassociation;
    ArrayRef<int64_t> resultShape = resultType.getShape();
    if (nhwc) {
      expandedShape = {resultShape[0], resultShape[1], resultShape[2], groups,
                       fg};
      reassociation = {{0}, {1}, {2}, {3, 4}};
    } else {
      expandedShape = {resultShape[0], groups, fg, resultShape[2],
                       resultShape[3]};
      reassociation = {{0}, {1, 2}, {3}, {4}};
    }
    auto expandedType = RankedTensorType::get(expandedShape,
                                              rewriter.getI32Type());
    // Dynamic sizes: batch from the input, spatial sizes from the formula.
    SmallVector<Value> dynamicSizes;
    for (int64_t d = 0; d < 5; ++d) {
      if (!expandedType.isDynamicDim(d))
        continue;
      if (d == 0) {
        dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, input, 0));
        continue;
      }
      int64_t spatial = (nhwc ? d - 1 : d - 3); // 0 for H, 1 for W
      int64_t inDim = spatial == 0 ? hDim : wDim;
      int64_t kernel = filterShape[spatial == 0
                                       ? op.getFilterSpatialDims().first
                                       : op.getFilterSpatialDims().second];
      int64_t extent = dilations[spatial] * (kernel - 1) + 1;
      Value size = tensor::DimOp::create(rewriter, loc, input, inDim);
      Value diff = arith::SubIOp::create(
          rewriter, loc, size,
          arith::ConstantIndexOp::create(rewriter, loc, extent));
      Value quot = arith::DivUIOp::create(
          rewriter, loc, diff,
          arith::ConstantIndexOp::create(rewriter, loc, strides[spatial]));
      dynamicSizes.push_back(arith::AddIOp::create(
          rewriter, loc, quot, arith::ConstantIndexOp::create(rewriter, loc, 1)));
    }

    // Loops: NHWC (n, oh, ow, g, fg, kh, kw, cg); NCHW (n, g, fg, oh, ow, cg,
    // kh, kw).
    auto d = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    AffineExpr n = d(0), oh, ow, g, fo, kh, kw, c;
    if (nhwc) {
      oh = d(1), ow = d(2), g = d(3), fo = d(4), kh = d(5), kw = d(6), c = d(7);
    } else {
      g = d(1), fo = d(2), oh = d(3), ow = d(4), c = d(5), kh = d(6), kw = d(7);
    }
    AffineExpr ih = oh * strides[0] + kh * dilations[0];
    AffineExpr iw = ow * strides[1] + kw * dilations[1];
    AffineExpr ic = g * cg + c;
    AffineExpr oc = g * fg + fo;
    AffineMap inMap, filterMap, outMap;
    if (nhwc) {
      inMap = AffineMap::get(8, 0, {n, ih, iw, ic}, ctx);
      filterMap = AffineMap::get(8, 0, {kh, kw, c, oc}, ctx);
      outMap = AffineMap::get(8, 0, {n, oh, ow, g, fo}, ctx);
    } else {
      inMap = AffineMap::get(8, 0, {n, ic, ih, iw}, ctx);
      filterMap = AffineMap::get(8, 0, {oc, c, kh, kw}, ctx);
      outMap = AffineMap::get(8, 0, {n, g, fo, oh, ow}, ctx);
    }
    // The bias init runs over the 5 output loops, where the output channel
    // is g * fg + fo with g and fo at positions 3, 4 (NHWC) or 1, 2 (NCHW).
    AffineExpr biasChannel = nhwc ? d(3) * fg + d(4) : d(1) * fg + d(2);
    Value init =
        buildAccumulatorInit(rewriter, loc, expandedType, dynamicSizes,
                             adaptor.getBias(),
                             AffineMap::get(5, 0, biasChannel, ctx));

    Param filterZp = makeIntParam(rewriter, loc, getZeroPoints(filterElt),
                                  rewriter.getI32Type(), {f},
                                  AffineMap::get(8, 0, oc, ctx));
    Value inZp = perTensorZeroPoint(rewriter, loc, inElt);
    SmallVector<Value> inputs{input, filter};
    SmallVector<AffineMap> maps{inMap, filterMap};
    GenericInputs extra;
    extra.add(filterZp);
    for (auto [v, map] : llvm::zip_equal(extra.values, extra.maps)) {
      inputs.push_back(v);
      maps.push_back(map);
    }
    maps.push_back(outMap);
    SmallVector<utils::IteratorType> iterators(5,
                                               utils::IteratorType::parallel);
    iterators.append(3, utils::IteratorType::reduction);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{expandedType}, inputs, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          ValueRange extras = args.drop_front(2);
          Value acc = emitMultiplyAccumulate(b, l, args[0], inElt, inZp,
                                             args[1], filterElt,
                                             filterZp.get(extras), args.back());
          linalg::YieldOp::create(b, l, acc);
        });
    // Collapse to the result shape with the static channel count (the
    // result type may leave it dynamic), then cast to the result type.
    SmallVector<int64_t> collapsedShape(resultShape);
    collapsedShape[op.getChannelDim()] = f;
    Value result = tensor::CollapseShapeOp::create(
        rewriter, loc, resultType.clone(collapsedShape), generic.getResult(0),
        reassociation);
    rewriter.replaceOp(op, castToResultType(rewriter, loc, result, resultType));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// batch_norm
//===----------------------------------------------------------------------===//

struct BatchNormOpLowering : OpConversionPattern<BatchNormOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(BatchNormOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto type = op.getInput().getType();
    auto elementType = cast<FloatType>(type.getElementType());
    unsigned rank = type.getRank();
    AffineMap channelMap = AffineMap::get(
        rank, 0, getAffineDimExpr(op.getChannelDim(), rewriter.getContext()));
    GenericInputs extra;
    SmallVector<Param> params;
    for (Value v : {adaptor.getScale(), adaptor.getBias(), adaptor.getMean(),
                    adaptor.getVariance()})
      params.push_back(Param{{}, v, channelMap});
    for (Param &p : params)
      extra.add(p);
    double eps = op.getEpsilon().convertToDouble();
    Value result = buildElementwise(
        rewriter, loc, adaptor.getInput(), extra, elementType,
        [&](OpBuilder &b, Location l, ValueRange args) -> Value {
          ValueRange extras = args.drop_front();
          Value scale = params[0].get(extras), bias = params[1].get(extras);
          Value mean = params[2].get(extras), var = params[3].get(extras);
          Value centered = arith::SubFOp::create(b, l, args[0], mean);
          Value denom = math::SqrtOp::create(
              b, l,
              arith::AddFOp::create(b, l, var,
                                    constFloat(b, l, elementType, eps)));
          Value normalized = arith::DivFOp::create(b, l, centered, denom);
          Value scaled = arith::MulFOp::create(b, l, normalized, scale);
          return arith::AddFOp::create(b, l, scaled, bias);
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Type-only rewrites
//===----------------------------------------------------------------------===//

/// quant.scast between a storage tensor and a quantized one disappears once
/// both have the storage type.
struct StorageCastLowering : OpConversionPattern<quant::StorageCastOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(quant::StorageCastOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type resultType = getTypeConverter()->convertType(op.getType());
    if (resultType != adaptor.getInput().getType())
      return rewriter.notifyMatchFailure(op, "not a storage-type cast");
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// `tensor` ops only move, reshape or fill elements, so they are rebuilt as
/// they are with storage types (tensor.empty, extract_slice, expand_shape,
/// collapse_shape, concat, cast, extract, insert, splat...). The regions of
/// tensor.pad and tensor.generate move to the new op with their block
/// arguments converted; the ops inside (tensor.yield of a quant.scast) are
/// converted in turn.
struct TensorOpTypeConversion : ConversionPattern {
  TensorOpTypeConversion(const TypeConverter &converter, MLIRContext *ctx)
      : ConversionPattern(converter, MatchAnyOpTypeTag(), /*benefit=*/1, ctx) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    if (!isa_and_nonnull<tensor::TensorDialect>(op->getDialect()))
      return failure();
    SmallVector<Type> resultTypes;
    if (failed(getTypeConverter()->convertTypes(op->getResultTypes(),
                                                resultTypes)))
      return failure();
    OperationState state(op->getLoc(), op->getName(), operands, resultTypes,
                         op->getAttrs(), op->getSuccessors());
    for (unsigned i = 0, e = op->getNumRegions(); i < e; ++i)
      state.addRegion();
    Operation *newOp = rewriter.create(state);
    for (auto [from, to] :
         llvm::zip_equal(op->getRegions(), newOp->getRegions())) {
      rewriter.inlineRegionBefore(from, to, to.end());
      if (failed(rewriter.convertRegionTypes(&to, *getTypeConverter())))
        return failure();
    }
    rewriter.replaceOp(op, newOp->getResults());
    return success();
  }
};
} // namespace

//===----------------------------------------------------------------------===//
// Public entry points
//===----------------------------------------------------------------------===//

void mlir::quantx::populateQuantxToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  MLIRContext *ctx = patterns.getContext();
  patterns.add<QuantizeOpLowering, DequantizeOpLowering, RequantizeOpLowering,
               QMatmulOpLowering, QConv2DOpLowering, BatchNormOpLowering,
               StorageCastLowering>(typeConverter, ctx);
  patterns.add<TensorOpTypeConversion>(typeConverter, ctx);
  populateCodebookToLinalgConversionPatterns(typeConverter, patterns);
}

void mlir::quantx::populateQuantxToLinalgConversionPatternsAndLegality(
    const TypeConverter &typeConverter, RewritePatternSet &patterns,
    ConversionTarget &target) {
  populateQuantxToLinalgConversionPatterns(typeConverter, patterns);
  populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(
      patterns, typeConverter);
  populateReturnOpTypeConversionPattern(patterns, typeConverter);
  populateCallOpTypeConversionPattern(patterns, typeConverter);
  scf::populateSCFStructuralTypeConversionsAndLegality(typeConverter, patterns,
                                                       target);

  target.addIllegalDialect<QuantxDialect>();
  // A vector-level op of the fast lowerings, lowered after bufferization
  // (convert-quantx-byte-lookup).
  target.addLegalOp<ByteLookupOp>();
  target.addIllegalOp<quant::StorageCastOp>();
  target.addDynamicallyLegalOp<func::FuncOp>([&typeConverter](func::FuncOp op) {
    return typeConverter.isSignatureLegal(op.getFunctionType()) &&
           typeConverter.isLegal(&op.getBody());
  });
  target.markUnknownOpDynamicallyLegal(
      [&typeConverter](Operation *op) { return typeConverter.isLegal(op); });
}

/// Whether the patterns above rewrite `op` when it has quantized types:
/// quantx ops, quant.scast, function signatures, calls and returns, `scf`
/// control flow and `tensor` ops.
static bool isConvertibleWithQuantizedTypes(Operation *op) {
  Dialect *dialect = op->getDialect();
  if (dialect && isa<QuantxDialect, tensor::TensorDialect>(dialect))
    return true;
  return isa<quant::StorageCastOp, func::FuncOp, func::CallOp, func::ReturnOp,
             scf::ForOp, scf::IfOp, scf::WhileOp, scf::ConditionOp,
             scf::YieldOp, scf::IndexSwitchOp>(op);
}

/// Reports every op that carries quantized types (in its operands, results
/// or block arguments) and that no pattern rewrites, with a hint for the
/// upstream quant casts; the ops nested in a reported op are not reported
/// again. Dialect conversion would only say "failed to legalize".
static LogicalResult checkConvertible(Operation *root,
                                      const TypeConverter &typeConverter) {
  auto isLegal = [&](Operation *op) {
    if (!typeConverter.isLegal(op))
      return false;
    for (Region &region : op->getRegions())
      for (Block &block : region)
        if (!typeConverter.isLegal(block.getArgumentTypes()))
          return false;
    return true;
  };
  bool anyUnsupported = false;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    if (isLegal(op) || isConvertibleWithQuantizedTypes(op))
      return WalkResult::advance();
    InFlightDiagnostic diag =
        op->emitOpError("uses quantized types, which convert-quantx-to-linalg "
                        "cannot lower for this op");
    if (isa<quant::QuantizeCastOp>(op))
      diag << "; use quantx.quantize (which names its rounding mode), or run "
              "lower-quant-ops first";
    else if (isa<quant::DequantizeCastOp>(op))
      diag << "; use quantx.dequantize, or run lower-quant-ops first";
    else if (isa_and_nonnull<quant::QuantDialect>(op->getDialect()))
      diag << "; run lower-quant-ops first";
    anyUnsupported = true;
    return WalkResult::skip();
  });
  return failure(anyUnsupported);
}

namespace {
struct ConvertQuantxToLinalgPass
    : quantx::impl::ConvertQuantxToLinalgBase<ConvertQuantxToLinalgPass> {
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    QuantStorageTypeConverter typeConverter;
    if (failed(checkConvertible(getOperation(), typeConverter)))
      return signalPassFailure();
    ConversionTarget target(*ctx);
    RewritePatternSet patterns(ctx);
    populateQuantxToLinalgConversionPatternsAndLegality(typeConverter,
                                                        patterns, target);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
