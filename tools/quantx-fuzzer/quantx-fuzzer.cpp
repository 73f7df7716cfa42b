//===- quantx-fuzzer.cpp - libFuzzer target for quantx --------------------===//
//
// Parses arbitrary bytes as MLIR with the quantx dialect (and the upstream
// dialects quantx IR uses), verifies, and on what verifies runs
// -canonicalize (quantx's folders) and then every pass and pipeline that
// quantx registers (InitAllPasses.h), each on a fresh clone of the module.
// Passes and pipelines are found in the pass registry by name, so a new
// quantx pass or pipeline is fuzzed without changes here.
//
// Anything that parses is fine to reject: diagnostics and pass failures are
// the expected outcome. A crash, an assertion, a sanitizer report, a hang or
// a memory blow-up is a bug (docs/Fuzzing.md).
//
// Environment:
//   QUANTX_FUZZ_PASSES  regex selecting the passes/pipelines to run
//                       (default: all of quantx's)
//   QUANTX_FUZZ_VERBOSE print the selected passes at start-up
//
// `make fuzz FUZZ_SECONDS=600` builds and runs it (scripts/fuzz.sh); give it
// files to reproduce a finding: `quantx-fuzzer crash-<hash>`.
//
//===----------------------------------------------------------------------===//

#include "quantx/InitAllDialects.h"
#include "quantx/InitAllExtensions.h"
#include "quantx/InitAllPasses.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

using namespace mlir;

namespace {
/// What the fuzzer runs on every module that verifies.
struct Target {
  std::string name;
  const PassRegistryEntry *entry; // null for -canonicalize
};
} // namespace

static DialectRegistry *registry;
static std::vector<Target> *targets;

/// The names of every registered pass and pipeline. MLIR has no iterator
/// over its pass registry, but a PassPipelineCLParser registers one command
/// line option per entry, which llvm::cl lists.
static std::vector<std::string> registeredPassNames() {
  static PassPipelineCLParser parser("", "registered passes");
  std::vector<std::string> names;
  for (auto &option : llvm::cl::getRegisteredOptions()) {
    StringRef name = option.first;
    if (PassPipelineInfo::lookup(name) || PassInfo::lookup(name))
      names.push_back(name.str());
  }
  llvm::sort(names);
  return names;
}

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv) {
  // Only quantx's passes are registered, so every name found is quantx's.
  quantx::registerAllPasses();

  registry = new DialectRegistry();
  registry->insert<arith::ArithDialect, func::FuncDialect,
                   linalg::LinalgDialect, math::MathDialect,
                   quant::QuantDialect, scf::SCFDialect,
                   tensor::TensorDialect>();
  quantx::registerAllDialects(*registry);
  quantx::registerAllExtensions(*registry);

  const char *filter = std::getenv("QUANTX_FUZZ_PASSES");
  llvm::Regex regex(filter ? filter : ".*");
  targets = new std::vector<Target>();
  targets->push_back({"canonicalize", nullptr});
  for (const std::string &name : registeredPassNames()) {
    if (!regex.match(name))
      continue;
    const PassRegistryEntry *entry = PassPipelineInfo::lookup(name);
    if (!entry)
      entry = PassInfo::lookup(name);
    targets->push_back({name, entry});
  }
  if (std::getenv("QUANTX_FUZZ_VERBOSE")) {
    llvm::errs() << "quantx-fuzzer runs:";
    for (const Target &t : *targets)
      llvm::errs() << " " << t.name;
    llvm::errs() << "\n";
  }
  return 0;
}

/// Inputs that crash libMLIR.so itself, before any quantx code runs, in ways
/// quantx cannot fix (docs/Fuzzing.md lists each with a reproducer for stock
/// mlir-opt). They are skipped so the fuzzer keeps looking for quantx bugs
/// instead of finding the same upstream one again.
///
/// linalg.broadcast/transpose/reduce parse `dimensions = [...]` and
/// `permutation = [...]` with a custom parser that, in MLIR 22, stores a null
/// attribute when the list does not parse, and segfaults
/// (NamedAttrList::set -> Attribute::getContext). Stock mlir-opt crashes on
/// `linalg.broadcast ins(...) outs(...) dimensions = [0, K]` as well.
static bool hitsKnownUpstreamCrash(StringRef input) {
  // `dimensions =` or `permutation =` not followed by a well-formed list of
  // decimal integers (`[0, K]`, `[0 1]`, `[0,]` and `= %x` all crash).
  static const llvm::Regex keyword(
      "^(dimensions|permutation)[[:space:]]*=");
  static const llvm::Regex list(
      "^[[:space:]]*\\[[[:space:]]*"
      "(-?[0-9]+([[:space:]]*,[[:space:]]*-?[0-9]+)*)?[[:space:]]*\\]");
  for (StringRef word : {StringRef("dimensions"), StringRef("permutation")}) {
    for (size_t pos = input.find(word); pos != StringRef::npos;
         pos = input.find(word, pos + 1)) {
      SmallVector<StringRef, 1> head;
      StringRef rest = input.substr(pos);
      if (!keyword.match(rest, &head))
        continue;
      if (!list.match(rest.substr(head[0].size())))
        return true;
    }
  }
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  StringRef input(reinterpret_cast<const char *>(data), size);
  if (hitsKnownUpstreamCrash(input))
    return 0;

  // One context per input, single-threaded (the fuzzer runs on one core),
  // diagnostics swallowed: a rejected input is not a finding.
  MLIRContext context(*registry, MLIRContext::Threading::DISABLED);
  context.printOpOnDiagnostic(false);
  ScopedDiagnosticHandler silence(&context, [](Diagnostic &) {
    return success();
  });

  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(
          StringRef(reinterpret_cast<const char *>(data), size), "input"),
      llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 0;

  for (const Target &target : *targets) {
    OwningOpRef<ModuleOp> clone = module->clone();
    PassManager pm(&context);
    if (!target.entry) {
      pm.addPass(createCanonicalizerPass());
    } else if (failed(target.entry->addToPipeline(
                   pm, /*options=*/"",
                   [](const Twine &) { return failure(); }))) {
      continue;
    }
    (void)pm.run(*clone);
  }
  return 0;
}
