//===- ImportONNX.cpp - ONNX models to level-1 quantx IR ------------------===//
//
// The importer walks the graph once, in the (topological) order of the
// nodes. Every ONNX value is either an SSA value or a tensor known at import
// time (initializers, Constant nodes, and what Shape/Slice/Concat/Cast/...
// compute from them); known tensors are folded on the host and become
// `arith.constant`s only when an op needs them, with `dense_resource` blobs
// for anything that is not a splat. Shapes are static: dynamic input
// dimensions are fixed by the options, and every op's result shape is
// computed here.
//
//===----------------------------------------------------------------------===//

#include "quantx/Target/ONNX/ImportONNX.h"

#include "quantx/Dialect/Quantx/IR/QuantxDialect.h"
#include "quantx/Dialect/Quantx/IR/QuantxOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/ReshapeOpsUtils.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Tools/mlir-translate/Translation.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/SourceMgr.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <numeric>

using namespace mlir;
using namespace mlir::quantx;

namespace {

//===----------------------------------------------------------------------===//
// Host tensors
//===----------------------------------------------------------------------===//

using DataType = onnx::TensorProto_DataType;

static bool isFloatType(int t) {
  return t == onnx::TensorProto::FLOAT || t == onnx::TensorProto::DOUBLE;
}
static bool isIntType(int t) {
  switch (t) {
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::BOOL:
    return true;
  default:
    return false;
  }
}

static std::string typeName(int t) {
  if (onnx::TensorProto_DataType_IsValid(t))
    return onnx::TensorProto_DataType_Name(static_cast<DataType>(t));
  return "type " + std::to_string(t);
}

static int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

/// Row-major strides of `shape`.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t i = static_cast<int64_t>(shape.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/// A tensor whose contents are known at import time. Floating-point data is
/// kept as f32 (the only float type quantx imports), integers as int64.
struct HostTensor {
  /// The ONNX name (initializer or Constant output), for the resource blob.
  std::string name;
  int dtype = onnx::TensorProto::FLOAT;
  SmallVector<int64_t> shape;
  std::vector<float> f;
  std::vector<int64_t> i;

  bool isFloat() const { return isFloatType(dtype); }
  int64_t numElements() const { return product(shape); }
  double at(int64_t k) const {
    return isFloat() ? static_cast<double>(f[k]) : static_cast<double>(i[k]);
  }
  bool isSplat() const {
    int64_t n = numElements();
    for (int64_t k = 1; k < n; ++k)
      if (isFloat() ? (std::memcmp(&f[k], &f[0], sizeof(float)) != 0)
                    : i[k] != i[0])
        return false;
    return true;
  }
  static std::shared_ptr<HostTensor> like(const HostTensor &t,
                                          ArrayRef<int64_t> shape) {
    auto r = std::make_shared<HostTensor>();
    r->dtype = t.dtype;
    r->shape.assign(shape.begin(), shape.end());
    if (t.isFloat())
      r->f.resize(product(shape));
    else
      r->i.resize(product(shape));
    return r;
  }
  void copyElement(int64_t dst, const HostTensor &src, int64_t srcIndex) {
    if (isFloat())
      f[dst] = src.f[srcIndex];
    else
      i[dst] = src.i[srcIndex];
  }
};
using HostTensorPtr = std::shared_ptr<const HostTensor>;

/// One ONNX value during import: an SSA value, a host tensor, or both (a host
/// tensor once materialized keeps its constant op).
struct ImportedValue {
  Value value;
  HostTensorPtr host;
  /// For QuantizeLinear results: the element type is a quant type and the
  /// ONNX value is the storage integer.
  bool defined() const { return value || host; }
};

//===----------------------------------------------------------------------===//
// The importer
//===----------------------------------------------------------------------===//

class Importer {
public:
  Importer(MLIRContext *ctx, StringRef fileName,
           const ONNXImportOptions &options)
      : ctx(ctx), b(ctx), fileName(fileName.str()), options(options) {}

  OwningOpRef<ModuleOp> importModel(const onnx::ModelProto &model);

private:
  // Diagnostics.
  Location nodeLoc(const onnx::NodeProto &node);
  InFlightDiagnostic nodeError(const onnx::NodeProto &node);

  // Attributes.
  const onnx::AttributeProto *findAttr(const onnx::NodeProto &node,
                                       StringRef name);
  FailureOr<const onnx::AttributeProto *>
  findTypedAttr(const onnx::NodeProto &node, StringRef name,
                onnx::AttributeProto::AttributeType type, StringRef typeName,
                bool required);
  FailureOr<int64_t> getInt(const onnx::NodeProto &node, StringRef name,
                            std::optional<int64_t> dflt);
  FailureOr<float> getFloat(const onnx::NodeProto &node, StringRef name,
                            std::optional<float> dflt);
  FailureOr<SmallVector<int64_t>> getInts(const onnx::NodeProto &node,
                                          StringRef name,
                                          ArrayRef<int64_t> dflt = {});
  FailureOr<std::string> getString(const onnx::NodeProto &node,
                                   StringRef name, StringRef dflt);

  // Tensors.
  FailureOr<HostTensorPtr> readTensor(const onnx::TensorProto &t,
                                      Location loc, StringRef name = "");
  FailureOr<ImportedValue> input(const onnx::NodeProto &node, int index,
                                 bool optional = false);
  FailureOr<HostTensorPtr> hostInput(const onnx::NodeProto &node, int index,
                                     StringRef what);
  LogicalResult setOutput(const onnx::NodeProto &node, int index,
                          ImportedValue v);
  Value materialize(const HostTensorPtr &t, Location loc,
                    std::optional<ArrayRef<int64_t>> shape = std::nullopt,
                    Type elementType = {});
  Value valueOf(const ImportedValue &v, Location loc);
  static RankedTensorType typeOf(Value v) {
    return cast<RankedTensorType>(v.getType());
  }
  SmallVector<int64_t> shapeOf(const ImportedValue &v) {
    if (v.value)
      return SmallVector<int64_t>(typeOf(v.value).getShape());
    return v.host->shape;
  }

  // IR helpers.
  Value reshape(Value v, ArrayRef<int64_t> shape, Location loc);
  Value reshape(const ImportedValue &v, ArrayRef<int64_t> shape, Location loc);
  Value fill(ArrayRef<int64_t> shape, double value, Location loc);
  Value broadcastTo(Value v, ArrayRef<int64_t> shape, Location loc);
  Value scalar(double v, Location loc) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v));
  }
  FailureOr<SmallVector<int64_t>>
  broadcastShapes(const onnx::NodeProto &node,
                  ArrayRef<SmallVector<int64_t>> shapes);
  using BodyFn = function_ref<Value(OpBuilder &, Location, ValueRange)>;
  FailureOr<Value> elementwise(const onnx::NodeProto &node,
                               ArrayRef<ImportedValue> operands, BodyFn body);
  Value transpose(Value v, ArrayRef<int64_t> perm, Location loc);
  Value reduceLastDims(Value v, int64_t dim, bool isMax, Location loc);

  // Operators.
  LogicalResult importNode(const onnx::NodeProto &node);
  LogicalResult importConstant(const onnx::NodeProto &node);
  LogicalResult importConv(const onnx::NodeProto &node);
  LogicalResult importPool(const onnx::NodeProto &node, bool isMax);
  LogicalResult importGlobalAveragePool(const onnx::NodeProto &node);
  LogicalResult importBatchNorm(const onnx::NodeProto &node);
  LogicalResult importGemm(const onnx::NodeProto &node);
  LogicalResult importMatMul(const onnx::NodeProto &node);
  LogicalResult importBinary(const onnx::NodeProto &node);
  LogicalResult importUnary(const onnx::NodeProto &node);
  LogicalResult importClip(const onnx::NodeProto &node);
  LogicalResult importSoftmax(const onnx::NodeProto &node);
  LogicalResult importTranspose(const onnx::NodeProto &node);
  LogicalResult importReshapeLike(const onnx::NodeProto &node);
  LogicalResult importShape(const onnx::NodeProto &node);
  LogicalResult importSlice(const onnx::NodeProto &node);
  LogicalResult importConcat(const onnx::NodeProto &node);
  LogicalResult importCast(const onnx::NodeProto &node);
  LogicalResult importGather(const onnx::NodeProto &node);
  LogicalResult importConstantOfShape(const onnx::NodeProto &node);
  LogicalResult importQuantizeLinear(const onnx::NodeProto &node);
  LogicalResult importDequantizeLinear(const onnx::NodeProto &node);
  FailureOr<Type> quantTypeFor(const onnx::NodeProto &node,
                               ArrayRef<int64_t> shape);

  MLIRContext *ctx;
  OpBuilder b;
  std::string fileName;
  const ONNXImportOptions &options;
  int64_t opset = 1;
  llvm::StringMap<ImportedValue> values;
  /// Constant ops already created for host tensors (by tensor identity and
  /// requested shape).
  DenseMap<std::pair<const HostTensor *, Type>, Value> materialized;
  std::vector<HostTensorPtr> alive;
};

//===----------------------------------------------------------------------===//
// Diagnostics and attributes
//===----------------------------------------------------------------------===//

Location Importer::nodeLoc(const onnx::NodeProto &node) {
  std::string name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  return NameLoc::get(StringAttr::get(ctx, name),
                      FileLineColLoc::get(ctx, fileName, 0, 0));
}

InFlightDiagnostic Importer::nodeError(const onnx::NodeProto &node) {
  std::string name = node.name();
  if (name.empty() && node.output_size() > 0)
    name = node.output(0);
  return emitError(nodeLoc(node))
         << node.op_type() << " node '" << name << "' (opset " << opset
         << "): ";
}

