"""quantx's CPU benchmark: int8 GEMM and convolution, quantx vs its peers.

Usage: run.py <build-dir> <llvm-dir> [--rounds N] [--quick] [--cases a,b]

For every case (bench/cases.py) it measures, single-threaded:
  quantx        kernels=fast lowering (convert-quantx-to-vector), JIT-compiled
                by mlir-runner --O3, timed inside the module with rtclock;
  quantx-ref    the reference lowering (convert-quantx-to-linalg, then
                upstream MLIR's default lowering of the linalg ops);
  onednn-packed oneDNN's matmul / convolution primitive, weights pre-packed;
  onednn        oneDNN's dnnl_gemm_u8s8s32 (GEMMs only);
  openblas      OpenBLAS sgemm on f32 of the same (implicit GEMM) shape;
  openblas-skx  the same with OPENBLAS_CORETYPE=SkylakeX (Debian's OpenBLAS
                does not recognise some new CPUs and falls back to AVX2);
and the machine's int8 peak (a vpdpbusd loop, bench/peers.cpp). Each
measurement is the median time of repeated calls after a warm-up; rounds
run every implementation of every case in turn, so that machine noise hits
all alike, and the reported time is the median over rounds. Prints a table
and writes one JSON object per measurement to <build>/bench/results.jsonl.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cases  # noqa: E402
import quantx_case  # noqa: E402

IMPLS = ["quantx", "quantx-ref", "onednn-packed", "onednn", "openblas",
         "openblas-skx"]
PEAK_OPS = 2 * 1024 ** 3  # bench/peers.cpp reports the peak as time of 2^31 ops


def sh(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw)


class Bench:
    def __init__(self, build, llvm):
        self.build, self.llvm = build, llvm
        self.dir = os.path.join(build, "bench")
        os.makedirs(self.dir, exist_ok=True)
        libs = [os.path.join(llvm, "lib", f)
                for f in ("libmlir_runner_utils.so", "libmlir_c_runner_utils.so")]
        self.runner = [os.path.join(llvm, "bin", "mlir-runner"), "--O3", "-e",
                       "main", "-entry-point-result=void",
                       "-shared-libs=" + ",".join(libs)]
        self.env = dict(os.environ, OMP_NUM_THREADS="1",
                        OPENBLAS_NUM_THREADS="1")
        self.lowered = {}
        self.first_value = {}

    def lower(self, name, kind, dims, impl):
        """The case's module lowered to the LLVM dialect (cached)."""
        key = (name, impl)
        if key in self.lowered:
            return self.lowered[key]
        ops = cases.ops(kind, dims)
        # About 0.3 s of calls at a rough rate, at least 3 and at most 200.
        rate = 200e9 if impl == "quantx" else 1e9
        reps = max(3, min(200, int(0.3 * rate / ops)))
        src = os.path.join(self.dir, f"{name}.{impl}.mlir")
        with open(src, "w") as f:
            f.write(quantx_case.module(kind, dims, reps))
        opts = "kernels=fast" if impl == "quantx" else "kernels=reference"
        out = src.replace(".mlir", ".llvm.mlir")
        sh([os.path.join(self.build, "bin", "quantx-opt"), src,
            f"--quantx-lower-to-llvm-pipeline={opts}", "-o", out])
        self.lowered[key] = out
        return out

    def run_quantx(self, name, kind, dims, impl):
        out = sh(self.runner + [self.lower(name, kind, dims, impl)],
                 env=self.env).stdout.split()
        times = [float(t) for t in out[0::2]]
        values = set(out[1::2])
        # A cheap agreement check (the lit tests check every bit).
        ref = self.first_value.setdefault(name, values)
        if values != ref:
            sys.exit(f"{name}: {impl} computes {values}, another impl {ref}")
        return statistics.median(times)

    def run_peers(self, kind, dims):
        exe = os.path.join(self.dir, "peers")
        args = [exe, kind] + [str(d) for d in dims] if kind else [exe, "peak"]
        res = {}
        for line in sh(args, env=self.env).stdout.splitlines():
            impl, secs = line.split()
            res[impl] = float(secs)
        if kind:
            env = dict(self.env, PEERS_ONLY="openblas",
                       OPENBLAS_CORETYPE="SkylakeX")
            for line in sh(args, env=env).stdout.splitlines():
                impl, secs = line.split()
                res[impl + "-skx"] = float(secs)
        return res


