#!/usr/bin/env python3
"""Damages the rerun cache (and the hits.csv it points into) at random, a thousand times, and
checks that every next run gives exactly the reports of a fresh run (issue 13, "The rerun cache
is trusted blindly").

usage: scripts/cache_fuzz.py [--rounds 1000] [--articles 300] [--seed 1] [--slant PATH]

A corpus of --articles generated articles is scored once into a fresh folder: the reference.
Each round starts from a copy of the reference reports, damages one of them one way — a bit
flipped anywhere in rerun-cache.bin or hits.csv, a character of hits.csv replaced (the length
kept, as a spreadsheet edit would), rerun-cache.bin cut short or grown — runs slant again into
the folder, and compares every file with the reference, byte for byte. Exit 1 on any difference,
failed run or panic. Build first: cargo build --release."""
import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def snapshot(d):
    out = {}
    for name in sorted(os.listdir(d)):
        with open(os.path.join(d, name), "rb") as f:
            out[name] = f.read()
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=1000)
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slant", default=os.path.join(ROOT, "target", "release", "slant"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="slant-cache-fuzz-")
    try:
        corpus = os.path.join(work, "c.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"), corpus,
                        "--format", "jsonl", "--articles", str(a.articles)], check=True,
                       stdout=subprocess.DEVNULL)
        ref_dir = os.path.join(work, "ref")
        cmd = lambda out: [a.slant, "score", corpus, "--out", out]
        subprocess.run(cmd(ref_dir) + ["--quiet"], cwd=ROOT, check=True)
        ref = snapshot(ref_dir)
        out = os.path.join(work, "reports")
        problems, noted, kinds = 0, 0, {}
        for i in range(a.rounds):
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(ref_dir, out)
            kind = rng.choice(["flip cache", "flip cache", "flip hits", "edit hits",
                               "cut cache", "grow cache"])
            kinds[kind] = kinds.get(kind, 0) + 1
            name = "rerun-cache.bin" if "cache" in kind else "hits.csv"
            path = os.path.join(out, name)
            with open(path, "rb") as f:
                b = bytearray(f.read())
            at = rng.randrange(len(b))
            if kind.startswith("flip"):
                b[at] ^= 1 << rng.randrange(8)
            elif kind.startswith("edit"):
                b[at] = ord("8") if b[at] == ord("7") else ord("7")
            elif kind.startswith("cut"):
                del b[at:]
            else:
                b += bytes(rng.randrange(256) for _ in range(rng.randrange(1, 64)))
            with open(path, "wb") as f:
                f.write(b)
            p = subprocess.run(cmd(out), cwd=ROOT, capture_output=True, text=True)
            noted += "note:" in p.stderr
            if p.returncode != 0 or "panicked" in p.stderr:
                problems += 1
                print(f"round {i}, {kind} at {at}: exit {p.returncode}: {p.stderr.strip()}")
            elif snapshot(out) != ref:
                problems += 1
                now = snapshot(out)
                print(f"round {i}, {kind} at {at}: reports differ from a fresh run's in "
                      + ", ".join(sorted(f for f in set(now) | set(ref) if now.get(f) != ref.get(f))))
        print(f"{a.rounds} damaged caches ({', '.join(f'{k}: {n}' for k, n in sorted(kinds.items()))}); "
              f"the run noted the damage in {noted}")
        print("every run gave a fresh run's reports" if problems == 0 else f"FAILED: {problems}")
        return 1 if problems else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
