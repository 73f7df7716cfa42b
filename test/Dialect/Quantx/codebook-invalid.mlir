// RUN: quantx-opt %s -split-input-file -verify-diagnostics

// One case per diagnostic of the codebook op verifiers
// (lib/Dialect/Quantx/IR/QuantxCodebookOps.cpp) and their ODS element type
// constraints. Each message is quoted in full.

//===----------------------------------------------------------------------===//
// ODS type constraints
//===----------------------------------------------------------------------===//

/// Centroids are 16- or 32-bit floats.
func.func @centroids_integer(%c: tensor<4x2xi8>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float values, but got 'tensor<4x2xi8>'}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x2xi8>, tensor<2x3xi8> -> tensor<4x3xf32>
  return
}

// -----

/// Codes are signless storage: `ui8` is rejected (indices are always read as
/// unsigned, see docs/Rationale.md).
func.func @codes_unsigned_type(%c: tensor<4x2xf32>, %codes: tensor<2x3xui8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op operand #1 must be ranked tensor of 8-bit signless integer or 16-bit signless integer values, but got 'tensor<2x3xui8>'}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x2xf32>, tensor<2x3xui8> -> tensor<4x3xf32>
  return
}

// -----

/// The rebuilt weights are floats.
func.func @dequantize_integer_result(%c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op result #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float values, but got 'tensor<4x3xi32>'}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x2xf32>, tensor<2x3xi8> -> tensor<4x3xi32>
  return
}

// -----

/// f64 activations are not accepted: the op computes in f32.
func.func @matmul_f64_input(%x: tensor<2x4xf64>, %c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op operand #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float values, but got 'tensor<2x4xf64>'}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x4xf64>, tensor<4x2xf32>, tensor<2x3xi8> -> tensor<2x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// Centroids and codes (shared by both ops)
//===----------------------------------------------------------------------===//

// -----

/// A codebook is C x d, or G x C x d for several codebooks.
func.func @centroids_rank_one(%c: tensor<8xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op centroids must have rank 2 (C x d) or 3 (G x C x d), got rank 1}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<8xf32>, tensor<2x3xi8> -> tensor<4x3xf32>
  return
}

// -----

/// The block size and the number of centroids are compile-time constants.
func.func @centroids_dynamic(%c: tensor<?x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op centroids must have a static shape, got [?, 2]}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<?x2xf32>, tensor<2x3xi8> -> tensor<4x3xf32>
  return
}

// -----

/// A block size of 0 would make K / d meaningless.
func.func @centroids_empty(%c: tensor<4x0xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op centroids must have no empty dimension, got [4, 0]}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x0xf32>, tensor<2x3xi8> -> tensor<4x3xf32>
  return
}

// -----

/// Several indices per block (additive codebooks) are reserved for later.
func.func @codes_rank_three(%c: tensor<4x2xf32>, %codes: tensor<2x2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op codes must have rank 2 (S blocks x N columns), got rank 3; additive codebooks (several indices per block) are not implemented}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x2xf32>, tensor<2x2x3xi8> -> tensor<4x3xf32>
  return
}

// -----

/// Codes are constants with a known layout.
func.func @codes_dynamic(%x: tensor<2x4xf32>, %c: tensor<4x2xf32>, %codes: tensor<2x?xi8>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op codes must have a static shape, got [2, ?]}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x4xf32>, tensor<4x2xf32>, tensor<2x?xi8> -> tensor<2x3xf32>
  return
}

// -----

/// i16 indices address at most 65536 centroids.
func.func @too_many_centroids(%x: tensor<2x4xf32>, %c: tensor<65537x2xf16>, %codes: tensor<2x3xi16>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op at most 65536 centroids are supported, got 65537}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x4xf32>, tensor<65537x2xf16>, tensor<2x3xi16> -> tensor<2x3xf32>
  return
}

// -----

/// The index width follows from C: i8 up to 256 centroids.
func.func @codes_too_wide(%c: tensor<16x2xf32>, %codes: tensor<2x3xi16>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op codes must be i8 for 16 centroids (i8 up to 256, i16 up to 65536), got i16}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<16x2xf32>, tensor<2x3xi16> -> tensor<4x3xf32>
  return
}

// -----

