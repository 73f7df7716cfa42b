#!/usr/bin/env python3
"""Writes a test module that exercises the fast CPU kernels on odd shapes.

usage: fast_kernel_cases.py {matmul,gemv,conv,depthwise,weight-only} OUT.mlir
       fast_kernel_cases.py weight-only-float OUT.mlir EXPECTED TOL

Every case is a function taking the activations as an argument (so that they
are not constants) and returning the kernel's result; @main calls each case
on deterministic pseudo-random inputs and prints the result as i32 (or the
bit patterns of f32 results). The same module is lowered once with the
reference kernels and once with kernels=fast; the integration tests compare
the two outputs exactly. The cases cover shapes that are not multiples of
any register tile (M, N, K odd, K = 1, N = 1, M = 1), every rounding mode of
the fused requantize epilogue, per-tensor and per-channel parameters, signed
and unsigned activations, weights whose zero point does not fit the packed
int8 range (the per-row-sum correction), runtime biases, dynamic M and
narrow-range and sub-byte storage. Standard library only (no numpy).
"""
import random
import struct
import sys

STORAGE = {"i8": ("i8", -128, 127), "u8": ("i8", 0, 255),
           "i4": ("i4", -8, 7), "u4": ("i4", 0, 15),
           "i2": ("i2", -2, 1), "u2": ("i2", 0, 3),
           "i16": ("i16", -32768, 32767), "u16": ("i16", 0, 65535),
           "i8n": ("i8", -127, 127)}


def qtype(storage, scale, zp, axis=None, scales=None, zps=None):
    name = {"i8n": "i8<-127:127>"}.get(storage, storage)
    if axis is None:
        return "!quant.uniform<%s:f32, %r:%d>" % (name, scale, zp)
    params = ", ".join("%r:%d" % (s, z) for s, z in zip(scales, zps))
    return "!quant.uniform<%s:f32:%d, {%s}>" % (name, axis, params)


def tensor(shape, elt):
    return "tensor<%sx%s>" % ("x".join("?" if d is None else str(d)
                                       for d in shape), elt)