const onnx::AttributeProto *Importer::findAttr(const onnx::NodeProto &node,
                                               StringRef name) {
  for (const onnx::AttributeProto &a : node.attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

/// The attribute `name` of `node` if it is there and of `type`; nullptr if
/// it is absent and not `required`; a diagnostic naming the node otherwise.
FailureOr<const onnx::AttributeProto *>
Importer::findTypedAttr(const onnx::NodeProto &node, StringRef name,
                        onnx::AttributeProto::AttributeType type,
                        StringRef typeName, bool required) {
  const onnx::AttributeProto *a = findAttr(node, name);
  if (!a && required) {
    nodeError(node) << "missing attribute '" << name << "'";
    return failure();
  }
  if (a && a->type() != type) {
    nodeError(node) << "attribute '" << name << "' must be " << typeName;
    return failure();
  }
  return a;
}

FailureOr<int64_t> Importer::getInt(const onnx::NodeProto &node,
                                    StringRef name,
                                    std::optional<int64_t> dflt) {
  FailureOr<const onnx::AttributeProto *> a = findTypedAttr(
      node, name, onnx::AttributeProto::INT, "an INT", !dflt.has_value());
  if (failed(a))
    return failure();
  return *a ? (*a)->i() : *dflt;
}

FailureOr<float> Importer::getFloat(const onnx::NodeProto &node,
                                    StringRef name,
                                    std::optional<float> dflt) {
  FailureOr<const onnx::AttributeProto *> a = findTypedAttr(
      node, name, onnx::AttributeProto::FLOAT, "a FLOAT", !dflt.has_value());
  if (failed(a))
    return failure();
  return *a ? (*a)->f() : *dflt;
}

FailureOr<SmallVector<int64_t>> Importer::getInts(const onnx::NodeProto &node,
                                                  StringRef name,
                                                  ArrayRef<int64_t> dflt) {
  FailureOr<const onnx::AttributeProto *> a = findTypedAttr(
      node, name, onnx::AttributeProto::INTS, "INTS", /*required=*/false);
  if (failed(a))
    return failure();
  if (!*a)
    return SmallVector<int64_t>(dflt);
  return SmallVector<int64_t>((*a)->ints().begin(), (*a)->ints().end());
}

FailureOr<std::string> Importer::getString(const onnx::NodeProto &node,
                                           StringRef name, StringRef dflt) {
  FailureOr<const onnx::AttributeProto *> a = findTypedAttr(
      node, name, onnx::AttributeProto::STRING, "a STRING", /*required=*/false);
  if (failed(a))
    return failure();
  return *a ? (*a)->s() : dflt.str();
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

/// Reads little-endian `T`s from `raw` into `out` converted to `U`.
template <typename T, typename U>
static void readRaw(const std::string &raw, std::vector<U> &out) {
  size_t n = raw.size() / sizeof(T);
  out.resize(n);
  for (size_t k = 0; k < n; ++k) {
    T v;
    std::memcpy(&v, raw.data() + k * sizeof(T), sizeof(T));
    out[k] = static_cast<U>(v);
  }
}

static size_t elementSize(int t) {
  switch (t) {
  case onnx::TensorProto::FLOAT:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
    return 4;
  case onnx::TensorProto::DOUBLE:
  case onnx::TensorProto::INT64:
    return 8;
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
    return 2;
  default:
    return 1;
  }
}

FailureOr<HostTensorPtr> Importer::readTensor(const onnx::TensorProto &t,
                                              Location loc, StringRef name) {
  auto r = std::make_shared<HostTensor>();
  r->name = name.empty() ? t.name() : name.str();
  r->dtype = t.data_type();
  if (!isFloatType(r->dtype) && !isIntType(r->dtype)) {
    emitError(loc) << "tensor '" << t.name() << "' has element type "
                   << typeName(r->dtype)
                   << ", which the importer does not support";
    return failure();
  }
  if (t.data_location() == onnx::TensorProto::EXTERNAL) {
    emitError(loc) << "tensor '" << t.name()
                   << "' keeps its data in an external file, which the "
                      "importer does not support";
    return failure();
  }
  int64_t n = 1;
  for (int64_t d : t.dims()) {
    if (d < 0 || (d > 0 && n > (int64_t(1) << 40) / d)) {
      emitError(loc) << "tensor '" << t.name() << "' has invalid dimension "
                     << d;
      return failure();
    }
    r->shape.push_back(d);
    n *= d;
  }
  const std::string &raw = t.raw_data();
  bool hasRaw = t.has_raw_data();
  if (hasRaw && raw.size() != static_cast<size_t>(n) * elementSize(r->dtype)) {
    emitError(loc) << "tensor '" << t.name() << "' has " << raw.size()
                   << " bytes of raw data, expected "
                   << n * static_cast<int64_t>(elementSize(r->dtype))
                   << " for " << n << " elements of " << typeName(r->dtype);
    return failure();
  }
  int64_t got = -1;
  switch (r->dtype) {
  case onnx::TensorProto::FLOAT:
    if (hasRaw)
      readRaw<float>(raw, r->f);
    else
      r->f.assign(t.float_data().begin(), t.float_data().end());
    got = r->f.size();
    break;
  case onnx::TensorProto::DOUBLE:
    if (hasRaw)
      readRaw<double>(raw, r->f);
    else
      for (double v : t.double_data())
        r->f.push_back(static_cast<float>(v));
    r->dtype = onnx::TensorProto::FLOAT;
    got = r->f.size();
    break;
  case onnx::TensorProto::INT64:
    if (hasRaw)
      readRaw<int64_t>(raw, r->i);
    else
      r->i.assign(t.int64_data().begin(), t.int64_data().end());
    got = r->i.size();
    break;
  case onnx::TensorProto::UINT32:
    if (hasRaw)
      readRaw<uint32_t>(raw, r->i);
    else
      r->i.assign(t.uint64_data().begin(), t.uint64_data().end());
    got = r->i.size();
    break;
  default: {
    // int32_data holds INT32, INT16, INT8, UINT16, UINT8 and BOOL.
    if (hasRaw) {
      switch (r->dtype) {
      case onnx::TensorProto::INT32:
        readRaw<int32_t>(raw, r->i);
        break;
      case onnx::TensorProto::INT16:
        readRaw<int16_t>(raw, r->i);
        break;
      case onnx::TensorProto::UINT16:
        readRaw<uint16_t>(raw, r->i);
        break;
      case onnx::TensorProto::INT8:
        readRaw<int8_t>(raw, r->i);
        break;
      default:
        readRaw<uint8_t>(raw, r->i);
        break;
      }
    } else {
      r->i.assign(t.int32_data().begin(), t.int32_data().end());
    }
    got = r->i.size();
    break;
  }
  }
  if (got != n) {
    emitError(loc) << "tensor '" << t.name() << "' has " << got
                   << " elements, expected " << n << " from its shape";
    return failure();
  }
  return HostTensorPtr(r);
}

FailureOr<ImportedValue> Importer::input(const onnx::NodeProto &node,
                                         int index, bool optional) {
  if (index >= node.input_size() || node.input(index).empty()) {
    if (optional)
      return ImportedValue();
    nodeError(node) << "missing input " << index;
    return failure();
  }
  auto it = values.find(node.input(index));
  if (it == values.end()) {
    nodeError(node) << "input '" << node.input(index)
                    << "' is not defined before its use";
    return failure();
  }
  return it->second;
}

FailureOr<HostTensorPtr> Importer::hostInput(const onnx::NodeProto &node,
                                             int index, StringRef what) {
  FailureOr<ImportedValue> v = input(node, index);
  if (failed(v))
    return failure();
  if (!v->host) {
    nodeError(node) << what << " (input " << index
                    << ") must be a constant known at import time";
    return failure();
  }
  return v->host;
}

LogicalResult Importer::setOutput(const onnx::NodeProto &node, int index,
                                  ImportedValue v) {
  if (index >= node.output_size()) {
    nodeError(node) << "has no output " << index;
    return failure();
  }
  if (!node.output(index).empty())
    values[node.output(index)] = std::move(v);
  return success();
}

/// A resource blob name from an ONNX name: identifier characters only.
static std::string blobName(StringRef name) {
  std::string s;
  for (char c : name)
    s.push_back(llvm::isAlnum(c) || c == '_' || c == '.' ? c : '_');
  if (s.empty() || !(llvm::isAlpha(s[0]) || s[0] == '_'))
    s.insert(s.begin(), '_');
  return s;
}

Value Importer::materialize(const HostTensorPtr &tensor, Location loc,
                            std::optional<ArrayRef<int64_t>> shape,
                            Type elementType) {
  const HostTensor &t = *tensor;
  SmallVector<int64_t> dims(shape ? *shape : ArrayRef<int64_t>(t.shape));
  assert(product(dims) == t.numElements() && "reshape changes the size");
  if (!elementType) {
    switch (t.dtype) {
    case onnx::TensorProto::FLOAT:
      elementType = b.getF32Type();
      break;
    case onnx::TensorProto::INT32:
    case onnx::TensorProto::UINT16:
      elementType = b.getI32Type();
      break;
    case onnx::TensorProto::INT8:
    case onnx::TensorProto::UINT8:
      elementType = b.getI8Type();
      break;
    case onnx::TensorProto::BOOL:
      elementType = b.getI1Type();
      break;
    default:
      elementType = b.getI64Type();
      break;
    }
  }
  auto type = RankedTensorType::get(dims, elementType);
  auto key = std::make_pair(&t, Type(type));
  if (Value v = materialized.lookup(key))
    return v;
  // The cache is keyed by address: keep the tensor alive.
  alive.push_back(tensor);

  OpBuilder::InsertionGuard guard(b);
  // Constants go to the top of the function, in order of first use.
  Block *entry = b.getInsertionBlock();
  while (!isa<func::FuncOp>(entry->getParentOp()))
    entry = entry->getParentOp()->getBlock();
  b.setInsertionPointToStart(entry);
  for (Operation &op : *entry) {
    if (!isa<arith::ConstantOp>(op))
      break;
    b.setInsertionPointAfter(&op);
  }

  TypedAttr attr;
  int64_t n = t.numElements();
  if (n > 0 && t.isSplat()) {
    if (isa<FloatType>(elementType))
      attr = DenseElementsAttr::get(
          type, b.getFloatAttr(elementType, static_cast<double>(t.f[0])));
    else
      attr = DenseElementsAttr::get(
          type, b.getIntegerAttr(elementType,
                                 APInt(elementType.getIntOrFloatBitWidth(),
                                       t.i[0], /*isSigned=*/true,
                                       /*implicitTrunc=*/true)));
  } else {
    AsmResourceBlob blob;
    unsigned width = elementType.getIntOrFloatBitWidth();
    if (isa<FloatType>(elementType)) {
      blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<float>(t.f));
    } else if (width == 1) {
      std::vector<int8_t> d(t.i.begin(), t.i.end());
      blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<int8_t>(d));
    } else if (width == 8) {
      std::vector<int8_t> d;
      for (int64_t v : t.i)
        d.push_back(static_cast<int8_t>(static_cast<uint8_t>(v)));
      blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<int8_t>(d));
    } else if (width == 32) {
      std::vector<int32_t> d(t.i.begin(), t.i.end());
      blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<int32_t>(d));
    } else {
      blob = HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef<int64_t>(t.i));
    }
    std::string name = t.name;
    if (name.empty())
      if (auto nameLoc = dyn_cast<NameLoc>(loc))
        name = nameLoc.getName().getValue().str();
    name = blobName(name);
    attr = DenseResourceElementsAttr::get(type, name, std::move(blob));
  }
  Value v = arith::ConstantOp::create(b, loc, attr);
  materialized[key] = v;
  return v;
}

Value Importer::valueOf(const ImportedValue &v, Location loc) {
  if (v.value)
    return v.value;
  return materialize(v.host, loc);
}

//===----------------------------------------------------------------------===//
// IR helpers
//===----------------------------------------------------------------------===//

Value Importer::reshape(Value v, ArrayRef<int64_t> shape, Location loc) {
  auto type = typeOf(v);
  if (type.getShape() == shape)
    return v;
  auto target = RankedTensorType::get(shape, type.getElementType());
  if (type.getRank() > static_cast<int64_t>(shape.size())) {
    if (auto re = getReassociationIndicesForReshape(type, target))
      return tensor::CollapseShapeOp::create(b, loc, target, v, *re);
  } else if (type.getRank() < static_cast<int64_t>(shape.size())) {
    if (auto re = getReassociationIndicesForReshape(type, target))
      return tensor::ExpandShapeOp::create(b, loc, target, v, *re);
  }
  // Through one dimension.
  Value flat = v;
  int64_t n = type.getNumElements();
  auto flatType = RankedTensorType::get({n}, type.getElementType());
  if (type.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(b, loc, flatType, v,
                                         ArrayRef<ReassociationIndices>{});
  else if (type.getRank() > 1)
    flat = tensor::CollapseShapeOp::create(
        b, loc, flatType, v,
        ArrayRef<ReassociationIndices>{
            llvm::to_vector(llvm::seq<int64_t>(0, type.getRank()))});
  if (shape.size() == 1)
    return flat;
  if (shape.empty())
    return tensor::CollapseShapeOp::create(b, loc, target, flat,
                                           ArrayRef<ReassociationIndices>{});
  return tensor::ExpandShapeOp::create(
      b, loc, target, flat,
      ArrayRef<ReassociationIndices>{
          llvm::to_vector(llvm::seq<int64_t>(0, shape.size()))});
}

Value Importer::reshape(const ImportedValue &v, ArrayRef<int64_t> shape,
                        Location loc) {
  if (v.value)
    return reshape(v.value, shape, loc);
  return materialize(v.host, loc, shape);
}

Value Importer::fill(ArrayRef<int64_t> shape, double value, Location loc) {
  Value empty = tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
  return linalg::FillOp::create(b, loc, ValueRange{scalar(value, loc)},
                                ValueRange{empty})
      .getResult(0);
}

/// Broadcasts `v` to `shape` (ONNX rules: trailing alignment, size-1
/// dimensions stretch) with one `linalg.broadcast` after dropping the
/// stretched unit dimensions.
Value Importer::broadcastTo(Value v, ArrayRef<int64_t> shape, Location loc) {
  auto type = typeOf(v);
  if (type.getShape() == shape)
    return v;
  int64_t offset = shape.size() - type.getRank();
  SmallVector<int64_t> kept, addedDims;
  for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
    int64_t src = d - offset;
    if (src >= 0 && type.getDimSize(src) == shape[d])
      kept.push_back(shape[d]);
    else
      addedDims.push_back(d);
  }
  Value reduced = reshape(v, kept, loc);
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::BroadcastOp::create(b, loc, reduced, init, addedDims)
      .getResult()[0];
}

FailureOr<SmallVector<int64_t>>
Importer::broadcastShapes(const onnx::NodeProto &node,
                          ArrayRef<SmallVector<int64_t>> shapes) {
  size_t rank = 0;
  for (const auto &s : shapes)
    rank = std::max(rank, s.size());
  SmallVector<int64_t> out(rank, 1);
  for (const auto &s : shapes) {
    size_t offset = rank - s.size();
    for (size_t d = 0; d < s.size(); ++d) {
      int64_t &o = out[offset + d];
      if (s[d] == o || s[d] == 1)
        continue;
      if (o == 1) {
        o = s[d];
        continue;
      }
      auto diag = nodeError(node) << "operand shapes cannot be broadcast:";
      for (const auto &t : shapes) {
        diag << " [";
        llvm::interleave(t, [&](int64_t x) { diag << x; }, [&] { diag << ","; });
        diag << "]";
      }
      return failure();
    }
  }
  return out;
}

