// REQUIRES: cuda-runtime, cuda-stub
// UNSUPPORTED: cuda-device
// RUN: quantx-opt %S/Inputs/fused-gemm.mlir --quantx-lower-to-nvvm-pipeline -o %t.mlir
// RUN: rm -rf %t.lib && mkdir -p %t.lib && ln -s %cuda_stub %t.lib/libcuda.so.1
// RUN: env LD_LIBRARY_PATH=%t.lib not %run_gpu_main %t.mlir 2>&1 | FileCheck %s

/// Without a GPU, the host side of a GPU module still JIT-links against
/// libquantx_cuda_runtime.so (every mgpu* function the module calls exists)
/// and the runtime resolves every driver entry point it uses from the CUDA
/// toolkit's driver stub; the stub's cuInit then fails with
/// CUDA_ERROR_STUB_LIBRARY (34), which the runtime reports before anything
/// runs, with a nonzero exit.

// CHECK: quantx-cuda-runtime: cuInit: error 34
// CHECK-NOT: data =
