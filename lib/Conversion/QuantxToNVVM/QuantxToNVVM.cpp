//===- QuantxToNVVM.cpp - quantx integer kernels as GPU kernels -----------===//
//
// convert-quantx-to-nvvm: quantx.qmatmul / quantx.qconv2d with 8-bit
// operands (and a single-use quantx.requantize after them) become a GEMM
// kernel (GemmKernels.cpp) launched on the operands' buffers. Operand
// preparation (B transposed and padded, im2col) is ordinary tensor code that
// the rest of the GPU pipeline runs as elementwise kernels, or that is folded
// at compile time when the operand is a constant.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToNVVM/QuantxToNVVM.h"

#include "CodebookKernels.h"
#include "GemmKernels.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/QuantTypeUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTXTONVVM
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

LogicalResult GPUMatmulOptions::verify(std::string &why) const {
  llvm::raw_string_ostream os(why);
  if (tileM <= 0 || tileN <= 0 || tileK <= 0 || warpsM <= 0 || warpsN <= 0)
    os << "tile sizes and warp counts must be positive";
  else if (tileK % 32 != 0)
    os << "tile-k (" << tileK << ") must be a multiple of 32";
  else if (tileM % (16 * warpsM) != 0)
    os << "tile-m (" << tileM << ") must be a multiple of 16 * warps-m ("
       << 16 * warpsM << ")";
  else if (tileN % (8 * warpsN) != 0)
    os << "tile-n (" << tileN << ") must be a multiple of 8 * warps-n ("
       << 8 * warpsN << ")";
  else if (warpsM * warpsN > 32)
    os << "at most 32 warps per block (1024 threads)";
  else if (2 * (tileM + tileN) * (tileK + 16) > 48 * 1024)
    os << "the shared-memory stages (2 x (tile-m + tile-n) x (tile-k + 16) = "
       << 2 * (tileM + tileN) * (tileK + 16)
       << " bytes) exceed the 48 KiB of static shared memory";
  else if (dp4aMaxM < 0)
    os << "dp4a-max-m must not be negative";
  return failure(!why.empty());
}

//===----------------------------------------------------------------------===//
// Eligibility
//===----------------------------------------------------------------------===//

/// Whether `t` (a signless integer or a quantized type) has 8-bit storage.
static bool isByteStorage(Type t) {
  return getStorageIntegerType(t).getWidth() == 8;
}

/// Why the GEMM kernels cannot compute an op with these operand and result
/// element types; empty when they can.
static std::string whyNotGemm(Type lhs, Type rhs, Type result) {
  if (!isByteStorage(lhs) || !isByteStorage(rhs))
    return "the GPU GEMM kernels need 8-bit operands (mma.sync / dp4a "
           "take s8 and u8)";
  IntegerType acc = getStorageIntegerType(result);
  if (acc.getWidth() != 32 || isUnsignedStorage(result))
    return "the GPU GEMM kernels accumulate in signed 32-bit integers";
  return {};
}

static std::string whyNot(QMatmulOp op) {
  return whyNotGemm(op.getLhs().getType().getElementType(),
                    op.getRhs().getType().getElementType(),
                    op.getResult().getType().getElementType());
}

static std::string whyNot(QConv2DOp op) {
  std::string why = whyNotGemm(op.getInput().getType().getElementType(),
                               op.getFilter().getType().getElementType(),
                               op.getResult().getType().getElementType());
  if (!why.empty())
    return why;
  if (!op.getInput().getType().hasStaticShape() ||
      !op.getResult().getType().hasStaticShape())
    return "the GPU im2col path needs static shapes";
  return {};
}

/// The requantize that the kernel's epilogue can apply: the only user of
/// `acc`, per tensor or per channel along `channelDim`.
static RequantizeOp getFusableRequantize(Value acc, int64_t channelDim,
                                         const GPUMatmulOptions &options) {
  if (!options.fuseRequantize || !acc.hasOneUse())
    return {};
  auto rq = dyn_cast<RequantizeOp>(*acc.getUsers().begin());
  if (!rq)
    return {};
  if (rq.getNumChannels() > 1 && rq.getAxis() != channelDim)
    return {};
  Type resElt = rq.getResult().getType().getElementType();
  if (std::optional<int32_t> axis = getPerAxisDimension(resElt))
    if (*axis != channelDim)
      return {};
  return rq;
}

//===----------------------------------------------------------------------===//
// Tensor-level helpers
//===----------------------------------------------------------------------===//

