#!/usr/bin/env python3
"""Feeds truncated and corrupted copies of an ONNX file to the importer and
fails when any of them crashes it (a signal, or an exit without a message).

usage: onnx_fuzz.py TRANSLATE MODEL.onnx WORKDIR
"""
import os
import random
import subprocess
import sys


def main():
    tool, model, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    data = open(model, "rb").read()
    # Truncations at 8 points spread over the file, and 16 copies with a few
    # random bytes replaced (each case is a process start: keep it short).
    cases = [data[:len(data) * k // 8] for k in range(8)]
    rnd = random.Random(1)
    for _ in range(16):
        b = bytearray(data)
        for _ in range(rnd.randint(1, 4)):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        cases.append(bytes(b))
    path = os.path.join(work, "case.onnx")
    for k, case in enumerate(cases):
        with open(path, "wb") as f:
            f.write(case)
        r = subprocess.run([tool, "--import-onnx", path, "-o", os.devnull],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           text=True, errors="replace")
        if r.returncode not in (0, 1) or (r.returncode == 1 and
                                           "error:" not in r.stderr):
            keep = os.path.join(work, "crash%d.onnx" % k)
            os.rename(path, keep)
            print("case %d (%s): exit %d\n%s" % (k, keep, r.returncode,
                                                 r.stderr[-2000:]))
            return 1
    print("%d cases, no crash" % len(cases))
    return 0


if __name__ == "__main__":
    sys.exit(main())
