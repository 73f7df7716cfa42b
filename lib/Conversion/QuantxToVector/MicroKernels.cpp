//===- MicroKernels.cpp - kernel functions of convert-quantx-to-vector ----===//
//
// Compile-time weight packing and the emitters of the kernel functions: an
// int8 GEMM (matmul, or implicit-GEMM convolution) around a fully unrolled
// register tile of dot-product instructions, and a weight-only sub-byte
// matmul that unpacks the weights in registers.
//
//===----------------------------------------------------------------------===//

#include "MicroKernels.h"

#include "quantx/Conversion/QuantxToLinalg/ScalarArithmetic.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::quantx;
using namespace mlir::quantx::detail;

//===----------------------------------------------------------------------===//
// ISA parameters
//===----------------------------------------------------------------------===//

Int8IsaParams mlir::quantx::detail::getInt8IsaParams(CpuIsa isa) {
  switch (isa) {
  case CpuIsa::Avx512Vnni:
    // 24 zmm accumulators + 4 weight vectors + 1 broadcast of 32.
    return {isa, /*lanes=*/16, /*group=*/4, /*mr=*/6, /*nrv=*/4,
            /*mrRowSum=*/4, /*wideB=*/false};
  case CpuIsa::AvxVnni:
    // 12 ymm accumulators + 2 weight vectors + 1 broadcast of 16.
    return {isa, 8, 4, 6, 2, 4, false};
  case CpuIsa::Avx2:
    // 12 ymm accumulators + 2 weight vectors + broadcast + product of 16.
    return {isa, 8, 2, 6, 2, 6, true};
  case CpuIsa::Generic:
    return {isa, 8, 1, 4, 2, 4, true};
  }
  llvm_unreachable("unknown ISA");
}

//===----------------------------------------------------------------------===//
// Packing
//===----------------------------------------------------------------------===//

void mlir::quantx::detail::packInt8Weights(Int8GemmSpec &spec,
                                           MLIRContext *ctx,
                                           ArrayRef<int64_t> b,
                                           ArrayRef<int64_t> zb,
                                           ArrayRef<int64_t> bias, int64_t za,
                                           int64_t kFormula) {
  const Int8IsaParams &p = spec.params;
  int64_t k = spec.k, n = spec.n, g = p.group, nr = p.nr();
  int64_t kg = (k + g - 1) / g, panels = spec.panels(), npad = panels * nr;
  spec.kgroups = kg;
  auto zbAt = [&](int64_t col) { return zb.size() == 1 ? zb[0] : zb[col]; };

  // B' and zb': b - zb when that fits the packed element (always for i16),
  // else the storage itself (s8) or shifted by 128 (u8) with zb' != 0.
  auto allFit = [&](auto value) {
    for (int64_t r = 0; r < k; ++r)
      for (int64_t c = 0; c < n; ++c) {
        int64_t v = value(r, c);
        if (v < -128 || v > 127)
          return false;
      }
    return true;
  };
  int64_t mode = 0; // 0: b - zb, 1: b, 2: b - 128
  if (!p.wideB && !allFit([&](int64_t r, int64_t c) {
        return b[r * n + c] - zbAt(c);
      }))
    mode = allFit([&](int64_t r, int64_t c) { return b[r * n + c]; }) ? 1 : 2;
  auto bPrime = [&](int64_t r, int64_t c) -> int64_t {
    int64_t v = b[r * n + c];
    return mode == 0 ? v - zbAt(c) : mode == 1 ? v : v - 128;
  };
  auto zbPrime = [&](int64_t c) -> int64_t {
    return mode == 0 ? 0 : mode == 1 ? zbAt(c) : zbAt(c) - 128;
  };

  int64_t zaPrime = za + (spec.flipA ? 128 : 0);
  SmallVector<int32_t> biasEff(npad, 0), zbp(npad, 0);
  spec.rowSums = false;
  for (int64_t c = 0; c < n; ++c) {
    int64_t colSum = 0;
    for (int64_t r = 0; r < k; ++r)
      colSum += bPrime(r, c);
    // Wrapping i32 arithmetic, as the reference's accumulation.
    uint64_t v = static_cast<uint64_t>(bias.empty() ? 0 : bias[c]);
    v -= static_cast<uint64_t>(zaPrime) * static_cast<uint64_t>(colSum);
    v += static_cast<uint64_t>(kFormula) * static_cast<uint64_t>(zaPrime) *
         static_cast<uint64_t>(zbPrime(c));
    biasEff[c] = static_cast<int32_t>(static_cast<uint32_t>(v));
    zbp[c] = static_cast<int32_t>(zbPrime(c));
    spec.rowSums |= zbp[c] != 0;
  }

  // [panel][k group][vector j][lane][g]
  int64_t rowLen = nr * g;
  auto packedIndex = [&](int64_t r, int64_t c) {
    int64_t panel = c / nr, j = (c % nr) / p.lanes, lane = c % p.lanes;
    return (panel * kg + r / g) * rowLen + (j * p.lanes + lane) * g + r % g;
  };
  int64_t total = panels * kg * rowLen;
  auto packedType = [&](Type elt) {
    return RankedTensorType::get({panels, kg, rowLen}, elt);
  };
  if (p.wideB) {
    SmallVector<int16_t> packed(total, 0);
    for (int64_t r = 0; r < k; ++r)
      for (int64_t c = 0; c < n; ++c)
        packed[packedIndex(r, c)] = static_cast<int16_t>(bPrime(r, c));
    spec.packedB = DenseElementsAttr::get(
        packedType(IntegerType::get(ctx, 16)), ArrayRef<int16_t>(packed));
  } else {
    SmallVector<int8_t> packed(total, 0);
    for (int64_t r = 0; r < k; ++r)
      for (int64_t c = 0; c < n; ++c)
        packed[packedIndex(r, c)] = static_cast<int8_t>(bPrime(r, c));
    spec.packedB = DenseElementsAttr::get(
        packedType(IntegerType::get(ctx, 8)), ArrayRef<int8_t>(packed));
  }
  auto vecType = RankedTensorType::get({npad}, IntegerType::get(ctx, 32));
  spec.biasEff = DenseElementsAttr::get(vecType, ArrayRef<int32_t>(biasEff));
  spec.zbPrime = spec.rowSums
                     ? DenseElementsAttr::get(vecType, ArrayRef<int32_t>(zbp))
                     : DenseElementsAttr();
}

//===----------------------------------------------------------------------===//
// Shared emission helpers
//===----------------------------------------------------------------------===//

