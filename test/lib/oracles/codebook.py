#!/usr/bin/env python3
"""Oracle for quantx.codebook_dequantize and quantx.codebook_matmul (numpy
only, no quantx code).

usage: codebook.py {matmul,dequantize} --mlir OUT.mlir --expected OUT.txt
                   [--tol OUT.tol]

Generates deterministic pseudo-random centroids, codes and activations for a
fixed list of cases and writes a test module that runs the ops on them and
prints the results as f32 bit patterns (arith.bitcast to i32; an f16 weight
is first extended to f32, which is exact).

dequantize: the expected weights are rebuilt with numpy fancy indexing from
the definition W[k, n] = centroids[g(k / d), codes[k / d, n], k mod d],
reshaped to the weight layout given by reduction_dims. The comparison is
exact (the op only moves and widens values).

matmul: every case is computed twice by the module, with
quantx.codebook_matmul (the table route) and with linalg.matmul on the
weights rebuilt by quantx.codebook_dequantize; both are compared with the
float64 product x @ W that numpy computes from the same rebuilt W. The
tolerance of each element is 1e-5 * sum_k |x[m, k]| |W[k, n]| (written to
--tol): relative to the magnitude of the terms, since a sum that cancels has
no meaningful relative error of its own. An f32 evaluation of either route
is within (d + S + 2) * 2^-24 of that scale, far below 1e-5 for these sizes.
"""
import argparse
import sys

import numpy as np

#===----------------------------------------------------------------------===#
# MLIR text helpers
#===----------------------------------------------------------------------===#

NP_TYPE = {"f32": np.float32, "f16": np.float16, "i8": np.uint8,
           "i16": np.uint16}


def tensor(shape, element):
    dims = "x".join("?" if d is None else str(d) for d in shape)
    return "tensor<%s%s%s>" % (dims, "x" if dims else "", element)


def dense_hex(values, element):
    """A dense constant holding `values` exactly, as little-endian bytes."""
    data = np.ascontiguousarray(values.astype(NP_TYPE[element]))
    return 'dense<"0x%s">' % data.tobytes().hex().upper()


def constant(lines, name, values, element):
    ty = tensor(values.shape, element)
    lines.append("%%%s = arith.constant %s : %s" %
                 (name, dense_hex(values, element), ty))
    return ty


def print_bits(lines, value, shape, element, tag):
    """Prints an f32 (or f16, extended) tensor as its f32 bit patterns."""
    ty = tensor(shape, element)
    if element != "f32":
        f32_ty = tensor(shape, "f32")
        lines.append("%%%s_w = arith.extf %s : %s to %s" %
                     (tag, value, ty, f32_ty))
        value, ty = "%%%s_w" % tag, f32_ty
    i32_ty = tensor(shape, "i32")
    lines.append("%%%s_b = arith.bitcast %s : %s to %s" %
                 (tag, value, ty, i32_ty))
    flat = int(np.prod(shape))
    flat_ty = tensor([flat], "i32")
    lines.append("%%%s_f = tensor.collapse_shape %%%s_b [%s] : %s into %s" %
                 (tag, tag, list(range(len(shape))), i32_ty, flat_ty))
    lines.append("%%%s_u = tensor.cast %%%s_f : %s to tensor<*xi32>" %
                 (tag, tag, flat_ty))
    lines.append("call @printMemrefI32(%%%s_u) : (tensor<*xi32>) -> ()" % tag)


def module_text(funcs):
    out = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    for name, body in funcs:
        out.append("func.func @%s() {" % name)
        out.extend("  " + line for line in body)
        out.append("  return")
        out.append("}")
        out.append("")
    out.append("func.func @main() {")
    for name, _ in funcs:
        out.append("  call @%s() : () -> ()" % name)
    out.append("  return")
    out.append("}")
    return "\n".join(out) + "\n"


def f32_bits(values):
    return values.astype(np.float32).view(np.uint32).astype(np.int64)


#===----------------------------------------------------------------------===#
# The definition, in numpy
#===----------------------------------------------------------------------===#

