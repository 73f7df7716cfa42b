//===- QuantizationReport.h - what quantization chose and cost --*- C++ -*-===//
//
// The report of quantx-insert-qdq: one entry per quantized tensor with the
// chosen bits, scale, zero point and clip range and the SQNR against the
// float values seen in calibration; for activations also the histogram and
// what every clipping method would have chosen. Written as CSV, a markdown
// table or JSON (which scripts/plot-quant-report.py draws).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_QUANTIZATIONREPORT_H
#define QUANTX_DIALECT_QUANTX_UTILS_QUANTIZATIONREPORT_H

#include "quantx/Dialect/Quantx/Utils/TensorStatistics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir {
namespace quantx {

/// What one clipping method picks for an activation, and what it costs.
struct ClipAlternative {
  std::string method;
  double lo = 0, hi = 0;
  double scale = 1;
  int64_t zeroPoint = 0;
  double sqnrDb = 0;
};

/// One quantized tensor.
struct ReportEntry {
  std::string function;
  std::string name;      // "conv0.input", "conv0.weight"
  std::string kind;      // "activation" or "weight"
  std::string consumers; // the ops it feeds, comma separated
  std::string granularity; // "per-tensor", "per-channel(16)", "per-group(32)"
  std::string bits;        // "8", or "0..8 (mean 4.00)" with bit allocation
  bool symmetric = false;
  std::string method;      // the clipping method
  /// The clip range: what the grid covers, the method's range widened to
  /// include 0 (and symmetric for symmetric grids); over all channels or
  /// groups for weights.
  double clipLo = 0, clipHi = 0;
  /// Scale and zero point, or their ranges over channels/groups.
  double scaleMin = 1, scaleMax = 1;
  int64_t zeroPointMin = 0, zeroPointMax = 0;
  /// SQNR in dB of the quantized values against the float ones; NaN when
  /// it cannot be computed (an activation without a histogram).
  double sqnrDb = 0;
  /// "histogram" (activations) or "exact" (weights, over every value).
  std::string sqnrSource;
  /// Activations: the calibration histogram and every method's choice.
  std::optional<Histogram> histogram;
  std::vector<ClipAlternative> alternatives;
};

struct QuantizationReport {
  std::vector<ReportEntry> entries;

  /// Columns: function,tensor,kind,consumers,granularity,bits,symmetric,
  /// method,clip_lo,clip_hi,scale,zero_point,sqnr_db,sqnr_source. Numbers
  /// print with 6 significant digits (SQNR with 2 decimals); ranges over
  /// channels as "min..max".
  std::string toCSV() const;
  /// The same columns as a markdown table, then a table of every
  /// activation's clipping alternatives.
  std::string toMarkdown() const;
  /// Everything, histograms included.
  llvm::json::Value toJSON() const;
  /// toJSON() as text, one tensor per line.
  std::string toJSONText() const;
  /// Writes the format the extension names: .md markdown, .json JSON,
  /// anything else CSV.
  llvm::Error writeFile(llvm::StringRef path) const;
};

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_QUANTIZATIONREPORT_H
