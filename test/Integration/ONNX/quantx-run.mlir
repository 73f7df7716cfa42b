// quantx-run on an MLIR module: two .npy inputs, two results of different
// element types and ranks, written as .npy and checked with numpy (float32
// arithmetic, so the comparison is exact); errors for bad inputs.
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; r = np.random.default_rng(3); np.save('%t/a.npy', r.uniform(-4, 4, (2, 3)).astype(np.float32)); np.save('%t/b.npy', r.uniform(-4, 4, (3,)).astype(np.float32))"
// RUN: quantx-run %s --input %t/a.npy --input %t/b.npy --output %t/sum.npy --output %t/idx.npy --repeat 3 | FileCheck %s --check-prefix=TIME
// RUN: %python -c "import numpy as np; a = np.load('%t/a.npy'); b = np.load('%t/b.npy'); s = np.load('%t/sum.npy'); i = np.load('%t/idx.npy'); assert s.dtype == np.float32 and s.shape == (2, 3), (s.dtype, s.shape); assert (s == a * np.float32(2) + b).all(), (s, a, b); assert i.dtype == np.int32 and i.shape == (), (i.dtype, i.shape); assert int(i) == 7; print('ok')" | FileCheck %s --check-prefix=NUMPY
// --pipeline runs on the module, written bare or inside builtin.module(...)
// as mlir-opt's --pass-pipeline takes it; both must transform the module.
// RUN: quantx-run %s '--pipeline=builtin.module(symbol-dce)' --dump-mlir=%t/wrapped.mlir --input %t/a.npy --input %t/b.npy --output %t/sum2.npy --output %t/idx2.npy
// RUN: FileCheck %s --check-prefix=DCE < %t/wrapped.mlir
// RUN: quantx-run %s '--pipeline=symbol-dce' --dump-mlir=%t/bare.mlir --input %t/a.npy --input %t/b.npy --output %t/sum3.npy --output %t/idx3.npy
// RUN: FileCheck %s --check-prefix=DCE < %t/bare.mlir
// RUN: cmp %t/sum.npy %t/sum2.npy && cmp %t/sum.npy %t/sum3.npy
// --lowering passes options to quantx-lower-to-llvm-pipeline.
// RUN: quantx-run %s --lowering='kernels=fast isa=generic' --input %t/a.npy --input %t/b.npy --output %t/sum4.npy --output %t/idx4.npy
// RUN: cmp %t/sum.npy %t/sum4.npy
// RUN: not quantx-run %s --lowering=no-such-option=1 --input %t/a.npy --input %t/b.npy 2>&1 | FileCheck %s --check-prefix=LOWERING
// RUN: not quantx-run %s '--pipeline=builtin.module(canonicalize' --input %t/a.npy --input %t/b.npy 2>&1 | FileCheck %s --check-prefix=UNBALANCED
// RUN: not quantx-run %s --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=COUNT
// RUN: not quantx-run %s --input %t/b.npy --input %t/a.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: not quantx-run %s --input %t/missing.npy --input %t/b.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not quantx-run %s --entry nothere --input %t/a.npy --input %t/b.npy 2>&1 | FileCheck %s --check-prefix=ENTRY

// TIME: quantx-run: import {{.*}} ms, compile {{.*}} ms, 3 run(s): median {{.*}} ms, min {{.*}} ms per inference
// NUMPY: ok
// DCE-NOT: @unused_helper
// DCE: func.func @main
// DCE-NOT: @unused_helper
// LOWERING: quantx-run: cannot parse --lowering 'no-such-option=1'
// UNBALANCED: quantx-run: cannot parse --pipeline: unbalanced 'builtin.module('
// COUNT: quantx-run: @main takes 2 inputs, 1 given
// SHAPE: quantx-run: {{.*}}b.npy has dtype <f4 and a different shape or type than argument 0 (tensor<2x3xf32>)
// MISSING: quantx-run: cannot read {{.*}}missing.npy
// ENTRY: quantx-run: no function @nothere

// Removed by symbol-dce, which shows that --pipeline ran.
func.func private @unused_helper(%x: f32) -> f32 {
  return %x : f32
}

func.func @main(%a: tensor<2x3xf32>, %b: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<i32>) {
  %two = arith.constant 2.0 : f32
  %init = tensor.empty() : tensor<2x3xf32>
  %r = linalg.generic {
      indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (j)>,
                       affine_map<(i, j) -> (i, j)>],
      iterator_types = ["parallel", "parallel"]}
      ins(%a, %b : tensor<2x3xf32>, tensor<3xf32>) outs(%init : tensor<2x3xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %m = arith.mulf %x, %two : f32
    %s = arith.addf %m, %y : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  %c = arith.constant dense<7> : tensor<i32>
  return %r, %c : tensor<2x3xf32>, tensor<i32>
}
