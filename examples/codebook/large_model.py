#!/usr/bin/env python3
"""Writes a float MLP whose weights total about --weights float32 values,
for timing quantx-codebook-quantize (see docs/Passes.md).

usage: large_model.py [--weights N] [--width W] -o OUT.mlir

The network is a chain of W x W linalg.matmul layers (Gaussian weights,
seed 0) stored as dense_resource blobs, the way importers store large
constants.
"""
import argparse

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--weights", type=int, default=25_000_000)
    parser.add_argument("--width", type=int, default=2048)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    w = args.width
    layers = max(1, round(args.weights / (w * w)))
    rng = np.random.default_rng(0)
    t = "tensor<%dx%dxf32>" % (w, w)
    with open(args.output, "w") as f:
        f.write("func.func @mlp(%%x: tensor<1x%dxf32>) -> tensor<1x%dxf32> {\n"
                % (w, w))
        f.write("  %zero = arith.constant 0.0 : f32\n")
        f.write("  %%e = tensor.empty() : tensor<1x%dxf32>\n" % w)
        f.write("  %%init = linalg.fill ins(%%zero : f32) outs(%%e : "
                "tensor<1x%dxf32>) -> tensor<1x%dxf32>\n" % (w, w))
        prev = "%x"
        for i in range(layers):
            f.write("  %%w%d = arith.constant dense_resource<w%d> : %s\n" %
                    (i, i, t))
            f.write("  %%h%d = linalg.matmul ins(%s, %%w%d : tensor<1x%dxf32>, "
                    "%s) outs(%%init : tensor<1x%dxf32>) -> tensor<1x%dxf32> "
                    "loc(\"fc%d\")\n" % (i, prev, i, w, t, w, w, i))
            prev = "%%h%d" % i
        f.write("  return %s : tensor<1x%dxf32>\n}\n" % (prev, w))
        f.write("{-#\n  dialect_resources: {\n    builtin: {\n")
        for i in range(layers):
            data = (rng.standard_normal((w, w)) * 0.02).astype(np.float32)
            f.write('      w%d: "0x04000000%s"%s\n' % (
                i, data.tobytes().hex(), "," if i + 1 < layers else ""))
        f.write("    }\n  }\n#-}\n")
    print("%d layers of %dx%d: %d weights" % (layers, w, w, layers * w * w))


if __name__ == "__main__":
    main()
