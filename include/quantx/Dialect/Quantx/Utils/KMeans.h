//===- KMeans.h - k-means for codebook quantization -------------*- C++ -*-===//
//
// The k-means core of quantx-codebook-quantize, without IR: Lloyd's
// iterations on d-dimensional points (the weight blocks of a layer), with an
// optional activation weighting (kill-the-bits' ||X (w - c)||^2), k-means++
// seeding on a sample, empty clusters split from the most populated one,
// deterministic results for a seed whatever the number of threads.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_KMEANS_H
#define QUANTX_DIALECT_QUANTX_UTILS_KMEANS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace llvm {
class ThreadPoolInterface;
} // namespace llvm

namespace mlir {
namespace quantx {

/// The points to cluster and, optionally, their weighting.
struct KMeansProblem {
  /// n x d points, row-major.
  llvm::ArrayRef<float> points;
  unsigned dim = 0;
  /// Activation weighting (empty: squared Euclidean distance). `grams` holds
  /// numGroups symmetric positive semi-definite d x d matrices, row-major;
  /// point i belongs to group i / pointsPerGroup and its distance to a
  /// centroid c is (p_i - c)^T G_group (p_i - c). For a layer with input
  /// activations X, G_j = X_j^T X_j where X_j holds the d activation columns
  /// of block position j, so that the sum of these distances is
  /// ||X (W - W_hat)||^2.
  llvm::ArrayRef<float> grams;
  size_t pointsPerGroup = 0;
};

/// How to cluster.
struct KMeansOptions {
  unsigned numCentroids = 256;
  /// Lloyd updates at most; the result is always the assignment to the
  /// nearest of the final centroids.
  unsigned maxIterations = 20;
  /// Stop early once an iteration lowers the objective by less than this
  /// fraction of it (0: run every iteration unless nothing changes).
  double tolerance = 1e-6;
  uint64_t seed = 0;
  /// k-means++ seeding runs on at most this many points sampled uniformly
  /// (with the seed); 0 means 64 * numCentroids.
  size_t seedingSampleSize = 0;
  /// Runs the assignment and the partial sums on this pool when set (the
  /// work is cut into fixed chunks, so the result does not depend on it).
  llvm::ThreadPoolInterface *threadPool = nullptr;
  /// Called after each assignment step with the iteration (0 = after
  /// seeding) and the objective.
  llvm::function_ref<void(unsigned iteration, double objective)> progress;
};

struct KMeansResult {
  /// numCentroids x d, row-major.
  std::vector<float> centroids;
  /// For each point, the index of its centroid (always the nearest of the
  /// final centroids under the problem's distance).
  std::vector<uint32_t> assignments;
  /// The objective (sum of the distances of every point to its centroid,
  /// in double) after each assignment step; the last one is the result's.
  std::vector<double> objectiveHistory;
  /// Number of empty clusters re-seeded by splitting the largest one.
  unsigned numSplits = 0;
};

/// Runs k-means: k-means++ seeding (with the problem's distance) on a sample,
/// then Lloyd's iterations (assign each point to the centroid of least
/// distance, first index on ties; move each centroid to the minimizer of its
/// members' distances: their mean, or (sum G)^-1 sum G p with weighting).
/// After each update every empty cluster takes half of the most populated
/// one: both get its centroid plus or minus a tiny deterministic
/// perturbation. With fewer points than centroids, each point is a centroid
/// and the remaining centroids repeat them.
KMeansResult runKMeans(const KMeansProblem &problem,
                       const KMeansOptions &options);

/// The objective of `centroids` and `assignments` for `problem` (what
/// objectiveHistory records), in double.
double computeKMeansObjective(const KMeansProblem &problem,
                              llvm::ArrayRef<float> centroids,
                              llvm::ArrayRef<uint32_t> assignments);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_KMEANS_H
