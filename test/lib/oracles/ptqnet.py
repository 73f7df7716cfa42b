#!/usr/bin/env python3
"""A small float conv/matmul net with batch norms for quantx-ptq-pipeline,
its calibration inputs, and its float64 numpy reference.

usage: ptqnet.py model --mlir OUT.mlir --inputs DIR --expected OUT.txt
       ptqnet.py sqnr ACTUAL EXPECTED MIN_DB

`model` writes a module whose @net is

  1  pad 1, conv_2d_nchw_fchw 3->8 3x3   quantx.batch_norm (axis 1)   ReLU
  2  conv_2d_nchw_fchw 8->8 3x3           quantx.batch_norm (axis 1)   ReLU
  3  collapse to 2 x 288, matmul 288->10 + bias (a linalg.generic add)

and whose @main runs @net on a fixed input (not among the calibration
inputs) and prints the f32 outputs as bit patterns (printMemrefI32 of an
arith.bitcast), so nothing is lost to the printer's 6 digits. DIR gets four
calibration inputs (DIR/NNN.npy, 2x3x8x8 float32, uniform in [-1, 1] like
the evaluation input). EXPECTED gets the float64 evaluation of the net on
the evaluation input, from the f32 weights, as plain numbers (repr).
Weights, statistics and inputs come from a fixed seed.

`sqnr` reads the bit patterns a run printed, decodes them, and prints
10 log10(sum(ref^2) / sum((out - ref)^2)) against the float64 reference
with two decimals; it exits 1 when that is below MIN_DB.
"""
import math
import os
import re
import struct
import sys

import numpy as np

F32 = np.float32
EPS = 1e-5


def literal(a):
    """A dense f32 literal of exact bit patterns."""
    bits = np.asarray(a, dtype=F32).view(np.uint32)

    def fmt(b):
        if b.ndim == 0:
            return "0x%08X" % int(b)
        return "[" + ", ".join(fmt(c) for c in b) + "]"
    return fmt(bits)


def conv_nchw(x, w):
    """float64 conv, stride 1, no padding. x: N C H W, w: F C KH KW."""
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = h - kh + 1, wd - kw + 1
    out = np.zeros((n, f, oh, ow))
    for i in range(kh):
        for j in range(kw):
            out += np.einsum("nchw,fc->nfhw", x[:, :, i:i + oh, j:j + ow],
                             w[:, :, i, j])
    return out


def bn_params(rng, c):
    gamma = rng.uniform(0.5, 1.5, c)
    beta = rng.uniform(-0.3, 0.3, c)
    mean = rng.uniform(-0.3, 0.3, c)
    var = rng.uniform(0.3, 1.5, c)
    return [F32(p) for p in (gamma, beta, mean, var)]


def bn_ref(y, params):
    gamma, beta, mean, var = (p.astype(np.float64).reshape(1, -1, 1, 1)
                              for p in params)
    return (y - mean) / np.sqrt(var + EPS) * gamma + beta


def params():
    rng = np.random.default_rng(20261124)
    w1 = F32(rng.normal(0, 0.35, (8, 3, 3, 3)))
    bn1 = bn_params(rng, 8)
    w2 = F32(rng.normal(0, 0.2, (8, 8, 3, 3)))
    bn2 = bn_params(rng, 8)
    w3 = F32(rng.normal(0, 0.1, (288, 10)))
    b3 = F32(rng.uniform(-0.2, 0.2, 10))
    inputs = [F32(rng.uniform(-1, 1, (2, 3, 8, 8))) for _ in range(5)]
    return w1, bn1, w2, bn2, w3, b3, inputs


def reference(x, w1, bn1, w2, bn2, w3, b3):
    x = np.pad(x.astype(np.float64), ((0, 0), (0, 0), (1, 1), (1, 1)))
    a1 = np.maximum(bn_ref(conv_nchw(x, w1.astype(np.float64)), bn1), 0)
    a2 = np.maximum(bn_ref(conv_nchw(a1, w2.astype(np.float64)), bn2), 0)
    return a2.reshape(2, 288) @ w3.astype(np.float64) + b3.astype(np.float64)


