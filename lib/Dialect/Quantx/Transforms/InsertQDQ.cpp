//===- InsertQDQ.cpp - quantx-insert-qdq ----------------------------------===//
//
// Chooses scales and zero points from calibration statistics (activations)
// and from the constants themselves (weights), and inserts quantize /
// dequantize pairs around the selected matmuls and convolutions. The
// numerics are the Utils functions (Clipping.h); this file decides what to
// quantize, builds the quant types and the IR, and explains itself under
// -debug-only=quantx-insert-qdq.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Transforms/InsertQDQ.h"

#include "quantx/Dialect/Quantx/IR/CodebookUtils.h"
#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"
#include "quantx/Dialect/Quantx/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Debug.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

#define DEBUG_TYPE "quantx-insert-qdq"
#define DBGS() (llvm::dbgs() << "[" DEBUG_TYPE "] ")

namespace mlir {
namespace quantx {
#define GEN_PASS_DEF_QUANTXINSERTQDQ
#include "quantx/Dialect/Quantx/Transforms/Passes.h.inc"
} // namespace quantx
} // namespace mlir

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Configuration
//===----------------------------------------------------------------------===//

FailureOr<InsertQDQConfig>
InsertQDQConfig::fromOptions(const QuantxInsertQDQOptions &options,
                             std::string &error) {
  InsertQDQConfig c;
  auto fail = [&](const Twine &message) {
    error = message.str();
    return failure();
  };
  for (auto [name, bits] : {std::pair<const char *, unsigned>{
                                "weight-bits", options.weightBits},
                            {"activation-bits", options.activationBits}})
    if (!isSupportedBitWidth(bits))
      return fail(Twine(name) + " must be 2 to 8 or 16, got " + Twine(bits));
  c.weightScheme.bits = options.weightBits;
  c.weightScheme.symmetric = options.weightSymmetric;
  c.weightScheme.narrowRange = options.weightNarrowRange;
  c.activationScheme.bits = options.activationBits;
  c.activationScheme.symmetric = options.activationSymmetric;
  c.activationScheme.narrowRange = false;
  c.weightGranularity = options.weightGranularity;
  c.groupSize = options.groupSize;
  if (c.weightGranularity == WeightGranularity::PerGroup && c.groupSize == 0)
    return fail("group-size must be positive");
  for (auto [name, text, spec] :
       {std::tuple<const char *, const std::string &, ClipSpec &>{
            "weight-clip", options.weightClip, c.weightClip},
        {"activation-clip", options.activationClip, c.activationClip}}) {
    llvm::Expected<ClipSpec> parsed = ClipSpec::parse(text);
    if (!parsed)
      return fail(Twine(name) + ": " + llvm::toString(parsed.takeError()));
    spec = *parsed;
  }
  for (const std::string &kind : options.ops) {
    std::optional<TargetKind> k = symbolizeTargetKind(kind);
    if (!k)
      return fail("ops: unknown op kind '" + kind +
                  "' (expected matmul, batch_matmul, conv, depthwise_conv)");
    c.ops.push_back(*k);
  }
  c.skipFirst = options.skipFirst;
  c.skipLast = options.skipLast;
  c.bitAllocation = options.bitAllocation;
  c.biasCorrection = options.biasCorrection;
  bool perTensor = c.weightGranularity == WeightGranularity::PerTensor;
  if (c.bitAllocation && perTensor)
    return fail("bit-allocation needs per-channel or per-group weights");
  if (c.bitAllocation && c.weightScheme.bits > 8)
    return fail("bit-allocation allocates at most 8 bits per channel; "
                "weight-bits must be at most 8");
  if (c.biasCorrection && perTensor)
    return fail("bias-correction needs per-channel or per-group weights");
  c.rounding = options.rounding;
  c.emitRemarks = options.emitRemarks;
  return c;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

static std::string num(double v) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::format("%.6g", v);
  return out;
}

static std::string describe(const QuantScheme &s) {
  return (Twine(s.bits) + "-bit " + (s.symmetric ? "symmetric" : "asymmetric") +
          " [" + Twine(s.qmin()) + ", " + Twine(s.qmax()) + "]")
      .str();
}

