// RUN: quantx-opt %s --convert-quantx-to-nvvm --split-input-file | FileCheck %s

/// The tensor-core kernel for u8 (zero point 128) x i8 (zero point 3) with a
/// bias and a fused per-tensor requantize. Host side: B is transposed to
/// N x Ka by an elementwise generic (it is not a constant), A (K = 64, a
/// multiple of 16) is used as it is, the kernel is called through a launch
/// declaration, and the i8 result comes back as a tensor. Kernel side:
/// double-buffered 64 x 48-byte shared-memory tiles filled by cp.async,
/// ldmatrix x4 for A and x2 for B^T, mma.sync m16n8k32 u8 x s8 with wrapping
/// accumulation, the row sums (A x ones, needed for zp_b = 3) and the column
/// sums (ones x B, needed for zp_a = 128) by the same instruction, and the
/// requantize arithmetic before an i8 store.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       func.func @u8_i8_bias_requantize(
// CHECK-SAME:      %[[A:.*]]: tensor<64x64x!quant.uniform<u8:f32, 2.000000e-02:128>>, %[[W:.*]]: tensor<64x32x!quant.uniform<i8:f32, 1.000000e-02:3>>, %[[BIAS:.*]]: tensor<32xi32>)
// CHECK-DAG:     %[[AS:.*]] = quant.scast %[[A]] : {{.*}} to tensor<64x64xi8>
// CHECK-DAG:     %[[WS:.*]] = quant.scast %[[W]] : {{.*}} to tensor<64x32xi8>
// CHECK:         %[[A3:.*]] = tensor.expand_shape %[[AS]] {{\[\[}}0, 1], [2]] output_shape [1, 64, 64]
// CHECK:         %[[W3:.*]] = tensor.expand_shape %[[WS]]
// CHECK:         %[[BT:.*]] = linalg.generic {{.*}} outs(%{{.*}} : tensor<1x32x64xi8>)
// CHECK:           tensor.extract %[[W3]]
// CHECK:         %[[AB:.*]] = bufferization.to_buffer %[[A3]] read_only : tensor<1x64x64xi8> to memref<1x64x64xi8>
// CHECK:         %[[BB:.*]] = bufferization.to_buffer %[[BT]] read_only : tensor<1x32x64xi8> to memref<1x32x64xi8>
// CHECK:         %[[BIASB:.*]] = bufferization.to_buffer %[[BIAS]] read_only
// CHECK:         %[[OUT:.*]] = memref.alloc() {alignment = 64 : i64} : memref<1x64x32xi8>
// CHECK:         call @qmatmul_mma_launch(%[[AB]], %[[BB]], %[[OUT]], %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %[[BIASB]])
// CHECK:         bufferization.to_tensor %[[OUT]] restrict writable
// CHECK:         quant.scast %{{.*}} : tensor<64x32xi8> to tensor<64x32x!quant.uniform<i8:f32, 5.000000e-02:-5>>
// CHECK:       func.func private @qmatmul_mma_launch({{.*}}) attributes {quantx.gpu_launch = {grid_div = array<i64: 64, 64>, kernel = @quantx_kernels::@qmatmul_mma, threads = 128 : i64}}
// CHECK:       gpu.module @quantx_kernels
// CHECK:         gpu.func @qmatmul_mma(%[[KA:.*]]: memref<1x64x64xi8>, %[[KB:.*]]: memref<1x32x64xi8>, %[[KOUT:.*]]: memref<1x64x32xi8>, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %{{.*}}: index, %[[KBIAS:.*]]: memref<32xi32>) workgroup(%[[SA:.*]] : memref<2x64x48xi8, #gpu.address_space<workgroup>>, %[[SB:.*]] : memref<2x64x48xi8, #gpu.address_space<workgroup>>) kernel attributes {known_block_size = array<i32: 128, 1, 1>}
// CHECK-DAG:       %[[ONES:.*]] = arith.constant 16843009 : i32
// CHECK:           nvgpu.device_async_copy %[[KA]][{{.*}}], %[[SA]][{{.*}}], 16, %{{.*}} {bypassL1}
// CHECK:           nvgpu.device_async_copy %[[KB]][{{.*}}], %[[SB]][{{.*}}], 16, %{{.*}} {bypassL1}
// CHECK:           scf.for
// CHECK:             nvgpu.device_async_wait %{{.*}} {numGroups = 1 : i32}
// CHECK:             gpu.barrier
// CHECK:             nvgpu.ldmatrix %[[SA]][{{.*}}] {numTiles = 4 : i32, transpose = false} : memref<2x64x48xi8, #gpu.address_space<workgroup>> -> vector<4x4xi8>
// CHECK:             nvgpu.ldmatrix %[[SB]][{{.*}}] {numTiles = 2 : i32, transpose = false} : memref<2x64x48xi8, #gpu.address_space<workgroup>> -> vector<2x4xi8>
// CHECK:             nvvm.mma.sync A[{{.*}}] B[{{.*}}] C[{{.*}}] {intOverflowBehavior = #nvvm.mma_int_overflow<wrapped>, layoutA = #nvvm.mma_layout<row>, layoutB = #nvvm.mma_layout<col>, multiplicandAPtxType = #nvvm.mma_type<u8>, multiplicandBPtxType = #nvvm.mma_type<s8>, shape = #nvvm.shape<m = 16, n = 8, k = 32>}
// CHECK:             nvvm.mma.sync A[{{.*}}] B[%[[ONES]], %[[ONES]]]
// CHECK:             nvvm.mma.sync A[%[[ONES]], %[[ONES]], %[[ONES]], %[[ONES]]] B[
// CHECK:             gpu.barrier
// CHECK:             scf.yield
// CHECK:           memref.load %[[KBIAS]]
// CHECK:           arith.extsi %{{.*}} : i32 to i64
// CHECK:           arith.muli %{{.*}}, %{{.*}} : i64
// CHECK:           arith.divsi
// CHECK:           arith.trunci %{{.*}} : i64 to i8
// CHECK:           memref.store %{{.*}}, %[[KOUT]]
func.func @u8_i8_bias_requantize(%a: tensor<64x64x!quant.uniform<u8:f32, 0.02:128>>, %w: tensor<64x32x!quant.uniform<i8:f32, 0.01:3>>, %bias: tensor<32xi32>) -> tensor<64x32x!quant.uniform<i8:f32, 0.05:-5>> {
  %acc = quantx.qmatmul %a, %w bias %bias : tensor<64x64x!quant.uniform<u8:f32, 0.02:128>>, tensor<64x32x!quant.uniform<i8:f32, 0.01:3>>, tensor<32xi32> -> tensor<64x32xi32>
  %y = quantx.requantize %acc multiplier [1717986918] shift [38] rounding<double_round> : tensor<64x32xi32> -> tensor<64x32x!quant.uniform<i8:f32, 0.05:-5>>
  return %y : tensor<64x32x!quant.uniform<i8:f32, 0.05:-5>>
}

