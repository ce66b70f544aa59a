#!/usr/bin/env python3
"""Opens a report page in headless Chromium and checks it as a reader would see it: the outlet
table has one row per outlet of outlets.csv, every chart is there, every link within the page
leads to an element of it (an article behind a figure to its hits in context), and the page logs
nothing to the console (no script error). Also (issue 28): every text of every chart fits inside
its chart (by the width its characters take at its font size), a period chart has a panel per
outlet of periods.csv (up to 60), and no count reads "1 articles" or "1 scare quotes". Saves a
screenshot.

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
    problems += chart_problems(a.reports)
    plural = re.findall(r"(?<![\d,.])1 (articles|outlets|hits|tokens|scare quotes|warnings)\b",
                        re.sub(r"<[^>]+>", " ", dom))
    if plural:
        problems.append(f"a count of one with a plural noun: \"1 {plural[0]}\"")
    for p in problems:
        print("browser check:", p)
    print(f"browser check: {len(outlets)} outlets, {len(rows)} table rows, {charts} charts, "
          f"{len(targets)} links within the page, {drivers} driving articles with their hits, "
          f"{len(console)} console messages: {'ok' if not problems else 'FAILED'}")
    sys.exit(1 if problems else 0)


def chart_problems(reports):
    """Texts that run out of their chart, and period charts without a panel per outlet."""
    problems = []
    for name in sorted(os.listdir(reports)):
        if not name.endswith(".svg"):
            continue
        with open(os.path.join(reports, name), encoding="utf-8") as f:
            svg = f.read()
        m = re.search(r'<svg[^>]* width="(\d+)"', svg)
        if not m:
            continue
        width = int(m.group(1))
        for t in re.finditer(r"<text([^>]*)>\s*([^<]*?)\s*</text>", svg):
            attrs, text = t.group(1), t.group(2)
            x = re.search(r'\bx="([\d.]+)"', attrs)
            size = re.search(r'font-size="([\d.]+)', attrs)
            if not x or not size or "rotate" in attrs or 'text-anchor="end"' in attrs:
                continue
            chars = len(re.sub(r"&\w+;", "x", text.strip()))
            # Average glyph width of a sans-serif font: about 0.55 of its size.
            end = float(x.group(1)) + 0.55 * float(size.group(1)) * chars
            if 'text-anchor="middle"' in attrs:
                end -= 0.55 * float(size.group(1)) * chars / 2
            if end > width + 2:
                problems.append(f"{name}: the text \"{text.strip()[:40]}\" runs to {end:.0f} px, "
                                f"past the chart's {width} px")
                break
    periods = os.path.join(reports, "periods.csv")
    svg_path = os.path.join(reports, "chart_periods_tone.svg")
    if os.path.exists(periods) and os.path.exists(svg_path):
        with open(periods, newline="", encoding="utf-8-sig") as f:
            outlets = {r["outlet"] for r in csv.DictReader(f) if r["metric"] == "tone"}
        with open(svg_path, encoding="utf-8") as f:
            panels = len(re.findall(r">\s*[^<]* \(\d+ articles?\)\s*</text>", f.read()))
        if panels != min(len(outlets), 60):
            problems.append(f"chart_periods_tone.svg has {panels} panels for {len(outlets)} "
                            f"outlets of periods.csv")
    return problems


if __name__ == "__main__":
    main()
