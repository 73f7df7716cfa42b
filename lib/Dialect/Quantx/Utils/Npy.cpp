//===- Npy.cpp - NumPy .npy files without IR ------------------------------===//

#include "quantx/Dialect/Quantx/Utils/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <cstring>

using namespace mlir;
using namespace mlir::quantx;

static llvm::Error npyError(const llvm::Twine &what) {
  return llvm::createStringError(".npy: " + what.str());
}

int64_t NpyArray::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

unsigned NpyArray::elementSize() const {
  switch (dtype) {
  case NpyDType::F16:
  case NpyDType::I16:
    return 2;
  case NpyDType::F32:
  case NpyDType::I32:
    return 4;
  case NpyDType::F64:
  case NpyDType::I64:
    return 8;
  case NpyDType::I8:
  case NpyDType::U8:
  case NpyDType::Bool:
    return 1;
  case NpyDType::Other:
    break;
  }
  return 0;
}

llvm::StringRef mlir::quantx::npyDTypeName(NpyDType t) {
  switch (t) {
  case NpyDType::F16:
    return "float16";
  case NpyDType::F32:
    return "float32";
  case NpyDType::F64:
    return "float64";
  case NpyDType::I8:
    return "int8";
  case NpyDType::I16:
    return "int16";
  case NpyDType::I32:
    return "int32";
  case NpyDType::I64:
    return "int64";
  case NpyDType::U8:
    return "uint8";
  case NpyDType::Bool:
    return "bool";
  case NpyDType::Other:
    break;
  }
  return "unsupported";
}

