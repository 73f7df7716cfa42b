// REQUIRES: numpy
// RUN: rm -rf %t && %python %S/Inputs/calibrate-inputs.py %t
//
// quantx-calibrate's diagnostics about calibration inputs and about models
// it cannot run, quoting the message. The inputs (written by
// Inputs/calibrate-inputs.py) are 2x4 arrays for @main(tensor<2x4xf32>).
//
// Errors that depend on the model: one run over every function (each split
// is its own module with one public function, the entry), checked with
// expected-error below; a process per case would cost its start-up each.
// RUN: quantx-opt %s --split-input-file --allow-unregistered-dialect -verify-diagnostics --quantx-calibrate="inputs=%t/x.npy" -o /dev/null
//
// Errors that depend on the inputs: one RUN each.
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/missing.npy" 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: error: quantx-calibrate: calibration input '{{.*}}missing.npy' does not exist
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/empty" 2>&1 | FileCheck %s --check-prefix=EMPTY
// EMPTY: error: quantx-calibrate: no .npy files in '{{.*}}empty'
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/x64.npy" 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: error: quantx-calibrate: calibration input '{{.*}}x64.npy' is float64, argument 0 is 'tensor<2x4xf32>'
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/x3x4.npy" 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: quantx-calibrate: calibration input '{{.*}}x3x4.npy' has shape 3x4, argument 0 is 'tensor<2x4xf32>'
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/fortran.npy" 2>&1 | FileCheck %s --check-prefix=FORTRAN
// FORTRAN: error: quantx-calibrate: calibration input '{{.*}}fortran.npy' is in Fortran order; save it in C order
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/text.npy" 2>&1 | FileCheck %s --check-prefix=NOTNPY
// NOTNPY: error: quantx-calibrate: {{.*}}text.npy: .npy: bad magic (not a .npy file)
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=main inputs=%t/inf.npy" 2>&1 | FileCheck %s --check-prefix=INF
// INF: error: quantx-calibrate: calibration input '{{.*}}inf.npy': non-finite value inf
// RUN: not quantx-opt %s --split-input-file --allow-unregistered-dialect --quantx-calibrate="entry=overflow inputs=%t/huge.npy" 2>&1 | FileCheck %s --check-prefix=OVERFLOW
// OVERFLOW: error: quantx-calibrate: 'matmul1.input': non-finite value inf (calibration input '{{.*}}huge.npy')

func.func @main(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

// expected-error @+1 {{quantx-calibrate: 1 calibration input files for a function with 2 arguments; files are taken 2 at a time, in order}}
func.func @two_args(%x: tensor<2x4xf32>, %v: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// 3e38 * 10 overflows f32: the second matmul's input is infinite.
func.func @overflow(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<10.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  %w2 = arith.constant dense<1.0> : tensor<2x2xf32>
  %y2 = linalg.matmul ins(%y, %w2 : tensor<2x2xf32>, tensor<2x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y2 : tensor<2x2xf32>
}

// -----

// expected-error @+1 {{quantx-calibrate needs a float model: argument 0 of @integer is 'tensor<2x4xi8>'}}
func.func @integer(%x: tensor<2x4xi8>) -> tensor<2x4xi8> {
  return %x : tensor<2x4xi8>
}

// -----

// expected-error @+1 {{quantx-calibrate: unsupported entry signature: argument 0 of @dynamic is 'tensor<?x4xf32>'; calibration feeds statically shaped f32 or f64 tensors}}
func.func @dynamic(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  return %x : tensor<?x4xf32>
}

// -----

// expected-error @+1 {{quantx-calibrate: the entry function has no arguments to feed calibration inputs to}}
func.func @no_args() -> tensor<2x2xf32> {
  %x = arith.constant dense<1.0> : tensor<2x4xf32>
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%x, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}

// -----

/// A matmul in a loop reading the loop's iteration argument.
// expected-error @+1 {{quantx-calibrate: cannot observe 'arg1', a block argument inside a region}}
func.func @in_loop(%x: tensor<2x4xf32>) -> tensor<2x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %w = arith.constant dense<1.0> : tensor<4x4xf32>
  %z = arith.constant dense<0.0> : tensor<2x4xf32>
  %r = scf.for %i = %c0 to %c2 step %c1 iter_args(%a = %x) -> tensor<2x4xf32> {
    %y = linalg.matmul ins(%a, %w : tensor<2x4xf32>, tensor<4x4xf32>) outs(%z : tensor<2x4xf32>) -> tensor<2x4xf32>
    scf.yield %y : tensor<2x4xf32>
  }
  return %r : tensor<2x4xf32>
}

// -----

/// The observed value is computed on a branch that never runs.
// expected-error @+1 {{quantx-calibrate: no statistics for 'matmul0.input': no values observed}}
func.func @never(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  %false = arith.constant false
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %r = scf.if %false -> tensor<2x2xf32> {
    %t = arith.addf %x, %x : tensor<2x4xf32>
    %y = linalg.matmul ins(%t, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
    scf.yield %y : tensor<2x2xf32>
  } else {
    scf.yield %z : tensor<2x2xf32>
  }
  return %r : tensor<2x2xf32>
}

// -----

/// An op the lowering does not know.
// expected-error @+1 {{quantx-calibrate: lowering the model for calibration failed}}
func.func @unlowerable(%x: tensor<2x4xf32>) -> tensor<2x2xf32> {
  // The lowering's own error, on the op.
  // expected-error @+1 {{op was not bufferized}}
  %t = "test.mystery"(%x) : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %w = arith.constant dense<1.0> : tensor<4x2xf32>
  %z = arith.constant dense<0.0> : tensor<2x2xf32>
  %y = linalg.matmul ins(%t, %w : tensor<2x4xf32>, tensor<4x2xf32>) outs(%z : tensor<2x2xf32>) -> tensor<2x2xf32>
  return %y : tensor<2x2xf32>
}
