//===- PTQPipeline.h - quantx post-training quantization pipeline -*- C++ -*-===//
//
// `quantx-ptq-pipeline`: a float model to integer kernels, as a pass pipeline
// other compilers can add to their own PassManager.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_PIPELINES_PTQPIPELINE_H
#define QUANTX_PIPELINES_PTQPIPELINE_H

#include "quantx/Dialect/Quantx/Transforms/InsertQDQ.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace mlir {
namespace quantx {

/// Options of `quantx-ptq-pipeline`: the main options of quantx-calibrate
/// and quantx-insert-qdq, forwarded under the same names and defaults
/// (see docs/generated/QuantxTransformPasses.md for their meaning).
struct QuantxPTQPipelineOptions
    : public PassPipelineOptions<QuantxPTQPipelineOptions> {
  // quantx-calibrate.
  PassOptions::Option<std::string> entry{
      *this, "entry",
      llvm::cl::desc("The function to calibrate; by default the only public "
                     "function with a body"),
      llvm::cl::init("")};
  PassOptions::ListOption<std::string> inputs{
      *this, "inputs",
      llvm::cl::desc("Calibration inputs: .npy files or directories of them, "
                     "grouped by the number of entry arguments")};
  PassOptions::Option<std::string> statsFile{
      *this, "stats-file",
      llvm::cl::desc("Take the statistics from this JSON file instead of "
                     "running the model"),
      llvm::cl::init("")};
  PassOptions::Option<std::string> dumpStats{
      *this, "dump-stats",
      llvm::cl::desc("Write the calibration statistics to this JSON file"),
      llvm::cl::init("")};
  PassOptions::Option<unsigned> numBins{
      *this, "num-bins", llvm::cl::desc("Histogram bins (at least 2048)"),
      llvm::cl::init(2048)};

  // quantx-insert-qdq.
  PassOptions::Option<unsigned> weightBits{
      *this, "weight-bits", llvm::cl::desc("Weight bit width: 2 to 8, or 16"),
      llvm::cl::init(8)};
  PassOptions::Option<unsigned> activationBits{
      *this, "activation-bits",
      llvm::cl::desc("Activation bit width: 2 to 8, or 16"),
      llvm::cl::init(8)};
  PassOptions::Option<WeightGranularity> weightGranularity{
      *this, "weight-granularity",
      llvm::cl::desc("Weight scales per tensor, per output channel, or per "
                     "group"),
      llvm::cl::init(WeightGranularity::PerChannel),
      llvm::cl::values(
          clEnumValN(WeightGranularity::PerTensor, "per-tensor", "one scale"),
          clEnumValN(WeightGranularity::PerChannel, "per-channel",
                     "one scale per output channel"),
          clEnumValN(WeightGranularity::PerGroup, "per-group",
                     "one scale per group-size input channels of each output "
                     "channel"))};
  PassOptions::Option<unsigned> groupSize{
      *this, "group-size",
      llvm::cl::desc("Input channels per group for per-group weights"),
      llvm::cl::init(32)};
  PassOptions::Option<bool> weightSymmetric{
      *this, "weight-symmetric",
      llvm::cl::desc("Symmetric weight grids (zero point 0)"),
      llvm::cl::init(true)};
  PassOptions::Option<bool> activationSymmetric{
      *this, "activation-symmetric",
      llvm::cl::desc("Symmetric activation grids (zero point 0)"),
      llvm::cl::init(false)};
  PassOptions::Option<std::string> weightClip{
      *this, "weight-clip",
      llvm::cl::desc("Weight clipping: minmax, percentile=<p>, mse, "
                     "aciq-laplace, aciq-gauss"),
      llvm::cl::init("minmax")};
  PassOptions::Option<std::string> activationClip{
      *this, "activation-clip",
      llvm::cl::desc("Activation clipping: minmax, percentile=<p>, mse, "
                     "aciq-laplace, aciq-gauss"),
      llvm::cl::init("minmax")};
  PassOptions::ListOption<std::string> ops{
      *this, "ops",
      llvm::cl::desc("Op kinds to quantize: matmul, batch_matmul, conv, "
                     "depthwise_conv (default: all)")};
  PassOptions::Option<bool> skipFirst{
      *this, "skip-first",
      llvm::cl::desc("Leave the first selected op of each function in float"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> skipLast{
      *this, "skip-last",
      llvm::cl::desc("Leave the last selected op of each function in float"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> bitAllocation{
      *this, "bit-allocation",
      llvm::cl::desc("ACIQ per-channel bit allocation for weights"),
      llvm::cl::init(false)};
  PassOptions::Option<bool> biasCorrection{
      *this, "bias-correction",
      llvm::cl::desc("Restore each output channel's weight mean and std"),
      llvm::cl::init(false)};
  PassOptions::Option<RoundingMode> rounding{
      *this, "rounding",
      llvm::cl::desc("Rounding mode of the inserted quantize ops and of the "
                     "weights; the requantize ops inherit it"),
      llvm::cl::init(RoundingMode::HalfToEven),
      llvm::cl::values(
          clEnumValN(RoundingMode::HalfToEven, "half_to_even",
                     "ties to even (ONNX, PyTorch)"),
          clEnumValN(RoundingMode::HalfAwayFromZero, "half_away_from_zero",
                     "ties away from zero"),
          clEnumValN(RoundingMode::HalfUp, "half_up", "ties toward +infinity"),
          clEnumValN(RoundingMode::TowardZero, "toward_zero",
                     "truncation"))};
  PassOptions::Option<std::string> report{
      *this, "report",
      llvm::cl::desc("Write the quantization report to this file (.md, "
                     ".json or CSV)"),
      llvm::cl::init("")};

  // quantx-fuse-qdq.
  PassOptions::Option<bool> floatEpilogue{
      *this, "float-epilogue",
      llvm::cl::desc("Also run convs/matmuls whose float result feeds more "
                     "than a quantize (HardSwish, residual adds, several "
                     "users) on integers, with a dequantize of the i32 "
                     "accumulator (quantx-fuse-qdq's float-epilogue)"),
      llvm::cl::init(false)};

  // Every pass.
  PassOptions::Option<bool> emitRemarks{
      *this, "emit-remarks",
      llvm::cl::desc("Have fold-batchnorm, insert-qdq and fuse-qdq emit a "
                     "remark on every candidate they leave alone, saying why"),
      llvm::cl::init(false)};
};

/// Post-training quantization of a float module: quantx-fold-batchnorm,
/// quantx-calibrate, quantx-insert-qdq, quantx-fuse-qdq, canonicalize. The
/// result holds quantx integer kernels plus requantize where fuse-qdq could
/// prove them safe, and the QDQ form elsewhere.
void buildQuantxPTQPipeline(OpPassManager &pm,
                            const QuantxPTQPipelineOptions &options);

/// Registers `quantx-ptq-pipeline` with the global pass registry.
void registerQuantxPTQPipeline();

} // namespace quantx
} // namespace mlir

#endif // QUANTX_PIPELINES_PTQPIPELINE_H
