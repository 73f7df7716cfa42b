// RUN: quantx-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect

// One case per diagnostic of #quantx.tensor_stats (lib/Dialect/Quantx/IR/
// TensorStats.cpp): the attribute's verifier (the numerics' own invariants,
// TensorStatistics::validate), its parser, and the checks of where it is
// attached (`quantx.stats` on op results and function arguments). The two
// verifier messages that text cannot reach (non-f64 values, a partial
// per-channel set; the parser always builds both whole) are C++-only.

/// Bins are i64 counts.
// expected-error @+1 {{histogram bins must be a 1-D tensor of i64, got 'tensor<2048xi32>'}}
func.func @bins_i32(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 3.0], bins = dense<0> : tensor<2048xi32>}>}) {
  return
}

// -----

/// Bins are counts.
// expected-error @+1 {{histogram bins must be non-negative}}
func.func @bins_negative(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 3.0], bins = dense<-1> : tensor<2048xi64>}>}) {
  return
}

// -----

/// Statistics describe at least one value.
// expected-error @+1 {{invalid tensor statistics: count must be positive}}
func.func @count_zero(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 0, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0>}) {
  return
}

// -----

/// Infinities and NaN are not statistics.
// expected-error @+1 {{invalid tensor statistics: statistics must be finite}}
func.func @min_infinite(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = 0xFFF0000000000000, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0>}) {
  return
}

// -----

/// min <= max.
// expected-error @+1 {{invalid tensor statistics: min 2 exceeds max 1}}
func.func @min_above_max(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = 2.0, max = 1.0, mean = 1.5, std = 1.0, mad = 1.0>}) {
  return
}

// -----

/// The mean lies in [min, max].
// expected-error @+1 {{invalid tensor statistics: mean 5 lies outside [min, max] = [-1, 3]}}
func.func @mean_outside(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 5.0, std = 1.0, mad = 1.0>}) {
  return
}

// -----

/// Deviations are not negative.
// expected-error @+1 {{invalid tensor statistics: std and mad must be non-negative}}
func.func @mad_negative(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = -1.0>}) {
  return
}

// -----

/// A histogram has at least 2048 bins.
// expected-error @+1 {{invalid tensor statistics: histogram has 4 bins, expected at least 2048}}
func.func @few_bins(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 3.0], bins = dense<1> : tensor<4xi64>}>}) {
  return
}

// -----

/// The histogram range is finite.
// expected-error @+1 {{invalid tensor statistics: histogram range must be finite}}
func.func @range_infinite(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 0x7FF0000000000000], bins = dense<0> : tensor<2048xi64>}>}) {
  return
}

// -----

/// The histogram covers every value.
// expected-error @+1 {{invalid tensor statistics: histogram range [0, 3] does not contain [min, max] = [-1, 3]}}
func.func @range_short(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [0.0, 3.0], bins = dense<0> : tensor<2048xi64>}>}) {
  return
}

// -----

/// The histogram holds `count` values.
// expected-error @+1 {{invalid tensor statistics: histogram holds 2048 values, count is 4}}
func.func @bins_sum(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 3.0], bins = dense<1> : tensor<2048xi64>}>}) {
  return
}

// -----

/// Axes are not negative.
// expected-error @+1 {{invalid tensor statistics: per-channel axis must be non-negative}}
func.func @axis_negative(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = -1, min = [0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// One value per channel in every array.
// expected-error @+1 {{invalid tensor statistics: per-channel arrays must be non-empty and of equal length}}
func.func @arrays_unequal(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0, 0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// Per-channel statistics are finite.
// expected-error @+1 {{invalid tensor statistics: per-channel statistics must be finite}}
func.func @channel_nan(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5], std = [0x7FF8000000000000], mad = [0.5]}>}) {
  return
}

// -----

