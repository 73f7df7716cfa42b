//===- QuantxBase.td - quantx dialect definition -----------*- tablegen -*-===//
//
// The quantx dialect: quantized tensors, requantization and quantized kernels
// with explicit rounding and executable reference semantics.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXBASE_TD
#define QUANTX_DIALECT_QUANTX_IR_QUANTXBASE_TD

include "mlir/IR/OpBase.td"

def Quantx_Dialect : Dialect {
  let name = "quantx";
  let cppNamespace = "::mlir::quantx";
  let summary = "Quantized tensors, requantization and integer kernels";
  let description = [{
    The `quantx` dialect models quantized neural-network computations between
    a float model and target code. Quantized values use the upstream `quant`
    element types (`!quant.uniform<...>`: per-tensor, per-axis and sub-channel)
    so that the IR interoperates with every stack that already speaks `quant`.
    quantx adds what upstream lacks:

    * an explicit rounding mode on every op that rounds
      (`#quantx.rounding<...>`), and saturation to the storage range;
    * fixed-point requantization (`quantx.requantize`): a 31-bit multiplier
      and a right shift computed at compile time from the scale ratio, with
      the gemmlowp/TFLite/TOSA rounding variants;
    * integer kernels with zero-point corrections and i32 accumulation
      (`quantx.qmatmul`, `quantx.qconv2d`);
    * the inference form of batch normalization (`quantx.batch_norm`) for
      frontends that keep it as an op;
    * codebook-quantized weights (product quantization with byte indices:
      `quantx.codebook_dequantize`) and the matmul that uses them without
      rebuilding the weights (`quantx.codebook_matmul`).

    Every op has reference semantics that execute: `convert-quantx-to-linalg`
    lowers each op to `linalg`/`arith`/`math`/`tensor` with the rounding spelled
    out, and `quantx-lower-to-llvm-pipeline` takes the result to runnable LLVM.
  }];
  // Canonicalization materializes folded constants as `arith.constant` plus
  // `quant.scast` (dense attributes cannot hold quantized element types).
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::quant::QuantDialect"];
  let useDefaultAttributePrinterParser = 1;
  // `quantx.stats` on ops and function arguments (calibration statistics).
  let hasOperationAttrVerify = 1;
  let hasRegionArgAttrVerify = 1;
}

class Quantx_Op<string mnemonic, list<Trait> traits = []>
    : Op<Quantx_Dialect, mnemonic, traits>;

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXBASE_TD
