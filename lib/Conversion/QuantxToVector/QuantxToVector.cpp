//===- QuantxToVector.cpp - fast CPU kernels for quantx -------------------===//
//
// Recognizes the integer kernels (and weight-only sub-byte matmuls) that the
// fast CPU kernels handle, packs their constant weights at compile time, and
// replaces them by calls to generated kernel functions (MicroKernels.cpp).
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToVector/QuantxToVector.h"

#include "MicroKernels.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/Debug.h"
#include "llvm/TargetParser/Host.h"

#define DEBUG_TYPE "convert-quantx-to-vector"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTXTOVECTOR
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;
using namespace mlir::quantx::detail;

//===----------------------------------------------------------------------===//
// ISA selection
//===----------------------------------------------------------------------===//

StringRef mlir::quantx::stringifyCpuIsa(CpuIsa isa) {
  switch (isa) {
  case CpuIsa::Generic:
    return "generic";
  case CpuIsa::Avx2:
    return "avx2";
  case CpuIsa::AvxVnni:
    return "avx-vnni";
  case CpuIsa::Avx512Vnni:
    return "avx512-vnni";
  }
  llvm_unreachable("unknown ISA");
}

std::optional<CpuIsa> mlir::quantx::parseCpuIsa(StringRef name) {
  if (name == "host")
    return getHostCpuIsa();
  return llvm::StringSwitch<std::optional<CpuIsa>>(name)
      .Case("generic", CpuIsa::Generic)
      .Case("avx2", CpuIsa::Avx2)
      .Case("avx-vnni", CpuIsa::AvxVnni)
      .Case("avx512-vnni", CpuIsa::Avx512Vnni)
      .Default(std::nullopt);
}

CpuIsa mlir::quantx::getHostCpuIsa() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  auto has = [&](StringRef f) { return features.lookup(f); };
  if (has("avx512f") && has("avx512bw") && has("avx512vnni"))
    return CpuIsa::Avx512Vnni;
  if (has("avx2") && has("avxvnni"))
    return CpuIsa::AvxVnni;
  if (has("avx2"))
    return CpuIsa::Avx2;
  return CpuIsa::Generic;
}

SmallVector<std::string> mlir::quantx::getCpuIsaTargetFeatures(CpuIsa isa) {
  switch (isa) {
  case CpuIsa::Generic:
    return {};
  case CpuIsa::Avx2:
    return {"+avx", "+avx2", "+fma", "+f16c"};
  case CpuIsa::AvxVnni:
    return {"+avx", "+avx2", "+fma", "+f16c", "+avxvnni"};
  case CpuIsa::Avx512Vnni:
    return {"+avx", "+avx2", "+fma", "+f16c", "+avx512f", "+avx512bw",
            "+avx512dq", "+avx512vl", "+avx512vnni"};
  }
  llvm_unreachable("unknown ISA");
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The storage integers of a constant operand, in row-major order:
/// `arith.constant` (signless), possibly through `quant.scast`s and
/// reshapes, read as unsigned when the element type says so.
static FailureOr<SmallVector<int64_t>> getConstantStorage(Value v,
                                                          Type element) {
  // Storage casts and reshapes (quantx-fuse-qdq's depthwise filters are
  // scast -> expand_shape -> scast of a constant) keep the row-major order.
  while (Operation *def = v.getDefiningOp()) {
    if (auto cast = dyn_cast<quant::StorageCastOp>(def))
      v = cast.getInput();
    else if (auto expand = dyn_cast<tensor::ExpandShapeOp>(def))
      v = expand.getSrc();
    else if (auto collapse = dyn_cast<tensor::CollapseShapeOp>(def))
      v = collapse.getSrc();
    else
      break;
  }
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return failure();
  bool isUnsigned = isUnsignedStorage(element);
  SmallVector<int64_t> values;
  values.reserve(attr.getNumElements());
  for (const APInt &x : attr.getValues<APInt>())
    values.push_back(isUnsigned ? static_cast<int64_t>(x.getZExtValue())
                                : x.getSExtValue());
  return values;
}

static std::string uniqueKernelName(ModuleOp module, StringRef base) {
  for (unsigned i = 0;; ++i) {
    std::string name = (base + "_" + Twine(i)).str();
    if (!SymbolTable::lookupSymbolIn(module, name) &&
        !SymbolTable::lookupSymbolIn(module, name + "_weights"))
      return name;
  }
}

/// `value` as a tensor of its storage type (quant.scast when quantized).
static Value toStorage(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  IntegerType storage = getStorageIntegerType(type.getElementType());
  if (type.getElementType() == storage)
    return value;
  return quant::StorageCastOp::create(b, loc, type.clone(storage), value);
}

/// `value` transposed: result dimension d is `value`'s dimension perm[d].
static Value transpose(OpBuilder &b, Location loc, Value value,
                       ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : perm)
    sizes.push_back(tensor::getMixedSize(b, loc, value, d));
  Value init = tensor::EmptyOp::create(b, loc, sizes, type.getElementType());
  return linalg::TransposeOp::create(b, loc, value, init, perm).getResult()[0];
}

/// A flat, dynamically sized buffer of the elements of `value`.
static Value toFlatBuffer(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() != 1) {
    ReassociationIndices all =
        llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()));
    value = tensor::CollapseShapeOp::create(
        b, loc, value, ArrayRef<ReassociationIndices>{all});
  }
  auto flat = RankedTensorType::get({ShapedType::kDynamic},
                                    type.getElementType());
  if (value.getType() != flat)
    value = tensor::CastOp::create(b, loc, flat, value);
  return bufferization::ToBufferOp::create(
      b, loc, MemRefType::get({ShapedType::kDynamic}, type.getElementType()),
      value, /*read_only=*/true);
}

