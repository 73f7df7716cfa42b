//===- NpyTest.cpp - the .npy reader --------------------------------------===//
//
// Oracle: byte strings built here by hand from the format's specification
// (numpy/lib/format.py: magic, version, little-endian header length, dict
// literal, data). Files written by numpy itself are read in the lit tests of
// quantx-calibrate.
//
//===----------------------------------------------------------------------===//

#include "quantx/Dialect/Quantx/Utils/Npy.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>

using namespace mlir::quantx;

namespace {

/// A .npy file of the given version with `header` (unpadded) and raw data.
std::string makeNpy(int major, const std::string &header,
                    const std::string &data) {
  std::string out = "\x93NUMPY";
  out += char(major);
  out += char(0);
  std::string h = header + "\n";
  if (major == 1) {
    out += char(h.size() & 0xff);
    out += char(h.size() >> 8);
  } else {
    for (int i = 0; i < 4; ++i)
      out += char((h.size() >> (8 * i)) & 0xff);
  }
  return out + h + data;
}

template <typename T>
std::string bytesOf(std::initializer_list<T> values) {
  std::string out;
  for (T v : values)
    out.append(reinterpret_cast<const char *>(&v), sizeof(T));
  return out;
}

std::string errorOf(llvm::StringRef bytes) {
  llvm::Expected<NpyArray> a = parseNpy(bytes);
  return a ? "no error" : llvm::toString(a.takeError());
}

TEST(NpyTest, Float32Version1) {
  std::string file = makeNpy(
      1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
      bytesOf<float>({1, 2, 3, 4, 5, -6.5f}));
  llvm::Expected<NpyArray> a = parseNpy(file);
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  EXPECT_EQ(a->dtype, NpyDType::F32);
  EXPECT_EQ(a->shape, (std::vector<int64_t>{2, 3}));
  EXPECT_FALSE(a->fortranOrder);
  EXPECT_EQ(a->toDoubles(), (std::vector<double>{1, 2, 3, 4, 5, -6.5}));
}

TEST(NpyTest, OtherTypesAndVersions) {
  // Version 2.0 (4-byte header length), keys in another order, double
  // quotes, a 1-d shape written "(3,)".
  llvm::Expected<NpyArray> a = parseNpy(
      makeNpy(2, R"({"shape": (3,), "fortran_order": False, "descr": "<f8"})",
              bytesOf<double>({0.25, -1e300, 7})));
  ASSERT_TRUE(static_cast<bool>(a)) << llvm::toString(a.takeError());
  EXPECT_EQ(a->dtype, NpyDType::F64);
  EXPECT_EQ(a->toDoubles(), (std::vector<double>{0.25, -1e300, 7}));
  // Version 3.0, a 0-d array.
  a = parseNpy(makeNpy(3, "{'descr': '<i4', 'fortran_order': False, "
                          "'shape': (), }",
                       bytesOf<int32_t>({-42})));
  ASSERT_TRUE(static_cast<bool>(a));
  EXPECT_EQ(a->numElements(), 1);
  EXPECT_EQ(a->toDoubles(), (std::vector<double>{-42}));
  // float16: 0x3c00 = 1, 0xc000 = -2, 0x3555 = 0.333251953125, 0x0001 =
  // 2^-24 (subnormal), 0x7c00 = inf.
  a = parseNpy(makeNpy(1,
                       "{'descr': '<f2', 'fortran_order': False, "
                       "'shape': (5,), }",
                       bytesOf<uint16_t>({0x3c00, 0xc000, 0x3555, 0x0001,
                                          0x7c00})));
  ASSERT_TRUE(static_cast<bool>(a));
  std::vector<double> h = a->toDoubles();
  EXPECT_EQ(h[0], 1.0);
  EXPECT_EQ(h[1], -2.0);
  EXPECT_EQ(h[2], 0.333251953125);
  EXPECT_EQ(h[3], std::ldexp(1.0, -24));
  EXPECT_EQ(h[4], INFINITY);
  // Byte-order-free types and Fortran order (flagged, not transposed).
  a = parseNpy(makeNpy(1,
                       "{'descr': '|u1', 'fortran_order': True, "
                       "'shape': (2, 2), }",
                       "\x01\x02\x03\xff"));
  ASSERT_TRUE(static_cast<bool>(a));
  EXPECT_TRUE(a->fortranOrder);
  EXPECT_EQ(a->toDoubles(), (std::vector<double>{1, 2, 3, 255}));
  EXPECT_EQ(npyDTypeName(a->dtype), "uint8");
}

TEST(NpyTest, Errors) {
  const char *f4 = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  EXPECT_EQ(errorOf("PK\x03\x04"), ".npy: bad magic (not a .npy file)");
  EXPECT_EQ(errorOf(makeNpy(4, f4, bytesOf<float>({1, 2}))),
            ".npy: unsupported version 4");
  EXPECT_EQ(errorOf(makeNpy(1, f4, bytesOf<float>({1}))),
            ".npy: data holds 4 bytes, shape needs 8");
  EXPECT_EQ(errorOf(makeNpy(1,
                            "{'descr': '>f4', 'fortran_order': False, "
                            "'shape': (1,), }",
                            bytesOf<float>({1}))),
            ".npy: big-endian dtype '>f4' is not supported");
  EXPECT_EQ(errorOf(makeNpy(1,
                            "{'descr': '<c8', 'fortran_order': False, "
                            "'shape': (1,), }",
                            "12345678")),
            ".npy: unsupported dtype '<c8'");
  EXPECT_EQ(errorOf(makeNpy(1, "{'descr': '<f4', 'shape': (1,), }", "1234")),
            ".npy: header lacks 'descr', 'fortran_order' or 'shape'");
  EXPECT_EQ(errorOf(makeNpy(1,
                            "{'descr': '<f4', 'fortran_order': False, "
                            "'shape': (-1,), }",
                            "1234")),
            ".npy: 'shape' must hold non-negative integers");
  std::string truncated = makeNpy(1, f4, "");
  EXPECT_EQ(errorOf(llvm::StringRef(truncated).take_front(20)),
            ".npy: truncated header");
  llvm::Expected<NpyArray> missing = readNpyFile("/nonexistent/x.npy");
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_EQ(llvm::toString(missing.takeError()),
            "cannot read '/nonexistent/x.npy': No such file or directory");
}

TEST(NpyTest, WriterLayout) {
  // The writer's bytes: magic, version 1.0, header length, the dict (57
  // characters here) padded with spaces so that the data starts at a
  // multiple of 64 (128), then the data.
  std::string file = writeNpy(llvm::ArrayRef<float>({1.5f, -2}), {2});
  ASSERT_EQ(file.size(), 128u + 8u);
  EXPECT_EQ(file.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_EQ(static_cast<unsigned char>(file[8]), 118u); // 128 - 10
  EXPECT_EQ(file[9], 0);
  EXPECT_EQ(file.substr(10, 57),
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }");
  EXPECT_EQ(file.substr(67, 60), std::string(60, ' '));
  EXPECT_EQ(file[127], '\n');
  float data[2];
  std::memcpy(data, file.data() + 128, 8);
  EXPECT_EQ(data[0], 1.5f);
  EXPECT_EQ(data[1], -2.0f);
  // And it reads back.
  llvm::Expected<NpyArray> a = parseNpy(
      writeNpy(llvm::ArrayRef<double>({1, 2, 3, 4, 5, 6}), {3, 2}));
  ASSERT_TRUE(static_cast<bool>(a));
  EXPECT_EQ(a->shape, (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(a->toDoubles(), (std::vector<double>{1, 2, 3, 4, 5, 6}));
}

} // namespace
