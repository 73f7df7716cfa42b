//===- quantx-run.cpp - compile a model to native code and run it ---------===//
//
//   quantx-run model.onnx --onnx-input-shapes=x:1x3x48x192 \
//       --input x.npy --output y.npy --repeat 20
//   quantx-run model.mlir --pipeline='quantx-fold-batchnorm' --input x.npy
//
// Imports an ONNX model (or parses MLIR), optionally runs a pass pipeline on
// it (quantization passes), lowers it with quantx-lower-to-llvm-pipeline,
// JIT-compiles it with MLIR's ExecutionEngine at -O3 for the host CPU, runs
// the entry function on `.npy` inputs, writes its results as `.npy` and
// prints the time per inference. `--dump-object` writes the compiled object
// file for ahead-of-time use (link it and call `_mlir_ciface_<entry>`).
//
//===----------------------------------------------------------------------===//

#include "quantx/InitAllDialects.h"
#include "quantx/InitAllPasses.h"
#include "quantx/Pipelines/Pipelines.h"
#ifdef QUANTX_HAVE_ONNX_IMPORT
#include "quantx/Target/ONNX/ImportONNX.h"
#endif

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/ExecutionEngine/ExecutionEngine.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

using namespace mlir;
namespace cl = llvm::cl;

static cl::opt<std::string> inputFile(cl::Positional,
                                      cl::desc("<model.onnx|model.mlir>"),
                                      cl::Required);
static cl::list<std::string>
    inputs("input", cl::desc("An input as .npy, in the order of the entry "
                             "function's arguments (repeat the option)"));
static cl::list<std::string>
    outputs("output", cl::desc("Where to write a result as .npy, in the "
                               "order of the entry function's results"));
static cl::opt<std::string> entry("entry", cl::desc("Entry function"),
                                  cl::init("main"));
static cl::opt<std::string> pipeline(
    "pipeline",
    cl::desc("Passes to run before lowering, as a textual pipeline on the "
             "module (e.g. 'quantx-fold-batchnorm', or the same inside "
             "'builtin.module(...)')"),
    cl::init(""));
static cl::opt<std::string>
    inputShapes("onnx-input-shapes",
                cl::desc("For .onnx models: name:d0xd1x...[,name2:...]"),
                cl::init(""));
static cl::opt<int> repeat("repeat",
                           cl::desc("Timed runs (after one warm-up run)"),
                           cl::init(1));
static cl::opt<std::string> lowering(
    "lowering",
    cl::desc("Options of quantx-lower-to-llvm-pipeline, as in its textual "
             "form (e.g. 'kernels=fast isa=avx512-vnni'); emit-c-interface "
             "is always on"),
    cl::init(""));
static cl::opt<std::string>
    dumpMLIR("dump-mlir", cl::desc("Write the module before lowering here"),
             cl::init(""));
static cl::opt<std::string>
    dumpObject("dump-object",
               cl::desc("Write the compiled object file here (AOT use)"),
               cl::init(""));
static cl::list<std::string> sharedLibs(
    "shared-libs",
    cl::desc("Libraries the compiled code may call (default: MLIR's "
             "c_runner_utils, for memrefCopy)"),
    cl::CommaSeparated);

//===----------------------------------------------------------------------===//
// .npy files
//===----------------------------------------------------------------------===//

namespace {
struct Array {
  std::string descr; // '<f4', '<i4', '|i1', ...
  std::vector<int64_t> shape;
  std::vector<char> data;
};
} // namespace

/// numpy dtype string of an MLIR element type, or empty.
static std::string descrOf(Type t) {
  if (t.isF32())
    return "<f4";
  if (t.isF64())
    return "<f8";
  if (t.isInteger(8))
    return "|i1";
  if (t.isInteger(16))
    return "<i2";
  if (t.isInteger(32))
    return "<i4";
  if (t.isInteger(64))
    return "<i8";
  return "";
}

