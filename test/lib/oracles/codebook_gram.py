#!/usr/bin/env python3
"""Oracle for quantx-calibrate input-gram feeding quantx-codebook-quantize
(numpy only, no quantx code).

usage: codebook_gram.py model OUTDIR
       codebook_gram.py grams CALIBRATED.mlir OUTDIR
       codebook_gram.py error OUTDIR FLOAT.out PLAIN.out WEIGHTED.out

`model` writes into OUTDIR (deterministic data):
* conv.mlir, @net: a zero tensor.pad, a 3x3 stride-2 NHWC convolution, a
  2x2 dilation-2 NHWC convolution, a collapse and a matmul, with
  calibration inputs conv-in/*.npy;
* assign.mlir, @net: two matmuls whose inputs have columns of very
  different scales, calibration inputs assign-in/*.npy, and a @main that
  runs @net on held-out inputs from the same distribution and prints both
  outputs.

`grams` recomputes the Gram matrices of conv.mlir's three layers in
float64 from the calibration inputs (an explicit im2col per layer, block j
of d columns: G_j = X_j^T X_j summed over runs) and compares them with the
`quantx.input_gram` attributes of CALIBRATED.mlir (relative 1e-6 of each
matrix's largest entry).

`error` reads the outputs of assign.mlir's @main run in float and after
codebook quantization without and with the Gram matrices, and prints the
output error ||Y - Y_float||^2 of each matmul; it fails unless the
activation-weighted assignment has the smaller error on both. The first
matmul is built so that it must: its weight columns are (0, 0), (0, 100),
(1, 0), (1, 100) and only the first input feature is non-negligible, so two
centroids split the columns by their second coordinate in the plain metric
and by the first (the one the output sees) in the weighted one. The second
is random: a 64 x 32 weight, input columns scaled by exp(N(0, 1.5)), d = 2,
16 centroids.
"""
import os
import re
import sys

import numpy as np

SEED = 11
D_CONV1, D_CONV2, D_FC = 9, 4, 8


