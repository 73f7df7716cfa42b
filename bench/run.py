"""quantx's CPU benchmark: quantx's kernels against its peers, in one run.

Usage: run.py <build-dir> <llvm-dir> [--rounds N] [--quick] [--smoke]
              [--cases a,b] [--out DIR] [--warm]

For every case (bench/cases.py) it measures, single-threaded unless a row
says otherwise:
  quantx           quantx-lower-to-llvm-pipeline with kernels=fast (int8
                   GEMM/conv, int4 weight-only) or codebook-x86=1 (codebook),
                   JIT-compiled by mlir-runner --O3, timed inside the module
                   with rtclock;
  quantx-ref       quantx's reference lowering (convert-quantx-to-linalg,
                   then MLIR's loops lowering of the linalg ops);
  mlir-upstream    (GEMMs) upstream MLIR alone on linalg.matmul i8 x i8 ->
                   i32 of the same weights: transform-dialect tiling and
                   vectorization, outer-product contraction lowering, then
                   the upstream passes to LLVM (mlir-opt only; see
                   bench/README.md);
  onednn-packed    oneDNN's matmul / convolution primitive, weights pre-packed;
  onednn           oneDNN's dnnl_gemm_u8s8s32 (GEMMs only);
  gemmlowp         gemmlowp's u8 GEMM with its output pipeline (GEMMs only);
  openblas         OpenBLAS sgemm (sgemv at M = 1 for the f32 GEMVs) on f32
                   of the same (implicit GEMM) shape;
  openblas-skx     the same with OPENBLAS_CORETYPE=SkylakeX (Debian's OpenBLAS
                   does not recognise some new CPUs and falls back to AVX2);
  dequant-openblas rebuild the f32 weight (int4 codes or codebook), then
                   OpenBLAS (the weight-only rows);
and the machine's int8 peak (a vpdpbusd loop, bench/peers.cpp). The
multi-threaded rows run quantx with num-threads=2 against oneDNN with
OMP_NUM_THREADS=2. The f32 weight-only rows flush the caches (rewrite 64
MiB) before each timed call, so that every implementation reads its weights
from memory (--warm: back-to-back calls). Each measurement is the median
time of repeated calls after a warm-up; rounds run every implementation of every case in turn, in a
rotated order, so that machine noise hits all alike, and the reported time is
the median over rounds. Prints tables and writes one JSON object per
measurement to <build>/bench/results.jsonl (--out: another directory for
the modules and results).

--smoke (the lit test test/Bench/smoke.test) lowers and runs quantx's side of
the quick cases once, checks their results, and writes the table and the
JSONL without peers or timing claims.
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

PEAK_OPS = 2 * 1024 ** 3  # bench/peers.cpp reports the peak as time of 2^31 ops
LOWERED = ("quantx", "quantx-ref", "mlir-upstream")
# Rough rates (ops/s) that size the number of timed calls of a module.
RATES = {("quantx", "gemm"): 200e9, ("quantx", "conv"): 200e9,
         ("quantx", "gemv-i4"): 30e9, ("quantx", "codebook"): 100e9,
         ("mlir-upstream", "gemm"): 50e9}
LIBOMP = "/usr/lib/x86_64-linux-gnu/libomp.so.5"
# Upstream MLIR passes after the transform script, to the LLVM dialect.
UPSTREAM_PASSES = [
    "--one-shot-bufferize=bufferize-function-boundaries "
    "function-boundary-type-conversion=identity-layout-map",
    "--buffer-deallocation-pipeline", "--convert-bufferization-to-memref",
    "--convert-vector-to-scf", "--convert-linalg-to-loops",
    "--expand-strided-metadata", "--lower-affine", "--convert-scf-to-cf",
    "--convert-vector-to-llvm", "--finalize-memref-to-llvm",
    "--convert-index-to-llvm", "--convert-arith-to-llvm",
    "--convert-func-to-llvm", "--convert-cf-to-llvm", "--convert-ub-to-llvm",
    "--reconcile-unrealized-casts"]


def upstream_transform(dims):
    """Upstream's usual CPU recipe for linalg.matmul: tile (M, N, K) by
    (4, 64, 8) (M by 1 for a GEMV) so that every tile is static, vectorize
    the tiles (vector.contract), and lower the contractions to outer products
    (a chain of vector multiply-adds per row of the tile). The tile sizes are
    the best of a small sweep on 512^3 and 1x4096x4096 (bench/README.md)."""
    m = dims[0]
    sizes = [min(4, m), 64, 8]
    op = "!transform.any_op"
    return f"""\
