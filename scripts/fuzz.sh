#!/usr/bin/env bash
# Bounded libFuzzer runs over the committed seed corpus (Fuzz/corpus/<target>).
#   scripts/fuzz.sh [seconds per target]   (default 60)
# New inputs go to a scratch corpus; a crash leaves its input in Fuzz/crashes/ and fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export SWIFT_BACKTRACE=enable=no  # libFuzzer reports the trap itself, with its stack
seconds=${1:-${FUZZ_SECONDS:-60}}
scratch=.build-fuzz
mkdir -p "$scratch"
if ! swift build --package-path Fuzz --scratch-path "$scratch" -c debug \
     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library >"$scratch/build.log" 2>&1; then
  grep -v 'Cannot export local symbol' "$scratch/build.log" | tail -40 >&2
  echo "fuzz: building the fuzz targets failed" >&2
  exit 1
fi
mkdir -p Fuzz/crashes
status=0
for target in FuzzURL:url FuzzContent:content FuzzImport:import FuzzSpecs:specs; do
  exe=${target%%:*}; corpus=${target##*:}
  work="$scratch/corpus-$corpus"; mkdir -p "$work"
  log="$scratch/$exe.log"
  echo "fuzz: $exe for ${seconds}s"
  if ! "$scratch/debug/$exe" "$work" "Fuzz/corpus/$corpus" -max_total_time="$seconds" -max_len=65536 \
       -timeout=10 -rss_limit_mb=2048 -artifact_prefix=Fuzz/crashes/ -print_final_stats=1 >"$log" 2>&1; then
    echo "fuzz: $exe FAILED; see $log and Fuzz/crashes/" >&2
    # The first report (Swift's fatal error, the sanitizer's line and stack), not the legend.
    grep -m1 -A40 -E 'Fatal error|==ERROR|deadly signal|out-of-memory|timeout' "$log" >&2 || tail -40 "$log" >&2
    # A CI log is all that survives the run: the input, so it can be replayed locally.
    for crash in Fuzz/crashes/*; do
      [ -f "$crash" ] && [ "$(stat -c %s "$crash")" -le 8192 ] && echo "fuzz: input $crash (base64): $(base64 -w0 "$crash")" >&2
    done
    status=1
  fi
  grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$log" | sed "s/^/fuzz: $exe /"
done
exit $status
