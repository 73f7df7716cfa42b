//===- QuantxToX86.cpp - x86 fast lowering of quantx.codebook_matmul ------===//
//
// quantx.codebook_matmul for small M (GEMV to M = 16) with in-register table
// lookups. Per activation row:
//
//   1. tables T[j][c] = x[j*d .. j*d+d) . centroid c, in f32, 16 centroids
//      per vector FMA, from the centroids transposed to d x TW (TW = 64, 128
//      or 256 entries, zero-padded; folded at compile time when the
//      centroids are constant);
//   2. per group of B blocks, one scale s = max |T| / 127 and the tables
//      rounded to int8 (round half to even);
//   3. per 64 outputs and block j: the 64 byte codes index the block's
//      int8 table held in registers: 1 zmm and vpermb (C <= 64), 2 zmm and
//      vpermi2b (C <= 128), or 4 zmm, two vpermi2b and a blend on the code's
//      top bit (C <= 256); the 64 bytes are sign-extended and summed in
//      int16 over the group (|sum| <= 127 B <= 32767), then converted and
//      added to the f32 result times s.
//
// Everything is emitted on tensors (scf.for with iter_args, vector transfer
// ops, llvm.call_intrinsic for the two shuffles), so that one-shot
// bufferization and the standard conversions to LLVM finish the job.
//
//===----------------------------------------------------------------------===//

#include "quantx/Conversion/QuantxToX86/QuantxToX86.h"

#include "quantx/Conversion/Passes.h"
#include "quantx/Dialect/Quantx/IR/CodebookUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Utils/Utils.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/Support/Debug.h"

#define DEBUG_TYPE "convert-quantx-to-x86"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_CONVERTQUANTXTOX86
#define GEN_PASS_DEF_CONVERTQUANTXBYTELOOKUP
#include "quantx/Conversion/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

namespace {
/// Small builders for the kernel.
struct KernelBuilder {
  OpBuilder &b;
  Location loc;

