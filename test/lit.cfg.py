# -*- Python -*-
# lit configuration for quantx.

import os
import shutil
import subprocess

import lit.formats
import lit.util
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "quantx"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.quantx_obj_root, "test")
config.excludes = ["CMakeLists.txt", "README.md", "lit.cfg.py",
                   "lit.site.cfg.py", "lib", "Inputs"]

llvm_config.use_default_substitutions()
config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%shlibext", ".so"))

# Runtime libraries for mlir-runner.
runner_utils = os.path.join(config.mlir_lib_dir, "libmlir_runner_utils.so")
c_runner_utils = os.path.join(config.mlir_lib_dir, "libmlir_c_runner_utils.so")
config.substitutions.append(("%mlir_runner_utils", runner_utils))
config.substitutions.append(("%mlir_c_runner_utils", c_runner_utils))
config.substitutions.append(
    ("%run_main", "mlir-runner -e main -entry-point-result=void "
     "-shared-libs=%s,%s" % (runner_utils, c_runner_utils)))
# The OpenMP runtime that the fast kernels' num-threads=2 code calls
# (Debian's libomp5-14, which scripts/setup.sh installs).
libomp = "/usr/lib/x86_64-linux-gnu/libomp.so.5"
if os.path.exists(libomp):
    config.available_features.add("libomp")
    config.substitutions.append(
        ("%run_omp_main", "mlir-runner -e main -entry-point-result=void "
         "-shared-libs=%s,%s,%s" % (runner_utils, c_runner_utils, libomp)))
config.substitutions.append(("%quantx_src", config.quantx_src_root))
# The LLVM/MLIR install (bin/, lib/), for bench/run.py's smoke test.
config.substitutions.append(
    ("%llvm_root", os.path.dirname(os.path.normpath(config.mlir_lib_dir))))
# The C++ compiler of the build, for tests that compile programs (AOT).
config.substitutions.append(("%host_cxx", config.host_cxx))
config.substitutions.append(("%quantx_obj", config.quantx_obj_root))

# Python for oracles: Debian's interpreter, which has Debian's numpy.
python = config.python_executable or "/usr/bin/python3"
config.substitutions.append(("%python", python))
config.substitutions.append(("%oracles", os.path.join(
    config.quantx_src_root, "test", "lib", "oracles")))

tool_dirs = [config.quantx_tools_dir, config.llvm_tools_dir]
tools = [
    "quantx-opt",
    "quantx-translate",
    "quantx-run",
    "quantx-gemmlowp-oracle",
    "mlir-runner",
    "mlir-translate",
    "llc",
]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.quantx_tools_dir, append_path=True)


def python_has(module):
    try:
        subprocess.run([python, "-c", "import " + module], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       timeout=60)
        return True
    except Exception:
        return False


# Optional tools become features, so that machines without them still pass.
if python_has("numpy"):
    config.available_features.add("numpy")
if python_has("torch"):
    config.available_features.add("torch")
# ONNX: the importer (built when libonnx-dev is there), Debian's python3-onnx
# to write test models, and the npm packages of third_party/npm (installed by
# scripts/setup-npm.sh): ONNX Runtime as the float reference, the PaddleOCR
# models. QUANTX_NPM_DIR points elsewhere.
if getattr(config, "quantx_enable_onnx", False):
    config.available_features.add("onnx-import")
if python_has("onnx"):
    config.available_features.add("python-onnx")
config.substitutions.append(("%onnx_models", os.path.join(
    config.quantx_src_root, "test", "lib", "onnx_models.py")))
npm_dir = os.environ.get("QUANTX_NPM_DIR") or os.path.join(
    config.quantx_src_root, "third_party", "npm")
node = shutil.which("node")
ort_dir = os.path.join(npm_dir, "node_modules", "onnxruntime-node")
if node and os.path.exists(os.path.join(ort_dir, "package.json")):
    try:
        subprocess.run([node, "-e", "require(process.argv[1])", ort_dir],
                       check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=60)
        config.available_features.add("onnxruntime")
    except Exception:
        pass
config.substitutions.append(("%ort_run", "%s %s --npm %s" % (
    node or "node", os.path.join(config.quantx_src_root, "test", "lib",
                                 "oracles", "ort_run.js"), npm_dir)))
ocr_models = os.path.join(npm_dir, "node_modules", "@gutenye", "ocr-models",
                          "assets")
