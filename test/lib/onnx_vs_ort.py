#!/usr/bin/env python3
"""Runs ONNX models through quantx (import, lower, JIT) and ONNX Runtime and
compares every output.

usage: onnx_vs_ort.py --quantx-run BIN --ort-run CMD --tmp DIR
                      [--rtol R] MODEL...

MODEL is a name from onnx_models.py (written into DIR with its inputs) or
`path.onnx::shapes::input0.npy[::input1.npy...]` for a model file (`shapes` in
--onnx-input-shapes syntax, may be empty). CMD is the ort_run.js command
line (lit's %ort_run). An output passes when

    max |quantx - ort| <= R * max |ort|     (default R = 1e-4)

i.e. the error relative to the output's magnitude. Prints one line per
output and exits 1 on the first failing model.
"""
import argparse
import os
import shlex
import subprocess
import sys

import numpy as np
import onnx

HERE = os.path.dirname(os.path.abspath(__file__))


def run(cmd):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        sys.stdout.write("command failed: %s\n%s" % (" ".join(cmd), r.stdout))
        sys.exit(1)
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quantx-run", required=True)
    ap.add_argument("--ort-run", required=True)
    ap.add_argument("--tmp", required=True)
    ap.add_argument("--rtol", type=float, default=1e-4)
    ap.add_argument("models", nargs="+")
    args = ap.parse_args()
    os.makedirs(args.tmp, exist_ok=True)
    names = [m for m in args.models if "::" not in m]
    if names:
        run([sys.executable, os.path.join(HERE, "onnx_models.py"), "--inputs",
             args.tmp] + names)
    for spec in args.models:
        if "::" in spec:
            path, shapes, *inputs = spec.split("::")
            name = os.path.splitext(os.path.basename(path))[0]
        else:
            name, shapes = spec, ""
            path = os.path.join(args.tmp, name + ".onnx")
            in_dir = os.path.join(args.tmp, name + "-inputs")
            inputs = sorted(os.path.join(in_dir, f) for f in os.listdir(in_dir))
        n_out = len(onnx.load(path).graph.output)
        q_out = [os.path.join(args.tmp, "%s.quantx%d.npy" % (name, k))
                 for k in range(n_out)]
        o_out = [os.path.join(args.tmp, "%s.ort%d.npy" % (name, k))
                 for k in range(n_out)]
        cmd = [args.quantx_run, path]
        if shapes:
            cmd.append("--onnx-input-shapes=" + shapes)
        for i in inputs:
            cmd += ["--input", i]
        for o in q_out:
            cmd += ["--output", o]
        run(cmd)
        cmd = shlex.split(args.ort_run) + [path]
        for i in inputs:
            cmd += ["--input", i]
        for o in o_out:
            cmd += ["--output", o]
        run(cmd)
        for k, (qf, of) in enumerate(zip(q_out, o_out)):
            q, o = np.load(qf), np.load(of)
            if q.shape != o.shape:
                print("%s output %d: FAIL shape %s, onnxruntime %s"
                      % (name, k, q.shape, o.shape))
                sys.exit(1)
            scale = float(np.max(np.abs(o))) if o.size else 0.0
            err = float(np.max(np.abs(q.astype(np.float64) - o))) if o.size else 0.0
            ok = err <= args.rtol * scale or err == 0.0
            print("%s output %d: %s shape %s max|err| %.3g, max|ref| %.3g, "
                  "relative %.3g" % (name, k, "ok" if ok else "FAIL",
                                     list(o.shape), err, scale,
                                     err / scale if scale else 0.0))
            if not ok:
                sys.exit(1)


if __name__ == "__main__":
    main()
