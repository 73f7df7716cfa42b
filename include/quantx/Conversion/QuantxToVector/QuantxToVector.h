//===- QuantxToVector.h - fast CPU kernels for quantx -----------*- C++ -*-===//
//
// The fast CPU lowering of the integer kernels: quantx.qmatmul and
// quantx.qconv2d (with a following quantx.requantize fused as the epilogue)
// and weight-only sub-byte matmuls (quantx.dequantize of constant i4/i2
// weights feeding linalg.matmul) become calls to generated micro-kernel
// functions written in `scf` + `vector` + `llvm.call_intrinsic` on memrefs,
// with the constant weights packed at compile time. See docs/Passes.md and
// docs/Rationale.md.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_CONVERSION_QUANTXTOVECTOR_QUANTXTOVECTOR_H
#define QUANTX_CONVERSION_QUANTXTOVECTOR_QUANTXTOVECTOR_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace mlir {
class RewritePatternSet;

namespace quantx {

/// The instruction set a fast kernel is generated for. Each level implies the
/// ones before it on the CPUs that have it, but the kernels only use what
/// they name:
///  * `Generic`: target-independent `vector` arithmetic (any CPU LLVM knows);
///  * `Avx2`: 256-bit `vpmaddwd` on operands widened to 16 bits (exact:
///    `vpmaddubsw` saturates and is never used);
///  * `AvxVnni`: 256-bit VEX `vpdpbusd` (AVX-VNNI);
///  * `Avx512Vnni`: 512-bit EVEX `vpdpbusd` (AVX-512 VNNI).
enum class CpuIsa { Generic, Avx2, AvxVnni, Avx512Vnni };

/// The option spelling of `isa`: generic, avx2, avx-vnni, avx512-vnni.
llvm::StringRef stringifyCpuIsa(CpuIsa isa);

/// Parses an option spelling; `host` becomes `getHostCpuIsa()`.
std::optional<CpuIsa> parseCpuIsa(llvm::StringRef name);

/// The best ISA the machine running the compiler supports, from LLVM's host
/// CPU feature detection (never from the CPU's name).
CpuIsa getHostCpuIsa();

/// The LLVM target features a kernel for `isa` needs (set on the generated
/// functions as `target_features`, so that they compile right whatever the
/// module's default target is).
llvm::SmallVector<std::string> getCpuIsaTargetFeatures(CpuIsa isa);

/// Options of the fast CPU kernels.
struct QuantxToVectorOptions {
  CpuIsa isa = CpuIsa::Generic;
  /// 1: sequential. More: the outer loop over column panels is an
  /// `scf.parallel`, which the pipeline turns into OpenMP.
  unsigned numThreads = 1;
};

/// Patterns that rewrite, at the tensor level and on quantized types:
///  * `quantx.requantize(quantx.qmatmul(a, w, bias))` (requantize per tensor
///    or per channel along N, any rounding mode) and a `quantx.qmatmul`
///    alone, with `w` a constant of at most 8-bit storage and `a` of 8-bit
///    storage;
///  * `quantx.requantize(quantx.qconv2d(...))` and `quantx.qconv2d` alone,
///    NHWC, groups = 1, constant filter;
///  * `linalg.matmul(x, quantx.dequantize(w))` with `w` a constant of i4, u4,
///    i2 or u2 storage (per tensor, or per channel along N), f32;
/// into a call to a generated kernel function (bufferization.to_buffer /
/// to_tensor around it). Ops they do not handle are left alone for
/// `convert-quantx-to-linalg`; `-debug-only=convert-quantx-to-vector` says
/// why.
void populateQuantxToVectorPatterns(RewritePatternSet &patterns,
                                    const QuantxToVectorOptions &options);

} // namespace quantx
} // namespace mlir

#endif // QUANTX_CONVERSION_QUANTXTOVECTOR_QUANTXTOVECTOR_H
