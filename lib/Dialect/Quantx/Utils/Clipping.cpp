//===- Clipping.cpp - scales, zero points and clipping without IR ---------===//

#include "quantx/Dialect/Quantx/Utils/Clipping.h"

#include "quantx/Dialect/Quantx/Utils/QuantizationMath.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <limits>

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Grids, scales and zero points
//===----------------------------------------------------------------------===//

bool mlir::quantx::isSupportedBitWidth(unsigned bits) {
  return (bits >= 2 && bits <= 8) || bits == 16;
}

int64_t QuantScheme::qmin() const {
  int64_t lowest = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  return narrowRange ? lowest + 1 : lowest;
}

int64_t QuantScheme::qmax() const {
  return isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
}

/// The f32 value of a positive scale, kept within the normal f32 range.
static double toF32Scale(double scale) {
  if (!(scale > 0) || !std::isfinite(scale))
    return 1.0;
  float f = static_cast<float>(std::min(scale, double(FLT_MAX)));
  return std::max(double(f), double(FLT_MIN));
}

QuantParams mlir::quantx::chooseQuantParams(double lo, double hi,
                                            const QuantScheme &scheme) {
  lo = std::min(lo, 0.0);
  hi = std::max(hi, 0.0);
  QuantParams p;
  p.qmin = scheme.qmin();
  p.qmax = scheme.qmax();
  if (scheme.symmetric) {
    p.zeroPoint = scheme.isSigned ? 0 : (p.qmin + p.qmax + 1) / 2;
    int64_t levels = std::min(p.qmax - p.zeroPoint, p.zeroPoint - p.qmin);
    double c = std::max(-lo, hi);
    p.scale = c > 0 && levels > 0 ? toF32Scale(c / double(levels)) : 1.0;
    return p;
  }
  if (!(hi > lo)) {
    p.scale = 1.0;
    p.zeroPoint = std::clamp<int64_t>(0, p.qmin, p.qmax);
    return p;
  }
  p.scale = toF32Scale((hi - lo) / double(p.qmax - p.qmin));
  double zp = std::round(double(p.qmin) - lo / p.scale);
  p.zeroPoint = static_cast<int64_t>(
      std::clamp(zp, double(p.qmin), double(p.qmax)));
  return p;
}

int64_t mlir::quantx::quantizeWith(const QuantParams &p, float x,
                                   RoundingMode mode) {
  return quantizeValue<float>(x, static_cast<float>(p.scale), p.zeroPoint,
                              p.qmin, p.qmax, mode);
}

double mlir::quantx::dequantizeWith(const QuantParams &p, int64_t q) {
  return dequantizeValue<float>(q, static_cast<float>(p.scale), p.zeroPoint);
}

//===----------------------------------------------------------------------===//
// ClipSpec
//===----------------------------------------------------------------------===//

llvm::Expected<ClipSpec> ClipSpec::parse(llvm::StringRef text) {
  ClipSpec spec;
  text = text.trim();
  if (text == "minmax") {
    spec.method = ClipMethod::MinMax;
  } else if (text == "mse") {
    spec.method = ClipMethod::MSE;
  } else if (text == "aciq-laplace") {
    spec.method = ClipMethod::AciqLaplace;
  } else if (text == "aciq-gauss") {
    spec.method = ClipMethod::AciqGauss;
  } else if (text.consume_front("percentile")) {
    spec.method = ClipMethod::Percentile;
    double p;
    if (!text.consume_front("=") || text.trim().getAsDouble(p) || !(p > 0) ||
        p > 100)
      return llvm::createStringError(
          "percentile needs a value in (0, 100]: percentile=<p>");
    spec.percentile = p;
  } else {
    return llvm::createStringError(
        "unknown clipping method '" + text.str() +
        "' (expected minmax, percentile=<p>, mse, aciq-laplace or "
        "aciq-gauss)");
  }
  return spec;
}

std::string ClipSpec::str() const {
  switch (method) {
  case ClipMethod::MinMax:
    return "minmax";
  case ClipMethod::Percentile:
  {
    std::string out;
    llvm::raw_string_ostream os(out);
    os << "percentile=" << llvm::format("%.10g", percentile);
    return out;
  }
  case ClipMethod::MSE:
    return "mse";
  case ClipMethod::AciqLaplace:
    return "aciq-laplace";
  case ClipMethod::AciqGauss:
    return "aciq-gauss";
  }
  return "";
}

//===----------------------------------------------------------------------===//
// ACIQ
//===----------------------------------------------------------------------===//

/// The root of an increasing function f on [lo, hi] with f(lo) < 0 <= f(hi),
/// by bisection to the resolution of double.
template <typename F>
static double bisect(F f, double lo, double hi) {
  for (int i = 0; i < 2000; ++i) {
    double mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi)
      break;
    (f(mid) < 0 ? lo : hi) = mid;
  }
  return lo + (hi - lo) / 2;
}

