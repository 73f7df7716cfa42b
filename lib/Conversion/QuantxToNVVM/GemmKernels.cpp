//===- GemmKernels.cpp - integer GEMM kernels as gpu.launch ---------------===//
//
// The tensor-core and dp4a GEMM kernels of convert-quantx-to-nvvm. Both
// accumulate raw storage products (s8/u8) in wrapping i32 arithmetic and fix
// the zero points up in the epilogue:
//
//   sum_k (a - za)(b - zb) = sum_k a*b - zb*sum_k a - za*sum_k b + K*za*zb
//
// which is a polynomial identity, so it holds modulo 2^32 and the result is
// the reference lowering's bit for bit. The row sums (sum_k a) and column
// sums (sum_k b) come from the same instructions run against a matrix of
// ones, so they cost no extra shared-memory traffic.
//
//===----------------------------------------------------------------------===//

#include "GemmKernels.h"

#include "quantx/Conversion/QuantxToLinalg/ScalarArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/NVGPU/IR/NVGPUDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Small helpers
//===----------------------------------------------------------------------===//

static Value cI32(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIntOp::create(b, b.getI32Type(), v);
}

static Value cI64(ImplicitLocOpBuilder &b, int64_t v) {
  return arith::ConstantIntOp::create(b, b.getI64Type(), v);
}

static Value ceilDiv(ImplicitLocOpBuilder &b, Value x, int64_t d) {
  return b.createOrFold<arith::CeilDivUIOp>(x, cIdx(b, d));
}

static Value mulIdx(ImplicitLocOpBuilder &b, Value x, int64_t c) {
  return b.createOrFold<arith::MulIOp>(x, cIdx(b, c));
}

static Value addIdx(ImplicitLocOpBuilder &b, Value x, Value y) {
  return b.createOrFold<arith::AddIOp>(x, y);
}

static Value cmpIdx(ImplicitLocOpBuilder &b, arith::CmpIPredicate p, Value x,
                    Value y) {
  return b.createOrFold<arith::CmpIOp>(p, x, y);
}

/// Whether `v` is a constant index > 0.
static bool isKnownPositive(Value v) {
  std::optional<int64_t> c = getConstantIntValue(v);
  return c && *c > 0;
}

/// Runs `body` under `scf.if` when one of `sizes` may be zero (a gpu.launch
/// with an empty grid is an error in CUDA), directly otherwise.
static void guardNonEmpty(ImplicitLocOpBuilder &b, ArrayRef<Value> sizes,
                          function_ref<void()> body) {
  Value cond;
  for (Value s : sizes) {
    if (isKnownPositive(s))
      continue;
    Value nonZero = cmpIdx(b, arith::CmpIPredicate::ne, s, cIdx(b, 0));
    cond = cond ? b.createOrFold<arith::AndIOp>(cond, nonZero) : nonZero;
  }
  if (!cond) {
    body();
    return;
  }
  auto ifOp = scf::IfOp::create(b, cond, /*withElseRegion=*/false);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
  body();
}

namespace {
/// Creates constant tables (memref.global in the GPU module) for the
/// per-channel parameters of one kernel; they are read with
/// memref.get_global + memref.load inside the kernel.
struct TableMaker {
  mutable gpu::GPUModuleOp module;
  std::string prefix;

  /// A `memref.get_global` of a new constant table holding `values`.
  Value get(ImplicitLocOpBuilder &b, ArrayRef<int64_t> values,
            IntegerType type, StringRef what) const {
    SmallVector<APInt> ints = llvm::map_to_vector(values, [&](int64_t v) {
      return APInt(type.getWidth(), static_cast<uint64_t>(v),
                   /*isSigned=*/true);
    });
    auto memrefType =
        MemRefType::get({static_cast<int64_t>(values.size())}, type);
    auto tensorType = RankedTensorType::get(memrefType.getShape(), type);
    memref::GlobalOp global;
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      global = memref::GlobalOp::create(
          b, (prefix + "_" + what).str(), b.getStringAttr("private"),
          memrefType, DenseElementsAttr::get(tensorType, ints),
          /*constant=*/true, /*alignment=*/nullptr);
      SymbolTable(module).insert(global);
    }
    return memref::GetGlobalOp::create(b, memrefType, global.getSymName());
  }
};

/// A per-channel parameter: a constant when it is the same for every
/// channel, else a constant table indexed by the channel.
struct ChannelParam {
  Value scalar;
  Value table;