if os.path.exists(os.path.join(ocr_models,
                               "ch_ppocr_mobile_v2.0_cls_infer.onnx")):
    config.available_features.add("ocr-models")
config.substitutions.append(("%ocr_models", ocr_models))

ptxas = shutil.which("ptxas") or (
    "/usr/local/cuda/bin/ptxas"
    if os.path.exists("/usr/local/cuda/bin/ptxas") else None)
if ptxas:
    config.available_features.add("ptxas")
    config.substitutions.append(("%ptxas", ptxas))
# SASS disassemblers (CUDA toolkit; not every CUDA install ships them).
for tool in ["cuobjdump", "nvdisasm"]:
    path = shutil.which(tool) or (
        "/usr/local/cuda/bin/" + tool
        if os.path.exists("/usr/local/cuda/bin/" + tool) else None)
    if path:
        config.available_features.add(tool)
        config.substitutions.append(("%" + tool, path))

# A matched SASS toolchain from Debian's non-free nvidia-cuda-toolkit (CUDA
# 11.8: ptxas for PTX ISA <= 7.8 and cuobjdump), unpacked by
# scripts/setup-cuda-sass.sh, which `make check` runs.
sass_tools = os.path.join(config.quantx_src_root, "third_party", "cuda-sass",
                          "tools")
if all(os.access(os.path.join(sass_tools, t), os.X_OK)
       for t in ["ptxas", "cuobjdump"]):
    config.available_features.add("cuda-sass-tools")
    config.substitutions.append(("%sass_ptxas",
                                 os.path.join(sass_tools, "ptxas")))
    config.substitutions.append(("%sass_cuobjdump",
                                 os.path.join(sass_tools, "cuobjdump")))

# GPU modules: the objects gpu-module-to-binary embeds, extracted to files.
config.substitutions.append(("%extract_gpu_objects", "%s %s" % (
    python, os.path.join(config.quantx_src_root, "test", "lib", "tools",
                         "extract-gpu-objects.py"))))

# Running GPU modules: libquantx_cuda_runtime.so (built when cuda.h is found)
# and, for the tests that run kernels, a CUDA device with a working driver.
cuda_runtime = getattr(config, "quantx_cuda_runtime", "")
if cuda_runtime and os.path.exists(cuda_runtime):
    config.available_features.add("cuda-runtime")
    run_gpu_main = ("mlir-runner -e main -entry-point-result=void "
                    "-shared-libs=%s,%s,%s" % (cuda_runtime, runner_utils,
                                               c_runner_utils))
    # In the sanitizer build the runtime library is instrumented and loaded
    # into Debian's uninstrumented mlir-runner: preload the ASan runtime, as
    # test/Embedding does for the plugin.
    asan_runtime = getattr(config, "quantx_asan_runtime", "")
    if asan_runtime:
        run_gpu_main = "env LD_PRELOAD=%s ASAN_OPTIONS=detect_leaks=0 %s" % (
            asan_runtime, run_gpu_main)
    config.substitutions.append(("%run_gpu_main", run_gpu_main))


def has_cuda_device():
    """Whether the CUDA driver loads, initializes and sees a device."""
    import ctypes
    try:
        cuda = ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    try:
        if cuda.cuInit(0) != 0:
            return False
        count = ctypes.c_int(0)
        return cuda.cuDeviceGetCount(ctypes.byref(count)) == 0 and count.value > 0
    except Exception:
        return False


if has_cuda_device():
    config.available_features.add("cuda-device")

# The driver stub of the CUDA toolkit: it loads, exports the whole driver API
# and fails cuInit, which checks the runtime's symbol resolution without a GPU.
cuda_stub = "/usr/local/cuda/lib64/stubs/libcuda.so"
if os.path.exists(cuda_stub):
    config.available_features.add("cuda-stub")
    config.substitutions.append(("%cuda_stub", cuda_stub))

# CPU capabilities, for tests that run target-specific code.
try:
    with open("/proc/cpuinfo") as f:
        flags = next((l.split(":", 1)[1].split() for l in f
                      if l.startswith("flags")), [])
except OSError:
    flags = []
# /proc/cpuinfo spelling -> lit feature.
for flag, feature in [("avx2", "avx2"), ("avx512f", "avx512f"),
                      ("avx512bw", "avx512bw"), ("avx512_vnni", "avx512vnni"),
                      ("avx512vbmi", "avx512vbmi"), ("avx_vnni", "avxvnni")]:
    if flag in flags:
        config.available_features.add(feature)
