//===- peers.cpp - the benchmark's peer implementations -------------------===//
//
// Times the libraries a user would otherwise call for one benchmark case and
// prints one line per measurement: "<impl> <seconds per call, median>".
//
//   peers gemm M N K        int8 GEMM y = requant(x * w + b)
//   peers conv N H W C KH KW F STRIDE PAD
//   peers gemv-i4 M N K     f32 x times int4 weights with per-column scales
//   peers codebook M N K D C  f32 x times a codebook weight (D-element
//                           blocks along K, C f32 centroids, u8 codes)
//   peers peak              the machine's int8 peak (one core)
//   peers bw                one core's memory read bandwidth
//
// Impls: onednn (dnnl_gemm_u8s8s32, row-major, plain weights), onednn-packed
// (the matmul / convolution primitive with weights pre-reordered into the
// layout it picks, u8 x s8 + s32 bias -> s8 with an output scale, i.e. the
// same fused requantize quantx computes), gemmlowp (GemmWithOutputPipeline,
// u8 x u8 with offsets -128 and the weights stored +128, bias addition,
// fixed-point quantize-down and saturating cast: the same epilogue), openblas
// (cblas_sgemm, or cblas_sgemv when M = 1 for gemv-i4 and codebook, on f32 of
// the same shape; for convolutions on the implicit GEMM's shape, im2col not
// timed; for gemv-i4 and codebook on the dense f32 weight), dequant-openblas
// (rebuild the f32 weight from the int4 codes or the codebook, then the same
// OpenBLAS call: what a user without a fused kernel runs), openblas-skx
// (openblas with OPENBLAS_CORETYPE=SkylakeX, which the driver sets for a
// second run with PEERS_ONLY=openblas), peak-vnni (a vpdpbusd loop with
// independent accumulators).
// Threads: run with OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 (the driver's
// multi-threaded rows run PEERS_ONLY=onednn with OMP_NUM_THREADS=2).
//
//===----------------------------------------------------------------------===//

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <cblas.h>
#include <dnnl.hpp>
#include <gemmlowp/public/gemmlowp.h>
#include <immintrin.h>

namespace {

double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

/// With PEERS_COLD=1 (the driver sets it for the f32 weight-only kinds),
/// a 64 MiB buffer is read and rewritten before each timed call, so that
/// the weights come from memory, not from the caches (as
/// bench/quantx_case.py does for quantx).
bool coldCaches() {
  const char *c = std::getenv("PEERS_COLD");
  return c && std::string(c) == "1";
}

void flushCaches() {
  static std::vector<float> junk(16 * 1024 * 1024, 0.0f);
  static volatile float sink;
  for (float &v : junk)
    v += 1.0f;
  sink = junk[junk.size() / 2];
}

/// Median (or with `best`, minimum) seconds per call: one warm-up call, then
/// calls until 0.3 s of them have passed (at least 3, at most 200).
double timeIt(const std::function<void()> &f, bool best = false) {
  bool cold = coldCaches();
  f();
  std::vector<double> t;
  double spent = 0;
  while (t.size() < 3 || (spent < 0.3 && t.size() < 200)) {
    if (cold)
      flushCaches();
    double t0 = now();
    f();
    t.push_back(now() - t0);
    spent += t.back();
  }
  std::sort(t.begin(), t.end());
  return best ? t.front() : t[t.size() / 2];
}

template <typename T> std::vector<T> randomVec(size_t n, int lo, int hi) {
  std::mt19937 gen(42);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<T> v(n);
  for (T &x : v)
    x = static_cast<T>(d(gen));
  return v;
}

void report(const char *impl, double s) { std::printf("%s %.9g\n", impl, s); }

/// With PEERS_ONLY=openblas set, only OpenBLAS runs (the driver reruns it
/// with OPENBLAS_CORETYPE=SkylakeX); with PEERS_ONLY=onednn, only oneDNN
/// (the multi-threaded rows).
bool only(const char *impl) {
  const char *o = std::getenv("PEERS_ONLY");
  return o && std::string(o) == impl;
}
bool onlyBlas() { return only("openblas"); }

/// OpenBLAS on f32 of the same shape: sgemv for one row of activations
/// when `gemv` is set (y = w^T x with w row-major K x N), sgemm otherwise.
void blas(bool gemv, long m, long n, long k, const float *x, const float *w,
          float *y) {
  if (gemv && m == 1)
    cblas_sgemv(CblasRowMajor, CblasTrans, k, n, 1.0f, w, n, x, 1, 0.0f, y,
                1);
  else
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, x,
                k, w, n, 0.0f, y, n);
}