  ChannelParam() = default;
  ChannelParam(ImplicitLocOpBuilder &b, const TableMaker &tables,
               ArrayRef<int64_t> values, IntegerType type, StringRef what) {
    if (llvm::all_equal(values))
      scalar = arith::ConstantIntOp::create(b, type, values[0]);
    else
      table = tables.get(b, values, type, what);
  }

  Value get(ImplicitLocOpBuilder &b, Value channel) const {
    if (scalar)
      return scalar;
    return memref::LoadOp::create(b, table, ValueRange{channel});
  }
};

/// The epilogue shared by both kernels: zero-point corrections, bias and the
/// optional requantize, for one raw accumulator.
struct Epilogue {
  const GemmSpec &spec;
  Value bias, k;
  ChannelParam zpB, multiplier, shift, outputZeroPoint;
  Value zpA, kTimesZpA, inputZeroPoint;

  /// Materializes the constants at the builder's insertion point (the top of
  /// the kernel body, so that they are built once).
  Epilogue(ImplicitLocOpBuilder &b, const TableMaker &tables,
           const GemmSpec &spec, Value bias, Value k)
      : spec(spec), bias(bias), k(k) {
    IntegerType i32 = b.getI32Type(), i64 = b.getI64Type();
    zpB = ChannelParam(b, tables, spec.zpB, i32, "zp_b");
    zpA = cI32(b, spec.zpA);
    if (spec.needsColumnSums() && spec.needsRowSums()) {
      Value k32 = arith::IndexCastOp::create(b, i32, k);
      kTimesZpA = arith::MulIOp::create(b, k32, zpA);
    }
    if (const auto &rq = spec.requantize) {
      multiplier = ChannelParam(b, tables, rq->multiplier, i64, "multiplier");
      shift = ChannelParam(b, tables, rq->shift, i64, "shift");
      outputZeroPoint =
          ChannelParam(b, tables, rq->outputZeroPoint, i64, "zp_out");
      inputZeroPoint = cI64(b, 0);
    }
  }

  /// The value to store for the raw accumulator `raw` of output column `col`
  /// in batch `batchIdx`, given the row sum of A and the column sum of B (null
  /// when not needed).
  Value emit(ImplicitLocOpBuilder &b, Value raw, Value rowSum, Value colSum,
             Value col, Value batchIdx) const {
    Value channel = col;
    if (spec.channelsPerBatch)
      channel = addIdx(b, mulIdx(b, batchIdx, spec.channelsPerBatch), col);
    Value acc = raw;
    if (bias)
      acc = arith::AddIOp::create(
          b, acc, memref::LoadOp::create(b, bias, ValueRange{channel}));
    Value zb;
    if (rowSum) {
      zb = zpB.get(b, channel);
      acc = arith::SubIOp::create(b, acc, arith::MulIOp::create(b, zb, rowSum));
    }
    if (colSum)
      acc = arith::SubIOp::create(b, acc, arith::MulIOp::create(b, zpA, colSum));
    if (rowSum && colSum)
      acc = arith::AddIOp::create(b, acc,
                                  arith::MulIOp::create(b, kTimesZpA, zb));
    if (const auto &rq = spec.requantize)
      return emitRequantize(b, b.getLoc(), acc, /*inputUnsigned=*/false,
                            inputZeroPoint, multiplier.get(b, channel),
                            shift.get(b, channel), rq->mode,
                            outputZeroPoint.get(b, channel), rq->qmin,
                            rq->qmax, rq->storage);
    return acc;
  }
};
} // namespace

/// Creates an scf.for with `init` iteration values and moves the builder
/// into its (empty) body; the caller adds the scf.yield and restores the
/// insertion point.
static scf::ForOp createLoopAndEnter(ImplicitLocOpBuilder &b, Value lb,
                                     Value ub, Value step, ValueRange init) {
  auto loop = scf::ForOp::create(b, lb, ub, step, init);
  Block *body = loop.getBody();
  if (!body->empty() && body->back().hasTrait<OpTrait::IsTerminator>())
    body->back().erase();
  b.setInsertionPointToEnd(body);
  return loop;
}

