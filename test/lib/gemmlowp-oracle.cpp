//===- gemmlowp-oracle.cpp - expected requantize results from gemmlowp ----===//
//
// An oracle for the requantize integration tests that shares no code with
// quantx: it includes gemmlowp's own fixedpoint.h (Debian libgemmlowp-dev)
// and writes
//   * `mlir`: a test module that requantizes a deterministic set of i32
//     values (corner cases plus pseudo-random ones) with quantx and prints
//     the results, and
//   * `expected`: what gemmlowp/TFLite compute for the same values.
//
// Rounding flavours (`--rounding`):
//   double_round  TFLite MultiplyByQuantizedMultiplier: gemmlowp
//                 RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(
//                 x * 2^left, M), right)
//   half_up       TFLite single rounding (TFLITE_SINGLE_ROUNDING):
//                 (x * M + 2^(total-1)) >> total, total = 31 - shift
//   half_to_even, half_away_from_zero, toward_zero
//                 the exact rational x * M / 2^total rounded that way, from
//                 128-bit integer division
//
// Usage: quantx-gemmlowp-oracle mlir|expected --multiplier M --shift S
//          --rounding R [--zp Z] [--count N] [--seed K]
// S is the TFLite left shift in [-31, 30]; quantx's shift is 31 - S.
//
//===----------------------------------------------------------------------===//

#include "gemmlowp/fixedpoint/fixedpoint.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Options {
  std::string mode;
  int32_t multiplier = 1 << 30;
  int shift = 0;
  std::string rounding = "double_round";
  int32_t zp = 0;
  int count = 200;
  uint64_t seed = 1;
};

[[noreturn]] void usage(const char *why) {
  std::fprintf(stderr, "gemmlowp-oracle: %s\n", why);
  std::exit(2);
}

Options parse(int argc, char **argv) {
  Options o;
  if (argc < 2)
    usage("expects a mode: mlir or expected");
  o.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    auto next = [&]() -> const char * {
      if (i + 1 >= argc)
        usage("missing option value");
      return argv[++i];
    };
    if (!std::strcmp(argv[i], "--multiplier"))
      o.multiplier = static_cast<int32_t>(std::strtoll(next(), nullptr, 0));
    else if (!std::strcmp(argv[i], "--shift"))
      o.shift = std::atoi(next());
    else if (!std::strcmp(argv[i], "--rounding"))
      o.rounding = next();
    else if (!std::strcmp(argv[i], "--zp"))
      o.zp = std::atoi(next());
    else if (!std::strcmp(argv[i], "--count"))
      o.count = std::atoi(next());
    else if (!std::strcmp(argv[i], "--seed"))
      o.seed = std::strtoull(next(), nullptr, 0);
    else
      usage("unknown option");
  }
  if (o.shift < -31 || o.shift > 30)
    usage("--shift must be a TFLite left shift in [-31, 30]");
  return o;
}

