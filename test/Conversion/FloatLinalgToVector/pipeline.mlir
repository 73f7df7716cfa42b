// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline 2>&1 | FileCheck %s
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline --mlir-print-ir-after=quantx-lower-vector-transfers 2>&1 | FileCheck %s --check-prefix=LOOPS
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline=float-kernels=reference | FileCheck %s --check-prefix=REF

// quantx-lower-to-llvm-pipeline (float-kernels=fast by default) lowers a
// float 1x1 convolution to vector arithmetic: two vectors of 48 lanes per
// output row.
// CHECK-LABEL: llvm.func @pointwise
// CHECK: llvm.fmul {{.*}} : vector<48xf32>
// CHECK: llvm.fadd {{.*}} : vector<48xf32>
// CHECK-NOT: llvm.fmul {{.*}} : f32

// The reduction over input channels is a loop whose accumulator is a vector
// in registers (loop-invariant-subset-hoisting), loaded before it and
// stored after it, not in it.
// LOOPS-LABEL: func.func @pointwise
// LOOPS: vector.load
// LOOPS-NEXT: scf.for {{.*}} iter_args({{.*}}) -> (vector<48xf32>)
// LOOPS-NOT: vector.store
// LOOPS: scf.yield {{.*}} : vector<48xf32>
// LOOPS-NEXT: }
// LOOPS-NEXT: vector.store

// The reference: scalar loops.
// REF-LABEL: llvm.func @pointwise
// REF-NOT: vector<
// REF: llvm.fmul {{.*}} : f32
// REF-NOT: vector<
func.func @pointwise(%x: tensor<1x32x2x96xf32>, %w: tensor<16x32x1x1xf32>) -> tensor<1x16x2x96xf32> {
  %c = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x16x2x96xf32>
  %o = linalg.fill ins(%c : f32) outs(%e : tensor<1x16x2x96xf32>) -> tensor<1x16x2x96xf32>
  %r = linalg.conv_2d_nchw_fchw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%x, %w : tensor<1x32x2x96xf32>, tensor<16x32x1x1xf32>)
    outs(%o : tensor<1x16x2x96xf32>) -> tensor<1x16x2x96xf32>
  return %r : tensor<1x16x2x96xf32>
}