static Value cIndex(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

static Value cInt(OpBuilder &b, Location loc, Type type, int64_t v) {
  if (auto vt = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(
        b, loc,
        DenseElementsAttr::get(
            vt, IntegerAttr::get(vt.getElementType(), APInt(
                vt.getElementTypeBitWidth(), static_cast<uint64_t>(v),
                /*isSigned=*/true))));
  return arith::ConstantIntOp::create(b, loc, type, v);
}

/// A private constant `memref.global` holding `value` (a ranked tensor
/// attribute), named uniquely after `name`; returns its symbol.
static memref::GlobalOp createGlobal(OpBuilder &b, ModuleOp module,
                                     Location loc, StringRef name,
                                     DenseElementsAttr value) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(module.getBody());
  auto tensorType = cast<RankedTensorType>(value.getType());
  auto type = MemRefType::get(tensorType.getShape(),
                              tensorType.getElementType());
  auto global = memref::GlobalOp::create(
      b, loc, name, b.getStringAttr("private"), type, value,
      /*constant=*/true, b.getI64IntegerAttr(64));
  SymbolTable(module).insert(global);
  return global;
}

static Value getGlobal(OpBuilder &b, Location loc, memref::GlobalOp global) {
  return memref::GetGlobalOp::create(b, loc, global.getType(),
                                     global.getSymName());
}

/// A loop from `lo` to `hi` by `step` around `body`, built with `b` (which
/// `body` uses too): scf.parallel (an OpenMP region after
/// convert-scf-to-openmp) when `parallel`, scf.for otherwise.
static void emitLoop(OpBuilder &b, Location loc, Value lo, Value hi,
                     int64_t step, bool parallel,
                     llvm::function_ref<void(Value)> body) {
  Value st = cIndex(b, loc, step);
  if (parallel) {
    scf::ParallelOp::create(
        b, loc, ValueRange{lo}, ValueRange{hi}, ValueRange{st},
        [&](OpBuilder &nb, Location, ValueRange ivs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          body(ivs[0]);
        });
    return;
  }
  scf::ForOp::create(b, loc, lo, hi, st, ValueRange{},
                     [&](OpBuilder &nb, Location, Value iv, ValueRange) {
                       OpBuilder::InsertionGuard guard(b);
                       b.setInsertionPoint(nb.getInsertionBlock(),
                                           nb.getInsertionPoint());
                       body(iv);
                       scf::YieldOp::create(b, loc);
                     });
}

/// The kernel function, private, with the target features of `isa`.
static func::FuncOp createKernelFunc(OpBuilder &b, ModuleOp module,
                                     Location loc, StringRef name,
                                     FunctionType type, CpuIsa isa) {
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  auto func = func::FuncOp::create(b, loc, name, type);
  func.setPrivate();
  SmallVector<std::string> features = getCpuIsaTargetFeatures(isa);
  if (!features.empty()) {
    SmallVector<StringRef> refs(features.begin(), features.end());
    func->setAttr("target_features",
                  LLVM::TargetFeaturesAttr::get(b.getContext(), refs));
    // Keep 512-bit vectors whole even when LLVM's tuning for the target
    // CPU prefers 256-bit ones.
    if (isa == CpuIsa::Avx512Vnni)
      func->setAttr("passthrough",
                    b.getArrayAttr({b.getArrayAttr(
                        {b.getStringAttr("min-legal-vector-width"),
                         b.getStringAttr("512")})}));
  }
  SymbolTable(module).insert(func);
  func.addEntryBlock();
  return func;
}

//===----------------------------------------------------------------------===//
// Zero-point padding of convolution inputs
//===----------------------------------------------------------------------===//

/// Copies `count` bytes (a compile-time constant) from src[srcOffset..] to
/// dst[dstOffset..]: 64-byte vectors, the last one overlapping the previous
/// when `count` is not a multiple of 64; byte by byte when shorter.
static void copyBytes(OpBuilder &b, Location loc, Value src, Value srcOffset,
                      Value dst, Value dstOffset, int64_t count) {
  constexpr int64_t kChunk = 64;
  Type i8 = b.getI8Type();
  auto chunk = [&](Value offset) {
    Value v = vector::LoadOp::create(
        b, loc, VectorType::get({kChunk}, i8), src,
        ValueRange{arith::AddIOp::create(b, loc, srcOffset, offset)});
    vector::StoreOp::create(
        b, loc, v, dst,
        ValueRange{arith::AddIOp::create(b, loc, dstOffset, offset)});
  };
  auto loop = [&](int64_t trip, int64_t step,
                  llvm::function_ref<void(Value)> body) {
    if (trip == 1) {
      body(cIndex(b, loc, 0));
      return;
    }
    emitLoop(b, loc, cIndex(b, loc, 0), cIndex(b, loc, trip * step), step,
             /*parallel=*/false, body);
  };
  if (count < kChunk) {
    loop(count, 1, [&](Value i) {
      Value x = memref::LoadOp::create(
          b, loc, src, ValueRange{arith::AddIOp::create(b, loc, srcOffset, i)});
      memref::StoreOp::create(
          b, loc, x, dst,
          ValueRange{arith::AddIOp::create(b, loc, dstOffset, i)});
    });
    return;
  }
  loop(count / kChunk, kChunk, chunk);
  if (count % kChunk)
    chunk(cIndex(b, loc, count - kChunk));
}

/// The bytes of the padded copy of `images` images, slack included.
static Value paddedBytes(OpBuilder &b, Location loc, Value images,
                         const ConvGeometry &g) {
  Value size = arith::MulIOp::create(b, loc, images,
                                     cIndex(b, loc, g.hp * g.wp * g.cp));
  if (g.slack())
    size = arith::AddIOp::create(b, loc, size, cIndex(b, loc, g.slack()));
  return size;
}

void mlir::quantx::detail::emitZeroPointPadding(OpBuilder &b, Location loc,
                                                Value input, Value padded,
                                                Value images,
                                                const ConvGeometry &g) {
  Type i8 = b.getI8Type();
  Value size = paddedBytes(b, loc, images, g);

  // The zero point everywhere: whole 64-byte vectors, then the bytes left.
  constexpr int64_t kChunk = 64;
  VectorType chunkType = VectorType::get({kChunk}, i8);
  Value zp = cInt(b, loc, i8, g.padByte);
  Value zpVec = cInt(b, loc, chunkType, g.padByte);
  Value fullChunks = arith::MulIOp::create(
      b, loc,
      arith::DivUIOp::create(b, loc, size, cIndex(b, loc, kChunk)),
      cIndex(b, loc, kChunk));
  emitLoop(b, loc, cIndex(b, loc, 0), fullChunks, kChunk, /*parallel=*/false,
           [&](Value i) {
             vector::StoreOp::create(b, loc, zpVec, padded, ValueRange{i});
           });
  emitLoop(b, loc, fullChunks, size, 1, /*parallel=*/false, [&](Value i) {
    memref::StoreOp::create(b, loc, zp, padded, ValueRange{i});
  });

  // The input rows: one contiguous copy per row when the channels are not
  // padded, else one per pixel.
  Value rows = arith::MulIOp::create(b, loc, images, cIndex(b, loc, g.h));
  Value c0 = cIndex(b, loc, 0), width = cIndex(b, loc, g.w);
  emitLoop(b, loc, c0, rows, 1, /*parallel=*/false, [&](Value row) {
    Value img = arith::DivUIOp::create(b, loc, row, cIndex(b, loc, g.h));
    Value y = arith::RemUIOp::create(b, loc, row, cIndex(b, loc, g.h));
    Value src = arith::MulIOp::create(b, loc, row, cIndex(b, loc, g.w * g.c));
    // ((img * hp + y + padTop) * wp + padLeft) * cp
    Value dstRow = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, img, cIndex(b, loc, g.hp)),
        arith::AddIOp::create(b, loc, y, cIndex(b, loc, g.padTop)));
    Value dst = arith::MulIOp::create(
        b, loc,
        arith::AddIOp::create(
            b, loc, arith::MulIOp::create(b, loc, dstRow, cIndex(b, loc, g.wp)),
            cIndex(b, loc, g.padLeft)),
        cIndex(b, loc, g.cp));
    if (g.cp == g.c) {
      copyBytes(b, loc, input, src, padded, dst, g.w * g.c);
      return;
    }
    emitLoop(b, loc, c0, width, 1, /*parallel=*/false, [&](Value x) {
      copyBytes(b, loc, input,
                arith::AddIOp::create(
                    b, loc, src,
                    arith::MulIOp::create(b, loc, x, cIndex(b, loc, g.c))),
                padded,
                arith::AddIOp::create(
                    b, loc, dst,
                    arith::MulIOp::create(b, loc, x, cIndex(b, loc, g.cp))),
                g.c);
    });
  });
}

func::FuncOp mlir::quantx::detail::emitPaddingKernel(OpBuilder &b,
                                                   ModuleOp module,
                                                   Location loc,
                                                   StringRef name,
                                                   const ConvGeometry &g,
                                                   int64_t images,
                                                   CpuIsa isa) {
  OpBuilder::InsertionGuard guard(b);
  MLIRContext *ctx = b.getContext();
  Type i8 = IntegerType::get(ctx, 8);
  auto inType = MemRefType::get({ShapedType::kDynamic}, i8);
  auto outType = MemRefType::get({images, g.hp, g.wp, g.cp}, i8);
  auto func = createKernelFunc(b, module, loc, name,
                               FunctionType::get(ctx, {inType, outType}, {}),
                               isa);
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  Value out = entry.getArgument(1);
  Value n = memref::DimOp::create(b, loc, out, 0);
  Value flat = memref::CollapseShapeOp::create(
      b, loc, out, ArrayRef<ReassociationIndices>{{0, 1, 2, 3}});
  if (flat.getType() != inType)
    flat = memref::CastOp::create(b, loc, inType, flat);
  emitZeroPointPadding(b, loc, entry.getArgument(0), flat, n, g);
  func::ReturnOp::create(b, loc);
  return func;
}

//===----------------------------------------------------------------------===//
// int8 GEMM
//===----------------------------------------------------------------------===//

namespace {
/// One stretch of the reduction with a constant step: `trip` dot groups,
/// starting at weight group `bStart` and at activation offset `aOffset`
/// (relative to a row's base), advancing the activations by one group.
struct Segment {
  int64_t bStart, aOffset, trip;
};

class Int8GemmEmitter {
public:
  Int8GemmEmitter(OpBuilder &b, Location loc, const Int8GemmSpec &spec)
      : b(b), loc(loc), s(spec), p(spec.params) {
    MLIRContext *ctx = b.getContext();
    i8 = IntegerType::get(ctx, 8);
    i16 = IntegerType::get(ctx, 16);
    i32 = IntegerType::get(ctx, 32);
    i64 = IntegerType::get(ctx, 64);
    accType = VectorType::get({p.lanes}, i32);
    bVecType = VectorType::get({p.lanes * p.group}, p.wideB ? i16 : i8);
    switch (p.isa) {
    case CpuIsa::Avx512Vnni:
    case CpuIsa::AvxVnni:
      dotAType = VectorType::get({p.lanes * 4}, i8);
      break;
    case CpuIsa::Avx2:
      dotAType = VectorType::get({p.lanes * 2}, i16);
      break;
    case CpuIsa::Generic:
      dotAType = accType;
      break;
    }
  }

  void emitBody(func::FuncOp func, ModuleOp module, StringRef name,
                unsigned numThreads);

private:
  Value rowBase(Value m);
  Value loadGroup(Value index);
  Value loadTailGroup(Value index, int64_t count);
  Value broadcastA(Value packed);
  Value dot(Value acc, Value a, Value bv);
  SmallVector<Value> reductionStep(ValueRange accs, ArrayRef<Value> bases,
                                   Value bGroup, Value aOffset, int64_t mr,
                                   int64_t nrv, Value panel, bool tail);
  void emitTile(Value panel, Value m0, int64_t mr, int64_t nrv,
                int64_t lastLanes);
  void emitRows(Value panel, int64_t nrv, int64_t lastLanes);
  void emitStaticRows(Value panel, int64_t nrv, int64_t lastLanes, Value lo,
                      int64_t count);
  void emitPanels(unsigned numThreads,
                  llvm::function_ref<void(Value, int64_t, int64_t)> rows);
  int64_t gemvPanels(int64_t rows) const;
  void emitGemvTile(Value panel0, int64_t panelCount, int64_t rows);
  void emitGemv(unsigned numThreads, int64_t rows);
  Value biasVector(Value col);
  Value epilogue(Value acc, Value rowSum, Value col);
  Value requantize32(Value acc, Value col);
  Value columnParam(ArrayRef<int64_t> values, Value buf, Value col);
  Value half64(Value v, bool odd, bool isUnsigned);
  Value interleave32(Value even, Value odd);

  OpBuilder &b;
  Location loc;
  const Int8GemmSpec &s;
  const Int8IsaParams &p;
  Type i8, i16, i32, i64;
  VectorType accType, bVecType, dotAType;
  Value aBuf, biasBuf, outBuf, bPacked, biasEff, zbPrime;
  Value multBuf, shiftBuf, zpBuf;
  SmallVector<Segment> segments;
  int64_t tailCount = 0; // K % group for matmuls
  bool requantOn32Bits = false; // see requantize32
  bool requantShiftsAbove31 = false; // every shift >= 32
  /// With several threads: share out the row tiles rather than the column
  /// panels (fewer full panels than threads).
  bool parallelRows = false;
};
} // namespace

