//===- CodebookToLinalg.cpp - reference lowering of the codebook ops ------===//
//
// quantx.codebook_dequantize and quantx.codebook_matmul as linalg.generic
// bodies: the executable definition that the fast lowerings are tested
// against. codebook_matmul follows the table route (dot products of every
// activation block with every centroid, then a gather by index and a sum over
// blocks) and never forms the weights.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToLinalg/QuantxToLinalg.h"

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineExpr.h"
#include "mlir/Transforms/DialectConversion.h"

using namespace mlir;
using namespace mlir::quantx;

/// Converts a float to `type` (extension or truncation; a 16-bit to 16-bit
/// change goes through f32, which is exact).
static Value convertFloat(OpBuilder &b, Location loc, Value v, Type type) {
  Type from = v.getType();
  if (from == type)
    return v;
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = type.getIntOrFloatBitWidth();
  if (fromWidth < toWidth)
    return arith::ExtFOp::create(b, loc, type, v);
  if (fromWidth > toWidth)
    return arith::TruncFOp::create(b, loc, type, v);
  Value wide = arith::ExtFOp::create(b, loc, b.getF32Type(), v);
  return arith::TruncFOp::create(b, loc, type, wide);
}

/// A zero-filled f32 tensor of `shape` (dynamic sizes from `dynamicSizes`).
static Value zeroTensor(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                        ValueRange dynamicSizes) {
  Type f32 = b.getF32Type();
  Value empty = tensor::EmptyOp::create(b, loc, shape, f32, dynamicSizes);
  Value zero = arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(0));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// The index of the codebook that block `j` uses: j / (S / G).
static Value codebookOfBlock(OpBuilder &b, Location loc, Value j,
                             int64_t numBlocks, int64_t numCodebooks) {
  if (numCodebooks == 1)
    return {};
  Value perCodebook =
      arith::ConstantIndexOp::create(b, loc, numBlocks / numCodebooks);
  return arith::DivUIOp::create(b, loc, j, perCodebook);
}

/// Reads the centroid value (codebook `g`, centroid `index`, position `t`).
static Value extractCentroid(OpBuilder &b, Location loc, Value centroids,
                             Value g, Value index, Value t) {
  SmallVector<Value> indices;
  if (g)
    indices.push_back(g);
  indices.append({index, t});
  return tensor::ExtractOp::create(b, loc, centroids, indices);
}

/// Zero-extends a code (i8 or i16, read as unsigned) to an index.
static Value codeToIndex(OpBuilder &b, Location loc, Value code) {
  Value wide = arith::ExtUIOp::create(b, loc, b.getI64Type(), code);
  return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), wide);
}

namespace {
//===----------------------------------------------------------------------===//
// codebook_dequantize
//===----------------------------------------------------------------------===//

/// One generic over the weight: for each element, k (the flattened reduction
/// position) and n (the flattened column position) index the code through an
/// affine map; the body reads the centroid value at (g(k / d), code, k mod d).
struct CodebookDequantizeOpLowering
    : OpConversionPattern<CodebookDequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CodebookDequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    RankedTensorType resultType = op.getResult().getType();
    ArrayRef<int64_t> shape = resultType.getShape();
    unsigned rank = resultType.getRank();
    ArrayRef<int64_t> reduction = op.getReductionDims();
    SmallVector<int64_t> columns = op.getColumnDims();
    int64_t d = op.getBlockSize();

    // k and n as row-major flattenings, with their per-dimension strides.
    auto flatten = [&](ArrayRef<int64_t> dims,
                       SmallVector<int64_t> &strides) -> AffineExpr {
      AffineExpr e = getAffineConstantExpr(0, ctx);
      int64_t stride = 1;
      strides.assign(dims.size(), 0);
      for (size_t i = dims.size(); i-- > 0;) {
        strides[i] = stride;
        e = e + getAffineDimExpr(dims[i], ctx) * stride;
        stride *= shape[dims[i]];
      }
      return e;
    };
    SmallVector<int64_t> kStrides, nStrides;
    AffineExpr k = flatten(reduction, kStrides);
    AffineExpr n = flatten(columns, nStrides);
    AffineMap codesMap = AffineMap::get(rank, 0, {k.floorDiv(d), n}, ctx);
    AffineMap identity = rewriter.getMultiDimIdentityMap(rank);

