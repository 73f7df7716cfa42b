// REQUIRES: numpy
// RUN: %python %oracles/codebook_lut.py --mlir %t.mlir --expected %t.expected --tol %t.tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="codebook-x86=1 codebook-portable-lookups=1" | %run_main > %t.portable
// RUN: %python %oracles/compare.py %t.portable %t.expected --bits=f32 --tol=%t.tol

// The kernel of convert-quantx-to-x86 with its byte lookups lowered element
// by element (codebook-portable-lookups=1), so that it runs on any CPU: the
// same cases and bound as codebook-matmul-x86.mlir (numpy's float64 x @ W,
// test/lib/oracles/codebook_lut.py), which on AVX-512 VBMI CPUs also checks
// that vpermb/vpermi2b give these bits exactly.