Value Int8GemmEmitter::rowBase(Value m) {
  if (!s.conv)
    return arith::MulIOp::create(b, loc, m, cIndex(b, loc, s.k));
  const ConvGeometry &g = *s.conv;
  Value pixels = cIndex(b, loc, g.oh * g.ow);
  Value img = arith::DivUIOp::create(b, loc, m, pixels);
  Value rem = arith::RemUIOp::create(b, loc, m, pixels);
  Value oh = arith::DivUIOp::create(b, loc, rem, cIndex(b, loc, g.ow));
  Value ow = arith::RemUIOp::create(b, loc, rem, cIndex(b, loc, g.ow));
  // ((img * hp + oh * sh) * wp + ow * sw) * cp
  Value h = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, img, cIndex(b, loc, g.hp)),
      arith::MulIOp::create(b, loc, oh, cIndex(b, loc, g.sh)));
  Value w = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, h, cIndex(b, loc, g.wp)),
      arith::MulIOp::create(b, loc, ow, cIndex(b, loc, g.sw)));
  return arith::MulIOp::create(b, loc, w, cIndex(b, loc, g.cp));
}

/// The activation group at `index` packed in an i32: 4 bytes (VNNI), 2 bytes
/// zero-extended to i16 (AVX2), 1 byte zero-extended (generic); bytes xor
/// 0x80 for signed activations.
Value Int8GemmEmitter::loadGroup(Value index) {
  switch (p.isa) {
  case CpuIsa::Avx512Vnni:
  case CpuIsa::AvxVnni: {
    Value v = vector::LoadOp::create(b, loc, VectorType::get({4}, i8), aBuf,
                                     ValueRange{index});
    v = vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), v);
    Value x = vector::ExtractOp::create(b, loc, v, ArrayRef<int64_t>{0});
    if (s.flipA)
      x = arith::XOrIOp::create(b, loc, x,
                                cInt(b, loc, i32, int64_t(0x80808080)));
    return x;
  }
  case CpuIsa::Avx2: {
    Value v = vector::LoadOp::create(b, loc, VectorType::get({2}, i8), aBuf,
                                     ValueRange{index});
    if (s.flipA)
      v = arith::XOrIOp::create(b, loc, v,
                                cInt(b, loc, v.getType(), int64_t(-128)));
    v = arith::ExtUIOp::create(b, loc, VectorType::get({2}, i16), v);
    v = vector::BitCastOp::create(b, loc, VectorType::get({1}, i32), v);
    return vector::ExtractOp::create(b, loc, v, ArrayRef<int64_t>{0});
  }
  case CpuIsa::Generic: {
    Value x = memref::LoadOp::create(b, loc, aBuf, ValueRange{index});
    if (s.flipA)
      x = arith::XOrIOp::create(b, loc, x, cInt(b, loc, i8, -128));
    return arith::ExtUIOp::create(b, loc, i32, x);
  }
  }
  llvm_unreachable("unknown ISA");
}

/// Like loadGroup for the last, partial group of a reduction: `count` bytes,
/// the rest zero (A' = 0 there; the packed weights are zero too).
Value Int8GemmEmitter::loadTailGroup(Value index, int64_t count) {
  int64_t width = p.isa == CpuIsa::Avx2 ? 16 : 8;
  Value packed = cInt(b, loc, i32, 0);
  for (int64_t t = 0; t < count; ++t) {
    Value idx = arith::AddIOp::create(b, loc, index, cIndex(b, loc, t));
    Value x = memref::LoadOp::create(b, loc, aBuf, ValueRange{idx});
    if (s.flipA)
      x = arith::XOrIOp::create(b, loc, x, cInt(b, loc, i8, -128));
    Value w = arith::ExtUIOp::create(b, loc, i32, x);
    if (t)
      w = arith::ShLIOp::create(b, loc, w, cInt(b, loc, i32, t * width));
    packed = arith::OrIOp::create(b, loc, packed, w);
  }
  return packed;
}

Value Int8GemmEmitter::broadcastA(Value packed) {
  Value v = vector::BroadcastOp::create(b, loc, accType, packed);
  if (dotAType == accType)
    return v;
  return vector::BitCastOp::create(b, loc, dotAType, v);
}

/// acc + dot(a, bv) per 32-bit lane. The VNNI and AVX2 forms are a
/// `vector.contract` over (lane, group) of extended operands, the exact
/// integer semantics of `vpdpbusd` (u8 x s8, groups of 4) and `vpmaddwd`
/// (s16 x s16, pairs); `quantx-lower-vector-dot-to-x86` turns them into the
/// instructions after bufferization. The generic form is plain arithmetic.
Value Int8GemmEmitter::dot(Value acc, Value a, Value bv) {
  if (p.isa == CpuIsa::Generic) {
    Value wide = arith::ExtSIOp::create(b, loc, accType, bv);
    return arith::AddIOp::create(b, loc, acc,
                                 arith::MulIOp::create(b, loc, a, wide));
  }
  int64_t g = p.isa == CpuIsa::Avx2 ? 2 : 4;
  Type narrow = p.isa == CpuIsa::Avx2 ? i16 : i8;
  VectorType grouped = VectorType::get({p.lanes, g}, narrow);
  VectorType wide = VectorType::get({p.lanes, g}, i32);
  Value lhs = vector::ShapeCastOp::create(b, loc, grouped, a);
  Value rhs = vector::ShapeCastOp::create(b, loc, grouped, bv);
  lhs = p.isa == CpuIsa::Avx2
            ? Value(arith::ExtSIOp::create(b, loc, wide, lhs))
            : Value(arith::ExtUIOp::create(b, loc, wide, lhs));
  rhs = arith::ExtSIOp::create(b, loc, wide, rhs);
  MLIRContext *ctx = b.getContext();
  AffineExpr lane = getAffineDimExpr(0, ctx), grp = getAffineDimExpr(1, ctx);
  return vector::ContractionOp::create(
      b, loc, lhs, rhs, acc,
      ArrayRef<ArrayRef<AffineExpr>>{{lane, grp}, {lane, grp}, {lane}},
      ArrayRef<vector::IteratorType>{vector::IteratorType::parallel,
                                     vector::IteratorType::reduction});
}

/// One group of the reduction for an mr x nrv tile: the accumulators in
/// `accs` are row-major (mr * nrv), then mr row sums when rowSums.
SmallVector<Value>
Int8GemmEmitter::reductionStep(ValueRange accs, ArrayRef<Value> bases,
                               Value bGroup, Value aOffset, int64_t mr,
                               int64_t nrv, Value panel, bool tail) {
  SmallVector<Value> result(accs.begin(), accs.end());
  SmallVector<Value> bv;
  for (int64_t j = 0; j < nrv; ++j)
    bv.push_back(vector::LoadOp::create(
        b, loc, bVecType, bPacked,
        ValueRange{panel, bGroup, cIndex(b, loc, j * p.lanes * p.group)}));
  Value ones;
  if (s.rowSums)
    ones = cInt(b, loc, dotAType, 1);
  for (int64_t i = 0; i < mr; ++i) {
    Value index = arith::AddIOp::create(b, loc, bases[i], aOffset);
    Value packed = tail ? loadTailGroup(index, tailCount) : loadGroup(index);
    Value a = broadcastA(packed);
    for (int64_t j = 0; j < nrv; ++j)
      result[i * nrv + j] = dot(result[i * nrv + j], a, bv[j]);
    if (s.rowSums)
      result[mr * nrv + i] = dot(result[mr * nrv + i], a, ones);
  }
  return result;
}

/// A per-column i32 parameter for the lanes starting at `col`: a splat
/// constant when per tensor, a load from its global otherwise.
Value Int8GemmEmitter::columnParam(ArrayRef<int64_t> values, Value buf,
                                   Value col) {
  if (values.size() == 1)
    return cInt(b, loc, accType, values[0]);
  return vector::LoadOp::create(b, loc, accType, buf, ValueRange{col});
}

/// The even (`odd` false) or odd 32-bit lanes of `v`, sign-extended (or
/// zero-extended when `isUnsigned`) to i64: lanes/2 values. LLVM turns the
/// product of two such halves into one `vpmuldq` (`pmuldq`).
Value Int8GemmEmitter::half64(Value v, bool odd, bool isUnsigned) {
  VectorType wide = VectorType::get({p.lanes / 2}, i64);
  Value x = vector::BitCastOp::create(b, loc, wide, v);
  Value c32 = cInt(b, loc, wide, 32);
  if (!odd)
    x = arith::ShLIOp::create(b, loc, x, c32);
  if (isUnsigned)
    return arith::ShRUIOp::create(b, loc, x, c32);
  return arith::ShRSIOp::create(b, loc, x, c32);
}

/// The low 32 bits of the i64 lanes of `even` and `odd` interleaved back
/// into one vector of `lanes` i32 (the inverse of half64 on values that fit).
Value Int8GemmEmitter::interleave32(Value even, Value odd) {
  Value e = vector::BitCastOp::create(b, loc, accType, even);
  Value o = vector::BitCastOp::create(b, loc, accType, odd);
  SmallVector<int64_t> mask;
  for (int64_t l = 0; l < p.lanes; ++l)
    mask.push_back(l % 2 ? p.lanes + l - 1 : l);
  return vector::ShuffleOp::create(b, loc, e, o, mask);
}

