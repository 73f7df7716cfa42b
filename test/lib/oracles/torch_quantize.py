#!/usr/bin/env python3
"""quantx.quantize (half_to_even, per tensor) against PyTorch's
torch.quantize_per_tensor, for qint8 and quint8.

usage: torch_quantize.py gen OUT.mlir TORCH.npz
       torch_quantize.py check ACTUAL TORCH.npz

`gen` writes a module whose @main quantizes each case's inputs with
quantx.quantize rounding<half_to_even> and prints the storage integers
(widened to i32, one memref print per case), and quantizes the same inputs
with torch.quantize_per_tensor, saving the integers (the only step that
imports torch, which takes seconds). `check` compares what the run printed
with them element by element, printing one line per case.

The cases are built deterministically (numpy's default_rng with a fixed
seed): inputs exactly on the ties (k + 1/2) * scale, their float neighbours,
negative values, values beyond the storage range on both sides (saturation),
zero, signed zeros, and normally distributed values, for several scales and
zero points. Inputs are written as IEEE bit patterns (a hex dense
attribute), so the module holds exactly the floats torch sees.

PyTorch and quantx do not compute the same thing for every scale: quantx
divides (x / s in f32, as ONNX QuantizeLinear and ONNX Runtime do), PyTorch
multiplies by the f32 reciprocal (x * (1 / s), at::native::quantize_val and
fbgemm::Quantize). Both round half to even. When s is a power of two the
reciprocal is exact and the two agree on every input, so those cases must be
bit-exact everywhere. For other scales x / s and x * (1 / s) can round to
different floats next to a tie; at those inputs (numpy computes both in
float32 and tells where they round apart) quantx must equal the division and
torch the reciprocal product, and everywhere else quantx must equal torch.
Any other difference fails the check.
"""
import re
import sys

import numpy as np

SEED = 20261124

# (dtype, scale, zero point): power-of-two scales first (bit-exact with
# torch on every input), then scales whose reciprocal is inexact.
CASES = [
    ("qint8", 0.5, 0),
    ("qint8", 0.25, -3),
    ("qint8", 2.0, 7),
    ("qint8", 0.0078125, -128),
    ("quint8", 0.5, 128),
    ("quint8", 0.125, 0),
    ("quint8", 4.0, 255),
    ("qint8", 0.1, 5),
    ("qint8", 0.3, -20),
    ("qint8", 0.007, 0),
    ("quint8", 0.02, 128),
    ("quint8", 0.037, 17),
]

STORAGE = {"qint8": (-128, 127, "i8"), "quint8": (0, 255, "u8")}


def is_power_of_two(s):
    m, _ = np.frexp(np.float32(s))
    return m == 0.5


def case_inputs(rng, dtype, scale, zp):
    """float32 inputs for one case (see the module docstring)."""
    qmin, qmax = STORAGE[dtype][:2]
    s = np.float32(scale)
    # Every tie of the storage range and a few beyond it: x = (k + 1/2) s
    # with k + zp from qmin - 3 to qmax + 3.
    k = np.arange(qmin - zp - 3, qmax - zp + 3, dtype=np.float32)
    ties = ((k + np.float32(0.5)) * s).astype(np.float32)
    # Their float neighbours on both sides.
    up = np.nextafter(ties, np.float32(np.inf))
    down = np.nextafter(ties, np.float32(-np.inf))
    # Integers of the grid (y exact or next to it).
    grid = (k * s).astype(np.float32)
    # Normal values around the zero point's real value, a few ranges wide,
    # so that many saturate on both sides.
    center = np.float32(-zp) * s
    width = np.float32(qmax - qmin) * s
    normal = (center + rng.standard_normal(1024).astype(np.float32) *
              width).astype(np.float32)
    # Far out on both sides (still far below 2^31 steps: PyTorch converts
    # zero_point + round(x / s) to int64 before clamping).
    far = np.array([1e6, -1e6, 3e4, -3e4], np.float32) * s
    special = np.array([0.0, -0.0], np.float32)
    return np.concatenate([ties, up, down, grid, normal, far, special])


def all_inputs():
    rng = np.random.default_rng(SEED)
    return [case_inputs(rng, *c) for c in CASES]