/// One `linalg.generic` computing `body` elementwise over `operands` with ONNX
/// broadcasting: each operand is reshaped to the dimensions it does not
/// stretch (so a per-channel constant is a 1-D tensor read through
/// `(d0, d1, d2, d3) -> (d1)`), and its indexing map selects those loops.
FailureOr<Value> Importer::elementwise(const onnx::NodeProto &node,
                                       ArrayRef<ImportedValue> operands,
                                       BodyFn body) {
  Location loc = nodeLoc(node);
  SmallVector<SmallVector<int64_t>> shapes;
  for (const ImportedValue &v : operands)
    shapes.push_back(shapeOf(v));
  FailureOr<SmallVector<int64_t>> out = broadcastShapes(node, shapes);
  if (failed(out))
    return failure();
  int64_t rank = out->size();
  SmallVector<Value> ins;
  SmallVector<AffineMap> maps;
  for (auto [v, shape] : llvm::zip(operands, shapes)) {
    int64_t offset = rank - shape.size();
    if (ArrayRef<int64_t>(shape) == ArrayRef<int64_t>(*out)) {
      ins.push_back(valueOf(v, loc));
      maps.push_back(b.getMultiDimIdentityMap(rank));
      continue;
    }
    SmallVector<int64_t> kept;
    SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < static_cast<int64_t>(shape.size()); ++d) {
      if (shape[d] == 1 && (*out)[offset + d] != 1)
        continue;
      kept.push_back(shape[d]);
      exprs.push_back(b.getAffineDimExpr(offset + d));
    }
    ins.push_back(reshape(v, kept, loc));
    maps.push_back(AffineMap::get(rank, 0, exprs, ctx));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  Value init = tensor::EmptyOp::create(b, loc, *out, b.getF32Type());
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ins, ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nl, ValueRange args) {
        Value r = body(nb, nl, args.drop_back());
        linalg::YieldOp::create(nb, nl, r);
      });
  return generic.getResult(0);
}

Value Importer::transpose(Value v, ArrayRef<int64_t> perm, Location loc) {
  auto type = typeOf(v);
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, v, init, perm).getResult()[0];
}

/// Reduces `v` along `dim` with max or add; the result drops `dim`.
Value Importer::reduceLastDims(Value v, int64_t dim, bool isMax,
                               Location loc) {
  auto type = typeOf(v);
  int64_t rank = type.getRank();
  SmallVector<int64_t> shape;
  SmallVector<AffineExpr> exprs;
  for (int64_t d = 0; d < rank; ++d)
    if (d != dim) {
      shape.push_back(type.getDimSize(d));
      exprs.push_back(b.getAffineDimExpr(d));
    }
  Value init =
      fill(shape, isMax ? -std::numeric_limits<double>::infinity() : 0.0, loc);
  SmallVector<utils::IteratorType> iters(rank, utils::IteratorType::parallel);
  iters[dim] = utils::IteratorType::reduction;
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, exprs, ctx)};
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{v},
             ValueRange{init}, maps, iters,
             [&](OpBuilder &nb, Location nl, ValueRange args) {
               Value r =
                   isMax ? arith::MaximumFOp::create(nb, nl, args[0], args[1])
                               .getResult()
                         : arith::AddFOp::create(nb, nl, args[1], args[0])
                               .getResult();
               linalg::YieldOp::create(nb, nl, r);
             })
      .getResult(0);
}

//===----------------------------------------------------------------------===//
// Operators
//===----------------------------------------------------------------------===//

LogicalResult Importer::importConstant(const onnx::NodeProto &node) {
  if (node.attribute_size() != 1) {
    nodeError(node) << "must have exactly one attribute";
    return failure();
  }
  const onnx::AttributeProto &a = node.attribute(0);
  auto t = std::make_shared<HostTensor>();
  if (node.output_size())
    t->name = node.output(0);
  if (a.name() == "value") {
    if (a.type() != onnx::AttributeProto::TENSOR) {
      nodeError(node) << "attribute 'value' must be a TENSOR";
      return failure();
    }
    FailureOr<HostTensorPtr> r = readTensor(
        a.t(), nodeLoc(node), node.output_size() ? node.output(0) : "");
    if (failed(r))
      return failure();
    return setOutput(node, 0, {Value(), *r});
  }
  if (a.name() == "value_float" && a.type() == onnx::AttributeProto::FLOAT) {
    t->f = {a.f()};
  } else if (a.name() == "value_floats" &&
             a.type() == onnx::AttributeProto::FLOATS) {
    t->f.assign(a.floats().begin(), a.floats().end());
    t->shape = {static_cast<int64_t>(t->f.size())};
  } else if (a.name() == "value_int" &&
             a.type() == onnx::AttributeProto::INT) {
    t->dtype = onnx::TensorProto::INT64;
    t->i = {a.i()};
  } else if (a.name() == "value_ints" &&
             a.type() == onnx::AttributeProto::INTS) {
    t->dtype = onnx::TensorProto::INT64;
    t->i.assign(a.ints().begin(), a.ints().end());
    t->shape = {static_cast<int64_t>(t->i.size())};
  } else {
    nodeError(node) << "attribute '" << a.name()
                    << "' of this type is not supported";
    return failure();
  }
  return setOutput(node, 0, {Value(), t});
}

/// Output size of one spatial dimension of a convolution or pooling.
static int64_t outputSize(int64_t in, int64_t k, int64_t stride,
                          int64_t dilation, int64_t padBegin, int64_t padEnd,
                          bool ceilMode) {
  int64_t span = in + padBegin + padEnd - ((k - 1) * dilation + 1);
  if (span < 0)
    return 0;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // With ceil_mode, the last window must start inside the input or the
  // leading padding (PyTorch and ONNX Runtime).
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

/// The spatial attributes shared by Conv, MaxPool and AveragePool.
struct Window {
  SmallVector<int64_t> kernel, strides, dilations, padBegin, padEnd, out;
};

static LogicalResult
resolveWindow(StringRef autoPad,
              ArrayRef<int64_t> inSpatial, ArrayRef<int64_t> pads,
              bool ceilMode, Window &w,
              function_ref<InFlightDiagnostic()> error) {
  size_t n = inSpatial.size();
  if (w.kernel.size() != n || w.strides.size() != n ||
      w.dilations.size() != n) {
    error() << "kernel_shape, strides and dilations must have " << n
            << " values";
    return failure();
  }
  for (size_t d = 0; d < n; ++d)
    if (w.kernel[d] <= 0 || w.strides[d] <= 0 || w.dilations[d] <= 0) {
      error() << "kernel_shape, strides and dilations must be positive";
      return failure();
    }
  w.padBegin.assign(n, 0);
  w.padEnd.assign(n, 0);
  if (autoPad == "NOTSET") {
    if (!pads.empty()) {
      if (pads.size() != 2 * n) {
        error() << "pads must have " << 2 * n << " values";
        return failure();
      }
      for (size_t d = 0; d < n; ++d) {
        w.padBegin[d] = pads[d];
        w.padEnd[d] = pads[n + d];
        if (pads[d] < 0 || pads[n + d] < 0) {
          error() << "pads must not be negative";
          return failure();
        }
      }
    }
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (size_t d = 0; d < n; ++d) {
      int64_t out = (inSpatial[d] + w.strides[d] - 1) / w.strides[d];
      int64_t total =
          std::max<int64_t>((out - 1) * w.strides[d] +
                                (w.kernel[d] - 1) * w.dilations[d] + 1 -
                                inSpatial[d],
                            0);
      int64_t small = total / 2;
      w.padBegin[d] = autoPad == "SAME_UPPER" ? small : total - small;
      w.padEnd[d] = total - w.padBegin[d];
    }
  } else if (autoPad != "VALID") {
    error() << "auto_pad '" << autoPad << "' is not supported";
    return failure();
  }
  w.out.clear();
  for (size_t d = 0; d < n; ++d) {
    int64_t o = outputSize(inSpatial[d], w.kernel[d], w.strides[d],
                           w.dilations[d], w.padBegin[d], w.padEnd[d],
                           ceilMode);
    if (o <= 0) {
      error() << "the window does not fit the input (spatial dimension " << d
              << " has size " << inSpatial[d] << ")";
      return failure();
    }
    w.out.push_back(o);
  }
  return success();
}

LogicalResult Importer::importConv(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> x = input(node, 0), w = input(node, 1),
                           bias = input(node, 2, /*optional=*/true);
  if (failed(x) || failed(w) || failed(bias))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x), ws = shapeOf(*w);
  if (xs.size() != 4 || ws.size() != 4) {
    nodeError(node) << "only 2-D convolutions (4-D input and weights) are "
                       "supported, got input rank "
                    << xs.size() << " and weight rank " << ws.size();
    return failure();
  }
  FailureOr<int64_t> group = getInt(node, "group", 1);
  FailureOr<SmallVector<int64_t>> kernel = getInts(node, "kernel_shape"),
                                  strides = getInts(node, "strides", {1, 1}),
                                  dilations =
                                      getInts(node, "dilations", {1, 1}),
                                  pads = getInts(node, "pads");
  FailureOr<std::string> autoPad = getString(node, "auto_pad", "NOTSET");
  if (failed(group) || failed(kernel) || failed(strides) ||
      failed(dilations) || failed(pads) || failed(autoPad))
    return failure();
  int64_t n = xs[0], c = xs[1], f = ws[0], g = *group;
  if (kernel->empty())
    *kernel = {ws[2], ws[3]};
  if (g <= 0 || c % g != 0 || f % g != 0 || ws[1] != c / g ||
      (*kernel)[0] != ws[2] || (*kernel)[1] != ws[3]) {
    nodeError(node) << "weight shape [" << ws[0] << "," << ws[1] << ","
                    << ws[2] << "," << ws[3] << "] does not match " << c
                    << " input channels in " << g << " groups";
    return failure();
  }
  Window win{*kernel, *strides, *dilations, {}, {}, {}};
  if (failed(resolveWindow(*autoPad, {xs[2], xs[3]}, *pads,
                           /*ceilMode=*/false, win,
                           [&] { return nodeError(node); })))
    return failure();
  SmallVector<int64_t> outShape = {n, f, win.out[0], win.out[1]};
  if (bias->defined()) {
    SmallVector<int64_t> bs = shapeOf(*bias);
    if (bs.size() != 1 || bs[0] != f) {
      nodeError(node) << "bias must have shape [" << f << "]";
      return failure();
    }
  }

  // Padding: tensor.pad with the real 0.
  Value input = valueOf(*x, loc);
  if (llvm::any_of(win.padBegin, [](int64_t p) { return p; }) ||
      llvm::any_of(win.padEnd, [](int64_t p) { return p; })) {
    SmallVector<int64_t> padded = {n, c, xs[2] + win.padBegin[0] + win.padEnd[0],
                                   xs[3] + win.padBegin[1] + win.padEnd[1]};
    SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                     b.getIndexAttr(win.padBegin[0]),
                                     b.getIndexAttr(win.padBegin[1])};
    SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                      b.getIndexAttr(win.padEnd[0]),
                                      b.getIndexAttr(win.padEnd[1])};
    input = tensor::PadOp::create(
        b, loc, RankedTensorType::get(padded, b.getF32Type()), input, low,
        high, scalar(0.0, loc));
  }

  // The accumulator starts at the broadcast bias, or at zero.
  Value init;
  if (bias->defined()) {
    Value bv = valueOf(*bias, loc);
    Value empty = tensor::EmptyOp::create(b, loc, outShape, b.getF32Type());
    init = linalg::BroadcastOp::create(b, loc, bv, empty,
                                       ArrayRef<int64_t>{0, 2, 3})
               .getResult()[0];
  } else {
    init = fill(outShape, 0.0, loc);
  }
  auto stridesAttr = b.getI64TensorAttr(win.strides);
  auto dilationsAttr = b.getI64TensorAttr(win.dilations);
  auto outType = RankedTensorType::get(outShape, b.getF32Type());

  Value result;
  if (g == 1) {
    result = linalg::Conv2DNchwFchwOp::create(
                 b, loc, TypeRange{outType},
                 ValueRange{input, valueOf(*w, loc)}, ValueRange{init},
                 stridesAttr, dilationsAttr)
                 .getResult(0);
  } else if (g == c && f == c) {
    // Depthwise with multiplier 1: the filter is [C, KH, KW].
    Value filter = reshape(*w, {c, ws[2], ws[3]}, loc);
    result = linalg::DepthwiseConv2DNchwChwOp::create(
                 b, loc, TypeRange{outType}, ValueRange{input, filter},
                 ValueRange{init}, stridesAttr, dilationsAttr)
                 .getResult(0);
  } else {
    // Grouped: NGCHW x GFCHW as torch-mlir writes it, then collapse (G, F/G).
    auto inType = typeOf(input);
    Value gx = reshape(input,
                       {n, g, c / g, inType.getDimSize(2),
                        inType.getDimSize(3)},
                       loc);
    Value gw = reshape(*w, {g, f / g, c / g, ws[2], ws[3]}, loc);
    SmallVector<int64_t> gOut = {n, g, f / g, win.out[0], win.out[1]};
    Value gInit = reshape(init, gOut, loc);
    Value conv = linalg::Conv2DNgchwGfchwOp::create(
                     b, loc,
                     TypeRange{RankedTensorType::get(gOut, b.getF32Type())},
                     ValueRange{gx, gw}, ValueRange{gInit}, stridesAttr,
                     dilationsAttr)
                     .getResult(0);
    result = reshape(conv, outShape, loc);
  }
  return setOutput(node, 0, {result, nullptr});
}