/// gemmlowp's u8 GEMM with the output pipeline of a quantized layer: bias,
/// fixed-point multiplier and shift (the requantize quantx fuses), cast.
void gemmlowpGemm(long m, long n, long k, const std::vector<uint8_t> &x,
                  const std::vector<int8_t> &w, const std::vector<int32_t> &b) {
  std::vector<uint8_t> wu(w.size()), y(m * n);
  for (size_t i = 0; i < w.size(); ++i)
    wu[i] = static_cast<uint8_t>(w[i] + 128);
  gemmlowp::GemmContext context;
  context.set_max_num_threads(1);
  using gemmlowp::MapOrder;
  gemmlowp::MatrixMap<const uint8_t, MapOrder::RowMajor> lhs(x.data(), m, k);
  gemmlowp::MatrixMap<const uint8_t, MapOrder::RowMajor> rhs(wu.data(), k, n);
  gemmlowp::MatrixMap<uint8_t, MapOrder::RowMajor> res(y.data(), m, n);
  using BiasVector = gemmlowp::VectorMap<const int32_t, gemmlowp::VectorShape::Row>;
  gemmlowp::OutputStageBiasAddition<BiasVector> bias;
  bias.bias_vector = BiasVector(b.data(), n);
  gemmlowp::OutputStageQuantizeDownInt32ByFixedPoint down;
  down.result_fixedpoint_multiplier = 1482791985;
  down.result_shift = 9;
  down.result_offset_after_shift = 125;
  gemmlowp::OutputStageSaturatingCastToUint8 cast;
  auto pipeline = std::make_tuple(bias, down, cast);
  report("gemmlowp", timeIt([&] {
           gemmlowp::GemmWithOutputPipeline<
               uint8_t, uint8_t, gemmlowp::DefaultL8R8BitDepthParams>(
               &context, lhs, rhs, &res, /*lhs_offset=*/-128,
               /*rhs_offset=*/-128, pipeline);
         }));
}

void gemm(long m, long n, long k) {
  using namespace dnnl;
  auto x = randomVec<uint8_t>(m * k, 0, 255);
  auto w = randomVec<int8_t>(k * n, -127, 127);
  auto b = randomVec<int32_t>(n, -50000, 50000);
  std::vector<float> xf(x.begin(), x.end()), wf(w.begin(), w.end()),
      yf(m * n);
  if (!only("onednn"))
    report("openblas", timeIt([&] {
             blas(false, m, n, k, xf.data(), wf.data(), yf.data());
           }));
  if (onlyBlas())
    return;
  if (!only("onednn"))
    gemmlowpGemm(m, n, k, x, w, b);

  std::vector<int32_t> acc(m * n);
  int32_t co = 0;
  report("onednn", timeIt([&] {
           dnnl_gemm_u8s8s32('N', 'N', 'F', m, n, k, 1.0f, x.data(), k, 128,
                             w.data(), n, 0, 0.0f, acc.data(), n, &co);
         }));

  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  memory::desc xd({m, k}, memory::data_type::u8, memory::format_tag::ab);
  memory::desc wAny({k, n}, memory::data_type::s8, memory::format_tag::any);
  memory::desc wd({k, n}, memory::data_type::s8, memory::format_tag::ab);
  memory::desc bd({1, n}, memory::data_type::s32, memory::format_tag::ab);
  memory::desc yd({m, n}, memory::data_type::s8, memory::format_tag::ab);
  primitive_attr attr;
  attr.set_output_scales(0, {0.02f});
  attr.set_zero_points(DNNL_ARG_SRC, 0, {128});
  matmul::primitive_desc pd(matmul::desc(xd, wAny, bd, yd), attr, eng);
  memory xm(xd, eng, x.data()), wm(wd, eng, w.data()), bm(bd, eng, b.data());
  memory wp(pd.weights_desc(), eng), ym(yd, eng);
  reorder(wm, wp).execute(s, wm, wp);
  std::vector<int32_t> zp{128};
  memory zpm({{1}, memory::data_type::s32, memory::format_tag::a}, eng,
             zp.data());
  matmul mm(pd);
  report("onednn-packed", timeIt([&] {
           mm.execute(s, {{DNNL_ARG_SRC, xm},
                          {DNNL_ARG_WEIGHTS, wp},
                          {DNNL_ARG_BIAS, bm},
                          {DNNL_ARG_DST, ym},
                          {DNNL_ARG_ATTR_ZERO_POINTS | DNNL_ARG_SRC, zpm}});
           s.wait();
         }));
}

