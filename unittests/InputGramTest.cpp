//===- InputGramTest.cpp - activation Gram matrices for codebooks ---------===//
//
// The oracle is the defining identity, evaluated with a direct convolution
// (no im2col): for any weight vector v that is zero outside block j, the
// output y = X v of a one-filter layer satisfies |y|^2 = v_j^T G_j v_j.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Utils/InputGram.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir::quantx;

namespace {

using Kind = InputGramLayout::Kind;

/// |y|^2 for the one-filter layer with weight `v` (K values, (c, kh, kw)
/// order for a convolution), by a direct loop over outputs.
double outputEnergy(const InputGramLayout &l, const std::vector<float> &x,
                    const std::vector<int64_t> &shape,
                    const std::vector<double> &v) {
  double energy = 0;
  if (l.kind == Kind::Matmul) {
    int64_t k = shape[1];
    for (int64_t m = 0; m < shape[0]; ++m) {
      double y = 0;
      for (int64_t i = 0; i < k; ++i)
        y += double(x[m * k + i]) * v[i];
      energy += y * y;
    }
    return energy;
  }
  bool nchw = l.kind == Kind::ConvNchw;
  int64_t n = shape[0], c = nchw ? shape[1] : shape[3];
  int64_t h = nchw ? shape[2] : shape[1], w = nchw ? shape[3] : shape[2];
  auto at = [&](int64_t b, int64_t ci, int64_t y, int64_t z) {
    return double(nchw ? x[((b * c + ci) * h + y) * w + z]
                       : x[((b * h + y) * w + z) * c + ci]);
  };
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oy = 0; oy * l.strideH + l.dilationH * (l.kernelH - 1) < h;
         ++oy)
      for (int64_t ox = 0;
           ox * l.strideW + l.dilationW * (l.kernelW - 1) < w; ++ox) {
        double y = 0;
        for (int64_t ci = 0; ci < c; ++ci)
          for (int64_t i = 0; i < l.kernelH; ++i)
            for (int64_t j = 0; j < l.kernelW; ++j)
              y += at(b, ci, oy * l.strideH + i * l.dilationH,
                      ox * l.strideW + j * l.dilationW) *
                   v[(ci * l.kernelH + i) * l.kernelW + j];
        energy += y * y;
      }
  return energy;
}

void checkIdentity(const InputGramLayout &layout, std::vector<int64_t> shape,
                   int64_t k) {
  std::mt19937_64 rng(7);
  std::normal_distribution<float> normal(0, 1);
  InputGramCollector collector(layout, k);
  std::vector<std::vector<float>> inputs;
  for (int run = 0; run < 2; ++run) {
    int64_t size = 1;
    for (int64_t s : shape)
      size *= s;
    std::vector<float> x(size);
    for (float &e : x)
      e = normal(rng);
    ASSERT_FALSE(bool(collector.observe(x, shape)));
    inputs.push_back(std::move(x));
  }
  std::vector<float> grams = collector.finish();
  int64_t d = layout.blockSize;
  ASSERT_EQ(grams.size(), size_t(k * d));
  for (int64_t j = 0; j < k / d; ++j) {
    const float *g = grams.data() + j * d * d;
    for (int trial = 0; trial < 3; ++trial) {
      std::vector<double> v(k, 0.0);
      for (int64_t t = 0; t < d; ++t)
        v[j * d + t] = normal(rng);
      double want = 0;
      for (const std::vector<float> &x : inputs)
        want += outputEnergy(layout, x, shape, v);
      double got = 0;
      for (int64_t t = 0; t < d; ++t)
        for (int64_t u = 0; u < d; ++u)
          got += v[j * d + t] * double(g[t * d + u]) * v[j * d + u];
      EXPECT_NEAR(got, want, 1e-5 * want) << "block " << j;
    }
    for (int64_t t = 0; t < d; ++t)
      for (int64_t u = 0; u < d; ++u)
        EXPECT_EQ(g[t * d + u], g[u * d + t]);
  }
}

TEST(InputGram, Matmul) {
  InputGramLayout layout;
  layout.blockSize = 4;
  checkIdentity(layout, {5, 12}, 12);
}

TEST(InputGram, ConvNchwStride) {
  InputGramLayout layout;
  layout.kind = Kind::ConvNchw;
  layout.kernelH = layout.kernelW = 3;
  layout.strideH = 2;
  layout.strideW = 1;
  layout.blockSize = 9;
  checkIdentity(layout, {2, 3, 7, 6}, 27);
}

TEST(InputGram, ConvNhwcDilationBlockAcrossChannels) {
  InputGramLayout layout;
  layout.kind = Kind::ConvNhwc;
  layout.kernelH = 2;
  layout.kernelW = 3;
  layout.dilationH = 2;
  layout.dilationW = 2;
  layout.strideW = 2;
  // d = 4 straddles the 6-element kernels of consecutive channels.
  layout.blockSize = 4;
  checkIdentity(layout, {1, 7, 9, 2}, 12);
}

TEST(InputGram, ShapeMismatch) {
  InputGramLayout layout;
  layout.kind = Kind::ConvNchw;
  layout.kernelH = layout.kernelW = 3;
  layout.blockSize = 9;
  InputGramCollector collector(layout, 18);
  std::vector<float> x(3 * 5 * 5);
  llvm::Error e = collector.observe(x, {1, 3, 5, 5});
  ASSERT_TRUE(bool(e));
  EXPECT_EQ(llvm::toString(std::move(e)), "expected 2 input channels");
  std::vector<float> small(2 * 2 * 2);
  e = collector.observe(small, {1, 2, 2, 2});
  ASSERT_TRUE(bool(e));
  EXPECT_EQ(llvm::toString(std::move(e)), "the kernel is larger than the input");
}

} // namespace