/// Calls `kernel` with `inputs` and a new output buffer shaped like
/// `resultType` (its dynamic dimensions in `dynamicSizes`); returns the
/// output as a tensor of `resultType`'s element type, or of the original
/// quantized type when `quantizedType` is given.
static Value callKernel(OpBuilder &b, Location loc, func::FuncOp kernel,
                        ValueRange inputs, RankedTensorType storageType,
                        ValueRange dynamicSizes, Type quantizedType) {
  auto outType =
      MemRefType::get(storageType.getShape(), storageType.getElementType());
  Value out = memref::AllocOp::create(b, loc, outType, dynamicSizes,
                                      b.getI64IntegerAttr(64));
  SmallVector<Value> args(inputs.begin(), inputs.end());
  args.push_back(out);
  func::CallOp::create(b, loc, kernel, args);
  Value result = bufferization::ToTensorOp::create(
      b, loc, storageType, out, /*restrict=*/true, /*writable=*/true);
  if (quantizedType && quantizedType != storageType)
    result = quant::StorageCastOp::create(b, loc, quantizedType, result);
  return result;
}

/// Pads the NHWC storage tensor `x` with the activation zero point (the
/// real value 0): `pad` = [top, bottom, left, right] spatially, and the
/// channels up to `paddedChannels`. Returns `x` when there is nothing to
/// pad. The copy is a kernel function of its own (emitPaddingKernel): a
/// bufferized tensor.pad copies into a strided subview through the
/// runtime's element-by-element memrefCopy, several times the cost of the
/// convolution that reads it.
static Value padWithZeroPoint(OpBuilder &b, Location loc, Value x,
                              ArrayRef<int64_t> pad, int64_t paddedChannels,
                              int64_t zeroPoint, CpuIsa isa) {
  auto xType = cast<RankedTensorType>(x.getType());
  ConvGeometry g{};
  g.h = xType.getDimSize(1);
  g.w = xType.getDimSize(2);
  g.c = xType.getDimSize(3);
  g.padTop = pad[0];
  g.padLeft = pad[2];
  g.hp = g.h + pad[0] + pad[1];
  g.wp = g.w + pad[2] + pad[3];
  g.cp = paddedChannels;
  g.padByte = static_cast<int8_t>(static_cast<uint8_t>(zeroPoint));
  if (!g.needsPadding())
    return x;
  auto module =
      b.getInsertionBlock()->getParentOp()->getParentOfType<ModuleOp>();
  std::string name = uniqueKernelName(
      module, (Twine("__quantx_pad_") + stringifyCpuIsa(isa)).str());
  std::replace(name.begin(), name.end(), '-', '_');
  func::FuncOp kernel = emitPaddingKernel(b, module, loc, name, g,
                                          xType.getDimSize(0), isa);
  SmallVector<Value> dynamicSizes;
  if (xType.isDynamicDim(0))
    dynamicSizes.push_back(tensor::DimOp::create(b, loc, x, 0));
  auto paddedType = RankedTensorType::get(
      {xType.getDimSize(0), g.hp, g.wp, g.cp}, xType.getElementType());
  return callKernel(b, loc, kernel, ValueRange{toFlatBuffer(b, loc, x)},
                    paddedType, dynamicSizes, Type());
}

//===----------------------------------------------------------------------===//
// int8 GEMM: qmatmul / qconv2d (+ requantize)
//===----------------------------------------------------------------------===//

/// Whether `req` can be the fused epilogue of an int8 GEMM whose columns
/// are dimension `columnDim` of its input; sets `why` otherwise.
static bool isFusableRequantize(RequantizeOp req, int64_t columnDim,
                                std::string &why) {
  Type resElt = req.getResult().getType().getElementType();
  IntegerType storage = getStorageIntegerType(resElt);
  if (!storage || (storage.getWidth() != 8 && storage.getWidth() != 16 &&
                   storage.getWidth() != 32)) {
    why = "requantize result storage is not 8, 16 or 32 bits";
    return false;
  }
  if (req.getNumChannels() > 1 && req.getAxis() != columnDim) {
    why = "per-channel requantize is not along the output channels";
    return false;
  }
  if (getPerAxisDimension(resElt) &&
      *getPerAxisDimension(resElt) != columnDim) {
    why = "per-axis output zero points are not along the output channels";
    return false;
  }
  Type inElt = req.getInput().getType().getElementType();
  if (getZeroPoints(inElt)[0] != 0) {
    why = "requantize input has a zero point";
    return false;
  }
  return true;
}

/// The requantize epilogue description of `req`.
static RequantEpilogue getEpilogue(RequantizeOp req) {
  Type resElt = req.getResult().getType().getElementType();
  RequantEpilogue e;
  e.mode = req.getRounding();
  for (int32_t m : req.getMultiplier())
    e.multiplier.push_back(m);
  for (int8_t s : req.getShift())
    e.shift.push_back(s);
  e.outputZeroPoint = getZeroPoints(resElt);
  e.qmin = getStorageMin(resElt);
  e.qmax = getStorageMax(resElt);
  e.storage = getStorageIntegerType(resElt);
  return e;
}

/// The single user of `op` when it is a requantize, else null.
static RequantizeOp getSingleRequantizeUser(Operation *op) {
  if (!op->hasOneUse())
    return {};
  return dyn_cast<RequantizeOp>(*op->getUsers().begin());
}

namespace {
/// What the int8 GEMM patterns need from a qmatmul/qconv2d, before the
/// weights are packed.
struct Int8GemmMatch {
  Int8GemmSpec spec;
  SmallVector<int64_t> weights; ///< K x N storage values, padded rows in place
  SmallVector<int64_t> weightZeroPoints;
  SmallVector<int64_t> bias;    ///< constant bias, or empty
  Value runtimeBias;            ///< non-constant bias, or null
  int64_t activationZeroPoint = 0;
  int64_t kFormula = 0;
};
} // namespace

