// RUN: quantx-opt %s --convert-quantx-to-linalg --split-input-file | FileCheck %s

/// Quantized types become their storage integer types everywhere the
/// conversion reaches: function signatures, declarations, calls and returns,
/// scalars and unranked tensors, scf control flow, tensor ops (including the
/// regions of tensor.pad and tensor.generate); quant.scast disappears.

// CHECK-LABEL: func.func private @callee(tensor<4xi8>) -> tensor<4xi8>
// CHECK-LABEL: func.func @signature
// CHECK-SAME:    (%[[A:.*]]: tensor<4xi8>, %[[S:.*]]: i8, %[[U:.*]]: tensor<*xi8>, %[[F:.*]]: tensor<2xf32>) -> (tensor<4xi8>, i8, tensor<*xi8>, tensor<2xf32>)
// CHECK:         %[[R:.*]] = call @callee(%[[A]]) : (tensor<4xi8>) -> tensor<4xi8>
// CHECK:         return %[[R]], %[[S]], %[[U]], %[[F]] : tensor<4xi8>, i8, tensor<*xi8>, tensor<2xf32>
func.func private @callee(tensor<4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
func.func @signature(%a: tensor<4x!quant.uniform<i8:f32, 0.5:-3>>, %s: !quant.uniform<i8:f32, 0.5:-3>, %u: tensor<*x!quant.uniform<u8:f32, 0.5:128>>, %f: tensor<2xf32>)
    -> (tensor<4x!quant.uniform<i8:f32, 0.5:-3>>, !quant.uniform<i8:f32, 0.5:-3>, tensor<*x!quant.uniform<u8:f32, 0.5:128>>, tensor<2xf32>) {
  %r = call @callee(%a) : (tensor<4x!quant.uniform<i8:f32, 0.5:-3>>) -> tensor<4x!quant.uniform<i8:f32, 0.5:-3>>
  return %r, %s, %u, %f : tensor<4x!quant.uniform<i8:f32, 0.5:-3>>, !quant.uniform<i8:f32, 0.5:-3>, tensor<*x!quant.uniform<u8:f32, 0.5:128>>, tensor<2xf32>
}

// -----

/// Per-axis and sub-channel element types convert like per-tensor ones; i4
/// and i16 storage keep their widths.
// CHECK-LABEL: func.func @element_types
// CHECK-SAME:    (%{{.*}}: tensor<2x3xi4>, %{{.*}}: tensor<2x4xi16>) -> (tensor<2x3xi4>, tensor<2x4xi16>)
func.func @element_types(%a: tensor<2x3x!quant.uniform<i4:f32:1, {0.5, 0.25, 2.0:3}>>, %b: tensor<2x4x!quant.uniform<i16:f32:{1:2}, {{0.5, 0.25}, {2.0:3, 1.0:-7}}>>)
    -> (tensor<2x3x!quant.uniform<i4:f32:1, {0.5, 0.25, 2.0:3}>>, tensor<2x4x!quant.uniform<i16:f32:{1:2}, {{0.5, 0.25}, {2.0:3, 1.0:-7}}>>) {
  return %a, %b : tensor<2x3x!quant.uniform<i4:f32:1, {0.5, 0.25, 2.0:3}>>, tensor<2x4x!quant.uniform<i16:f32:{1:2}, {{0.5, 0.25}, {2.0:3, 1.0:-7}}>>
}

// -----

/// quant.scast between a storage tensor and a quantized one is removed in
/// both directions.
// CHECK-LABEL: func.func @storage_cast
// CHECK-SAME:    (%[[X:.*]]: tensor<4xi8>) -> tensor<4xi8>
// CHECK-NOT:     quant.scast
// CHECK:         %[[C:.*]] = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi8>
// CHECK:         %[[S:.*]] = arith.addi %[[X]], %[[C]] : tensor<4xi8>
// CHECK-NOT:     quant.scast
// CHECK:         return %[[S]] : tensor<4xi8>
func.func @storage_cast(%x: tensor<4x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %s = quant.scast %x : tensor<4x!quant.uniform<i8:f32, 0.5>> to tensor<4xi8>
  %c = arith.constant dense<[1, 2, 3, 4]> : tensor<4xi8>
  %t = arith.addi %s, %c : tensor<4xi8>
  %q = quant.scast %t : tensor<4xi8> to tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// scf.if and scf.for results, iteration arguments and yields, with a
/// quantx op lowered inside the loop.
// CHECK-LABEL: func.func @scf_control_flow
// CHECK-SAME:    (%[[A:.*]]: tensor<4xi8>, %[[F:.*]]: tensor<4xf32>, %[[C:.*]]: i1, %[[N:.*]]: index) -> tensor<4xi8>
// CHECK:         %[[IF:.*]] = scf.if %[[C]] -> (tensor<4xi8>) {
// CHECK:           scf.yield %[[A]] : tensor<4xi8>
// CHECK:         } else {
// CHECK:           %[[E:.*]] = tensor.empty() : tensor<4xi8>
// CHECK:           scf.yield %[[E]] : tensor<4xi8>
// CHECK:         %[[FOR:.*]] = scf.for %{{.*}} = %{{.*}} to %[[N]] step %{{.*}} iter_args(%[[T:.*]] = %[[IF]]) -> (tensor<4xi8>) {
// CHECK:           %[[Q:.*]] = linalg.generic
// CHECK-SAME:          ins(%[[F]] : tensor<4xf32>)
// CHECK:           scf.yield %[[Q]] : tensor<4xi8>
// CHECK:         return %[[FOR]] : tensor<4xi8>
func.func @scf_control_flow(%a: tensor<4x!quant.uniform<i8:f32, 0.5>>, %f: tensor<4xf32>, %c: i1, %n: index) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
  %0 = scf.if %c -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
    scf.yield %a : tensor<4x!quant.uniform<i8:f32, 0.5>>
  } else {
    %e = tensor.empty() : tensor<4x!quant.uniform<i8:f32, 0.5>>
    scf.yield %e : tensor<4x!quant.uniform<i8:f32, 0.5>>
  }
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %1 = scf.for %iv = %c0 to %n step %c1 iter_args(%t = %0) -> tensor<4x!quant.uniform<i8:f32, 0.5>> {
    %q = quantx.quantize %f rounding<half_to_even> : tensor<4xf32> -> tensor<4x!quant.uniform<i8:f32, 0.5>>
    scf.yield %q : tensor<4x!quant.uniform<i8:f32, 0.5>>
  }
  return %1 : tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

/// Shape-only tensor ops are rebuilt with storage types.
// CHECK-LABEL: func.func @tensor_ops
// CHECK-SAME:    (%[[A:.*]]: tensor<4x6xi8>, %[[I:.*]]: index, %[[S:.*]]: i8)
// CHECK:         tensor.extract_slice %[[A]][0, 0] [2, 3] [1, 1] : tensor<4x6xi8> to tensor<2x3xi8>
// CHECK:         tensor.collapse_shape %[[A]] {{\[\[}}0, 1]] : tensor<4x6xi8> into tensor<24xi8>
// CHECK:         tensor.expand_shape %[[A]] {{\[\[}}0], [1, 2]] output_shape [4, 2, 3] : tensor<4x6xi8> into tensor<4x2x3xi8>
// CHECK:         tensor.concat dim(0) %[[A]], %[[A]] : (tensor<4x6xi8>, tensor<4x6xi8>) -> tensor<8x6xi8>
// CHECK:         %[[CAST:.*]] = tensor.cast %[[A]] : tensor<4x6xi8> to tensor<?x6xi8>
// CHECK:         %[[EXT:.*]] = tensor.extract %[[A]][%[[I]], %[[I]]] : tensor<4x6xi8>
// CHECK:         tensor.insert %[[S]] into %[[A]][%[[I]], %[[I]]] : tensor<4x6xi8>
// CHECK:         tensor.from_elements %[[S]], %[[EXT]] : tensor<2xi8>
// CHECK:         tensor.splat %[[S]] : tensor<3x3xi8>
// CHECK:         tensor.dim %[[CAST]], %[[I]] : tensor<?x6xi8>
// CHECK:         tensor.insert_slice %{{.*}} into %[[A]][1, 2] [2, 3] [1, 1] : tensor<2x3xi8> into tensor<4x6xi8>
!q = !quant.uniform<i8:f32, 0.5:-3>
func.func @tensor_ops(%a: tensor<4x6x!q>, %i: index, %s: !q)
    -> (tensor<2x3x!q>, tensor<24x!q>, tensor<4x2x3x!q>, tensor<8x6x!q>, !q, tensor<4x6x!q>, tensor<2x!q>, tensor<3x3x!q>, index, tensor<4x6x!q>) {
  %0 = tensor.extract_slice %a[0, 0] [2, 3] [1, 1] : tensor<4x6x!q> to tensor<2x3x!q>
  %1 = tensor.collapse_shape %a [[0, 1]] : tensor<4x6x!q> into tensor<24x!q>
  %2 = tensor.expand_shape %a [[0], [1, 2]] output_shape [4, 2, 3] : tensor<4x6x!q> into tensor<4x2x3x!q>
  %3 = tensor.concat dim(0) %a, %a : (tensor<4x6x!q>, tensor<4x6x!q>) -> tensor<8x6x!q>
  %4 = tensor.cast %a : tensor<4x6x!q> to tensor<?x6x!q>
  %5 = tensor.extract %a[%i, %i] : tensor<4x6x!q>
  %6 = tensor.insert %s into %a[%i, %i] : tensor<4x6x!q>
  %7 = tensor.from_elements %s, %5 : tensor<2x!q>
  %8 = tensor.splat %s : tensor<3x3x!q>
  %9 = tensor.dim %4, %i : tensor<?x6x!q>
  %10 = tensor.insert_slice %0 into %a[1, 2] [2, 3] [1, 1] : tensor<2x3x!q> into tensor<4x6x!q>
  return %0, %1, %2, %3, %5, %6, %7, %8, %9, %10 : tensor<2x3x!q>, tensor<24x!q>, tensor<4x2x3x!q>, tensor<8x6x!q>, !q, tensor<4x6x!q>, tensor<2x!q>, tensor<3x3x!q>, index, tensor<4x6x!q>
}

// -----

/// tensor.pad and tensor.generate keep their regions, with the quant.scast
/// of the yielded value removed and the yield converted.
// CHECK-LABEL: func.func @tensor_ops_with_regions
// CHECK-SAME:    (%[[A:.*]]: tensor<4xi8>, %[[C:.*]]: i8, %[[N:.*]]: index) -> (tensor<6xi8>, tensor<?xi8>)
// CHECK:         %[[P:.*]] = tensor.pad %[[A]] low[1] high[1] {
// CHECK-NEXT:    ^bb0(%{{.*}}: index):
// CHECK-NEXT:      tensor.yield %[[C]] : i8
// CHECK-NEXT:    } : tensor<4xi8> to tensor<6xi8>
// CHECK:         %[[G:.*]] = tensor.generate %[[N]] {
// CHECK-NEXT:    ^bb0(%{{.*}}: index):
// CHECK-NEXT:      tensor.yield %[[C]] : i8
// CHECK-NEXT:    } : tensor<?xi8>
// CHECK:         return %[[P]], %[[G]] : tensor<6xi8>, tensor<?xi8>
func.func @tensor_ops_with_regions(%a: tensor<4x!quant.uniform<i8:f32, 0.5>>, %c: i8, %n: index) -> (tensor<6x!quant.uniform<i8:f32, 0.5>>, tensor<?x!quant.uniform<i8:f32, 0.5>>) {
  %p = tensor.pad %a low[1] high[1] {
  ^bb0(%i: index):
    %q = quant.scast %c : i8 to !quant.uniform<i8:f32, 0.5>
    tensor.yield %q : !quant.uniform<i8:f32, 0.5>
  } : tensor<4x!quant.uniform<i8:f32, 0.5>> to tensor<6x!quant.uniform<i8:f32, 0.5>>
  %g = tensor.generate %n {
  ^bb0(%i: index):
    %q = quant.scast %c : i8 to !quant.uniform<i8:f32, 0.5>
    tensor.yield %q : !quant.uniform<i8:f32, 0.5>
  } : tensor<?x!quant.uniform<i8:f32, 0.5>>
  return %p, %g : tensor<6x!quant.uniform<i8:f32, 0.5>>, tensor<?x!quant.uniform<i8:f32, 0.5>>
}
