//===- Npy.h - NumPy .npy files without IR ----------------------*- C++ -*-===//
//
// A reader (and a writer, for tests and for dumping tensors) of NumPy's .npy
// format, versions 1.0 to 3.0: the magic "\x93NUMPY", two version bytes, a
// little-endian header length (2 bytes in 1.0, 4 in 2.0/3.0), an ASCII (UTF-8
// in 3.0) Python dict literal with 'descr', 'fortran_order' and 'shape', then
// the raw data. quantx-calibrate reads its calibration inputs with it.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_UTILS_NPY_H
#define QUANTX_DIALECT_QUANTX_UTILS_NPY_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mlir {
namespace quantx {

/// Element types quantx reads: little-endian (or byte-order-free) floats and
/// integers. Anything else is kept as `Other` with its descr string.
enum class NpyDType { F16, F32, F64, I8, I16, I32, I64, U8, Bool, Other };

/// One array: its shape, element type and raw little-endian data in C
/// (row-major) order.
struct NpyArray {
  NpyDType dtype = NpyDType::Other;
  std::string descr;         // as written in the file, e.g. "<f4"
  std::vector<int64_t> shape; // empty for a 0-d array
  bool fortranOrder = false;
  std::vector<char> data;

  int64_t numElements() const;
  unsigned elementSize() const;
  /// The values converted to double (F16/F32/F64 and the integer types).
  std::vector<double> toDoubles() const;
};

/// Parses the bytes of a .npy file. Errors name what is wrong (bad magic,
/// unsupported version, malformed header, big-endian or unknown descr,
/// data shorter than the shape says). Fortran-ordered arrays are accepted
/// and flagged (`fortranOrder`), not transposed.
llvm::Expected<NpyArray> parseNpy(llvm::StringRef bytes);
/// Reads and parses a file.
llvm::Expected<NpyArray> readNpyFile(llvm::StringRef path);

/// The name of an element type as the diagnostics print it ("float32").
llvm::StringRef npyDTypeName(NpyDType t);

/// Serializes a C-ordered array of float32 or float64 values as .npy 1.0.
std::string writeNpy(llvm::ArrayRef<float> values,
                     llvm::ArrayRef<int64_t> shape);
std::string writeNpy(llvm::ArrayRef<double> values,
                     llvm::ArrayRef<int64_t> shape);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_DIALECT_QUANTX_UTILS_NPY_H