def main():
    p = argparse.ArgumentParser()
    p.add_argument("build")
    p.add_argument("llvm")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--quick", action="store_true",
                   help="small cases and one round (a smoke run)")
    p.add_argument("--cases", default="",
                   help="comma-separated case names (default: all)")
    a = p.parse_args()
    if a.quick:
        a.rounds = 1
    todo = cases.all_cases(a.quick)
    if a.cases:
        todo = [c for c in todo if c[0] in a.cases.split(",")]
    b = Bench(a.build, a.llvm)

    print(f"lowering {len(todo)} cases ...", file=sys.stderr)
    for name, kind, dims in todo:
        for impl in ("quantx", "quantx-ref"):
            b.lower(name, kind, dims, impl)

    samples = {}  # (case, impl) -> [seconds per round]
    peak = []
    for r in range(a.rounds):
        print(f"round {r + 1}/{a.rounds} ...", file=sys.stderr)
        peak += [b.run_peers("", ()).get("peak-vnni")]
        for i, (name, kind, dims) in enumerate(todo):
            # Rotate the order of the implementations from case to case.
            steps = ["quantx", "quantx-ref", "peers"]
            k = (r + i) % len(steps)
            for step in steps[k:] + steps[:k]:
                if step == "peers":
                    for impl, s in b.run_peers(kind, dims).items():
                        samples.setdefault((name, impl), []).append(s)
                else:
                    s = b.run_quantx(name, kind, dims, step)
                    samples.setdefault((name, step), []).append(s)

    peak = [x for x in peak if x]
    peak_gops = PEAK_OPS / min(peak) / 1e9 if peak else None
    results = os.path.join(b.dir, "results.jsonl")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    table = {}
    with open(results, "w") as f:
        if peak_gops:
            f.write(json.dumps({"case": "peak", "impl": "peak-vnni",
                                "gops": round(peak_gops, 2), "time": stamp})
                    + "\n")
        for name, kind, dims in todo:
            ops = cases.ops(kind, dims)
            for impl in IMPLS:
                if (name, impl) not in samples:
                    continue
                s = statistics.median(samples[(name, impl)])
                gops = ops / s / 1e9
                table[(name, impl)] = gops
                rec = {"case": name, "impl": impl, "ms": round(s * 1e3, 4),
                       "gops": round(gops, 2), "rounds": len(samples[(name, impl)]),
                       "threads": 1, "time": stamp}
                if peak_gops:
                    rec["peak_fraction"] = round(gops / peak_gops, 3)
                f.write(json.dumps(rec) + "\n")

    if peak_gops:
        print(f"int8 peak of one core (vpdpbusd loop): {peak_gops:.0f} GOP/s")
    head = ["case", "GOP"] + IMPLS + ["x onednn-packed", "x quantx-ref",
                                      "x best openblas"]
    rows = []
    for name, kind, dims in todo:
        q = table.get((name, "quantx"))
        row = [name, f"{cases.ops(kind, dims) / 1e9:.3f}"]
        for impl in IMPLS:
            g = table.get((name, impl))
            if g is None:
                row.append("-")
            elif impl == "quantx" and peak_gops:
                row.append(f"{g:.1f} ({100 * g / peak_gops:.0f}%)")
            else:
                row.append(f"{g:.1f}")
        for peer in ("onednn-packed", "quantx-ref", "openblas-best"):
            if peer == "openblas-best":
                g = max([table[(name, i)] for i in ("openblas", "openblas-skx")
                         if (name, i) in table], default=None)
                row.append(f"{q / g:.2f}x" if q and g else "-")
                continue
            g = table.get((name, peer))
            row.append(f"{q / g:.2f}x" if q and g else "-")
        rows.append(row)
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    print("GOP/s, single thread, median of %d rounds (quantx: %% of peak)"
          % a.rounds)
    print(line(head))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))
    print(f"results: {results}", file=sys.stderr)


if __name__ == "__main__":
    main()
