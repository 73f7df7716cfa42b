// REQUIRES: cuda-runtime, cuda-device
// RUN: quantx-opt %S/Inputs/fused-gemm.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.cpu
// RUN: quantx-opt %S/Inputs/fused-gemm.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main > %t.gpu
// RUN: quantx-opt %S/Inputs/fused-gemm.mlir --quantx-lower-to-nvvm-pipeline="kernel=dp4a" | %run_gpu_main > %t.dp4a
// RUN: quantx-opt %S/Inputs/fused-gemm.mlir --quantx-lower-to-nvvm-pipeline="tile-m=32 tile-n=32 tile-k=64 warps-m=1 warps-n=2" | %run_gpu_main > %t.tiles
// RUN: grep -v "Unranked Memref" %t.cpu > %t.cpu.data
// RUN: grep -v "Unranked Memref" %t.gpu > %t.gpu.data
// RUN: grep -v "Unranked Memref" %t.dp4a > %t.dp4a.data
// RUN: grep -v "Unranked Memref" %t.tiles > %t.tiles.data
// RUN: diff %t.cpu.data %t.gpu.data
// RUN: diff %t.cpu.data %t.dp4a.data
// RUN: diff %t.cpu.data %t.tiles.data
// RUN: FileCheck %s < %t.gpu

/// The GEMM kernels with the requantize in their epilogue (tensor cores,
/// dp4a, another tiling) against the reference lowering on the CPU: the
/// integers must be identical.

// CHECK-COUNT-4: data =