/// `v` with its quantized element type replaced by the storage type.
static Value toStorage(ImplicitLocOpBuilder &b, Value v) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!isa<quant::QuantizedType>(type.getElementType()))
    return v;
  return quant::StorageCastOp::create(
      b, type.clone(getStorageIntegerType(type.getElementType())), v);
}

/// Casts the storage tensor `v` to `type` (quantized) when needed.
static Value fromStorage(ImplicitLocOpBuilder &b, Value v, Type type) {
  if (v.getType() == type)
    return v;
  return quant::StorageCastOp::create(b, type, v);
}

static int64_t roundUp16(int64_t v) { return (v + 15) / 16 * 16; }

/// Dimension `d` of tensor `v` as an index value (constant when static).
static Value dimOf(ImplicitLocOpBuilder &b, Value v, int64_t d) {
  auto type = cast<RankedTensorType>(v.getType());
  if (!type.isDynamicDim(d))
    return cIdx(b, type.getDimSize(d));
  return tensor::DimOp::create(b, v, d);
}

/// A rank-3 i8 tensor [d0, d1, d2] built elementwise by `body(indices)`, as
/// a linalg.generic over its only (output) operand. The GPU pipeline runs it
/// as an elementwise kernel.
static Value buildGenerated(
    ImplicitLocOpBuilder &b, ArrayRef<int64_t> shape, ValueRange dynamicSizes,
    Type element,
    function_ref<Value(ImplicitLocOpBuilder &, ValueRange)> body) {
  auto type = RankedTensorType::get(shape, element);
  Value empty = tensor::EmptyOp::create(b, type, dynamicSizes);
  unsigned rank = shape.size();
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, TypeRange{type}, ValueRange{}, ValueRange{empty},
      ArrayRef<AffineMap>{b.getMultiDimIdentityMap(rank)}, iterators,
      [&](OpBuilder &nb, Location loc, ValueRange) {
        ImplicitLocOpBuilder ib(loc, nb);
        SmallVector<Value> indices;
        for (unsigned d = 0; d < rank; ++d)
          indices.push_back(linalg::IndexOp::create(ib, d));
        linalg::YieldOp::create(ib, body(ib, indices));
      });
  return generic.getResult(0);
}

/// The constant integer elements of `v` (a storage tensor, possibly behind
/// quant.scast), if it is one.
static std::optional<DenseIntElementsAttr> getConstantElements(Value v) {
  while (auto cast = v.getDefiningOp<quant::StorageCastOp>())
    v = cast.getInput();
  DenseIntElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return std::nullopt;
  return attr;
}

/// A rank-3 i8 tensor [d0, d1, d2] that is the constant `valueAt(i, j, k)`
/// (an APInt of 8 bits).
static Value buildConstant3D(ImplicitLocOpBuilder &b,
                             std::array<int64_t, 3> shape,
                             function_ref<APInt(int64_t, int64_t, int64_t)>
                                 valueAt) {
  SmallVector<APInt> values;
  values.reserve(shape[0] * shape[1] * shape[2]);
  for (int64_t i = 0; i < shape[0]; ++i)
    for (int64_t j = 0; j < shape[1]; ++j)
      for (int64_t k = 0; k < shape[2]; ++k)
        values.push_back(valueAt(i, j, k));
  auto type = RankedTensorType::get(shape, b.getI8Type());
  return arith::ConstantOp::create(b, DenseElementsAttr::get(type, values));
}

/// `bufferization.to_buffer` of a tensor, read only, identity layout.
static Value toBuffer(ImplicitLocOpBuilder &b, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  auto memrefType = MemRefType::get(type.getShape(), type.getElementType());
  return bufferization::ToBufferOp::create(b, memrefType, tensor,
                                           b.getUnitAttr());
}

//===----------------------------------------------------------------------===//
// The GEMM on tensors
//===----------------------------------------------------------------------===//

namespace {
/// A batched GEMM on storage tensors: a [B, M, Ka], bt [B, N, Ka], plus what
/// GemmSpec needs besides the buffer types.
struct TensorGemm {
  Value a, bt, bias;
  Value batch, m, n, k, ka;
  int64_t staticBatch, staticM, staticN; // ShapedType::kDynamic if unknown
  GemmSpec spec;                          // without the buffer types
  Type outElement;
};
} // namespace

