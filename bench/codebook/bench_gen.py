#!/usr/bin/env python3
"""Writes the codebook GEMV benchmark: a module with one function per M
(quantx.codebook_matmul of an M x K activation with a K x N codebook weight,
d = 8, C = 256, one shared codebook), a module with the dense f32
linalg.matmul of the same shapes (the weight passed in), and the raw
centroids and codes for the C++ harness, which rebuilds the dense weight for
the OpenBLAS rows.

usage: bench/codebook/bench_gen.py OUTDIR [--k 4096] [--n 4096] [--rows 1,4,16]
"""
import argparse
import os

import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("outdir")
    parser.add_argument("--k", type=int, default=4096)
    parser.add_argument("--n", type=int, default=4096)
    parser.add_argument("--d", type=int, default=8)
    parser.add_argument("--c", type=int, default=256)
    parser.add_argument("--rows", default="1,4,16")
    args = parser.parse_args()
    k, n, d, c = args.k, args.n, args.d, args.c
    s = k // d
    rng = np.random.default_rng(0)
    centroids = (rng.standard_normal((c, d)) * 0.05).astype(np.float32)
    codes = rng.integers(0, c, size=(s, n)).astype(np.uint8)
    centroids.tofile(os.path.join(args.outdir, "centroids.bin"))
    codes.tofile(os.path.join(args.outdir, "codes.bin"))
    ct, it = "tensor<%dx%dxf32>" % (c, d), "tensor<%dx%dxi8>" % (s, n)
    with open(os.path.join(args.outdir, "bench.mlir"), "w") as f:
        for m in [int(r) for r in args.rows.split(",")]:
            xt, yt = "tensor<%dx%dxf32>" % (m, k), "tensor<%dx%dxf32>" % (m, n)
            f.write("func.func @codebook_gemv_m%d(%%x: %s) -> %s attributes "
                    "{llvm.emit_c_interface} {\n" % (m, xt, yt))
            f.write("  %%c = arith.constant dense_resource<centroids> : %s\n" %
                    ct)
            f.write("  %%i = arith.constant dense_resource<codes> : %s\n" % it)
            f.write("  %%y = quantx.codebook_matmul %%x, %%c, %%i : %s, %s, %s "
                    "-> %s\n" % (xt, ct, it, yt))
            f.write("  return %%y : %s\n}\n" % yt)
        f.write("{-#\n  dialect_resources: {\n    builtin: {\n")
        f.write('      centroids: "0x04000000%s",\n' % centroids.tobytes().hex())
        f.write('      codes: "0x01000000%s"\n' % codes.tobytes().hex())
        f.write("    }\n  }\n#-}\n")
    with open(os.path.join(args.outdir, "dense.mlir"), "w") as f:
        wt = "tensor<%dx%dxf32>" % (k, n)
        for m in [int(r) for r in args.rows.split(",")]:
            xt, yt = "tensor<%dx%dxf32>" % (m, k), "tensor<%dx%dxf32>" % (m, n)
            f.write("func.func @dense_f32_m%d(%%x: %s, %%w: %s) -> %s "
                    "attributes {llvm.emit_c_interface} {\n" % (m, xt, wt, yt))
            f.write("  %zero = arith.constant 0.0 : f32\n")
            f.write("  %%e = tensor.empty() : %s\n" % yt)
            f.write("  %%f = linalg.fill ins(%%zero : f32) outs(%%e : %s) -> %s\n"
                    % (yt, yt))
            f.write("  %%y = linalg.matmul ins(%%x, %%w : %s, %s) outs(%%f : %s) "
                    "-> %s\n" % (xt, wt, yt, yt))
            f.write("  return %%y : %s\n}\n" % yt)


if __name__ == "__main__":
    main()
