//===- CodebookQuantize.cpp - quantx-codebook-quantize --------------------===//
//
// k-means product quantization of constant layer weights (kill-the-bits):
// each constant weight becomes quantx.codebook_dequantize of two
// dense_resource constants, the centroids and the block-major indices.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Transforms/Codebook.h"

#include "quantx/Dialect/Quantx/IR/CodebookUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"
#include "quantx/Dialect/Quantx/Utils/KMeans.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/ToolOutputFile.h"

#include <chrono>
#include <cmath>

#define DEBUG_TYPE "quantx-codebook-quantize"

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXCODEBOOKQUANTIZE
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Reading float data out of attributes
//===----------------------------------------------------------------------===//

/// `value` rounded to f16 and back (what an f16 centroid holds).
static float roundToHalf(float value, uint16_t *bits = nullptr) {
  APFloat f(value);
  bool lost;
  f.convert(APFloat::IEEEhalf(), APFloat::rmNearestTiesToEven, &lost);
  if (bits)
    *bits = static_cast<uint16_t>(f.bitcastToAPInt().getZExtValue());
  f.convert(APFloat::IEEEsingle(), APFloat::rmNearestTiesToEven, &lost);
  return f.convertToFloat();
}

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

namespace {
/// A layer whose weight operand is a float constant.
struct Layer {
  Operation *op;
  arith::ConstantOp weight;
  std::string name;
  bool isConv = false;
  bool isFirstConv = false;
  /// The weight dimensions that form K, in flattening order.
  SmallVector<int64_t> reductionDims;
  /// The kernel size KH * KW of a convolution (1 for a matmul).
  int64_t kernelSize = 1;
};
} // namespace

/// The name of a location (`loc("conv1")`), looking through fused and
/// call-site locations; empty when there is none.
static std::string getLocationName(Location loc) {
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (std::string name = getLocationName(inner); !name.empty())
        return name;
  if (auto callSite = dyn_cast<CallSiteLoc>(loc))
    return getLocationName(callSite.getCallee());
  return "";
}

/// Collects the layers under `root` in walk order, `index` counting every
/// matmul and convolution (named `layer<i>` when their location has no
/// name).
static SmallVector<Layer> collectLayers(Operation *root) {
  SmallVector<Layer> layers;
  llvm::DenseSet<Operation *> functionsWithConv;
  unsigned index = 0;
  root->walk<WalkOrder::PreOrder>([&](Operation *op) {
    Value weight;
    Layer layer;
    if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
      weight = matmul.getDpsInputOperand(1)->get();
      layer.reductionDims = {0};
      if (matmul.hasUserDefinedMaps()) {
        LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": skipping " << *op
                                << ": not the default matmul maps\n");
        weight = {};
      }
    } else if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
      weight = conv.getDpsInputOperand(1)->get();
      layer.isConv = true;
      layer.reductionDims = {1, 2, 3};
    } else if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op)) {
      weight = conv.getDpsInputOperand(1)->get();
      layer.isConv = true;
      layer.reductionDims = {2, 0, 1};
    } else {
      return;
    }
    layer.op = op;
    layer.name = getLocationName(op->getLoc());
    if (layer.name.empty())
      layer.name = "layer" + std::to_string(index);
    ++index;
    if (layer.isConv) {
      Operation *func = op->getParentOfType<FunctionOpInterface>();
      layer.isFirstConv = functionsWithConv.insert(func).second;
      auto shape = cast<ShapedType>(weight.getType()).getShape();
      layer.kernelSize = shape[layer.reductionDims[1]] *
                         shape[layer.reductionDims[2]];
    }
    if (!weight)
      return;
    auto constant = weight.getDefiningOp<arith::ConstantOp>();
    if (!constant || !isa<RankedTensorType>(constant.getType()) ||
        !isa<FloatType>(getElementTypeOrSelf(constant.getType()))) {
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": skipping " << layer.name
                              << ": the weight is not a float constant\n");
      return;
    }
    layer.weight = constant;
    layers.push_back(std::move(layer));
  });
  return layers;
}

//===----------------------------------------------------------------------===//
// Quantization of one layer
//===----------------------------------------------------------------------===//