/// The requantize epilogue on 32-bit lanes (see docs/Rationale.md, "The
/// fused requantize on 32-bit lanes"); requires every shift >= 31, so that
/// each rounded product fits in i32, and a storage type of at most 16 bits,
/// so that the clamp bounds shifted by the output zero point do too.
///
/// The products acc * multiplier are exact i64 values computed on the even
/// and the odd lanes (`vpmuldq`). double_round (gemmlowp) then needs only
/// 32-bit arithmetic: SaturatingRoundingDoublingHighMul is
/// (p + 2^30) >> 31 with an arithmetic shift for every sign of p (its
/// nudge 1 - 2^30 for negative p plus the truncating division equal the
/// floor of (p + 2^30) / 2^31), and RoundingDivideByPOT by e = shift - 31
/// is the same remainder / threshold comparison as gemmlowp's, on i32.
/// The other modes round each i64 product with emitRoundingShiftRight.
/// With a shift of 31 the rounded value can reach 2^31 - 1, so the clamp runs
/// before adding the zero point:
/// clamp(r + zp, qmin, qmax) = clamp(r, qmin - zp, qmax - zp) + zp, which
/// cannot overflow; with every shift >= 32, |r| <= 2^30 and the reference's
/// order is safe.
Value Int8GemmEmitter::requantize32(Value acc, Value col) {
  const RequantEpilogue &r = *s.requant;
  Value m = columnParam(r.multiplier, multBuf, col);
  Value sh = columnParam(r.shift, shiftBuf, col);
  Value zp = columnParam(r.outputZeroPoint, zpBuf, col);
  Value xe = half64(acc, /*odd=*/false, /*isUnsigned=*/false);
  Value xo = half64(acc, /*odd=*/true, /*isUnsigned=*/false);
  Value pe = arith::MulIOp::create(
      b, loc, xe, half64(m, /*odd=*/false, /*isUnsigned=*/true));
  Value po = arith::MulIOp::create(
      b, loc, xo, half64(m, /*odd=*/true, /*isUnsigned=*/true));
  VectorType wide = cast<VectorType>(pe.getType());
  Value y;
  if (r.mode == RoundingMode::DoubleRound && requantShiftsAbove31) {
    // Both roundings in one shift of the 64-bit product (every shift >= 32,
    // e = shift - 31 >= 1). With h = (p + 2^30) >> 31 and RoundingDivideByPOT
    // r = (h + 2^(e-1) - [h < 0]) >> e, and floor(floor(x / 2^31) + c) =
    // floor((x + c 2^31) / 2^31) for an integer c, r is
    // (p + 2^30 + 2^(shift-1) - [p < -2^30] 2^31) >> shift, with no overflow
    // (|p| < 2^62).
    Value one = cInt(b, loc, wide, 1);
    Value base = cInt(b, loc, wide, int64_t(1) << 30);
    auto round = [&](Value prod, bool odd) -> Value {
      Value sh64 = half64(sh, odd, /*isUnsigned=*/true);
      Value bias = arith::AddIOp::create(
          b, loc, base,
          arith::ShLIOp::create(
              b, loc, one, arith::SubIOp::create(b, loc, sh64, one)));
      Value x = arith::AddIOp::create(b, loc, prod, bias);
      Value negative = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::slt, prod,
          cInt(b, loc, wide, -(int64_t(1) << 30)));
      x = arith::SelectOp::create(
          b, loc, negative,
          arith::SubIOp::create(b, loc, x,
                                cInt(b, loc, wide, int64_t(1) << 31)),
          x);
      return arith::ShRSIOp::create(b, loc, x, sh64);
    };
    y = interleave32(round(pe, false), round(po, true));
  } else if (r.mode == RoundingMode::DoubleRound) {
    Value nudge = cInt(b, loc, wide, int64_t(1) << 30);
    Value c31 = cInt(b, loc, wide, 31);
    auto high = [&](Value prod) {
      return arith::ShRSIOp::create(
          b, loc, arith::AddIOp::create(b, loc, prod, nudge), c31);
    };
    Value h = interleave32(high(pe), high(po));
    Value e = arith::SubIOp::create(b, loc, sh, cInt(b, loc, accType, 31));
    Value one = cInt(b, loc, accType, 1);
    Value mask = arith::SubIOp::create(
        b, loc, arith::ShLIOp::create(b, loc, one, e), one);
    Value rem = arith::AndIOp::create(b, loc, h, mask);
    // (mask >> 1) + (h < 0): h >> 31 is -1 for negative h.
    Value threshold = arith::SubIOp::create(
        b, loc, arith::ShRSIOp::create(b, loc, mask, one),
        arith::ShRSIOp::create(b, loc, h, cInt(b, loc, accType, 31)));
    Value up = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt, rem,
                                     threshold);
    y = arith::AddIOp::create(b, loc, arith::ShRSIOp::create(b, loc, h, e),
                              arith::ExtUIOp::create(b, loc, accType, up));
  } else {
    Value ye = emitRoundingShiftRight(
        b, loc, pe, half64(sh, /*odd=*/false, /*isUnsigned=*/true), r.mode);
    Value yo = emitRoundingShiftRight(
        b, loc, po, half64(sh, /*odd=*/true, /*isUnsigned=*/true), r.mode);
    y = interleave32(ye, yo);
  }
  if (requantShiftsAbove31) {
    // |y| <= 2^30 + 1: adding the zero point first cannot overflow, and a
    // clamp to the storage type's own range then narrows in one saturating
    // instruction (vpmovsdb).
    y = arith::AddIOp::create(b, loc, y, zp);
    y = arith::MaxSIOp::create(b, loc, y, cInt(b, loc, accType, r.qmin));
    y = arith::MinSIOp::create(b, loc, y, cInt(b, loc, accType, r.qmax));
  } else {
    y = arith::MaxSIOp::create(
        b, loc, y,
        arith::SubIOp::create(b, loc, cInt(b, loc, accType, r.qmin), zp));
    y = arith::MinSIOp::create(
        b, loc, y,
        arith::SubIOp::create(b, loc, cInt(b, loc, accType, r.qmax), zp));
    y = arith::AddIOp::create(b, loc, y, zp);
  }
  return arith::TruncIOp::create(b, loc, VectorType::get({p.lanes}, r.storage),
                                 y);
}

Value Int8GemmEmitter::epilogue(Value acc, Value rowSum, Value col) {
  if (rowSum) {
    Value zb = vector::LoadOp::create(b, loc, accType, zbPrime,
                                      ValueRange{col});
    acc = arith::SubIOp::create(b, loc, acc,
                                arith::MulIOp::create(b, loc, rowSum, zb));
  }
  if (!s.requant)
    return acc;
  if (requantOn32Bits)
    return requantize32(acc, col);
  const RequantEpilogue &r = *s.requant;
  VectorType wide = VectorType::get({p.lanes}, i64);
  Value v = arith::ExtSIOp::create(b, loc, wide, acc);
  auto param = [&](ArrayRef<int64_t> values, Value buf) -> Value {
    return arith::ExtSIOp::create(b, loc, wide, columnParam(values, buf, col));
  };
  Value m = param(r.multiplier, multBuf);
  Value sh = param(r.shift, shiftBuf);
  Value zp = param(r.outputZeroPoint, zpBuf);
  Value y = emitMultiplyByFixedPoint(b, loc, v, m, sh, r.mode);
  y = arith::AddIOp::create(b, loc, y, zp);
  return emitClampToStorage(b, loc, y, r.qmin, r.qmax, r.storage);
}

/// The folded bias of the lanes starting at `col`, plus the runtime bias
/// when the kernel takes one: every accumulator's start.
Value Int8GemmEmitter::biasVector(Value col) {
  Value v = vector::LoadOp::create(b, loc, accType, biasEff, ValueRange{col});
  if (!biasBuf)
    return v;
  return arith::AddIOp::create(
      b, loc, v,
      vector::LoadOp::create(b, loc, accType, biasBuf, ValueRange{col}));
}

/// The mr x nrv tile of rows m0.. and of column panel `panel`; the last
/// vector of the tile holds `lastLanes` valid columns.
void Int8GemmEmitter::emitTile(Value panel, Value m0, int64_t mr, int64_t nrv,
                               int64_t lastLanes) {
  SmallVector<Value> bases;
  for (int64_t i = 0; i < mr; ++i)
    bases.push_back(
        rowBase(arith::AddIOp::create(b, loc, m0, cIndex(b, loc, i))));
  Value panelCol = arith::MulIOp::create(b, loc, panel, cIndex(b, loc, p.nr()));
  SmallVector<Value> cols;
  for (int64_t j = 0; j < nrv; ++j)
    cols.push_back(arith::AddIOp::create(b, loc, panelCol,
                                         cIndex(b, loc, j * p.lanes)));

  // Accumulators start at the folded bias.
  SmallVector<Value> init;
  SmallVector<Value> biasVecs;
  for (int64_t j = 0; j < nrv; ++j)
    biasVecs.push_back(biasVector(cols[j]));
  for (int64_t i = 0; i < mr; ++i)
    llvm::append_range(init, biasVecs);
  if (s.rowSums)
    for (int64_t i = 0; i < mr; ++i)
      init.push_back(cInt(b, loc, accType, 0));

  SmallVector<Value> accs = init;
  for (const Segment &seg : segments) {
    auto loop = scf::ForOp::create(
        b, loc, cIndex(b, loc, 0), cIndex(b, loc, seg.trip),
        cIndex(b, loc, 1), accs,
        [&](OpBuilder &nb, Location nloc, Value it, ValueRange iterArgs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(),
                              nb.getInsertionPoint());
          Value bGroup =
              arith::AddIOp::create(b, loc, it, cIndex(b, loc, seg.bStart));
          Value aOffset = arith::AddIOp::create(
              b, loc,
              arith::MulIOp::create(b, loc, it, cIndex(b, loc, p.group)),
              cIndex(b, loc, seg.aOffset));
          SmallVector<Value> next = reductionStep(iterArgs, bases, bGroup,
                                                  aOffset, mr, nrv, panel,
                                                  /*tail=*/false);
          scf::YieldOp::create(b, loc, next);
        });
    accs.assign(loop.getResults().begin(), loop.getResults().end());
  }
  if (tailCount)
    accs = reductionStep(accs, bases, cIndex(b, loc, s.kgroups - 1),
                         cIndex(b, loc, (s.kgroups - 1) * p.group), mr, nrv,
                         panel, /*tail=*/true);

  for (int64_t i = 0; i < mr; ++i) {
    Value row = arith::AddIOp::create(b, loc, m0, cIndex(b, loc, i));
    Value rowSum = s.rowSums ? accs[mr * nrv + i] : Value();
    for (int64_t j = 0; j < nrv; ++j) {
      Value y = epilogue(accs[i * nrv + j], rowSum, cols[j]);
      int64_t valid = j == nrv - 1 ? lastLanes : p.lanes;
      if (valid == p.lanes) {
        vector::StoreOp::create(b, loc, y, outBuf, ValueRange{row, cols[j]});
        continue;
      }
      // The last columns lane by lane: LLVM 22 miscompiles masked stores
      // of truncated vectors with constant masks on AVX-512 (it stores the
      // whole vector), see docs/Rationale.md.
      for (int64_t lane = 0; lane < valid; ++lane) {
        Value x = vector::ExtractOp::create(b, loc, y, ArrayRef<int64_t>{lane});
        Value col = arith::AddIOp::create(b, loc, cols[j],
                                          cIndex(b, loc, lane));
        memref::StoreOp::create(b, loc, x, outBuf, ValueRange{row, col});
      }
    }
  }
}