/// Each codebook serves the same number of consecutive blocks.
func.func @codebooks_do_not_divide_blocks(%c: tensor<3x4x2xf32>, %codes: tensor<4x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op the number of codebooks G = 3 must divide the number of blocks S = 4}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<3x4x2xf32>, tensor<4x3xi8> -> tensor<8x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// codebook_dequantize
//===----------------------------------------------------------------------===//

// -----

/// Each dimension can be named once.
func.func @reduction_dims_repeated(%c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op reduction_dims must be a non-empty list of distinct dimensions of the rank-2 result, got [0, 0]}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0, 0]
      : tensor<4x2xf32>, tensor<2x3xi8> -> tensor<4x3xf32>
  return
}

// -----

/// Weights have a static shape.
func.func @dequantize_dynamic_result(%c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op result must have a static shape, got [?, 3]}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x2xf32>, tensor<2x3xi8> -> tensor<?x3xf32>
  return
}

// -----

/// Blocks never straddle the end of the reduction dimension.
func.func @reduction_not_multiple_of_block(%c: tensor<4x8xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op reduction size K = 12 is not a multiple of the block size d = 8}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [0]
      : tensor<4x8xf32>, tensor<2x3xi8> -> tensor<12x3xf32>
  return
}

// -----

/// A 3x3 conv filter F x C x KH x KW = 4 x 2 x 3 x 3 with d = 9 has 2 blocks
/// per filter: codes are 2 x 4, not 4 x 2.
func.func @codes_shape_mismatch(%c: tensor<16x9xf16>, %codes: tensor<4x2xi8>) {
  // expected-error @+1 {{'quantx.codebook_dequantize' op codes must have shape [S, N] = [2, 4] for this result, got [4, 2]}}
  %w = quantx.codebook_dequantize %c, %codes reduction_dims [1, 2, 3]
      : tensor<16x9xf16>, tensor<4x2xi8> -> tensor<4x2x3x3xf32>
  return
}

//===----------------------------------------------------------------------===//
// codebook_matmul
//===----------------------------------------------------------------------===//

// -----

/// Activations are M x K; batches are reshaped by the producer.
func.func @matmul_input_rank(%x: tensor<2x2x4xf32>, %c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op input must have rank 2 (M x K), got rank 3}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x2x4xf32>, tensor<4x2xf32>, tensor<2x3xi8> -> tensor<2x3xf32>
  return
}

// -----

/// The result is M x N.
func.func @matmul_result_rank(%x: tensor<2x4xf32>, %c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op result must have rank 2 (M x N), got rank 1}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x4xf32>, tensor<4x2xf32>, tensor<2x3xi8> -> tensor<6xf32>
  return
}

// -----

/// K must be the S blocks of d that the codes describe.
func.func @matmul_reduction_mismatch(%x: tensor<2x5xf32>, %c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op input reduction size K = 5 does not match the codes and centroids: S * d = 2 * 2 = 4}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x5xf32>, tensor<4x2xf32>, tensor<2x3xi8> -> tensor<2x3xf32>
  return
}

// -----

/// N comes from the codes, M from the input.
func.func @matmul_result_shape(%x: tensor<2x4xf32>, %c: tensor<4x2xf32>, %codes: tensor<2x3xi8>) {
  // expected-error @+1 {{'quantx.codebook_matmul' op result must have shape [M, N] = [2, 3], got [2, 4]}}
  %y = quantx.codebook_matmul %x, %c, %codes
      : tensor<2x4xf32>, tensor<4x2xf32>, tensor<2x3xi8> -> tensor<2x4xf32>
  return
}

// -----

/// A byte_lookup table is 64, 128 or 256 bytes: 1, 2 or 4 vectors.
func.func @byte_lookup_three_vectors(%i: vector<64xi8>, %t: vector<64xi8>) -> vector<64xi8> {
  // expected-error @+1 {{'quantx.byte_lookup' op table must be 1, 2 or 4 vectors of 64 bytes (64, 128 or 256 entries), got 3}}
  %v = quantx.byte_lookup %i in [%t, %t, %t]
      : vector<64xi8> from vector<64xi8>, vector<64xi8>, vector<64xi8>
  return %v : vector<64xi8>
}
