// RUN: quantx-opt %s --quantx-gpu-map-parallel-loops="block-size=128" --canonicalize --split-input-file | FileCheck %s
// RUN: quantx-opt %s --quantx-gpu-map-parallel-loops="block-size=128" --split-input-file | FileCheck %s --check-prefix=SINK

/// A 2-D loop nest is collapsed to 8 * 40 = 320 iterations, tiled by 128
/// threads (3 blocks, the tail guarded by scf.if) and becomes a gpu.launch.
/// The constant global it reads is moved into the launch body, so that
/// outlining copies it into the GPU module.

memref.global "private" constant @scales : memref<40xf32> = dense<2.0>

// CHECK-LABEL: func.func @elementwise_2d
// CHECK-DAG:     %[[C3:.*]] = arith.constant 3 : index
// CHECK-DAG:     %[[C128:.*]] = arith.constant 128 : index
// CHECK-DAG:     %[[C320:.*]] = arith.constant 320 : index
// CHECK-NOT:     scf.if
// CHECK:         gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C3]], %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) threads(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[C128]],
// CHECK:           %[[G:.*]] = memref.get_global @scales : memref<40xf32>
// CHECK:           arith.cmpi ult, %{{.*}}, %[[C320]]
// CHECK:           scf.if
// CHECK:             memref.load %[[G]]
// CHECK:           gpu.terminator
func.func @elementwise_2d(%in: memref<8x40xf32>, %out: memref<8x40xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c40 = arith.constant 40 : index
  %s = memref.get_global @scales : memref<40xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c8, %c40) step (%c1, %c1) {
    %x = memref.load %in[%i, %j] : memref<8x40xf32>
    %y = memref.load %s[%j] : memref<40xf32>
    %z = arith.mulf %x, %y : f32
    memref.store %z, %out[%i, %j] : memref<8x40xf32>
    scf.reduce
  }
  return
}

// -----

/// With a dynamic size the grid may be empty, which CUDA rejects: the launch
/// is guarded. The scalar constant it stores is cloned into the launch body
/// (SINK, before canonicalization hoists it again), so that outlining does
/// not make it a kernel parameter.

// CHECK-LABEL: func.func @dynamic_size
// CHECK:         %[[GRID:.*]] = affine.apply
// CHECK:         %[[NONEMPTY:.*]] = arith.cmpi ne, %[[GRID]], %c0
// CHECK:         scf.if %[[NONEMPTY]] {
// CHECK-NEXT:      gpu.launch blocks(%{{.*}}, %{{.*}}, %{{.*}}) in (%{{.*}} = %[[GRID]],
// SINK-LABEL: func.func @dynamic_size
// SINK:         gpu.launch
// SINK:           %[[V:.*]] = arith.constant 7 : i32
// SINK:           memref.store %[[V]]
func.func @dynamic_size(%out: memref<?xi32>, %n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %v = arith.constant 7 : i32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %v, %out[%i] : memref<?xi32>
    scf.reduce
  }
  return
}
