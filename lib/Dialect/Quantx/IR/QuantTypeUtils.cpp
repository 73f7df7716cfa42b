//===- QuantTypeUtils.cpp - helpers over upstream quant types -------------===//

#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"

#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;
using namespace mlir::quantx;

bool mlir::quantx::isUniformQuantized(Type t) {
  return isa<quant::UniformQuantizedType, quant::UniformQuantizedPerAxisType,
             quant::UniformQuantizedSubChannelType>(t);
}

IntegerType mlir::quantx::getStorageIntegerType(Type t) {
  if (auto qt = dyn_cast<quant::QuantizedType>(t))
    return dyn_cast<IntegerType>(qt.getStorageType());
  auto it = dyn_cast<IntegerType>(t);
  return it && it.isSignless() ? it : IntegerType();
}

bool mlir::quantx::isUnsignedStorage(Type t) {
  auto qt = dyn_cast<quant::QuantizedType>(t);
  return qt && !qt.isSigned();
}

int64_t mlir::quantx::getStorageMin(Type t) {
  if (auto qt = dyn_cast<quant::QuantizedType>(t))
    return qt.getStorageTypeMin();
  unsigned width = cast<IntegerType>(t).getWidth();
  return width == 1 ? -1 : -(int64_t(1) << (width - 1));
}

int64_t mlir::quantx::getStorageMax(Type t) {
  if (auto qt = dyn_cast<quant::QuantizedType>(t))
    return qt.getStorageTypeMax();
  unsigned width = cast<IntegerType>(t).getWidth();
  return width == 1 ? 0 : (int64_t(1) << (width - 1)) - 1;
}

SmallVector<double> mlir::quantx::getScales(Type t) {
  if (auto qt = dyn_cast<quant::UniformQuantizedType>(t))
    return {qt.getScale()};
  if (auto qt = dyn_cast<quant::UniformQuantizedPerAxisType>(t))
    return llvm::to_vector(qt.getScales());
  if (auto qt = dyn_cast<quant::UniformQuantizedSubChannelType>(t))
    return llvm::map_to_vector(qt.getScales().getValues<APFloat>(),
                               [](APFloat v) { return v.convertToDouble(); });
  return {};
}

SmallVector<int64_t> mlir::quantx::getZeroPoints(Type t) {
  if (auto qt = dyn_cast<quant::UniformQuantizedType>(t))
    return {qt.getZeroPoint()};
  if (auto qt = dyn_cast<quant::UniformQuantizedPerAxisType>(t))
    return llvm::to_vector(qt.getZeroPoints());
  if (auto qt = dyn_cast<quant::UniformQuantizedSubChannelType>(t)) {
    // Sub-channel zero points are stored at the storage width (u8 zero point
    // 200 is the i8 bit pattern of -56): extend them with its signedness.
    bool isSigned = qt.isSigned();
    return llvm::map_to_vector(
        qt.getZeroPoints().getValues<APInt>(), [&](APInt v) {
          return isSigned ? v.getSExtValue()
                          : static_cast<int64_t>(v.getZExtValue());
        });
  }
  return {0};
}

std::optional<int32_t> mlir::quantx::getPerAxisDimension(Type t) {
  if (auto qt = dyn_cast<quant::UniformQuantizedPerAxisType>(t))
    return qt.getQuantizedDimension();
  return std::nullopt;
}

bool mlir::quantx::isPerTensor(Type t) {
  return isa<quant::UniformQuantizedType>(t) || getStorageIntegerType(t) == t;
}

uint64_t mlir::quantx::getMaxAbsDeviation(Type t) {
  int64_t qmin = getStorageMin(t), qmax = getStorageMax(t);
  uint64_t result = 0;
  for (int64_t zp : getZeroPoints(t))
    result = std::max(result, maxAbsDeviation(qmin, qmax, zp));
  return result;
}

FloatType mlir::quantx::getComputationType(Type expressedType) {
  if (expressedType.isF64())
    return cast<FloatType>(expressedType);
  return Float32Type::get(expressedType.getContext());
}