/// Common checks of the operands of qmatmul/qconv2d and of the optional
/// epilogue; fills the activation, bias and output fields of `match`.
static LogicalResult matchInt8Common(Operation *op, Value activation,
                                     Type activationElt, Type weightElt,
                                     Value bias, RequantizeOp req,
                                     int64_t columnDim, Int8GemmMatch &match,
                                     std::string &why) {
  IntegerType aStorage = getStorageIntegerType(activationElt);
  if (!aStorage || aStorage.getWidth() != 8) {
    why = "activations are not of 8-bit storage";
    return failure();
  }
  IntegerType wStorage = getStorageIntegerType(weightElt);
  if (!wStorage || wStorage.getWidth() > 8) {
    why = "weights are wider than 8 bits";
    return failure();
  }
  match.activationZeroPoint = getZeroPoints(activationElt)[0];
  match.spec.flipA = !isUnsignedStorage(activationElt);
  match.weightZeroPoints = getZeroPoints(weightElt);
  if (bias) {
    DenseIntElementsAttr attr;
    if (matchPattern(bias, m_Constant(&attr))) {
      for (const APInt &x : attr.getValues<APInt>())
        match.bias.push_back(x.getSExtValue());
    } else {
      match.runtimeBias = bias;
      match.spec.runtimeBias = true;
    }
  }
  if (req) {
    if (!isFusableRequantize(req, columnDim, why))
      return failure();
    match.spec.requant = getEpilogue(req);
    match.spec.outElement = match.spec.requant->storage;
  } else {
    match.spec.outElement = IntegerType::get(op->getContext(), 32);
  }
  return success();
}

static FailureOr<Int8GemmMatch> matchQMatmul(QMatmulOp mm, RequantizeOp req,
                                             CpuIsa isa, std::string &why) {
  auto lhsType = mm.getLhs().getType();
  auto rhsType = mm.getRhs().getType();
  if (lhsType.getRank() != 2) {
    why = "batched qmatmul";
    return failure();
  }
  if (!rhsType.hasStaticShape() || lhsType.isDynamicDim(1)) {
    why = "K or N is dynamic";
    return failure();
  }
  Int8GemmMatch match;
  match.spec.params = getInt8IsaParams(isa);
  if (failed(matchInt8Common(mm, mm.getLhs(), lhsType.getElementType(),
                             rhsType.getElementType(), mm.getBias(), req,
                             /*columnDim=*/1, match, why)))
    return failure();
  FailureOr<SmallVector<int64_t>> w =
      getConstantStorage(mm.getRhs(), rhsType.getElementType());
  if (failed(w)) {
    why = "weights are not a constant";
    return failure();
  }
  match.weights = std::move(*w);
  match.spec.m = lhsType.getDimSize(0);
  match.spec.k = rhsType.getDimSize(0);
  match.spec.n = rhsType.getDimSize(1);
  match.kFormula = match.spec.k;
  return match;
}

/// Packs the weights of `match`, emits the kernel and replaces `root` (the
/// requantize, or the kernel op itself) by a call; `activation` is the
/// (possibly padded) activation tensor of storage type.
static void rewriteInt8Gemm(PatternRewriter &rewriter, Operation *root,
                            Operation *kernelOp, Int8GemmMatch &match,
                            Value activation, ValueRange dynamicSizes,
                            unsigned numThreads, StringRef baseName,
                            ArrayRef<int64_t> permutation = {}) {
  Location loc = root->getLoc();
  auto module = root->getParentOfType<ModuleOp>();
  Int8GemmSpec &spec = match.spec;
  packInt8Weights(spec, rewriter.getContext(), match.weights,
                  match.weightZeroPoints, match.bias,
                  match.activationZeroPoint, match.kFormula);
  std::string name = uniqueKernelName(
      module, (baseName + "_" + stringifyCpuIsa(spec.params.isa)).str());
  std::replace(name.begin(), name.end(), '-', '_');
  func::FuncOp kernel =
      emitInt8GemmKernel(rewriter, module, loc, name, spec, numThreads);

  SmallVector<Value> inputs{toFlatBuffer(rewriter, loc, activation)};
  if (match.runtimeBias) {
    int64_t npad = spec.panels() * spec.params.nr();
    Value zero = arith::ConstantIntOp::create(rewriter, loc,
                                              rewriter.getI32Type(), 0);
    Value padded = tensor::PadOp::create(
        rewriter, loc, Type(), match.runtimeBias,
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(npad - spec.n)}, zero);
    inputs.push_back(bufferization::ToBufferOp::create(
        rewriter, loc, MemRefType::get({npad}, rewriter.getI32Type()), padded,
        /*read_only=*/true));
  }
  auto resultType = cast<RankedTensorType>(root->getResult(0).getType());
  auto storageType = RankedTensorType::get({spec.m, spec.n}, spec.outElement);
  Value result = callKernel(rewriter, loc, kernel, inputs, storageType,
                            dynamicSizes, Type());
  // The kernel writes rows x columns; a convolution reshapes them back to
  // NHWC (and transposes to `permutation`).
  if (spec.conv) {
    int64_t rank = resultType.getRank();
    SmallVector<int64_t> nhwcShape(resultType.getShape());
    if (!permutation.empty())
      for (int64_t d = 0; d < rank; ++d)
        nhwcShape[permutation[d]] = resultType.getDimSize(d);
    SmallVector<ReassociationIndices> reassociation{{0, 1, 2}, {3}};
    result = tensor::ExpandShapeOp::create(
        rewriter, loc, RankedTensorType::get(nhwcShape, spec.outElement),
        result, reassociation);
    if (!permutation.empty())
      result = transpose(rewriter, loc, result, permutation);
  }
  if (result.getType() != resultType)
    result = quant::StorageCastOp::create(rewriter, loc, resultType, result);
  rewriter.replaceOp(root, result);
  if (kernelOp != root)
    rewriter.eraseOp(kernelOp);
}