/// Creates the kernel function `name` (made unique) in `module` with the
/// GemmArg signature of `spec` and `workgroup` buffers, and leaves the
/// builder inside its body (before the gpu.return).
static gpu::GPUFuncOp createKernel(ImplicitLocOpBuilder &b,
                                   gpu::GPUModuleOp module, StringRef name,
                                   const GemmSpec &spec, int64_t threads,
                                   TypeRange workgroup) {
  Type index = b.getIndexType();
  SmallVector<Type> args{spec.aType, spec.btType, spec.outType, index,
                         index,      index,       index,        index};
  if (spec.biasType)
    args.push_back(spec.biasType);
  auto type = FunctionType::get(b.getContext(), args, {});
  gpu::GPUFuncOp func;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(module.getBody());
    func = gpu::GPUFuncOp::create(b, name, type, workgroup);
    SymbolTable(module).insert(func);
  }
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  func.setKnownBlockSizeAttr(b.getDenseI32ArrayAttr(
      {static_cast<int32_t>(threads), 1, 1}));
  Block &body = func.getBody().front();
  b.setInsertionPointToStart(&body);
  auto ret = gpu::ReturnOp::create(b);
  b.setInsertionPoint(ret);
  return func;
}

//===----------------------------------------------------------------------===//
// Tensor-core kernel
//===----------------------------------------------------------------------===//

namespace {
/// The register fragments of one m16n8k32 step.
using Regs = SmallVector<Value, 4>;

/// nvvm.mma.sync m16n8k32 on 8-bit operands with wrapping s32 accumulation
/// (the default, satfinite, would clamp).
Regs emitMma(ImplicitLocOpBuilder &b, ValueRange a, ValueRange bRegs,
             ValueRange c, NVVM::MMATypes aType, NVVM::MMATypes bType) {
  Type i32 = b.getI32Type();
  auto resultType = LLVM::LLVMStructType::getLiteral(b.getContext(),
                                                     {i32, i32, i32, i32});
  auto mma = NVVM::MmaOp::create(
      b, resultType, a, bRegs, c, /*shape=*/{16, 8, 32}, /*b1Op=*/std::nullopt,
      NVVM::MMAIntOverflow::wrapped, std::array<NVVM::MMATypes, 2>{aType, bType},
      std::array<NVVM::MMALayout, 2>{NVVM::MMALayout::row,
                                     NVVM::MMALayout::col});
  Regs d;
  for (int64_t i = 0; i < 4; ++i)
    d.push_back(LLVM::ExtractValueOp::create(b, mma.getRes(), i));
  return d;
}

/// ldmatrix of `numTiles` 8x8 b16 tiles (8 rows of 16 bytes each) from
/// `smem[indices]`, as i32 registers (4 bytes of a row each).
Regs emitLdMatrix(ImplicitLocOpBuilder &b, Value smem, ValueRange indices,
                  int64_t numTiles) {
  Type i8 = b.getI8Type();
  auto fragType = VectorType::get({numTiles, 4}, i8);
  Value frag = nvgpu::LdMatrixOp::create(b, fragType, smem, indices,
                                         /*transpose=*/false, numTiles);
  Regs regs;
  for (int64_t i = 0; i < numTiles; ++i) {
    Value row = vector::ExtractOp::create(b, frag, i);
    Value word = vector::BitCastOp::create(
        b, VectorType::get({1}, b.getI32Type()), row);
    regs.push_back(vector::ExtractOp::create(b, word, 0));
  }
  return regs;
}
} // namespace

