"""Writes the MLIR module that times one benchmark case under quantx.

The module has @kernel (the quantized op with constant weights and bias and
a fused requantize to i8, as a model would have it) and @main, which calls
@kernel once to warm up and then `reps` times, printing the seconds of each
call (rtclock) on a line of its own. Weights and activations are random
(a fixed seed), so no constant folding can shortcut the arithmetic.

Usage: quantx_case.py <case-name> <reps> <out.mlir>
"""

import sys

import numpy as np

import cases

ACT = "!quant.uniform<u8:f32, 0.05:128>"
OUT = "!quant.uniform<i8:f32, 0.05:-3>"
WGT = "!quant.uniform<i8:f32, 0.02:0>"


def hexdense(a):
    return '"0x' + np.ascontiguousarray(a).tobytes().hex().upper() + '"'


def tensor(shape, elt):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + elt + ">"


def module(kind, dims, reps):
    rng = np.random.default_rng(1234)
    if kind == "gemm":
        m, n, k = dims
        xshape, wshape, yshape = (m, k), (k, n), (m, n)
        op = "quantx.qmatmul %a, %w bias %b"
        attrs = ""
    else:
        bn, h, w, c, kh, kw, f, s, p = dims
        oh, ow = cases.conv_out(h, kh, s, p), cases.conv_out(w, kw, s, p)
        xshape, wshape, yshape = (bn, h, w, c), (kh, kw, c, f), (bn, oh, ow, f)
        op = "quantx.qconv2d %a, %w bias %b layout<nhwc_hwcf>"
        attrs = (f" {{strides = array<i64: {s}, {s}>, dilations = array<i64: 1, 1>, "
                 f"padding = array<i64: {p}, {p}, {p}, {p}>}}")
    nout = wshape[-1]
    ws = rng.integers(-127, 128, size=wshape, dtype=np.int8)
    bias = rng.integers(-50000, 50000, size=(nout,), dtype=np.int32)
    xs = rng.integers(0, 256, size=xshape, dtype=np.uint8)
    tx, tw, ty = tensor(xshape, ACT), tensor(wshape, WGT), tensor(yshape, OUT)
    tacc = tensor(yshape, "i32")
    zeros = ", ".join(["%c0"] * len(yshape))
    return f"""\
func.func private @rtclock() -> f64
func.func private @printF64(f64)
func.func private @printI64(i64)
func.func private @printNewline()

func.func @kernel(%a: {tx}) -> {ty} {{
  %ws = arith.constant dense<{hexdense(ws)}> : {tensor(wshape, "i8")}
  %w = quant.scast %ws : {tensor(wshape, "i8")} to {tw}
  %b = arith.constant dense<{hexdense(bias)}> : tensor<{nout}xi32>
  %acc = {op}{attrs} : {tx}, {tw}, tensor<{nout}xi32> -> {tacc}
  %y = quantx.requantize %acc multiplier [1482791985] shift [40] rounding<double_round> : {tacc} -> {ty}
  return %y : {ty}
}}

func.func @main() {{
  %xs = arith.constant dense<{hexdense(xs)}> : {tensor(xshape, "i8")}
  %x = quant.scast %xs : {tensor(xshape, "i8")} to {tx}
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %reps = arith.constant {reps} : index
  %warm = func.call @kernel(%x) : ({tx}) -> {ty}
  scf.for %i = %c0 to %reps step %c1 {{
    %t0 = func.call @rtclock() : () -> f64
    %r = func.call @kernel(%x) : ({tx}) -> {ty}
    %t1 = func.call @rtclock() : () -> f64
    %rs = quant.scast %r : {ty} to {tensor(yshape, "i8")}
    %e = tensor.extract %rs[{zeros}] : {tensor(yshape, "i8")}
    %d = arith.subf %t1, %t0 : f64
    func.call @printF64(%d) : (f64) -> ()
    func.call @printNewline() : () -> ()
    %e64 = arith.extsi %e : i8 to i64
    func.call @printI64(%e64) : (i64) -> ()
    func.call @printNewline() : () -> ()
  }}
  return
}}
"""


def main(argv):
    name, reps, out = argv[1], int(argv[2]), argv[3]
    found = [c for c in cases.all_cases() if c[0] == name]
    if not found:
        sys.exit(f"unknown case {name}")
    _, kind, dims = found[0]
    with open(out, "w") as f:
        f.write(module(kind, dims, reps))


if __name__ == "__main__":
    main(sys.argv)