LogicalResult Importer::importPool(const onnx::NodeProto &node, bool isMax) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  if (node.output_size() > 1 && !node.output(1).empty()) {
    nodeError(node) << "the Indices output is not supported";
    return failure();
  }
  SmallVector<int64_t> xs = shapeOf(*x);
  if (xs.size() != 4) {
    nodeError(node) << "only 2-D pooling (4-D input) is supported";
    return failure();
  }
  FailureOr<SmallVector<int64_t>> kernel = getInts(node, "kernel_shape"),
                                  strides = getInts(node, "strides", {1, 1}),
                                  dilations =
                                      getInts(node, "dilations", {1, 1}),
                                  pads = getInts(node, "pads");
  FailureOr<std::string> autoPad = getString(node, "auto_pad", "NOTSET");
  FailureOr<int64_t> ceilMode = getInt(node, "ceil_mode", 0),
                     countIncludePad = getInt(node, "count_include_pad", 0);
  if (failed(kernel) || failed(strides) || failed(dilations) ||
      failed(pads) || failed(autoPad) || failed(ceilMode) ||
      failed(countIncludePad))
    return failure();
  if (kernel->empty()) {
    nodeError(node) << "missing attribute 'kernel_shape'";
    return failure();
  }
  Window win{*kernel, *strides, *dilations, {}, {}, {}};
  if (failed(resolveWindow(*autoPad, {xs[2], xs[3]}, *pads,
                           *ceilMode != 0, win,
                           [&] { return nodeError(node); })))
    return failure();
  // ceil_mode reads past the declared end padding; pad that far, but count
  // only the declared padding for averages.
  SmallVector<int64_t> padEnd(2);
  for (int d = 0; d < 2; ++d)
    padEnd[d] = std::max<int64_t>(
        win.padEnd[d], (win.out[d] - 1) * win.strides[d] +
                           (win.kernel[d] - 1) * win.dilations[d] + 1 -
                           xs[2 + d] - win.padBegin[d]);
  double padValue = isMax ? -std::numeric_limits<double>::infinity() : 0.0;
  Value in = valueOf(*x, loc);
  if (win.padBegin[0] || win.padBegin[1] || padEnd[0] || padEnd[1]) {
    SmallVector<int64_t> padded = {xs[0], xs[1],
                                   xs[2] + win.padBegin[0] + padEnd[0],
                                   xs[3] + win.padBegin[1] + padEnd[1]};
    SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(0),
                                     b.getIndexAttr(win.padBegin[0]),
                                     b.getIndexAttr(win.padBegin[1])};
    SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(0),
                                      b.getIndexAttr(padEnd[0]),
                                      b.getIndexAttr(padEnd[1])};
    in = tensor::PadOp::create(b, loc,
                               RankedTensorType::get(padded, b.getF32Type()),
                               in, low, high, scalar(padValue, loc));
  }
  SmallVector<int64_t> outShape = {xs[0], xs[1], win.out[0], win.out[1]};
  auto outType = RankedTensorType::get(outShape, b.getF32Type());
  Value init = fill(outShape, padValue, loc);
  Value window = tensor::EmptyOp::create(b, loc, win.kernel, b.getF32Type());
  auto stridesAttr = b.getI64TensorAttr(win.strides);
  auto dilationsAttr = b.getI64TensorAttr(win.dilations);
  if (isMax) {
    Value r = linalg::PoolingNchwMaxOp::create(b, loc, TypeRange{outType},
                                               ValueRange{in, window},
                                               ValueRange{init}, stridesAttr,
                                               dilationsAttr)
                  .getResult(0);
    return setOutput(node, 0, {r, nullptr});
  }
  Value sum = linalg::PoolingNchwSumOp::create(b, loc, TypeRange{outType},
                                               ValueRange{in, window},
                                               ValueRange{init}, stridesAttr,
                                               dilationsAttr)
                  .getResult(0);
  // Divisors per output position: the window's elements inside the input (or
  // inside the declared padding with count_include_pad).
  auto count = [&](int d, int64_t o) {
    int64_t lo = *countIncludePad ? -win.padBegin[d] : 0;
    int64_t hi = *countIncludePad ? xs[2 + d] + win.padEnd[d] : xs[2 + d];
    int64_t k = 0;
    for (int64_t j = 0; j < win.kernel[d]; ++j) {
      int64_t pos = o * win.strides[d] + j * win.dilations[d] - win.padBegin[d];
      k += pos >= lo && pos < hi;
    }
    return k;
  };
  auto divisor = std::make_shared<HostTensor>();
  divisor->shape = {win.out[0], win.out[1]};
  for (int64_t oh = 0; oh < win.out[0]; ++oh)
    for (int64_t ow = 0; ow < win.out[1]; ++ow)
      divisor->f.push_back(static_cast<float>(count(0, oh) * count(1, ow)));
  if (divisor->isSplat()) {
    divisor->shape = {1, 1};
    divisor->f.resize(1);
  }
  ImportedValue divisorValue{Value(), divisor};
  FailureOr<Value> r = elementwise(
      node, {ImportedValue{sum, nullptr}, divisorValue},
      [](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        return arith::DivFOp::create(nb, nl, a[0], a[1]);
      });
  if (failed(r))
    return failure();
  return setOutput(node, 0, {*r, nullptr});
}

LogicalResult Importer::importGlobalAveragePool(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  if (xs.size() != 4) {
    nodeError(node) << "only 4-D inputs are supported";
    return failure();
  }
  SmallVector<int64_t> outShape = {xs[0], xs[1], 1, 1};
  auto outType = RankedTensorType::get(outShape, b.getF32Type());
  Value window =
      tensor::EmptyOp::create(b, loc, ArrayRef<int64_t>{xs[2], xs[3]},
                              b.getF32Type());
  Value sum = linalg::PoolingNchwSumOp::create(
                  b, loc, TypeRange{outType},
                  ValueRange{valueOf(*x, loc), window},
                  ValueRange{fill(outShape, 0.0, loc)},
                  b.getI64TensorAttr({1, 1}), b.getI64TensorAttr({1, 1}))
                  .getResult(0);
  double n = static_cast<double>(xs[2] * xs[3]);
  FailureOr<Value> r = elementwise(
      node, {ImportedValue{sum, nullptr}},
      [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        Value d = arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(n));
        return arith::DivFOp::create(nb, nl, a[0], d);
      });
  if (failed(r))
    return failure();
  return setOutput(node, 0, {*r, nullptr});
}

LogicalResult Importer::importBatchNorm(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  for (int k = 1; k < node.output_size(); ++k)
    if (!node.output(k).empty()) {
      nodeError(node) << "training outputs (running mean/variance) are not "
                         "supported";
      return failure();
    }
  FailureOr<int64_t> training = getInt(node, "training_mode", 0);
  FailureOr<int64_t> spatial = getInt(node, "spatial", 1);
  FailureOr<float> eps = getFloat(node, "epsilon", 1e-5f);
  if (failed(training) || failed(spatial) || failed(eps))
    return failure();
  if (*training != 0 || *spatial != 1) {
    nodeError(node) << "only inference mode (training_mode = 0, spatial = 1) "
                       "is supported";
    return failure();
  }
  SmallVector<Value> operands;
  SmallVector<int64_t> xs;
  for (int k = 0; k < 5; ++k) {
    FailureOr<ImportedValue> v = input(node, k);
    if (failed(v))
      return failure();
    if (k == 0) {
      xs = shapeOf(*v);
      if (xs.size() < 2) {
        nodeError(node) << "input must have a channel dimension";
        return failure();
      }
      operands.push_back(valueOf(*v, loc));
      continue;
    }
    SmallVector<int64_t> s = shapeOf(*v);
    if (s.size() != 1 || s[0] != xs[1]) {
      nodeError(node) << "input " << k << " must have shape [" << xs[1]
                      << "]";
      return failure();
    }
    operands.push_back(valueOf(*v, loc));
  }
  // The epsilon attribute is a float; widen the f32 value exactly.
  Value r = BatchNormOp::create(b, loc, operands[0].getType(), operands[0],
                                operands[1], operands[2], operands[3],
                                operands[4],
                                b.getF64FloatAttr(static_cast<double>(*eps)),
                                b.getI64IntegerAttr(1));
  return setOutput(node, 0, {r, nullptr});
}

/// Transposes a 2-D host tensor.
static HostTensorPtr transposeHost(const HostTensor &t,
                                   ArrayRef<int64_t> perm) {
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(t.shape[p]);
  auto r = HostTensor::like(t, shape);
  r->name = t.name;
  SmallVector<int64_t> inStrides = stridesOf(t.shape);
  int64_t n = t.numElements(), rank = shape.size();
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0;
    for (int64_t d = 0; d < rank; ++d)
      src += idx[d] * inStrides[perm[d]];
    r->copyElement(k, t, src);
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
  return r;
}

LogicalResult Importer::importGemm(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> a = input(node, 0), bm = input(node, 1),
                           c = input(node, 2, /*optional=*/true);
  FailureOr<float> alpha = getFloat(node, "alpha", 1.0f),
                   beta = getFloat(node, "beta", 1.0f);
  FailureOr<int64_t> transA = getInt(node, "transA", 0),
                     transB = getInt(node, "transB", 0);
  if (failed(a) || failed(bm) || failed(c) || failed(alpha) || failed(beta) ||
      failed(transA) || failed(transB))
    return failure();
  SmallVector<int64_t> as = shapeOf(*a), bs = shapeOf(*bm);
  if (as.size() != 2 || bs.size() != 2) {
    nodeError(node) << "A and B must be 2-D";
    return failure();
  }
  int64_t m = *transA ? as[1] : as[0], k = *transA ? as[0] : as[1];
  int64_t kb = *transB ? bs[1] : bs[0], nn = *transB ? bs[0] : bs[1];
  if (k != kb) {
    nodeError(node) << "inner dimensions differ: " << k << " and " << kb;
    return failure();
  }
  Value av = valueOf(*a, loc);
  if (*transA)
    av = transpose(av, {1, 0}, loc);
  Value bv;
  if (*transB && bm->host)
    bv = materialize(transposeHost(*bm->host, {1, 0}), loc);
  else if (*transB)
    bv = transpose(valueOf(*bm, loc), {1, 0}, loc);
  else
    bv = valueOf(*bm, loc);

  SmallVector<int64_t> outShape = {m, nn};
  Value init;
  if (c->defined() && *beta != 0.0f) {
    SmallVector<int64_t> cs = shapeOf(*c);
    FailureOr<SmallVector<int64_t>> bc =
        broadcastShapes(node, {cs, outShape});
    if (failed(bc) || ArrayRef<int64_t>(*bc) != ArrayRef<int64_t>(outShape)) {
      if (succeeded(bc))
        nodeError(node) << "C does not broadcast to [" << m << "," << nn
                        << "]";
      return failure();
    }
    ImportedValue cv = *c;
    if (*beta != 1.0f && c->host && c->host->isFloat() && !c->value) {
      // A constant C stays a constant: fold beta on the host.
      auto scaled = std::make_shared<HostTensor>(*c->host);
      for (float &v : scaled->f)
        v *= *beta;
      cv = {Value(), scaled};
    } else if (*beta != 1.0f) {
      float bt = *beta;
      FailureOr<Value> scaled =
          elementwise(node, {cv}, [&](OpBuilder &nb, Location nl,
                                      ValueRange x) -> Value {
            Value s = arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(bt));
            return arith::MulFOp::create(nb, nl, x[0], s);
          });
      if (failed(scaled))
        return failure();
      cv = {*scaled, nullptr};
    }
    init = broadcastTo(valueOf(cv, loc), outShape, loc);
  } else {
    init = fill(outShape, 0.0, loc);
  }
  auto outType = RankedTensorType::get(outShape, b.getF32Type());
  Value r;
  if (*alpha == 1.0f) {
    r = linalg::MatmulOp::create(b, loc, TypeRange{outType},
                                 ValueRange{av, bv}, ValueRange{init})
            .getResult(0);
  } else {
    Value prod = linalg::MatmulOp::create(b, loc, TypeRange{outType},
                                          ValueRange{av, bv},
                                          ValueRange{fill(outShape, 0.0, loc)})
                     .getResult(0);
    float al = *alpha;
    FailureOr<Value> s = elementwise(
        node, {ImportedValue{prod, nullptr}, ImportedValue{init, nullptr}},
        [&](OpBuilder &nb, Location nl, ValueRange x) -> Value {
          Value s = arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(al));
          Value p = arith::MulFOp::create(nb, nl, x[0], s);
          return arith::AddFOp::create(nb, nl, p, x[1]);
        });
    if (failed(s))
      return failure();
    r = *s;
  }
  return setOutput(node, 0, {r, nullptr});
}

