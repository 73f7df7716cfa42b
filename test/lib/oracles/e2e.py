#!/usr/bin/env python3
"""Oracle for an end-to-end quantized layer (numpy only, no quantx code).

usage: e2e.py --mlir OUT.mlir --expected OUT.txt --tol OUT.txt

Writes a test module that runs two quantized fully connected layers,

    quantize(x), quantize(W) -> qmatmul (+ bias) -> requantize -> dequantize,

on deterministic float data and prints, in this order:
  0, 1   the f32 results of layers A and B as bit patterns,
  2..    every intermediate (quantized x and W, the i32 accumulators, the
         requantized outputs) and two sections of requantize/quantize of
         constants that -canonicalize folds,
and writes the float64 reference y = x @ W + b of prints 0 and 1 with a
per-element tolerance.

The multipliers and shifts, the bias in accumulator units and the output
scale and zero point are chosen here, the way a converter would (TFLite's
QuantizeMultiplier: frexp, round to 31 bits).

Tolerance: the worst-case error of the quantized layer, per element (m, n),
from the quantization steps alone:
  sum_k (s_x/2 |W[k,n]| + (|x[m,k]| + s_x/2) s_w[n]/2)   rounding x and W
  + s_x s_w[n] / 2                                        rounding the bias
  + R s_y          requantize rounding (R = 1 for double_round, whose two
                   roundings stay below 0.5 + 0.25, and 0.5 otherwise)
  + 2^-30 (|y| + 1)   the 31-bit multiplier (relative error <= 2^-31)
  + 2^-22 (|y| + 1)   the f32 scale and product of dequantize
  + 2^-20 sum_k |x W|  f32 division in quantize near ties
The data keep every value inside the storage ranges, so nothing saturates.
"""
import argparse
import math
import sys

import numpy as np


def flt(x):
    """An MLIR float literal (it needs a dot)."""
    s = repr(float(x))
    return s if "." in s else "%.17e" % x


def f32_literal(a):
    """A dense f32 literal of exact bit patterns (no decimal round trip)."""
    bits = np.asarray(a, dtype=np.float32).view(np.uint32)

    def fmt(b):
        if b.ndim == 0:
            return "0x%08X" % int(b)
        return "[" + ", ".join(fmt(c) for c in b) + "]"
    return fmt(bits)


def quantize_multiplier(real):
    """TFLite QuantizeMultiplier, as the quantx (multiplier, right shift)."""
    q, e = math.frexp(real)
    m = int(math.floor(q * 2.0 ** 31 + 0.5))
    if m == 2 ** 31:
        m //= 2
        e += 1
    shift = 31 - e
    assert 0 <= shift <= 62 and 2 ** 30 <= m < 2 ** 31
    return m, shift


def tensor(shape, elt):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), elt)


