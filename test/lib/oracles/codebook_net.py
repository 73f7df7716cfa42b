#!/usr/bin/env python3
"""Oracle for quantx-codebook-quantize + quantx-fuse-codebook-matmul on a
small float network (numpy only, no quantx code).

usage: codebook_net.py model --mlir OUT.mlir
       codebook_net.py check --quantized Q.mlir --report R.txt
                             --expected OUT.txt --tol OUT.tol [--rel-tol R]

`model` writes the float network (deterministic weights and inputs) and a
@main that runs it and prints every output as f32 bit patterns.

`check` reads what the pass produced, independently of quantx: the centroid
and index blobs of every quantized layer out of the `dialect_resources`
section of Q.mlir (named `<layer>_centroids` / `<layer>_codes`), rebuilds
each weight from the documented layout (block j of column n is centroid
codes[j, n]; K flattens the filter as (c, kh, kw)), and
* checks that the indices are in range and use i8 exactly when C <= 256;
* checks the report R.txt line by line: weights, bytes before (4 per f32
  weight) and after (indices + 2-byte f16 centroids), bits per weight,
  ratio and SQNR = 10 log10(|W|^2 / |W - W_hat|^2) recomputed here, and the
  totals;
* runs the network in float64 with the rebuilt weights (the first
  convolution keeps its float weights) and writes the expected outputs and
  per-element tolerances for compare.py: R * max|y| of each output plus
  R |y| (R = --rel-tol, default 1e-5, where f32 evaluation errors are a few
  1e-7 of the scale).
"""
import argparse
import re
import sys

import numpy as np

SEED = 5

# name: (kind, weight shape, reduction dims)
LAYERS = [
    ("conv1", "nchw", (8, 3, 3, 3)),       # first conv: stays float
    ("conv2", "nchw", (16, 8, 3, 3)),      # d = 9, one block per channel
    ("conv3", "nhwc", (3, 3, 4, 32)),      # d = 9, stride 2
    ("conv4", "nhwc", (1, 1, 32, 16)),     # 1x1: block-size
    ("fc1", "matmul", (256, 64)),          # 2048 blocks of 8
    ("fc2", "matmul", (128, 128)),         # with a bias init
]
REDUCTION = {"nchw": [1, 2, 3], "nhwc": [2, 0, 1], "matmul": [0]}


def weights():
    rng = np.random.default_rng(SEED)
    w = {}
    for name, _, shape in LAYERS:
        w[name] = (rng.standard_normal(shape) * 0.2).astype(np.float32)
    inputs = {
        "x": rng.standard_normal((1, 3, 10, 10)).astype(np.float32),
        "xh": rng.standard_normal((1, 9, 9, 4)).astype(np.float32),
        "y": rng.standard_normal((2, 256)).astype(np.float32),
        "b2": (rng.standard_normal((2, 128)) * 0.1).astype(np.float32),
    }
    return w, inputs


def dense(a):
    return 'dense<"0x%s">' % np.ascontiguousarray(
        a.astype(np.float32)).tobytes().hex().upper()


def tensor(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


#===----------------------------------------------------------------------===#
# The network, in numpy (float64)
#===----------------------------------------------------------------------===#

def conv_nchw(x, w, stride=1):
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    y = np.zeros((n, f, oh, ow))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + stride * oh:stride, j:j + stride * ow:stride]
            y += np.einsum("nchw,fc->nfhw", patch, w[:, :, i, j])
    return y


def conv_nhwc(x, w, stride=1):
    n, h, wd, c = x.shape
    kh, kw, _, f = w.shape
    oh, ow = (h - kh) // stride + 1, (wd - kw) // stride + 1
    y = np.zeros((n, oh, ow, f))
    for i in range(kh):
        for j in range(kw):
            patch = x[:, i:i + stride * oh:stride, j:j + stride * ow:stride, :]
            y += np.einsum("nhwc,cf->nhwf", patch, w[i, j])
    return y


def network(w, inp):
    f64 = {k: v.astype(np.float64) for k, v in w.items()}
    x = {k: v.astype(np.float64) for k, v in inp.items()}
    a1 = np.maximum(conv_nchw(x["x"], f64["conv1"]), 0)
    out1 = conv_nchw(a1, f64["conv2"])
    a3 = conv_nhwc(x["xh"], f64["conv3"], stride=2)
    out2 = conv_nhwc(a3, f64["conv4"])
    h = x["y"] @ f64["fc1"]
    out3 = np.concatenate([h, h], axis=1) @ f64["fc2"] + x["b2"]
    return [out1, out2, out3]