LogicalResult Importer::importMatMul(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> a = input(node, 0), bm = input(node, 1);
  if (failed(a) || failed(bm))
    return failure();
  SmallVector<int64_t> as = shapeOf(*a), bs = shapeOf(*bm);
  if (as.empty() || bs.empty()) {
    nodeError(node) << "operands must have rank >= 1";
    return failure();
  }
  bool vecA = as.size() == 1, vecB = bs.size() == 1;
  if (vecA)
    as.insert(as.begin(), 1);
  if (vecB)
    bs.push_back(1);
  int64_t m = as[as.size() - 2], k = as.back(), kb = bs[bs.size() - 2],
          nn = bs.back();
  if (k != kb) {
    nodeError(node) << "inner dimensions differ: " << k << " and " << kb;
    return failure();
  }
  SmallVector<int64_t> aBatch(as.begin(), as.end() - 2),
      bBatch(bs.begin(), bs.end() - 2);
  FailureOr<SmallVector<int64_t>> batch =
      broadcastShapes(node, {aBatch, bBatch});
  if (failed(batch))
    return failure();
  int64_t p = product(*batch);
  Value result;
  if (bBatch.empty()) {
    // Fold A's batch dimensions into M: one linalg.matmul.
    Value av = reshape(*a, {p * m, k}, loc);
    Value bv = reshape(*bm, {k, nn}, loc);
    SmallVector<int64_t> outShape = {p * m, nn};
    result = linalg::MatmulOp::create(
                 b, loc, TypeRange{RankedTensorType::get(outShape,
                                                         b.getF32Type())},
                 ValueRange{av, bv}, ValueRange{fill(outShape, 0.0, loc)})
                 .getResult(0);
  } else {
    SmallVector<int64_t> fullA(*batch), fullB(*batch);
    fullA.append({m, k});
    fullB.append({k, nn});
    Value av = broadcastTo(reshape(*a, as, loc), fullA, loc);
    Value bv = broadcastTo(reshape(*bm, bs, loc), fullB, loc);
    av = reshape(av, {p, m, k}, loc);
    bv = reshape(bv, {p, k, nn}, loc);
    SmallVector<int64_t> outShape = {p, m, nn};
    result = linalg::BatchMatmulOp::create(
                 b, loc, TypeRange{RankedTensorType::get(outShape,
                                                         b.getF32Type())},
                 ValueRange{av, bv}, ValueRange{fill(outShape, 0.0, loc)})
                 .getResult(0);
  }
  SmallVector<int64_t> outShape(*batch);
  if (!vecA)
    outShape.push_back(m);
  if (!vecB)
    outShape.push_back(nn);
  return setOutput(node, 0, {reshape(result, outShape, loc), nullptr});
}

/// Folds a binary op on host tensors (shape arithmetic).
static HostTensorPtr foldBinary(StringRef op, const HostTensor &x,
                                const HostTensor &y,
                                ArrayRef<int64_t> outShape) {
  auto r = HostTensor::like(x, outShape);
  int64_t rank = outShape.size();
  SmallVector<int64_t> xStrides = stridesOf(x.shape),
                       yStrides = stridesOf(y.shape);
  SmallVector<int64_t> idx(rank, 0);
  for (int64_t k = 0, n = product(outShape); k < n; ++k) {
    int64_t xi = 0, yi = 0;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t xd = d - (rank - static_cast<int64_t>(x.shape.size()));
      int64_t yd = d - (rank - static_cast<int64_t>(y.shape.size()));
      if (xd >= 0 && x.shape[xd] != 1)
        xi += idx[d] * xStrides[xd];
      if (yd >= 0 && y.shape[yd] != 1)
        yi += idx[d] * yStrides[yd];
    }
    if (r->isFloat()) {
      float a = x.f[xi], c = y.f[yi];
      r->f[k] = op == "Add"   ? a + c
                : op == "Sub" ? a - c
                : op == "Mul" ? a * c
                              : a / c;
    } else {
      int64_t a = x.i[xi], c = y.i[yi];
      r->i[k] = op == "Add"   ? a + c
                : op == "Sub" ? a - c
                : op == "Mul" ? a * c
                : c != 0      ? a / c
                              : 0;
    }
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++idx[d] < outShape[d])
        break;
      idx[d] = 0;
    }
  }
  return r;
}

LogicalResult Importer::importBinary(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0), y = input(node, 1);
  if (failed(x) || failed(y))
    return failure();
  StringRef op = node.op_type();
  bool foldable = llvm::is_contained({"Add", "Sub", "Mul", "Div"}, op);
  if (foldable && x->host && y->host && !x->value && !y->value) {
    if (x->host->dtype != y->host->dtype) {
      nodeError(node) << "operand types differ: " << typeName(x->host->dtype)
                      << " and " << typeName(y->host->dtype);
      return failure();
    }
    if (!x->host->isFloat() && op == "Div" &&
        llvm::is_contained(y->host->i, 0)) {
      nodeError(node) << "integer division by zero";
      return failure();
    }
    FailureOr<SmallVector<int64_t>> out =
        broadcastShapes(node, {x->host->shape, y->host->shape});
    if (failed(out))
      return failure();
    return setOutput(node, 0,
                     {Value(), foldBinary(op, *x->host, *y->host, *out)});
  }
  for (const ImportedValue *v : {&*x, &*y}) {
    Type et = v->value ? typeOf(v->value).getElementType() : Type();
    if ((v->host && !v->host->isFloat()) || (et && !et.isF32())) {
      nodeError(node) << "only f32 operands are supported";
      return failure();
    }
  }
  FailureOr<Value> r = elementwise(
      node, {*x, *y}, [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        if (op == "Add")
          return arith::AddFOp::create(nb, nl, a[0], a[1]);
        if (op == "Sub")
          return arith::SubFOp::create(nb, nl, a[0], a[1]);
        if (op == "Mul")
          return arith::MulFOp::create(nb, nl, a[0], a[1]);
        if (op == "Div")
          return arith::DivFOp::create(nb, nl, a[0], a[1]);
        if (op == "Max")
          return arith::MaximumFOp::create(nb, nl, a[0], a[1]);
        if (op == "Min")
          return arith::MinimumFOp::create(nb, nl, a[0], a[1]);
        return math::PowFOp::create(nb, nl, a[0], a[1]);
      });
  if (failed(r))
    return failure();
  return setOutput(node, 0, {*r, nullptr});
}

LogicalResult Importer::importUnary(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  StringRef op = node.op_type();
  float alpha = 0.2f, beta = 0.5f;
  if (op == "HardSigmoid") {
    FailureOr<float> a = getFloat(node, "alpha", 0.2f),
                     bt = getFloat(node, "beta", 0.5f);
    if (failed(a) || failed(bt))
      return failure();
    alpha = *a;
    beta = *bt;
  } else if (op == "LeakyRelu") {
    FailureOr<float> a = getFloat(node, "alpha", 0.01f);
    if (failed(a))
      return failure();
    alpha = *a;
  }
  if (x->value && !typeOf(x->value).getElementType().isF32()) {
    nodeError(node) << "only f32 operands are supported";
    return failure();
  }
  auto cst = [](OpBuilder &nb, Location nl, double v) -> Value {
    return arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(v));
  };
  /// max(0, min(1, alpha * x + beta)), as ONNX HardSigmoid.
  auto hardSigmoid = [&](OpBuilder &nb, Location nl, Value v, double a,
                         double bb) -> Value {
    Value y = arith::MulFOp::create(nb, nl, v, cst(nb, nl, a));
    y = arith::AddFOp::create(nb, nl, y, cst(nb, nl, bb));
    y = arith::MinimumFOp::create(nb, nl, y, cst(nb, nl, 1.0));
    return arith::MaximumFOp::create(nb, nl, y, cst(nb, nl, 0.0));
  };
  FailureOr<Value> r = elementwise(
      node, {*x}, [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        Value v = a[0];
        if (op == "Relu")
          return arith::MaximumFOp::create(nb, nl, v, cst(nb, nl, 0.0));
        if (op == "LeakyRelu") {
          Value neg = arith::MulFOp::create(nb, nl, v, cst(nb, nl, alpha));
          Value isNeg = arith::CmpFOp::create(nb, nl, arith::CmpFPredicate::OLT,
                                              v, cst(nb, nl, 0.0));
          return arith::SelectOp::create(nb, nl, isNeg, neg, v);
        }
        if (op == "HardSigmoid")
          return hardSigmoid(nb, nl, v, alpha, beta);
        if (op == "HardSwish")
          return arith::MulFOp::create(nb, nl, v,
                                       hardSigmoid(nb, nl, v, 1.0 / 6, 0.5));
        if (op == "Sigmoid") {
          Value e = math::ExpOp::create(nb, nl, arith::NegFOp::create(nb, nl, v));
          Value d = arith::AddFOp::create(nb, nl, cst(nb, nl, 1.0), e);
          return arith::DivFOp::create(nb, nl, cst(nb, nl, 1.0), d);
        }
        if (op == "Tanh")
          return math::TanhOp::create(nb, nl, v);
        if (op == "Exp")
          return math::ExpOp::create(nb, nl, v);
        if (op == "Sqrt")
          return math::SqrtOp::create(nb, nl, v);
        if (op == "Abs")
          return math::AbsFOp::create(nb, nl, v);
        return arith::NegFOp::create(nb, nl, v);
      });
  if (failed(r))
    return failure();
  return setOutput(node, 0, {*r, nullptr});
}

LogicalResult Importer::importClip(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  if (opset < 11) {
    FailureOr<float> mn = getFloat(node, "min", -3.4028234663852886e38f),
                     mx = getFloat(node, "max", 3.4028234663852886e38f);
    if (failed(mn) || failed(mx))
      return failure();
    lo = *mn;
    hi = *mx;
  } else {
    for (int k = 1; k <= 2; ++k) {
      FailureOr<ImportedValue> v = input(node, k, /*optional=*/true);
      if (failed(v))
        return failure();
      if (!v->defined())
        continue;
      if (!v->host || v->host->numElements() != 1 || !v->host->isFloat()) {
        nodeError(node) << (k == 1 ? "min" : "max")
                        << " must be a float scalar known at import time";
        return failure();
      }
      (k == 1 ? lo : hi) = v->host->f[0];
    }
  }
  FailureOr<Value> r = elementwise(
      node, {*x}, [&](OpBuilder &nb, Location nl, ValueRange a) -> Value {
        Value v = a[0];
        if (!std::isinf(lo))
          v = arith::MaximumFOp::create(
              nb, nl, v,
              arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(lo)));
        if (!std::isinf(hi))
          v = arith::MinimumFOp::create(
              nb, nl, v,
              arith::ConstantOp::create(nb, nl, nb.getF32FloatAttr(hi)));
        return v;
      });
  if (failed(r))
    return failure();
  return setOutput(node, 0, {*r, nullptr});
}

