#!/usr/bin/env bash
# make check-sanitizers: the whole suite (lit + unit tests, scripts/check.sh)
# on the ASan + UBSan build. Any sanitizer report aborts the process that
# made it, so the test that ran it fails. Prints the totals and the time.
set -uo pipefail
build=${1:-build-sanitizers}
llvm=${2:-/usr/lib/llvm-22}
# lit passes these variables through to the tests.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
start=$(date +%s)
scripts/check.sh "$build" "$llvm"
rc=$?
echo "check-sanitizers: $(( $(date +%s) - start )) s for the suite"
exit $rc
