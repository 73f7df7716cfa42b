//===- QuantizationTargets.h - what post-training quantization touches -*- C++ -*-===//
//
// The float linalg ops quantx-calibrate observes and quantx-insert-qdq
// quantizes, their activation and weight operands and channel axes, and the
// values whose statistics calibration collects. Both passes use these
// functions, so that they agree on what is quantized and on the names that
// statistics files and reports use.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_QUANTIZATIONTARGETS_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_QUANTIZATIONTARGETS_H

#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/Operation.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Support/LLVM.h"

#include <optional>
#include <string>

namespace mlir {
namespace quantx {

/// The op kinds post-training quantization handles, as the `ops` option of
/// quantx-insert-qdq names them.
enum class TargetKind {
  Matmul,        // linalg.matmul (default indexing maps)
  BatchMatmul,   // linalg.batch_matmul (default indexing maps)
  Conv,          // linalg.conv_2d_nhwc_hwcf, linalg.conv_2d_nchw_fchw
  DepthwiseConv, // linalg.depthwise_conv_2d_nhwc_hwc, _nchw_chw
};

/// "matmul", "batch_matmul", "conv", "depthwise_conv".
StringRef stringifyTargetKind(TargetKind kind);
std::optional<TargetKind> symbolizeTargetKind(StringRef name);

/// A float matmul/conv with f32 operands: input 0 is the activation, input 1
/// the weights.
struct QuantizationTarget {
  Operation *op = nullptr;
  TargetKind kind = TargetKind::Matmul;
  /// Its name in reports and statistics files: the op's NameLoc name if it
  /// has one, else the kind and the index of the target in its function
  /// ("conv0", "matmul3").
  std::string name;
  /// The value to observe and quantize for the activation input: the operand
  /// itself, or the source of the `tensor.pad` with a constant 0.0 that
  /// feeds it when the op is its only user (the padding stays the real 0,
  /// which every quantization grid represents exactly).
  Value activation;
  tensor::PadOp pad;
  /// The dimension of `activation` holding the (input) channels: the K of a
  /// matmul, the C of a convolution.
  int64_t activationChannelAxis = 0;
  /// The dimension of the weights holding the output channels (N of a
  /// matmul, F of a convolution, C of a depthwise one), along which weights
  /// are quantized per channel.
  int64_t weightOutputAxis = 0;
  /// The dimension of the weights holding the input channels (the reduction
  /// that per-group quantization blocks), or -1 (depthwise).
  int64_t weightReductionAxis = -1;

  unsigned activationOperand() const { return 0; }
  unsigned weightOperand() const { return 1; }
};

/// Matches a supported op. Returns std::nullopt for other ops (with `why`
/// left empty) and for supported kinds that do not qualify (with `why`
/// saying what is wrong: not tensors, not f32, non-default indexing maps).
/// `name` is not set.
std::optional<QuantizationTarget> matchQuantizationTarget(Operation *op,
                                                          std::string &why);

/// Every target in `func`, in program order, named.
SmallVector<QuantizationTarget> collectQuantizationTargets(
    FunctionOpInterface func);

/// A value whose calibration statistics post-training quantization needs:
/// the activation input of at least one target.
struct CalibrationPoint {
  Value value;
  /// "arg<N>" for a function argument, the defining op's NameLoc name (with
  /// ":<result>" for results after the first), else "<first consumer>.input"
  /// ("conv0.input"); unique within the function.
  std::string name;
  /// The channel axis of the first consumer (per-channel statistics).
  int64_t channelAxis = 0;
};

/// The activation inputs of `targets`, each once, in order of first use.
SmallVector<CalibrationPoint>
collectCalibrationPoints(ArrayRef<QuantizationTarget> targets);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_QUANTIZATIONTARGETS_H