/// The GPU module that holds the quantx kernels of `module`, created on
/// first use (and `module` marked as a GPU container).
static gpu::GPUModuleOp getOrCreateKernelModule(RewriterBase &rewriter,
                                                ModuleOp module) {
  StringRef name = "quantx_kernels";
  if (auto existing = module.lookupSymbol<gpu::GPUModuleOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToEnd(module.getBody());
  module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                  rewriter.getUnitAttr());
  return gpu::GPUModuleOp::create(rewriter, module.getLoc(), name);
}

/// Declares the host function that launches `kernel`: same arguments, no
/// body yet. quantx-gpu-materialize-launches gives it its body (the grid
/// computation and a gpu.launch_func) after buffer deallocation, which does
/// not accept gpu.launch_func.
static func::FuncOp declareLaunch(RewriterBase &rewriter, ModuleOp module,
                                  gpu::GPUModuleOp kernels, GemmKernel kernel,
                                  ArrayRef<int64_t> sizeArgs = {}) {
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPoint(kernels);
  MLIRContext *ctx = rewriter.getContext();
  auto type = FunctionType::get(ctx, kernel.func.getArgumentTypes(), {});
  auto launch = func::FuncOp::create(
      rewriter, kernel.func.getLoc(), (kernel.func.getName() + "_launch").str(),
      type);
  launch.setPrivate();
  SymbolTable(module).insert(launch);
  NamedAttrList info;
  info.append("kernel", SymbolRefAttr::get(
                            kernels.getNameAttr(),
                            {FlatSymbolRefAttr::get(kernel.func.getNameAttr())}));
  info.append("threads", rewriter.getI64IntegerAttr(kernel.threads));
  info.append("grid_div", rewriter.getDenseI64ArrayAttr(
                              {kernel.gridDivN, kernel.gridDivM}));
  if (!sizeArgs.empty())
    info.append("size_args", rewriter.getDenseI64ArrayAttr(sizeArgs));
  launch->setAttr(kLaunchAttrName, info.getDictionary(ctx));
  return launch;
}

/// Builds the GEMM kernel for `g`, launches it on the buffers of the
/// operands, and returns the [B, M, N] result tensor.
static Value emitGemm(ImplicitLocOpBuilder &b, RewriterBase &rewriter,
                      Operation *root, TensorGemm &g, StringRef name,
                      const GPUMatmulOptions &options) {
  GemmSpec &spec = g.spec;
  Value a = toBuffer(b, g.a), bt = toBuffer(b, g.bt);
  Value bias = g.bias ? toBuffer(b, g.bias) : Value();
  SmallVector<int64_t> shape{g.staticBatch, g.staticM, g.staticN};
  SmallVector<Value> dynamicSizes;
  std::array<Value, 3> sizes = {g.batch, g.m, g.n};
  for (auto [size, value] : llvm::zip_equal(shape, sizes))
    if (ShapedType::isDynamic(size))
      dynamicSizes.push_back(value);
  auto outType = MemRefType::get(shape, g.outElement);
  Value out = memref::AllocOp::create(b, outType, dynamicSizes,
                                      b.getI64IntegerAttr(64));
  spec.aType = cast<MemRefType>(a.getType());
  spec.btType = cast<MemRefType>(bt.getType());
  spec.outType = outType;
  spec.biasType = bias ? cast<MemRefType>(bias.getType()) : MemRefType();

  auto module = root->getParentOfType<ModuleOp>();
  gpu::GPUModuleOp kernels = getOrCreateKernelModule(rewriter, module);
  bool dp4a = options.kernel == GPUMatmulKernel::Dp4a ||
              (options.kernel == GPUMatmulKernel::Auto &&
               !ShapedType::isDynamic(g.staticM) &&
               g.staticM <= options.dp4aMaxM);
  std::string kernelName = (name + (dp4a ? "_dp4a" : "_mma")).str();
  GemmKernel kernel =
      dp4a ? buildDp4aGemmKernel(rewriter, b.getLoc(), kernels, kernelName,
                                 spec, options)
           : buildMmaGemmKernel(rewriter, b.getLoc(), kernels, kernelName,
                                spec, options);
  func::FuncOp launch = declareLaunch(rewriter, module, kernels, kernel);
  SmallVector<Value> args{a, bt, out, g.m, g.n, g.k, g.ka, g.batch};
  if (bias)
    args.push_back(bias);
  func::CallOp::create(b, launch, args);
  return bufferization::ToTensorOp::create(
      b, RankedTensorType::get(shape, g.outElement), out,
      /*restrict=*/b.getUnitAttr(), /*writable=*/b.getUnitAttr());
}

