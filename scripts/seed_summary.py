#!/usr/bin/env python3
"""Prints the key per-article columns of a reports folder as a Markdown table.

usage: scripts/seed_summary.py [REPORTS_DIR]   (default: reports)
The README's worked example is this script's output after `cargo run --release -- score`."""
import csv
import os
import sys

COLUMNS = ["article_id", "outlet", "tokens", "quote_share", "tone", "tone.author",
           "hedging.share", "attribution.distancing.share", "scare_quotes"]

reports = sys.argv[1] if len(sys.argv) > 1 else "reports"
with open(os.path.join(reports, "articles.csv"), newline="", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
print("| " + " | ".join(COLUMNS) + " |")
print("|" + "---|" * len(COLUMNS))
for r in rows:
    print("| " + " | ".join(r.get(c, "") for c in COLUMNS) + " |")
