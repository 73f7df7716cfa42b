/*===-- quantx-c/Dialect/Quantx.h - C API for the quantx dialect --*- C -*-===*\
|*                                                                            *|
|* The quantx dialect for C and for other languages' bindings, in the style  *|
|* of MLIR's own C API (mlir-c/): the dialect handle, the rounding-mode and   *|
|* conv-layout attributes, and quantx.requantize built from, and read back   *|
|* as, fixed-point multipliers and shifts. Quantized element types are       *|
|* upstream's (mlir-c/Dialect/Quant.h, also in libQuantXCAPI.so).            *|
|*                                                                            *|
|* Functions never assert on their arguments: a value out of range gives a   *|
|* null result or `false`, as documented on each function.                   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANTX_C_DIALECT_QUANTX_H
#define QUANTX_C_DIALECT_QUANTX_H

#include "mlir-c/IR.h"
#include "mlir-c/Support.h"

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// mlirGetDialectHandle__quantx__(): the quantx dialect, for
/// mlirDialectHandleInsertDialect / mlirDialectHandleLoadDialect.
MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Quantx, quantx);

//===----------------------------------------------------------------------===//
// Rounding modes: #quantx.rounding<...>
//===----------------------------------------------------------------------===//

/// The rounding modes of quantx (docs/Dialect.md). The values are those of
/// the C++ enum mlir::quantx::RoundingMode. The type is an integer, not the
/// enum, so that any value a caller passes is defined behaviour on the C++
/// side (and rejected there when it is not a mode).
typedef int32_t MlirQuantxRoundingMode;
enum {
  MlirQuantxRoundingModeHalfToEven = 0,
  MlirQuantxRoundingModeHalfAwayFromZero = 1,
  MlirQuantxRoundingModeHalfUp = 2,
  MlirQuantxRoundingModeTowardZero = 3,
  MlirQuantxRoundingModeDoubleRound = 4,
};

/// Whether `attr` is a #quantx.rounding<...> attribute.
MLIR_CAPI_EXPORTED bool mlirAttributeIsAQuantxRoundingModeAttr(MlirAttribute attr);

/// #quantx.rounding<mode>, or a null attribute when `mode` is not one of the
/// enumerators above.
MLIR_CAPI_EXPORTED MlirAttribute
mlirQuantxRoundingModeAttrGet(MlirContext ctx, MlirQuantxRoundingMode mode);

/// The mode of a #quantx.rounding<...> attribute (which must be one).
MLIR_CAPI_EXPORTED MlirQuantxRoundingMode
mlirQuantxRoundingModeAttrGetValue(MlirAttribute attr);

/// The TypeID of the attribute class.
MLIR_CAPI_EXPORTED MlirTypeID mlirQuantxRoundingModeAttrGetTypeID(void);

/// The keyword of `mode` as the IR spells it ("half_to_even", ...); an empty
/// string for a value that is not a mode.
MLIR_CAPI_EXPORTED MlirStringRef
mlirQuantxRoundingModeGetName(MlirQuantxRoundingMode mode);

/// Parses a keyword ("double_round") into `*mode`; false if it is none.
MLIR_CAPI_EXPORTED bool mlirQuantxRoundingModeFromName(MlirStringRef name,
                                                       MlirQuantxRoundingMode *mode);

//===----------------------------------------------------------------------===//
// Convolution layouts: #quantx.layout<...>
//===----------------------------------------------------------------------===//

/// The data layouts of quantx.qconv2d (values of mlir::quantx::ConvLayout).
typedef int32_t MlirQuantxConvLayout;
enum {
  MlirQuantxConvLayoutNhwcHwcf = 0,
  MlirQuantxConvLayoutNchwFchw = 1,
};

MLIR_CAPI_EXPORTED bool mlirAttributeIsAQuantxConvLayoutAttr(MlirAttribute attr);

/// #quantx.layout<layout>, or a null attribute for a value that is not a
/// layout.
MLIR_CAPI_EXPORTED MlirAttribute
mlirQuantxConvLayoutAttrGet(MlirContext ctx, MlirQuantxConvLayout layout);

MLIR_CAPI_EXPORTED MlirQuantxConvLayout
mlirQuantxConvLayoutAttrGetValue(MlirAttribute attr);

MLIR_CAPI_EXPORTED MlirTypeID mlirQuantxConvLayoutAttrGetTypeID(void);

/// "nhwc_hwcf" or "nchw_fchw"; empty for a value that is not a layout.
MLIR_CAPI_EXPORTED MlirStringRef
mlirQuantxConvLayoutGetName(MlirQuantxConvLayout layout);

MLIR_CAPI_EXPORTED bool mlirQuantxConvLayoutFromName(MlirStringRef name,
                                                     MlirQuantxConvLayout *layout);

//===----------------------------------------------------------------------===//
// quantx.requantize
//===----------------------------------------------------------------------===//

/// Computes the normalized (31-bit multiplier, right shift) pairs that
/// encode input_scale / result_scale for quantized element types (per
/// tensor or per axis), as quantx.requantize's type-only builder does.
/// Writes min(capacity, channels) pairs to `multipliers`/`shifts` and the
/// number of channels to `*numChannels`. On failure (a type without scales,
/// channel counts that differ, a ratio that has no encoding) returns failure
/// and passes the reason to `callback` (when not NULL).
MLIR_CAPI_EXPORTED MlirLogicalResult mlirQuantxComputeRequantizeMultipliers(
    MlirType inputElementType, MlirType resultElementType, intptr_t capacity,
    int32_t *multipliers, int8_t *shifts, intptr_t *numChannels,
    MlirStringCallback callback, void *userData);

/// Creates (unattached, not yet verified) `quantx.requantize %input` with
/// result type `resultType` and the multipliers and shifts computed from the
/// two types' scales. Returns a null operation, with the reason passed to
/// `callback`, when the types are not ranked tensors of quantized types or
/// the multipliers cannot be computed.
MLIR_CAPI_EXPORTED MlirOperation mlirQuantxRequantizeOpCreateFromScales(
    MlirLocation loc, MlirType resultType, MlirValue input,
    MlirQuantxRoundingMode rounding, MlirStringCallback callback,
    void *userData);

/// Whether `op` is a quantx.requantize.
MLIR_CAPI_EXPORTED bool mlirOperationIsAQuantxRequantizeOp(MlirOperation op);

/// The number of (multiplier, shift) pairs of a quantx.requantize; 0 if `op`
/// is not one.
MLIR_CAPI_EXPORTED intptr_t
mlirQuantxRequantizeOpGetNumChannels(MlirOperation op);

/// The multiplier and shift of `channel`; false if `op` is not a
/// quantx.requantize or `channel` is out of range.
MLIR_CAPI_EXPORTED bool mlirQuantxRequantizeOpGetChannel(MlirOperation op,
                                                         intptr_t channel,
                                                         int32_t *multiplier,
                                                         int *shift);

/// The rounding mode of a quantx.requantize (which `op` must be).
MLIR_CAPI_EXPORTED MlirQuantxRoundingMode
mlirQuantxRequantizeOpGetRounding(MlirOperation op);

#ifdef __cplusplus
}
#endif

#endif // QUANTX_C_DIALECT_QUANTX_H
