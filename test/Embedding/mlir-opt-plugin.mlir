// REQUIRES: quantx-plugin
// Stock mlir-opt (Debian's, linked with libMLIR.so) with QuantxPlugin.so
// produces exactly what quantx-opt produces, for the reference lowering and
// for the LLVM pipeline.
// RUN: quantx-opt %s --pass-pipeline='builtin.module(convert-quantx-to-linalg)' > %t.quantx-opt.linalg
// RUN: %stock_mlir_opt %s --load-dialect-plugin=%quantx_plugin --load-pass-plugin=%quantx_plugin --pass-pipeline='builtin.module(convert-quantx-to-linalg)' > %t.mlir-opt.linalg
// RUN: diff %t.quantx-opt.linalg %t.mlir-opt.linalg
// RUN: FileCheck %s --check-prefix=LINALG < %t.mlir-opt.linalg
// RUN: quantx-opt %s --pass-pipeline='builtin.module(quantx-lower-to-llvm-pipeline{emit-c-interface})' > %t.quantx-opt.llvm
// RUN: %stock_mlir_opt %s --load-dialect-plugin=%quantx_plugin --load-pass-plugin=%quantx_plugin --pass-pipeline='builtin.module(quantx-lower-to-llvm-pipeline{emit-c-interface})' > %t.mlir-opt.llvm
// RUN: diff %t.quantx-opt.llvm %t.mlir-opt.llvm
// RUN: FileCheck %s --check-prefix=LLVM < %t.mlir-opt.llvm
//
// The dialect plugin alone registers the passes too, and the round trip
// through stock mlir-opt keeps the quantx ops.
// RUN: %stock_mlir_opt %s --load-dialect-plugin=%quantx_plugin --pass-pipeline='builtin.module(convert-quantx-to-linalg)' | diff %t.quantx-opt.linalg -
// RUN: %stock_mlir_opt %s --load-dialect-plugin=%quantx_plugin | %stock_mlir_opt --load-dialect-plugin=%quantx_plugin | FileCheck %s --check-prefix=ROUNDTRIP
//
// Without the plugin, stock mlir-opt does not know quantx.
// RUN: not %stock_mlir_opt %s 2>&1 | FileCheck %s --check-prefix=NOPLUGIN

// LINALG-LABEL: func.func @layer
// LINALG-NOT:     quantx.
// LINALG:         linalg.generic
// LINALG:         return

// LLVM-NOT:     quantx.
// LLVM-LABEL:   llvm.func @layer
// LLVM-LABEL:   llvm.func @_mlir_ciface_layer

// ROUNDTRIP-LABEL: func.func @layer
// ROUNDTRIP:         quantx.quantize %{{.*}} rounding<half_to_even>
// ROUNDTRIP:         quantx.qmatmul
// ROUNDTRIP:         quantx.requantize %{{.*}} multiplier [1717986918] shift [35] rounding<double_round>
// ROUNDTRIP:         quantx.dequantize

// NOPLUGIN: Dialect `quantx' not found

func.func @layer(%x: tensor<2x4xf32>, %w: tensor<4x3x!quant.uniform<i8:f32, 0.05>>,
                 %b: tensor<3xi32>) -> tensor<2x3xf32> {
  %q = quantx.quantize %x rounding<half_to_even>
      : tensor<2x4xf32> -> tensor<2x4x!quant.uniform<i8:f32, 0.05:-3>>
  %acc = quantx.qmatmul %q, %w bias %b
      : tensor<2x4x!quant.uniform<i8:f32, 0.05:-3>>,
        tensor<4x3x!quant.uniform<i8:f32, 0.05>>, tensor<3xi32>
        -> tensor<2x3x!quant.uniform<i32:f32, 0.0025>>
  %y = quantx.requantize %acc multiplier [1717986918] shift [35]
      rounding<double_round>
      : tensor<2x3x!quant.uniform<i32:f32, 0.0025>>
        -> tensor<2x3x!quant.uniform<i8:f32, 0.05:-3>>
  %r = quantx.dequantize %y
      : tensor<2x3x!quant.uniform<i8:f32, 0.05:-3>> -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