// -----

/// A constant B is transposed and zero-padded at compile time: K = 3 rows
/// [[1, 2], [3, 4], [5, 6]] become the N x Ka = 2 x 16 rows [1, 3, 5, 0...]
/// and [2, 4, 6, 0...]. K = 3 is not a multiple of 16, so A is padded by an
/// elementwise generic (zeros past K). Signed operands with zero points 0
/// need neither row nor column sums, and the i32 result is stored as is.

// CHECK-LABEL: func.func @constant_b_padded_k
// CHECK:         arith.constant dense<{{\[\[\[}}1, 3, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [2, 4, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]]]> : tensor<1x2x16xi8>
// CHECK:         linalg.generic {{.*}} outs(%{{.*}} : tensor<1x32x16xi8>)
// CHECK:           arith.cmpi ult
// CHECK:           tensor.extract
// CHECK:       gpu.func @qmatmul_mma(
// CHECK-NOT:     16843009
// CHECK:         nvvm.mma.sync {{.*}} multiplicandAPtxType = #nvvm.mma_type<s8>, multiplicandBPtxType = #nvvm.mma_type<s8>
// CHECK-NOT:     16843009
// CHECK:         memref.store %{{.*}} : memref<1x32x2xi32>
func.func @constant_b_padded_k(%a: tensor<32x3xi8>) -> tensor<32x2xi32> {
  %w = arith.constant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8>
  %acc = quantx.qmatmul %a, %w : tensor<32x3xi8>, tensor<3x2xi8> -> tensor<32x2xi32>
  return %acc : tensor<32x2xi32>
}

// -----

/// Per-channel weight zero points become a constant table in the GPU module,
/// read in the epilogue with the channel index; they need the row sums of A
/// (A x ones) but, with zp_a = 0, no column sums.

