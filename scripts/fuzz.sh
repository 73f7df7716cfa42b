#!/usr/bin/env bash
# make fuzz: runs tools/quantx-fuzzer for $2 seconds (FUZZ_SECONDS) on one
# core at the lowest priority (nice -n 19).
#   seeds:     every test/**/*.mlir, split at `// -----` (rebuilt each run,
#              so new lit tests become seeds)
#   corpus:    $build/fuzz/corpus, kept between runs
#   findings:  $build/fuzz/artifacts/{crash,leak,timeout,oom}-*; each one
#              becomes a regression test (docs/Fuzzing.md)
#   log:       $build/fuzz/logs/<date>.log, summarized at the end
# Extra libFuzzer flags go in FUZZ_FLAGS; QUANTX_FUZZ_PASSES (a regex)
# restricts the passes run.
set -uo pipefail
build=${1:-build-sanitizers}
seconds=${2:-60}
fuzzer=$build/bin/quantx-fuzzer
[ -x "$fuzzer" ] || { echo "fuzz: $fuzzer not built (make build-sanitizers)" >&2; exit 1; }

dir=$build/fuzz
mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/logs"
rm -rf "$dir/seeds" && mkdir -p "$dir/seeds"
/usr/bin/python3 - "$dir/seeds" <<'PY'
import hashlib, pathlib, re, sys
out = pathlib.Path(sys.argv[1])
n = 0
for path in sorted(pathlib.Path("test").rglob("*.mlir")):
    for chunk in re.split(r"^// -----.*$", path.read_text(), flags=re.M):
        data = chunk.strip().encode()
        if data:
            (out / hashlib.sha1(data).hexdigest()).write_bytes(data + b"\n")
            n += 1
print(f"fuzz: {n} seeds from test/**/*.mlir")
PY

log=$dir/logs/$(date +%Y%m%d-%H%M%S).log
cmd=(nice -n 19 "$fuzzer" -max_total_time="$seconds" -timeout=30
     -rss_limit_mb=4096 -print_final_stats=1
     -dict=tools/quantx-fuzzer/quantx.dict
     -artifact_prefix="$dir/artifacts/" ${FUZZ_FLAGS:-}
     "$dir/corpus" "$dir/seeds")
echo "fuzz: ${cmd[*]}" | tee "$log"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
start=$(date +%s)
"${cmd[@]}" >> "$log" 2>&1
rc=$?
elapsed=$(( $(date +%s) - start ))

runs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+' || true)
execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$log" | grep -oE '[0-9]+$' || true)
cov=$(grep -oE '^#[0-9]+.*cov: [0-9]+' "$log" | tail -1 | grep -oE 'cov: [0-9]+' || true)
corpus=$(ls "$dir/corpus" | wc -l)
echo "fuzz: exit $rc after ${elapsed} s; executions ${execs:-${runs:-?}}; ${cov:-cov: ?}; corpus $corpus files; log $log"
findings=$(grep -E '^artifact_prefix|Test unit written to' "$log" || true)
if [ $rc -ne 0 ] || [ -n "$findings" ]; then
  echo "fuzz: FINDING:"; grep -E 'ERROR|Assertion|SUMMARY|Test unit written to' "$log" | head -20
  exit 1
fi
echo "fuzz: no crash"
