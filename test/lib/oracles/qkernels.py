#!/usr/bin/env python3
"""Oracle for quantx.qmatmul and quantx.qconv2d (numpy only, no quantx code).

usage: qkernels.py {matmul,conv} --mlir OUT.mlir --expected OUT.txt

Generates deterministic pseudo-random integer operands for a fixed list of
cases, writes a test module that runs each kernel on them and prints the i32
accumulators (flattened row-major), and writes the expected accumulators.

The expected values do not follow the integer definition of the ops. They
come from the real-valued computation the quantized kernel stands for:
dequantize each operand, ((q - zp) * scale) in float64, run a float64
matmul/convolution (convolution padding is the real value 0, never a stored
integer), divide by s_lhs * s_rhs (per output channel) and round to the
nearest integer, then add the bias. The division undoes the scales exactly
up to float64 rounding: every product and partial sum carries a relative
error of at most (K + 4) * 2^-53 for a reduction of K terms of magnitude at
most K * 2^14 (2^22 for i16 operands) in scale units, i.e. well below 10^-6
for the sizes used here, so the rounding recovers the exact integer; the
script checks that every value is within 10^-3 of an integer before it
rounds.
"""
import argparse
import functools
import sys

import numpy as np

# Storage types: (signless MLIR type, min, max).
STORAGE = {
    "i4": ("i4", -8, 7), "u4": ("i4", 0, 15),
    "i8": ("i8", -128, 127), "u8": ("i8", 0, 255),
    "i16": ("i16", -32768, 32767), "u16": ("i16", 0, 65535),
}


def flt(x):
    """An MLIR float literal (it needs a dot)."""
    s = repr(float(x))
    return s if "." in s else "%.17e" % x


