// RUN: quantx-opt %s --quantx-gpu-materialize-launches --split-input-file -verify-diagnostics | FileCheck %s

/// A launch declaration gets a body: the grid ceil(N / 64) x ceil(M / 32) x
/// batch from its size arguments (3, 4 and 7), a guard for empty grids, and
/// a gpu.launch_func passing every argument.

// CHECK-LABEL: func.func private @k_launch(
// CHECK-SAME:      %[[A:.*]]: memref<1x8x16xi8>, %[[B:.*]]: memref<1x8x16xi8>, %[[OUT:.*]]: memref<1x8x8xi32>, %[[M:.*]]: index, %[[N:.*]]: index, %[[K:.*]]: index, %[[KA:.*]]: index, %[[BATCH:.*]]: index)
// CHECK-NOT:     quantx.gpu_launch
// CHECK:         %[[C0:.*]] = arith.constant 0 : index
// CHECK:         arith.cmpi ne, %[[M]], %[[C0]]
// CHECK:         arith.cmpi ne, %[[N]], %[[C0]]
// CHECK:         arith.cmpi ne, %[[BATCH]], %[[C0]]
// CHECK:         scf.if
// CHECK:           %[[GX:.*]] = arith.ceildivui %[[N]], %{{.*}}
// CHECK:           %[[GY:.*]] = arith.ceildivui %[[M]], %{{.*}}
// CHECK:           gpu.launch_func  @kernels::@k blocks in (%[[GX]], %[[GY]], %[[BATCH]]) threads in (%{{.*}}, %{{.*}}, %{{.*}})  args(%[[A]] : memref<1x8x16xi8>, %[[B]] : memref<1x8x16xi8>, %[[OUT]] : memref<1x8x8xi32>, %[[M]] : index, %[[N]] : index, %[[K]] : index, %[[KA]] : index, %[[BATCH]] : index)
// CHECK:         return
module attributes {gpu.container_module} {
  func.func private @k_launch(memref<1x8x16xi8>, memref<1x8x16xi8>, memref<1x8x8xi32>, index, index, index, index, index) attributes {quantx.gpu_launch = {grid_div = array<i64: 64, 32>, kernel = @kernels::@k, threads = 128 : i64}}
  gpu.module @kernels {
    gpu.func @k(%a: memref<1x8x16xi8>, %b: memref<1x8x16xi8>, %o: memref<1x8x8xi32>, %m: index, %n: index, %k: index, %ka: index, %batch: index) kernel {
      gpu.return
    }
  }
}

// -----

// expected-error @below {{'func.func' op has a malformed 'quantx.gpu_launch' attribute}}
func.func private @bad_launch(memref<1x8x16xi8>) attributes {quantx.gpu_launch = {threads = 128 : i64}}