static std::string describe(const TensorStatistics &s) {
  return "count " + std::to_string(s.count) + ", min " + num(s.min) +
         ", max " + num(s.max) + ", mean " + num(s.mean) + ", std " +
         num(s.std) + ", mad " + num(s.meanAbsDev) +
         (s.histogram
              ? ", histogram of " + std::to_string(s.histogram->numBins()) +
                    " bins"
              : ", no histogram");
}

static unsigned quantFlags(const QuantScheme &s) {
  return s.isSigned ? quant::QuantizationFlags::Signed : 0;
}

static quant::UniformQuantizedType perTensorType(MLIRContext *ctx,
                                                 const QuantScheme &s,
                                                 const QuantParams &p) {
  return quant::UniformQuantizedType::get(
      quantFlags(s), IntegerType::get(ctx, s.storageWidth()),
      Float32Type::get(ctx), p.scale, p.zeroPoint, s.qmin(), s.qmax());
}

static std::string granularityName(WeightGranularity g, int64_t channels,
                                   unsigned groupSize) {
  switch (g) {
  case WeightGranularity::PerTensor:
    return "per-tensor";
  case WeightGranularity::PerChannel:
    return "per-channel(" + std::to_string(channels) + ")";
  case WeightGranularity::PerGroup:
    return "per-group(" + std::to_string(groupSize) + ")";
  }
  return "";
}

/// The real range a grid built from `r` clips to: `r` widened to include 0,
/// and made symmetric for a symmetric grid.
static ClipRange effectiveClip(ClipRange r, const QuantScheme &s) {
  double lo = std::min(r.lo, 0.0), hi = std::max(r.hi, 0.0);
  if (s.symmetric) {
    double c = std::max(-lo, hi);
    return {-c, c};
  }
  return {lo, hi};
}

namespace {
/// The decision for one activation value.
struct ActivationChoice {
  QuantParams params;
  ClipRange clip;
  Type elementType;
  Value dequantized; // once inserted
};

/// The decision for one weight constant.
struct WeightChoice {
  std::vector<int64_t> ints;
  std::vector<QuantParams> params; // per group
  std::vector<unsigned> bits;      // per group
  std::vector<ClipRange> clips;    // per group
  Type elementType;
  double sqnrDb = 0;
};
} // namespace

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

/// The ranges every clipping method picks for `stats`, with the SQNR each
/// gives (from the histogram), for the report.
static std::vector<ClipAlternative>
clipAlternatives(const TensorStatistics &stats, const InsertQDQConfig &config) {
  std::vector<ClipAlternative> out;
  if (!stats.histogram)
    return out;
  double p = config.activationClip.method == ClipMethod::Percentile
                 ? config.activationClip.percentile
                 : 99.99;
  for (ClipSpec spec : {ClipSpec{ClipMethod::MinMax}, ClipSpec{ClipMethod::Percentile, p},
                        ClipSpec{ClipMethod::MSE}, ClipSpec{ClipMethod::AciqLaplace},
                        ClipSpec{ClipMethod::AciqGauss}}) {
    llvm::Expected<ClipRange> r =
        chooseClipRange(stats, spec, config.activationScheme);
    if (!r) {
      llvm::consumeError(r.takeError());
      continue;
    }
    QuantParams params = chooseQuantParams(r->lo, r->hi, config.activationScheme);
    ClipRange effective = effectiveClip(*r, config.activationScheme);
    out.push_back({spec.str(), effective.lo, effective.hi, params.scale,
                   params.zeroPoint,
                   histogramSqnrDb(*stats.histogram, params, config.rounding)});
  }
  return out;
}

