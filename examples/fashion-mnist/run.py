#!/usr/bin/env python3
"""Fashion-MNIST: a small CNN with batch norm trained with PyTorch, exported
to ONNX, quantized by PyTorch's own post-training quantization (the peer)
and compiled by quantx (`make fashion-mnist`).

1. Reads Debian's dataset-fashion-mnist (/usr/share/datasets/fashion-mnist)
   and trains the CNN below with python3-torch on the CPU (2 epochs, a few
   minutes on 2 cores; cached in BUILD/fashion-mnist/model.pt).
2. Exports it to ONNX (opset 13, dynamic batch).
3. PyTorch PTQ, eager mode, engine `onednn`: fuse conv+bn+relu, per-channel
   weight observers (get_default_qconfig('onednn')), calibrate on 1024
   training images, convert, evaluate.
4. quantx: imports the ONNX file with quantx-run (--onnx-input-shapes fixes
   the batch), compiles it and runs the test set; the quantized columns run
   when their passes are in quantx-opt (QUANTX_VARIANTS below) and print
   "pending" otherwise.
5. Prints the accuracy table on the 10,000 test images.
"""
import argparse
import gzip
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
DATA = "/usr/share/datasets/fashion-mnist"
MEAN, STD = 0.2860, 0.3530  # of the training images

# quantx rows: pass pipeline before lowering and the passes it needs. They
# switch on when the passes land (issue 3: PTQ, issue 7: codebooks).
# {stats}: the activation statistics of the 1024 calibration images PyTorch
# calibrates on, collected once (calibration inputs must have the model's
# batch size, and the test set runs in other batches).
QUANTX_VARIANTS = [
    ("quantx float", "", []),
    ("quantx W8A8", "quantx-fold-batchnorm,quantx-calibrate{stats-file={stats}},"
     "quantx-insert-qdq{weight-bits=8 activation-bits=8},quantx-fuse-qdq",
     ["quantx-fold-batchnorm", "quantx-calibrate", "quantx-insert-qdq",
      "quantx-fuse-qdq"]),
    ("quantx W4A4 (min/max)", "quantx-fold-batchnorm,"
     "quantx-calibrate{stats-file={stats}},"
     "quantx-insert-qdq{weight-bits=4 activation-bits=4}",
     ["quantx-fold-batchnorm", "quantx-calibrate", "quantx-insert-qdq"]),
    ("quantx W4A4 (ACIQ + bias correction)", "quantx-fold-batchnorm,"
     "quantx-calibrate{stats-file={stats}},quantx-insert-qdq{weight-bits=4 "
     "activation-bits=4 weight-clip=aciq-laplace activation-clip=aciq-laplace "
     "bias-correction=true}",
     ["quantx-fold-batchnorm", "quantx-calibrate", "quantx-insert-qdq"]),
    # kill-the-bits' defaults (d = 9 for 3x3 convs, 8 otherwise, 256
    # centroids, first conv skipped). The weights are rebuilt by
    # quantx.codebook_dequantize rather than fused into codebook matmuls: at
    # 2000 images a batch the convolutions' M (images x pixels) is far past
    # the table route's sweet spot (M x C table entries per block), and the
    # row measures accuracy and size, not speed. {report}: the compression
    # report, whose totals go into the row's name.
    ("quantx codebook (weights)", "quantx-fold-batchnorm,"
     "quantx-codebook-quantize{report-file={report}}",
     ["quantx-fold-batchnorm", "quantx-codebook-quantize"]),
]


def codebook_summary(report):
    """': N.NNx smaller, B.BB bits/weight' from the totals line of a
    quantx-codebook-quantize report (over the quantized layers)."""
    with open(report) as f:
        for line in f:
            cols = line.split()
            if cols and cols[0] == "total":
                # total weights bytes_before bytes_after bits/weight ratio ...
                return ", layers %.1fx smaller, %.2f bits/weight" % (float(cols[5]),
                                                             float(cols[4]))
    fail("no totals in the codebook report " + report)


def fail(msg):
    print("fashion-mnist: " + msg, file=sys.stderr)
    sys.exit(1)


