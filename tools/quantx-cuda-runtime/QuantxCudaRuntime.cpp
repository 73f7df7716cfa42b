//===- QuantxCudaRuntime.cpp - the MLIR GPU runtime API on the driver ----===//
//
// The `mgpu*` functions that MLIR's gpu-to-llvm lowering and gpu.binary
// translation call (module load, kernel launch, streams, allocation),
// implemented on the CUDA driver API, so that modules produced by
// quantx-lower-to-nvvm-pipeline run under mlir-runner:
//
//   mlir-runner -e main -entry-point-result=void \
//     -shared-libs=libquantx_cuda_runtime.so,libmlir_runner_utils.so,...
//
// Debian ships no libmlir_cuda_runtime.so, hence this file. libcuda.so.1 is
// opened with dlopen on first use rather than linked: the library then builds
// and loads on machines without a GPU driver (only cuda.h is needed, for the
// types), and reports a missing driver or device as an error at run time.
// Every failure prints the call and CUDA's error name and exits with status
// 3, so that a test cannot pass on a half-run module.
//
//===----------------------------------------------------------------------===//

#include <cuda.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <mutex>

#define QUANTX_EXPORT extern "C" __attribute__((visibility("default")))

namespace {
/// Expands a driver API name to its versioned symbol (cuda.h maps, e.g.,
/// cuMemAlloc to cuMemAlloc_v2) and stringizes it.
#define QUANTX_STR2(x) #x
#define QUANTX_STR(x) QUANTX_STR2(x)

/// The driver entry points used here, resolved from libcuda.so.1.
struct Driver {
#define QUANTX_DRIVER_FN(fn) decltype(&::fn) fn = nullptr;
  QUANTX_DRIVER_FN(cuInit)
  QUANTX_DRIVER_FN(cuGetErrorName)
  QUANTX_DRIVER_FN(cuDeviceGetCount)
  QUANTX_DRIVER_FN(cuDeviceGet)
  QUANTX_DRIVER_FN(cuDevicePrimaryCtxRetain)
  QUANTX_DRIVER_FN(cuCtxSetCurrent)
  QUANTX_DRIVER_FN(cuModuleLoadData)
  QUANTX_DRIVER_FN(cuModuleLoadDataEx)
  QUANTX_DRIVER_FN(cuModuleUnload)
  QUANTX_DRIVER_FN(cuModuleGetFunction)
  QUANTX_DRIVER_FN(cuLaunchKernel)
  QUANTX_DRIVER_FN(cuStreamCreate)
  QUANTX_DRIVER_FN(cuStreamSynchronize)
  QUANTX_DRIVER_FN(cuStreamDestroy)
  QUANTX_DRIVER_FN(cuCtxSynchronize)
  QUANTX_DRIVER_FN(cuMemAlloc)
  QUANTX_DRIVER_FN(cuMemAllocManaged)
  QUANTX_DRIVER_FN(cuMemFree)
#undef QUANTX_DRIVER_FN
  CUcontext context = nullptr;
};

[[noreturn]] void fail(const char *what, const char *detail) {
  std::fprintf(stderr, "quantx-cuda-runtime: %s: %s\n", what, detail);
  std::fflush(stderr);
  std::exit(3);
}

/// The driver, filled by driver() on first use.
Driver gDriver;

/// Reports a failed driver call with CUDA's error code and, when the driver
/// can name it, its name.
[[noreturn]] void failWith(const char *what, CUresult r) {
  const char *name = nullptr;
  if (!gDriver.cuGetErrorName ||
      gDriver.cuGetErrorName(r, &name) != CUDA_SUCCESS)
    name = nullptr;
  char detail[128];
  std::snprintf(detail, sizeof(detail), "error %d (%s)", static_cast<int>(r),
                name ? name : "no name");
  fail(what, detail);
}

/// Loads the driver, initializes it and makes the primary context of device
/// 0 current, once; exits with a message when any step fails.
Driver &driver() {
  Driver &d = gDriver;
  static std::once_flag once;
  std::call_once(once, [] {
    Driver &d = gDriver;
    void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!lib)
      fail("cannot load the CUDA driver (libcuda.so.1)", dlerror());
#define QUANTX_LOAD(fn)                                                        \
  d.fn = reinterpret_cast<decltype(d.fn)>(dlsym(lib, QUANTX_STR(fn)));         \
  if (!d.fn)                                                                   \
    fail("the CUDA driver lacks " QUANTX_STR(fn), dlerror());
    QUANTX_LOAD(cuInit)
    QUANTX_LOAD(cuGetErrorName)
    QUANTX_LOAD(cuDeviceGetCount)
    QUANTX_LOAD(cuDeviceGet)
    QUANTX_LOAD(cuDevicePrimaryCtxRetain)
    QUANTX_LOAD(cuCtxSetCurrent)
    QUANTX_LOAD(cuModuleLoadData)
    QUANTX_LOAD(cuModuleLoadDataEx)
    QUANTX_LOAD(cuModuleUnload)
    QUANTX_LOAD(cuModuleGetFunction)
    QUANTX_LOAD(cuLaunchKernel)
    QUANTX_LOAD(cuStreamCreate)
    QUANTX_LOAD(cuStreamSynchronize)
    QUANTX_LOAD(cuStreamDestroy)
    QUANTX_LOAD(cuCtxSynchronize)
    QUANTX_LOAD(cuMemAlloc)
    QUANTX_LOAD(cuMemAllocManaged)
    QUANTX_LOAD(cuMemFree)
#undef QUANTX_LOAD
    auto check = [](CUresult r, const char *what) {
      if (r != CUDA_SUCCESS)
        failWith(what, r);
    };
    check(d.cuInit(0), "cuInit");
    int count = 0;
    check(d.cuDeviceGetCount(&count), "cuDeviceGetCount");
    if (count == 0)
      fail("cuDeviceGetCount", "no CUDA device");
    CUdevice device;
    check(d.cuDeviceGet(&device, 0), "cuDeviceGet");
    check(d.cuDevicePrimaryCtxRetain(&d.context, device),
          "cuDevicePrimaryCtxRetain");
  });
  // The context is per thread; mlir-runner may call from any thread.
  CUresult r = d.cuCtxSetCurrent(d.context);
  if (r != CUDA_SUCCESS)
    failWith("cuCtxSetCurrent", r);
  return d;
}