static FailureOr<ActivationChoice>
chooseActivation(const QuantizationTarget &target, const CalibrationPoint &point,
                 const InsertQDQConfig &config, ReportEntry *entry) {
  TensorStatsAttr attr = getTensorStats(point.value);
  if (!attr)
    return target.op->emitError()
           << "no calibration statistics for the activation input '"
           << point.name
           << "'; run quantx-calibrate first, or leave this op out (ops, "
              "skip-first, skip-last)";
  TensorStatistics stats = attr.getStatistics();
  LLVM_DEBUG(DBGS() << "  activation '" << point.name
                    << "': " << describe(stats) << "\n");
  llvm::Expected<ClipRange> clip =
      chooseClipRange(stats, config.activationClip, config.activationScheme);
  if (!clip) {
    llvm::consumeError(clip.takeError());
    return target.op->emitError()
           << "activation-clip '" << config.activationClip.str()
           << "' needs a histogram, and the statistics of '" << point.name
           << "' have none";
  }
  ActivationChoice choice;
  choice.clip = *clip;
  choice.params = chooseQuantParams(clip->lo, clip->hi, config.activationScheme);
  choice.elementType = perTensorType(target.op->getContext(),
                                     config.activationScheme, choice.params);
  LLVM_DEBUG(DBGS() << "  activation '" << point.name << "': "
                    << config.activationClip.str() << " clips to ["
                    << num(clip->lo) << ", " << num(clip->hi) << "]; "
                    << describe(config.activationScheme) << " -> scale "
                    << num(choice.params.scale) << ", zero point "
                    << choice.params.zeroPoint << "\n");
  if (entry) {
    entry->kind = "activation";
    entry->granularity = "per-tensor";
    entry->bits = std::to_string(config.activationScheme.bits);
    entry->symmetric = config.activationScheme.symmetric;
    entry->method = config.activationClip.str();
    ClipRange effective = effectiveClip(*clip, config.activationScheme);
    entry->clipLo = effective.lo;
    entry->clipHi = effective.hi;
    entry->scaleMin = entry->scaleMax = choice.params.scale;
    entry->zeroPointMin = entry->zeroPointMax = choice.params.zeroPoint;
    entry->sqnrSource = "histogram";
    entry->sqnrDb =
        stats.histogram
            ? histogramSqnrDb(*stats.histogram, choice.params, config.rounding)
            : NAN;
    entry->histogram = stats.histogram;
    entry->alternatives = clipAlternatives(stats, config);
  }
  return choice;
}

/// quantize + dequantize of `value`, right after its definition.
static Value insertActivationQDQ(OpBuilder &builder, Value value,
                                 Type elementType, RoundingMode rounding) {
  OpBuilder::InsertionGuard guard(builder);
  if (auto arg = dyn_cast<BlockArgument>(value))
    builder.setInsertionPointToStart(arg.getOwner());
  else
    builder.setInsertionPointAfterValue(value);
  auto type = cast<RankedTensorType>(value.getType());
  Location loc = value.getLoc();
  Value q = QuantizeOp::create(builder, loc, type.clone(elementType), value,
                               rounding);
  return DequantizeOp::create(builder, loc, type, q);
}

//===----------------------------------------------------------------------===//
// Weights
//===----------------------------------------------------------------------===//

static double mean(ArrayRef<double> v) {
  double s = 0;
  for (double x : v)
    s += x;
  return v.empty() ? 0 : s / double(v.size());
}

static double unbiasedStd(ArrayRef<double> v) {
  if (v.size() < 2)
    return 0;
  double m = mean(v), s = 0;
  for (double x : v)
    s += (x - m) * (x - m);
  return std::sqrt(s / double(v.size() - 1));
}