LogicalResult Importer::importSoftmax(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> x = input(node, 0);
  FailureOr<int64_t> axis = getInt(node, "axis", opset < 13 ? 1 : -1);
  if (failed(x) || failed(axis))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  int64_t ax = *axis < 0 ? *axis + rank : *axis;
  if (ax < 0 || ax >= std::max<int64_t>(rank, 1)) {
    nodeError(node) << "axis " << *axis << " is out of range for rank "
                    << rank;
    return failure();
  }
  Value v = valueOf(*x, loc);
  // Before opset 13 the input is coerced to 2-D at `axis` and normalized over
  // the second dimension.
  int64_t dim = ax;
  if (opset < 13) {
    int64_t outer = product(ArrayRef<int64_t>(xs).take_front(ax));
    v = reshape(v, {outer, product(xs) / std::max<int64_t>(outer, 1)}, loc);
    dim = 1;
  }
  auto type = typeOf(v);
  int64_t r = type.getRank();
  SmallVector<AffineExpr> reducedExprs;
  for (int64_t d = 0; d < r; ++d)
    if (d != dim)
      reducedExprs.push_back(b.getAffineDimExpr(d));
  AffineMap id = b.getMultiDimIdentityMap(r);
  AffineMap red = AffineMap::get(r, 0, reducedExprs, ctx);
  SmallVector<utils::IteratorType> par(r, utils::IteratorType::parallel);
  Value mx = reduceLastDims(v, dim, /*isMax=*/true, loc);
  Value init = tensor::EmptyOp::create(b, loc, type.getShape(), b.getF32Type());
  Value e = linalg::GenericOp::create(
                b, loc, TypeRange{type}, ValueRange{v, mx}, ValueRange{init},
                ArrayRef<AffineMap>{id, red, id}, par,
                [](OpBuilder &nb, Location nl, ValueRange a) {
                  Value d = arith::SubFOp::create(nb, nl, a[0], a[1]);
                  linalg::YieldOp::create(nb, nl,
                                          Value(math::ExpOp::create(nb, nl, d)));
                })
                .getResult(0);
  Value sum = reduceLastDims(e, dim, /*isMax=*/false, loc);
  Value init2 =
      tensor::EmptyOp::create(b, loc, type.getShape(), b.getF32Type());
  Value y = linalg::GenericOp::create(
                b, loc, TypeRange{type}, ValueRange{e, sum}, ValueRange{init2},
                ArrayRef<AffineMap>{id, red, id}, par,
                [](OpBuilder &nb, Location nl, ValueRange a) {
                  linalg::YieldOp::create(
                      nb, nl, Value(arith::DivFOp::create(nb, nl, a[0], a[1])));
                })
                .getResult(0);
  return setOutput(node, 0, {reshape(y, xs, loc), nullptr});
}

LogicalResult Importer::importTranspose(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  SmallVector<int64_t> dflt;
  for (int64_t d = xs.size() - 1; d >= 0; --d)
    dflt.push_back(d);
  FailureOr<SmallVector<int64_t>> perm = getInts(node, "perm", dflt);
  if (failed(perm))
    return failure();
  SmallVector<int64_t> sorted(*perm);
  llvm::sort(sorted);
  if (sorted != llvm::to_vector(llvm::seq<int64_t>(0, xs.size()))) {
    nodeError(node) << "perm is not a permutation of the " << xs.size()
                    << " dimensions";
    return failure();
  }
  if (x->host && !x->value)
    return setOutput(node, 0, {Value(), transposeHost(*x->host, *perm)});
  return setOutput(node, 0,
                   {transpose(x->value, *perm, nodeLoc(node)), nullptr});
}

/// Flatten, Reshape, Squeeze, Unsqueeze, Identity, Dropout: shape-only ops.
LogicalResult Importer::importReshapeLike(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  StringRef op = node.op_type();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  SmallVector<int64_t> shape;
  if (op == "Identity" || op == "Dropout") {
    if (op == "Dropout" && node.output_size() > 1 && !node.output(1).empty()) {
      nodeError(node) << "the mask output is not supported";
      return failure();
    }
    return setOutput(node, 0, *x);
  }
  if (op == "Flatten") {
    FailureOr<int64_t> axis = getInt(node, "axis", 1);
    if (failed(axis))
      return failure();
    int64_t ax = *axis < 0 ? *axis + rank : *axis;
    if (ax < 0 || ax > rank) {
      nodeError(node) << "axis " << *axis << " is out of range";
      return failure();
    }
    int64_t outer = product(ArrayRef<int64_t>(xs).take_front(ax));
    shape = {outer, product(ArrayRef<int64_t>(xs).drop_front(ax))};
  } else if (op == "Reshape") {
    SmallVector<int64_t> target;
    if (opset < 5) {
      FailureOr<SmallVector<int64_t>> s = getInts(node, "shape");
      if (failed(s))
        return failure();
      target = *s;
    } else {
      FailureOr<HostTensorPtr> s = hostInput(node, 1, "the shape");
      if (failed(s))
        return failure();
      if ((*s)->isFloat() || (*s)->shape.size() != 1) {
        nodeError(node) << "the shape must be a 1-D integer tensor";
        return failure();
      }
      target.assign((*s)->i.begin(), (*s)->i.end());
    }
    FailureOr<int64_t> allowZero = getInt(node, "allowzero", 0);
    if (failed(allowZero))
      return failure();
    int64_t known = 1, inferred = -1;
    for (size_t d = 0; d < target.size(); ++d) {
      int64_t t = target[d];
      if (t == 0 && !*allowZero) {
        if (static_cast<int64_t>(d) >= rank) {
          nodeError(node) << "shape value 0 at " << d
                          << " copies a dimension the input does not have";
          return failure();
        }
        t = xs[d];
      } else if (t == -1) {
        if (inferred >= 0) {
          nodeError(node) << "shape has more than one -1";
          return failure();
        }
        inferred = d;
        shape.push_back(-1);
        continue;
      } else if (t < 0) {
        nodeError(node) << "invalid shape value " << t;
        return failure();
      }
      known *= t;
      shape.push_back(t);
    }
    int64_t total = product(xs);
    if (inferred >= 0) {
      if (known == 0 || total % known != 0) {
        nodeError(node) << "cannot infer the -1 dimension";
        return failure();
      }
      shape[inferred] = total / known;
    }
  } else {
    // Squeeze / Unsqueeze: axes from the attribute (opset < 13) or input 1.
    SmallVector<int64_t> axes;
    if (opset < 13) {
      FailureOr<SmallVector<int64_t>> a = getInts(node, "axes");
      if (failed(a))
        return failure();
      axes = *a;
    } else if (node.input_size() > 1 && !node.input(1).empty()) {
      FailureOr<HostTensorPtr> a = hostInput(node, 1, "axes");
      if (failed(a))
        return failure();
      axes.assign((*a)->i.begin(), (*a)->i.end());
    }
    if (op == "Unsqueeze") {
      int64_t outRank = rank + axes.size();
      SmallVector<bool> isNew(outRank, false);
      for (int64_t a : axes) {
        int64_t ax = a < 0 ? a + outRank : a;
        if (ax < 0 || ax >= outRank || isNew[ax]) {
          nodeError(node) << "invalid axes";
          return failure();
        }
        isNew[ax] = true;
      }
      int64_t src = 0;
      for (int64_t d = 0; d < outRank; ++d)
        shape.push_back(isNew[d] ? 1 : xs[src++]);
    } else {
      SmallVector<bool> drop(rank, false);
      for (int64_t a : axes) {
        int64_t ax = a < 0 ? a + rank : a;
        if (ax < 0 || ax >= rank || xs[ax] != 1) {
          nodeError(node) << "axis " << a << " is not a dimension of size 1";
          return failure();
        }
        drop[ax] = true;
      }
      for (int64_t d = 0; d < rank; ++d)
        if (!(axes.empty() ? xs[d] == 1 : drop[d]))
          shape.push_back(xs[d]);
    }
  }
  if (product(shape) != product(xs)) {
    nodeError(node) << "cannot reshape " << product(xs) << " elements to "
                    << product(shape);
    return failure();
  }
  if (x->host && !x->value) {
    auto r = std::make_shared<HostTensor>(*x->host);
    r->shape = shape;
    return setOutput(node, 0, {Value(), r});
  }
  return setOutput(node, 0, {reshape(x->value, shape, nodeLoc(node)), nullptr});
}

LogicalResult Importer::importShape(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  FailureOr<int64_t> start = getInt(node, "start", 0);
  if (failed(x) || failed(start))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  FailureOr<int64_t> end = getInt(node, "end", rank);
  if (failed(end))
    return failure();
  auto clampAxis = [&](int64_t a) {
    if (a < 0)
      a += rank;
    return std::clamp<int64_t>(a, 0, rank);
  };
  int64_t s = clampAxis(*start), e = clampAxis(*end);
  auto r = std::make_shared<HostTensor>();
  r->dtype = onnx::TensorProto::INT64;
  for (int64_t d = s; d < e; ++d)
    r->i.push_back(xs[d]);
  r->shape = {static_cast<int64_t>(r->i.size())};
  return setOutput(node, 0, {Value(), r});
}

LogicalResult Importer::importSlice(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  int64_t rank = xs.size();
  SmallVector<int64_t> starts, ends, axes, steps;
  if (opset < 10) {
    FailureOr<SmallVector<int64_t>> s = getInts(node, "starts"),
                                    e = getInts(node, "ends"),
                                    a = getInts(node, "axes");
    if (failed(s) || failed(e) || failed(a))
      return failure();
    starts = *s;
    ends = *e;
    axes = *a;
  } else {
    auto read = [&](int k, StringRef what,
                    SmallVector<int64_t> &out) -> LogicalResult {
      if (k >= node.input_size() || node.input(k).empty())
        return success();
      FailureOr<HostTensorPtr> t = hostInput(node, k, what);
      if (failed(t))
        return failure();
      if ((*t)->isFloat()) {
        nodeError(node) << what << " must be integers";
        return failure();
      }
      out.assign((*t)->i.begin(), (*t)->i.end());
      return success();
    };
    if (failed(read(1, "starts", starts)) || failed(read(2, "ends", ends)) ||
        failed(read(3, "axes", axes)) || failed(read(4, "steps", steps)))
      return failure();
  }
  if (axes.empty())
    axes = llvm::to_vector(llvm::seq<int64_t>(0, starts.size()));
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (starts.size() != ends.size() || axes.size() != starts.size() ||
      steps.size() != starts.size()) {
    nodeError(node) << "starts, ends, axes and steps must have equal lengths";
    return failure();
  }
  SmallVector<int64_t> offs(rank, 0), sizes(xs), strides(rank, 1);
  for (size_t k = 0; k < axes.size(); ++k) {
    int64_t ax = axes[k] < 0 ? axes[k] + rank : axes[k];
    if (ax < 0 || ax >= rank || steps[k] == 0) {
      nodeError(node) << "invalid axis or step";
      return failure();
    }
    if (steps[k] < 0) {
      nodeError(node) << "negative steps are not supported";
      return failure();
    }
    int64_t dim = xs[ax];
    auto clampIndex = [&](int64_t v) {
      if (v < 0)
        v += dim;
      return std::clamp<int64_t>(v, 0, dim);
    };
    int64_t s = clampIndex(starts[k]), e = clampIndex(ends[k]);
    offs[ax] = s;
    strides[ax] = steps[k];
    sizes[ax] = e > s ? (e - s + steps[k] - 1) / steps[k] : 0;
  }
  if (x->host && !x->value) {
    const HostTensor &t = *x->host;
    auto r = HostTensor::like(t, sizes);
    SmallVector<int64_t> inStrides = stridesOf(xs);
    SmallVector<int64_t> idx(rank, 0);
    for (int64_t k = 0, n = product(sizes); k < n; ++k) {
      int64_t src = 0;
      for (int64_t d = 0; d < rank; ++d)
        src += (offs[d] + idx[d] * strides[d]) * inStrides[d];
      r->copyElement(k, t, src);
      for (int64_t d = rank - 1; d >= 0; --d) {
        if (++idx[d] < sizes[d])
          break;
        idx[d] = 0;
      }
    }
    return setOutput(node, 0, {Value(), r});
  }
  Location loc = nodeLoc(node);
  auto resultType = RankedTensorType::get(
      sizes, typeOf(x->value).getElementType());
  Value r = tensor::ExtractSliceOp::create(
      b, loc, resultType, x->value, getAsIndexOpFoldResult(ctx, offs),
      getAsIndexOpFoldResult(ctx, sizes), getAsIndexOpFoldResult(ctx, strides));
  return setOutput(node, 0, {r, nullptr});
}

