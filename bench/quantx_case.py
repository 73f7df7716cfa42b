"""Writes the MLIR module that times one benchmark case.

The module has @kernel (the op with constant weights, as a model would have
it) and @main, which calls @kernel once to warm up and then `reps` times,
printing the seconds of each call (rtclock) and the result's first element,
each on a line of its own. Weights and activations are random (a fixed
seed), so no constant folding can shortcut the arithmetic.

  gemm / conv  quantx.qmatmul / quantx.qconv2d, u8 x i8 + i32 bias, with a
               fused quantx.requantize to i8;
  gemv-i4      f32 linalg.matmul of x and quantx.dequantize of constant int4
               codes with per-column scales (weight-only quantization);
  codebook     quantx.codebook_matmul of f32 x and a shared codebook (C x d
               f32 centroids, one byte code per d-element block along K);
  upstream     (gemm only) the plain linalg.matmul i8 x i8 -> i32 of the same
               weights, for upstream MLIR's own lowering (`mlir-upstream`).

module() returns the text and, for the float kinds, an oracle for the first
element: (value computed here in float64, tolerance).

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


DECLS = """\
func.func private @rtclock() -> f64
func.func private @printF64(f64)
func.func private @printI64(i64)
func.func private @printNewline()
"""


# Elements of the buffer that a cold run rewrites before each call: 64 MiB,
# twice the L3 of a Zen 5 CCD (bench/peers.cpp flushes the same way).
FLUSH_ELEMENTS = 16 * 1024 * 1024


def main_func(xdecl, tx, ty, yshape, ystore, print_first, reps, cold=False):
    """@main: warm-up call, then `reps` timed calls, each printing its
    seconds and the first element of the result (`print_first` turns %e of
    type `ystore` into a printed line). With `cold`, a 64 MiB buffer is
    read and rewritten before each call (outside the timed region), so that
    the weights come from memory, not from the caches; one of its elements
    is folded into the printed time (times 0.0, which LLVM may not fold
    away without fast-math) so that the flush cannot be removed."""
    zeros = ", ".join(["%c0"] * len(yshape))
    flush_init = flush = ""
    time = "%d"
    if cold:
        buf = f"memref<{FLUSH_ELEMENTS}xf32>"
        flush_init = f"""
  %junk = memref.alloc() : {buf}
  %fzero = arith.constant 0.0 : f32
  %fone = arith.constant 1.0 : f32
  %dzero = arith.constant 0.0 : f64
  linalg.fill ins(%fzero : f32) outs(%junk : {buf})"""
        flush = f"""
    linalg.generic {{indexing_maps = [affine_map<(i) -> (i)>], iterator_types = ["parallel"]}} outs(%junk : {buf}) {{
    ^bb0(%o: f32):
      %o1 = arith.addf %o, %fone : f32
      linalg.yield %o1 : f32
    }}"""
        time = "%dt"
    keep = ("" if not cold else f"""
    %jv = memref.load %junk[%i] : memref<{FLUSH_ELEMENTS}xf32>
    %jd = arith.extf %jv : f32 to f64
    %j0 = arith.mulf %jd, %dzero : f64
    %dt = arith.addf %d, %j0 : f64""")
    cast = (f"%rs = quant.scast %r : {ty} to {tensor(yshape, ystore)}"
            if ty != tensor(yshape, ystore) else
            f"%rs = tensor.cast %r : {ty} to {ty}")
    return f"""\
func.func @main() {{
{xdecl}
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %reps = arith.constant {reps} : index{flush_init}
  %warm = func.call @kernel(%x) : ({tx}) -> {ty}
  scf.for %i = %c0 to %reps step %c1 {{{flush}
    %t0 = func.call @rtclock() : () -> f64
    %r = func.call @kernel(%x) : ({tx}) -> {ty}
    %t1 = func.call @rtclock() : () -> f64
    {cast}
    %e = tensor.extract %rs[{zeros}] : {tensor(yshape, ystore)}
    %d = arith.subf %t1, %t0 : f64{keep}
    func.call @printF64({time}) : (f64) -> ()
    func.call @printNewline() : () -> ()
{print_first}
    func.call @printNewline() : () -> ()
  }}
  return
}}
"""


PRINT_INT = """\
    %e64 = arith.extsi %e : {elt} to i64
    func.call @printI64(%e64) : (i64) -> ()"""
PRINT_F32 = """\
    %e64 = arith.extf %e : f32 to f64
    func.call @printF64(%e64) : (f64) -> ()"""


def int8_module(kind, dims, reps, upstream=False):
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
    tacc = tensor(yshape, "i32")
    xi8 = tensor(xshape, "i8")
    if upstream:
        # The same weights and activation bytes, as upstream's
        # linalg.matmul i8 x i8 -> i32 (no zero points, no requantize).
        text = DECLS + f"""
func.func @kernel(%a: {xi8}) -> {tacc} {{
  %w = arith.constant dense<{hexdense(ws)}> : {tensor(wshape, "i8")}
  %z = arith.constant 0 : i32
  %e = tensor.empty() : {tacc}
  %f = linalg.fill ins(%z : i32) outs(%e : {tacc}) -> {tacc}
  %y = linalg.matmul ins(%a, %w : {xi8}, {tensor(wshape, "i8")}) outs(%f : {tacc}) -> {tacc}
  return %y : {tacc}
}}

""" + main_func(f"  %x = arith.constant dense<{hexdense(xs)}> : {xi8}",
                xi8, tacc, yshape, "i32", PRINT_INT.format(elt="i32"), reps)
        return text, None
    tx, tw, ty = tensor(xshape, ACT), tensor(wshape, WGT), tensor(yshape, OUT)
    text = DECLS + f"""
