#!/usr/bin/env bash
# Runs every test: the lit suite and the unit tests. Prints lit's summary and,
# last, the totals on a line of their own: "N passed, N failed". The totals
# also go to $BUILD/check-totals.txt.
set -uo pipefail
build=${1:-build}
llvm=${2:-/usr/lib/llvm-22}

lit_log=$build/lit.log
unit_log=$build/unittests.log

"$llvm/bin/lit" -sv --time-tests "$build/test" 2>&1 | tee "$lit_log" |
  grep -E '^(FAIL|XPASS|UNRESOLVED|TIMEOUT):|^\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*\*$|^Total Discovered|^  (Passed|Failed|Unsupported|Expectedly Failed|Unresolved|Skipped|Excluded|Timed Out|Unexpectedly Passed)' || true
lit_rc=${PIPESTATUS[0]}

"$build/unittests/QuantxUnitTests" --gtest_brief=1 > "$unit_log" 2>&1
unit_rc=$?
grep -E '^\[  (PASSED|FAILED)  \]|Failure|^\[ +FAILED' "$unit_log" || true

count() { grep -E "$1" "$2" | head -n1 | grep -oE '[0-9]+' | head -n1; }
lit_pass=$(count '^ *Passed *:' "$lit_log"); lit_pass=${lit_pass:-0}
lit_xfail=$(count '^ *Expectedly Failed *:' "$lit_log"); lit_xfail=${lit_xfail:-0}
lit_fail=0
for what in 'Failed' 'Unresolved' 'Timed Out' 'Unexpectedly Passed'; do
  n=$(count "^ *$what *:" "$lit_log"); lit_fail=$((lit_fail + ${n:-0}))
done
unit_pass=$(grep -oE '^\[  PASSED  \] [0-9]+' "$unit_log" | grep -oE '[0-9]+$'); unit_pass=${unit_pass:-0}
unit_fail=$(grep -oE '^\[  FAILED  \] [0-9]+ test' "$unit_log" | grep -oE '[0-9]+' | head -n1); unit_fail=${unit_fail:-0}
if [ $unit_rc -ne 0 ] && [ "$unit_fail" -eq 0 ]; then unit_fail=1; fi
if [ $lit_rc -ne 0 ] && [ "$lit_fail" -eq 0 ]; then lit_fail=1; fi

passed=$((lit_pass + lit_xfail + unit_pass))
failed=$((lit_fail + unit_fail))
echo "lit: $((lit_pass + lit_xfail)) passed, $lit_fail failed; unit tests: $unit_pass passed, $unit_fail failed"
echo "$passed passed, $failed failed" | tee "$build/check-totals.txt"
[ "$failed" -eq 0 ]