uint64_t splitmix(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// Inputs: corners, values around rounding ties, and random values of every
/// magnitude. With a left shift, values are kept where x * 2^left fits int32
/// (TFLite's shift overflows otherwise).
std::vector<int32_t> makeInputs(const Options &o) {
  int left = std::max(o.shift, 0);
  int64_t limit = left ? (INT64_C(1) << (31 - left)) - 1 : INT32_MAX;
  std::vector<int64_t> raw = {0, 1, -1, 2, -2, 3, -3, 127, -128, 255, -255,
                              INT32_MAX, INT32_MIN, INT32_MIN + 1,
                              INT32_MAX - 1, 1 << 30, -(1 << 30)};
  // Around the ties of the final rounding step: x * M / 2^total ~ k + 1/2.
  int total = 31 - o.shift;
  for (int k = -6; k <= 6; ++k) {
    if (o.multiplier == 0)
      break;
    long double target = (k + 0.5L) * static_cast<long double>(INT64_C(1) << std::min(total, 62)) /
                         static_cast<long double>(o.multiplier);
    for (int d = -2; d <= 2; ++d)
      raw.push_back(static_cast<int64_t>(target) + d);
  }
  uint64_t state = o.seed;
  while (static_cast<int>(raw.size()) < o.count) {
    uint64_t r = splitmix(state);
    int bits = 1 + static_cast<int>(r % 31);
    int64_t v = static_cast<int64_t>((r >> 8) & ((INT64_C(1) << bits) - 1));
    raw.push_back((r >> 7) & 1 ? -v : v);
  }
  std::vector<int32_t> out;
  for (int64_t v : raw)
    if (v >= -limit - (left ? 0 : 1) && v <= limit)
      out.push_back(static_cast<int32_t>(v));
  return out;
}

int64_t roundExact(int64_t x, int32_t m, int total, const std::string &mode) {
  __int128 p = static_cast<__int128>(x) * m;
  if (total == 0)
    return static_cast<int64_t>(p);
  __int128 d = static_cast<__int128>(1) << total;
  __int128 q = p / d, r = p % d; // truncating
  __int128 twice = 2 * (r < 0 ? -r : r);
  if (mode == "toward_zero")
    return static_cast<int64_t>(q);
  int sign = p < 0 ? -1 : 1;
  if (twice > d)
    return static_cast<int64_t>(q + sign);
  if (twice < d)
    return static_cast<int64_t>(q);
  if (mode == "half_away_from_zero")
    return static_cast<int64_t>(q + sign);
  if (mode == "half_to_even")
    return static_cast<int64_t>((q % 2 == 0) ? q : q + sign);
  usage("unknown rounding mode");
}

int64_t reference(int32_t x, const Options &o) {
  int total = 31 - o.shift;
  if (o.rounding == "double_round") {
    int left = o.shift > 0 ? o.shift : 0;
    int right = o.shift > 0 ? 0 : -o.shift;
    int32_t high = gemmlowp::SaturatingRoundingDoublingHighMul(
        static_cast<int32_t>(x * (INT64_C(1) << left)), o.multiplier);
    return gemmlowp::RoundingDivideByPOT(high, right);
  }
  if (o.rounding == "half_up") {
    int64_t round = INT64_C(1) << (total - 1);
    return (static_cast<int64_t>(x) * o.multiplier + round) >> total;
  }
  return roundExact(x, o.multiplier, total, o.rounding);
}

} // namespace

int main(int argc, char **argv) {
  Options o = parse(argc, argv);
  std::vector<int32_t> inputs = makeInputs(o);
  size_t n = inputs.size();
  if (o.mode == "expected") {
    for (int32_t x : inputs) {
      int64_t r = reference(x, o) + o.zp;
      std::printf("%lld\n", static_cast<long long>(
                                std::clamp<int64_t>(r, -128, 127)));
    }
    return 0;
  }
  if (o.mode != "mlir")
    usage("mode must be mlir or expected");
  std::printf("func.func private @printMemrefI32(tensor<*xi32>)\n\n");
  std::printf("func.func @main() {\n  %%x = arith.constant dense<[");
  for (size_t i = 0; i < n; ++i)
    std::printf("%s%d", i ? ", " : "", inputs[i]);
  std::printf("]> : tensor<%zuxi32>\n", n);
  std::printf("  %%y = quantx.requantize %%x multiplier [%d] shift [%d] "
              "rounding<%s>\n      : tensor<%zuxi32> -> "
              "tensor<%zux!quant.uniform<i8:f32, 1.0:%d>>\n",
              o.multiplier, 31 - o.shift, o.rounding.c_str(), n, n, o.zp);
  std::printf("  %%s = quant.scast %%y : tensor<%zux!quant.uniform<i8:f32, "
              "1.0:%d>> to tensor<%zuxi8>\n",
              n, o.zp, n);
  std::printf("  %%w = arith.extsi %%s : tensor<%zuxi8> to tensor<%zuxi32>\n",
              n, n);
  std::printf("  %%u = tensor.cast %%w : tensor<%zuxi32> to tensor<*xi32>\n",
              n);
  std::printf("  call @printMemrefI32(%%u) : (tensor<*xi32>) -> ()\n");
  std::printf("  return\n}\n");
  return 0;
}