double mlir::quantx::aciqLaplaceMSE(double alpha, double b, unsigned bits) {
  return 2 * b * b * std::exp(-alpha / b) +
         alpha * alpha / (3 * std::ldexp(1.0, 2 * int(bits)));
}

double mlir::quantx::aciqGaussMSE(double alpha, double sigma, unsigned bits) {
  double clip = (alpha * alpha + sigma * sigma) *
                    std::erfc(alpha / (std::sqrt(2.0) * sigma)) -
                std::sqrt(2.0 / M_PI) * alpha * sigma *
                    std::exp(-alpha * alpha / (2 * sigma * sigma));
  return clip + alpha * alpha / (3 * std::ldexp(1.0, 2 * int(bits)));
}

double mlir::quantx::aciqLaplaceAlpha(unsigned bits) {
  // d/da MSE = 0 with b = 1: a - 3 * 4^M * e^(-a) = 0, increasing in a.
  double k = 3 * std::ldexp(1.0, 2 * int(bits));
  auto f = [&](double a) { return a - k * std::exp(-a); };
  double hi = std::max(std::log(k), 1.0) + 1.0;
  return bisect(f, 0.0, hi);
}

double mlir::quantx::aciqGaussAlpha(unsigned bits) {
  // d/da MSE / 2 with s = 1: a erfc(a/sqrt2) - sqrt(2/pi) e^(-a^2/2)
  // + a / (3 * 4^M); its derivative erfc(a/sqrt2) + 1/(3 * 4^M) is positive.
  double k = 3 * std::ldexp(1.0, 2 * int(bits));
  auto f = [&](double a) {
    return a * std::erfc(a / std::sqrt(2.0)) -
           std::sqrt(2.0 / M_PI) * std::exp(-a * a / 2) + a / k;
  };
  double hi = 1.0;
  while (f(hi) < 0)
    hi *= 2;
  return bisect(f, 0.0, hi);
}

//===----------------------------------------------------------------------===//
// The MSE model over a histogram
//===----------------------------------------------------------------------===//

namespace {
/// Prefix sums over a histogram's bins (count, count * center, count *
/// center^2) for O(1) tail errors; values are uniform within each bin.
struct HistogramModel {
  const Histogram &h;
  double w;
  std::vector<double> n, s1, s2; // prefix sums, size bins + 1

  explicit HistogramModel(const Histogram &h) : h(h), w(h.binWidth()) {
    size_t bins = h.numBins();
    n.assign(bins + 1, 0);
    s1.assign(bins + 1, 0);
    s2.assign(bins + 1, 0);
    for (size_t i = 0; i < bins; ++i) {
      double c = double(h.counts[i]), m = h.binCenter(i);
      n[i + 1] = n[i] + c;
      s1[i + 1] = s1[i] + c * m;
      s2[i + 1] = s2[i] + c * m * m;
    }
  }

  double total() const { return n.back(); }

  /// Sum over bins [a, b) of count * ((center - t)^2 + w^2 / 12): the
  /// squared distance to t of values spread uniformly over those bins.
  double sqDist(size_t a, size_t b, double t) const {
    double cnt = n[b] - n[a];
    return (s2[b] - s2[a]) - 2 * t * (s1[b] - s1[a]) + t * t * cnt +
           cnt * w * w / 12;
  }

  /// Bin containing t, for lo <= t < hi.
  size_t bin(double t) const {
    size_t i = static_cast<size_t>((t - h.lo) / w);
    return std::min(i, h.numBins() - 1);
  }

  /// Squared error of clipping the values above t to t, and their count.
  std::pair<double, double> above(double t) const {
    size_t bins = h.numBins();
    if (t >= h.hi)
      return {0, 0};
    if (t < h.lo)
      return {sqDist(0, bins, t), total()};
    size_t j = bin(t);
    double b = h.lo + double(j + 1) * w;
    double c = double(h.counts[j]);
    double part = std::max(b - t, 0.0);
    return {sqDist(j + 1, bins, t) + c / w * part * part * part / 3,
            (n[bins] - n[j + 1]) + c * part / w};
  }

  /// The same below t.
  std::pair<double, double> below(double t) const {
    size_t bins = h.numBins();
    if (t <= h.lo)
      return {0, 0};
    if (t >= h.hi)
      return {sqDist(0, bins, t), total()};
    size_t j = bin(t);
    double a = h.lo + double(j) * w;
    double c = double(h.counts[j]);
    double part = std::max(t - a, 0.0);
    return {sqDist(0, j, t) + c / w * part * part * part / 3,
            n[j] + c * part / w};
  }

