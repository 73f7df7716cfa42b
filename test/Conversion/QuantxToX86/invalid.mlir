// RUN: not quantx-opt %s --convert-quantx-to-x86="table-bits=12" 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: not quantx-opt %s --convert-quantx-to-x86="group-blocks=259" 2>&1 | FileCheck %s --check-prefix=GROUP8
// RUN: not quantx-opt %s --convert-quantx-to-x86="table-bits=16 group-blocks=129" 2>&1 | FileCheck %s --check-prefix=GROUP16

// The option errors of convert-quantx-to-x86, on the module with their full
// message (one RUN each): the int16 sums of a group must not overflow.

// BITS: error: convert-quantx-to-x86: table-bits must be 8 or 16, got 12
// GROUP8: error: convert-quantx-to-x86: group-blocks must be in [1, 258] for 8-bit tables (the int16 sums of a group must not overflow), got 259
// GROUP16: error: convert-quantx-to-x86: group-blocks must be in [1, 128] for 16-bit tables (the int16 sums of a group must not overflow), got 129
func.func @f() {
  return
}
