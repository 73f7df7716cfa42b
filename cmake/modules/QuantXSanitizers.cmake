# QUANTX_ENABLE_SANITIZERS=ON: quantx's own code (libraries, tools, tests)
# with AddressSanitizer + UndefinedBehaviorSanitizer (clang; Debian's
# libclang-rt-22-dev has the runtimes). libMLIR.so and libLLVM.so stay
# uninstrumented: their own bugs are not found, but ASan still sees every
# heap block they allocate or free (malloc is intercepted process-wide), so
# quantx's use of MLIR-owned memory is checked. `make check-sanitizers` uses
# this in build-sanitizers/.
#
# QUANTX_ENABLE_FUZZER=ON additionally instruments quantx's code for
# libFuzzer's coverage feedback (-fsanitize=fuzzer-no-link) and builds
# tools/quantx-fuzzer (`make fuzz`).

option(QUANTX_ENABLE_SANITIZERS
  "Build quantx with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(QUANTX_ENABLE_FUZZER
  "Build the libFuzzer target (needs QUANTX_ENABLE_SANITIZERS and clang)" OFF)

set(QUANTX_SANITIZER_FLAGS)
set(QUANTX_ASAN_RUNTIME)
if(QUANTX_ENABLE_SANITIZERS)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "QUANTX_ENABLE_SANITIZERS needs clang (clang-22)")
  endif()
  # Every UB check aborts (no recovery), so that a report fails the test
  # that triggered it. `function` is left out: calls from MLIR's
  # uninstrumented code through function pointers into quantx carry no
  # type signature to check.
  set(QUANTX_SANITIZER_FLAGS
    -fsanitize=address,undefined -fno-sanitize=function
    -fno-sanitize-recover=all)
  add_compile_options(${QUANTX_SANITIZER_FLAGS} -fno-omit-frame-pointer
                      -gline-tables-only)
  # LLVM's allocators must not poison memory that libMLIR.so hands out
  # (see the header).
  add_compile_options(
    "$<$<COMPILE_LANGUAGE:CXX>:-include${CMAKE_CURRENT_SOURCE_DIR}/cmake/sanitizers/no-llvm-allocator-poisoning.h>")
  add_link_options(${QUANTX_SANITIZER_FLAGS})
  # Shared libraries (the plugin, the C API) leave the runtime's symbols to
  # the executable that loads them: drop LLVM's -z defs.
  string(APPEND CMAKE_SHARED_LINKER_FLAGS " -Wl,-z,undefs")
  string(APPEND CMAKE_MODULE_LINKER_FLAGS " -Wl,-z,undefs")
  # The shared ASan runtime: stock mlir-opt (uninstrumented) needs it preloaded
  # to host the instrumented plugin.
  execute_process(
    COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libclang_rt.asan-x86_64.so
    OUTPUT_VARIABLE QUANTX_ASAN_RUNTIME OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT EXISTS "${QUANTX_ASAN_RUNTIME}")
    message(FATAL_ERROR "No ASan runtime (${QUANTX_ASAN_RUNTIME}): install "
                        "libclang-rt-22-dev (scripts/setup.sh sanitizers)")
  endif()
endif()

if(QUANTX_ENABLE_FUZZER)
  if(NOT QUANTX_ENABLE_SANITIZERS)
    message(FATAL_ERROR "QUANTX_ENABLE_FUZZER needs QUANTX_ENABLE_SANITIZERS")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

string(REPLACE ";" " " QUANTX_SANITIZER_FLAGS_STRING "${QUANTX_SANITIZER_FLAGS}")
