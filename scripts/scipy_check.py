#!/usr/bin/env python3
"""slant's outlet statistics against SciPy on small groups (issue 28): every mean, 95% interval,
p and q of outlet_metrics.csv, and every within-story difference of stories_pooled.csv, computed
again in SciPy from the per-article values of articles.csv, on generated corpora whose outlets
have 2, 3, 4 and 5 articles.

usage: python3 scripts/scipy_check.py [--slant target/release/slant]

What is checked, per outlet and tested metric (the metrics of stories_pooled.csv):
- mean and 95% interval: Student's t (scipy.stats.t.ppf), clipped to [0, 1] for a share;
- p: scipy.stats.ttest_ind(equal_var=False) of the outlet's articles against the rest when each
  side has at least 3 articles (slant's MIN_ARTICLES), and no p at all below that;
- q: scipy.stats.false_discovery_control (Benjamini-Hochberg) over every p of the file;
- stories_pooled.csv: the stratified difference (docs/metrics.md) in NumPy, its interval and p
  from Student's t with sum(n_o + n_r - 2) degrees of freedom, none below 3 articles a side;
- index.html: the outlet table's q and tone-interval cells are outlets.csv's, n/a where an outlet
  is not tested, and no q below 0.05 for an outlet under 3 articles.
Exits 1 with every disagreement listed."""
import argparse
import csv
import os
import subprocess
import sys
import tempfile

import warnings

import numpy as np
from scipy import stats

# Two articles with the same value make SciPy warn of precision loss; the p it gives is still
# compared.
warnings.filterwarnings("ignore", category=RuntimeWarning)

MIN_ARTICLES = 3
# (articles, outlets): articles are dealt to outlets in turn.
CORPORA = [(7, 3), (14, 4), (10, 2)]


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def num(cell):
    return None if cell == "" else float(cell)


class Check:
    def __init__(self):
        self.errors = []
        self.compared = 0

    def close(self, what, got, want, tol):
        self.compared += 1
        if want is None or got is None:
            if (want is None) != (got is None):
                self.errors.append(f"{what}: slant {got}, SciPy {want}")
            return
        if abs(got - want) > tol:
            self.errors.append(f"{what}: slant {got}, SciPy {want}")


def outlet_checks(c, reports, values, metrics):
    om = rows(os.path.join(reports, "outlet_metrics.csv"))
    ps, p_rows = [], []
    for r in om:
        m = r["metric"]
        if m not in metrics:
            continue
        mine = values[(r["outlet"], m)]
        rest = np.array([v for (o, mm), vs in values.items() if mm == m and o != r["outlet"]
                         for v in vs])
        x = np.array(mine)
        what = f"{reports}: {r['outlet']} {m}"
        c.close(f"{what} mean", num(r["mean"]), x.mean() if len(x) else None, 6e-5)
        ci = None
        if len(x) >= 2:
            half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / np.sqrt(len(x))
            lo, hi = x.mean() - half, x.mean() + half
            if m.endswith("share"):
                lo, hi = max(lo, min(0.0, x.mean())), min(hi, max(1.0, x.mean()))
            ci = (lo, hi)
        c.close(f"{what} ci_low", num(r["ci_low"]), ci and ci[0], 1.1e-4)
        c.close(f"{what} ci_high", num(r["ci_high"]), ci and ci[1], 1.1e-4)
        p = None
        if len(x) >= MIN_ARTICLES and len(rest) >= MIN_ARTICLES:
            if x.var(ddof=1) + rest.var(ddof=1) > 0:
                p = float(stats.ttest_ind(x, rest, equal_var=False).pvalue)
        c.close(f"{what} p", num(r["p_value"]), p, 1.5e-6)
        if r["p_value"]:
            ps.append(float(r["p_value"]))
            p_rows.append(r)
    # Every p of the run is adjusted together; the tested metrics are all in `metrics`.
    all_p = [float(r["p_value"]) for r in om if r["p_value"]]
    if all_p:
        q = stats.false_discovery_control(all_p, method="bh")
        # The p-values are read as printed (6 decimals): BH can scale their rounding by up to
        # the number of tests.
        tol = 5e-7 * len(all_p) + 1e-6
        for r, want in zip([r for r in om if r["p_value"]], q):
            c.close(f"{reports}: {r['outlet']} {r['metric']} q", num(r["q_value"]), float(want),
                    tol)


