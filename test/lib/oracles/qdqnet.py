#!/usr/bin/env python3
"""QDQ layers for quantx-fuse-qdq, and what their fused form must compute.

usage: qdqnet.py --mlir OUT.mlir --prefix OUT

Writes a module with one function per case, each the QDQ form of a layer

    quantize(x) -> dequantize -> [pad 0.0] -> conv/matmul (outs: bias or 0)
      -> [+ bias] -> [clamp] -> quantize

and a @main that runs every case on float data and prints the quantized
outputs (widened to i32), case after case. Everything below is computed here
with numpy and Python integers, never by quantx:

  OUT.int      the fused form's outputs, bit for bit: x quantized as
               quantx.quantize defines it (f32 division, the mode's rounding,
               clamp), the exact integer accumulator, the bias
               round_half_to_even(b / (s_x s_w)), the multiplier and shift of
               TFLite's QuantizeMultiplier on (s_x s_w) / s_y, the exact
               rounding of acc * M / 2^shift in the output quantize's mode,
               the zero point, the clamp's integer range;
  OUT.int-dr   the same with double rounding (gemmlowp's two steps), for
               --quantx-fuse-qdq=rounding=double_round;
  OUT.mask     per element, how far the QDQ form's float evaluation may be
               from OUT.int: 0, except 1 where the exact value
               t = (sum (x - z_x)(w - z_w) s_x s_w + b) / s_y lies within
               eps of a rounding boundary, eps bounding the f32 evaluation
               ((K + 8) 2^-24 (sum |x w| + |b|) + 2^-23 |y|) / s_y, the
               bias rounding (s_x s_w / 2) / s_y and the 31-bit multiplier
               2^-30 |t|, doubled for margin. Cases marked exact have
               power-of-two scales, biases that are multiples of s_x s_w and
               accumulators below 2^24, so their f32 evaluation is exact and
               their mask is 0;
  OUT.units    the float64 model's output y / s_y + z_y, in output units;
  OUT.tol      per element, a bound on |fused - OUT.units| with the float
               model y = op(x, W) + b on the unrounded input and the
               (given, integer) weights: rounding x (sum_k |W| s_x R), the
               bias (s_x s_w / 2) and the output (R units), all over s_y,
               plus 2^-20 |t|; R = 1/2, or 1 for toward_zero. The data keep
               every output inside its range (the clamps are exact), and
               the double-rounding run is checked bit for bit only.
"""
import argparse
import math
import sys

import numpy as np

F32 = np.float32
HALF_TO_EVEN, AWAY, HALF_UP, TOWARD_ZERO = ("half_to_even",
                                            "half_away_from_zero", "half_up",
                                            "toward_zero")


def flt(x):
    s = repr(float(x))
    return s if ("." in s or "e" in s) else s + ".0"


def literal(a):
    bits = np.asarray(a, dtype=F32).view(np.uint32)

    def fmt(b):
        if b.ndim == 0:
            return "0x%08X" % int(b)
        return "[" + ", ".join(fmt(c) for c in b) + "]"
    return fmt(bits)


def ty(shape, elt="f32"):
    return "tensor<%sx%s>" % ("x".join(str(d) for d in shape), elt)


def storage_range(storage):
    return {"i8": (-128, 127), "u8": (0, 255)}[storage]


def round_real(v, mode):
    """v: float64 arrays holding f32 values (so +0.5 is exact)."""
    if mode == HALF_TO_EVEN:
        return np.rint(v)
    if mode == AWAY:
        return np.where(v >= 0, np.floor(v + 0.5), -np.floor(-v + 0.5))
    if mode == HALF_UP:
        return np.floor(v + 0.5)
    return np.trunc(v)


def quantize(x, scale, zp, storage, mode):
    """quantx.quantize: f32 division, rounding, zero point, clamp."""
    v = (F32(x) / F32(scale)).astype(np.float64)
    lo, hi = storage_range(storage)
    return np.clip(round_real(v, mode) + zp, lo, hi).astype(np.int64)


