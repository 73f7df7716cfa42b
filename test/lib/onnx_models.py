#!/usr/bin/env python3
"""Writes the small ONNX models of the importer tests (Debian python3-onnx).

usage: onnx_models.py [--inputs] DIR NAME...
       onnx_models.py --list

Writes DIR/NAME.onnx for each NAME (one of the models below; one process
for several models, because importing onnx takes most of the time). With
--inputs it also writes the model's inputs as DIR/NAME-inputs/input<k>.npy
(seeded random values, or the special values a model needs, such as
quantization ties). Malformed files for the error tests are produced here
too (names starting with `bad_`).
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

F = TensorProto.FLOAT
MODELS = {}


def model(fn):
    MODELS[fn.__name__] = fn
    return fn


def rng(seed=0):
    return np.random.default_rng(seed)


def const(name, array):
    return numpy_helper.from_array(np.asarray(array), name)


def build(nodes, inputs, outputs, inits=(), opset=13, name="g"):
    graph = helper.make_graph(
        nodes, name,
        [helper.make_tensor_value_info(n, t, s) for n, t, s in inputs],
        [helper.make_tensor_value_info(n, t, s) if s is not None
         else helper.make_empty_tensor_value_info(n) for n, t, s in outputs],
        list(inits))
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)],
                          producer_name="quantx-tests")
    m.ir_version = 7
    return m


def weights(shape, seed=1):
    return rng(seed).uniform(-1, 1, shape).astype(np.float32)


# --- Convolutions -----------------------------------------------------------

def conv_model(x_shape, w_shape, bias=True, opset=13, **attrs):
    inits = [const("w", weights(w_shape))]
    ins = ["x", "w"]
    if bias:
        inits.append(const("b", weights([w_shape[0]], 2)))
        ins.append("b")
    node = helper.make_node("Conv", ins, ["y"], name="conv", **attrs)
    return build([node], [("x", F, x_shape)], [("y", F, None)], inits, opset)


@model
def conv_basic():
    return conv_model([1, 3, 8, 8], [4, 3, 3, 3], pads=[1, 1, 1, 1])


@model
def conv_strided_dilated():
    return conv_model([1, 2, 9, 10], [3, 2, 3, 2], bias=False,
                      strides=[2, 1], dilations=[1, 2], pads=[0, 1, 2, 1])


@model
def conv_grouped():
    return conv_model([1, 4, 6, 6], [6, 2, 3, 3], group=2, pads=[1, 1, 1, 1])


@model
def conv_depthwise():
    return conv_model([2, 4, 7, 7], [4, 1, 3, 3], group=4, strides=[2, 2],
                      pads=[1, 1, 1, 1])


@model
def conv_depthwise_multiplier():
    return conv_model([1, 2, 5, 5], [4, 1, 3, 3], group=2)


@model
def conv_same_upper():
    return conv_model([1, 3, 7, 8], [2, 3, 3, 3], auto_pad="SAME_UPPER",
                      strides=[2, 2])


# --- Normalization, pooling -------------------------------------------------

@model
def batchnorm():
    r = rng(3)
    inits = [const("s", weights([3], 4)), const("b", weights([3], 5)),
             const("m", weights([3], 6)),
             const("v", r.uniform(0.5, 2, [3]).astype(np.float32))]
    node = helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"],
                            ["y"], name="bn", epsilon=1e-3)
    return build([node], [("x", F, [2, 3, 4, 5])], [("y", F, None)], inits)


@model
def global_average_pool():
    node = helper.make_node("GlobalAveragePool", ["x"], ["y"], name="gap")
    return build([node], [("x", F, [2, 3, 5, 7])], [("y", F, None)])


@model
def average_pool():
    node = helper.make_node("AveragePool", ["x"], ["y"], name="avg",
                            kernel_shape=[3, 3], strides=[2, 2],
                            pads=[1, 1, 1, 1], ceil_mode=1)
    return build([node], [("x", F, [1, 2, 8, 7])], [("y", F, None)], opset=13)


@model
def average_pool_include_pad():
    node = helper.make_node("AveragePool", ["x"], ["y"], name="avg",
                            kernel_shape=[2, 3], strides=[1, 2],
                            pads=[1, 0, 1, 1], count_include_pad=1)
    return build([node], [("x", F, [1, 2, 5, 6])], [("y", F, None)])


@model
def max_pool():
    node = helper.make_node("MaxPool", ["x"], ["y"], name="maxpool",
                            kernel_shape=[3, 3], strides=[2, 2],
                            pads=[1, 1, 1, 1])
    return build([node], [("x", F, [1, 3, 9, 8])], [("y", F, None)])


@model
def max_pool_ceil():
    node = helper.make_node("MaxPool", ["x"], ["y"], name="maxpool",
                            kernel_shape=[2, 2], strides=[2, 2], ceil_mode=1)
    return build([node], [("x", F, [1, 2, 5, 7])], [("y", F, None)])


# --- Matrix products --------------------------------------------------------

@model
def gemm():
    inits = [const("b", weights([3, 5])), const("c", weights([3], 2))]
    node = helper.make_node("Gemm", ["a", "b", "c"], ["y"], name="gemm",
                            transB=1, alpha=0.5, beta=2.0)
    return build([node], [("a", F, [2, 5])], [("y", F, None)], inits)


@model
def gemm_trans_a():
    node = helper.make_node("Gemm", ["a", "b"], ["y"], name="gemm", transA=1)
    return build([node], [("a", F, [4, 2]), ("b", F, [4, 3])],
                 [("y", F, None)])


@model
def matmul():
    inits = [const("w", weights([5, 6]))]
    node = helper.make_node("MatMul", ["a", "w"], ["y"], name="matmul")
    return build([node], [("a", F, [2, 3, 5])], [("y", F, None)], inits)


@model
def matmul_batched():
    node = helper.make_node("MatMul", ["a", "b"], ["y"], name="matmul")
    return build([node], [("a", F, [2, 1, 3, 4]), ("b", F, [3, 4, 5])],
                 [("y", F, None)])


# --- Elementwise ------------------------------------------------------------

@model
def add_broadcast():
    node = helper.make_node("Add", ["x", "y"], ["z"], name="add")
    return build([node], [("x", F, [2, 3, 4, 5]), ("y", F, [3, 1, 5])],
                 [("z", F, None)])


@model
def arith_constants():
    inits = [const("c", weights([1, 3, 1, 1])), const("two", np.float32(2.0)),
             const("d", np.float32(3.0) + weights([4, 1], 7))]
    nodes = [helper.make_node("Mul", ["x", "c"], ["m"], name="mul"),
             helper.make_node("Sub", ["m", "two"], ["s"], name="sub"),
             helper.make_node("Div", ["s", "d"], ["y"], name="div")]
    return build(nodes, [("x", F, [2, 3, 4, 1])], [("y", F, None)], inits)


@model
def activations():
    nodes = [helper.make_node("Relu", ["x"], ["r"], name="relu"),
             helper.make_node("Sigmoid", ["x"], ["s"], name="sigmoid"),
             helper.make_node("HardSigmoid", ["x"], ["h"], name="hsig",
                              alpha=0.25, beta=0.4),
             helper.make_node("HardSwish", ["x"], ["w"], name="hswish"),
             helper.make_node("Clip", ["x", "lo", "hi"], ["c"], name="clip")]
    inits = [const("lo", np.float32(-0.5)), const("hi", np.float32(1.5))]
    shape = [2, 3, 4, 5]
    return build(nodes, [("x", F, shape)],
                 [(n, F, None) for n in ["r", "s", "h", "w", "c"]], inits,
                 opset=14)


@model
def clip_opset9():
    nodes = [helper.make_node("Clip", ["x"], ["y"], name="clip", min=0.0,
                              max=6.0)]
    return build(nodes, [("x", F, [3, 4])], [("y", F, None)], opset=9)


@model
def softmax():
    node = helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=1)
    return build([node], [("x", F, [2, 3, 4])], [("y", F, None)], opset=13)


@model
def softmax_opset9():
    # Before opset 13, axis=1 normalizes over the flattened dims 1..
    node = helper.make_node("Softmax", ["x"], ["y"], name="softmax", axis=1)
    return build([node], [("x", F, [2, 3, 4])], [("y", F, None)], opset=9)


# --- Shapes -----------------------------------------------------------------

@model
def shape_ops():
    """Shape/Cast/Slice/Concat on constants feeding a Reshape, as PaddleOCR's
    exporter writes it, then Flatten, Transpose, Unsqueeze/Squeeze."""
    inits = [const("c200", np.array([60], dtype=np.int32)),
             const("starts", np.array([0], dtype=np.int64)),
             const("ends", np.array([1], dtype=np.int64)),
             const("axes", np.array([0], dtype=np.int64))]
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"], name="shape"),
        helper.make_node("Cast", ["shape"], ["shape32"], name="cast", to=6),
        helper.make_node("Slice", ["shape32", "starts", "ends", "axes"],
                         ["n"], name="slice"),
        helper.make_node("Cast", ["n"], ["n64"], name="cast_n", to=7),
        helper.make_node("Cast", ["c200"], ["c64"], name="cast_c", to=7),
        helper.make_node("Concat", ["n64", "c64"], ["target"], name="concat",
                         axis=0),
        helper.make_node("Reshape", ["x", "target"], ["r"], name="reshape"),
        helper.make_node("Transpose", ["r"], ["t"], name="transpose",
                         perm=[1, 0]),
        helper.make_node("Unsqueeze", ["t", "axes"], ["u"], name="unsqueeze"),
        helper.make_node("Flatten", ["u"], ["f"], name="flatten", axis=1),
        helper.make_node("Squeeze", ["f", "axes"], ["y"], name="squeeze"),
    ]
    return build(nodes, [("x", F, [2, 3, 4, 5])], [("y", F, [120])], inits)


@model
def reshape_special():
    inits = [const("shape", np.array([0, -1, 2], dtype=np.int64))]
    node = helper.make_node("Reshape", ["x", "shape"], ["y"], name="reshape")
    return build([node], [("x", F, [3, 4, 5, 2])], [("y", F, None)], inits)


@model
def dynamic_input():
    node = helper.make_node("Relu", ["x"], ["y"], name="relu")
    return build([node], [("x", F, ["N", 3, "H", "W"])], [("y", F, None)])


# --- Quantization -----------------------------------------------------------

@model
def qdq_per_tensor():
    inits = [const("s", np.float32(0.5)), const("zp", np.uint8(128))]
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["q"],
                              name="q"),
             helper.make_node("DequantizeLinear", ["q", "s", "zp"], ["y"],
                              name="dq")]
    return build(nodes, [("x", F, [4, 8])], [("y", F, None)], inits)


@model
def qdq_conv_per_axis():
    """Weights stored as int8 with per-output-channel scales, activations
    quantized per tensor (int8), as ONNX Runtime's QDQ format writes them."""
    r = rng(9)
    w = r.integers(-127, 128, [4, 3, 3, 3]).astype(np.int8)
    inits = [const("w_q", w),
             const("w_s", r.uniform(0.005, 0.02, [4]).astype(np.float32)),
             const("w_zp", np.zeros([4], dtype=np.int8)),
             const("x_s", np.float32(0.03)), const("x_zp", np.int8(-5)),
             const("b", weights([4], 3))]
    nodes = [
        helper.make_node("QuantizeLinear", ["x", "x_s", "x_zp"], ["xq"],
                         name="qx"),
        helper.make_node("DequantizeLinear", ["xq", "x_s", "x_zp"], ["xf"],
                         name="dqx"),
        helper.make_node("DequantizeLinear", ["w_q", "w_s", "w_zp"], ["wf"],
                         name="dqw", axis=0),
        helper.make_node("Conv", ["xf", "wf", "b"], ["y"], name="conv",
                         pads=[1, 1, 1, 1]),
    ]
    return build(nodes, [("x", F, [1, 3, 6, 6])], [("y", F, None)], inits)