namespace {
/// Wall-clock progress of the whole pass, printed once it is slow.
class Progress {
public:
  explicit Progress(bool enabled) : enabled(enabled) {}

  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  }
  /// Prints `message` when enabled and past 3 s (at most every 0.5 s
  /// unless `force`).
  void print(const llvm::Twine &message, bool force = false) {
    if (!enabled)
      return;
    double now = elapsed();
    if (now < 3.0 || (!force && now - lastPrint < 0.5))
      return;
    lastPrint = now;
    llvm::errs() << "quantx-codebook-quantize: [" << llvm::format("%.1f", now)
                 << " s] " << message << "\n";
  }

private:
  bool enabled;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
  double lastPrint = -1;
};

/// The K x N view of a weight: element (k, n) is at offset kOffset[k] +
/// nOffset[n] of the row-major data.
struct MatrixView {
  std::vector<int64_t> kOffset, nOffset;

  MatrixView(ArrayRef<int64_t> shape, ArrayRef<int64_t> reductionDims) {
    SmallVector<int64_t> strides(shape.size(), 1);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
      strides[d] = strides[d + 1] * shape[d + 1];
    SmallVector<int64_t> columnDims;
    for (int64_t d = 0, e = shape.size(); d < e; ++d)
      if (!llvm::is_contained(reductionDims, d))
        columnDims.push_back(d);
    kOffset = offsets(shape, strides, reductionDims);
    nOffset = offsets(shape, strides, columnDims);
  }

  /// Offsets of the row-major flattening of `dims` (in that order).
  static std::vector<int64_t> offsets(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> strides,
                                      ArrayRef<int64_t> dims) {
    int64_t count = 1;
    for (int64_t d : dims)
      count *= shape[d];
    std::vector<int64_t> result(count);
    SmallVector<int64_t> index(dims.size(), 0);
    for (int64_t i = 0; i < count; ++i) {
      int64_t offset = 0;
      for (size_t p = 0; p < dims.size(); ++p)
        offset += index[p] * strides[dims[p]];
      result[i] = offset;
      for (size_t p = dims.size(); p-- > 0;) {
        if (++index[p] < shape[dims[p]])
          break;
        index[p] = 0;
      }
    }
    return result;
  }
};
} // namespace

/// The largest power of two not above `n`, or 0.
static int64_t powerOfTwoFloor(int64_t n) {
  int64_t p = 1;
  if (n < 1)
    return 0;
  while (p * 2 <= n)
    p *= 2;
  return p;
}

/// Reads the Gram matrices of `layer` when it has them: S x d x d floats.
/// Fails with a diagnostic when the attribute does not fit.
static LogicalResult readGrams(const Layer &layer, int64_t numBlocks,
                               int64_t blockSize, std::vector<float> &grams) {
  Attribute attr = layer.op->getAttr(kInputGramAttrName);
  if (!attr)
    return success();
  auto typed = dyn_cast<TypedAttr>(attr);
  if (typed && isa<NoneType>(typed.getType()))
    typed = {}; // A string, say.
  auto type = typed ? dyn_cast<RankedTensorType>(typed.getType()) : nullptr;
  SmallVector<int64_t> expected = {numBlocks, blockSize, blockSize};
  if (!type || !type.getElementType().isF32() ||
      type.getShape() != ArrayRef<int64_t>(expected)) {
    InFlightDiagnostic diag = layer.op->emitOpError()
                              << "'" << kInputGramAttrName
                              << "' must be an f32 tensor of shape [S, d, d] "
                              << "= [" << numBlocks << ", " << blockSize
                              << ", " << blockSize << "] for this weight, got ";
    if (typed)
      diag << typed.getType();
    else
      diag << attr;
    return diag;
  }
  if (failed(readFloatElements(attr, grams)))
    return layer.op->emitOpError()
           << "'" << kInputGramAttrName
           << "' holds no data (an elided resource?)";
  return success();
}