static FailureOr<WeightChoice>
chooseWeights(const QuantizationTarget &target, ArrayRef<double> values,
              ArrayRef<int64_t> shape, const InsertQDQConfig &config,
              std::string &why, ReportEntry *entry) {
  MLIRContext *ctx = target.op->getContext();
  int64_t numElements = values.size();
  int64_t outAxis = target.weightOutputAxis;
  int64_t redAxis = target.weightReductionAxis;
  int64_t channels = shape[outAxis];
  auto inner = [&](int64_t axis) {
    int64_t n = 1;
    for (size_t d = axis + 1; d < shape.size(); ++d)
      n *= shape[d];
    return n;
  };
  int64_t outInner = inner(outAxis);
  int64_t groupsPerChannel = 1, redInner = 1;
  WeightGranularity g = config.weightGranularity;
  if (g == WeightGranularity::PerGroup) {
    if (redAxis < 0) {
      why = "per-group weights need an input-channel dimension, and a "
            "depthwise filter has none";
      return failure();
    }
    if (shape[redAxis] % config.groupSize != 0) {
      why = llvm::formatv("group-size {0} does not divide the {1} input "
                          "channels of the weights",
                          config.groupSize, shape[redAxis]);
      return failure();
    }
    groupsPerChannel = shape[redAxis] / config.groupSize;
    redInner = inner(redAxis);
  }
  int64_t numGroups = g == WeightGranularity::PerTensor
                          ? 1
                          : channels * groupsPerChannel;
  auto channelOf = [&](int64_t e) { return (e / outInner) % channels; };
  auto groupOf = [&](int64_t e) -> int64_t {
    if (g == WeightGranularity::PerTensor)
      return 0;
    int64_t c = channelOf(e);
    if (g == WeightGranularity::PerChannel)
      return c;
    int64_t r = (e / redInner) % shape[redAxis];
    return c * groupsPerChannel + r / config.groupSize;
  };

  std::vector<std::vector<double>> groupValues(numGroups);
  std::vector<std::vector<double>> channelValues(channels);
  for (int64_t e = 0; e < numElements; ++e) {
    groupValues[groupOf(e)].push_back(values[e]);
    channelValues[channelOf(e)].push_back(values[e]);
  }

  // Bits per group: the configured width, or ACIQ's allocation per output
  // channel (from the channels' standard deviations, as the reference code
  // allocates weight bits).
  WeightChoice choice;
  std::vector<QuantScheme> schemes(numGroups, config.weightScheme);
  if (config.bitAllocation) {
    std::vector<double> alphas;
    for (const std::vector<double> &v : channelValues)
      alphas.push_back(unbiasedStd(v));
    std::vector<unsigned> bits =
        allocateBits(alphas, double(config.weightScheme.bits));
    LLVM_DEBUG({
      DBGS() << "  weights: bit allocation for a mean of "
             << config.weightScheme.bits << " bits: [";
      llvm::interleaveComma(bits, llvm::dbgs());
      llvm::dbgs() << "]\n";
    });
    for (int64_t i = 0; i < numGroups; ++i) {
      QuantScheme &s = schemes[i];
      s.bits = bits[i / groupsPerChannel];
      s.symmetric = false;
      s.narrowRange = false;
    }
  }

  for (int64_t i = 0; i < numGroups; ++i) {
    const QuantScheme &s = schemes[i];
    choice.bits.push_back(s.bits);
    if (s.bits == 0) {
      // One level: the channel becomes 0.
      choice.params.push_back({1.0, 0, 0, 0});
      choice.clips.push_back({0, 0});
      continue;
    }
    llvm::Expected<TensorStatistics> stats = computeStatistics(
        groupValues[i], {static_cast<int64_t>(groupValues[i].size())});
    if (!stats) {
      why = "weights: " + llvm::toString(stats.takeError());
      return failure();
    }
    llvm::Expected<ClipRange> clip =
        chooseClipRange(*stats, config.weightClip, s);
    if (!clip) {
      why = llvm::toString(clip.takeError());
      return failure();
    }
    choice.clips.push_back(effectiveClip(*clip, s));
    choice.params.push_back(chooseQuantParams(clip->lo, clip->hi, s));
  }

  choice.ints.resize(numElements);
  for (int64_t e = 0; e < numElements; ++e)
    choice.ints[e] = quantizeWith(choice.params[groupOf(e)],
                                  static_cast<float>(values[e]),
                                  config.rounding);

  if (config.biasCorrection) {
    std::vector<std::vector<double>> wHat(channels);
    for (int64_t e = 0; e < numElements; ++e)
      wHat[channelOf(e)].push_back(
          dequantizeWith(choice.params[groupOf(e)], choice.ints[e]));
    for (int64_t c = 0; c < channels; ++c) {
      std::optional<BiasCorrection> corr =
          computeBiasCorrection(channelValues[c], wHat[c]);
      if (!corr) {
        LLVM_DEBUG(DBGS() << "  weights: channel " << c
                          << ": no bias correction (a constant channel "
                             "before or after quantization)\n");
        continue;
      }
      for (int64_t j = 0; j < groupsPerChannel; ++j) {
        QuantParams &p = choice.params[c * groupsPerChannel + j];
        QuantParams corrected = applyBiasCorrection(*corr, p);
        LLVM_DEBUG(DBGS() << "  weights: channel " << c << ": bias correction xi "
                          << num(corr->xi) << ", offset " << num(corr->offset)
                          << ": scale " << num(p.scale) << " -> "
                          << num(corrected.scale) << ", zero point "
                          << p.zeroPoint << " -> " << corrected.zeroPoint
                          << "\n");
        p = corrected;
      }
    }
  }

  std::vector<double> wHat(numElements);
  for (int64_t e = 0; e < numElements; ++e)
    wHat[e] = dequantizeWith(choice.params[groupOf(e)], choice.ints[e]);
  choice.sqnrDb = sqnrDb(values, wHat);

  // The quant type. Storage: the configured grid, or i8 (full range) when
  // channels have their own widths.
  QuantScheme storage = config.weightScheme;
  if (config.bitAllocation) {
    storage.bits = 8;
    storage.narrowRange = false;
  }
  Type storageType = IntegerType::get(ctx, storage.storageWidth());
  Type f32 = Float32Type::get(ctx);
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (const QuantParams &p : choice.params) {
    scales.push_back(p.scale);
    zeroPoints.push_back(p.zeroPoint);
  }
  switch (g) {
  case WeightGranularity::PerTensor:
    choice.elementType = quant::UniformQuantizedType::get(
        quantFlags(storage), storageType, f32, scales[0], zeroPoints[0],
        storage.qmin(), storage.qmax());
    break;
  case WeightGranularity::PerChannel:
    choice.elementType = quant::UniformQuantizedPerAxisType::get(
        quantFlags(storage), storageType, f32, scales, zeroPoints, outAxis,
        storage.qmin(), storage.qmax());
    break;
  case WeightGranularity::PerGroup: {
    // Scales shaped like the weights with 1 for the dimensions a block
    // spans entirely, C for the output axis and C_in / group for the input
    // axis; groups are numbered channel-major above.
    SmallVector<int64_t> scaleShape(shape.size(), 1);
    scaleShape[outAxis] = channels;
    scaleShape[redAxis] = groupsPerChannel;
    SmallVector<APFloat> scaleValues;
    SmallVector<APInt> zpValues;
    for (int64_t i = 0; i < numGroups; ++i) {
      // Row-major position of (channel, group) in scaleShape.
      int64_t c, j;
      if (outAxis < redAxis) {
        c = i / groupsPerChannel;
        j = i % groupsPerChannel;
      } else {
        j = i / channels;
        c = i % channels;
      }
      int64_t group = c * groupsPerChannel + j;
      scaleValues.push_back(APFloat(float(scales[group])));
      zpValues.push_back(APInt(storage.storageWidth(), zeroPoints[group],
                               /*isSigned=*/true));
    }
    auto scalesAttr = DenseElementsAttr::get(
        RankedTensorType::get(scaleShape, f32), scaleValues);
    auto zpAttr = DenseElementsAttr::get(
        RankedTensorType::get(scaleShape, storageType), zpValues);
    SmallVector<int32_t> dims;
    SmallVector<int64_t> blocks;
    for (int64_t d : {std::min(outAxis, redAxis), std::max(outAxis, redAxis)}) {
      dims.push_back(static_cast<int32_t>(d));
      blocks.push_back(d == redAxis ? config.groupSize : 1);
    }
    choice.elementType = quant::UniformQuantizedSubChannelType::get(
        quantFlags(storage), storageType, f32, scalesAttr, zpAttr, dims,
        blocks, storage.qmin(), storage.qmax());
    break;
  }
  }

  LLVM_DEBUG({
    auto [sMin, sMax] = std::minmax_element(scales.begin(), scales.end());
    auto [zMin, zMax] = std::minmax_element(zeroPoints.begin(), zeroPoints.end());
    DBGS() << "  weights: " << granularityName(g, channels, config.groupSize)
           << ", " << config.weightClip.str() << ", "
           << (config.bitAllocation ? std::string("allocated bits")
                                    : describe(config.weightScheme))
           << ": scales [" << num(*sMin) << ", " << num(*sMax)
           << "], zero points [" << *zMin << ", " << *zMax << "], SQNR "
           << llvm::format("%.2f", choice.sqnrDb) << " dB\n";
  });

  if (entry) {
    entry->kind = "weight";
    entry->granularity = granularityName(g, channels, config.groupSize);
    auto [bMin, bMax] =
        std::minmax_element(choice.bits.begin(), choice.bits.end());
    if (*bMin == *bMax) {
      entry->bits = std::to_string(*bMin);
    } else {
      double meanBits = 0;
      for (unsigned b : choice.bits)
        meanBits += b;
      meanBits /= choice.bits.size();
      entry->bits = llvm::formatv("{0}..{1} (mean {2:F2})", *bMin, *bMax,
                                  meanBits)
                        .str();
    }
    entry->symmetric = config.weightScheme.symmetric && !config.bitAllocation;
    entry->method = config.weightClip.str();
    entry->clipLo = INFINITY;
    entry->clipHi = -INFINITY;
    for (const ClipRange &r : choice.clips) {
      entry->clipLo = std::min(entry->clipLo, r.lo);
      entry->clipHi = std::max(entry->clipHi, r.hi);
    }
    auto [sMin, sMax] = std::minmax_element(scales.begin(), scales.end());
    auto [zMin, zMax] = std::minmax_element(zeroPoints.begin(), zeroPoints.end());
    entry->scaleMin = *sMin;
    entry->scaleMax = *sMax;
    entry->zeroPointMin = *zMin;
    entry->zeroPointMax = *zMax;
    entry->sqnrDb = choice.sqnrDb;
    entry->sqnrSource = "exact";
  }
  return choice;
}