template <typename T>
static T load(const char *p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

/// IEEE half to double.
static double halfToDouble(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  double v;
  if (exp == 0)
    v = std::ldexp(double(mant), -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = std::ldexp(double(mant | 0x400), exp - 25);
  return sign ? -v : v;
}

std::vector<double> NpyArray::toDoubles() const {
  std::vector<double> out;
  int64_t n = numElements();
  unsigned size = elementSize();
  if (size == 0)
    return out;
  out.reserve(n);
  for (int64_t i = 0; i < n; ++i) {
    const char *p = data.data() + i * size;
    switch (dtype) {
    case NpyDType::F16:
      out.push_back(halfToDouble(load<uint16_t>(p)));
      break;
    case NpyDType::F32:
      out.push_back(load<float>(p));
      break;
    case NpyDType::F64:
      out.push_back(load<double>(p));
      break;
    case NpyDType::I8:
      out.push_back(load<int8_t>(p));
      break;
    case NpyDType::I16:
      out.push_back(load<int16_t>(p));
      break;
    case NpyDType::I32:
      out.push_back(load<int32_t>(p));
      break;
    case NpyDType::I64:
      out.push_back(double(load<int64_t>(p)));
      break;
    case NpyDType::U8:
    case NpyDType::Bool:
      out.push_back(load<uint8_t>(p));
      break;
    case NpyDType::Other:
      break;
    }
  }
  return out;
}

namespace {
/// A parser for the header: a Python dict literal with string keys whose
/// values are strings, booleans or tuples of integers.
struct HeaderParser {
  llvm::StringRef s;

  void skip() { s = s.ltrim(" \t\r\n"); }
  bool consume(char c) {
    skip();
    if (s.empty() || s.front() != c)
      return false;
    s = s.drop_front();
    return true;
  }
  bool parseString(std::string &out) {
    skip();
    if (s.empty() || (s.front() != '\'' && s.front() != '"'))
      return false;
    char quote = s.front();
    size_t end = s.find(quote, 1);
    if (end == llvm::StringRef::npos)
      return false;
    out = s.substr(1, end - 1).str();
    s = s.drop_front(end + 1);
    return true;
  }
};
} // namespace

static llvm::Error parseHeader(llvm::StringRef header, NpyArray &array) {
  HeaderParser p{header};
  if (!p.consume('{'))
    return npyError("header is not a dict");
  bool haveDescr = false, haveOrder = false, haveShape = false;
  while (!p.consume('}')) {
    std::string key;
    if (!p.parseString(key) || !p.consume(':'))
      return npyError("malformed header");
    if (key == "descr") {
      if (!p.parseString(array.descr))
        return npyError("'descr' must be a string");
      haveDescr = true;
    } else if (key == "fortran_order") {
      p.skip();
      if (p.s.consume_front("True"))
        array.fortranOrder = true;
      else if (p.s.consume_front("False"))
        array.fortranOrder = false;
      else
        return npyError("'fortran_order' must be True or False");
      haveOrder = true;
    } else if (key == "shape") {
      if (!p.consume('('))
        return npyError("'shape' must be a tuple");
      while (!p.consume(')')) {
        p.skip();
        size_t len = p.s.find_first_not_of("0123456789");
        int64_t d;
        if (len == 0 || p.s.substr(0, len).getAsInteger(10, d))
          return npyError("'shape' must hold non-negative integers");
        array.shape.push_back(d);
        p.s = p.s.drop_front(len);
        if (!p.consume(',') && !(p.skip(), p.s.starts_with(")")))
          return npyError("malformed 'shape'");
      }
      haveShape = true;
    } else {
      return npyError("unknown header key '" + key + "'");
    }
    if (!p.consume(',') && !(p.skip(), p.s.starts_with("}")))
      return npyError("malformed header");
  }
  if (!haveDescr || !haveOrder || !haveShape)
    return npyError("header lacks 'descr', 'fortran_order' or 'shape'");

  llvm::StringRef d = array.descr;
  if (d.size() < 2)
    return npyError("unsupported dtype '" + array.descr + "'");
  char order = d.front();
  llvm::StringRef kind = d.drop_front();
  if (order == '>' && kind != "i1" && kind != "u1" && kind != "b1")
    return npyError("big-endian dtype '" + array.descr +
                    "' is not supported");
  if (order != '<' && order != '|' && order != '=' && order != '>')
    return npyError("unsupported dtype '" + array.descr + "'");
  array.dtype = llvm::StringSwitch<NpyDType>(kind)
                    .Case("f2", NpyDType::F16)
                    .Case("f4", NpyDType::F32)
                    .Case("f8", NpyDType::F64)
                    .Case("i1", NpyDType::I8)
                    .Case("i2", NpyDType::I16)
                    .Case("i4", NpyDType::I32)
                    .Case("i8", NpyDType::I64)
                    .Case("u1", NpyDType::U8)
                    .Case("b1", NpyDType::Bool)
                    .Default(NpyDType::Other);
  if (array.dtype == NpyDType::Other)
    return npyError("unsupported dtype '" + array.descr + "'");
  return llvm::Error::success();
}

llvm::Expected<NpyArray> mlir::quantx::parseNpy(llvm::StringRef bytes) {
  if (!bytes.starts_with("\x93NUMPY"))
    return npyError("bad magic (not a .npy file)");
  if (bytes.size() < 10)
    return npyError("truncated header");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLen, offset;
  if (major == 1) {
    headerLen = static_cast<unsigned char>(bytes[8]) |
                (static_cast<unsigned char>(bytes[9]) << 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError("truncated header");
    headerLen = 0;
    for (int i = 0; i < 4; ++i)
      headerLen |= size_t(static_cast<unsigned char>(bytes[8 + i])) << (8 * i);
    offset = 12;
  } else {
    return npyError(llvm::formatv("unsupported version {0}", major));
  }
  if (bytes.size() < offset + headerLen)
    return npyError("truncated header");
  NpyArray array;
  if (llvm::Error e = parseHeader(bytes.substr(offset, headerLen), array))
    return std::move(e);
  llvm::StringRef data = bytes.drop_front(offset + headerLen);
  uint64_t need = uint64_t(array.numElements()) * array.elementSize();
  if (data.size() < need)
    return npyError(llvm::formatv("data holds {0} bytes, shape needs {1}",
                                  data.size(), need));
  array.data.assign(data.begin(), data.begin() + need);
  return array;
}

llvm::Expected<NpyArray> mlir::quantx::readNpyFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createStringError("cannot read '" + path.str() +
                                   "': " + buffer.getError().message());
  llvm::Expected<NpyArray> array = parseNpy((*buffer)->getBuffer());
  if (!array)
    return llvm::createStringError(path.str() + ": " +
                                   llvm::toString(array.takeError()));
  return array;
}

template <typename T>
static std::string writeNpyImpl(llvm::ArrayRef<T> values,
                                llvm::ArrayRef<int64_t> shape,
                                llvm::StringRef descr) {
  std::string shapeText = "(";
  for (int64_t d : shape)
    shapeText += std::to_string(d) + ", ";
  if (shape.size() > 1)
    shapeText.resize(shapeText.size() - 2);
  else if (shape.size() == 1)
    shapeText.resize(shapeText.size() - 1);
  shapeText += ")";
  std::string header = "{'descr': '" + descr.str() +
                       "', 'fortran_order': False, 'shape': " + shapeText +
                       ", }";
  // Pad with spaces and a newline so that the data starts 64-byte aligned.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string out = "\x93NUMPY";
  out += char(1);
  out += char(0);
  out += char(header.size() & 0xff);
  out += char(header.size() >> 8);
  out += header;
  out.append(reinterpret_cast<const char *>(values.data()),
             values.size() * sizeof(T));
  return out;
}

std::string mlir::quantx::writeNpy(llvm::ArrayRef<float> values,
                                   llvm::ArrayRef<int64_t> shape) {
  return writeNpyImpl(values, shape, "<f4");
}

std::string mlir::quantx::writeNpy(llvm::ArrayRef<double> values,
                                   llvm::ArrayRef<int64_t> shape) {
  return writeNpyImpl(values, shape, "<f8");
}
