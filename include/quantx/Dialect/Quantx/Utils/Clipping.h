//===- Clipping.h - scales, zero points and clipping without IR -*- C++ -*-===//
//
// The decisions of post-training quantization, as plain functions of the
// statistics: which integer grid (bits, symmetric or not, narrow range), which
// real range to clip to (min-max, a percentile, the MSE-optimal clip over the
// histogram, ACIQ's analytical clip for a Laplace or Gaussian prior), the
// scale and zero point that map the range onto the grid, ACIQ's per-channel
// bit allocation and bias correction, and the signal-to-quantization-noise
// ratio of the result.
//
// References: R. Banner, Y. Nahshan, D. Soudry, "Post training 4-bit
// quantization of convolutional networks for rapid-deployment" (ACIQ,
// NeurIPS 2019) and its reference code (github.com/submission2019/
// cnn-quantization, int_quantizer.py), whose choices are followed where the
// paper leaves them open; docs/Rationale.md lists them.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_CLIPPING_H
#define QUANTX_DIALECT_QUANTX_UTILS_CLIPPING_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"
#include "quantx/Dialect/Quantx/Utils/TensorStatistics.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace quantx {

//===----------------------------------------------------------------------===//
// Integer grids, scales and zero points
//===----------------------------------------------------------------------===//

/// Bit widths quantx chooses parameters for: 2 to 8 (stored in i8/u8 with a
/// narrowed range below 8) and 16.
bool isSupportedBitWidth(unsigned bits);

/// The integer grid of a quantized tensor.
struct QuantScheme {
  unsigned bits = 8;
  /// Zero point fixed at the middle of the grid (0 for signed storage); the
  /// range is [-c, c] with c = max(|lo|, |hi|).
  bool symmetric = false;
  /// Drop the lowest level: signed [-(2^(b-1) - 1), 2^(b-1) - 1] (TFLite's
  /// weights), unsigned [1, 2^b - 1].
  bool narrowRange = false;
  bool isSigned = true;

  int64_t qmin() const;
  int64_t qmax() const;
  /// Width of the storage integer: 8 for bits <= 8, else 16.
  unsigned storageWidth() const { return bits <= 8 ? 8 : 16; }
};

/// Scale and zero point on a grid: real = (q - zeroPoint) * scale.
struct QuantParams {
  /// Rounded to f32 (the expressed type quantize computes in).
  double scale = 1.0;
  int64_t zeroPoint = 0;
  int64_t qmin = -128;
  int64_t qmax = 127;

  /// The real range the grid represents.
  double realMin() const { return double(qmin - zeroPoint) * scale; }
  double realMax() const { return double(qmax - zeroPoint) * scale; }
};

/// Parameters whose grid covers [lo, hi], first widened to include 0 so that
/// the real 0 (padding, ReLU) is exact. Symmetric: zero point at the middle
/// (0 when signed) and scale = c / (qmax - zeroPoint), so that [0, c] is
/// represented exactly (a full signed range has one more negative level).
/// Asymmetric: scale = (hi - lo) / (qmax - qmin) and zero point
/// round(qmin - lo / scale) (ties away from zero, as TFLite's nudging),
/// clamped to the grid. The scale is rounded to f32 (at least FLT_MIN) and
/// the zero point recomputed from it; an empty range [0, 0] gets scale 1.
QuantParams chooseQuantParams(double lo, double hi, const QuantScheme &scheme);

/// Quantizes to `scheme`'s grid with explicit rounding, as quantx.quantize
/// does (QuantizationMath's quantizeValue<float>), and back.
int64_t quantizeWith(const QuantParams &p, float x, RoundingMode mode);
double dequantizeWith(const QuantParams &p, int64_t q);

//===----------------------------------------------------------------------===//
// Clipping
//===----------------------------------------------------------------------===//

enum class ClipMethod { MinMax, Percentile, MSE, AciqLaplace, AciqGauss };

/// A clipping method with its parameter, spelled as the passes' options
/// spell it: `minmax`, `percentile=<p>` (0 < p <= 100), `mse`,
/// `aciq-laplace`, `aciq-gauss`.
struct ClipSpec {
  ClipMethod method = ClipMethod::MinMax;
  double percentile = 99.99;

  static llvm::Expected<ClipSpec> parse(llvm::StringRef text);
  std::string str() const;
  /// Whether the method needs a histogram.
  bool needsHistogram() const {
    return method == ClipMethod::Percentile || method == ClipMethod::MSE;
  }
};

/// A real range to quantize to (lo <= 0 <= hi is not required here;
/// chooseQuantParams widens it).
struct ClipRange {
  double lo = 0.0;
  double hi = 0.0;
};

/// ACIQ's optimal clip for a Laplace(0, b) prior and a uniform M-bit
/// quantizer of [-a, a], in units of b: the minimizer of
/// 2 b^2 e^(-a/b) + a^2 / (3 * 4^M), i.e. the root of a = 3 * 4^M e^(-a)
/// (b = 1), solved by bisection then Newton to full double precision.
/// Valid for 0 <= bits <= 30.
double aciqLaplaceAlpha(unsigned bits);
/// The same for a Gaussian(0, s) prior, in units of s: the minimizer of
/// (a^2 + s^2)(1 - erf(a / (sqrt 2 s))) - sqrt(2/pi) a s e^(-a^2 / 2s^2)
///   + a^2 / (3 * 4^M). Valid for 1 <= bits <= 30.
double aciqGaussAlpha(unsigned bits);
/// The two objectives (expected clipping + rounding noise).
double aciqLaplaceMSE(double alpha, double b, unsigned bits);
double aciqGaussMSE(double alpha, double sigma, unsigned bits);