GemmKernel mlir::quantx::buildMmaGemmKernel(OpBuilder &builder, Location loc,
                                            gpu::GPUModuleOp module,
                                            StringRef name,
                                            const GemmSpec &spec,
                                            const GPUMatmulOptions &options) {
  ImplicitLocOpBuilder b(loc, builder);
  MLIRContext *ctx = b.getContext();
  using arith::CmpIPredicate;

  const int64_t tileM = options.tileM, tileN = options.tileN;
  const int64_t tileK = options.tileK;
  const int64_t warpsN = options.warpsN;
  const int64_t warpTileM = tileM / options.warpsM;
  const int64_t warpTileN = tileN / warpsN;
  const int64_t mTiles = warpTileM / 16, nTiles = warpTileN / 8;
  const int64_t threads = 32 * options.warpsM * warpsN;
  // Shared-memory rows of tileK bytes plus 16: consecutive rows then start
  // 4 banks apart modulo 32, so the 8 row addresses of an ldmatrix tile hit
  // distinct banks.
  const int64_t rowStride = tileK + 16;
  const bool rowSums = spec.needsRowSums(), colSums = spec.needsColumnSums();

  auto workgroup =
      gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  Type i8 = b.getI8Type();
  auto smemAType = MemRefType::get({2, tileM, rowStride}, i8,
                                   MemRefLayoutAttrInterface{}, workgroup);
  auto smemBType = MemRefType::get({2, tileN, rowStride}, i8,
                                   MemRefLayoutAttrInterface{}, workgroup);

  gpu::GPUFuncOp func = createKernel(b, module, name, spec, threads,
                                     TypeRange{smemAType, smemBType});
  TableMaker tables{module, func.getName().str()};
  ValueRange args = func.getArguments();
  Value a = args[GemmArg::A], bt = args[GemmArg::Bt], out = args[GemmArg::Out];
  Value m = args[GemmArg::M], n = args[GemmArg::N], ka = args[GemmArg::Ka];
  {
    Value smemA = func.getWorkgroupAttributions()[0];
    Value smemB = func.getWorkgroupAttributions()[1];

    Epilogue epilogue(b, tables, spec,
                      spec.biasType ? args[GemmArg::Bias] : Value(),
                      args[GemmArg::K]);
    Value tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
    Value batchIdx = gpu::BlockIdOp::create(b, gpu::Dimension::z);
    Value blockRow =
        mulIdx(b, gpu::BlockIdOp::create(b, gpu::Dimension::y), tileM);
    Value blockCol =
        mulIdx(b, gpu::BlockIdOp::create(b, gpu::Dimension::x), tileN);
    Value c32 = cIdx(b, 32);
    Value warp = arith::DivUIOp::create(b, tid, c32);
    Value lane = arith::RemUIOp::create(b, tid, c32);
    Value warpRow =
        mulIdx(b, arith::DivUIOp::create(b, warp, cIdx(b, warpsN)), warpTileM);
    Value warpCol =
        mulIdx(b, arith::RemUIOp::create(b, warp, cIdx(b, warpsN)), warpTileN);
    Value group = arith::DivUIOp::create(b, lane, cIdx(b, 4));
    Value inGroup = arith::RemUIOp::create(b, lane, cIdx(b, 4));
    Value lane8 = arith::RemUIOp::create(b, lane, cIdx(b, 8));
    Value laneTile = arith::DivUIOp::create(b, lane, cIdx(b, 8));

    // Global -> shared: 16-byte cp.async chunks, zero-filled (src-size 0)
    // past M, N or Ka, from addresses clamped into the buffer.
    Value numK = ceilDiv(b, ka, tileK);
    auto asyncToken = nvgpu::DeviceAsyncTokenType::get(ctx);
    auto issueStage = [&](ImplicitLocOpBuilder &b, Value stage,
                          Value kTile) -> Value {
      Value k0 = mulIdx(b, kTile, tileK);
      SmallVector<Value> tokens;
      const int64_t chunksPerRow = tileK / 16;
      struct Operand {
        Value src, dst;
        int64_t rows;
        Value rowBase, limit;
      };
      for (const Operand &operand :
           {Operand{a, smemA, tileM, blockRow, m},
            Operand{bt, smemB, tileN, blockCol, n}}) {
        Value src = operand.src, dst = operand.dst;
        Value rowBase = operand.rowBase, limit = operand.limit;
        const int64_t rows = operand.rows;
        const int64_t chunks = rows * chunksPerRow;
        for (int64_t first = 0; first < chunks; first += threads) {
          Value chunk = addIdx(b, tid, cIdx(b, first));
          auto emitCopy = [&] {
            Value row = arith::DivUIOp::create(b, chunk, cIdx(b, chunksPerRow));
            Value col = mulIdx(
                b, arith::RemUIOp::create(b, chunk, cIdx(b, chunksPerRow)), 16);
            Value gRow = addIdx(b, rowBase, row);
            Value gK = addIdx(b, k0, col);
            Value valid = arith::AndIOp::create(
                b, cmpIdx(b, CmpIPredicate::ult, gRow, limit),
                cmpIdx(b, CmpIPredicate::ult, gK, ka));
            Value srcRow = arith::MinUIOp::create(
                b, gRow, arith::SubIOp::create(b, limit, cIdx(b, 1)));
            Value srcK = arith::MinUIOp::create(
                b, gK, arith::SubIOp::create(b, ka, cIdx(b, 16)));
            Value srcElements =
                arith::SelectOp::create(b, valid, cIdx(b, 16), cIdx(b, 0));
            return nvgpu::DeviceAsyncCopyOp::create(
                b, asyncToken, dst, ValueRange{stage, row, col}, src,
                ValueRange{batchIdx, srcRow, srcK}, b.getIndexAttr(16),
                srcElements, b.getUnitAttr());
          };
          if (first + threads <= chunks) {
            tokens.push_back(emitCopy());
            continue;
          }
          // The last round has fewer chunks than threads.
          auto ifOp = scf::IfOp::create(
              b, cmpIdx(b, CmpIPredicate::ult, chunk, cIdx(b, chunks)),
              /*withElseRegion=*/false);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
          emitCopy();
        }
      }
      return nvgpu::DeviceAsyncCreateGroupOp::create(b, asyncToken, tokens);
    };

    // Prologue: stage 0 holds K tile 0.
    guardNonEmpty(b, {numK}, [&] { issueStage(b, cIdx(b, 0), cIdx(b, 0)); });

    // Accumulators: raw products per (m tile, n tile), row sums of A per m
    // tile, column sums of B per n tile, four i32 each.
    SmallVector<Value> init;
    int64_t numAcc = mTiles * nTiles * 4 + (rowSums ? mTiles * 4 : 0) +
                     (colSums ? nTiles * 4 : 0);
    Value zero = cI32(b, 0);
    init.assign(numAcc, zero);
    auto accIndex = [&](int64_t mt, int64_t nt, int64_t i) {
      return (mt * nTiles + nt) * 4 + i;
    };
    const int64_t rowSumBase = mTiles * nTiles * 4;
    const int64_t colSumBase = rowSumBase + (rowSums ? mTiles * 4 : 0);

    NVVM::MMATypes aType =
        spec.aUnsigned ? NVVM::MMATypes::u8 : NVVM::MMATypes::s8;
    NVVM::MMATypes bType =
        spec.bUnsigned ? NVVM::MMATypes::u8 : NVVM::MMATypes::s8;
    Value ones = cI32(b, 0x01010101);

    scf::ForOp loop;
    {
      OpBuilder::InsertionGuard loopGuard(b);
      loop = createLoopAndEnter(b, cIdx(b, 0), numK, cIdx(b, 1), init);
      ImplicitLocOpBuilder &lb = b;
      Value kTile = loop.getInductionVar();
      SmallVector<Value> acc(loop.getRegionIterArgs());
          Value two = cIdx(lb, 2);
          Value stage = arith::RemUIOp::create(lb, kTile, two);
          Value next = addIdx(lb, kTile, cIdx(lb, 1));
          // Prefetch the next K tile into the other stage (zero-filled past
          // the end), then wait for the current one.
          Value pending =
              issueStage(lb, arith::RemUIOp::create(lb, next, two), next);
          nvgpu::DeviceAsyncWaitOp::create(lb, pending, lb.getI32IntegerAttr(1));
          gpu::BarrierOp::create(lb);
          for (int64_t kk = 0; kk < tileK / 32; ++kk) {
            // A: four 8x8 tiles per 16x32 fragment; lane l addresses row
            // (l % 8) + 8 * ((l / 8) % 2), bytes 16 * (l / 16).
            Value aRowInFrag = addIdx(
                lb, lane8,
                mulIdx(lb, arith::RemUIOp::create(lb, laneTile, two), 8));
            Value aCol = addIdx(
                lb, cIdx(lb, kk * 32),
                mulIdx(lb, arith::DivUIOp::create(lb, laneTile, two), 16));
            // B^T: two 8x8 tiles per 8x32 fragment; lane l addresses row
            // l % 8, bytes 16 * ((l / 8) % 2).
            Value bCol = addIdx(
                lb, cIdx(lb, kk * 32),
                mulIdx(lb, arith::RemUIOp::create(lb, laneTile, two), 16));
            SmallVector<Regs> aFrags, bFrags;
            for (int64_t mt = 0; mt < mTiles; ++mt) {
              Value row = addIdx(lb, addIdx(lb, warpRow, cIdx(lb, mt * 16)),
                                 aRowInFrag);
              aFrags.push_back(
                  emitLdMatrix(lb, smemA, ValueRange{stage, row, aCol}, 4));
            }
            for (int64_t nt = 0; nt < nTiles; ++nt) {
              Value row =
                  addIdx(lb, addIdx(lb, warpCol, cIdx(lb, nt * 8)), lane8);
              bFrags.push_back(
                  emitLdMatrix(lb, smemB, ValueRange{stage, row, bCol}, 2));
            }
            for (int64_t mt = 0; mt < mTiles; ++mt) {
              for (int64_t nt = 0; nt < nTiles; ++nt) {
                int64_t base = accIndex(mt, nt, 0);
                Regs d = emitMma(lb, aFrags[mt], bFrags[nt],
                                 ArrayRef(acc).slice(base, 4), aType, bType);
                llvm::copy(d, acc.begin() + base);
              }
              if (rowSums) {
                // A x ones: every column holds the row sums of this stage.
                int64_t base = rowSumBase + mt * 4;
                Regs d = emitMma(lb, aFrags[mt], ValueRange{ones, ones},
                                 ArrayRef(acc).slice(base, 4), aType,
                                 NVVM::MMATypes::s8);
                llvm::copy(d, acc.begin() + base);
              }
            }
            if (colSums) {
              // ones x B: every row holds the column sums of this stage.
              for (int64_t nt = 0; nt < nTiles; ++nt) {
                int64_t base = colSumBase + nt * 4;
                Regs d = emitMma(lb, ValueRange{ones, ones, ones, ones},
                                 bFrags[nt], ArrayRef(acc).slice(base, 4),
                                 NVVM::MMATypes::s8, bType);
                llvm::copy(d, acc.begin() + base);
              }
            }
          }
          // Everyone is done reading this stage before it is refilled.
          gpu::BarrierOp::create(lb);
          scf::YieldOp::create(lb, acc);
    }
    // Drain the last (empty) prefetch before the block exits.
    Value drained = nvgpu::DeviceAsyncCreateGroupOp::create(b, asyncToken,
                                                            ValueRange{});
    nvgpu::DeviceAsyncWaitOp::create(b, drained, b.getI32IntegerAttr(0));

    // Epilogue on the fragments: register i of a 16x8 accumulator tile holds
    // row group + 8 * (i / 2), column 2 * inGroup + i % 2.
    ValueRange results = loop.getResults();
    for (int64_t mt = 0; mt < mTiles; ++mt) {
      for (int64_t nt = 0; nt < nTiles; ++nt) {
        for (int64_t i = 0; i < 4; ++i) {
          Value row = addIdx(
              b, addIdx(b, blockRow, warpRow),
              addIdx(b, cIdx(b, mt * 16 + 8 * (i / 2)), group));
          Value col = addIdx(
              b, addIdx(b, blockCol, warpCol),
              addIdx(b, cIdx(b, nt * 8 + i % 2), mulIdx(b, inGroup, 2)));
          Value inBounds =
              arith::AndIOp::create(b, cmpIdx(b, CmpIPredicate::ult, row, m),
                                    cmpIdx(b, CmpIPredicate::ult, col, n));
          auto ifOp = scf::IfOp::create(b, inBounds, /*withElseRegion=*/false);
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(ifOp.thenBlock()->getTerminator());
          Value rowSum =
              rowSums ? results[rowSumBase + mt * 4 + i] : Value();
          Value colSum =
              colSums ? results[colSumBase + nt * 4 + i] : Value();
          Value value = epilogue.emit(b, results[accIndex(mt, nt, i)], rowSum,
                                      colSum, col, batchIdx);
          memref::StoreOp::create(b, value, out,
                                  ValueRange{batchIdx, row, col});
        }
      }
    }
  }
  return {func, threads, tileN, tileM};
}

