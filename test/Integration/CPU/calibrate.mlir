// REQUIRES: numpy
// RUN: rm -rf %t.in && %python %oracles/calibration.py inputs %t.in 3
//
// Run the model on the three calibration runs (six .npy files, grouped two
// at a time) in process, and compare every statistic with numpy's
// (test/lib/oracles/calibration.py): exact for count, min, max and every
// histogram bin, 1e-12 relative for the sums.
// RUN: quantx-opt %s --quantx-calibrate="entry=main inputs=%t.in dump-stats=%t.json" -o %t.calibrated.mlir
// RUN: %python %oracles/calibration.py check %t.json %t.in | FileCheck %s --check-prefix=ORACLE
// ORACLE: arg0: count 216
// ORACLE: arg1: count 72
// ORACLE: matmul1.input: count 96
// ORACLE: OK: 3 points agree with numpy
//
// Deterministic: a second run writes the same bytes; so does a list of
// files given one by one; the dumped JSON fed back as stats-file gives the
// same IR.
// RUN: quantx-opt %s --quantx-calibrate="entry=main inputs=%t.in dump-stats=%t.2.json" -o %t.calibrated.2.mlir
// RUN: diff %t.json %t.2.json
// RUN: diff %t.calibrated.mlir %t.calibrated.2.mlir
// RUN: quantx-opt %s --quantx-calibrate="entry=main inputs=%t.in/000_a.npy,%t.in/000_b.npy,%t.in/001_a.npy,%t.in/001_b.npy,%t.in/002_a.npy,%t.in/002_b.npy" -o %t.list.mlir
// RUN: diff %t.calibrated.mlir %t.list.mlir
// RUN: quantx-opt %s --quantx-calibrate="entry=main stats-file=%t.json" -o %t.from-file.mlir
// RUN: diff %t.calibrated.mlir %t.from-file.mlir
//
// Where the statistics land: on the arguments, and on the op producing the
// second matmul's input (the collapse_shape after the ReLU); the conv's
// input is argument 0.
// RUN: FileCheck %s --check-prefix=IR --input-file=%t.calibrated.mlir
// IR-LABEL: func.func @main
// IR-SAME: %arg0: tensor<1x2x6x6xf32> {quantx.stats = #quantx.tensor_stats<count = 216,
// IR-SAME: per_channel = {axis = 1,
// IR-SAME: %arg1: tensor<3x8xf32> {quantx.stats = #quantx.tensor_stats<count = 72,
// IR: tensor.collapse_shape {{.*}} {quantx.stats = #quantx.tensor_stats<count = 96, min = 0.000000e+00,
//
// Then quantize (8-bit, min-max activations, per-channel weights) and run
// both models on the same inputs: the QDQ model's outputs agree with the
// float model's at an SQNR of at least 30 dB.
// RUN: quantx-opt %s --quantx-lower-to-llvm-pipeline | mlir-runner -e run -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.float.txt
// RUN: quantx-opt %t.calibrated.mlir --quantx-insert-qdq --quantx-lower-to-llvm-pipeline | mlir-runner -e run -entry-point-result=void -shared-libs=%mlir_runner_utils,%mlir_c_runner_utils > %t.qdq.txt
// RUN: %python %oracles/calibration.py sqnr %t.float.txt %t.qdq.txt 30 | FileCheck %s --check-prefix=SQNR
// SQNR: OK

#id = affine_map<(a, b, c, d) -> (a, b, c, d)>

