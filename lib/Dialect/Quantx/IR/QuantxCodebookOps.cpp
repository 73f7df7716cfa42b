//===- QuantxCodebookOps.cpp - codebook-quantized weights: verifiers ------===//
//
// Verifiers of quantx.codebook_dequantize and quantx.codebook_matmul (the op
// classes are generated with the other quantx ops in QuantxOps.cpp).
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "quantx/Dialect/Quantx/IR/CodebookUtils.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"

#include <cstring>

using namespace mlir;
using namespace mlir::quantx;

/// Prints a shape as `[4, ?, 8]`.
static std::string shapeString(ArrayRef<int64_t> shape) {
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

/// Checks the centroids and codes shared by both ops: ranks, static shapes,
/// the index width fixed by the number of centroids, and codebooks that
/// split the blocks evenly.
static LogicalResult verifyCodebook(Operation *op, RankedTensorType centroids,
                                    RankedTensorType codes) {
  int64_t rank = centroids.getRank();
  if (rank != 2 && rank != 3)
    return op->emitOpError("centroids must have rank 2 (C x d) or 3 "
                           "(G x C x d), got rank ")
           << rank;
  if (!centroids.hasStaticShape())
    return op->emitOpError("centroids must have a static shape, got ")
           << shapeString(centroids.getShape());
  if (llvm::is_contained(centroids.getShape(), 0))
    return op->emitOpError("centroids must have no empty dimension, got ")
           << shapeString(centroids.getShape());
  if (codes.getRank() != 2)
    return op->emitOpError("codes must have rank 2 (S blocks x N columns), "
                           "got rank ")
           << codes.getRank()
           << "; additive codebooks (several indices per block) are not "
              "implemented";
  if (!codes.hasStaticShape())
    return op->emitOpError("codes must have a static shape, got ")
           << shapeString(codes.getShape());

  int64_t numCentroids = centroids.getDimSize(rank - 2);
  if (numCentroids > 65536)
    return op->emitOpError("at most 65536 centroids are supported, got ")
           << numCentroids;
  unsigned width = codes.getElementType().getIntOrFloatBitWidth();
  unsigned expected = numCentroids <= 256 ? 8 : 16;
  if (width != expected)
    return op->emitOpError("codes must be i")
           << expected << " for " << numCentroids
           << " centroids (i8 up to 256, i16 up to 65536), got i" << width;

  int64_t numCodebooks = rank == 3 ? centroids.getDimSize(0) : 1;
  int64_t numBlocks = codes.getDimSize(0);
  if (numBlocks % numCodebooks != 0)
    return op->emitOpError("the number of codebooks G = ")
           << numCodebooks << " must divide the number of blocks S = "
           << numBlocks;
  return success();
}

//===----------------------------------------------------------------------===//
// CodebookDequantizeOp
//===----------------------------------------------------------------------===//

SmallVector<int64_t> CodebookDequantizeOp::getColumnDims() {
  SmallVector<int64_t> dims;
  ArrayRef<int64_t> reduction = getReductionDims();
  for (int64_t d = 0, e = getResult().getType().getRank(); d < e; ++d)
    if (!llvm::is_contained(reduction, d))
      dims.push_back(d);
  return dims;
}

LogicalResult CodebookDequantizeOp::verify() {
  RankedTensorType centroids = getCentroids().getType();
  RankedTensorType codes = getCodes().getType();
  RankedTensorType result = getResult().getType();
  if (failed(verifyCodebook(*this, centroids, codes)))
    return failure();

  ArrayRef<int64_t> reduction = getReductionDims();
  int64_t rank = result.getRank();
  llvm::SmallSet<int64_t, 4> seen;
  bool valid = !reduction.empty();
  for (int64_t d : reduction)
    valid &= d >= 0 && d < rank && seen.insert(d).second;
  if (!valid)
    return emitOpError("reduction_dims must be a non-empty list of distinct "
                       "dimensions of the rank-")
           << rank << " result, got " << shapeString(reduction);
  if (!result.hasStaticShape())
    return emitOpError("result must have a static shape, got ")
           << shapeString(result.getShape());

  int64_t k = 1, n = 1;
  for (int64_t d : reduction)
    k *= result.getDimSize(d);
  for (int64_t d : getColumnDims())
    n *= result.getDimSize(d);
  int64_t blockSize = getBlockSize();
  if (k % blockSize != 0)
    return emitOpError("reduction size K = ")
           << k << " is not a multiple of the block size d = " << blockSize;
  if (codes.getDimSize(0) != k / blockSize || codes.getDimSize(1) != n)
    return emitOpError("codes must have shape [S, N] = ")
           << shapeString({k / blockSize, n}) << " for this result, got "
           << shapeString(codes.getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// CodebookMatmulOp
//===----------------------------------------------------------------------===//

LogicalResult CodebookMatmulOp::verify() {
  RankedTensorType input = getInput().getType();
  RankedTensorType centroids = getCentroids().getType();
  RankedTensorType codes = getCodes().getType();
  RankedTensorType result = getResult().getType();
  if (failed(verifyCodebook(*this, centroids, codes)))
    return failure();
  if (input.getRank() != 2)
    return emitOpError("input must have rank 2 (M x K), got rank ")
           << input.getRank();
  if (result.getRank() != 2)
    return emitOpError("result must have rank 2 (M x N), got rank ")
           << result.getRank();

  int64_t blockSize = getBlockSize(), numBlocks = getNumBlocks();
  int64_t k = input.getDimSize(1);
  if (!ShapedType::isDynamic(k) && k != numBlocks * blockSize)
    return emitOpError("input reduction size K = ")
           << k << " does not match the codes and centroids: S * d = "
           << numBlocks << " * " << blockSize << " = " << numBlocks * blockSize;
  int64_t m = input.getDimSize(0), resultM = result.getDimSize(0);
  int64_t n = getNumColumns();
  bool mMatches = ShapedType::isDynamic(m) || ShapedType::isDynamic(resultM) ||
                  m == resultM;
  if (!mMatches || result.getDimSize(1) != n)
    return emitOpError("result must have shape [M, N] = ")
           << shapeString({m, n}) << ", got "
           << shapeString(result.getShape());
  return success();
}

//===----------------------------------------------------------------------===//
// ByteLookupOp
//===----------------------------------------------------------------------===//

LogicalResult ByteLookupOp::verify() {
  size_t n = getTable().size();
  if (n != 1 && n != 2 && n != 4)
    return emitOpError("table must be 1, 2 or 4 vectors of 64 bytes (64, "
                       "128 or 256 entries), got ")
           << n;
  return success();
}

//===----------------------------------------------------------------------===//
// Reading codebook constants
//===----------------------------------------------------------------------===//

/// A float of `type` (f16, bf16, f32) stored in `bits` as a float.
static float floatFromBits(FloatType type, uint64_t bits) {
  APFloat value(type.getFloatSemantics(), APInt(type.getWidth(), bits));
  bool lost;
  value.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
  return value.convertToFloat();
}

LogicalResult mlir::quantx::readFloatElements(Attribute attr,
                                             std::vector<float> &out) {
  auto elements = dyn_cast<ElementsAttr>(attr);
  if (!elements)
    return failure();
  auto type = dyn_cast<FloatType>(elements.getElementType());
  if (!type || !(type.isF16() || type.isBF16() || type.isF32()))
    return failure();
  int64_t n = elements.getNumElements();
  out.resize(n);
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    if (type.isF32()) {
      auto values = dense.getValues<float>();
      std::copy(values.begin(), values.end(), out.begin());
      return success();
    }
    int64_t i = 0;
    for (const APFloat &v : dense.getValues<APFloat>())
      out[i++] = floatFromBits(type, v.bitcastToAPInt().getZExtValue());
    return success();
  }
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    ArrayRef<char> data = resource.getData();
    size_t width = type.getWidth() / 8;
    if (data.size() != size_t(n) * width)
      return failure();
    for (int64_t i = 0; i < n; ++i) {
      if (width == 4) {
        std::memcpy(&out[i], data.data() + i * 4, 4);
        continue;
      }
      uint16_t bits;
      std::memcpy(&bits, data.data() + i * 2, 2);
      out[i] = floatFromBits(type, bits);
    }
    return success();
  }
  return failure();
}

