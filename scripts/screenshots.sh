#!/usr/bin/env bash
# Regenerates the pictures of the report page in the README and docs: from the seeds' reports,
# docs/images/report.png (the top of reports/index.html) and docs/images/report-full.png (the
# whole page); from 25,000 generated articles of 12 outlets by month, docs/images/report-25k.png
# (the page at scale: the outlet table, the charts, the period panels). Each page is checked by
# scripts/browser_check.py as it is photographed.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- score --quiet
python3 scripts/browser_check.py reports --screenshot docs/images/report.png --width 1100 --height 900
python3 scripts/browser_check.py reports --screenshot docs/images/report-full.png --width 1100 --height 3200
big=target/screenshots
rm -rf "$big"
python3 scripts/gen_corpus.py "$big/corpus.jsonl" --format jsonl --articles 25000 --dates >/dev/null
cargo run --release --quiet -- score "$big/corpus.jsonl" --quiet --no-cache --no-hits --by-period month --out "$big/reports"
python3 scripts/browser_check.py "$big/reports" --screenshot docs/images/report-25k.png --width 1100 --height 4200
rm -rf "$big"
