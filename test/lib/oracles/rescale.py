#!/usr/bin/env python3
"""tosa.rescale and quantx.requantize cases for the interop test.

usage: rescale.py --tosa OUT.mlir --quantx OUT.mlir

Writes two modules whose @main prints (widened to i32) the results of:

  --tosa    one tosa.rescale per case (scale32 and scale16, SINGLE_ROUND and
            DOUBLE_ROUND with shifts on both sides of 31, per tensor and per
            channel, signed/unsigned inputs and outputs, zero points);
  --quantx  one quantx.requantize per case (half_up and double_round, per
            tensor and per channel, i8/u8/i16/i32 inputs, a shift below 2).

Each module is run twice by the test, through upstream's tosa-to-linalg +
tosa-to-arith lowering of tosa.rescale and through quantx's reference
lowering of quantx.requantize, after the conversion in the matching
direction; the printed integers must be identical. Only Python's own random
module is used (no numpy). Inputs cover each type's extremes and random
values, restricted where TOSA requires the scaled value to fit i32 (TOSA
leaves it undefined otherwise; quantx saturates).
"""
import argparse
import random
import sys


def srange(bits, unsigned):
    return (0, (1 << bits) - 1) if unsigned else (-(1 << (bits - 1)),
                                                   (1 << (bits - 1)) - 1)


def as_signed(v, bits):
    """The two's complement value of the bit pattern of v (storage value)."""
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def dense(values):
    return "[" + ", ".join(str(v) for v in values) + "]"


def ty(shape, elt):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), elt)