/// Why `layer` is left alone, or an empty string.
static std::string skipReason(const Layer &layer,
                              const CodebookQuantizeOptions &options,
                              int64_t k, int64_t numWeights,
                              int64_t blockSize) {
  if (options.skipFirstConv && layer.isFirstConv)
    return "first convolution";
  if (llvm::is_contained(options.skip, layer.name))
    return "in the skip list";
  if (numWeights < options.minSize)
    return llvm::formatv("fewer than min-size = {0} weights", options.minSize)
        .str();
  if (k % blockSize != 0)
    return llvm::formatv("K = {0} is not a multiple of d = {1}", k, blockSize)
        .str();
  return "";
}

namespace {
/// Quantizes the layers of one module, in order.
class CodebookQuantizer {
public:
  CodebookQuantizer(Operation *root, const CodebookQuantizeOptions &options)
      : root(root), options(options), progress(options.progress) {
    MLIRContext *ctx = root->getContext();
    if (ctx->isMultithreadingEnabled())
      threadPool = &ctx->getThreadPool();
  }

  LogicalResult run(SmallVectorImpl<CodebookLayerReport> *report);

private:
  /// Quantizes `layer`, filling `row`; leaves `row.skipped` set when it
  /// does not.
  LogicalResult quantize(const Layer &layer, unsigned position,
                         unsigned total, CodebookLayerReport &row);

  Operation *root;
  const CodebookQuantizeOptions &options;
  Progress progress;
  llvm::ThreadPoolInterface *threadPool = nullptr;
};
} // namespace

LogicalResult
CodebookQuantizer::run(SmallVectorImpl<CodebookLayerReport> *report) {
  SmallVector<Layer> layers = collectLayers(root);
  llvm::DenseSet<Operation *> done;
  for (auto [position, layer] : llvm::enumerate(layers)) {
    // A constant shared by several layers is quantized once, for the first.
    if (!done.insert(layer.weight).second) {
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": " << layer.name
                              << ": weight already quantized for an earlier "
                                 "layer\n");
      continue;
    }
    CodebookLayerReport row;
    if (failed(quantize(layer, position, layers.size(), row)))
      return failure();
    if (!row.skipped.empty())
      LLVM_DEBUG(llvm::dbgs() << DEBUG_TYPE << ": skipping " << row.name
                              << ": " << row.skipped << "\n");
    if (report)
      report->push_back(std::move(row));
  }
  return success();
}

