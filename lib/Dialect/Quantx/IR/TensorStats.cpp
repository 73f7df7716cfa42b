//===- TensorStats.cpp - #quantx.tensor_stats and where it lives ----------===//
//
// The calibration statistics attribute: its syntax, its verifier (the
// numerics' own invariants, TensorStatistics::validate), and the
// `quantx.stats` attachment on op results and function arguments, which the
// dialect verifies.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/IR/QuantxAttrs.h"
#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::quantx;

static double toDouble(const APFloat &f) { return f.convertToDouble(); }

static DenseF64ArrayAttr toArrayAttr(MLIRContext *ctx,
                                     const std::vector<double> &v) {
  return DenseF64ArrayAttr::get(ctx, v);
}

/// The statistics a set of attribute parameters describes.
static TensorStatistics
toStatistics(int64_t count, const APFloat &min, const APFloat &max,
             const APFloat &mean, const APFloat &std, const APFloat &mad,
             DenseIntElementsAttr histogram, const APFloat &lo,
             const APFloat &hi, std::optional<int64_t> axis,
             DenseF64ArrayAttr cMin, DenseF64ArrayAttr cMax,
             DenseF64ArrayAttr cMean, DenseF64ArrayAttr cStd,
             DenseF64ArrayAttr cMad) {
  TensorStatistics s;
  s.count = count > 0 ? static_cast<uint64_t>(count) : 0;
  s.min = toDouble(min);
  s.max = toDouble(max);
  s.mean = toDouble(mean);
  s.std = toDouble(std);
  s.meanAbsDev = toDouble(mad);
  if (histogram) {
    Histogram h;
    h.lo = toDouble(lo);
    h.hi = toDouble(hi);
    for (const APInt &c : histogram.getValues<APInt>())
      h.counts.push_back(c.getZExtValue());
    s.histogram = std::move(h);
  }
  if (axis) {
    ChannelStatistics c;
    c.axis = *axis;
    auto copy = [](DenseF64ArrayAttr a) {
      return a ? std::vector<double>(a.asArrayRef().begin(),
                                     a.asArrayRef().end())
               : std::vector<double>();
    };
    c.min = copy(cMin);
    c.max = copy(cMax);
    c.mean = copy(cMean);
    c.std = copy(cStd);
    c.meanAbsDev = copy(cMad);
    s.perChannel = std::move(c);
  }
  return s;
}

TensorStatsAttr TensorStatsAttr::get(MLIRContext *ctx,
                                     const TensorStatistics &s) {
  DenseIntElementsAttr bins;
  double lo = s.min, hi = s.max;
  if (s.histogram) {
    lo = s.histogram->lo;
    hi = s.histogram->hi;
    SmallVector<int64_t> counts(s.histogram->counts.begin(),
                                s.histogram->counts.end());
    auto type = RankedTensorType::get(
        {static_cast<int64_t>(counts.size())}, IntegerType::get(ctx, 64));
    bins = DenseIntElementsAttr::get(type, ArrayRef<int64_t>(counts));
  }
  std::optional<int64_t> axis;
  DenseF64ArrayAttr cMin, cMax, cMean, cStd, cMad;
  if (s.perChannel) {
    axis = s.perChannel->axis;
    cMin = toArrayAttr(ctx, s.perChannel->min);
    cMax = toArrayAttr(ctx, s.perChannel->max);
    cMean = toArrayAttr(ctx, s.perChannel->mean);
    cStd = toArrayAttr(ctx, s.perChannel->std);
    cMad = toArrayAttr(ctx, s.perChannel->meanAbsDev);
  }
  return get(ctx, static_cast<int64_t>(s.count), APFloat(s.min),
                   APFloat(s.max), APFloat(s.mean), APFloat(s.std),
                   APFloat(s.meanAbsDev), bins, APFloat(lo), APFloat(hi), axis,
                   cMin, cMax, cMean, cStd, cMad);
}

TensorStatistics TensorStatsAttr::getStatistics() const {
  return toStatistics(getCount(), getMin(), getMax(), getMean(), getStd(),
                      getMad(), getHistogram(), getHistogramLo(),
                      getHistogramHi(), getAxis(), getChannelMin(),
                      getChannelMax(), getChannelMean(), getChannelStd(),
                      getChannelMad());
}

