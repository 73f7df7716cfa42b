//===- CodebookKernels.cpp - the codebook matmul as a GPU kernel ----------===//
//
// kill-the-bits' fast path on the GPU: the dot products of each activation
// block with every centroid are built once per row into shared memory, and
// every output adds up the entries its byte codes pick. The weight matrix is
// never rebuilt, in registers or in memory; the only global traffic besides
// the activations and the centroids (both small and cached) is one code per
// weight block, read once, and one store per output.
//
// The summation order is the reference lowering's (tables from t = 0 up,
// outputs from j = 0 up, f32), so the results differ from the CPU's only by
// the NVPTX back end contracting multiply-adds into fma.
//
//===----------------------------------------------------------------------===//

#include "CodebookKernels.h"

#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

#include "llvm/ADT/Twine.h"

using namespace mlir;
using namespace mlir::quantx;

/// f32 entries of the tables one thread block holds (32 KiB): at most
/// 48 KiB of static shared memory exist per block, and a smaller table
/// leaves room for two blocks per SM.
static constexpr int64_t kTableEntries = 8192;
static constexpr int64_t kThreads = 128;
static constexpr int64_t kColumnsPerThread = 2;

int64_t mlir::quantx::codebookTableBlocks(int64_t numCentroids,
                                          int64_t numBlocks) {
  if (numCentroids <= 0 || numCentroids > kTableEntries || numBlocks <= 0)
    return 0;
  return std::min(numBlocks, kTableEntries / numCentroids);
}

std::string mlir::quantx::whyNotCodebookKernel(CodebookMatmulOp op) {
  if (codebookTableBlocks(op.getNumCentroids(), op.getNumBlocks()) == 0)
    return (llvm::Twine("the table of ") + llvm::Twine(op.getNumCentroids()) +
            " centroids does not fit in shared memory (at most " +
            llvm::Twine(kTableEntries) + ")")
        .str();
  return "";
}

/// Loads `memref[indices]` as f32.
static Value loadF32(ImplicitLocOpBuilder &b, Value memref,
                     ValueRange indices) {
  Value v = memref::LoadOp::create(b, memref, indices);
  if (v.getType().isF32())
    return v;
  return arith::ExtFOp::create(b, b.getF32Type(), v);
}

/// scf.for from `lb` to `ub` by `step` whose body `body(iv, iterArgs)`
/// returns the next iteration values.
static scf::ForOp
buildLoop(ImplicitLocOpBuilder &b, Value lb, Value ub, Value step,
          ValueRange init,
          function_ref<SmallVector<Value>(ImplicitLocOpBuilder &, Value,
                                          ValueRange)>
              body) {
  return scf::ForOp::create(
      b, lb, ub, step, init,
      [&](OpBuilder &nested, Location loc, Value iv, ValueRange args) {
        ImplicitLocOpBuilder ib(loc, nested);
        scf::YieldOp::create(ib, body(ib, iv, args));
      });
}