module attributes {{transform.with_named_sequence}} {{
  transform.named_sequence @__transform_main(%root: {op} {{transform.readonly}}) {{
    %mm = transform.structured.match ops{{["linalg.matmul"]}} in %root : ({op}) -> {op}
    %t, %l:3 = transform.structured.tile_using_for %mm tile_sizes {sizes} : ({op}) -> ({op}, {op}, {op}, {op})
    %f = transform.structured.match ops{{["func.func"]}} in %root : ({op}) -> {op}
    %v = transform.structured.vectorize_children_and_apply_patterns %f : ({op}) -> {op}
    transform.apply_patterns to %v {{
      transform.apply_patterns.vector.lower_contraction lowering_strategy = "outerproduct"
      transform.apply_patterns.vector.transfer_permutation_patterns
      transform.apply_patterns.vector.lower_transfer max_transfer_rank = 1
      transform.apply_patterns.vector.lower_outerproduct
      transform.apply_patterns.canonicalization
    }} : {op}
    transform.yield
  }}
}}
"""


def sh(cmd, **kw):
    try:
        return subprocess.run(cmd, check=True, capture_output=True, text=True,
                              **kw)
    except subprocess.CalledProcessError as e:
        sys.exit(f"failed: {' '.join(cmd)[:300]}\n{e.stderr[-3000:]}")


def has_cpu_flag(flag):
    try:
        with open("/proc/cpuinfo") as f:
            return flag in f.read().split()
    except OSError:
        return False


class Bench:
    def __init__(self, build, llvm, smoke=False, out=None, warm=False):
        self.build, self.llvm, self.smoke, self.warm = build, llvm, smoke, warm
        self.dir = out or os.path.join(build, "bench")
        self.peers = os.path.join(build, "bench", "peers")
        os.makedirs(self.dir, exist_ok=True)
        self.libs = [os.path.join(llvm, "lib", f)
                     for f in ("libmlir_runner_utils.so",
                               "libmlir_c_runner_utils.so")]
        self.env = dict(os.environ, OMP_NUM_THREADS="1",
                        OPENBLAS_NUM_THREADS="1")
        self.lowered = {}
        self.oracle = {}
        self.first_value = {}

    def cold(self, kind):
        """The f32 weight-only kinds run with cold caches (unless --warm):
        their weights (8 MiB of int4 codes, 2 MiB of codebook codes) would
        otherwise stay in L2/L3 between calls while the peers' 64 MiB of f32
        weights cannot."""
        return kind in ("gemv-i4", "codebook") and not self.warm

    def runner(self, threads):
        libs = self.libs + ([LIBOMP] if threads > 1 else [])
        return [os.path.join(self.llvm, "bin", "mlir-runner"), "--O3", "-e",
                "main", "-entry-point-result=void",
                "-shared-libs=" + ",".join(libs)]

    def lower(self, case, impl):
        """The case's module for `impl` lowered to the LLVM dialect (cached)."""
        name, kind, dims, threads = case
        key = (cases.label(name, threads), impl)
        if key in self.lowered:
            return self.lowered[key]
        ops = cases.ops(kind, dims)
        # About 0.3 s of calls at a rough rate, at least 3 and at most 200.
        rate = RATES.get((impl, kind), 1e9) * threads
        cold = self.cold(kind)
        # Cold runs rewrite 64 MiB before each call: fewer calls.
        most = 60 if cold else 200
        reps = 1 if self.smoke else max(3, min(most, int(0.3 * rate / ops)))
        tag = name if threads == 1 else f"{name}.t{threads}"
        src = os.path.join(self.dir, f"{tag}.{impl}.mlir")
        text, oracle = quantx_case.module(kind, dims, reps,
                                          upstream=impl == "mlir-upstream",
                                          cold=cold)
        self.oracle[name] = oracle
        with open(src, "w") as f:
            f.write(text)
        out = src.replace(".mlir", ".llvm.mlir")
        if impl == "mlir-upstream":
            script = src.replace(".mlir", ".transform.mlir")
            with open(script, "w") as f:
                f.write(upstream_transform(dims))
            opt = os.path.join(self.llvm, "bin", "mlir-opt")
            mid = src.replace(".mlir", ".vector.mlir")
            sh([opt, src, "--transform-preload-library=transform-library-paths="
                + script, "--transform-interpreter", "--canonicalize", "-o",
                mid])
            sh([opt, mid] + UPSTREAM_PASSES + ["-o", out])
        else:
            if impl == "quantx-ref":
                opts = "kernels=reference"
            elif kind == "codebook":
                opts = "codebook-x86=1"
            else:
                opts = "kernels=fast"
            if threads > 1:
                opts += f" num-threads={threads}"
            sh([os.path.join(self.build, "bin", "quantx-opt"), src,
                f"--quantx-lower-to-llvm-pipeline={opts}", "-o", out])
        self.lowered[key] = out
        return out

    def run_lowered(self, case, impl):
        name, kind, dims, threads = case
        env = dict(self.env, OMP_NUM_THREADS=str(threads))
        out = sh(self.runner(threads) + [self.lower(case, impl)],
                 env=env).stdout.split()
        times = [float(t) for t in out[0::2]]
        values = out[1::2]
        oracle = self.oracle.get(name)
        if oracle:
            # Float kinds: the first element against the float64 oracle.
            want, tol = oracle
            for v in values:
                if abs(float(v) - want) > tol:
                    sys.exit(f"{name}: {impl} computes {v}, expected {want} "
                             f"+- {tol:.3g}")
        elif impl != "mlir-upstream":
            # int8 kinds: quantx and quantx-ref print the same first element
            # (a cheap check; the lit tests check every bit). mlir-upstream
            # computes the i32 product without zero points or requantize.
            ref = self.first_value.setdefault(name, set(values))
            if set(values) != ref:
                sys.exit(f"{name}: {impl} computes {set(values)}, another "
                         f"impl {ref}")
        return statistics.median(times)

    def run_peers(self, kind, dims, threads=1):
        exe = self.peers
        args = [exe, kind] + [str(d) for d in dims] if kind and \
            kind != "bw" else [exe, kind or "peak"]
        res = {}
        if threads > 1:
            env = dict(self.env, PEERS_ONLY="onednn",
                       OMP_NUM_THREADS=str(threads))
            for line in sh(args, env=env).stdout.splitlines():
                impl, secs = line.split()
                res[impl] = float(secs)
            return res
        env = dict(self.env, PEERS_COLD="1" if self.cold(kind) else "0")
        for line in sh(args, env=env).stdout.splitlines():
            impl, secs = line.split()
            res[impl] = float(secs)
        if kind and kind != "bw":
            env = dict(env, PEERS_ONLY="openblas",
                       OPENBLAS_CORETYPE="SkylakeX")
            for line in sh(args, env=env).stdout.splitlines():
                impl, secs = line.split()
                res[impl + "-skx"] = float(secs)
        return res


