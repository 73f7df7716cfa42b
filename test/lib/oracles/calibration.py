#!/usr/bin/env python3
"""Oracle for quantx-calibrate, in numpy.

usage: calibration.py inputs DIR [RUNS]
       calibration.py check STATS.json DIR
       calibration.py sqnr FLOAT.txt QDQ.txt MIN_DB

The model is test/Integration/CPU/calibrate.mlir's @main:
  x: 1x2x6x6 -> conv_2d_nchw_fchw with W (2x2x3x3, small integers) -> ReLU
     -> collapse to 1x32 -> matmul with ones(32x4)
  v: 3x8 -> matmul with a constant 8x2
Inputs are multiples of 1/8 in [-4, 4] and the weights small integers, so
every value the model computes is exact in f32 and numpy's float64
reference computes the same numbers: the statistics must then agree exactly
(count, min, max, every histogram bin), and to 1e-12 relative for the sums
(mean, std, mad; only the order of summation differs).

`inputs` writes RUNS (default 3) runs as DIR/NNN_a.npy (x) and DIR/NNN_b.npy
(v), which sort into groups of two in argument order. `check` recomputes
every calibration point ('arg0', 'matmul1.input', 'arg1') over the inputs
in DIR and compares them with the JSON that quantx-calibrate's dump-stats
wrote. `sqnr` compares two mlir-runner outputs (the float model's and the
quantized model's) and requires an SQNR of at least MIN_DB.
"""
import glob
import json
import os
import sys

import numpy as np

W = np.array([[[[1, 0, -1], [2, 1, 0], [0, -1, 1]],
               [[0, 1, 0], [-1, 2, -1], [0, 1, 0]]],
              [[[-1, -1, 0], [0, 1, 1], [1, 0, -2]],
               [[2, 0, 0], [0, -1, 0], [0, 0, 1]]]], dtype=np.float64)


def conv_nchw(x, w):
    n, c, h, wd = x.shape
    f, _, kh, kw = w.shape
    out = np.zeros((n, f, h - kh + 1, wd - kw + 1))
    for i in range(out.shape[2]):
        for j in range(out.shape[3]):
            patch = x[:, :, i:i + kh, j:j + kw]
            out[:, :, i, j] = np.tensordot(patch, w, axes=([1, 2, 3], [1, 2, 3]))
    return out


def points(x, v):
    """The values quantx-calibrate observes, by name, with channel axes."""
    hidden = np.maximum(conv_nchw(x, W), 0.0).reshape(1, 32)
    return {"arg0": (x, 1), "matmul1.input": (hidden, 1), "arg1": (v, 1)}


def write_inputs(directory, runs):
    os.makedirs(directory, exist_ok=True)
    rng = np.random.RandomState(7)
    for r in range(runs):
        x = rng.randint(-32, 33, size=(1, 2, 6, 6)) / 8.0
        v = rng.randint(-32, 33, size=(3, 8)) / 8.0
        np.save(os.path.join(directory, "%03d_a.npy" % r), x.astype(np.float32))
        np.save(os.path.join(directory, "%03d_b.npy" % r), v.astype(np.float32))


def expected(directory):
    files = sorted(glob.glob(os.path.join(directory, "*.npy")))
    values = {}
    for a, b in zip(files[0::2], files[1::2]):
        x = np.load(a).astype(np.float64)
        v = np.load(b).astype(np.float64)
        for name, (t, axis) in points(x, v).items():
            values.setdefault(name, []).append((t, axis))
    out = {}
    for name, runs in values.items():
        axis = runs[0][1]
        flat = np.concatenate([t.ravel() for t, _ in runs])
        per = np.concatenate([np.moveaxis(t, axis, 0).reshape(t.shape[axis], -1)
                              for t, _ in runs], axis=1)
        lo, hi = flat.min(), flat.max()
        bins = np.histogram(flat, bins=2048, range=(lo, hi))[0] if hi > lo else None
        out[name] = {
            "count": flat.size, "min": lo, "max": hi, "mean": flat.mean(),
            "std": flat.std(ddof=1), "mad": np.abs(flat - flat.mean()).mean(),
            "bins": bins, "axis": axis,
            "per_channel": {
                "min": per.min(axis=1), "max": per.max(axis=1),
                "mean": per.mean(axis=1), "std": per.std(axis=1, ddof=1),
                "mad": np.abs(per - per.mean(axis=1, keepdims=True)).mean(axis=1)}}
    return out


def close(a, b):
    return np.allclose(a, b, rtol=1e-12, atol=1e-12)


def check(stats_path, directory):
    got = {t["name"]: t for t in json.load(open(stats_path))["tensors"]}
    want = expected(directory)
    failures = []
    if sorted(got) != sorted(want):
        failures.append("points: got %s, expected %s" % (sorted(got), sorted(want)))
    for name, e in want.items():
        g = got.get(name)
        if g is None:
            continue
        for key in ("count", "min", "max"):
            if g[key] != e[key]:
                failures.append("%s: %s %r, expected %r" % (name, key, g[key], e[key]))
        for key in ("mean", "std", "mad"):
            if not close(g[key], e[key]):
                failures.append("%s: %s %r, expected %r" % (name, key, g[key], e[key]))
        h = g["histogram"]
        if (h["lo"], h["hi"]) != (e["min"], e["max"]) or len(h["bins"]) != 2048:
            failures.append("%s: histogram range or size" % name)
        elif e["bins"] is not None and list(h["bins"]) != list(e["bins"]):
            diff = np.nonzero(np.array(h["bins"]) != e["bins"])[0]
            failures.append("%s: histogram bins differ at %s" % (name, diff[:10]))
        pc = g["per_channel"]
        if pc["axis"] != e["axis"]:
            failures.append("%s: per-channel axis %r" % (name, pc["axis"]))
        for key, ev in e["per_channel"].items():
            if not close(pc[key], ev):
                failures.append("%s: per-channel %s %r, expected %r" % (name, key, pc[key], list(ev)))
    for name in sorted(want):
        print("%s: count %d min %r max %r" % (name, want[name]["count"], want[name]["min"], want[name]["max"]))
    if failures:
        print("\n".join(failures))
        return 1
    print("OK: %d points agree with numpy" % len(want))
    return 0


def printed_numbers(path):
    """The numbers after `data =` in mlir-runner's printMemref output."""
    import re
    text = open(path).read()
    out = []
    for chunk in text.split("data =")[1:]:
        out += [float(t) for t in re.findall(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?", chunk.split("Unranked")[0])]
    return np.array(out)


def sqnr(float_path, qdq_path, minimum):
    ref, got = printed_numbers(float_path), printed_numbers(qdq_path)
    if ref.size == 0 or ref.size != got.size:
        print("sizes differ: %d vs %d" % (ref.size, got.size))
        return 1
    db = 10 * np.log10(np.sum(ref ** 2) / max(np.sum((ref - got) ** 2), 1e-30))
    print("SQNR %.2f dB over %d outputs (at least %s)" % (db, ref.size, minimum))
    print("OK" if db >= float(minimum) else "FAILED")
    return 0 if db >= float(minimum) else 1


if __name__ == "__main__":
    if sys.argv[1] == "sqnr":
        sys.exit(sqnr(sys.argv[2], sys.argv[3], sys.argv[4]))
    if sys.argv[1] == "inputs":
        write_inputs(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3)
        sys.exit(0)
    sys.exit(check(sys.argv[2], sys.argv[3]))
