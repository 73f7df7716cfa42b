// RUN: quantx-opt %s --quantx-gpu-math-to-llvm-intrinsics | FileCheck %s

/// The rounding ops of quantize become calls of the LLVM intrinsics (f32 and
/// f64), which convert-gpu-to-nvvm leaves alone instead of calling
/// libdevice; vector operands are not touched.

// CHECK-LABEL: gpu.func @rounding
// CHECK-DAG:     llvm.call_intrinsic "llvm.roundeven.f32"(%{{.*}}) : (f32) -> f32
// CHECK-DAG:     llvm.call_intrinsic "llvm.round.f32"
// CHECK-DAG:     llvm.call_intrinsic "llvm.floor.f64"(%{{.*}}) : (f64) -> f64
// CHECK-DAG:     llvm.call_intrinsic "llvm.trunc.f32"
// CHECK-DAG:     llvm.call_intrinsic "llvm.sqrt.f32"
// CHECK-DAG:     math.roundeven %{{.*}} : vector<4xf32>
gpu.module @kernels {
  gpu.func @rounding(%x: f32, %y: f64, %v: vector<4xf32>, %o: memref<f32>, %o64: memref<f64>, %ov: memref<vector<4xf32>>) kernel {
    %a = math.roundeven %x : f32
    %b = math.round %a : f32
    %c = math.floor %y : f64
    %d = math.trunc %b : f32
    %e = math.sqrt %d : f32
    %f = math.roundeven %v : vector<4xf32>
    memref.store %e, %o[] : memref<f32>
    memref.store %c, %o64[] : memref<f64>
    memref.store %f, %ov[] : memref<vector<4xf32>>
    gpu.return
  }
}
