#!/usr/bin/env bash
# Builds every fuzz target and runs each, bounded, from the committed seeds.
# Usage: fuzz/run.sh --runs N [--max-len B] [TARGET...]
#                                  N executions per target with a fixed seed (CI: the
#                                  same inputs every time, so a failure reproduces)
#        fuzz/run.sh --seconds S [--max-len B] [TARGET...]
#                                  S seconds per target (exploring by hand)
# Inputs are at most B bytes (default 8192); with a larger B (up to 1 MiB, say)
# libFuzzer may grow inputs to that size at once (-len_control=0).
# Exits non-zero on the first crash; libFuzzer saves the input in fuzz/artifacts/.
set -euo pipefail
cd "$(dirname "$0")"
case "${1:---seconds}" in
  --runs) bound=(-runs="${2:-30000}" -seed=1); what="${2:-30000} runs"; fresh=1; runs="${2:-30000}" ;;
  *) bound=(-max_total_time="${2:-30}"); what="${2:-30} s"; fresh=0 ;;
esac
shift $(( $# >= 2 ? 2 : $# ))
max_len=8192
if [ "${1:-}" = --max-len ]; then
  max_len=$2
  bound+=(-len_control=0)
  shift 2
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse check_compile format_roundtrip facts evaluate xlsx)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
# cargo-fuzz passes nightly-only sanitizer flags; the stable compiler takes them this way.
export RUSTC_BOOTSTRAP=1
cargo fuzz build -O
declare -A seeds=([parse]=rules [check_compile]=rules [format_roundtrip]=rules [facts]=facts [evaluate]=facts [xlsx]=xlsx)
# Large inputs start from large seeds, generated here (not committed): long
# operator chains, prefix chains, deep nesting, long words, many goals and facts.
large=$(mktemp -d)
if [ "$max_len" -gt 8192 ]; then
  python3 - "$large" "$max_len" <<'PY'
import os, sys
out, size = sys.argv[1], int(sys.argv[2]) - 64
os.makedirs(f"{out}/rules"); os.makedirs(f"{out}/facts")
head = 'plan "x" { periode 2026 }\nmål 1 "y": '
def rule(name, body):
    open(f"{out}/rules/{name}", "w").write(head + body[: size - len(head) - 8] + " >= 1;\n")
for i, op in enumerate(["+", "-", "*", "/", "og", "eller"]):
    rule(f"chain{i}", f" {op} ".join(["x"] * (size // 6)))
rule("ikke", "ikke " * (size // 5) + "x")
rule("neg", "-" * size + "x")
rule("paren", "(" * (size // 2) + "x" + ")" * (size // 2))
rule("abs", "|" * (size // 2) + "x" + "|" * (size // 2))
rule("number", "x >= " + "9" * size)
rule("ident", "n" * size)
open(f"{out}/rules/goals", "w").write("plan \"x\" { periode 2026 }\n" + "".join(
    f"mål {i} \"m\": x >= {i};\n" for i in range(1, size // 24)))
open(f"{out}/facts/value.toml", "w").write('realiseret = "' + "4" * size + ' mio"\n')
open(f"{out}/facts/key.toml", "w").write('"' + "k" * size + '" = 1\n')
open(f"{out}/facts/many.toml", "w").write("".join(f"f_{i} = {i}\n" for i in range(size // 16)))
PY
fi
mkdir -p "$large/rules" "$large/facts" "$large/xlsx"
mkdir -p logs
for target in "${targets[@]}"; do
  # Seeded runs start from the committed seeds alone, so they are the same everywhere.
  if [ "$fresh" = 1 ]; then corpus=$(mktemp -d); else corpus="corpus/$target"; mkdir -p "$corpus"; fi
  log="logs/$target.log"
  # A workbook is built, zipped and read back per execution (about 10 a second
  # under the sanitizer): its seeded runs are capped at 300.
  limits=("${bound[@]}")
  if [ "$target" = xlsx ] && [ "$fresh" = 1 ]; then limits=(-runs=$(( runs < 300 ? runs : 300 )) -seed=1); fi
  if ! cargo fuzz run -O "$target" "$corpus" "seeds/${seeds[$target]}" "$large/${seeds[$target]}" -- \
      "${limits[@]}" -max_len="$max_len" -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  executed=$(grep -ao 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  echo "$target: inputs up to $max_len bytes, $executed executions, no crash"
done
