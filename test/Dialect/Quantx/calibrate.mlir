// RUN: quantx-opt %s --quantx-calibrate="stats-file=%S/Inputs/calibrate-stats.json dump-stats=%t.json" | FileCheck %s
// RUN: FileCheck %s --check-prefix=JSON --input-file=%t.json
// RUN: quantx-opt %s --quantx-calibrate="stats-file=%S/Inputs/calibrate-stats.json" --mlir-print-debuginfo | quantx-opt --quantx-calibrate="dump-stats=%t.2.json" | FileCheck %s
// RUN: diff %t.json %t.2.json
// Names come from locations: printed without them, the NameLoc names are
// gone and the structural names remain.
// RUN: quantx-opt %s --quantx-calibrate="stats-file=%S/Inputs/calibrate-stats.json" | quantx-opt --quantx-calibrate="dump-stats=%t.3.json" -o /dev/null
// RUN: FileCheck %s --check-prefix=NOLOC --input-file=%t.3.json
// NOLOC: "name":"arg0"
// NOLOC: "name":"matmul1.input"
// NOLOC: "name":"arg1"
// NOLOC: "name":"matmul3.input"
// RUN: quantx-opt %s --quantx-calibrate="stats-file=%S/Inputs/calibrate-stats.json" -debug-only=quantx-calibrate 2>&1 >/dev/null | FileCheck %s --check-prefix=DEBUG

// quantx-calibrate without running anything: statistics from a JSON file
// (Inputs/calibrate-stats.json), attached to the calibration points and
// dumped again; with no source, the statistics already in the IR are checked
// and dumped unchanged. Running the model on .npy inputs is tested in
// test/Integration/CPU/calibrate.mlir.
//
// The points and their names: the conv's input is argument 0 ("arg0"); the
// first matmul ("fc", a NameLoc) reads a collapse_shape without a name, so
// its input is "fc.input", attached to the collapse_shape; the second matmul
// reads argument 1; the third reads the output of an op named "act2".

// DEBUG: [quantx-calibrate] 4 calibration points in @main: 'arg0' 'fc.input' 'arg1' 'act2'

// CHECK-LABEL: func.func @main
// CHECK-SAME: %arg0: tensor<1x2x4x4xf32> {quantx.stats = #quantx.tensor_stats<count = 32, min = -4.000000e+00, max = 4.000000e+00, mean = 2.500000e-01, std = 2.000000e+00, mad = 1.500000e+00>}
// CHECK-SAME: %arg1: tensor<2x8xf32> {quantx.stats = #quantx.tensor_stats<count = 16, min = -1.000000e+00, max = 1.000000e+00, mean = 0.000000e+00, std = 5.000000e-01, mad = 2.500000e-01>}
// CHECK: tensor.collapse_shape {{.*}} {quantx.stats = #quantx.tensor_stats<count = 32, min = 0.000000e+00, max = 6.000000e+00, mean = 1.500000e+00, std = 1.250000e+00, mad = 1.000000e+00, per_channel = {axis = 1, min = [0.000000e+00,
// CHECK: linalg.generic {{.*}}quantx.stats = #quantx.tensor_stats<count = 4, min = 0.000000e+00, max = 2.000000e+00, mean = 5.000000e-01, std = 1.000000e+00, mad = 7.500000e-01>

// JSON: {"tensors": [
// JSON-NEXT: {"count":32,"mad":1.5,"max":4,"mean":0.25,"min":-4,"name":"arg0","std":2},
// JSON-NEXT: {"count":32,"mad":1,"max":6,"mean":1.5,"min":0,"name":"fc.input","per_channel":{"axis":1,"mad":[0,{{.*}}],"max":[6,{{.*}}],"mean":[1.5,{{.*}}],"min":[0,{{.*}}],"std":[0,{{.*}}]},"std":1.25},
// JSON-NEXT: {"count":16,"mad":0.25,"max":1,"mean":0,"min":-1,"name":"arg1","std":0.5},
// JSON-NEXT: {"count":4,"mad":0.75,"max":2,"mean":0.5,"min":0,"name":"act2","std":1}
// JSON-NEXT: ]}

#id = affine_map<(a, b) -> (a, b)>

func.func @main(%x: tensor<1x2x4x4xf32>, %a: tensor<2x8xf32>) -> (tensor<1x4xf32>, tensor<2x2xf32>) {
  %w = arith.constant dense<0.5> : tensor<2x2x1x1xf32>
  %z = arith.constant dense<0.0> : tensor<1x2x4x4xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) outs(%z : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> loc("conv1")
  %f = tensor.collapse_shape %c [[0], [1, 2, 3]] : tensor<1x2x4x4xf32> into tensor<1x32xf32>
  %w2 = arith.constant dense<0.25> : tensor<32x4xf32>
  %z2 = arith.constant dense<0.0> : tensor<1x4xf32>
  %m = linalg.matmul ins(%f, %w2 : tensor<1x32xf32>, tensor<32x4xf32>) outs(%z2 : tensor<1x4xf32>) -> tensor<1x4xf32> loc("fc")
  %w3 = arith.constant dense<1.0> : tensor<8x2xf32>
  %z3 = arith.constant dense<0.0> : tensor<2x2xf32>
  %n = linalg.matmul ins(%a, %w3 : tensor<2x8xf32>, tensor<8x2xf32>) outs(%z3 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x2xf32>
  %r = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel", "parallel"]}
      ins(%n : tensor<2x2xf32>) outs(%e : tensor<2x2xf32>) {
  ^bb0(%in: f32, %out: f32):
    %zero = arith.constant 0.0 : f32
    %v = arith.maximumf %in, %zero : f32
    linalg.yield %v : f32
  } -> tensor<2x2xf32> loc("act2")
  %w4 = arith.constant dense<1.0> : tensor<2x2xf32>
  %o = linalg.matmul ins(%r, %w4 : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z3 : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %m, %o : tensor<1x4xf32>, tensor<2x2xf32>
}
