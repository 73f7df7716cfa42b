// RUN: quantx-opt %s --convert-quantx-to-x86 --split-input-file | FileCheck %s
// RUN: quantx-opt %s --convert-quantx-to-x86="table-bits=16 group-blocks=8" --split-input-file | FileCheck %s --check-prefix=T16
// RUN: quantx-opt %s --convert-quantx-to-x86="max-rows=0" --split-input-file | FileCheck %s --check-prefix=ROWS

// The structure of convert-quantx-to-x86 (its numbers are checked on random
// data against numpy in test/Integration/CPU/codebook-matmul-x86.mlir):
// f32 tables from the transposed centroids (FMA over d), max |T| as an
// integer max, tables rounded half to even to int8 (or two byte planes),
// one quantx.byte_lookup per 64 outputs and block over 1, 2 or 4 table
// registers, int16 sums flushed to f32 times the scale. Ops outside its
// domain stay quantx.codebook_matmul for convert-quantx-to-linalg.

/// C = 16: one table register; centroids passed at run time are transposed
/// by a linalg.generic and zero-padded to 64 columns.
// CHECK-LABEL: func.func @gemv_c16
// CHECK-NOT: quantx.codebook_matmul
// CHECK: linalg.generic
// CHECK: tensor.insert_slice %{{.*}} into %{{.*}}[0, 0, 0] [1, 8, 16] [1, 1, 1] : tensor<1x8x16xf32> into tensor<1x8x64xf32>
// CHECK: scf.for
// CHECK: math.fma %{{.*}} : vector<16xf32>
// CHECK: arith.maxsi %{{.*}} : vector<16xi32>
// CHECK: vector.reduction <maxsi>
// CHECK: math.roundeven %{{.*}} : vector<16xf32>
// CHECK: arith.trunci %{{.*}} : vector<16xi32> to vector<16xi8>
// CHECK: %[[CODES:.*]] = vector.transfer_read %arg2
// CHECK: %[[T0:.*]] = vector.transfer_read
// CHECK: quantx.byte_lookup %[[CODES]] in [%[[T0]]] : vector<64xi8> from vector<64xi8>
// CHECK: arith.extsi %{{.*}} : vector<64xi8> to vector<64xi16>
// CHECK: arith.sitofp %{{.*}} : vector<64xi16> to vector<64xf32>
// CHECK: math.fma %{{.*}} : vector<64xf32>
// T16-LABEL: func.func @gemv_c16
// T16: arith.shrsi
// T16: arith.andi
// T16: quantx.byte_lookup
// T16: arith.extsi %{{.*}} : vector<64xi8> to vector<64xi16>
// T16: quantx.byte_lookup
// T16: arith.extui %{{.*}} : vector<64xi8> to vector<64xi16>
// T16: arith.sitofp %{{.*}}#0 : vector<64xi16> to vector<64xf32>
// T16: arith.sitofp %{{.*}}#1 : vector<64xi16> to vector<64xf32>
// T16: math.fma
// ROWS-LABEL: func.func @gemv_c16
// ROWS: quantx.codebook_matmul
func.func @gemv_c16(%x: tensor<1x16xf32>, %c: tensor<16x8xf32>, %codes: tensor<2x64xi8>) -> tensor<1x64xf32> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<1x16xf32>, tensor<16x8xf32>, tensor<2x64xi8> -> tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// -----

/// C = 100: two table registers.
// CHECK-LABEL: func.func @m4_c100
// CHECK: quantx.byte_lookup %{{.*}} in [%{{.*}}, %{{.*}}] : vector<64xi8> from vector<64xi8>, vector<64xi8>
func.func @m4_c100(%x: tensor<4x8xf32>, %c: tensor<100x4xf32>, %codes: tensor<2x128xi8>) -> tensor<4x128xf32> {
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<4x8xf32>, tensor<100x4xf32>, tensor<2x128xi8> -> tensor<4x128xf32>
  return %y : tensor<4x128xf32>
}

// -----