namespace {
/// requantize(qmatmul) and qmatmul alone.
struct QMatmulToKernel : OpRewritePattern<QMatmulOp> {
  QMatmulToKernel(MLIRContext *ctx, const QuantxToVectorOptions &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(QMatmulOp mm,
                                PatternRewriter &rewriter) const override {
    RequantizeOp req = getSingleRequantizeUser(mm);
    std::string why;
    FailureOr<Int8GemmMatch> match = matchQMatmul(mm, req, options.isa, why);
    if (failed(match) && req) {
      // The epilogue may be what does not fit: try the kernel alone.
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": not fusing " << req
                              << ": " << why << "\n");
      req = {};
      match = matchQMatmul(mm, req, options.isa, why);
    }
    if (failed(match)) {
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": skipping " << mm << ": "
                              << why << "\n");
      return rewriter.notifyMatchFailure(mm, why);
    }
    Location loc = mm.getLoc();
    rewriter.setInsertionPoint(req ? req.getOperation() : mm.getOperation());
    Value a = toStorage(rewriter, loc, mm.getLhs());
    SmallVector<Value> dynamicSizes;
    if (ShapedType::isDynamic(match->spec.m))
      dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, a, 0));
    rewriteInt8Gemm(rewriter, req ? req.getOperation() : mm.getOperation(),
                    mm, *match, a, dynamicSizes, options.numThreads,
                    "__quantx_qmatmul");
    return success();
  }

  QuantxToVectorOptions options;
};
} // namespace

static FailureOr<Int8GemmMatch> matchQConv2D(QConv2DOp conv, RequantizeOp req,
                                             CpuIsa isa, std::string &why) {
  if (conv.getGroups() != 1) {
    why = "grouped convolution";
    return failure();
  }
  bool nhwc = conv.isNhwc();
  auto inType = conv.getInput().getType();
  auto filterType = conv.getFilter().getType();
  auto [hDim, wDim] = conv.getSpatialDims();
  int64_t cDim = conv.getChannelDim();
  if (inType.isDynamicDim(hDim) || inType.isDynamicDim(wDim) ||
      inType.isDynamicDim(cDim)) {
    why = "dynamic spatial or channel extent";
    return failure();
  }
  Int8GemmMatch match;
  match.spec.params = getInt8IsaParams(isa);
  if (failed(matchInt8Common(conv, conv.getInput(), inType.getElementType(),
                             filterType.getElementType(), conv.getBias(), req,
                             /*columnDim=*/cDim, match, why)))
    return failure();
  FailureOr<SmallVector<int64_t>> w =
      getConstantStorage(conv.getFilter(), filterType.getElementType());
  if (failed(w)) {
    why = "filter is not a constant";
    return failure();
  }
  // KH x KW x C x F (HWCF) or F x C x KH x KW (FCHW).
  ArrayRef<int64_t> fs = filterType.getShape();
  int64_t kh = nhwc ? fs[0] : fs[2], kw = nhwc ? fs[1] : fs[3];
  int64_t c = nhwc ? fs[2] : fs[1], f = nhwc ? fs[3] : fs[0];
  auto filterAt = [&](int64_t y, int64_t x, int64_t ch, int64_t o) {
    return nhwc ? (*w)[((y * kw + x) * c + ch) * f + o]
                : (*w)[((o * c + ch) * kh + y) * kw + x];
  };
  const Int8IsaParams &params = match.spec.params;
  int64_t g = params.group, cp = (c + g - 1) / g * g;
  ArrayRef<int64_t> pad = conv.getPadding(), st = conv.getStrides(),
                    dil = conv.getDilations();
  auto zbAt = [&](int64_t o) {
    return match.weightZeroPoints.size() == 1 ? match.weightZeroPoints[0]
                                              : match.weightZeroPoints[o];
  };
  // Rows of kw * c values padded once per filter row rather than per pixel
  // (fewer dot groups when C is not a multiple of the group), when the kw
  // pixels are adjacent (no horizontal dilation) and the packing keeps
  // b - zb, so that the row padding's weights are exactly 0 against the
  // bytes of the next pixels they meet.
  int64_t rowK = (kw * c + g - 1) / g * g;
  bool packsDifference = params.wideB;
  if (!packsDifference) {
    packsDifference = true;
    for (int64_t y = 0; y < kh; ++y)
      for (int64_t x = 0; x < kw; ++x)
        for (int64_t ch = 0; ch < c; ++ch)
          for (int64_t o = 0; o < f; ++o) {
            int64_t v = filterAt(y, x, ch, o) - zbAt(o);
            packsDifference &= v >= -128 && v <= 127;
          }
  }
  bool rowPacked = dil[1] == 1 && rowK < kw * cp && packsDifference;
  if (rowPacked)
    cp = c;
  ConvGeometry geo;
  geo.h = inType.getDimSize(hDim);
  geo.w = inType.getDimSize(wDim);
  geo.c = c;
  geo.padTop = pad[0];
  geo.padLeft = pad[2];
  geo.hp = geo.h + pad[0] + pad[1];
  geo.wp = geo.w + pad[2] + pad[3];
  geo.cp = cp;
  geo.kh = kh;
  geo.kw = kw;
  geo.sh = st[0];
  geo.sw = st[1];
  geo.dh = dil[0];
  geo.dw = dil[1];
  geo.oh = (geo.hp - dil[0] * (kh - 1) - 1) / st[0] + 1;
  geo.ow = (geo.wp - dil[1] * (kw - 1) - 1) / st[1] + 1;
  geo.padByte = static_cast<int8_t>(
      static_cast<uint8_t>(match.activationZeroPoint));
  geo.rowK = rowPacked ? rowK : 0;
  match.spec.conv = geo;
  // The GEMM weights: row (kh, kw, c) with c padded to cp (or each filter
  // row padded to rowK), column f. Padded channels meet activations equal
  // to the zero point, so they contribute nothing whatever their weight;
  // the weight zero point keeps b - zb in range for the packing (and makes
  // it exactly 0 where a padded row meets other pixels).
  int64_t k = rowPacked ? kh * rowK : kh * kw * cp;
  match.weights.resize(k * f);
  for (int64_t r = 0; r < k; ++r)
    for (int64_t o = 0; o < f; ++o)
      match.weights[r * f + o] = zbAt(o);
  for (int64_t y = 0; y < kh; ++y)
    for (int64_t x = 0; x < kw; ++x)
      for (int64_t ch = 0; ch < c; ++ch)
        for (int64_t o = 0; o < f; ++o) {
          int64_t row = rowPacked ? y * rowK + x * c + ch
                                  : (y * kw + x) * cp + ch;
          match.weights[row * f + o] = filterAt(y, x, ch, o);
        }
  match.spec.m = inType.isDynamicDim(0)
                     ? ShapedType::kDynamic
                     : inType.getDimSize(0) * geo.oh * geo.ow;
  match.spec.k = k;
  match.spec.n = f;
  match.kFormula = k;
  return match;
}

