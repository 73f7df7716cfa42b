// REQUIRES: numpy
// RUN: rm -rf %t.in && %python %oracles/ptqnet.py model --mlir %t.mlir --inputs %t.in --expected %t.f64
//
// End to end: a float conv/matmul net with two batch norms
// (test/lib/oracles/ptqnet.py: pad + conv + BN + ReLU, conv + BN + ReLU,
// matmul + bias), calibrated in process on four .npy inputs, quantized W8A8
// (8-bit per-tensor asymmetric min-max activations, 8-bit per-channel
// symmetric weights) by quantx-ptq-pipeline, lowered with
// quantx-lower-to-llvm-pipeline and run on an input that is not among the
// calibration inputs. The oracle is numpy's float64 evaluation of the float
// net; the script prints the SQNR it measures and fails below the threshold
// given here.
//
// 1. The float net agrees with float64 at >= 60 dB (measured: 131.28 dB).
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.float
// RUN: %python %oracles/ptqnet.py sqnr %t.float %t.f64 60 | FileCheck %s --check-prefix=FLOAT
// FLOAT: SQNR {{[0-9.]+}} dB against float64 (threshold 60 dB)
// FLOAT: OK
//
// 2. The pipeline folds the batch norms, and the first layer becomes an
//    integer convolution plus requantize. The second layer stays in QDQ form
//    (its ReLU feeds the matmul through a tensor.collapse_shape, which
//    quantx-fuse-qdq does not look through; the remark says so), and so
//    does the matmul (its output is not quantized: the model's result).
// RUN: quantx-opt %t.mlir --quantx-ptq-pipeline="entry=net inputs=%t.in report=%t.report.md emit-remarks" -o %t.q.mlir 2>&1 | FileCheck %s --check-prefix=REMARK
// REMARK: remark: not fused: a tensor.collapse_shape other than the one merging (group, channel) after a grouped convolution
// RUN: FileCheck %s --check-prefix=IR --input-file=%t.q.mlir --implicit-check-not=quantx.batch_norm
// IR-LABEL: func.func @net
// IR:         quantx.quantize %arg0
// IR:         quantx.qconv2d {{.*}} layout<nchw_fchw> {padding = array<i64: 1, 1, 1, 1>}
// IR:         quantx.requantize
// IR:         quantx.dequantize
// IR:         linalg.conv_2d_nchw_fchw
// IR:         quantx.quantize
// IR:         linalg.matmul
// IR-LABEL: func.func @main
//
// 3. The report has a row per quantized tensor (three activations, three
//    weights).
// RUN: FileCheck %s --check-prefix=REPORT --input-file=%t.report.md
// REPORT: | net | arg0 | activation | conv0 | per-tensor | 8 | no | minmax |
// REPORT: | net | conv0.weight | weight | conv0 | per-channel(8) | 8 | yes | minmax |
// REPORT: | net | conv1.input | activation | conv1 | per-tensor | 8 | no | minmax |
// REPORT: | net | conv1.weight | weight | conv1 | per-channel(8) | 8 | yes | minmax |
// REPORT: | net | matmul2.input | activation | matmul2 | per-tensor | 8 | no | minmax |
// REPORT: | net | matmul2.weight | weight | matmul2 | per-channel(10) | 8 | yes | minmax |
//
//    The JSON report drawn by scripts/plot-quant-report.py: a histogram per
//    activation with the two clip lines of each of the five methods.
// RUN: quantx-opt %t.mlir --quantx-ptq-pipeline="entry=net inputs=%t.in report=%t.report.json" -o /dev/null
// RUN: %python %quantx_src/scripts/plot-quant-report.py %t.report.json %t.report.html
// RUN: FileCheck %s --check-prefix=HTML --input-file=%t.report.html
// HTML: <h2>net: arg0 (conv0)</h2>
// HTML-COUNT-10: class="clip"
// HTML: <h2>net: conv1.input (conv1)</h2>
// HTML-COUNT-10: class="clip"
// HTML: <h2>net: matmul2.input (matmul2)</h2>
// HTML-COUNT-10: class="clip"
// HTML: <h2>Weights</h2>
// HTML: <td>net</td><td>conv0.weight</td><td>per-channel(8)</td><td>8</td><td>minmax</td>
//
// 4. The quantized net agrees with float64 at >= 30 dB (measured: 37.50 dB;
//    numpy's fake quantization of the same net with the same min-max ranges
//    gives 37.50 dB too).
// RUN: quantx-opt %t.q.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.int8
// RUN: %python %oracles/ptqnet.py sqnr %t.int8 %t.f64 30 | FileCheck %s --check-prefix=SQNR
// SQNR: SQNR {{[0-9.]+}} dB against float64 (threshold 30 dB)
// SQNR: OK
//
// The QDQ form before fusion runs too, at the same threshold:
// quantx-lower-to-llvm-pipeline drops the statistics that stay on ops
// bufferized in place (the ReLU generics).
// RUN: quantx-opt %t.mlir --quantx-fold-batchnorm --quantx-calibrate="entry=net inputs=%t.in" --quantx-insert-qdq --quantx-lower-to-llvm-pipeline | %run_main > %t.qdq
// RUN: %python %oracles/ptqnet.py sqnr %t.qdq %t.f64 30 | FileCheck %s --check-prefix=SQNR
//
// 5. The options reach the passes.
// RUN: quantx-opt %t.mlir --quantx-ptq-pipeline="entry=net inputs=%t.in weight-bits=4 activation-clip=mse weight-granularity=per-tensor rounding=half_up skip-first emit-remarks float-epilogue" --dump-pass-pipeline -o /dev/null 2>&1 | FileCheck %s --check-prefix=PIPELINE
// PIPELINE:      quantx-fold-batchnorm{{.*}}emit-remarks=true
// PIPELINE-NEXT: quantx-calibrate{{.*}} entry=net {{.*}}inputs={{.*}}.in
// PIPELINE-NEXT: quantx-insert-qdq{{.*}}activation-clip=mse{{.*}}rounding=half_up skip-first=true{{.*}}weight-bits=4{{.*}}weight-granularity=per-tensor
// PIPELINE-NEXT: quantx-fuse-qdq{emit-remarks=true float-epilogue=true
// PIPELINE-NEXT: canonicalize
//
// 6. With float-epilogue, the second conv runs on integers too (a
//    dequantize of its i32 accumulator feeds the float ReLU), and the net
//    still meets the threshold.
// RUN: quantx-opt %t.mlir --quantx-ptq-pipeline="entry=net inputs=%t.in float-epilogue" -o %t.fe.mlir
// RUN: FileCheck %s --check-prefix=FE --input-file=%t.fe.mlir
// FE-LABEL: func.func @net
// FE:         quantx.qconv2d {{.*}} layout<nchw_fchw> {padding = array<i64: 1, 1, 1, 1>}
// FE:         quantx.requantize
// FE:         %[[ACC:.*]] = quantx.qconv2d
// FE:         quantx.dequantize %[[ACC]]
// FE-LABEL: func.func @main
// RUN: quantx-opt %t.fe.mlir --quantx-lower-to-llvm-pipeline | %run_main > %t.fe.out
// RUN: %python %oracles/ptqnet.py sqnr %t.fe.out %t.f64 30 | FileCheck %s --check-prefix=SQNR
