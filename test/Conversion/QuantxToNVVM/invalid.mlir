// RUN: quantx-opt %s --convert-quantx-to-nvvm="tile-k=48" --split-input-file -verify-diagnostics

/// tile-k must be a whole number of m16n8k32 steps.
// expected-error @below {{convert-quantx-to-nvvm: invalid tiling: tile-k (48) must be a multiple of 32}}
module {
  func.func @f(%a: tensor<4x8xi8>, %w: tensor<8x4xi8>) -> tensor<4x4xi32> {
    %acc = quantx.qmatmul %a, %w : tensor<4x8xi8>, tensor<8x4xi8> -> tensor<4x4xi32>
    return %acc : tensor<4x4xi32>
  }
}
