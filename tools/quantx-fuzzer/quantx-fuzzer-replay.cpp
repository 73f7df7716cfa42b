//===- quantx-fuzzer-replay.cpp - run the fuzz target on files ------------===//
//
// The main() of quantx-fuzzer in builds without libFuzzer: runs the fuzz
// target (quantx-fuzzer.cpp) once on each file named on the command line, so
// that every build replays test/Fuzz/regressions/ exactly as the fuzzer saw
// those inputs. With QUANTX_ENABLE_FUZZER, libFuzzer's main() takes file
// arguments the same way.
//
//===----------------------------------------------------------------------===//

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv);
extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv) {
  LLVMFuzzerInitialize(&argc, &argv);
  for (int i = 1; i < argc; ++i) {
    auto buffer = llvm::MemoryBuffer::getFile(argv[i]);
    if (!buffer) {
      llvm::errs() << "quantx-fuzzer: cannot read " << argv[i] << "\n";
      return 1;
    }
    LLVMFuzzerTestOneInput(
        reinterpret_cast<const uint8_t *>((*buffer)->getBufferStart()),
        (*buffer)->getBufferSize());
    llvm::outs() << "Executed " << argv[i] << "\n";
  }
  return 0;
}