class Layer:
    def __init__(self, rng, name, m, k, n, x_storage, x_scale, x_range,
                 w_per_channel, q_round, rq_round, y_storage):
        self.name = name
        self.m, self.k, self.n = m, k, n
        lo, hi = x_range
        x = rng.uniform(lo, hi, size=(m, k)).astype(np.float32)
        # A few exact ties of x / s_x (s_x is a power of two in layer A).
        x.reshape(-1)[:4] = np.float32(x_scale) * np.array(
            [0.5, -1.5, 2.5, -3.5], dtype=np.float32)
        w = rng.uniform(-1, 1, size=(k, n)).astype(np.float32)
        b = rng.uniform(-1, 1, size=n)
        self.x, self.w, self.b = x, w, b
        self.x_storage, self.x_scale = x_storage, x_scale
        self.x_zp = 128 if x_storage == "u8" else -10
        if w_per_channel:
            self.w_scales = np.abs(w).max(axis=0).astype(np.float64) / 127
        else:
            self.w_scales = np.full(n, np.abs(w).max() / 127.0)
        self.w_per_channel = w_per_channel
        self.q_round, self.rq_round = q_round, rq_round
        self.y_storage = y_storage

        # The float64 reference and the output quantization it implies.
        xd, wd = x.astype(np.float64), w.astype(np.float64)
        self.y = xd @ wd + b
        acc_scales = x_scale * self.w_scales
        self.bias_q = np.rint(b / acc_scales).astype(np.int64)
        ymin, ymax = min(self.y.min(), 0.0), max(self.y.max(), 0.0)
        qmin, qmax = (0, 255) if y_storage == "u8" else (-128, 127)
        span = (ymax - ymin) * 1.25
        self.y_scale = float(np.float32(span / (qmax - qmin)))
        self.y_zp = int(np.clip(round(qmin - (ymin - 0.1 * (ymax - ymin)) /
                                      self.y_scale), qmin, qmax))
        self.mults = [quantize_multiplier(s / self.y_scale)
                      for s in acc_scales]

        r = 1.0 if rq_round == "double_round" else 0.5
        sx, sw = x_scale, self.w_scales
        tol = (np.abs(wd).sum(axis=0)[None, :] * sx / 2 +
               (np.abs(xd).sum(axis=1)[:, None] + k * sx / 2) * sw / 2 +
               sx * sw / 2 + r * self.y_scale +
               (2.0 ** -30 + 2.0 ** -22) * (np.abs(self.y) + 1) +
               2.0 ** -20 * (np.abs(xd) @ np.abs(wd)))
        self.tol = tol

    def x_type(self):
        return "!quant.uniform<%s:f32, %s:%d>" % (self.x_storage,
                                                   flt(self.x_scale),
                                                   self.x_zp)

    def w_type(self):
        if self.w_per_channel:
            return "!quant.uniform<i8:f32:1, {%s}>" % ", ".join(
                flt(s) for s in self.w_scales)
        return "!quant.uniform<i8:f32, %s>" % flt(self.w_scales[0])

    def acc_type(self):
        scales = self.x_scale * self.w_scales
        if self.w_per_channel:
            return "!quant.uniform<i32:f32:1, {%s}>" % ", ".join(
                flt(s) for s in scales)
        return "!quant.uniform<i32:f32, %s>" % flt(scales[0])

    def y_type(self):
        return "!quant.uniform<%s:f32, %s:%d>" % (self.y_storage,
                                                   flt(self.y_scale),
                                                   self.y_zp)

    def emit(self, body, prints, intermediates):
        p, m, k, n = self.name, self.m, self.k, self.n
        xt, wt = tensor([m, k], self.x_type()), tensor([k, n], self.w_type())
        at, yt = tensor([m, n], self.acc_type()), tensor([m, n],
                                                          self.y_type())
        body += [
            "%%%s_x = arith.constant dense<%s> : %s" %
            (p, f32_literal(self.x), tensor([m, k], "f32")),
            "%%%s_w = arith.constant dense<%s> : %s" %
            (p, f32_literal(self.w), tensor([k, n], "f32")),
            "%%%s_b = arith.constant dense<%s> : %s" %
            (p, self.bias_q.tolist(), tensor([n], "i32")),
            "%%%s_xq = quantx.quantize %%%s_x rounding<%s> : %s -> %s" %
            (p, p, self.q_round, tensor([m, k], "f32"), xt),
            "%%%s_wq = quantx.quantize %%%s_w rounding<%s> : %s -> %s" %
            (p, p, self.q_round, tensor([k, n], "f32"), wt),
            "%%%s_acc = quantx.qmatmul %%%s_xq, %%%s_wq bias %%%s_b : "
            "%s, %s, %s -> %s" % (p, p, p, p, xt, wt, tensor([n], "i32"),
                                  at),
        ]
        mults = ", ".join(str(mm) for mm, _ in self.mults)
        shifts = ", ".join(str(s) for _, s in self.mults)
        axis = "axis(1) " if self.w_per_channel else ""
        if not self.w_per_channel:
            mults, shifts = str(self.mults[0][0]), str(self.mults[0][1])
        body += [
            "%%%s_yq = quantx.requantize %%%s_acc %smultiplier [%s] shift [%s] "
            "rounding<%s> : %s -> %s" % (p, p, axis, mults, shifts,
                                         self.rq_round, at, yt),
            "%%%s_y = quantx.dequantize %%%s_yq : %s -> %s" %
            (p, p, yt, tensor([m, n], "f32")),
        ]
        prints.append(("f32", "%%%s_y" % p, [m, n]))
        for suffix, shape, ty, storage in (
                ("xq", [m, k], xt, self.x_storage),
                ("wq", [k, n], wt, "i8"),
                ("acc", [m, n], at, "i32"),
                ("yq", [m, n], yt, self.y_storage)):
            st = "i32" if storage == "i32" else "i8"
            body.append("%%%s_%s_s = quant.scast %%%s_%s : %s to %s" %
                        (p, suffix, p, suffix, ty, tensor(shape, st)))
            intermediates.append((storage, "%%%s_%s_s" % (p, suffix), shape))