  double mse(double lo, double hi, double step) const {
    auto [eHi, nHi] = above(hi);
    auto [eLo, nLo] = below(lo);
    double inside = std::max(total() - nHi - nLo, 0.0);
    return (eHi + eLo + inside * step * step / 12) / total();
  }
};
} // namespace

double mlir::quantx::expectedClipMSE(const Histogram &h, double lo, double hi,
                                     double step) {
  if (h.total() == 0)
    return 0;
  if (!(h.hi > h.lo)) {
    // Every value is h.lo.
    double x = h.lo;
    if (x < lo)
      return (lo - x) * (lo - x);
    if (x > hi)
      return (x - hi) * (x - hi);
    return step * step / 12;
  }
  return HistogramModel(h).mse(lo, hi, step);
}

static ClipRange searchMSE(const TensorStatistics &stats,
                           const QuantScheme &scheme) {
  const Histogram &h = *stats.histogram;
  if (!(h.hi > h.lo) || h.total() == 0)
    return {stats.min, stats.max};
  HistogramModel model(h);
  double best = INFINITY;
  ClipRange bestRange{stats.min, stats.max};
  int64_t qmin = scheme.qmin(), qmax = scheme.qmax();

  if (scheme.symmetric) {
    int64_t zp = scheme.isSigned ? 0 : (qmin + qmax + 1) / 2;
    int64_t levels = std::min(qmax - zp, zp - qmin);
    double amax = std::max(std::abs(stats.min), std::abs(stats.max));
    constexpr int kCandidates = 2048;
    for (int k = 1; k <= kCandidates; ++k) {
      double c = amax * k / kCandidates;
      double step = c / double(levels);
      double e = model.mse(double(qmin - zp) * step, double(qmax - zp) * step,
                           step);
      if (e < best) {
        best = e;
        bestRange = {-c, c};
      }
    }
    return bestRange;
  }

  double lowest = std::min(stats.min, 0.0), highest = std::max(stats.max, 0.0);
  double levels = double(qmax - qmin);
  if (stats.min >= 0) {
    constexpr int kCandidates = 2048;
    for (int k = 1; k <= kCandidates; ++k) {
      double hi = highest * k / kCandidates;
      double e = model.mse(0.0, hi, hi / levels);
      if (e < best) {
        best = e;
        bestRange = {0.0, hi};
      }
    }
    return bestRange;
  }
  constexpr int kCandidates = 512;
  for (int i = 0; i <= kCandidates; ++i) {
    double lo = lowest * i / kCandidates;
    for (int j = 0; j <= kCandidates; ++j) {
      double hi = highest * j / kCandidates;
      if (!(hi > lo))
        continue;
      double e = model.mse(lo, hi, (hi - lo) / levels);
      if (e < best) {
        best = e;
        bestRange = {lo, hi};
      }
    }
  }
  return bestRange;
}

llvm::Expected<ClipRange>
mlir::quantx::chooseClipRange(const TensorStatistics &stats,
                              const ClipSpec &spec, const QuantScheme &scheme) {
  if (spec.needsHistogram() && !stats.histogram)
    return llvm::createStringError("clipping method '" + spec.str() +
                                   "' needs a histogram");
  bool oneSided = stats.min >= 0;
  switch (spec.method) {
  case ClipMethod::MinMax:
    return ClipRange{stats.min, stats.max};
  case ClipMethod::Percentile: {
    const Histogram &h = *stats.histogram;
    double p = spec.percentile / 100.0;
    if (oneSided)
      return ClipRange{0.0, h.quantile(p)};
    return ClipRange{h.quantile(1.0 - p), h.quantile(p)};
  }
  case ClipMethod::MSE:
    return searchMSE(stats, scheme);
  case ClipMethod::AciqLaplace:
  case ClipMethod::AciqGauss: {
    unsigned bits = scheme.bits + (oneSided && !scheme.symmetric ? 1 : 0);
    double alpha = spec.method == ClipMethod::AciqLaplace
                       ? aciqLaplaceAlpha(bits) * stats.meanAbsDev
                       : aciqGaussAlpha(bits) * stats.std;
    if (oneSided)
      return ClipRange{0.0,
                       std::min(stats.max, std::max(stats.mean, 0.0) + alpha)};
    double width = std::min(2 * alpha, stats.max - stats.min);
    double lo = std::clamp(stats.mean - alpha, stats.min, stats.max - width);
    return ClipRange{lo, lo + width};
  }
  }
  return ClipRange{stats.min, stats.max};
}

//===----------------------------------------------------------------------===//
// Quality
//===----------------------------------------------------------------------===//

static double toDb(double signal, double noise) {
  if (noise <= 0)
    return INFINITY;
  if (signal <= 0)
    return -INFINITY;
  return 10 * std::log10(signal / noise);
}

