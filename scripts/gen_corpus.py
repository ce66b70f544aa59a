#!/usr/bin/env python3
"""Builds a deterministic test corpus from the seed articles: a folder of .txt files with a
manifest.csv (file,outlet,story), many outlets, each with its own slant, so that outlet
comparisons have something real to find.

usage: scripts/gen_corpus.py OUT_DIR [--articles N] [--outlets K] [--stories S] [--seed X]

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
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--outlets", type=int, default=12)
    ap.add_argument("--stories", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seeds-dir", default=os.path.join(os.path.dirname(__file__), "..", "seeds"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    paras = seed_paragraphs(a.seeds_dir)
    outlets = [f"outlet-{k:02d}" for k in range(a.outlets)]
    # Outlet k: share of "said" turned into "claimed", loaded and positive words per 100 words.
    style = {o: (k / (2 * a.outlets), 0.2 + 0.15 * (k % 4), 0.1 + 0.1 * (k % 3))
             for k, o in enumerate(outlets)}
    os.makedirs(a.out, exist_ok=True)
    rows = ["file,outlet,story"]
    for i in range(a.articles):
        outlet = outlets[i % a.outlets]
        story = f"story-{rng.randrange(a.stories):02d}"
        n = rng.randint(8, 30)
        body = [slant_paragraph(rng.choice(paras), rng, *style[outlet]) for _ in range(n)]
        sub = f"{outlet}"
        os.makedirs(os.path.join(a.out, sub), exist_ok=True)
        name = f"{sub}/{i:06d}.txt"
        with open(os.path.join(a.out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n\n".join(body) + "\n")
        rows.append(f"{name},{outlet},{story}")
    with open(os.path.join(a.out, "manifest.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