def gen(path):
    L = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    L.append("func.func @main() {")
    for i, ((dtype, scale, zp), x) in enumerate(zip(CASES, all_inputs())):
        n = len(x)
        storage = STORAGE[dtype][2]
        qtype = "!quant.uniform<%s:f32, %s:%d>" % (storage,
                                                   repr(float(np.float32(scale))), zp)
        hexdata = "0x" + x.astype("<f4").tobytes().hex().upper()
        L.append('  %%x%d = arith.constant dense<"%s"> : tensor<%dxf32>'
                 % (i, hexdata, n))
        L.append("  %%q%d = quantx.quantize %%x%d rounding<half_to_even> : "
                 "tensor<%dxf32> -> tensor<%dx%s>" % (i, i, n, n, qtype))
        L.append("  %%s%d = quant.scast %%q%d : tensor<%dx%s> to tensor<%dxi8>"
                 % (i, i, n, qtype, n))
        ext = "arith.extsi" if dtype == "qint8" else "arith.extui"
        L.append("  %%w%d = %s %%s%d : tensor<%dxi8> to tensor<%dxi32>"
                 % (i, ext, i, n, n))
        L.append("  %%u%d = tensor.cast %%w%d : tensor<%dxi32> to tensor<*xi32>"
                 % (i, i, n))
        L.append("  call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()" % i)
    L.append("  return")
    L.append("}")
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


def printed_memrefs(text):
    """The integers of each `data =` print, in order."""
    parts = text.split("data =")[1:]
    return [np.array([int(t) for t in re.findall(r"-?\d+",
                                                 p.split("Unranked Memref")[0])],
                     np.int64) for p in parts]


def run_torch(path):
    import torch

    results = {}
    for i, ((dtype, scale, zp), x) in enumerate(zip(CASES, all_inputs())):
        t = torch.quantize_per_tensor(torch.from_numpy(x),
                                      float(np.float32(scale)), zp,
                                      getattr(torch, dtype))
        results["case%d" % i] = t.int_repr().numpy().astype(np.int64)
    np.savez(path, **results)


def check(path, torch_path):
    torch_results = np.load(torch_path)
    actual = printed_memrefs(open(path).read())
    if len(actual) != len(CASES):
        print("FAIL: %d prints for %d cases" % (len(actual), len(CASES)))
        return 1
    ok = True
    for i, ((dtype, scale, zp), x, got) in enumerate(
            zip(CASES, all_inputs(), actual)):
        qmin, qmax = STORAGE[dtype][:2]
        s = np.float32(scale)
        want = torch_results["case%d" % i]
        # numpy float32: the two formulas, rounded half to even (np.rint).
        with np.errstate(over="ignore"):
            div = np.clip(np.rint(x / s) + zp, qmin, qmax).astype(np.int64)
            rec = np.clip(np.rint(x * (np.float32(1) / s)) + zp, qmin,
                          qmax).astype(np.int64)
        apart = div != rec
        name = "%s scale=%s zp=%d" % (dtype, repr(float(s)), zp)
        if len(got) != len(x):
            print("FAIL %s: %d values printed, %d inputs" % (name, len(got),
                                                              len(x)))
            ok = False
            continue
        bad = np.nonzero(~apart & (got != want) |
                         apart & ((got != div) | (want != rec)))[0]
        if len(bad):
            ok = False
            for j in bad[:5]:
                print("FAIL %s: x=%r (0x%08X) quantx %d torch %d "
                      "(x/s -> %d, x*(1/s) -> %d)"
                      % (name, float(x[j]), x[j:j + 1].view("<u4")[0],
                         got[j], want[j], div[j], rec[j]))
        ties = int(np.sum(np.abs(x / s - np.floor(x / s)) == 0.5))
        print("%s%s: %d values (%d ties), %d bit-exact with torch, %d where "
              "x/s and x*(1/s) round apart" % (
                  name, " (power of two)" if is_power_of_two(s) else "",
                  len(x), ties, int(np.sum(got == want)), int(np.sum(apart))))
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


def main(argv):
    if len(argv) == 4 and argv[1] == "gen":
        gen(argv[2])
        run_torch(argv[3])
        return 0
    if len(argv) == 4 and argv[1] == "check":
        return check(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
