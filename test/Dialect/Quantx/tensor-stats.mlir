// RUN: quantx-opt %s --allow-unregistered-dialect | quantx-opt --allow-unregistered-dialect | FileCheck %s
// RUN: quantx-opt %s --allow-unregistered-dialect --mlir-print-op-generic | quantx-opt --allow-unregistered-dialect | FileCheck %s
//
// A histogram that is not a splat, built by numpy, round-trips bit for bit
// (the printer may switch to the hex form of dense elements; the parsed
// values must not change).
// RUN: %python %S/Inputs/tensor-stats-gen.py > %t.mlir
// RUN: quantx-opt %t.mlir | quantx-opt --mlir-print-op-generic | quantx-opt > %t.roundtrip.mlir
// RUN: quantx-opt %t.mlir --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s --check-prefix=BINS
// RUN: quantx-opt %t.roundtrip.mlir --mlir-print-elementsattrs-with-hex-if-larger=-1 | FileCheck %s --check-prefix=BINS
// BINS: bins = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, {{.*}}, 2045, 2046, 2047]> : tensor<2048xi64>

// Round trip of #quantx.tensor_stats and of its attachment to values
// (`quantx.stats` on function arguments and on the producing op, an array
// for multi-result ops). Floats print in MLIR's round-tripping form.

/// The moments alone, on a function argument.
// CHECK-LABEL: func.func @argument_moments
// CHECK-SAME: quantx.stats = #quantx.tensor_stats<count = 8, min = -1.000000e+00, max = 2.000000e+00, mean = 5.000000e-01, std = 1.000000e+00, mad = 7.500000e-01>
func.func @argument_moments(
    %x: tensor<2x4xf32> {quantx.stats = #quantx.tensor_stats<count = 8,
        min = -1.0, max = 2.0, mean = 0.5, std = 1.0, mad = 0.75>}) {
  return
}

/// A histogram (2048 bins of 2 values: a splat) with its range, and the
/// per-channel moments along axis 1; on a single-result op. Values that are
/// not exact in decimal keep every bit (0.1 prints as 1.000000e-01, the f64
/// nearest to 0.1).
// CHECK-LABEL: func.func @op_result_histogram_per_channel
// CHECK: arith.addf
// CHECK-SAME: quantx.stats = #quantx.tensor_stats<count = 4096, min = -2.000000e+00, max = 6.000000e+00, mean = 2.000000e+00, std = 3.000000e+00, mad = 2.500000e+00, histogram = {range = [-3.000000e+00, 7.000000e+00], bins = dense<2> : tensor<2048xi64>}, per_channel = {axis = 1, min = [-2.000000e+00, 0.000000e+00, 1.000000e+00], max = [6.000000e+00, 5.000000e+00, 4.000000e+00], mean = [2.000000e+00, 2.000000e+00, 2.000000e+00], std = [1.000000e+00, 1.000000e+00, 1.000000e+00], mad = [1.000000e-01, 2.000000e-01, 3.000000e-01]}>
func.func @op_result_histogram_per_channel(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %y = arith.addf %x, %x {quantx.stats = #quantx.tensor_stats<count = 4096,
      min = -2.0, max = 6.0, mean = 2.0, std = 3.0, mad = 2.5,
      histogram = {range = [-3.0, 7.0], bins = dense<2> : tensor<2048xi64>},
      per_channel = {axis = 1, min = [-2.0, 0.0, 1.0], max = [6.0, 5.0, 4.0],
                     mean = [2.0, 2.0, 2.0], std = [1.0, 1.0, 1.0],
                     mad = [0.1, 0.2, 0.3]}>} : tensor<2x3xf32>
  return %y : tensor<2x3xf32>
}

/// Per-channel statistics without a histogram; a dynamic channel dimension
/// is not checked against the channel count.
// CHECK-LABEL: func.func @per_channel_dynamic
// CHECK-SAME: per_channel = {axis = 0, min = [0.000000e+00], max = [1.000000e+00], mean = [5.000000e-01], std = [5.000000e-01], mad = [5.000000e-01]}
func.func @per_channel_dynamic(
    %x: tensor<?x4xf32> {quantx.stats = #quantx.tensor_stats<count = 2,
        min = 0.0, max = 1.0, mean = 0.5, std = 0.5, mad = 0.5,
        per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5],
                       std = [0.5], mad = [0.5]}>}) {
  return
}

/// A multi-result op holds an array: statistics for result 1, none (unit) for
/// result 0.
// CHECK-LABEL: func.func @multi_result
// CHECK: quantx.stats = [unit, #quantx.tensor_stats<count = 1, min = 3.000000e+00, max = 3.000000e+00, mean = 3.000000e+00, std = 0.000000e+00, mad = 0.000000e+00>]
func.func @multi_result(%a: tensor<4xf32>, %b: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %r:2 = "test.two_results"(%a, %b) {quantx.stats = [unit,
      #quantx.tensor_stats<count = 1, min = 3.0, max = 3.0, mean = 3.0,
                           std = 0.0, mad = 0.0>]}
      : (tensor<4xf32>, tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return %r#0, %r#1 : tensor<4xf32>, tensor<4xf32>
}

/// Statistics stay valid on a memref (after bufferization) and are carried
/// along unchecked on values that are no longer shaped.
// CHECK-LABEL: func.func @after_bufferization
// CHECK-SAME: memref<2x3xf32> {quantx.stats = #quantx.tensor_stats<count = 6
// CHECK-LABEL: llvm.func @after_lowering
// CHECK-SAME: !llvm.ptr {quantx.stats = #quantx.tensor_stats<count = 6
func.func @after_bufferization(
    %x: memref<2x3xf32> {quantx.stats = #quantx.tensor_stats<count = 6,
        min = 0.0, max = 1.0, mean = 0.5, std = 0.5, mad = 0.5>}) {
  return
}
llvm.func @after_lowering(
    %x: !llvm.ptr {quantx.stats = #quantx.tensor_stats<count = 6,
        min = 0.0, max = 1.0, mean = 0.5, std = 0.5, mad = 0.5>}) {
  llvm.return
}
