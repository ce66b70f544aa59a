#!/usr/bin/env python3
"""Figures behind two issue-27 changes, from work folders of `scripts/polnear.py score --work DIR`
(each holds the train split's corpus, attributions.csv and slant's reports).

  markers WORK   attribution markers (a phrase of attribution.csv that starts with `in` or `on`)
                 by whether they share their sentence with another attribution hit and whether
                 PolNeAR counts them a cue; run it on a build before the marker rule (847f075),
                 which drops the markers that share a sentence:
                   python3 scripts/polnear.py score --slant OLD_SLANT --work /tmp/pn-old
                   python3 scripts/polnear_diff.py markers /tmp/pn-old
  speakers A B   quotations whose speaker or actor differs between two runs, and attribution hits
                 whose actor does (two builds, each scored with its own --work)
"""
import argparse
import collections
import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import polnear as P  # noqa: E402


def read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def span(h):
    return int(h["start"]), int(h["end"])


def markers(work):
    hits = read(work / "reports" / "hits.csv")
    gold = collections.defaultdict(list)
    for r in read(work / "attributions.csv"):
        gold[r["article_id"]].extend(P.parse_span(r["cue"]))
    by_sentence = collections.defaultdict(list)
    for h in hits:
        if h["lexicon"] == "attribution":
            by_sentence[(h["article_id"], h["sentence"])].append(h)
    is_marker = lambda h: h["pattern"].split()[0] in ("in", "on") and " " in h["pattern"]  # noqa: E731
    tally = collections.Counter()
    for (art, _), hs in by_sentence.items():
        for h in filter(is_marker, hs):
            shared = any(not is_marker(o) for o in hs)
            cue = any(P.overlaps(span(h), c) for c in gold[art])
            tally[("beside another attribution hit" if shared else "alone in its sentence",
                   "a cue" if cue else "no cue")] += 1
    for k, n in sorted(tally.items()):
        print(f"{n:5}  {k[0]}, {k[1]}")


def speakers(a, b):
    key = lambda r: (r["article_id"], r["start"])  # noqa: E731
    qa = {key(r): r for r in read(a / "reports" / "quotes.csv")}
    qb = {key(r): r for r in read(b / "reports" / "quotes.csv")}
    changed = [k for k in qa if k in qb and any(qa[k][c] != qb[k][c]
                                                 for c in ("speaker", "speaker_resolved", "actor"))]
    for k in changed:
        print(f"{k[0][:40]} {k[1]}: {qa[k]['speaker']!r} -> {qb[k]['speaker']!r} | "
              f"{qa[k]['actor'] or '-'} -> {qb[k]['actor'] or '-'}")
    hkey = lambda r: (r["article_id"], r["start"], r["pattern"])  # noqa: E731
    ha = {hkey(r): r["actor"] for r in read(a / "reports" / "hits.csv") if r["lexicon"] == "attribution"}
    hb = {hkey(r): r["actor"] for r in read(b / "reports" / "hits.csv") if r["lexicon"] == "attribution"}
    moved = collections.Counter((ha[k] or "-", hb[k] or "-") for k in ha if k in hb and ha[k] != hb[k])
    print(f"\n{len(changed)} quotations changed; attribution hits' actors:",
          ", ".join(f"{x} -> {y} {n}" for (x, y), n in moved.most_common()) or "none changed")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    m = sub.add_parser("markers")
    m.add_argument("work", type=Path)
    s = sub.add_parser("speakers")
    s.add_argument("a", type=Path)
    s.add_argument("b", type=Path)
    args = p.parse_args()
    if args.command == "markers":
        markers(args.work)
    else:
        speakers(args.a, args.b)


if __name__ == "__main__":
    main()