func.func @kernel(%a: {tx}) -> {ty} {{
  %ws = arith.constant dense<{hexdense(ws)}> : {tensor(wshape, "i8")}
  %w = quant.scast %ws : {tensor(wshape, "i8")} to {tw}
  %b = arith.constant dense<{hexdense(bias)}> : tensor<{nout}xi32>
  %acc = {op}{attrs} : {tx}, {tw}, tensor<{nout}xi32> -> {tacc}
  %y = quantx.requantize %acc multiplier [1482791985] shift [40] rounding<double_round> : {tacc} -> {ty}
  return %y : {ty}
}}

""" + main_func(f"  %xs = arith.constant dense<{hexdense(xs)}> : {xi8}\n"
                f"  %x = quant.scast %xs : {xi8} to {tx}",
                tx, ty, yshape, "i8", PRINT_INT.format(elt="i8"), reps)
    return text, None


def gemv_i4_module(dims, reps, cold):
    """Small-integer activations, int4 codes and power-of-two scales: every
    product and partial sum is exact in f32, so quantx, its reference
    lowering and the float64 oracle agree to the printed digits."""
    m, n, k = dims
    rng = np.random.default_rng(4)
    codes = rng.integers(-8, 8, size=(k, n), dtype=np.int8)
    scales = [2.0 ** -(4 + j % 5) for j in range(n)]
    xs = rng.integers(-8, 9, size=(m, k)).astype(np.float32)
    wt = ("!quant.uniform<i4:f32:1, {" +
          ",".join(repr(s) for s in scales) + "}>")
    tx, ty = tensor((m, k), "f32"), tensor((m, n), "f32")
    tc, tq, tf = (tensor((k, n), "i4"), tensor((k, n), wt),
                  tensor((k, n), "f32"))
    text = DECLS + f"""
func.func @kernel(%x: {tx}) -> {ty} {{
  %c = arith.constant dense<{hexdense(codes)}> : {tc}
  %q = quant.scast %c : {tc} to {tq}
  %w = quantx.dequantize %q : {tq} -> {tf}
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : {ty}
  %f = linalg.fill ins(%z : f32) outs(%e : {ty}) -> {ty}
  %y = linalg.matmul ins(%x, %w : {tx}, {tf}) outs(%f : {ty}) -> {ty}
  return %y : {ty}
}}

""" + main_func(f"  %x = arith.constant dense<{hexdense(xs)}> : {tx}",
                tx, ty, (m, n), "f32", PRINT_F32, reps, cold)
    y00 = float(np.dot(xs[0].astype(np.float64),
                       codes[:, 0].astype(np.float64)) * scales[0])
    return text, (y00, 1e-5 * abs(y00) + 1e-6)


def codebook_data(dims):
    """Centroids (C x d f32), codes (K/d x N u8) and activations (M x K)
    shared by quantx's module and the oracle (bench/peers.cpp draws its own
    data of the same distributions)."""
    m, n, k, d, c = dims
    rng = np.random.default_rng(0)
    centroids = (rng.standard_normal((c, d)) * 0.05).astype(np.float32)
    codes = rng.integers(0, c, size=(k // d, n)).astype(np.uint8)
    xs = rng.standard_normal((m, k)).astype(np.float32)
    return centroids, codes, xs


def codebook_module(dims, reps, cold):
    m, n, k, d, c = dims
    centroids, codes, xs = codebook_data(dims)
    tx, ty = tensor((m, k), "f32"), tensor((m, n), "f32")
    tc, ti = tensor((c, d), "f32"), tensor((k // d, n), "i8")
    text = DECLS + f"""
func.func @kernel(%x: {tx}) -> {ty} {{
  %c = arith.constant dense_resource<centroids> : {tc}
  %i = arith.constant dense_resource<codes> : {ti}
  %y = quantx.codebook_matmul %x, %c, %i : {tx}, {tc}, {ti} -> {ty}
  return %y : {ty}
}}

""" + main_func(f"  %x = arith.constant dense<{hexdense(xs)}> : {tx}",
                tx, ty, (m, n), "f32", PRINT_F32, reps, cold) + f"""
{{-#
  dialect_resources: {{
    builtin: {{
      centroids: "0x04000000{centroids.tobytes().hex()}",
      codes: "0x01000000{codes.tobytes().hex()}"
    }}
  }}
#-}}
"""
    # y[0, 0] in float64, and the 8-bit tables' error bound (half a table
    # step per block, the step being max |T_j| / 127), doubled, plus f32
    # rounding: a sanity check; test/Integration/CPU/codebook-matmul-x86.mlir
    # checks every element.
    x0 = xs[0].astype(np.float64).reshape(k // d, d)
    tables = x0 @ centroids.astype(np.float64).T  # (K/d) x C
    y00 = float(tables[np.arange(k // d), codes[:, 0]].sum())
    tol = float(np.abs(tables).max(axis=1).sum()) / 127 + 1e-4 * abs(y00)
    return text, (y00, tol)


def module(kind, dims, reps, upstream=False, cold=False):
    """The case's module and oracle; `cold` (the f32 weight-only kinds)
    flushes the caches before each timed call."""
    if kind in ("gemm", "conv"):
        return int8_module(kind, dims, reps, upstream)
    if kind == "gemv-i4":
        return gemv_i4_module(dims, reps, cold)
    return codebook_module(dims, reps, cold)


def main(argv):
    name, reps, out = argv[1], int(argv[2]), argv[3]
    found = [c for c in cases.all_cases() + cases.all_cases(quick=True)
             if c[0] == name]
    if not found:
        sys.exit(f"unknown case {name}")
    _, kind, dims, _ = found[0]
    with open(out, "w") as f:
        f.write(module(kind, dims, reps)[0])


if __name__ == "__main__":
    main(sys.argv)
