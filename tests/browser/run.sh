#!/usr/bin/env bash
# Generates the HTML year-end reports of both seed plans with the release
# binary and tests them in headless Chromium (Debian's package), which this
# script installs when missing. Screenshots land beside the pages in target/browser/.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
mkdir -p target/browser
maal() { cargo run --quiet --locked --release -- "$@"; }
# Each seed plan's year-end report as a page (printed to PDF by the test), as JSON (what
# tests/pdf_check.py and tests/docx_readback.py compare with) and as a Word document.
for format in html json docx; do
  maal report rules/cpr-2026.maal --facts examples/facts/cpr-2026-halvår.toml@2026-06-30 \
    --facts examples/facts/cpr-2026-år.toml --per 2027-01-15 --format $format -o target/browser/cpr-2026.$format
  maal report rules/digst-2024.maal --facts examples/facts/digst-2024-q2.toml@2024-07-14 \
    --facts examples/facts/digst-2024-år.toml --per 2025-01-15 --format $format -o target/browser/digst-2024.$format
done
maal portefølje examples/portefølje --per 2026-11-30 --format html -o target/browser/portefølje.html
maal facts rules/cpr-2026.maal --format xlsx -o target/browser/skabelon.xlsx
# Værkstedet: the release binary on a free loopback port, stopped when this script ends.
cargo build --quiet --locked --release
target/release/maal værksted --rules rules --facts examples/facts/cpr-2026-år.toml --addr 127.0.0.1:0 > target/browser/vaerksted.out &
workbench=$!
trap 'kill $workbench 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q http target/browser/vaerksted.out && break; sleep 0.1; done
base=$(grep -o 'http://[^ ]*' target/browser/vaerksted.out | sed 's#/$##')
cd tests/browser
npm ci --no-audit --no-fund --silent
node report.test.mjs ../../target/browser/cpr-2026.html 7 ../../target/browser/digst-2024.html 12
node portfolio.test.mjs ../../target/browser/portefølje.html 8
node workbench.test.mjs "$base" ../../target/browser/skabelon.xlsx ../../target/release/maal