class Operand:
    """An integer operand: signless (zero point 0, scale 1) or uniform
    quantized per tensor or per axis."""

    def __init__(self, storage, scales=None, zps=None, axis=None):
        self.storage = storage
        self.signless = scales is None
        self.scales = np.atleast_1d(np.array(1.0 if scales is None else scales,
                                             dtype=np.float64))
        self.zps = np.atleast_1d(np.array(0 if zps is None else zps,
                                          dtype=np.int64))
        self.axis = axis

    def mlir_storage(self):
        return STORAGE[self.storage][0]

    def element(self):
        if self.signless:
            return self.mlir_storage()
        if self.axis is None:
            return "!quant.uniform<%s:f32, %s:%d>" % (
                self.storage, flt(self.scales[0]), self.zps[0])
        params = ", ".join("%s:%d" % (flt(s), z)
                           for s, z in zip(self.scales, self.zps))
        return "!quant.uniform<%s:f32:%d, {%s}>" % (self.storage, self.axis,
                                                      params)

    def random(self, rng, shape):
        _, lo, hi = STORAGE[self.storage]
        q = rng.integers(lo, hi + 1, size=shape, dtype=np.int64)
        # Make the extremes appear: a few values at the ends of the range.
        flat = q.reshape(-1)
        if flat.size >= 4:
            idx = rng.choice(flat.size, size=max(1, flat.size // 8),
                             replace=False)
            flat[idx] = rng.choice([lo, hi], size=idx.size)
        return q

    def dequantize(self, q, axis_dim):
        """(q - zp) * scale in float64, along `axis_dim` when per axis."""
        if self.axis is None:
            return (q - self.zps[0]).astype(np.float64) * self.scales[0]
        shape = [1] * q.ndim
        shape[axis_dim] = -1
        return ((q - self.zps.reshape(shape)).astype(np.float64) *
                self.scales.reshape(shape))


def tensor(shape, element):
    dims = "x".join("?" if d is None else str(d) for d in shape)
    return "tensor<%s%s%s>" % (dims, "x" if dims else "", element)


def to_integers(real):
    rounded = np.rint(real)
    err = np.max(np.abs(real - rounded)) if real.size else 0.0
    if err > 1e-3:
        sys.exit("oracle: float64 result is %g away from an integer" % err)
    return rounded.astype(np.int64)


class Module:
    def __init__(self):
        self.funcs = []
        self.expected = []

    def add(self, name, body, expected):
        self.funcs.append((name, body))
        self.expected.append(np.asarray(expected, dtype=np.int64).reshape(-1))

    def text(self):
        out = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
        for name, body in self.funcs:
            out.append("func.func @%s() {" % name)
            out.extend("  " + line for line in body)
            out.append("  return")
            out.append("}")
            out.append("")
        out.append("func.func @main() {")
        for name, _ in self.funcs:
            out.append("  call @%s() : () -> ()" % name)
        out.append("  return")
        out.append("}")
        return "\n".join(out) + "\n"


def constant(lines, name, q, operand):
    """Emits %name as a constant of `operand`'s type holding storage q and
    returns its type."""
    storage_ty = tensor(q.shape, operand.mlir_storage())
    if operand.signless:
        lines.append("%%%s = arith.constant dense<%s> : %s" %
                     (name, q.tolist(), storage_ty))
        return storage_ty
    ty = tensor(q.shape, operand.element())
    lines.append("%%%s_s = arith.constant dense<%s> : %s" %
                 (name, q.tolist(), storage_ty))
    lines.append("%%%s = quant.scast %%%s_s : %s to %s" %
                 (name, name, storage_ty, ty))
    return ty


def print_result(lines, value, shape, result_element):
    """Casts a quantized accumulator to i32, flattens and prints it."""
    ty = tensor(shape, result_element)
    i32_ty = tensor(shape, "i32")
    if result_element != "i32":
        lines.append("%%acc_i = quant.scast %s : %s to %s" %
                     (value, ty, i32_ty))
        value = "%acc_i"
    rank = len(shape)
    flat = None if any(d is None for d in shape) else int(np.prod(shape))
    flat_ty = tensor([flat], "i32")
    lines.append("%%flat = tensor.collapse_shape %s [%s] : %s into %s" %
                 (value, list(range(rank)), i32_ty, flat_ty))
    lines.append("%%u = tensor.cast %%flat : %s to tensor<*xi32>" % flat_ty)
    lines.append("call @printMemrefI32(%u) : (tensor<*xi32>) -> ()")


def accumulator_element(lhs, rhs, axis, quantized):
    """i32, or the i32 quantized type recording s_lhs * s_rhs."""
    if not quantized:
        return "i32"
    scales = lhs.scales[0] * rhs.scales
    if rhs.axis is None:
        return "!quant.uniform<i32:f32, %s>" % flt(scales[0])
    return "!quant.uniform<i32:f32:%d, {%s}>" % (
        axis, ", ".join(flt(s) for s in scales))


#===----------------------------------------------------------------------===#
# qmatmul
#===----------------------------------------------------------------------===#

def matmul_case(module, rng, name, lhs, rhs, m, k, n, batch=None, bias=True,
                quantized_result=False, dynamic=False):
    lines = []
    lhs_shape = ([batch] if batch else []) + [m, k]
    rhs_shape = ([batch] if batch else []) + [k, n]
    a = lhs.random(rng, lhs_shape)
    w = rhs.random(rng, rhs_shape)
    rank = len(lhs_shape)
    lhs_ty = constant(lines, "a", a, lhs)
    rhs_ty = constant(lines, "w", w, rhs)
    operands = "%a, %w"
    types = "%s, %s" % (lhs_ty, rhs_ty)
    b = None
    if bias:
        b = rng.integers(-100000, 100001, size=n, dtype=np.int64)
        lines.append("%%b = arith.constant dense<%s> : %s" %
                     (b.tolist(), tensor([n], "i32")))
        operands += " bias %b"
        types += ", " + tensor([n], "i32")
    res_shape = ([batch] if batch else []) + [m, n]
    if dynamic:
        # Every dimension dynamic except K.
        dl = [None] * (rank - 1) + [k]
        dr = ([None] if batch else []) + [k, None]
        lines.append("%%ad = tensor.cast %%a : %s to %s" %
                     (lhs_ty, tensor(dl, lhs.element())))
        lines.append("%%wd = tensor.cast %%w : %s to %s" %
                     (rhs_ty, tensor(dr, rhs.element())))
        operands = "%ad, %wd"
        types = "%s, %s" % (tensor(dl, lhs.element()),
                            tensor(dr, rhs.element()))
        if bias:
            lines.append("%%bd = tensor.cast %%b : %s to tensor<?xi32>" %
                         tensor([n], "i32"))
            operands += " bias %bd"
            types += ", tensor<?xi32>"
        res_shape = [None] * rank
    res_elt = accumulator_element(lhs, rhs, rank - 1, quantized_result)
    lines.append("%%acc = quantx.qmatmul %s : %s -> %s" %
                 (operands, types, tensor(res_shape, res_elt)))
    print_result(lines, "%acc", res_shape, res_elt)

    # The oracle: float64 dequantized matmul, scales divided out.
    A = lhs.dequantize(a, None)
    W = rhs.dequantize(w, rank - 1)
    real = np.matmul(A, W) / (lhs.scales[0] * rhs.scales)
    acc = to_integers(real) + (b if bias else 0)
    module.add(name, lines, acc)


def matmul_cases():
    rng = np.random.default_rng(20240611)
    mod = Module()
    add = functools.partial(matmul_case, mod, rng)
    # Symmetric i8 x i8 with a bias.
    add("i8_i8_bias", Operand("i8", 0.05, 0), Operand("i8", 0.02, 0), 4, 16, 8)
    # TFLite-style u8 activations (zp 128) x i8 weights, with the
    # accumulator type recording the scale product.
    add("u8_i8_zp128", Operand("u8", 0.0235, 128), Operand("i8", 0.011, 0),
            5, 17, 3, quantized_result=True)
    # Zero points on both sides, unsigned weights, no bias; 7 x 13 x 5.
    add("i8zp_u8zp_nobias", Operand("i8", 0.5, -3),
            Operand("u8", 0.125, 7), 7, 13, 5, bias=False)
    # Per-channel weights: one scale and zero point per column of rhs.
    add("per_channel_rhs", Operand("i8", 0.03, 5),
            Operand("i8", [0.1, 0.02, 0.3, 0.004, 0.05, 0.6],
                    [-3, 0, 7, 1, -128, 127], axis=1),
            3, 9, 6, quantized_result=True)
    # K = 1, N = 1, M = 1.
    add("k1", Operand("i8", 0.25, 2), Operand("i8", 0.5, -1), 6, 1, 4)
    add("n1", Operand("u8", 0.1, 0), Operand("i8", 0.2, -5), 5, 11, 1)
    add("m1_gemv", Operand("u8", 0.07, 3),
            Operand("u8", [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07],
                    [0, 255, 128, 1, 17, 200, 99], axis=1),
            1, 33, 7)
    add("m1_k1_n1", Operand("i8", 0.5, -128), Operand("i8", 0.5, 127),
            1, 1, 1)
    # Rank-3 batch matmul with per-channel weights along N (dimension 2).
    add("batch_per_channel", Operand("u8", 0.02, 100),
            Operand("i8", [0.1, 0.2, 0.3, 0.4, 0.5], [1, -2, 3, -4, 5],
                    axis=2),
            4, 10, 5, batch=3, quantized_result=True)
    add("batch_k1", Operand("i8", 0.5, 0), Operand("u8", 0.5, 9), 2, 1, 3,
            batch=2)
    # Signless operands (zero point 0), i16 x i8 and sub-byte storage.
    add("signless_i8", Operand("i8"), Operand("i8"), 3, 8, 4)
    add("i16_i8", Operand("i16", 0.001, -300), Operand("i8", 0.01, 3),
            3, 37, 5)
    add("signless_i16_i8", Operand("i16"), Operand("i8"), 2, 9, 3)
    add("u4_i4", Operand("u4", 0.5, 8), Operand("i4", 0.25, -2), 5, 19, 6)
    # A long reduction with values pushed to the extremes.
    add("long_k", Operand("u8", 0.01, 0), Operand("i8", 0.01, 0),
            2, 300, 3)
    # Dynamic shapes (everything but K).
    add("dynamic", Operand("u8", 0.02, 128), Operand("i8", 0.03, -1),
            5, 16, 7, dynamic=True)
    add("dynamic_batch", Operand("i8", 0.02, 4), Operand("i8", 0.03, 0),
            3, 6, 2, batch=2, dynamic=True, bias=False)
    return mod


#===----------------------------------------------------------------------===#
# qconv2d
#===----------------------------------------------------------------------===#

def conv_nhwc_real(x, w, strides, dilations, padding, groups):
    """float64 grouped convolution, NHWC input and HWCF filter; padding is
    the real value 0."""
    top, bottom, left, right = padding
    x = np.pad(x, ((0, 0), (top, bottom), (left, right), (0, 0)))
    n, h, wd, c = x.shape
    kh, kw, cg, f = w.shape
    sh, sw = strides
    dh, dw = dilations
    oh = (h - (dh * (kh - 1) + 1)) // sh + 1
    ow = (wd - (dw * (kw - 1) + 1)) // sw + 1
    fg = f // groups
    out = np.zeros((n, oh, ow, f))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                      j * dw:j * dw + sw * (ow - 1) + 1:sw, :]
            for g in range(groups):
                out[..., g * fg:(g + 1) * fg] += np.matmul(
                    patch[..., g * cg:(g + 1) * cg],
                    w[i, j, :, g * fg:(g + 1) * fg])
    return out