/// The range `spec` picks for data with statistics `stats`, to be quantized
/// on `scheme`'s grid:
///
/// * `minmax`: [min, max];
/// * `percentile=p`: [quantile(1 - p/100), quantile(p/100)] of the
///   histogram (each tail loses at most (100 - p)%), or [0, quantile(p/100)]
///   for one-sided data (min >= 0);
/// * `mse`: the clip minimizing the expected squared error of the grid over
///   the histogram, with values uniform within each bin: rounding noise
///   step^2 / 12 inside the range plus the exact squared distance to the
///   range outside it. Symmetric: 2048 candidates c = k/2048 max|x|.
///   Asymmetric: a 512 x 512 grid of candidates (i/512 min, j/512 max)
///   (only the upper end when min >= 0);
/// * `aciq-laplace` / `aciq-gauss`: alpha = aciq*Alpha(M) times the mean
///   absolute deviation (Laplace b) or the standard deviation. Two-sided
///   data: a window of width min(2 alpha, max - min) centred on the mean
///   and moved inside [min, max]. One-sided data (min >= 0, e.g. after a
///   ReLU): [0, min(max, max(mean, 0) + alpha)], as the reference code's
///   `alpha2DeltaOffset`; alpha uses M + 1 bits for an asymmetric grid (all
///   2^M levels lie in [0, alpha], as a symmetric (M+1)-bit grid) and M
///   bits for a symmetric one (only the 2^(M-1) positive levels do).
///
/// Fails when the method needs a histogram that `stats` lacks.
llvm::Expected<ClipRange> chooseClipRange(const TensorStatistics &stats,
                                          const ClipSpec &spec,
                                          const QuantScheme &scheme);

/// Expected squared error per value (the `mse` model above) of quantizing
/// data with histogram `h` to the grid [lo, hi] with step `step`.
double expectedClipMSE(const Histogram &h, double lo, double hi, double step);

//===----------------------------------------------------------------------===//
// Quality
//===----------------------------------------------------------------------===//

/// 10 log10(sum x^2 / sum (x - xhat)^2) in dB; +inf when the error is 0.
double sqnrDb(llvm::ArrayRef<double> x, llvm::ArrayRef<double> xhat);

/// SQNR of quantizing (with `p` and `mode`) data with histogram `h`,
/// assuming values uniform within each bin: every bin is represented by
/// `samplesPerBin` equally spaced points carrying its count, each quantized
/// and dequantized exactly as quantx.quantize/dequantize do.
double histogramSqnrDb(const Histogram &h, const QuantParams &p,
                       RoundingMode mode, unsigned samplesPerBin = 16);

//===----------------------------------------------------------------------===//
// ACIQ per-channel bit allocation and bias correction
//===----------------------------------------------------------------------===//

/// One step of ACIQ's bit allocation: with B = n * 2^targetBits bins in
/// total, channel i gets B a_i^(2/3) / sum_j a_j^(2/3) of them, i.e.
/// M_i = round(log2(...)) bits (ties to even, as torch.round), clipped to
/// [0, maxBits].
std::vector<unsigned> allocateBitsOnce(llvm::ArrayRef<double> alphas,
                                       double targetBits, unsigned maxBits = 8);

/// The reference code's `get_bits_alloc_fixed_target`: starting from the
/// goal, moves the target by (goal - mean bits) / 2, up to 10 times, until
/// the mean is within 0.01 of the goal; returns the last allocation.
std::vector<unsigned> allocateBits(llvm::ArrayRef<double> alphas,
                                   double goalBits, unsigned maxBits = 8);

/// The per-channel correction W~ = xi (W^ - mean(W^)) + mean(W) written as
/// W~ = xi W^ + offset, with xi = std(W) / std(W^).
struct BiasCorrection {
  double xi = 1.0;
  double offset = 0.0;
};

/// The correction of one output channel from its float weights `w` and their
/// dequantized values `wHat`; std::nullopt when it is undefined (fewer than 2
/// values, or std(wHat) == 0, or std(w) == 0).
std::optional<BiasCorrection> computeBiasCorrection(llvm::ArrayRef<double> w,
                                                    llvm::ArrayRef<double> wHat);

/// Applies `c` to the dequantized values in place.
void applyBiasCorrection(const BiasCorrection &c,
                         llvm::MutableArrayRef<double> wHat);

/// The same correction expressed in the channel's quantization parameters,
/// keeping its integers: scale' = xi * scale and zeroPoint' = zeroPoint -
/// round(offset / scale'), clamped to the grid. (q - zp') * scale' is then
/// W~ exactly in spread (std) and within scale'/2 in mean (the zero point is
/// an integer). Fails (returns `p`) when scale' is not a positive f32.
QuantParams applyBiasCorrection(const BiasCorrection &c, const QuantParams &p);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_CLIPPING_H