    Type elementType = resultType.getElementType();
    Value init = tensor::EmptyOp::create(rewriter, loc, shape, elementType);
    int64_t numBlocks = op.getNumBlocks(), numCodebooks = op.getNumCodebooks();
    Value centroids = adaptor.getCentroids();
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{resultType}, ValueRange{adaptor.getCodes()},
        ValueRange{init}, ArrayRef<AffineMap>{codesMap, identity}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          // k = sum_i index(reduction[i]) * stride_i, in index arithmetic.
          Value kv = arith::ConstantIndexOp::create(b, l, 0);
          for (auto [dim, stride] : llvm::zip_equal(reduction, kStrides)) {
            Value i = linalg::IndexOp::create(b, l, dim);
            Value term = arith::MulIOp::create(
                b, l, i, arith::ConstantIndexOp::create(b, l, stride));
            kv = arith::AddIOp::create(b, l, kv, term);
          }
          Value dv = arith::ConstantIndexOp::create(b, l, d);
          Value j = arith::DivUIOp::create(b, l, kv, dv);
          Value t = arith::RemUIOp::create(b, l, kv, dv);
          Value g = codebookOfBlock(b, l, j, numBlocks, numCodebooks);
          Value v = extractCentroid(b, l, centroids, g,
                                    codeToIndex(b, l, args[0]), t);
          linalg::YieldOp::create(b, l, convertFloat(b, l, v, elementType));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

//===----------------------------------------------------------------------===//
// codebook_matmul
//===----------------------------------------------------------------------===//

/// The table route in two generics:
///   T[m, j, c] = sum_t x[m, j*d + t] * centroids[g(j), c, t]   (f32)
///   y[m, n]    = sum_j T[m, j, codes[j, n]]                     (f32)
/// then a conversion to the result type when it is not f32.
struct CodebookMatmulOpLowering : OpConversionPattern<CodebookMatmulOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(CodebookMatmulOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *ctx = rewriter.getContext();
    Value x = adaptor.getInput();
    Value centroids = adaptor.getCentroids();
    Value codes = adaptor.getCodes();
    int64_t numBlocks = op.getNumBlocks(), numCodebooks = op.getNumCodebooks();
    int64_t c = op.getNumCentroids(), d = op.getBlockSize();
    int64_t n = op.getNumColumns();
    int64_t m = op.getInput().getType().getDimSize(0);
    SmallVector<Value> dynamicM;
    if (ShapedType::isDynamic(m))
      dynamicM.push_back(tensor::DimOp::create(rewriter, loc, x, 0));
    Type f32 = rewriter.getF32Type();
    auto dim = [&](unsigned i) { return getAffineDimExpr(i, ctx); };

    // Tables: loops (m, j, c, t).
    AffineExpr lm = dim(0), lj = dim(1), lc = dim(2), lt = dim(3);
    AffineMap xMap = AffineMap::get(4, 0, {lm, lj * d + lt}, ctx);
    SmallVector<AffineExpr> centroidExprs;
    if (numCodebooks > 1)
      centroidExprs.push_back(lj.floorDiv(numBlocks / numCodebooks));
    centroidExprs.append({lc, lt});
    AffineMap centroidMap = AffineMap::get(4, 0, centroidExprs, ctx);
    AffineMap tableMap = AffineMap::get(4, 0, {lm, lj, lc}, ctx);
    Value tableInit = zeroTensor(rewriter, loc, {m, numBlocks, c}, dynamicM);
    SmallVector<utils::IteratorType> tableIterators(
        3, utils::IteratorType::parallel);
    tableIterators.push_back(utils::IteratorType::reduction);
    Value table =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{tableInit.getType()},
            ValueRange{x, centroids}, ValueRange{tableInit},
            ArrayRef<AffineMap>{xMap, centroidMap, tableMap}, tableIterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value xv = convertFloat(b, l, args[0], f32);
              Value cv = convertFloat(b, l, args[1], f32);
              Value prod = arith::MulFOp::create(b, l, xv, cv);
              linalg::YieldOp::create(
                  b, l, arith::AddFOp::create(b, l, args[2], prod).getResult());
            })
            .getResult(0);

    // Gather and sum: loops (m, n, j).
    AffineExpr gm = dim(0), gn = dim(1), gj = dim(2);
    AffineMap codesMap = AffineMap::get(3, 0, {gj, gn}, ctx);
    AffineMap outMap = AffineMap::get(3, 0, {gm, gn}, ctx);
    Value outInit = zeroTensor(rewriter, loc, {m, n}, dynamicM);
    SmallVector<utils::IteratorType> gatherIterators(
        2, utils::IteratorType::parallel);
    gatherIterators.push_back(utils::IteratorType::reduction);
    Value sum = linalg::GenericOp::create(
                    rewriter, loc, TypeRange{outInit.getType()},
                    ValueRange{codes}, ValueRange{outInit},
                    ArrayRef<AffineMap>{codesMap, outMap}, gatherIterators,
                    [&](OpBuilder &b, Location l, ValueRange args) {
                      Value mi = linalg::IndexOp::create(b, l, 0);
                      Value ji = linalg::IndexOp::create(b, l, 2);
                      Value entry = tensor::ExtractOp::create(
                          b, l, table,
                          ValueRange{mi, ji, codeToIndex(b, l, args[0])});
                      linalg::YieldOp::create(
                          b, l, arith::AddFOp::create(b, l, args[1], entry).getResult());
                    })
                    .getResult(0);

    Type resultElement = op.getResult().getType().getElementType();
    if (resultElement != f32) {
      Value init = tensor::EmptyOp::create(rewriter, loc, {m, n},
                                           resultElement, dynamicM);
      AffineMap id = rewriter.getMultiDimIdentityMap(2);
      SmallVector<utils::IteratorType> parallel(2,
                                                utils::IteratorType::parallel);
      sum = linalg::GenericOp::create(
                rewriter, loc, TypeRange{init.getType()}, ValueRange{sum},
                ValueRange{init}, ArrayRef<AffineMap>{id, id}, parallel,
                [&](OpBuilder &b, Location l, ValueRange args) {
                  linalg::YieldOp::create(
                      b, l, convertFloat(b, l, args[0], resultElement));
                })
                .getResult(0);
    }
    rewriter.replaceOp(op, sum);
    return success();
  }
};
} // namespace

void mlir::quantx::populateCodebookToLinalgConversionPatterns(
    const TypeConverter &typeConverter, RewritePatternSet &patterns) {
  patterns.add<CodebookDequantizeOpLowering, CodebookMatmulOpLowering>(
      typeConverter, patterns.getContext());
}