//===----------------------------------------------------------------------===//
// dp4a kernel
//===----------------------------------------------------------------------===//

GemmKernel mlir::quantx::buildDp4aGemmKernel(OpBuilder &builder, Location loc,
                                             gpu::GPUModuleOp module,
                                             StringRef name,
                                             const GemmSpec &spec,
                                             const GPUMatmulOptions &options) {
  ImplicitLocOpBuilder b(loc, builder);
  using arith::CmpIPredicate;
  const int64_t warps = options.warpsM * options.warpsN;
  const bool rowSums = spec.needsRowSums(), colSums = spec.needsColumnSums();
  gpu::GPUFuncOp func = createKernel(b, module, name, spec, 32 * warps, {});
  TableMaker tables{module, func.getName().str()};
  ValueRange args = func.getArguments();
  Value a = args[GemmArg::A], bt = args[GemmArg::Bt], out = args[GemmArg::Out];
  Value n = args[GemmArg::N], ka = args[GemmArg::Ka];
  {
    Epilogue epilogue(b, tables, spec,
                      spec.biasType ? args[GemmArg::Bias] : Value(),
                      args[GemmArg::K]);
    Value tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
    Value c32 = cIdx(b, 32);
    Value lane = arith::RemUIOp::create(b, tid, c32);
    Value col = addIdx(
        b, mulIdx(b, gpu::BlockIdOp::create(b, gpu::Dimension::x), warps),
        arith::DivUIOp::create(b, tid, c32));
    Value row = gpu::BlockIdOp::create(b, gpu::Dimension::y);
    Value batchIdx = gpu::BlockIdOp::create(b, gpu::Dimension::z);
    // The condition is the same for the 32 lanes of a warp, so the
    // shuffles below always run with the whole warp.
    auto ifOp = scf::IfOp::create(
        b, cmpIdx(b, CmpIPredicate::ult, col, n), /*withElseRegion=*/false);
    b.setInsertionPoint(ifOp.thenBlock()->getTerminator());

    auto dotType = [&](bool isUnsigned) {
      return NVVM::DotAccumulateTypeAttr::get(
          b.getContext(), isUnsigned ? NVVM::DotAccumulateType::UNSIGNED
                                     : NVVM::DotAccumulateType::SIGNED);
    };
    auto bytes = VectorType::get({4}, b.getI8Type());
    Value ones = arith::ConstantOp::create(
        b, DenseElementsAttr::get(bytes, b.getI8IntegerAttr(1)));
    Type i32 = b.getI32Type();
    SmallVector<Value> init(1 + rowSums + colSums, cI32(b, 0));
    scf::ForOp loop;
    {
      OpBuilder::InsertionGuard loopGuard(b);
      loop = createLoopAndEnter(b, mulIdx(b, lane, 4), ka, cIdx(b, 128), init);
      ImplicitLocOpBuilder &lb = b;
      Value k = loop.getInductionVar();
      ValueRange iterArgs = loop.getRegionIterArgs();
          // Rows are 16-byte aligned and k is a multiple of 4.
          Value av = vector::LoadOp::create(lb, bytes, a,
                                           ValueRange{batchIdx, row, k},
                                           /*nontemporal=*/false,
                                           llvm::MaybeAlign(4));
          Value w = vector::LoadOp::create(lb, bytes, bt,
                                           ValueRange{batchIdx, col, k},
                                           /*nontemporal=*/false,
                                           llvm::MaybeAlign(4));
          SmallVector<Value> next;
          next.push_back(NVVM::DotAccumulate4WayOp::create(
              lb, i32, av, dotType(spec.aUnsigned), w, dotType(spec.bUnsigned),
              iterArgs[0]));
          unsigned i = 1;
          if (rowSums)
            next.push_back(NVVM::DotAccumulate4WayOp::create(
                lb, i32, av, dotType(spec.aUnsigned), ones, dotType(false),
                iterArgs[i++]));
          if (colSums)
            next.push_back(NVVM::DotAccumulate4WayOp::create(
                lb, i32, ones, dotType(false), w, dotType(spec.bUnsigned),
                iterArgs[i++]));
          scf::YieldOp::create(lb, next);
    }
    // Butterfly reduction: afterwards every lane holds the warp's sum.
    SmallVector<Value> sums(loop.getResults());
    for (Value &sum : sums)
      for (int32_t offset = 16; offset > 0; offset /= 2)
        sum = arith::AddIOp::create(
            b, sum,
            gpu::ShuffleOp::create(b, sum, offset, 32, gpu::ShuffleMode::XOR)
                .getShuffleResult());
    auto store = scf::IfOp::create(
        b, cmpIdx(b, CmpIPredicate::eq, lane, cIdx(b, 0)),
        /*withElseRegion=*/false);
    b.setInsertionPoint(store.thenBlock()->getTerminator());
    unsigned i = 1;
    Value rowSum = rowSums ? sums[i++] : Value();
    Value colSum = colSums ? sums[i++] : Value();
    Value value = epilogue.emit(b, sums[0], rowSum, colSum, col, batchIdx);
    memref::StoreOp::create(b, value, out, ValueRange{batchIdx, row, col});
  }
  return {func, 32 * warps, warps, 1};
}