LogicalResult CodebookQuantizer::quantize(const Layer &layer,
                                          unsigned position, unsigned total,
                                          CodebookLayerReport &row) {
  arith::ConstantOp weight = layer.weight;
  auto weightType = cast<RankedTensorType>(weight.getType());
  ArrayRef<int64_t> shape = weightType.getShape();
  row.name = layer.name;
  row.shape.assign(shape.begin(), shape.end());
  row.numWeights = weightType.getNumElements();
  row.bytesBefore =
      row.numWeights * ((weightType.getElementTypeBitWidth() + 7) / 8);

  int64_t k = 1;
  for (int64_t d : layer.reductionDims)
    k *= shape[d];
  int64_t n = row.numWeights / std::max<int64_t>(k, 1);
  int64_t d = options.blockSize;
  if (layer.isConv && layer.kernelSize > 1)
    d = options.convBlockSize ? options.convBlockSize : layer.kernelSize;
  row.skipped = skipReason(layer, options, k, row.numWeights, d);
  if (!row.skipped.empty())
    return success();
  if (d > 64) {
    row.skipped = llvm::formatv("d = {0} is above 64", d).str();
    return success();
  }

  int64_t numBlocks = k / d;
  int64_t numCodebooks = options.perSubspace ? numBlocks : 1;
  int64_t pointsPerCodebook = numBlocks * n / numCodebooks;
  int64_t numCentroids = options.numCentroids;
  if (options.clampCentroids)
    numCentroids =
        std::min(numCentroids, powerOfTwoFloor(pointsPerCodebook / 4));
  if (numCentroids < 1 || pointsPerCodebook < 1) {
    row.skipped = llvm::formatv(
                      "too few blocks ({0} per codebook) for clamp-centroids",
                      pointsPerCodebook)
                      .str();
    return success();
  }

  std::vector<float> values;
  if (failed(readFloatElements(weight.getValue(), values))) {
    row.skipped = "the weight data is not available";
    return success();
  }
  std::vector<float> grams;
  if (failed(readGrams(layer, numBlocks, d, grams)))
    return failure();

  // Points: block (j, n) in block-major order, d values along K.
  MatrixView view(shape, layer.reductionDims);
  std::vector<float> points(size_t(numBlocks) * n * d);
  for (int64_t j = 0; j < numBlocks; ++j)
    for (int64_t c = 0; c < n; ++c)
      for (int64_t t = 0; t < d; ++t)
        points[(size_t(j) * n + c) * d + t] =
            values[view.kOffset[j * d + t] + view.nOffset[c]];

  progress.print(llvm::formatv("layer {0}/{1} '{2}': {3} blocks of {4}, {5} "
                               "centroids{6}",
                               position + 1, total, layer.name,
                               numBlocks * n, d, numCentroids,
                               grams.empty() ? "" : ", activation-weighted"),
                 /*force=*/true);

  // k-means, once per codebook.
  std::vector<float> centroids(size_t(numCodebooks) * numCentroids * d);
  std::vector<uint32_t> assignments(size_t(numBlocks) * n);
  unsigned iterations = 0;
  for (int64_t g = 0; g < numCodebooks; ++g) {
    size_t first = size_t(g) * pointsPerCodebook;
    KMeansProblem problem;
    problem.points = ArrayRef<float>(points).slice(first * d,
                                                   pointsPerCodebook * d);
    problem.dim = d;
    if (!grams.empty()) {
      size_t blocksPerCodebook = numBlocks / numCodebooks;
      problem.grams = ArrayRef<float>(grams).slice(
          g * blocksPerCodebook * d * d, blocksPerCodebook * d * d);
      problem.pointsPerGroup = n;
    }
    KMeansOptions kmeans;
    kmeans.numCentroids = numCentroids;
    kmeans.maxIterations = options.iterations;
    kmeans.tolerance = options.tolerance;
    kmeans.seed = options.seed + g;
    kmeans.threadPool = threadPool;
    auto report = [&](unsigned iteration, double objective) {
      progress.print(llvm::formatv("layer {0}/{1} '{2}'{3}: iteration {4}/{5}, "
                                   "objective {6:e}",
                                   position + 1, total, layer.name,
                                   numCodebooks > 1
                                       ? llvm::formatv(" codebook {0}/{1}",
                                                       g + 1, numCodebooks)
                                             .str()
                                       : std::string(),
                                   iteration, options.iterations, objective));
    };
    kmeans.progress = report;
    KMeansResult result = runKMeans(problem, kmeans);
    iterations = std::max<unsigned>(iterations,
                                    result.objectiveHistory.size() - 1);
    std::copy(result.centroids.begin(), result.centroids.end(),
              centroids.begin() + size_t(g) * numCentroids * d);
    std::copy(result.assignments.begin(), result.assignments.end(),
              assignments.begin() + first);
  }

  // Stored centroids (rounded to f16 when so stored) and the error of the
  // reconstruction with them.
  std::vector<uint16_t> halfBits;
  if (options.f16Centroids) {
    halfBits.resize(centroids.size());
    for (size_t i = 0; i < centroids.size(); ++i)
      centroids[i] = roundToHalf(centroids[i], &halfBits[i]);
  }
  double signal = 0, error = 0;
  for (int64_t j = 0; j < numBlocks; ++j) {
    int64_t g = j / (numBlocks / numCodebooks);
    for (int64_t c = 0; c < n; ++c) {
      const float *center =
          centroids.data() +
          (size_t(g) * numCentroids + assignments[size_t(j) * n + c]) * d;
      const float *block = points.data() + (size_t(j) * n + c) * d;
      for (int64_t t = 0; t < d; ++t) {
        double w = block[t], diff = double(block[t]) - double(center[t]);
        signal += w * w;
        error += diff * diff;
      }
    }
  }

  // The IR: two dense_resource constants and the dequantize.
  MLIRContext *ctx = root->getContext();
  OpBuilder b(weight);
  b.setInsertionPointAfter(weight);
  Location loc = weight.getLoc();
  SmallVector<int64_t> centroidShape;
  if (numCodebooks > 1)
    centroidShape.push_back(numCodebooks);
  centroidShape.append({numCentroids, d});
  Type centroidElement = options.f16Centroids ? Type(Float16Type::get(ctx))
                                              : Type(Float32Type::get(ctx));
  auto centroidType = RankedTensorType::get(centroidShape, centroidElement);
  AsmResourceBlob centroidBlob =
      options.f16Centroids
          ? HeapAsmResourceBlob::allocateAndCopyInferAlign<uint16_t>(halfBits)
          : HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(centroids);
  auto centroidAttr = DenseResourceElementsAttr::get(
      centroidType, layer.name + "_centroids", std::move(centroidBlob));
  bool wide = numCentroids > 256;
  auto codesType = RankedTensorType::get(
      {numBlocks, n}, IntegerType::get(ctx, wide ? 16 : 8));
  AsmResourceBlob codesBlob;
  if (wide) {
    std::vector<uint16_t> codes(assignments.begin(), assignments.end());
    codesBlob = HeapAsmResourceBlob::allocateAndCopyInferAlign<uint16_t>(codes);
  } else {
    std::vector<uint8_t> codes(assignments.begin(), assignments.end());
    codesBlob = HeapAsmResourceBlob::allocateAndCopyInferAlign<uint8_t>(codes);
  }
  auto codesAttr = DenseResourceElementsAttr::get(
      codesType, layer.name + "_codes", std::move(codesBlob));
  Value centroidValue = arith::ConstantOp::create(b, loc, centroidAttr);
  Value codesValue = arith::ConstantOp::create(b, loc, codesAttr);
  Value rebuilt = CodebookDequantizeOp::create(
      b, loc, weightType, centroidValue, codesValue,
      b.getDenseI64ArrayAttr(layer.reductionDims));
  weight.getResult().replaceAllUsesWith(rebuilt);
  weight.erase();

  row.blockSize = d;
  row.numCentroids = numCentroids;
  row.numCodebooks = numCodebooks;
  row.indexBytes = numBlocks * n * (wide ? 2 : 1);
  row.centroidBytes = numCodebooks * numCentroids * d *
                      (options.f16Centroids ? 2 : 4);
  row.activationWeighted = !grams.empty();
  row.iterations = iterations;
  row.signalEnergy = signal;
  row.errorEnergy = error;
  return success();
}