#===----------------------------------------------------------------------===#
# The model as MLIR
#===----------------------------------------------------------------------===#

def model_text(w, inp):
    zero = "%zero"
    lines = ["func.func @net(%x: tensor<1x3x10x10xf32>, "
             "%xh: tensor<1x9x9x4xf32>, %y: tensor<2x256xf32>, "
             "%b2: tensor<2x128xf32>) -> (tensor<1x16x6x6xf32>, "
             "tensor<1x2x2x16xf32>, tensor<2x128xf32>) {"]
    for name, _, shape in LAYERS:
        lines.append("  %%w_%s = arith.constant %s : %s" %
                     (name, dense(w[name]), tensor(shape)))
    lines.append("  %zero = arith.constant 0.0 : f32")

    def filled(var, shape):
        lines.append("  %%%s_e = tensor.empty() : %s" % (var, tensor(shape)))
        lines.append("  %%%s_z = linalg.fill ins(%s : f32) outs(%%%s_e : %s) "
                     "-> %s" % (var, zero, var, tensor(shape), tensor(shape)))
        return "%%%s_z" % var

    def conv(var, op, x, xs, name, ws, ys, strides=None):
        init = filled(var, ys)
        attrs = ""
        if strides:
            attrs = (" {strides = dense<%d> : tensor<2xi64>, dilations = "
                     "dense<1> : tensor<2xi64>}" % strides)
        lines.append("  %%%s = linalg.%s%s ins(%s, %%w_%s : %s, %s) outs(%s : "
                     "%s) -> %s loc(\"%s\")" %
                     (var, op, attrs, x, name, tensor(xs), tensor(ws), init,
                      tensor(ys), tensor(ys), name))
        return "%" + var

    c1 = conv("c1", "conv_2d_nchw_fchw", "%x", (1, 3, 10, 10), "conv1",
              (8, 3, 3, 3), (1, 8, 8, 8))
    lines.append("  %%r1_e = tensor.empty() : %s" % tensor((1, 8, 8, 8)))
    lines.append("  %%r1 = linalg.max ins(%s, %%c1_z : %s, %s) outs(%%r1_e : "
                 "%s) -> %s" % (c1, tensor((1, 8, 8, 8)), tensor((1, 8, 8, 8)),
                                tensor((1, 8, 8, 8)), tensor((1, 8, 8, 8))))
    o1 = conv("c2", "conv_2d_nchw_fchw", "%r1", (1, 8, 8, 8), "conv2",
              (16, 8, 3, 3), (1, 16, 6, 6))
    c3 = conv("c3", "conv_2d_nhwc_hwcf", "%xh", (1, 9, 9, 4), "conv3",
              (3, 3, 4, 32), (1, 4, 4, 32), strides=2)
    o2 = conv("c4", "conv_2d_nhwc_hwcf", c3, (1, 4, 4, 32), "conv4",
              (1, 1, 32, 16), (1, 4, 4, 16))
    # conv4's output is 4x4; keep a 2x2 corner to exercise a slice after it.
    lines.append("  %%o2 = tensor.extract_slice %s[0, 0, 0, 0] [1, 2, 2, 16] "
                 "[1, 1, 1, 1] : %s to %s" % (o2, tensor((1, 4, 4, 16)),
                                              tensor((1, 2, 2, 16))))
    h = filled("h", (2, 64))
    lines.append("  %%h = linalg.matmul ins(%%y, %%w_fc1 : %s, %s) outs(%s : "
                 "%s) -> %s loc(\"fc1\")" % (tensor((2, 256)), tensor((256, 64)),
                                             h, tensor((2, 64)),
                                             tensor((2, 64))))
    lines.append("  %%hh = tensor.concat dim(1) %%h, %%h : (%s, %s) -> %s" %
                 (tensor((2, 64)), tensor((2, 64)), tensor((2, 128))))
    lines.append("  %%o3 = linalg.matmul ins(%%hh, %%w_fc2 : %s, %s) outs(%%b2 : "
                 "%s) -> %s loc(\"fc2\")" % (tensor((2, 128)),
                                             tensor((128, 128)),
                                             tensor((2, 128)),
                                             tensor((2, 128))))
    lines.append("  return %s, %%o2, %%o3 : %s, %s, %s" %
                 (o1, tensor((1, 16, 6, 6)), tensor((1, 2, 2, 16)),
                  tensor((2, 128))))
    lines.append("}")
    lines.append("")
    lines.append("func.func private @printMemrefI32(tensor<*xi32>)")
    lines.append("func.func @main() {")
    args = []
    for key in ("x", "xh", "y", "b2"):
        lines.append("  %%in_%s = arith.constant %s : %s" %
                     (key, dense(inp[key]), tensor(inp[key].shape)))
        args.append("%in_" + key)
    shapes = [(1, 16, 6, 6), (1, 2, 2, 16), (2, 128)]
    lines.append("  %%r:3 = call @net(%s) : (%s) -> (%s)" % (
        ", ".join(args), ", ".join(tensor(inp[k].shape)
                                   for k in ("x", "xh", "y", "b2")),
        ", ".join(tensor(s) for s in shapes)))
    for i, s in enumerate(shapes):
        flat = int(np.prod(s))
        lines.append("  %%b%d = arith.bitcast %%r#%d : %s to %s" %
                     (i, i, tensor(s), tensor(s).replace("f32", "i32")))
        lines.append("  %%f%d = tensor.collapse_shape %%b%d [%s] : %s into "
                     "tensor<%dxi32>" % (i, i, list(range(len(s))),
                                         tensor(s).replace("f32", "i32"),
                                         flat))
        lines.append("  %%u%d = tensor.cast %%f%d : tensor<%dxi32> to "
                     "tensor<*xi32>" % (i, i, flat))
        lines.append("  call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()" %
                     i)
    lines.append("  return")
    lines.append("}")
    return "\n".join(lines) + "\n"