/// C = 256 with constant centroids and codes: both are rearranged at compile
/// time (centroids transposed to d x 256, codes tiled as N/64 x S x 64 so
/// that one output chunk's codes are contiguous); four table registers; an
/// f16 result is one truncation at the end.
// CHECK-LABEL: func.func @constant_c256
// CHECK-NOT: linalg.generic
// CHECK-DAG: arith.constant dense_resource<codebook_transposed> : tensor<1x4x256xf32>
// CHECK-DAG: arith.constant dense_resource<codebook_codes_tiled> : tensor<1x2x64xi8>
// CHECK: quantx.byte_lookup %{{.*}} in [%{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}] : vector<64xi8> from vector<64xi8>, vector<64xi8>, vector<64xi8>, vector<64xi8>
// CHECK: arith.truncf %{{.*}} : vector<64xf32> to vector<64xf16>
func.func @constant_c256(%x: tensor<2x8xf32>) -> tensor<2x64xf16> {
  %c = arith.constant dense<0.25> : tensor<256x4xf32>
  %codes = arith.constant dense_resource<codes> : tensor<2x64xi8>
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x8xf32>, tensor<256x4xf32>, tensor<2x64xi8> -> tensor<2x64xf16>
  return %y : tensor<2x64xf16>
}

{-#
  dialect_resources: {
    builtin: {
      codes: "0x01000000052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b80a5caef14395e83a8cdf2173c6186abd0f51a3f6489aed3f81d42678cb1d6fb20456a8fb4d9fe23486d92b7dc01264b7095badf04294e7398bde2072c51769bc0e50a2f54799ec3e80d32577ca1c6eb10355a7fa4c9ee13385d82a7ccf1163b60"
    }
  }
#-}

// -----

/// Outside the domain: M above max-rows, a dynamic M, more than 256
/// centroids (i16 codes).
// CHECK-LABEL: func.func @left_alone
// CHECK-COUNT-3: quantx.codebook_matmul
// CHECK-NOT: quantx.byte_lookup
func.func @left_alone(%x17: tensor<17x8xf32>, %xd: tensor<?x8xf32>, %c: tensor<16x4xf32>, %codes: tensor<2x64xi8>,
                      %x1: tensor<1x8xf32>, %cbig: tensor<300x4xf32>, %cw: tensor<2x64xi16>)
    -> (tensor<17x64xf32>, tensor<?x64xf32>, tensor<1x64xf32>) {
  %a = quantx.codebook_matmul %x17, %c, %codes
      : tensor<17x8xf32>, tensor<16x4xf32>, tensor<2x64xi8> -> tensor<17x64xf32>
  %b = quantx.codebook_matmul %xd, %c, %codes
      : tensor<?x8xf32>, tensor<16x4xf32>, tensor<2x64xi8> -> tensor<?x64xf32>
  %d = quantx.codebook_matmul %x1, %cbig, %cw
      : tensor<1x8xf32>, tensor<300x4xf32>, tensor<2x64xi16> -> tensor<1x64xf32>
  return %a, %b, %d : tensor<17x64xf32>, tensor<?x64xf32>, tensor<1x64xf32>
}

// -----

/// A ragged N (32 columns) with codes known only at run time: the codes are
/// padded to 64 columns with code 0 (tensor.pad), the kernel runs on 64
/// outputs and the first 32 are returned.
// CHECK-LABEL: func.func @ragged_n
// CHECK:         %[[ZERO:.*]] = arith.constant 0 : i8
// CHECK:         tensor.pad %{{.*}} low[0, 0] high[0, 32]
// CHECK:           tensor.yield %[[ZERO]] : i8
// CHECK:         } : tensor<2x32xi8> to tensor<2x64xi8>
// CHECK:         tensor.empty() : tensor<1x64xf32>
// CHECK:         quantx.byte_lookup
// CHECK:         %[[Y:.*]] = tensor.extract_slice %{{.*}}[0, 0] [1, 32] [1, 1] : tensor<1x64xf32> to tensor<1x32xf32>
// CHECK:         return %[[Y]]
func.func @ragged_n(%x1: tensor<1x8xf32>, %c: tensor<16x4xf32>, %c32: tensor<2x32xi8>) -> tensor<1x32xf32> {
  %e = quantx.codebook_matmul %x1, %c, %c32
      : tensor<1x8xf32>, tensor<16x4xf32>, tensor<2x32xi8> -> tensor<1x32xf32>
  return %e : tensor<1x32xf32>
}
