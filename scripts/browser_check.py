#!/usr/bin/env python3
"""Opens a report page in headless Chromium and checks it as a reader would see it: the outlet
table has one row per outlet of outlets.csv, every chart is there, every link within the page
leads to an element of it (an article behind a figure to its hits in context), and the page logs
nothing to the console (no script error). Saves a screenshot.

usage: scripts/browser_check.py REPORTS_DIR [--screenshot PNG] [--width 1280] [--height 2400]
Needs Debian's chromium (/usr/bin/chromium); .ci/run installs it."""
import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tempfile

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium(args, profile):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        sys.exit("browser check: chromium not found (apt-get install chromium)")
    return subprocess.run([exe, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reports")
    ap.add_argument("--screenshot")
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=2400)
    a = ap.parse_args()
    page = os.path.abspath(os.path.join(a.reports, "index.html"))
    url = "file://" + page
    with open(os.path.join(a.reports, "outlets.csv"), newline="", encoding="utf-8-sig") as f:
        outlets = [r["outlet"] for r in csv.DictReader(f)]
    problems = []
    with tempfile.TemporaryDirectory() as profile:
        r = chromium(["--enable-logging=stderr", "--v=0", "--dump-dom", url], profile)
        dom = r.stdout
        console = [l for l in r.stderr.splitlines() if ":CONSOLE" in l]
        if console:
            problems.append("console messages: " + " | ".join(console))
        table = re.search(r'<table class="sortable" id="outlets">.*?<tbody>(.*?)</tbody>', dom, re.S)
        rows = re.findall(r"<tr>", table.group(1)) if table else []
        if len(rows) != len(outlets):
            problems.append(f"the outlet table has {len(rows)} rows; outlets.csv has {len(outlets)}")
        ids = set(re.findall(r' id="([^"]+)"', dom))
        targets = re.findall(r' href="#([^"]+)"', dom)
        dangling = sorted({t for t in targets if t not in ids})
        if dangling:
            problems.append(f"{len(dangling)} links lead nowhere in the page, e.g. #{dangling[0]}")
        drivers = len(re.findall(r'<details id="d[0-9a-f]+" class="driver">', dom))
        charts = len(re.findall(r"<svg ", dom))
        if charts < 1:
            problems.append("no chart in the page")
        if a.screenshot:
            s = chromium([f"--window-size={a.width},{a.height}", f"--screenshot={os.path.abspath(a.screenshot)}", url], profile)
            if not os.path.exists(a.screenshot):
                problems.append("no screenshot: " + s.stderr[-300:])
    for p in problems:
        print("browser check:", p)
    print(f"browser check: {len(outlets)} outlets, {len(rows)} table rows, {charts} charts, "
          f"{len(targets)} links within the page, {drivers} driving articles with their hits, "
          f"{len(console)} console messages: {'ok' if not problems else 'FAILED'}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