LogicalResult TensorStatsAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, int64_t count, APFloat min,
    APFloat max, APFloat mean, APFloat std, APFloat mad,
    DenseIntElementsAttr histogram, APFloat lo, APFloat hi,
    std::optional<int64_t> axis, DenseF64ArrayAttr cMin,
    DenseF64ArrayAttr cMax, DenseF64ArrayAttr cMean, DenseF64ArrayAttr cStd,
    DenseF64ArrayAttr cMad) {
  for (const APFloat *f : {&min, &max, &mean, &std, &mad, &lo, &hi})
    if (&f->getSemantics() != &APFloat::IEEEdouble())
      return emitError() << "tensor statistics must be f64 values";
  if (histogram) {
    auto type = histogram.getType();
    if (type.getRank() != 1 || !type.getElementType().isInteger(64))
      return emitError() << "histogram bins must be a 1-D tensor of i64, got "
                         << type;
    for (const APInt &c : histogram.getValues<APInt>())
      if (c.isNegative())
        return emitError() << "histogram bins must be non-negative";
  }
  bool anyChannel = cMin || cMax || cMean || cStd || cMad;
  bool allChannel = cMin && cMax && cMean && cStd && cMad;
  if ((axis.has_value() || anyChannel) && !(axis.has_value() && allChannel))
    return emitError()
           << "per-channel statistics need an axis and all five arrays";
  if (count <= 0)
    return emitError() << "invalid tensor statistics: count must be positive";
  std::string why =
      toStatistics(count, min, max, mean, std, mad, histogram, lo, hi, axis,
                   cMin, cMax, cMean, cStd, cMad)
          .validate();
  if (!why.empty())
    return emitError() << "invalid tensor statistics: " << why;
  return success();
}