def write_model(path, w1, bn1, w2, bn2, w3, b3, x):
    L = []
    emit = L.append
    emit("#id2 = affine_map<(d0, d1) -> (d0, d1)>")
    emit("#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>")
    emit("#row = affine_map<(d0, d1) -> (d1)>")
    emit("")
    emit("func.func @net(%x: tensor<2x3x8x8xf32>) -> tensor<2x10xf32> {")
    emit("  %zero = arith.constant 0.0 : f32")

    def cst(name, a):
        shape = "x".join(str(d) for d in a.shape)
        emit("  %%%s = arith.constant dense<%s> : tensor<%sxf32>"
             % (name, literal(a), shape))

    def layer(i, src, w, bn, spatial):
        t = "tensor<2x8x%dx%dxf32>" % (spatial, spatial)
        cst("w%d" % i, w)
        emit("  %%e%d = tensor.empty() : %s" % (i, t))
        emit("  %%i%d = linalg.fill ins(%%zero : f32) outs(%%e%d : %s) -> %s"
             % (i, i, t, t))
        emit("  %%c%d = linalg.conv_2d_nchw_fchw ins(%%%s, %%w%d : %s, %s) "
             "outs(%%i%d : %s) -> %s"
             % (i, src[0], i, src[1],
                "tensor<%sxf32>" % "x".join(str(d) for d in w.shape), i, t, t))
        for n, p in zip(("gamma", "beta", "mean", "var"), bn):
            cst("%s%d" % (n, i), p)
        emit("  %%n%d = quantx.batch_norm %%c%d, %%gamma%d, %%beta%d, %%mean%d,"
             " %%var%d {epsilon = 1.0e-05 : f64, axis = 1 : i64} : %s, "
             "tensor<8xf32>" % (i, i, i, i, i, i, t))
        emit("  %%a%d = linalg.generic {indexing_maps = [#id4, #id4], "
             "iterator_types = [\"parallel\", \"parallel\", \"parallel\", "
             "\"parallel\"]} ins(%%n%d : %s) outs(%%e%d : %s) {" % (i, i, t, i, t))
        emit("  ^bb0(%in: f32, %out: f32):")
        emit("    %r = arith.maximumf %in, %zero : f32")
        emit("    linalg.yield %r : f32")
        emit("  } -> " + t)

    emit("  %p1 = tensor.pad %x low[0, 0, 1, 1] high[0, 0, 1, 1] {")
    emit("  ^bb0(%i0: index, %i1: index, %i2: index, %i3: index):")
    emit("    tensor.yield %zero : f32")
    emit("  } : tensor<2x3x8x8xf32> to tensor<2x3x10x10xf32>")
    layer(1, ("p1", "tensor<2x3x10x10xf32>"), w1, bn1, 8)
    layer(2, ("a1", "tensor<2x8x8x8xf32>"), w2, bn2, 6)
    emit("  %f3 = tensor.collapse_shape %a2 [[0], [1, 2, 3]] : "
         "tensor<2x8x6x6xf32> into tensor<2x288xf32>")
    cst("w3", w3)
    cst("b3", b3)
    emit("  %e3 = tensor.empty() : tensor<2x10xf32>")
    emit("  %i3 = linalg.fill ins(%zero : f32) outs(%e3 : tensor<2x10xf32>) "
         "-> tensor<2x10xf32>")
    emit("  %c3 = linalg.matmul ins(%f3, %w3 : tensor<2x288xf32>, "
         "tensor<288x10xf32>) outs(%i3 : tensor<2x10xf32>) -> "
         "tensor<2x10xf32>")
    emit("  %y = linalg.generic {indexing_maps = [#id2, #row, #id2], "
         "iterator_types = [\"parallel\", \"parallel\"]} ins(%c3, %b3 : "
         "tensor<2x10xf32>, tensor<10xf32>) outs(%e3 : tensor<2x10xf32>) {")
    emit("  ^bb0(%in: f32, %b: f32, %out: f32):")
    emit("    %s = arith.addf %in, %b : f32")
    emit("    linalg.yield %s : f32")
    emit("  } -> tensor<2x10xf32>")
    emit("  return %y : tensor<2x10xf32>")
    emit("}")
    emit("")
    emit("func.func private @printMemrefI32(tensor<*xi32>)")
    emit("")
    emit("func.func @main() {")
    cst("x", x)
    emit("  %y = call @net(%x) : (tensor<2x3x8x8xf32>) -> tensor<2x10xf32>")
    emit("  %b = arith.bitcast %y : tensor<2x10xf32> to tensor<2x10xi32>")
    emit("  %u = tensor.cast %b : tensor<2x10xi32> to tensor<*xi32>")
    emit("  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()")
    emit("  return")
    emit("}")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def model(argv):
    opts = dict(zip(argv[0::2], argv[1::2]))
    w1, bn1, w2, bn2, w3, b3, inputs = params()
    calibration, x = inputs[:4], inputs[4]
    write_model(opts["--mlir"], w1, bn1, w2, bn2, w3, b3, x)
    os.makedirs(opts["--inputs"], exist_ok=True)
    for i, c in enumerate(calibration):
        np.save(os.path.join(opts["--inputs"], "%03d.npy" % i), c)
    ref = reference(x, w1, bn1, w2, bn2, w3, b3).reshape(-1)
    with open(opts["--expected"], "w") as f:
        f.write("\n".join(repr(float(v)) for v in ref) + "\n")
    return 0


def sqnr(actual_path, expected_path, min_db):
    text = open(actual_path).read()
    text = text.split("data =", 1)[1]
    bits = [int(t) for t in re.findall(r"-?\d+", text)]
    out = np.array([struct.unpack("<f", struct.pack("<I", b & 0xFFFFFFFF))[0]
                    for b in bits])
    ref = np.array([float(t) for t in open(expected_path).read().split()])
    if out.shape != ref.shape:
        print("FAIL: %d values, expected %d" % (out.size, ref.size))
        return 1
    noise = np.sum((out - ref) ** 2)
    db = math.inf if noise == 0 else 10 * math.log10(np.sum(ref ** 2) / noise)
    print("SQNR %.2f dB against float64 (threshold %s dB), max |error| %.3g, "
          "max |ref| %.3g" % (db, min_db, np.max(np.abs(out - ref)),
                              np.max(np.abs(ref))))
    if not db >= float(min_db):
        print("FAIL: below the threshold")
        return 1
    print("OK")
    return 0


def main(argv):
    if len(argv) >= 2 and argv[1] == "model":
        return model(argv[2:])
    if len(argv) == 5 and argv[1] == "sqnr":
        return sqnr(argv[2], argv[3], argv[4])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