/// Rows lo .. lo + count of one column panel: full mr-row tiles, then the
/// remaining rows as one smaller tile.
void Int8GemmEmitter::emitStaticRows(Value panel, int64_t nrv,
                                     int64_t lastLanes, Value lo,
                                     int64_t count) {
  int64_t mr = s.rowSums ? p.mrRowSum : p.mr;
  int64_t full = count - count % mr;
  // A remainder of one or two rows would run a narrow, latency-bound tile:
  // give back one full tile and split mr + 1 (+ 2) rows into two tiles
  // (4 + 3 or 4 + 4 when mr = 6).
  if (count % mr && count % mr <= 2 && full >= mr && mr >= 6) {
    int64_t rest = mr + count % mr, first = (rest + 1) / 2;
    if (full > mr)
      emitStaticRows(panel, nrv, lastLanes, lo, full - mr);
    Value mid = arith::AddIOp::create(b, loc, lo, cIndex(b, loc, full - mr));
    emitTile(panel, mid, first, nrv, lastLanes);
    emitTile(panel, arith::AddIOp::create(b, loc, mid, cIndex(b, loc, first)),
             rest - first, nrv, lastLanes);
    return;
  }
  if (full == mr) {
    emitTile(panel, lo, mr, nrv, lastLanes);
  } else if (full > 0) {
    Value hi = arith::AddIOp::create(b, loc, lo, cIndex(b, loc, full));
    emitLoop(b, loc, lo, hi, mr, parallelRows,
             [&](Value m0) { emitTile(panel, m0, mr, nrv, lastLanes); });
  }
  if (count % mr)
    emitTile(panel,
             arith::AddIOp::create(b, loc, lo, cIndex(b, loc, full)),
             count % mr, nrv, lastLanes);
}

/// Every row of one column panel: full mr-row tiles, then the remaining
/// rows as one smaller tile.
void Int8GemmEmitter::emitRows(Value panel, int64_t nrv, int64_t lastLanes) {
  int64_t mr = s.rowSums ? p.mrRowSum : p.mr;
  auto outType = cast<MemRefType>(outBuf.getType());
  if (!outType.isDynamicDim(0)) {
    emitStaticRows(panel, nrv, lastLanes, cIndex(b, loc, 0),
                   outType.getDimSize(0));
    return;
  }
  Value m = memref::DimOp::create(b, loc, outBuf, 0);
  Value rem = arith::RemUIOp::create(b, loc, m, cIndex(b, loc, mr));
  Value full = arith::SubIOp::create(b, loc, m, rem);
  emitLoop(b, loc, cIndex(b, loc, 0), full, mr, parallelRows,
           [&](Value m0) { emitTile(panel, m0, mr, nrv, lastLanes); });
  if (mr == 1)
    return;
  SmallVector<int64_t> cases = llvm::to_vector(llvm::seq<int64_t>(1, mr));
  auto sw = scf::IndexSwitchOp::create(b, loc, TypeRange{}, rem, cases,
                                       cases.size());
  {
    OpBuilder::InsertionGuard guard(b);
    b.createBlock(&sw.getDefaultRegion());
    scf::YieldOp::create(b, loc);
    for (auto [idx, rows] : llvm::enumerate(cases)) {
      b.createBlock(&sw.getCaseRegions()[idx]);
      emitTile(panel, full, rows, nrv, lastLanes);
      scf::YieldOp::create(b, loc);
    }
  }
}

void Int8GemmEmitter::emitBody(func::FuncOp func, ModuleOp module,
                               StringRef name, unsigned numThreads) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  aBuf = entry.getArgument(0);
  biasBuf = s.runtimeBias ? entry.getArgument(1) : Value();
  outBuf = entry.getArguments().back();

  bPacked = getGlobal(
      b, loc, createGlobal(b, module, loc, (name + "_weights").str(),
                           s.packedB));
  biasEff = getGlobal(
      b, loc, createGlobal(b, module, loc, (name + "_bias").str(), s.biasEff));
  if (s.rowSums)
    zbPrime = getGlobal(b, loc,
                        createGlobal(b, module, loc, (name + "_zb").str(),
                                     s.zbPrime));
  if (s.requant) {
    const RequantEpilogue &r = *s.requant;
    requantOn32Bits = r.storage.getWidth() <= 16 &&
                      llvm::all_of(r.shift, [](int64_t v) { return v >= 31; });
    requantShiftsAbove31 =
        llvm::all_of(r.shift, [](int64_t v) { return v >= 32; });
    int64_t npad = s.panels() * p.nr();
    // Per-column parameters as i32 (the verifier bounds them: multipliers
    // in [0, 2^31), shifts in [0, 62], zero points in the storage range).
    auto perColumn = [&](ArrayRef<int64_t> values, StringRef suffix,
                         int64_t pad) -> Value {
      if (values.size() == 1)
        return Value();
      SmallVector<int32_t> padded(values.begin(), values.end());
      padded.resize(npad, pad);
      auto attr = DenseElementsAttr::get(
          RankedTensorType::get({npad}, i32), ArrayRef<int32_t>(padded));
      return getGlobal(b, loc,
                       createGlobal(b, module, loc, (name + suffix).str(),
                                    attr));
    };
    multBuf = perColumn(r.multiplier, "_multiplier", 0);
    // Padding columns are computed and dropped: any shift the fast form
    // accepts will do.
    shiftBuf = perColumn(r.shift, "_shift", 31);
    zpBuf = perColumn(r.outputZeroPoint, "_output_zp", 0);
  }

  if (s.conv && s.conv->needsPadding()) {
    const ConvGeometry &g = *s.conv;
    Value images;
    auto outType = cast<MemRefType>(outBuf.getType());
    if (outType.isDynamicDim(0))
      images = arith::DivUIOp::create(
          b, loc, memref::DimOp::create(b, loc, outBuf, 0),
          cIndex(b, loc, g.oh * g.ow));
    else
      images = cIndex(b, loc, outType.getDimSize(0) / (g.oh * g.ow));
    Value size = paddedBytes(b, loc, images, g);
    Value padded = memref::AllocOp::create(
        b, loc, MemRefType::get({ShapedType::kDynamic}, i8), ValueRange{size},
        b.getI64IntegerAttr(64));
    emitZeroPointPadding(b, loc, aBuf, padded, images, g);
    aBuf = padded;
  }

  // The reduction as constant-stride segments.
  int64_t g = p.group;
  if (s.conv) {
    const ConvGeometry &c = *s.conv;
    int64_t groupsPerPixel = c.cp / g;
    // Without horizontal dilation the kw filter pixels of one filter row
    // read adjacent input pixels, kw * cp contiguous bytes, and are
    // adjacent in K too: one segment per filter row.
    int64_t merged = c.dw == 1 ? c.kw : 1;
    for (int64_t kh = 0; kh < c.kh; ++kh) {
      if (c.rowK) {
        segments.push_back(
            {kh * c.rowK / g, kh * c.dh * c.wp * c.cp, c.rowK / g});
        continue;
      }
      for (int64_t kw = 0; kw < c.kw; kw += merged)
        segments.push_back({(kh * c.kw + kw) * groupsPerPixel,
                            (kh * c.dh * c.wp + kw * c.dw) * c.cp,
                            merged * groupsPerPixel});
    }
  } else {
    if (s.k / g)
      segments.push_back({0, 0, s.k / g});
    tailCount = s.k % g;
  }

  // Static M whose activations outgrow the cache: row blocks outermost, so
  // that a block of activation rows (about kBlockBytes) stays in L2 while
  // every column panel streams past it. The tiles are the same as without
  // blocking (blocks are multiples of the register tile), only their order
  // changes.
  constexpr int64_t kBlockBytes = 256 * 1024;
  int64_t mr = s.rowSums ? p.mrRowSum : p.mr;
  // Threads share out the column panels, or the row tiles when there are
  // fewer full panels than threads (a convolution with 64 or fewer output
  // channels has a single panel).
  parallelRows = numThreads > 1 && s.n / p.nr() < int64_t(numThreads);
  auto outType = cast<MemRefType>(outBuf.getType());
  int64_t mc = std::max<int64_t>(mr, kBlockBytes / std::max<int64_t>(s.k, 1) /
                                         mr * mr);
  if (!outType.isDynamicDim(0) &&
      gemvPanels(outType.getDimSize(0)) > 1) {
    emitGemv(numThreads, outType.getDimSize(0));
  } else if (outType.isDynamicDim(0) || outType.getDimSize(0) <= mc) {
    auto general = [&] {
      emitPanels(numThreads, [&](Value panel, int64_t nrv, int64_t lanes) {
        emitRows(panel, nrv, lanes);
      });
    };
    if (outType.isDynamicDim(0) && gemvPanels(1) > 1) {
      // A dynamic M of 1 (a batch of one) takes the GEMV tile at run time.
      Value one = arith::CmpIOp::create(
          b, loc, arith::CmpIPredicate::eq,
          memref::DimOp::create(b, loc, outBuf, 0), cIndex(b, loc, 1));
      auto ifOp = scf::IfOp::create(b, loc, one, /*withElseRegion=*/true);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(ifOp.thenBlock());
      emitGemv(numThreads, 1);
      b.setInsertionPointToStart(ifOp.elseBlock());
      general();
    } else {
      general();
    }
  } else {
    int64_t m = outType.getDimSize(0), blocks = m / mc;
    auto block = [&](Value lo, int64_t count) {
      emitPanels(numThreads, [&](Value panel, int64_t nrv, int64_t lanes) {
        emitStaticRows(panel, nrv, lanes, lo, count);
      });
    };
    emitLoop(b, loc, cIndex(b, loc, 0), cIndex(b, loc, blocks * mc), mc,
             /*parallel=*/false, [&](Value lo) { block(lo, mc); });
    if (m % mc)
      block(cIndex(b, loc, blocks * mc), m % mc);
  }
  func::ReturnOp::create(b, loc);
}

//===----------------------------------------------------------------------===//
// int8 GEMV (small M)
//===----------------------------------------------------------------------===//