LogicalResult TensorStatsAttr::verifyFor(
    Type type, function_ref<InFlightDiagnostic()> emitError) const {
  // Statistics describe float values; once lowering has turned the value
  // into something that is not shaped (LLVM structs, pointers), they are
  // just carried along.
  auto shaped = dyn_cast<ShapedType>(type);
  if (!shaped && !isa<FloatType>(type))
    return success();
  Type element = shaped ? shaped.getElementType() : type;
  if (!isa<FloatType>(element))
    return emitError() << "'" << kTensorStatsAttrName
                       << "' describes a value of type " << type
                       << ", expected floats";
  if (std::optional<int64_t> axis = getAxis()) {
    if (!shaped || !shaped.hasRank())
      return emitError() << "per-channel statistics describe a value of type "
                         << type << ", expected a ranked shaped type";
    if (*axis >= shaped.getRank())
      return emitError() << "per-channel axis " << *axis
                         << " is out of range for a value of rank "
                         << shaped.getRank();
    int64_t dim = shaped.getDimSize(*axis);
    int64_t channels = getChannelMin().size();
    if (!ShapedType::isDynamic(dim) && dim != channels)
      return emitError() << "per-channel statistics have " << channels
                         << " channels, dimension " << *axis << " has " << dim;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Syntax
//===----------------------------------------------------------------------===//

static ParseResult parseKeywordEq(AsmParser &parser, StringRef keyword) {
  return failure(parser.parseKeyword(keyword) || parser.parseEqual());
}

static ParseResult parseFloatList(AsmParser &parser, SmallVector<double> &out) {
  return parser.parseCommaSeparatedList(
      AsmParser::Delimiter::Square, [&]() -> ParseResult {
        double v;
        if (parser.parseFloat(v))
          return failure();
        out.push_back(v);
        return success();
      });
}

Attribute TensorStatsAttr::parse(AsmParser &parser, Type) {
  SMLoc loc = parser.getCurrentLocation();
  int64_t count;
  double min, max, mean, std, mad;
  if (parser.parseLess() || parseKeywordEq(parser, "count") ||
      parser.parseInteger(count) || parser.parseComma() ||
      parseKeywordEq(parser, "min") || parser.parseFloat(min) ||
      parser.parseComma() || parseKeywordEq(parser, "max") ||
      parser.parseFloat(max) || parser.parseComma() ||
      parseKeywordEq(parser, "mean") || parser.parseFloat(mean) ||
      parser.parseComma() || parseKeywordEq(parser, "std") ||
      parser.parseFloat(std) || parser.parseComma() ||
      parseKeywordEq(parser, "mad") || parser.parseFloat(mad))
    return {};

  DenseIntElementsAttr bins;
  double lo = min, hi = max;
  std::optional<int64_t> axis;
  SmallVector<double> channel[5];
  while (succeeded(parser.parseOptionalComma())) {
    if (succeeded(parser.parseOptionalKeyword("histogram"))) {
      Attribute attr;
      SMLoc binsLoc;
      if (bins)
        return parser.emitError(parser.getCurrentLocation(),
                                "duplicate 'histogram'"),
               Attribute();
      if (parser.parseEqual() || parser.parseLBrace() ||
          parseKeywordEq(parser, "range") || parser.parseLSquare() ||
          parser.parseFloat(lo) || parser.parseComma() ||
          parser.parseFloat(hi) || parser.parseRSquare() ||
          parser.parseComma() || parseKeywordEq(parser, "bins") ||
          (binsLoc = parser.getCurrentLocation(), parser.parseAttribute(attr)) ||
          parser.parseRBrace())
        return {};
      bins = dyn_cast<DenseIntElementsAttr>(attr);
      if (!bins)
        return parser.emitError(binsLoc, "expected a dense integer tensor of "
                                         "bin counts"),
               Attribute();
      continue;
    }
    if (succeeded(parser.parseOptionalKeyword("per_channel"))) {
      int64_t a;
      if (axis)
        return parser.emitError(parser.getCurrentLocation(),
                                "duplicate 'per_channel'"),
               Attribute();
      if (parser.parseEqual() || parser.parseLBrace() ||
          parseKeywordEq(parser, "axis") || parser.parseInteger(a))
        return {};
      const char *names[] = {"min", "max", "mean", "std", "mad"};
      for (int i = 0; i < 5; ++i)
        if (parser.parseComma() || parseKeywordEq(parser, names[i]) ||
            parseFloatList(parser, channel[i]))
          return {};
      if (parser.parseRBrace())
        return {};
      axis = a;
      continue;
    }
    return parser.emitError(parser.getCurrentLocation(),
                            "expected 'histogram' or 'per_channel'"),
           Attribute();
  }
  if (parser.parseGreater())
    return {};
  MLIRContext *ctx = parser.getContext();
  auto arr = [&](int i) -> DenseF64ArrayAttr {
    return axis ? DenseF64ArrayAttr::get(ctx, channel[i]) : DenseF64ArrayAttr();
  };
  return parser.getChecked<TensorStatsAttr>(
      loc, ctx, count, APFloat(min), APFloat(max), APFloat(mean), APFloat(std),
      APFloat(mad), bins, APFloat(lo), APFloat(hi), axis, arr(0), arr(1),
      arr(2), arr(3), arr(4));
}

void TensorStatsAttr::print(AsmPrinter &printer) const {
  printer << "<count = " << getCount() << ", min = ";
  printer.printFloat(getMin());
  printer << ", max = ";
  printer.printFloat(getMax());
  printer << ", mean = ";
  printer.printFloat(getMean());
  printer << ", std = ";
  printer.printFloat(getStd());
  printer << ", mad = ";
  printer.printFloat(getMad());
  if (DenseIntElementsAttr bins = getHistogram()) {
    printer << ", histogram = {range = [";
    printer.printFloat(getHistogramLo());
    printer << ", ";
    printer.printFloat(getHistogramHi());
    printer << "], bins = ";
    printer.printAttribute(bins);
    printer << "}";
  }
  if (std::optional<int64_t> axis = getAxis()) {
    printer << ", per_channel = {axis = " << *axis;
    std::pair<const char *, DenseF64ArrayAttr> arrays[] = {
        {"min", getChannelMin()},
        {"max", getChannelMax()},
        {"mean", getChannelMean()},
        {"std", getChannelStd()},
        {"mad", getChannelMad()}};
    for (auto [name, array] : arrays) {
      printer << ", " << name << " = [";
      llvm::interleaveComma(array.asArrayRef(), printer,
                            [&](double v) { printer.printFloat(APFloat(v)); });
      printer << "]";
    }
    printer << "}";
  }
  printer << ">";
}

//===----------------------------------------------------------------------===//
// Attachment to values
//===----------------------------------------------------------------------===//

/// The function whose entry block declares `arg`, if any.
static FunctionOpInterface getFunctionOfArgument(BlockArgument arg) {
  auto func = dyn_cast_or_null<FunctionOpInterface>(arg.getOwner()->getParentOp());
  if (!func || func.isExternal() || arg.getOwner() != &func.getFunctionBody().front())
    return {};
  return func;
}

TensorStatsAttr mlir::quantx::getTensorStats(Value value) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    FunctionOpInterface func = getFunctionOfArgument(arg);
    if (!func)
      return {};
    return func.getArgAttrOfType<TensorStatsAttr>(arg.getArgNumber(),
                                                  kTensorStatsAttrName);
  }
  auto result = cast<OpResult>(value);
  Operation *op = result.getOwner();
  Attribute attr = op->getAttr(kTensorStatsAttrName);
  if (auto stats = dyn_cast_or_null<TensorStatsAttr>(attr))
    return op->getNumResults() == 1 ? stats : TensorStatsAttr();
  if (auto array = dyn_cast_or_null<ArrayAttr>(attr))
    if (result.getResultNumber() < array.size())
      return dyn_cast<TensorStatsAttr>(array[result.getResultNumber()]);
  return {};
}

