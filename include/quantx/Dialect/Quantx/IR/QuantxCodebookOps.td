//===- QuantxCodebookOps.td - codebook-quantized weights ---*- tablegen -*-===//
//
// Product quantization with byte codebooks ("And the bit goes down", Stock et
// al., ICLR 2020): weights stored as centroids plus one index per block of d
// consecutive weights along the reduction dimension. Included by
// QuantxOps.td.
//
//===----------------------------------------------------------------------===//

#ifndef QUANTX_DIALECT_QUANTX_IR_QUANTXCODEBOOKOPS_TD
#define QUANTX_DIALECT_QUANTX_IR_QUANTXCODEBOOKOPS_TD

include "quantx/Dialect/Quantx/IR/QuantxBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Centroids, activations and results: 16- or 32-bit floats. Everything is
// computed in f32.
def Quantx_CodebookFloatTensor : RankedTensorOf<[F16, BF16, F32]>;

// Assignments: signless i8 (at most 256 centroids) or i16 (at most 65536),
// always read as unsigned (zero-extended).
def Quantx_CodebookIndexTensor : RankedTensorOf<[I8, I16]>;

// Shared accessors of the two codebook ops (the shapes are verified static).
defvar Quantx_CodebookAccessorsDecl = [{
    /// Number of codebooks G: 1 for a shared codebook (rank-2 centroids),
    /// the leading dimension of rank-3 centroids otherwise.
    int64_t getNumCodebooks() {
      auto type = getCentroids().getType();
      return type.getRank() == 3 ? type.getDimSize(0) : 1;
    }
    /// Number of centroids C per codebook.
    int64_t getNumCentroids() {
      auto type = getCentroids().getType();
      return type.getDimSize(type.getRank() - 2);
    }
    /// Block size d: the number of consecutive reduction elements per index.
    int64_t getBlockSize() {
      auto type = getCentroids().getType();
      return type.getDimSize(type.getRank() - 1);
    }
    /// Number of blocks S along the reduction dimension (K = S * d).
    int64_t getNumBlocks() { return getCodes().getType().getDimSize(0); }
    /// Number of output columns N.
    int64_t getNumColumns() { return getCodes().getType().getDimSize(1); }
}];

//===----------------------------------------------------------------------===//
// quantx.codebook_dequantize
//===----------------------------------------------------------------------===//

def Quantx_CodebookDequantizeOp : Quantx_Op<"codebook_dequantize", [Pure]> {
  let summary = "Rebuild codebook-quantized weights from centroids and "
                "assignments";
  let description = [{
    Reconstructs a weight tensor stored as product-quantized codes: the
    weight is viewed as a `K x N` matrix whose reduction dimension `K` is cut
    into `S = K / d` blocks of `d` consecutive elements, and each block of
    each column is replaced by one of `C` centroids of `d` values:

    ```
    W[k, n] = centroids[g(k / d), codes[k / d, n], k mod d]
    ```

    * `centroids`: `C x d` (one codebook shared by every block position, as
      kill-the-bits does) or `G x C x d` (`G` codebooks; block `j` uses
      codebook `g(j) = j / (S / G)`, so `G = S` is classic product
      quantization with one codebook per sub-space). `f16`, `bf16` or `f32`.
    * `codes`: `S x N` indices, stored block-major (row `j` holds the indices
      of block `j` for every column). Signless `i8` when `C <= 256` and `i16`
      when `256 < C <= 65536`, always read as unsigned: the index type is
      storage, its width is fixed by `C`.
    * `reduction_dims`: which dimensions of the result form `K`, in the order
      in which they are flattened (row-major); the other dimensions, in
      increasing order, form `N`. A matmul weight `K x N` uses `[0]`; a
      transposed one `N x K` uses `[1]`; a convolution filter `F x C x KH x
      KW` uses `[1, 2, 3]` (a block of `d = 9` is then one input channel's
      3x3 kernel) and `KH x KW x C x F` uses `[2, 0, 1]` for the same blocks
      (or `[0, 1, 2]` for blocks along the input channels).

    The result is the weight tensor, of a static shape, in any of the three
    float types (centroid values are converted, exactly when widening).

    Additive codebooks (AQLM: several codebooks whose selected centroids are
    summed) would add a leading dimension to `codes` and `centroids`; they
    are not implemented and the verifier rejects codes of rank other than 2.

    Example:

    ```mlir
    // A 4096 x 64 matmul weight: 512 blocks of 8, 256 shared centroids.
    %w = quantx.codebook_dequantize %centroids, %codes reduction_dims [0]
        : tensor<256x8xf32>, tensor<512x64xi8> -> tensor<4096x64xf32>
    // A 64 x 32 x 3 x 3 conv filter: one block per input channel's kernel.
    %f = quantx.codebook_dequantize %c9, %codes9 reduction_dims [1, 2, 3]
        : tensor<256x9xf16>, tensor<32x64xi8> -> tensor<64x32x3x3xf32>
    ```
  }];

  let arguments = (ins Quantx_CodebookFloatTensor:$centroids,
                       Quantx_CodebookIndexTensor:$codes,
                       DenseI64ArrayAttr:$reduction_dims);
  let results = (outs Quantx_CodebookFloatTensor:$result);

  let assemblyFormat = [{
    $centroids `,` $codes `reduction_dims` $reduction_dims attr-dict `:`
    type($centroids) `,` type($codes) `->` type($result)
  }];

  let hasVerifier = 1;

  let extraClassDeclaration = Quantx_CodebookAccessorsDecl # [{
    /// The dimensions of the result that form N, in increasing order.
    ::llvm::SmallVector<int64_t> getColumnDims();
  }];
}

