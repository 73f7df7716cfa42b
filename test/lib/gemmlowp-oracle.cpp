//===- gemmlowp-oracle.cpp - expected requantize results from gemmlowp ----===//
//
// An oracle for the requantize integration tests that shares no code with
// quantx: it includes gemmlowp's own fixedpoint.h (Debian libgemmlowp-dev)
// and writes
//   * `mlir`: a test module that requantizes a deterministic set of integer
//     values (corner cases, values next to every rounding tie, pseudo-random
//     values of every magnitude) with quantx and prints the results, and
//   * `expected`: what gemmlowp/TFLite compute for the same values, in the
//     same order.
//
// Rounding flavours (`r=` / `--rounding`), with v = x - input_zero_point:
//   double_round  TFLite MultiplyByQuantizedMultiplier: gemmlowp
//                 RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(
//                 v * 2^left, M), right), left = max(S, 0), right =
//                 max(-S, 0). Inputs are kept where v * 2^left fits int32
//                 (TFLite's int32 shift overflows otherwise).
//   half_up       TFLite single rounding (TFLITE_SINGLE_ROUNDING):
//                 (v * M + 2^(total-1)) >> total in int64, total = 31 - S
//   half_to_even, half_away_from_zero, toward_zero
//                 the exact rational v * M / 2^total rounded that way, from
//                 128-bit integer division
// The result is r + output_zero_point saturated to the output storage range.
// S is the TFLite left shift in [-31, 31] (31 is quantx shift 0: no rounding
// at all; TFLite itself stops at 30); quantx's shift is 31 - S.
//
// One case:
//   quantx-gemmlowp-oracle mlir|expected --multiplier M --shift S
//       --rounding R [--zp Z] [--count N] [--seed K]
// Many cases in one module (one JIT compilation for all of them):
//   quantx-gemmlowp-oracle mlir|expected [--cases FILE] [--random N]
//       [--seed K]
// --cases reads every line of FILE that contains `CASE:`, followed by
// key=value tokens:
//   m=M[,M...]      multipliers (one per channel; several make the case
//                   per-channel along dimension 1 of an N x C tensor)
//   s=S[,S...]      TFLite left shifts, one per channel or one for all
//   r=R             rounding flavour
//   zp=Z[,Z...]     output zero points (default 0)
//   out=T           output storage: i8 (default), u8, i16, u16, i32, u32
//   in=T            input: i32 (signless, zero point 0; the default), or a
//                   quantized i8, u8, i16 input with zero points inzp=, or
//                   u32 (zero point 0; values beyond int32 only where the
//                   reference is exact arithmetic, not double_round)
//   inzp=Z[,Z...]   input zero points (needs in=i8|u8|i16)
//   count=N         number of input values (default 200)
// --random N appends N pseudo-random cases drawn from --seed.
//
// A quantized input has scale M * 2^-(31 - S) per channel and the output
// scale 1, so that quantx's verifier, which checks that the multiplier
// encodes the ratio of the scales, accepts the pair.
//
//===----------------------------------------------------------------------===//

#include "gemmlowp/fixedpoint/fixedpoint.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

[[noreturn]] void usage(const std::string &why) {
  std::fprintf(stderr, "gemmlowp-oracle: %s\n", why.c_str());
  std::exit(2);
}

/// An integer storage type of the input or the output.
struct Storage {
  std::string name; // i8, u8, i16, u16, i32
  int bits;
  bool isUnsigned;
  int64_t min() const {
    return isUnsigned ? 0 : -(INT64_C(1) << (bits - 1));
  }
  int64_t max() const {
    return isUnsigned ? (INT64_C(1) << bits) - 1
                      : (INT64_C(1) << (bits - 1)) - 1;
  }
  std::string signless() const { return "i" + std::to_string(bits); }
};

Storage parseStorage(const std::string &name) {
  for (const Storage &s : {Storage{"i8", 8, false}, Storage{"u8", 8, true},
                           Storage{"i16", 16, false},
                           Storage{"u16", 16, true},
                           Storage{"i32", 32, false},
                           Storage{"u32", 32, true}})
    if (s.name == name)
      return s;
  usage("unknown storage type '" + name + "'");
}