def conv_case(module, rng, name, inp, flt_op, n, c, h, w, kh, kw, f,
              layout="nhwc_hwcf", strides=(1, 1), dilations=(1, 1),
              padding=(0, 0, 0, 0), groups=1, bias=True,
              quantized_result=False, dynamic=False):
    nhwc = layout == "nhwc_hwcf"
    cg = c // groups
    in_shape = [n, h, w, c] if nhwc else [n, c, h, w]
    f_shape = [kh, kw, cg, f] if nhwc else [f, cg, kh, kw]
    if flt_op.axis is not None:
        flt_op.axis = 3 if nhwc else 0
    x = inp.random(rng, in_shape)
    wq = flt_op.random(rng, f_shape)
    lines = []
    in_ty = constant(lines, "x", x, inp)
    f_ty = constant(lines, "w", wq, flt_op)
    operands = "%x, %w"
    types = "%s, %s" % (in_ty, f_ty)
    b = None
    if bias:
        b = rng.integers(-100000, 100001, size=f, dtype=np.int64)
        lines.append("%%b = arith.constant dense<%s> : %s" %
                     (b.tolist(), tensor([f], "i32")))
        operands += " bias %b"
        types += ", " + tensor([f], "i32")

    # The oracle, in NHWC/HWCF.
    X = inp.dequantize(x, None)
    W = flt_op.dequantize(wq, 3 if nhwc else 0)
    if not nhwc:
        X = X.transpose(0, 2, 3, 1)
        W = W.transpose(2, 3, 1, 0)
    real = conv_nhwc_real(X, W, strides, dilations, padding, groups)
    acc = to_integers(real / (inp.scales[0] * flt_op.scales)) + (
        b if bias else 0)
    _, oh, ow, _ = acc.shape
    if not nhwc:
        acc = acc.transpose(0, 3, 1, 2)
    res_shape = [n, oh, ow, f] if nhwc else [n, f, oh, ow]

    if dynamic:
        # Batch and spatial dimensions dynamic.
        dyn = [None, None, None, c] if nhwc else [None, c, None, None]
        lines.append("%%xd = tensor.cast %%x : %s to %s" %
                     (in_ty, tensor(dyn, inp.element())))
        operands = operands.replace("%x,", "%xd,")
        types = types.replace(in_ty, tensor(dyn, inp.element()), 1)
        res_shape = [None, None, None, f] if nhwc else [None, f, None, None]
    attrs = []
    if tuple(strides) != (1, 1):
        attrs.append("strides = array<i64: %d, %d>" % tuple(strides))
    if tuple(dilations) != (1, 1):
        attrs.append("dilations = array<i64: %d, %d>" % tuple(dilations))
    if tuple(padding) != (0, 0, 0, 0):
        attrs.append("padding = array<i64: %d, %d, %d, %d>" % tuple(padding))
    if groups != 1:
        attrs.append("groups = %d : i64" % groups)
    attr_text = (" {" + ", ".join(attrs) + "}") if attrs else ""
    res_elt = accumulator_element(inp, flt_op, 3 if nhwc else 1,
                                  quantized_result)
    lines.append("%%acc = quantx.qconv2d %s layout<%s>%s : %s -> %s" %
                 (operands, layout, attr_text, types,
                  tensor(res_shape, res_elt)))
    print_result(lines, "%acc", res_shape, res_elt)
    module.add(name, lines, acc)


