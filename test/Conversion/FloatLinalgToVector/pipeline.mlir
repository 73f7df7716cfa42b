// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline 2>&1 | FileCheck %s
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline --mlir-print-ir-after=quantx-lower-vector-transfers 2>&1 | FileCheck %s --check-prefix=LOOPS
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline=float-kernels=reference | FileCheck %s --check-prefix=REF
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline | FileCheck %s --check-prefix=PAD

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

// A padded depthwise convolution of a computed tensor: the producer writes
// into the padded buffer (no copy, which would be a call of the runtime's
// generic memrefCopy).
// PAD-LABEL: llvm.func @padded_depthwise
// PAD-NOT: memrefCopy
// PAD: llvm.return
func.func @padded_depthwise(%x: tensor<1x8x6x32xf32>, %w: tensor<8x3x3xf32>) -> tensor<1x8x6x32xf32> {
  %c = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x8x6x32xf32>
  %g = linalg.generic {indexing_maps = [affine_map<(n, c, h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%x : tensor<1x8x6x32xf32>) outs(%e : tensor<1x8x6x32xf32>) {
  ^bb0(%a: f32, %o: f32):
    %m = arith.maximumf %a, %c : f32
    linalg.yield %m : f32
  } -> tensor<1x8x6x32xf32>
  %p = tensor.pad %g low[0, 0, 1, 1] high[0, 0, 1, 1] {
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %c : f32
  } : tensor<1x8x6x32xf32> to tensor<1x8x8x34xf32>
  %o = linalg.fill ins(%c : f32) outs(%e : tensor<1x8x6x32xf32>) -> tensor<1x8x6x32xf32>
  %r = linalg.depthwise_conv_2d_nchw_chw {dilations = dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>}
    ins(%p, %w : tensor<1x8x8x34xf32>, tensor<8x3x3xf32>) outs(%o : tensor<1x8x6x32xf32>) -> tensor<1x8x6x32xf32>
  return %r : tensor<1x8x6x32xf32>
}
