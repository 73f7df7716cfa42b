// RUN: quantx-opt %s --convert-quantx-to-nvvm --split-input-file | FileCheck %s

/// quantx.codebook_matmul becomes the shared-memory table kernel
/// (CodebookKernels.cpp). Host side: the operands as buffers (a rank-2
/// codebook as a single one, 1 x C x d), the output allocated, the kernel
/// called through a launch declaration whose grid is ceil(N / 256) x M (the
/// size arguments are the 5th and 6th, no batch). Kernel side: 128 threads;
/// per chunk of 32 blocks (32 x 256 f32 entries = 32 KiB of shared memory),
/// the tables x_block . centroid are built by all threads (d = 8 products
/// each), a barrier, then each thread adds the entries its columns' codes
/// pick, read unsigned (index_castui), and a barrier before the next chunk.
/// The weights are never rebuilt: no codebook_dequantize, no global store but
/// the output's.

// CHECK-LABEL: func.func @gemv
// CHECK-NOT:     quantx.codebook
// CHECK:         %[[X:.*]] = bufferization.to_buffer %{{.*}} : tensor<1x4096xf32> to memref<1x4096xf32>
// CHECK:         %[[C:.*]] = bufferization.to_buffer %{{.*}} : tensor<1x256x8xf32> to memref<1x256x8xf32>
// CHECK:         %[[CODES:.*]] = bufferization.to_buffer %{{.*}} : tensor<512x1024xi8> to memref<512x1024xi8>
// CHECK:         %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x1024xf32>
// CHECK:         call @[[LAUNCH:.*]](%[[X]], %[[C]], %[[CODES]], %[[OUT]], %{{.*}}, %{{.*}})
// CHECK:         bufferization.to_tensor %[[OUT]]
// CHECK:       func.func private @[[LAUNCH]]({{.*}}) attributes {quantx.gpu_launch = {grid_div = array<i64: 256, 1>, kernel = @quantx_kernels::@codebook_matmul, size_args = array<i64: 4, 5, -1>, threads = 128 : i64}}
// CHECK:       gpu.func @codebook_matmul(%[[KX:.*]]: memref<1x4096xf32>, %[[KC:.*]]: memref<1x256x8xf32>, %[[KCODES:.*]]: memref<512x1024xi8>, %[[KOUT:.*]]: memref<1x1024xf32>, %{{.*}}: index, %{{.*}}: index) workgroup(%[[TABLE:.*]] : memref<8192xf32, #gpu.address_space<workgroup>>) kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             scf.for
// CHECK:               memref.load %[[KX]]
// CHECK:               memref.load %[[KC]]
// CHECK:               arith.mulf
// CHECK:               arith.addf
// CHECK:             memref.store %{{.*}}, %[[TABLE]]
// CHECK:           gpu.barrier
// CHECK:           scf.for
// CHECK:             %[[CODE:.*]] = memref.load %[[KCODES]]
// CHECK:             arith.index_castui %[[CODE]] : i8 to index
// CHECK:             memref.load %[[TABLE]]
// CHECK:             arith.addf
// CHECK:           gpu.barrier
// CHECK-NOT:     memref.store %{{.*}}, %[[KX]]
// CHECK-NOT:     memref.store %{{.*}}, %[[KC]]
// CHECK:         memref.store %{{.*}}, %[[KOUT]]
// CHECK:         gpu.return
func.func @gemv(%x: tensor<1x4096xf32>, %c: tensor<256x8xf32>, %codes: tensor<512x1024xi8>) -> tensor<1x1024xf32> {
  %y = quantx.codebook_matmul %x, %c, %codes : tensor<1x4096xf32>, tensor<256x8xf32>, tensor<512x1024xi8> -> tensor<1x1024xf32>
  return %y : tensor<1x1024xf32>
}

// -----

/// Product quantization (two codebooks of 4096 f16 centroids, i16 codes) on
/// a dynamic M: the chunk is 2 blocks (2 x 4096 entries), the codebook of
/// block j is j / 2, the values are widened to f32 and the result narrowed
/// back to f16.

// CHECK-LABEL: func.func @product_quantization_f16
// CHECK:         %[[M:.*]] = tensor.dim
// CHECK:         memref.alloc(%[[M]]) {alignment = 64 : i64} : memref<?x16xf16>
// CHECK:       gpu.func @codebook_matmul({{.*}}) workgroup(%{{.*}} : memref<8192xf32, #gpu.address_space<workgroup>>)
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK:         arith.divui %{{.*}}, %[[C2]] : index
// CHECK:         arith.extf %{{.*}} : f16 to f32
// CHECK:         arith.index_castui %{{.*}} : i16 to index
// CHECK:         arith.truncf %{{.*}} : f32 to f16
func.func @product_quantization_f16(%x: tensor<?x32xf16>, %c: tensor<2x4096x8xf16>, %codes: tensor<4x16xi16>) -> tensor<?x16xf16> {
  %y = quantx.codebook_matmul %x, %c, %codes : tensor<?x32xf16>, tensor<2x4096x8xf16>, tensor<4x16xi16> -> tensor<?x16xf16>
  return %y : tensor<?x16xf16>
}
