// REQUIRES: numpy
// RUN: %python %oracles/bias_correction.py emit %t.mlir
// RUN: quantx-opt %t.mlir --quantx-insert-qdq="weight-bits=3 bias-correction" --mlir-print-elementsattrs-with-hex-if-larger=-1 | %python %oracles/bias_correction.py check /dev/stdin --expect-corrected | FileCheck %s
// RUN: quantx-opt %t.mlir --quantx-insert-qdq="weight-bits=3" --mlir-print-elementsattrs-with-hex-if-larger=-1 | %python %oracles/bias_correction.py check /dev/stdin --expect-biased | FileCheck %s
// RUN: quantx-opt %t.mlir --quantx-insert-qdq="weight-bits=3 bias-correction weight-granularity=per-group group-size=16" -o %t.group.mlir
// RUN: FileCheck %s --check-prefix=GROUP --input-file=%t.group.mlir
// CHECK: OK

// ACIQ bias correction of 3-bit per-channel weights, checked in numpy
// (test/lib/oracles/bias_correction.py): after the correction every output
// channel of the dequantized weights has the float weights' std (to 1e-6)
// and mean (within half a scale); without it they visibly differ. The
// correction keeps the integers and rescales each channel's scale and zero
// point, so symmetric grids get non-zero zero points.
//
// Per-group weights are corrected per output channel too: each group of a
// channel gets the same xi and offset.
// GROUP: quant.scast {{.*}} : tensor<48x6xi8> to tensor<48x6x!quant.uniform<i8<-3:3>:f32:{0:16, 1:1}