namespace {
/// requantize(qconv2d) and qconv2d alone, as an implicit GEMM over the
/// padded input.
struct QConv2DToKernel : OpRewritePattern<QConv2DOp> {
  QConv2DToKernel(MLIRContext *ctx, const QuantxToVectorOptions &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(QConv2DOp conv,
                                PatternRewriter &rewriter) const override {
    RequantizeOp req = getSingleRequantizeUser(conv);
    std::string why;
    FailureOr<Int8GemmMatch> match =
        matchQConv2D(conv, req, options.isa, why);
    if (failed(match) && req) {
      req = {};
      match = matchQConv2D(conv, req, options.isa, why);
    }
    if (failed(match)) {
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": skipping " << conv << ": "
                              << why << "\n");
      return rewriter.notifyMatchFailure(conv, why);
    }
    Location loc = conv.getLoc();
    rewriter.setInsertionPoint(req ? req.getOperation()
                                   : conv.getOperation());
    // The kernel pads the input itself (a vectorized copy into a buffer of
    // its own; tensor.pad's strided copy took up to 3x the convolution).
    Value x = toStorage(rewriter, loc, conv.getInput());
    if (!conv.isNhwc())
      x = transpose(rewriter, loc, x, {0, 2, 3, 1});
    const ConvGeometry &geo = *match->spec.conv;
    SmallVector<Value> dynamicSizes;
    if (ShapedType::isDynamic(match->spec.m)) {
      Value n = tensor::DimOp::create(rewriter, loc, x, 0);
      dynamicSizes.push_back(arith::MulIOp::create(
          rewriter, loc, n,
          arith::ConstantIndexOp::create(rewriter, loc, geo.oh * geo.ow)));
    }
    // NCHW: the kernel computes NHWC, transposed back after.
    SmallVector<int64_t> nhwcToResult;
    if (!conv.isNhwc())
      nhwcToResult = {0, 3, 1, 2};
    rewriteInt8Gemm(rewriter, req ? req.getOperation() : conv.getOperation(),
                    conv, *match, x, dynamicSizes, options.numThreads,
                    "__quantx_qconv2d", nhwcToResult);
    return success();
  }

  QuantxToVectorOptions options;
};
} // namespace

//===----------------------------------------------------------------------===//
// Depthwise qconv2d: vectors along the channels
//===----------------------------------------------------------------------===//

namespace {
/// What the depthwise kernel needs from a qconv2d with one input and one
/// output channel per group.
struct DepthwiseMatch {
  int64_t c = 0, kh = 0, kw = 0;
  /// [kh][kw][c] of w - z_w[c].
  SmallVector<int32_t> weights;
  /// [c], zeros without a bias.
  SmallVector<int32_t> bias;
  int64_t activationZeroPoint = 0;
  bool activationUnsigned = false;
};
} // namespace