# --- A small CNN (ResNet-like) ---------------------------------------------

@model
def small_cnn():
    """conv-bn-relu, maxpool, a residual block with a 1x1 projection,
    a depthwise conv, global average pool, flatten, gemm, softmax."""
    r = rng(11)

    def bn(name, c):
        return [const(name + "_s", r.uniform(0.5, 1.5, [c]).astype(np.float32)),
                const(name + "_b", r.uniform(-0.2, 0.2, [c]).astype(np.float32)),
                const(name + "_m", r.uniform(-0.1, 0.1, [c]).astype(np.float32)),
                const(name + "_v", r.uniform(0.5, 1.5, [c]).astype(np.float32))]

    def w(name, shape):
        fan = int(np.prod(shape[1:]))
        return const(name, (r.standard_normal(shape) /
                            np.sqrt(fan)).astype(np.float32))

    inits = [w("w1", [8, 3, 3, 3]), *bn("bn1", 8),
             w("w2", [16, 8, 3, 3]), *bn("bn2", 16),
             w("w3", [16, 16, 3, 3]), *bn("bn3", 16),
             w("wp", [16, 8, 1, 1]),
             w("wd", [16, 1, 3, 3]), const("bd", weights([16], 4) * 0.1),
             w("fc", [10, 16]), const("fcb", weights([10], 5) * 0.1)]

    def bn_node(x, y, name):
        return helper.make_node("BatchNormalization",
                                [x] + [name + s for s in ["_s", "_b", "_m", "_v"]],
                                [y], name=name, epsilon=1e-5)

    nodes = [
        helper.make_node("Conv", ["x", "w1"], ["c1"], name="conv1",
                         pads=[1, 1, 1, 1], strides=[2, 2]),
        bn_node("c1", "b1", "bn1"),
        helper.make_node("Relu", ["b1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1",
                         kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1]),
        helper.make_node("Conv", ["p1", "w2"], ["c2"], name="conv2",
                         pads=[1, 1, 1, 1]),
        bn_node("c2", "b2", "bn2"),
        helper.make_node("Relu", ["b2"], ["r2"], name="relu2"),
        helper.make_node("Conv", ["r2", "w3"], ["c3"], name="conv3",
                         pads=[1, 1, 1, 1]),
        bn_node("c3", "b3", "bn3"),
        helper.make_node("Conv", ["p1", "wp"], ["proj"], name="proj"),
        helper.make_node("Add", ["b3", "proj"], ["res"], name="residual"),
        helper.make_node("Relu", ["res"], ["r3"], name="relu3"),
        helper.make_node("Conv", ["r3", "wd", "bd"], ["d"], name="dw",
                         group=16, pads=[1, 1, 1, 1]),
        helper.make_node("HardSwish", ["d"], ["hs"], name="hswish"),
        helper.make_node("GlobalAveragePool", ["hs"], ["g"], name="gap"),
        helper.make_node("Flatten", ["g"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fc", "fcb"], ["logits"], name="fc",
                         transB=1),
        helper.make_node("Softmax", ["logits"], ["y"], name="softmax", axis=1),
    ]
    return build(nodes, [("x", F, [1, 3, 32, 32])], [("y", F, [1, 10])],
                 inits, opset=14)


# --- Malformed and unsupported models (error tests) -------------------------

@model
def bad_unsupported_op():
    node = helper.make_node("LSTM", ["x", "w", "r"], ["y"], name="lstm1",
                            hidden_size=4)
    inits = [const("w", weights([1, 16, 3])), const("r", weights([1, 16, 4]))]
    return build([node], [("x", F, [2, 1, 3])], [("y", F, None)], inits,
                 opset=13)


@model
def bad_custom_domain():
    node = helper.make_node("FusedConv", ["x"], ["y"], name="fused",
                            domain="com.microsoft")
    m = build([node], [("x", F, [1, 2])], [("y", F, None)])
    m.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return m


@model
def bad_attribute_type():
    m = conv_model([1, 3, 8, 8], [4, 3, 3, 3])
    m.graph.node[0].attribute.append(helper.make_attribute("group", 1.0))
    return m


@model
def bad_missing_attribute():
    node = helper.make_node("Cast", ["x"], ["y"], name="cast")
    return build([node], [("x", F, [2])], [("y", F, None)])


@model
def bad_float_attribute():
    node = helper.make_node("LeakyRelu", ["x"], ["y"], name="leaky", alpha=1)
    return build([node], [("x", F, [2])], [("y", F, None)])


@model
def bad_ints_attribute():
    m = conv_model([1, 3, 8, 8], [4, 3, 3, 3])
    m.graph.node[0].attribute.append(helper.make_attribute("strides", 2))
    return m


@model
def bad_string_attribute():
    m = conv_model([1, 3, 8, 8], [4, 3, 3, 3])
    m.graph.node[0].attribute.append(helper.make_attribute("auto_pad", 1))
    return m


@model
def bad_raw_data_size():
    m = conv_model([1, 3, 8, 8], [4, 3, 3, 3])
    t = m.graph.initializer[0]
    t.raw_data = t.raw_data[:-4]
    return m


@model
def bad_undefined_input():
    node = helper.make_node("Relu", ["nowhere"], ["y"], name="relu")
    return build([node], [("x", F, [2])], [("y", F, None)])


@model
def bad_weight_shape():
    m = conv_model([1, 3, 8, 8], [4, 2, 3, 3])
    return m


@model
def bad_per_axis_scale():
    inits = [const("w_q", np.zeros([4, 3], dtype=np.int8)),
             const("s", np.full([3], 0.1, dtype=np.float32)),
             const("zp", np.zeros([3], dtype=np.int8))]
    node = helper.make_node("DequantizeLinear", ["w_q", "s", "zp"], ["y"],
                            name="dq", axis=0)
    return build([node], [("x", F, [1])], [("y", F, None)], inits)


@model
def bad_training_batchnorm():
    m = batchnorm()
    m.graph.node[0].output.extend(["running_mean"])
    return m


@model
def bad_quantized_input():
    """A quantized tensor feeding an op other than DequantizeLinear."""
    inits = [const("s", np.float32(0.5)), const("zp", np.uint8(128))]
    nodes = [helper.make_node("QuantizeLinear", ["x", "s", "zp"], ["q"],
                              name="q"),
             helper.make_node("Relu", ["q"], ["y"], name="relu_q")]
    return build(nodes, [("x", F, [4])], [("y", TensorProto.UINT8, None)],
                 inits)


@model
def bad_broadcast():
    node = helper.make_node("Add", ["x", "y"], ["z"], name="add")
    return build([node], [("x", F, [2, 3]), ("y", F, [4])], [("z", F, None)])


def special_inputs(name, shape):
    """Inputs that exercise a model's corner cases."""
    if name == "qdq_per_tensor":
        # Exact ties at scale 0.5 (x / 0.5 = k + 0.5), values that saturate
        # at both ends of u8 around zero point 128, and ordinary values.
        ties = np.array([0.25, 0.75, -0.25, -0.75, 1.25, -1.25, 2.25, 63.25],
                        dtype=np.float32)
        sat = np.array([-65.0, -64.0, -63.75, 63.5, 63.75, 64.0, 100.0,
                        -1000.0], dtype=np.float32)
        rest = rng(5).uniform(-70, 70, 16).astype(np.float32)
        return np.concatenate([ties, sat, rest]).reshape(shape)
    return None


def write_inputs(name, m, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    init_names = {t.name for t in m.graph.initializer}
    k = 0
    for i in m.graph.input:
        if i.name in init_names:
            continue
        shape = [d.dim_value for d in i.type.tensor_type.shape.dim]
        x = special_inputs(name, shape)
        if x is None:
            x = rng(100 + k).uniform(-2, 2, shape).astype(np.float32)
        np.save(os.path.join(out_dir, "input%d.npy" % k), x)
        k += 1


def main(argv):
    args = argv[1:]
    if args == ["--list"]:
        print("\n".join(n for n in MODELS if not n.startswith("bad_")))
        return 0
    with_inputs = "--inputs" in args
    args = [a for a in args if a != "--inputs"]
    if len(args) < 2 or any(n not in MODELS for n in args[1:]):
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = args[0]
    os.makedirs(out_dir, exist_ok=True)
    for name in args[1:]:
        m = MODELS[name]()
        if not name.startswith("bad_"):
            m = onnx.shape_inference.infer_shapes(m, strict_mode=True)
            onnx.checker.check_model(m)
        onnx.save(m, os.path.join(out_dir, name + ".onnx"))
        if with_inputs:
            write_inputs(name, m, os.path.join(out_dir, name + "-inputs"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
