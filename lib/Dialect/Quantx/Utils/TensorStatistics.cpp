//===- TensorStatistics.cpp - calibration statistics without IR -----------===//

#include "quantx/Dialect/Quantx/Utils/TensorStatistics.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace mlir;
using namespace mlir::quantx;

//===----------------------------------------------------------------------===//
// Histogram
//===----------------------------------------------------------------------===//

uint64_t Histogram::total() const {
  uint64_t t = 0;
  for (uint64_t c : counts)
    t += c;
  return t;
}

/// The bin of x among n equal bins over [lo, hi], exactly as numpy's
/// histogram computes it (so numpy is a bit-exact oracle): the index from
/// (x - lo) * (n / (hi - lo)), then corrected against the bin edges
/// lo + i * (hi - lo) / n (the last edge is hi itself), the last bin
/// including hi.
static size_t binIndexOf(double lo, double hi, size_t n, double x) {
  if (n == 0 || !(hi > lo))
    return 0;
  double step = (hi - lo) / double(n);
  auto edge = [&](size_t i) { return i == n ? hi : lo + double(i) * step; };
  double f = (x - lo) * (double(n) / (hi - lo));
  if (!(f > 0))
    return 0;
  size_t i = f >= double(n) ? n - 1 : static_cast<size_t>(f);
  if (x < edge(i) && i > 0)
    --i;
  else if (i + 1 < n && x >= edge(i + 1))
    ++i;
  return i;
}

size_t Histogram::binIndex(double x) const {
  return binIndexOf(lo, hi, counts.size(), x);
}

double Histogram::quantile(double q) const {
  uint64_t t = total();
  if (t == 0)
    return lo;
  q = std::clamp(q, 0.0, 1.0);
  double target = q * double(t);
  double w = binWidth();
  double cumulative = 0;
  size_t last = 0;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] == 0)
      continue;
    last = i;
    double c = double(counts[i]);
    if (cumulative + c >= target) {
      double frac = std::clamp((target - cumulative) / c, 0.0, 1.0);
      return binLow(i) + frac * w;
    }
    cumulative += c;
  }
  return binLow(last) + w;
}

//===----------------------------------------------------------------------===//
// Validation
//===----------------------------------------------------------------------===//

/// A double as the messages print it: up to 10 significant digits.
static std::string num(double v) {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::format("%.10g", v);
  return out;
}

static bool allFinite(const std::vector<double> &v) {
  return llvm::all_of(v, [](double x) { return std::isfinite(x); });
}

std::string TensorStatistics::validate() const {
  if (count == 0)
    return "count must be positive";
  for (double v : {min, max, mean, std, meanAbsDev})
    if (!std::isfinite(v))
      return "statistics must be finite";
  if (!(min <= max))
    return llvm::formatv("min {0} exceeds max {1}", num(min), num(max)).str();
  if (mean < min || mean > max)
    return llvm::formatv("mean {0} lies outside [min, max] = [{1}, {2}]",
                         num(mean), num(min), num(max))
        .str();
  if (std < 0 || meanAbsDev < 0)
    return "std and mad must be non-negative";
  if (histogram) {
    const Histogram &h = *histogram;
    if (h.numBins() < kMinHistogramBins)
      return llvm::formatv("histogram has {0} bins, expected at least {1}",
                           h.numBins(), kMinHistogramBins)
          .str();
    if (!std::isfinite(h.lo) || !std::isfinite(h.hi))
      return "histogram range must be finite";
    if (h.lo > min || h.hi < max)
      return llvm::formatv("histogram range [{0}, {1}] does not contain "
                           "[min, max] = [{2}, {3}]",
                           num(h.lo), num(h.hi), num(min), num(max))
          .str();
    if (h.total() != count)
      return llvm::formatv("histogram holds {0} values, count is {1}",
                           h.total(), count)
          .str();
  }
  if (perChannel) {
    const ChannelStatistics &c = *perChannel;
    size_t n = c.min.size();
    if (c.axis < 0)
      return "per-channel axis must be non-negative";
    if (n == 0 || c.max.size() != n || c.mean.size() != n ||
        c.std.size() != n || c.meanAbsDev.size() != n)
      return "per-channel arrays must be non-empty and of equal length";
    if (!allFinite(c.min) || !allFinite(c.max) || !allFinite(c.mean) ||
        !allFinite(c.std) || !allFinite(c.meanAbsDev))
      return "per-channel statistics must be finite";
    for (size_t i = 0; i < n; ++i) {
      if (!(c.min[i] <= c.mean[i] && c.mean[i] <= c.max[i]))
        return llvm::formatv("channel {0}: mean outside [min, max]", i).str();
      if (c.min[i] < min || c.max[i] > max)
        return llvm::formatv("channel {0}: range outside the tensor's", i)
            .str();
      if (c.std[i] < 0 || c.meanAbsDev[i] < 0)
        return llvm::formatv("channel {0}: negative std or mad", i).str();
    }
  }
  return "";
}

