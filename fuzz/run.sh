#!/usr/bin/env bash
# Builds every fuzz target and runs each for a bounded time from the seeds.
# Usage: fuzz/run.sh [SECONDS_PER_TARGET]   (default 30; CI uses this)
# Exits non-zero on the first crash; libFuzzer saves the input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-30}"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
# cargo-fuzz passes nightly-only sanitizer flags; the stable compiler takes them this way.
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
declare -A seeds=([parse]=rules [check_compile]=rules [format_roundtrip]=rules [facts]=facts [evaluate]=facts)
mkdir -p logs
for target in parse check_compile format_roundtrip facts evaluate; do
  mkdir -p "corpus/$target"
  log="logs/$target.log"
  if ! cargo fuzz run -O "$target" "corpus/$target" "seeds/${seeds[$target]}" -- \
      -max_total_time="$seconds" -max_len=8192 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "$target: ${seconds}s, $runs executions, no crash"
done
