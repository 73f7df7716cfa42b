//===- InputGram.h - activation Gram matrices for codebooks -----*- C++ -*-===//
//
// The Gram matrices quantx-codebook-quantize weights its k-means with
// (`quantx.input_gram`): for a layer whose weight is cut into blocks of d
// consecutive elements along the reduction dimension K, block position j
// multiplies d columns X_j of the layer's input activations written as a
// matrix with K columns (the rows of a matmul's lhs; the im2col rows of a
// convolution, one per output position, columns in (C, KH, KW) order). The
// Gram matrix of block j is X_j^T X_j, so that
// sum_j (w_j - c)^T X_j^T X_j (w_j - c) = ||X (W - W_hat)||^2 per output.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_INPUTGRAM_H
#define QUANTX_DIALECT_QUANTX_UTILS_INPUTGRAM_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <vector>

namespace mlir {
namespace quantx {

/// How a layer reads its input activation.
struct InputGramLayout {
  enum class Kind {
    /// lhs M x K.
    Matmul,
    /// input N x C x H x W, filter F x C x KH x KW.
    ConvNchw,
    /// input N x H x W x C, filter KH x KW x C x F.
    ConvNhwc,
  };
  Kind kind = Kind::Matmul;
  int64_t kernelH = 1, kernelW = 1;
  int64_t strideH = 1, strideW = 1;
  int64_t dilationH = 1, dilationW = 1;
  /// d: K must be a multiple of it.
  int64_t blockSize = 1;
};

/// Accumulates X_j^T X_j over the activations it is given, in double.
class InputGramCollector {
public:
  /// `reduction` is K (C * KH * KW for a convolution).
  InputGramCollector(const InputGramLayout &layout, int64_t reduction);

  /// Adds the rows of one activation tensor of `shape`, row-major. Fails
  /// when the shape does not fit the layout (rank, K, a kernel larger than
  /// the input).
  llvm::Error observe(llvm::ArrayRef<float> values,
                      llvm::ArrayRef<int64_t> shape);

  int64_t numBlocks() const { return reduction / layout.blockSize; }
  /// The im2col rows seen so far.
  int64_t numRows() const { return rows; }
  /// S x d x d, row-major, rounded to float.
  std::vector<float> finish() const;

private:
  void addRow(const float *row);

  InputGramLayout layout;
  int64_t reduction;
  int64_t rows = 0;
  std::vector<double> sums;
};

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_INPUTGRAM_H
