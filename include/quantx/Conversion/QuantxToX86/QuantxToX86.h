//===- QuantxToX86.h - x86 fast lowerings of quantx ops ---------*- C++ -*-===//
//
// Target-specific lowerings that replace the reference semantics of
// convert-quantx-to-linalg where x86 has a much better instruction sequence.
// Today: quantx.codebook_matmul for small M with in-register table lookups
// (AVX-512 VBMI vpermb / vpermi2b).
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_CONVERSION_QUANTXTOX86_QUANTXTOX86_H
#define QUANTX_CONVERSION_QUANTXTOX86_QUANTXTOX86_H

#include <cstdint>

namespace mlir {
class RewritePatternSet;

namespace quantx {

/// Options of the codebook_matmul lowering (and of convert-quantx-to-x86).
struct CodebookX86Options {
  /// The largest M (activation rows) lowered; larger M stays for the
  /// reference lowering (or a GEMM route).
  int64_t maxRows = 16;
  /// Blocks whose tables share one scale and one int16 accumulator before it
  /// is flushed to f32 (at most 258 for 8-bit tables, so that 127 * blocks
  /// fits int16; at most 128 for 16-bit tables, whose unsigned low bytes sum
  /// to 255 * blocks).
  int64_t groupBlocks = 32;
  /// 8: int8 tables, one byte lookup per block (error per lookup at most
  /// max |T| / 254); 16: int16 tables as two byte planes, two lookups per
  /// block (error at most max |T| / 65534).
  int64_t tableBits = 8;
};

/// Rewrites quantx.codebook_matmul ops with static shapes, M <= maxRows, at
/// most 256 centroids (i8 codes) and any N (padded to a multiple of 64 with
/// code 0, the padding's outputs dropped) into tensor-level
/// scf loops over vector ops and `llvm.call_intrinsic` calls of
/// `quantx.byte_lookup` (lowered later by the patterns below):
/// per activation row, f32 tables of the dot products of each activation
/// block with every centroid, quantized to int8 with one scale per group of
/// `groupBlocks` blocks; then, per 64 outputs, the 64 codes of a block index
/// its table held in 1, 2 or 4 zmm registers (C <= 64, 128, 256), the bytes
/// are summed in int16 and flushed to f32 times the group's scale. The
/// result needs AVX-512 BW and VBMI at run time. Other codebook_matmul ops
/// are left alone. Run before bufferization.
void populateQuantxToX86CodebookPatterns(RewritePatternSet &patterns,
                                         const CodebookX86Options &options);

/// quantx.byte_lookup as AVX-512 VBMI intrinsic calls
/// (`llvm.x86.avx512.permvar.qi.512`, `llvm.x86.avx512.vpermi2var.qi.512`,
/// and a select on the indices' top bit for 256 entries). The calls have
/// unknown memory effects for MLIR, so run this after bufferization and
/// buffer deallocation.
void populateQuantxByteLookupToX86Patterns(RewritePatternSet &patterns);

/// quantx.byte_lookup one element at a time with vector.extract/insert: the
/// reference semantics, for any target.
void populateQuantxByteLookupPortablePatterns(RewritePatternSet &patterns);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOX86_QUANTXTOX86_H