  Value index(int64_t v) { return arith::ConstantIndexOp::create(b, loc, v); }
  Value add(Value x, Value y) { return arith::AddIOp::create(b, loc, x, y); }
  Value mul(Value x, int64_t c) {
    return c == 1 ? x : arith::MulIOp::create(b, loc, x, index(c)).getResult();
  }
  Value splat(VectorType type, Value scalar) {
    return vector::BroadcastOp::create(b, loc, type, scalar);
  }
  Value zeros(VectorType type) {
    return arith::ConstantOp::create(b, loc, type, b.getZeroAttr(type));
  }
  Value read(VectorType type, Value tensor, ValueRange indices) {
    return vector::TransferReadOp::create(b, loc, type, tensor, indices,
                                          /*padding=*/std::nullopt,
                                          ArrayRef<bool>{true});
  }
  Value write(Value vector, Value tensor, ValueRange indices) {
    return vector::TransferWriteOp::create(b, loc, vector, tensor, indices,
                                           ArrayRef<bool>{true})
        .getResult();
  }
};

/// An scf.for over [lb, ub) with `step` carrying `inits`; `body` returns the
/// values to yield.
static scf::ForOp
buildLoop(OpBuilder &b, Location loc, Value lb, Value ub, Value step,
          ValueRange inits,
          function_ref<SmallVector<Value>(OpBuilder &, Value, ValueRange)>
              body) {
  return scf::ForOp::create(
      b, loc, lb, ub, step, inits,
      [&](OpBuilder &nb, Location nloc, Value iv, ValueRange args) {
        SmallVector<Value> results = body(nb, iv, args);
        scf::YieldOp::create(nb, nloc, results);
      });
}

/// The centroids as an f32 G x d x TW tensor (centroid c in column c, zero
/// columns beyond C): a dense_resource constant when the centroids are
/// constant, otherwise a transposing generic inserted into zeros.
static Value transposedCentroids(OpBuilder &b, Location loc, Value centroids,
                                 int64_t g, int64_t c, int64_t d,
                                 int64_t width) {
  MLIRContext *ctx = b.getContext();
  auto type = RankedTensorType::get({g, d, width}, b.getF32Type());
  if (auto constant = centroids.getDefiningOp<arith::ConstantOp>()) {
    std::vector<float> values;
    if (succeeded(readFloatElements(constant.getValue(), values))) {
      std::vector<float> transposed(size_t(g) * d * width, 0.0f);
      for (int64_t cb = 0; cb < g; ++cb)
        for (int64_t i = 0; i < c; ++i)
          for (int64_t t = 0; t < d; ++t)
            transposed[(cb * d + t) * width + i] = values[(cb * c + i) * d + t];
      auto attr = DenseResourceElementsAttr::get(
          type, "codebook_transposed",
          HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(transposed));
      return arith::ConstantOp::create(b, loc, attr);
    }
  }
  bool shared = cast<RankedTensorType>(centroids.getType()).getRank() == 2;
  auto d0 = getAffineDimExpr(0, ctx), d1 = getAffineDimExpr(1, ctx),
       d2 = getAffineDimExpr(2, ctx);
  AffineMap in = shared ? AffineMap::get(3, 0, {d2, d1}, ctx)
                        : AffineMap::get(3, 0, {d0, d2, d1}, ctx);
  AffineMap out = AffineMap::getMultiDimIdentityMap(3, ctx);
  Value empty =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{g, d, c}, b.getF32Type());
  SmallVector<utils::IteratorType> parallel(3, utils::IteratorType::parallel);
  Value moved =
      linalg::GenericOp::create(
          b, loc, TypeRange{empty.getType()}, ValueRange{centroids},
          ValueRange{empty}, ArrayRef<AffineMap>{in, out}, parallel,
          [](OpBuilder &nb, Location nloc, ValueRange args) {
            Value v = args[0];
            if (!v.getType().isF32())
              v = arith::ExtFOp::create(nb, nloc, nb.getF32Type(), v);
            linalg::YieldOp::create(nb, nloc, v);
          })
          .getResult(0);
  if (c == width)
    return moved;
  Value zero = arith::ConstantOp::create(b, loc, b.getF32Type(),
                                         b.getF32FloatAttr(0));
  Value blank = tensor::EmptyOp::create(b, loc, type.getShape(), b.getF32Type());
  Value full = linalg::FillOp::create(b, loc, zero, blank).getResult(0);
  SmallVector<OpFoldResult> offsets(3, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = {b.getIndexAttr(g), b.getIndexAttr(d),
                                     b.getIndexAttr(c)};
  SmallVector<OpFoldResult> strides(3, b.getIndexAttr(1));
  return tensor::InsertSliceOp::create(b, loc, moved, full, offsets, sizes,
                                       strides);
}

/// Constant codes re-tiled at compile time as (N / 64) x S x 64, so that the
/// 64 codes of consecutive blocks of one output chunk are contiguous (one
/// sequential stream per chunk instead of S strided ones); null when the
/// codes are not a readable constant.
static Value tiledCodes(OpBuilder &b, Location loc, Value codes, int64_t s,
                        int64_t n, int64_t paddedN) {
  auto constant = codes.getDefiningOp<arith::ConstantOp>();
  if (!constant)
    return {};
  ArrayRef<char> data;
  if (auto dense = dyn_cast<DenseElementsAttr>(constant.getValue())) {
    if (dense.isSplat())
      return {};
    data = dense.getRawData();
  } else if (auto resource =
                 dyn_cast<DenseResourceElementsAttr>(constant.getValue())) {
    data = resource.getData();
  }
  if (data.size() != size_t(s * n))
    return {};
  // Columns past N (up to the next multiple of 64) get code 0: their sums
  // are computed and dropped.
  std::vector<int8_t> tiled(size_t(s) * paddedN, 0);
  for (int64_t j = 0; j < s; ++j)
    for (int64_t c = 0; c < n; ++c)
      tiled[((c / 64) * s + j) * 64 + c % 64] = data[j * n + c];
  auto type = RankedTensorType::get({paddedN / 64, s, 64}, b.getI8Type());
  auto attr = DenseResourceElementsAttr::get(
      type, "codebook_codes_tiled",
      HeapAsmResourceBlob::allocateAndCopyInferAlign<int8_t>(tiled));
  return arith::ConstantOp::create(b, loc, attr);
}

struct CodebookMatmulToX86 : OpRewritePattern<CodebookMatmulOp> {
  CodebookMatmulToX86(MLIRContext *ctx, const CodebookX86Options &options)
      : OpRewritePattern(ctx), options(options) {}

