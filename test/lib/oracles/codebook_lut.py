#!/usr/bin/env python3
"""Oracle for the x86 table-lookup lowering of quantx.codebook_matmul
(convert-quantx-to-x86; numpy only, no quantx code).

usage: codebook_lut.py --mlir OUT.mlir --expected OUT.txt --tol OUT.tol
                       [--group-blocks B] [--table-bits 8|16]

Writes a module with one function per case, each printing its result as f32
bit patterns, the float64 product x @ W of the rebuilt weights, and a
per-element tolerance that follows from the kernel's int8 tables:

  the kernel rounds each table T[m, j, :] (T = x block . centroids) to
  multiples of s_g = max |T| / qmax over the group g of B consecutive blocks
  containing j (qmax = 127 for 8-bit tables, 32767 for 16-bit ones), so
  each lookup is off by at most s_g / 2 and

    |y - x @ W| <= sum_j s_g(j) / 2  (+ f32 rounding: 1e-5 sum |x| |W|).

The oracle recomputes the tables in float64 to get s_g (the kernel's f32
maximum differs by a few ulps: the bound is taken 0.1% larger). For the
random data used here the bound is about 8% of the typical |y| for the
largest K; the measured error is reported by compare.py's largest ratio
only when it fails.
"""
import argparse
import sys

import numpy as np

NP = {"f32": np.float32, "f16": np.float16, "i8": np.uint8}


def tensor(shape, element):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), element)


def dense(values, element):
    data = np.ascontiguousarray(values.astype(NP[element]))
    return 'dense<"0x%s">' % data.tobytes().hex().upper()


def cases():
    """(name, M, S, N, d, C, G, centroid type, result type, constant
    centroids and codes: else both are arguments, known at run time)."""
    out = []
    for c in (16, 100, 256):              # 1, 2 and 4 table registers
        for d in (4, 8, 9, 16):
            out.append(("c%d_d%d" % (c, d), 3, 12, 64, d, c, 1, "f32", "f32",
                        True))
    out += [
        ("gemv", 1, 64, 128, 8, 256, 1, "f32", "f32", True),
        ("m16", 16, 20, 64, 8, 256, 1, "f32", "f32", True),
        # S = 37: a last group of 5 blocks with the default B = 32.
        ("ragged_groups", 2, 37, 64, 4, 256, 1, "f32", "f32", True),
        ("ragged_n", 3, 12, 100, 8, 256, 1, "f32", "f32", True),
        ("ragged_n_f16_result", 2, 8, 72, 4, 64, 1, "f16", "f16", True),
        ("per_subspace", 2, 10, 64, 8, 64, 10, "f32", "f32", True),
        ("grouped", 2, 12, 64, 4, 200, 3, "f16", "f32", True),
        ("f16_result", 2, 8, 64, 8, 256, 1, "f16", "f16", True),
        # Centroids and codes passed as arguments: the centroids are
        # transposed at run time, the codes read as they are (padded to a
        # multiple of 64 columns with tensor.pad for a ragged N).
        ("runtime_centroids", 2, 9, 128, 8, 256, 1, "f32", "f32", False),
        ("runtime_per_subspace_f16", 2, 6, 64, 4, 100, 6, "f16", "f32", False),
        ("runtime_ragged_n", 2, 9, 40, 8, 256, 1, "f32", "f32", False),
    ]
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--tol", required=True)
    parser.add_argument("--group-blocks", type=int, default=32)
    parser.add_argument("--table-bits", type=int, default=8)
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    funcs, expected, tols = [], [], []
    for name, m, s, n, d, c, g, celt, relt, constant in cases():
        k = s * d
        centroids = rng.standard_normal((g, c, d)).astype(NP[celt])
        codes = rng.integers(0, c, size=(s, n))
        codes.reshape(-1)[:2] = [c - 1, 0]
        x = rng.standard_normal((m, k)).astype(np.float32)
        cf = centroids.astype(np.float64)
        book = np.arange(s) // (s // g)
        w = cf[book[:, None], codes].transpose(0, 2, 1).reshape(k, n)
        xf = x.astype(np.float64)
        y = xf @ w
        # Tables T[m, j, c] and the bound from their group scales.
        tables = np.einsum("mjt,jct->mjc", xf.reshape(m, s, d), cf[book])
        bound = np.zeros(m)
        for j0 in range(0, s, args.group_blocks):
            block = tables[:, j0:j0 + args.group_blocks, :]
            qmax = 127 if args.table_bits == 8 else 32767
            scale = np.abs(block).reshape(m, -1).max(axis=1) / qmax
            bound += block.shape[1] * scale / 2
        tol = bound[:, None] * 1.001 + 1e-5 * (np.abs(xf) @ np.abs(w))
        if relt == "f16":
            tol = tol + np.abs(y) * 2.0 ** -11 * 1.001
        cty = tensor(([g] if g > 1 else []) + [c, d], celt)
        cval = centroids if g > 1 else centroids[0]
        ity = tensor([s, n], "i8")
        xty = tensor([m, k], "f32")
        yty = tensor([m, n], relt)
        body = ["%%x = arith.constant %s : %s" % (dense(x, "f32"), xty)]
        if constant:
            body.append("%%i = arith.constant %s : %s" % (dense(codes, "i8"),
                                                         ity))
            body.append("%%c = arith.constant %s : %s" % (dense(cval, celt),
                                                         cty))
            head = "func.func @%s() {" % name
        else:
            head = "func.func @%s(%%c: %s, %%i: %s) {" % (name, cty, ity)
        body.append("%%y = quantx.codebook_matmul %%x, %%c, %%i : %s, %s, %s "
                    "-> %s" % (xty, cty, ity, yty))
        yv, y32 = "%y", tensor([m, n], "f32")
        if relt != "f32":
            body.append("%%y32 = arith.extf %%y : %s to %s" % (yty, y32))
            yv = "%y32"
        body.append("%%b = arith.bitcast %s : %s to %s" %
                    (yv, y32, tensor([m, n], "i32")))
        body.append("%%f = tensor.collapse_shape %%b [[0, 1]] : %s into "
                    "tensor<%dxi32>" % (tensor([m, n], "i32"), m * n))
        body.append("%%u = tensor.cast %%f : tensor<%dxi32> to tensor<*xi32>"
                    % (m * n))
        body.append("call @printMemrefI32(%u) : (tensor<*xi32>) -> ()")
        call = ("  call @%s() : () -> ()" % name if constant else
                "  %%c_%s = arith.constant %s : %s\n"
                "  %%i_%s = arith.constant %s : %s\n"
                "  call @%s(%%c_%s, %%i_%s) : (%s, %s) -> ()"
                % (name, dense(cval, celt), cty, name, dense(codes, "i8"), ity,
                   name, name, name, cty, ity))
        funcs.append((head, body, call))
        expected.append(y.reshape(-1).astype(np.float32).view(np.uint32))
        tols.append(tol.reshape(-1))
    lines = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    for head, body, _ in funcs:
        lines.append(head)
        lines.extend("  " + b for b in body)
        lines += ["  return", "}", ""]
    lines.append("func.func @main() {")
    lines.extend(call for _, _, call in funcs)
    lines += ["  return", "}"]
    with open(args.mlir, "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(args.expected, "w") as f:
        f.write("\n".join(str(v) for v in np.concatenate(expected)))
    with open(args.tol, "w") as f:
        f.write("\n".join("%.9g" % t for t in np.concatenate(tols)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
