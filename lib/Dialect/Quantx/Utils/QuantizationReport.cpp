//===- QuantizationReport.cpp - what quantization chose and cost ----------===//

#include "quantx/Dialect/Quantx/Utils/QuantizationReport.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using namespace mlir;
using namespace mlir::quantx;

static std::string fmt(double v, const char *format = "%.6g") {
  if (std::isnan(v))
    return "n/a";
  if (std::isinf(v))
    return v > 0 ? "inf" : "-inf";
  std::string out;
  llvm::raw_string_ostream os(out);
  os << llvm::format(format, v);
  return out;
}

static std::string range(double lo, double hi) {
  return lo == hi ? fmt(lo) : fmt(lo) + ".." + fmt(hi);
}

static std::string range(int64_t lo, int64_t hi) {
  return lo == hi ? std::to_string(lo)
                  : std::to_string(lo) + ".." + std::to_string(hi);
}

/// The cells of one entry, in column order.
static std::vector<std::string> cells(const ReportEntry &e) {
  return {e.function,
          e.name,
          e.kind,
          e.consumers,
          e.granularity,
          e.bits,
          e.symmetric ? "yes" : "no",
          e.method,
          fmt(e.clipLo),
          fmt(e.clipHi),
          range(e.scaleMin, e.scaleMax),
          range(e.zeroPointMin, e.zeroPointMax),
          fmt(e.sqnrDb, "%.2f"),
          e.sqnrSource};
}

static const char *const kColumns[] = {
    "function", "tensor",     "kind",     "consumers",  "granularity",
    "bits",     "symmetric",  "method",   "clip_lo",    "clip_hi",
    "scale",    "zero_point", "sqnr_db",  "sqnr_source"};

/// A CSV cell, quoted when it holds a comma or a quote.
static std::string csvCell(const std::string &s) {
  if (s.find_first_of(",\"\n") == std::string::npos)
    return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"')
      out += '"';
    out += c;
  }
  return out + "\"";
}

std::string QuantizationReport::toCSV() const {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::interleave(kColumns, os, ",");
  os << "\n";
  for (const ReportEntry &e : entries) {
    std::vector<std::string> row = cells(e);
    llvm::interleave(row, os, [&](const std::string &c) { os << csvCell(c); },
                     ",");
    os << "\n";
  }
  return out;
}

std::string QuantizationReport::toMarkdown() const {
  std::string out;
  llvm::raw_string_ostream os(out);
  os << "# Quantization report\n\n| ";
  llvm::interleave(kColumns, os, " | ");
  os << " |\n|";
  for (size_t i = 0; i < std::size(kColumns); ++i)
    os << "---|";
  os << "\n";
  for (const ReportEntry &e : entries) {
    os << "| ";
    llvm::interleave(cells(e), os, " | ");
    os << " |\n";
  }
  bool any = llvm::any_of(
      entries, [](const ReportEntry &e) { return !e.alternatives.empty(); });
  if (!any)
    return out;
  os << "\n## Activation clipping alternatives\n\n"
     << "| function | tensor | method | clip_lo | clip_hi | scale | "
        "zero_point | sqnr_db |\n|---|---|---|---|---|---|---|---|\n";
  for (const ReportEntry &e : entries)
    for (const ClipAlternative &a : e.alternatives)
      os << "| " << e.function << " | " << e.name << " | " << a.method << " | "
         << fmt(a.lo) << " | " << fmt(a.hi) << " | " << fmt(a.scale) << " | "
         << a.zeroPoint << " | " << fmt(a.sqnrDb, "%.2f") << " |\n";
  return out;
}

/// JSON has no NaN or infinities: those become null.
static llvm::json::Value number(double v) {
  if (!std::isfinite(v))
    return nullptr;
  return v;
}

llvm::json::Value QuantizationReport::toJSON() const {
  llvm::json::Array tensors;
  for (const ReportEntry &e : entries) {
    llvm::json::Object o{{"function", e.function},
                         {"tensor", e.name},
                         {"kind", e.kind},
                         {"consumers", e.consumers},
                         {"granularity", e.granularity},
                         {"bits", e.bits},
                         {"symmetric", e.symmetric},
                         {"method", e.method},
                         {"clip_lo", number(e.clipLo)},
                         {"clip_hi", number(e.clipHi)},
                         {"scale_min", number(e.scaleMin)},
                         {"scale_max", number(e.scaleMax)},
                         {"zero_point_min", e.zeroPointMin},
                         {"zero_point_max", e.zeroPointMax},
                         {"sqnr_db", number(e.sqnrDb)},
                         {"sqnr_source", e.sqnrSource}};
    if (e.histogram) {
      llvm::json::Array bins;
      for (uint64_t c : e.histogram->counts)
        bins.push_back(static_cast<int64_t>(c));
      o["histogram"] = llvm::json::Object{{"lo", e.histogram->lo},
                                          {"hi", e.histogram->hi},
                                          {"bins", std::move(bins)}};
    }
    llvm::json::Array alternatives;
    for (const ClipAlternative &a : e.alternatives)
      alternatives.push_back(llvm::json::Object{{"method", a.method},
                                                {"lo", number(a.lo)},
                                                {"hi", number(a.hi)},
                                                {"scale", number(a.scale)},
                                                {"zero_point", a.zeroPoint},
                                                {"sqnr_db", number(a.sqnrDb)}});
    if (!alternatives.empty())
      o["alternatives"] = std::move(alternatives);
    tensors.push_back(std::move(o));
  }
  return llvm::json::Object{{"tensors", std::move(tensors)}};
}

std::string QuantizationReport::toJSONText() const {
  // One tensor per line.
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::json::Value all = toJSON();
  os << "{\"tensors\": [";
  bool first = true;
  for (const llvm::json::Value &t : *all.getAsObject()->getArray("tensors")) {
    os << (first ? "\n  " : ",\n  ") << t;
    first = false;
  }
  os << "\n]}\n";
  return out;
}

llvm::Error QuantizationReport::writeFile(llvm::StringRef path) const {
  std::error_code ec;
  llvm::raw_fd_ostream os(path, ec, llvm::sys::fs::OF_Text);
  if (ec)
    return llvm::createStringError("cannot write the report '" + path.str() +
                                   "': " + ec.message());
  llvm::StringRef ext = llvm::sys::path::extension(path);
  if (ext == ".md")
    os << toMarkdown();
  else if (ext == ".json")
    os << toJSONText();
  else
    os << toCSV();
  return llvm::Error::success();
}
