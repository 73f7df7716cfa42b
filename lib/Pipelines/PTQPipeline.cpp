//===- PTQPipeline.cpp - quantx post-training quantization pipeline -------===//

#include "quantx/Pipelines/PTQPipeline.h"

#include "quantx/Dialect/Quantx/Transforms/Passes.h"

#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::quantx;

void mlir::quantx::buildQuantxPTQPipeline(
    OpPassManager &pm, const QuantxPTQPipelineOptions &options) {
  QuantxFoldBatchNormOptions fold;
  fold.emitRemarks = options.emitRemarks;
  pm.addPass(createQuantxFoldBatchNorm(fold));

  QuantxCalibrateOptions calibrate;
  calibrate.entry = options.entry;
  calibrate.inputs.assign(options.inputs.begin(), options.inputs.end());
  calibrate.statsFile = options.statsFile;
  calibrate.dumpStats = options.dumpStats;
  calibrate.numBins = options.numBins;
  pm.addPass(createQuantxCalibrate(calibrate));

  QuantxInsertQDQOptions insert;
  insert.weightBits = options.weightBits;
  insert.activationBits = options.activationBits;
  insert.weightGranularity = options.weightGranularity;
  insert.groupSize = options.groupSize;
  insert.weightSymmetric = options.weightSymmetric;
  insert.activationSymmetric = options.activationSymmetric;
  insert.weightClip = options.weightClip;
  insert.activationClip = options.activationClip;
  insert.ops.assign(options.ops.begin(), options.ops.end());
  insert.skipFirst = options.skipFirst;
  insert.skipLast = options.skipLast;
  insert.bitAllocation = options.bitAllocation;
  insert.biasCorrection = options.biasCorrection;
  insert.rounding = options.rounding;
  insert.emitRemarks = options.emitRemarks;
  insert.report = options.report;
  pm.addPass(createQuantxInsertQDQ(insert));

  QuantxFuseQDQOptions fuse;
  fuse.emitRemarks = options.emitRemarks;
  fuse.floatEpilogue = options.floatEpilogue;
  pm.addPass(createQuantxFuseQDQ(fuse));
  pm.addPass(createCanonicalizerPass());
}

void mlir::quantx::registerQuantxPTQPipeline() {
  PassPipelineRegistration<QuantxPTQPipelineOptions>(
      "quantx-ptq-pipeline",
      "Post-training quantization: fold batch norms, calibrate, insert "
      "quantize/dequantize pairs, fuse them into integer kernels",
      buildQuantxPTQPipeline);
}
