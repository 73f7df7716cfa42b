//===- bench.cpp - codebook GEMV against its peers ------------------------===//
//
// Times, for M x K activations and a K x N codebook weight (d = 8, C = 256),
// in one process on one thread:
//   * quantx x86, 8-bit tables: convert-quantx-to-x86 (vpermb/vpermi2b),
//     interleaved with the other calls (its codes come from memory, as in a
//     model with many layers) and back to back ("warm": codes in cache);
//   * quantx x86, 16-bit tables (table-bits=16);
//   * quantx table route: the reference lowering (convert-quantx-to-linalg),
//     fewer runs since it is slow;
//   * quantx dense f32: linalg.matmul on the dense weight through the same
//     pipeline (what quantx compiles for an uncompressed layer; fewer runs);
//   * OpenBLAS f32 on the dense weight (sgemv for M = 1, sgemm otherwise);
//   * rebuilding the dense weight from the codebook, then OpenBLAS.
// Prints medians, each time as a multiple of the 8-bit x86 kernel's, the
// error relative to the largest |y| of OpenBLAS's result, and the weight
// memory of each form. Built and run by bench.sh (make bench-codebook).
//
//===----------------------------------------------------------------------===//

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {
constexpr int64_t K = BENCH_K, N = BENCH_N, D = 8, C = 256, S = K / D;

template <int Rank> struct Memref {
  float *allocated;
  float *aligned;
  int64_t offset;
  int64_t sizes[Rank];
  int64_t strides[Rank];
};
} // namespace

extern "C" {
#define DECLARE(P, M)                                                          \
  void _mlir_ciface_##P##_m##M(Memref<2> *result, Memref<2> *x);
#define DECLARE_ALL(P) DECLARE(P, 1) DECLARE(P, 4) DECLARE(P, 16)
DECLARE_ALL(x86_8)
DECLARE_ALL(x86_16)
DECLARE_ALL(table_route)
#define DECLARE_DENSE(M)                                                       \
  void _mlir_ciface_dense_f32_m##M(Memref<2> *result, Memref<2> *x,          \
                                   Memref<2> *w);
DECLARE_DENSE(1)
DECLARE_DENSE(4)
DECLARE_DENSE(16)
void openblas_set_num_threads(int);
}

using Kernel = void (*)(Memref<2> *, Memref<2> *);
using DenseKernel = void (*)(Memref<2> *, Memref<2> *, Memref<2> *);

static std::vector<char> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<char>(std::istreambuf_iterator<char>(in), {});
}

