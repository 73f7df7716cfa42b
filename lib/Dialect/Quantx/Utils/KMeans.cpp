//===- KMeans.cpp - k-means for codebook quantization ---------------------===//
//
// The assignment step is the cost: n points x C centroids x d. It is written
// as argmin_c (|c|^2 - 2 q.c) (q = p, or G p with activation weighting) in
// tiles of 4 points x 64 centroids on 16-float vectors, compiled for
// AVX-512, AVX2+FMA and baseline x86-64 (target_clones picks one at load
// time), and cut into fixed chunks of points that run on the thread pool.
// Partial sums are kept per chunk and added in chunk order, so the result is
// the same with any number of threads.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Utils/KMeans.h"

#include "llvm/Support/ThreadPool.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

using namespace mlir;
using namespace mlir::quantx;

#if defined(__x86_64__) && defined(__clang__) && defined(__ELF__)
#define QUANTX_TARGET_CLONES                                                   \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define QUANTX_TARGET_CLONES
#endif

namespace {

/// Points per task: fixed, so that partial sums do not depend on threads.
constexpr size_t kChunkSize = 16384;

/// Runs fn(chunk, begin, end) for every chunk of [0, n), on `pool` if set.
template <typename Fn>
void forEachChunk(llvm::ThreadPoolInterface *pool, size_t n, Fn &&fn) {
  size_t numChunks = (n + kChunkSize - 1) / kChunkSize;
  auto run = [&fn, n](size_t chunk) {
    size_t begin = chunk * kChunkSize;
    fn(chunk, begin, std::min(n, begin + kChunkSize));
  };
  if (!pool || numChunks <= 1) {
    for (size_t c = 0; c < numChunks; ++c)
      run(c);
    return;
  }
  llvm::ThreadPoolTaskGroup group(*pool);
  for (size_t c = 0; c < numChunks; ++c)
    group.async([&run, c] { run(c); });
  group.wait();
}

/// A deterministic source of uniform doubles in [0, 1) (mt19937_64 is
/// specified bit for bit by the standard, unlike the distributions).
class Random {
public:
  explicit Random(uint64_t seed) : engine(seed) {}
  double uniform() { return static_cast<double>(engine() >> 11) * 0x1p-53; }
  size_t index(size_t n) {
    return std::min(n - 1, static_cast<size_t>(uniform() * n));
  }

private:
  std::mt19937_64 engine;
};

//===----------------------------------------------------------------------===//
// Assignment kernel
//===----------------------------------------------------------------------===//

typedef float VecF __attribute__((vector_size(64)));
typedef int32_t VecI __attribute__((vector_size(64)));

struct AssignArgs {
  const float *queries;    // n x d: the points, or G p when weighted
  unsigned dim;            // d
  const float *centroidsT; // d x cp, centroid c in column c
  unsigned cp;             // centroids padded to a multiple of 64
  const float *norms;      // |c|^2 (c^T G c per group when weighted), cp each
  size_t pointsPerGroup;   // 0: one row of norms for every point
  uint32_t *assignments;
};

constexpr unsigned kTilePoints = 4;
constexpr unsigned kTileVectors = 4; // 64 centroids per tile

/// A vector of 16 copies of a float (x - 0 is x for every float, so this
/// folds to a broadcast).
#define QUANTX_SPLAT(x) ((x) - VecF{})

/// For each point i in [begin, end): the first c minimizing
/// norms[g(i)][c] - 2 queries[i] . c, in tiles of 4 points x 64 centroids
/// (16 accumulators). Padding centroids have norm +inf.
QUANTX_TARGET_CLONES
void assignPoints(const AssignArgs &a, size_t begin, size_t end) {
  constexpr unsigned P = kTilePoints, V = kTileVectors;
  const VecI lanes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  const unsigned d = a.dim, cp = a.cp;
  for (size_t i = begin; i < end; i += P) {
    unsigned valid = static_cast<unsigned>(std::min<size_t>(P, end - i));
    const float *q[P];
    const float *norm[P];
    VecF best[P];
    VecI bestIndex[P];
    for (unsigned p = 0; p < P; ++p) {
      // A short last tile repeats its last point; only valid ones are kept.
      size_t ip = i + std::min(p, valid - 1);
      q[p] = a.queries + ip * d;
      norm[p] = a.norms + (a.pointsPerGroup ? (ip / a.pointsPerGroup) * cp : 0);
      best[p] = QUANTX_SPLAT(std::numeric_limits<float>::infinity());
      bestIndex[p] = VecI{};
    }
    for (unsigned c0 = 0; c0 < cp; c0 += 16 * V) {
      VecF acc[P][V] = {};
      const float *column = a.centroidsT + c0;
      for (unsigned t = 0; t < d; ++t) {
        VecF x[V];
        for (unsigned v = 0; v < V; ++v)
          std::memcpy(&x[v], column + size_t(t) * cp + 16 * v, sizeof(VecF));
        for (unsigned p = 0; p < P; ++p) {
          VecF s = QUANTX_SPLAT(q[p][t]);
          for (unsigned v = 0; v < V; ++v)
            acc[p][v] += s * x[v];
        }
      }
      for (unsigned p = 0; p < P; ++p) {
        for (unsigned v = 0; v < V; ++v) {
          VecF n;
          std::memcpy(&n, norm[p] + c0 + 16 * v, sizeof(VecF));
          VecF score = n - (acc[p][v] + acc[p][v]);
          VecI better = score < best[p];
          best[p] = better ? score : best[p];
          bestIndex[p] = better ? lanes + static_cast<int32_t>(c0 + 16 * v)
                                : bestIndex[p];
        }
      }
    }
    for (unsigned p = 0; p < valid; ++p) {
      // The least score, then the least index among the lanes holding it.
      float least = __builtin_reduce_min(best[p]);
      VecI candidates = best[p] == QUANTX_SPLAT(least) ? bestIndex[p]
                                                : VecI{} + INT32_MAX;
      int32_t index = __builtin_reduce_min(candidates);
      a.assignments[i + p] =
          static_cast<uint32_t>(index == INT32_MAX ? 0 : index);
    }
  }
}

//===----------------------------------------------------------------------===//
// Lloyd's iterations
//===----------------------------------------------------------------------===//

class KMeans {
public:
  KMeans(const KMeansProblem &problem, const KMeansOptions &options)
      : problem(problem), options(options), d(problem.dim),
        n(problem.points.size() / problem.dim), k(options.numCentroids),
        cp((k + 63) / 64 * 64), weighted(!problem.grams.empty()),
        numGroups(weighted ? problem.grams.size() / (d * d) : 1),
        random(options.seed) {}