def quantize_multiplier(real):
    """TFLite QuantizeMultiplier, as (multiplier, right shift)."""
    q, e = math.frexp(real)
    m = int(math.floor(q * 2.0 ** 31 + 0.5))
    if m == 2 ** 31:
        m //= 2
        e += 1
    return m, 31 - e


def shift_round(p, s, mode):
    """p / 2^s rounded in `mode`, exactly (Python integers)."""
    if s == 0:
        return p
    q, r = divmod(p, 1 << s)
    half = 1 << (s - 1)
    if mode == HALF_UP:
        return q + (r >= half)
    if mode == HALF_TO_EVEN:
        return q + (r > half or (r == half and q % 2 == 1))
    if mode == AWAY:
        return q + (r > half or (r == half and p >= 0))
    # toward zero
    return q + (p < 0 and r != 0)


def double_round(acc, m, s):
    """gemmlowp SaturatingRoundingDoublingHighMul + RoundingDivideByPOT."""
    if s <= 31:
        return shift_round(acc * m, s, HALF_UP)
    ab = acc * m
    nudge = (1 << 30) if ab >= 0 else 1 - (1 << 30)
    num = ab + nudge
    high = abs(num) // (1 << 31) * (1 if num >= 0 else -1)  # C division
    e = s - 31
    mask = (1 << e) - 1
    rem = high & mask
    threshold = (mask >> 1) + (1 if high < 0 else 0)
    return (high >> e) + (1 if rem > threshold else 0)