  LogicalResult matchAndRewrite(CodebookMatmulOp op,
                                PatternRewriter &rewriter) const override {
    RankedTensorType xType = op.getInput().getType();
    RankedTensorType resultType = op.getResult().getType();
    // Why an op is left for convert-quantx-to-linalg, under
    // -debug-only=convert-quantx-to-x86.
    auto skip = [&](const Twine &why) {
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE ": not lowering " << op.getLoc()
                              << ": " << why << "\n");
      return rewriter.notifyMatchFailure(op, why);
    };
    if (!xType.hasStaticShape())
      return skip("dynamic M");
    int64_t m = xType.getDimSize(0);
    if (m > options.maxRows)
      return skip("M = " + Twine(m) + " is above max-rows = " +
                  Twine(options.maxRows));
    int64_t c = op.getNumCentroids();
    if (c > 256)
      return skip(Twine(c) + " centroids, more than 256");
    // N is processed in chunks of 64 outputs; a ragged N is padded to the
    // next multiple (code 0 in the padding columns) and the result sliced.
    int64_t n = op.getNumColumns();
    int64_t paddedN = (n + 63) / 64 * 64;
    int64_t d = op.getBlockSize(), s = op.getNumBlocks();
    int64_t g = op.getNumCodebooks();
    if (s == 0 || m == 0)
      return skip("empty reduction or no rows");
    int64_t width = c <= 64 ? 64 : c <= 128 ? 128 : 256;
    int64_t groupBlocks = std::min<int64_t>(options.groupBlocks, s);
    int64_t numGroups = (s + groupBlocks - 1) / groupBlocks;
    int64_t blocksPerCodebook = s / g;

    Location loc = op.getLoc();
    KernelBuilder k{rewriter, loc};
    Type f32 = rewriter.getF32Type(), i8 = rewriter.getI8Type();
    auto v16f32 = VectorType::get({16}, f32);
    auto v16i32 = VectorType::get({16}, rewriter.getI32Type());
    auto v16i8 = VectorType::get({16}, i8);
    auto v64i8 = VectorType::get({64}, i8);
    auto v64i16 = VectorType::get({64}, rewriter.getI16Type());
    auto v64f32 = VectorType::get({64}, f32);
    Value x = op.getInput(), codes = op.getCodes();
    Value centroidsT =
        transposedCentroids(rewriter, loc, op.getCentroids(), g, c, d, width);
    Value codesTiled = tiledCodes(rewriter, loc, codes, s, n, paddedN);
    if (!codesTiled && paddedN != n) {
      auto codesType = cast<RankedTensorType>(codes.getType());
      Value zeroCode = arith::ConstantOp::create(
          rewriter, loc, codesType.getElementType(),
          rewriter.getIntegerAttr(codesType.getElementType(), 0));
      codes = tensor::createPadHighOp(codesType.clone({s, paddedN}), codes,
                                      zeroCode, /*nofold=*/false, loc,
                                      rewriter);
    }
    Value c0 = k.index(0), c1 = k.index(1);

    // A group's block count: B, or what is left for the last group.
    auto groupCount = [&](KernelBuilder &kb, Value j0) -> Value {
      if (s % groupBlocks == 0)
        return kb.index(groupBlocks);
      Value left = arith::SubIOp::create(kb.b, loc, kb.index(s), j0);
      return arith::MinSIOp::create(kb.b, loc, left, kb.index(groupBlocks));
    };

