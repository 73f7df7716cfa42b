//===- Calibrate.cpp - quantx-calibrate -----------------------------------===//
//
// Collects the statistics of every activation post-training quantization
// will quantize by running the float model in process: a clone of the module
// whose entry function calls an observer on each such value is lowered to the
// LLVM dialect, JIT-compiled with mlir::ExecutionEngine and run on the
// calibration inputs (.npy files), twice (range and mean first, histogram and
// deviations second). Statistics can also come from a JSON file or already be
// in the IR.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Transforms/Calibrate.h"

#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"
#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"
#include "quantx/Dialect/Quantx/Transforms/Codebook.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"
#include "quantx/Dialect/Quantx/Utils/Npy.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Builders.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"

#include <algorithm>
#include <mutex>

#define DEBUG_TYPE "quantx-calibrate"
#define DBGS() (llvm::dbgs() << "[" DEBUG_TYPE "] ")

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXCALIBRATE
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

static constexpr llvm::StringLiteral kEntryCopyName =
    "__quantx_calibration_entry";
static constexpr llvm::StringLiteral kObserveF32 = "__quantx_observe_f32";
static constexpr llvm::StringLiteral kObserveF64 = "__quantx_observe_f64";
static constexpr llvm::StringLiteral kObserveGram = "__quantx_observe_gram";
static constexpr llvm::StringLiteral kLoweringPipeline =
    "quantx-lower-to-llvm-pipeline";

//===----------------------------------------------------------------------===//
// Entry and points
//===----------------------------------------------------------------------===//

func::FuncOp mlir::quantx::findCalibrationEntry(ModuleOp module,
                                                StringRef name) {
  if (!name.empty()) {
    auto func = module.lookupSymbol<func::FuncOp>(name);
    if (!func || func.isExternal()) {
      module.emitError() << "quantx-calibrate: no function '" << name
                         << "' with a body to calibrate";
      return {};
    }
    return func;
  }
  func::FuncOp found;
  int count = 0;
  for (auto func : module.getOps<func::FuncOp>())
    if (func.isPublic() && !func.isExternal()) {
      found = func;
      ++count;
    }
  if (count != 1) {
    module.emitError() << "quantx-calibrate: "
                       << (count == 0
                               ? "no public function with a body to calibrate"
                               : "several public functions; name the one to "
                                 "calibrate with entry=<name>");
    return {};
  }
  return found;
}

SmallVector<CalibrationPoint>
mlir::quantx::getCalibrationPoints(func::FuncOp entry) {
  return collectCalibrationPoints(collectQuantizationTargets(entry));
}

/// Whether calibration can feed or observe values of `type`.
static bool isCalibratableType(Type type, bool requireStatic) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !(tensor.getElementType().isF32() ||
                   tensor.getElementType().isF64()))
    return false;
  return !requireStatic || tensor.hasStaticShape();
}