/// Fills the epilogue part of `g.spec` from the operand element types, the
/// accumulator type and the fused requantize (if any); sets g.outElement.
static void setEpilogue(TensorGemm &g, Type aElt, Type bElt, Type accElt,
                        RequantizeOp rq) {
  GemmSpec &spec = g.spec;
  spec.aUnsigned = isUnsignedStorage(aElt);
  spec.bUnsigned = isUnsignedStorage(bElt);
  spec.zpA = getZeroPoints(aElt)[0];
  spec.zpB = getZeroPoints(bElt);
  g.outElement = getStorageIntegerType(accElt);
  if (!rq)
    return;
  Type resElt = rq.getResult().getType().getElementType();
  GemmSpec::Requantize r;
  size_t channels = std::max<size_t>(rq.getNumChannels(),
                                     getZeroPoints(resElt).size());
  auto expand = [&](auto values) {
    SmallVector<int64_t> out;
    for (size_t i = 0; i < channels; ++i)
      out.push_back(values.size() == 1 ? values[0] : values[i]);
    return out;
  };
  r.multiplier = expand(rq.getMultiplier());
  r.shift = expand(rq.getShift());
  r.outputZeroPoint = expand(getZeroPoints(resElt));
  r.mode = rq.getRounding();
  r.qmin = getStorageMin(resElt);
  r.qmax = getStorageMax(resElt);
  r.storage = getStorageIntegerType(resElt);
  spec.requantize = r;
  g.outElement = r.storage;
  (void)accElt;
}

//===----------------------------------------------------------------------===//
// qmatmul
//===----------------------------------------------------------------------===//