  KMeansResult run();

private:
  void seed();
  void computeQueries();
  /// Assigns every point; returns the objective and counts changes.
  double assign(size_t &changed);
  /// Moves every centroid to the minimizer of its members' distances.
  void update();
  void splitEmptyClusters(std::vector<double> &counts);
  double distance(size_t i, const float *c) const;
  size_t groupOf(size_t i) const {
    return weighted ? i / problem.pointsPerGroup : 0;
  }
  const float *gram(size_t g) const { return problem.grams.data() + g * d * d; }

  const KMeansProblem &problem;
  const KMeansOptions &options;
  const unsigned d;
  const size_t n;
  const unsigned k, cp;
  const bool weighted;
  const size_t numGroups;
  Random random;

  std::vector<float> centroids; // k x d
  std::vector<float> queries;   // n x d (weighted only: G p)
  std::vector<uint32_t> assignments;
  KMeansResult result;
};

double KMeans::distance(size_t i, const float *c) const {
  const float *p = problem.points.data() + i * d;
  if (!weighted) {
    double sum = 0;
    for (unsigned t = 0; t < d; ++t) {
      double diff = double(p[t]) - double(c[t]);
      sum += diff * diff;
    }
    return sum;
  }
  const float *g = gram(groupOf(i));
  double diff[64];
  double sum = 0;
  for (unsigned t = 0; t < d; ++t)
    diff[t] = double(p[t]) - double(c[t]);
  for (unsigned r = 0; r < d; ++r) {
    double row = 0;
    for (unsigned t = 0; t < d; ++t)
      row += double(g[r * d + t]) * diff[t];
    sum += diff[r] * row;
  }
  return std::max(sum, 0.0);
}

void KMeans::seed() {
  centroids.assign(size_t(k) * d, 0.0f);
  const float *pts = problem.points.data();
  if (n <= k) {
    // Every point is a centroid; the others repeat them.
    for (unsigned c = 0; c < k; ++c)
      std::copy_n(pts + (c % n) * d, d, centroids.data() + size_t(c) * d);
    return;
  }
  size_t sampleSize = options.seedingSampleSize ? options.seedingSampleSize
                                                : size_t(64) * k;
  std::vector<size_t> sample;
  if (sampleSize >= n) {
    sample.resize(n);
    for (size_t i = 0; i < n; ++i)
      sample[i] = i;
  } else {
    sample.resize(sampleSize);
    for (size_t &s : sample)
      s = random.index(n);
  }
  size_t m = sample.size();
  // The problem's own distance, so that weighted seeds spread along the
  // directions the activations excite.
  auto sqDist = [&](size_t s, const float *c) { return distance(sample[s], c); };
  // k-means++: the first center uniformly, each next one with probability
  // proportional to the squared distance to the nearest chosen center.
  size_t first = random.index(m);
  std::copy_n(pts + sample[first] * d, d, centroids.data());
  std::vector<double> nearest(m);
  for (size_t s = 0; s < m; ++s)
    nearest[s] = sqDist(s, centroids.data());
  std::vector<double> cumulative(m);
  for (unsigned c = 1; c < k; ++c) {
    double total = 0;
    for (size_t s = 0; s < m; ++s)
      cumulative[s] = total += nearest[s];
    size_t pick;
    if (total > 0) {
      double r = random.uniform() * total;
      pick = std::upper_bound(cumulative.begin(), cumulative.end(), r) -
             cumulative.begin();
      pick = std::min(pick, m - 1);
    } else {
      pick = random.index(m);
    }
    float *center = centroids.data() + size_t(c) * d;
    std::copy_n(pts + sample[pick] * d, d, center);
    for (size_t s = 0; s < m; ++s)
      nearest[s] = std::min(nearest[s], sqDist(s, center));
  }
}

void KMeans::computeQueries() {
  if (!weighted)
    return;
  queries.resize(n * d);
  forEachChunk(options.threadPool, n, [&](size_t, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      const float *g = gram(groupOf(i));
      const float *p = problem.points.data() + i * d;
      for (unsigned r = 0; r < d; ++r) {
        double sum = 0;
        for (unsigned t = 0; t < d; ++t)
          sum += double(g[r * d + t]) * double(p[t]);
        queries[i * d + r] = static_cast<float>(sum);
      }
    }
  });
}

