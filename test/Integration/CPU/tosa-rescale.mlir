// RUN: %python %oracles/rescale.py --tosa %t.tosa.mlir --quantx %t.quantx.mlir
//
// tosa.rescale -> quantx.requantize: upstream's lowering of the TOSA op is the
// oracle for quantx's lowering of the converted op.
// RUN: quantx-opt %t.tosa.mlir --pass-pipeline="builtin.module(func.func(tosa-to-linalg,tosa-to-arith{include-apply-rescale=true}),quantx-lower-to-llvm-pipeline)" \
// RUN:   | %run_main | grep -v "Unranked Memref" > %t.tosa.upstream
// RUN: quantx-opt %t.tosa.mlir --convert-tosa-to-quantx | FileCheck %s --check-prefix=TOQUANTX --implicit-check-not=tosa.
// RUN: quantx-opt %t.tosa.mlir --convert-tosa-to-quantx --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.tosa.quantx
// RUN: diff %t.tosa.upstream %t.tosa.quantx
//
// quantx.requantize -> tosa.rescale: quantx's reference lowering is compared
// with upstream's lowering of the converted op.
// RUN: quantx-opt %t.quantx.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.quantx.ref
// RUN: quantx-opt %t.quantx.mlir --convert-quantx-to-tosa | FileCheck %s --check-prefix=TOTOSA --implicit-check-not=quantx.requantize
// RUN: quantx-opt %t.quantx.mlir --pass-pipeline="builtin.module(convert-quantx-to-tosa,func.func(tosa-to-linalg,tosa-to-arith{include-apply-rescale=true}),quantx-lower-to-llvm-pipeline)" \
// RUN:   | %run_main | grep -v "Unranked Memref" > %t.quantx.tosa
// RUN: diff %t.quantx.ref %t.quantx.tosa

// The cases (test/lib/oracles/rescale.py): tosa.rescale with scale32 and
// scale16 multipliers, SINGLE_ROUND and DOUBLE_ROUND with shifts below, at
// and above 31 (up to 62), per tensor and per channel, u8/u16 inputs with
// zero points 128/32768, an unsigned output, i8/i16/i32 inputs and outputs,
// ratios below and above 1, inputs at each type's extremes and at the zero
// point, exact ties (ratio 1/2); quantx.requantize with half_up and
// double_round, per channel along the last dimension, a shift of 0 (which
// the conversion normalizes to TOSA's minimum of 2). Inputs keep the scaled
// value inside i32, where TOSA is defined.
//
// DOUBLE_ROUND maps to quantx's double_round, gemmlowp's two steps; their
// equality for non-negative multipliers is proven on every right shift with
// corner inputs and ties in unittests/QuantizationMathTest.cpp
// (TosaDoubleRoundEqualsGemmlowpChainForRightShifts), and checked here
// against upstream's own single-step lowering.

// TOQUANTX-COUNT-9: quantx.requantize
// TOTOSA-COUNT-5: tosa.rescale
