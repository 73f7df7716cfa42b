#!/usr/bin/env python3
"""Draws a quantx quantization report (quantx-insert-qdq report=FILE.json).

usage: plot-quant-report.py REPORT.json OUT.html

Writes one HTML page, no dependencies beyond Python's standard library: per
activation, its calibration histogram (2048 bins merged into 256 columns,
log-scaled counts) with the clip range of every clipping method marked as
two vertical lines (min-max, percentile, MSE, ACIQ Laplace, ACIQ Gauss), and
a table of each method's range, scale, zero point and SQNR, the chosen one
in bold; then a table of the weights (bits, granularity, SQNR).
"""
import html
import json
import math
import sys

COLORS = ["#d62728", "#2ca02c", "#1f77b4", "#9467bd", "#ff7f0e", "#8c564b"]
W, H, PAD = 720, 220, 30


def svg_histogram(t):
    h = t["histogram"]
    lo, hi, bins = h["lo"], h["hi"], h["bins"]
    cols = 256
    per = max(1, len(bins) // cols)
    merged = [sum(bins[i:i + per]) for i in range(0, len(bins), per)]
    alts = t.get("alternatives", [])
    x_lo = min([lo] + [a["lo"] for a in alts])
    x_hi = max([hi] + [a["hi"] for a in alts])
    span = (x_hi - x_lo) or 1.0
    top = max(math.log1p(c) for c in merged) or 1.0

    def x(v):
        return PAD + (v - x_lo) / span * (W - 2 * PAD)

    out = ['<svg width="%d" height="%d" xmlns="http://www.w3.org/2000/svg">'
           % (W, H + 20)]
    step = (hi - lo) / len(merged) if merged else 0
    for i, c in enumerate(merged):
        if not c:
            continue
        bh = math.log1p(c) / top * (H - PAD)
        out.append('<rect x="%.2f" y="%.2f" width="%.2f" height="%.2f" '
                   'fill="#999"/>' % (x(lo + i * step), H - bh,
                                      max(x(lo + (i + 1) * step) -
                                          x(lo + i * step), 0.5), bh))
    for k, a in enumerate(alts):
        color = COLORS[k % len(COLORS)]
        for v in (a["lo"], a["hi"]):
            out.append('<line class="clip" data-method="%s" x1="%.2f" y1="%d" '
                       'x2="%.2f" y2="%d" stroke="%s" stroke-dasharray="4 2"/>'
                       % (html.escape(a["method"]), x(v), 10, x(v), H, color))
    out.append('<text x="%d" y="%d" font-size="11">%.4g</text>'
               % (PAD, H + 15, x_lo))
    out.append('<text x="%d" y="%d" font-size="11" text-anchor="end">%.4g'
               '</text>' % (W - PAD, H + 15, x_hi))
    out.append("</svg>")
    return "\n".join(out)


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    report = json.load(open(argv[1]))
    page = ["<!DOCTYPE html><html><head><meta charset='utf-8'>",
            "<title>quantx quantization report</title></head><body>",
            "<h1>quantx quantization report</h1>"]
    tensors = report["tensors"]
    for t in tensors:
        if t["kind"] != "activation" or "histogram" not in t:
            continue
        page.append("<h2>%s: %s (%s)</h2>" % tuple(
            html.escape(str(t[k])) for k in ("function", "tensor", "consumers")))
        page.append(svg_histogram(t))
        page.append("<table border='1' cellspacing='0' cellpadding='3'><tr>"
                    "<th>method</th><th>clip</th><th>scale</th>"
                    "<th>zero point</th><th>SQNR (dB)</th></tr>")
        for k, a in enumerate(t.get("alternatives", [])):
            chosen = a["method"] == t["method"]
            cell = "<b>%s</b>" if chosen else "%s"
            page.append(
                "<tr><td style='color:%s'>%s</td><td>[%.5g, %.5g]</td>"
                "<td>%.5g</td><td>%d</td><td>%s</td></tr>"
                % (COLORS[k % len(COLORS)], cell % html.escape(a["method"]),
                   a["lo"], a["hi"], a["scale"], a["zero_point"],
                   cell % ("%.2f" % a["sqnr_db"])))
        page.append("</table>")
    page.append("<h2>Weights</h2><table border='1' cellspacing='0' "
                "cellpadding='3'><tr><th>function</th><th>tensor</th>"
                "<th>granularity</th><th>bits</th><th>method</th>"
                "<th>SQNR (dB)</th></tr>")
    for t in tensors:
        if t["kind"] == "weight":
            page.append("<tr>" + "".join(
                "<td>%s</td>" % html.escape(str(t[k])) for k in
                ("function", "tensor", "granularity", "bits", "method")) +
                "<td>%.2f</td></tr>" % float(t["sqnr_db"]))
    page.append("</table></body></html>")
    with open(argv[2], "w") as f:
        f.write("\n".join(page) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
