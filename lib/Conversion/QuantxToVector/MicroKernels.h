//===- MicroKernels.h - kernel functions of convert-quantx-to-vector ------===//
//
// Internal to the QuantxToVector library: the description of a packed int8
// GEMM (matmul or implicit-GEMM convolution) and of a weight-only sub-byte
// matmul, the compile-time packing, and the emitters that write the kernel
// functions.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_LIB_CONVERSION_QUANTXTOVECTOR_MICROKERNELS_H
#define QUANTX_LIB_CONVERSION_QUANTXTOVECTOR_MICROKERNELS_H

#include "quantx/Conversion/QuantxToVector/QuantxToVector.h"
#include "quantx/Dialect/Quantx/IR/QuantxEnums.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <optional>

namespace mlir {
namespace quantx {
namespace detail {

/// Register tile and data layout of the int8 GEMM micro-kernel for one ISA.
struct Int8IsaParams {
  CpuIsa isa;
  int64_t lanes; ///< i32 lanes of one accumulator vector.
  int64_t group; ///< K elements consumed by one dot instruction per lane.
  int64_t mr;    ///< Rows of the register tile.
  int64_t nrv;   ///< Accumulator vectors per row (columns = nrv * lanes).
  int64_t mrRowSum; ///< Rows when per-row sums are also accumulated.
  bool wideB;    ///< Packed weights are i16 (pre-extended) rather than i8.

  int64_t nr() const { return nrv * lanes; }
};

Int8IsaParams getInt8IsaParams(CpuIsa isa);

/// Geometry of an implicit-GEMM convolution over an NHWC input, flattened.
/// The kernel reads a copy of the input padded spatially with the zero point
/// and on the channels to a multiple of the dot group, which it builds
/// itself (into a buffer it allocates) unless nothing needs padding. GEMM
/// row m is output pixel (n, oh, ow); the reduction runs over (kh, kw, c)
/// with c fastest.
struct ConvGeometry {
  int64_t h, w, c;        ///< input extents (the kernel's argument)
  int64_t padTop, padLeft; ///< spatial padding before the input
  int64_t hp, wp, cp;     ///< padded input extents
  int64_t oh, ow;         ///< output extents
  int64_t kh, kw;         ///< filter extents
  int64_t sh, sw, dh, dw; ///< strides and dilations
  int64_t padByte = 0;    ///< the zero point as a storage byte
  /// When nonzero, K holds per filter row the kw * c values of the row
  /// padded to `rowK` (a multiple of the group) rather than kw pixels of cp
  /// channels: cp = c, and a row's last group reads up to rowK - kw * c
  /// bytes past its pixels, which meet zero weights.
  int64_t rowK = 0;

  /// Bytes after the padded input that a reduction may read.
  int64_t slack() const { return rowK ? rowK - kw * c : 0; }
  /// Whether the kernel reads a padded copy rather than its argument.
  bool needsPadding() const {
    return hp != h || wp != w || cp != c || slack() != 0;
  }
};

/// Emits, at `b`'s insertion point, the zero-point padding of a convolution
/// input: `padded` (memref<?xi8>, images * hp * wp * cp + g.slack() bytes)
/// is filled with `g.padByte` by 64-byte stores, then each row of the NHWC
/// `input`
/// (memref<?xi8>, images * h * w * c bytes) is copied to its place with
/// 64-byte vectors (the last one overlapping the previous one; pixel by
/// pixel when cp != c).
void emitZeroPointPadding(OpBuilder &b, Location loc, Value input,
                          Value padded, Value images, const ConvGeometry &g);

/// Emits the function `name` in `module`:
///   (input: memref<?xi8>, out: memref<images x hp x wp x cp x i8>)
/// (images may be dynamic) writing the padded copy of the flattened NHWC
/// input into `out` by emitZeroPointPadding, with the target features of
/// `isa`. Returns the function.
func::FuncOp emitPaddingKernel(OpBuilder &b, ModuleOp module, Location loc,
                               StringRef name, const ConvGeometry &g,
                               int64_t images, CpuIsa isa);

/// The fused requantize epilogue: per-tensor (one value) or per-column (N
/// values) parameters, as quantx.requantize defines them.
struct RequantEpilogue {
  RoundingMode mode;
  SmallVector<int64_t> multiplier, shift, outputZeroPoint;
  int64_t qmin, qmax;
  IntegerType storage;
};

/// Everything the int8 GEMM emitter needs. The computed value is
///   out[m, n] = epilogue(bias'[n] + sum_k A'[m, k] * B'[k, n]
///                        - zb'[n] * sum_k A'[m, k])
/// with A' = the activation bytes (xor 0x80 when `flipA`), B' the packed
/// weights and bias' the bias with every zero-point correction folded in.
struct Int8GemmSpec {
  Int8IsaParams params;
  int64_t m = ShapedType::kDynamic; ///< rows (output pixels), or dynamic
  int64_t k = 0;  ///< reduction length (conv: kh * kw * cp)
  int64_t n = 0;  ///< columns
  int64_t kgroups = 0; ///< ceil(k / group)
  std::optional<ConvGeometry> conv;
  bool flipA = false;
  bool rowSums = false; ///< some zb'[n] != 0
  /// [panels][kgroups][nrv * lanes * group] of i8 (or i16 when wideB).
  DenseElementsAttr packedB;
  /// [panels * nr] i32: bias' (constant part).
  DenseElementsAttr biasEff;
  /// [panels * nr] i32: zb' (only when rowSums).
  DenseElementsAttr zbPrime;
  /// The kernel takes a runtime bias (memref<panels*nr x i32>, zero-padded)
  /// that it adds to bias'.
  bool runtimeBias = false;
  std::optional<RequantEpilogue> requant;
  Type outElement; ///< i32, or the requantize storage type

