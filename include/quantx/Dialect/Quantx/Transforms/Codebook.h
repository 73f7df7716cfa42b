//===- Codebook.h - codebook quantization of weights ------------*- C++ -*-===//
//
// The public entry points behind quantx-codebook-quantize and
// quantx-fuse-codebook-matmul, for compilers that drive them without the
// passes.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_TRANSFORMS_CODEBOOK_H
#define QUANTX_DIALECT_QUANTX_TRANSFORMS_CODEBOOK_H

#include "mlir/IR/Operation.h"
#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace mlir {
class RewritePatternSet;

namespace quantx {

/// The attribute of a layer op holding the per-block-position Gram
/// matrices of its input activations (f32, S x d x d): see
/// quantx-codebook-quantize.
constexpr llvm::StringLiteral kInputGramAttrName = "quantx.input_gram";

/// What quantx-codebook-quantize does; the fields mirror its options.
struct CodebookQuantizeOptions {
  unsigned blockSize = 8;
  unsigned convBlockSize = 0;
  unsigned numCentroids = 256;
  bool clampCentroids = true;
  bool perSubspace = false;
  unsigned iterations = 20;
  double tolerance = 1e-6;
  uint64_t seed = 0;
  int64_t minSize = 0;
  bool skipFirstConv = true;
  llvm::SmallVector<std::string> skip;
  bool f16Centroids = true;
  bool progress = true;
};

/// One row of the compression report.
struct CodebookLayerReport {
  std::string name;
  llvm::SmallVector<int64_t> shape;
  /// Why the layer was left alone; empty when it was quantized.
  std::string skipped;
  int64_t numWeights = 0;
  int64_t bytesBefore = 0;
  // The rest is set for quantized layers only.
  unsigned blockSize = 0;
  unsigned numCentroids = 0;
  unsigned numCodebooks = 0;
  int64_t indexBytes = 0;
  int64_t centroidBytes = 0;
  bool activationWeighted = false;
  unsigned iterations = 0;
  /// |W|^2 and |W - W_hat|^2, in double.
  double signalEnergy = 0;
  double errorEnergy = 0;

  int64_t bytesAfter() const {
    return skipped.empty() ? indexBytes + centroidBytes : bytesBefore;
  }
};

/// Quantizes the weight constants of the layers under `root` (see
/// quantx-codebook-quantize) and appends a row per candidate to `report`
/// when given. Fails, with a diagnostic, on a malformed `quantx.input_gram`
/// attribute; options must have been checked by checkCodebookOptions.
LogicalResult
codebookQuantize(Operation *root, const CodebookQuantizeOptions &options,
                 llvm::SmallVectorImpl<CodebookLayerReport> *report = nullptr);

/// Returns a message when `options` is out of range, else an empty string.
std::string checkCodebookOptions(const CodebookQuantizeOptions &options);

/// Prints the compression report: a row per layer and the totals.
void printCodebookReport(llvm::ArrayRef<CodebookLayerReport> rows,
                         llvm::raw_ostream &os);

/// The patterns of quantx-fuse-codebook-matmul: linalg.matmul and
/// linalg.conv_2d_{nhwc_hwcf,nchw_fchw} of a codebook_dequantize weight
/// become quantx.codebook_matmul (through im2col for convolutions).
void populateFuseCodebookMatmulPatterns(RewritePatternSet &patterns);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_TRANSFORMS_CODEBOOK_H