//===----------------------------------------------------------------------===//
// Public entry points
//===----------------------------------------------------------------------===//

std::string
mlir::quantx::checkCodebookOptions(const CodebookQuantizeOptions &options) {
  if (options.blockSize < 1 || options.blockSize > 64)
    return llvm::formatv("block-size must be in [1, 64], got {0}",
                         options.blockSize)
        .str();
  if (options.convBlockSize > 64)
    return llvm::formatv("conv-block-size must be in [0, 64], got {0}",
                         options.convBlockSize)
        .str();
  if (options.numCentroids < 1 || options.numCentroids > 65536)
    return llvm::formatv("num-centroids must be in [1, 65536], got {0}",
                         options.numCentroids)
        .str();
  return "";
}

LogicalResult
mlir::quantx::codebookQuantize(Operation *root,
                               const CodebookQuantizeOptions &options,
                               SmallVectorImpl<CodebookLayerReport> *report) {
  return CodebookQuantizer(root, options).run(report);
}

/// 10 log10(signal / error), "inf" for an exact reconstruction.
static std::string formatSqnr(double signal, double error) {
  if (error == 0)
    return "inf";
  return llvm::formatv("{0:f2}", 10 * std::log10(signal / error)).str();
}

void mlir::quantx::printCodebookReport(ArrayRef<CodebookLayerReport> rows,
                                       llvm::raw_ostream &os) {
  size_t nameWidth = 5;
  for (const CodebookLayerReport &row : rows)
    nameWidth = std::max(nameWidth, row.name.size());
  auto shapeString = [](ArrayRef<int64_t> shape) {
    std::string s;
    llvm::raw_string_ostream ss(s);
    llvm::interleave(shape, ss, "x");
    return s;
  };
  auto line = [&](StringRef name, StringRef shape, int64_t weights,
                  StringRef d, StringRef c, StringRef g, int64_t before,
                  int64_t after, StringRef sqnr, StringRef note) {
    double bits = weights ? 8.0 * after / weights : 0;
    double ratio = after ? double(before) / after : 0;
    os << llvm::formatv("{0} {1,-14} {2,10} {3,3} {4,6} {5,4} {6,13} {7,12} "
                        "{8,11:f2} {9,7:f2} {10,8}",
                        llvm::left_justify(name, nameWidth),
                        shape, weights, d, c, g, before, after, bits, ratio,
                        sqnr);
    if (!note.empty())
      os << "  " << note;
    os << "\n";
  };
  os << "quantx-codebook-quantize report: bytes after = indices + centroids "
        "at their stored width (f16: 2 bytes, as kill-the-bits counts)\n";
  os << llvm::formatv("{0} {1,-14} {2,10} {3,3} {4,6} {5,4} {6,13} {7,12} "
                      "{8,11} {9,7} {10,8}\n",
                      llvm::left_justify("layer", nameWidth),
                      "shape", "weights", "d", "C", "G", "bytes_before",
                      "bytes_after", "bits/weight", "ratio", "SQNR_dB");
  int64_t weights = 0, before = 0, after = 0;
  double signal = 0, error = 0;
  for (const CodebookLayerReport &row : rows) {
    weights += row.numWeights;
    before += row.bytesBefore;
    after += row.bytesAfter();
    if (!row.skipped.empty()) {
      line(row.name, shapeString(row.shape), row.numWeights, "-", "-", "-",
           row.bytesBefore, row.bytesAfter(), "-",
           "skipped: " + row.skipped);
      continue;
    }
    signal += row.signalEnergy;
    error += row.errorEnergy;
    std::string note = llvm::formatv("{0} iterations", row.iterations).str();
    if (row.activationWeighted)
      note += ", activation-weighted";
    line(row.name, shapeString(row.shape), row.numWeights,
         std::to_string(row.blockSize), std::to_string(row.numCentroids),
         std::to_string(row.numCodebooks), row.bytesBefore, row.bytesAfter(),
         formatSqnr(row.signalEnergy, row.errorEnergy), note);
  }
  line("total", "", weights, "", "", "", before, after,
       signal > 0 ? formatSqnr(signal, error) : "-",
       "SQNR over the quantized layers");
}