/// Matches a depthwise qconv2d: groups = C = F, 8-bit activations, constant
/// weights of at most 8 bits, constant or no bias, static H, W and C.
static FailureOr<DepthwiseMatch> matchDepthwise(QConv2DOp conv,
                                                std::string &why) {
  auto inType = conv.getInput().getType();
  auto filterType = conv.getFilter().getType();
  int64_t groups = conv.getGroups();
  auto [hDim, wDim] = conv.getSpatialDims();
  int64_t cDim = conv.getChannelDim();
  if (groups == 1) {
    why = "not a grouped convolution";
    return failure();
  }
  if (inType.isDynamicDim(hDim) || inType.isDynamicDim(wDim) ||
      inType.isDynamicDim(cDim)) {
    why = "dynamic spatial or channel extent";
    return failure();
  }
  ArrayRef<int64_t> fs = filterType.getShape();
  int64_t c = inType.getDimSize(cDim);
  if (fs[conv.getFilterInputChannelDim()] != 1 || groups != c ||
      fs[conv.getFilterOutputChannelDim()] != c) {
    why = "grouped convolution that is not depthwise (one input and one "
          "output channel per group)";
    return failure();
  }
  Type inElt = inType.getElementType(), filterElt = filterType.getElementType();
  IntegerType aStorage = getStorageIntegerType(inElt);
  if (!aStorage || aStorage.getWidth() != 8) {
    why = "activations are not of 8-bit storage";
    return failure();
  }
  IntegerType wStorage = getStorageIntegerType(filterElt);
  if (!wStorage || wStorage.getWidth() > 8) {
    why = "weights are wider than 8 bits";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> w =
      getConstantStorage(conv.getFilter(), filterElt);
  if (failed(w)) {
    why = "filter is not a constant";
    return failure();
  }
  DepthwiseMatch match;
  match.c = c;
  match.bias.assign(c, 0);
  if (Value bias = conv.getBias()) {
    DenseIntElementsAttr attr;
    if (!matchPattern(bias, m_Constant(&attr))) {
      why = "runtime bias";
      return failure();
    }
    for (auto [i, x] : llvm::enumerate(attr.getValues<APInt>()))
      match.bias[i] = static_cast<int32_t>(x.getSExtValue());
  }
  bool nhwc = conv.isNhwc();
  auto [khDim, kwDim] = conv.getFilterSpatialDims();
  match.kh = fs[khDim];
  match.kw = fs[kwDim];
  match.activationZeroPoint = getZeroPoints(inElt)[0];
  match.activationUnsigned = isUnsignedStorage(inElt);
  SmallVector<int64_t> zps = getZeroPoints(filterElt);
  match.weights.resize(match.kh * match.kw * c);
  for (int64_t y = 0; y < match.kh; ++y)
    for (int64_t x = 0; x < match.kw; ++x)
      for (int64_t ch = 0; ch < c; ++ch) {
        // HWCF [kh][kw][1][c] or FCHW [c][1][kh][kw].
        int64_t v = nhwc ? (*w)[(y * match.kw + x) * c + ch]
                         : (*w)[(ch * match.kh + y) * match.kw + x];
        int64_t zp = zps.size() == 1 ? zps[0] : zps[ch];
        match.weights[(y * match.kw + x) * c + ch] =
            static_cast<int32_t>(v - zp);
      }
  return match;
}

namespace {
/// qconv2d with groups = C = F: a loop nest over (n, oh, ow, channel
/// block) on the NHWC input, padded spatially with the zero point and along
/// the channels to a multiple of the vector length; each step accumulates
/// KH x KW products (x - z_x) * (w - z_w) of `lanes` channels in i32
/// vectors, from the bias. The sums are the reference's, exactly (i32
/// arithmetic wraps the same way); a requantize user stays a separate op.
struct DepthwiseQConv2DToKernel : OpRewritePattern<QConv2DOp> {
  DepthwiseQConv2DToKernel(MLIRContext *ctx,
                           const QuantxToVectorOptions &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(QConv2DOp conv,
                                PatternRewriter &rewriter) const override {
    if (conv.getGroups() == 1)
      return rewriter.notifyMatchFailure(conv, "not a grouped convolution");
    std::string why;
    FailureOr<DepthwiseMatch> match = matchDepthwise(conv, why);
    if (failed(match)) {
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": skipping " << conv << ": "
                              << why << "\n");
      return rewriter.notifyMatchFailure(conv, why);
    }
    Location loc = conv.getLoc();
    int64_t lanes = getInt8IsaParams(options.isa).lanes;
    int64_t c = match->c, cp = (c + lanes - 1) / lanes * lanes;
    int64_t kh = match->kh, kw = match->kw;
    Type i32 = rewriter.getI32Type();

    // The input: NHWC storage, padded with the zero point.
    Value x = toStorage(rewriter, loc, conv.getInput());
    if (!conv.isNhwc())
      x = transpose(rewriter, loc, x, {0, 2, 3, 1});
    x = padWithZeroPoint(rewriter, loc, x, conv.getPadding(), cp,
                         match->activationZeroPoint, options.isa);
    auto xType = cast<RankedTensorType>(x.getType());
    auto storage = cast<IntegerType>(xType.getElementType());
    int64_t hp = xType.getDimSize(1), wp = xType.getDimSize(2);
    ArrayRef<int64_t> st = conv.getStrides(), dil = conv.getDilations();
    int64_t oh = (hp - dil[0] * (kh - 1) - 1) / st[0] + 1;
    int64_t ow = (wp - dil[1] * (kw - 1) - 1) / st[1] + 1;

    // Constants: weights [kh * kw][cp] and bias [cp], zero in the padding.
    SmallVector<int32_t> weights(kh * kw * cp, 0), bias(cp, 0);
    for (int64_t k = 0; k < kh * kw; ++k)
      for (int64_t ch = 0; ch < c; ++ch)
        weights[k * cp + ch] = match->weights[k * c + ch];
    for (int64_t ch = 0; ch < c; ++ch)
      bias[ch] = match->bias[ch];
    Value wConst = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({kh * kw, cp}, i32),
                               ArrayRef<int32_t>(weights)));
    Value bConst = arith::ConstantOp::create(
        rewriter, loc,
        DenseElementsAttr::get(RankedTensorType::get({cp}, i32),
                               ArrayRef<int32_t>(bias)));

    // The loop nest over the NHWC i32 output.
    Value n = tensor::DimOp::create(rewriter, loc, x, 0);
    SmallVector<Value> dynamicSizes;
    if (xType.isDynamicDim(0))
      dynamicSizes.push_back(n);
    Value out = tensor::EmptyOp::create(
        rewriter, loc,
        RankedTensorType::get({xType.getDimSize(0), oh, ow, cp}, i32),
        dynamicSizes);
    auto index = [&](OpBuilder &b, int64_t v) -> Value {
      return arith::ConstantIndexOp::create(b, loc, v);
    };
    Value zero = index(rewriter, 0), one = index(rewriter, 1);
    auto vecI32 = VectorType::get({lanes}, i32);
    auto vecX = VectorType::get({lanes}, storage);
    SmallVector<bool> inBounds{true};
    auto loop = [&](OpBuilder &b, Value ub, Value step, Value init,
                    function_ref<Value(OpBuilder &, Value, Value)> body) {
      return scf::ForOp::create(
                 b, loc, zero, ub, step, ValueRange{init},
                 [&](OpBuilder &nb, Location, Value iv, ValueRange args) {
                   scf::YieldOp::create(nb, loc, body(nb, iv, args[0]));
                 })
          .getResult(0);
    };
    Value result = loop(rewriter, n, one, out, [&](OpBuilder &b0, Value in,
                                                   Value o0) {
      return loop(b0, index(b0, oh), one, o0, [&](OpBuilder &b1, Value iy,
                                                  Value o1) {
        return loop(b1, index(b1, ow), one, o1, [&](OpBuilder &b2, Value ix,
                                                    Value o2) {
          return loop(b2, index(b2, cp), index(b2, lanes), o2,
                      [&](OpBuilder &b, Value cb, Value o3) -> Value {
            Value acc = vector::TransferReadOp::create(
                b, loc, vecI32, bConst, ValueRange{cb},
                arith::ConstantIntOp::create(b, loc, i32, 0).getResult(),
                inBounds);
            Value zx = vector::BroadcastOp::create(
                b, loc, vecI32,
                arith::ConstantIntOp::create(b, loc, i32,
                                             match->activationZeroPoint));
            Value padX = arith::ConstantIntOp::create(b, loc, storage, 0);
            Value padW = arith::ConstantIntOp::create(b, loc, i32, 0);
            for (int64_t y = 0; y < kh; ++y) {
              Value row = arith::AddIOp::create(
                  b, loc,
                  arith::MulIOp::create(b, loc, iy, index(b, st[0])),
                  index(b, y * dil[0]));
              for (int64_t xk = 0; xk < kw; ++xk) {
                Value col = arith::AddIOp::create(
                    b, loc,
                    arith::MulIOp::create(b, loc, ix, index(b, st[1])),
                    index(b, xk * dil[1]));
                Value xv = vector::TransferReadOp::create(
                    b, loc, vecX, x, ValueRange{in, row, col, cb}, padX,
                    inBounds);
                Value xi =
                    match->activationUnsigned
                        ? arith::ExtUIOp::create(b, loc, vecI32, xv)
                              .getResult()
                        : arith::ExtSIOp::create(b, loc, vecI32, xv)
                              .getResult();
                xi = arith::SubIOp::create(b, loc, xi, zx);
                Value wv = vector::TransferReadOp::create(
                    b, loc, vecI32, wConst,
                    ValueRange{index(b, y * kw + xk), cb}, padW, inBounds);
                acc = arith::AddIOp::create(
                    b, loc, acc, arith::MulIOp::create(b, loc, xi, wv));
              }
            }
            return vector::TransferWriteOp::create(
                       b, loc, acc, o3, ValueRange{in, iy, ix, cb}, inBounds)
                .getResult();
          });
        });
      });
    });

    // Drop the padded channels, back to NCHW, and to the result type.
    if (cp != c) {
      SmallVector<OpFoldResult> offsets(4, rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes{
          tensor::getMixedSize(rewriter, loc, result, 0),
          rewriter.getIndexAttr(oh), rewriter.getIndexAttr(ow),
          rewriter.getIndexAttr(c)};
      SmallVector<OpFoldResult> strides(4, rewriter.getIndexAttr(1));
      result = tensor::ExtractSliceOp::create(rewriter, loc, result, offsets,
                                              sizes, strides);
    }
    if (!conv.isNhwc())
      result = transpose(rewriter, loc, result, {0, 3, 1, 2});
    auto resultType = conv.getResult().getType();
    auto storageType = resultType.clone(i32);
    if (result.getType() != storageType)
      result = tensor::CastOp::create(rewriter, loc, storageType, result);
    if (storageType != resultType)
      result = quant::StorageCastOp::create(rewriter, loc, resultType, result);
    rewriter.replaceOp(conv, result);
    return success();
  }

  QuantxToVectorOptions options;
};
} // namespace

