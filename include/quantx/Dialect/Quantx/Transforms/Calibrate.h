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
#include "quantx/Dialect/Quantx/Utils/InputGram.h"
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
  /// Also collect the input Gram matrices of the layers
  /// quantx-codebook-quantize may quantize (`quantx.input_gram`), with
  /// these block sizes (as its `block-size` and `conv-block-size`; 0 for a
  /// convolution: KH * KW). Needs calibration inputs.
  bool inputGram = false;
  unsigned gramBlockSize = 8;
  unsigned gramConvBlockSize = 0;
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

/// A layer whose input Gram matrices calibration collects: a
/// `linalg.matmul` with the default maps or a `linalg.conv_2d_nchw_fchw` /
/// `conv_2d_nhwc_hwcf`, whose weight is an f32 constant and whose f32
/// activation (operand 0, after any padding) has K columns, K a multiple of
/// the block size. `layout` says how to read the activation.
struct InputGramLayer {
  Operation *op;
  InputGramLayout layout;
  /// K.
  int64_t reduction;
};

/// The layers of `entry` whose Gram matrices calibration collects, in walk
/// order (what quantx-codebook-quantize visits), for the block sizes of
/// `options`.
SmallVector<InputGramLayer>
getInputGramLayers(func::FuncOp entry, const CalibrationOptions &options);

/// Runs `entry` on the calibration inputs and returns the statistics of
/// every point (in order), and with `grams`, the Gram matrices of every
/// layer of `gramLayers` (S x d x d, row-major, in order), from the same
/// runs. Does not modify `module`. Emits diagnostics on `entry` and fails
/// for bad inputs, unsupported signatures, or a failed lowering or run.
FailureOr<std::vector<TensorStatistics>>
runCalibration(ModuleOp module, func::FuncOp entry,
               ArrayRef<CalibrationPoint> points,
               const CalibrationOptions &options,
               ArrayRef<InputGramLayer> gramLayers = {},
               std::vector<std::vector<float>> *grams = nullptr);

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