void conv(long bn, long h, long w, long c, long kh, long kw, long f,
          long stride, long pad) {
  using namespace dnnl;
  long oh = (h + 2 * pad - kh) / stride + 1, ow = (w + 2 * pad - kw) / stride + 1;
  auto x = randomVec<uint8_t>(bn * h * w * c, 0, 255);
  auto wt = randomVec<int8_t>(kh * kw * c * f, -127, 127);
  auto b = randomVec<int32_t>(f, -50000, 50000);

  long m = bn * oh * ow, n = f, k = kh * kw * c;
  std::vector<float> xf(m * k, 1.0f), wf(k * n, 1.0f), yf(m * n);
  if (!only("onednn"))
    report("openblas", timeIt([&] {
             cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k,
                         1.0f, xf.data(), k, wf.data(), n, 0.0f, yf.data(),
                         n);
           }));
  if (onlyBlas())
    return;

  engine eng(engine::kind::cpu, 0);
  stream s(eng);
  using tag = memory::format_tag;
  using dt = memory::data_type;
  memory::dims xdims{bn, c, h, w}, wdims{f, c, kh, kw}, ydims{bn, f, oh, ow};
  memory::desc xAny(xdims, dt::u8, tag::any), wAny(wdims, dt::s8, tag::any),
      yAny(ydims, dt::s8, tag::any), bd({f}, dt::s32, tag::a);
  primitive_attr attr;
  attr.set_output_scales(0, {0.02f});
  convolution_forward::primitive_desc pd(
      convolution_forward::desc(prop_kind::forward_inference,
                                algorithm::convolution_direct, xAny, wAny, bd,
                                yAny, {stride, stride}, {pad, pad},
                                {pad, pad}),
      attr, eng);
  // The user's tensors: NHWC activations, HWIO weights (quantx's layout).
  memory xu({xdims, dt::u8, tag::nhwc}, eng, x.data());
  memory wu({wdims, dt::s8, tag::hwio}, eng, wt.data());
  memory xm(pd.src_desc(), eng), wm(pd.weights_desc(), eng),
      ym(pd.dst_desc(), eng), bm(bd, eng, b.data());
  reorder(xu, xm).execute(s, xu, xm);
  reorder(wu, wm).execute(s, wu, wm);
  convolution_forward cv(pd);
  report("onednn-packed", timeIt([&] {
           cv.execute(s, {{DNNL_ARG_SRC, xm},
                          {DNNL_ARG_WEIGHTS, wm},
                          {DNNL_ARG_BIAS, bm},
                          {DNNL_ARG_DST, ym}});
           s.wait();
         }));

}

/// The peers of a weight-only row: OpenBLAS on the dense f32 weight that
/// `rebuild(out)` writes (K x N row-major), and, unless only OpenBLAS is
/// asked for, rebuilding it inside every timed call before the same BLAS
/// call (`dequant-openblas`).
template <typename Rebuild>
void reportWeightOnlyPeers(long m, long n, long k, const std::vector<float> &x,
                           std::vector<float> &y, Rebuild rebuild) {
  std::vector<float> w(k * n);
  rebuild(w.data());
  report("openblas",
         timeIt([&] { blas(true, m, n, k, x.data(), w.data(), y.data()); }));
  if (onlyBlas())
    return;
  std::vector<float> scratch(k * n);
  report("dequant-openblas", timeIt([&] {
           rebuild(scratch.data());
           blas(true, m, n, k, x.data(), scratch.data(), y.data());
         }));
}

/// f32 activations times int4 weights (codes in [-8, 7], two per byte,
/// per-column scales).
void gemvI4(long m, long n, long k) {
  auto codes = randomVec<int8_t>(k * n, -8, 7);
  std::vector<uint8_t> packed((k * n + 1) / 2);
  for (long i = 0; i < k * n; ++i)
    packed[i / 2] |= static_cast<uint8_t>((codes[i] & 15) << (4 * (i % 2)));
  std::vector<float> scales(n);
  for (long j = 0; j < n; ++j)
    scales[j] = 1.0f / float(16 << (j % 5));
  auto xi = randomVec<int8_t>(m * k, -8, 8);
  std::vector<float> x(xi.begin(), xi.end()), y(m * n);
  auto dequantize = [&](float *out) {
    for (long r = 0; r < k; ++r) {
      const uint8_t *p = packed.data() + r * n / 2;
      float *o = out + r * n;
      for (long j = 0; j < n; j += 2) {
        uint8_t byte = p[j / 2];
        o[j] = float(int8_t(byte << 4) >> 4) * scales[j];
        o[j + 1] = float(int8_t(byte) >> 4) * scales[j + 1];
      }
    }
  };
  if (n % 2) {
    std::fprintf(stderr, "peers gemv-i4: N must be even\n");
    std::exit(1);
  }
  reportWeightOnlyPeers(m, n, k, x, y, dequantize);
}

