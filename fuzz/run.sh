#!/usr/bin/env bash
# Builds every fuzz target and runs each, bounded, from the committed seeds.
# Usage: fuzz/run.sh --runs N      N executions per target with a fixed seed (CI: the
#                                  same inputs every time, so a failure reproduces)
#        fuzz/run.sh --seconds S   S seconds per target (exploring by hand)
# Exits non-zero on the first crash; libFuzzer saves the input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
case "${1:---seconds}" in
  --runs) bound=(-runs="${2:-30000}" -seed=1); what="${2:-30000} runs"; fresh=1 ;;
  *) bound=(-max_total_time="${2:-30}"); what="${2:-30} s"; fresh=0 ;;
esac
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
# cargo-fuzz passes nightly-only sanitizer flags; the stable compiler takes them this way.
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
declare -A seeds=([parse]=rules [check_compile]=rules [format_roundtrip]=rules [facts]=facts [evaluate]=facts)
mkdir -p logs
for target in parse check_compile format_roundtrip facts evaluate; do
  # Seeded runs start from the committed seeds alone, so they are the same everywhere.
  if [ "$fresh" = 1 ]; then corpus=$(mktemp -d); else corpus="corpus/$target"; mkdir -p "$corpus"; fi
  log="logs/$target.log"
  if ! cargo fuzz run -O "$target" "$corpus" "seeds/${seeds[$target]}" -- \
      "${bound[@]}" -max_len=8192 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "$target: $what, $runs executions, no crash"
done