//===----------------------------------------------------------------------===//
// StatisticsCollector
//===----------------------------------------------------------------------===//

StatisticsCollector::StatisticsCollector(unsigned numBins,
                                         std::optional<int64_t> channelAxis)
    : numBins(std::max(numBins, 1u)), channelAxis(channelAxis) {}

template <typename T>
llvm::Error StatisticsCollector::observeImpl(llvm::ArrayRef<T> values,
                                             llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return llvm::createStringError("negative dimension in shape");
    n *= d;
  }
  if (n != static_cast<int64_t>(values.size()))
    return llvm::createStringError(
        llvm::formatv("shape holds {0} values, got {1}", n, values.size()));
  for (T v : values)
    if (!std::isfinite(v))
      return llvm::createStringError("non-finite value " + num(double(v)));
  // Channel layout: index = (linear / inner) % channels.
  int64_t channels = 0, inner = 1;
  if (channelAxis) {
    if (*channelAxis < 0 || *channelAxis >= static_cast<int64_t>(shape.size()))
      return llvm::createStringError(
          llvm::formatv("channel axis {0} out of range for rank {1}",
                        *channelAxis, shape.size()));
    channels = shape[*channelAxis];
    for (size_t d = *channelAxis + 1; d < shape.size(); ++d)
      inner *= shape[d];
    if (!chCount.empty() && static_cast<int64_t>(chCount.size()) != channels)
      return llvm::createStringError(
          llvm::formatv("{0} channels along axis {1}, earlier arrays had {2}",
                        channels, *channelAxis, chCount.size()));
    if (secondPass && static_cast<int64_t>(chCount.size()) != channels)
      return llvm::createStringError("channel count differs between passes");
  }

  if (!secondPass) {
    if (channelAxis && chCount.empty()) {
      chCount.assign(channels, 0);
      chMin.assign(channels, INFINITY);
      chMax.assign(channels, -INFINITY);
      chSum.assign(channels, 0.0);
    }
    for (int64_t i = 0; i < n; ++i) {
      double x = double(values[i]);
      if (count == 0) {
        min = max = x;
      } else {
        min = std::min(min, x);
        max = std::max(max, x);
      }
      ++count;
      sum += x;
      if (channelAxis) {
        int64_t c = (i / inner) % channels;
        ++chCount[c];
        chMin[c] = std::min(chMin[c], x);
        chMax[c] = std::max(chMax[c], x);
        chSum[c] += x;
      }
    }
    return llvm::Error::success();
  }

  for (int64_t i = 0; i < n; ++i) {
    double x = double(values[i]);
    double d = x - mean;
    sumSq += d * d;
    sumAbs += std::abs(d);
    ++bins[binIndexOf(min, max, bins.size(), x)];
    ++secondCount;
    if (channelAxis) {
      int64_t c = (i / inner) % channels;
      double dc = x - chMean[c];
      chSumSq[c] += dc * dc;
      chSumAbs[c] += std::abs(dc);
    }
  }
  return llvm::Error::success();
}

llvm::Error StatisticsCollector::observe(llvm::ArrayRef<double> values,
                                         llvm::ArrayRef<int64_t> shape) {
  return observeImpl(values, shape);
}