def per_channel(storage, rng, f, lo, hi):
    scales = np.round(rng.uniform(0.005, 0.5, size=f), 4)
    zps = rng.integers(lo, hi + 1, size=f)
    return Operand(storage, scales.tolist(), zps.tolist(), axis=0)


def conv_cases():
    rng = np.random.default_rng(31337)
    mod = Module()
    add = functools.partial(conv_case, mod, rng)
    # NHWC, u8 activations with zp 128, i8 weights, 3x3, no padding.
    add("nhwc_basic", Operand("u8", 0.02, 128), Operand("i8", 0.01, 0),
        1, 3, 6, 6, 3, 3, 4, quantized_result=True)
    # Strides, dilations and asymmetric padding; the input zero point is
    # nonzero so that the padding must read it; per-channel filter.
    add("nhwc_stride_dilation_pad", Operand("i8", 0.05, -5),
        per_channel("i8", rng, 5, -20, 20), 2, 3, 7, 8, 3, 2, 5,
        strides=(2, 1), dilations=(1, 2), padding=(1, 0, 2, 1))
    add("nchw_stride_dilation_pad", Operand("i8", 0.05, 9),
        per_channel("i8", rng, 5, -20, 20), 2, 3, 7, 8, 3, 2, 5,
        layout="nchw_fchw", strides=(2, 1), dilations=(1, 2),
        padding=(1, 0, 2, 1), quantized_result=True)
    # Groups: C = 4, F = 6 in 2 groups, per-channel filter.
    add("nhwc_groups2", Operand("u8", 0.1, 77),
        per_channel("i8", rng, 6, -10, 10), 1, 4, 5, 5, 2, 2, 6, groups=2,
        padding=(0, 1, 1, 0))
    add("nchw_groups3_u8", Operand("u8", 0.1, 200),
        per_channel("u8", rng, 6, 0, 255), 2, 6, 5, 6, 3, 3, 6,
        layout="nchw_fchw", groups=3, strides=(1, 2), padding=(0, 1, 1, 0))
    # Depthwise: groups = C, two filters per channel.
    add("nhwc_depthwise", Operand("i8", 0.2, 3),
        per_channel("i8", rng, 6, -128, 127), 1, 3, 7, 7, 3, 3, 6, groups=3,
        strides=(2, 2), padding=(1, 1, 1, 1), quantized_result=True)
    add("nchw_depthwise_dilated", Operand("u8", 0.2, 128),
        Operand("i8", 0.3, 0), 1, 4, 6, 5, 2, 2, 4, layout="nchw_fchw",
        groups=4, dilations=(2, 2), padding=(2, 2, 0, 1))
    # 1x1 convolution with a single output channel, odd sizes.
    add("nhwc_1x1_f1", Operand("i8", 0.1, 0), Operand("i8", 0.1, 0),
        1, 3, 5, 7, 1, 1, 1)
    # A kernel larger than the input, reaching it only through padding.
    add("nhwc_mostly_padding", Operand("u8", 0.5, 250),
        Operand("i8", 0.5, -7), 1, 1, 2, 2, 3, 3, 2, padding=(1, 1, 1, 1))
    add("nchw_pad_only_bottom_right", Operand("i8", 0.5, -100),
        Operand("u8", 0.5, 3), 1, 2, 3, 3, 2, 2, 3, layout="nchw_fchw",
        padding=(0, 1, 0, 1), bias=False)
    # Signless operands.
    add("nhwc_signless", Operand("i8"), Operand("i8"), 1, 2, 4, 4, 2, 2, 3)
    # Dynamic batch and spatial sizes.
    add("nhwc_dynamic", Operand("u8", 0.02, 128),
        per_channel("i8", rng, 4, -5, 5), 2, 3, 6, 5, 3, 3, 4,
        strides=(2, 1), padding=(1, 1, 0, 2), dynamic=True)
    add("nchw_dynamic", Operand("i8", 0.02, -1), Operand("i8", 0.03, 2),
        1, 2, 5, 6, 2, 3, 3, layout="nchw_fchw", dilations=(2, 1),
        dynamic=True)
    return mod


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kernel", choices=["matmul", "conv"])
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--expected", required=True)
    args = parser.parse_args(argv[1:])
    module = matmul_cases() if args.kernel == "matmul" else conv_cases()
    with open(args.mlir, "w") as f:
        f.write(module.text())
    with open(args.expected, "w") as f:
        for values in module.expected:
            f.write(" ".join(str(v) for v in values) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