/// f32 activations times a codebook weight: C centroids of D floats, one
/// code per D-element block along K (as bench/codebook/bench.cpp).
void codebook(long m, long n, long k, long d, long c) {
  std::mt19937 gen(7);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> centroids(c * d), x(m * k), y(m * n);
  for (float &v : centroids)
    v = 0.05f * normal(gen);
  for (float &v : x)
    v = normal(gen);
  auto codes = randomVec<uint8_t>(k / d * n, 0, int(c) - 1);
  auto rebuild = [&](float *out) { // K x N row-major
    for (long j = 0; j < k / d; ++j)
      for (long t = 0; t < d; ++t) {
        float *row = out + (j * d + t) * n;
        const uint8_t *code = codes.data() + j * n;
        for (long col = 0; col < n; ++col)
          row[col] = centroids[code[col] * d + t];
      }
  };
  reportWeightOnlyPeers(m, n, k, x, y, rebuild);
}

constexpr int kPeakAcc = 16;
constexpr long kPeakIters = 1 << 20;

/// kPeakIters rounds of kPeakAcc independent vpdpbusd (enough accumulators
/// to cover the instruction's latency).
__attribute__((target("avx512f,avx512vnni"), noinline)) int peakLoop(char seed) {
  __m512i acc[kPeakAcc];
  for (int i = 0; i < kPeakAcc; ++i)
    acc[i] = _mm512_set1_epi32(i);
  __m512i a = _mm512_set1_epi8(seed), b = _mm512_set1_epi8(-5);
  for (long it = 0; it < kPeakIters; ++it)
    for (int i = 0; i < kPeakAcc; ++i)
      acc[i] = _mm512_dpbusd_epi32(acc[i], a, b);
  __m512i sum = acc[0];
  for (int i = 1; i < kPeakAcc; ++i)
    sum = _mm512_add_epi32(sum, acc[i]);
  return _mm512_reduce_add_epi32(sum);
}

/// The int8 peak of one core, reported as the seconds that 2^31 operations
/// take at that rate (the driver turns it into GOP/s). A peak is the best
/// rate seen, so this takes the fastest call, not the median.
void peak() {
  volatile char seed = 3;
  volatile int sink = 0;
  double s = timeIt([&] { sink = sink + peakLoop(seed); }, /*best=*/true);
  double ops = 2.0 * 64 * kPeakAcc * kPeakIters;
  report("peak-vnni", s * (2.0 * 1024 * 1024 * 1024) / ops);
}

/// Reads `n` floats with 8 independent AVX-512 accumulators.
__attribute__((target("avx512f"), noinline)) float streamRead(const float *p,
                                                              long n) {
  __m512 acc[8];
  for (int i = 0; i < 8; ++i)
    acc[i] = _mm512_setzero_ps();
  for (long i = 0; i + 128 <= n; i += 128)
    for (int j = 0; j < 8; ++j)
      acc[j] = _mm512_add_ps(acc[j], _mm512_loadu_ps(p + i + 16 * j));
  for (int j = 1; j < 8; ++j)
    acc[0] = _mm512_add_ps(acc[0], acc[j]);
  return _mm512_reduce_add_ps(acc[0]);
}

/// The memory read bandwidth of one core: the fastest streaming read of a
/// 256 MiB buffer (far larger than the caches), reported as the seconds
/// that reading 2^30 bytes takes at that rate. The roof of the weight-only
/// rows, which are bound by reading their weights.
void bandwidth() {
  constexpr long kFloats = 64L * 1024 * 1024;
  std::vector<float> buf(kFloats, 1.0f);
  volatile float sink = 0;
  double s = timeIt([&] { sink = sink + streamRead(buf.data(), kFloats); },
                    /*best=*/true);
  report("peak-bw", s * (1024.0 * 1024 * 1024) / (4.0 * kFloats));
}

} // namespace

int main(int argc, char **argv) {
  std::vector<long> a;
  for (int i = 2; i < argc; ++i)
    a.push_back(std::atol(argv[i]));
  std::string what = argc > 1 ? argv[1] : "";
  if (what == "gemm" && a.size() == 3)
    gemm(a[0], a[1], a[2]);
  else if (what == "gemv-i4" && a.size() == 3)
    gemvI4(a[0], a[1], a[2]);
  else if (what == "codebook" && a.size() == 5)
    codebook(a[0], a[1], a[2], a[3], a[4]);
  else if (what == "conv" && a.size() == 9)
    conv(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]);
  else if (what == "peak" && __builtin_cpu_supports("avx512vnni"))
    peak();
  else if (what == "bw" && __builtin_cpu_supports("avx512f"))
    bandwidth();
  else if (what != "peak" && what != "bw") {
    std::fprintf(stderr, "usage: peers gemm M N K | conv N H W C KH KW F "
                         "STRIDE PAD | gemv-i4 M N K | codebook M N K D C | "
                         "peak | bw\n");
    return 1;
  }
  return 0;
}
