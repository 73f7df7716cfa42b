// REQUIRES: cuda-runtime, cuda-device, numpy
// RUN: %python %oracles/qkernels.py matmul --mlir %t.mlir --expected %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main > %t.gpu
// RUN: %python %oracles/compare.py %t.gpu %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-nvvm-pipeline="kernel=dp4a" | %run_gpu_main > %t.dp4a
// RUN: %python %oracles/compare.py %t.dp4a %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.cpu
// RUN: grep -v "Unranked Memref" %t.cpu > %t.cpu.data
// RUN: grep -v "Unranked Memref" %t.gpu > %t.gpu.data
// RUN: diff %t.cpu.data %t.gpu.data

/// The CPU suite's qmatmul cases (test/Integration/CPU/qmatmul.mlir) on the
/// GPU: 8-bit cases on the tensor-core and dp4a kernels, the others on the
/// generic kernels; exact against the numpy oracle and the CPU reference.
