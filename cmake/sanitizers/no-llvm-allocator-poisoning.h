/*===- no-llvm-allocator-poisoning.h - ASan with an uninstrumented MLIR ---===*\
|*                                                                            *|
|* Force-included (-include) into every C++ file of a QUANTX_ENABLE_SANITIZERS *|
|* build. Under ASan, LLVM's BumpPtrAllocator (Allocator.h, inline code)     *|
|* poisons each new slab and unpoisons each allocation. MLIR's storage        *|
|* uniquer allocates from one allocator both in libMLIR.so (uninstrumented:  *|
|* never unpoisons) and in quantx's inline copies (instrumented: poisons new *|
|* slabs), so libMLIR.so writes into memory quantx poisoned and ASan reports *|
|* a use-after-poison that is not a bug (found by quantx-fuzzer; see         *|
|* docs/Fuzzing.md). Compiling the annotations out makes quantx's copies     *|
|* behave like libMLIR.so's; ASan's own malloc/free checks are unaffected.   *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef QUANTX_NO_LLVM_ALLOCATOR_POISONING_H
#define QUANTX_NO_LLVM_ALLOCATOR_POISONING_H

#ifdef __cplusplus
#include "llvm/Support/Compiler.h"
#undef __asan_poison_memory_region
#undef __asan_unpoison_memory_region
#define __asan_poison_memory_region(p, size) ((void)(p), (void)(size))
#define __asan_unpoison_memory_region(p, size) ((void)(p), (void)(size))
#endif

#endif
