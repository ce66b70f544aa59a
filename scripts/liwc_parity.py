#!/usr/bin/env python3
"""Counts LIWC categories with liwc-python (`pip install liwc`), the reference slant's `.dic`
loading must agree with, and writes or checks tests/data/liwc/expected.csv.

usage: scripts/liwc_parity.py [--check]
Texts are tokenized as liwc-python's documentation does: re.finditer(r'\\w+', text) lowercased.
With --check, exits 1 when expected.csv differs from what liwc-python gives now (CI runs this)."""
import csv
import io
import os
import re
import sys

import liwc

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "data", "liwc")
parse, categories = liwc.load_token_parser(os.path.join(here, "parity.dic"))
out = io.StringIO()
w = csv.writer(out, lineterminator="\n")
w.writerow(["text", "category", "count"])
for name in sorted(os.listdir(os.path.join(here, "texts"))):
    text = open(os.path.join(here, "texts", name), encoding="utf-8").read()
    counts = {c: 0 for c in categories}
    for m in re.finditer(r"\w+", text, re.UNICODE):
        for c in parse(m.group(0).lower()):
            counts[c] += 1
    for c in categories:
        w.writerow([name[:-4], c, counts[c]])
path = os.path.join(here, "expected.csv")
if "--check" in sys.argv:
    if open(path, encoding="utf-8").read() != out.getvalue():
        print("tests/data/liwc/expected.csv differs from liwc-python's counts; rerun scripts/liwc_parity.py")
        sys.exit(1)
    print("liwc parity: expected.csv matches liwc-python")
else:
    open(path, "w", encoding="utf-8").write(out.getvalue())