def inputs(rng, shape, bits, unsigned, zp, mults, shifts, out_bits):
    """Storage values whose scaled value fits i32 for every channel: the
    type's extremes (when allowed), the zero point and its neighbour, and
    random values, most of which land inside the output range."""
    tlo, thi = srange(bits, unsigned)
    # |x - zp| * M / 2^s must stay below 2^30 (room for rounding and zp).
    limit = min((1 << 30) * (1 << s) // max(m, 1) for m, s in
                zip(mults, shifts))
    lo, hi = max(tlo, zp - limit), min(thi, zp + limit)
    n = 1
    for d in shape:
        n *= d
    vals = [lo, hi, zp, zp + 1 if zp < hi else zp - 1]
    # Random values within 0.6 output ranges of the zero point.
    ratio = max(max(m, 1) * 2.0 ** -s for m, s in zip(mults, shifts))
    reach = max(1, int(min(0.6 * (1 << out_bits) / ratio, 2.0 ** 40)))
    rlo, rhi = max(lo, zp - reach), min(hi, zp + reach)
    vals += [rng.randint(rlo, rhi) for _ in range(n - len(vals))]
    return vals[:n]


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--tosa", required=True)
    parser.add_argument("--quantx", required=True)
    args = parser.parse_args(argv[1:])
    rng = random.Random(1234)
    M = lambda: rng.randint(1 << 30, (1 << 31) - 1)

    # (name, shape, in bits, in unsigned, in zp, out bits, out unsigned,
    #  out zp, scale32, rounding, per channel, multipliers, shifts)
    tosa_cases = [
        ("i32_i8_double", (6, 8), 32, False, 0, 8, False, -3, True,
         "DOUBLE_ROUND", False, [M()], [40]),
        ("i32_i8_double_per_channel", (5, 4), 32, False, 0, 8, False, 7,
         True, "DOUBLE_ROUND", True, [M(), M(), M(), M()], [31, 32, 35, 50]),
        ("i32_i16_single_per_channel", (4, 3), 32, False, 0, 16, False, 0,
         True, "SINGLE_ROUND", True, [M(), M(), 1 << 30], [33, 38, 31]),
        ("u8_i8_single_ties", (8, 8), 8, True, 128, 8, False, 0, True,
         "SINGLE_ROUND", False, [1 << 30], [31]),
        ("i8_u8_double_ratio_above_one", (4, 8), 8, False, -5, 8, True, 128,
         True, "DOUBLE_ROUND", False, [1610612736], [30]),
        ("i16_i8_scale16", (4, 8), 16, False, 0, 8, False, 2, False,
         "SINGLE_ROUND", False, [20000], [24]),
        ("u16_i16_double", (4, 8), 16, True, 32768, 16, False, 0, True,
         "DOUBLE_ROUND", False, [M()], [45]),
        ("i16_i32_single_ratio_three", (4, 8), 16, False, 0, 32, False, 0,
         True, "SINGLE_ROUND", False, [1610612736], [29]),
        ("i8_i8_double_shift_62", (2, 8), 8, False, 3, 8, False, -1, True,
         "DOUBLE_ROUND", False, [(1 << 31) - 1], [62]),
    ]
    L = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    calls = []
    for (name, shape, ib, iu, izp, ob, ou, ozp, s32, rnd, pc, ms,
         ss) in tosa_cases:
        it, ot = ty(shape, "i%d" % ib), ty(shape, "i%d" % ob)
        mb = 32 if s32 else 16
        n = len(ms)
        L.append("func.func @%s(%%x: %s) -> %s {" % (name, it, ot))
        L.append('  %%m = "tosa.const"() {values = dense<%s> : %s} : () -> %s'
                 % (dense(ms), ty([n], "i%d" % mb), ty([n], "i%d" % mb)))
        L.append('  %%s = "tosa.const"() {values = dense<%s> : %s} : () -> %s'
                 % (dense(ss), ty([n], "i8"), ty([n], "i8")))
        L.append('  %%iz = "tosa.const"() {values = dense<%d> : %s} : () -> %s'
                 % (as_signed(izp, ib), ty([1], "i%d" % ib),
                    ty([1], "i%d" % ib)))
        L.append('  %%oz = "tosa.const"() {values = dense<%d> : %s} : () -> %s'
                 % (as_signed(ozp, ob), ty([1], "i%d" % ob),
                    ty([1], "i%d" % ob)))
        L.append("  %%y = tosa.rescale %%x, %%m, %%s, %%iz, %%oz {scale32 = %s, "
                 "rounding_mode = %s, per_channel = %s, input_unsigned = %s, "
                 "output_unsigned = %s} : (%s, %s, %s, %s, %s) -> %s"
                 % (str(s32).lower(), rnd, str(pc).lower(), str(iu).lower(),
                    str(ou).lower(), it, ty([n], "i%d" % mb), ty([n], "i8"),
                    ty([1], "i%d" % ib), ty([1], "i%d" % ob), ot))
        L.append("  return %%y : %s" % ot)
        L.append("}")
        L.append("")
        xs = inputs(rng, shape, ib, iu, izp, ms, ss, ob)
        calls.append((name, shape, ib, ob, ou, [as_signed(v, ib) for v in xs]))
    write_main(L, calls)
    with open(args.tosa, "w") as f:
        f.write("\n".join(L) + "\n")

    # quantx.requantize cases: (name, shape, input type, storage bits, in
    # unsigned, in zp, result type, out bits, out unsigned, axis, mults,
    # shifts, rounding)
    qcases = [
        ("acc_i8_double", (6, 8), "i32", 32, False, 0,
         "!quant.uniform<i8:f32, 1.0:-3>", 8, False, None, [M()], [40],
         "double_round"),
        ("acc_u8_half_up_per_channel", (5, 4), "i32", 32, False, 0,
         "!quant.uniform<u8:f32, 1.0:128>", 8, True, 1,
         [M(), M(), M(), 1 << 30], [34, 36, 31, 31], "half_up"),
        ("u8_i8_double_per_channel", (4, 3), "u8:f32:1", 8, True, 128,
         "!quant.uniform<i8:f32, 1.0:5>", 8, False, 1, [M(), M(), M()],
         [30, 31, 33], "double_round"),
        ("i16_i8_half_up", (4, 8), "i16:f32", 16, False, 0,
         "!quant.uniform<i8:f32, 1.0>", 8, False, None, [M()], [38],
         "half_up"),
        ("i8_i16_shift_zero", (2, 8), "i8", 8, False, 0,
         "!quant.uniform<i16:f32, 1.0>", 16, False, None, [3], [0],
         "half_up"),
    ]
    L = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    calls = []
    for (name, shape, ielt, ib, iu, izp, oelt, ob, ou, axis, ms, ss,
         rnd) in qcases:
        st, ot = ty(shape, "i%d" % ib), ty(shape, "i%d" % ob)
        if ":" in ielt:
            # The input scales are the ratios M * 2^-shift against the
            # output's 1, which the requantize verifier cross-checks.
            scales = [repr(m * 2.0 ** -sh) for m, sh in zip(ms, ss)]
            if axis is not None:
                ielt = "!quant.uniform<%s, {%s}>" % (ielt, ", ".join(
                    "%s:%d" % (sc, izp) for sc in scales))
            else:
                ielt = "!quant.uniform<%s, %s:%d>" % (ielt, scales[0], izp)
        qi, qo = ty(shape, ielt), ty(shape, oelt)
        L.append("func.func @%s(%%x: %s) -> %s {" % (name, st, ot))
        x = "%x"
        if ielt != "i%d" % ib:
            L.append("  %%xq = quant.scast %%x : %s to %s" % (st, qi))
            x = "%xq"
        ax = "axis(%d) " % axis if axis is not None else ""
        L.append("  %%y = quantx.requantize %s %smultiplier %s shift %s "
                 "rounding<%s> : %s -> %s" % (x, ax, dense(ms), dense(ss),
                                              rnd, qi, qo))
        L.append("  %%ys = quant.scast %%y : %s to %s" % (qo, ot))
        L.append("  return %%ys : %s" % ot)
        L.append("}")
        L.append("")
        xs = inputs(rng, shape, ib, iu, izp, ms, ss, ob)
        calls.append((name, shape, ib, ob, ou, [as_signed(v, ib) for v in xs]))
    write_main(L, calls)
    with open(args.quantx, "w") as f:
        f.write("\n".join(L) + "\n")
    return 0


def write_main(L, calls):
    L.append("func.func @main() {")
    for i, (name, shape, ib, ob, ou, xs) in enumerate(calls):
        n = len(xs)
        it, ot = ty(shape, "i%d" % ib), ty(shape, "i%d" % ob)
        L.append("  %%x%d = arith.constant dense<%s> : %s"
                 % (i, dense(xs), ty([n], "i%d" % ib)))
        L.append("  %%xs%d = tensor.expand_shape %%x%d [[0, 1]] output_shape "
                 "[%d, %d] : %s into %s" % (i, i, shape[0], shape[1],
                                            ty([n], "i%d" % ib), it))
        L.append("  %%y%d = call @%s(%%xs%d) : (%s) -> %s"
                 % (i, name, i, it, ot))
        L.append("  %%f%d = tensor.collapse_shape %%y%d [[0, 1]] : %s into %s"
                 % (i, i, ot, ty([n], "i%d" % ob)))
        v = "%%f%d" % i
        if ob < 32:
            ext = "arith.extui" if ou else "arith.extsi"
            L.append("  %%w%d = %s %%f%d : %s to %s"
                     % (i, ext, i, ty([n], "i%d" % ob), ty([n], "i32")))
            v = "%%w%d" % i
        L.append("  %%u%d = tensor.cast %s : %s to tensor<*xi32>"
                 % (i, v, ty([n], "i32")))
        L.append("  call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()" % i)
    L.append("  return")
    L.append("}")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