func.func @main(%x: tensor<1x2x6x6xf32>, %v: tensor<3x8xf32>) -> (tensor<1x4xf32>, tensor<3x2xf32>) {
  %w = arith.constant dense<[[[[1.0, 0.0, -1.0], [2.0, 1.0, 0.0], [0.0, -1.0, 1.0]],
                              [[0.0, 1.0, 0.0], [-1.0, 2.0, -1.0], [0.0, 1.0, 0.0]]],
                             [[[-1.0, -1.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, -2.0]],
                              [[2.0, 0.0, 0.0], [0.0, -1.0, 0.0], [0.0, 0.0, 1.0]]]]> : tensor<2x2x3x3xf32>
  %z = arith.constant dense<0.0> : tensor<1x2x4x4xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x2x6x6xf32>, tensor<2x2x3x3xf32>) outs(%z : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%c : tensor<1x2x4x4xf32>) outs(%e : tensor<1x2x4x4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %m = arith.maximumf %in, %zero : f32
    linalg.yield %m : f32
  } -> tensor<1x2x4x4xf32>
  %f = tensor.collapse_shape %r [[0], [1, 2, 3]] : tensor<1x2x4x4xf32> into tensor<1x32xf32>
  %w2 = arith.constant dense<0.25> : tensor<32x4xf32>
  %z2 = arith.constant dense<0.0> : tensor<1x4xf32>
  %y = linalg.matmul ins(%f, %w2 : tensor<1x32xf32>, tensor<32x4xf32>) outs(%z2 : tensor<1x4xf32>) -> tensor<1x4xf32>
  %w3 = arith.constant dense<[[0.5, -1.0], [1.0, 0.25], [-0.75, 0.5], [0.25, 1.0], [1.0, -0.5], [-0.5, 0.75], [0.5, 0.5], [-1.0, 0.25]]> : tensor<8x2xf32>
  %z3 = arith.constant dense<0.0> : tensor<3x2xf32>
  %u = linalg.matmul ins(%v, %w3 : tensor<3x8xf32>, tensor<8x2xf32>) outs(%z3 : tensor<3x2xf32>) -> tensor<3x2xf32>
  return %y, %u : tensor<1x4xf32>, tensor<3x2xf32>
}

func.func private @printMemrefF32(tensor<*xf32>)

/// Runs @main on fixed inputs (multiples of 1/8 in [-4, 4], like the
/// calibration inputs but not among them) and prints both results.
func.func @run() {
  %x = arith.constant dense<[[[[-3.875, 0.375, 3.125, 1.0, 2.5, -3.875], [-1.125, 0.375, 2.875, 2.0, 3.375, -3.75], [4.0, -2.5, 1.0, -1.5, 3.375, 0.875], [1.875, -0.625, 3.75, 3.75, -1.875, 0.0], [-1.375, 1.125, -1.625, -1.25, -0.75, 2.25], [3.375, -3.375, -2.5, 2.625, -3.875, 1.5]], [[-2.625, 1.125, 0.125, -2.5, -2.625, -4.0], [-1.125, 3.625, -2.625, 0.75, 3.375, -1.75], [3.5, -0.625, 0.375, 2.625, -0.375, -1.375], [0.125, 1.625, 3.875, 3.75, -0.125, -2.625], [1.125, 2.75, 3.375, -1.125, 1.25, 0.625], [0.0, -3.625, -3.125, -0.5, 1.625, 3.375]]]]> : tensor<1x2x6x6xf32>
  %v = arith.constant dense<[[1.625, 0.875, 2.875, 3.0, 2.0, 0.25, 2.5, 0.0], [-0.625, 4.0, 3.25, 0.0, -1.875, -2.375, 2.875, -0.875], [-2.75, -0.125, -0.75, -1.25, -2.75, 0.75, -1.75, 3.625]]> : tensor<3x8xf32>
  %y, %u = call @main(%x, %v) : (tensor<1x2x6x6xf32>, tensor<3x8xf32>) -> (tensor<1x4xf32>, tensor<3x2xf32>)
  %py = tensor.cast %y : tensor<1x4xf32> to tensor<*xf32>
  call @printMemrefF32(%py) : (tensor<*xf32>) -> ()
  %pu = tensor.cast %u : tensor<3x2xf32> to tensor<*xf32>
  call @printMemrefF32(%pu) : (tensor<*xf32>) -> ()
  return
}