// CHECK-LABEL: module attributes {gpu.container_module}
// CHECK:       gpu.module @quantx_kernels
// CHECK:         memref.global "private" constant @qmatmul_mma_zp_b : memref<16xi32> = dense<[0, 1, -1, 2, 0, 1, -1, 2, 0, 1, -1, 2, 0, 1, -1, 2]>
// CHECK:         gpu.func @qmatmul_mma(
// CHECK-DAG:       %[[ONES:.*]] = arith.constant 16843009 : i32
// CHECK-DAG:       %[[ZP:.*]] = memref.get_global @qmatmul_mma_zp_b : memref<16xi32>
// CHECK:           nvvm.mma.sync A[{{.*}}] B[%[[ONES]], %[[ONES]]]
// CHECK-NOT:       nvvm.mma.sync A[%[[ONES]]
// CHECK:           scf.yield
// CHECK:           memref.load %[[ZP]]
func.func @per_channel_zero_points(%a: tensor<32x64xi8>, %w: tensor<64x16x!quant.uniform<i8:f32:1, {0.1:0,0.1:1,0.1:-1,0.1:2,0.1:0,0.1:1,0.1:-1,0.1:2,0.1:0,0.1:1,0.1:-1,0.1:2,0.1:0,0.1:1,0.1:-1,0.1:2}>>) -> tensor<32x16xi32> {
  %acc = quantx.qmatmul %a, %w : tensor<32x64xi8>, tensor<64x16x!quant.uniform<i8:f32:1, {0.1:0,0.1:1,0.1:-1,0.1:2,0.1:0,0.1:1,0.1:-1,0.1:2,0.1:0,0.1:1,0.1:-1,0.1:2,0.1:0,0.1:1,0.1:-1,0.1:2}>> -> tensor<32x16xi32>
  return %acc : tensor<32x16xi32>
}

// -----

/// Dynamic sizes: K unknown, so A is padded to Ka = ceil(K / 16) * 16 at run
/// time; the result is allocated with the dynamic M and N.

// CHECK-LABEL: func.func @dynamic_shapes
// CHECK:         %[[K:.*]] = tensor.dim %{{.*}}, %c2 : tensor<1x?x?xi8>
// CHECK:         %[[KT:.*]] = arith.ceildivui %[[K]], %c16
// CHECK:         %[[KA:.*]] = arith.muli %[[KT]], %c16
// CHECK:         memref.alloc(%{{.*}}, %{{.*}}) {alignment = 64 : i64} : memref<1x?x?xi32>
// CHECK:         call @qmatmul_mma_launch(
func.func @dynamic_shapes(%a: tensor<?x?xi8>, %w: tensor<?x?xi8>) -> tensor<?x?xi32> {
  %acc = quantx.qmatmul %a, %w : tensor<?x?xi8>, tensor<?x?xi8> -> tensor<?x?xi32>
  return %acc : tensor<?x?xi32>
}

// -----

/// GEMV (static M = 1 <= dp4a-max-m) gets the dp4a kernel: one warp per
/// output, 4-byte loads, dp4a (u8 activations zero-extended), the row sums
/// by dp4a against ones, and a butterfly reduction by xor shuffles.

// CHECK-LABEL: func.func private @qmatmul_dp4a_launch
// CHECK-SAME:    grid_div = array<i64: 4, 1>, kernel = @quantx_kernels::@qmatmul_dp4a, threads = 128 : i64
// CHECK:       gpu.func @qmatmul_dp4a(
// CHECK:         scf.for
// CHECK:           vector.load %{{.*}} {alignment = 4 : i64} : memref<1x1x64xi8>, vector<4xi8>
// CHECK:           nvvm.dot.accumulate.4way %{{.*}} <unsigned>, %{{.*}} <signed>, %{{.*}} : vector<4xi8>, vector<4xi8>
// CHECK:           nvvm.dot.accumulate.4way %{{.*}} <unsigned>, %{{.*}} <signed>, %{{.*}} : vector<4xi8>, vector<4xi8>
// CHECK:         gpu.shuffle  xor %{{.*}}, %{{.*}}, %{{.*}} : i32
func.func @gemv(%a: tensor<1x64x!quant.uniform<u8:f32, 0.1>>, %w: tensor<64x40x!quant.uniform<i8:f32, 0.1:1>>) -> tensor<1x40xi32> {
  %acc = quantx.qmatmul %a, %w : tensor<1x64x!quant.uniform<u8:f32, 0.1>>, tensor<64x40x!quant.uniform<i8:f32, 0.1:1>> -> tensor<1x40xi32>
  return %acc : tensor<1x40xi32>
}

// -----

/// Operands wider than 8 bits stay for the reference lowering.

// CHECK-LABEL: func.func @negative_i16_operands
// CHECK:         quantx.qmatmul
// CHECK-NOT:     gpu.module
func.func @negative_i16_operands(%a: tensor<4x8xi16>, %w: tensor<8x4xi8>) -> tensor<4x4xi32> {
  %acc = quantx.qmatmul %a, %w : tensor<4x8xi16>, tensor<8x4xi8> -> tensor<4x4xi32>
  return %acc : tensor<4x4xi32>
}