#===----------------------------------------------------------------------===#
# Reading what the pass produced
#===----------------------------------------------------------------------===#

def read_blobs(text):
    """name -> (numpy dtype-less bytes) from the dialect_resources section,
    and name -> (shape, element type) from the constants using them."""
    blobs = {}
    for name, hexdata in re.findall(r'^\s*(\w+): "0x([0-9A-Fa-f]*)"', text,
                                    re.M):
        raw = bytes.fromhex(hexdata)
        blobs[name] = raw[4:]  # the first 4 bytes are the alignment
    types = {}
    for name, dims, elt in re.findall(
            r"dense_resource<(\w+)> : tensor<([0-9x]+)x(\w+)>", text):
        types[name] = ([int(d) for d in dims.split("x")], elt)
    return blobs, types


def fail(message):
    sys.exit("codebook_net.py: " + message)


def rebuild(name, kind, shape, blobs, types):
    """The weight of layer `name` rebuilt from its blobs, and (d, C, G,
    index bytes)."""
    cname, iname = name + "_centroids", name + "_codes"
    if cname not in blobs or iname not in blobs:
        fail("no blobs for layer %s" % name)
    cshape, celt = types[cname]
    ishape, ielt = types[iname]
    if celt != "f16":
        fail("%s: centroids are %s, expected f16" % (name, celt))
    centroids = np.frombuffer(blobs[cname], dtype=np.float16).astype(
        np.float64).reshape(cshape)
    if len(cshape) == 2:
        centroids = centroids[None]
    g, c, d = centroids.shape
    width = {"i8": np.uint8, "i16": np.uint16}[ielt]
    if (ielt == "i8") != (c <= 256):
        fail("%s: %s indices for %d centroids" % (name, ielt, c))
    codes = np.frombuffer(blobs[iname], dtype=width).astype(np.int64).reshape(
        ishape)
    if codes.max() >= c:
        fail("%s: index %d out of range for %d centroids" %
             (name, codes.max(), c))
    s, n = codes.shape
    book = np.arange(s) // (s // g)
    w_kn = centroids[book[:, None], codes].transpose(0, 2, 1).reshape(s * d, n)
    rdims = REDUCTION[kind]
    columns = [i for i in range(len(shape)) if i not in rdims]
    order = rdims + columns
    w = w_kn.reshape([shape[i] for i in order]).transpose(np.argsort(order))
    return w, (d, c, g, s * n * np.dtype(width).itemsize)


