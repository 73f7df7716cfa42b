#!/usr/bin/env python3
"""Oracle for quantx.batch_norm (numpy only, no quantx code).

usage: batchnorm.py {f16,f32,f64} --mlir OUT.mlir --expected OUT.txt
                    --tol OUT.txt

Writes a test module that runs quantx.batch_norm on deterministic random
data for a fixed list of cases (layouts, axes, epsilons, a zero variance,
negative scales, a dynamic shape) and prints the results as IEEE bit
patterns, and writes what numpy computes for the ONNX BatchNormalization
formula (training_mode = 0) in the same precision and order:

    y = (x - mean) / sqrt(var + epsilon) * scale + bias

plus a per-element tolerance. The tolerance is the forward error bound of
two evaluations of that formula with five correctly rounded operations in
the element type: each is within 5u(|t| + |bias|) of the exact value, where
t = (x - mean) / sqrt(var + epsilon) * scale and u is the unit roundoff
(2^-11 for f16, 2^-24 for f32, 2^-53 for f64), so they differ by at most
10u(|t| + |bias|). It scales with the terms rather than with y because the
last addition may cancel. Identical operation orders (the lowering's and
numpy's) agree bit for bit; the bound leaves room for a faithfully rounded
sqrt or division and for a reassociated evaluation.
"""
import argparse
import sys

import numpy as np

DTYPES = {
    "f16": (np.float16, np.uint16, "i16", 2.0 ** -11),
    "f32": (np.float32, np.uint32, "i32", 2.0 ** -24),
    "f64": (np.float64, np.uint64, "i64", 2.0 ** -53),
}


def literal(values, dtype):
    """A dense literal whose elements are the exact bit patterns, so that no
    decimal round trip changes the data."""
    _, utype, _, _ = DTYPES[dtype]
    bits = np.asarray(values).view(utype)
    width = np.dtype(utype).itemsize * 2
    def fmt(a):
        if a.ndim == 0:
            return "0x%0*X" % (width, int(a))
        return "[" + ", ".join(fmt(b) for b in a) + "]"
    return fmt(bits)


def tensor(shape, elt):
    dims = "x".join("?" if d is None else str(d) for d in shape)
    return "tensor<%sx%s>" % (dims, elt)


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("dtype", choices=sorted(DTYPES))
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--tol", required=True)
    args = parser.parse_args(argv[1:])
    ftype, utype, itype, u = DTYPES[args.dtype]
    elt = args.dtype
    rng = np.random.default_rng(4242)

    # (name, shape, axis, epsilon or None for the default 1e-5, dynamic)
    cases = [
        ("nchw_default_eps", (2, 3, 4, 5), 1, None, False),
        ("nhwc_axis_minus1", (1, 4, 3, 6), -1, 1e-3, False),
        ("nhwc_axis3", (2, 2, 2, 3), 3, 1e-2, False),
        ("nc_zero_variance", (7, 5), 1, 1e-3, False),
        ("axis0_rank1", (8,), 0, 1e-5, False),
        ("dynamic_ncw", (3, 4, 5), 1, 1e-4, True),
    ]
    lines = ["func.func private @printMemrefI32(tensor<*xi32>)",
             "func.func private @printMemrefI64(tensor<*xi64>)", ""]
    expected, tolerance = [], []
    for name, shape, axis, eps, dynamic in cases:
        c = shape[axis]
        x = rng.uniform(-8, 8, size=shape).astype(ftype)
        scale = rng.uniform(-3, 3, size=c).astype(ftype)
        bias = rng.uniform(-2, 2, size=c).astype(ftype)
        mean = rng.uniform(-2, 2, size=c).astype(ftype)
        var = rng.uniform(0, 4, size=c).astype(ftype)
        var[0] = 0  # sqrt(epsilon) alone
        scale[-1] = -abs(scale[-1])

        # numpy, in the element type, in the formula's order.
        e = ftype(1e-5 if eps is None else eps)
        bshape = [1] * len(shape)
        bshape[axis] = c
        sc, bi, mu, va = (p.reshape(bshape) for p in (scale, bias, mean, var))
        y = (x - mu) / np.sqrt(va + e) * sc + bi
        assert y.dtype == ftype
        expected.extend(int(b) for b in y.reshape(-1).view(utype))
        # The tolerance from the terms, in float64.
        t = ((x.astype(np.float64) - mu) / np.sqrt(va.astype(np.float64) + e)
             * sc)
        tolerance.extend((10 * u * (np.abs(t) + np.abs(bi))).reshape(-1))

        ty = tensor(shape, elt)
        pty = tensor((c,), elt)
        body = ["%%x = arith.constant dense<%s> : %s" % (literal(x, elt), ty)]
        for pname, p in (("scale", scale), ("bias", bias), ("mean", mean),
                         ("var", var)):
            body.append("%%%s = arith.constant dense<%s> : %s" %
                        (pname, literal(p, elt), pty))
        attrs = ["axis = %d : i64" % axis]
        if eps is not None:
            attrs.append("epsilon = %.17e : f64" % eps)
        xin, xty = "%x", ty
        if dynamic:
            xty = tensor([None] * len(shape[:axis]) + [c] +
                         [None] * len(shape[axis + 1:]), elt)
            body.append("%%xd = tensor.cast %%x : %s to %s" % (ty, xty))
            xin = "%xd"
        body.append("%%y = quantx.batch_norm %s, %%scale, %%bias, %%mean, "
                    "%%var {%s} : %s, %s" % (xin, ", ".join(attrs), xty, pty))
        body.append("%%b = arith.bitcast %%y : %s to %s" %
                    (xty, xty.replace(elt, itype)))
        bits_ty = xty.replace(elt, itype)
        value = "%b"
        if itype == "i16":
            bits_ty32 = bits_ty.replace("i16", "i32")
            body.append("%%w = arith.extui %%b : %s to %s" %
                        (bits_ty, bits_ty32))
            bits_ty, value = bits_ty32, "%w"
        pelt = "i64" if itype == "i64" else "i32"
        body.append("%%u = tensor.cast %s : %s to tensor<*x%s>" %
                    (value, bits_ty, pelt))
        body.append("call @printMemref%s(%%u) : (tensor<*x%s>) -> ()" %
                    (pelt.upper(), pelt))
        lines.append("func.func @%s() {" % name)
        lines.extend("  " + l for l in body)
        lines.extend(["  return", "}", ""])
    lines.append("func.func @main() {")
    lines.extend("  call @%s() : () -> ()" % name for name, *_ in cases)
    lines.extend(["  return", "}"])
    with open(args.mlir, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(args.expected, "w") as f:
        f.write("\n".join(str(v) for v in expected) + "\n")
    with open(args.tol, "w") as f:
        f.write("\n".join(repr(float(v)) for v in tolerance) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