    // The output accumulates in f32 over groups of blocks; per group, the
    // int8 tables of every row (M x B x TW, with one scale per row) are
    // built, then every row's 64-output chunks are looked up. Memory:
    // M * B * TW bytes of tables and B * TW floats of scratch, whatever K.
    Value zeroF32 =
        arith::ConstantOp::create(rewriter, loc, f32, rewriter.getF32FloatAttr(0));
    Value accEmpty = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{m, paddedN}, f32);
    Value acc0 =
        linalg::FillOp::create(rewriter, loc, zeroF32, accEmpty).getResult(0);
    // 8-bit tables: one plane of signed bytes. 16-bit tables: the high
    // (signed) and low (unsigned) bytes of each entry as two planes, looked
    // up with the same codes and recombined as 256 * high + low.
    int64_t planes = options.tableBits == 16 ? 2 : 1;
    double qmax = planes == 2 ? 32767 : 127;
    Value tables0 = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{m, planes, groupBlocks, width}, i8);
    Value scales0 =
        tensor::EmptyOp::create(rewriter, loc, ArrayRef<int64_t>{m}, f32);
    Value scratch0 = tensor::EmptyOp::create(
        rewriter, loc, ArrayRef<int64_t>{groupBlocks, width}, f32);
    int64_t registers = width / 64;

    // Tables of `row` for the blocks [j0, j0 + count): f32 into the scratch
    // with max |T| (pass 1), then rounded to int8 (pass 2).
    auto buildTables = [&](OpBuilder &b, Value row, Value j0, Value count,
                           ValueRange state) -> SmallVector<Value> {
      KernelBuilder kb{b, loc};
      scf::ForOp pass1 = buildLoop(
          b, loc, kb.index(0), count, kb.index(1),
          ValueRange{state[2], kb.zeros(v16i32)},
          [&](OpBuilder &b, Value jj, ValueRange blockArgs) {
            KernelBuilder kb{b, loc};
            Value j = kb.add(j0, jj);
            Value book = g > 1 ? arith::DivUIOp::create(
                                     b, loc, j, kb.index(blocksPerCodebook))
                                     .getResult()
                               : kb.index(0);
            Value kBase = kb.mul(j, d);
            SmallVector<Value> xs;
            for (int64_t t = 0; t < d; ++t) {
              Value v = tensor::ExtractOp::create(
                  b, loc, x, ValueRange{row, kb.add(kBase, kb.index(t))});
              if (!v.getType().isF32())
                v = arith::ExtFOp::create(b, loc, f32, v);
              xs.push_back(kb.splat(v16f32, v));
            }
            scf::ForOp columns = buildLoop(
                b, loc, kb.index(0), kb.index(width), kb.index(16), blockArgs,
                [&](OpBuilder &b, Value col, ValueRange colArgs) {
                  KernelBuilder kb{b, loc};
                  Value acc;
                  for (int64_t t = 0; t < d; ++t) {
                    Value cv = kb.read(v16f32, centroidsT,
                                       ValueRange{book, kb.index(t), col});
                    acc = t == 0
                              ? arith::MulFOp::create(b, loc, xs[t], cv)
                                    .getResult()
                              : math::FmaOp::create(b, loc, xs[t], cv, acc)
                                    .getResult();
                  }
                  Value scratch = kb.write(acc, colArgs[0], ValueRange{jj, col});
                  // max |T| as integers: the bit patterns of non-negative
                  // floats order like the floats (one vpmaxsd, where
                  // maximumf needs NaN fix-ups).
                  Value mag = math::AbsFOp::create(b, loc, acc);
                  Value bits = arith::BitcastOp::create(b, loc, v16i32, mag);
                  Value vmax = arith::MaxSIOp::create(b, loc, colArgs[1], bits);
                  return SmallVector<Value>{scratch, vmax};
                });
            return SmallVector<Value>(columns.getResults());
          });
      Value scratch = pass1.getResult(0);
      Value amaxBits = vector::ReductionOp::create(
          b, loc, vector::CombiningKind::MAXSI, pass1.getResult(1));
      Value amax = arith::BitcastOp::create(b, loc, f32, amaxBits);
      auto f32Const = [&](double v) -> Value {
        return arith::ConstantOp::create(b, loc, f32, b.getF32FloatAttr(v));
      };
      Value scale = arith::DivFOp::create(b, loc, amax, f32Const(qmax));
      Value positive = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                             amax, f32Const(0));
      Value inverse = arith::SelectOp::create(
          b, loc, positive, arith::DivFOp::create(b, loc, f32Const(qmax), amax),
          f32Const(0));
      Value scales =
          tensor::InsertOp::create(b, loc, scale, state[1], ValueRange{row});
      Value inverseV = kb.splat(v16f32, inverse);
      scf::ForOp pass2 = buildLoop(
          b, loc, kb.index(0), count, kb.index(1), ValueRange{state[0]},
          [&](OpBuilder &b, Value jj, ValueRange blockArgs) {
            KernelBuilder kb{b, loc};
            scf::ForOp columns = buildLoop(
                b, loc, kb.index(0), kb.index(width), kb.index(16), blockArgs,
                [&](OpBuilder &b, Value col, ValueRange colArgs) {
                  KernelBuilder kb{b, loc};
                  Value v = kb.read(v16f32, scratch, ValueRange{jj, col});
                  Value scaled = arith::MulFOp::create(b, loc, v, inverseV);
                  Value rounded = math::RoundEvenOp::create(b, loc, scaled);
                  Value wide = arith::FPToSIOp::create(b, loc, v16i32, rounded);
                  if (planes == 1) {
                    Value narrow = arith::TruncIOp::create(b, loc, v16i8, wide);
                    return SmallVector<Value>{kb.write(
                        narrow, colArgs[0],
                        ValueRange{row, kb.index(0), jj, col})};
                  }
                  Value eight = arith::ConstantOp::create(
                      b, loc, v16i32, DenseElementsAttr::get(
                                          v16i32, b.getI32IntegerAttr(8)));
                  Value mask = arith::ConstantOp::create(
                      b, loc, v16i32, DenseElementsAttr::get(
                                          v16i32, b.getI32IntegerAttr(255)));
                  Value high = arith::TruncIOp::create(
                      b, loc, v16i8, arith::ShRSIOp::create(b, loc, wide, eight));
                  Value low = arith::TruncIOp::create(
                      b, loc, v16i8, arith::AndIOp::create(b, loc, wide, mask));
                  Value t = kb.write(high, colArgs[0],
                                     ValueRange{row, kb.index(0), jj, col});
                  return SmallVector<Value>{
                      kb.write(low, t, ValueRange{row, kb.index(1), jj, col})};
                });
            return SmallVector<Value>(columns.getResults());
          });
      return {pass2.getResult(0), scales, scratch};
    };

    // Lookups of `row` for the blocks [j0, j0 + count), added to acc.
    auto buildLookups = [&](OpBuilder &b, Value row, Value j0, Value count,
                            Value tables, Value scales,
                            Value acc) -> Value {
      KernelBuilder kb{b, loc};
      Value scale = kb.splat(
          v64f32, tensor::ExtractOp::create(b, loc, scales, ValueRange{row}));
      scf::ForOp chunks = buildLoop(
          b, loc, kb.index(0), kb.index(paddedN), kb.index(64), ValueRange{acc},
          [&](OpBuilder &b, Value n0, ValueRange chunkArgs) {
            KernelBuilder kb{b, loc};
            SmallVector<Value> zeros(planes, kb.zeros(v64i16));
            scf::ForOp blocks = buildLoop(
                b, loc, kb.index(0), count, kb.index(1), zeros,
                [&](OpBuilder &b, Value jj, ValueRange blockArgs) {
                  KernelBuilder kb{b, loc};
                  Value j = kb.add(j0, jj);
                  Value idx =
                      codesTiled
                          ? kb.read(v64i8, codesTiled,
                                    ValueRange{arith::DivUIOp::create(
                                                   b, loc, n0, kb.index(64)),
                                               j, kb.index(0)})
                          : kb.read(v64i8, codes, ValueRange{j, n0});
                  SmallVector<Value> sums;
                  for (int64_t p = 0; p < planes; ++p) {
                    SmallVector<Value> table;
                    for (int64_t r = 0; r < registers; ++r)
                      table.push_back(kb.read(
                          v64i8, tables,
                          ValueRange{row, kb.index(p), jj, kb.index(64 * r)}));
                    Value v = ByteLookupOp::create(b, loc, v64i8, idx, table);
                    // Low bytes are unsigned.
                    Value wide =
                        p == 0 ? arith::ExtSIOp::create(b, loc, v64i16, v)
                                     .getResult()
                               : arith::ExtUIOp::create(b, loc, v64i16, v)
                                     .getResult();
                    sums.push_back(
                        arith::AddIOp::create(b, loc, blockArgs[p], wide));
                  }
                  return sums;
                });
            Value sums =
                arith::SIToFPOp::create(b, loc, v64f32, blocks.getResult(0));
            if (planes == 2) {
              Value low =
                  arith::SIToFPOp::create(b, loc, v64f32, blocks.getResult(1));
              Value radix = kb.splat(
                  v64f32, arith::ConstantOp::create(b, loc, f32,
                                                    b.getF32FloatAttr(256)));
              sums = math::FmaOp::create(b, loc, sums, radix, low);
            }
            Value old = kb.read(v64f32, chunkArgs[0], ValueRange{row, n0});
            Value updated = math::FmaOp::create(b, loc, sums, scale, old);
            return SmallVector<Value>{
                kb.write(updated, chunkArgs[0], ValueRange{row, n0})};
          });
      return chunks.getResult(0);
    };

    scf::ForOp groupLoop = buildLoop(
        rewriter, loc, c0, k.index(numGroups), c1,
        ValueRange{tables0, scales0, scratch0, acc0},
        [&](OpBuilder &b, Value group, ValueRange args) {
          KernelBuilder kb{b, loc};
          Value j0 = kb.mul(group, groupBlocks);
          Value count = groupCount(kb, j0);
          scf::ForOp tableRows = buildLoop(
              b, loc, kb.index(0), kb.index(m), kb.index(1),
              args.take_front(3), [&](OpBuilder &b, Value row, ValueRange st) {
                return buildTables(b, row, j0, count, st);
              });
          Value tables = tableRows.getResult(0), scales = tableRows.getResult(1);
          scf::ForOp lookupRows = buildLoop(
              b, loc, kb.index(0), kb.index(m), kb.index(1),
              ValueRange{args[3]}, [&](OpBuilder &b, Value row, ValueRange st) {
                return SmallVector<Value>{
                    buildLookups(b, row, j0, count, tables, scales, st[0])};
              });
          return SmallVector<Value>{tables, scales, tableRows.getResult(2),
                                    lookupRows.getResult(0)};
        });
    Value result = groupLoop.getResult(3);

    // A narrower result type: one conversion at the end.
    Type resultElement = resultType.getElementType();
    if (resultElement != f32) {
      Value out0 = tensor::EmptyOp::create(
          rewriter, loc, ArrayRef<int64_t>{m, paddedN}, resultElement);
      auto narrowType = VectorType::get({64}, resultElement);
      scf::ForOp rows = buildLoop(
          rewriter, loc, c0, k.index(m), c1, ValueRange{out0},
          [&](OpBuilder &b, Value row, ValueRange rowArgs) {
            KernelBuilder kb{b, loc};
            scf::ForOp chunks = buildLoop(
                b, loc, kb.index(0), kb.index(paddedN), kb.index(64), rowArgs,
                [&](OpBuilder &b, Value n0, ValueRange chunkArgs) {
                  KernelBuilder kb{b, loc};
                  Value v = kb.read(v64f32, result, ValueRange{row, n0});
                  Value narrow = arith::TruncFOp::create(b, loc, narrowType, v);
                  return SmallVector<Value>{
                      kb.write(narrow, chunkArgs[0], ValueRange{row, n0})};
                });
            return SmallVector<Value>(chunks.getResults());
          });
      result = rows.getResult(0);
    }
    if (paddedN != n)
      result = tensor::ExtractSliceOp::create(
          rewriter, loc, result,
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                                 rewriter.getIndexAttr(0)},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(m),
                                 rewriter.getIndexAttr(n)},
          ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                                 rewriter.getIndexAttr(1)});
    rewriter.replaceOp(op, result);
    return success();
  }

  CodebookX86Options options;
};

