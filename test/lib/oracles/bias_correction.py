#!/usr/bin/env python3
"""Oracle for quantx-insert-qdq's bias correction (ACIQ), in numpy.

usage: bias_correction.py emit OUT.mlir
       bias_correction.py check IR.mlir [--expect-corrected|--expect-biased]

`emit` writes a matmul whose 48x6 weights (a fixed seed) have channels with
their own mean and spread, and whose activation carries statistics. `check`
reads the weights that quantx-insert-qdq wrote (the i8 constant and the
per-axis scales and zero points of its quant.scast), dequantizes them as
quantx.dequantize does ((q - zp) * scale in f32), and compares each output
channel with the float weights:

  --expect-corrected: std equal to 1e-6 relative, mean within half a scale
      (the zero point is an integer), as ACIQ's correction
      W~ = xi (W^ - mean(W^)) + mean(W), xi = std(W) / std(W^), promises;
  --expect-biased: at least one channel's std differs by more than 1% or
      its mean by more than a scale: without the correction the 3-bit grid
      does shift them (so the corrected check can fail).
"""
import re
import sys

import numpy as np

K, N = 48, 6


def weights():
    rng = np.random.RandomState(1234)
    w = rng.laplace(size=(K, N))
    # Channel n: mean 0.05 n - 0.1, spread 0.2 + 0.3 n.
    w = w * (0.2 + 0.3 * np.arange(N)) + (0.05 * np.arange(N) - 0.1)
    return w.astype(np.float32)


def emit(path):
    w = weights()
    rows = ", ".join("[" + ", ".join("%.9e" % v for v in row) + "]" for row in w)
    with open(path, "w") as f:
        f.write(
            "func.func @main(%%x: tensor<2x%d xf32> {quantx.stats = "
            "#quantx.tensor_stats<count = 96, min = -1.0, max = 1.0, mean = 0.0, "
            "std = 0.5, mad = 0.4>}) -> tensor<2x%dxf32> {\n" % (K, N))
        f.write("  %%w = arith.constant dense<[%s]> : tensor<%dx%dxf32>\n" % (rows, K, N))
        f.write("  %%z = arith.constant dense<0.0> : tensor<2x%dxf32>\n" % N)
        f.write("  %%y = linalg.matmul ins(%%x, %%w : tensor<2x%dxf32>, tensor<%dx%dxf32>) "
                "outs(%%z : tensor<2x%dxf32>) -> tensor<2x%dxf32>\n" % (K, K, N, N, N))
        f.write("  return %%y : tensor<2x%dxf32>\n}\n" % N)
    # No spaces inside the shape.
    text = open(path).read().replace("2x%d xf32" % K, "2x%dxf32" % K)
    open(path, "w").write(text)


def check(path, mode):
    text = open(path).read()
    ints = re.search(r"arith.constant dense<(\[\[.*?\]\])> : tensor<%dx%dxi8>" % (K, N), text)
    qtype = re.search(r"quant.scast .*? to tensor<%dx%dx!quant.uniform<i8(?:<[^>]*>)?:f32:1, \{([^}]*)\}>>" % (K, N), text)
    if not ints or not qtype:
        print("bias_correction.py: no quantized weights in the IR")
        return 1
    q = np.array(eval(ints.group(1)), dtype=np.int64)
    params = [p.split(":") for p in qtype.group(1).split(",")]
    scale = np.array([float(p[0]) for p in params], dtype=np.float32)
    zp = np.array([int(p[1]) if len(p) > 1 else 0 for p in params], dtype=np.int64)
    deq = ((q - zp).astype(np.float32) * scale).astype(np.float64)
    w = weights().astype(np.float64)
    std_ratio = deq.std(axis=0) / w.std(axis=0)
    mean_diff = np.abs(deq.mean(axis=0) - w.mean(axis=0))
    for n in range(N):
        print("channel %d: scale %.6g zp %d std ratio %.8f mean diff %.3g"
              % (n, scale[n], zp[n], std_ratio[n], mean_diff[n]))
    if mode == "--expect-corrected":
        ok = np.all(np.abs(std_ratio - 1) < 1e-6) and np.all(mean_diff <= scale / 2 + 1e-7)
    else:
        ok = np.any(np.abs(std_ratio - 1) > 0.01) or np.any(mean_diff > scale)
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    if sys.argv[1] == "emit":
        emit(sys.argv[2])
        sys.exit(0)
    sys.exit(check(sys.argv[2], sys.argv[3]))