static bool readNpy(StringRef path, Array &a, std::string &error) {
  auto buf = llvm::MemoryBuffer::getFile(path);
  if (!buf) {
    error = "cannot read " + path.str();
    return false;
  }
  StringRef s = (*buf)->getBuffer();
  if (s.size() < 10 || !s.starts_with("\x93NUMPY")) {
    error = path.str() + " is not a .npy file";
    return false;
  }
  uint8_t major = s[6];
  size_t headerLen, start;
  if (major == 1) {
    headerLen = uint8_t(s[8]) | (uint8_t(s[9]) << 8);
    start = 10;
  } else {
    if (s.size() < 12) {
      error = path.str() + " is truncated";
      return false;
    }
    headerLen = uint8_t(s[8]) | (uint8_t(s[9]) << 8) | (uint8_t(s[10]) << 16) |
                (size_t(uint8_t(s[11])) << 24);
    start = 12;
  }
  if (start + headerLen > s.size()) {
    error = path.str() + " is truncated";
    return false;
  }
  StringRef header = s.substr(start, headerLen);
  auto field = [&](StringRef key) -> StringRef {
    size_t k = header.find(key);
    if (k == StringRef::npos)
      return "";
    StringRef rest = header.drop_front(k + key.size());
    rest = rest.drop_while([](char c) { return c == ' ' || c == ':'; });
    return rest;
  };
  StringRef descr = field("'descr'");
  if (!descr.consume_front("'")) {
    error = path.str() + ": no dtype in the header";
    return false;
  }
  a.descr = descr.take_until([](char c) { return c == '\''; }).str();
  if (field("'fortran_order'").starts_with("True")) {
    error = path.str() + ": Fortran order is not supported";
    return false;
  }
  StringRef shape = field("'shape'");
  if (!shape.consume_front("(")) {
    error = path.str() + ": no shape in the header";
    return false;
  }
  shape = shape.take_until([](char c) { return c == ')'; });
  SmallVector<StringRef> dims;
  shape.split(dims, ',', -1, /*KeepEmpty=*/false);
  int64_t n = 1;
  a.shape.clear();
  for (StringRef d : dims) {
    int64_t v;
    if (d.trim().getAsInteger(10, v) || v < 0) {
      error = path.str() + ": bad shape";
      return false;
    }
    a.shape.push_back(v);
    n *= v;
  }
  size_t elt = a.descr.size() >= 3 ? a.descr[2] - '0' : 0;
  StringRef body = s.drop_front(start + headerLen);
  if (elt == 0 || body.size() != n * elt) {
    error = path.str() + ": data size does not match dtype and shape";
    return false;
  }
  a.data.assign(body.begin(), body.end());
  return true;
}

static bool writeNpy(StringRef path, const Array &a, std::string &error) {
  std::string shape;
  for (int64_t d : a.shape)
    shape += (shape.empty() ? "" : ", ") + std::to_string(d);
  if (a.shape.size() == 1)
    shape += ",";
  std::string header = "{'descr': '" + a.descr +
                       "', 'fortran_order': False, 'shape': (" + shape +
                       "), }";
  // Pad so that the data starts at a multiple of 64 bytes.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec);
  if (ec) {
    error = "cannot write " + path.str() + ": " + ec.message();
    return false;
  }
  os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
     << char(header.size() >> 8) << header;
  os.write(a.data.data(), a.data.size());
  return true;
}

//===----------------------------------------------------------------------===//
// Memref descriptors
//===----------------------------------------------------------------------===//

/// A ranked memref descriptor as the LLVM lowering lays it out: allocated and
/// aligned pointers, offset, sizes, strides (all 8 bytes).
static std::vector<int64_t> makeDescriptor(void *data,
                                           ArrayRef<int64_t> shape) {
  std::vector<int64_t> d = {reinterpret_cast<int64_t>(data),
                            reinterpret_cast<int64_t>(data), 0};
  d.insert(d.end(), shape.begin(), shape.end());
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t k = static_cast<int64_t>(shape.size()) - 2; k >= 0; --k)
    strides[k] = strides[k + 1] * shape[k + 1];
  d.insert(d.end(), strides.begin(), strides.end());
  return d;
}

/// Copies the memref at `desc` (rank `rank`, `elt` bytes per element) into a
/// contiguous buffer.
static std::vector<char> readDescriptor(const int64_t *desc, int64_t rank,
                                        size_t elt) {
  const char *base = reinterpret_cast<const char *>(desc[1]);
  int64_t offset = desc[2];
  const int64_t *sizes = desc + 3, *strides = desc + 3 + rank;
  int64_t n = 1;
  for (int64_t k = 0; k < rank; ++k)
    n *= sizes[k];
  std::vector<char> out(n * elt);
  std::vector<int64_t> idx(rank, 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t pos = offset;
    for (int64_t k = 0; k < rank; ++k)
      pos += idx[k] * strides[k];
    std::memcpy(out.data() + i * elt, base + pos * elt, elt);
    for (int64_t k = rank - 1; k >= 0; --k) {
      if (++idx[k] < sizes[k])
        break;
      idx[k] = 0;
    }
  }
  return out;
}