/// How many full column panels a small-M matmul tile of `rows` rows reduces
/// at once, or 1 when the general tile serves. With M = 1 the general tile
/// has only nrv independent accumulator chains and one stream of weights;
/// two panels double both, which is what a weight-streaming GEMV needs
/// (docs/Rationale.md). The tile has to fit the register file: accumulators
/// (rows x nrv per panel, plus the row sums), one weight vector per panel
/// vector and the activation broadcast.
int64_t Int8GemmEmitter::gemvPanels(int64_t rows) const {
  constexpr int64_t kPanels = 2;
  if (s.conv || rows < 1 || rows > 2 || s.n / p.nr() < kPanels)
    return 1;
  int64_t regs = p.isa == CpuIsa::Avx512Vnni ? 32 : 16;
  int64_t perPanel = rows * p.nrv + (s.rowSums ? rows : 0) + p.nrv;
  return kPanels * perPanel + 2 <= regs ? kPanels : 1;
}

/// Rows 0 .. rows of the `panelCount` full column panels panel0 ..: one
/// reduction loop over K that steps every panel's tile (reductionStep per
/// panel; the activation loads are shared after CSE), then each panel's
/// epilogue.
void Int8GemmEmitter::emitGemvTile(Value panel0, int64_t panelCount,
                                   int64_t rows) {
  SmallVector<Value> bases;
  for (int64_t i = 0; i < rows; ++i)
    bases.push_back(rowBase(cIndex(b, loc, i)));
  int64_t perPanel = rows * p.nrv + (s.rowSums ? rows : 0);
  SmallVector<Value> panels, cols, accs;
  for (int64_t q = 0; q < panelCount; ++q) {
    Value panel = arith::AddIOp::create(b, loc, panel0, cIndex(b, loc, q));
    panels.push_back(panel);
    Value panelCol =
        arith::MulIOp::create(b, loc, panel, cIndex(b, loc, p.nr()));
    SmallVector<Value> biasVecs;
    for (int64_t j = 0; j < p.nrv; ++j) {
      Value col = arith::AddIOp::create(b, loc, panelCol,
                                        cIndex(b, loc, j * p.lanes));
      cols.push_back(col);
      biasVecs.push_back(biasVector(col));
    }
    for (int64_t i = 0; i < rows; ++i)
      llvm::append_range(accs, biasVecs);
    if (s.rowSums)
      accs.append(rows, cInt(b, loc, accType, 0));
  }

  // Every panel's step of one K group.
  auto step = [&](ValueRange in, Value bGroup, Value aOffset, bool tail) {
    SmallVector<Value> out;
    for (int64_t q = 0; q < panelCount; ++q)
      llvm::append_range(
          out, reductionStep(in.slice(q * perPanel, perPanel), bases, bGroup,
                             aOffset, rows, p.nrv, panels[q], tail));
    return out;
  };
  if (s.k / p.group) {
    auto loop = scf::ForOp::create(
        b, loc, cIndex(b, loc, 0), cIndex(b, loc, s.k / p.group),
        cIndex(b, loc, 1), accs,
        [&](OpBuilder &nb, Location, Value it, ValueRange iterArgs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          Value aOffset =
              arith::MulIOp::create(b, loc, it, cIndex(b, loc, p.group));
          scf::YieldOp::create(b, loc, step(iterArgs, it, aOffset, false));
        });
    accs.assign(loop.getResults().begin(), loop.getResults().end());
  }
  if (tailCount)
    accs = step(accs, cIndex(b, loc, s.kgroups - 1),
                cIndex(b, loc, (s.kgroups - 1) * p.group), /*tail=*/true);

  for (int64_t q = 0; q < panelCount; ++q) {
    ValueRange tile = ValueRange(accs).slice(q * perPanel, perPanel);
    for (int64_t i = 0; i < rows; ++i) {
      Value row = cIndex(b, loc, i);
      Value rowSum = s.rowSums ? tile[rows * p.nrv + i] : Value();
      for (int64_t j = 0; j < p.nrv; ++j) {
        Value col = cols[q * p.nrv + j];
        Value y = epilogue(tile[i * p.nrv + j], rowSum, col);
        vector::StoreOp::create(b, loc, y, outBuf, ValueRange{row, col});
      }
    }
  }
}

/// A matmul of `rows` (static, at most 2) rows: gemvPanels() full panels at
/// a time (in parallel with numThreads > 1), then the remaining full
/// panels and the partial last one through the general tile.
void Int8GemmEmitter::emitGemv(unsigned numThreads, int64_t rows) {
  int64_t np = gemvPanels(rows), fullPanels = s.n / p.nr();
  int64_t groups = fullPanels / np;
  emitLoop(b, loc, cIndex(b, loc, 0), cIndex(b, loc, groups), 1, numThreads > 1,
           [&](Value group) {
             emitGemvTile(
                 arith::MulIOp::create(b, loc, group, cIndex(b, loc, np)), np,
                 rows);
           });
  for (int64_t panel = groups * np; panel < fullPanels; ++panel)
    emitStaticRows(cIndex(b, loc, panel), p.nrv, p.lanes, cIndex(b, loc, 0),
                   rows);
  if (int64_t rest = s.n % p.nr()) {
    int64_t nrv = (rest + p.lanes - 1) / p.lanes;
    emitStaticRows(cIndex(b, loc, fullPanels), nrv,
                   rest - (nrv - 1) * p.lanes, cIndex(b, loc, 0), rows);
  }
}

/// Calls `rows` on every column panel: the full ones in a loop (parallel
/// with numThreads > 1 unless the row tiles are), then the partial last one.
void Int8GemmEmitter::emitPanels(
    unsigned numThreads,
    llvm::function_ref<void(Value, int64_t, int64_t)> rows) {
  int64_t nr = p.nr(), fullPanels = s.n / nr, rest = s.n % nr;
  if (fullPanels)
    emitLoop(b, loc, cIndex(b, loc, 0), cIndex(b, loc, fullPanels), 1,
             numThreads > 1 && !parallelRows,
             [&](Value panel) { rows(panel, p.nrv, p.lanes); });
  if (rest) {
    int64_t nrv = (rest + p.lanes - 1) / p.lanes;
    rows(cIndex(b, loc, fullPanels), nrv, rest - (nrv - 1) * p.lanes);
  }
}

func::FuncOp mlir::quantx::detail::emitInt8GemmKernel(
    OpBuilder &b, ModuleOp module, Location loc, StringRef name,
    const Int8GemmSpec &spec, unsigned numThreads) {
  OpBuilder::InsertionGuard guard(b);
  MLIRContext *ctx = b.getContext();
  const Int8IsaParams &p = spec.params;
  SmallVector<Type> args{MemRefType::get({ShapedType::kDynamic},
                                         IntegerType::get(ctx, 8))};
  if (spec.runtimeBias)
    args.push_back(MemRefType::get({spec.panels() * p.nr()},
                                   IntegerType::get(ctx, 32)));
  args.push_back(MemRefType::get({spec.m, spec.n}, spec.outElement));
  auto func = createKernelFunc(b, module, loc, name,
                               FunctionType::get(ctx, args, {}), p.isa);
  Int8GemmEmitter emitter(b, loc, spec);
  emitter.emitBody(func, module, func.getSymName(), numThreads);
  return func;
}

//===----------------------------------------------------------------------===//
// Weight-only sub-byte matmul
//===----------------------------------------------------------------------===//

void mlir::quantx::detail::setWeightOnlyParams(WeightOnlySpec &spec,
                                               CpuIsa isa) {
  spec.isa = isa;
  spec.nrv = 4;
  if (isa == CpuIsa::Avx512Vnni) {
    // 16 zmm accumulators + 4 unpacked weight vectors + broadcast.
    spec.lanes = 16;
    spec.mr = 4;
  } else {
    // 8 ymm accumulators + 4 unpacked weight vectors + broadcast of 16.
    spec.lanes = 8;
    spec.mr = 2;
  }
}

void mlir::quantx::detail::packWeightOnly(WeightOnlySpec &spec,
                                          MLIRContext *ctx,
                                          ArrayRef<int64_t> w, bool isSigned,
                                          ArrayRef<double> scales,
                                          ArrayRef<int64_t> zeroPoints) {
  int64_t k = spec.k, n = spec.n, nr = spec.nr(), panels = spec.panels();
  unsigned bits = spec.bits;
  int64_t perByte = 8 / bits, rowBytes = nr * bits / 8;
  int64_t offset = (isSigned && bits < 8) ? (int64_t(1) << (bits - 1)) : 0;
  spec.signedCodes = isSigned && bits == 8;
  auto zAt = [&](int64_t c) {
    return static_cast<float>(
        (zeroPoints.size() == 1 ? zeroPoints[0] : zeroPoints[c]) + offset);
  };
  // AVX-512 and 2- or 4-bit codes with one z' for every column: a table of
  // code - z' replaces the conversion, and the per-row sums of x go away.
  bool uniform = true;
  for (int64_t c = 1; c < n; ++c)
    uniform &= zAt(c) == zAt(0);
  spec.codeTable = spec.isa == CpuIsa::Avx512Vnni && bits <= 4 && uniform;
  spec.tableZero = spec.codeTable ? zAt(0) : 0.0f;
  // 4-bit table codes: two rows per 64 bytes, 8 codes per 32-bit lane.
  spec.pairRows = spec.codeTable && bits == 4 && nr * bits / 8 == 32 &&
                  spec.lanes == 16;
  if (spec.pairRows) {
    int64_t pairs = (k + 1) / 2;
    SmallVector<uint8_t> packed(panels * pairs * 64, 0);
    for (int64_t r = 0; r < k; ++r)
      for (int64_t c = 0; c < n; ++c) {
        int64_t panel = c / nr, col = c % nr;
        int64_t lane = col % 16, nib = (r % 2) * 4 + col / 16;
        uint64_t code = static_cast<uint64_t>(w[r * n + c] + offset) & 15;
        packed[(panel * pairs + r / 2) * 64 + lane * 4 + nib / 2] |=
            static_cast<uint8_t>(code << (4 * (nib % 2)));
      }
    spec.packed = DenseElementsAttr::get(
        RankedTensorType::get({panels, pairs, 64}, IntegerType::get(ctx, 8)),
        ArrayRef<int8_t>(reinterpret_cast<const int8_t *>(packed.data()),
                         packed.size()));
  }
  SmallVector<uint8_t> packed(spec.pairRows ? 0 : panels * k * rowBytes, 0);
  for (int64_t r = 0; r < k && !spec.pairRows; ++r)
    for (int64_t c = 0; c < n; ++c) {
      int64_t panel = c / nr, col = c % nr;
      int64_t chunk = col / (spec.lanes * perByte);
      int64_t j = (col % (spec.lanes * perByte)) / spec.lanes;
      int64_t lane = col % spec.lanes;
      uint64_t code = static_cast<uint64_t>(w[r * n + c] + offset) &
                      ((uint64_t(1) << bits) - 1);
      packed[(panel * k + r) * rowBytes + chunk * spec.lanes + lane] |=
          static_cast<uint8_t>(code << (j * bits));
    }
  if (!spec.pairRows)
    spec.packed = DenseElementsAttr::get(
        RankedTensorType::get({panels, k, rowBytes}, IntegerType::get(ctx, 8)),
        ArrayRef<int8_t>(reinterpret_cast<const int8_t *>(packed.data()),
                         packed.size()));
  int64_t npad = panels * nr;
  SmallVector<float> s(npad, 0.0f), z(npad, 0.0f);
  bool anyZero = false;
  for (int64_t c = 0; c < n; ++c) {
    s[c] = static_cast<float>(scales.size() == 1 ? scales[0] : scales[c]);
    z[c] = zAt(c);
    anyZero |= z[c] != 0.0f;
  }
  auto type = RankedTensorType::get({npad}, Float32Type::get(ctx));
  spec.scales = DenseElementsAttr::get(type, ArrayRef<float>(s));
  spec.zeroPoints = anyZero && !spec.codeTable
                        ? DenseElementsAttr::get(type, ArrayRef<float>(z))
                        : DenseElementsAttr();
}

