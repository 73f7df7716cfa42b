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

/// Other kernels name their size arguments: `size_args` = [M, N, batch],
/// batch -1 for a grid of depth 1 (the codebook kernel: M and N are its
/// 5th and 6th arguments).

// CHECK-LABEL: func.func private @cb_launch(
// CHECK-SAME:      %[[X:.*]]: memref<?x64xf32>, %[[C:.*]]: memref<1x16x8xf32>, %[[CODES:.*]]: memref<8x32xi8>, %[[OUT:.*]]: memref<?x32xf32>, %[[M:.*]]: index, %[[N:.*]]: index)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK:         arith.cmpi ne, %[[M]], %[[C0]]
// CHECK:         arith.cmpi ne, %[[N]], %[[C0]]
// CHECK:         arith.cmpi ne, %[[C1]], %[[C0]]
// CHECK:         %[[C256:.*]] = arith.constant 256 : index
// CHECK:         %[[GX:.*]] = arith.ceildivui %[[N]], %[[C256]]
// CHECK:         %[[GY:.*]] = arith.ceildivui %[[M]], %{{.*}}
// CHECK:         gpu.launch_func  @kernels::@cb blocks in (%[[GX]], %[[GY]], %[[C1]])
module attributes {gpu.container_module} {
  func.func private @cb_launch(memref<?x64xf32>, memref<1x16x8xf32>, memref<8x32xi8>, memref<?x32xf32>, index, index) attributes {quantx.gpu_launch = {grid_div = array<i64: 256, 1>, kernel = @kernels::@cb, size_args = array<i64: 4, 5, -1>, threads = 128 : i64}}
  gpu.module @kernels {
    gpu.func @cb(%x: memref<?x64xf32>, %c: memref<1x16x8xf32>, %codes: memref<8x32xi8>, %o: memref<?x32xf32>, %m: index, %n: index) kernel {
      gpu.return
    }
  }
}

// -----

// expected-error @below {{'func.func' op has a malformed 'quantx.gpu_launch' attribute}}
func.func private @bad_size_args(memref<1x8x16xi8>, index) attributes {quantx.gpu_launch = {grid_div = array<i64: 256, 1>, kernel = @kernels::@cb, size_args = array<i64: 1, 2, -1>, threads = 128 : i64}}

// -----

// expected-error @below {{'func.func' op has a malformed 'quantx.gpu_launch' attribute}}
func.func private @bad_launch(memref<1x8x16xi8>) attributes {quantx.gpu_launch = {threads = 128 : i64}}