/// The block size of every dimension of a sub-channel type over `shape`.
static SmallVector<int64_t>
getSubChannelBlockSizes(quant::UniformQuantizedSubChannelType qt,
                        ArrayRef<int64_t> shape) {
  SmallVector<int64_t> blocks(shape.begin(), shape.end());
  for (auto [dim, size] : qt.getBlockSizeInfo())
    blocks[dim] = size;
  return blocks;
}

int64_t mlir::quantx::getQuantParamIndex(Type t, ArrayRef<int64_t> shape,
                                         ArrayRef<int64_t> index) {
  if (auto qt = dyn_cast<quant::UniformQuantizedPerAxisType>(t))
    return index[qt.getQuantizedDimension()];
  if (auto qt = dyn_cast<quant::UniformQuantizedSubChannelType>(t)) {
    ArrayRef<int64_t> scaleShape = qt.getScales().getType().getShape();
    SmallVector<int64_t> blocks = getSubChannelBlockSizes(qt, shape);
    int64_t linear = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      linear = linear * scaleShape[d] + index[d] / blocks[d];
    return linear;
  }
  return 0;
}

LogicalResult mlir::quantx::verifyZeroPointsInStorageRange(
    function_ref<InFlightDiagnostic()> emitError, Type elementType,
    StringRef what) {
  if (!isa<quant::QuantizedType>(elementType))
    return success();
  int64_t qmin = getStorageMin(elementType), qmax = getStorageMax(elementType);
  for (int64_t zp : getZeroPoints(elementType))
    if (zp < qmin || zp > qmax)
      return emitError() << what << " zero point " << zp
                         << " is outside the storage range [" << qmin << ", "
                         << qmax << "]";
  return success();
}

LogicalResult mlir::quantx::verifyQuantizedTensorShape(
    function_ref<InFlightDiagnostic()> emitError, RankedTensorType type,
    StringRef what) {
  Type elementType = type.getElementType();
  int64_t rank = type.getRank();
  if (auto qt = dyn_cast<quant::UniformQuantizedPerAxisType>(elementType)) {
    int64_t dim = qt.getQuantizedDimension();
    if (dim >= rank)
      return emitError() << "quantized dimension " << dim << " of the "
                         << what << " type is out of range for rank " << rank;
    if (type.isDynamicDim(dim))
      return emitError() << "per-axis quantized dimension " << dim
                         << " of the " << what << " must be static";
    int64_t numScales = qt.getScales().size();
    if (type.getDimSize(dim) != numScales)
      return emitError() << what << " dimension " << dim << " has size "
                         << type.getDimSize(dim) << " but its per-axis type has "
                         << numScales << " scales";
    return success();
  }
  if (auto qt = dyn_cast<quant::UniformQuantizedSubChannelType>(elementType)) {
    ArrayRef<int64_t> scaleShape = qt.getScales().getType().getShape();
    if (static_cast<int64_t>(scaleShape.size()) != rank)
      return emitError() << "sub-channel scales of rank " << scaleShape.size()
                         << " do not match the " << what << " rank " << rank;
    SmallVector<int64_t> blocks(rank, ShapedType::kDynamic);
    for (auto [dim, size] : qt.getBlockSizeInfo()) {
      if (dim >= rank)
        return emitError() << "quantized dimension " << dim << " of the "
                           << what << " type is out of range for rank "
                           << rank;
      blocks[dim] = size;
    }
    for (int64_t d = 0; d < rank; ++d) {
      if (blocks[d] == ShapedType::kDynamic) {
        if (scaleShape[d] != 1)
          return emitError() << what << " dimension " << d
                             << " has no block size, so it is one block with "
                             << "one scale, got " << scaleShape[d];
        continue;
      }
      if (type.isDynamicDim(d))
        return emitError() << "sub-channel quantized dimension " << d
                           << " of the " << what << " must be static";
      if (type.getDimSize(d) != scaleShape[d] * blocks[d])
        return emitError() << what << " dimension " << d << " of size "
                           << type.getDimSize(d) << " is not covered by "
                           << scaleShape[d] << " blocks of " << blocks[d];
    }
  }
  return success();
}