/// arith.constant of the integers, quant.scast to the quantized type, then
/// quantx.dequantize, right before `before`.
static Value materializeWeights(OpBuilder &builder, Operation *before,
                                Value weights, const WeightChoice &choice) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(before);
  Location loc = weights.getLoc();
  auto type = cast<RankedTensorType>(weights.getType());
  auto qType = cast<quant::QuantizedType>(choice.elementType);
  auto storageType = cast<IntegerType>(qType.getStorageType());
  SmallVector<APInt> ints;
  ints.reserve(choice.ints.size());
  for (int64_t v : choice.ints)
    ints.push_back(APInt(storageType.getWidth(), v, /*isSigned=*/true));
  auto attr =
      DenseElementsAttr::get(RankedTensorType::get(type.getShape(), storageType),
                             ints);
  Value storage = arith::ConstantOp::create(builder, loc, attr);
  Value quantized = quant::StorageCastOp::create(
      builder, loc, type.clone(choice.elementType), storage);
  return DequantizeOp::create(builder, loc, type, quantized);
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

static std::string opLabel(const QuantizationTarget &t) {
  return t.name + " (" + t.op->getName().getStringRef().str() + ")";
}

static LogicalResult processFunction(FunctionOpInterface func,
                                     const InsertQDQConfig &config,
                                     QuantizationReport *report) {
  SmallVector<QuantizationTarget> all = collectQuantizationTargets(func);
  if (all.empty())
    return success();
  SmallVector<CalibrationPoint> points = collectCalibrationPoints(all);
  llvm::DenseMap<Value, const CalibrationPoint *> pointOf;
  for (const CalibrationPoint &p : points)
    pointOf[p.value] = &p;
  std::string funcName = func.getName().str();

  auto skip = [&](const QuantizationTarget &t, const Twine &why) {
    LLVM_DEBUG(DBGS() << "@" << funcName << " " << opLabel(t)
                      << ": not quantized: " << why << "\n");
    if (config.emitRemarks)
      t.op->emitRemark() << "not quantized: " << why;
  };

  SmallVector<const QuantizationTarget *> selected;
  for (const QuantizationTarget &t : all) {
    if (!config.ops.empty() && !llvm::is_contained(config.ops, t.kind)) {
      skip(t, Twine("op kind '") + stringifyTargetKind(t.kind) +
                  "' is not in 'ops'");
      continue;
    }
    selected.push_back(&t);
  }
  if (config.skipFirst && !selected.empty()) {
    skip(*selected.front(), "it is the first selected op (skip-first)");
    selected.erase(selected.begin());
  }
  if (config.skipLast && !selected.empty()) {
    skip(*selected.back(), "it is the last selected op (skip-last)");
    selected.pop_back();
  }

  OpBuilder builder(func.getContext());
  llvm::DenseMap<Value, ActivationChoice> activations;
  llvm::DenseMap<Value, size_t> activationEntry;
  for (const QuantizationTarget *t : selected) {
    Value weights = t->op->getOperand(t->weightOperand());
    // Dense or dense_resource (as importers write weights).
    ElementsAttr weightAttr;
    std::vector<float> weightValues;
    if (!matchPattern(weights, m_Constant(&weightAttr)) ||
        !weightAttr.getElementType().isF32() ||
        failed(readFloatElements(weightAttr, weightValues))) {
      skip(*t, "its weights (input 1) are not a dense f32 constant");
      continue;
    }
    LLVM_DEBUG(DBGS() << "@" << funcName << " " << opLabel(*t)
                      << ": quantizing\n");

    // Activation: once per value.
    const CalibrationPoint &point = *pointOf.lookup(t->activation);
    auto it = activations.find(t->activation);
    if (it == activations.end()) {
      ReportEntry entry;
      FailureOr<ActivationChoice> choice =
          chooseActivation(*t, point, config, report ? &entry : nullptr);
      if (failed(choice))
        return failure();
      it = activations.try_emplace(t->activation, *choice).first;
      if (report) {
        entry.function = funcName;
        entry.name = point.name;
        activationEntry[t->activation] = report->entries.size();
        report->entries.push_back(std::move(entry));
      }
    } else {
      LLVM_DEBUG(DBGS() << "  activation '" << point.name
                        << "': already quantized, reusing\n");
    }

    // Weights.
    SmallVector<double> values;
    for (float v : weightValues) {
      if (!std::isfinite(v))
        return t->op->emitError() << "weights (input 1) contain a non-finite "
                                     "value; refusing to quantize them";
      values.push_back(v);
    }
    ReportEntry weightEntry;
    std::string why;
    FailureOr<WeightChoice> weightChoice =
        chooseWeights(*t, values, weightAttr.getShapedType().getShape(), config,
                      why,
                      report ? &weightEntry : nullptr);
    if (failed(weightChoice)) {
      skip(*t, why);
      continue;
    }

    // Rewrite: the activation pair (inserted once), then the weights.
    ActivationChoice &act = it->second;
    if (!act.dequantized)
      act.dequantized = insertActivationQDQ(builder, t->activation,
                                            act.elementType, config.rounding);
    if (tensor::PadOp pad = t->pad)
      pad.getSourceMutable().assign(act.dequantized);
    else
      t->op->setOperand(t->activationOperand(), act.dequantized);
    Value dq = materializeWeights(builder, t->op, weights, *weightChoice);
    t->op->setOperand(t->weightOperand(), dq);
    if (Operation *def = weights.getDefiningOp(); def && def->use_empty())
      def->erase();

    if (report) {
      ReportEntry &actEntry = report->entries[activationEntry[t->activation]];
      actEntry.consumers +=
          (actEntry.consumers.empty() ? "" : ",") + t->name;
      weightEntry.function = funcName;
      weightEntry.name = t->name + ".weight";
      weightEntry.consumers = t->name;
      report->entries.push_back(std::move(weightEntry));
    }
  }
  return success();
}