def rand_values(rng, storage, count, lo=None, hi=None):
    _, smin, smax = STORAGE[storage]
    lo = smin if lo is None else lo
    hi = smax if hi is None else hi
    vals = [rng.randint(lo, hi) for _ in range(count)]
    # The extremes of the range appear.
    for i in rng.sample(range(count), max(1, count // 8)):
        vals[i] = rng.choice([lo, hi])
    return vals


def dense(vals, shape, storage):
    """A dense literal of storage integers in row-major order."""
    def nest(v, dims):
        if len(dims) == 1:
            return "[" + ", ".join(str(x) for x in v) + "]"
        step = len(v) // dims[0]
        return "[" + ", ".join(nest(v[i * step:(i + 1) * step], dims[1:])
                               for i in range(dims[0])) + "]"
    return "dense<%s> : %s" % (nest(vals, shape),
                               tensor(shape, STORAGE[storage][0]))


class Module:
    def __init__(self):
        self.funcs = []
        self.main = []
        self.count = 0
        self.expected = []
        self.tol = []

    def text(self):
        out = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
        out += self.funcs
        out.append("func.func @main() {")
        out += ["  " + l for l in self.main]
        out.append("  return")
        out.append("}")
        return "\n".join(out) + "\n"

    def print_i32(self, value, shape, storage_elt):
        n = self.count
        flat = 1
        for d in shape:
            flat *= d
        rank = len(shape)
        v = value
        if storage_elt != "i32":
            self.main.append("%%w%d = arith.extsi %s : %s to %s" % (
                n, v, tensor(shape, storage_elt), tensor(shape, "i32")))
            v = "%%w%d" % n
        self.main.append("%%f%d = tensor.collapse_shape %s [%s] : %s into %s"
                         % (n, v, list(range(rank)), tensor(shape, "i32"),
                            tensor([flat], "i32")))
        self.main.append("%%u%d = tensor.cast %%f%d : %s to tensor<*xi32>" %
                         (n, n, tensor([flat], "i32")))
        self.main.append("call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()"
                         % n)


def requant_params(rng, channels, shifts=None, mults=None):
    """Random multipliers and shifts for `channels` channels; `shifts` and
    `mults`, cycled over the channels, replace them (the random draws
    happen either way, so that later cases see the same values)."""
    mult = [rng.randint(1 << 29, (1 << 31) - 1) for _ in range(channels)]
    shift = [rng.randint(36, 44) for _ in range(channels)]
    if shifts:
        shift = [shifts[i % len(shifts)] for i in range(channels)]
    if mults:
        mult = [mults[i % len(mults)] for i in range(channels)]
    return mult, shift


def matmul_case(mod, rng, m, n, k, act, wgt, w_zps, mode=None, per_channel=False,
                out="i8", out_zp=-3, bias="const", dynamic_m=False, w_range=None,
                act_zp=None, shifts=None, mults=None,
                bias_range=(-50000, 50000)):
    """qmatmul (+ requantize in `mode`) of act [m x k] and constant weights
    [k x n] of storage `wgt` with zero points `w_zps` (1 or n). `shifts`
    and `mults` (cycled over the channels) replace the random requantize
    shifts and multipliers."""
    c = mod.count
    mod.count += 1
    act_zp = {"u8": 128, "i8": -3, "i8n": 0}[act] if act_zp is None else act_zp
    a_t = qtype(act, 0.05, act_zp)
    if len(w_zps) == 1:
        w_t = qtype(wgt, 0.02, w_zps[0])
    else:
        w_t = qtype(wgt, None, None, axis=1, scales=[0.02] * n, zps=w_zps)
    # Signless accumulators: the random multipliers need not match scales.
    acc_t = "i32"
    mdim = None if dynamic_m else m
    a_ty = tensor([mdim, k], a_t)
    lo, hi = w_range if w_range else (None, None)
    w_vals = rand_values(rng, wgt, k * n, lo, hi)
    body = []
    args = ["%%a: %s" % a_ty]
    body.append("%%ws = arith.constant %s" % dense(w_vals, [k, n], wgt))
    body.append("%%w = quant.scast %%ws : %s to %s" %
                (tensor([k, n], STORAGE[wgt][0]), tensor([k, n], w_t)))
    operands = "%a, %w"
    types = "%s, %s" % (a_ty, tensor([k, n], w_t))
    if bias == "const":
        b = [rng.randint(*bias_range) for _ in range(n)]
        body.append("%%b = arith.constant dense<%s> : %s" %
                    (b, tensor([n], "i32")))
        operands += " bias %b"
        types += ", " + tensor([n], "i32")
    elif bias == "arg":
        args.append("%%b: %s" % tensor([n], "i32"))
        operands += " bias %b"
        types += ", " + tensor([n], "i32")
    acc_ty = tensor([mdim, n], acc_t)
    body.append("%%acc = quantx.qmatmul %s : %s -> %s" % (operands, types,
                                                          acc_ty))
    if mode is None:
        res_ty, res_elt, ret = acc_ty, "i32", "%acc"
    else:
        channels = n if per_channel else 1
        mult, shift = requant_params(rng, channels, shifts, mults)
        o_t = qtype(out, 0.05, out_zp)
        res_ty = tensor([mdim, n], o_t)
        axis = " axis(1)" if per_channel else ""
        body.append("%%y = quantx.requantize %%acc%s multiplier %s shift %s "
                    "rounding<%s> : %s -> %s" % (axis, mult, shift, mode,
                                                 acc_ty, res_ty))
        res_elt, ret = STORAGE[out][0], "%y"
    mod.funcs.append("func.func @case%d(%s) -> %s {" % (c, ", ".join(args),
                                                        res_ty))
    mod.funcs += ["  " + l for l in body]
    mod.funcs.append("  return %s : %s" % (ret, res_ty))
    mod.funcs.append("}")
    mod.funcs.append("")

    # @main: constant activations (and bias), the call, the print.
    a_vals = rand_values(rng, act, m * k)
    mod.main.append("%%as%d = arith.constant %s" % (c, dense(a_vals, [m, k],
                                                             act)))
    mod.main.append("%%a%d = quant.scast %%as%d : %s to %s" % (
        c, c, tensor([m, k], STORAGE[act][0]), tensor([m, k], a_t)))
    call_args = ["%%a%d" % c]
    call_types = [tensor([m, k], a_t)]
    if dynamic_m:
        mod.main.append("%%ad%d = tensor.cast %%a%d : %s to %s" % (
            c, c, tensor([m, k], a_t), a_ty))
        call_args = ["%%ad%d" % c]
        call_types = [a_ty]
    if bias == "arg":
        b = [rng.randint(-50000, 50000) for _ in range(n)]
        mod.main.append("%%b%d = arith.constant dense<%s> : %s" % (
            c, b, tensor([n], "i32")))
        call_args.append("%%b%d" % c)
        call_types.append(tensor([n], "i32"))
    mod.main.append("%%r%d = call @case%d(%s) : (%s) -> %s" % (
        c, c, ", ".join(call_args), ", ".join(call_types), res_ty))
    v = "%%r%d" % c
    if dynamic_m:
        elt = res_ty[len("tensor<?x%dx" % n):-1]
        mod.main.append("%%rs%d = tensor.cast %s : %s to %s" % (
            c, v, res_ty, tensor([m, n], elt)))
        v = "%%rs%d" % c
        res_static = tensor([m, n], elt)
    else:
        res_static = res_ty
    if res_elt != "i32" or "quant" in res_static:
        mod.main.append("%%rq%d = quant.scast %s : %s to %s" % (
            c, v, res_static, tensor([m, n], res_elt)))
        v = "%%rq%d" % c
    mod.print_i32(v, [m, n], res_elt)


def matmul_cases(mod, rng):
    # Odd shapes around the tiles (mr in {4, 6}, nr in {16, 32, 64}, K groups
    # of 1, 2, 4), with a fused epilogue in every rounding mode.
    matmul_case(mod, rng, 7, 67, 37, "u8", "i8", [0], "double_round")
    matmul_case(mod, rng, 13, 130, 130, "i8", "i8", [0] * 130, "half_to_even",
                per_channel=True)
    matmul_case(mod, rng, 9, 20, 70, "u8", "i8", [0], "half_up", out="u8",
                out_zp=120)
    matmul_case(mod, rng, 5, 33, 9, "i8", "i8", [0], "half_away_from_zero",
                out="i16", out_zp=7)
    matmul_case(mod, rng, 6, 17, 11, "u8", "i8", [0], "toward_zero",
                per_channel=True, out="i8", out_zp=0)
    # K = 1, N = 1, M = 1.
    matmul_case(mod, rng, 5, 3, 1, "u8", "i8", [0], "double_round")
    matmul_case(mod, rng, 11, 1, 33, "i8", "i8", [0], "double_round")
    matmul_case(mod, rng, 1, 100, 300, "u8", "i8", [0], "double_round")
    matmul_case(mod, rng, 1, 1, 1, "i8", "i8", [0], "half_to_even")
    # Unsigned weights whose zero point does not fit: b - zb spans more than
    # a byte, so the VNNI kernel keeps per-row sums.
    matmul_case(mod, rng, 7, 40, 45, "u8", "u8", [100], "double_round")
    matmul_case(mod, rng, 5, 20, 23, "i8", "u8", [3 * i for i in range(20)],
                "half_to_even", per_channel=True)
    # Unsigned weights centred on their zero point (b - zb fits a byte).
    matmul_case(mod, rng, 7, 21, 19, "u8", "u8", [128], "double_round")
    # Signed weights with zero points (some do not fit).
    matmul_case(mod, rng, 6, 18, 29, "i8", "i8", [(-1) ** i * 5 * i
                                                  for i in range(18)],
                "double_round", per_channel=True)
    # i32 accumulators without requantize; runtime bias; no bias.
    matmul_case(mod, rng, 8, 35, 77, "u8", "i8", [0])
    matmul_case(mod, rng, 7, 70, 50, "i8", "i8", [0], "double_round",
                bias="arg")
    matmul_case(mod, rng, 3, 9, 13, "i8", "i8", [0], None, bias="none")
    # Dynamic M.
    matmul_case(mod, rng, 10, 19, 21, "u8", "i8", [0], "double_round",
                dynamic_m=True)
    # Narrow range and sub-byte weights.
    matmul_case(mod, rng, 4, 23, 31, "i8n", "i8n", [0], "double_round")
    matmul_case(mod, rng, 5, 47, 39, "u8", "i4", [0], "half_to_even")
    matmul_case(mod, rng, 9, 12, 66, "i8", "u4", [8], "double_round")
    # Long reduction with extreme values everywhere.
    matmul_case(mod, rng, 7, 65, 1000, "u8", "i8", [0], "double_round",
                w_range=(-128, 127))
    # More rows than one cache block of activations (256 KiB / K rows, a
    # multiple of the register tile): row blocks outermost, a partial last
    # block, with and without per-row sums.
    matmul_case(mod, rng, 300, 20, 1000, "u8", "i8", [0], "double_round")
    matmul_case(mod, rng, 301, 9, 1000, "i8", "u8", [100], "half_to_even")
    # The requantize on 32-bit lanes (every shift >= 31): shifts at both
    # ends of its range, biases near the i32 limits (accumulators that wrap
    # and products that need all 62 bits), in double_round and in another
    # mode; then shifts below 31, which take the 64-bit form.
    big = (-(1 << 31), (1 << 31) - 1)
    matmul_case(mod, rng, 7, 40, 21, "u8", "i8", [0], "double_round",
                per_channel=True, shifts=[31, 32, 33, 47, 61, 62],
                bias_range=big)
    matmul_case(mod, rng, 5, 33, 17, "i8", "i8", [0], "half_to_even",
                per_channel=True, shifts=[31, 32, 40, 62], bias_range=big,
                out="i16", out_zp=-300)
    # Power-of-two multipliers make every rounding step meet exact ties.
    ties = [1 << 30, 3 << 28, 1 << 29]
    matmul_case(mod, rng, 3, 17, 9, "u8", "i8", [0], "double_round",
                per_channel=True, shifts=[31, 32, 33, 34], mults=ties,
                out="u8", out_zp=250)
    matmul_case(mod, rng, 4, 18, 5, "i8", "i8", [0], "half_to_even",
                per_channel=True, shifts=[31, 32, 33], mults=ties)
    # Every shift >= 32: double_round's two roundings as one 64-bit shift.
    matmul_case(mod, rng, 5, 21, 7, "i8", "i8", [0], "double_round",
                per_channel=True, shifts=[32, 33, 34, 45, 62], mults=ties,
                bias_range=big)
    matmul_case(mod, rng, 7, 16, 6, "u8", "i8", [0], "double_round",
                shifts=[32], mults=[1 << 30], out="i16", out_zp=-7)
    matmul_case(mod, rng, 3, 17, 9, "u8", "i8", [0], "double_round",
                shifts=[31], bias_range=big, out="u8", out_zp=250)
    matmul_case(mod, rng, 6, 19, 13, "i8", "i8", [0], "double_round",
                per_channel=True, shifts=[0, 12, 30, 31, 44],
                bias_range=(-(1 << 20), 1 << 20))


def gemv_cases(mod, rng):
    # Small M (1 and 2 rows: the int8 GEMV tile that reduces two column
    # panels at once; 3 and 4 rows: the general tile) with N over several
    # panels of 64 (AVX-512) or 16 (AVX2) columns and not a multiple of
    # them, K odd, K = 1, long K with extreme values, per-channel
    # requantize, weight zero points that need per-row sums, i8 (flipped)
    # activations, i32 results with a runtime bias, sub-byte weights, and a
    # dynamic M of 1 (the GEMV tile chosen at run time) and of 3.
    matmul_case(mod, rng, 1, 200, 301, "u8", "i8", [0], "double_round")
    matmul_case(mod, rng, 2, 130, 64, "i8", "i8", [0] * 130, "half_to_even",
                per_channel=True)
    matmul_case(mod, rng, 1, 128, 1, "u8", "i8", [0], "half_up", out="u8",
                out_zp=120)
    matmul_case(mod, rng, 1, 256, 37, "u8", "u8", [100], "double_round")
    matmul_case(mod, rng, 2, 150, 45, "i8", "u8", [i % 200 for i in range(150)],
                "half_away_from_zero", per_channel=True, out="i16", out_zp=7)
    matmul_case(mod, rng, 1, 192, 77, "i8", "i8", [0], None, bias="arg")
    matmul_case(mod, rng, 1, 130, 99, "u8", "i8", [0], "double_round",
                dynamic_m=True)
    matmul_case(mod, rng, 3, 140, 50, "u8", "i8", [0], "toward_zero",
                per_channel=True, dynamic_m=True)
    matmul_case(mod, rng, 1, 129, 1000, "u8", "i8", [0], "double_round",
                w_range=(-128, 127))
    matmul_case(mod, rng, 3, 131, 33, "i8", "i8", [(-1) ** i * 5 * (i % 25)
                                                   for i in range(131)],
                "double_round", per_channel=True)
    matmul_case(mod, rng, 4, 70, 17, "u8", "i8", [0], "half_to_even")
    matmul_case(mod, rng, 1, 140, 50, "u8", "i4", [0], "half_to_even")
    matmul_case(mod, rng, 2, 64, 6, "i8n", "i8n", [0], "double_round",
                bias="none")


def conv_case(mod, rng, n, c, h, w, f, kh, kw, act, wgt, w_zps, mode=None,
              per_channel=False, layout="nhwc_hwcf", strides=(1, 1),
              dilations=(1, 1), padding=(0, 0, 0, 0), out="i8", out_zp=-3,
              bias="const", dynamic_n=False, groups=1):
    """qconv2d (+ requantize in `mode`) with a constant filter."""
    cid = mod.count
    mod.count += 1
    nhwc = layout == "nhwc_hwcf"
    act_zp = {"u8": 128, "i8": -3, "i8n": 0}[act]
    a_t = qtype(act, 0.05, act_zp)
    axis = 3 if nhwc else 0
    if len(w_zps) == 1:
        w_t = qtype(wgt, 0.02, w_zps[0])
    else:
        w_t = qtype(wgt, None, None, axis=axis, scales=[0.02] * f, zps=w_zps)
    oh = (h + padding[0] + padding[1] - dilations[0] * (kh - 1) - 1) // \
        strides[0] + 1
    ow = (w + padding[2] + padding[3] - dilations[1] * (kw - 1) - 1) // \
        strides[1] + 1
    in_shape = [n, h, w, c] if nhwc else [n, c, h, w]
    cg = c // groups
    f_shape = [kh, kw, cg, f] if nhwc else [f, cg, kh, kw]
    out_shape = [n, oh, ow, f] if nhwc else [n, f, oh, ow]
    dyn = lambda s: [None] + s[1:] if dynamic_n else s
    a_ty = tensor(dyn(in_shape), a_t)
    cnt = kh * kw * cg * f
    w_vals = rand_values(rng, wgt, cnt)
    body = ["%%ws = arith.constant %s" % dense(w_vals, f_shape, wgt),
            "%%w = quant.scast %%ws : %s to %s" % (
                tensor(f_shape, STORAGE[wgt][0]), tensor(f_shape, w_t))]
    operands = "%x, %w"
    types = "%s, %s" % (a_ty, tensor(f_shape, w_t))
    args = ["%%x: %s" % a_ty]
    if bias == "const":
        b = [rng.randint(-50000, 50000) for _ in range(f)]
        body.append("%%b = arith.constant dense<%s> : %s" %
                    (b, tensor([f], "i32")))
        operands += " bias %b"
        types += ", " + tensor([f], "i32")
    acc_ty = tensor(dyn(out_shape), "i32")
    attrs = "{strides = array<i64: %d, %d>, dilations = array<i64: %d, %d>, " \
        "padding = array<i64: %d, %d, %d, %d>}" % (
            tuple(strides) + tuple(dilations) + tuple(padding))
    if groups != 1:
        attrs = attrs[:-1] + ", groups = %d : i64}" % groups
    body.append("%%acc = quantx.qconv2d %s layout<%s> %s : %s -> %s" % (
        operands, layout, attrs, types, acc_ty))
    if mode is None:
        res_ty, res_elt, ret = acc_ty, "i32", "%acc"
    else:
        mult, shift = requant_params(rng, f if per_channel else 1)
        res_ty = tensor(dyn(out_shape), qtype(out, 0.05, out_zp))
        ax = " axis(%d)" % (3 if nhwc else 1) if per_channel else ""
        body.append("%%y = quantx.requantize %%acc%s multiplier %s shift %s "
                    "rounding<%s> : %s -> %s" % (ax, mult, shift, mode,
                                                 acc_ty, res_ty))
        res_elt, ret = STORAGE[out][0], "%y"
    mod.funcs.append("func.func @case%d(%s) -> %s {" % (cid, ", ".join(args),
                                                        res_ty))
    mod.funcs += ["  " + l for l in body]
    mod.funcs.append("  return %s : %s" % (ret, res_ty))
    mod.funcs.append("}")
    mod.funcs.append("")

    cnt_in = n * c * h * w
    x_vals = rand_values(rng, act, cnt_in)
    mod.main.append("%%xs%d = arith.constant %s" % (cid, dense(x_vals, in_shape,
                                                               act)))
    mod.main.append("%%x%d = quant.scast %%xs%d : %s to %s" % (
        cid, cid, tensor(in_shape, STORAGE[act][0]), tensor(in_shape, a_t)))
    arg = "%%x%d" % cid
    if dynamic_n:
        mod.main.append("%%xd%d = tensor.cast %%x%d : %s to %s" % (
            cid, cid, tensor(in_shape, a_t), a_ty))
        arg = "%%xd%d" % cid
    mod.main.append("%%r%d = call @case%d(%s) : (%s) -> %s" % (
        cid, cid, arg, a_ty, res_ty))
    v = "%%r%d" % cid
    elt = res_ty[res_ty.index("x", res_ty.index("x", res_ty.index("x",
          res_ty.index("x") + 1) + 1) + 1) + 1:-1]
    static_ty = tensor(out_shape, elt)
    if dynamic_n:
        mod.main.append("%%rs%d = tensor.cast %s : %s to %s" % (
            cid, v, res_ty, static_ty))
        v = "%%rs%d" % cid
    if res_elt != "i32" or "quant" in static_ty:
        mod.main.append("%%rq%d = quant.scast %s : %s to %s" % (
            cid, v, static_ty, tensor(out_shape, res_elt)))
        v = "%%rq%d" % cid
    mod.print_i32(v, out_shape, res_elt)


def conv_cases(mod, rng):
    # ResNet-like 3x3 / stride 2 / 1x1 layers, shrunk; C = 3 needs channel
    # padding; F not a multiple of any tile.
    conv_case(mod, rng, 1, 3, 9, 10, 21, 3, 3, "u8", "i8", [0], "double_round",
              strides=(2, 2), padding=(1, 1, 1, 1))
    conv_case(mod, rng, 2, 16, 6, 7, 33, 3, 3, "i8", "i8", [0] * 33,
              "half_to_even", per_channel=True, padding=(1, 1, 1, 1))
    conv_case(mod, rng, 1, 24, 5, 5, 70, 1, 1, "u8", "i8", [0], "half_up",
              out="u8", out_zp=100)
    conv_case(mod, rng, 1, 8, 8, 8, 17, 1, 1, "i8", "i8", [0], "double_round",
              strides=(2, 2))
    # Asymmetric padding, dilation, non-square strides and filters.
    conv_case(mod, rng, 2, 5, 7, 9, 6, 3, 2, "i8", "i8", [(-1) ** i * 7 * i
                                                       for i in range(6)],
              "toward_zero", per_channel=True, strides=(2, 1),
              dilations=(1, 2), padding=(2, 0, 1, 3))
    # NCHW / FCHW with a per-channel epilogue along C, and weights whose zero
    # points need the per-row-sum correction.
    conv_case(mod, rng, 2, 6, 5, 6, 9, 3, 3, "u8", "u8", [100 + i
                                                        for i in range(9)],
              "half_away_from_zero", per_channel=True, layout="nchw_fchw",
              padding=(1, 1, 1, 1))
    conv_case(mod, rng, 1, 4, 6, 6, 5, 1, 1, "u8", "i8", [0], None,
              layout="nchw_fchw")
    # Dynamic batch, no bias, i32 accumulators.
    conv_case(mod, rng, 3, 8, 4, 5, 12, 3, 3, "u8", "i8", [0], None,
              bias="none", padding=(1, 1, 1, 1), dynamic_n=True)
    conv_case(mod, rng, 2, 4, 4, 4, 7, 2, 2, "i8", "i8", [0], "double_round",
              dynamic_n=True)
    # More output pixels (576) than one cache block of K = 576 rows holds.
    conv_case(mod, rng, 1, 64, 24, 24, 8, 3, 3, "u8", "i8", [0], "double_round",
              padding=(1, 1, 1, 1))
    # The kernels' own padding: rows of W * C = 140 bytes (two 64-byte
    # copies and an overlapping one), a dynamic batch whose padded size
    # (3 * 7 * 9 * 20) is not a multiple of 64; 66 channels padded to the
    # group, copied per pixel (64 bytes and an overlapping 64).
    conv_case(mod, rng, 3, 20, 5, 7, 11, 3, 3, "i8", "i8", [0],
              "double_round", padding=(2, 0, 1, 1), dynamic_n=True)
    conv_case(mod, rng, 1, 66, 4, 3, 10, 2, 1, "u8", "i8", [0], None,
              padding=(0, 1, 1, 0))
    # ResNet's first layer, shrunk: 7x7 stride 2 on C = 3, each filter row
    # one reduction loop (21 bytes padded to 24 with avx512-vnni).
    conv_case(mod, rng, 1, 3, 15, 13, 16, 7, 7, "u8", "i8", [0],
              "double_round", strides=(2, 2), padding=(3, 3, 3, 3))
    # Filter rows of kw * C = 15 values padded to the group once per row
    # (their padding meets the next pixels' bytes with weights b - zb = 0;
    # u8 weights with zero point 128 make zb nonzero).
    conv_case(mod, rng, 2, 5, 6, 7, 9, 3, 3, "i8", "u8", [128], "half_up",
              strides=(1, 2), padding=(1, 1, 0, 2))


def f32(x):
    """x rounded to f32 (round to nearest even)."""
    return struct.unpack("<f", struct.pack("<f", x))[0]


def weight_only_case(mod, rng, m, k, n, storage, scales, zps, exact=True,
                     dynamic_m=False):
    """linalg.matmul(x, dequantize(constant codes)) + init, f32. With
    `exact`, x and init are small integers and the scales powers of two, so
    every product and sum is exact in f32 and both lowerings must agree bit
    for bit; otherwise the expected values and a per-element bound go to
    mod.expected / mod.tol."""
    cid = mod.count
    mod.count += 1
    if len(scales) == 1:
        w_t = qtype(storage, scales[0], zps[0])
    else:
        w_t = qtype(storage, None, None, axis=1, scales=scales, zps=zps)
    codes = rand_values(rng, storage, k * n)
    mdim = None if dynamic_m else m
    x_ty = tensor([mdim, k], "f32")
    o_ty = tensor([mdim, n], "f32")
    mod.funcs.append("func.func @case%d(%%x: %s, %%init: %s) -> %s {" % (
        cid, x_ty, o_ty, o_ty))
    mod.funcs.append("  %%c = arith.constant %s" % dense(codes, [k, n],
                                                         storage))
    mod.funcs.append("  %%q = quant.scast %%c : %s to %s" % (
        tensor([k, n], STORAGE[storage][0]), tensor([k, n], w_t)))
    mod.funcs.append("  %%w = quantx.dequantize %%q : %s -> %s" % (
        tensor([k, n], w_t), tensor([k, n], "f32")))
    mod.funcs.append("  %%y = linalg.matmul ins(%%x, %%w : %s, %s) outs(%%init "
                     ": %s) -> %s" % (x_ty, tensor([k, n], "f32"), o_ty, o_ty))
    mod.funcs.append("  return %%y : %s" % o_ty)
    mod.funcs.append("}")
    mod.funcs.append("")
    if exact:
        xs = [float(rng.randint(-8, 8)) for _ in range(m * k)]
        init = [float(rng.randint(-100, 100)) for _ in range(m * n)]
    else:
        xs = [f32(rng.uniform(-1, 1)) for _ in range(m * k)]
        init = [f32(rng.uniform(-1, 1)) for _ in range(m * n)]
    flt = lambda v: "%.9e" % v
    def fdense(vals, shape):
        rows = [vals[i * shape[1]:(i + 1) * shape[1]] for i in range(shape[0])]
        return "dense<[%s]> : %s" % (", ".join(
            "[" + ", ".join(flt(v) for v in r) + "]" for r in rows),
            tensor(shape, "f32"))
    mod.main.append("%%x%d = arith.constant %s" % (cid, fdense(xs, [m, k])))
    mod.main.append("%%i%d = arith.constant %s" % (cid, fdense(init, [m, n])))
    args = ["%%x%d" % cid, "%%i%d" % cid]
    if dynamic_m:
        for a, w in (("x", k), ("i", n)):
            mod.main.append("%%%sd%d = tensor.cast %%%s%d : %s to %s" % (
                a, cid, a, cid, tensor([m, w], "f32"), tensor([None, w], "f32")))
        args = ["%%xd%d" % cid, "%%id%d" % cid]
    mod.main.append("%%r%d = call @case%d(%s) : (%s, %s) -> %s" % (
        cid, cid, ", ".join(args), x_ty, o_ty, o_ty))
    v = "%%r%d" % cid
    if dynamic_m:
        mod.main.append("%%rs%d = tensor.cast %s : %s to %s" % (
            cid, v, o_ty, tensor([m, n], "f32")))
        v = "%%rs%d" % cid
    # Print the bit patterns: the float printer rounds to 6 digits.
    mod.main.append("%%b%d = arith.bitcast %s : %s to %s" % (
        cid, v, tensor([m, n], "f32"), tensor([m, n], "i32")))
    mod.print_i32("%%b%d" % cid, [m, n], "i32")
    if not exact:
        _, lo, hi = STORAGE[storage]
        off = (1 << (STORAGE[storage][0] != "i8" and
                     int(STORAGE[storage][0][1:]) - 1 or 0)) \
            if lo < 0 and STORAGE[storage][0] != "i8" else 0
        for r in range(m):
            for c in range(n):
                sc = scales[0] if len(scales) == 1 else scales[c]
                z = zps[0] if len(zps) == 1 else zps[c]
                sf = f32(sc)
                y, mag = init[r * n + c], abs(init[r * n + c])
                for t in range(k):
                    q = codes[t * n + c]
                    xv = xs[r * k + t]
                    y += xv * (q - z) * sf
                    mag += abs(xv) * (abs(q - z) + abs(q + off) +
                                      abs(z + off)) * sf
                # As f32 bit patterns (what the test prints); the bound
                # covers that last rounding.
                mod.expected.append(struct.unpack(
                    "<i", struct.pack("<f", y))[0])
                mod.tol.append((k + 4) * 2.0 ** -23 * mag + 2.0 ** -24 *
                               abs(y))


def weight_only_cases(mod, rng):
    # Exact arithmetic: bit-exact with the reference. N around the 64- and
    # 32-column panels, K odd (the two accumulator sets of M = 1),
    # M around the 4- and 2-row tiles.
    weight_only_case(mod, rng, 1, 37, 70, "i4", [0.25], [0])
    weight_only_case(mod, rng, 5, 64, 130, "i4", [2.0 ** -(i % 5)
                                                 for i in range(130)],
                     [(i % 7) - 3 for i in range(130)])
    weight_only_case(mod, rng, 3, 33, 17, "u4", [0.5], [8])
    weight_only_case(mod, rng, 1, 129, 65, "i2", [2.0 ** -(i % 3)
                                                 for i in range(65)],
                     [(i % 3) - 1 for i in range(65)])
    weight_only_case(mod, rng, 6, 20, 64, "u2", [0.125], [1])
    weight_only_case(mod, rng, 2, 50, 40, "i8", [2.0 ** -(i % 4)
                                                for i in range(40)],
                     [0] * 40)
    weight_only_case(mod, rng, 3, 7, 1, "u8", [1.0], [128])
    weight_only_case(mod, rng, 4, 16, 33, "i4", [1.0], [0], dynamic_m=True)
    weight_only_case(mod, rng, 7, 1, 9, "i4", [0.5], [-2])
    # A single row of 4-bit codes reads two halves of K at once (two code
    # streams): an odd number of row pairs and an odd row (K = 39), one
    # pair per stream plus the odd pair (K = 6), and the single-row tile
    # of a dynamic M = 5.
    weight_only_case(mod, rng, 1, 39, 70, "u4", [0.5], [3])
    weight_only_case(mod, rng, 1, 6, 64, "i4", [1.0], [0])
    weight_only_case(mod, rng, 5, 12, 64, "u4", [0.25], [5], dynamic_m=True)


def weight_only_float_cases(mod, rng):
    # Random reals: within the stated bound of the float64 result.
    weight_only_case(mod, rng, 1, 256, 100, "i4", [rng.uniform(0.001, 0.1)
                                                   for _ in range(100)],
                     [0] * 100, exact=False)
    weight_only_case(mod, rng, 3, 77, 70, "u4", [0.037], [7], exact=False)
    weight_only_case(mod, rng, 5, 90, 48, "i2", [rng.uniform(0.01, 1.0)
                                                 for _ in range(48)],
                     [rng.randint(-2, 1) for _ in range(48)], exact=False)


def depthwise_cases(mod, rng):
    # MobileNet's depthwise layers (groups = C = F): 3x3 and 5x5, stride 1
    # and 2, padding; C not a multiple of the vector length (channel
    # padding); per-channel weight zero points; NHWC and NCHW; u8 and i8
    # activations; i32 results, or a requantize after.
    conv_case(mod, rng, 1, 8, 6, 7, 8, 3, 3, "u8", "i8", [0], None,
              layout="nchw_fchw", padding=(1, 1, 1, 1), groups=8)
    conv_case(mod, rng, 2, 20, 7, 6, 20, 3, 3, "i8", "i8", [0] * 20, None,
              per_channel=True, strides=(2, 1), padding=(1, 1, 1, 1),
              groups=20)
    conv_case(mod, rng, 1, 13, 9, 9, 13, 5, 5, "u8", "i8",
              [(-1) ** i * 3 * i for i in range(13)], "half_to_even",
              per_channel=True, layout="nchw_fchw", strides=(2, 2),
              padding=(2, 2, 2, 2), groups=13)
    conv_case(mod, rng, 1, 3, 5, 5, 3, 2, 3, "i8", "u8", [100, 120, 140],
              None, per_channel=True, dilations=(2, 1),
              padding=(0, 1, 2, 0), bias="none", groups=3)
    conv_case(mod, rng, 3, 16, 4, 4, 16, 3, 3, "u8", "i8", [0],
              "double_round", padding=(1, 1, 1, 1), dynamic_n=True,
              groups=16)
    # Padded rows of W * C = 120 bytes: a 64-byte copy and an overlapping
    # one (the padding kernel).
    conv_case(mod, rng, 2, 24, 3, 5, 24, 3, 3, "i8", "i8", [0], None,
              padding=(1, 0, 2, 1), groups=24)


def main(argv):
    kind, out = argv[1], argv[2]
    rng = random.Random(20240805)
    mod = Module()
    {"matmul": matmul_cases, "gemv": gemv_cases, "conv": conv_cases,
     "depthwise": depthwise_cases,
     "weight-only": weight_only_cases,
     "weight-only-float": weight_only_float_cases}[kind](mod, rng)
    with open(out, "w") as f:
        f.write(mod.text())
    if mod.expected:
        with open(argv[3], "w") as f:
            f.write("\n".join(repr(v) for v in mod.expected) + "\n")
        with open(argv[4], "w") as f:
            f.write("\n".join(repr(v) for v in mod.tol) + "\n")


if __name__ == "__main__":
    main(sys.argv)
