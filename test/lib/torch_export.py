#!/usr/bin/env python3
"""Exports PyTorch models with torch.onnx.export (Debian python3-torch) for
the importer tests: what a user's exported model looks like, rather than
models written node by node.

usage: torch_export.py DIR NAME...   (writes DIR/NAME.onnx and
                                      DIR/NAME-inputs/input0.npy)

resnet_tiny: a ResNet-18-shaped network at a small width and resolution
(stem conv 7x7/2 + BN + ReLU + maxpool 3x3/2, two BasicBlocks per stage with
1x1/2 projection shortcuts, adaptive average pool, flatten, linear) with
random weights and non-trivial BN statistics, in eval mode.
resnet18: the same at ResNet-18's width and resolution.
"""
import os
import sys

import numpy as np
import torch
from torch import nn


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False),
                                      nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + (self.down(x) if self.down is not None else x))


class ResNetTiny(nn.Module):
    def __init__(self, width=8, classes=10):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, width, 7, 2, 3, bias=False),
                                  nn.BatchNorm2d(width), nn.ReLU(inplace=True),
                                  nn.MaxPool2d(3, 2, 1))
        layers, cin = [], width
        for k, stride in enumerate([1, 2, 2, 2]):
            cout = width * 2 ** k
            layers += [BasicBlock(cin, cout, stride), BasicBlock(cout, cout, 1)]
            cin = cout
        self.layers = nn.Sequential(*layers)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, classes)

    def forward(self, x):
        x = self.pool(self.layers(self.stem(x)))
        return self.fc(torch.flatten(x, 1))


def resnet_tiny():
    torch.manual_seed(0)
    m = ResNetTiny()
    for mod in m.modules():
        if isinstance(mod, nn.BatchNorm2d):
            mod.running_mean.uniform_(-0.2, 0.2)
            mod.running_var.uniform_(0.5, 1.5)
            mod.weight.data.uniform_(0.5, 1.5)
            mod.bias.data.uniform_(-0.2, 0.2)
    return m.eval(), (1, 3, 64, 64)


def resnet18():
    """torchvision's ResNet-18 architecture (width 64, 1000 classes, 224x224),
    random weights: too slow for the suite, for a run by hand."""
    torch.manual_seed(0)
    return ResNetTiny(width=64, classes=1000).eval(), (1, 3, 224, 224)


MODELS = {"resnet_tiny": resnet_tiny, "resnet18": resnet18}


def main(argv):
    if len(argv) < 3 or any(n not in MODELS for n in argv[2:]):
        print(__doc__, file=sys.stderr)
        return 2
    out_dir = argv[1]
    os.makedirs(out_dir, exist_ok=True)
    for name in argv[2:]:
        model, shape = MODELS[name]()
        x = torch.from_numpy(np.random.default_rng(1).uniform(
            -1, 1, shape).astype(np.float32))
        torch.onnx.export(model, x, os.path.join(out_dir, name + ".onnx"),
                          input_names=["input"], output_names=["logits"],
                          opset_version=13)
        os.makedirs(os.path.join(out_dir, name + "-inputs"), exist_ok=True)
        np.save(os.path.join(out_dir, name + "-inputs", "input0.npy"),
                x.numpy())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
