"""The benchmark's cases: int8 GEMMs and ResNet-18-like int8 convolutions.

A case is (name, kind, dims) where for `gemm` dims = (M, N, K) and for `conv`
dims = (N, H, W, C, KH, KW, F, stride, pad). `ops` counts 2 operations per
multiply-accumulate of the int8 product (the requantize epilogue is not
counted).
"""

GEMM_SHAPES = [
    (1, 4096, 4096),
    (16, 4096, 4096),
    (128, 1024, 1024),
    (512, 512, 512),
    (1024, 1024, 1024),
]

# ResNet-18 3x3 convolutions at batch 1 (224x224 input): the first layer of
# each stage with its stride, and the last stage's repeated layer.
CONV_SHAPES = [
    ("res2", (1, 56, 56, 64, 3, 3, 64, 1, 1)),
    ("res3", (1, 56, 56, 64, 3, 3, 128, 2, 1)),
    ("res4", (1, 28, 28, 128, 3, 3, 256, 2, 1)),
    ("res5", (1, 7, 7, 512, 3, 3, 512, 1, 1)),
]


def conv_out(h, k, stride, pad):
    return (h + 2 * pad - k) // stride + 1


def all_cases(quick=False):
    cases = []
    for m, n, k in GEMM_SHAPES:
        if quick and m * n * k > 128 * 1024 * 1024:
            continue
        cases.append((f"gemm-i8-{m}x{n}x{k}", "gemm", (m, n, k)))
    for name, dims in CONV_SHAPES:
        if quick and name not in ("res5",):
            continue
        n, h, w, c, kh, kw, f, s, p = dims
        oh, ow = conv_out(h, kh, s, p), conv_out(w, kw, s, p)
        cases.append((f"conv-i8-{name}", "conv", dims))
    return cases


def gemm_equivalent(kind, dims):
    """(M, N, K) of the GEMM a case computes (implicit GEMM for convs)."""
    if kind == "gemm":
        return dims
    n, h, w, c, kh, kw, f, s, p = dims
    oh, ow = conv_out(h, kh, s, p), conv_out(w, kw, s, p)
    return (n * oh * ow, f, kh * kw * c)


def ops(kind, dims):
    m, n, k = gemm_equivalent(kind, dims)
    return 2 * m * n * k