/// The layout of `op`'s input for its Gram matrices, and K, when
/// quantx-codebook-quantize could quantize its weight; `why` says why not.
static std::optional<InputGramLayer>
matchInputGramLayer(Operation *op, const CalibrationOptions &options,
                    std::string &why) {
  InputGramLayer layer;
  layer.op = op;
  using Kind = InputGramLayout::Kind;
  SmallVector<int64_t> reductionDims, kernelDims;
  DenseIntElementsAttr strides, dilations;
  if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
    if (matmul.hasUserDefinedMaps()) {
      why = "not the default matmul maps";
      return std::nullopt;
    }
    layer.layout.kind = Kind::Matmul;
    reductionDims = {0};
  } else if (auto conv = dyn_cast<linalg::Conv2DNchwFchwOp>(op)) {
    layer.layout.kind = Kind::ConvNchw;
    reductionDims = {1, 2, 3};
    kernelDims = {2, 3};
    strides = conv.getStrides();
    dilations = conv.getDilations();
  } else if (auto conv = dyn_cast<linalg::Conv2DNhwcHwcfOp>(op)) {
    layer.layout.kind = Kind::ConvNhwc;
    reductionDims = {2, 0, 1};
    kernelDims = {0, 1};
    strides = conv.getStrides();
    dilations = conv.getDilations();
  } else {
    return std::nullopt;
  }
  auto linalgOp = cast<linalg::LinalgOp>(op);
  if (!linalgOp.hasPureTensorSemantics() || linalgOp.getNumDpsInputs() != 2) {
    why = "not a two-input op on tensors";
    return std::nullopt;
  }
  Value input = linalgOp.getDpsInputOperand(0)->get();
  Value weight = linalgOp.getDpsInputOperand(1)->get();
  auto inputType = dyn_cast<RankedTensorType>(input.getType());
  auto weightType = dyn_cast<RankedTensorType>(weight.getType());
  if (!inputType || !inputType.getElementType().isF32() || !weightType ||
      !weightType.hasStaticShape() || !weightType.getElementType().isF32() ||
      !weight.getDefiningOp<arith::ConstantOp>()) {
    why = "the input is not an f32 tensor or the weight not an f32 constant";
    return std::nullopt;
  }
  ArrayRef<int64_t> shape = weightType.getShape();
  layer.reduction = 1;
  for (int64_t d : reductionDims)
    layer.reduction *= shape[d];
  int64_t kernelSize = 1;
  if (!kernelDims.empty()) {
    layer.layout.kernelH = shape[kernelDims[0]];
    layer.layout.kernelW = shape[kernelDims[1]];
    kernelSize = layer.layout.kernelH * layer.layout.kernelW;
    auto s = strides.getValues<int64_t>();
    auto d = dilations.getValues<int64_t>();
    layer.layout.strideH = s[0];
    layer.layout.strideW = s[1];
    layer.layout.dilationH = d[0];
    layer.layout.dilationW = d[1];
  }
  // The block size quantx-codebook-quantize picks with the same options.
  int64_t blockSize = options.gramBlockSize;
  if (kernelSize > 1)
    blockSize = options.gramConvBlockSize ? options.gramConvBlockSize
                                          : kernelSize;
  if (blockSize < 1 || blockSize > 64 || layer.reduction % blockSize != 0) {
    why = llvm::formatv("K = {0} is not a multiple of d = {1} in [1, 64]",
                        layer.reduction, blockSize)
              .str();
    return std::nullopt;
  }
  layer.layout.blockSize = blockSize;
  return layer;
}

SmallVector<InputGramLayer>
mlir::quantx::getInputGramLayers(func::FuncOp entry,
                                 const CalibrationOptions &options) {
  SmallVector<InputGramLayer> layers;
  entry.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    std::string why;
    if (std::optional<InputGramLayer> layer =
            matchInputGramLayer(op, options, why))
      layers.push_back(*layer);
    else if (!why.empty())
      LLVM_DEBUG(DBGS() << "no input Gram for " << op->getName() << " at "
                        << op->getLoc() << ": " << why << "\n");
  });
  return layers;
}

static std::string shapeString(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "a scalar (0-d)";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// The .npy files named by `paths` (files, or directories whose *.npy files
/// are taken in name order).
static FailureOr<std::vector<std::string>>
expandInputs(ArrayRef<std::string> paths, func::FuncOp entry) {
  std::vector<std::string> files;
  for (const std::string &path : paths) {
    if (!llvm::sys::fs::is_directory(path)) {
      if (!llvm::sys::fs::exists(path))
        return entry.emitError()
               << "quantx-calibrate: calibration input '" << path
               << "' does not exist";
      files.push_back(path);
      continue;
    }
    std::vector<std::string> inDir;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end;
         it != end && !ec; it.increment(ec))
      if (llvm::sys::path::extension(it->path()) == ".npy")
        inDir.push_back(it->path());
    if (ec)
      return entry.emitError() << "quantx-calibrate: cannot list '" << path
                               << "': " << ec.message();
    if (inDir.empty())
      return entry.emitError() << "quantx-calibrate: no .npy files in '"
                               << path << "'";
    llvm::sort(inDir);
    llvm::append_range(files, inDir);
  }
  return files;
}

namespace {
/// One argument of one calibration run.
struct InputArray {
  std::string path;
  bool isF64 = false;
  std::vector<float> f32;
  std::vector<double> f64;
};
} // namespace

