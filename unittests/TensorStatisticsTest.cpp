//===- TensorStatisticsTest.cpp - calibration statistics ------------------===//
//
// Oracles: hand-computed moments, bins and quantiles of small arrays, and
// the invariants of the two-pass accumulation (splitting the data into
// calls does not change the result).
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Utils/TensorStatistics.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace mlir::quantx;

namespace {

TEST(HistogramTest, BinsAndQuantiles) {
  Histogram h;
  h.lo = -1;
  h.hi = 3;
  h.counts.assign(2048, 0);
  // Width 4/2048: -1 -> 0, 0 -> 512, 2 -> 1536, 3 (the upper edge) -> 2047,
  // values outside clamp to the ends.
  EXPECT_EQ(h.binIndex(-1), 0u);
  EXPECT_EQ(h.binIndex(0), 512u);
  EXPECT_EQ(h.binIndex(2), 1536u);
  EXPECT_EQ(h.binIndex(3), 2047u);
  EXPECT_EQ(h.binIndex(-5), 0u);
  EXPECT_EQ(h.binIndex(7), 2047u);
  EXPECT_DOUBLE_EQ(h.binCenter(512), 1.0 / 1024);
  // Two bins with 1 and 3 values: the median lies a third into the second.
  h.counts[100] = 1;
  h.counts[200] = 3;
  double w = 4.0 / 2048;
  EXPECT_DOUBLE_EQ(h.quantile(0.5), h.binLow(200) + w / 3);
  EXPECT_DOUBLE_EQ(h.quantile(0.0), h.binLow(100));
  EXPECT_DOUBLE_EQ(h.quantile(1.0), h.binLow(200) + w);
  EXPECT_DOUBLE_EQ(h.quantile(0.25), h.binLow(100) + w);
}

TEST(StatisticsTest, HandComputedMoments) {
  // {-1, 0, 2, 3}: mean 1, deviations -2 -1 1 2, unbiased variance 10/3,
  // mean absolute deviation 6/4.
  llvm::Expected<TensorStatistics> s = computeStatistics({-1, 0, 2, 3}, {4});
  ASSERT_TRUE(static_cast<bool>(s));
  EXPECT_EQ(s->count, 4u);
  EXPECT_EQ(s->min, -1);
  EXPECT_EQ(s->max, 3);
  EXPECT_DOUBLE_EQ(s->mean, 1);
  EXPECT_DOUBLE_EQ(s->std, std::sqrt(10.0 / 3));
  EXPECT_DOUBLE_EQ(s->meanAbsDev, 1.5);
  ASSERT_TRUE(s->histogram.has_value());
  EXPECT_EQ(s->histogram->lo, -1);
  EXPECT_EQ(s->histogram->hi, 3);
  ASSERT_EQ(s->histogram->numBins(), 2048u);
  EXPECT_EQ(s->histogram->total(), 4u);
  for (size_t bin : {0u, 512u, 1536u, 2047u})
    EXPECT_EQ(s->histogram->counts[bin], 1u) << bin;
  EXPECT_EQ(s->validate(), "");
}

TEST(StatisticsTest, PerChannel) {
  // Shape 2x2, axis 1: channel 0 = {-1, 2}, channel 1 = {0, 3}; means 0.5
  // and 1.5, unbiased std sqrt(2 * 1.5^2) each, mad 1.5 each.
  llvm::Expected<TensorStatistics> s =
      computeStatistics({-1, 0, 2, 3}, {2, 2}, 2048, 1);
  ASSERT_TRUE(static_cast<bool>(s));
  ASSERT_TRUE(s->perChannel.has_value());
  const ChannelStatistics &c = *s->perChannel;
  EXPECT_EQ(c.axis, 1);
  EXPECT_EQ(c.min, (std::vector<double>{-1, 0}));
  EXPECT_EQ(c.max, (std::vector<double>{2, 3}));
  EXPECT_EQ(c.mean, (std::vector<double>{0.5, 1.5}));
  EXPECT_DOUBLE_EQ(c.std[0], std::sqrt(4.5));
  EXPECT_DOUBLE_EQ(c.std[1], std::sqrt(4.5));
  EXPECT_EQ(c.meanAbsDev, (std::vector<double>{1.5, 1.5}));
  // Axis 0 of a 2x3x2 array: channel = (index / 6) % 2.
  s = computeStatistics({0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15}, {2, 3, 2},
                        2048, 0);
  ASSERT_TRUE(static_cast<bool>(s));
  EXPECT_EQ(s->perChannel->mean, (std::vector<double>{2.5, 12.5}));
}

TEST(StatisticsTest, SplittingDoesNotMatter) {
  std::vector<double> all;
  for (int i = 0; i < 1000; ++i)
    all.push_back(std::sin(i * 0.37) * (i % 7));
  llvm::Expected<TensorStatistics> whole = computeStatistics(all, {1000});
  StatisticsCollector c;
  for (int pass = 0; pass < 2; ++pass) {
    for (int k = 0; k < 10; ++k)
      ASSERT_FALSE(static_cast<bool>(c.observe(
          llvm::ArrayRef<double>(all).slice(k * 100, 100), {100})));
    if (pass == 0)
      c.startSecondPass();
  }
  llvm::Expected<TensorStatistics> split = c.finish();
  ASSERT_TRUE(whole && split);
  EXPECT_EQ(whole->min, split->min);
  EXPECT_EQ(whole->max, split->max);
  EXPECT_EQ(whole->histogram->counts, split->histogram->counts);
  EXPECT_NEAR(whole->mean, split->mean, 1e-15);
  EXPECT_NEAR(whole->std, split->std, 1e-14);
  EXPECT_NEAR(whole->meanAbsDev, split->meanAbsDev, 1e-14);
}

TEST(StatisticsTest, ConstantTensor) {
  llvm::Expected<TensorStatistics> s = computeStatistics({2, 2, 2}, {3});
  ASSERT_TRUE(static_cast<bool>(s));
  EXPECT_EQ(s->mean, 2);
  EXPECT_EQ(s->std, 0);
  EXPECT_EQ(s->histogram->counts[0], 3u);
  EXPECT_EQ(s->validate(), "");
}

TEST(StatisticsTest, Errors) {
  auto message = [](llvm::Error e) { return llvm::toString(std::move(e)); };
  StatisticsCollector c(2048, 1);
  EXPECT_EQ(message(c.observe(llvm::ArrayRef<double>({1.0, NAN}), {2})), "non-finite value nan");
  EXPECT_EQ(message(c.observe(llvm::ArrayRef<double>({1.0, 2.0}), {3})), "shape holds 3 values, got 2");
  EXPECT_EQ(message(c.observe(llvm::ArrayRef<double>({1.0, 2.0}), {2})),
            "channel axis 1 out of range for rank 1");
  ASSERT_FALSE(static_cast<bool>(c.observe(llvm::ArrayRef<double>({1.0, 2.0}), {1, 2})));
  EXPECT_EQ(message(c.observe(llvm::ArrayRef<double>({1.0, 2.0, 3.0}), {1, 3})),
            "3 channels along axis 1, earlier arrays had 2");
  llvm::Expected<TensorStatistics> early = c.finish();
  ASSERT_FALSE(static_cast<bool>(early));
  EXPECT_EQ(message(early.takeError()), "statistics need a second pass");
  c.startSecondPass();
  llvm::Expected<TensorStatistics> incomplete = c.finish();
  ASSERT_FALSE(static_cast<bool>(incomplete));
  EXPECT_EQ(message(incomplete.takeError()),
            "the second pass saw 0 values, the first 2");
  StatisticsCollector empty;
  empty.startSecondPass();
  llvm::Expected<TensorStatistics> none = empty.finish();
  ASSERT_FALSE(static_cast<bool>(none));
  EXPECT_EQ(message(none.takeError()), "no values observed");
}

TEST(StatisticsTest, Validate) {
  TensorStatistics s = *computeStatistics({-1, 0, 2, 3}, {2, 2}, 2048, 1);
  EXPECT_EQ(s.validate(), "");
  TensorStatistics bad = s;
  bad.mean = 5;
  EXPECT_EQ(bad.validate(), "mean 5 lies outside [min, max] = [-1, 3]");
  bad = s;
  bad.histogram->counts.resize(100);
  EXPECT_EQ(bad.validate(), "histogram has 100 bins, expected at least 2048");
  bad = s;
  bad.histogram->counts[7] += 1;
  EXPECT_EQ(bad.validate(), "histogram holds 5 values, count is 4");
  bad = s;
  bad.histogram->hi = 2;
  EXPECT_EQ(bad.validate(),
            "histogram range [-1, 2] does not contain [min, max] = [-1, 3]");
  bad = s;
  bad.perChannel->std.pop_back();
  EXPECT_EQ(bad.validate(),
            "per-channel arrays must be non-empty and of equal length");
  bad = s;
  bad.perChannel->max[1] = 4;
  EXPECT_EQ(bad.validate(), "channel 1: range outside the tensor's");
  bad = s;
  bad.std = -1;
  EXPECT_EQ(bad.validate(), "std and mad must be non-negative");
  bad = s;
  bad.count = 0;
  EXPECT_EQ(bad.validate(), "count must be positive");
}

TEST(StatisticsTest, JSONRoundTrip) {
  TensorStatistics s = *computeStatistics({-1, 0, 2, 3}, {2, 2}, 2048, 1);
  llvm::json::Value v(statisticsToJSON(s));
  // Through text, as the files hold it.
  std::string text = llvm::formatv("{0}", v).str();
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  ASSERT_TRUE(static_cast<bool>(parsed));
  llvm::Expected<TensorStatistics> back = statisticsFromJSON(*parsed);
  ASSERT_TRUE(static_cast<bool>(back));
  EXPECT_EQ(back->count, s.count);
  EXPECT_EQ(back->min, s.min);
  EXPECT_EQ(back->std, s.std);
  EXPECT_EQ(back->meanAbsDev, s.meanAbsDev);
  EXPECT_EQ(back->histogram->counts, s.histogram->counts);
  EXPECT_EQ(back->perChannel->mean, s.perChannel->mean);
}

TEST(StatisticsTest, JSONErrors) {
  auto error = [](const char *text) {
    llvm::Expected<llvm::json::Value> v = llvm::json::parse(text);
    EXPECT_TRUE(static_cast<bool>(v));
    llvm::Expected<TensorStatistics> s = statisticsFromJSON(*v);
    return s ? std::string("no error") : llvm::toString(s.takeError());
  };
  EXPECT_EQ(error("[]"), "statistics must be a JSON object");
  EXPECT_EQ(error(R"({"count": 0})"), "\"count\" must be a positive integer");
  EXPECT_EQ(error(R"({"count": 3, "min": 0, "max": 1, "mean": 0.5, "std": 1})"),
            "missing \"mad\"");
  EXPECT_EQ(error(R"({"count": 3, "min": 0, "max": "1", "mean": 0.5,
                      "std": 1, "mad": 1})"),
            "\"max\" must be a number");
  EXPECT_EQ(error(R"({"count": 3, "min": 2, "max": 1, "mean": 1.5,
                      "std": 1, "mad": 1})"),
            "min 2 exceeds max 1");
  EXPECT_EQ(error(R"({"count": 3, "min": 0, "max": 1, "mean": 0.5, "std": 1,
                      "mad": 1, "histogram": {"lo": 0, "hi": 1,
                      "bins": [1, -2]}})"),
            "\"bins\" must hold non-negative integers");
  EXPECT_EQ(error(R"({"count": 3, "min": 0, "max": 1, "mean": 0.5, "std": 1,
                      "mad": 1, "histogram": {"lo": 0, "hi": 1,
                      "bins": [1, 2]}})"),
            "histogram has 2 bins, expected at least 2048");
  EXPECT_EQ(error(R"({"count": 3, "min": 0, "max": 1, "mean": 0.5, "std": 1,
                      "mad": 1, "per_channel": {"min": [0]}})"),
            "\"per_channel\" needs an integer \"axis\"");
}

} // namespace