//===----------------------------------------------------------------------===//
// Weight-only: linalg.matmul(x, dequantize(constant codes))
//===----------------------------------------------------------------------===//

namespace {
struct WeightOnlyMatch {
  WeightOnlySpec spec;
  SmallVector<int64_t> codes;
  bool isSigned = false;
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
};
} // namespace

static FailureOr<WeightOnlyMatch> matchWeightOnly(linalg::MatmulOp mm,
                                                  CpuIsa isa,
                                                  std::string &why) {
  if (mm.hasUserDefinedMaps()) {
    why = "matmul with explicit indexing maps";
    return failure();
  }
  auto deq = mm.getInputs()[1].getDefiningOp<DequantizeOp>();
  if (!deq) {
    why = "rhs is not a dequantize";
    return failure();
  }
  auto lhsType = dyn_cast<RankedTensorType>(mm.getInputs()[0].getType());
  auto outType = dyn_cast<RankedTensorType>(mm.getOutputs()[0].getType());
  auto wType = deq.getInput().getType();
  if (!lhsType || !outType || !lhsType.getElementType().isF32() ||
      !outType.getElementType().isF32() ||
      !deq.getResult().getType().getElementType().isF32()) {
    why = "not an f32 matmul on tensors";
    return failure();
  }
  if (lhsType.isDynamicDim(1) || !wType.hasStaticShape()) {
    why = "K or N is dynamic";
    return failure();
  }
  Type elt = wType.getElementType();
  IntegerType storage = getStorageIntegerType(elt);
  unsigned bits = storage ? storage.getWidth() : 0;
  if (bits != 2 && bits != 4 && bits != 8) {
    why = "weights are not of 2, 4 or 8-bit storage";
    return failure();
  }
  if (!isPerTensor(elt) && getPerAxisDimension(elt) != 1) {
    why = "weights are not quantized per tensor or per column";
    return failure();
  }
  if (!cast<quant::QuantizedType>(elt).getExpressedType().isF32()) {
    why = "weights do not express f32";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> codes =
      getConstantStorage(deq.getInput(), elt);
  if (failed(codes)) {
    why = "weights are not a constant";
    return failure();
  }
  WeightOnlyMatch match;
  match.codes = std::move(*codes);
  match.isSigned = !isUnsignedStorage(elt);
  match.scales = getScales(elt);
  match.zeroPoints = getZeroPoints(elt);
  setWeightOnlyParams(match.spec, isa);
  match.spec.bits = bits;
  match.spec.m = lhsType.getDimSize(0);
  match.spec.k = wType.getDimSize(0);
  match.spec.n = wType.getDimSize(1);
  return match;
}

namespace {
/// f32 linalg.matmul of activations and dequantized constant 2/4/8-bit
/// weights: the codes stay packed in memory and are unpacked in registers.
struct WeightOnlyMatmulToKernel : OpRewritePattern<linalg::MatmulOp> {
  WeightOnlyMatmulToKernel(MLIRContext *ctx,
                           const QuantxToVectorOptions &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(linalg::MatmulOp mm,
                                PatternRewriter &rewriter) const override {
    std::string why;
    FailureOr<WeightOnlyMatch> match = matchWeightOnly(mm, options.isa, why);
    if (failed(match))
      return rewriter.notifyMatchFailure(mm, why);
    Location loc = mm.getLoc();
    auto module = mm->getParentOfType<ModuleOp>();
    WeightOnlySpec &spec = match->spec;
    packWeightOnly(spec, rewriter.getContext(), match->codes,
                   match->isSigned, match->scales, match->zeroPoints);
    std::string name = uniqueKernelName(
        module, ("__quantx_weight_only_i" + Twine(spec.bits) + "_" +
                 stringifyCpuIsa(options.isa))
                    .str());
    std::replace(name.begin(), name.end(), '-', '_');
    func::FuncOp kernel = emitWeightOnlyKernel(rewriter, module, loc, name,
                                               spec, options.numThreads);
    auto buffer = [&](Value v, int64_t cols) -> Value {
      auto type = RankedTensorType::get({ShapedType::kDynamic, cols},
                                        rewriter.getF32Type());
      if (v.getType() != type)
        v = tensor::CastOp::create(rewriter, loc, type, v);
      return bufferization::ToBufferOp::create(
          rewriter, loc,
          MemRefType::get({ShapedType::kDynamic, cols}, rewriter.getF32Type()),
          v, /*read_only=*/true);
    };
    Value x = mm.getInputs()[0];
    SmallVector<Value> inputs{buffer(x, spec.k),
                              buffer(mm.getOutputs()[0], spec.n)};
    SmallVector<Value> dynamicSizes;
    if (ShapedType::isDynamic(spec.m))
      dynamicSizes.push_back(tensor::DimOp::create(rewriter, loc, x, 0));
    auto resultType = RankedTensorType::get({spec.m, spec.n},
                                            rewriter.getF32Type());
    Value result = callKernel(rewriter, loc, kernel, inputs, resultType,
                              dynamicSizes, Type());
    if (result.getType() != mm.getResultTypes()[0])
      result = tensor::CastOp::create(rewriter, loc, mm.getResultTypes()[0],
                                      result);
    rewriter.replaceOp(mm, result);
    return success();
  }

  QuantxToVectorOptions options;
};
} // namespace

//===----------------------------------------------------------------------===//
// Entry points
//===----------------------------------------------------------------------===//

/// For the ops the patterns target: failure, with the reason, when `op`
/// would not be lowered (what the patterns saw when they did not fire).
static LogicalResult whyNotLowered(Operation *op,
                                   const QuantxToVectorOptions &options,
                                   std::string &why) {
  if (auto mm = dyn_cast<QMatmulOp>(op))
    return matchQMatmul(mm, RequantizeOp(), options.isa, why);
  if (auto conv = dyn_cast<QConv2DOp>(op)) {
    if (conv.getGroups() != 1)
      return matchDepthwise(conv, why);
    return matchQConv2D(conv, RequantizeOp(), options.isa, why);
  }
  // Only matmuls of dequantized weights are candidates.
  if (auto mm = dyn_cast<linalg::MatmulOp>(op))
    if (mm.getInputs()[1].getDefiningOp<DequantizeOp>())
      return matchWeightOnly(mm, options.isa, why);
  return success();
}

void mlir::quantx::populateQuantxToVectorPatterns(
    RewritePatternSet &patterns, const QuantxToVectorOptions &options) {
  patterns.add<QMatmulToKernel, QConv2DToKernel, DepthwiseQConv2DToKernel,
               WeightOnlyMatmulToKernel>(
      patterns.getContext(), options);
}

namespace {
struct ConvertQuantxToVectorPass
    : quantx::impl::ConvertQuantxToVectorBase<ConvertQuantxToVectorPass> {
  using Base::Base;

  void runOnOperation() override {
    std::optional<CpuIsa> parsed = parseCpuIsa(isa);
    if (!parsed) {
      getOperation().emitError()
          << "convert-quantx-to-vector: unknown isa '" << isa
          << "' (expected host, avx512-vnni, avx-vnni, avx2 or generic)";
      return signalPassFailure();
    }
    QuantxToVectorOptions options;
    options.isa = *parsed;
    options.numThreads = numThreads;
    RewritePatternSet patterns(&getContext());
    populateQuantxToVectorPatterns(patterns, options);
    // Only the matched ops change: no folding of the rest of the module.
    GreedyRewriteConfig config;
    config.enableFolding(false);
    config.setRegionSimplificationLevel(GreedySimplifyRegionLevel::Disabled);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns),
                                     config)))
      return signalPassFailure();
    if (!remarks)
      return;
    getOperation().walk([&](Operation *op) {
      std::string why;
      if (failed(whyNotLowered(op, options, why)))
        op->emitRemark("not lowered to a fast kernel: ") << why;
    });
  }
};
} // namespace