/// Loads the inputs and checks them against the entry's arguments.
static FailureOr<std::vector<std::vector<InputArray>>>
loadInputs(ArrayRef<std::string> files, func::FuncOp entry) {
  unsigned numArgs = entry.getNumArguments();
  if (numArgs == 0)
    return entry.emitError() << "quantx-calibrate: the entry function has no "
                                "arguments to feed calibration inputs to";
  if (files.size() % numArgs != 0)
    return entry.emitError()
           << "quantx-calibrate: " << files.size()
           << " calibration input files for a function with " << numArgs
           << " arguments; files are taken " << numArgs
           << " at a time, in order";
  std::vector<std::vector<InputArray>> runs;
  for (size_t i = 0; i < files.size(); i += numArgs) {
    std::vector<InputArray> run;
    for (unsigned a = 0; a < numArgs; ++a) {
      const std::string &path = files[i + a];
      auto type = cast<RankedTensorType>(entry.getArgumentTypes()[a]);
      llvm::Expected<NpyArray> array = readNpyFile(path);
      if (!array)
        return entry.emitError() << "quantx-calibrate: "
                                 << llvm::toString(array.takeError());
      bool wantF64 = type.getElementType().isF64();
      NpyDType want = wantF64 ? NpyDType::F64 : NpyDType::F32;
      if (array->dtype != want)
        return entry.emitError()
               << "quantx-calibrate: calibration input '" << path << "' is "
               << npyDTypeName(array->dtype) << ", argument " << a << " is "
               << type;
      if (array->fortranOrder && array->shape.size() > 1)
        return entry.emitError()
               << "quantx-calibrate: calibration input '" << path
               << "' is in Fortran order; save it in C order";
      if (ArrayRef<int64_t>(array->shape) != type.getShape())
        return entry.emitError()
               << "quantx-calibrate: calibration input '" << path
               << "' has shape " << shapeString(array->shape) << ", argument "
               << a << " is " << type;
      InputArray in;
      in.path = path;
      in.isF64 = wantF64;
      std::vector<double> values = array->toDoubles();
      if (wantF64)
        in.f64 = std::move(values);
      else
        in.f32.assign(values.begin(), values.end());
      run.push_back(std::move(in));
    }
    runs.push_back(std::move(run));
  }
  return runs;
}

//===----------------------------------------------------------------------===//
// The instrumented module
//===----------------------------------------------------------------------===//