struct Case {
  std::vector<int32_t> multipliers;
  std::vector<int> shifts;
  std::string rounding = "double_round";
  std::vector<int64_t> zps{0};
  Storage out{"i8", 8, false};
  Storage in{"i32", 32, false};
  bool quantizedInput = false;
  std::vector<int64_t> inZps{0};
  int count = 200;
  uint64_t seed = 1;
  std::string line; // the CASE line, echoed into the module

  size_t channels() const { return multipliers.size(); }
  int shift(size_t c) const { return shifts[shifts.size() > 1 ? c : 0]; }
  int64_t zp(size_t c) const { return zps[zps.size() > 1 ? c : 0]; }
  int64_t inZp(size_t c) const { return inZps[inZps.size() > 1 ? c : 0]; }
};

const char *const kRoundings[] = {"double_round", "half_up", "half_to_even",
                                  "half_away_from_zero", "toward_zero"};

void validate(const Case &k) {
  if (k.multipliers.empty())
    usage("a case needs a multiplier");
  size_t c = k.channels();
  auto sized = [&](size_t n) { return n == 1 || n == c; };
  if (!sized(k.shifts.size()) || !sized(k.zps.size()) ||
      !sized(k.inZps.size()))
    usage("shifts and zero points need one value or one per channel");
  for (int32_t m : k.multipliers)
    if (m < 0)
      usage("multipliers must be non-negative");
  for (int s : k.shifts)
    if (s < -31 || s > 31)
      usage("shifts must be TFLite left shifts in [-31, 31]");
  if (std::find(std::begin(kRoundings), std::end(kRoundings), k.rounding) ==
      std::end(kRoundings))
    usage("unknown rounding mode '" + k.rounding + "'");
  for (int64_t z : k.zps)
    if (z < k.out.min() || z > k.out.max())
      usage("output zero point out of the storage range");
  for (int64_t z : k.inZps)
    if (z < k.in.min() || z > k.in.max() ||
        ((!k.quantizedInput || k.in.bits == 32) && z != 0))
      usage("input zero point out of range, or given for a 32-bit input "
            "(quantx requires zero point 0 there)");
}

template <typename T> std::vector<T> parseList(const std::string &text) {
  std::vector<T> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ','))
    out.push_back(static_cast<T>(std::strtoll(item.c_str(), nullptr, 0)));
  return out;
}

Case parseCaseLine(const std::string &line) {
  Case k;
  k.line = line;
  std::stringstream ss(line.substr(line.find("CASE:") + 5));
  std::string token;
  while (ss >> token) {
    size_t eq = token.find('=');
    if (eq == std::string::npos)
      usage("expected key=value in '" + line + "'");
    std::string key = token.substr(0, eq), value = token.substr(eq + 1);
    if (key == "m")
      k.multipliers = parseList<int32_t>(value);
    else if (key == "s")
      k.shifts = parseList<int>(value);
    else if (key == "r")
      k.rounding = value;
    else if (key == "zp")
      k.zps = parseList<int64_t>(value);
    else if (key == "out")
      k.out = parseStorage(value);
    else if (key == "in")
      k.in = parseStorage(value);
    else if (key == "inzp")
      k.inZps = parseList<int64_t>(value);
    else if (key == "count")
      k.count = std::atoi(value.c_str());
    else
      usage("unknown key '" + key + "' in '" + line + "'");
  }
  k.quantizedInput = k.in.name != "i32";
  if (k.shifts.empty())
    k.shifts = {0};
  validate(k);
  return k;
}

