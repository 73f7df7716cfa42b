// RUN: quantx-opt %s --convert-quantx-byte-lookup | FileCheck %s
// RUN: quantx-opt %s --convert-quantx-byte-lookup=x86-vbmi=0 | FileCheck %s --check-prefix=PORTABLE

// quantx.byte_lookup as AVX-512 VBMI shuffles: vpermb for 64 entries,
// vpermi2b for 128, two vpermi2b and a select on the index's sign bit for
// 256. The portable form looks each of the 64 bytes up (its results are
// compared bit for bit with the shuffles' in
// test/Integration/CPU/codebook-matmul-x86.mlir).

// CHECK-LABEL: func.func @lookup64
// CHECK-SAME: (%[[I:.*]]: vector<64xi8>, %[[T:.*]]: vector<64xi8>)
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.permvar.qi.512"(%[[T]], %[[I]]) : (vector<64xi8>, vector<64xi8>) -> vector<64xi8>
// PORTABLE-LABEL: func.func @lookup64
// PORTABLE-NOT: quantx.byte_lookup
// PORTABLE-COUNT-64: vector.insert
// PORTABLE-NOT: llvm.call_intrinsic
func.func @lookup64(%i: vector<64xi8>, %t: vector<64xi8>) -> vector<64xi8> {
  %v = quantx.byte_lookup %i in [%t] : vector<64xi8> from vector<64xi8>
  return %v : vector<64xi8>
}

// CHECK-LABEL: func.func @lookup128
// CHECK-SAME: (%[[I:.*]]: vector<64xi8>, %[[A:.*]]: vector<64xi8>, %[[B:.*]]: vector<64xi8>)
// CHECK: llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.qi.512"(%[[A]], %[[I]], %[[B]])
func.func @lookup128(%i: vector<64xi8>, %a: vector<64xi8>, %b: vector<64xi8>) -> vector<64xi8> {
  %v = quantx.byte_lookup %i in [%a, %b] : vector<64xi8> from vector<64xi8>, vector<64xi8>
  return %v : vector<64xi8>
}

// CHECK-LABEL: func.func @lookup256
// CHECK-SAME: (%[[I:.*]]: vector<64xi8>, %[[A:.*]]: vector<64xi8>, %[[B:.*]]: vector<64xi8>, %[[C:.*]]: vector<64xi8>, %[[D:.*]]: vector<64xi8>)
// CHECK-DAG: %[[LO:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.qi.512"(%[[A]], %[[I]], %[[B]])
// CHECK-DAG: %[[HI:.*]] = llvm.call_intrinsic "llvm.x86.avx512.vpermi2var.qi.512"(%[[C]], %[[I]], %[[D]])
// CHECK-DAG: %[[TOP:.*]] = arith.cmpi slt, %[[I]], %{{.*}} : vector<64xi8>
// CHECK: arith.select %[[TOP]], %[[HI]], %[[LO]] : vector<64xi1>, vector<64xi8>
func.func @lookup256(%i: vector<64xi8>, %a: vector<64xi8>, %b: vector<64xi8>, %c: vector<64xi8>, %d: vector<64xi8>) -> vector<64xi8> {
  %v = quantx.byte_lookup %i in [%a, %b, %c, %d]
      : vector<64xi8> from vector<64xi8>, vector<64xi8>, vector<64xi8>, vector<64xi8>
  return %v : vector<64xi8>
}
