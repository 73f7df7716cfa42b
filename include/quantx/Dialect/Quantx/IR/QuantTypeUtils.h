//===- QuantTypeUtils.h - helpers over upstream quant types -----*- C++ -*-===//
//
// Uniform access to the parameters of the upstream `quant` element types that
// quantx accepts (per-tensor, per-axis, sub-channel) and of signless integers,
// which quantx treats as signed values with zero point 0.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTTYPEUTILS_H
#define QUANTX_DIALECT_QUANTX_IR_QUANTTYPEUTILS_H

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace mlir {
namespace quantx {

/// Whether `t` is a uniform quantized type quantx computes with: per-tensor,
/// per-axis or sub-channel (not `!quant.any` or `!quant.calibrated`).
bool isUniformQuantized(Type t);

/// The storage integer type of a quantized element type, or `t` itself when
/// it is a signless integer. Null for anything else.
IntegerType getStorageIntegerType(Type t);

/// Whether the storage of `t` is unsigned (`!quant.uniform<u8:...>`).
bool isUnsignedStorage(Type t);

/// The storage range: from the quantized type, or the full signed range of a
/// signless integer.
int64_t getStorageMin(Type t);
int64_t getStorageMax(Type t);

/// Scales of a quantized type, flattened (one for per-tensor, one per index
/// for per-axis, row-major over the scale tensor for sub-channel). Empty for a
/// signless integer.
SmallVector<double> getScales(Type t);

/// Zero points, flattened like the scales; {0} for a signless integer.
SmallVector<int64_t> getZeroPoints(Type t);

/// The quantized dimension of a per-axis type.
std::optional<int32_t> getPerAxisDimension(Type t);

/// Whether `t` has a single scale and zero point (per-tensor quantized or a
/// signless integer).
bool isPerTensor(Type t);

/// max |q - zero_point| over the storage range and every zero point.
uint64_t getMaxAbsDeviation(Type t);

/// The float type quantize/dequantize compute in: f64 for an f64 expressed
/// type, f32 otherwise.
FloatType getComputationType(Type expressedType);

/// For the element at `index` of a tensor of `shape` with quantized element
/// type `t`, the position of its scale/zero point in the flattened lists.
int64_t getQuantParamIndex(Type t, ArrayRef<int64_t> shape,
                           ArrayRef<int64_t> index);

/// Checks that every zero point of `elementType` lies in its storage range,
/// as the scalar definitions of QuantizationMath.h require (NaN quantizes to
/// the zero point; requantize bounds |x - zero_point|). The quant dialect
/// itself accepts any 64-bit zero point. Succeeds for signless integers.
/// `what` names the value in the message ("result", "lhs").
LogicalResult
verifyZeroPointsInStorageRange(function_ref<InFlightDiagnostic()> emitError,
                               Type elementType, StringRef what);

/// Checks that the shape of `type` fits the parameters of its quantized
/// element type: a per-axis dimension in range, static and of the size of
/// the scale list; sub-channel blocks that tile static dimensions.
/// `what` names the value in the messages ("result", "input").
LogicalResult
verifyQuantizedTensorShape(function_ref<InFlightDiagnostic()> emitError,
                           RankedTensorType type, StringRef what);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTTYPEUTILS_H
