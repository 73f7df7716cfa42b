//===- TensorStatistics.h - calibration statistics without IR ---*- C++ -*-===//
//
// The statistics post-training quantization chooses its clipping from: count,
// min, max, mean, unbiased standard deviation, mean absolute deviation (the
// Laplace scale estimate of ACIQ), a histogram, and optionally the same
// moments per channel along one axis. quantx-calibrate accumulates them over
// calibration inputs, quantx-insert-qdq computes them for constant weights;
// the `#quantx.tensor_stats` attribute stores them in the IR.
//
// Accumulation is two passes over the data: the first finds the count, the
// range and the mean, the second fills a histogram whose range is fixed to
// [min, max] and sums squared and absolute deviations from the exact mean.
// Both passes visit the inputs in the same order and sum in double, so the
// result is deterministic and does not depend on how the data is split into
// calls.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_TENSORSTATISTICS_H
#define QUANTX_DIALECT_QUANTX_UTILS_TENSORSTATISTICS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace quantx {

/// The smallest histogram quantx-calibrate produces and the
/// `#quantx.tensor_stats` verifier accepts.
constexpr unsigned kMinHistogramBins = 2048;

/// A histogram of `counts.size()` equal bins over [lo, hi]. Bin i covers
/// [lo + i w, lo + (i + 1) w) with w = (hi - lo) / bins; the last bin includes
/// hi. A zero-width histogram (lo == hi) holds every value in bin 0.
struct Histogram {
  double lo = 0.0;
  double hi = 0.0;
  std::vector<uint64_t> counts;

  size_t numBins() const { return counts.size(); }
  double binWidth() const { return (hi - lo) / double(counts.size()); }
  double binLow(size_t i) const { return lo + double(i) * binWidth(); }
  double binCenter(size_t i) const { return lo + (double(i) + 0.5) * binWidth(); }
  uint64_t total() const;
  /// The bin of `x` (clamped to the range).
  size_t binIndex(double x) const;
  /// The q-quantile (0 <= q <= 1) with values spread uniformly within each
  /// bin: the x at which the cumulative count reaches q * total.
  double quantile(double q) const;
};

/// Moments of the values at each index along one axis.
struct ChannelStatistics {
  int64_t axis = 0;
  std::vector<double> min, max, mean, std, meanAbsDev;
  size_t size() const { return min.size(); }
};

/// Statistics of the values a tensor took.
struct TensorStatistics {
  uint64_t count = 0;
  double min = 0.0;
  double max = 0.0;
  double mean = 0.0;
  /// Unbiased (n - 1) standard deviation; 0 for a single value.
  double std = 0.0;
  /// Mean absolute deviation from the mean, E|x - mean|: the maximum
  /// likelihood estimate of the Laplace scale b when the mean is known.
  double meanAbsDev = 0.0;
  std::optional<Histogram> histogram;
  std::optional<ChannelStatistics> perChannel;

  /// Checks the invariants the `#quantx.tensor_stats` verifier enforces;
  /// returns an empty string when they hold, otherwise what is wrong.
  std::string validate() const;
};

/// Accumulates TensorStatistics over several arrays in two passes. Call
/// `observe` on every array (first pass), `startSecondPass`, `observe` on the
/// same arrays in the same order again, then `finish`. Values are given
/// row-major with their `shape`; the channel of a value is its index along
/// `channelAxis` (when per-channel statistics are requested, every array
/// must have the same extent along that axis). Non-finite values are an
/// error (reported by `observe`).
class StatisticsCollector {
public:
  StatisticsCollector(unsigned numBins = kMinHistogramBins,
                      std::optional<int64_t> channelAxis = std::nullopt);

  /// Adds one array to the current pass. Fails (and leaves the collector
  /// unchanged) for a non-finite value, a shape that does not match the
  /// number of values, or a channel axis or extent that does not fit.
  llvm::Error observe(llvm::ArrayRef<double> values,
                      llvm::ArrayRef<int64_t> shape);
  llvm::Error observe(llvm::ArrayRef<float> values,
                      llvm::ArrayRef<int64_t> shape);
  /// Ends the first pass: fixes the histogram range and the means.
  void startSecondPass();
  bool inSecondPass() const { return secondPass; }
  /// The statistics of everything observed (requires the second pass; fails
  /// if nothing was observed).
  llvm::Expected<TensorStatistics> finish() const;

private:
  template <typename T>
  llvm::Error observeImpl(llvm::ArrayRef<T> values,
                          llvm::ArrayRef<int64_t> shape);

  unsigned numBins;
  std::optional<int64_t> channelAxis;
  bool secondPass = false;
  uint64_t count = 0, secondCount = 0;
  double min = 0, max = 0, sum = 0;
  double mean = 0, sumSq = 0, sumAbs = 0;
  std::vector<uint64_t> bins;
  // Per channel.
  std::vector<uint64_t> chCount;
  std::vector<double> chMin, chMax, chSum, chMean, chSumSq, chSumAbs;
};

/// Both passes over one array.
llvm::Expected<TensorStatistics>
computeStatistics(llvm::ArrayRef<double> values, llvm::ArrayRef<int64_t> shape,
                  unsigned numBins = kMinHistogramBins,
                  std::optional<int64_t> channelAxis = std::nullopt);

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

/// The JSON form of one tensor's statistics, as quantx-calibrate reads and
/// writes it:
///
///   {"name": "conv1", "count": 4096, "min": -2.5, "max": 3.0, "mean": 0.01,
///    "std": 0.98, "mad": 0.78,
///    "histogram": {"lo": -2.5, "hi": 3.0, "bins": [0, 3, ...]},
///    "per_channel": {"axis": 1, "min": [...], "max": [...], "mean": [...],
///                    "std": [...], "mad": [...]}}
///
/// "histogram" and "per_channel" are optional.
llvm::json::Object statisticsToJSON(const TensorStatistics &stats);
llvm::Expected<TensorStatistics> statisticsFromJSON(const llvm::json::Value &v);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_TENSORSTATISTICS_H
