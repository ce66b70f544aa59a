#!/usr/bin/env bash
# Regenerates the README's pictures of the report page from the seeds' reports:
# docs/images/report.png (the top of reports/index.html) and docs/images/report-charts.png.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run --release --quiet -- score --quiet
python3 scripts/browser_check.py reports --screenshot docs/images/report.png --width 1100 --height 900
python3 scripts/browser_check.py reports --screenshot docs/images/report-full.png --width 1100 --height 3200