/// A declaration of LLVM's `llvm.x86.avx512.permvar.sf.512` (vpermps) as
/// a private function: the call is a plain `func.call`, which bufferization
/// and the buffer deallocation pipeline accept (an `llvm.call_intrinsic`
/// in the kernel has unknown memory effects, which the ownership-based
/// deallocation rejects), and LLVM recognizes the intrinsic by its name.
static func::FuncOp getPermuteDecl(OpBuilder &b, ModuleOp module,
                                   Location loc, VectorType vecType,
                                   VectorType idxType) {
  StringRef name = "llvm.x86.avx512.permvar.sf.512";
  if (auto existing = module.lookupSymbol<func::FuncOp>(name))
    return existing;
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  auto decl = func::FuncOp::create(
      b, loc, name,
      FunctionType::get(b.getContext(), {vecType, idxType}, {vecType}));
  decl.setPrivate();
  return decl;
}

namespace {
class WeightOnlyEmitter {
public:
  WeightOnlyEmitter(OpBuilder &b, Location loc, const WeightOnlySpec &spec)
      : b(b), loc(loc), s(spec) {
    f32 = b.getF32Type();
    vecType = VectorType::get({s.lanes}, f32);
    useFma = s.isa != CpuIsa::Generic;
  }

  void emitBody(func::FuncOp func, ModuleOp module, StringRef name,
                unsigned numThreads);

private:
  Value fma(Value a, Value x, Value acc) {
    if (useFma)
      return vector::FMAOp::create(b, loc, a, x, acc);
    return arith::AddFOp::create(b, loc, acc,
                                 arith::MulFOp::create(b, loc, a, x));
  }
  SmallVector<Value> unpack(Value panel, Value k);
  SmallVector<Value> unpackPair(Value panel, Value pair, int64_t rows);
  void emitTile(Value panel, Value m0, int64_t mr, int64_t columns);
  void emitEpilogue(Value panel, ArrayRef<Value> rows, int64_t mr,
                    int64_t sets, int64_t columns, ArrayRef<Value> accs);
  void emitRows(Value panel, int64_t columns);

  OpBuilder &b;
  Location loc;
  const WeightOnlySpec &s;
  Type f32;
  VectorType vecType;
  bool useFma;
  Value xBuf, initBuf, outBuf, packed, scales, zeroPoints;
  Value codeTable; ///< vector of code - z' (spec.codeTable)
  func::FuncOp permFunc; ///< vpermps (spec.codeTable)
};
} // namespace

/// The nrv weight vectors (as f32 codes) of row `k` of `panel`.
SmallVector<Value> WeightOnlyEmitter::unpack(Value panel, Value k) {
  MLIRContext *ctx = b.getContext();
  Type i8 = IntegerType::get(ctx, 8), i32 = IntegerType::get(ctx, 32);
  VectorType bytes = VectorType::get({s.lanes}, i8);
  VectorType words = VectorType::get({s.lanes}, i32);
  int64_t perByte = 8 / s.bits, chunks = s.nrv / perByte;
  SmallVector<Value> result;
  for (int64_t c = 0; c < chunks; ++c) {
    Value v = vector::LoadOp::create(
        b, loc, bytes, packed,
        ValueRange{panel, k, cIndex(b, loc, c * s.lanes)});
    if (s.bits == 8) {
      Value w = s.signedCodes
                    ? Value(arith::ExtSIOp::create(b, loc, words, v))
                    : Value(arith::ExtUIOp::create(b, loc, words, v));
      result.push_back(arith::SIToFPOp::create(b, loc, vecType, w));
      continue;
    }
    Value w = arith::ExtUIOp::create(b, loc, words, v);
    for (int64_t j = 0; j < perByte; ++j) {
      Value t = w;
      if (j)
        t = arith::ShRUIOp::create(b, loc, t,
                                   cInt(b, loc, words, j * s.bits));
      if (codeTable) {
        // vpermps reads bits 0-3 of each lane: the code, and for 2-bit
        // codes the next one's bits above it, which the periodic table
        // ignores. No mask needed.
        result.push_back(func::CallOp::create(b, loc, permFunc,
                                              ValueRange{codeTable, t})
                             .getResult(0));
        continue;
      }
      if (j != perByte - 1)
        t = arith::AndIOp::create(b, loc, t,
                                  cInt(b, loc, words, (1 << s.bits) - 1));
      result.push_back(arith::SIToFPOp::create(b, loc, vecType, t));
    }
  }
  return result;
}

/// The weight vectors (f32 code - z') of rows 2 * pair .. + rows (1 or 2)
/// of `panel` in the two-row layout (spec.pairRows): lane l of the 64
/// bytes holds 8 codes, row parity t and vector j at bits 4 * (4t + j).
SmallVector<Value> WeightOnlyEmitter::unpackPair(Value panel, Value pair,
                                                 int64_t rows) {
  MLIRContext *ctx = b.getContext();
  Type i8 = IntegerType::get(ctx, 8), i32 = IntegerType::get(ctx, 32);
  VectorType words = VectorType::get({s.lanes}, i32);
  Value v = vector::LoadOp::create(b, loc, VectorType::get({64}, i8), packed,
                                   ValueRange{panel, pair, cIndex(b, loc, 0)});
  v = vector::BitCastOp::create(b, loc, words, v);
  SmallVector<Value> result;
  for (int64_t nib = 0; nib < rows * s.nrv; ++nib) {
    Value t = nib ? Value(arith::ShRUIOp::create(b, loc, v,
                                                 cInt(b, loc, words, 4 * nib)))
                  : v;
    result.push_back(
        func::CallOp::create(b, loc, permFunc, ValueRange{codeTable, t})
            .getResult(0));
  }
  return result;
}