def random_codebook(rng, g, c, d, s, n, element):
    """Centroids G x C x d (rounded to `element`) and codes S x N."""
    centroids = rng.standard_normal((g, c, d)).astype(NP_TYPE[element])
    codes = rng.integers(0, c, size=(s, n), dtype=np.int64)
    # Make the ends of the index range appear (0 and C - 1, which tests
    # that indices are read as unsigned: 255 is -1 as a signed i8).
    flat = codes.reshape(-1)
    flat[: min(2, flat.size)] = [c - 1, 0][: min(2, flat.size)]
    return centroids, codes


def rebuild_kn(centroids, codes):
    """W as the K x N matrix: W[j*d + t, n] = centroids[g(j), codes[j, n], t]."""
    g, _, d = centroids.shape
    s, n = codes.shape
    book = np.arange(s) // (s // g)                    # codebook of block j
    blocks = centroids[book[:, None], codes]           # S x N x d
    return blocks.transpose(0, 2, 1).reshape(s * d, n).astype(np.float64)


def to_layout(w_kn, shape, reduction_dims):
    """Reshapes the K x N view into a weight of `shape` whose reduction_dims
    (flattened in order) form K and whose other dims (increasing) form N."""
    columns = [i for i in range(len(shape)) if i not in reduction_dims]
    order = list(reduction_dims) + columns
    permuted = w_kn.reshape([shape[i] for i in order])
    return permuted.transpose(np.argsort(order))


#===----------------------------------------------------------------------===#
# Cases
#===----------------------------------------------------------------------===#

def centroid_type(g, c, d, element):
    return tensor(([g] if g > 1 else []) + [c, d], element)


def code_element(c):
    return "i8" if c <= 256 else "i16"


def matmul_cases():
    """(name, M, S, N, d, C, G, centroid element, dynamic M)."""
    cases = []
    # Every block size and codebook size of the issue, one shared codebook.
    for d in (4, 8, 9, 16):
        for c in (16, 256, 4096):
            cases.append(("d%d_c%d" % (d, c), 3, 5, 7, d, c, 1, "f32", False))
    cases += [
        # One codebook per sub-space (classic PQ), and two codebooks each
        # serving two consecutive blocks.
        ("per_subspace", 2, 4, 6, 4, 16, 4, "f32", False),
        ("grouped", 2, 4, 6, 8, 256, 2, "f32", False),
        # f16 centroids (computed in f32).
        ("f16_centroids", 3, 5, 7, 8, 256, 1, "f16", False),
        # GEMV, a dynamic M, a single block, a single column.
        ("gemv", 1, 6, 64, 8, 256, 1, "f32", False),
        ("dynamic_m", 4, 3, 5, 4, 16, 1, "f32", True),
        ("one_block", 2, 1, 3, 16, 4096, 1, "f32", False),
        ("one_column", 2, 3, 1, 9, 256, 1, "f32", False),
    ]
    return cases


def gen_matmul(rng):
    funcs, expected, tols = [], [], []
    for name, m, s, n, d, c, g, elt, dynamic in matmul_cases():
        k = s * d
        centroids, codes = random_codebook(rng, g, c, d, s, n, elt)
        x = rng.standard_normal((m, k)).astype(np.float32)
        w = rebuild_kn(centroids, codes)
        y = x.astype(np.float64) @ w
        scale = np.abs(x.astype(np.float64)) @ np.abs(w)

        lines = []
        cty = constant(lines, "c", centroids if g > 1 else centroids[0], elt)
        ity = constant(lines, "i", codes, code_element(c))
        xty = constant(lines, "x", x, "f32")
        if dynamic:
            dty = tensor([None, k], "f32")
            lines.append("%%xd = tensor.cast %%x : %s to %s" % (xty, dty))
            xin, xty = "%xd", dty
        else:
            xin = "%x"
        yty = tensor([None if dynamic else m, n], "f32")
        lines.append("%%y = quantx.codebook_matmul %s, %%c, %%i : %s, %s, %s "
                     "-> %s" % (xin, xty, cty, ity, yty))
        wty = tensor([k, n], "f32")
        lines.append("%%w = quantx.codebook_dequantize %%c, %%i reduction_dims "
                     "[0] : %s, %s -> %s" % (cty, ity, wty))
        lines.append("%z0 = arith.constant 0.0 : f32")
        lines.append("%%e = tensor.empty() : %s" % tensor([m, n], "f32"))
        lines.append("%%zero = linalg.fill ins(%%z0 : f32) outs(%%e : %s) -> %s"
                     % (tensor([m, n], "f32"), tensor([m, n], "f32")))
        lines.append("%%yd = linalg.matmul ins(%%x, %%w : %s, %s) outs(%%zero : "
                     "%s) -> %s" % (tensor([m, k], "f32"), wty,
                                    tensor([m, n], "f32"),
                                    tensor([m, n], "f32")))
        if dynamic:
            lines.append("%%ys = tensor.cast %%y : %s to %s" %
                         (yty, tensor([m, n], "f32")))
            y_val = "%ys"
        else:
            y_val = "%y"
        print_bits(lines, y_val, [m, n], "f32", "lut")
        print_bits(lines, "%yd", [m, n], "f32", "deq")
        funcs.append((name, lines))
        for _ in range(2):
            expected.append(y.reshape(-1))
            tols.append(1e-5 * scale.reshape(-1))
    return funcs, expected, tols


