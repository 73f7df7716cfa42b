//===- main.cpp - call an AOT-compiled quantx layer from C++ --------------===//
//
// Calls qmatmul_layer (qmatmul.mlir, compiled to an object by quantx-opt,
// mlir-translate and clang; see README.md) through its C interface, and
// checks every output against gemmlowp's own fixed-point functions
// (Debian libgemmlowp-dev), computed here from the same weights.
//
//===----------------------------------------------------------------------===//

#include "gemmlowp/fixedpoint/fixedpoint.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {
constexpr int64_t M = 4, K = 16, N = 8;

/// MLIR's descriptor of a ranked 2-D memref (the C interface's layout).
template <typename T> struct MemRef2D {
  T *allocated;
  T *aligned;
  int64_t offset;
  int64_t sizes[2];
  int64_t strides[2];
};

// The layer's constants, as qmatmul.mlir spells them.
int8_t weight(int64_t k, int64_t n) {
  return static_cast<int8_t>((k * 7 + n * 3) % 17 - 8);
}
int32_t bias(int64_t n) { return static_cast<int32_t>((n * 37) % 101 - 50); }
constexpr int32_t kInputZeroPoint = -3, kOutputZeroPoint = -3;
constexpr int32_t kMultiplier = 1717986918; // round(0.8 * 2^31)
constexpr int kRightShift = 35 - 31;        // shift 35 = high mul + 4

/// TFLite's MultiplyByQuantizedMultiplier with gemmlowp's functions.
int32_t requantize(int32_t acc) {
  int32_t high = gemmlowp::SaturatingRoundingDoublingHighMul(acc, kMultiplier);
  int32_t out = gemmlowp::RoundingDivideByPOT(high, kRightShift);
  return std::clamp(out + kOutputZeroPoint, -128, 127);
}
} // namespace

extern "C" void _mlir_ciface_qmatmul_layer(MemRef2D<int8_t> *result,
                                           MemRef2D<int8_t> *input);

int main() {
  int8_t a[M][K];
  for (int64_t i = 0; i < M; ++i)
    for (int64_t k = 0; k < K; ++k)
      a[i][k] = static_cast<int8_t>((i * 53 + k * 29) % 256 - 128);

  MemRef2D<int8_t> input{&a[0][0], &a[0][0], 0, {M, K}, {K, 1}};
  MemRef2D<int8_t> result{};
  _mlir_ciface_qmatmul_layer(&result, &input);

  int mismatches = 0;
  for (int64_t i = 0; i < M; ++i) {
    for (int64_t n = 0; n < N; ++n) {
      int32_t acc = bias(n);
      for (int64_t k = 0; k < K; ++k)
        acc += (a[i][k] - kInputZeroPoint) * weight(k, n);
      int32_t want = requantize(acc);
      int32_t got = result.aligned[result.offset + i * result.strides[0] +
                                   n * result.strides[1]];
      std::printf(" %4d", got);
      if (got != want) {
        ++mismatches;
        std::printf("(want %d)", want);
      }
    }
    std::printf("\n");
  }
  std::free(result.allocated);
  std::printf("aot-qmatmul: %lld of %lld outputs equal gemmlowp's\n",
              static_cast<long long>(M * N - mismatches),
              static_cast<long long>(M * N));
  return mismatches == 0 ? 0 : 1;
}
