#!/usr/bin/env python3
"""Builds a deterministic test corpus from the seed articles: a folder of .txt files with a
manifest.csv (file,outlet,story), many outlets, each with its own slant, so that outlet
comparisons have something real to find.

usage: scripts/gen_corpus.py OUT [--articles N] [--outlets K] [--stories S] [--seed X]
                             [--format folder|jsonl|csv] [--gzip] [--bad N] [--mb M]

--format folder (default) writes OUT/ with .txt files and manifest.csv; jsonl and csv write the
file OUT (add .gz with --gzip). --bad N mixes in N bad records (invalid JSON, no text, a repeated
id) for the reading tests. --mb M keeps adding articles until about M megabytes of text.

Each article is 8-30 paragraphs drawn from the seeds' paragraphs (boilerplate lines left out).
Outlet k rewrites a share of neutral attributions as distancing ones ("said" -> "claimed") and
adds loaded words at its own rate, so distancing share and tone differ by outlet by design.
The same arguments always give the same bytes."""
import argparse
import os
import random
import re

BOILERPLATE = re.compile(r"(CLICK HERE|^Read:|^Peruse too:|©|PHOTO [A-Z]+\s*$|A Message from The Moscow Times)")
LOADED = ["insidious", "illegitimate", "reclusive", "provocation", "blackmail", "aggressive",
          "brutal", "threat", "pariah", "regime"]
POSITIVE = ["cooperation", "friendly", "partnership", "peaceful", "constructive"]


def seed_paragraphs(seed_dir):
    paras = []
    for name in sorted(os.listdir(seed_dir)):
        if not name.endswith(".txt"):
            continue
        text = open(os.path.join(seed_dir, name), encoding="utf-8").read()
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            if BOILERPLATE.search(line):
                if "Moscow Times" in line:
                    break  # the appeal runs to the end of the article
                continue
            paras.append(line)
    return paras


def slant_paragraph(p, rng, distancing, loaded, positive):
    words = p.split(" ")
    out = []
    for w in words:
        if w in ("said", "said,") and rng.random() < distancing:
            w = w.replace("said", "claimed")
        out.append(w)
        if rng.random() < loaded / 100:
            out.append(rng.choice(LOADED))
        if rng.random() < positive / 100:
            out.append(rng.choice(POSITIVE))
    return " ".join(out)


def main():
    ap = argparse.ArgumentParser(
        description="A deterministic test corpus made from the seed articles' paragraphs, many "
                    "outlets each with its own slant (see the module docstring).")
    ap.add_argument("out", help="the folder (--format folder) or file (jsonl, csv) to write; "
                                "missing parent folders are made")
    ap.add_argument("--articles", type=int, default=3000,
                    help="how many articles (at least; --mb may add more), default 3000")
    ap.add_argument("--outlets", type=int, default=12,
                    help="how many outlets, articles dealt to them in turn, default 12")
    ap.add_argument("--stories", type=int, default=20,
                    help="how many stories, one drawn at random per article, default 20")
    ap.add_argument("--seed", type=int, default=1,
                    help="the random seed: the same arguments give the same bytes, default 1")
    ap.add_argument("--seeds-dir", default=os.path.join(os.path.dirname(__file__), "..", "seeds"),
                    help="where the seed articles are, default seeds/")
    ap.add_argument("--format", choices=["folder", "jsonl", "csv"], default="folder",
                    help="a folder of .txt files with manifest.csv (default), or one JSONL or CSV "
                         "file of records (id, outlet, story, text)")
    ap.add_argument("--gzip", action="store_true", help="gzip the JSONL or CSV file")
    ap.add_argument("--bad", type=int, default=0,
                    help="mix in this many bad records (invalid JSON, no text, a repeated id) "
                         "for the reading tests (jsonl and csv only)")
    ap.add_argument("--mb", type=float, default=0,
                    help="keep adding articles until about this many megabytes of text")
    ap.add_argument("--dates", action="store_true",
                    help="give each article a date over the first half of 2024 (ISO 8601, every "
                         "40th as 'June 18, 2024', every 97th an ambiguous 03/04/2024, every "
                         "113th none), for --by-period")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    paras = seed_paragraphs(a.seeds_dir)
    outlets = [f"outlet-{k:02d}" for k in range(a.outlets)]
    # Outlet k: share of "said" turned into "claimed", loaded and positive words per 100 words.
    style = {o: (k / (2 * a.outlets), 0.2 + 0.15 * (k % 4), 0.1 + 0.1 * (k % 3))
             for k, o in enumerate(outlets)}
    import datetime

    def date_of(i):
        if not a.dates:
            return None
        if i % 113 == 9:
            return ""
        if i % 97 == 5:
            return "03/04/2024"
        d = datetime.date(2024, 1, 1) + datetime.timedelta(days=(i * 37) % 182)
        return d.strftime("%B %d, %Y") if i % 40 == 7 else d.isoformat()

    def articles():
        i, size = 0, 0
        while i < a.articles or size < a.mb * 1e6:
            outlet = outlets[i % a.outlets]
            story = f"story-{rng.randrange(a.stories):02d}"
            n = rng.randint(8, 30)
            body = "\n\n".join(slant_paragraph(rng.choice(paras), rng, *style[outlet]) for _ in range(n)) + "\n"
            size += len(body.encode("utf-8"))
            yield i, outlet, story, body
            i += 1

    if a.format == "folder":
        os.makedirs(a.out, exist_ok=True)
        rows = ["file,outlet,story" + (",date" if a.dates else "")]
        for i, outlet, story, body in articles():
            os.makedirs(os.path.join(a.out, outlet), exist_ok=True)
            name = f"{outlet}/{i:06d}.txt"
            with open(os.path.join(a.out, name), "w", encoding="utf-8", newline="\n") as f:
                f.write(body)
            rows.append(f"{name},{outlet},{story}" + (f",\"{date_of(i)}\"" if a.dates else ""))
        with open(os.path.join(a.out, "manifest.csv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(rows) + "\n")
        return
    import csv, gzip, io, json
    parent = os.path.dirname(os.path.abspath(a.out))
    os.makedirs(parent, exist_ok=True)
    raw = gzip.open(a.out, "wt", encoding="utf-8", newline="") if a.gzip else open(a.out, "w", encoding="utf-8", newline="")
    with raw as f:
        w = csv.writer(f, lineterminator="\n") if a.format == "csv" else None
        if w:
            w.writerow(["id", "outlet", "story", "text"] + (["date"] if a.dates else []))
        bad_every = max(1, a.articles // (a.bad + 1)) if a.bad else 0
        bad_done = 0
        for i, outlet, story, body in articles():
            rec = {"id": f"a{i:06d}", "outlet": outlet, "story": story, "text": body}
            if a.dates:
                rec["date"] = date_of(i)
            if w:
                w.writerow([rec["id"], outlet, story, body] + ([rec["date"]] if a.dates else []))
            else:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            if bad_every and bad_done < a.bad and i % bad_every == bad_every - 1:
                kind = bad_done % 3
                bad_done += 1
                if w:
                    bad = [[f"bad{bad_done}", outlet], [f"a{i:06d}", outlet, story, "repeated id"], ["", outlet, story, "no id"]][kind]
                    w.writerow(bad)
                else:
                    bad = ['{"id": "broken", "text": ', json.dumps({"id": f"bad{bad_done}", "outlet": outlet}), json.dumps({"id": f"a{i:06d}", "outlet": outlet, "text": "repeated id"})][kind]
                    f.write(bad + "\n")

if __name__ == "__main__":
    main()