  int64_t panels() const { return (n + params.nr() - 1) / params.nr(); }
};

/// Packs the weights of a GEMM and folds the zero-point corrections:
/// `b` holds the K x N weight storage values (row-major, K = `spec.k`, padded
/// rows already in place for convolutions), `zb` the weight zero points (1 or
/// N), `bias` the constant bias (N values, or empty), `za` the activation zero
/// point and `bUnsigned` whether the weight storage is unsigned. Fills
/// packedB, biasEff, zbPrime and rowSums of `spec`.
void packInt8Weights(Int8GemmSpec &spec, MLIRContext *ctx,
                     ArrayRef<int64_t> b, ArrayRef<int64_t> zb,
                     ArrayRef<int64_t> bias, int64_t za, int64_t kFormula);

/// Emits the kernel function `name` in `module`:
///   (A: memref<?xi8>, [bias: memref<panels*nr x i32>,]
///    out: memref<? x N x outElement>)
/// where A is the activation matrix (M x K row-major) or the (unpadded)
/// NHWC input, flattened; M = dim(out, 0). Returns the function.
func::FuncOp emitInt8GemmKernel(OpBuilder &b, ModuleOp module, Location loc,
                                StringRef name, const Int8GemmSpec &spec,
                                unsigned numThreads);

/// A weight-only matmul out = init + x * dequantize(w), x: M x K f32, w:
/// K x N constant codes of 2, 4 or 8 bits with per-tensor or per-column
/// (along N) scales and zero points. Computed as
///   out[m, n] = init[m, n] + s[n] * (sum_k x[m, k] * q'[k, n]
///                                    - z'[n] * sum_k x[m, k])
/// where q' are the packed codes (sub-byte signed codes shifted by
/// 2^(bits-1) to be unsigned, z' shifted alike).
struct WeightOnlySpec {
  CpuIsa isa;
  int64_t m = ShapedType::kDynamic, k = 0, n = 0;
  unsigned bits = 4;
  bool signedCodes = false; ///< 8-bit signed codes (sign-extended)
  int64_t lanes = 16;       ///< f32 lanes of a vector
  int64_t nrv = 4;          ///< vectors per panel (columns = nrv * lanes)
  int64_t mr = 4;           ///< rows of the register tile
  /// [panels][k][nr * bits / 8] bytes: chunk c of `lanes` bytes holds, in
  /// bits [j * bits, (j + 1) * bits) of byte l, column
  /// c * lanes * 8 / bits + j * lanes + l of the panel.
  DenseElementsAttr packed;
  /// [panels * nr] f32 scales, and z' (null when all zero, or when
  /// codeTable holds it).
  DenseElementsAttr scales, zeroPoints;
  /// Sub-byte codes become f32 through a 16-entry table of code - z' in
  /// one register (vpermps, AVX-512 only) instead of a conversion; set when
  /// every column has the same z' (tableZero), which the table then folds.
  bool codeTable = false;
  float tableZero = 0.0f;
  /// 4-bit table codes (AVX-512) packed two rows at a time instead:
  /// [panels][ceil(k / 2)][64] bytes, 32-bit lane l holding the 8 codes of
  /// rows 2p + t and columns j * 16 + l (j < 4) at bits 4 * (4t + j).
  bool pairRows = false;

  int64_t nr() const { return nrv * lanes; }
  int64_t panels() const { return (n + nr() - 1) / nr(); }
};

/// Register tile and vector width of the weight-only kernel for `isa`.
void setWeightOnlyParams(WeightOnlySpec &spec, CpuIsa isa);

/// Packs the K x N storage values `w` (signed or not per `isSigned`) with
/// their scales and zero points (1 or N each) into `spec`.
void packWeightOnly(WeightOnlySpec &spec, MLIRContext *ctx,
                    ArrayRef<int64_t> w, bool isSigned,
                    ArrayRef<double> scales, ArrayRef<int64_t> zeroPoints);

/// Emits (x: memref<? x K x f32>, init: memref<? x N x f32>,
/// out: memref<M x N x f32>) computing out = init + x * dequantize(w).
func::FuncOp emitWeightOnlyKernel(OpBuilder &b, ModuleOp module, Location loc,
                                  StringRef name, const WeightOnlySpec &spec,
                                  unsigned numThreads);

} // namespace detail
} // namespace quantx
} // namespace mlir

#endif // QUANTX_LIB_CONVERSION_QUANTXTOVECTOR_MICROKERNELS_H
