//===- Dialect.cpp - C API for the quantx dialect -------------------------===//

#include "quantx-c/Dialect/Quantx.h"

#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"
#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/CAPI/Support.h"
#include "mlir/IR/Builders.h"

#include <string>
#include <type_traits>

using namespace mlir;
using namespace mlir::quantx;

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Quantx, quantx, QuantxDialect)

// The C enums mirror the C++ ones: a new enumerator in ODS must be added to
// quantx-c/Dialect/Quantx.h too.
static_assert(static_cast<int>(MlirQuantxRoundingModeHalfToEven) ==
                  static_cast<int>(RoundingMode::HalfToEven) &&
              static_cast<int>(MlirQuantxRoundingModeHalfAwayFromZero) ==
                  static_cast<int>(RoundingMode::HalfAwayFromZero) &&
              static_cast<int>(MlirQuantxRoundingModeHalfUp) ==
                  static_cast<int>(RoundingMode::HalfUp) &&
              static_cast<int>(MlirQuantxRoundingModeTowardZero) ==
                  static_cast<int>(RoundingMode::TowardZero) &&
              static_cast<int>(MlirQuantxRoundingModeDoubleRound) ==
                  static_cast<int>(RoundingMode::DoubleRound) &&
              getMaxEnumValForRoundingMode() ==
                  MlirQuantxRoundingModeDoubleRound,
              "MlirQuantxRoundingMode is out of date");
static_assert(static_cast<int>(MlirQuantxConvLayoutNhwcHwcf) ==
                  static_cast<int>(ConvLayout::NhwcHwcf) &&
              static_cast<int>(MlirQuantxConvLayoutNchwFchw) ==
                  static_cast<int>(ConvLayout::NchwFchw) &&
              getMaxEnumValForConvLayout() == MlirQuantxConvLayoutNchwFchw,
              "MlirQuantxConvLayout is out of date");

/// Calls `callback` with `message` when it is set.
static void report(MlirStringCallback callback, void *userData,
                   const std::string &message) {
  if (callback)
    callback(mlirStringRefCreate(message.data(), message.size()), userData);
}

//===----------------------------------------------------------------------===//
// Rounding modes
//===----------------------------------------------------------------------===//

bool mlirAttributeIsAQuantxRoundingModeAttr(MlirAttribute attr) {
  return isa<RoundingModeAttr>(unwrap(attr));
}

MlirAttribute mlirQuantxRoundingModeAttrGet(MlirContext ctx,
                                            MlirQuantxRoundingMode mode) {
  std::optional<RoundingMode> m =
      symbolizeRoundingMode(static_cast<uint32_t>(mode));
  if (!m)
    return MlirAttribute{nullptr};
  return wrap(RoundingModeAttr::get(unwrap(ctx), *m));
}

MlirQuantxRoundingMode mlirQuantxRoundingModeAttrGetValue(MlirAttribute attr) {
  return static_cast<MlirQuantxRoundingMode>(
      cast<RoundingModeAttr>(unwrap(attr)).getValue());
}

MlirTypeID mlirQuantxRoundingModeAttrGetTypeID(void) {
  return wrap(TypeID::get<RoundingModeAttr>());
}

MlirStringRef mlirQuantxRoundingModeGetName(MlirQuantxRoundingMode mode) {
  std::optional<RoundingMode> m =
      symbolizeRoundingMode(static_cast<uint32_t>(mode));
  return wrap(m ? stringifyRoundingMode(*m) : StringRef());
}

bool mlirQuantxRoundingModeFromName(MlirStringRef name,
                                    MlirQuantxRoundingMode *mode) {
  std::optional<RoundingMode> m = symbolizeRoundingMode(unwrap(name));
  if (!m)
    return false;
  *mode = static_cast<MlirQuantxRoundingMode>(*m);
  return true;
}

//===----------------------------------------------------------------------===//
// Convolution layouts
//===----------------------------------------------------------------------===//

bool mlirAttributeIsAQuantxConvLayoutAttr(MlirAttribute attr) {
  return isa<ConvLayoutAttr>(unwrap(attr));
}

MlirAttribute mlirQuantxConvLayoutAttrGet(MlirContext ctx,
                                          MlirQuantxConvLayout layout) {
  std::optional<ConvLayout> l =
      symbolizeConvLayout(static_cast<uint32_t>(layout));
  if (!l)
    return MlirAttribute{nullptr};
  return wrap(ConvLayoutAttr::get(unwrap(ctx), *l));
}

