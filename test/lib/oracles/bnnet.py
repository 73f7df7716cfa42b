#!/usr/bin/env python3
"""A float conv net with batch norms, and its float64 numpy reference.

usage: bnnet.py --mlir OUT.mlir --expected OUT.txt --tol OUT.txt
                --fold-tol OUT.txt

Writes a module whose @main runs @net on a constant input and prints the
f32 outputs as bit patterns. @net is six layers, each a conv/matmul followed
by batch norm in one of the forms frontends emit, then an activation:

  1  pad 1, conv_2d_nchw_fchw 3->8 3x3   quantx.batch_norm (axis 1)   ReLU
     linalg.transpose to NHWC
  2  conv_2d_nhwc_hwcf 8->8 3x3 stride 2  linalg.sub/mul/add of
                                         linalg.broadcast constants     ReLU
  3  pad 1, depthwise_conv_2d_nhwc_hwc   torch-mlir's one generic with
                                         rsqrt                          ReLU6
     linalg.transpose to NCHW
  4  grouped conv (G = 2, 1x1) as torch-mlir writes it: expand_shape,
     conv_2d_ngchw_gfchw accumulating into a broadcast bias, collapse_shape;
                                         quantx.batch_norm              ReLU
  5  pad 2, depthwise_conv_2d_nchw_chw dilation 2
                                         arith subf/divf/mulf/addf on
                                         full-shape constants           ReLU
     collapse to 2 x 72
  6  matmul 72->10 + bias add generic    quantx.batch_norm (BN1d)

The weights, statistics and input come from a fixed seed. --expected gets
the float64 numpy evaluation of the same net; --tol a per-element bound for
the unfolded f32 run against it (1e-4 (|y| + max|y|): f32 rounding through
six layers of short sums, normwise); --fold-tol the bound for the folded run
against the unfolded one, 1e-5 (|y| + max|y|), i.e. 1e-5 relative to the
element or to the largest output, whichever is larger.
"""
import argparse
import sys

import numpy as np

F32 = np.float32


def literal(a):
    """A dense f32 literal of exact bit patterns."""
    bits = np.asarray(a, dtype=F32).view(np.uint32)

    def fmt(b):
        if b.ndim == 0:
            return "0x%08X" % int(b)
        return "[" + ", ".join(fmt(c) for c in b) + "]"
    return fmt(bits)


def ty(shape):
    return "tensor<%sxf32>" % "x".join(str(d) for d in shape)