llvm::Error StatisticsCollector::observe(llvm::ArrayRef<float> values,
                                         llvm::ArrayRef<int64_t> shape) {
  return observeImpl(values, shape);
}

void StatisticsCollector::startSecondPass() {
  secondPass = true;
  // The mean of values in [min, max] lies in [min, max]; clamp away the
  // rounding of the sum.
  mean = count ? std::clamp(sum / double(count), min, max) : 0.0;
  bins.assign(numBins, 0);
  chMean.resize(chCount.size());
  for (size_t c = 0; c < chCount.size(); ++c)
    chMean[c] = chCount[c]
                    ? std::clamp(chSum[c] / double(chCount[c]), chMin[c],
                                 chMax[c])
                    : 0.0;
  chSumSq.assign(chCount.size(), 0.0);
  chSumAbs.assign(chCount.size(), 0.0);
}

static double unbiasedStd(double sumSq, uint64_t n) {
  return n > 1 ? std::sqrt(sumSq / double(n - 1)) : 0.0;
}

llvm::Expected<TensorStatistics> StatisticsCollector::finish() const {
  if (!secondPass)
    return llvm::createStringError("statistics need a second pass");
  if (count == 0)
    return llvm::createStringError("no values observed");
  if (secondCount != count)
    return llvm::createStringError(
        llvm::formatv("the second pass saw {0} values, the first {1}",
                      secondCount, count));
  TensorStatistics s;
  s.count = count;
  s.min = min;
  s.max = max;
  s.mean = mean;
  s.std = unbiasedStd(sumSq, count);
  s.meanAbsDev = sumAbs / double(count);
  Histogram h;
  h.lo = min;
  h.hi = max;
  h.counts = bins;
  s.histogram = std::move(h);
  if (channelAxis) {
    ChannelStatistics c;
    c.axis = *channelAxis;
    for (size_t i = 0; i < chCount.size(); ++i) {
      if (chCount[i] == 0)
        return llvm::createStringError("a channel has no values");
      c.min.push_back(chMin[i]);
      c.max.push_back(chMax[i]);
      c.mean.push_back(chMean[i]);
      c.std.push_back(unbiasedStd(chSumSq[i], chCount[i]));
      c.meanAbsDev.push_back(chSumAbs[i] / double(chCount[i]));
    }
    s.perChannel = std::move(c);
  }
  return s;
}

llvm::Expected<TensorStatistics>
mlir::quantx::computeStatistics(llvm::ArrayRef<double> values,
                                llvm::ArrayRef<int64_t> shape, unsigned numBins,
                                std::optional<int64_t> channelAxis) {
  StatisticsCollector collector(numBins, channelAxis);
  if (llvm::Error e = collector.observe(values, shape))
    return std::move(e);
  collector.startSecondPass();
  if (llvm::Error e = collector.observe(values, shape))
    return std::move(e);
  return collector.finish();
}

//===----------------------------------------------------------------------===//
// JSON
//===----------------------------------------------------------------------===//

static llvm::json::Array toArray(const std::vector<double> &v) {
  llvm::json::Array a;
  for (double x : v)
    a.push_back(x);
  return a;
}

llvm::json::Object
mlir::quantx::statisticsToJSON(const TensorStatistics &stats) {
  llvm::json::Object o{{"count", static_cast<int64_t>(stats.count)},
                       {"min", stats.min},
                       {"max", stats.max},
                       {"mean", stats.mean},
                       {"std", stats.std},
                       {"mad", stats.meanAbsDev}};
  if (stats.histogram) {
    llvm::json::Array bins;
    for (uint64_t c : stats.histogram->counts)
      bins.push_back(static_cast<int64_t>(c));
    o["histogram"] = llvm::json::Object{{"lo", stats.histogram->lo},
                                        {"hi", stats.histogram->hi},
                                        {"bins", std::move(bins)}};
  }
  if (stats.perChannel) {
    const ChannelStatistics &c = *stats.perChannel;
    o["per_channel"] = llvm::json::Object{{"axis", c.axis},
                                          {"min", toArray(c.min)},
                                          {"max", toArray(c.max)},
                                          {"mean", toArray(c.mean)},
                                          {"std", toArray(c.std)},
                                          {"mad", toArray(c.meanAbsDev)}};
  }
  return o;
}

