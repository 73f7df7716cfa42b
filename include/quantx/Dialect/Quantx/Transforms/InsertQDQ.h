//===- InsertQDQ.h - quantize/dequantize insertion --------------*- C++ -*-===//
//
// The logic of quantx-insert-qdq, for compilers that drive it themselves:
// the configuration (checked), and the function that inserts the pairs.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_INSERTQDQ_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_INSERTQDQ_H

#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"
#include "quantx/Dialect/Quantx/Transforms/QuantizationTargets.h"
#include "quantx/Dialect/Quantx/Utils/Clipping.h"
#include "quantx/Dialect/Quantx/Utils/QuantizationReport.h"

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"

#include <string>

namespace mlir {
namespace quantx {

struct QuantxInsertQDQOptions;

/// How many scales the weights of one op get.
enum class WeightGranularity { PerTensor, PerChannel, PerGroup };

/// The checked configuration of quantx-insert-qdq.
struct InsertQDQConfig {
  QuantScheme weightScheme{8, /*symmetric=*/true, /*narrowRange=*/true};
  QuantScheme activationScheme{8, /*symmetric=*/false, /*narrowRange=*/false};
  WeightGranularity weightGranularity = WeightGranularity::PerChannel;
  unsigned groupSize = 32;
  ClipSpec weightClip, activationClip;
  /// Kinds to quantize; empty means all.
  SmallVector<TargetKind> ops;
  bool skipFirst = false, skipLast = false;
  bool bitAllocation = false, biasCorrection = false;
  RoundingMode rounding = RoundingMode::HalfToEven;
  bool emitRemarks = false;

  /// From the pass options; fails with a message for unsupported bit
  /// widths, unknown clipping methods or op kinds, a zero group size, and
  /// bit allocation or bias correction without per-channel/per-group
  /// weights (bit allocation also needs weight-bits <= 8).
  static FailureOr<InsertQDQConfig>
  fromOptions(const QuantxInsertQDQOptions &options, std::string &error);
};

/// Inserts quantize/dequantize pairs into every function under `root` as
/// quantx-insert-qdq describes. Fails, with a diagnostic, when a selected op
/// lacks activation statistics or has non-finite weights. Appends one entry
/// per quantized tensor to `report` when given.
LogicalResult insertQuantizeDequantize(Operation *root,
                                       const InsertQDQConfig &config,
                                       QuantizationReport *report = nullptr);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_INSERTQDQ_H