void check(CUresult r, const char *what) {
  if (r != CUDA_SUCCESS)
    failWith(what, r);
}
} // namespace

/// A cubin or fatbin embedded by gpu-module-to-binary (format bin/fatbin).
QUANTX_EXPORT CUmodule mgpuModuleLoad(void *data, size_t /*size*/) {
  Driver &d = driver();
  CUmodule module = nullptr;
  check(d.cuModuleLoadData(&module, data), "cuModuleLoadData");
  return module;
}

/// PTX text embedded by gpu-module-to-binary (format isa), compiled by the
/// driver's JIT for the device at hand.
QUANTX_EXPORT CUmodule mgpuModuleLoadJIT(void *data, int optLevel) {
  Driver &d = driver();
  CUmodule module = nullptr;
  constexpr unsigned kLogSize = 8192;
  static char log[kLogSize];
  CUjit_option options[] = {CU_JIT_OPTIMIZATION_LEVEL, CU_JIT_ERROR_LOG_BUFFER,
                            CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES};
  void *values[] = {reinterpret_cast<void *>(static_cast<intptr_t>(optLevel)),
                    log, reinterpret_cast<void *>(
                             static_cast<uintptr_t>(kLogSize))};
  CUresult r = d.cuModuleLoadDataEx(&module, data, 3, options, values);
  if (r != CUDA_SUCCESS) {
    std::fprintf(stderr, "quantx-cuda-runtime: PTX JIT log:\n%s\n", log);
    check(r, "cuModuleLoadDataEx");
  }
  return module;
}

QUANTX_EXPORT void mgpuModuleUnload(CUmodule module) {
  check(driver().cuModuleUnload(module), "cuModuleUnload");
}

QUANTX_EXPORT CUfunction mgpuModuleGetFunction(CUmodule module,
                                               const char *name) {
  CUfunction function = nullptr;
  check(driver().cuModuleGetFunction(&function, module, name),
        "cuModuleGetFunction");
  return function;
}

QUANTX_EXPORT void mgpuLaunchKernel(CUfunction function, intptr_t gridX,
                                    intptr_t gridY, intptr_t gridZ,
                                    intptr_t blockX, intptr_t blockY,
                                    intptr_t blockZ, int32_t smem,
                                    CUstream stream, void **params,
                                    void **extra, size_t /*paramsCount*/) {
  check(driver().cuLaunchKernel(function, gridX, gridY, gridZ, blockX, blockY,
                                blockZ, smem, stream, params, extra),
        "cuLaunchKernel");
}

QUANTX_EXPORT CUstream mgpuStreamCreate() {
  CUstream stream = nullptr;
  check(driver().cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING),
        "cuStreamCreate");
  return stream;
}

QUANTX_EXPORT void mgpuStreamSynchronize(CUstream stream) {
  check(driver().cuStreamSynchronize(stream), "cuStreamSynchronize");
}

QUANTX_EXPORT void mgpuStreamDestroy(CUstream stream) {
  check(driver().cuStreamDestroy(stream), "cuStreamDestroy");
}

/// `gpu.alloc` (device memory) and `gpu.alloc host_shared` (managed memory,
/// readable and writable from host and device). The allocation is made
/// synchronous with the device so that host code may touch it at once.
QUANTX_EXPORT void *mgpuMemAlloc(uint64_t sizeBytes, CUstream /*stream*/,
                                 bool isHostShared) {
  Driver &d = driver();
  CUdeviceptr ptr = 0;
  if (sizeBytes == 0)
    sizeBytes = 1;
  if (isHostShared)
    check(d.cuMemAllocManaged(&ptr, sizeBytes, CU_MEM_ATTACH_GLOBAL),
          "cuMemAllocManaged");
  else
    check(d.cuMemAlloc(&ptr, sizeBytes), "cuMemAlloc");
  return reinterpret_cast<void *>(ptr);
}

QUANTX_EXPORT void mgpuMemFree(void *ptr, CUstream /*stream*/) {
  Driver &d = driver();
  // Kernels on other streams may still read the buffer.
  check(d.cuCtxSynchronize(), "cuCtxSynchronize");
  check(d.cuMemFree(reinterpret_cast<CUdeviceptr>(ptr)), "cuMemFree");
}
