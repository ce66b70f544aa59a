#!/usr/bin/env bash
# The README's edit loop, run as written: a one-word edit to lexicons/attribution.csv, then
# `cargo run --release -- score`. Fails unless cargo rebuilt nothing, the run reused the rerun
# cache for the articles the edit cannot change, and the loop took under a second. The lexicon
# and reports/ are put back as they were, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
lexicon=lexicons/attribution.csv
saved=$(mktemp -d)
cp "$lexicon" "$saved/attribution.csv"
cp -r reports "$saved/reports"
restore() {
  cp "$saved/attribution.csv" "$lexicon"
  rm -rf reports && cp -r "$saved/reports" reports
  rm -rf "$saved"
}
trap restore EXIT
cargo build --release --quiet
cargo run --release --quiet -- score --quiet   # the last run's cache, as a user has it
echo 'lauded,endorsing,1,no,"report verb: praises what it reports"' >> "$lexicon"
start=$(date +%s.%N)
out=$(cargo run --release -- score 2>&1)
end=$(date +%s.%N)
echo "$out"
secs=$(python3 -c "print(f'{$end - $start:.2f}')")
echo "edit loop: $secs s (cargo run --release -- score after a one-word edit)"
if grep -q "Compiling slant" <<<"$out"; then
  echo "the edit rebuilt slant: something in src/ includes a file of lexicons/" >&2
  exit 1
fi
if ! grep -q "reused from the last run" <<<"$out"; then
  echo "the run after the edit did not reuse the rerun cache" >&2
  exit 1
fi
if python3 -c "import sys; sys.exit(0 if $secs < 1.0 else 1)"; then :; else
  echo "the edit loop took $secs s, not under a second" >&2
  exit 1
fi