//===----------------------------------------------------------------------===//
// quantx.codebook_matmul
//===----------------------------------------------------------------------===//

def Quantx_CodebookMatmulOp : Quantx_Op<"codebook_matmul", [Pure]> {
  let summary = "Activations times codebook-quantized weights, without "
                "rebuilding the weights";
  let description = [{
    Computes `y = x * W` for activations `x : M x K` and the `K x N` weight
    `W` that `quantx.codebook_dequantize` with `reduction_dims [0]` would
    rebuild from `centroids` and `codes` (same operand rules), without ever
    materializing `W`. Its definition is the table route that makes it
    cheap (kill-the-bits' fast path):

    ```
    T[m, j, c] = sum_{t < d} x[m, j * d + t] * centroids[g(j), c, t]
    y[m, n]    = sum_{j < S} T[m, j, codes[j, n]]
    ```

    `M * K * C` multiply-adds build the tables, independently of `N`; then
    each output is `S = K / d` lookups and additions. Every value is
    converted to `f32` and the sums are accumulated in `f32`; the result is
    rounded to its element type at the end. Mathematically this equals
    `x * codebook_dequantize(centroids, codes)`; numerically the sums are
    grouped differently, so the two agree within f32 rounding.

    Convolutions use it through im2col: `quantx-fuse-codebook-matmul`
    rewrites a convolution whose filter is `codebook_dequantize` into an
    im2col `linalg.generic` (its columns in the filter's `reduction_dims`
    order), this op, and a reshape/transpose to the convolution's output.

    `M` may be dynamic; `K` must equal `S * d`.

    Example:

    ```mlir
    %y = quantx.codebook_matmul %x, %centroids, %codes
        : tensor<4x4096xf32>, tensor<256x8xf32>, tensor<512x64xi8>
          -> tensor<4x64xf32>
    ```
  }];

  let arguments = (ins Quantx_CodebookFloatTensor:$input,
                       Quantx_CodebookFloatTensor:$centroids,
                       Quantx_CodebookIndexTensor:$codes);
  let results = (outs Quantx_CodebookFloatTensor:$result);

  let assemblyFormat = [{
    $input `,` $centroids `,` $codes attr-dict `:` type($input) `,`
    type($centroids) `,` type($codes) `->` type($result)
  }];

  let hasVerifier = 1;

  let extraClassDeclaration = Quantx_CodebookAccessorsDecl;
}

//===----------------------------------------------------------------------===//
// quantx.byte_lookup
//===----------------------------------------------------------------------===//

def Quantx_ByteVector : VectorOfLengthAndType<[64], [I8]>;

def Quantx_ByteLookupOp : Quantx_Op<"byte_lookup",
    [Pure, AllTypesMatch<["indices", "result"]>]> {
  let summary = "Look up 64 bytes in a table of 64, 128 or 256 bytes held in "
                "vectors";
  let description = [{
    The in-register table lookup of the codebook kernels:

    ```
    result[i] = table[zext(indices[i]) mod (64 * n)]
    ```

    where `table` is the concatenation of the `n` (1, 2 or 4) 64-byte vector
    operands. The modulo makes every index valid; it is also what the x86
    instructions do with the low 6, 7 or 8 bits of each index: the op maps
    to one `vpermb` (n = 1), one `vpermi2b` (n = 2), or two `vpermi2b` and
    a byte blend on the index's top bit (n = 4) on AVX-512 VBMI
    (`convert-quantx-byte-lookup`, which also has a portable lowering). It
    exists as an op, rather than as the intrinsic calls directly, so that
    it stays free of side effects until after bufferization.

    Example:

    ```mlir
    %v = quantx.byte_lookup %codes in [%t0, %t1, %t2, %t3]
        : vector<64xi8> from vector<64xi8>, vector<64xi8>, vector<64xi8>,
          vector<64xi8>
    ```
  }];

  let arguments = (ins Quantx_ByteVector:$indices,
                       Variadic<Quantx_ByteVector>:$table);
  let results = (outs Quantx_ByteVector:$result);

  let assemblyFormat = [{
    $indices `in` ` ` `[` $table `]` attr-dict `:` type($indices) `from`
    type($table)
  }];

  let hasVerifier = 1;
}

#endif // QUANTX_DIALECT_QUANTX_IR_QUANTXCODEBOOKOPS_TD
