//===- FuseCodebookMatmul.cpp - quantx-fuse-codebook-matmul ---------------===//
//
// A matmul or convolution whose weight is quantx.codebook_dequantize becomes
// quantx.codebook_matmul, through im2col for convolutions, so that the
// weights are never rebuilt.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Transforms/Codebook.h"

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#define DEBUG_TYPE "quantx-fuse-codebook-matmul"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXFUSECODEBOOKMATMUL
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

/// Whether `t` is an element type codebook_matmul accepts.
static bool isCodebookFloat(Type t) {
  return t.isF16() || t.isBF16() || t.isF32();
}

/// Whether `init` is all zeros (a fill or a constant), so that the layer
/// computes just the product.
static bool isZero(Value init) {
  if (auto fill = init.getDefiningOp<linalg::FillOp>())
    return matchPattern(fill.getInputs()[0], m_AnyZeroFloat());
  return matchPattern(init, m_AnyZeroFloat());
}

/// `product + init` unless `init` is zero.
static Value addInit(PatternRewriter &rewriter, Location loc, Value product,
                     Value init) {
  if (isZero(init))
    return product;
  Value empty = tensor::EmptyOp::create(
      rewriter, loc, tensor::getMixedSizes(rewriter, loc, init),
      getElementTypeOrSelf(init.getType()));
  return linalg::AddOp::create(rewriter, loc, ValueRange{product, init},
                               ValueRange{empty})
      .getResult(0);
}