namespace {
struct QMatmulToGPU : OpRewritePattern<QMatmulOp> {
  QMatmulToGPU(MLIRContext *ctx, const GPUMatmulOptions &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(QMatmulOp op,
                                PatternRewriter &rewriter) const override {
    std::string why = whyNot(op);
    if (!why.empty())
      return rewriter.notifyMatchFailure(op, why);
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    auto lhsType = op.getLhs().getType(), rhsType = op.getRhs().getType();
    Type accElt = op.getResult().getType().getElementType();
    int64_t rank = lhsType.getRank();
    RequantizeOp rq = getFusableRequantize(op.getResult(), rank - 1, options);

    Value lhs = toStorage(b, op.getLhs()), rhs = toStorage(b, op.getRhs());
    std::optional<DenseIntElementsAttr> rhsConst = getConstantElements(rhs);
    // Rank 3 everywhere: a plain matmul is a batch of one.
    auto to3D = [&](Value v) -> Value {
      if (rank == 3)
        return v;
      auto type = cast<RankedTensorType>(v.getType());
      SmallVector<int64_t> shape{1};
      llvm::append_range(shape, type.getShape());
      SmallVector<OpFoldResult> sizes{b.getIndexAttr(1)};
      for (int64_t d = 0; d < 2; ++d)
        sizes.push_back(type.isDynamicDim(d) ? OpFoldResult(dimOf(b, v, d))
                                             : b.getIndexAttr(type.getDimSize(d)));
      return tensor::ExpandShapeOp::create(
          b, type.clone(shape), v, ArrayRef<ReassociationIndices>{{0, 1}, {2}},
          sizes);
    };
    lhs = to3D(lhs);
    rhs = to3D(rhs);
    auto lhs3 = cast<RankedTensorType>(lhs.getType());
    auto rhs3 = cast<RankedTensorType>(rhs.getType());

    TensorGemm g;
    g.batch = dimOf(b, lhs, 0);
    g.m = dimOf(b, lhs, 1);
    g.k = dimOf(b, lhs, 2);
    g.n = dimOf(b, rhs, 2);
    g.staticBatch = lhs3.getDimSize(0);
    g.staticM = lhs3.getDimSize(1);
    g.staticN = rhs3.getDimSize(2);
    int64_t staticK = lhs3.getDimSize(2);
    if (ShapedType::isDynamic(g.staticBatch))
      g.staticBatch = rhs3.getDimSize(0);
    int64_t staticKa =
        ShapedType::isDynamic(staticK) ? ShapedType::kDynamic : roundUp16(staticK);
    g.ka = !ShapedType::isDynamic(staticKa)
               ? cIdx(b, staticKa)
               : arith::MulIOp::create(
                     b, arith::CeilDivUIOp::create(b, g.k, cIdx(b, 16)),
                     cIdx(b, 16))
                     .getResult();
    Value zero8 = arith::ConstantIntOp::create(b, b.getI8Type(), 0);

    // A: padded along K only when K is not a multiple of 16.
    if (staticKa == staticK) {
      g.a = lhs;
    } else {
      SmallVector<Value> dyn;
      if (lhs3.isDynamicDim(0))
        dyn.push_back(g.batch);
      if (lhs3.isDynamicDim(1))
        dyn.push_back(g.m);
      if (ShapedType::isDynamic(staticKa))
        dyn.push_back(g.ka);
      g.a = buildGenerated(
          b, {lhs3.getDimSize(0), g.staticM, staticKa}, dyn, b.getI8Type(),
          [&](ImplicitLocOpBuilder &ib, ValueRange idx) -> Value {
            Value inK = arith::CmpIOp::create(ib, arith::CmpIPredicate::ult,
                                              idx[2], g.k);
            Value k = arith::SelectOp::create(ib, inK, idx[2], cIdx(ib, 0));
            Value v =
                tensor::ExtractOp::create(ib, lhs, ValueRange{idx[0], idx[1], k});
            return arith::SelectOp::create(ib, inK, v, zero8);
          });
    }

    // B^T: [B, N, Ka], zero-padded; folded when B is a constant.
    if (rhsConst && rhs3.hasStaticShape()) {
      SmallVector<APInt> values(rhsConst->getValues<APInt>());
      int64_t kDim = rhs3.getDimSize(1), nDim = rhs3.getDimSize(2);
      g.bt = buildConstant3D(
          b, {rhs3.getDimSize(0), nDim, staticKa},
          [&](int64_t bi, int64_t n, int64_t k) {
            if (k >= kDim)
              return APInt(8, 0);
            return values[(bi * kDim + k) * nDim + n];
          });
    } else {
      SmallVector<Value> dyn;
      if (rhs3.isDynamicDim(0))
        dyn.push_back(dimOf(b, rhs, 0));
      if (rhs3.isDynamicDim(2))
        dyn.push_back(g.n);
      if (ShapedType::isDynamic(staticKa))
        dyn.push_back(g.ka);
      g.bt = buildGenerated(
          b, {rhs3.getDimSize(0), g.staticN, staticKa}, dyn, b.getI8Type(),
          [&](ImplicitLocOpBuilder &ib, ValueRange idx) -> Value {
            Value inK = arith::CmpIOp::create(ib, arith::CmpIPredicate::ult,
                                              idx[2], g.k);
            Value k = arith::SelectOp::create(ib, inK, idx[2], cIdx(ib, 0));
            Value v =
                tensor::ExtractOp::create(ib, rhs, ValueRange{idx[0], k, idx[1]});
            return arith::SelectOp::create(ib, inK, v, zero8);
          });
    }
    g.bias = op.getBias();
    setEpilogue(g, lhsType.getElementType(), rhsType.getElementType(), accElt,
                rq);

    Value result = emitGemm(b, rewriter, op, g, "qmatmul", options);
    if (rank == 2) {
      auto type = cast<RankedTensorType>(result.getType());
      result = tensor::CollapseShapeOp::create(
          b, type.clone(type.getShape().drop_front()), result,
          ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    }
    if (rq) {
      rewriter.replaceOp(rq, fromStorage(b, result, rq.getResult().getType()));
      rewriter.eraseOp(op);
    } else {
      rewriter.replaceOp(op, fromStorage(b, result, op.getResult().getType()));
    }
    return success();
  }

  GPUMatmulOptions options;
};

//===----------------------------------------------------------------------===//
// qconv2d: im2col + batched GEMM (one batch per group)
//===----------------------------------------------------------------------===//

struct QConv2DToGPU : OpRewritePattern<QConv2DOp> {
  QConv2DToGPU(MLIRContext *ctx, const GPUMatmulOptions &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(QConv2DOp op,
                                PatternRewriter &rewriter) const override {
    std::string why = whyNot(op);
    if (!why.empty())
      return rewriter.notifyMatchFailure(op, why);
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    using arith::CmpIPredicate;
    bool nhwc = op.isNhwc();
    Type inElt = op.getInput().getType().getElementType();
    Type filterElt = op.getFilter().getType().getElementType();
    Type accElt = op.getResult().getType().getElementType();
    RequantizeOp rq =
        getFusableRequantize(op.getResult(), op.getChannelDim(), options);

    ArrayRef<int64_t> inShape = op.getInput().getType().getShape();
    ArrayRef<int64_t> fShape = op.getFilter().getType().getShape();
    ArrayRef<int64_t> outShape = op.getResult().getType().getShape();
    auto [hDim, wDim] = op.getSpatialDims();
    auto [khDim, kwDim] = op.getFilterSpatialDims();
    const int64_t batch = inShape[0];
    const int64_t h = inShape[hDim], w = inShape[wDim];
    const int64_t kh = fShape[khDim], kw = fShape[kwDim];
    const int64_t cg = fShape[op.getFilterInputChannelDim()];
    const int64_t f = fShape[op.getFilterOutputChannelDim()];
    const int64_t groups = op.getGroups(), fg = f / groups;
    const int64_t oh = outShape[hDim], ow = outShape[wDim];
    ArrayRef<int64_t> strides = op.getStrides(), dilations = op.getDilations();
    ArrayRef<int64_t> padding = op.getPadding();
    const int64_t kc = kh * kw * cg, ka = roundUp16(kc), mo = batch * oh * ow;

    Value input = toStorage(b, op.getInput());
    Value filter = toStorage(b, op.getFilter());
    Value zero8 = arith::ConstantIntOp::create(b, b.getI8Type(), 0);
    Value inZp = arith::ConstantOp::create(
        b, IntegerAttr::get(b.getI8Type(),
                            APInt(8, static_cast<uint64_t>(getZeroPoints(inElt)[0]),
                                  /*isSigned=*/true, /*implicitTrunc=*/true)));

    // Reduction index k -> (kh, kw, c): c fastest for NHWC (contiguous input
    // channels), kw fastest for NCHW (contiguous input rows).
    auto splitK = [&](auto div, auto rem, auto k) {
      if (nhwc) {
        auto c = rem(k, cg), t = div(k, cg);
        return std::make_tuple(div(t, kw), rem(t, kw), c);
      }
      auto x = rem(k, kw), t = div(k, kw);
      return std::make_tuple(rem(t, kh), x, div(t, kh));
    };

    // im2col: A[g, mo, k] = input at (n, oh*s + kh*d - pad, ow*s + kw*d - pad,
    // g*cg + c); the input zero point in the padding, 0 past kc.
    Value a = buildGenerated(
        b, {groups, mo, ka}, {}, b.getI8Type(),
        [&](ImplicitLocOpBuilder &ib, ValueRange idx) -> Value {
          auto c = [&](int64_t v) { return cIdx(ib, v); };
          auto div = [&](Value x, int64_t d) -> Value {
            return arith::DivUIOp::create(ib, x, c(d));
          };
          auto rem = [&](Value x, int64_t d) -> Value {
            return arith::RemUIOp::create(ib, x, c(d));
          };
          Value g = idx[0], m = idx[1], k = idx[2];
          Value n = div(m, oh * ow);
          Value ohi = div(rem(m, oh * ow), ow), owi = rem(m, ow);
          auto [khi, kwi, ci] = splitK(div, rem, k);
          auto coord = [&](Value o, int64_t s, Value kk, int64_t d,
                           int64_t pad) -> Value {
            Value pos = arith::AddIOp::create(
                ib, arith::MulIOp::create(ib, o, c(s)),
                arith::MulIOp::create(ib, kk, c(d)));
            return arith::SubIOp::create(ib, pos, c(pad));
          };
          Value ih = coord(ohi, strides[0], khi, dilations[0], padding[0]);
          Value iw = coord(owi, strides[1], kwi, dilations[1], padding[2]);
          Value inK = arith::CmpIOp::create(ib, CmpIPredicate::ult, k, c(kc));
          // ult against the extent also rejects "negative" (wrapped) indices.
          Value inH = arith::CmpIOp::create(ib, CmpIPredicate::ult, ih, c(h));
          Value inW = arith::CmpIOp::create(ib, CmpIPredicate::ult, iw, c(w));
          Value inside = arith::AndIOp::create(
              ib, inK, arith::AndIOp::create(ib, inH, inW));
          Value ihc = arith::SelectOp::create(ib, inside, ih, c(0));
          Value iwc = arith::SelectOp::create(ib, inside, iw, c(0));
          Value chan = arith::SelectOp::create(
              ib, inside,
              arith::AddIOp::create(ib, arith::MulIOp::create(ib, g, c(cg)),
                                    ci),
              c(0));
          SmallVector<Value> at =
              nhwc ? SmallVector<Value>{n, ihc, iwc, chan}
                   : SmallVector<Value>{n, chan, ihc, iwc};
          Value v = tensor::ExtractOp::create(ib, input, at);
          Value outside = arith::SelectOp::create(ib, inK, inZp, zero8);
          return arith::SelectOp::create(ib, inside, v, outside);
        });

    // B^T[g, fo, k] = filter at (kh, kw, c, g*fg + fo), 0 past kc.
    Value bt;
    if (std::optional<DenseIntElementsAttr> cst = getConstantElements(filter)) {
      SmallVector<APInt> values(cst->getValues<APInt>());
      bt = buildConstant3D(b, {groups, fg, ka}, [&](int64_t gi, int64_t fo,
                                                     int64_t k) {
        if (k >= kc)
          return APInt(8, 0);
        auto [khi, kwi, ci] = splitK([](int64_t x, int64_t d) { return x / d; },
                                     [](int64_t x, int64_t d) { return x % d; },
                                     k);
        int64_t oc = gi * fg + fo;
        int64_t flat = nhwc ? ((khi * kw + kwi) * cg + ci) * f + oc
                            : ((oc * cg + ci) * kh + khi) * kw + kwi;
        return values[flat];
      });
    } else {
      bt = buildGenerated(
          b, {groups, fg, ka}, {}, b.getI8Type(),
          [&](ImplicitLocOpBuilder &ib, ValueRange idx) -> Value {
            auto c = [&](int64_t v) { return cIdx(ib, v); };
            auto div = [&](Value x, int64_t d) -> Value {
              return arith::DivUIOp::create(ib, x, c(d));
            };
            auto rem = [&](Value x, int64_t d) -> Value {
              return arith::RemUIOp::create(ib, x, c(d));
            };
            Value inK =
                arith::CmpIOp::create(ib, CmpIPredicate::ult, idx[2], c(kc));
            Value k = arith::SelectOp::create(ib, inK, idx[2], c(0));
            auto [khi, kwi, ci] = splitK(div, rem, k);
            Value oc = arith::AddIOp::create(
                ib, arith::MulIOp::create(ib, idx[0], c(fg)), idx[1]);
            SmallVector<Value> at = nhwc ? SmallVector<Value>{khi, kwi, ci, oc}
                                         : SmallVector<Value>{oc, ci, khi, kwi};
            Value v = tensor::ExtractOp::create(ib, filter, at);
            return arith::SelectOp::create(ib, inK, v, zero8);
          });
    }

    TensorGemm g;
    g.a = a;
    g.bt = bt;
    g.bias = op.getBias();
    g.batch = cIdx(b, groups);
    g.m = cIdx(b, mo);
    g.n = cIdx(b, fg);
    g.k = cIdx(b, kc);
    g.ka = cIdx(b, ka);
    g.staticBatch = groups;
    g.staticM = mo;
    g.staticN = fg;
    g.spec.channelsPerBatch = fg;
    setEpilogue(g, inElt, filterElt, accElt, rq);
    Value c = emitGemm(b, rewriter, op, g, "qconv2d", options);

    // [groups, N*OH*OW, fg] -> the conv layout.
    Type outElt = g.outElement;
    auto expandedType =
        RankedTensorType::get({groups, batch, oh, ow, fg}, outElt);
    Value expanded = tensor::ExpandShapeOp::create(
        b, expandedType, c, ArrayRef<ReassociationIndices>{{0}, {1, 2, 3}, {4}});
    Value result;
    if (groups == 1 && nhwc) {
      // [1, N, OH, OW, F] is already NHWC.
      result = tensor::CollapseShapeOp::create(
          b, expanded, ArrayRef<ReassociationIndices>{{0, 1}, {2}, {3}, {4}});
    } else {
      SmallVector<int64_t> perm = nhwc ? SmallVector<int64_t>{1, 2, 3, 0, 4}
                                       : SmallVector<int64_t>{1, 0, 4, 2, 3};
      SmallVector<int64_t> permShape;
      for (int64_t p : perm)
        permShape.push_back(expandedType.getDimSize(p));
      Value init = tensor::EmptyOp::create(b, permShape, outElt);
      Value transposed =
          linalg::TransposeOp::create(b, expanded, init, perm).getResult()[0];
      SmallVector<ReassociationIndices> collapse =
          nhwc ? SmallVector<ReassociationIndices>{{0}, {1}, {2}, {3, 4}}
               : SmallVector<ReassociationIndices>{{0}, {1, 2}, {3}, {4}};
      result = tensor::CollapseShapeOp::create(b, transposed, collapse);
    }

    if (rq) {
      rewriter.replaceOp(rq, fromStorage(b, result, rq.getResult().getType()));
      rewriter.eraseOp(op);
    } else {
      rewriter.replaceOp(op, fromStorage(b, result, op.getResult().getType()));
    }
    return success();
  }

  GPUMatmulOptions options;
};
} // namespace

//===----------------------------------------------------------------------===//
// codebook_matmul: the shared-memory table kernel (CodebookKernels.cpp)
//===----------------------------------------------------------------------===//

namespace {
struct CodebookMatmulToGPU : OpRewritePattern<CodebookMatmulOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(CodebookMatmulOp op,
                                PatternRewriter &rewriter) const override {
    std::string why = whyNotCodebookKernel(op);
    if (!why.empty())
      return rewriter.notifyMatchFailure(op, why);
    ImplicitLocOpBuilder b(op.getLoc(), rewriter);
    Value centroids = op.getCentroids();
    auto centroidsType = cast<RankedTensorType>(centroids.getType());
    if (centroidsType.getRank() == 2)
      centroids = tensor::ExpandShapeOp::create(
          b,
          centroidsType.clone({1, centroidsType.getDimSize(0),
                               centroidsType.getDimSize(1)}),
          centroids, ArrayRef<ReassociationIndices>{{0, 1}, {2}});
    Value x = toBuffer(b, op.getInput());
    Value cb = toBuffer(b, centroids), codes = toBuffer(b, op.getCodes());
    auto resultType = op.getResult().getType();
    Value rows = dimOf(b, op.getInput(), 0);
    SmallVector<Value> dynamicRows;
    if (resultType.isDynamicDim(0))
      dynamicRows.push_back(rows);
    auto outType =
        MemRefType::get(resultType.getShape(), resultType.getElementType());
    Value out = memref::AllocOp::create(b, outType, dynamicRows,
                                        b.getI64IntegerAttr(64));
    CodebookSpec spec{cast<MemRefType>(x.getType()),
                      cast<MemRefType>(cb.getType()),
                      cast<MemRefType>(codes.getType()), outType};
    auto module = op->getParentOfType<ModuleOp>();
    gpu::GPUModuleOp kernels = getOrCreateKernelModule(rewriter, module);
    GemmKernel kernel = buildCodebookMatmulKernel(
        rewriter, op.getLoc(), kernels, "codebook_matmul", spec);
    func::FuncOp launch =
        declareLaunch(rewriter, module, kernels, kernel,
                      {CodebookArg::Rows, CodebookArg::Columns, -1});
    func::CallOp::create(
        b, launch,
        ValueRange{x, cb, codes, out, rows, cIdx(b, op.getNumColumns())});
    rewriter.replaceOp(op, bufferization::ToTensorOp::create(
                               b, resultType, out, /*restrict=*/b.getUnitAttr(),
                               /*writable=*/b.getUnitAttr()));
    return success();
  }
};
} // namespace

void mlir::quantx::populateQuantxToNVVMPatterns(
    RewritePatternSet &patterns, const GPUMatmulOptions &options) {
  patterns.add<QMatmulToGPU, QConv2DToGPU>(patterns.getContext(), options);
  patterns.add<CodebookMatmulToGPU>(patterns.getContext());
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {
struct ConvertQuantxToNVVMPass
    : quantx::impl::ConvertQuantxToNVVMBase<ConvertQuantxToNVVMPass> {
  using Base::Base;

  void runOnOperation() override {
    GPUMatmulOptions options;
    options.tileM = tileM;
    options.tileN = tileN;
    options.tileK = tileK;
    options.warpsM = warpsM;
    options.warpsN = warpsN;
    options.kernel = kernel;
    options.dp4aMaxM = dp4aMaxM;
    options.fuseRequantize = fuseRequantize;
    options.remarks = remarks;
    std::string why;
    if (failed(options.verify(why))) {
      getOperation().emitError("convert-quantx-to-nvvm: invalid tiling: ")
          << why;
      return signalPassFailure();
    }
    RewritePatternSet patterns(&getContext());
    populateQuantxToNVVMPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    if (!remarks)
      return;
    getOperation().walk([](Operation *op) {
      std::string reason;
      if (auto mm = dyn_cast<QMatmulOp>(op))
        reason = whyNot(mm);
      else if (auto conv = dyn_cast<QConv2DOp>(op))
        reason = whyNot(conv);
      else if (auto cb = dyn_cast<CodebookMatmulOp>(op))
        reason = whyNotCodebookKernel(cb);
      if (!reason.empty())
        op->emitRemark("left to the reference lowering (a generic GPU "
                       "kernel): ")
            << reason;
    });
  }
};
} // namespace
