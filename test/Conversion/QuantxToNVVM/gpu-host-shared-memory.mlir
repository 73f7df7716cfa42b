// RUN: quantx-opt %s --quantx-gpu-host-shared-memory | FileCheck %s

/// Host allocations become managed (host_shared) GPU allocations, their
/// deallocations synchronous gpu.dealloc, and a host read of a global
/// becomes a copy into a shared buffer, freed before the return. Memory the
/// kernel body allocates is left alone.

memref.global "private" constant @weights : memref<4xi8> = dense<[1, 2, 3, 4]>

// CHECK-LABEL: func.func @host_buffers
// CHECK:         %[[G:.*]] = memref.get_global @weights : memref<4xi8>
// CHECK:         %[[W:.*]] = gpu.alloc  host_shared () : memref<4xi8>
// CHECK:         memref.copy %[[G]], %[[W]]
// CHECK:         %[[BUF:.*]] = gpu.alloc  host_shared (%{{.*}}) : memref<?xi32>
// CHECK:         gpu.launch
// CHECK:           memref.alloca
// CHECK:           memref.load %[[W]]
// CHECK:         %[[T0:.*]] = gpu.wait async
// CHECK:         %[[T1:.*]] = gpu.dealloc async [%[[T0]]] %[[BUF]]
// CHECK:         gpu.wait [%[[T1]]]
// CHECK:         gpu.dealloc async [%{{.*}}] %[[W]]
// CHECK:         return
func.func @host_buffers(%n: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %w = memref.get_global @weights : memref<4xi8>
  %buf = memref.alloc(%n) : memref<?xi32>
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c1, %sy = %c1, %sz = %c1) {
    %tmp = memref.alloca() : memref<1xi8>
    %v = memref.load %w[%c0] : memref<4xi8>
    memref.store %v, %tmp[%c0] : memref<1xi8>
    gpu.terminator
  }
  memref.dealloc %buf : memref<?xi32>
  return
}
