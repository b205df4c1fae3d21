#!/usr/bin/env bash
# Shell completions as the README installs them, in a fresh home, with Debian's
# bash-completion loading them on demand: `maal ev<Tab>` offers `eval`.
# Usage: tests/completions/run.sh [path/to/maal] (default target/debug/maal).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -f /usr/share/bash-completion/bash_completion ]; then
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq bash-completion >/dev/null; else sudo apt-get install -y -qq bash-completion >/dev/null; fi
fi
maal=$(realpath "${1:-target/debug/maal}")
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
mkdir -p "$home/bin"
ln -s "$maal" "$home/bin/maal"
# The README's lines, as printed (the bash one and the folder it needs).
install=$(grep -E '^mkdir -p ~/.local/share/bash-completion/completions|^maal completions bash >' README.md)
[ "$(echo "$install" | wc -l)" = 2 ] || { echo "the README's bash completion lines were not found"; exit 1; }
HOME="$home" PATH="$home/bin:$PATH" bash -c "$install"
# A new interactive shell's completion, as bash-completion sets it up: loaded on first use.
out=$(HOME="$home" PATH="$home/bin:$PATH" XDG_DATA_HOME="$home/.local/share" bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  _completion_loader maal 2>/dev/null || __load_completion maal
  complete -p maal
  COMP_WORDS=(maal ev); COMP_CWORD=1; COMP_LINE="maal ev"; COMP_POINT=${#COMP_LINE}
  func=$(complete -p maal | sed -E "s/.*-F ([^ ]+).*/\1/")
  "$func" maal ev maal
  echo "offered: ${COMPREPLY[*]}"
')
echo "$out"
echo "$out" | grep -q "complete .*-F _maal.* maal" || { echo "FAIL: bash-completion did not load maal's completions"; exit 1; }
echo "$out" | grep -q "offered: .*eval" || { echo "FAIL: maal ev<Tab> does not offer eval"; exit 1; }
