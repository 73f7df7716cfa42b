/*===- quantx-capi-test.c - quantx's C API, used from C -------------------===*\
|*                                                                            *|
|* Built by CMake as a C program that links only libQuantXCAPI.so; the lit   *|
|* test runs it and FileChecks what it prints. Expected numbers are derived  *|
|* by hand in the comments (never printed by quantx and pasted back).        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

/* RUN: quantx-capi-test 2>&1 | FileCheck %s
 */

#include "quantx-c/Dialect/Quantx.h"
#include "quantx-c/Numerics.h"
#include "quantx-c/RegisterEverything.h"

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/Quant.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void printToStdout(MlirStringRef s, void *userData) {
  (void)userData;
  fwrite(s.data, 1, s.length, stdout);
}

static void printAttr(const char *label, MlirAttribute attr) {
  printf("%s: ", label);
  mlirAttributePrint(attr, printToStdout, NULL);
  printf("\n");
}

static MlirContext createContext(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirRegisterAllDialects(registry);
  mlirQuantxRegisterAllDialects(registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  /* Ops built with mlirOperationCreate need their dialect loaded. */
  mlirDialectHandleLoadDialect(mlirGetDialectHandle__func__(), ctx);
  return ctx;
}

/* CHECK-LABEL: testDialect
 * CHECK: namespace: quantx
 * CHECK: loaded: 1
 */
static void testDialect(MlirContext ctx) {
  printf("testDialect\n");
  MlirDialectHandle handle = mlirGetDialectHandle__quantx__();
  MlirStringRef ns = mlirDialectHandleGetNamespace(handle);
  printf("namespace: %.*s\n", (int)ns.length, ns.data);
  MlirDialect dialect = mlirDialectHandleLoadDialect(handle, ctx);
  printf("loaded: %d\n", !mlirDialectIsNull(dialect));
}

/* CHECK-LABEL: testAttributes
 * CHECK: half_to_even: #quantx.rounding<half_to_even>
 * CHECK: half_away_from_zero: #quantx.rounding<half_away_from_zero>
 * CHECK: half_up: #quantx.rounding<half_up>
 * CHECK: toward_zero: #quantx.rounding<toward_zero>
 * CHECK: double_round: #quantx.rounding<double_round>
 * CHECK: invalid mode gives null: 1
 * CHECK: parsed double_round: isa 1 value 4
 * CHECK: from name half_up: 1 -> 2
 * CHECK: from name bogus: 0
 * CHECK: nhwc_hwcf: #quantx.layout<nhwc_hwcf>
 * CHECK: nchw_fchw: #quantx.layout<nchw_fchw>
 * CHECK: parsed layout: isa 1 value 1, not a rounding mode: 1
 */
static void testAttributes(MlirContext ctx) {
  printf("testAttributes\n");
  for (int m = 0; m <= 4; ++m) {
    MlirQuantxRoundingMode mode = (MlirQuantxRoundingMode)m;
    MlirAttribute attr = mlirQuantxRoundingModeAttrGet(ctx, mode);
    MlirStringRef name = mlirQuantxRoundingModeGetName(mode);
    char label[64];
    snprintf(label, sizeof(label), "%.*s", (int)name.length, name.data);
    printAttr(label, attr);
    if (!mlirAttributeIsAQuantxRoundingModeAttr(attr) ||
        mlirQuantxRoundingModeAttrGetValue(attr) != mode)
      printf("round trip of mode %d FAILED\n", m);
  }
  printf("invalid mode gives null: %d\n",
         mlirAttributeIsNull(
             mlirQuantxRoundingModeAttrGet(ctx, (MlirQuantxRoundingMode)17)));

  MlirAttribute parsed = mlirAttributeParseGet(
      ctx, mlirStringRefCreateFromCString("#quantx.rounding<double_round>"));
  printf("parsed double_round: isa %d value %d\n",
         mlirAttributeIsAQuantxRoundingModeAttr(parsed),
         (int)mlirQuantxRoundingModeAttrGetValue(parsed));
  MlirQuantxRoundingMode fromName;
  bool ok = mlirQuantxRoundingModeFromName(
      mlirStringRefCreateFromCString("half_up"), &fromName);
  printf("from name half_up: %d -> %d\n", ok, (int)fromName);
  printf("from name bogus: %d\n",
         mlirQuantxRoundingModeFromName(
             mlirStringRefCreateFromCString("bogus"), &fromName));

  printAttr("nhwc_hwcf",
            mlirQuantxConvLayoutAttrGet(ctx, MlirQuantxConvLayoutNhwcHwcf));
  printAttr("nchw_fchw",
            mlirQuantxConvLayoutAttrGet(ctx, MlirQuantxConvLayoutNchwFchw));
  MlirAttribute layout = mlirAttributeParseGet(
      ctx, mlirStringRefCreateFromCString("#quantx.layout<nchw_fchw>"));
  printf("parsed layout: isa %d value %d, not a rounding mode: %d\n",
         mlirAttributeIsAQuantxConvLayoutAttr(layout),
         (int)mlirQuantxConvLayoutAttrGetValue(layout),
         !mlirAttributeIsAQuantxRoundingModeAttr(layout));
}

/* Fixed-point scales, derived by hand:
 *   0.05 = 0.8 * 2^-4; round(0.8 * 2^31) = round(1717986918.4) = 1717986918,
 *     shift 31 + 4 = 35 (TFLite: multiplier 1717986918, left shift -4).
 *   0.75 = 0.75 * 2^0; 0.75 * 2^31 = 1610612736 exactly, shift 31.
 *   With a 15-bit multiplier: 0.05 -> round(0.8 * 2^15) = round(26214.4) =
 *     26214, shift 15 + 4 = 19.
 *   1717986918 * 2^-35 = 0.049999999988358468 (1717986918 / 34359738368).
 * Requantize of one value (x * 1717986918 / 2^35, then + zero point -3):
 *   x = 1000: 49.99999998835 -> 50 in every nearest mode -> 47.
 *   x = 10: exact 0.49999999988 -> 0 (half_up, half_to_even); double_round
 *     first rounds 10 * M / 2^31 = 7.99999999627 to 8 (half up), then
 *     8 / 2^4 = 0.5 away from zero -> 1: the double-rounding artefact.
 *   x = 2^31 - 1 with zero point -3 and i8 storage saturates to 127.
 *
 * CHECK-LABEL: testNumerics
 * CHECK: 0.05: ok 1 multiplier 1717986918 shift 35
 * CHECK: 0.75: ok 1 multiplier 1610612736 shift 31
 * CHECK: 0.05 in 15 bits: ok 1 multiplier 26214 shift 19
 * CHECK: back to double: ok 1 0.049999999988358468
 * CHECK: negative: ok 0
 * CHECK: NaN: ok 0
 * CHECK: bits 0: ok 0
 * CHECK: tflite 0.05: ok 1 multiplier 1717986918 shift -4
 * CHECK: requantize 1000: ok 1 -> 47
 * CHECK: requantize 10 half_up: ok 1 -> 0
 * CHECK: requantize 10 half_to_even: ok 1 -> 0
 * CHECK: requantize 10 double_round: ok 1 -> 1
 * CHECK: requantize INT32_MAX: ok 1 -> 127
 * CHECK: requantize shift 63: ok 0
 * CHECK: requantize zero point outside range: ok 0
 * CHECK: requantize |x - zp| >= 2^32: ok 0
 * CHECK: quantize 0.125 / 0.25 half_to_even: ok 1 -> 0
 * CHECK: quantize 0.375 / 0.25 half_to_even: ok 1 -> 2
 * CHECK: quantize 0.125 / 0.25 half_away_from_zero: ok 1 -> 1
 * CHECK: quantize NaN: ok 1 -> 5
 * CHECK: quantize +inf: ok 1 -> 127
 * CHECK: quantize -inf: ok 1 -> -128
 * CHECK: quantize double_round: ok 0
 * CHECK: dequantize 7 zp 5 scale 0.25: 0.5
 */
static void testNumerics(void) {
  printf("testNumerics\n");
  MlirQuantxFixedPointScale fp = {-1, -1};
  bool ok = mlirQuantxComputeFixedPointScale(0.05, 31, &fp);
  printf("0.05: ok %d multiplier %" PRId32 " shift %d\n", ok, fp.multiplier,
         fp.shift);
  ok = mlirQuantxComputeFixedPointScale(0.75, 31, &fp);
  printf("0.75: ok %d multiplier %" PRId32 " shift %d\n", ok, fp.multiplier,
         fp.shift);
  ok = mlirQuantxComputeFixedPointScale(0.05, 15, &fp);
  printf("0.05 in 15 bits: ok %d multiplier %" PRId32 " shift %d\n", ok,
         fp.multiplier, fp.shift);
  MlirQuantxFixedPointScale back = {1717986918, 35};
  double real = 0;
  ok = mlirQuantxFixedPointScaleToDouble(back, &real);
  printf("back to double: ok %d %.17g\n", ok, real);
  printf("negative: ok %d\n", mlirQuantxComputeFixedPointScale(-0.5, 31, &fp));
  printf("NaN: ok %d\n", mlirQuantxComputeFixedPointScale(0.0 / 0.0, 31, &fp));
  printf("bits 0: ok %d\n", mlirQuantxComputeFixedPointScale(0.5, 0, &fp));

  int32_t tm = 0;
  int ts = 0;
  ok = mlirQuantxQuantizeMultiplierTflite(0.05, &tm, &ts);
  printf("tflite 0.05: ok %d multiplier %" PRId32 " shift %d\n", ok, tm, ts);

  int64_t r = 0;
  const int32_t m = 1717986918;
  ok = mlirQuantxRequantizeValue(1000, 0, m, 35,
                                 MlirQuantxRoundingModeDoubleRound, -3, -128,
                                 127, &r);
  printf("requantize 1000: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxRequantizeValue(10, 0, m, 35, MlirQuantxRoundingModeHalfUp, 0,
                                 -128, 127, &r);
  printf("requantize 10 half_up: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxRequantizeValue(10, 0, m, 35, MlirQuantxRoundingModeHalfToEven,
                                 0, -128, 127, &r);
  printf("requantize 10 half_to_even: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxRequantizeValue(10, 0, m, 35, MlirQuantxRoundingModeDoubleRound,
                                 0, -128, 127, &r);
  printf("requantize 10 double_round: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxRequantizeValue(INT32_MAX, 0, m, 35,
                                 MlirQuantxRoundingModeDoubleRound, -3, -128,
                                 127, &r);
  printf("requantize INT32_MAX: ok %d -> %" PRId64 "\n", ok, r);
  printf("requantize shift 63: ok %d\n",
         mlirQuantxRequantizeValue(1, 0, m, 63, MlirQuantxRoundingModeHalfUp, 0,
                                   -128, 127, &r));
  printf("requantize zero point outside range: ok %d\n",
         mlirQuantxRequantizeValue(1, 0, m, 35, MlirQuantxRoundingModeHalfUp,
                                   200, -128, 127, &r));
  printf("requantize |x - zp| >= 2^32: ok %d\n",
         mlirQuantxRequantizeValue((int64_t)1 << 31, -((int64_t)1 << 31), m, 35,
                                   MlirQuantxRoundingModeHalfUp, 0, -128, 127,
                                   &r));

  /* 0.125 / 0.25 = 0.5 (a tie), 0.375 / 0.25 = 1.5 (a tie). */
  ok = mlirQuantxQuantizeValueF32(0.125f, 0.25f, 0, -128, 127,
                                  MlirQuantxRoundingModeHalfToEven, &r);
  printf("quantize 0.125 / 0.25 half_to_even: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxQuantizeValueF32(0.375f, 0.25f, 0, -128, 127,
                                  MlirQuantxRoundingModeHalfToEven, &r);
  printf("quantize 0.375 / 0.25 half_to_even: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxQuantizeValueF32(0.125f, 0.25f, 0, -128, 127,
                                  MlirQuantxRoundingModeHalfAwayFromZero, &r);
  printf("quantize 0.125 / 0.25 half_away_from_zero: ok %d -> %" PRId64 "\n",
         ok, r);
  ok = mlirQuantxQuantizeValueF32(0.0f / 0.0f, 0.25f, 5, -128, 127,
                                  MlirQuantxRoundingModeHalfToEven, &r);
  printf("quantize NaN: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxQuantizeValueF32(1.0f / 0.0f, 0.25f, 5, -128, 127,
                                  MlirQuantxRoundingModeHalfToEven, &r);
  printf("quantize +inf: ok %d -> %" PRId64 "\n", ok, r);
  ok = mlirQuantxQuantizeValueF32(-1.0f / 0.0f, 0.25f, 5, -128, 127,
                                  MlirQuantxRoundingModeHalfToEven, &r);
  printf("quantize -inf: ok %d -> %" PRId64 "\n", ok, r);
  printf("quantize double_round: ok %d\n",
         mlirQuantxQuantizeValueF32(1.0f, 0.25f, 0, -128, 127,
                                    MlirQuantxRoundingModeDoubleRound, &r));
  printf("dequantize 7 zp 5 scale 0.25: %g\n",
         (double)mlirQuantxDequantizeValueF32(7, 0.25f, 5));
}

/* Error callbacks may be called with a message in several pieces. */
static void printError(MlirStringRef s, void *userData) {
  (void)userData;
  fwrite(s.data, 1, s.length, stdout);
}

/* Requantize built from scales, derived by hand:
 *   per tensor: 0.0025 / 0.05 = 0.05 -> (1717986918, 35) as above.
 *   per axis {0.001, 0.004} / 0.05 = {0.02, 0.08}:
 *     0.02 = 0.64 * 2^-5, round(0.64 * 2^31) = round(1374389534.72) =
 *       1374389535, shift 36; 0.08 = 0.64 * 2^-3 -> 1374389535, shift 34.
 *
 * CHECK-LABEL: testRequantize
 * CHECK: channels 1: 1717986918 >> 35
 * CHECK: per axis: 2 channels: 1374389535 >> 36, 1374389535 >> 34
 * CHECK: error: both the input and the result must be quantized types with scales
 * CHECK: float types: failure 1
 * CHECK: verifies: 1
 * CHECK: %{{.*}} = quantx.requantize %{{.*}} multiplier [1717986918] shift [35] rounding<double_round> : tensor<4x!quant.uniform<i32:f32, 2.500000e-03>> -> tensor<4x!quant.uniform<i8:f32, 5.000000e-02:-3>>
 * CHECK: is requantize: 1, channels 1, channel 0: 1 1717986918 >> 35, rounding 4
 * CHECK: channel 1: 0
 * CHECK: error: quantx.requantize needs ranked tensor input and result types
 * CHECK: null op: 1
 */
static void testRequantize(MlirContext ctx) {
  printf("testRequantize\n");
  MlirType i8 = mlirIntegerTypeSignedGet(ctx, 8);
  MlirType i32 = mlirIntegerTypeSignedGet(ctx, 32);
  MlirType f32 = mlirF32TypeGet(ctx);
  unsigned sign = mlirQuantizedTypeGetSignedFlag();
  MlirType acc = mlirUniformQuantizedTypeGet(sign, i32, f32, 0.0025, 0,
                                             INT32_MIN, INT32_MAX);
  MlirType out =
      mlirUniformQuantizedTypeGet(sign, i8, f32, 0.05, -3, -128, 127);

  int32_t mult[4] = {0};
  int8_t shift[4] = {0};
  intptr_t n = 0;
  MlirLogicalResult res = mlirQuantxComputeRequantizeMultipliers(
      acc, out, 4, mult, shift, &n, printError, NULL);
  if (mlirLogicalResultIsSuccess(res))
    printf("channels %d: %" PRId32 " >> %d\n", (int)n, mult[0], shift[0]);

  double scales[2] = {0.001, 0.004};
  int64_t zps[2] = {0, 0};
  MlirType perAxis = mlirUniformQuantizedPerAxisTypeGet(
      sign, i32, f32, 2, scales, zps, 0, INT32_MIN, INT32_MAX);
  res = mlirQuantxComputeRequantizeMultipliers(perAxis, out, 4, mult, shift, &n,
                                               printError, NULL);
  if (mlirLogicalResultIsSuccess(res))
    printf("per axis: %d channels: %" PRId32 " >> %d, %" PRId32 " >> %d\n",
           (int)n, mult[0], shift[0], mult[1], shift[1]);
  printf("error: ");
  res = mlirQuantxComputeRequantizeMultipliers(f32, out, 4, mult, shift, &n,
                                               printError, NULL);
  printf("\nfloat types: failure %d\n", mlirLogicalResultIsFailure(res));

  /* Build the op inside a function so that it can be verified. */
  int64_t shape[1] = {4};
  MlirType accTensor = mlirRankedTensorTypeGet(1, shape, acc, mlirAttributeGetNull());
  MlirType outTensor = mlirRankedTensorTypeGet(1, shape, out, mlirAttributeGetNull());
  MlirLocation loc = mlirLocationUnknownGet(ctx);
  MlirModule module = mlirModuleCreateEmpty(loc);
  MlirType fnType = mlirFunctionTypeGet(ctx, 1, &accTensor, 1, &outTensor);
  MlirNamedAttribute fnAttrs[2] = {
      mlirNamedAttributeGet(
          mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("sym_name")),
          mlirStringAttrGet(ctx, mlirStringRefCreateFromCString("f"))),
      mlirNamedAttributeGet(
          mlirIdentifierGet(ctx, mlirStringRefCreateFromCString("function_type")),
          mlirTypeAttrGet(fnType))};
  MlirOperationState fnState =
      mlirOperationStateGet(mlirStringRefCreateFromCString("func.func"), loc);
  mlirOperationStateAddAttributes(&fnState, 2, fnAttrs);
  MlirRegion body = mlirRegionCreate();
  MlirBlock block = mlirBlockCreate(1, &accTensor, &loc);
  mlirRegionAppendOwnedBlock(body, block);
  mlirOperationStateAddOwnedRegions(&fnState, 1, &body);
  MlirOperation fn = mlirOperationCreate(&fnState);
  mlirBlockAppendOwnedOperation(mlirModuleGetBody(module), fn);

  MlirOperation requantize = mlirQuantxRequantizeOpCreateFromScales(
      loc, outTensor, mlirBlockGetArgument(block, 0),
      MlirQuantxRoundingModeDoubleRound, printError, NULL);
  mlirBlockAppendOwnedOperation(block, requantize);
  MlirValue result = mlirOperationGetResult(requantize, 0);
  MlirOperationState retState =
      mlirOperationStateGet(mlirStringRefCreateFromCString("func.return"), loc);
  mlirOperationStateAddOperands(&retState, 1, &result);
  mlirBlockAppendOwnedOperation(block, mlirOperationCreate(&retState));

  printf("verifies: %d\n", mlirOperationVerify(mlirModuleGetOperation(module)));
  mlirOperationPrint(requantize, printToStdout, NULL);
  printf("\n");
  int32_t rm = 0;
  int rs = 0;
  bool ok = mlirQuantxRequantizeOpGetChannel(requantize, 0, &rm, &rs);
  printf("is requantize: %d, channels %d, channel 0: %d %" PRId32
         " >> %d, rounding %d\n",
         mlirOperationIsAQuantxRequantizeOp(requantize),
         (int)mlirQuantxRequantizeOpGetNumChannels(requantize), ok, rm, rs,
         (int)mlirQuantxRequantizeOpGetRounding(requantize));
  printf("channel 1: %d\n",
         mlirQuantxRequantizeOpGetChannel(requantize, 1, &rm, &rs));

  printf("error: ");
  MlirOperation bad = mlirQuantxRequantizeOpCreateFromScales(
      loc, out, mlirBlockGetArgument(block, 0),
      MlirQuantxRoundingModeDoubleRound, printError, NULL);
  printf("\nnull op: %d\n", mlirOperationIsNull(bad));
  mlirModuleDestroy(module);
}