/// In `module` (a clone), adds a copy of `entry` that calls the observer on
/// every point defined by an op (function arguments are observed from the
/// inputs directly) and the Gram observer on the input of every Gram layer,
/// returns nothing and has a C interface.
static LogicalResult instrument(ModuleOp module, func::FuncOp entry,
                                size_t numPoints,
                                const CalibrationOptions &options,
                                size_t numGramLayers) {
  MLIRContext *ctx = module.getContext();
  OpBuilder builder(ctx);
  auto copy = cast<func::FuncOp>(entry->clone());
  copy.setName(kEntryCopyName);
  copy.setPublic();
  module.push_back(copy);

  builder.setInsertionPointToStart(module.getBody());
  for (auto [name, elementType] :
       {std::pair<StringRef, Type>{kObserveF32, Float32Type::get(ctx)},
        {kObserveF64, Float64Type::get(ctx)},
        {kObserveGram, Float32Type::get(ctx)}}) {
    auto type = builder.getFunctionType(
        {builder.getI64Type(), UnrankedTensorType::get(elementType)}, {});
    auto decl = func::FuncOp::create(builder, module.getLoc(), name, type);
    decl.setPrivate();
    // The observer only reads the tensor. Without saying so, one-shot
    // bufferization assumes an external function writes its arguments and
    // must copy the observed value, which it cannot always do (a RaW
    // conflict with a later in-place user of the same buffer).
    decl.setArgAttr(1, "bufferization.access", builder.getStringAttr("read"));
  }

  SmallVector<CalibrationPoint> points = getCalibrationPoints(copy);
  if (points.size() != numPoints)
    return entry.emitError()
           << "quantx-calibrate: internal error: the copy of the entry has "
           << points.size() << " calibration points, the entry " << numPoints;
  for (auto [index, point] : llvm::enumerate(points)) {
    if (isa<BlockArgument>(point.value))
      continue;
    builder.setInsertionPointAfterValue(point.value);
    Location loc = point.value.getLoc();
    auto type = cast<RankedTensorType>(point.value.getType());
    bool isF64 = type.getElementType().isF64();
    Value id = arith::ConstantIntOp::create(builder, loc, builder.getI64Type(),
                                            static_cast<int64_t>(index));
    Value unranked = tensor::CastOp::create(
        builder, loc, UnrankedTensorType::get(type.getElementType()),
        point.value);
    func::CallOp::create(builder, loc, isF64 ? kObserveF64 : kObserveF32,
                         TypeRange{}, ValueRange{id, unranked});
  }
  if (numGramLayers) {
    SmallVector<InputGramLayer> layers = getInputGramLayers(copy, options);
    if (layers.size() != numGramLayers)
      return entry.emitError()
             << "quantx-calibrate: internal error: the copy of the entry has "
             << layers.size() << " input Gram layers, the entry "
             << numGramLayers;
    for (auto [index, layer] : llvm::enumerate(layers)) {
      builder.setInsertionPoint(layer.op);
      Location loc = layer.op->getLoc();
      Value input = layer.op->getOperand(0);
      Value id = arith::ConstantIntOp::create(
          builder, loc, builder.getI64Type(), static_cast<int64_t>(index));
      Value unranked = tensor::CastOp::create(
          builder, loc, UnrankedTensorType::get(builder.getF32Type()), input);
      func::CallOp::create(builder, loc, kObserveGram, TypeRange{},
                           ValueRange{id, unranked});
    }
  }

  // Drop the results: the run is for its observations.
  SmallVector<func::ReturnOp> returns;
  copy.walk([&](func::ReturnOp op) { returns.push_back(op); });
  for (func::ReturnOp ret : returns) {
    builder.setInsertionPoint(ret);
    func::ReturnOp::create(builder, ret.getLoc());
    ret.erase();
  }
  copy.setType(builder.getFunctionType(copy.getArgumentTypes(), {}));
  copy.removeResAttrsAttr();
  copy->setAttr(LLVM::LLVMDialect::getEmitCWrapperAttrName(),
                UnitAttr::get(ctx));
  // Only what the copy reaches is compiled (symbol-dce removes the rest):
  // other public functions may call things the JIT cannot resolve.
  for (auto func : module.getOps<func::FuncOp>())
    if (func != copy)
      func.setPrivate();
  return success();
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

namespace {
/// The collectors of one calibration, reachable from the JIT callbacks.
struct CalibrationRun {
  std::vector<StatisticsCollector> collectors;
  std::string firstError;
  std::vector<std::string> names;
  /// The Gram collectors, filled in the first pass only.
  std::vector<InputGramCollector> grams;
  std::vector<std::string> gramNames;
  bool collectGrams = false;

  /// The elements of a ranked memref descriptor, row-major.
  template <typename T>
  static std::vector<T> read(int64_t rank, void *descriptor,
                             SmallVectorImpl<int64_t> &shape) {
    // Ranked descriptor: allocated, aligned, offset, sizes[rank],
    // strides[rank].
    auto *words = static_cast<int64_t *>(descriptor);
    T *aligned = reinterpret_cast<T *>(words[1]);
    int64_t offset = words[2];
    ArrayRef<int64_t> sizes(words + 3, rank);
    ArrayRef<int64_t> strides(words + 3 + rank, rank);
    shape.assign(sizes.begin(), sizes.end());
    int64_t n = 1;
    for (int64_t s : sizes)
      n *= s;
    std::vector<T> values(n);
    SmallVector<int64_t> index(rank, 0);
    for (int64_t i = 0; i < n; ++i) {
      int64_t pos = offset;
      for (int64_t d = 0; d < rank; ++d)
        pos += index[d] * strides[d];
      values[i] = aligned[pos];
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++index[d] < sizes[d])
          break;
        index[d] = 0;
      }
    }
    return values;
  }

  void observeGram(int64_t id, int64_t rank, void *descriptor) {
    if (!firstError.empty() || !collectGrams)
      return;
    if (id < 0 || id >= static_cast<int64_t>(grams.size())) {
      firstError = "Gram observer called with an unknown id";
      return;
    }
    SmallVector<int64_t> shape;
    std::vector<float> values = read<float>(rank, descriptor, shape);
    if (llvm::Error e = grams[id].observe(values, shape))
      firstError = "input Gram of '" + gramNames[id] +
                   "': " + llvm::toString(std::move(e));
  }

  template <typename T>
  void observe(int64_t id, int64_t rank, void *descriptor) {
    if (!firstError.empty())
      return;
    if (id < 0 || id >= static_cast<int64_t>(collectors.size())) {
      firstError = "observer called with an unknown id";
      return;
    }
    SmallVector<int64_t> sizes;
    std::vector<T> values = read<T>(rank, descriptor, sizes);
    if (llvm::Error e = collectors[id].observe(ArrayRef<T>(values), sizes))
      firstError = "'" + names[id] + "': " + llvm::toString(std::move(e));
  }
};

thread_local CalibrationRun *currentRun = nullptr;
} // namespace