GemmKernel mlir::quantx::buildCodebookMatmulKernel(OpBuilder &builder,
                                                   Location loc,
                                                   gpu::GPUModuleOp module,
                                                   StringRef name,
                                                   const CodebookSpec &spec) {
  ImplicitLocOpBuilder b(loc, builder);
  MLIRContext *ctx = b.getContext();
  using arith::CmpIPredicate;
  const int64_t numCodebooks = spec.centroidsType.getDimSize(0);
  const int64_t numCentroids = spec.centroidsType.getDimSize(1);
  const int64_t blockSize = spec.centroidsType.getDimSize(2);
  const int64_t numBlocks = spec.codesType.getDimSize(0);
  const int64_t chunk = codebookTableBlocks(numCentroids, numBlocks);
  assert(chunk > 0 && "checked by whyNotCodebookKernel");
  Type f32 = b.getF32Type(), index = b.getIndexType();

  auto workgroup = gpu::AddressSpaceAttr::get(ctx, gpu::AddressSpace::Workgroup);
  auto tableType = MemRefType::get({chunk * numCentroids}, f32,
                                   MemRefLayoutAttrInterface{}, workgroup);
  auto type = FunctionType::get(
      ctx,
      {spec.xType, spec.centroidsType, spec.codesType, spec.outType, index,
       index},
      {});
  gpu::GPUFuncOp func;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(module.getBody());
    func = gpu::GPUFuncOp::create(b, name, type, TypeRange{tableType});
    SymbolTable(module).insert(func);
  }
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  func.setKnownBlockSizeAttr(
      b.getDenseI32ArrayAttr({static_cast<int32_t>(kThreads), 1, 1}));
  b.setInsertionPointToStart(&func.getBody().front());
  auto ret = gpu::ReturnOp::create(b);
  b.setInsertionPoint(ret);

  ValueRange args = func.getArguments();
  Value x = args[CodebookArg::X], centroids = args[CodebookArg::Centroids];
  Value codes = args[CodebookArg::Codes], out = args[CodebookArg::Output];
  Value numColumns = args[CodebookArg::Columns];
  Value table = func.getWorkgroupAttributions()[0];

  Value tid = gpu::ThreadIdOp::create(b, gpu::Dimension::x);
  Value row = gpu::BlockIdOp::create(b, gpu::Dimension::y);
  Value firstColumn = arith::MulIOp::create(
      b, gpu::BlockIdOp::create(b, gpu::Dimension::x),
      cIdx(b, kThreads * kColumnsPerThread));
  SmallVector<Value> columns, inRange;
  for (int64_t p = 0; p < kColumnsPerThread; ++p) {
    Value col = arith::AddIOp::create(
        b, firstColumn, arith::AddIOp::create(b, tid, cIdx(b, p * kThreads)));
    columns.push_back(col);
    inRange.push_back(
        arith::CmpIOp::create(b, CmpIPredicate::ult, col, numColumns));
  }
  Value zero = arith::ConstantOp::create(b, b.getF32FloatAttr(0.0f));
  SmallVector<Value> init(kColumnsPerThread, zero);
  Value c0 = cIdx(b, 0), c1 = cIdx(b, 1);
  Value cNumBlocks = cIdx(b, numBlocks), cC = cIdx(b, numCentroids);
  Value cD = cIdx(b, blockSize);

  scf::ForOp chunks = buildLoop(
      b, c0, cNumBlocks, cIdx(b, chunk), init,
      [&](ImplicitLocOpBuilder &lb, Value j0,
          ValueRange accs) -> SmallVector<Value> {
        // 1. The chunk's tables: entry e = jj * C + c, strided over threads.
        buildLoop(lb, tid, cIdx(lb, chunk * numCentroids), cIdx(lb, kThreads),
                  {},
                  [&](ImplicitLocOpBuilder &eb, Value e,
                      ValueRange) -> SmallVector<Value> {
                    Value jj = arith::DivUIOp::create(eb, e, cC);
                    Value c = arith::RemUIOp::create(eb, e, cC);
                    Value j = arith::AddIOp::create(eb, j0, jj);
                    auto inside = scf::IfOp::create(
                        eb, arith::CmpIOp::create(eb, CmpIPredicate::ult, j,
                                                  cNumBlocks),
                        /*withElseRegion=*/false);
                    OpBuilder::InsertionGuard guard(eb);
                    eb.setInsertionPoint(inside.thenBlock()->getTerminator());
                    Value g = numCodebooks == 1
                                  ? c0
                                  : arith::DivUIOp::create(
                                        eb, j,
                                        cIdx(eb, numBlocks / numCodebooks))
                                        .getResult();
                    Value base = arith::MulIOp::create(eb, j, cD);
                    scf::ForOp dot = buildLoop(
                        eb, c0, cD, c1, {zero},
                        [&](ImplicitLocOpBuilder &tb, Value t,
                            ValueRange sum) -> SmallVector<Value> {
                          Value xv = loadF32(
                              tb, x,
                              {row, arith::AddIOp::create(tb, base, t)});
                          Value cv = loadF32(tb, centroids, {g, c, t});
                          Value prod = arith::MulFOp::create(tb, xv, cv);
                          return {arith::AddFOp::create(tb, sum[0], prod)};
                        });
                    memref::StoreOp::create(eb, dot.getResult(0), table,
                                            ValueRange{e});
                    return {};
                  });
        gpu::BarrierOp::create(lb);

        // 2. Each thread's columns: one lookup per block of the chunk.
        Value remaining = arith::SubIOp::create(lb, cNumBlocks, j0);
        Value count =
            arith::MinUIOp::create(lb, remaining, cIdx(lb, chunk));
        SmallVector<Value> next;
        for (int64_t p = 0; p < kColumnsPerThread; ++p) {
          auto ifOp = scf::IfOp::create(lb, TypeRange{f32}, inRange[p],
                                        /*withElseRegion=*/true);
          {
            OpBuilder::InsertionGuard guard(lb);
            lb.setInsertionPointToStart(ifOp.thenBlock());
            scf::ForOp sum = buildLoop(
                lb, c0, count, c1, {accs[p]},
                [&](ImplicitLocOpBuilder &sb, Value jj,
                    ValueRange acc) -> SmallVector<Value> {
                  Value code = memref::LoadOp::create(
                      sb, codes,
                      ValueRange{arith::AddIOp::create(sb, j0, jj),
                                 columns[p]});
                  Value c = arith::IndexCastUIOp::create(sb, index, code);
                  Value entry = arith::AddIOp::create(
                      sb, arith::MulIOp::create(sb, jj, cC), c);
                  Value v = memref::LoadOp::create(sb, table, entry);
                  return {arith::AddFOp::create(sb, acc[0], v)};
                });
            scf::YieldOp::create(lb, sum.getResult(0));
            lb.setInsertionPointToStart(ifOp.elseBlock());
            scf::YieldOp::create(lb, accs[p]);
          }
          next.push_back(ifOp.getResult(0));
        }
        // The next chunk overwrites the tables.
        gpu::BarrierOp::create(lb);
        return next;
      });

  Type outElement = spec.outType.getElementType();
  for (int64_t p = 0; p < kColumnsPerThread; ++p) {
    auto store = scf::IfOp::create(b, inRange[p], /*withElseRegion=*/false);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPoint(store.thenBlock()->getTerminator());
    Value v = chunks.getResult(p);
    if (outElement != f32)
      v = arith::TruncFOp::create(b, outElement, v);
    memref::StoreOp::create(b, v, out, ValueRange{row, columns[p]});
  }
  return {func, kThreads, kThreads * kColumnsPerThread, 1};
}
