#!/usr/bin/env python3
"""Compares the numbers printed by a test (mlir-runner's printMemref output)
with an oracle's expected numbers.

usage: compare.py ACTUAL EXPECTED [--rtol=R] [--atol=A] [--tol=FILE]
                  [--bits=f16|f32|f64] [--select=I,J,...]

ACTUAL: text with one or more `... data =` memref prints (numbers after
`data =` are taken, in order) or plain numbers. EXPECTED: plain numbers
(whitespace, commas or brackets as separators). Without tolerances the
comparison is exact. NaN equals NaN. Exits 1 with the first mismatches.

--tol=FILE adds a per-element absolute tolerance (plain numbers, one per
element), for bounds that depend on each element's terms. --bits says that
both files hold IEEE bit patterns as integers (what a test prints after an
arith.bitcast, since the memref printers round floats to 6 digits); they are
decoded before the comparison. --select=I,J,... compares only the I-th,
J-th, ... memref prints of ACTUAL (0-based), in that order.
"""
import math
import re
import struct
import sys

BITS = {"f16": ("<H", "<e", 0xFFFF), "f32": ("<I", "<f", 0xFFFFFFFF),
        "f64": ("<Q", "<d", 0xFFFFFFFFFFFFFFFF)}


def decode(values, kind):
    int_fmt, float_fmt, mask = BITS[kind]
    return [struct.unpack(float_fmt, struct.pack(int_fmt, int(v) & mask))[0]
            for v in values]


NUM = re.compile(r"[-+]?(?:nan|inf|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)",
                 re.IGNORECASE)


def numbers(text, after_data, select=None):
    if after_data and "data =" in text:
        parts = text.split("data =")[1:]
        if select is not None:
            parts = [parts[i] for i in select]
        # Each print ends where the next "Unranked Memref" starts.
        text = " ".join(p.split("Unranked Memref")[0] for p in parts)
    # Integers stay exact (bit patterns and i64 values exceed 2^53).
    return [int(t) if re.fullmatch(r"[-+]?\d+", t) else float(t)
            for t in NUM.findall(text)]


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv[1:] if a.startswith("--"))
    rtol = float(opts.get("rtol", 0))
    atol = float(opts.get("atol", 0))
    select = None
    if "select" in opts:
        select = [int(i) for i in opts["select"].split(",")]
    actual = numbers(open(args[0]).read(), True, select)
    expected = numbers(open(args[1]).read(), False)
    if "bits" in opts:
        actual = decode(actual, opts["bits"])
        expected = decode(expected, opts["bits"])
    tols = [0.0] * len(expected)
    if "tol" in opts:
        tols = [float(t) for t in numbers(open(opts["tol"]).read(), False)]
        if len(tols) != len(expected):
            print("count mismatch: %d tolerances vs %d expected" %
                  (len(tols), len(expected)))
            return 1
    if len(actual) != len(expected):
        print("count mismatch: %d actual vs %d expected" %
              (len(actual), len(expected)))
        return 1
    bad = []
    for i, (a, e, t) in enumerate(zip(actual, expected, tols)):
        if isinstance(a, float) and isinstance(e, float) and \
                math.isnan(a) and math.isnan(e):
            continue
        if a == e:
            continue
        if math.isinf(a) or math.isinf(e):
            bad.append((i, a, e))
            continue
        if abs(a - e) <= atol + t + rtol * abs(e):
            continue
        bad.append((i, a, e))
    if bad:
        for i, a, e in bad[:20]:
            print("element %d: got %r, expected %r" % (i, a, e))
        print("%d of %d elements differ" % (len(bad), len(expected)))
        return 1
    print("all %d elements match" % len(expected))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