def conv(x, w, stride=1, dilation=1, groups=1):
    """NCHW grouped conv of any numeric dtype; w: F x C/G x KH x KW."""
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    oh = (h - dilation * (kh - 1) - 1) // stride + 1
    ow = (wd - dilation * (kw - 1) - 1) // stride + 1
    fg = f // groups
    out = np.zeros((n, f, oh, ow), dtype=np.result_type(x, w))
    for g in range(groups):
        xg = x[:, g * cg:(g + 1) * cg]
        wg = w[g * fg:(g + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                patch = xg[:, :, i * dilation:i * dilation + stride * oh:stride,
                           j * dilation:j * dilation + stride * ow:stride]
                out[:, g * fg:(g + 1) * fg] += np.einsum(
                    "nchw,fc->nfhw", patch, wg[:, :, i, j])
    return out


class Case:
    """One QDQ layer. `kind` says how the float op is written."""

    def __init__(self, rng, name, kind, x_shape, w_shape, *, x_storage,
                 w_per_channel, y_storage, q_mode, exact, pad=0, stride=1,
                 dilation=1, groups=1, bias="none", clamp=None):
        self.name, self.kind, self.exact = name, kind, exact
        self.x_shape, self.w_shape = x_shape, w_shape
        self.x_storage, self.y_storage = x_storage, y_storage
        self.q_mode, self.pad, self.stride = q_mode, pad, stride
        self.dilation, self.groups, self.bias_form = dilation, groups, bias
        self.clamp = clamp
        self.w_per_channel = w_per_channel

        # Scales: powers of two for exact cases, arbitrary f32 otherwise.
        pick = (lambda lo, hi: 2.0 ** int(rng.integers(lo, hi))) if exact \
            else (lambda lo, hi: float(F32(rng.uniform(2.0 ** lo, 2.0 ** hi))))
        self.x_scale = pick(-5, -2)
        self.x_zp = 128 if x_storage == "u8" else int(rng.integers(-5, 6))
        nch = self.channels()
        self.w_scales = [pick(-7, -4) for _ in range(nch if w_per_channel
                                                     else 1)]
        lo, hi = storage_range(x_storage)
        # Float inputs: storage values plus a fraction, times the scale.
        xi = rng.integers(lo + 2, hi - 1, size=x_shape) - self.x_zp
        self.x = F32((xi + rng.uniform(-0.5, 0.5, size=x_shape)) *
                     self.x_scale)
        self.wq = rng.integers(-100, 101, size=w_shape).astype(np.int64)
        acc_scales = self.acc_scales()
        if bias == "none":
            self.b = np.zeros(nch)
        elif exact:
            self.b = rng.integers(-200, 201, size=nch) * acc_scales
        else:
            self.b = rng.uniform(-1, 1, size=nch) * 30 * acc_scales
        self.b = F32(self.b).astype(np.float64)

    def channels(self):
        k = self.kind
        if k in ("conv_nhwc", "depthwise_nhwc"):
            return self.w_shape[-1] if k == "conv_nhwc" else self.w_shape[2]
        if k in ("conv_nchw", "depthwise_nchw", "grouped"):
            return self.w_shape[0]
        return self.w_shape[-1]  # matmul, batch_matmul

    def acc_scales(self):
        ws = np.array(self.w_scales) * np.ones(self.channels())
        return self.x_scale * ws

    # -- reference computations ------------------------------------------

    def run(self, xv, wv, accum_dtype):
        """The op on NCHW/row-major data of any dtype; channels last axis of
        the returned (N, ..., C) array for uniform handling."""
        k = self.kind
        if k in ("matmul", "batch_matmul"):
            return xv @ wv
        if k == "conv_nhwc":
            xin = np.transpose(xv, (0, 3, 1, 2))
            w = np.transpose(wv, (3, 2, 0, 1))
            groups = 1
        elif k == "depthwise_nhwc":
            xin = np.transpose(xv, (0, 3, 1, 2))
            w = np.transpose(wv, (2, 0, 1))[:, None]
            groups = xin.shape[1]
        elif k == "conv_nchw":
            xin, w, groups = xv, wv, 1
        elif k == "depthwise_nchw":
            xin, w, groups = xv, wv[:, None], xv.shape[1]
        else:  # grouped
            xin, w, groups = xv, wv, self.groups
        p = self.pad
        xin = np.pad(xin, ((0, 0), (0, 0), (p, p), (p, p)))
        out = conv(xin.astype(accum_dtype), w.astype(accum_dtype),
                   self.stride, self.dilation, groups)
        return np.moveaxis(out, 1, -1)  # channels last

    def to_layout(self, chlast):
        """Channels-last results back to the op's output layout."""
        if self.kind in ("conv_nchw", "depthwise_nchw", "grouped"):
            return np.moveaxis(chlast, -1, 1)
        return chlast

    def finish(self, rng):
        """Quantization of the output and every expected file."""
        xq = quantize(self.x, self.x_scale, self.x_zp, self.x_storage,
                      self.q_mode)
        ws = np.array(self.w_scales) * np.ones(self.channels())
        wzp = 0
        acc = self.run(xq - self.x_zp, self.wq - wzp, np.int64)
        # |x w| sums, for the float error bound.
        xdq = (xq - self.x_zp) * self.x_scale
        wd = self.wq * self.wscale_broadcast()
        absdot = self.run(np.abs(xdq), np.abs(wd), np.float64)
        y_float = self.run(self.x.astype(np.float64), wd, np.float64) + self.b
        lo_c, hi_c = self.clamp if self.clamp else (-np.inf, np.inf)
        y_float = np.clip(y_float, lo_c, hi_c)

        # Output scale and zero point, as a calibrator would pick them.
        ymin, ymax = min(y_float.min(), 0.0), max(y_float.max(), 0.0)
        qmin, qmax = storage_range(self.y_storage)
        span = (ymax - ymin) * 1.3 / (qmax - qmin)
        if self.exact:
            self.y_scale = 2.0 ** math.ceil(math.log2(span))
        else:
            self.y_scale = float(F32(span))
        self.y_zp = int(np.clip(round(qmin - ymin / self.y_scale) + 5, qmin,
                                qmax))

        acc_scales = self.acc_scales()
        self.bias_q = np.array([int(np.rint(b / s)) for b, s in
                                zip(self.b, acc_scales)])
        qlo, qhi = qmin, qmax
        if self.clamp:
            f = lambda v: int(quantize(np.array([v]), self.y_scale, self.y_zp,
                                       self.y_storage, self.q_mode)[0])
            qlo, qhi = max(qmin, f(lo_c)), min(qmax, f(hi_c))
        mults = [quantize_multiplier(s / self.y_scale) for s in acc_scales]

        total = acc + self.bias_q
        out, out_dr, mask = [], [], []
        units, tol = [], []
        k = self.reduction()
        r_out = 1.0 if self.q_mode == TOWARD_ZERO else 0.5
        r_x = r_out  # x is quantized in the same mode
        sx = self.x_scale
        xabs_sum = self.run(np.abs(self.x.astype(np.float64)) + sx / 2,
                            np.ones_like(wd), np.float64)
        wabs_sum = self.run(np.ones_like(self.x, dtype=np.float64),
                            np.abs(wd), np.float64)
        flat = lambda a: a.reshape(-1, a.shape[-1])
        for (tv, av, dv, yv, xs, wsum) in zip(
                flat(total).tolist(), flat(acc).tolist(),
                flat(absdot).tolist(), flat(y_float).tolist(),
                flat(xabs_sum).tolist(), flat(wabs_sum).tolist()):
            row, row_dr, row_mask, row_units, row_tol = [], [], [], [], []
            for c, t in enumerate(tv):
                m, s = mults[c]
                q = shift_round(t * m, s, self.q_mode)
                row.append(min(max(q + self.y_zp, qlo), qhi))
                qd = double_round(t, m, s)
                row_dr.append(min(max(qd + self.y_zp, qlo), qhi))
                # Near a rounding boundary?
                exact_t = (av[c] * acc_scales[c] + self.b[c]) / self.y_scale
                eps = 0.0
                if not self.exact:
                    eps = 2 * (((k + 8) * 2.0 ** -24 * (dv[c] + abs(self.b[c]))
                                + 2.0 ** -23 * abs(exact_t * self.y_scale)) /
                               self.y_scale + 0.5 * acc_scales[c] /
                               self.y_scale + 2.0 ** -30 * abs(exact_t))
                frac = exact_t - math.floor(exact_t)
                boundary = 0.0 if self.q_mode == TOWARD_ZERO else 0.5
                dist = min(abs(frac - boundary), abs(frac - boundary - 1),
                           abs(frac - boundary + 1))
                row_mask.append(1 if dist < eps else 0)
                row_units.append(yv[c] / self.y_scale + self.y_zp)
                bound = ((wsum[c] * sx * r_x + acc_scales[c] / 2) /
                         self.y_scale + r_out + 2.0 ** -20 * abs(exact_t))
                row_tol.append(bound)
            out.append(row)
            out_dr.append(row_dr)
            mask.append(row_mask)
            units.append(row_units)
            tol.append(row_tol)
        # Back to the op's layout, flattened in row-major order.
        shape = acc.shape

        def lay(rows):
            a = np.array(rows, dtype=np.float64).reshape(shape)
            return self.to_layout(a).reshape(-1).tolist()
        self.expected = [int(v) for v in lay(out)]
        self.expected_dr = [int(v) for v in lay(out_dr)]
        self.mask = [int(v) for v in lay(mask)]
        self.units = lay(units)
        self.tol = lay(tol)
        # The values must not saturate (the float bound assumes it).
        assert all(qmin < v < qmax for v in self.expected) or self.clamp
        if self.exact:
            assert all(abs(v) < 2 ** 24 for v in np.abs(total).reshape(-1))
        self.out_shape = list(self.to_layout(acc).shape)

    def reduction(self):
        k = self.kind
        if k in ("matmul", "batch_matmul"):
            return self.w_shape[-2]
        if k == "conv_nhwc":
            return self.w_shape[0] * self.w_shape[1] * self.w_shape[2]
        if k == "depthwise_nhwc":
            return self.w_shape[0] * self.w_shape[1]
        if k == "depthwise_nchw":
            return self.w_shape[1] * self.w_shape[2]
        return self.w_shape[1] * self.w_shape[2] * self.w_shape[3]

    def wscale_broadcast(self):
        """The weight scales shaped to broadcast over the weights."""
        s = np.array(self.w_scales) * np.ones(self.channels())
        shape = [1] * len(self.w_shape)
        shape[self.w_axis()] = -1
        return s.reshape(shape)

    def w_axis(self):
        return {"conv_nhwc": 3, "depthwise_nhwc": 2, "conv_nchw": 0,
                "depthwise_nchw": 0, "grouped": 0, "matmul": 1,
                "batch_matmul": 2}[self.kind]

    # -- IR --------------------------------------------------------------

    def emit(self, L):
        xt = "!quant.uniform<%s:f32, %s:%d>" % (self.x_storage,
                                                 flt(self.x_scale), self.x_zp)
        if self.w_per_channel:
            wt = "!quant.uniform<i8:f32:%d, {%s}>" % (
                self.w_axis(), ", ".join(flt(s) for s in self.w_scales))
        else:
            wt = "!quant.uniform<i8:f32, %s>" % flt(self.w_scales[0])
        yt = "!quant.uniform<%s:f32, %s:%d>" % (self.y_storage,
                                                 flt(self.y_scale), self.y_zp)
        xs, ws, os_ = self.x_shape, self.w_shape, self.out_shape
        rank = len(os_)
        e = L.append
        e("func.func @%s(%%x: %s) -> %s {" % (self.name, ty(xs), ty(os_, yt)))
        e("  %%xq = quantx.quantize %%x rounding<%s> : %s -> %s"
          % (self.q_mode, ty(xs), ty(xs, xt)))
        e("  %%xd = quantx.dequantize %%xq : %s -> %s" % (ty(xs, xt), ty(xs)))
        e("  %%wi = arith.constant dense<%s> : %s"
          % (self.wq.tolist(), ty(ws, "i8")))
        e("  %%wq = quant.scast %%wi : %s to %s" % (ty(ws, "i8"), ty(ws, wt)))
        e("  %%wd = quantx.dequantize %%wq : %s -> %s" % (ty(ws, wt), ty(ws)))
        e("  %zero = arith.constant 0.0 : f32")
        if self.clamp:
            for cname, cval in zip(("lo", "hi"), self.clamp):
                if math.isfinite(cval):
                    e("  %%%s = arith.constant %s : f32" % (cname, flt(cval)))
        e("  %%e = tensor.empty() : %s" % ty(os_))
        ch_dim = 1 if self.kind in ("conv_nchw", "depthwise_nchw",
                                    "grouped") else rank - 1
        dims = ", ".join("d%d" % i for i in range(rank))
        idm = "affine_map<(%s) -> (%s)>" % (dims, dims)
        chm = "affine_map<(%s) -> (d%d)>" % (dims, ch_dim)
        par = ", ".join(['"parallel"'] * rank)
        if self.bias_form == "init":
            e("  %%b = arith.constant dense<%s> : %s"
              % (literal(self.b), ty([len(self.b)])))
            e("  %%init = linalg.generic {indexing_maps = [%s, %s], "
              "iterator_types = [%s]} ins(%%b : %s) outs(%%e : %s) {"
              % (chm, idm, par, ty([len(self.b)]), ty(os_)))
            e("  ^bb0(%in: f32, %out: f32):")
            e("    linalg.yield %in : f32")
            e("  } -> %s" % ty(os_))
        else:
            e("  %%init = linalg.fill ins(%%zero : f32) outs(%%e : %s) -> %s"
              % (ty(os_), ty(os_)))
        xin = "%xd"
        if self.pad:
            p = self.pad
            if self.kind in ("conv_nhwc", "depthwise_nhwc"):
                lo_ = "0, %d, %d, 0" % (p, p)
                padded = [xs[0], xs[1] + 2 * p, xs[2] + 2 * p, xs[3]]
            else:
                lo_ = "0, 0, %d, %d" % (p, p)
                padded = [xs[0], xs[1], xs[2] + 2 * p, xs[3] + 2 * p]
            e("  %%xp = tensor.pad %%xd low[%s] high[%s] {" % (lo_, lo_))
            e("  ^bb0(%a: index, %b2: index, %c: index, %d: index):")
            e("    tensor.yield %zero : f32")
            e("  } : %s to %s" % (ty(xs), ty(padded)))
            xin, xs = "%xp", padded
        attrs = ("{strides = dense<%d> : tensor<2xi64>, dilations = dense<%d> "
                 ": tensor<2xi64>}" % (self.stride, self.dilation))
        op = {"conv_nhwc": "linalg.conv_2d_nhwc_hwcf",
              "conv_nchw": "linalg.conv_2d_nchw_fchw",
              "depthwise_nhwc": "linalg.depthwise_conv_2d_nhwc_hwc",
              "depthwise_nchw": "linalg.depthwise_conv_2d_nchw_chw",
              "matmul": "linalg.matmul",
              "batch_matmul": "linalg.batch_matmul"}.get(self.kind)
        if self.kind == "grouped":
            g = self.groups
            x5 = [xs[0], g, xs[1] // g, xs[2], xs[3]]
            w5 = [g, ws[0] // g] + list(ws[1:])
            o5 = [os_[0], g, os_[1] // g, os_[2], os_[3]]
            e("  %%x5 = tensor.expand_shape %s [[0], [1, 2], [3], [4]] "
              "output_shape %s : %s into %s" % (xin, x5, ty(xs), ty(x5)))
            e("  %%w5 = tensor.expand_shape %%wd [[0, 1], [2], [3], [4]] "
              "output_shape %s : %s into %s" % (w5, ty(ws), ty(w5)))
            e("  %%i5 = tensor.expand_shape %%init [[0], [1, 2], [3], [4]] "
              "output_shape %s : %s into %s" % (o5, ty(os_), ty(o5)))
            e("  %%c5 = linalg.conv_2d_ngchw_gfchw %s ins(%%x5, %%w5 : %s, %s) "
              "outs(%%i5 : %s) -> %s" % (attrs, ty(x5), ty(w5), ty(o5),
                                         ty(o5)))
            e("  %%c = tensor.collapse_shape %%c5 [[0], [1, 2], [3], [4]] : "
              "%s into %s" % (ty(o5), ty(os_)))
        else:
            a = attrs if "conv" in op else ""
            e("  %%c = %s %s ins(%s, %%wd : %s, %s) outs(%%init : %s) -> %s"
              % (op, a, xin, ty(xs), ty(ws), ty(os_), ty(os_)))
        y = "%c"
        if self.bias_form == "add" or self.clamp:
            ins, maps, args = "%c", [idm], "%in: f32"
            types = [ty(os_)]
            if self.bias_form == "add":
                e("  %%b = arith.constant dense<%s> : %s"
                  % (literal(self.b), ty([len(self.b)])))
                ins += ", %b"
                maps.append(chm)
                args += ", %bb: f32"
                types.append(ty([len(self.b)]))
            maps.append(idm)
            e("  %%y = linalg.generic {indexing_maps = [%s], iterator_types = "
              "[%s]} ins(%s : %s) outs(%%e : %s) {"
              % (", ".join(maps), par, ins, ", ".join(types), ty(os_)))
            e("  ^bb0(%s, %%out: f32):" % args)
            v = "%in"
            if self.bias_form == "add":
                e("    %s0 = arith.addf %in, %bb : f32")
                v = "%s0"
            if self.clamp and math.isfinite(self.clamp[0]):
                e("    %%m0 = arith.maximumf %s, %%lo : f32" % v)
                v = "%m0"
            if self.clamp and math.isfinite(self.clamp[1]):
                e("    %%m1 = arith.minimumf %s, %%hi : f32" % v)
                v = "%m1"
            e("    linalg.yield %s : f32" % v)
            e("  } -> %s" % ty(os_))
            y = "%y"
        e("  %%yq = quantx.quantize %s rounding<%s> : %s -> %s"
          % (y, self.q_mode, ty(os_), ty(os_, yt)))
        e("  return %%yq : %s" % ty(os_, yt))
        e("}")
        e("")
        return yt


def main(argv):
    parser = argparse.ArgumentParser()
    parser.add_argument("--mlir", required=True)
    parser.add_argument("--prefix", required=True)
    args = parser.parse_args(argv[1:])
    rng = np.random.default_rng(7)
    cases = [
        Case(rng, "matmul_pow2", "matmul", (4, 16), (16, 6), x_storage="u8",
             w_per_channel=True, y_storage="i8", q_mode=HALF_TO_EVEN,
             exact=True, bias="add", clamp=(0.0, float("inf"))),
        Case(rng, "conv_nhwc_pow2", "conv_nhwc", (1, 5, 5, 3), (3, 3, 3, 4),
             x_storage="i8", w_per_channel=False, y_storage="u8",
             q_mode=AWAY, exact=True, pad=1, stride=2, bias="init",
             clamp=(0.0, 6.0)),
        Case(rng, "conv_nchw", "conv_nchw", (1, 4, 6, 6), (5, 4, 3, 3),
             x_storage="i8", w_per_channel=True, y_storage="i8",
             q_mode=HALF_TO_EVEN, exact=False, bias="add"),
        Case(rng, "depthwise_nhwc", "depthwise_nhwc", (1, 6, 6, 4), (3, 3, 4),
             x_storage="u8", w_per_channel=True, y_storage="u8",
             q_mode=HALF_TO_EVEN, exact=False, pad=1, bias="add",
             clamp=(0.0, float("inf"))),
        Case(rng, "grouped_nchw", "grouped", (1, 4, 4, 4), (6, 2, 3, 3),
             x_storage="i8", w_per_channel=True, y_storage="i8",
             q_mode=HALF_TO_EVEN, exact=False, pad=1, groups=2, bias="init"),
        Case(rng, "depthwise_nchw", "depthwise_nchw", (1, 3, 7, 7), (3, 3, 3),
             x_storage="i8", w_per_channel=False, y_storage="i8",
             q_mode=TOWARD_ZERO, exact=False, stride=2, dilation=1,
             bias="add"),
        Case(rng, "batch_matmul", "batch_matmul", (2, 3, 8), (2, 8, 5),
             x_storage="u8", w_per_channel=False, y_storage="u8",
             q_mode=HALF_UP, exact=False, bias="none"),
    ]
    for c in cases:
        c.finish(rng)

    L = ["func.func private @printMemrefI32(tensor<*xi32>)", ""]
    types = [c.emit(L) for c in cases]
    L.append("func.func @main() {")
    for i, (c, yt) in enumerate(zip(cases, types)):
        os_ = c.out_shape
        n = int(np.prod(os_))
        L.append("  %%x%d = arith.constant dense<%s> : %s"
                 % (i, literal(c.x), ty(c.x_shape)))
        L.append("  %%y%d = call @%s(%%x%d) : (%s) -> %s"
                 % (i, c.name, i, ty(c.x_shape), ty(os_, yt)))
        L.append("  %%s%d = quant.scast %%y%d : %s to %s"
                 % (i, i, ty(os_, yt), ty(os_, "i8")))
        L.append("  %%f%d = tensor.collapse_shape %%s%d [%s] : %s into %s"
                 % (i, i, list(range(len(os_))), ty(os_, "i8"), ty([n], "i8")))
        ext = "arith.extui" if c.y_storage == "u8" else "arith.extsi"
        L.append("  %%w%d = %s %%f%d : %s to %s"
                 % (i, ext, i, ty([n], "i8"), ty([n], "i32")))
        L.append("  %%u%d = tensor.cast %%w%d : %s to tensor<*xi32>"
                 % (i, i, ty([n], "i32")))
        L.append("  call @printMemrefI32(%%u%d) : (tensor<*xi32>) -> ()" % i)
    L.append("  return")
    L.append("}")
    with open(args.mlir, "w") as f:
        f.write("\n".join(L) + "\n")

    def write(suffix, values, fmt=str):
        with open(args.prefix + "." + suffix, "w") as f:
            f.write("\n".join(fmt(v) for v in values) + "\n")
    cat = lambda attr: [v for c in cases for v in getattr(c, attr)]
    write("int", cat("expected"))
    write("int-dr", cat("expected_dr"))
    write("mask", cat("mask"))
    write("units", cat("units"), repr)
    write("tol", cat("tol"), repr)
    # How many elements may differ between the QDQ and fused forms.
    print("%d of %d elements near a rounding boundary" %
          (sum(cat("mask")), len(cat("mask"))), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
