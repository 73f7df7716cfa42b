// REQUIRES: avx512vnni, libomp
// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py matmul %t.matmul.mlir
// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py conv %t.conv.mlir
// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py weight-only %t.wo.mlir
// RUN: for k in matmul conv wo; do quantx-opt %t.$k.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.$k.ref; done
// RUN: for k in matmul conv wo; do quantx-opt %t.$k.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=avx512-vnni num-threads=2" | %run_omp_main | grep -v "Unranked Memref" > %t.$k.fast; done
// RUN: count 31 < %t.matmul.ref
// RUN: count 14 < %t.conv.ref
// RUN: count 12 < %t.wo.ref
// RUN: diff %t.matmul.ref %t.matmul.fast
// RUN: diff %t.conv.ref %t.conv.fast
// RUN: diff %t.wo.ref %t.wo.fast
// RUN: quantx-opt %t.conv.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=avx512-vnni num-threads=2" | FileCheck %s

// The fast kernels with num-threads=2 (column panels shared out by an OpenMP
// parallel region, run with libomp) agree bit for bit with the reference
// lowering on the matmul, convolution and weight-only cases of
// test/lib/fast_kernel_cases.py, the same cases as the single-threaded
// fast-{qmatmul,qconv2d,weight-only}-avx512-vnni.mlir. The kernels really
// hold a two-thread OpenMP region, with the intrinsic calls inside it:

// CHECK: llvm.func @__quantx_qconv2d_avx512_vnni_
// CHECK: omp.parallel num_threads
// CHECK: omp.wsloop
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpdpbusd.512"
