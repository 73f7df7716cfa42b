#!/usr/bin/env python3
"""Compares the numbers printed by a test (mlir-runner's printMemref output)
with an oracle's expected numbers.

usage: compare.py ACTUAL EXPECTED [--rtol R] [--atol A]

ACTUAL: text with one or more `... data =` memref prints (numbers after
`data =` are taken, in order) or plain numbers. EXPECTED: plain numbers
(whitespace, commas or brackets as separators). Without tolerances the
comparison is exact. NaN equals NaN. Exits 1 with the first mismatches.
"""
import math
import re
import sys

NUM = re.compile(r"[-+]?(?:nan|inf|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)",
                 re.IGNORECASE)


def numbers(text, after_data):
    if after_data and "data =" in text:
        parts = text.split("data =")[1:]
        # Each print ends where the next "Unranked Memref" starts.
        text = " ".join(p.split("Unranked Memref")[0] for p in parts)
    return [float(t) for t in NUM.findall(text)]


def main(argv):
    args = [a for a in argv[1:] if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv[1:] if a.startswith("--"))
    rtol = float(opts.get("rtol", 0))
    atol = float(opts.get("atol", 0))
    actual = numbers(open(args[0]).read(), True)
    expected = numbers(open(args[1]).read(), False)
    if len(actual) != len(expected):
        print("count mismatch: %d actual vs %d expected" %
              (len(actual), len(expected)))
        return 1
    bad = []
    for i, (a, e) in enumerate(zip(actual, expected)):
        if math.isnan(a) and math.isnan(e):
            continue
        if a == e:
            continue
        if abs(a - e) <= atol + rtol * abs(e):
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