//===----------------------------------------------------------------------===//
// quantx.byte_lookup
//===----------------------------------------------------------------------===//

/// vpermb / vpermi2b (AVX-512 VBMI) as LLVM intrinsic calls.
struct ByteLookupToX86 : OpRewritePattern<ByteLookupOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ByteLookupOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Type type = op.getType();
    Value idx = op.getIndices();
    ValueRange table = op.getTable();
    auto call = [&](StringRef name, ValueRange args) -> Value {
      return LLVM::CallIntrinsicOp::create(rewriter, loc, type,
                                           rewriter.getStringAttr(name), args)
          .getResult(0);
    };
    Value result;
    if (table.size() == 1) {
      // Bits 0-5 of each index select one of 64 bytes.
      result = call("llvm.x86.avx512.permvar.qi.512", {table[0], idx});
    } else {
      // Bits 0-6 select one of 128 bytes of (a, b).
      result = call("llvm.x86.avx512.vpermi2var.qi.512",
                    {table[0], idx, table[1]});
      if (table.size() == 4) {
        // Bit 7 picks the upper half: a signed compare with 0.
        Value upper = call("llvm.x86.avx512.vpermi2var.qi.512",
                           {table[2], idx, table[3]});
        Value zero = arith::ConstantOp::create(
            rewriter, loc, type, rewriter.getZeroAttr(type));
        Value top = arith::CmpIOp::create(rewriter, loc,
                                          arith::CmpIPredicate::slt, idx, zero);
        result = arith::SelectOp::create(rewriter, loc, top, upper, result);
      }
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// Any target: one element at a time (64 extracts of the index, a select
/// of the table vector, a dynamic extract and an insert).
struct ByteLookupPortable : OpRewritePattern<ByteLookupOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ByteLookupOp op,
                                PatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    KernelBuilder k{rewriter, loc};
    ValueRange table = op.getTable();
    int64_t n = table.size();
    Type indexType = rewriter.getIndexType();
    Value result = k.zeros(cast<VectorType>(op.getType()));
    for (int64_t i = 0; i < 64; ++i) {
      Value code = vector::ExtractOp::create(rewriter, loc, op.getIndices(),
                                             ArrayRef<int64_t>{i});
      Value wide = arith::ExtUIOp::create(rewriter, loc,
                                          rewriter.getI32Type(), code);
      Value position =
          arith::IndexCastUIOp::create(rewriter, loc, indexType, wide);
      Value entry = arith::RemUIOp::create(rewriter, loc, position,
                                           k.index(64 * n));
      Value which = arith::DivUIOp::create(rewriter, loc, entry, k.index(64));
      Value lane = arith::RemUIOp::create(rewriter, loc, entry, k.index(64));
      Value vec = table[0];
      for (int64_t r = 1; r < n; ++r) {
        Value is = arith::CmpIOp::create(rewriter, loc,
                                         arith::CmpIPredicate::eq, which,
                                         k.index(r));
        vec = arith::SelectOp::create(rewriter, loc, is, table[r], vec);
      }
      Value byte = vector::ExtractOp::create(rewriter, loc, vec,
                                             ArrayRef<OpFoldResult>{lane});
      result = vector::InsertOp::create(rewriter, loc, byte, result,
                                        ArrayRef<int64_t>{i});
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

struct ConvertQuantxByteLookupPass
    : quantx::impl::ConvertQuantxByteLookupBase<ConvertQuantxByteLookupPass> {
  using Base::Base;

  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    if (x86Vbmi)
      populateQuantxByteLookupToX86Patterns(patterns);
    else
      populateQuantxByteLookupPortablePatterns(patterns);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

struct ConvertQuantxToX86Pass
    : quantx::impl::ConvertQuantxToX86Base<ConvertQuantxToX86Pass> {
  using Base::Base;

  void runOnOperation() override {
    if (tableBits != 8 && tableBits != 16) {
      getOperation()->emitError()
          << "convert-quantx-to-x86: table-bits must be 8 or 16, got "
          << int64_t(tableBits);
      return signalPassFailure();
    }
    int64_t maxGroup = tableBits == 8 ? 258 : 128;
    if (groupBlocks < 1 || groupBlocks > maxGroup) {
      getOperation()->emitError()
          << "convert-quantx-to-x86: group-blocks must be in [1, " << maxGroup
          << "] for " << int64_t(tableBits)
          << "-bit tables (the int16 sums of a group must not overflow), got "
          << int64_t(groupBlocks);
      return signalPassFailure();
    }
    CodebookX86Options options;
    options.maxRows = maxRows;
    options.groupBlocks = groupBlocks;
    options.tableBits = tableBits;
    RewritePatternSet patterns(&getContext());
    populateQuantxToX86CodebookPatterns(patterns, options);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

void mlir::quantx::populateQuantxToX86CodebookPatterns(
    RewritePatternSet &patterns, const CodebookX86Options &options) {
  patterns.add<CodebookMatmulToX86>(patterns.getContext(), options);
}

void mlir::quantx::populateQuantxByteLookupToX86Patterns(
    RewritePatternSet &patterns) {
  patterns.add<ByteLookupToX86>(patterns.getContext());
}

void mlir::quantx::populateQuantxByteLookupPortablePatterns(
    RewritePatternSet &patterns) {
  patterns.add<ByteLookupPortable>(patterns.getContext());
}
