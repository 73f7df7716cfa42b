//===- KMeansTest.cpp - the k-means core of codebook quantization ---------===//
//
// Hand cases whose clusters are obvious, and properties: the objective never
// increases, the result is the same for a seed with or without threads, each
// point ends at its nearest centroid (checked in double against a scalar
// loop), empty clusters are re-seeded, the activation weighting is the
// kill-the-bits objective ||X (w - c)||^2.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Utils/KMeans.h"

#include "llvm/Support/ThreadPool.h"
#include "llvm/Support/Threading.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace mlir::quantx;

namespace {

/// Gaussian blobs: `clusters` centers in [-10, 10]^d, unit-variance points.
std::vector<float> blobs(size_t n, unsigned d, unsigned clusters,
                         uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> center(-10, 10);
  std::normal_distribution<float> noise(0, 1);
  std::vector<float> centers(size_t(clusters) * d);
  for (float &c : centers)
    c = center(rng);
  std::vector<float> points(n * d);
  for (size_t i = 0; i < n; ++i)
    for (unsigned t = 0; t < d; ++t)
      points[i * d + t] = centers[(i % clusters) * d + t] + noise(rng);
  return points;
}

double sqDistance(const float *a, const float *b, unsigned d) {
  double s = 0;
  for (unsigned t = 0; t < d; ++t)
    s += (double(a[t]) - b[t]) * (double(a[t]) - b[t]);
  return s;
}

TEST(KMeansTest, OneDimensionTwoClustersByHand) {
  std::vector<float> points = {0.0f, 0.5f, 10.0f, 10.5f, 0.25f};
  KMeansProblem problem{points, 1, {}, 0};
  KMeansOptions options;
  options.numCentroids = 2;
  KMeansResult r = runKMeans(problem, options);
  ASSERT_EQ(r.assignments.size(), 5u);
  EXPECT_EQ(r.assignments[0], r.assignments[1]);
  EXPECT_EQ(r.assignments[0], r.assignments[4]);
  EXPECT_EQ(r.assignments[2], r.assignments[3]);
  EXPECT_NE(r.assignments[0], r.assignments[2]);
  // Centroids are the means: 0.25 and 10.25; objective 2 * 0.0625 + 2 *
  // 0.0625 + 0 = 0.25.
  EXPECT_FLOAT_EQ(r.centroids[r.assignments[0]], 0.25f);
  EXPECT_FLOAT_EQ(r.centroids[r.assignments[2]], 10.25f);
  EXPECT_DOUBLE_EQ(r.objectiveHistory.back(), 0.25);
}

TEST(KMeansTest, ThreeSeparatedClustersInTwoDimensions) {
  // Clusters around (0, 0), (10, 0) and (0, 10), each a square of side 2.
  std::vector<float> points;
  for (auto [cx, cy] : {std::pair{0, 0}, {10, 0}, {0, 10}})
    for (auto [dx, dy] : {std::pair{-1, -1}, {-1, 1}, {1, -1}, {1, 1}}) {
      points.push_back(cx + dx);
      points.push_back(cy + dy);
    }
  KMeansProblem problem{points, 2, {}, 0};
  KMeansOptions options;
  options.numCentroids = 3;
  KMeansResult r = runKMeans(problem, options);
  for (unsigned cluster = 0; cluster < 3; ++cluster) {
    uint32_t a = r.assignments[cluster * 4];
    for (unsigned i = 1; i < 4; ++i)
      EXPECT_EQ(r.assignments[cluster * 4 + i], a);
    float cx = cluster == 1 ? 10 : 0, cy = cluster == 2 ? 10 : 0;
    EXPECT_FLOAT_EQ(r.centroids[a * 2], cx);
    EXPECT_FLOAT_EQ(r.centroids[a * 2 + 1], cy);
  }
  // Each point is at squared distance 2 from its center.
  EXPECT_DOUBLE_EQ(r.objectiveHistory.back(), 24.0);
}

/// With G = diag(1, 1e-6) only x matters: the points split by x, where the
/// Euclidean distance splits them by y.
TEST(KMeansTest, ActivationWeightingChangesTheClusters) {
  std::vector<float> points = {0, 0, 0, 100, 1, 0, 1, 100};
  KMeansOptions options;
  options.numCentroids = 2;
  KMeansResult plain = runKMeans({points, 2, {}, 0}, options);
  EXPECT_EQ(plain.assignments[0], plain.assignments[2]);
  EXPECT_EQ(plain.assignments[1], plain.assignments[3]);
  EXPECT_NE(plain.assignments[0], plain.assignments[1]);

  std::vector<float> gram = {1, 0, 0, 1e-6f};
  KMeansProblem weighted{points, 2, gram, /*pointsPerGroup=*/4};
  KMeansResult r = runKMeans(weighted, options);
  EXPECT_EQ(r.assignments[0], r.assignments[1]);
  EXPECT_EQ(r.assignments[2], r.assignments[3]);
  EXPECT_NE(r.assignments[0], r.assignments[2]);
  EXPECT_NEAR(r.centroids[r.assignments[0] * 2], 0.0f, 1e-5);
  EXPECT_NEAR(r.centroids[r.assignments[2] * 2], 1.0f, 1e-5);
  // Weighted error: only the y deviations (+-50) at weight 1e-6.
  EXPECT_NEAR(r.objectiveHistory.back(), 4 * 2500 * 1e-6, 1e-6);
}

/// The weighted objective with G_j = X_j^T X_j is sum_j ||X_j (w - c)||^2.
TEST(KMeansTest, GramObjectiveIsActivationError) {
  const unsigned d = 3, groups = 4, perGroup = 5, samples = 7;
  std::mt19937_64 rng(3);
  std::normal_distribution<float> normal(0, 1);
  std::vector<float> points(size_t(groups) * perGroup * d), x(size_t(groups) *
                                                              samples * d);
  for (float &v : points)
    v = normal(rng);
  for (float &v : x)
    v = normal(rng);
  std::vector<float> grams(size_t(groups) * d * d, 0.0f);
  for (unsigned g = 0; g < groups; ++g)
    for (unsigned r = 0; r < d; ++r)
      for (unsigned c = 0; c < d; ++c) {
        double s = 0;
        for (unsigned m = 0; m < samples; ++m)
          s += double(x[(g * samples + m) * d + r]) * x[(g * samples + m) * d + c];
        grams[(g * d + r) * d + c] = static_cast<float>(s);
      }
  KMeansProblem problem{points, d, grams, perGroup};
  KMeansOptions options;
  options.numCentroids = 4;
  KMeansResult r = runKMeans(problem, options);
  double direct = 0;
  for (size_t i = 0; i < r.assignments.size(); ++i) {
    unsigned g = i / perGroup;
    for (unsigned m = 0; m < samples; ++m) {
      double dot = 0;
      for (unsigned t = 0; t < d; ++t)
        dot += double(x[(g * samples + m) * d + t]) *
               (double(points[i * d + t]) -
                r.centroids[r.assignments[i] * d + t]);
      direct += dot * dot;
    }
  }
  EXPECT_NEAR(r.objectiveHistory.back(), direct, 1e-5 * direct);
  EXPECT_NEAR(computeKMeansObjective(problem, r.centroids, r.assignments),
              direct, 1e-5 * direct);
}

TEST(KMeansTest, ObjectiveNeverIncreases) {
  for (unsigned d : {1u, 4u, 8u, 9u, 16u}) {
    std::vector<float> points = blobs(6000, d, 40, d);
    KMeansOptions options;
    options.numCentroids = 32;
    options.maxIterations = 30;
    options.tolerance = 0;
    KMeansResult r = runKMeans({points, d, {}, 0}, options);
    ASSERT_GE(r.objectiveHistory.size(), 3u) << "d = " << d;
    for (size_t i = 1; i < r.objectiveHistory.size(); ++i)
      EXPECT_LE(r.objectiveHistory[i], r.objectiveHistory[i - 1] * (1 + 1e-9))
          << "d = " << d << ", iteration " << i;
    EXPECT_LT(r.objectiveHistory.back(), r.objectiveHistory.front());
  }
}

TEST(KMeansTest, WeightedObjectiveNeverIncreases) {
  const unsigned d = 4, groups = 16, perGroup = 200;
  std::vector<float> points = blobs(size_t(groups) * perGroup, d, 20, 11);
  std::mt19937_64 rng(5);
  std::normal_distribution<float> normal(0, 1);
  std::vector<float> grams(size_t(groups) * d * d);
  for (unsigned g = 0; g < groups; ++g) {
    // A random positive definite A^T A + 0.1 I.
    float a[d * d];
    for (float &v : a)
      v = normal(rng);
    for (unsigned r = 0; r < d; ++r)
      for (unsigned c = 0; c < d; ++c) {
        float s = r == c ? 0.1f : 0.0f;
        for (unsigned t = 0; t < d; ++t)
          s += a[t * d + r] * a[t * d + c];
        grams[(g * d + r) * d + c] = s;
      }
  }
  KMeansOptions options;
  options.numCentroids = 16;
  options.maxIterations = 25;
  options.tolerance = 0;
  KMeansResult r = runKMeans({points, d, grams, perGroup}, options);
  ASSERT_GE(r.objectiveHistory.size(), 3u);
  for (size_t i = 1; i < r.objectiveHistory.size(); ++i)
    EXPECT_LE(r.objectiveHistory[i], r.objectiveHistory[i - 1] * (1 + 1e-6))
        << "iteration " << i;
}

/// Every point ends at its nearest final centroid (float scores may pick a
/// centroid whose distance ties the minimum to within float rounding).
TEST(KMeansTest, AssignmentsAreNearestCentroids) {
  for (unsigned c : {1u, 16u, 40u, 256u}) {
    const unsigned d = 8;
    std::vector<float> points = blobs(5000, d, 64, c);
    KMeansOptions options;
    options.numCentroids = c;
    options.maxIterations = 5;
    KMeansResult r = runKMeans({points, d, {}, 0}, options);
    for (size_t i = 0; i < 5000; ++i) {
      double best = INFINITY;
      for (unsigned j = 0; j < c; ++j)
        best = std::min(best, sqDistance(&points[i * d], &r.centroids[j * d], d));
      double chosen =
          sqDistance(&points[i * d], &r.centroids[r.assignments[i] * d], d);
      ASSERT_LE(chosen, best + 1e-5 * (best + 1)) << "C = " << c << ", i = " << i;
    }
  }
}

TEST(KMeansTest, DeterministicForASeedWithAnyThreads) {
  const unsigned d = 8;
  std::vector<float> points = blobs(100000, d, 300, 1);
  KMeansOptions options;
  options.numCentroids = 256;
  options.maxIterations = 4;
  options.seed = 42;
  KMeansResult serial = runKMeans({points, d, {}, 0}, options);
  llvm::DefaultThreadPool pool(llvm::hardware_concurrency(4));
  options.threadPool = &pool;
  KMeansResult threaded = runKMeans({points, d, {}, 0}, options);
  EXPECT_EQ(serial.centroids, threaded.centroids);
  EXPECT_EQ(serial.assignments, threaded.assignments);
  EXPECT_EQ(serial.objectiveHistory, threaded.objectiveHistory);
  options.seed = 43;
  KMeansResult other = runKMeans({points, d, {}, 0}, options);
  EXPECT_NE(serial.centroids, other.centroids);
}

/// Seeding from a sample of 3 points gives 8 centroids with only 3 distinct
/// values: the repeats lose every point (ties go to the first index), so
/// after the first update 5 clusters are empty and are split from the most
/// populated ones. At the end every centroid has members.
TEST(KMeansTest, EmptyClustersAreSplitFromTheLargest) {
  std::vector<float> points = blobs(4000, 2, 8, 21);
  KMeansOptions options;
  options.numCentroids = 8;
  options.maxIterations = 30;
  options.tolerance = 0;
  options.seedingSampleSize = 3;
  KMeansResult r = runKMeans({points, 2, {}, 0}, options);
  EXPECT_GE(r.numSplits, 5u);
  std::vector<unsigned> members(8, 0);
  for (uint32_t a : r.assignments) {
    ASSERT_LT(a, 8u);
    ++members[a];
  }
  for (unsigned c = 0; c < 8; ++c)
    EXPECT_GT(members[c], 0u) << "centroid " << c;
  EXPECT_LT(r.objectiveHistory.back(), 0.5 * r.objectiveHistory.front());
}

TEST(KMeansTest, FewerPointsThanCentroids) {
  std::vector<float> points = {1, 2, 3, 4, 5, 6};
  KMeansOptions options;
  options.numCentroids = 5;
  KMeansResult r = runKMeans({points, 2, {}, 0}, options);
  ASSERT_EQ(r.centroids.size(), 10u);
  EXPECT_EQ(r.objectiveHistory.back(), 0.0);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.centroids[r.assignments[i] * 2], points[i * 2]);
    EXPECT_EQ(r.centroids[r.assignments[i] * 2 + 1], points[i * 2 + 1]);
  }
}

TEST(KMeansTest, IdentityGramMatchesPlainKMeans) {
  const unsigned d = 4;
  std::vector<float> points = blobs(2000, d, 10, 9);
  std::vector<float> identity(d * d, 0.0f);
  for (unsigned t = 0; t < d; ++t)
    identity[t * d + t] = 1;
  KMeansOptions options;
  options.numCentroids = 8;
  KMeansResult plain = runKMeans({points, d, {}, 0}, options);
  KMeansResult weighted = runKMeans({points, d, identity, 2000}, options);
  EXPECT_NEAR(weighted.objectiveHistory.back(), plain.objectiveHistory.back(),
              1e-4 * plain.objectiveHistory.back());
}

} // namespace