double KMeans::assign(size_t &changed) {
  // Transposed, padded centroids and their norms (per group when weighted).
  std::vector<float> centroidsT(size_t(d) * cp, 0.0f);
  for (unsigned c = 0; c < k; ++c)
    for (unsigned t = 0; t < d; ++t)
      centroidsT[size_t(t) * cp + c] = centroids[size_t(c) * d + t];
  std::vector<float> norms(numGroups * cp,
                           std::numeric_limits<float>::infinity());
  for (size_t g = 0; g < numGroups; ++g) {
    for (unsigned c = 0; c < k; ++c) {
      const float *x = centroids.data() + size_t(c) * d;
      double sum = 0;
      for (unsigned r = 0; r < d; ++r) {
        if (!weighted) {
          sum += double(x[r]) * double(x[r]);
          continue;
        }
        double row = 0;
        for (unsigned t = 0; t < d; ++t)
          row += double(gram(g)[r * d + t]) * double(x[t]);
        sum += double(x[r]) * row;
      }
      norms[g * cp + c] = static_cast<float>(sum);
    }
  }

  std::vector<uint32_t> previous = assignments;
  bool first = previous.empty();
  assignments.resize(n);
  AssignArgs args{weighted ? queries.data() : problem.points.data(),
                  d,
                  centroidsT.data(),
                  cp,
                  norms.data(),
                  weighted ? problem.pointsPerGroup : 0,
                  assignments.data()};
  size_t numChunks = (n + kChunkSize - 1) / kChunkSize;
  std::vector<double> objective(numChunks, 0.0);
  std::vector<size_t> changes(numChunks, 0);
  forEachChunk(options.threadPool, n,
               [&](size_t chunk, size_t begin, size_t end) {
                 assignPoints(args, begin, end);
                 double sum = 0;
                 size_t diff = 0;
                 for (size_t i = begin; i < end; ++i) {
                   sum += distance(i, centroids.data() +
                                          size_t(assignments[i]) * d);
                   diff += first || previous[i] != assignments[i];
                 }
                 objective[chunk] = sum;
                 changes[chunk] = diff;
               });
  double total = 0;
  changed = 0;
  for (size_t c = 0; c < numChunks; ++c) {
    total += objective[c];
    changed += changes[c];
  }
  return total;
}

