//===- Calibrate.h - activation statistics by running the model -*- C++ -*-===//
//
// The logic of quantx-calibrate, for compilers that drive it themselves:
// find the values to observe, run the float model on calibration inputs in
// process (MLIR's ExecutionEngine), attach or read statistics.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_CALIBRATE_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_CALIBRATE_H

#include "quantx/Dialect/Quantx/Transforms/QuantizationTargets.h"
#include "quantx/Dialect/Quantx/Utils/TensorStatistics.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/LLVM.h"

#include <functional>
#include <string>
#include <vector>

namespace mlir {
namespace quantx {

/// Options of the calibration (see quantx-calibrate).
struct CalibrationOptions {
  /// Entry function; empty: the only public function with a body.
  std::string entry;
  /// .npy files or directories of them.
  std::vector<std::string> inputs;
  /// JSON statistics to attach instead of running.
  std::string statsFile;
  /// Where to write the statistics of every point as JSON (optional).
  std::string dumpStats;
  unsigned numBins = kMinHistogramBins;
  bool perChannel = true;
  /// Adds the passes that lower the instrumented module to the LLVM
  /// dialect. Empty: the registered `quantx-lower-to-llvm-pipeline` (call
  /// mlir::quantx::registerQuantxPipelines() first).
  std::function<LogicalResult(OpPassManager &)> buildLowering;
};

/// The entry function `name` of `module`, or the only public function with a
/// body when `name` is empty; emits an error and returns null otherwise.
func::FuncOp findCalibrationEntry(ModuleOp module, StringRef name);

/// The values quantx-calibrate observes in `entry`.
SmallVector<CalibrationPoint> getCalibrationPoints(func::FuncOp entry);

/// Runs `entry` on the calibration inputs and returns the statistics of
/// every point (in order). Does not modify `module`. Emits diagnostics on
/// `entry` and fails for bad inputs, unsupported signatures, or a failed
/// lowering or run.
FailureOr<std::vector<TensorStatistics>>
runCalibration(ModuleOp module, func::FuncOp entry,
               ArrayRef<CalibrationPoint> points,
               const CalibrationOptions &options);

/// The whole pass: statistics from the inputs, the JSON file or the IR,
/// attached to the points of the entry function (and dumped when asked).
LogicalResult calibrateModule(ModuleOp module,
                              const CalibrationOptions &options);

/// Adds the dialects the default lowering creates, and the LLVM IR
/// translations the JIT needs, to `registry`.
void getCalibrationDependentDialects(DialectRegistry &registry);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_CALIBRATE_H
