// REQUIRES: cuda-runtime, cuda-device, numpy
// RUN: %python %oracles/qkernels.py conv --mlir %t.mlir --expected %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main > %t.gpu
// RUN: %python %oracles/compare.py %t.gpu %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.cpu
// RUN: grep -v "Unranked Memref" %t.cpu > %t.cpu.data
// RUN: grep -v "Unranked Memref" %t.gpu > %t.gpu.data
// RUN: diff %t.cpu.data %t.gpu.data

/// The CPU suite's qconv2d cases on the GPU (im2col + GEMM kernels for the
/// static 8-bit ones, the generic kernels otherwise), exact against the
/// numpy oracle and the CPU reference.