static llvm::Error jsonError(const llvm::Twine &what) {
  return llvm::createStringError(what.str());
}

static llvm::Expected<double> getNumber(const llvm::json::Object &o,
                                        llvm::StringRef key) {
  const llvm::json::Value *v = o.get(key);
  if (!v)
    return jsonError("missing \"" + key + "\"");
  if (std::optional<double> d = v->getAsNumber())
    return *d;
  return jsonError("\"" + key + "\" must be a number");
}

static llvm::Expected<std::vector<double>>
getNumbers(const llvm::json::Object &o, llvm::StringRef key) {
  const llvm::json::Array *a = o.getArray(key);
  if (!a)
    return jsonError("missing array \"" + key + "\"");
  std::vector<double> out;
  for (const llvm::json::Value &v : *a) {
    std::optional<double> d = v.getAsNumber();
    if (!d)
      return jsonError("\"" + key + "\" must hold numbers");
    out.push_back(*d);
  }
  return out;
}

llvm::Expected<TensorStatistics>
mlir::quantx::statisticsFromJSON(const llvm::json::Value &value) {
  const llvm::json::Object *o = value.getAsObject();
  if (!o)
    return jsonError("statistics must be a JSON object");
  TensorStatistics s;
  const llvm::json::Value *countValue = o->get("count");
  std::optional<int64_t> count =
      countValue ? countValue->getAsInteger() : std::nullopt;
  if (!count || *count <= 0)
    return jsonError("\"count\" must be a positive integer");
  s.count = static_cast<uint64_t>(*count);
  for (auto [key, field] :
       {std::pair<const char *, double *>{"min", &s.min},
        {"max", &s.max},
        {"mean", &s.mean},
        {"std", &s.std},
        {"mad", &s.meanAbsDev}}) {
    llvm::Expected<double> d = getNumber(*o, key);
    if (!d)
      return d.takeError();
    *field = *d;
  }
  if (const llvm::json::Value *hv = o->get("histogram")) {
    const llvm::json::Object *ho = hv->getAsObject();
    if (!ho)
      return jsonError("\"histogram\" must be an object");
    Histogram h;
    llvm::Expected<double> lo = getNumber(*ho, "lo");
    if (!lo)
      return lo.takeError();
    llvm::Expected<double> hi = getNumber(*ho, "hi");
    if (!hi)
      return hi.takeError();
    h.lo = *lo;
    h.hi = *hi;
    const llvm::json::Array *bins = ho->getArray("bins");
    if (!bins)
      return jsonError("missing array \"bins\"");
    for (const llvm::json::Value &b : *bins) {
      std::optional<int64_t> c = b.getAsInteger();
      if (!c || *c < 0)
        return jsonError("\"bins\" must hold non-negative integers");
      h.counts.push_back(static_cast<uint64_t>(*c));
    }
    s.histogram = std::move(h);
  }
  if (const llvm::json::Value *cv = o->get("per_channel")) {
    const llvm::json::Object *co = cv->getAsObject();
    if (!co)
      return jsonError("\"per_channel\" must be an object");
    ChannelStatistics c;
    const llvm::json::Value *axis = co->get("axis");
    std::optional<int64_t> a = axis ? axis->getAsInteger() : std::nullopt;
    if (!a)
      return jsonError("\"per_channel\" needs an integer \"axis\"");
    c.axis = *a;
    for (auto [key, field] :
         {std::pair<const char *, std::vector<double> *>{"min", &c.min},
          {"max", &c.max},
          {"mean", &c.mean},
          {"std", &c.std},
          {"mad", &c.meanAbsDev}}) {
      llvm::Expected<std::vector<double>> v = getNumbers(*co, key);
      if (!v)
        return v.takeError();
      *field = std::move(*v);
    }
    s.perChannel = std::move(c);
  }
  std::string why = s.validate();
  if (!why.empty())
    return jsonError(why);
  return s;
}