namespace {
struct QuantxCodebookQuantizePass
    : quantx::impl::QuantxCodebookQuantizeBase<QuantxCodebookQuantizePass> {
  using Base::Base;

  void runOnOperation() override {
    CodebookQuantizeOptions options;
    options.blockSize = blockSize;
    options.convBlockSize = convBlockSize;
    options.numCentroids = numCentroids;
    options.clampCentroids = clampCentroids;
    options.perSubspace = perSubspace;
    options.iterations = iterations;
    options.tolerance = tolerance;
    options.seed = seed;
    options.minSize = minSize;
    options.skipFirstConv = skipFirstConv;
    options.skip.assign(skip.begin(), skip.end());
    options.progress = progress;
    if (centroidType != "f16" && centroidType != "f32") {
      getOperation().emitError()
          << "quantx-codebook-quantize: centroid-type must be 'f16' or "
             "'f32', got '"
          << centroidType << "'";
      return signalPassFailure();
    }
    options.f16Centroids = centroidType == "f16";
    if (std::string why = checkCodebookOptions(options); !why.empty()) {
      getOperation().emitError() << "quantx-codebook-quantize: " << why;
      return signalPassFailure();
    }
    // Open the report first, so that a bad path fails before the work.
    std::string openError;
    std::unique_ptr<llvm::ToolOutputFile> file;
    if (!reportFile.empty() && reportFile != "-") {
      file = openOutputFile(reportFile, &openError);
      if (!file) {
        getOperation().emitError()
            << "quantx-codebook-quantize: cannot open report file '"
            << reportFile << "': " << openError;
        return signalPassFailure();
      }
    }
    SmallVector<CodebookLayerReport> rows;
    if (failed(codebookQuantize(getOperation(), options, &rows)))
      return signalPassFailure();
    if (file) {
      printCodebookReport(rows, file->os());
      file->keep();
    } else if (reportFile == "-") {
      printCodebookReport(rows, llvm::errs());
    }
  }
};
} // namespace