double mlir::quantx::sqnrDb(llvm::ArrayRef<double> x,
                            llvm::ArrayRef<double> xhat) {
  double signal = 0, noise = 0;
  for (size_t i = 0, e = std::min(x.size(), xhat.size()); i < e; ++i) {
    signal += x[i] * x[i];
    noise += (x[i] - xhat[i]) * (x[i] - xhat[i]);
  }
  return toDb(signal, noise);
}

double mlir::quantx::histogramSqnrDb(const Histogram &h, const QuantParams &p,
                                     RoundingMode mode,
                                     unsigned samplesPerBin) {
  samplesPerBin = std::max(samplesPerBin, 1u);
  bool degenerate = !(h.hi > h.lo);
  unsigned samples = degenerate ? 1 : samplesPerBin;
  double w = degenerate ? 0.0 : h.binWidth();
  double signal = 0, noise = 0;
  for (size_t i = 0; i < h.numBins(); ++i) {
    if (h.counts[i] == 0)
      continue;
    double weight = double(h.counts[i]) / samples;
    for (unsigned s = 0; s < samples; ++s) {
      double x = h.binLow(i) + (s + 0.5) * w / samples;
      if (degenerate)
        x = h.lo;
      double xhat = dequantizeWith(p, quantizeWith(p, float(x), mode));
      signal += weight * x * x;
      noise += weight * (x - xhat) * (x - xhat);
    }
  }
  return toDb(signal, noise);
}

//===----------------------------------------------------------------------===//
// Bit allocation and bias correction
//===----------------------------------------------------------------------===//

std::vector<unsigned> mlir::quantx::allocateBitsOnce(
    llvm::ArrayRef<double> alphas, double targetBits, unsigned maxBits) {
  double total = double(alphas.size()) * std::exp2(targetBits);
  double sum = 0;
  for (double a : alphas)
    sum += std::pow(std::max(a, 0.0), 2.0 / 3.0);
  std::vector<unsigned> bits;
  for (double a : alphas) {
    double p = std::pow(std::max(a, 0.0), 2.0 / 3.0);
    double m = sum > 0 ? std::nearbyint(std::log2(total * p / sum))
                       : std::nearbyint(targetBits);
    if (!(m > 0)) // also -inf for a zero alpha
      m = 0;
    bits.push_back(static_cast<unsigned>(std::min(m, double(maxBits))));
  }
  return bits;
}

std::vector<unsigned> mlir::quantx::allocateBits(llvm::ArrayRef<double> alphas,
                                                 double goalBits,
                                                 unsigned maxBits) {
  constexpr double kEps = 0.01;
  constexpr int kMaxIterations = 10;
  double target = goalBits, delta = 1.0;
  std::vector<unsigned> bits;
  for (int iter = 0; std::abs(2 * delta) > kEps && iter < kMaxIterations;
       ++iter) {
    bits = allocateBitsOnce(alphas, target, maxBits);
    double mean = 0;
    for (unsigned b : bits)
      mean += b;
    mean /= std::max<size_t>(bits.size(), 1);
    delta = (goalBits - mean) / 2;
    target += delta;
  }
  return bits;
}

static std::pair<double, double> meanAndStd(llvm::ArrayRef<double> v) {
  double mean = 0;
  for (double x : v)
    mean += x;
  mean /= double(v.size());
  double ss = 0;
  for (double x : v)
    ss += (x - mean) * (x - mean);
  return {mean, std::sqrt(ss / double(v.size()))};
}

std::optional<BiasCorrection>
mlir::quantx::computeBiasCorrection(llvm::ArrayRef<double> w,
                                    llvm::ArrayRef<double> wHat) {
  if (w.size() < 2 || w.size() != wHat.size())
    return std::nullopt;
  auto [mean, std] = meanAndStd(w);
  auto [meanHat, stdHat] = meanAndStd(wHat);
  if (!(std > 0) || !(stdHat > 0))
    return std::nullopt;
  BiasCorrection c;
  c.xi = std / stdHat;
  c.offset = mean - c.xi * meanHat;
  return c;
}

void mlir::quantx::applyBiasCorrection(const BiasCorrection &c,
                                       llvm::MutableArrayRef<double> wHat) {
  for (double &x : wHat)
    x = c.xi * x + c.offset;
}

QuantParams mlir::quantx::applyBiasCorrection(const BiasCorrection &c,
                                              const QuantParams &p) {
  double scaled = c.xi * p.scale;
  if (!(scaled >= FLT_MIN) || !(scaled <= FLT_MAX))
    return p;
  QuantParams out = p;
  out.scale = double(static_cast<float>(scaled));
  double shift = std::round(c.offset / out.scale);
  double zp = std::clamp(double(p.zeroPoint) - shift, double(p.qmin),
                         double(p.qmax));
  out.zeroPoint = static_cast<int64_t>(zp);
  return out;
}
