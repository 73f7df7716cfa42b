// RUN: quantx-opt %s -split-input-file -verify-diagnostics --quantx-calibrate
//
// Option and statistics-file errors: one RUN each, quoting the message.
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="num-bins=100" 2>&1 | FileCheck %s --check-prefix=BINS
// BINS: error: quantx-calibrate: num-bins must be at least 2048, got 100
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="inputs=a.npy stats-file=b.json" 2>&1 | FileCheck %s --check-prefix=BOTH
// BOTH: error: quantx-calibrate: give calibration inputs or a statistics file, not both
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main input-gram stats-file=%S/Inputs/calibrate-stats-arg0.json" 2>&1 | FileCheck %s --check-prefix=GRAM
// GRAM: error: quantx-calibrate: input-gram needs calibration inputs (inputs=...)
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=nope" 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: error: quantx-calibrate: no function 'nope' with a body to calibrate
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%t.missing.json" 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: error: quantx-calibrate: cannot read '{{.*}}.missing.json': No such file or directory
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-not-json.json" 2>&1 | FileCheck %s --check-prefix=NOTJSON
// NOTJSON: error: quantx-calibrate: '{{.*}}calibrate-stats-not-json.json' is not JSON: {{.+}}
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-no-tensors.json" 2>&1 | FileCheck %s --check-prefix=NOTENSORS
// NOTENSORS: error: quantx-calibrate: '{{.*}}calibrate-stats-no-tensors.json' must hold an object with a "tensors" array
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-no-name.json" 2>&1 | FileCheck %s --check-prefix=NONAME
// NONAME: error: quantx-calibrate: every entry of '{{.*}}calibrate-stats-no-name.json' needs a "name"
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-unknown-name.json" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: quantx-calibrate: statistics for 'nope' in '{{.*}}calibrate-stats-unknown-name.json' match no calibration point of @main
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-invalid.json" 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID: error: quantx-calibrate: statistics for 'arg0' in '{{.*}}calibrate-stats-invalid.json': min 1 exceeds max 0
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-channels.json" 2>&1 | FileCheck %s --check-prefix=CHANNELS
// CHANNELS: error: quantx-calibrate: statistics of 'arg0': per-channel statistics have 1 channels, dimension 1 has 4
// RUN: not quantx-opt %s -split-input-file --quantx-calibrate="entry=main stats-file=%S/Inputs/calibrate-stats-arg0.json dump-stats=%t.missing-dir/s.json" 2>&1 | FileCheck %s --check-prefix=DUMP
// DUMP: error: quantx-calibrate: cannot write '{{.*}}.missing-dir/s.json': No such file or directory

// Errors that depend on the IR alone.

/// Nothing to take statistics from, and none in the IR.
// expected-error @+1 {{quantx-calibrate: no statistics for 1 value(s) that will be quantized ('arg0'); give calibration inputs (inputs=...) or a statistics file (stats-file=...)}}
func.func @main(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// No public function to run.
// expected-error @+1 {{quantx-calibrate: no public function with a body to calibrate}}
module {
  func.func private @hidden(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    return %x : tensor<2x4xf32>
  }
}

// -----

/// Which one?
// expected-error @+1 {{quantx-calibrate: several public functions; name the one to calibrate with entry=<name>}}
module {
  func.func @a(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    return %x : tensor<2x4xf32>
  }
  func.func @b(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
    return %x : tensor<2x4xf32>
  }
}