extern "C" {
static void quantxObserveF32(int64_t id, int64_t rank, void *descriptor) {
  if (currentRun)
    currentRun->observe<float>(id, rank, descriptor);
}
static void quantxObserveF64(int64_t id, int64_t rank, void *descriptor) {
  if (currentRun)
    currentRun->observe<double>(id, rank, descriptor);
}
static void quantxObserveGram(int64_t id, int64_t rank, void *descriptor) {
  if (currentRun)
    currentRun->observeGram(id, rank, descriptor);
}
}

/// A ranked memref descriptor over `data` of `shape` (row-major).
template <typename T>
static std::vector<int64_t> makeDescriptor(T *data, ArrayRef<int64_t> shape) {
  size_t rank = shape.size();
  std::vector<int64_t> d(3 + 2 * rank);
  d[0] = d[1] = static_cast<int64_t>(reinterpret_cast<intptr_t>(data));
  d[2] = 0;
  int64_t stride = 1;
  for (size_t i = rank; i-- > 0;) {
    d[3 + i] = shape[i];
    d[3 + rank + i] = stride;
    stride *= shape[i];
  }
  return d;
}

static void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

FailureOr<std::vector<TensorStatistics>>
mlir::quantx::runCalibration(ModuleOp module, func::FuncOp entry,
                             ArrayRef<CalibrationPoint> points,
                             const CalibrationOptions &options,
                             ArrayRef<InputGramLayer> gramLayers,
                             std::vector<std::vector<float>> *grams) {
  // The signature: statically shaped float tensors in.
  for (auto [i, type] : llvm::enumerate(entry.getArgumentTypes())) {
    if (isCalibratableType(type, /*requireStatic=*/true))
      continue;
    auto shaped = dyn_cast<ShapedType>(type);
    Type element = shaped ? shaped.getElementType() : type;
    if (isa<IntegerType, quant::QuantizedType>(element))
      return entry.emitError()
             << "quantx-calibrate needs a float model: argument " << i
             << " of @" << entry.getName() << " is " << type;
    return entry.emitError()
           << "quantx-calibrate: unsupported entry signature: argument " << i
           << " of @" << entry.getName() << " is " << type
           << "; calibration feeds statically shaped f32 or f64 tensors";
  }
  bool needJit = false;
  for (const CalibrationPoint &p : points) {
    if (!isCalibratableType(p.value.getType(), /*requireStatic=*/false))
      return entry.emitError()
             << "quantx-calibrate: cannot observe '" << p.name << "' of type "
             << p.value.getType() << "; it must be an f32 or f64 tensor";
    if (auto arg = dyn_cast<BlockArgument>(p.value)) {
      if (arg.getOwner() != &entry.getBody().front())
        return entry.emitError()
               << "quantx-calibrate: cannot observe '" << p.name
               << "', a block argument inside a region";
      continue;
    }
    needJit = true;
  }
  if (!grams)
    gramLayers = {};
  if (!gramLayers.empty())
    needJit = true;

  FailureOr<std::vector<std::string>> files =
      expandInputs(options.inputs, entry);
  if (failed(files))
    return failure();
  FailureOr<std::vector<std::vector<InputArray>>> runs =
      loadInputs(*files, entry);
  if (failed(runs))
    return failure();
  LLVM_DEBUG(DBGS() << runs->size() << " calibration runs of @"
                    << entry.getName() << ", " << points.size()
                    << " points\n");

  CalibrationRun run;
  for (const CalibrationPoint &p : points) {
    std::optional<int64_t> axis;
    if (options.perChannel)
      axis = p.channelAxis;
    run.collectors.emplace_back(options.numBins, axis);
    run.names.push_back(p.name);
  }
  for (auto [index, layer] : llvm::enumerate(gramLayers)) {
    run.grams.emplace_back(layer.layout, layer.reduction);
    run.gramNames.push_back(
        (layer.op->getName().getStringRef() + " #" + Twine(index)).str());
  }

  std::unique_ptr<ExecutionEngine> engine;
  if (needJit) {
    OwningOpRef<ModuleOp> clone = module.clone();
    auto entryClone = clone->lookupSymbol<func::FuncOp>(entry.getName());
    if (failed(instrument(*clone, entryClone, points.size(), options,
                          gramLayers.size())))
      return failure();
    PassManager pm(module.getContext(), ModuleOp::getOperationName());
    pm.addPass(createSymbolDCEPass());
    LogicalResult built =
        options.buildLowering
            ? options.buildLowering(pm)
            : parsePassPipeline(kLoweringPipeline, pm, llvm::errs());
    if (failed(built))
      return entry.emitError()
             << "quantx-calibrate: cannot build the lowering pipeline ('"
             << kLoweringPipeline << "' must be registered)";
    if (failed(pm.run(*clone)))
      return entry.emitError()
             << "quantx-calibrate: lowering the model for calibration failed";

    initializeNativeTarget();
    auto transformer = makeOptimizingTransformer(/*optLevel=*/2,
                                                 /*sizeLevel=*/0, nullptr);
    ExecutionEngineOptions engineOptions;
    engineOptions.transformer = transformer;
    // Strided copies (a tensor.pad, a slice) lower to calls of memrefCopy,
    // which lives in MLIR's c_runner_utils, as for mlir-runner.
    SmallVector<StringRef, 1> sharedLibs;
    if (llvm::sys::fs::exists(QUANTX_MLIR_C_RUNNER_UTILS))
      sharedLibs.push_back(QUANTX_MLIR_C_RUNNER_UTILS);
    engineOptions.sharedLibPaths = sharedLibs;
    llvm::Expected<std::unique_ptr<ExecutionEngine>> created =
        ExecutionEngine::create(*clone, engineOptions);
    if (!created)
      return entry.emitError()
             << "quantx-calibrate: cannot JIT-compile the model: "
             << llvm::toString(created.takeError());
    engine = std::move(*created);
    engine->registerSymbols([](llvm::orc::MangleAndInterner interner) {
      llvm::orc::SymbolMap map;
      map[interner(kObserveF32)] = {
          llvm::orc::ExecutorAddr::fromPtr(&quantxObserveF32),
          llvm::JITSymbolFlags::Exported};
      map[interner(kObserveF64)] = {
          llvm::orc::ExecutorAddr::fromPtr(&quantxObserveF64),
          llvm::JITSymbolFlags::Exported};
      map[interner(kObserveGram)] = {
          llvm::orc::ExecutorAddr::fromPtr(&quantxObserveGram),
          llvm::JITSymbolFlags::Exported};
      return map;
    });
    engine->initialize();
  }

  std::string adapter = ("_mlir_ciface_" + kEntryCopyName).str();
  for (int pass = 0; pass < 2; ++pass) {
    run.collectGrams = pass == 0;
    if (pass == 1)
      for (StatisticsCollector &c : run.collectors)
        c.startSecondPass();
    for (const std::vector<InputArray> &inputs : *runs) {
      // Function arguments: from the data.
      for (auto [index, point] : llvm::enumerate(points)) {
        auto arg = dyn_cast<BlockArgument>(point.value);
        if (!arg)
          continue;
        const InputArray &in = inputs[arg.getArgNumber()];
        auto shape = cast<RankedTensorType>(arg.getType()).getShape();
        llvm::Error e = in.isF64 ? run.collectors[index].observe(
                                       ArrayRef<double>(in.f64), shape)
                                 : run.collectors[index].observe(
                                       ArrayRef<float>(in.f32), shape);
        if (e)
          return entry.emitError()
                 << "quantx-calibrate: calibration input '" << in.path
                 << "': " << llvm::toString(std::move(e));
      }
      if (!engine)
        continue;
      // Everything else: run the model on fresh copies of the inputs (the
      // compiled code may write into its arguments).
      std::vector<std::vector<float>> f32Copies;
      std::vector<std::vector<double>> f64Copies;
      std::vector<std::vector<int64_t>> descriptors;
      f32Copies.reserve(inputs.size());
      f64Copies.reserve(inputs.size());
      for (auto [a, in] : llvm::enumerate(inputs)) {
        auto shape =
            cast<RankedTensorType>(entry.getArgumentTypes()[a]).getShape();
        if (in.isF64) {
          f64Copies.push_back(in.f64);
          descriptors.push_back(makeDescriptor(f64Copies.back().data(), shape));
        } else {
          f32Copies.push_back(in.f32);
          descriptors.push_back(makeDescriptor(f32Copies.back().data(), shape));
        }
      }
      std::vector<void *> descriptorPtrs;
      for (std::vector<int64_t> &d : descriptors)
        descriptorPtrs.push_back(d.data());
      SmallVector<void *> args;
      for (void *&p : descriptorPtrs)
        args.push_back(&p);
      currentRun = &run;
      llvm::Error e = engine->invokePacked(adapter, args);
      currentRun = nullptr;
      if (e)
        return entry.emitError() << "quantx-calibrate: running the model "
                                    "failed: "
                                 << llvm::toString(std::move(e));
      if (!run.firstError.empty())
        return entry.emitError()
               << "quantx-calibrate: " << run.firstError << " (calibration "
               << "input '" << inputs.front().path << "')";
    }
  }

  std::vector<TensorStatistics> result;
  for (auto [index, collector] : llvm::enumerate(run.collectors)) {
    llvm::Expected<TensorStatistics> stats = collector.finish();
    if (!stats)
      return entry.emitError()
             << "quantx-calibrate: no statistics for '" << points[index].name
             << "': " << llvm::toString(stats.takeError());
    LLVM_DEBUG(DBGS() << "'" << points[index].name << "': count "
                      << stats->count << ", min " << stats->min << ", max "
                      << stats->max << ", mean " << stats->mean << ", std "
                      << stats->std << ", mad " << stats->meanAbsDev << "\n");
    result.push_back(std::move(*stats));
  }
  if (grams) {
    grams->clear();
    for (const InputGramCollector &g : run.grams) {
      LLVM_DEBUG(DBGS() << "input Gram: " << g.numBlocks() << " blocks, "
                        << g.numRows() << " rows\n");
      grams->push_back(g.finish());
    }
  }
  return result;
}

