// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py depthwise %t.mlir
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.ref
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=generic" | %run_main | grep -v "Unranked Memref" > %t.fast
// RUN: count 6 < %t.ref
// RUN: diff %t.ref %t.fast
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=generic | FileCheck %s
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=generic | FileCheck %s --check-prefix=PAD --implicit-check-not=tensor.pad

// The depthwise qconv2d lowering of convert-quantx-to-vector (groups = C =
// F: i32 vectors along the channels) agrees bit for bit with the reference
// lowering (convert-quantx-to-linalg's grouped convolution, checked against
// numpy in qconv2d.mlir) on the 6 cases of test/lib/fast_kernel_cases.py
// depthwise: 3x3 and 5x5 filters, strides 1 and 2, symmetric, asymmetric
// and no padding, dilation, C = 3, 8, 13, 16, 20 (channel padding to the
// vector length), per-tensor and per-channel weight zero points, u8 and i8
// activations and weights, constant and no bias, dynamic batch, NHWC and
// NCHW, with and without a requantize after, padded rows of 120 bytes. Every
// case takes the path:

// CHECK-COUNT-6: vector.transfer_read {{.*}} vector<8xi8>
// CHECK-NOT: quantx.qconv2d

// Every case pads its input through a padding kernel (64-byte vector
// copies), not tensor.pad (an element-by-element memrefCopy once bufferized):

// PAD-COUNT-6: call @__quantx_pad_generic_{{[0-9]+}}(
// PAD: func.func private @__quantx_pad_generic_{{[0-9]+}}(%{{.*}}: memref<?xi8>, %{{.*}}: memref<1x8x9x8xi8>)
// PAD: vector.store %{{.*}} : memref<?xi8>, vector<64xi8>