def tensor(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def dense(a):
    return 'dense<"0x%s">' % np.ascontiguousarray(
        a.astype("<f4")).tobytes().hex().upper()


#===----------------------------------------------------------------------===#
# conv.mlir
#===----------------------------------------------------------------------===#

CONV_IN = (1, 8, 8, 4)
W1 = (3, 3, 4, 8)    # stride 2 on the 10x10 padded input: 4x4 out
W2 = (2, 2, 8, 4)    # dilation 2: 2x2 out
WF = (16, 6)


def conv_data():
    rng = np.random.default_rng(SEED)
    w1 = (rng.standard_normal(W1) * 0.3).astype(np.float32)
    w2 = (rng.standard_normal(W2) * 0.3).astype(np.float32)
    wf = (rng.standard_normal(WF) * 0.3).astype(np.float32)
    inputs = [rng.standard_normal(CONV_IN).astype(np.float32)
              for _ in range(3)]
    return w1, w2, wf, inputs


def im2col_nhwc(x, kh, kw, stride, dilation):
    """Rows: output positions; columns: (c, kh, kw) as the filter is
    flattened."""
    n, h, w, c = x.shape
    oh = (h - dilation * (kh - 1) - 1) // stride + 1
    ow = (w - dilation * (kw - 1) - 1) // stride + 1
    rows = []
    for b in range(n):
        for y in range(oh):
            for z in range(ow):
                patch = np.empty((c, kh, kw))
                for i in range(kh):
                    for j in range(kw):
                        patch[:, i, j] = x[b, y * stride + i * dilation,
                                           z * stride + j * dilation, :]
                rows.append(patch.reshape(-1))
    return np.array(rows), (n, oh, ow)


def conv_nhwc(x, w, stride, dilation):
    kh, kw, c, f = w.shape
    cols, (n, oh, ow) = im2col_nhwc(x, kh, kw, stride, dilation)
    wk = w.astype(np.float64).transpose(2, 0, 1, 3).reshape(c * kh * kw, f)
    return (cols @ wk).reshape(n, oh, ow, f), cols


def conv_layer_inputs(x):
    """The im2col (or lhs) matrix of each layer, in float64."""
    w1, w2, wf, _ = conv_data()
    xp = np.pad(x.astype(np.float64), ((0, 0), (1, 1), (1, 1), (0, 0)))
    y1, c1 = conv_nhwc(xp, w1, 2, 1)
    y1 = np.maximum(y1, 0)
    y2, c2 = conv_nhwc(y1, w2, 1, 2)
    return [(c1, D_CONV1), (c2, D_CONV2), (y2.reshape(1, -1), D_FC)]


def gram_oracle(inputs):
    grams = None
    for x in inputs:
        layers = conv_layer_inputs(x)
        if grams is None:
            grams = [np.zeros((m.shape[1] // d, d, d)) for m, d in layers]
        for g, (m, d) in zip(grams, layers):
            for j in range(m.shape[1] // d):
                xj = m[:, j * d:(j + 1) * d]
                g[j] += xj.T @ xj
    return grams


def write_conv(outdir):
    w1, w2, wf, inputs = conv_data()
    os.makedirs(os.path.join(outdir, "conv-in"), exist_ok=True)
    for i, x in enumerate(inputs):
        np.save(os.path.join(outdir, "conv-in", "x%d.npy" % i), x)
    L = []
    L.append("func.func @net(%%x: %s) -> %s {" % (tensor(CONV_IN),
                                                  tensor((1, 6))))
    L.append("  %z = arith.constant 0.0 : f32")
    L.append("  %%w1 = arith.constant %s : %s" % (dense(w1), tensor(W1)))
    L.append("  %%w2 = arith.constant %s : %s" % (dense(w2), tensor(W2)))
    L.append("  %%wf = arith.constant %s : %s" % (dense(wf), tensor(WF)))
    L.append("  %%p = tensor.pad %%x low[0, 1, 1, 0] high[0, 1, 1, 0] {\n"
             "  ^bb0(%%a: index, %%b: index, %%c: index, %%d: index):\n"
             "    tensor.yield %%z : f32\n  } : %s to %s"
             % (tensor(CONV_IN), tensor((1, 10, 10, 4))))
    L.append("  %%e1 = tensor.empty() : %s" % tensor((1, 4, 4, 8)))
    L.append("  %%f1 = linalg.fill ins(%%z : f32) outs(%%e1 : %s) -> %s"
             % (tensor((1, 4, 4, 8)), tensor((1, 4, 4, 8))))
    L.append("  %%c1 = linalg.conv_2d_nhwc_hwcf {dilations = dense<1> : "
             "tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%%p, %%w1 "
             ": %s, %s) outs(%%f1 : %s) -> %s loc(\"conv1\")"
             % (tensor((1, 10, 10, 4)), tensor(W1), tensor((1, 4, 4, 8)),
                tensor((1, 4, 4, 8))))
    L.append("  %%r1 = linalg.generic {indexing_maps = [affine_map<(a, b, c, "
             "d) -> (a, b, c, d)>, affine_map<(a, b, c, d) -> (a, b, c, d)>], "
             "iterator_types = [\"parallel\", \"parallel\", \"parallel\", "
             "\"parallel\"]} ins(%%c1 : %s) outs(%%e1 : %s) {\n"
             "  ^bb0(%%in: f32, %%out: f32):\n"
             "    %%m = arith.maximumf %%in, %%z : f32\n"
             "    linalg.yield %%m : f32\n  } -> %s"
             % (tensor((1, 4, 4, 8)), tensor((1, 4, 4, 8)),
                tensor((1, 4, 4, 8))))
    L.append("  %%e2 = tensor.empty() : %s" % tensor((1, 2, 2, 4)))
    L.append("  %%f2 = linalg.fill ins(%%z : f32) outs(%%e2 : %s) -> %s"
             % (tensor((1, 2, 2, 4)), tensor((1, 2, 2, 4))))
    L.append("  %%c2 = linalg.conv_2d_nhwc_hwcf {dilations = dense<2> : "
             "tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%%r1, %%w2 "
             ": %s, %s) outs(%%f2 : %s) -> %s loc(\"conv2\")"
             % (tensor((1, 4, 4, 8)), tensor(W2), tensor((1, 2, 2, 4)),
                tensor((1, 2, 2, 4))))
    L.append("  %%v = tensor.collapse_shape %%c2 [[0], [1, 2, 3]] : %s into %s"
             % (tensor((1, 2, 2, 4)), tensor((1, 16))))
    L.append("  %%e3 = tensor.empty() : %s" % tensor((1, 6)))
    L.append("  %%f3 = linalg.fill ins(%%z : f32) outs(%%e3 : %s) -> %s"
             % (tensor((1, 6)), tensor((1, 6))))
    L.append("  %%y = linalg.matmul ins(%%v, %%wf : %s, %s) outs(%%f3 : %s) -> "
             "%s loc(\"fc\")" % (tensor((1, 16)), tensor(WF), tensor((1, 6)),
                                 tensor((1, 6))))
    L.append("  return %%y : %s" % tensor((1, 6)))
    L.append("}")
    with open(os.path.join(outdir, "conv.mlir"), "w") as f:
        f.write("\n".join(L) + "\n")


#===----------------------------------------------------------------------===#
# assign.mlir
#===----------------------------------------------------------------------===#

A_IN, B_IN, WB = (16, 2), (8, 64), (64, 32)
WA = np.array([[0.0, 0.0, 1.0, 1.0], [0.0, 100.0, 0.0, 100.0]], np.float32)


def assign_data():
    rng = np.random.default_rng(SEED + 1)
    wb = rng.standard_normal(WB).astype(np.float32)
    col_scale = np.exp(rng.standard_normal(WB[0]) * 1.5)

    def sample():
        a = rng.standard_normal(A_IN) * np.array([1.0, 1e-3])
        b = rng.standard_normal(B_IN) * col_scale
        return a.astype(np.float32), b.astype(np.float32)

    calibration = [sample() for _ in range(4)]
    held_out = sample()
    return wb, calibration, held_out


def matmul_lines(name, lhs, lhs_shape, w, w_shape):
    out = (lhs_shape[0], w_shape[1])
    return [
        "  %%%s_w = arith.constant %s : %s" % (name, dense(w), tensor(w_shape)),
        "  %%%s_e = tensor.empty() : %s" % (name, tensor(out)),
        "  %%%s_f = linalg.fill ins(%%z : f32) outs(%%%s_e : %s) -> %s"
        % (name, name, tensor(out), tensor(out)),
        "  %%%s = linalg.matmul ins(%s, %%%s_w : %s, %s) outs(%%%s_f : %s) -> "
        "%s loc(\"%s\")" % (name, lhs, name, tensor(lhs_shape),
                            tensor(w_shape), name, tensor(out), tensor(out),
                            name),
    ]


def write_assign(outdir):
    wb, calibration, (ha, hb) = assign_data()
    os.makedirs(os.path.join(outdir, "assign-in"), exist_ok=True)
    for i, (a, b) in enumerate(calibration):
        np.save(os.path.join(outdir, "assign-in", "%d-a.npy" % i), a)
        np.save(os.path.join(outdir, "assign-in", "%d-b.npy" % i), b)
    ya, yb = (A_IN[0], WA.shape[1]), (B_IN[0], WB[1])
    L = ["func.func private @printMemrefF32(tensor<*xf32>)", ""]
    L.append("func.func @net(%%a: %s, %%b: %s) -> (%s, %s) {"
             % (tensor(A_IN), tensor(B_IN), tensor(ya), tensor(yb)))
    L.append("  %z = arith.constant 0.0 : f32")
    L += matmul_lines("fa", "%a", A_IN, WA, WA.shape)
    L += matmul_lines("fb", "%b", B_IN, wb, WB)
    L.append("  return %%fa, %%fb : %s, %s" % (tensor(ya), tensor(yb)))
    L.append("}")
    L.append("")
    L.append("func.func @main() {")
    L.append("  %%a = arith.constant %s : %s" % (dense(ha), tensor(A_IN)))
    L.append("  %%b = arith.constant %s : %s" % (dense(hb), tensor(B_IN)))
    L.append("  %%ya, %%yb = call @net(%%a, %%b) : (%s, %s) -> (%s, %s)"
             % (tensor(A_IN), tensor(B_IN), tensor(ya), tensor(yb)))
    for v, t in (("ya", ya), ("yb", yb)):
        L.append("  %%%s_u = tensor.cast %%%s : %s to tensor<*xf32>"
                 % (v, v, tensor(t)))
        L.append("  call @printMemrefF32(%%%s_u) : (tensor<*xf32>) -> ()" % v)
    L.append("  return")
    L.append("}")
    with open(os.path.join(outdir, "assign.mlir"), "w") as f:
        f.write("\n".join(L) + "\n")


#===----------------------------------------------------------------------===#
# Checks
#===----------------------------------------------------------------------===#

GRAM = re.compile(r'quantx\.input_gram = dense<(.*?)> : tensor<(\d+)x(\d+)x'
                  r'(\d+)xf32>', re.S)
NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def parse_gram(body, shape):
    body = body.strip()
    if body.startswith('"0x'):
        values = np.frombuffer(bytes.fromhex(body[3:-1]), "<f4")
    else:
        values = np.array([float(t) for t in NUM.findall(body)])
        if values.size == 1:
            values = np.full(int(np.prod(shape)), values[0])
    return values.reshape(shape).astype(np.float64)


def check_grams(path, outdir):
    text = open(path).read()
    found = [parse_gram(m.group(1), tuple(int(g) for g in m.groups()[1:]))
             for m in GRAM.finditer(text)]
    inputs = [np.load(os.path.join(outdir, "conv-in", f))
              for f in sorted(os.listdir(os.path.join(outdir, "conv-in")))]
    expected = gram_oracle(inputs)
    if len(found) != len(expected):
        print("FAIL: %d quantx.input_gram attributes, expected %d"
              % (len(found), len(expected)))
        return 1
    ok = True
    for name, got, want in zip(["conv1", "conv2", "fc"], found, expected):
        if got.shape != want.shape:
            print("FAIL %s: shape %s, expected %s" % (name, got.shape,
                                                      want.shape))
            ok = False
            continue
        err = np.max(np.abs(got - want)) / np.max(np.abs(want))
        good = err <= 1e-6
        ok &= good
        print("%s: %s Gram matrices of %dx%d, max error %.1e of the largest "
              "entry: %s" % (name, got.shape[0], got.shape[1], got.shape[2],
                             err, "ok" if good else "FAIL"))
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def printed(path):
    text = open(path).read()
    parts = text.split("data =")[1:]
    return [np.array([float(t) for t in NUM.findall(
        p.split("Unranked Memref")[0])]) for p in parts]


def check_error(outdir, float_out, plain_out, weighted_out):
    ref, plain, weighted = (printed(p) for p in (float_out, plain_out,
                                                  weighted_out))
    ok = True
    for i, name in enumerate(["fa", "fb"]):
        ep = float(np.sum((plain[i] - ref[i]) ** 2))
        ew = float(np.sum((weighted[i] - ref[i]) ** 2))
        good = ew < ep
        ok &= good
        print("%s: output error plain %.4g, activation-weighted %.4g "
              "(ratio %.3g): %s" % (name, ep, ew, ew / ep if ep else 0.0,
                                    "ok" if good else "FAIL"))
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def main(argv):
    if len(argv) == 3 and argv[1] == "model":
        os.makedirs(argv[2], exist_ok=True)
        write_conv(argv[2])
        write_assign(argv[2])
        return 0
    if len(argv) == 4 and argv[1] == "grams":
        return check_grams(argv[2], argv[3])
    if len(argv) == 6 and argv[1] == "error":
        return check_error(*argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