/// Rows m0..m0+mr of one panel, of which `columns` are valid;
/// accumulators per (row, vector), times two interleaved sets for a single
/// row (more independent FMA chains).
void WeightOnlyEmitter::emitTile(Value panel, Value m0, int64_t mr,
                                 int64_t columns) {
  int64_t sets = mr == 1 ? 2 : 1, nrv = s.nrv;
  bool sums = static_cast<bool>(zeroPoints);
  SmallVector<Value> rows;
  for (int64_t i = 0; i < mr; ++i)
    rows.push_back(arith::AddIOp::create(b, loc, m0, cIndex(b, loc, i)));
  Value zero = arith::ConstantOp::create(
      b, loc, DenseElementsAttr::get(vecType, b.getF32FloatAttr(0.0f)));
  Value zeroScalar = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0.0f));
  // Accumulators: sets x mr x nrv vectors, then mr row sums of x.
  SmallVector<Value> init(sets * mr * nrv, zero);
  if (sums)
    init.append(mr, zeroScalar);
  auto finish = [&](ArrayRef<Value> accs) {
    emitEpilogue(panel, rows, mr, sets, columns, accs);
  };

  auto step = [&](ValueRange accs, Value k, int64_t set,
                  ArrayRef<Value> pre = {}) {
    SmallVector<Value> next(accs.begin(), accs.end());
    SmallVector<Value> w =
        pre.empty() ? unpack(panel, k) : SmallVector<Value>(pre);
    for (int64_t i = 0; i < mr; ++i) {
      Value x = memref::LoadOp::create(b, loc, xBuf, ValueRange{rows[i], k});
      Value xb = vector::BroadcastOp::create(b, loc, vecType, x);
      for (int64_t j = 0; j < nrv; ++j) {
        int64_t idx = (set * mr + i) * nrv + j;
        next[idx] = fma(xb, w[j], next[idx]);
      }
      if (sums) {
        int64_t idx = sets * mr * nrv + i;
        next[idx] = arith::AddFOp::create(b, loc, next[idx], x);
      }
    }
    return next;
  };
  // A single row of 4-bit table codes reads two code streams at once,
  // pairs [0, half) and [half, 2 * half) of the panel, each prefetched
  // kPrefetchPairs cache lines ahead: with cold caches the kernel is bound
  // by DRAM, and one sequential stream per panel left ~25% of the read
  // bandwidth unused (docs/Rationale.md, "Two int4 code streams").
  constexpr int64_t kPrefetchPairs = 32;
  int64_t pairs = s.k / 2, half = pairs / 2;
  auto prefetch = [&](Value pair) {
    // Clamped to the panel's last pair so that the address stays inside
    // the codes.
    Value at = arith::MinUIOp::create(
        b, loc,
        arith::AddIOp::create(b, loc, pair, cIndex(b, loc, kPrefetchPairs)),
        cIndex(b, loc, pairs - 1));
    memref::PrefetchOp::create(b, loc, packed,
                               ValueRange{panel, at, cIndex(b, loc, 0)},
                               /*isWrite=*/false, /*localityHint=*/3,
                               /*isDataCache=*/true);
  };
  if (mr == 1 && s.pairRows && half > 0) {
    // Stream 0 accumulates into set 0, stream 1 into set 1; then the odd
    // pair (into set 0) and the odd row (into set 1).
    auto pairStep = [&](SmallVector<Value> accs, Value pair, int64_t rows,
                        int64_t set, ArrayRef<Value> w) {
      Value k0 = arith::MulIOp::create(b, loc, pair, cIndex(b, loc, 2));
      for (int64_t u = 0; u < rows; ++u) {
        Value kk =
            u ? arith::AddIOp::create(b, loc, k0, cIndex(b, loc, u)) : k0;
        accs = step(accs, kk, set, w.slice(u * nrv, nrv));
      }
      return accs;
    };
    auto loop = scf::ForOp::create(
        b, loc, cIndex(b, loc, 0), cIndex(b, loc, half), cIndex(b, loc, 1),
        init, [&](OpBuilder &nb, Location, Value p, ValueRange iterArgs) {
          OpBuilder::InsertionGuard guard(b);
          b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
          SmallVector<Value> accs(iterArgs.begin(), iterArgs.end());
          Value q = arith::AddIOp::create(b, loc, p, cIndex(b, loc, half));
          prefetch(p);
          prefetch(q);
          SmallVector<Value> w0 = unpackPair(panel, p, 2);
          SmallVector<Value> w1 = unpackPair(panel, q, 2);
          accs = pairStep(accs, p, 2, 0, w0);
          accs = pairStep(accs, q, 2, 1, w1);
          scf::YieldOp::create(b, loc, accs);
        });
    SmallVector<Value> accs(loop.getResults().begin(),
                            loop.getResults().end());
    if (pairs % 2) {
      Value p = cIndex(b, loc, 2 * half);
      accs = pairStep(accs, p, 2, 0, unpackPair(panel, p, 2));
    }
    if (s.k % 2) {
      Value p = cIndex(b, loc, pairs);
      accs = pairStep(accs, p, 1, 1, unpackPair(panel, p, 1));
    }
    finish(accs);
    return;
  }
  // Rows per iteration: the accumulator sets, or the two rows of a pair.
  int64_t per = s.pairRows ? 2 : sets;
  int64_t full = s.k - s.k % per;
  auto pairOf = [&](Value k) {
    return arith::DivUIOp::create(b, loc, k, cIndex(b, loc, 2));
  };
  auto loop = scf::ForOp::create(
      b, loc, cIndex(b, loc, 0), cIndex(b, loc, full), cIndex(b, loc, per),
      init, [&](OpBuilder &nb, Location, Value k, ValueRange iterArgs) {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPoint(nb.getInsertionBlock(), nb.getInsertionPoint());
        SmallVector<Value> accs(iterArgs.begin(), iterArgs.end());
        SmallVector<Value> w;
        if (s.pairRows)
          w = unpackPair(panel, pairOf(k), 2);
        for (int64_t u = 0; u < per; ++u) {
          Value kk =
              u ? arith::AddIOp::create(b, loc, k, cIndex(b, loc, u)) : k;
          accs = step(accs, kk, u % sets,
                      s.pairRows ? ArrayRef<Value>(w).slice(u * nrv, nrv)
                                 : ArrayRef<Value>());
        }
        scf::YieldOp::create(b, loc, accs);
      });
  SmallVector<Value> accs(loop.getResults().begin(), loop.getResults().end());
  if (full != s.k) {
    Value k = cIndex(b, loc, full);
    SmallVector<Value> w;
    if (s.pairRows)
      w = unpackPair(panel, cIndex(b, loc, full / 2), 1);
    accs = step(accs, k, 0, w);
  }
  finish(accs);
}

/// The tile's stores: accumulator sets summed, the zero-point correction
/// (per-row sums of x), scales, plus the initial values; lane by lane for a
/// partial column vector.
void WeightOnlyEmitter::emitEpilogue(Value panel, ArrayRef<Value> rows,
                                     int64_t mr, int64_t sets,
                                     int64_t columns, ArrayRef<Value> accs) {
  int64_t nrv = s.nrv;
  bool sums = static_cast<bool>(zeroPoints);
  Value panelCol = arith::MulIOp::create(b, loc, panel, cIndex(b, loc, s.nr()));
  for (int64_t i = 0; i < mr; ++i) {
    for (int64_t j = 0; j < nrv; ++j) {
      int64_t valid = std::clamp<int64_t>(columns - j * s.lanes, 0, s.lanes);
      if (valid == 0)
        continue;
      Value col = arith::AddIOp::create(b, loc, panelCol,
                                        cIndex(b, loc, j * s.lanes));
      Value acc = accs[i * nrv + j];
      for (int64_t set = 1; set < sets; ++set)
        acc = arith::AddFOp::create(b, loc, acc,
                                    accs[(set * mr + i) * nrv + j]);
      if (sums) {
        Value z = vector::LoadOp::create(b, loc, vecType, zeroPoints,
                                         ValueRange{col});
        Value sum = vector::BroadcastOp::create(
            b, loc, vecType, accs[sets * mr * nrv + i]);
        acc = arith::SubFOp::create(b, loc, acc,
                                    arith::MulFOp::create(b, loc, z, sum));
      }
      Value scale =
          vector::LoadOp::create(b, loc, vecType, scales, ValueRange{col});
      if (valid == s.lanes) {
        Value in = vector::LoadOp::create(b, loc, vecType, initBuf,
                                          ValueRange{rows[i], col});
        Value y = fma(scale, acc, in);
        vector::StoreOp::create(b, loc, y, outBuf, ValueRange{rows[i], col});
        continue;
      }
      for (int64_t lane = 0; lane < valid; ++lane) {
        Value c = arith::AddIOp::create(b, loc, col, cIndex(b, loc, lane));
        Value a = vector::ExtractOp::create(b, loc, acc, ArrayRef<int64_t>{lane});
        Value sc =
            vector::ExtractOp::create(b, loc, scale, ArrayRef<int64_t>{lane});
        Value in = memref::LoadOp::create(b, loc, initBuf,
                                          ValueRange{rows[i], c});
        Value y = useFma ? Value(math::FmaOp::create(b, loc, sc, a, in))
                         : Value(arith::AddFOp::create(
                               b, loc, in, arith::MulFOp::create(b, loc, sc, a)));
        memref::StoreOp::create(b, loc, y, outBuf, ValueRange{rows[i], c});
      }
    }
  }
}

void WeightOnlyEmitter::emitRows(Value panel, int64_t columns) {
  int64_t mr = s.mr;
  Value m = memref::DimOp::create(b, loc, outBuf, 0);
  Value rem = arith::RemUIOp::create(b, loc, m, cIndex(b, loc, mr));
  Value full = arith::SubIOp::create(b, loc, m, rem);
  emitLoop(b, loc, cIndex(b, loc, 0), full, mr, /*parallel=*/false,
           [&](Value m0) { emitTile(panel, m0, mr, columns); });
  if (mr == 1)
    return;
  SmallVector<int64_t> cases = llvm::to_vector(llvm::seq<int64_t>(1, mr));
  auto sw = scf::IndexSwitchOp::create(b, loc, TypeRange{}, rem, cases,
                                       cases.size());
  OpBuilder::InsertionGuard guard(b);
  b.createBlock(&sw.getDefaultRegion());
  scf::YieldOp::create(b, loc);
  for (auto [idx, rows] : llvm::enumerate(cases)) {
    b.createBlock(&sw.getCaseRegions()[idx]);
    emitTile(panel, full, rows, columns);
    scf::YieldOp::create(b, loc);
  }
}

void WeightOnlyEmitter::emitBody(func::FuncOp func, ModuleOp module,
                                 StringRef name, unsigned numThreads) {
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  xBuf = entry.getArgument(0);
  initBuf = entry.getArgument(1);
  outBuf = entry.getArgument(2);
  packed = getGlobal(b, loc, createGlobal(b, module, loc,
                                          (name + "_weights").str(), s.packed));
  scales = getGlobal(b, loc, createGlobal(b, module, loc,
                                          (name + "_scales").str(), s.scales));
  if (s.zeroPoints)
    zeroPoints = getGlobal(
        b, loc,
        createGlobal(b, module, loc, (name + "_zero_points").str(),
                     s.zeroPoints));
  if (s.codeTable) {
    SmallVector<float> table;
    for (int64_t i = 0; i < s.lanes; ++i)
      table.push_back(static_cast<float>(i % (int64_t(1) << s.bits)) -
                      s.tableZero);
    codeTable = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, ArrayRef<float>(table)));
    VectorType idxType = VectorType::get({s.lanes}, b.getI32Type());
    permFunc = getPermuteDecl(b, module, loc, vecType, idxType);
  }
  int64_t nr = s.nr(), fullPanels = s.n / nr, rest = s.n % nr;
  if (fullPanels)
    emitLoop(b, loc, cIndex(b, loc, 0), cIndex(b, loc, fullPanels), 1,
             numThreads > 1, [&](Value panel) { emitRows(panel, nr); });
  if (rest)
    emitRows(cIndex(b, loc, fullPanels), rest);
  func::ReturnOp::create(b, loc);
}

func::FuncOp mlir::quantx::detail::emitWeightOnlyKernel(
    OpBuilder &b, ModuleOp module, Location loc, StringRef name,
    const WeightOnlySpec &spec, unsigned numThreads) {
  OpBuilder::InsertionGuard guard(b);
  MLIRContext *ctx = b.getContext();
  Type f32 = Float32Type::get(ctx);
  SmallVector<Type> args{
      MemRefType::get({ShapedType::kDynamic, spec.k}, f32),
      MemRefType::get({ShapedType::kDynamic, spec.n}, f32),
      MemRefType::get({spec.m, spec.n}, f32)};
  auto func = createKernelFunc(b, module, loc, name,
                               FunctionType::get(ctx, args, {}), spec.isa);
  WeightOnlyEmitter emitter(b, loc, spec);
  emitter.emitBody(func, module, func.getSymName(), numThreads);
  return func;
}
