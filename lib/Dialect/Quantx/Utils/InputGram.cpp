//===- InputGram.cpp - activation Gram matrices for codebooks -------------===//

#include "quantx/Dialect/Quantx/Utils/InputGram.h"

#include "llvm/Support/FormatVariadic.h"

#include <cassert>

using namespace mlir;
using namespace mlir::quantx;

InputGramCollector::InputGramCollector(const InputGramLayout &layout,
                                       int64_t reduction)
    : layout(layout), reduction(reduction) {
  assert(layout.blockSize > 0 && reduction % layout.blockSize == 0 &&
         "K must be a multiple of the block size");
  sums.assign(size_t(reduction) * layout.blockSize, 0.0);
}

void InputGramCollector::addRow(const float *row) {
  int64_t d = layout.blockSize;
  for (int64_t j = 0, s = numBlocks(); j < s; ++j) {
    const float *x = row + j * d;
    double *g = sums.data() + size_t(j) * d * d;
    for (int64_t t = 0; t < d; ++t) {
      double xt = x[t];
      if (xt == 0.0)
        continue;
      for (int64_t u = 0; u < d; ++u)
        g[t * d + u] += xt * double(x[u]);
    }
  }
  ++rows;
}

llvm::Error InputGramCollector::observe(llvm::ArrayRef<float> values,
                                        llvm::ArrayRef<int64_t> shape) {
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   why.str());
  };
  using Kind = InputGramLayout::Kind;
  if (layout.kind == Kind::Matmul) {
    if (shape.size() != 2 || shape[1] != reduction)
      return fail(llvm::formatv("expected an M x {0} matmul input", reduction));
    for (int64_t m = 0; m < shape[0]; ++m)
      addRow(values.data() + m * reduction);
    return llvm::Error::success();
  }
  bool nchw = layout.kind == Kind::ConvNchw;
  if (shape.size() != 4)
    return fail("expected a 4-D convolution input");
  int64_t n = shape[0], c = nchw ? shape[1] : shape[3];
  int64_t h = nchw ? shape[2] : shape[1], w = nchw ? shape[3] : shape[2];
  int64_t kh = layout.kernelH, kw = layout.kernelW;
  if (c * kh * kw != reduction)
    return fail(llvm::formatv("expected {0} input channels",
                              reduction / (kh * kw)));
  int64_t spanH = layout.dilationH * (kh - 1) + 1;
  int64_t spanW = layout.dilationW * (kw - 1) + 1;
  if (h < spanH || w < spanW)
    return fail("the kernel is larger than the input");
  int64_t oh = (h - spanH) / layout.strideH + 1;
  int64_t ow = (w - spanW) / layout.strideW + 1;
  std::vector<float> row(reduction);
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t x = 0; x < ow; ++x) {
        // Columns in (C, KH, KW) order, the filter's flattening order.
        float *out = row.data();
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t i = 0; i < kh; ++i)
            for (int64_t j = 0; j < kw; ++j) {
              int64_t hy = y * layout.strideH + i * layout.dilationH;
              int64_t wx = x * layout.strideW + j * layout.dilationW;
              int64_t offset = nchw ? ((b * c + ci) * h + hy) * w + wx
                                    : ((b * h + hy) * w + wx) * c + ci;
              *out++ = values[offset];
            }
        addRow(row.data());
      }
  return llvm::Error::success();
}

std::vector<float> InputGramCollector::finish() const {
  return std::vector<float>(sums.begin(), sums.end());
}