static const char *const kModule =
    "func.func @layer(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {\n"
    "  %q = quantx.quantize %x rounding<half_to_even>\n"
    "      : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32, 0.05:-3>>\n"
    "  %r = quantx.dequantize %q\n"
    "      : tensor<2x4x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<2x4xf32>\n"
    "  return %r : tensor<2x4xf32>\n"
    "}\n";

/* Passes by name, from the registry that mlirQuantxRegisterAllPasses fills.
 *
 * CHECK-LABEL: testPasses
 * CHECK: parsed pipeline: 1
 * CHECK: lowered: 1
 * CHECK:   func.func @layer(%{{.*}}: tensor<2x4xf32>) -> tensor<2x4xf32>
 * CHECK-NOT: quantx.
 * CHECK:     linalg.generic
 * CHECK:   return
 * CHECK: llvm pipeline: 1 1
 * CHECK:   llvm.func @layer
 * CHECK:   llvm.func @_mlir_ciface_layer
 * CHECK: error: {{.*}}'no-such-quantx-pass' does not refer to a registered pass or pass pipeline
 * CHECK: unknown pass: failure 1
 */
static void testPasses(MlirContext ctx) {
  printf("testPasses\n");
  mlirQuantxRegisterAllPasses();
  mlirQuantxRegisterAllPasses(); /* idempotent */
  MlirModule module =
      mlirModuleCreateParse(ctx, mlirStringRefCreateFromCString(kModule));
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult res = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString("builtin.module(convert-quantx-to-linalg)"),
      printError, NULL);
  printf("parsed pipeline: %d\n", mlirLogicalResultIsSuccess(res));
  res = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  printf("lowered: %d\n", mlirLogicalResultIsSuccess(res));
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  mlirPassManagerDestroy(pm);

  pm = mlirPassManagerCreate(ctx);
  MlirLogicalResult parsed = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString(
          "builtin.module(quantx-lower-to-llvm-pipeline{emit-c-interface})"),
      printError, NULL);
  res = mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module));
  printf("llvm pipeline: %d %d\n", mlirLogicalResultIsSuccess(parsed),
         mlirLogicalResultIsSuccess(res));
  mlirOperationPrint(mlirModuleGetOperation(module), printToStdout, NULL);
  printf("\n");
  mlirPassManagerDestroy(pm);

  pm = mlirPassManagerCreate(ctx);
  printf("error: ");
  res = mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      mlirStringRefCreateFromCString("builtin.module(no-such-quantx-pass)"),
      printError, NULL);
  printf("\nunknown pass: failure %d\n", mlirLogicalResultIsFailure(res));
  mlirPassManagerDestroy(pm);
  mlirModuleDestroy(module);
}

int main(void) {
  MlirContext ctx = createContext();
  testDialect(ctx);
  testAttributes(ctx);
  testNumerics();
  testRequantize(ctx);
  testPasses(ctx);
  mlirContextDestroy(ctx);
  return 0;
}
