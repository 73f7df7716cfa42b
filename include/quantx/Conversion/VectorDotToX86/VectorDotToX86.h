//===- VectorDotToX86.h - integer dot products to x86 -----------*- C++ -*-===//
//
// Lowers the integer dot-product contractions that the fast CPU kernels are
// written with to the x86 instructions that compute them exactly:
// `vpdpbusd` (AVX-512 VNNI, AVX-VNNI) and `vpmaddwd` (AVX2, AVX-512BW).
// Upstream's x86vector covers `vpdpbssd` (AVX-VNNI-INT8) and BF16 only.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_CONVERSION_VECTORDOTTOX86_VECTORDOTTOX86_H
#define QUANTX_CONVERSION_VECTORDOTTOX86_VECTORDOTTOX86_H

namespace mlir {
class RewritePatternSet;

namespace quantx {

/// Rewrites `vector.contract` ops of the form
///
///   acc[l] + sum_g ext(lhs[l, g]) * ext(rhs[l, g])   (kind add, maps
///   (l, g) -> (l, g), (l, g) -> (l, g), (l, g) -> (l), i32 accumulator)
///
/// into `llvm.call_intrinsic` of
///  * `llvm.x86.avx512.vpdpbusd.{512,256}` for 4 x i8 groups, one operand
///    zero-extended and the other sign-extended (16 lanes need
///    `+avx512vnni`; 8 lanes `+avxvnni`, or `+avx512vnni` with `+avx512vl`);
///  * `llvm.x86.avx2.pmadd.wd` / `llvm.x86.avx512.pmaddw.d.512` plus an add
///    for 2 x i16 groups, both sign-extended (`+avx2` / `+avx512bw`);
/// when the `target_features` of the enclosing function provide them. Both
/// instructions compute exactly this integer formula (32-bit wrap-around,
/// no saturation), so the rewrite is bit-exact. Other contractions are left
/// to upstream's lowering.
void populateVectorDotToX86Patterns(RewritePatternSet &patterns);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_VECTORDOTTOX86_VECTORDOTTOX86_H