def read_idx(name):
    with gzip.open(os.path.join(DATA, name), "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[:4], "big")
    dims = [int.from_bytes(data[4 + 4 * k:8 + 4 * k], "big")
            for k in range(magic & 0xFF)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


def load():
    def images(name):
        x = read_idx(name).astype(np.float32) / 255.0
        return ((x - MEAN) / STD)[:, None, :, :]
    return (images("train-images-idx3-ubyte.gz"),
            read_idx("train-labels-idx1-ubyte.gz").astype(np.int64),
            images("t10k-images-idx3-ubyte.gz"),
            read_idx("t10k-labels-idx1-ubyte.gz").astype(np.int64))


def make_model(torch):
    nn = torch.nn

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.quant = torch.quantization.QuantStub()
            self.conv1 = nn.Conv2d(1, 16, 3, padding=1, bias=False)
            self.bn1 = nn.BatchNorm2d(16)
            self.relu1 = nn.ReLU()
            self.pool1 = nn.MaxPool2d(2)
            self.conv2 = nn.Conv2d(16, 32, 3, padding=1, bias=False)
            self.bn2 = nn.BatchNorm2d(32)
            self.relu2 = nn.ReLU()
            self.pool2 = nn.MaxPool2d(2)
            self.conv3 = nn.Conv2d(32, 64, 3, padding=1, bias=False)
            self.bn3 = nn.BatchNorm2d(64)
            self.relu3 = nn.ReLU()
            self.gap = nn.AdaptiveAvgPool2d(1)
            self.flatten = nn.Flatten()
            self.fc = nn.Linear(64, 10)
            self.dequant = torch.quantization.DeQuantStub()

        def forward(self, x):
            x = self.quant(x)
            x = self.pool1(self.relu1(self.bn1(self.conv1(x))))
            x = self.pool2(self.relu2(self.bn2(self.conv2(x))))
            x = self.relu3(self.bn3(self.conv3(x)))
            x = self.fc(self.flatten(self.gap(x)))
            return self.dequant(x)

    return Net()


def accuracy(logits, labels):
    return float((np.asarray(logits).argmax(axis=1) == labels).mean())


def evaluate_torch(torch, model, x, y):
    model.eval()
    outs = []
    with torch.no_grad():
        for k in range(0, len(x), 1000):
            outs.append(model(torch.from_numpy(x[k:k + 1000])).numpy())
    return accuracy(np.concatenate(outs), y)


def run(cmd, what):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True)
    if r.returncode != 0:
        fail("%s failed:\n  %s\n%s" % (what, " ".join(cmd), r.stdout[-3000:]))
    return r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--npm", default=os.path.join(ROOT, "third_party", "npm"))
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--retrain", action="store_true")
    ap.add_argument("--batch", type=int, default=2000,
                    help="images per quantx-run invocation")
    ap.add_argument("--only", default="",
                    help="comma-separated words: run only the quantx rows "
                         "whose name contains one (e.g. 'float,W4A4')")
    args = ap.parse_args()
    import torch
    torch.manual_seed(0)
    torch.set_num_threads(2)
    t0 = time.time()
    work = os.path.join(args.build, "fashion-mnist")
    os.makedirs(work, exist_ok=True)
    xtr, ytr, xte, yte = load()

    # 1. Train (or reuse the cached model).
    model = make_model(torch)
    cached = os.path.join(work, "model.pt")
    if os.path.exists(cached) and not args.retrain:
        model.load_state_dict(torch.load(cached))
        print("fashion-mnist: using the trained model in " + cached)
    else:
        opt = torch.optim.Adam(model.parameters(), lr=2e-3)
        loss_fn = torch.nn.CrossEntropyLoss()
        for epoch in range(args.epochs):
            model.train()
            perm = np.random.default_rng(epoch).permutation(len(xtr))
            for k in range(0, len(xtr), 128):
                idx = perm[k:k + 128]
                opt.zero_grad()
                loss = loss_fn(model(torch.from_numpy(xtr[idx])),
                               torch.from_numpy(ytr[idx]))
                loss.backward()
                opt.step()
            print("fashion-mnist: epoch %d, loss %.3f, %.0f s"
                  % (epoch + 1, loss.item(), time.time() - t0))
        torch.save(model.state_dict(), cached)
    model.eval()
    rows = [("PyTorch float", evaluate_torch(torch, model, xte, yte))]

    # 2. ONNX export (the float model, before any quantization).
    onnx_path = os.path.join(work, "cnn.onnx")
    torch.onnx.export(model, torch.from_numpy(xte[:1]), onnx_path,
                      input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}},
                      opset_version=13)

    # 3. PyTorch PTQ with the onednn engine.
    import copy
    torch.backends.quantized.engine = "onednn"
    qmodel = copy.deepcopy(model)
    qmodel.eval()
    torch.quantization.fuse_modules(
        qmodel, [["conv1", "bn1", "relu1"], ["conv2", "bn2", "relu2"],
                 ["conv3", "bn3", "relu3"]], inplace=True)
    qmodel.qconfig = torch.quantization.get_default_qconfig("onednn")
    torch.quantization.prepare(qmodel, inplace=True)
    calib = xtr[np.random.default_rng(1).permutation(len(xtr))[:1024]]
    with torch.no_grad():
        for k in range(0, len(calib), 256):
            qmodel(torch.from_numpy(calib[k:k + 256]))
    torch.quantization.convert(qmodel, inplace=True)
    rows.append(("PyTorch int8 PTQ (onednn, per-channel weights)",
                 evaluate_torch(torch, qmodel, xte, yte)))
    calib_file = os.path.join(work, "calibration.npy")
    np.save(calib_file, calib)

    # 4. ONNX Runtime and quantx on the exported model.
    ort_js = os.path.join(ROOT, "test", "lib", "oracles", "ort_run.js")
    node = shutil.which("node")
    have_ort = node and os.path.exists(os.path.join(
        args.npm, "node_modules", "onnxruntime-node", "package.json"))
    quantx_run = os.path.join(args.build, "bin", "quantx-run")
    help_text = run([os.path.join(args.build, "bin", "quantx-opt"), "--help"],
                    "quantx-opt --help")
    have = set(re.findall(r"--([a-z0-9-]+)", help_text))
    chunks = []
    for k in range(0, len(xte), args.batch):
        f = os.path.join(work, "test%d.npy" % k)
        np.save(f, xte[k:k + args.batch])
        chunks.append((f, len(xte[k:k + args.batch])))
    if have_ort:
        outs = []
        for f, n in chunks:
            out = f.replace(".npy", ".ort.npy")
            run([node, ort_js, "--npm", args.npm, onnx_path, "--input", f,
                 "--output", out], "ONNX Runtime")
            outs.append(np.load(out))
        ort_logits = np.concatenate(outs)
        rows.append(("ONNX Runtime float (the exported model)",
                     accuracy(ort_logits, yte)))
    else:
        ort_logits = None
        rows.append(("ONNX Runtime float (the exported model)",
                     "skipped: make npm"))
    stats_file = os.path.join(work, "calibration-stats.json")
    report_file = os.path.join(work, "codebook-report.txt")
    if {"quantx-fold-batchnorm", "quantx-calibrate"} <= have:
        run([quantx_run, onnx_path, "--onnx-input-shapes=input:%dx1x28x28"
             % len(calib), "--input", calib_file, "--output",
             os.path.join(work, "calibration.out.npy"),
             "--pipeline=builtin.module(quantx-fold-batchnorm,"
             "quantx-calibrate{inputs=%s dump-stats=%s})"
             % (calib_file, stats_file)], "quantx calibration")
    for name, pipeline, needs in QUANTX_VARIANTS:
        if args.only and not any(w in name for w in args.only.split(",")):
            continue
        missing = [p for p in needs if p not in have]
        if missing:
            rows.append((name, "pending: needs " + ", ".join(missing)))
            continue
        outs = []
        for f, n in chunks:
            out = f.replace(".npy", ".%s.npy" % re.sub(r"\W+", "_", name))
            cmd = [quantx_run, onnx_path, "--onnx-input-shapes=input:%dx1x28x28"
                   % n, "--input", f, "--output", out]
            if pipeline:
                cmd.append("--pipeline=builtin.module(%s)"
                           % pipeline.replace("{stats}", stats_file)
                           .replace("{report}", report_file))
            run(cmd, "quantx-run (%s)" % name)
            outs.append(np.load(out))
        logits = np.concatenate(outs)
        if "{report}" in pipeline:
            name += codebook_summary(report_file)
        rows.append((name, accuracy(logits, yte)))
        if name == "quantx float" and ort_logits is not None:
            rel = float(np.max(np.abs(logits - ort_logits)) /
                        np.max(np.abs(ort_logits)))
            print("fashion-mnist: quantx float vs ONNX Runtime: max relative "
                  "error %.2g, predictions agree on %.2f%%"
                  % (rel, 100 * float((logits.argmax(1) ==
                                       ort_logits.argmax(1)).mean())))
            if rel > 1e-4:
                fail("quantx float differs from ONNX Runtime by more than "
                     "1e-4 relative")

    # 5. The table.
    base = rows[0][1]
    width = max([26] + [len(name) for name, _ in rows])
    print()
    print("%-*s  %-9s  %s" % (width, "model (10,000 test images)", "accuracy",
                              "drop vs PyTorch float"))
    print("%s  %s  %s" % ("-" * width, "-" * 9, "-" * 21))
    for name, acc in rows:
        if isinstance(acc, str):
            print("%-*s  %s" % (width, name, acc))
        else:
            print("%-*s  %-9s  %+.2f points" % (width, name,
                                               "%.2f%%" % (100 * acc),
                                               100 * (acc - base)))
    print("\nfashion-mnist: %.0f s in all" % (time.time() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