/// A channel's mean lies in its range.
// expected-error @+1 {{invalid tensor statistics: channel 0: mean outside [min, max]}}
func.func @channel_mean(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [2.0], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// A channel's range lies in the tensor's.
// expected-error @+1 {{invalid tensor statistics: channel 1: range outside the tensor's}}
func.func @channel_range(%x: tensor<2xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0, -2.0], max = [1.0, 1.0], mean = [0.5, 0.5], std = [0.5, 0.5], mad = [0.5, 0.5]}>}) {
  return
}

// -----

/// Channel deviations are not negative.
// expected-error @+1 {{invalid tensor statistics: channel 0: negative std or mad}}
func.func @channel_std(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5], std = [-0.5], mad = [0.5]}>}) {
  return
}

// -----

/// One histogram.
// expected-error @+1 {{duplicate 'histogram'}}
func.func @two_histograms(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 3.0], bins = dense<0> : tensor<2048xi64>}, histogram = {range = [-1.0, 3.0], bins = dense<0> : tensor<2048xi64>}>}) {
  return
}

// -----

/// Bins are a dense integer tensor.
// expected-error @+1 {{expected a dense integer tensor of bin counts}}
func.func @bins_float(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, histogram = {range = [-1.0, 3.0], bins = dense<0.0> : tensor<2048xf64>}>}) {
  return
}

// -----

/// One set of per-channel statistics.
// expected-error @+1 {{duplicate 'per_channel'}}
func.func @two_per_channel(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// Only histogram and per_channel follow the moments.
// expected-error @+1 {{expected 'histogram' or 'per_channel'}}
func.func @unknown_part(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, percentiles = [1.0]>}) {
  return
}

// -----

/// Statistics describe floats.
// expected-error @+1 {{'quantx.stats' describes a value of type 'tensor<4xi32>', expected floats}}
func.func @integer_value(%x: tensor<4xi32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0>}) {
  return
}

// -----

/// Per-channel statistics need a ranked value.
// expected-error @+1 {{per-channel statistics describe a value of type 'f32', expected a ranked shaped type}}
func.func @per_channel_scalar(%x: f32 {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// The channel axis is a dimension of the value.
// expected-error @+1 {{per-channel axis 2 is out of range for a value of rank 1}}
func.func @axis_out_of_range(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 2, min = [0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// One entry per channel.
// expected-error @+1 {{per-channel statistics have 1 channels, dimension 0 has 4}}
func.func @channel_count(%x: tensor<4xf32> {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0, per_channel = {axis = 0, min = [0.0], max = [1.0], mean = [0.5], std = [0.5], mad = [0.5]}>}) {
  return
}

// -----

/// A single attribute describes a single result.
func.func @two_results(%a: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.stats' holding one #quantx.tensor_stats needs an op with one result, this one has 2}}
  %r:2 = "test.two"(%a) {quantx.stats = #quantx.tensor_stats<count = 4, min = -1.0, max = 3.0, mean = 1.0, std = 1.0, mad = 1.0>} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

/// An array has one entry per result.
func.func @array_size(%a: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.stats' has 1 entries for 2 results}}
  %r:2 = "test.two"(%a) {quantx.stats = [unit]} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

/// Array entries are statistics or unit.
func.func @array_entry(%a: tensor<4xf32>) {
  // expected-error @+1 {{entries of 'quantx.stats' must be #quantx.tensor_stats or unit}}
  %r:2 = "test.two"(%a) {quantx.stats = [unit, 1.0]} : (tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
  return
}

// -----

/// quantx.stats on an op is statistics or an array of them.
func.func @op_attr_kind(%a: tensor<4xf32>) {
  // expected-error @+1 {{'quantx.stats' must be a #quantx.tensor_stats or an array of them, one per result}}
  %r = arith.addf %a, %a {quantx.stats = 1.0} : tensor<4xf32>
  return
}

// -----

/// quantx.stats on an argument is statistics.
// expected-error @+1 {{argument attribute 'quantx.stats' must be a #quantx.tensor_stats}}
func.func @arg_attr_kind(%x: tensor<4xf32> {quantx.stats = [unit]}) {
  return
}
