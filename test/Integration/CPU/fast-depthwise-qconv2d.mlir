// RUN: %python %quantx_src/test/lib/fast_kernel_cases.py depthwise %t.mlir
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline | %run_main | grep -v "Unranked Memref" > %t.ref
// RUN: quantx-opt %t.mlir --quantx-lower-to-llvm-pipeline="kernels=fast isa=generic" | %run_main | grep -v "Unranked Memref" > %t.fast
// RUN: count 5 < %t.ref
// RUN: diff %t.ref %t.fast
// RUN: quantx-opt %t.mlir --convert-quantx-to-vector=isa=generic | FileCheck %s

// The depthwise qconv2d lowering of convert-quantx-to-vector (groups = C =
// F: i32 vectors along the channels) agrees bit for bit with the reference
// lowering (convert-quantx-to-linalg's grouped convolution, checked against
// numpy in qconv2d.mlir) on the 5 cases of test/lib/fast_kernel_cases.py
// depthwise: 3x3 and 5x5 filters, strides 1 and 2, symmetric, asymmetric
// and no padding, dilation, C = 3, 8, 13, 16, 20 (channel padding to the
// vector length), per-tensor and per-channel weight zero points, u8 and i8
// activations and weights, constant and no bias, dynamic batch, NHWC and
// NCHW, with and without a requantize after. Every case takes the path:

// CHECK-COUNT-5: vector.transfer_read {{.*}} vector<8xi8>
// CHECK-NOT: quantx.qconv2d
