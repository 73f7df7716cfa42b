#!/usr/bin/env python3
"""A two-layer QDQ module for quantx-fuse-qdq{float-epilogue} and its float64
oracle.

usage: float_epilogue_case.py gen DIR     writes DIR/m.mlir, x.npy, ref*.npy
       float_epilogue_case.py check DIR A.npy B.npy TOL

The module quantizes its input x (i8, zero point -5), then runs
  1. a padded 3x3 NCHW conv (16 -> 24 channels, per-channel i8 weights)
     + per-channel bias + HardSwish (x * relu6(x + 3) / 6), and
  2. a padded 3x3 depthwise conv (16 channels, per-channel weights),
and returns both in f32: neither ends in a quantize, so only the
float-epilogue form makes them integer. The oracle evaluates the same
dequantized arithmetic in float64 with numpy; `check` asserts that each
result is within TOL * max|oracle| of it.
"""
import sys

import numpy as np

C, F, H, W = 16, 24, 10, 10


def dense(a):
    return "dense<" + str(a.tolist()) + ">"


def gen(out):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, C, H, W)).astype(np.float32)
    wi = rng.integers(-127, 128, (F, C, 3, 3)).astype(np.int8)
    ws = (rng.random(F) * 0.01 + 0.001).astype(np.float32)
    di = rng.integers(-127, 128, (C, 3, 3)).astype(np.int8)
    ds = (rng.random(C) * 0.02 + 0.001).astype(np.float32)
    sx, zx = np.float32(0.03), -5
    b = (rng.standard_normal(F) * 0.5).astype(np.float32)
    qw = "!quant.uniform<i8<-127:127>:f32:0, {%s}>" % ",".join(
        repr(float(s)) for s in ws)
    qd = "!quant.uniform<i8<-127:127>:f32:0, {%s}>" % ",".join(
        repr(float(s)) for s in ds)
    qx = "!quant.uniform<i8:f32, %r:%d>" % (float(sx), zx)
    xt = "tensor<1x%dx%dx%d" % (C, H, W)
    pt = "tensor<1x%dx%dx%dxf32>" % (C, H + 2, W + 2)
    yt = "tensor<1x%dx%dx%dxf32>" % (F, H, W)
    dt = "tensor<1x%dx%dx%dxf32>" % (C, H, W)
    m = f"""#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
#ch = affine_map<(d0, d1, d2, d3) -> (d1)>
func.func @main(%x: {xt}xf32>) -> ({yt}, {dt}) {{
  %xq = quantx.quantize %x rounding<half_to_even> : {xt}xf32> -> {xt}x{qx}>
  %xd = quantx.dequantize %xq : {xt}x{qx}> -> {xt}xf32>
  %zero = arith.constant 0.0 : f32
  %p = tensor.pad %xd low[0, 0, 1, 1] high[0, 0, 1, 1] {{
  ^bb0(%i: index, %j: index, %k: index, %l: index):
    tensor.yield %zero : f32
  }} : {xt}xf32> to {pt}
  %wi = arith.constant {dense(wi)} : tensor<{F}x{C}x3x3xi8>
  %wq = quant.scast %wi : tensor<{F}x{C}x3x3xi8> to tensor<{F}x{C}x3x3x{qw}>
  %wd = quantx.dequantize %wq : tensor<{F}x{C}x3x3x{qw}> -> tensor<{F}x{C}x3x3xf32>
  %e = tensor.empty() : {yt}
  %init = linalg.fill ins(%zero : f32) outs(%e : {yt}) -> {yt}
  %c = linalg.conv_2d_nchw_fchw ins(%p, %wd : {pt}, tensor<{F}x{C}x3x3xf32>) outs(%init : {yt}) -> {yt}
  %bias = arith.constant {dense(b)} : tensor<{F}xf32>
  %r = linalg.generic {{indexing_maps = [#map, #ch, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%c, %bias : {yt}, tensor<{F}xf32>) outs(%e : {yt}) {{
  ^bb0(%in: f32, %bi: f32, %out: f32):
    %s = arith.addf %in, %bi : f32
    linalg.yield %s : f32
  }} -> {yt}
  %hs = linalg.generic {{indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}}
      ins(%r : {yt}) outs(%e : {yt}) {{
  ^bb0(%in: f32, %out: f32):
    %three = arith.constant 3.0 : f32
    %six = arith.constant 6.0 : f32
    %z = arith.constant 0.0 : f32
    %a = arith.addf %in, %three : f32
    %lo = arith.maximumf %a, %z : f32
    %hi = arith.minimumf %lo, %six : f32
    %m = arith.mulf %in, %hi : f32
    %d = arith.divf %m, %six : f32
    linalg.yield %d : f32
  }} -> {yt}
  %di = arith.constant {dense(di)} : tensor<{C}x3x3xi8>
  %dq = quant.scast %di : tensor<{C}x3x3xi8> to tensor<{C}x3x3x{qd}>
  %dd = quantx.dequantize %dq : tensor<{C}x3x3x{qd}> -> tensor<{C}x3x3xf32>
  %e2 = tensor.empty() : {dt}
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : {dt}) -> {dt}
  %dw = linalg.depthwise_conv_2d_nchw_chw {{dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>}}
      ins(%p, %dd : {pt}, tensor<{C}x3x3xf32>) outs(%init2 : {dt}) -> {dt}
  return %hs, %dw : {yt}, {dt}
}}
"""
    with open(out + "/m.mlir", "w") as f:
        f.write(m)
    np.save(out + "/x.npy", x)
    # The oracle: the dequantized values in float64.
    xq = np.clip(np.round(x.astype(np.float64) / np.float64(sx)) + zx,
                 -128, 127)
    xp = np.pad((xq - zx) * np.float64(sx), ((0, 0), (0, 0), (1, 1), (1, 1)))
    wd = wi.astype(np.float64) * ws.astype(np.float64)[:, None, None, None]
    dd = di.astype(np.float64) * ds.astype(np.float64)[:, None, None]
    y = np.zeros((1, F, H, W))
    d = np.zeros((1, C, H, W))
    for kh in range(3):
        for kw in range(3):
            win = xp[:, :, kh:kh + H, kw:kw + W]
            y += np.einsum("nchw,fc->nfhw", win, wd[:, :, kh, kw])
            d += win * dd[None, :, kh, kw, None, None]
    y += b.astype(np.float64)[None, :, None, None]
    y = y * np.clip(y + 3, 0, 6) / 6
    np.save(out + "/ref0.npy", y)
    np.save(out + "/ref1.npy", d)


def check(out, results, tol):
    for k, path in enumerate(results):
        ref = np.load("%s/ref%d.npy" % (out, k))
        got = np.load(path).astype(np.float64)
        err = float(np.max(np.abs(got - ref)) / np.max(np.abs(ref)))
        assert err <= tol, "result %d: %g relative to max|oracle| > %g" % (
            k, err, tol)
    print("ok")


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(sys.argv[2])
    else:
        check(sys.argv[2], sys.argv[3:-1], float(sys.argv[-1]))