//===----------------------------------------------------------------------===//
// JSON and the whole pass
//===----------------------------------------------------------------------===//

static LogicalResult attach(const CalibrationPoint &point,
                            const TensorStatistics &stats,
                            func::FuncOp entry) {
  auto attr = TensorStatsAttr::get(entry.getContext(), stats);
  if (failed(attr.verifyFor(point.value.getType(), [&]() {
        return entry.emitError()
               << "quantx-calibrate: statistics of '" << point.name << "': ";
      })))
    return failure();
  if (failed(setTensorStats(point.value, attr)))
    return entry.emitError() << "quantx-calibrate: cannot attach statistics "
                                "to '"
                             << point.name << "'";
  return success();
}

static LogicalResult attachFromJSON(func::FuncOp entry,
                                    ArrayRef<CalibrationPoint> points,
                                    StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buffer)
    return entry.emitError() << "quantx-calibrate: cannot read '" << path
                             << "': " << buffer.getError().message();
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*buffer)->getBuffer());
  if (!json)
    return entry.emitError() << "quantx-calibrate: '" << path
                             << "' is not JSON: "
                             << llvm::toString(json.takeError());
  const llvm::json::Object *root = json->getAsObject();
  const llvm::json::Array *tensors = root ? root->getArray("tensors") : nullptr;
  if (!tensors)
    return entry.emitError() << "quantx-calibrate: '" << path
                             << "' must hold an object with a \"tensors\" "
                                "array";
  llvm::StringMap<const CalibrationPoint *> byName;
  for (const CalibrationPoint &p : points)
    byName[p.name] = &p;
  for (const llvm::json::Value &t : *tensors) {
    const llvm::json::Object *o = t.getAsObject();
    std::optional<StringRef> name = o ? o->getString("name") : std::nullopt;
    if (!name)
      return entry.emitError() << "quantx-calibrate: every entry of '" << path
                               << "' needs a \"name\"";
    const CalibrationPoint *point = byName.lookup(*name);
    if (!point)
      return entry.emitError()
             << "quantx-calibrate: statistics for '" << *name << "' in '"
             << path << "' match no calibration point of @" << entry.getName();
    llvm::Expected<TensorStatistics> stats = statisticsFromJSON(t);
    if (!stats)
      return entry.emitError() << "quantx-calibrate: statistics for '"
                               << *name << "' in '" << path
                               << "': " << llvm::toString(stats.takeError());
    if (failed(attach(*point, *stats, entry)))
      return failure();
  }
  return success();
}