LogicalResult mlir::quantx::insertQuantizeDequantize(Operation *root,
                                                     const InsertQDQConfig &config,
                                                     QuantizationReport *report) {
  SmallVector<FunctionOpInterface> funcs;
  root->walk([&](FunctionOpInterface func) {
    if (!func.isExternal())
      funcs.push_back(func);
  });
  for (FunctionOpInterface func : funcs)
    if (failed(processFunction(func, config, report)))
      return failure();
  return success();
}

//===----------------------------------------------------------------------===//
// Pass
//===----------------------------------------------------------------------===//

namespace {
struct QuantxInsertQDQPass
    : public quantx::impl::QuantxInsertQDQBase<QuantxInsertQDQPass> {
  using Base::Base;

  void runOnOperation() override {
    QuantxInsertQDQOptions options;
    options.weightBits = weightBits;
    options.activationBits = activationBits;
    options.weightGranularity = weightGranularity;
    options.groupSize = groupSize;
    options.weightSymmetric = weightSymmetric;
    options.activationSymmetric = activationSymmetric;
    options.weightNarrowRange = weightNarrowRange;
    options.weightClip = weightClip;
    options.activationClip = activationClip;
    options.ops.assign(ops.begin(), ops.end());
    options.skipFirst = skipFirst;
    options.skipLast = skipLast;
    options.bitAllocation = bitAllocation;
    options.biasCorrection = biasCorrection;
    options.rounding = rounding;
    options.emitRemarks = emitRemarks;
    std::string error;
    FailureOr<InsertQDQConfig> config =
        InsertQDQConfig::fromOptions(options, error);
    if (failed(config)) {
      getOperation()->emitError() << "quantx-insert-qdq: " << error;
      return signalPassFailure();
    }
    QuantizationReport reportData;
    if (failed(insertQuantizeDequantize(getOperation(), *config,
                                        report.empty() ? nullptr
                                                       : &reportData)))
      return signalPassFailure();
    if (!report.empty())
      if (llvm::Error e = reportData.writeFile(report)) {
        getOperation()->emitError() << llvm::toString(std::move(e));
        return signalPassFailure();
      }
  }
};
} // namespace