LogicalResult Importer::importConcat(const onnx::NodeProto &node) {
  FailureOr<int64_t> axis = getInt(node, "axis", std::nullopt);
  if (failed(axis))
    return failure();
  SmallVector<ImportedValue> ins;
  for (int k = 0; k < node.input_size(); ++k) {
    FailureOr<ImportedValue> v = input(node, k);
    if (failed(v))
      return failure();
    ins.push_back(*v);
  }
  if (ins.empty()) {
    nodeError(node) << "needs at least one input";
    return failure();
  }
  SmallVector<int64_t> s0 = shapeOf(ins[0]);
  int64_t rank = s0.size();
  int64_t ax = *axis < 0 ? *axis + rank : *axis;
  if (ax < 0 || ax >= rank) {
    nodeError(node) << "axis " << *axis << " is out of range";
    return failure();
  }
  SmallVector<int64_t> out(s0);
  out[ax] = 0;
  for (const ImportedValue &v : ins) {
    SmallVector<int64_t> s = shapeOf(v);
    for (int64_t d = 0; d < rank; ++d)
      if (static_cast<int64_t>(s.size()) != rank || (d != ax && s[d] != s0[d])) {
        nodeError(node) << "input shapes differ outside the axis";
        return failure();
      }
    out[ax] += s[ax];
  }
  bool allHost = llvm::all_of(
      ins, [](const ImportedValue &v) { return v.host && !v.value; });
  if (allHost) {
    for (const ImportedValue &v : ins)
      if (v.host->isFloat() != ins[0].host->isFloat()) {
        nodeError(node) << "inputs have different element types";
        return failure();
      }
    auto r = HostTensor::like(*ins[0].host, out);
    int64_t outer = product(ArrayRef<int64_t>(out).take_front(ax));
    int64_t inner = product(ArrayRef<int64_t>(out).drop_front(ax + 1));
    int64_t k = 0;
    for (int64_t o = 0; o < outer; ++o)
      for (const ImportedValue &v : ins) {
        int64_t chunk = v.host->shape[ax] * inner;
        for (int64_t j = 0; j < chunk; ++j)
          r->copyElement(k++, *v.host, o * chunk + j);
      }
    return setOutput(node, 0, {Value(), r});
  }
  Location loc = nodeLoc(node);
  SmallVector<Value> vals;
  for (const ImportedValue &v : ins)
    vals.push_back(valueOf(v, loc));
  Value r = tensor::ConcatOp::create(b, loc, ax, vals);
  return setOutput(node, 0, {r, nullptr});
}

LogicalResult Importer::importCast(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  FailureOr<int64_t> to = getInt(node, "to", std::nullopt);
  if (failed(x) || failed(to))
    return failure();
  if (x->host && !x->value) {
    if (!isFloatType(*to) && !isIntType(*to)) {
      nodeError(node) << "cast to " << typeName(*to) << " is not supported";
      return failure();
    }
    auto r = std::make_shared<HostTensor>();
    r->dtype = *to == onnx::TensorProto::DOUBLE ? onnx::TensorProto::FLOAT
                                                : static_cast<int>(*to);
    r->shape = x->host->shape;
    int64_t n = x->host->numElements();
    for (int64_t k = 0; k < n; ++k) {
      double v = x->host->at(k);
      if (r->isFloat())
        r->f.push_back(static_cast<float>(v));
      else if (*to == onnx::TensorProto::BOOL)
        r->i.push_back(v != 0);
      else
        r->i.push_back(static_cast<int64_t>(v));
    }
    return setOutput(node, 0, {Value(), r});
  }
  if (*to == onnx::TensorProto::FLOAT &&
      typeOf(x->value).getElementType().isF32())
    return setOutput(node, 0, *x);
  nodeError(node) << "cast of a runtime value to " << typeName(*to)
                  << " is not supported";
  return failure();
}

LogicalResult Importer::importGather(const onnx::NodeProto &node) {
  FailureOr<ImportedValue> x = input(node, 0);
  FailureOr<HostTensorPtr> idx = hostInput(node, 1, "the indices");
  FailureOr<int64_t> axis = getInt(node, "axis", 0);
  if (failed(x) || failed(idx) || failed(axis))
    return failure();
  if (!x->host || x->value) {
    nodeError(node) << "only Gather on constants is supported";
    return failure();
  }
  const HostTensor &t = *x->host;
  int64_t rank = t.shape.size();
  int64_t ax = *axis < 0 ? *axis + rank : *axis;
  if (ax < 0 || ax >= rank || (*idx)->isFloat()) {
    nodeError(node) << "invalid axis or indices";
    return failure();
  }
  SmallVector<int64_t> out(t.shape.begin(), t.shape.begin() + ax);
  out.append((*idx)->shape.begin(), (*idx)->shape.end());
  out.append(t.shape.begin() + ax + 1, t.shape.end());
  auto r = HostTensor::like(t, out);
  int64_t outer = product(ArrayRef<int64_t>(t.shape).take_front(ax));
  int64_t inner = product(ArrayRef<int64_t>(t.shape).drop_front(ax + 1));
  int64_t dim = t.shape[ax], k = 0;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j : (*idx)->i) {
      int64_t jj = j < 0 ? j + dim : j;
      if (jj < 0 || jj >= dim) {
        nodeError(node) << "index " << j << " is out of range";
        return failure();
      }
      for (int64_t in = 0; in < inner; ++in)
        r->copyElement(k++, t, (o * dim + jj) * inner + in);
    }
  return setOutput(node, 0, {Value(), r});
}

LogicalResult Importer::importConstantOfShape(const onnx::NodeProto &node) {
  FailureOr<HostTensorPtr> shape = hostInput(node, 0, "the shape");
  if (failed(shape))
    return failure();
  auto r = std::make_shared<HostTensor>();
  r->dtype = onnx::TensorProto::FLOAT;
  r->shape.assign((*shape)->i.begin(), (*shape)->i.end());
  double v = 0.0;
  if (const onnx::AttributeProto *a = findAttr(node, "value")) {
    FailureOr<HostTensorPtr> t = readTensor(a->t(), nodeLoc(node));
    if (failed(t))
      return failure();
    if ((*t)->numElements() != 1) {
      nodeError(node) << "value must have one element";
      return failure();
    }
    r->dtype = (*t)->dtype;
    v = (*t)->at(0);
  }
  for (int64_t d : r->shape)
    if (d < 0) {
      nodeError(node) << "negative dimension in the shape";
      return failure();
    }
  int64_t n = product(r->shape);
  if (r->isFloat())
    r->f.assign(n, static_cast<float>(v));
  else
    r->i.assign(n, static_cast<int64_t>(v));
  return setOutput(node, 0, {Value(), r});
}

/// The quant type of a QuantizeLinear result / DequantizeLinear input:
/// storage from the zero point's type (u8 when absent), scales from input 1,
/// per tensor or per axis.
FailureOr<Type> Importer::quantTypeFor(const onnx::NodeProto &node,
                                       ArrayRef<int64_t> shape) {
  FailureOr<HostTensorPtr> scale = hostInput(node, 1, "the scale");
  if (failed(scale))
    return failure();
  FailureOr<ImportedValue> zpv = input(node, 2, /*optional=*/true);
  if (failed(zpv))
    return failure();
  if (zpv->defined() && !zpv->host) {
    nodeError(node) << "the zero point (input 2) must be a constant known at "
                       "import time";
    return failure();
  }
  FailureOr<int64_t> axis = getInt(node, "axis", 1);
  FailureOr<int64_t> blockSize = getInt(node, "block_size", 0);
  if (failed(axis) || failed(blockSize))
    return failure();
  if (*blockSize != 0) {
    nodeError(node) << "blocked quantization (block_size) is not supported";
    return failure();
  }
  const HostTensor &s = **scale;
  if (!s.isFloat()) {
    nodeError(node) << "the scale must be float";
    return failure();
  }
  int zdtype = zpv->host ? zpv->host->dtype : onnx::TensorProto::UINT8;
  bool isSigned;
  unsigned width;
  switch (zdtype) {
  case onnx::TensorProto::UINT8:
    isSigned = false;
    width = 8;
    break;
  case onnx::TensorProto::INT8:
    isSigned = true;
    width = 8;
    break;
  case onnx::TensorProto::INT32:
    isSigned = true;
    width = 32;
    break;
  case onnx::TensorProto::UINT16:
    isSigned = false;
    width = 16;
    break;
  case onnx::TensorProto::INT16:
    isSigned = true;
    width = 16;
    break;
  default:
    nodeError(node) << "zero point type " << typeName(zdtype)
                    << " is not supported";
    return failure();
  }
  int64_t qmin = isSigned ? -(int64_t(1) << (width - 1)) : 0;
  int64_t qmax = isSigned ? (int64_t(1) << (width - 1)) - 1
                          : (int64_t(1) << width) - 1;
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  Type storage = b.getIntegerType(width);
  int64_t n = s.numElements();
  if (zpv->host && zpv->host->numElements() != n) {
    nodeError(node) << "scale and zero point have different sizes";
    return failure();
  }
  auto zpAt = [&](int64_t k) -> int64_t {
    return zpv->host ? zpv->host->i[k] : 0;
  };
  for (int64_t k = 0; k < n; ++k)
    if (!(s.f[k] > 0.0f) || !std::isfinite(s.f[k]) || zpAt(k) < qmin ||
        zpAt(k) > qmax) {
      nodeError(node) << "scale " << s.f[k] << " / zero point " << zpAt(k)
                      << " is not valid for " << typeName(zdtype);
      return failure();
    }
  if (n == 1 && s.shape.size() <= 1) {
    return Type(quant::UniformQuantizedType::get(
        flags, storage, b.getF32Type(), s.f[0], zpAt(0), qmin, qmax));
  }
  int64_t rank = shape.size();
  int64_t ax = *axis < 0 ? *axis + rank : *axis;
  if (s.shape.size() != 1 || ax < 0 || ax >= rank || shape[ax] != n) {
    nodeError(node) << "per-axis scale of " << n
                    << " values does not match axis " << *axis;
    return failure();
  }
  SmallVector<double> scales;
  SmallVector<int64_t> zps;
  for (int64_t k = 0; k < n; ++k) {
    scales.push_back(s.f[k]);
    zps.push_back(zpAt(k));
  }
  return Type(quant::UniformQuantizedPerAxisType::get(
      flags, storage, b.getF32Type(), scales, zps, ax, qmin, qmax));
}

LogicalResult Importer::importQuantizeLinear(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  FailureOr<Type> qt = quantTypeFor(node, xs);
  if (failed(qt))
    return failure();
  if (x->host && !x->host->isFloat()) {
    nodeError(node) << "the input must be float";
    return failure();
  }
  Value in = valueOf(*x, loc);
  if (!typeOf(in).getElementType().isF32()) {
    nodeError(node) << "the input must be f32";
    return failure();
  }
  Value r = QuantizeOp::create(
      b, loc, RankedTensorType::get(xs, *qt), in,
      RoundingModeAttr::get(ctx, RoundingMode::HalfToEven));
  return setOutput(node, 0, {r, nullptr});
}

LogicalResult Importer::importDequantizeLinear(const onnx::NodeProto &node) {
  Location loc = nodeLoc(node);
  FailureOr<ImportedValue> x = input(node, 0);
  if (failed(x))
    return failure();
  SmallVector<int64_t> xs = shapeOf(*x);
  FailureOr<Type> qt = quantTypeFor(node, xs);
  if (failed(qt))
    return failure();
  auto qType = RankedTensorType::get(xs, *qt);
  Value q;
  if (x->host && !x->value) {
    if (x->host->isFloat()) {
      nodeError(node) << "the input must be integers";
      return failure();
    }
    auto storage = cast<quant::QuantizedType>(*qt);
    for (int64_t v : x->host->i)
      if (v < storage.getStorageTypeMin() || v > storage.getStorageTypeMax()) {
        nodeError(node) << "value " << v << " is outside the storage range";
        return failure();
      }
    Value ints = materialize(x->host, loc, std::nullopt,
                             storage.getStorageType());
    q = quant::StorageCastOp::create(b, loc, qType, ints);
  } else {
    q = x->value;
    if (q.getType() != qType) {
      nodeError(node) << "the input's quantization " << q.getType()
                      << " differs from this node's " << qType;
      return failure();
    }
  }
  Value r = DequantizeOp::create(
      b, loc, RankedTensorType::get(xs, b.getF32Type()), q);
  return setOutput(node, 0, {r, nullptr});
}

