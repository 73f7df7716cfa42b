//===- Passes.td - quantx conversion passes ----------------*- tablegen -*-===//

#ifndef QUANTX_CONVERSION_PASSES_TD
#define QUANTX_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertQuantxToLinalg : Pass<"convert-quantx-to-linalg", "ModuleOp"> {
  let summary = "Lower quantx ops to linalg/arith/math/tensor: the reference "
                "semantics";
  let description = [{
    The executable definition of every quantx op. Quantized tensor types are
    replaced by their storage integer types (`tensor<4x!quant.uniform<u8:f32,
    0.1:3>>` becomes `tensor<4xi8>`, with unsigned storage handled by
    zero-extension) across function signatures, calls, returns, `scf`
    control flow, shape-only `tensor` ops and `quant.scast`. Each quantx op
    becomes `linalg.generic` bodies that spell out the arithmetic:

    * `quantx.quantize`: divide by the scale, round in the op's mode
      (`math.roundeven`, `math.round`, `math.trunc`, or an exact floor-based
      half-up), map NaN to the zero point, clamp in float to +-2^62, convert,
      add the zero point and clamp to the storage range in i64;
    * `quantx.dequantize`: exact integer difference, one conversion, one
      multiply;
    * `quantx.requantize`: exact 64-bit fixed-point products with the
      rounding mode as explicit shifts, masks and selects (gemmlowp's two
      steps for `double_round`);
    * `quantx.qmatmul` / `quantx.qconv2d`: extension, zero-point subtraction
      and i32 multiply-accumulate, the conv with zero-point padding and
      groups as an extra loop;
    * `quantx.batch_norm`: the ONNX formula in the element type.

    It is deliberately simple rather than fast; fast lowerings are tested
    against it.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

//===----------------------------------------------------------------------===//
// Interop with upstream quant and TOSA
//===----------------------------------------------------------------------===//

def ConvertQuantToQuantx : Pass<"convert-quant-to-quantx"> {
  let summary = "Convert quant.qcast/quant.dcast to quantx.quantize/"
                "quantx.dequantize";
  let description = [{
    Rewrites the upstream quant dialect's casts between float and quantized
    tensors into quantx ops: `quant.dcast` becomes `quantx.dequantize` (same
    types), `quant.qcast` becomes `quantx.quantize` with the rounding mode of
    the `rounding` option. Upstream leaves the rounding of `quant.qcast`
    unspecified (its `lower-quant-ops` truncates, after adding the zero point
    in float, and produces poison out of range), so the mode is the user's
    statement of what the producer of the IR meant; the default,
    `half_to_even`, is ONNX QuantizeLinear's and StableHLO's.

    Every op it cannot convert is an error with the reason: scalar or
    unranked casts (quantx ops take ranked tensors), and types the quantx ops
    reject (for example a zero point outside the storage range, which quant
    accepts). Other quant ops (`quant.scast`) are left alone.
  }];
  let options = [
    Option<"rounding", "rounding", "::mlir::quantx::RoundingMode",
           /*default=*/"::mlir::quantx::RoundingMode::HalfToEven",
           "Rounding mode of the quantx.quantize made from quant.qcast",
           [{::llvm::cl::values(
             clEnumValN(::mlir::quantx::RoundingMode::HalfToEven,
                        "half_to_even", "ties to even (ONNX, StableHLO)"),
             clEnumValN(::mlir::quantx::RoundingMode::HalfAwayFromZero,
                        "half_away_from_zero", "ties away from zero (TFLite)"),
             clEnumValN(::mlir::quantx::RoundingMode::HalfUp, "half_up",
                        "ties toward +inf"),
             clEnumValN(::mlir::quantx::RoundingMode::TowardZero,
                        "toward_zero", "truncation"))}]>,
  ];
  let dependentDialects = ["::mlir::quantx::QuantxDialect"];
}

def ConvertQuantxToQuant : Pass<"convert-quantx-to-quant"> {
  let summary = "Convert quantx.quantize/quantx.dequantize to quant.qcast/"
                "quant.dcast";
  let description = [{
    The inverse of `convert-quant-to-quantx`, for handing quantx IR to tools
    that read the upstream quant dialect. `quantx.dequantize` becomes
    `quant.dcast`. `quant.qcast` has no rounding mode, so a `quantx.quantize`
    converts only when it rounds the way the consumer of the IR is taken to
    round `quant.qcast`, the `rounding` option (default `half_to_even`);
    any other mode is an error rather than a silent change of the rounding.
    quantx's `dequantize` computes `(q - zero_point)` exactly in integers;
    upstream's `lower-quant-ops` subtracts in float, which is the same for
    storage of at most 24 bits.
  }];
  let options = [
    Option<"rounding", "rounding", "::mlir::quantx::RoundingMode",
           /*default=*/"::mlir::quantx::RoundingMode::HalfToEven",
           "The rounding mode quant.qcast is taken to mean; quantx.quantize "
           "ops that round otherwise are errors",
           [{::llvm::cl::values(
             clEnumValN(::mlir::quantx::RoundingMode::HalfToEven,
                        "half_to_even", "ties to even (ONNX, StableHLO)"),
             clEnumValN(::mlir::quantx::RoundingMode::HalfAwayFromZero,
                        "half_away_from_zero", "ties away from zero (TFLite)"),
             clEnumValN(::mlir::quantx::RoundingMode::HalfUp, "half_up",
                        "ties toward +inf"),
             clEnumValN(::mlir::quantx::RoundingMode::TowardZero,
                        "toward_zero", "truncation"))}]>,
  ];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def ConvertTosaToQuantx : Pass<"convert-tosa-to-quantx"> {
  let summary = "Convert tosa.rescale to quantx.requantize";
  let description = [{
    Rewrites `tosa.rescale` with constant multipliers, shifts and zero
    points into `quantx.requantize`, which has the same arithmetic (TOSA's
    `apply_scale_32`/`apply_scale_16` with the zero points around it):

    * `SINGLE_ROUND` becomes `half_up`, `DOUBLE_ROUND` becomes
      `double_round` (TOSA's single-step DOUBLE_ROUND equals gemmlowp's two
      steps for a non-negative multiplier, which quantx implements);
      `scale32` and `scale16` multipliers both fit quantx's 31-bit one;
    * `per_channel` becomes `axis` = the last dimension;
    * zero points and `input_unsigned`/`output_unsigned` become quantized
      types: the input is cast with `quant.scast` to
      `!quant.uniform<u8:f32, S:zp>` (or stays a signless integer when it is
      signed with zero point 0), the result is `!quant.uniform<i8:f32,
      1.0:zp>` cast back to the signless storage type. TOSA tensors carry no
      scales, so the types record only the ratio: the output scale is 1 and
      the input scale `M * 2^-shift` (per axis when per channel).

    Where TOSA requires the scaled value to fit i32 and leaves overflow
    undefined, quantx computes the exact 64-bit value and saturates, so the
    two agree wherever TOSA is defined. Errors name what quantx cannot
    express: `INEXACT_ROUND` (implementation-defined rounding), 48-bit
    inputs (requantize takes at most 32 bits), non-constant parameters and
    negative multipliers.
  }];
  let dependentDialects = [
    "::mlir::quantx::QuantxDialect",
    "::mlir::quant::QuantDialect",
  ];
}

def ConvertQuantxToTosa : Pass<"convert-quantx-to-tosa"> {
  let summary = "Convert quantx.requantize to tosa.rescale";
  let description = [{
    The inverse of `convert-tosa-to-quantx`: `quantx.requantize` becomes a
    `scale32` `tosa.rescale` on the signless storage types (with
    `quant.scast`s around it), `half_up` becoming `SINGLE_ROUND` and
    `double_round` `DOUBLE_ROUND`, the zero points and unsignedness of the
    types becoming `input_zp`/`output_zp` and `input_unsigned`/
    `output_unsigned`, a per-channel `axis` becoming `per_channel` (TOSA
    scales along the last dimension only). A shift below TOSA's minimum of 2
    is normalized by scaling the multiplier, which is exact.

    Errors name what TOSA cannot express: the modes `half_to_even`,
    `half_away_from_zero` and `toward_zero`; per-channel scaling along
    another dimension; zero points that differ per channel; a shift below 2
    whose multiplier cannot absorb it; and ops whose scaled value can exceed
    the i32 range that TOSA requires of every input (quantx saturates such
    values, TOSA leaves them undefined), judged from the input's storage
    range.
  }];
  let dependentDialects = [
    "::mlir::tosa::TosaDialect",
    "::mlir::quant::QuantDialect",
  ];
}

def ConvertQuantxToX86 : Pass<"convert-quantx-to-x86"> {
  let summary = "Lower quantx.codebook_matmul with small M to AVX-512 VBMI "
                "table lookups";
  let description = [{
    The x86 fast path of `quantx.codebook_matmul` for GEMV-like shapes
    (static shapes, `M <= max-rows`, at most 256 centroids, N a multiple of
    64), emitted on tensors as `scf.for` loops over `vector` ops and
    `llvm.call_intrinsic` calls of the AVX-512 VBMI byte shuffles:

    * per activation row, the table of dot products of each activation
      block with every centroid (f32, 16 centroids per FMA; the transposed,
      zero-padded centroids are a compile-time constant when the centroids
      are);
    * the tables rounded to int8, one scale `max |T| / 127` per group of
      `group-blocks` blocks (with `table-bits=16`: to int16, `max |T| /
      32767`, stored as a signed high-byte plane and an unsigned low-byte
      plane, each looked up with the same codes);
    * per 64 outputs and block, the 64 byte codes look up the block's table
      held in registers (`vpermb` for C <= 64, `vpermi2b` for C <= 128, two
      `vpermi2b` and a blend on the code's top bit for C <= 256); int16 sums
      over the group, flushed to f32 times the group's scale.

    The error against the exact product is at most half a table step per
    lookup: `|y - y_exact| <= sum over groups of (blocks * scale / 2)` plus
    f32 rounding. Ops that do not qualify are left for
    `convert-quantx-to-linalg`. The output needs AVX-512 BW and VBMI at run
    time; run it only for such targets, before bufferization, and lower with
    `convert-vector-to-llvm` in the pipeline (see docs/Passes.md). The
    lookups are `quantx.byte_lookup` ops, which `convert-quantx-byte-lookup`
    turns into the shuffles after bufferization.
  }];
  let options = [
    Option<"maxRows", "max-rows", "int64_t", /*default=*/"16",
           "Largest M lowered with table lookups">,
    Option<"groupBlocks", "group-blocks", "int64_t", /*default=*/"32",
           "Blocks sharing one table scale and int16 accumulator (1 to 258 "
           "for 8-bit tables, 1 to 128 for 16-bit tables)">,
    Option<"tableBits", "table-bits", "int64_t", /*default=*/"8",
           "Table entries: 8 (int8, one lookup per block) or 16 (int16 as "
           "two byte planes, two lookups per block, 256 times finer)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def ConvertQuantxByteLookup : Pass<"convert-quantx-byte-lookup"> {
  let summary = "Lower quantx.byte_lookup to AVX-512 VBMI shuffles (or to "
                "portable element-wise code)";
  let description = [{
    With `x86-vbmi` (the default), each `quantx.byte_lookup` becomes
    `llvm.call_intrinsic` calls of `llvm.x86.avx512.permvar.qi.512` (64-entry
    table, `vpermb`) or `llvm.x86.avx512.vpermi2var.qi.512` (128 entries,
    `vpermi2b`; 256 entries: two of them and an `arith.select` on the
    index's top bit). Without it, each of the 64 bytes is looked up with
    `vector.extract`/`vector.insert`, for any target (and as the reference
    the shuffles are tested against).

    The intrinsic calls have unknown memory effects as far as MLIR knows, so
    this runs after one-shot bufferization and buffer deallocation, before
    `convert-vector-to-llvm`.
  }];
  let options = [
    Option<"x86Vbmi", "x86-vbmi", "bool", /*default=*/"true",
           "Use vpermb/vpermi2b (the target must have AVX-512 VBMI)">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def ConvertQuantxToNVVM : Pass<"convert-quantx-to-nvvm", "ModuleOp"> {
  let summary = "Lower quantx integer kernels to GPU kernels on tensor cores "
                "(mma.sync) or dp4a, and codebook matmuls to a shared-memory "
                "table kernel";
  let description = [{
    Rewrites `quantx.qmatmul` and `quantx.qconv2d` whose operands have 8-bit
    storage (`i8`, `u8`, signless `i8`) into GPU kernels, on tensors, ahead
    of the reference lowering:

    * B (`K x N`) is transposed to `N x Ka` and zero-padded to `Ka`, the
      next multiple of 16 (folded at compile time when B is a constant); A
      is padded the same way when `K` is not a multiple of 16; a
      convolution becomes im2col (`[groups, N*OH*OW, Ka]`, padding reads
      the input zero point) times the filter as `[groups, F/groups, Ka]`.
    * The GEMM is a `gpu.func` in `gpu.module @quantx_kernels`, called on
      the operands' buffers (`bufferization.to_buffer` / `to_tensor`)
      through a host launch function that
      `quantx-gpu-materialize-launches` completes after buffer
      deallocation: either the tensor-core kernel (shared-memory tiles
      filled with `cp.async`, read with `ldmatrix`, `mma.sync m16n8k32` on
      raw s8/u8 storage with wrapping s32 accumulation) or the `dp4a`
      kernel (a warp per output, a shuffle reduction).
    * Zero points are applied to the raw accumulators in registers:
      `acc = sum(a*b) + bias[n] - zb[n]*rowsum(a) - za*colsum(b) +
      K*za*zb[n]`, with the row and column sums computed by the same
      instructions (`mma`/`dp4a` against a matrix of ones). The identity
      holds in wrapping 32-bit arithmetic, so the result equals the
      reference lowering's bit for bit.
    * A `quantx.requantize` that is the only user of the accumulator (per
      tensor, or per channel along N) runs in the epilogue with the same
      scalar arithmetic as the reference lowering (ScalarArithmetic.h),
      and the kernel stores the narrow result.

    `quantx.codebook_matmul` becomes the shared-memory table kernel
    (kill-the-bits' fast path): per chunk of reduction blocks, the dot
    products of the row's activation blocks with every centroid are built
    in shared memory, then each thread sums the entries its columns' byte
    codes pick; the weights are never rebuilt. Codebooks of more than 8192
    centroids (whose table does not fit) stay on the reference route.

    Everything else (other widths, other ops) is left for
    `convert-quantx-to-linalg`; with `remarks` each integer or codebook
    kernel left behind gets a remark saying why.
  }];
  let options = [
    Option<"tileM", "tile-m", "int64_t", /*default=*/"64",
           "Output rows per thread block (mma kernel)">,
    Option<"tileN", "tile-n", "int64_t", /*default=*/"64",
           "Output columns per thread block (mma kernel)">,
    Option<"tileK", "tile-k", "int64_t", /*default=*/"32",
           "K bytes per shared-memory stage, a multiple of 32 (mma kernel)">,
    Option<"warpsM", "warps-m", "int64_t", /*default=*/"2",
           "Warps per block along M (mma kernel)">,
    Option<"warpsN", "warps-n", "int64_t", /*default=*/"2",
           "Warps per block along N (mma kernel)">,
    Option<"kernel", "kernel", "::mlir::quantx::GPUMatmulKernel",
           /*default=*/"::mlir::quantx::GPUMatmulKernel::Auto",
           "GEMM kernel: auto, mma or dp4a",
           [{::llvm::cl::values(
             clEnumValN(::mlir::quantx::GPUMatmulKernel::Auto, "auto",
                        "dp4a for static M <= dp4a-max-m, mma otherwise"),
             clEnumValN(::mlir::quantx::GPUMatmulKernel::Mma, "mma",
                        "tensor cores (mma.sync m16n8k32)"),
             clEnumValN(::mlir::quantx::GPUMatmulKernel::Dp4a, "dp4a",
                        "dp4a, one warp per output element"))}]>,
    Option<"dp4aMaxM", "dp4a-max-m", "int64_t", /*default=*/"8",
           "Largest static M that kernel=auto gives to the dp4a kernel">,
    Option<"fuseRequantize", "fuse-requantize", "bool", /*default=*/"true",
           "Apply a single-use quantx.requantize in the GEMM epilogue">,
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark for each integer kernel left to the reference "
           "lowering, saying why">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::nvgpu::NVGPUDialect",
    "::mlir::NVVM::NVVMDialect",
    "::mlir::quant::QuantDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def QuantxGPUMaterializeLaunches
    : Pass<"quantx-gpu-materialize-launches", "ModuleOp"> {
  let summary = "Give the GEMM launch functions of convert-quantx-to-nvvm "
                "their bodies";
  let description = [{
    `convert-quantx-to-nvvm` builds each GEMM kernel as a `gpu.func` and
    calls it through a host function that it only declares (attribute
    `quantx.gpu_launch`): buffer deallocation runs in between and rejects
    `gpu.launch_func`, which declares no memory effects, while it accepts
    calls. This pass, run after deallocation, gives each declaration its
    body: the grid from the size arguments, a guard that skips empty grids
    (CUDA rejects them), and the `gpu.launch_func`.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def QuantxGPUMapParallelLoops
    : Pass<"quantx-gpu-map-parallel-loops", "::mlir::func::FuncOp"> {
  let summary = "Run every top-level scf.parallel as a GPU kernel";
  let description = [{
    The GPU counterpart of running the reference lowering's loops: each
    top-level `scf.parallel` (from `convert-linalg-to-parallel-loops`) is
    collapsed to one dimension, tiled by `block-size` threads and converted
    to a `gpu.launch` with upstream scf-to-gpu (block x over tiles, thread x
    within a tile, reductions stay sequential loops in the thread). A
    launch whose grid may be empty is guarded by `scf.if`. Constant
    `memref.get_global` values used inside are moved into the launch body,
    so that `gpu-kernel-outlining` copies the globals into the GPU module,
    and so are scalar constants, which outlining would otherwise pass as
    kernel parameters (it sinks only index computations), hiding them from
    the NVPTX back end's constant folding.
  }];
  let options = [
    Option<"blockSize", "block-size", "int64_t", /*default=*/"256",
           "Threads per block">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def QuantxGPUMathToLLVMIntrinsics
    : Pass<"quantx-gpu-math-to-llvm-intrinsics"> {
  let summary = "Call LLVM intrinsics for the math ops of GPU kernels, not "
                "libdevice";
  let description = [{
    `convert-gpu-to-nvvm` lowers `math.roundeven`, `math.round`,
    `math.floor`, `math.ceil`, `math.trunc`, `math.sqrt` and `math.absf` to
    libdevice calls, which need libdevice from a CUDA toolkit when the
    module is serialized (without it the PTX calls an unresolved
    `__nv_rintf`). This pass, run on GPU modules first, turns them into
    `llvm.call_intrinsic "llvm.roundeven.f32"` and the like, which NVPTX
    lowers to single instructions (`cvt.rni`, `cvt.rzi`, `cvt.rmi`,
    `cvt.rpi`, `sqrt.rn`, `abs`) or, for `llvm.round`, its exact expansion:
    the same IEEE operations as the CPU, no libdevice.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def QuantxGPUHostSharedMemory
    : Pass<"quantx-gpu-host-shared-memory", "ModuleOp"> {
  let summary = "Put host buffers in memory that GPU kernels can access";
  let description = [{
    Kernels launched from host code read and write the host's buffers, so
    for a module that runs end to end (a test, a demo) every host buffer
    must be visible to the device. This pass turns host `memref.alloc` /
    `memref.dealloc` into `gpu.alloc host_shared` / `gpu.dealloc` (CUDA
    managed memory under the MLIR GPU runtime API: `mgpuMemAlloc` with
    `isHostShared`), and host `memref.get_global` into a shared buffer
    filled with a `memref.copy` (freed at the function's returns unless it
    escapes). Buffers passed in by the caller are the caller's business:
    they must be device-accessible.
  }];
  let dependentDialects = [
    "::mlir::gpu::GPUDialect",
    "::mlir::memref::MemRefDialect",
  ];
}

def ConvertQuantxToVector : Pass<"convert-quantx-to-vector", "ModuleOp"> {
  let summary = "Lower quantx integer kernels to packed, register-blocked "
                "vector micro-kernels for the CPU";
  let description = [{
    The fast CPU lowering. It rewrites, before `convert-quantx-to-linalg`
    and on quantized types:

    * `quantx.qmatmul` (2-D, `lhs` of 8-bit storage, `rhs` a constant of at
      most 8-bit storage, static K and N, dynamic M allowed) and
      `quantx.qconv2d` (NHWC, `groups = 1`, constant filter), each with a
      single-use `quantx.requantize` fused as the epilogue when there is one;
    * `linalg.matmul` on f32 whose `rhs` is `quantx.dequantize` of a constant
      of i4/u4/i2/u2 storage (weight-only quantization);

    into `func.call`s of generated private kernel functions on memrefs
    (`bufferization.to_buffer` / `to_tensor` at the call site). The constant
    weights are packed at compile time into `memref.global`s in the layout
    the micro-kernel reads (column panels, K in groups of 4 for VNNI), with
    every zero-point correction folded into a per-column bias; the kernels
    are `scf` loops around fully unrolled MR x NR register tiles of `vector`
    ops, the dot products as `llvm.call_intrinsic` of `vpdpbusd` (AVX-512
    VNNI, AVX-VNNI) or `vpmaddwd` (AVX2), or plain `vector` arithmetic
    (`generic`). Signed activations use the +128 trick (xor 0x80, the
    compensation `-128 * column sums` folded into the bias). The requantize
    epilogue is built by the same IR builders as the reference lowering and
    is bit-exact with it; integer results of all paths are bit-exact with
    the reference. Weight-only sub-byte weights are unpacked in registers
    (`vpermps` table lookups on AVX-512, shifts and conversions otherwise)
    and never written back to memory.

    The kernel functions carry `target_features` for their ISA. Ops the pass
    does not handle are left for `convert-quantx-to-linalg`; run with
    `-debug-only=convert-quantx-to-vector` to see why an op was skipped.
  }];
  let options = [
    Option<"isa", "isa", "std::string", /*default=*/"\"host\"",
           "Instruction set of the kernels: host (detect the compiling "
           "machine's features), avx512-vnni, avx-vnni, avx2, generic">,
    Option<"numThreads", "num-threads", "unsigned", /*default=*/"1",
           "Threads over column panels, or over row tiles when there are "
           "fewer full panels than threads (> 1 emits scf.parallel, which "
           "the pipeline lowers to OpenMP)">,
    Option<"remarks", "remarks", "bool", /*default=*/"false",
           "Emit a remark on every integer kernel left to the reference "
           "lowering, saying why">,
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::bufferization::BufferizationDialect",
    "::mlir::func::FuncDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def QuantxLowerVectorDotToX86 : Pass<"quantx-lower-vector-dot-to-x86"> {
  let summary = "Lower integer dot-product vector.contract ops to vpdpbusd / "
                "vpmaddwd";
  let description = [{
    Rewrites `vector.contract` ops that compute, per 32-bit lane `l`,
    `acc[l] + sum_g ext(lhs[l, g]) * ext(rhs[l, g])` into the x86
    instruction that computes exactly that: `vpdpbusd` (groups of 4 bytes,
    one operand zero- and the other sign-extended; AVX-512 VNNI for 16
    lanes, AVX-VNNI or AVX-512 VNNI+VL for 8) and `vpmaddwd` plus an add
    (pairs of sign-extended i16; AVX2 for 8 lanes, AVX-512BW for 16), as
    `llvm.call_intrinsic`. The instruction set is read from the
    `target_features` of the enclosing function; without them nothing
    changes and upstream's contraction lowering applies.

    `convert-quantx-to-vector` writes its micro-kernels with these
    contractions; the pipeline runs this pass after bufferization and buffer
    deallocation (which rejects ops of unknown memory effects such as
    `llvm.call_intrinsic`). Upstream's x86vector dialect offers the signed x
    signed `vpdpbssd` (AVX-VNNI-INT8) and BF16 dot products only.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::LLVM::LLVMDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def QuantxVectorizeFloatLinalg
    : Pass<"quantx-vectorize-float-linalg", "::mlir::func::FuncOp"> {
  let summary = "Vector code for float linalg ops (convolutions, pooling, "
                "matmuls, elementwise) by upstream tiling and vectorization";
  let description = [{
    For every linalg op on statically shaped float tensors whose output's
    innermost dimension is indexed by a parallel loop `v` (the output
    width of an NCHW convolution, depthwise and grouped ones included, of a
    pooling, the columns of a matmul, the innermost dimension of an
    elementwise generic), and whose operands are indexed by `v` at unit
    stride in their innermost dimension only:

    1. tiles it with `scf::tileUsingSCF`: `v` by a number of lanes that
       divides it (the whole loop up to 64, else the largest divisor from
       64 to 8, else the whole loop up to 256), every other loop by 1
       (reductions stay loops, innermost, in their order);
    2. generalizes the tile and folds its unit dimensions
       (`linalg::dropUnitDims`): `input[.., oh + kh, ow + kw]` of a
       convolution tile becomes `input[ow]`, an elementwise multiply-add;
    3. vectorizes it (`linalg::vectorize`).

    Float `tensor.pad` ops (convolution padding) are first rewritten as a
    fill of the padded tensor and an `insert_slice` of the source
    (`linalg::rewriteInDestinationPassingStyle`), the fill moved before the
    source's producer so that `eliminate-empty-tensors` can make that
    producer write into the padded buffer instead of copying.

    Each lane computes what the reference loops compute in the same order
    (mulf then addf, no contraction), so the results are bit-identical to
    `convert-linalg-to-loops`. With `integer-elementwise` (on with
    `kernels=fast`), elementwise generics with integer or mixed operands
    are vectorized too, with at most 64 lanes (the fused dequantize /
    quantize epilogues of `quantx-fuse-elementwise-chains`). Ops it does not
    handle (a stride-2
    convolution along W, an output of width 1, integer convolutions and
    matmuls) are left alone;
    `-debug-only=quantx-vectorize-float-linalg` says why.
  }];
  let options = [
    Option<"integerElementwise", "integer-elementwise", "bool",
           /*default=*/"false",
           "Also vectorize elementwise generics with integer operands">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::linalg::LinalgDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def QuantxLowerVectorTransfers
    : Pass<"quantx-lower-vector-transfers", "::mlir::func::FuncOp"> {
  let summary = "Lower vector transfers to loads, stores and broadcasts";
  let description = [{
    After bufferization, for the vector code of
    `quantx-vectorize-float-linalg`: applies upstream's
    `populateVectorTransferPermutationMapLoweringPatterns` and
    `populateVectorTransferLoweringPatterns` (up to rank 1). A broadcast
    read of a 0-d memref (a convolution weight, a per-channel parameter)
    becomes a scalar load and a splat; `convert-vector-to-llvm` alone leaves
    it unconverted.
  }];
  let dependentDialects = [
    "::mlir::memref::MemRefDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def QuantxFuseElementwiseChains
    : Pass<"quantx-fuse-elementwise-chains", "::mlir::func::FuncOp"> {
  let summary = "Fuse the layout transposes, elementwise epilogues and "
                "zero-point padding around the fast int8 kernels into one "
                "loop nest per chain";
  let description = [{
    `convert-quantx-to-vector` computes NCHW convolutions in NHWC: it
    transposes every input to NHWC and every result back to NCHW, and the
    float epilogues between two convolutions (dequantize, HardSwish, a
    residual add, quantize) are separate elementwise ops. Each of these is
    one pass over the activation. With upstream MLIR only, this pass:

    1. generalizes every `linalg.transpose` (`linalg::generalizeNamedOp`);
    2. applies upstream's elementwise fusion
       (`linalg::populateElementwiseOpsFusionPatterns`) where the producer
       is an elementwise `linalg.generic` with a single user, so that a
       chain transpose -> dequantize -> HardSwish -> quantize -> transpose
       becomes one generic whose two permutations compose to the identity;
    3. fuses a `tensor.pad` into its producing generic
       (`linalg::populateFuseTensorPadWithProducerLinalgOpPatterns`): the
       generic writes into the interior of the padded tensor, so that the
       bufferized code has no strided copy (a per-element `memrefCopy`
       call).

    Every element is computed by the same operations in the same order as
    before (fusion inlines the bodies), so results are bit-identical. A
    producer with several users is not fused (it would be recomputed).
  }];
  let dependentDialects = [
    "::mlir::linalg::LinalgDialect",
    "::mlir::tensor::TensorDialect",
  ];
}

#endif // QUANTX_CONVERSION_PASSES_TD
