#!/usr/bin/env bash
# The language server in Debian's Neovim (0.7.2), headless, configured with the README's
# Neovim 0.7–0.9 snippet exactly as the README prints it: attach, hover, definition, and a
# diagnostic after a typo. Usage: tests/neovim/run.sh [path/to/maal] (default target/debug/maal).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v nvim >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq neovim >/dev/null; else sudo apt-get install -y -qq neovim >/dev/null; fi
fi
maal=$(realpath "${1:-target/debug/maal}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" "$work/home"
ln -s "$maal" "$work/bin/maal"
# The README's snippet, as printed: the lua block after "Neovim 0.7–0.9".
awk '/Neovim 0.7–0.9/ {found=1} found && /```lua/ {inside=1; next} inside && /```/ {exit} inside {sub(/^  /, ""); print}' README.md > "$work/init.lua"
grep -q "start_client" "$work/init.lua" || { echo "the README's Neovim 0.7–0.9 snippet was not found"; exit 1; }
cat > "$work/plan.maal" <<'PLAN'
plan "Test" { periode 2026 }
mål 1 "Kontrol":
  frist ultimo 2026;
  delmål a: stikprøvekontroller >= 10;
  delmål b: leveret senest ultimo 2026;
  mål: any(a, b);
PLAN
cd "$work"
export MAAL_NVIM_OUT="$work/out.txt"
HOME="$work/home" PATH="$work/bin:$PATH" XDG_CONFIG_HOME="$work/home/.config" XDG_STATE_HOME="$work/home/.state" \
  timeout 90 nvim --headless -n -u "$work/init.lua" -c "luafile $OLDPWD/tests/neovim/check.lua" plan.maal >/dev/null 2>&1 || true
cat "$MAAL_NVIM_OUT" 2>/dev/null || { echo "Neovim wrote nothing"; exit 1; }
fail=0
expect() { grep -q -- "$1" "$MAAL_NVIM_OUT" || { echo "FAIL: expected $1"; fail=1; }; }
expect "^attached true"
expect "^diagnostics before 0"
expect "^hover .*stikprøvekontroller"
if grep -q "()" "$MAAL_NVIM_OUT"; then echo "FAIL: an empty unit in the hover"; fail=1; fi
expect "^definition line 3"
expect "^diagnostic line 2 code E"
expect "^diagnostics after true"
exit $fail
