// REQUIRES: numpy, avx512bw, avx512vbmi
// RUN: %python %oracles/codebook_net.py model --mlir %t.model.mlir
// RUN: quantx-opt %t.model.mlir --quantx-codebook-quantize="report-file=%t.report" -o %t.quantized.mlir
// RUN: quantx-opt %t.quantized.mlir --quantx-fuse-codebook-matmul -o %t.fused.mlir
// RUN: quantx-opt %t.fused.mlir --convert-quantx-to-x86 | FileCheck %s
// RUN: quantx-opt %t.fused.mlir --quantx-lower-to-llvm-pipeline="codebook-x86=1 codebook-table-bits=16" | %run_main > %t.actual16
// RUN: %python %oracles/codebook_net.py check --quantized %t.quantized.mlir --report %t.report --expected %t.expected16 --tol %t.tol16 --rel-tol 2e-4
// RUN: %python %oracles/compare.py %t.actual16 %t.expected16 --bits=f32 --tol=%t.tol16
// RUN: quantx-opt %t.fused.mlir --quantx-lower-to-llvm-pipeline="codebook-x86=1" | %run_main > %t.actual8
// RUN: %python %oracles/codebook_net.py check --quantized %t.quantized.mlir --report %t.report --expected %t.expected8 --tol %t.tol8 --rel-tol 5e-2
// RUN: %python %oracles/compare.py %t.actual8 %t.expected8 --bits=f32 --tol=%t.tol8

// The network of codebook-network.mlir quantized with the default 256
// centroids, fused, and compiled with the x86 codebook kernel
// (quantx-lower-to-llvm-pipeline{codebook-x86}): its two matmuls (2 x 256 x
// 64 and 2 x 128 x 128, fc2 fed by fc1) and the two convolutions with 16
// output pixels (M = 16; N = 32 and 16 output channels, padded to 64
// columns) take the table-lookup route, the first convolution (M = 36
// output pixels, above max-rows = 16) the reference one. Against the
// float64 network on the weights rebuilt from the blobs
// (test/lib/oracles/codebook_net.py), within a fraction R of each output's
// largest magnitude (plus R |y|): each lookup is off by at most half a table
// step, max |T| / 254 with 8-bit tables and max |T| / 65534 with 16-bit
// ones, over 32 and 16 blocks per output; R = 5e-2 (8-bit) and 2e-4 (16-bit)
// hold those sums with room for fc1's error reaching fc2 (measured: 8-bit
// passes at 3e-2, 16-bit at 1e-4, neither at 1e-5).

// Every layer but the first convolution becomes table lookups.
// CHECK-LABEL: func.func @net
// CHECK: quantx.codebook_matmul {{.*}} -> tensor<36x16xf32>
// CHECK-NOT: quantx.codebook_matmul
// CHECK: quantx.byte_lookup
