#!/usr/bin/env python3
"""Float convolutions, pooling, matmuls and elementwise ops on odd shapes:
the fast float kernels (quantx-vectorize-float-linalg) against the
reference loops and against numpy.

usage: float_kernel_cases.py QUANTX_RUN WORKDIR

Writes one module whose @main takes every case's operands and returns every
case's result, random inputs as .npy, runs it with quantx-run under
`float-kernels=reference` and `float-kernels=fast`, and checks that
 * the two agree bit for bit (tolerance 0: the fast path keeps every
   reduction's order and does not contract multiply-adds), and
 * both agree with a float64 numpy oracle within 1e-5 relative to the
   largest magnitude of the case's result (float32 rounding of sums of up
   to a few hundred products).
Prints one line per case and "all N cases ok".
"""
import os
import subprocess
import sys

import numpy as np

# name, op text builder, operand shapes, result shape, numpy oracle.
CASES = []


def case(fn):
    CASES.append(fn())
    return fn


def t(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def conv_nchw(x, w, stride, groups=1):
    """float64 NCHW convolution, filter [F, C/groups, KH, KW]."""
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    sh, sw = stride
    oh, ow = (h - kh) // sh + 1, (wd - kw) // sw + 1
    out = np.zeros((n, f, oh, ow))
    fg = f // groups
    for g in range(groups):
        for i in range(kh):
            for j in range(kw):
                patch = x[:, g * cg:(g + 1) * cg,
                          i:i + sh * (oh - 1) + 1:sh,
                          j:j + sw * (ow - 1) + 1:sw]
                out[:, g * fg:(g + 1) * fg] += np.einsum(
                    "nchw,fc->nfhw", patch, w[g * fg:(g + 1) * fg, :, i, j])
    return out


def fill_init(name, shape, value="0.0"):
    return ("    %%%s_z = tensor.empty() : %s\n"
            "    %%%s_i = linalg.fill ins(%%cst%s : f32) outs(%%%s_z : %s) -> %s\n"
            % (name, t(shape), name, value, name, t(shape), t(shape)))


def conv_case(name, xs, ws, stride, note):
    os_ = (xs[0], ws[0], (xs[2] - ws[2]) // stride[0] + 1,
           (xs[3] - ws[3]) // stride[1] + 1)

    def body(args):
        x, w = args
        return (fill_init(name, os_) +
                "    %%%s = linalg.conv_2d_nchw_fchw {dilations = dense<1> : "
                "vector<2xi64>, strides = dense<[%d, %d]> : vector<2xi64>} "
                "ins(%s, %s : %s, %s) outs(%%%s_i : %s) -> %s\n"
                % (name, stride[0], stride[1], x, w, t(xs), t(ws), name,
                   t(os_), t(os_)))
    return dict(name=name, note=note, shapes=[xs, ws], out=os_, body=body,
                oracle=lambda x, w: conv_nchw(x, w, stride))


@case
def _():
    return conv_case("pointwise_w97", (1, 16, 5, 97), (8, 16, 1, 1), (1, 1),
                     "1x1, W = 97 (one vector of 97 lanes)")


@case
def _():
    return conv_case("conv3x3_w68_batch2", (2, 3, 9, 70), (5, 3, 3, 3),
                     (1, 1), "3x3, batch 2, W = 68")


@case
def _():
    return conv_case("conv3x3_stride_h2", (1, 4, 11, 40), (6, 4, 3, 3),
                     (2, 1), "3x3, strides [2, 1]")


@case
def _():
    return conv_case("conv3x3_stride2", (1, 3, 11, 41), (4, 3, 3, 3), (2, 2),
                     "3x3, stride 2 along W (left to the loops)")


@case
def _():
    xs, ws = (1, 12, 9, 37), (12, 5, 5)
    os_ = (1, 12, (9 - 5) // 2 + 1, 37 - 4)

    def body(args):
        x, w = args
        return (fill_init("dw", os_) +
                "    %%dw = linalg.depthwise_conv_2d_nchw_chw {dilations = "
                "dense<1> : vector<2xi64>, strides = dense<[2, 1]> : "
                "vector<2xi64>} ins(%s, %s : %s, %s) outs(%%dw_i : %s) -> %s\n"
                % (x, w, t(xs), t(ws), t(os_), t(os_)))
    return dict(name="depthwise5x5", res="dw", note="depthwise 5x5, strides [2, 1], "
                "W = 33", shapes=[xs, ws], out=os_, body=body,
                oracle=lambda x, w: conv_nchw(x, w[:, None], (2, 1), 12))


@case
def _():
    # Grouped: 2 groups of 3 input and 4 output channels.
    xs, ws = (1, 2, 3, 6, 23), (2, 4, 3, 3, 3)
    os_ = (1, 2, 4, 4, 21)

    def body(args):
        x, w = args
        return (fill_init("grp", os_) +
                "    %%grp = linalg.conv_2d_ngchw_gfchw {dilations = "
                "dense<1> : vector<2xi64>, strides = dense<1> : vector<2xi64>} "
                "ins(%s, %s : %s, %s) outs(%%grp_i : %s) -> %s\n"
                % (x, w, t(xs), t(ws), t(os_), t(os_)))

    def oracle(x, w):
        out = conv_nchw(x.reshape(1, 6, 6, 23), w.reshape(8, 3, 3, 3),
                        (1, 1), 2)
        return out.reshape(os_)
    return dict(name="grouped3x3", res="grp", note="grouped (2 groups) 3x3, W = 21",
                shapes=[xs, ws], out=os_, body=body, oracle=oracle)


@case
def _():
    xs, os_ = (1, 7, 6, 52), (1, 7, 4, 50)

    def body(args):
        (x,) = args
        return (fill_init("mx", os_, "_ninf") +
                "    %%mx_win = tensor.empty() : tensor<3x3xf32>\n"
                "    %%mx = linalg.pooling_nchw_max {dilations = dense<1> : "
                "vector<2xi64>, strides = dense<1> : vector<2xi64>} "
                "ins(%s, %%mx_win : %s, tensor<3x3xf32>) outs(%%mx_i : %s) "
                "-> %s\n" % (x, t(xs), t(os_), t(os_)))

    def oracle(x):
        return np.max(np.stack([x[:, :, i:i + 4, j:j + 50]
                                for i in range(3) for j in range(3)]), axis=0)
    return dict(name="maxpool3x3", res="mx", note="max pooling 3x3, W = 50",
                shapes=[xs], out=os_, body=body, oracle=oracle)


@case
def _():
    xs, ws, os_ = (3, 130), (130, 100), (3, 100)

    def body(args):
        a, b = args
        return (fill_init("mm", os_) +
                "    %%mm = linalg.matmul ins(%s, %s : %s, %s) outs(%%mm_i : "
                "%s) -> %s\n" % (a, b, t(xs), t(ws), t(os_), t(os_)))
    return dict(name="matmul3x130x100", res="mm", note="matmul 3x130 * 130x100",
                shapes=[xs, ws], out=os_, body=body, oracle=lambda a, b: a @ b)


@case
def _():
    # Per-channel affine + hard-swish, as batch norm and the activations of
    # the PaddleOCR classifier lower.
    xs, ps, os_ = (1, 5, 3, 75), (5,), (1, 5, 3, 75)

    def body(args):
        x, s = args
        return ("    %%ew_z = tensor.empty() : %s\n"
                "    %%ew = linalg.generic {indexing_maps = [affine_map<(n, c, "
                "h, w) -> (n, c, h, w)>, affine_map<(n, c, h, w) -> (c)>, "
                "affine_map<(n, c, h, w) -> (n, c, h, w)>], iterator_types = "
                "[\"parallel\", \"parallel\", \"parallel\", \"parallel\"]} "
                "ins(%s, %s : %s, %s) outs(%%ew_z : %s) {\n"
                "    ^bb0(%%a: f32, %%b: f32, %%o: f32):\n"
                "      %%y = arith.mulf %%a, %%b : f32\n"
                "      %%y3 = arith.addf %%y, %%cst3.0 : f32\n"
                "      %%r = arith.maximumf %%y3, %%cst0.0 : f32\n"
                "      %%r6 = arith.minimumf %%r, %%cst6.0 : f32\n"
                "      %%m = arith.mulf %%y, %%r6 : f32\n"
                "      %%d = arith.divf %%m, %%cst6.0 : f32\n"
                "      linalg.yield %%d : f32\n"
                "    } -> %s\n" % (t(os_), x, s, t(xs), t(ps), t(os_),
                                   t(os_)))

    def oracle(x, s):
        y = (x * s[None, :, None, None]).astype(np.float32)
        return y * np.clip(y + 3, 0, 6) / 6
    return dict(name="hardswish", res="ew", note="per-channel scale + hard-swish, "
                "W = 75", shapes=[xs, ps], out=os_, body=body, oracle=oracle)


def write_module(path):
    args, lines, results = [], [], []
    for c in CASES:
        names = []
        for k, shape in enumerate(c["shapes"]):
            name = "%%%s_arg%d" % (c["name"], k)
            args.append("%s: %s" % (name, t(shape)))
            names.append(name)
        lines.append(c["body"](names))
        results.append(c.get("res", c["name"]))
    with open(path, "w") as f:
        f.write("func.func @main(%s) -> (%s) {\n" % (
            ", ".join(args), ", ".join(t(c["out"]) for c in CASES)))
        f.write("    %cst0.0 = arith.constant 0.0 : f32\n"
                "    %cst3.0 = arith.constant 3.0 : f32\n"
                "    %cst6.0 = arith.constant 6.0 : f32\n"
                "    %cst_ninf = arith.constant 0xFF800000 : f32\n")
        f.write("".join(lines))
        f.write("    return %s : %s\n}\n" % (
            ", ".join("%" + r for r in results),
            ", ".join(t(c["out"]) for c in CASES)))


def main():
    quantx_run, work = sys.argv[1], sys.argv[2]
    os.makedirs(work, exist_ok=True)
    module = os.path.join(work, "cases.mlir")
    write_module(module)
    rng = np.random.default_rng(2026)
    inputs, cmd_inputs = [], []
    for c in CASES:
        ins = [rng.uniform(-1, 1, s).astype(np.float32) for s in c["shapes"]]
        inputs.append(ins)
        for k, a in enumerate(ins):
            p = os.path.join(work, "%s_%d.npy" % (c["name"], k))
            np.save(p, a)
            cmd_inputs += ["--input", p]
    outs = {}
    for mode in ("reference", "fast"):
        cmd = [quantx_run, module, "--lowering=float-kernels=" + mode]
        for c in CASES:
            cmd += ["--output", os.path.join(work, "%s_%s.npy" %
                                             (c["name"], mode))]
        subprocess.run(cmd + cmd_inputs, check=True, stdout=subprocess.PIPE)
        outs[mode] = [np.load(os.path.join(work, "%s_%s.npy" %
                                           (c["name"], mode))) for c in CASES]
    failed = 0
    for k, c in enumerate(CASES):
        ref, fast = outs["reference"][k], outs["fast"][k]
        want = c["oracle"](*[a.astype(np.float64) for a in inputs[k]])
        scale = max(float(np.max(np.abs(want))), 1e-30)
        err_ref = float(np.max(np.abs(ref - want))) / scale
        err_fast = float(np.max(np.abs(fast - want))) / scale
        same = ref.shape == fast.shape and \
            np.array_equal(ref.view(np.uint32), fast.view(np.uint32))
        ok = same and err_ref <= 1e-5 and err_fast <= 1e-5
        failed += not ok
        print("%s %s (%s): fast == reference bit for bit: %s, rel err vs "
              "numpy %.1e" % ("ok" if ok else "FAIL", c["name"], c["note"],
                              same, err_fast))
    if failed:
        print("%d of %d cases failed" % (failed, len(CASES)))
        return 1
    print("all %d cases ok" % len(CASES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
