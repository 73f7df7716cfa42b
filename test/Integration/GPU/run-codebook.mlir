// REQUIRES: cuda-runtime, cuda-device, numpy
// RUN: %python %oracles/codebook.py matmul --mlir %t.mlir --expected %t.expected --tol %t.tol
// RUN: quantx-opt %t.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main > %t.gpu
// RUN: %python %oracles/compare.py %t.gpu %t.expected --bits=f32 --tol=%t.tol

/// The CPU suite's codebook_matmul cases (test/Integration/CPU/codebook-matmul.mlir:
/// d in {4, 8, 9, 16} x C in {16, 256, 4096}, i8 and i16 codes with index
/// 255, product quantization, f16 centroids, M = 1, a dynamic M) on the
/// GPU's shared-memory table kernel, and the dequantize-then-matmul route on
/// the generic kernels, against numpy's float64 product; tolerance 1e-5 *
/// sum_k |x||W| per element, as on the CPU.