def dequantize_cases():
    """(name, weight shape, reduction_dims, d, C, G, centroid element,
    result element)."""
    return [
        ("matmul_kn", [24, 5], [0], 8, 256, 1, "f32", "f32"),
        ("matmul_nk", [5, 24], [1], 8, 256, 1, "f32", "f32"),
        ("conv_fchw_d9", [4, 3, 3, 3], [1, 2, 3], 9, 16, 1, "f16", "f32"),
        ("conv_hwcf_d9", [3, 3, 3, 4], [2, 0, 1], 9, 16, 1, "f32", "f32"),
        ("conv_hwcf_channels", [3, 3, 8, 2], [0, 1, 2], 4, 16, 1, "f32",
         "f32"),
        ("per_subspace", [16, 6], [0], 4, 16, 4, "f32", "f32"),
        ("i16_codes", [32, 3], [0], 16, 4096, 1, "f16", "f16"),
        ("grouped_d9", [2, 4, 3, 3], [1, 2, 3], 9, 256, 2, "f32", "f32"),
    ]


def gen_dequantize(rng):
    funcs, expected = [], []
    for name, shape, rdims, d, c, g, elt, relt in dequantize_cases():
        k = int(np.prod([shape[i] for i in rdims]))
        n = int(np.prod(shape)) // k
        s = k // d
        centroids, codes = random_codebook(rng, g, c, d, s, n, elt)
        w = to_layout(rebuild_kn(centroids, codes), shape, rdims)
        lines = []
        cty = constant(lines, "c", centroids if g > 1 else centroids[0], elt)
        ity = constant(lines, "i", codes, code_element(c))
        wty = tensor(shape, relt)
        lines.append("%%w = quantx.codebook_dequantize %%c, %%i reduction_dims "
                     "%s : %s, %s -> %s" % (rdims, cty, ity, wty))
        print_bits(lines, "%w", shape, relt, "w")
        funcs.append((name, lines))
        expected.append(f32_bits(w.reshape(-1)))
    return funcs, expected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["matmul", "dequantize"])
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--expected", required=True)
    parser.add_argument("--tol")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    if args.kind == "matmul":
        funcs, expected, tols = gen_matmul(rng)
        # Expected values are written as f32 bit patterns of the float64
        # result rounded to f32; compare.py --bits=f32 decodes both sides and
        # the tolerance absorbs that rounding (2^-24 relative).
        expected = [f32_bits(e) for e in expected]
        with open(args.tol, "w") as f:
            f.write("\n".join("%.9g" % t for t in np.concatenate(tols)))
    else:
        funcs, expected = gen_dequantize(rng)
    with open(args.mlir, "w") as f:
        f.write(module_text(funcs))
    with open(args.expected, "w") as f:
        f.write("\n".join(str(v) for v in np.concatenate(expected)))


if __name__ == "__main__":
    sys.exit(main())