MlirQuantxConvLayout mlirQuantxConvLayoutAttrGetValue(MlirAttribute attr) {
  return static_cast<MlirQuantxConvLayout>(
      cast<ConvLayoutAttr>(unwrap(attr)).getValue());
}

MlirTypeID mlirQuantxConvLayoutAttrGetTypeID(void) {
  return wrap(TypeID::get<ConvLayoutAttr>());
}

MlirStringRef mlirQuantxConvLayoutGetName(MlirQuantxConvLayout layout) {
  std::optional<ConvLayout> l =
      symbolizeConvLayout(static_cast<uint32_t>(layout));
  return wrap(l ? stringifyConvLayout(*l) : StringRef());
}

bool mlirQuantxConvLayoutFromName(MlirStringRef name,
                                  MlirQuantxConvLayout *layout) {
  std::optional<ConvLayout> l = symbolizeConvLayout(unwrap(name));
  if (!l)
    return false;
  *layout = static_cast<MlirQuantxConvLayout>(*l);
  return true;
}

//===----------------------------------------------------------------------===//
// quantx.requantize
//===----------------------------------------------------------------------===//

MlirLogicalResult mlirQuantxComputeRequantizeMultipliers(
    MlirType inputElementType, MlirType resultElementType, intptr_t capacity,
    int32_t *multipliers, int8_t *shifts, intptr_t *numChannels,
    MlirStringCallback callback, void *userData) {
  std::string why;
  auto params = RequantizeOp::computeMultipliers(
      unwrap(inputElementType), unwrap(resultElementType), why);
  if (failed(params)) {
    report(callback, userData, why);
    return mlirLogicalResultFailure();
  }
  intptr_t n = static_cast<intptr_t>(params->first.size());
  if (numChannels)
    *numChannels = n;
  for (intptr_t i = 0; i < std::min(n, capacity); ++i) {
    if (multipliers)
      multipliers[i] = params->first[i];
    if (shifts)
      shifts[i] = params->second[i];
  }
  return mlirLogicalResultSuccess();
}

MlirOperation mlirQuantxRequantizeOpCreateFromScales(
    MlirLocation loc, MlirType resultType, MlirValue input,
    MlirQuantxRoundingMode rounding, MlirStringCallback callback,
    void *userData) {
  auto inTy = dyn_cast<RankedTensorType>(unwrap(input).getType());
  auto resTy = dyn_cast<RankedTensorType>(unwrap(resultType));
  if (!inTy || !resTy) {
    report(callback, userData,
           "quantx.requantize needs ranked tensor input and result types");
    return MlirOperation{nullptr};
  }
  std::optional<RoundingMode> mode =
      symbolizeRoundingMode(static_cast<uint32_t>(rounding));
  if (!mode) {
    report(callback, userData, "not a quantx rounding mode");
    return MlirOperation{nullptr};
  }
  std::string why;
  if (failed(RequantizeOp::computeMultipliers(inTy.getElementType(),
                                              resTy.getElementType(), why))) {
    report(callback, userData, why);
    return MlirOperation{nullptr};
  }
  OpBuilder builder(unwrap(loc)->getContext());
  // The builder asserts that computeMultipliers succeeds, checked above.
  auto op = RequantizeOp::create(builder, unwrap(loc), resTy, unwrap(input),
                                 *mode);
  return wrap(op.getOperation());
}

bool mlirOperationIsAQuantxRequantizeOp(MlirOperation op) {
  return isa<RequantizeOp>(unwrap(op));
}

intptr_t mlirQuantxRequantizeOpGetNumChannels(MlirOperation op) {
  auto requantize = dyn_cast<RequantizeOp>(unwrap(op));
  return requantize ? static_cast<intptr_t>(requantize.getNumChannels()) : 0;
}

bool mlirQuantxRequantizeOpGetChannel(MlirOperation op, intptr_t channel,
                                      int32_t *multiplier, int *shift) {
  auto requantize = dyn_cast<RequantizeOp>(unwrap(op));
  if (!requantize || channel < 0 ||
      static_cast<size_t>(channel) >= requantize.getMultiplier().size() ||
      static_cast<size_t>(channel) >= requantize.getShift().size())
    return false;
  if (multiplier)
    *multiplier = requantize.getMultiplier()[channel];
  if (shift)
    *shift = requantize.getShift()[channel];
  return true;
}

MlirQuantxRoundingMode mlirQuantxRequantizeOpGetRounding(MlirOperation op) {
  return static_cast<MlirQuantxRoundingMode>(
      cast<RequantizeOp>(unwrap(op)).getRounding());
}