def conv_nchw(x, w, stride=1, dilation=1, groups=1):
    """float64 grouped conv, x: N C H W, w: F C/G KH KW."""
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    oh = (h - dilation * (kh - 1) - 1) // stride + 1
    ow = (wd - dilation * (kw - 1) - 1) // stride + 1
    fg = f // groups
    out = np.zeros((n, f, oh, ow))
    for g in range(groups):
        xg = x[:, g * cg:(g + 1) * cg]
        wg = w[g * fg:(g + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                patch = xg[:, :, i * dilation:i * dilation + stride * oh:stride,
                           j * dilation:j * dilation + stride * ow:stride]
                out[:, g * fg:(g + 1) * fg] += np.einsum(
                    "nchw,fc->nfhw", patch, wg[:, :, i, j])
    return out


def bn_params(rng, c):
    gamma = rng.uniform(0.5, 2.0, c) * rng.choice([-1.0, 1.0], c, p=[.2, .8])
    beta = rng.uniform(-1, 1, c)
    mean = rng.uniform(-1, 1, c)
    var = rng.uniform(0.1, 2.0, c)
    return [F32(p) for p in (gamma, beta, mean, var)]


def bn_ref(y, params, eps, axis):
    gamma, beta, mean, var = (p.astype(np.float64) for p in params)
    shape = [1] * y.ndim
    shape[axis] = -1
    r = lambda p: p.reshape(shape)
    return (y - r(mean)) / np.sqrt(r(var) + eps) * r(gamma) + r(beta)


def main(argv):
    parser = argparse.ArgumentParser()
    for name in ("mlir", "expected", "tol", "fold_tol"):
        parser.add_argument("--" + name.replace("_", "-"), required=True)
    args = parser.parse_args(argv[1:])
    rng = np.random.default_rng(20240611)
    eps = 1e-5

    x = F32(rng.uniform(-1, 1, (2, 3, 8, 8)))
    w1 = F32(rng.normal(0, 0.3, (8, 3, 3, 3)))
    bn1 = bn_params(rng, 8)
    w2 = F32(rng.normal(0, 0.15, (3, 3, 8, 8)))       # KH KW C F
    bn2 = bn_params(rng, 8)
    w3 = F32(rng.normal(0, 0.4, (3, 3, 8)))           # KH KW C
    bn3 = bn_params(rng, 8)
    w4 = F32(rng.normal(0, 0.5, (8, 4, 1, 1)))        # F C/G KH KW
    b4 = F32(rng.uniform(-0.5, 0.5, 8))
    bn4 = bn_params(rng, 8)
    w5 = F32(rng.normal(0, 0.4, (8, 3, 3)))           # C KH KW
    bn5 = bn_params(rng, 8)
    w6 = F32(rng.normal(0, 0.2, (72, 10)))
    b6 = F32(rng.uniform(-0.5, 0.5, 10))
    bn6 = bn_params(rng, 10)

    # float64 reference.
    d = lambda a: a.astype(np.float64)
    relu = lambda a: np.maximum(a, 0)
    y = conv_nchw(np.pad(d(x), ((0, 0), (0, 0), (1, 1), (1, 1))), d(w1))
    y = relu(bn_ref(y, bn1, eps, 1))
    y = np.transpose(y, (0, 2, 3, 1))                                # NHWC
    y = conv_nchw(np.transpose(y, (0, 3, 1, 2)),
                  np.transpose(d(w2), (3, 2, 0, 1)), stride=2)
    y = np.transpose(y, (0, 2, 3, 1))
    y = relu(bn_ref(y, bn2, eps, 3))
    yp = np.pad(y, ((0, 0), (1, 1), (1, 1), (0, 0)))
    y = conv_nchw(np.transpose(yp, (0, 3, 1, 2)),
                  np.transpose(d(w3), (2, 0, 1))[:, None], groups=8)
    y = np.transpose(y, (0, 2, 3, 1))
    y = np.clip(bn_ref(y, bn3, eps, 3), 0, 6)
    y = np.transpose(y, (0, 3, 1, 2))                                # NCHW
    y = conv_nchw(y, d(w4), groups=2) + d(b4).reshape(1, 8, 1, 1)
    y = relu(bn_ref(y, bn4, eps, 1))
    y = conv_nchw(np.pad(y, ((0, 0), (0, 0), (2, 2), (2, 2))),
                  d(w5)[:, None], dilation=2, groups=8)
    y = relu(bn_ref(y, bn5, eps, 1))
    y = y.reshape(2, 72) @ d(w6) + d(b6)
    y = bn_ref(y, bn6, eps, 1)

    # The module.
    L = []
    emit = L.append
    cst = lambda name, a: emit("  %%%s = arith.constant dense<%s> : %s" %
                               (name, literal(a), ty(a.shape)))
    zero = "  %zero = arith.constant 0.0 : f32"
    emit("#id4 = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>")
    emit("#c1 = affine_map<(d0, d1, d2, d3) -> (d1)>")
    emit("#c3 = affine_map<(d0, d1, d2, d3) -> (d3)>")
    emit("#id2 = affine_map<(d0, d1) -> (d0, d1)>")
    emit("#n2 = affine_map<(d0, d1) -> (d1)>")
    emit("func.func private @printMemrefI32(tensor<*xi32>)")
    emit("func.func @net(%x: tensor<2x3x8x8xf32>) -> tensor<2x10xf32> {")
    emit(zero)
    emit("  %six = arith.constant 6.0 : f32")
    emit("  %%eps = arith.constant %.9e : f32" % eps)

    def fill(name, shape):
        emit("  %%%s_e = tensor.empty() : %s" % (name, ty(shape)))
        emit("  %%%s = linalg.fill ins(%%zero : f32) outs(%%%s_e : %s) -> %s"
             % (name, name, ty(shape), ty(shape)))

    def relu_op(src, dst, shape, six=False):
        emit("  %%%s_e = tensor.empty() : %s" % (dst, ty(shape)))
        emit("  %%%s = linalg.generic {indexing_maps = [#id4, #id4], "
             "iterator_types = [\"parallel\", \"parallel\", \"parallel\", "
             "\"parallel\"]} ins(%%%s : %s) outs(%%%s_e : %s) {"
             % (dst, src, ty(shape), dst, ty(shape)))
        emit("  ^bb0(%in: f32, %out: f32):")
        emit("    %r0 = arith.maximumf %in, %zero : f32")
        last = "%r0"
        if six:
            emit("    %r1 = arith.minimumf %r0, %six : f32")
            last = "%r1"
        emit("    linalg.yield %s : f32" % last)
        emit("  } -> %s" % ty(shape))

    def stats(prefix, params):
        for pname, p in zip(("gamma", "beta", "mean", "var"), params):
            cst(prefix + pname, p)

    def transpose(src, dst, in_shape, perm):
        out_shape = [in_shape[p] for p in perm]
        emit("  %%%s_e = tensor.empty() : %s" % (dst, ty(out_shape)))
        emit("  %%%s = linalg.transpose ins(%%%s : %s) outs(%%%s_e : %s) "
             "permutation = [%s]" % (dst, src, ty(in_shape), dst,
                                     ty(out_shape),
                                     ", ".join(map(str, perm))))

    def pad(src, dst, in_shape, lo):
        out_shape = [s + 2 * p for s, p in zip(in_shape, lo)]
        l = ", ".join(map(str, lo))
        emit("  %%%s = tensor.pad %%%s low[%s] high[%s] {" % (dst, src, l, l))
        emit("  ^bb0(%j0: index, %j1: index, %j2: index, %j3: index):")
        emit("    tensor.yield %zero : f32")
        emit("  } : %s to %s" % (ty(in_shape), ty(out_shape)))

    # Layer 1.
    pad("x", "p1", (2, 3, 8, 8), (0, 0, 1, 1))
    cst("w1", w1)
    fill("i1", (2, 8, 8, 8))
    emit("  %c1 = linalg.conv_2d_nchw_fchw ins(%p1, %w1 : tensor<2x3x10x10xf32>,"
         " tensor<8x3x3x3xf32>) outs(%i1 : tensor<2x8x8x8xf32>) -> "
         "tensor<2x8x8x8xf32>")
    stats("bn1", bn1)
    emit("  %n1 = quantx.batch_norm %c1, %bn1gamma, %bn1beta, %bn1mean, "
         "%bn1var {epsilon = 1.0e-05 : f64, axis = 1 : i64} : "
         "tensor<2x8x8x8xf32>, tensor<8xf32>")
    relu_op("n1", "a1", (2, 8, 8, 8))
    transpose("a1", "t1", (2, 8, 8, 8), (0, 2, 3, 1))

    # Layer 2: named ops on broadcast constants.
    cst("w2", w2)
    fill("i2", (2, 3, 3, 8))
    emit("  %c2 = linalg.conv_2d_nhwc_hwcf {strides = dense<2> : "
         "tensor<2xi64>, dilations = dense<1> : tensor<2xi64>} ins(%t1, %w2 : "
         "tensor<2x8x8x8xf32>, tensor<3x3x8x8xf32>) outs(%i2 : "
         "tensor<2x3x3x8xf32>) -> tensor<2x3x3x8xf32>")
    gamma, beta, mean, var = (p.astype(np.float64) for p in bn2)
    scale2 = F32(gamma / np.sqrt(var + eps))
    t2 = "tensor<2x3x3x8xf32>"
    emit("  %e2 = tensor.empty() : " + t2)
    for pname, p in (("mean2", bn2[2]), ("scale2", scale2), ("beta2", bn2[1])):
        cst(pname, p)
        emit("  %%%s_b = linalg.broadcast ins(%%%s : tensor<8xf32>) outs(%%e2 :"
             " %s) dimensions = [0, 1, 2]" % (pname, pname, t2))
    emit("  %s2 = linalg.sub ins(%c2, %mean2_b : {0}, {0}) outs(%e2 : {0}) -> {0}"
         .replace("{0}", t2))
    emit("  %m2 = linalg.mul ins(%s2, %scale2_b : {0}, {0}) outs(%e2 : {0}) -> "
         "{0}".replace("{0}", t2))
    emit("  %n2 = linalg.add ins(%m2, %beta2_b : {0}, {0}) outs(%e2 : {0}) -> "
         "{0}".replace("{0}", t2))
    relu_op("n2", "a2", (2, 3, 3, 8))

    # Layer 3: depthwise NHWC, torch-mlir's batch-norm generic, ReLU6.
    pad("a2", "p3", (2, 3, 3, 8), (0, 1, 1, 0))
    cst("w3", w3)
    fill("i3", (2, 3, 3, 8))
    emit("  %c3 = linalg.depthwise_conv_2d_nhwc_hwc {strides = dense<1> : "
         "tensor<2xi64>, dilations = dense<1> : tensor<2xi64>} ins(%p3, %w3 : "
         "tensor<2x5x5x8xf32>, tensor<3x3x8xf32>) outs(%i3 : " + t2 + ") -> " +
         t2)
    stats("bn3", bn3)
    emit("  %e3 = tensor.empty() : " + t2)
    emit("  %n3 = linalg.generic {indexing_maps = [#id4, #c3, #c3, #c3, #c3, "
         "#id4], iterator_types = [\"parallel\", \"parallel\", \"parallel\", "
         "\"parallel\"]} ins(%c3, %bn3gamma, %bn3beta, %bn3mean, %bn3var : " +
         t2 + ", tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) "
         "outs(%e3 : " + t2 + ") {")
    emit("  ^bb0(%in: f32, %g: f32, %b: f32, %m: f32, %v: f32, %out: f32):")
    emit("    %q0 = arith.subf %in, %m : f32")
    emit("    %q1 = arith.addf %v, %eps : f32")
    emit("    %q2 = math.rsqrt %q1 : f32")
    emit("    %q3 = arith.mulf %q0, %q2 : f32")
    emit("    %q4 = arith.mulf %q3, %g : f32")
    emit("    %q5 = arith.addf %q4, %b : f32")
    emit("    linalg.yield %q5 : f32")
    emit("  } -> " + t2)
    emit("  %a3_e = tensor.empty() : " + t2)
    emit("  %a3 = linalg.generic {indexing_maps = [#id4, #id4], iterator_types "
         "= [\"parallel\", \"parallel\", \"parallel\", \"parallel\"]} ins(%n3 "
         ": " + t2 + ") outs(%a3_e : " + t2 + ") {")
    emit("  ^bb0(%in: f32, %out: f32):")
    emit("    %r0 = arith.maximumf %in, %zero : f32")
    emit("    %r1 = arith.minimumf %r0, %six : f32")
    emit("    linalg.yield %r1 : f32")
    emit("  } -> " + t2)
    transpose("a3", "t3", (2, 3, 3, 8), (0, 3, 1, 2))

    # Layer 4: torch-mlir's grouped conv with its bias in the outs operand.
    t4 = "tensor<2x8x3x3xf32>"
    t45 = "tensor<2x2x4x3x3xf32>"
    cst("w4", w4)
    cst("b4", b4)
    emit("  %i4_e = tensor.empty() : " + t4)
    emit("  %i4 = linalg.generic {indexing_maps = [#c1, #id4], iterator_types "
         "= [\"parallel\", \"parallel\", \"parallel\", \"parallel\"]} ins(%b4 : "
         "tensor<8xf32>) outs(%i4_e : " + t4 + ") {")
    emit("  ^bb0(%in: f32, %out: f32):")
    emit("    linalg.yield %in : f32")
    emit("  } -> " + t4)
    emit("  %x4 = tensor.expand_shape %t3 [[0], [1, 2], [3], [4]] output_shape "
         "[2, 2, 4, 3, 3] : " + t4 + " into " + t45)
    emit("  %w4g = tensor.expand_shape %w4 [[0, 1], [2], [3], [4]] "
         "output_shape [2, 4, 4, 1, 1] : tensor<8x4x1x1xf32> into "
         "tensor<2x4x4x1x1xf32>")
    emit("  %i4g = tensor.expand_shape %i4 [[0], [1, 2], [3], [4]] "
         "output_shape [2, 2, 4, 3, 3] : " + t4 + " into " + t45)
    emit("  %c4g = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : "
         "vector<2xi64>, strides = dense<1> : vector<2xi64>} ins(%x4, %w4g : " +
         t45 + ", tensor<2x4x4x1x1xf32>) outs(%i4g : " + t45 + ") -> " + t45)
    emit("  %c4 = tensor.collapse_shape %c4g [[0], [1, 2], [3], [4]] : " + t45 +
         " into " + t4)
    stats("bn4", bn4)
    emit("  %n4 = quantx.batch_norm %c4, %bn4gamma, %bn4beta, %bn4mean, "
         "%bn4var : " + t4 + ", tensor<8xf32>")
    relu_op("n4", "a4", (2, 8, 3, 3))

    # Layer 5: depthwise NCHW, dilation 2, arith ops on full-shape constants.
    pad("a4", "p5", (2, 8, 3, 3), (0, 0, 2, 2))
    cst("w5", w5)
    fill("i5", (2, 8, 3, 3))
    emit("  %c5 = linalg.depthwise_conv_2d_nchw_chw {strides = dense<1> : "
         "tensor<2xi64>, dilations = dense<2> : tensor<2xi64>} ins(%p5, %w5 : "
         "tensor<2x8x7x7xf32>, tensor<8x3x3xf32>) outs(%i5 : " + t4 + ") -> " +
         t4)
    gamma, beta, mean, var = bn5
    full = lambda v: np.broadcast_to(v.reshape(1, 8, 1, 1), (2, 8, 3, 3))
    cst("mean5", full(mean))
    cst("sd5", full(F32(np.sqrt(var.astype(np.float64) + eps))))
    cst("gamma5", full(gamma))
    cst("beta5", full(beta))
    emit("  %s5 = arith.subf %c5, %mean5 : " + t4)
    emit("  %d5 = arith.divf %s5, %sd5 : " + t4)
    emit("  %m5 = arith.mulf %d5, %gamma5 : " + t4)
    emit("  %n5 = arith.addf %m5, %beta5 : " + t4)
    relu_op("n5", "a5", (2, 8, 3, 3))

    # Layer 6: fully connected + bias + BN1d.
    emit("  %f6 = tensor.collapse_shape %a5 [[0], [1, 2, 3]] : " + t4 +
         " into tensor<2x72xf32>")
    cst("w6", w6)
    cst("b6", b6)
    emit("  %i6_e = tensor.empty() : tensor<2x10xf32>")
    emit("  %i6 = linalg.fill ins(%zero : f32) outs(%i6_e : tensor<2x10xf32>)"
         " -> tensor<2x10xf32>")
    emit("  %c6 = linalg.matmul ins(%f6, %w6 : tensor<2x72xf32>, "
         "tensor<72x10xf32>) outs(%i6 : tensor<2x10xf32>) -> tensor<2x10xf32>")
    emit("  %fc6 = linalg.generic {indexing_maps = [#id2, #n2, #id2], "
         "iterator_types = [\"parallel\", \"parallel\"]} ins(%c6, %b6 : "
         "tensor<2x10xf32>, tensor<10xf32>) outs(%i6_e : tensor<2x10xf32>) {")
    emit("  ^bb0(%in: f32, %b: f32, %out: f32):")
    emit("    %s = arith.addf %in, %b : f32")
    emit("    linalg.yield %s : f32")
    emit("  } -> tensor<2x10xf32>")
    stats("bn6", bn6)
    emit("  %y = quantx.batch_norm %fc6, %bn6gamma, %bn6beta, %bn6mean, "
         "%bn6var : tensor<2x10xf32>, tensor<10xf32>")
    emit("  return %y : tensor<2x10xf32>")
    emit("}")
    emit("")
    emit("func.func @main() {")
    cst("x", x)
    emit("  %y = call @net(%x) : (tensor<2x3x8x8xf32>) -> tensor<2x10xf32>")
    emit("  %b = arith.bitcast %y : tensor<2x10xf32> to tensor<2x10xi32>")
    emit("  %u = tensor.cast %b : tensor<2x10xi32> to tensor<*xi32>")
    emit("  call @printMemrefI32(%u) : (tensor<*xi32>) -> ()")
    emit("  return")
    emit("}")

    with open(args.mlir, "w") as f:
        f.write("\n".join(L) + "\n")
    ref = y.reshape(-1)
    bits = F32(ref).view(np.uint32).astype(np.int64)
    with open(args.expected, "w") as f:
        f.write("\n".join(str(int(b)) for b in bits) + "\n")
    big = np.max(np.abs(ref))
    for name, rel in ((args.tol, 1e-4), (args.fold_tol, 1e-5)):
        with open(name, "w") as f:
            f.write("\n".join(repr(float(rel * (abs(v) + big)))
                              for v in ref) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
