#!/usr/bin/env python3
"""Prints chosen columns of a report CSV as a Markdown table (the README's excerpts come from it).

usage: scripts/table.py CSV_FILE [COLUMN ...] [--head N] [--tail N]
Without columns, every column. --head/--tail keep the first/last N rows (both may be given)."""
import argparse
import csv

ap = argparse.ArgumentParser()
ap.add_argument("file")
ap.add_argument("columns", nargs="*")
ap.add_argument("--head", type=int)
ap.add_argument("--tail", type=int)
a = ap.parse_args()
with open(a.file, newline="", encoding="utf-8-sig") as f:
    rows = list(csv.DictReader(f))
cols = a.columns or (list(rows[0].keys()) if rows else [])
if a.head is not None or a.tail is not None:
    head = rows[: a.head or 0]
    tail = rows[len(rows) - (a.tail or 0):] if a.tail else []
    rows = head + [r for r in tail if r not in head]
print("| " + " | ".join(cols) + " |")
print("|" + "---|" * len(cols))
for r in rows:
    print("| " + " | ".join(r.get(c, "") for c in cols) + " |")