def fmt_table(head, rows):
    widths = [max(len(r[i]) for r in [head] + rows) for i in range(len(head))]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |"
    return "\n".join([line(head), "|" + "|".join("-" * (w + 2) for w in widths)
                      + "|"] + [line(r) for r in rows])


def ratio(a, b):
    return f"{a / b:.2f}x" if a and b else "-"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("build")
    p.add_argument("llvm")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--quick", action="store_true",
                   help="small cases and one round (a short run)")
    p.add_argument("--smoke", action="store_true",
                   help="--quick, quantx's side only, one timed call each: "
                        "checks that every case lowers, runs and agrees")
    p.add_argument("--cases", default="",
                   help="comma-separated case names (default: all)")
    p.add_argument("--warm", action="store_true",
                   help="time the f32 weight-only rows with warm caches "
                        "(back-to-back calls) instead of flushing them")
    p.add_argument("--out", default=None,
                   help="directory of the modules and results.jsonl "
                        "(default: <build>/bench)")
    a = p.parse_args()
    if a.quick or a.smoke:
        a.rounds = 1
    todo = cases.all_cases(a.quick or a.smoke)
    if a.cases:
        todo = [c for c in todo if c[0] in a.cases.split(",")]
    if not has_cpu_flag("avx512vbmi"):
        print("no AVX-512 VBMI: the codebook rows are skipped",
              file=sys.stderr)
        todo = [c for c in todo if c[1] != "codebook"]
    if not os.path.exists(LIBOMP):
        print(f"no {LIBOMP}: the multi-threaded rows are skipped",
              file=sys.stderr)
        todo = [c for c in todo if c[3] == 1]
    b = Bench(a.build, a.llvm, a.smoke, a.out, a.warm)

    def impls_of(case):
        names = cases.impls(case[1], case[3])
        if not a.smoke:
            return names
        # The smoke run: what quantx compiles; the f32 kinds' reference
        # lowering only where nothing else checks quantx (their oracle does).
        return [i for i in names if i in LOWERED and not (
            i == "quantx-ref" and case[1] in ("gemv-i4", "codebook"))]

    print(f"lowering {len(todo)} cases ...", file=sys.stderr)
    for case in todo:
        for impl in impls_of(case):
            if impl in LOWERED:
                b.lower(case, impl)

    samples = {}  # (label, impl) -> [seconds per round]
    peak, bw = [], []
    for r in range(a.rounds):
        print(f"round {r + 1}/{a.rounds} ...", file=sys.stderr)
        if not a.smoke:
            peak += [b.run_peers("", ()).get("peak-vnni")]
            bw += [b.run_peers("bw", ()).get("peak-bw")]
        for i, case in enumerate(todo):
            name, kind, dims, threads = case
            key = cases.label(name, threads)
            # Rotate the order of the implementations from case to case.
            steps = [s for s in LOWERED if s in impls_of(case)]
            if not a.smoke:
                steps.append("peers")
            k = (r + i) % len(steps)
            for step in steps[k:] + steps[:k]:
                if step == "peers":
                    for impl, s in b.run_peers(kind, dims, threads).items():
                        samples.setdefault((key, impl), []).append(s)
                else:
                    s = b.run_lowered(case, step)
                    samples.setdefault((key, step), []).append(s)

    peak = [x for x in peak if x]
    peak_gops = PEAK_OPS / min(peak) / 1e9 if peak else None
    bw = [x for x in bw if x]
    # bench/peers.cpp reports the bandwidth as the time to read 2^30 bytes.
    # Other jobs on a shared machine take bandwidth too, so the roof is the
    # best of that streaming read and the rate at which OpenBLAS read its
    # 64 MiB of f32 weights in the weight-only rows (an achieved bandwidth).
    peak_gbs = 2 ** 30 / min(bw) / 1e9 if bw else None
    if peak_gbs:
        for name, kind, dims, threads in todo:
            for impl in ("openblas", "openblas-skx"):
                got = samples.get((cases.label(name, threads), impl))
                wbytes = cases.weight_bytes(kind, dims, impl)
                if got and wbytes:
                    peak_gbs = max(peak_gbs,
                                   wbytes / statistics.median(got) / 1e9)
    results = os.path.join(b.dir, "results.jsonl")
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sec = {}  # (label, impl) -> median seconds
    with open(results, "w") as f:
        if peak_gops:
            f.write(json.dumps({"case": "peak", "impl": "peak-vnni",
                                "gops": round(peak_gops, 2), "time": stamp})
                    + "\n")
        if peak_gbs:
            f.write(json.dumps({"case": "peak", "impl": "peak-bw",
                                "gbs": round(peak_gbs, 2), "time": stamp})
                    + "\n")
        for name, kind, dims, threads in todo:
            ops = cases.ops(kind, dims)
            key = cases.label(name, threads)
            for impl in cases.impls(kind, threads):
                if (key, impl) not in samples:
                    continue
                s = statistics.median(samples[(key, impl)])
                sec[(key, impl)] = s
                gops = ops / s / 1e9
                rec = {"case": name, "impl": impl, "ms": round(s * 1e3, 4),
                       "gops": round(gops, 2),
                       "rounds": len(samples[(key, impl)]),
                       "threads": threads, "time": stamp}
                # The int8 peak is the roof of the int8 kinds only.
                if peak_gops and kind in ("gemm", "conv"):
                    rec["peak_fraction"] = round(gops / peak_gops, 3)
                # The weight-only kinds: the rate of reading the weights
                # each implementation reads, against the bandwidth.
                wbytes = cases.weight_bytes(kind, dims, impl)
                if wbytes:
                    rec["weight_bytes"] = wbytes
                    rec["gbs"] = round(wbytes / s / 1e9, 2)
                    if peak_gbs:
                        rec["bw_fraction"] = round(wbytes / s / 1e9 /
                                                   peak_gbs, 3)
                f.write(json.dumps(rec) + "\n")

    def gops(case, impl):
        name, kind, dims, threads = case
        s = sec.get((cases.label(name, threads), impl))
        return cases.ops(kind, dims) / s / 1e9 if s else None

    def best(case, impls):
        return max([g for g in (gops(case, i) for i in impls) if g],
                   default=None)

    if peak_gops:
        print(f"int8 peak of one core (vpdpbusd loop): {peak_gops:.0f} GOP/s")
    if peak_gbs:
        print(f"memory read bandwidth of one core (the best of a streaming "
              f"read of 256 MiB and OpenBLAS's weight reads): "
              f"{peak_gbs:.1f} GB/s")
    mode = "one call (smoke run: no timing claim)" if a.smoke else \
        f"median of {a.rounds} rounds"

    # int8 GEMMs and convolutions, one thread.
    int8 = [c for c in todo if c[1] in ("gemm", "conv") and c[3] == 1]
    if int8:
        impls = cases.IMPLS["gemm"]
        head = ["case", "GOP"] + impls + ["x onednn-packed", "x mlir-upstream",
                                          "x gemmlowp", "x best openblas"]
        rows = []
        for c in int8:
            q = gops(c, "quantx")
            row = [c[0], f"{cases.ops(c[1], c[2]) / 1e9:.3f}"]
            for impl in impls:
                g = gops(c, impl)
                if g is None:
                    row.append("-")
                elif impl == "quantx" and peak_gops:
                    row.append(f"{g:.1f} ({100 * g / peak_gops:.0f}%)")
                else:
                    row.append(f"{g:.1f}")
            row += [ratio(q, gops(c, "onednn-packed")),
                    ratio(q, gops(c, "mlir-upstream")),
                    ratio(q, gops(c, "gemmlowp")),
                    ratio(q, best(c, ("openblas", "openblas-skx")))]
            rows.append(row)
        print(f"\nint8: GOP/s, single thread, {mode} (quantx: % of the int8 "
              "peak)")
        print(fmt_table(head, rows))

    # f32 activations with int4 or codebook weights, one thread.
    wo = [c for c in todo if c[1] in ("gemv-i4", "codebook")]
    if wo:
        impls = cases.IMPLS["gemv-i4"]
        head = ["case"] + impls + ["quantx GB/s", "x openblas",
                                   "x best openblas", "x dequant-openblas"]
        rows = []
        for c in wo:
            key = cases.label(c[0], c[3])
            row = [c[0]]
            for impl in impls:
                s = sec.get((key, impl))
                row.append(f"{s * 1e3:.3f}" if s else "-")
            q = gops(c, "quantx")
            s = sec.get((key, "quantx"))
            gbs = cases.weight_bytes(c[1], c[2], "quantx") / s / 1e9 \
                if s else None
            row.append("-" if not gbs else f"{gbs:.1f} ({100 * gbs / peak_gbs:.0f}%)"
                       if peak_gbs else f"{gbs:.1f}")
            row += [ratio(q, gops(c, "openblas")),
                    ratio(q, best(c, ("openblas", "openblas-skx"))),
                    ratio(q, gops(c, "dequant-openblas"))]
            rows.append(row)
        caches = "warm caches" if a.warm else \
            "caches flushed before each call"
        print(f"\nweight-only (f32 activations): ms per call, single thread, "
              f"{mode}, {caches}; openblas: sgemv at M = 1, sgemm otherwise")
        print(fmt_table(head, rows))

    # Multi-threaded rows.
    mt = [c for c in todo if c[3] > 1]
    if mt:
        impls = cases.THREADED_IMPLS
        head = ["case"] + impls + ["x onednn-packed", "x quantx 1 thread"]
        rows = []
        for c in mt:
            q = gops(c, "quantx")
            row = [cases.label(c[0], c[3])]
            row += [f"{g:.1f}" if g else "-" for g in
                    (gops(c, i) for i in impls)]
            row += [ratio(q, gops(c, "onednn-packed")),
                    ratio(q, gops((c[0], c[1], c[2], 1), "quantx"))]
            rows.append(row)
        print(f"\nint8, 2 threads: GOP/s, {mode}")
        print(fmt_table(head, rows))
    print(f"results: {results}", file=sys.stderr)


if __name__ == "__main__":
    main()
