"""The benchmark's cases.

A case is (name, kind, dims, threads):
  gemm      int8 GEMM y = requant(x * w + b), dims = (M, N, K);
  conv      int8 NHWC convolution, dims = (N, H, W, C, KH, KW, F, stride, pad);
  gemv-i4   f32 activations x int4 weights (weight-only, per-column scales),
            dims = (M, N, K);
  codebook  f32 activations x a codebook weight (d-element blocks along K,
            C centroids, one byte code per block), dims = (M, N, K, d, C).
`threads` is 1 except for the multi-threaded rows. `ops` counts 2 operations
per multiply-accumulate of the product (int8 or f32; the requantize epilogue
is not counted).
"""

GEMM_SHAPES = [
    (1, 4096, 4096),
    (16, 4096, 4096),
    (128, 1024, 1024),
    (512, 512, 512),
    (1024, 1024, 1024),
]

# ResNet-18 convolutions at batch 1 (224x224 input): the 7x7 stem on 3
# channels, the first 3x3 layer of each stage with its stride, and the last
# stage's repeated layer.
CONV_SHAPES = [
    ("res1", (1, 224, 224, 3, 7, 7, 64, 2, 3)),
    ("res2", (1, 56, 56, 64, 3, 3, 64, 1, 1)),
    ("res3", (1, 56, 56, 64, 3, 3, 128, 2, 1)),
    ("res4", (1, 28, 28, 128, 3, 3, 256, 2, 1)),
    ("res5", (1, 7, 7, 512, 3, 3, 512, 1, 1)),
]

# The quick run's convolution: a 14x14x64 3x3 layer (small enough for the
# reference lowering to run in a smoke test).
QUICK_CONV = [("small", (1, 14, 14, 64, 3, 3, 64, 1, 1))]

GEMV_I4_SHAPES = [(1, 4096, 4096), (16, 4096, 4096)]

# The codebook issue's rows: 4096 x 4096, d = 8, C = 256, M = 1, 4, 16.
CODEBOOK_SHAPES = [(m, 4096, 4096, 8, 256) for m in (1, 4, 16)]

# Multi-threaded rows (quantx num-threads=2 against oneDNN on 2 threads).
THREADED_GEMMS = [(512, 512, 512), (1024, 1024, 1024)]
# A convolution with a single column panel (64 output channels): its
# threads share out the rows.
THREADED_CONVS = ["res2"]

# Which implementations measure a kind (bench/run.py, bench/peers.cpp).
IMPLS = {
    "gemm": ["quantx", "quantx-ref", "mlir-upstream", "onednn-packed",
             "onednn", "gemmlowp", "openblas", "openblas-skx"],
    "conv": ["quantx", "quantx-ref", "onednn-packed", "openblas",
             "openblas-skx"],
    "gemv-i4": ["quantx", "quantx-ref", "openblas", "openblas-skx",
                "dequant-openblas"],
    "codebook": ["quantx", "quantx-ref", "openblas", "openblas-skx",
                 "dequant-openblas"],
}
THREADED_IMPLS = ["quantx", "onednn-packed", "onednn"]


def conv_out(h, k, stride, pad):
    return (h + 2 * pad - k) // stride + 1


def case_name(kind, dims):
    if kind == "gemm":
        return "gemm-i8-%dx%dx%d" % dims
    if kind == "gemv-i4":
        return "gemv-i4-%dx%dx%d" % dims
    if kind == "codebook":
        m, n, k, d, c = dims
        return f"codebook-d{d}c{c}-{m}x{n}x{k}"
    raise ValueError(kind)


def all_cases(quick=False):
    """Every case; with `quick`, small shapes of every kind (a smoke run)."""
    cases = []
    shapes = [(256, 256, 256)] if quick else GEMM_SHAPES
    for dims in shapes:
        cases.append((case_name("gemm", dims), "gemm", dims, 1))
    for name, dims in QUICK_CONV if quick else CONV_SHAPES:
        cases.append((f"conv-i8-{name}", "conv", dims, 1))
    for dims in [(1, 256, 512)] if quick else GEMV_I4_SHAPES:
        cases.append((case_name("gemv-i4", dims), "gemv-i4", dims, 1))
    shapes = [(1, 256, 512, 8, 256)] if quick else CODEBOOK_SHAPES
    for dims in shapes:
        cases.append((case_name("codebook", dims), "codebook", dims, 1))
    for dims in [(256, 256, 256)] if quick else THREADED_GEMMS:
        cases.append((case_name("gemm", dims), "gemm", dims, 2))
    if not quick:
        for name, dims in CONV_SHAPES:
            if name in THREADED_CONVS:
                cases.append((f"conv-i8-{name}", "conv", dims, 2))
    return cases


def label(name, threads):
    """The case's key and table label (the threads only when not 1)."""
    return name if threads == 1 else f"{name} (2 threads)"


def impls(kind, threads):
    return IMPLS[kind] if threads == 1 else THREADED_IMPLS


def gemm_equivalent(kind, dims):
    """(M, N, K) of the GEMM a case computes (implicit GEMM for convs)."""
    if kind in ("gemm", "gemv-i4"):
        return dims
    if kind == "codebook":
        return dims[:3]
    n, h, w, c, kh, kw, f, s, p = dims
    oh, ow = conv_out(h, kh, s, p), conv_out(w, kw, s, p)
    return (n * oh * ow, f, kh * kw * c)


def weight_bytes(kind, dims, impl):
    """Bytes of weights an implementation of a weight-only case reads per
    call (None where it does not apply): quantx the int4 codes and scales
    or the codebook codes and centroids, OpenBLAS the dense f32 weight."""
    if kind not in ("gemv-i4", "codebook"):
        return None
    m, n, k = gemm_equivalent(kind, dims)
    if impl in ("openblas", "openblas-skx"):
        return 4 * k * n
    if impl not in ("quantx", "quantx-ref"):
        return None
    if kind == "gemv-i4":
        return k * n // 2 + 4 * n
    d, c = dims[3], dims[4]
    return k // d * n + 4 * c * d


def ops(kind, dims):
    m, n, k = gemm_equivalent(kind, dims)
    return 2 * m * n * k