static LogicalResult dumpStatistics(func::FuncOp entry,
                                    ArrayRef<CalibrationPoint> points,
                                    StringRef path) {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return entry.emitError() << "quantx-calibrate: cannot write '" << path
                             << "': " << ec.message();
  // One tensor per line.
  os << "{\"tensors\": [";
  bool first = true;
  for (const CalibrationPoint &p : points) {
    TensorStatsAttr attr = getTensorStats(p.value);
    if (!attr)
      continue;
    llvm::json::Object o = statisticsToJSON(attr.getStatistics());
    o["name"] = p.name;
    os << (first ? "\n  " : ",\n  ") << llvm::json::Value(std::move(o));
    first = false;
  }
  os << "\n]}\n";
  return success();
}

LogicalResult mlir::quantx::calibrateModule(ModuleOp module,
                                            const CalibrationOptions &options) {
  if (options.numBins < kMinHistogramBins)
    return module.emitError() << "quantx-calibrate: num-bins must be at least "
                              << kMinHistogramBins << ", got "
                              << options.numBins;
  if (!options.inputs.empty() && !options.statsFile.empty())
    return module.emitError() << "quantx-calibrate: give calibration inputs "
                                 "or a statistics file, not both";
  func::FuncOp entry = findCalibrationEntry(module, options.entry);
  if (!entry)
    return failure();
  SmallVector<CalibrationPoint> points = getCalibrationPoints(entry);
  LLVM_DEBUG({
    DBGS() << points.size() << " calibration points in @" << entry.getName()
           << ":";
    for (const CalibrationPoint &p : points)
      llvm::dbgs() << " '" << p.name << "'";
    llvm::dbgs() << "\n";
  });

  if (options.inputGram && options.inputs.empty())
    return entry.emitError() << "quantx-calibrate: input-gram needs "
                                "calibration inputs (inputs=...)";
  if (!options.inputs.empty()) {
    SmallVector<InputGramLayer> gramLayers;
    if (options.inputGram)
      gramLayers = getInputGramLayers(entry, options);
    std::vector<std::vector<float>> grams;
    FailureOr<std::vector<TensorStatistics>> stats =
        runCalibration(module, entry, points, options, gramLayers, &grams);
    if (failed(stats))
      return failure();
    for (auto [point, s] : llvm::zip(points, *stats))
      if (failed(attach(point, s, entry)))
        return failure();
    for (auto [layer, gram] : llvm::zip(gramLayers, grams)) {
      int64_t d = layer.layout.blockSize;
      auto type = RankedTensorType::get(
          {layer.reduction / d, d, d}, Float32Type::get(module.getContext()));
      layer.op->setAttr(kInputGramAttrName,
                        DenseElementsAttr::get(type, ArrayRef<float>(gram)));
    }
  } else if (!options.statsFile.empty()) {
    if (failed(attachFromJSON(entry, points, options.statsFile)))
      return failure();
  }

  SmallVector<StringRef> missing;
  for (const CalibrationPoint &p : points)
    if (!getTensorStats(p.value))
      missing.push_back(p.name);
  if (!missing.empty() && options.inputs.empty()) {
    InFlightDiagnostic diag = entry.emitError();
    diag << "quantx-calibrate: no statistics for " << missing.size()
         << " value(s) that will be quantized (";
    llvm::interleave(
        missing, [&](StringRef n) { diag << "'" << n << "'"; },
        [&] { diag << ", "; });
    diag << "); give calibration inputs (inputs=...) or a statistics file "
            "(stats-file=...)";
    return diag;
  }
  if (!options.dumpStats.empty())
    return dumpStatistics(entry, points, options.dumpStats);
  return success();
}

void mlir::quantx::getCalibrationDependentDialects(DialectRegistry &registry) {
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  registry.insert<arith::ArithDialect, func::FuncDialect, tensor::TensorDialect,
                  LLVM::LLVMDialect, QuantxDialect>();
  OpPassManager pm(ModuleOp::getOperationName());
  if (succeeded(parsePassPipeline(kLoweringPipeline, pm, llvm::nulls())))
    pm.getDependentDialects(registry);
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {
struct QuantxCalibratePass
    : public quantx::impl::QuantxCalibrateBase<QuantxCalibratePass> {
  using Base::Base;

  void getDependentDialects(DialectRegistry &registry) const override {
    getCalibrationDependentDialects(registry);
  }

  void runOnOperation() override {
    CalibrationOptions options;
    options.entry = entry;
    options.inputs.assign(inputs.begin(), inputs.end());
    options.statsFile = statsFile;
    options.dumpStats = dumpStats;
    options.numBins = numBins;
    options.perChannel = perChannel;
    options.inputGram = inputGram;
    options.gramBlockSize = gramBlockSize;
    options.gramConvBlockSize = gramConvBlockSize;
    if (failed(calibrateModule(getOperation(), options)))
      signalPassFailure();
  }
};
} // namespace