/// Solves A x = b for a symmetric positive definite A (d x d, row-major, in
/// place) by Cholesky; fails when A is not numerically positive definite.
static bool solveCholesky(std::vector<double> &a, std::vector<double> &b,
                          unsigned d) {
  for (unsigned j = 0; j < d; ++j) {
    double diag = a[j * d + j];
    for (unsigned t = 0; t < j; ++t)
      diag -= a[j * d + t] * a[j * d + t];
    if (!(diag > 0))
      return false;
    double l = std::sqrt(diag);
    a[j * d + j] = l;
    for (unsigned i = j + 1; i < d; ++i) {
      double v = a[i * d + j];
      for (unsigned t = 0; t < j; ++t)
        v -= a[i * d + t] * a[j * d + t];
      a[i * d + j] = v / l;
    }
  }
  for (unsigned i = 0; i < d; ++i) { // L y = b
    for (unsigned t = 0; t < i; ++t)
      b[i] -= a[i * d + t] * b[t];
    b[i] /= a[i * d + i];
  }
  for (unsigned i = d; i-- > 0;) { // L^T x = y
    for (unsigned t = i + 1; t < d; ++t)
      b[i] -= a[t * d + i] * b[t];
    b[i] /= a[i * d + i];
  }
  return true;
}

void KMeans::update() {
  // Per-chunk sums of the members' points (and of G p when weighted), added
  // in chunk order.
  size_t numChunks = (n + kChunkSize - 1) / kChunkSize;
  size_t width = size_t(k) * d;
  std::vector<double> partial(numChunks * width * (weighted ? 2 : 1), 0.0);
  std::vector<double> partialCounts(numChunks * k, 0.0);
  forEachChunk(options.threadPool, n,
               [&](size_t chunk, size_t begin, size_t end) {
                 double *sums = partial.data() + chunk * width;
                 double *gsums = weighted ? partial.data() +
                                                (numChunks + chunk) * width
                                          : nullptr;
                 double *counts = partialCounts.data() + chunk * k;
                 for (size_t i = begin; i < end; ++i) {
                   size_t c = assignments[i];
                   counts[c] += 1;
                   const float *p = problem.points.data() + i * d;
                   for (unsigned t = 0; t < d; ++t)
                     sums[c * d + t] += p[t];
                   if (weighted)
                     for (unsigned t = 0; t < d; ++t)
                       gsums[c * d + t] += queries[i * d + t];
                 }
               });
  std::vector<double> sums(width, 0.0), gsums(weighted ? width : 0, 0.0);
  std::vector<double> counts(k, 0.0);
  for (size_t chunk = 0; chunk < numChunks; ++chunk) {
    for (size_t e = 0; e < width; ++e)
      sums[e] += partial[chunk * width + e];
    if (weighted)
      for (size_t e = 0; e < width; ++e)
        gsums[e] += partial[(numChunks + chunk) * width + e];
    for (unsigned c = 0; c < k; ++c)
      counts[c] += partialCounts[chunk * k + c];
  }

  // Members of each centroid per group (weighted): H_c = sum_g n_gc G_g.
  std::vector<uint32_t> groupCounts;
  if (weighted) {
    groupCounts.assign(numGroups * k, 0);
    for (size_t i = 0; i < n; ++i)
      ++groupCounts[groupOf(i) * k + assignments[i]];
  }

  for (unsigned c = 0; c < k; ++c) {
    if (counts[c] == 0)
      continue;
    float *center = centroids.data() + size_t(c) * d;
    std::vector<double> mean(d);
    for (unsigned t = 0; t < d; ++t)
      mean[t] = sums[size_t(c) * d + t] / counts[c];
    if (weighted) {
      // argmin_c sum_i (p_i - c)^T G_i (p_i - c) = H^-1 sum_i G_i p_i. A
      // ridge of 1e-6 trace(H) / d pulls directions that the activations
      // never excite (singular H) towards the members' mean.
      std::vector<double> h(size_t(d) * d, 0.0);
      for (size_t g = 0; g < numGroups; ++g) {
        uint32_t count = groupCounts[g * k + c];
        if (!count)
          continue;
        for (size_t e = 0; e < size_t(d) * d; ++e)
          h[e] += double(count) * double(gram(g)[e]);
      }
      double trace = 0;
      for (unsigned t = 0; t < d; ++t)
        trace += h[t * d + t];
      double ridge = 1e-6 * trace / d;
      std::vector<double> rhs(d);
      for (unsigned t = 0; t < d; ++t) {
        h[t * d + t] += ridge;
        rhs[t] = gsums[size_t(c) * d + t] + ridge * mean[t];
      }
      if (trace > 0 && solveCholesky(h, rhs, d)) {
        for (unsigned t = 0; t < d; ++t)
          center[t] = static_cast<float>(rhs[t]);
        continue;
      }
    }
    for (unsigned t = 0; t < d; ++t)
      center[t] = static_cast<float>(mean[t]);
  }
  splitEmptyClusters(counts);
}

