// REQUIRES: cuda-runtime, cuda-device
// RUN: quantx-opt %S/../CPU/quantize-rounding.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main | FileCheck %S/../CPU/quantize-rounding.mlir
// RUN: quantx-opt %S/../CPU/dequantize.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main | FileCheck %S/../CPU/dequantize.mlir
// RUN: quantx-opt %S/../CPU/requantize-gemmlowp.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main | FileCheck %S/../CPU/requantize-gemmlowp.mlir
// RUN: quantx-gemmlowp-oracle mlir --cases %S/../CPU/requantize-gemmlowp.mlir --random 60 --seed 7 > %t.mlir
// RUN: quantx-gemmlowp-oracle expected --cases %S/../CPU/requantize-gemmlowp.mlir --random 60 --seed 7 > %t.expected
// RUN: quantx-opt %t.mlir --quantx-lower-to-nvvm-pipeline | %run_gpu_main > %t.gpu
// RUN: %python %oracles/compare.py %t.gpu %t.expected

/// quantize (hand tables of ties in every rounding mode), dequantize and
/// requantize (gemmlowp's own fixedpoint.h as the oracle) as GPU kernels,
/// with the CPU suite's inputs and expected values.