uint64_t splitmix(uint64_t &state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/// A pseudo-random case: mostly normalized TFLite multipliers, sometimes
/// small TOSA-style ones; any shift, mode, storage and zero point.
Case randomCase(uint64_t &state, int index) {
  Case k;
  auto pick = [&](uint64_t n) { return splitmix(state) % n; };
  size_t channels = pick(4) == 0 ? 2 + pick(3) : 1;
  k.rounding = kRoundings[pick(5)];
  static const char *const outs[] = {"i8", "i8",  "u8", "i16",
                                     "u16", "i32", "u32"};
  k.out = parseStorage(outs[pick(7)]);
  static const char *const ins[] = {"i32", "i32", "i16", "i8", "u8", "u32"};
  k.in = parseStorage(ins[pick(6)]);
  k.quantizedInput = k.in.name != "i32";
  k.zps.clear();
  k.inZps.clear();
  for (size_t c = 0; c < channels; ++c) {
    int32_t m = pick(5) == 0
                    ? static_cast<int32_t>(pick(1u << (1 + pick(30))))
                    : static_cast<int32_t>((1u << 30) + pick(1u << 30));
    k.multipliers.push_back(m);
    k.shifts.push_back(static_cast<int>(pick(63)) - 31);
    // Zero points near the middle of the range, sometimes at its ends.
    auto zeroPoint = [&](const Storage &s) -> int64_t {
      int64_t span = std::min<int64_t>(s.max() - s.min(), 1000);
      int64_t mid = s.isUnsigned ? (s.max() + 1) / 2 : 0;
      switch (pick(6)) {
      case 0:
        return s.min();
      case 1:
        return s.max();
      case 2:
        return 0 >= s.min() ? 0 : s.min();
      default:
        return std::clamp<int64_t>(
            mid + static_cast<int64_t>(pick(span + 1)) - span / 2, s.min(),
            s.max());
      }
    };
    k.zps.push_back(zeroPoint(k.out));
    k.inZps.push_back(k.quantizedInput && k.in.bits < 32 ? zeroPoint(k.in)
                                                          : 0);
  }
  k.count = 120;
  k.seed = splitmix(state);
  k.line = "random case " + std::to_string(index);
  validate(k);
  return k;
}

/// gemmlowp (double_round) works on int32, after TFLite's int32 left shift;
/// elsewhere the reference is exact 64/128-bit arithmetic.
bool inputAllowed(const Case &k, int64_t x) {
  if (x < k.in.min() || x > k.in.max())
    return false;
  if (k.rounding != "double_round")
    return true;
  for (size_t c = 0; c < k.channels(); ++c) {
    int64_t v = x - k.inZp(c);
    int left = std::max(k.shift(c), 0);
    if (v * (INT64_C(1) << left) < INT32_MIN ||
        v * (INT64_C(1) << left) > INT32_MAX)
      return false;
  }
  return true;
}

/// Inputs: corners, values around the ties of the final rounding step of
/// every channel, and random values of every magnitude.
std::vector<int64_t> makeInputs(const Case &k) {
  std::vector<int64_t> raw = {0, 1, -1, 2, -2, 3, -3, 127, -128, 255, -255,
                              32767, -32768, 65535, INT32_MAX, INT32_MIN,
                              INT32_MIN + 1, INT32_MAX - 1, 1 << 30,
                              -(1 << 30), k.in.min(), k.in.max(),
                              INT64_C(1) << 31, INT64_C(3000000001)};
  for (size_t c = 0; c < k.channels(); ++c) {
    // The extremes of v = x - zp that still fit the left shift.
    int left = k.rounding == "double_round" ? std::max(k.shift(c), 0) : 0;
    int64_t vmax = (INT64_C(1) << (31 - left)) - 1;
    raw.push_back(vmax + k.inZp(c));
    raw.push_back(-vmax - 1 + k.inZp(c));
    // x with v * M / 2^total ~ j + 1/2.
    int32_t m = k.multipliers[c];
    int total = 31 - k.shift(c);
    if (m == 0)
      continue;
    for (int j = -6; j <= 6; ++j) {
      long double target = (j + 0.5L) *
                           std::ldexp(1.0L, std::min(total, 62)) /
                           static_cast<long double>(m);
      if (std::fabs(target) > 1e12L)
        continue;
      for (int d = -2; d <= 2; ++d)
        raw.push_back(static_cast<int64_t>(target) + d + k.inZp(c));
    }
  }
  uint64_t state = k.seed;
  size_t attempts = 0;
  std::vector<int64_t> out;
  std::set<int64_t> seen;
  auto add = [&](int64_t x) {
    if (inputAllowed(k, x) && seen.insert(x).second)
      out.push_back(x);
  };
  for (int64_t x : raw)
    add(x);
  while (static_cast<int>(out.size()) < k.count && ++attempts < 100000) {
    uint64_t r = splitmix(state);
    int bits = 1 + static_cast<int>(r % std::min(k.in.bits, 32));
    int64_t v = static_cast<int64_t>((r >> 8) & ((INT64_C(1) << bits) - 1));
    add(k.in.isUnsigned ? v : ((r >> 7) & 1 ? -v : v));
  }
  return out;
}

int64_t roundExact(int64_t v, int32_t m, int total, const std::string &mode) {
  __int128 p = static_cast<__int128>(v) * m;
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

/// What TFLite/gemmlowp compute for v = x - input zero point in channel c.
int64_t reference(const Case &k, size_t c, int64_t x) {
  int64_t v = x - k.inZp(c);
  int32_t m = k.multipliers[c];
  int s = k.shift(c);
  int total = 31 - s;
  int64_t r;
  if (k.rounding == "double_round") {
    int left = s > 0 ? s : 0;
    int right = s > 0 ? 0 : -s;
    int32_t high = gemmlowp::SaturatingRoundingDoublingHighMul(
        static_cast<int32_t>(v * (INT64_C(1) << left)), m);
    r = gemmlowp::RoundingDivideByPOT(high, right);
  } else if (k.rounding == "half_up") {
    int64_t round = total ? INT64_C(1) << (total - 1) : 0;
    r = (v * m + round) >> total;
  } else {
    r = roundExact(v, m, total, k.rounding);
  }
  return std::clamp<int64_t>(r + k.zp(c), k.out.min(), k.out.max());
}

std::string join(const std::vector<std::string> &items) {
  std::string s;
  for (size_t i = 0; i < items.size(); ++i)
    s += (i ? ", " : "") + items[i];
  return s;
}

std::string quantType(const Storage &s, const Case &k, bool input) {
  std::vector<std::string> params;
  char buf[64];
  for (size_t c = 0; c < (k.channels() > 1 ? k.channels() : 1); ++c) {
    double scale = 1.0;
    if (input) {
      int32_t m = k.multipliers[c];
      // A zero multiplier still needs a positive scale: 2^-(shift + 2)
      // encodes 0 to within the verifier's tolerance of one unit.
      scale = m ? std::ldexp(static_cast<double>(m), -(31 - k.shift(c)))
                : std::ldexp(1.0, -(31 - k.shift(c)) - 2);
    }
    // %.17g round-trips the double; MLIR wants a float literal.
    std::snprintf(buf, sizeof(buf), "%.17g", scale);
    std::string text = buf;
    if (text.find_first_of(".e") == std::string::npos)
      text += ".0";
    params.push_back(text + ":" +
                     std::to_string(input ? k.inZp(c) : k.zp(c)));
  }
  if (k.channels() > 1)
    return "!quant.uniform<" + s.name + ":f32:1, {" + join(params) + "}>";
  return "!quant.uniform<" + s.name + ":f32, " + params[0] + ">";
}

/// One function per case: requantize a constant and print it as i32.
void emitCase(const Case &k, size_t index, const std::vector<int64_t> &xs) {
  size_t n = xs.size(), c = k.channels();
  bool perChannel = c > 1;
  std::string shape =
      std::to_string(n) + (perChannel ? "x" + std::to_string(c) : "");
  auto tensor = [&](const std::string &elt) {
    return "tensor<" + shape + "x" + elt + ">";
  };
  std::printf("// %s\nfunc.func @case_%zu() {\n", k.line.c_str(), index);
  std::string storageIn = k.in.signless();
  std::printf("  %%x = arith.constant dense<[");
  for (size_t i = 0; i < n; ++i) {
    std::printf("%s", i ? ", " : "");
    if (perChannel)
      std::printf("[");
    for (size_t j = 0; j < c; ++j)
      std::printf("%s%lld", j ? ", " : "", static_cast<long long>(xs[i]));
    if (perChannel)
      std::printf("]");
  }
  std::printf("]> : %s\n", tensor(storageIn).c_str());
  std::string inType = tensor(storageIn);
  const char *inValue = "%x";
  if (k.quantizedInput) {
    inType = tensor(quantType(k.in, k, /*input=*/true));
    std::printf("  %%xq = quant.scast %%x : %s to %s\n",
                tensor(storageIn).c_str(), inType.c_str());
    inValue = "%xq";
  }
  std::vector<std::string> ms, ss;
  for (size_t j = 0; j < c; ++j) {
    ms.push_back(std::to_string(k.multipliers[j]));
    ss.push_back(std::to_string(31 - k.shift(j)));
  }
  std::string outType = tensor(quantType(k.out, k, /*input=*/false));
  std::printf("  %%y = quantx.requantize %s %smultiplier [%s] shift [%s] "
              "rounding<%s>\n      : %s -> %s\n",
              inValue, perChannel ? "axis(1) " : "", join(ms).c_str(),
              join(ss).c_str(), k.rounding.c_str(), inType.c_str(),
              outType.c_str());
  std::string storageOut = tensor(k.out.signless());
  std::printf("  %%s = quant.scast %%y : %s to %s\n", outType.c_str(),
              storageOut.c_str());
  // Printed as i32, or as i64 for u32 storage (values up to 2^32 - 1).
  bool u32 = k.out.name == "u32";
  std::string printed = u32 ? "i64" : "i32";
  std::string wide = tensor(printed);
  const char *w = "%s";
  if (k.out.bits < 32 || u32) {
    std::printf("  %%w = arith.%s %%s : %s to %s\n",
                k.out.isUnsigned ? "extui" : "extsi", storageOut.c_str(),
                wide.c_str());
    w = "%w";
  }
  std::string flat = "tensor<" + std::to_string(n * c) + "x" + printed + ">";
  if (perChannel) {
    std::printf("  %%f = tensor.collapse_shape %s [[0, 1]] : %s into %s\n", w,
                wide.c_str(), flat.c_str());
    w = "%f";
  }
  std::printf("  %%u = tensor.cast %s : %s to tensor<*x%s>\n", w,
              flat.c_str(), printed.c_str());
  std::printf("  call @printMemref%s(%%u) : (tensor<*x%s>) -> ()\n",
              u32 ? "I64" : "I32", printed.c_str());
  std::printf("  return\n}\n\n");
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2)
    usage("expects a mode: mlir or expected");
  std::string mode = argv[1];
  if (mode != "mlir" && mode != "expected")
    usage("mode must be mlir or expected");
  Case single;
  bool haveSingle = false;
  std::string casesFile;
  int random = 0;
  uint64_t seed = 1;
  for (int i = 2; i < argc; ++i) {
    auto next = [&]() -> const char * {
      if (i + 1 >= argc)
        usage("missing option value");
      return argv[++i];
    };
    if (!std::strcmp(argv[i], "--multiplier")) {
      single.multipliers = {
          static_cast<int32_t>(std::strtoll(next(), nullptr, 0))};
      haveSingle = true;
    } else if (!std::strcmp(argv[i], "--shift")) {
      single.shifts = {std::atoi(next())};
    } else if (!std::strcmp(argv[i], "--rounding")) {
      single.rounding = next();
    } else if (!std::strcmp(argv[i], "--zp")) {
      single.zps = {std::atoll(next())};
    } else if (!std::strcmp(argv[i], "--count")) {
      single.count = std::atoi(next());
    } else if (!std::strcmp(argv[i], "--seed")) {
      seed = std::strtoull(next(), nullptr, 0);
    } else if (!std::strcmp(argv[i], "--cases")) {
      casesFile = next();
    } else if (!std::strcmp(argv[i], "--random")) {
      random = std::atoi(next());
    } else {
      usage(std::string("unknown option ") + argv[i]);
    }
  }

  std::vector<Case> cases;
  if (haveSingle || (casesFile.empty() && random == 0)) {
    if (single.multipliers.empty())
      single.multipliers = {1 << 30};
    if (single.shifts.empty())
      single.shifts = {0};
    single.seed = seed;
    single.line = "single case";
    validate(single);
    cases.push_back(single);
  }
  if (!casesFile.empty()) {
    std::ifstream in(casesFile);
    if (!in)
      usage("cannot read " + casesFile);
    std::string line;
    while (std::getline(in, line))
      if (line.find("CASE:") != std::string::npos) {
        cases.push_back(parseCaseLine(line));
        cases.back().seed = seed + cases.size();
      }
  }
  uint64_t state = seed;
  for (int i = 0; i < random; ++i)
    cases.push_back(randomCase(state, i));

  if (mode == "expected") {
    for (const Case &k : cases)
      for (int64_t x : makeInputs(k))
        for (size_t c = 0; c < k.channels(); ++c)
          std::printf("%lld\n", static_cast<long long>(reference(k, c, x)));
    return 0;
  }
  std::printf("func.func private @printMemrefI32(tensor<*xi32>)\n");
  std::printf("func.func private @printMemrefI64(tensor<*xi64>)\n\n");
  for (size_t i = 0; i < cases.size(); ++i)
    emitCase(cases[i], i, makeInputs(cases[i]));
  std::printf("func.func @main() {\n");
  for (size_t i = 0; i < cases.size(); ++i)
    std::printf("  call @case_%zu() : () -> ()\n", i);
  std::printf("  return\n}\n");
  return 0;
}