void KMeans::splitEmptyClusters(std::vector<double> &counts) {
  for (unsigned c = 0; c < k; ++c) {
    if (counts[c] != 0)
      continue;
    unsigned donor = static_cast<unsigned>(
        std::max_element(counts.begin(), counts.end()) - counts.begin());
    if (counts[donor] < 2)
      return; // Nothing left to split.
    float *from = centroids.data() + size_t(donor) * d;
    float *to = centroids.data() + size_t(c) * d;
    double scale = 0;
    for (unsigned t = 0; t < d; ++t)
      scale = std::max(scale, std::fabs(double(from[t])));
    double eps = 1e-5 * (scale > 0 ? scale : 1.0);
    for (unsigned t = 0; t < d; ++t) {
      double e = eps * (2 * random.uniform() - 1);
      to[t] = static_cast<float>(from[t] + e);
      from[t] = static_cast<float>(from[t] - e);
    }
    counts[c] = counts[donor] / 2;
    counts[donor] -= counts[c];
    ++result.numSplits;
  }
}

KMeansResult KMeans::run() {
  seed();
  computeQueries();
  for (unsigned iteration = 0;; ++iteration) {
    size_t changed = 0;
    double objective = assign(changed);
    result.objectiveHistory.push_back(objective);
    if (options.progress)
      options.progress(iteration, objective);
    if (iteration == options.maxIterations || changed == 0 || objective == 0)
      break;
    if (iteration > 0) {
      double previous =
          result.objectiveHistory[result.objectiveHistory.size() - 2];
      if (previous - objective <= options.tolerance * previous)
        break;
    }
    update();
  }
  result.centroids = std::move(centroids);
  result.assignments = std::move(assignments);
  return std::move(result);
}

} // namespace

KMeansResult mlir::quantx::runKMeans(const KMeansProblem &problem,
                                     const KMeansOptions &options) {
  assert(problem.dim > 0 && problem.dim <= 64 && "block size in [1, 64]");
  assert(problem.points.size() % problem.dim == 0 && "n x d points");
  assert(options.numCentroids > 0 && "at least one centroid");
  assert((problem.grams.empty() ||
          (problem.pointsPerGroup > 0 &&
           problem.grams.size() % (size_t(problem.dim) * problem.dim) == 0 &&
           (problem.points.size() / problem.dim + problem.pointsPerGroup - 1) /
                   problem.pointsPerGroup <=
               problem.grams.size() / (size_t(problem.dim) * problem.dim))) &&
         "one d x d Gram matrix per group of points");
  if (problem.points.empty()) {
    KMeansResult result;
    result.centroids.assign(size_t(options.numCentroids) * problem.dim, 0.0f);
    result.objectiveHistory.push_back(0.0);
    return result;
  }
  return KMeans(problem, options).run();
}

double mlir::quantx::computeKMeansObjective(
    const KMeansProblem &problem, llvm::ArrayRef<float> centroids,
    llvm::ArrayRef<uint32_t> assignments) {
  unsigned d = problem.dim;
  bool weighted = !problem.grams.empty();
  double total = 0;
  for (size_t i = 0; i < assignments.size(); ++i) {
    const float *p = problem.points.data() + i * d;
    const float *c = centroids.data() + size_t(assignments[i]) * d;
    double diff[64];
    for (unsigned t = 0; t < d; ++t)
      diff[t] = double(p[t]) - double(c[t]);
    if (!weighted) {
      for (unsigned t = 0; t < d; ++t)
        total += diff[t] * diff[t];
      continue;
    }
    const float *g =
        problem.grams.data() + (i / problem.pointsPerGroup) * d * d;
    double sum = 0;
    for (unsigned r = 0; r < d; ++r)
      for (unsigned t = 0; t < d; ++t)
        sum += diff[r] * double(g[r * d + t]) * diff[t];
    total += std::max(sum, 0.0);
  }
  return total;
}