namespace {
//===----------------------------------------------------------------------===//
// linalg.matmul
//===----------------------------------------------------------------------===//

struct FuseCodebookMatmul : OpRewritePattern<linalg::MatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::MatmulOp op,
                                PatternRewriter &rewriter) const override {
    Value lhs = op.getDpsInputOperand(0)->get();
    Value rhs = op.getDpsInputOperand(1)->get();
    Value init = op.getDpsInitOperand(0)->get();
    auto dequantize = rhs.getDefiningOp<CodebookDequantizeOp>();
    if (!dequantize)
      return rewriter.notifyMatchFailure(
          op, "the right-hand side is not quantx.codebook_dequantize");
    MLIRContext *ctx = op.getContext();
    AffineExpr m = getAffineDimExpr(0, ctx), n = getAffineDimExpr(1, ctx),
               k = getAffineDimExpr(2, ctx);
    SmallVector<AffineMap> maps = op.getIndexingMapsArray();
    if (maps[0] != AffineMap::get(3, 0, {m, k}, ctx) ||
        maps[2] != AffineMap::get(3, 0, {m, n}, ctx))
      return rewriter.notifyMatchFailure(
          op, "the activations or the result are not M x K / M x N");
    // K x N weights have their blocks along dimension 0, N x K ones along 1.
    int64_t blockDim;
    if (maps[1] == AffineMap::get(3, 0, {k, n}, ctx))
      blockDim = 0;
    else if (maps[1] == AffineMap::get(3, 0, {n, k}, ctx))
      blockDim = 1;
    else
      return rewriter.notifyMatchFailure(op, "unsupported weight map");
    if (dequantize.getReductionDims() != ArrayRef<int64_t>{blockDim})
      return rewriter.notifyMatchFailure(
          op, "the codebook blocks are not along the matmul's reduction");
    auto resultType = cast<RankedTensorType>(op.getResultTypes()[0]);
    if (!isCodebookFloat(getElementTypeOrSelf(lhs.getType())) ||
        !isCodebookFloat(resultType.getElementType()))
      return rewriter.notifyMatchFailure(op, "not an f16/bf16/f32 matmul");

    Location loc = op.getLoc();
    Value product = CodebookMatmulOp::create(
        rewriter, loc, resultType, lhs, dequantize.getCentroids(),
        dequantize.getCodes());
    rewriter.replaceOp(op, addInit(rewriter, loc, product, init));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Convolutions, through im2col
//===----------------------------------------------------------------------===//

/// Rewrites a 2-D convolution (groups 1) with a codebook filter:
///   cols[n, oh, ow, r0, r1, r2] = input at (n, oh*sh + kh*dh, ow*sw + kw*dw,
///                                 c), with (r0, r1, r2) the filter's
///                                 reduction dims in their flattening order
///   y = codebook_matmul(collapse(cols) : (N*OH*OW) x K) : (N*OH*OW) x F
/// then y is expanded to N x OH x OW x F (and transposed for NCHW).
template <typename ConvOp, bool Nchw>
struct FuseCodebookConv : OpRewritePattern<ConvOp> {
  using OpRewritePattern<ConvOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ConvOp op,
                                PatternRewriter &rewriter) const override {
    Value input = op.getDpsInputOperand(0)->get();
    Value filter = op.getDpsInputOperand(1)->get();
    Value init = op.getDpsInitOperand(0)->get();
    auto dequantize = filter.getDefiningOp<CodebookDequantizeOp>();
    if (!dequantize)
      return rewriter.notifyMatchFailure(
          op, "the filter is not quantx.codebook_dequantize");
    // Filter dims: NCHW F x C x KH x KW, NHWC KH x KW x C x F.
    const int64_t cDim = Nchw ? 1 : 2, khDim = Nchw ? 2 : 0,
                  kwDim = Nchw ? 3 : 1;
    ArrayRef<int64_t> reduction = dequantize.getReductionDims();
    SmallVector<int64_t> sorted(reduction);
    llvm::sort(sorted);
    SmallVector<int64_t> expected = {cDim, khDim, kwDim};
    llvm::sort(expected);
    if (sorted != expected)
      return rewriter.notifyMatchFailure(
          op, "the codebook blocks are not along the convolution's reduction "
              "(C, KH, KW)");
    auto inputType = cast<RankedTensorType>(input.getType());
    auto resultType = cast<RankedTensorType>(op.getResultTypes()[0]);
    if (!isCodebookFloat(inputType.getElementType()) ||
        !isCodebookFloat(resultType.getElementType()))
      return rewriter.notifyMatchFailure(op, "not an f16/bf16/f32 conv");

    Location loc = op.getLoc();
    MLIRContext *ctx = op.getContext();
    ArrayRef<int64_t> filterShape = dequantize.getResult().getType().getShape();
    SmallVector<int64_t> strides(op.getStrides().template getValues<int64_t>());
    SmallVector<int64_t> dilations(
        op.getDilations().template getValues<int64_t>());

    // Sizes N, OH, OW from the init (the result shape).
    SmallVector<OpFoldResult> initSizes =
        tensor::getMixedSizes(rewriter, loc, init);
    SmallVector<OpFoldResult> outSizes =
        Nchw ? SmallVector<OpFoldResult>{initSizes[0], initSizes[2],
                                         initSizes[3]}
             : SmallVector<OpFoldResult>{initSizes[0], initSizes[1],
                                         initSizes[2]};
    SmallVector<OpFoldResult> colSizes = outSizes;
    for (int64_t d : reduction)
      colSizes.push_back(rewriter.getIndexAttr(filterShape[d]));
    Type inputElement = inputType.getElementType();
    Value colInit =
        tensor::EmptyOp::create(rewriter, loc, colSizes, inputElement);

    // Loops (n, oh, ow, r0, r1, r2): r_i walks filter dim reduction[i].
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };
    AffineExpr kh, kw, c;
    for (auto [i, d] : llvm::enumerate(reduction)) {
      AffineExpr e = dim(3 + i);
      if (d == khDim)
        kh = e;
      else if (d == kwDim)
        kw = e;
      else
        c = e;
    }
    AffineExpr ih = dim(1) * strides[0] + kh * dilations[0];
    AffineExpr iw = dim(2) * strides[1] + kw * dilations[1];
    AffineMap inputMap =
        Nchw ? AffineMap::get(6, 0, {dim(0), c, ih, iw}, ctx)
             : AffineMap::get(6, 0, {dim(0), ih, iw, c}, ctx);
    AffineMap identity = rewriter.getMultiDimIdentityMap(6);
    SmallVector<utils::IteratorType> parallel(6,
                                              utils::IteratorType::parallel);
    Value cols =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{colInit.getType()}, ValueRange{input},
            ValueRange{colInit}, ArrayRef<AffineMap>{inputMap, identity},
            parallel,
            [](OpBuilder &b, Location l, ValueRange args) {
              linalg::YieldOp::create(b, l, args[0]);
            })
            .getResult(0);
    SmallVector<ReassociationIndices> rowsAndK = {{0, 1, 2}, {3, 4, 5}};
    Value matrix =
        tensor::CollapseShapeOp::create(rewriter, loc, cols, rowsAndK);

    int64_t f = filterShape[Nchw ? 0 : 3];
    auto matrixType = cast<RankedTensorType>(matrix.getType());
    auto productType = RankedTensorType::get(
        {matrixType.getDimSize(0), f}, resultType.getElementType());
    Value product = CodebookMatmulOp::create(rewriter, loc, productType,
                                             matrix, dequantize.getCentroids(),
                                             dequantize.getCodes());
    SmallVector<OpFoldResult> nhwf = outSizes;
    nhwf.push_back(rewriter.getIndexAttr(f));
    SmallVector<int64_t> nhwfStatic;
    for (OpFoldResult size : nhwf)
      nhwfStatic.push_back(getConstantIntValue(size).value_or(
          ShapedType::kDynamic));
    auto nhwfType =
        RankedTensorType::get(nhwfStatic, resultType.getElementType());
    Value result = tensor::ExpandShapeOp::create(
        rewriter, loc, nhwfType, product,
        SmallVector<ReassociationIndices>{{0, 1, 2}, {3}}, nhwf);
    if (Nchw) {
      Value empty = tensor::EmptyOp::create(rewriter, loc, initSizes,
                                            resultType.getElementType());
      result = linalg::TransposeOp::create(rewriter, loc, result, empty,
                                           ArrayRef<int64_t>{0, 3, 1, 2})
                   .getResult()[0];
    }
    if (result.getType() != resultType)
      result = tensor::CastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(op, addInit(rewriter, loc, result, init));
    return success();
  }
};
} // namespace

void mlir::quantx::populateFuseCodebookMatmulPatterns(
    RewritePatternSet &patterns) {
  patterns.add<FuseCodebookMatmul,
               FuseCodebookConv<linalg::Conv2DNhwcHwcfOp, /*Nchw=*/false>,
               FuseCodebookConv<linalg::Conv2DNchwFchwOp, /*Nchw=*/true>>(
      patterns.getContext());
}

namespace {
struct QuantxFuseCodebookMatmulPass
    : quantx::impl::QuantxFuseCodebookMatmulBase<
          QuantxFuseCodebookMatmulPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    populateFuseCodebookMatmulPatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