def emit_print(body, kind, value, shape, index):
    """Flattens `value`, turns it into i32 and prints it."""
    elt = {"f32": "f32", "i32": "i32", "i8": "i8", "u8": "i8"}[kind]
    n = int(np.prod(shape))
    flat = "%%p%d_flat" % index
    body.append("%s = tensor.collapse_shape %s [%s] : %s into %s" %
                (flat, value, list(range(len(shape))), tensor(shape, elt),
                 tensor([n], elt)))
    wide = flat
    if kind == "f32":
        wide = "%%p%d_w" % index
        body.append("%s = arith.bitcast %s : %s to %s" %
                    (wide, flat, tensor([n], "f32"), tensor([n], "i32")))
    elif kind in ("i8", "u8"):
        wide = "%%p%d_w" % index
        body.append("%s = arith.%s %s : %s to %s" %
                    (wide, "extui" if kind == "u8" else "extsi", flat,
                     tensor([n], "i8"), tensor([n], "i32")))
    # Through @print: a constant passed straight to the external printer
    # twice cannot be bufferized (the callee might write to it).
    body.append("%%p%d_u = tensor.cast %s : %s to tensor<?xi32>" %
                (index, wide, tensor([n], "i32")))
    body.append("call @print(%%p%d_u) : (tensor<?xi32>) -> ()" % index)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--tol", required=True)
    args = parser.parse_args(argv[1:])
    rng = np.random.default_rng(2718)

    layers = [
        # i8 activations (s_x = 2^-4, zp -10), per-channel weights,
        # half_to_even quantization, TFLite double rounding.
        Layer(rng, "a", 6, 24, 5, "i8", 0.0625, (-6.0, 7.0), True,
              "half_to_even", "double_round", "i8"),
        # u8 activations (zp 128), per-tensor weights, half_away_from_zero
        # quantization, half_to_even requantization to u8.
        Layer(rng, "b", 3, 40, 7, "u8", 0.05, (-6.0, 6.0), False,
              "half_away_from_zero", "half_to_even", "u8"),
    ]
    body, prints, intermediates = [], [], []
    for layer in layers:
        layer.emit(body, prints, intermediates)

    # Requantize of constant accumulators, per channel, next to the ties of
    # every channel: folded by -canonicalize, computed at run time otherwise.
    mults = [(1073741824, 33), (1717986918, 35), (2147483647, 62),
             (1395864371, 40)]
    acc = [0, 1, -1, 2147483647, -2147483648, 4, -4, 6, -6, 12, -12]
    acc += rng.integers(-2 ** 31, 2 ** 31, size=9).tolist()
    acc += rng.integers(-5000, 5000, size=10).tolist()
    for mm, s in mults:
        for j in range(-3, 4):
            t = int((j + 0.5) * 2 ** s / mm)
            acc += [t - 1, t, t + 1]
    acc = [a for a in acc if -2 ** 31 <= a < 2 ** 31]
    rows = len(acc)
    acc_rows = [[a] * len(mults) for a in acc]
    body.append("%%c_acc = arith.constant dense<%s> : %s" %
                (acc_rows, tensor([rows, len(mults)], "i32")))
    out_t = ("!quant.uniform<i8:f32:1, {1.0:0, 1.0:-7, 1.0:5, 1.0:127}>")
    for rounding in ("double_round", "half_up", "half_to_even",
                     "half_away_from_zero", "toward_zero"):
        v = "%%c_%s" % rounding
        body.append(
            "%s = quantx.requantize %%c_acc axis(1) multiplier [%s] shift [%s]"
            " rounding<%s> : %s -> %s" %
            (v, ", ".join(str(m) for m, _ in mults),
             ", ".join(str(s) for _, s in mults), rounding,
             tensor([rows, len(mults)], "i32"),
             tensor([rows, len(mults)], out_t)))
        body.append("%s_s = quant.scast %s : %s to %s" %
                    (v, v, tensor([rows, len(mults)], out_t),
                     tensor([rows, len(mults)], "i8")))
        intermediates.append(("i8", v + "_s", [rows, len(mults)]))

    # Quantize of constants with ties, near-ties and non-finite values, per
    # channel, in every mode.
    specials = np.array([[0.25, 0.75, -0.25, -0.75],
                         [np.float32(0.25) - np.float32(2 ** -26),
                          np.float32(0.3), np.inf, -np.inf],
                         [np.nan, 63.75, -64.25, 1e-45]], dtype=np.float32)
    st = "!quant.uniform<i8:f32:1, {0.5:0, 0.1:-3, 0.25:7, 2.0:100}>"
    body.append("%%c_x = arith.constant dense<%s> : %s" %
                (f32_literal(specials), tensor([3, 4], "f32")))
    for rounding in ("half_to_even", "half_up", "half_away_from_zero",
                     "toward_zero"):
        v = "%%c_q_%s" % rounding
        body.append("%s = quantx.quantize %%c_x rounding<%s> : %s -> %s" %
                    (v, rounding, tensor([3, 4], "f32"),
                     tensor([3, 4], st)))
        body.append("%s_s = quant.scast %s : %s to %s" %
                    (v, v, tensor([3, 4], st), tensor([3, 4], "i8")))
        intermediates.append(("i8", v + "_s", [3, 4]))

    for i, (kind, value, shape) in enumerate(prints + intermediates):
        emit_print(body, kind, value, shape, i)

    text = ["func.func private @printMemrefI32(tensor<*xi32>)", "",
            "func.func @print(%t: tensor<?xi32>) {",
            "  %u = tensor.cast %t : tensor<?xi32> to tensor<*xi32>",
            "  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()",
            "  return",
            "}", "",
            "func.func @main() {"]
    text += ["  " + line for line in body]
    text += ["  return", "}"]
    with open(args.mlir, "w") as f:
        f.write("\n".join(text) + "\n")
    with open(args.expected, "w") as f:
        for layer in layers:
            # The reference rounded to f32, as bit patterns like the prints.
            bits = layer.y.astype(np.float32).view(np.uint32).reshape(-1)
            f.write(" ".join(str(int(v)) for v in bits) + "\n")
    with open(args.tol, "w") as f:
        for layer in layers:
            f.write(" ".join(repr(float(t)) for t in layer.tol.reshape(-1)) +
                    "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