def sqnr(w, w_hat):
    err = np.sum((w.astype(np.float64) - w_hat) ** 2)
    return np.inf if err == 0 else 10 * np.log10(
        np.sum(w.astype(np.float64) ** 2) / err)


def check_report(report, rows):
    """rows: name -> (weights, before, after, sqnr or None)."""
    lines = report.splitlines()
    seen = set()
    totals = [0, 0, 0]
    signal = error = 0.0
    for line in lines:
        fields = line.split()
        if not fields or fields[0] not in rows and fields[0] != "total":
            continue
        name = fields[0]
        if name == "total":
            weights, before, after = map(int, fields[1:4])
            if [weights, before, after] != totals:
                fail("report totals %s, expected %s" %
                     ([weights, before, after], totals))
            bits, ratio = float(fields[4]), float(fields[5])
            if abs(bits - 8.0 * after / weights) > 0.006 or \
                    abs(ratio - before / after) > 0.006:
                fail("report total bits/ratio %s %s" % (bits, ratio))
            expect = 10 * np.log10(signal / error)
            if abs(float(fields[6]) - expect) > 0.01:
                fail("report total SQNR %s, expected %.2f" % (fields[6], expect))
            continue
        weights, before, after, snr, parts = rows[name]
        seen.add(name)
        got = [int(fields[2]), int(fields[6]), int(fields[7])]
        if got != [weights, before, after]:
            fail("report %s: weights/before/after %s, expected %s" %
                 (name, got, [weights, before, after]))
        if abs(float(fields[8]) - 8.0 * after / weights) > 0.006:
            fail("report %s: bits/weight %s" % (name, fields[8]))
        if abs(float(fields[9]) - before / after) > 0.006:
            fail("report %s: ratio %s" % (name, fields[9]))
        totals = [totals[0] + weights, totals[1] + before, totals[2] + after]
        if snr is None:
            if "skipped" not in line:
                fail("report %s: expected a skipped layer" % name)
            continue
        if abs(float(fields[10]) - snr) > 0.01:
            fail("report %s: SQNR %s, expected %.2f" % (name, fields[10], snr))
        signal += parts[0]
        error += parts[1]
    if seen != set(rows):
        fail("report misses layers %s" % sorted(set(rows) - seen))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=["model", "check"])
    parser.add_argument("--mlir")
    parser.add_argument("--quantized")
    parser.add_argument("--report")
    parser.add_argument("--expected")
    parser.add_argument("--tol")
    parser.add_argument("--rel-tol", type=float, default=1e-5,
                        help="tolerance as a fraction of each output's "
                        "largest magnitude (and of |y|)")
    args = parser.parse_args()
    w, inp = weights()
    if args.mode == "model":
        with open(args.mlir, "w") as f:
            f.write(model_text(w, inp))
        return 0

    blobs, types = read_blobs(open(args.quantized).read())
    rebuilt = dict(w)
    rows = {}
    for name, kind, shape in LAYERS:
        n = int(np.prod(shape))
        if name == "conv1":
            if name + "_codes" in blobs:
                fail("the first convolution was quantized")
            rows[name] = (n, 4 * n, 4 * n, None, None)
            continue
        w_hat, (d, c, g, index_bytes) = rebuild(name, kind, shape, blobs,
                                                types)
        rebuilt[name] = w_hat
        after = index_bytes + g * c * d * 2
        err = np.sum((w[name].astype(np.float64) - w_hat) ** 2)
        rows[name] = (n, 4 * n, after, sqnr(w[name], w_hat),
                      (np.sum(w[name].astype(np.float64) ** 2), err))
    check_report(open(args.report).read(), rows)

    outputs = network(rebuilt, inp)
    outputs[1] = outputs[1][:, :2, :2, :]
    expected, tols = [], []
    for y in outputs:
        flat = y.reshape(-1)
        expected.append(flat.astype(np.float32).view(np.uint32))
        tols.append(args.rel_tol * (np.max(np.abs(flat)) + np.abs(flat)))
    with open(args.expected, "w") as f:
        f.write("\n".join(str(v) for v in np.concatenate(expected)))
    with open(args.tol, "w") as f:
        f.write("\n".join("%.9g" % t for t in np.concatenate(tols)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