LogicalResult Importer::importNode(const onnx::NodeProto &node) {
  StringRef op = node.op_type();
  if (!node.domain().empty() && node.domain() != "ai.onnx") {
    emitError(nodeLoc(node))
        << "unsupported ONNX operator '" << node.domain() << "." << op
        << "' (node '" << node.name() << "', opset " << opset << ")";
    return failure();
  }
  // Quantized values only flow into DequantizeLinear and shape-only ops;
  // everything else computes in f32.
  if (!llvm::is_contained({"DequantizeLinear", "Shape", "Identity", "Dropout",
                           "Flatten", "Reshape", "Squeeze", "Unsqueeze",
                           "Transpose", "Slice", "Concat", "Cast", "Gather"},
                          op)) {
    for (int k = 0; k < node.input_size(); ++k) {
      auto it = values.find(node.input(k));
      if (it == values.end() || !it->second.value)
        continue;
      Type et = typeOf(it->second.value).getElementType();
      if (!et.isF32()) {
        nodeError(node) << "input " << k << " ('" << node.input(k)
                        << "') has element type " << et
                        << "; only f32 is supported here";
        return failure();
      }
    }
  }
  if (op == "Constant")
    return importConstant(node);
  if (op == "Conv")
    return importConv(node);
  if (op == "MaxPool")
    return importPool(node, /*isMax=*/true);
  if (op == "AveragePool")
    return importPool(node, /*isMax=*/false);
  if (op == "GlobalAveragePool")
    return importGlobalAveragePool(node);
  if (op == "BatchNormalization")
    return importBatchNorm(node);
  if (op == "Gemm")
    return importGemm(node);
  if (op == "MatMul")
    return importMatMul(node);
  if (llvm::is_contained({"Add", "Sub", "Mul", "Div", "Max", "Min", "Pow"},
                         op)) {
    if ((op == "Max" || op == "Min") && node.input_size() != 2) {
      nodeError(node) << "only two operands are supported";
      return failure();
    }
    return importBinary(node);
  }
  if (llvm::is_contained({"Relu", "LeakyRelu", "HardSigmoid", "HardSwish",
                          "Sigmoid", "Tanh", "Exp", "Sqrt", "Abs", "Neg"},
                         op))
    return importUnary(node);
  if (op == "Clip")
    return importClip(node);
  if (op == "Softmax")
    return importSoftmax(node);
  if (op == "Transpose")
    return importTranspose(node);
  if (llvm::is_contained({"Flatten", "Reshape", "Squeeze", "Unsqueeze",
                          "Identity", "Dropout"},
                         op))
    return importReshapeLike(node);
  if (op == "Shape")
    return importShape(node);
  if (op == "Slice")
    return importSlice(node);
  if (op == "Concat")
    return importConcat(node);
  if (op == "Cast")
    return importCast(node);
  if (op == "Gather")
    return importGather(node);
  if (op == "ConstantOfShape")
    return importConstantOfShape(node);
  if (op == "QuantizeLinear")
    return importQuantizeLinear(node);
  if (op == "DequantizeLinear")
    return importDequantizeLinear(node);
  emitError(nodeLoc(node)) << "unsupported ONNX operator '" << op
                           << "' (node '" << node.name() << "', opset "
                           << opset << ")";
  return failure();
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::importModel(const onnx::ModelProto &model) {
  Location fileLoc = FileLineColLoc::get(ctx, fileName, 0, 0);
  bool haveOpset = false;
  for (const onnx::OperatorSetIdProto &o : model.opset_import())
    if (o.domain().empty() || o.domain() == "ai.onnx") {
      opset = o.version();
      haveOpset = true;
    }
  if (!haveOpset) {
    emitError(fileLoc) << "the model imports no version of the default ONNX "
                          "operator set";
    return nullptr;
  }
  const onnx::GraphProto &graph = model.graph();

  // Initializers are constants, also when they are listed as inputs too.
  for (const onnx::TensorProto &t : graph.initializer()) {
    FailureOr<HostTensorPtr> h =
        readTensor(t, NameLoc::get(StringAttr::get(ctx, t.name()), fileLoc));
    if (failed(h))
      return nullptr;
    values[t.name()] = {Value(), *h};
  }

  // Function inputs.
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  llvm::StringSet<> used;
  for (const onnx::ValueInfoProto &in : graph.input()) {
    if (values.count(in.name()))
      continue;
    Location loc = NameLoc::get(StringAttr::get(ctx, in.name()), fileLoc);
    if (!in.type().has_tensor_type()) {
      emitError(loc) << "input '" << in.name() << "' is not a tensor";
      return nullptr;
    }
    const onnx::TypeProto_Tensor &tt = in.type().tensor_type();
    if (tt.elem_type() != onnx::TensorProto::FLOAT) {
      emitError(loc) << "input '" << in.name() << "' has element type "
                     << typeName(tt.elem_type())
                     << "; only FLOAT inputs are supported";
      return nullptr;
    }
    const SmallVector<int64_t> *given = nullptr;
    for (const auto &[name, dims] : options.inputShapes)
      if (name == in.name()) {
        given = &dims;
        used.insert(name);
      }
    SmallVector<int64_t> shape;
    if (!tt.has_shape()) {
      if (!given) {
        emitError(loc) << "input '" << in.name()
                       << "' has no shape; give it with "
                          "--onnx-input-shapes="
                       << in.name() << ":<d0>x<d1>...";
        return nullptr;
      }
      shape = *given;
    } else {
      int rank = tt.shape().dim_size();
      if (given && static_cast<int>(given->size()) != rank) {
        emitError(loc) << "input '" << in.name() << "' has rank " << rank
                       << " but --onnx-input-shapes gives " << given->size()
                       << " dimensions";
        return nullptr;
      }
      for (int d = 0; d < rank; ++d) {
        const onnx::TensorShapeProto_Dimension &dim = tt.shape().dim(d);
        bool isStatic = dim.has_dim_value() && dim.dim_value() > 0;
        if (given) {
          if (isStatic && dim.dim_value() != (*given)[d]) {
            emitError(loc) << "input '" << in.name() << "' dimension " << d
                           << " is " << dim.dim_value()
                           << " in the model, not " << (*given)[d];
            return nullptr;
          }
          shape.push_back((*given)[d]);
        } else if (isStatic) {
          shape.push_back(dim.dim_value());
        } else {
          emitError(loc) << "input '" << in.name() << "' has dynamic dimension "
                         << d
                         << (dim.has_dim_param()
                                 ? " ('" + dim.dim_param() + "')"
                                 : std::string())
                         << "; fix it with --onnx-input-shapes="
                         << in.name() << ":<d0>x<d1>...";
          return nullptr;
        }
      }
    }
    argTypes.push_back(RankedTensorType::get(shape, b.getF32Type()));
    argNames.push_back(in.name());
  }
  for (const auto &[name, dims] : options.inputShapes)
    if (!used.contains(name)) {
      emitError(fileLoc) << "--onnx-input-shapes names '" << name
                         << "', which is not an input of the model";
      return nullptr;
    }

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, fileLoc, options.functionName,
                                   b.getFunctionType(argTypes, {}));
  Block *entry = func.addEntryBlock();
  for (auto [k, name] : llvm::enumerate(argNames))
    values[name] = {entry->getArgument(k), nullptr};
  b.setInsertionPointToEnd(entry);

  for (const onnx::NodeProto &node : graph.node())
    if (failed(importNode(node)))
      return nullptr;

  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &out : graph.output()) {
    auto it = values.find(out.name());
    Location loc = NameLoc::get(StringAttr::get(ctx, out.name()), fileLoc);
    if (it == values.end()) {
      emitError(loc) << "output '" << out.name() << "' is never computed";
      return nullptr;
    }
    Value v = valueOf(it->second, loc);
    // The model's declared static dimensions must agree with ours.
    if (out.type().has_tensor_type() && out.type().tensor_type().has_shape()) {
      const auto &shape = out.type().tensor_type().shape();
      auto type = typeOf(v);
      if (shape.dim_size() != type.getRank()) {
        emitError(loc) << "output '" << out.name() << "' has rank "
                       << type.getRank() << ", the model declares "
                       << shape.dim_size();
        return nullptr;
      }
      for (int d = 0; d < shape.dim_size(); ++d)
        if (shape.dim(d).has_dim_value() && shape.dim(d).dim_value() > 0 &&
            shape.dim(d).dim_value() != type.getDimSize(d)) {
          emitError(loc) << "output '" << out.name() << "' dimension " << d
                         << " is " << type.getDimSize(d)
                         << ", the model declares "
                         << shape.dim(d).dim_value();
          return nullptr;
        }
    }
    results.push_back(v);
  }
  func::ReturnOp::create(b, fileLoc, results);
  func.setFunctionType(
      b.getFunctionType(argTypes, ValueRange(results).getTypes()));

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace

//===----------------------------------------------------------------------===//
// Public API
//===----------------------------------------------------------------------===//

bool mlir::quantx::parseONNXInputShapes(StringRef spec,
                                        ONNXImportOptions &options,
                                        std::string &error) {
  SmallVector<StringRef> items;
  spec.split(items, ',', -1, /*KeepEmpty=*/false);
  for (StringRef item : items) {
    auto [name, dims] = item.trim().rsplit(':');
    if (name.empty() || dims.empty()) {
      error = "expected name:d0xd1x..., got '" + item.str() + "'";
      return false;
    }
    SmallVector<int64_t> shape;
    SmallVector<StringRef> parts;
    dims.split(parts, 'x');
    for (StringRef p : parts) {
      int64_t d;
      if (p.getAsInteger(10, d) || d <= 0) {
        error = "invalid dimension '" + p.str() + "' for input '" +
                name.str() + "'";
        return false;
      }
      shape.push_back(d);
    }
    options.inputShapes.push_back({name.str(), shape});
  }
  return true;
}

void mlir::quantx::registerONNXImportDialects(DialectRegistry &registry) {
  registry.insert<arith::ArithDialect, func::FuncDialect,
                  linalg::LinalgDialect, math::MathDialect,
                  quant::QuantDialect, tensor::TensorDialect,
                  QuantxDialect>();
}

OwningOpRef<ModuleOp>
mlir::quantx::importONNXModel(StringRef bytes, StringRef fileName,
                              MLIRContext *context,
                              const ONNXImportOptions &options) {
  DialectRegistry registry;
  registerONNXImportDialects(registry);
  context->appendDialectRegistry(registry);
  context->loadDialect<arith::ArithDialect, func::FuncDialect,
                       linalg::LinalgDialect, math::MathDialect,
                       quant::QuantDialect, tensor::TensorDialect,
                       QuantxDialect>();
  onnx::ModelProto model;
  if (bytes.size() > static_cast<size_t>(std::numeric_limits<int>::max()) ||
      !model.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    emitError(FileLineColLoc::get(context, fileName, 0, 0))
        << "cannot parse the file as an ONNX model (ModelProto)";
    return nullptr;
  }
  if (!model.has_graph()) {
    emitError(FileLineColLoc::get(context, fileName, 0, 0))
        << "the ONNX model has no graph";
    return nullptr;
  }
  Importer importer(context, fileName, options);
  return importer.importModel(model);
}

void mlir::quantx::registerImportONNXTranslation() {
  static llvm::cl::opt<std::string> inputShapes(
      "onnx-input-shapes",
      llvm::cl::desc("Shapes of the model's inputs, fixing dynamic "
                     "dimensions: name:d0xd1x...[,name2:...]"),
      llvm::cl::init(""));
  static llvm::cl::opt<std::string> functionName(
      "onnx-function-name",
      llvm::cl::desc("Name of the imported function (default: main)"),
      llvm::cl::init("main"));
  static TranslateToMLIRRegistration registration(
      "import-onnx", "Import an ONNX model (ModelProto) as level-1 quantx IR",
      [](llvm::SourceMgr &sourceMgr, MLIRContext *context)
          -> OwningOpRef<Operation *> {
        ONNXImportOptions options;
        options.functionName = functionName;
        std::string error;
        const llvm::MemoryBuffer *buffer =
            sourceMgr.getMemoryBuffer(sourceMgr.getMainFileID());
        if (!parseONNXInputShapes(inputShapes, options, error)) {
          emitError(UnknownLoc::get(context))
              << "--onnx-input-shapes: " << error;
          return nullptr;
        }
        OwningOpRef<ModuleOp> module = importONNXModel(
            buffer->getBuffer(), buffer->getBufferIdentifier(), context,
            options);
        return OwningOpRef<Operation *>(module.release());
      },
      [](DialectRegistry &registry) { registerONNXImportDialects(registry); });
}