def story_checks(c, reports, articles, metrics):
    pooled = rows(os.path.join(reports, "stories_pooled.csv"))
    for r in pooled:
        m, outlet = r["metric"], r["outlet"]
        sw = swd = swv = df = 0.0
        n_o = n_r = 0
        for story in sorted({a["story"] for a in articles}):
            o = np.array([num(a[m]) for a in articles
                          if a["story"] == story and a["outlet"] == outlet and a[m] != ""])
            rr = np.array([num(a[m]) for a in articles
                           if a["story"] == story and a["outlet"] != outlet and a[m] != ""])
            if len(o) == 0 or len(rr) == 0 or len(o) + len(rr) < 3:
                continue
            d = o.mean() - rr.mean()
            ss = lambda v: v.var(ddof=1) * (len(v) - 1) if len(v) > 1 else 0.0
            var = (ss(o) + ss(rr)) / (len(o) + len(rr) - 2)
            w = len(o) * len(rr) / (len(o) + len(rr))
            sw, swd = sw + w, swd + w * d
            swv += w * w * var * (1 / len(o) + 1 / len(rr))
            df += len(o) + len(rr) - 2
            n_o, n_r = n_o + len(o), n_r + len(rr)
        what = f"{reports}: stories_pooled {outlet} {m}"
        if sw == 0:
            c.errors.append(f"{what}: a row SciPy finds no story for")
            continue
        d, se = swd / sw, np.sqrt(swv) / sw
        c.close(f"{what} diff", num(r["diff"]), d, 6e-5)
        ci = p = None
        if n_o >= MIN_ARTICLES and n_r >= MIN_ARTICLES and se > 0:
            half = stats.t.ppf(0.975, df) * se
            ci = (d - half, d + half)
            p = float(2 * stats.t.sf(abs(d / se), df))
        c.close(f"{what} ci_low", num(r["ci_low"]), ci and ci[0], 1.1e-4)
        c.close(f"{what} ci_high", num(r["ci_high"]), ci and ci[1], 1.1e-4)
        c.close(f"{what} p", num(r["p_value"]), p, 1.5e-6)


def page_checks(c, reports):
    """The page's outlet table shows outlets.csv's q-values and tone intervals, n/a where an
    outlet is not tested: what the reader sees is what SciPy agreed with."""
    import html
    import re
    with open(os.path.join(reports, "index.html"), encoding="utf-8") as f:
        page = f.read()
    table = re.search(r'<table class="sortable" id="outlets">(.*?)</table>', page, re.S)
    if not table:
        c.errors.append(f"{reports}: no outlet table on the page")
        return
    heads = re.findall(r'<th title="([^"]+)"', table.group(1))
    wide = {r["outlet"]: r for r in rows(os.path.join(reports, "outlets.csv"))}
    for tr in re.findall(r"<tr>(.*?)</tr>", table.group(1).split("<tbody>", 1)[-1], re.S):
        cells = re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S)
        outlet = html.unescape(re.sub(r"<[^>]+>", "", cells[0][1]))
        row = wide[outlet]
        for (attrs, text), name in zip(cells, heads):
            if not name.endswith(".q") and name != "tone.ci_low":
                continue
            c.compared += 1
            shown = re.search(r'data-v="([^"]*)"', attrs).group(1)
            if shown != row[name]:
                c.errors.append(f"{reports}: the page shows {name} {shown!r} for {outlet}, "
                                f"outlets.csv {row[name]!r}")
            if name.endswith(".q") and row[name] == "" and "n/a" not in text:
                c.errors.append(f"{reports}: {outlet}'s untested {name} is not n/a on the page")
            if name.endswith(".q") and row[name] != "" and float(row[name]) < 0.05:
                if int(row["articles"]) - int(row["short_articles"]) < MIN_ARTICLES:
                    c.errors.append(f"{reports}: q < 0.05 for {outlet}, under {MIN_ARTICLES} "
                                    f"articles")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--slant", default="target/release/slant", help="the slant binary to check")
    a = ap.parse_args()
    c = Check()
    sizes = set()
    with tempfile.TemporaryDirectory() as tmp:
        for n, k in CORPORA:
            corpus = os.path.join(tmp, f"c{n}x{k}.jsonl")
            reports = os.path.join(tmp, f"r{n}x{k}")
            subprocess.run([sys.executable, "scripts/gen_corpus.py", corpus, "--articles", str(n),
                            "--outlets", str(k), "--stories", "3", "--format", "jsonl"], check=True)
            subprocess.run([a.slant, "score", corpus, "--by-story", "--no-hits", "--no-cache",
                            "--quiet", "--out", reports], check=True)
            articles = [r for r in rows(os.path.join(reports, "articles.csv"))
                        if r["excluded"] == ""]
            metrics = sorted({r["metric"] for r in rows(os.path.join(reports, "stories_pooled.csv"))})
            values = {}
            for r in articles:
                for m in metrics:
                    values.setdefault((r["outlet"], m), [])
                    if r[m] != "":
                        values[(r["outlet"], m)].append(float(r[m]))
            sizes |= {len([a for a in articles if a["outlet"] == o])
                      for o in {a["outlet"] for a in articles}}
            outlet_checks(c, reports, values, metrics)
            story_checks(c, reports, articles, metrics)
            page_checks(c, reports)
    print(f"scipy_check: {c.compared} figures compared, outlets of {sorted(sizes)} articles")
    if not {2, 3, 4, 5} <= sizes:
        c.errors.append(f"the corpora gave outlets of {sorted(sizes)} articles, not 2 to 5")
    if c.errors:
        print("\n".join(c.errors[:50]), file=sys.stderr)
        print(f"{len(c.errors)} disagreements with SciPy", file=sys.stderr)
        sys.exit(1)
    print("scipy_check: every figure agrees with SciPy")


if __name__ == "__main__":
    main()