LogicalResult mlir::quantx::setTensorStats(Value value, TensorStatsAttr stats) {
  if (auto arg = dyn_cast<BlockArgument>(value)) {
    FunctionOpInterface func = getFunctionOfArgument(arg);
    if (!func)
      return failure();
    func.setArgAttr(arg.getArgNumber(), kTensorStatsAttrName, stats);
    return success();
  }
  auto result = cast<OpResult>(value);
  Operation *op = result.getOwner();
  if (op->getNumResults() == 1) {
    op->setAttr(kTensorStatsAttrName, stats);
    return success();
  }
  SmallVector<Attribute> entries(op->getNumResults(),
                                 UnitAttr::get(op->getContext()));
  if (auto array =
          dyn_cast_or_null<ArrayAttr>(op->getAttr(kTensorStatsAttrName)))
    if (array.size() == entries.size())
      llvm::copy(array.getValue(), entries.begin());
  entries[result.getResultNumber()] = stats;
  op->setAttr(kTensorStatsAttrName, ArrayAttr::get(op->getContext(), entries));
  return success();
}

//===----------------------------------------------------------------------===//
// Dialect attribute verification
//===----------------------------------------------------------------------===//

LogicalResult QuantxDialect::verifyOperationAttribute(Operation *op,
                                                      NamedAttribute attr) {
  if (attr.getName() != kTensorStatsAttrName)
    return success();
  auto emit = [&]() { return op->emitError(); };
  if (auto stats = dyn_cast<TensorStatsAttr>(attr.getValue())) {
    if (op->getNumResults() != 1)
      return op->emitError()
             << "'" << kTensorStatsAttrName
             << "' holding one #quantx.tensor_stats needs an op with one "
                "result, this one has "
             << op->getNumResults();
    return stats.verifyFor(op->getResult(0).getType(), emit);
  }
  if (auto array = dyn_cast<ArrayAttr>(attr.getValue())) {
    if (array.size() != op->getNumResults())
      return op->emitError() << "'" << kTensorStatsAttrName << "' has "
                             << array.size() << " entries for "
                             << op->getNumResults() << " results";
    for (auto [entry, result] : llvm::zip(array, op->getResults())) {
      if (isa<UnitAttr>(entry))
        continue;
      auto stats = dyn_cast<TensorStatsAttr>(entry);
      if (!stats)
        return op->emitError() << "entries of '" << kTensorStatsAttrName
                               << "' must be #quantx.tensor_stats or unit";
      if (failed(stats.verifyFor(result.getType(), emit)))
        return failure();
    }
    return success();
  }
  return op->emitError() << "'" << kTensorStatsAttrName
                         << "' must be a #quantx.tensor_stats or an array of "
                            "them, one per result";
}

LogicalResult QuantxDialect::verifyRegionArgAttribute(Operation *op,
                                                      unsigned regionIndex,
                                                      unsigned argIndex,
                                                      NamedAttribute attr) {
  if (attr.getName() != kTensorStatsAttrName)
    return success();
  auto stats = dyn_cast<TensorStatsAttr>(attr.getValue());
  if (!stats)
    return op->emitError() << "argument attribute '" << kTensorStatsAttrName
                           << "' must be a #quantx.tensor_stats";
  Region &region = op->getRegion(regionIndex);
  Type type;
  if (!region.empty() && argIndex < region.front().getNumArguments())
    type = region.front().getArgument(argIndex).getType();
  else if (auto func = dyn_cast<FunctionOpInterface>(op);
           func && argIndex < func.getNumArguments())
    type = func.getArgumentTypes()[argIndex];
  else
    return success();
  return stats.verifyFor(type, [&]() { return op->emitError(); });
}