static int fail(const Twine &msg) {
  llvm::errs() << "quantx-run: " << msg << "\n";
  return 1;
}

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  registerAllPasses();
  quantx::registerAllPasses();
  cl::ParseCommandLineOptions(argc, argv,
                              "quantx-run: compile a model to native code "
                              "and run it on .npy inputs\n");

  DialectRegistry registry;
  registerAllDialects(registry);
  registerAllExtensions(registry);
  quantx::registerAllDialects(registry);
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagHandler(sourceMgr, &context);

  using Clock = std::chrono::steady_clock;
  auto msSince = [](Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
  };
  auto t0 = Clock::now();

  // Load the model.
  std::string error;
  auto file = openInputFile(inputFile, &error);
  if (!file)
    return fail(error);
  OwningOpRef<ModuleOp> module;
  if (StringRef(inputFile).ends_with(".onnx")) {
#ifdef QUANTX_HAVE_ONNX_IMPORT
    quantx::ONNXImportOptions options;
    options.functionName = entry;
    if (!quantx::parseONNXInputShapes(inputShapes, options, error))
      return fail("--onnx-input-shapes: " + error);
    module = quantx::importONNXModel(file->getBuffer(), inputFile, &context,
                                     options);
#else
    return fail("this quantx-run was built without the ONNX importer");
#endif
  } else {
    sourceMgr.AddNewSourceBuffer(std::move(file), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  if (!module)
    return 1;

  auto func = module->lookupSymbol<func::FuncOp>(entry);
  if (!func)
    return fail("no function @" + entry);
  FunctionType fnType = func.getFunctionType();
  SmallVector<RankedTensorType> argTypes, resultTypes;
  for (Type t : fnType.getInputs()) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape() || descrOf(rt.getElementType()).empty())
      return fail("argument type " + std::to_string(argTypes.size()) +
                  " is not a static tensor of f32/f64/i8/i16/i32/i64");
    argTypes.push_back(rt);
  }
  for (Type t : fnType.getResults()) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape() || descrOf(rt.getElementType()).empty())
      return fail("result types must be static tensors of "
                  "f32/f64/i8/i16/i32/i64");
    resultTypes.push_back(rt);
  }
  if (inputs.size() != argTypes.size())
    return fail("@" + entry + " takes " + std::to_string(argTypes.size()) +
                " inputs, " + std::to_string(inputs.size()) + " given");

  // Read the inputs.
  std::vector<Array> ins(inputs.size());
  for (size_t k = 0; k < inputs.size(); ++k) {
    if (!readNpy(inputs[k], ins[k], error))
      return fail(error);
    RankedTensorType t = argTypes[k];
    if (ins[k].descr != descrOf(t.getElementType()) ||
        ArrayRef<int64_t>(ins[k].shape) != t.getShape()) {
      std::string want;
      llvm::raw_string_ostream os(want);
      os << t;
      return fail(inputs[k] + " has dtype " + ins[k].descr +
                  " and a different shape or type than argument " +
                  std::to_string(k) + " (" + want + ")");
    }
  }

  // Compile.
  // The pass manager is anchored on the module, so a pipeline written the
  // way mlir-opt's --pass-pipeline wants it, `builtin.module(...)`, is
  // unwrapped: added as it is, it would nest on modules inside the module
  // and silently run nothing.
  PassManager pm(&context);
  StringRef pipelineText = StringRef(pipeline).trim();
  if (pipelineText.consume_front("builtin.module(")) {
    if (!pipelineText.consume_back(")"))
      return fail("cannot parse --pipeline: unbalanced 'builtin.module('");
  }
  if (!pipelineText.empty() && failed(parsePassPipeline(pipelineText, pm)))
    return fail("cannot parse --pipeline");
  if (failed(pm.run(*module)))
    return fail("the --pipeline failed");
  if (!dumpMLIR.empty()) {
    auto out = openOutputFile(dumpMLIR, &error);
    if (!out)
      return fail(error);
    module->print(out->os());
    out->keep();
  }
  double importMs = msSince(t0);
  auto t1 = Clock::now();
  PassManager lower(&context);
  auto lowerOptions =
      quantx::LowerToLLVMPipelineOptions::createFromString(lowering);
  if (!lowerOptions)
    return fail("cannot parse --lowering '" + lowering + "'");
  lowerOptions->emitCInterface = true;
  quantx::buildLowerToLLVMPipeline(lower, *lowerOptions);
  if (failed(lower.run(*module)))
    return fail("lowering to LLVM failed");

  ExecutionEngineOptions engineOptions;
  auto transformer = makeOptimizingTransformer(3, 0, nullptr);
  engineOptions.transformer = transformer;
  engineOptions.jitCodeGenOptLevel = llvm::CodeGenOptLevel::Aggressive;
  engineOptions.enableObjectDump = !dumpObject.empty();
  SmallVector<StringRef> libs;
  if (sharedLibs.empty())
    libs.push_back(QUANTX_MLIR_C_RUNNER_UTILS);
  for (const std::string &l : sharedLibs)
    libs.push_back(l);
  engineOptions.sharedLibPaths = libs;
  auto engineOr = ExecutionEngine::create(*module, engineOptions);
  if (!engineOr) {
    llvm::errs() << "quantx-run: cannot compile: "
                 << llvm::toString(engineOr.takeError()) << "\n";
    return 1;
  }
  std::unique_ptr<ExecutionEngine> engine = std::move(*engineOr);
  if (!dumpObject.empty())
    engine->dumpToObjectFile(dumpObject);
  double compileMs = msSince(t1);

  // Arguments: result struct pointer first, then one descriptor per input.
  std::vector<std::vector<char>> inData(ins.size());
  std::vector<std::vector<int64_t>> inDescs(ins.size());
  std::vector<void *> inDescPtrs(ins.size());
  for (size_t k = 0; k < ins.size(); ++k) {
    inData[k] = ins[k].data;
    if (inData[k].empty())
      inData[k].resize(1);
    inDescs[k] = makeDescriptor(inData[k].data(), ins[k].shape);
    inDescPtrs[k] = inDescs[k].data();
  }
  size_t resultWords = 0;
  std::vector<size_t> resultOffsets;
  for (RankedTensorType t : resultTypes) {
    resultOffsets.push_back(resultWords);
    resultWords += 3 + 2 * t.getRank();
  }
  std::vector<int64_t> resultStruct(std::max<size_t>(resultWords, 1));
  void *resultPtr = resultStruct.data();
  std::vector<void *> args;
  if (!resultTypes.empty())
    args.push_back(&resultPtr);
  for (void *&p : inDescPtrs)
    args.push_back(&p);

  auto runOnce = [&]() -> bool {
    for (size_t k = 0; k < ins.size(); ++k)
      std::memcpy(inData[k].data(), ins[k].data.data(), ins[k].data.size());
    if (llvm::Error err = engine->invokePacked("_mlir_ciface_" + entry, args)) {
      llvm::errs() << "quantx-run: " << llvm::toString(std::move(err))
                   << "\n";
      return false;
    }
    return true;
  };
  // Results are allocated by the compiled code and owned by the caller.
  auto freeResults = [&]() {
    for (size_t k = 0; k < resultTypes.size(); ++k)
      free(reinterpret_cast<void *>(resultStruct[resultOffsets[k]]));
  };
  if (!runOnce())
    return 1;
  std::vector<double> times;
  for (int r = 0; r < repeat; ++r) {
    freeResults();
    auto t = Clock::now();
    if (!runOnce())
      return 1;
    times.push_back(msSince(t));
  }

  // Write the results of the last run.
  for (size_t k = 0; k < resultTypes.size(); ++k) {
    RankedTensorType t = resultTypes[k];
    Array a;
    a.descr = descrOf(t.getElementType());
    a.shape.assign(t.getShape().begin(), t.getShape().end());
    a.data = readDescriptor(resultStruct.data() + resultOffsets[k],
                            t.getRank(), a.descr[2] - '0');
    if (k < outputs.size() && !writeNpy(outputs[k], a, error))
      return fail(error);
  }
  freeResults();

  std::sort(times.begin(), times.end());
  double median = times.empty() ? 0.0 : times[times.size() / 2];
  llvm::outs() << llvm::format(
      "quantx-run: import %.1f ms, compile %.1f ms, %d run(s): median %.3f "
      "ms, min %.3f ms per inference\n",
      importMs, compileMs, static_cast<int>(times.size()), median,
      times.empty() ? 0.0 : times.front());
  return 0;
}