static double seconds(std::chrono::steady_clock::time_point a,
                      std::chrono::steady_clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Largest |a - b| relative to the largest |b|.
static double relError(const std::vector<float> &a,
                       const std::vector<float> &b) {
  double maxErr = 0, maxY = 0;
  for (size_t i = 0; i < b.size(); ++i) {
    maxErr = std::max(maxErr, double(std::fabs(a[i] - b[i])));
    maxY = std::max(maxY, double(std::fabs(b[i])));
  }
  return maxErr / maxY;
}

int main(int argc, char **argv) {
  std::string dir = argc > 1 ? argv[1] : ".";
  int reps = argc > 2 ? std::max(1, std::atoi(argv[2])) : 50;
  int refReps = std::max(3, reps / 10);
  openblas_set_num_threads(1);
  std::vector<char> cbytes = readFile(dir + "/centroids.bin");
  std::vector<char> ibytes = readFile(dir + "/codes.bin");
  if (cbytes.size() != C * D * 4 || ibytes.size() != size_t(S * N)) {
    std::fprintf(stderr, "bench: bad centroids.bin/codes.bin in %s\n",
                 dir.c_str());
    return 1;
  }
  const float *centroids = reinterpret_cast<const float *>(cbytes.data());
  const uint8_t *codes = reinterpret_cast<const uint8_t *>(ibytes.data());
  auto rebuild = [&](float *w) { // K x N row-major
    for (int64_t j = 0; j < S; ++j)
      for (int64_t t = 0; t < D; ++t) {
        float *row = w + (j * D + t) * N;
        const uint8_t *code = codes + j * N;
        for (int64_t n = 0; n < N; ++n)
          row[n] = centroids[code[n] * D + t];
      }
  };
  std::vector<float> dense(K * N);
  rebuild(dense.data());

  double mib = 1024.0 * 1024.0;
  double denseBytes = 4.0 * K * N, codeBytes = double(S * N);
  std::printf("codebook GEMV: %lld x %lld weights, d = %lld, C = %lld, one "
              "shared codebook; one thread; median of %d runs (%d for the "
              "table route and quantx dense)\n",
              (long long)K, (long long)N, (long long)D, (long long)C, reps,
              refReps);
  std::printf("weight memory: dense f32 %.2f MiB; codebook %.2f MiB = codes "
              "%.2f MiB + centroids %.1f KiB (f32; %.1f KiB as f16), "
              "%.3f bits/weight, %.1fx smaller\n\n",
              denseBytes / mib, (codeBytes + C * D * 4) / mib,
              codeBytes / mib, C * D * 4 / 1024.0, C * D * 2 / 1024.0,
              8.0 * (codeBytes + C * D * 2) / (K * N),
              denseBytes / (codeBytes + C * D * 4));
  std::printf("%4s  %-36s %10s %12s %10s\n", "M", "implementation", "ms",
              "vs x86 8-bit", "rel err");

  struct Case {
    int64_t m;
    Kernel x86_8, x86_16, tableRoute;
    DenseKernel dense;
  } cases[] = {
      {1, _mlir_ciface_x86_8_m1, _mlir_ciface_x86_16_m1,
       _mlir_ciface_table_route_m1, _mlir_ciface_dense_f32_m1},
      {4, _mlir_ciface_x86_8_m4, _mlir_ciface_x86_16_m4,
       _mlir_ciface_table_route_m4, _mlir_ciface_dense_f32_m4},
      {16, _mlir_ciface_x86_8_m16, _mlir_ciface_x86_16_m16,
       _mlir_ciface_table_route_m16, _mlir_ciface_dense_f32_m16}};
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0, 1);
  std::vector<float> scratch(K * N);
  for (const Case &cs : cases) {
    int64_t m = cs.m;
    std::vector<float> x(m * K), yBlas(m * N), yRebuild(m * N);
    for (float &v : x)
      v = normal(rng);
    Memref<2> xm{x.data(), x.data(), 0, {m, K}, {K, 1}};
    Memref<2> wm{dense.data(), dense.data(), 0, {K, N}, {N, 1}};
    auto blas = [&](const float *w, float *y) {
      if (m == 1)
        cblas_sgemv(CblasRowMajor, CblasTrans, K, N, 1.0f, w, N, x.data(), 1,
                    0.0f, y, 1);
      else
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, N, K, 1.0f,
                    x.data(), K, w, N, 0.0f, y, N);
    };
    // One timed call of a quantx kernel; its result into y.
    auto call = [&](Kernel kernel, std::vector<float> &y) {
      Memref<2> out;
      auto t0 = std::chrono::steady_clock::now();
      kernel(&out, &xm);
      auto t1 = std::chrono::steady_clock::now();
      y.assign(out.aligned, out.aligned + m * N);
      std::free(out.allocated);
      return seconds(t0, t1);
    };
    std::vector<double> t8, t16, tb, tr, tw, tt, td;
    std::vector<float> y8, y16, yTable, yDense;
    for (int r = 0; r < reps + 3; ++r) {
      double a = call(cs.x86_8, y8);
      double b = call(cs.x86_16, y16);
      auto t2 = std::chrono::steady_clock::now();
      blas(dense.data(), yBlas.data());
      auto t3 = std::chrono::steady_clock::now();
      rebuild(scratch.data());
      blas(scratch.data(), yRebuild.data());
      auto t4 = std::chrono::steady_clock::now();
      if (r >= 3) { // warm-up runs are not counted
        t8.push_back(a);
        t16.push_back(b);
        tb.push_back(seconds(t2, t3));
        tr.push_back(seconds(t3, t4));
      }
    }
    for (int r = 0; r < reps + 3; ++r) {
      double a = call(cs.x86_8, y8);
      if (r >= 3)
        tw.push_back(a);
    }
    for (int r = 0; r < refReps + 1; ++r) {
      double a = call(cs.tableRoute, yTable);
      Memref<2> out;
      auto t0 = std::chrono::steady_clock::now();
      cs.dense(&out, &xm, &wm);
      auto t1 = std::chrono::steady_clock::now();
      yDense.assign(out.aligned, out.aligned + m * N);
      std::free(out.allocated);
      if (r >= 1) {
        tt.push_back(a);
        td.push_back(seconds(t0, t1));
      }
    }
    double base = median(t8);
    auto row = [&](const char *name, const std::vector<double> &t,
                   double err) {
      double ms = median(t) * 1e3;
      std::printf("%4lld  %-36s %10.4f %11.1fx %10.2e\n", (long long)m, name,
                  ms, median(t) / base, err);
    };
    row("quantx x86, 8-bit tables", t8, relError(y8, yBlas));
    row("quantx x86, 8-bit tables, warm", tw, relError(y8, yBlas));
    row("quantx x86, 16-bit tables", t16, relError(y16, yBlas));
    row("quantx table route (reference)", tt, relError(yTable, yBlas));
    row("quantx dense f32 linalg.matmul", td, relError(yDense, yBlas));
    row(m == 1 ? "OpenBLAS sgemv, dense f32" : "OpenBLAS sgemm, dense f32",
        tb, 0.0);
    row("rebuild weights + OpenBLAS", tr, relError(yRebuild, yBlas));
    std::printf("\n");
  }
  std::printf("vs x86 8-bit: each time divided by the 8-bit x86 kernel's "
              "(above 1: slower than it). rel err: max |y - y_OpenBLAS| / "
              "max |y_OpenBLAS|.\n");
  return 0;
}
