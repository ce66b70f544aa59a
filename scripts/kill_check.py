#!/usr/bin/env python3
"""Kills slant at random points and runs two at once into one --out, and checks that the folder
always holds one run's complete reports, never a mix (issue 13, "Mixed reports").

usage: scripts/kill_check.py [--kills 200] [--concurrent 50] [--articles 3000] [--seed 1]
                             [--slant PATH]

Two runs write different reports into the same --out: A, the seeds; B, a generated corpus of
--articles articles. Their reports, written once into fresh folders, are the references.
  kills       a run (A or B, alternately) is started into the folder and sent SIGKILL or SIGINT
              after a random delay up to the length of a whole run; the folder must then equal
              A's or B's references byte for byte, every file.
  concurrent  A and B are started at the same moment into the folder; each must succeed or fail
              with "another slant run is writing to"; the folder must equal A's or B's.
At the end a run cleans up what the killed ones left beside the folder: nothing may remain.
Exit 1 on any mixed folder. Build first: cargo build --release. --slant runs another build (from
the checkout it was built in, with its seeds and lexicons), e.g. one from before issue 13, to see
the check fail."""
import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLANT = os.path.join(ROOT, "target", "release", "slant")


def snapshot(d):
    """Every file of the folder with its bytes; an older build's temporary folder inside it
    (`.slant-tmp-PID`) is not counted: it is litter, not a mix."""
    out = {}
    for name in sorted(os.listdir(d)):
        if name.startswith(".slant-tmp-"):
            continue
        p = os.path.join(d, name)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                out[name] = f.read()
        else:
            out[name] = None
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=200)
    ap.add_argument("--concurrent", type=int, default=50)
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--slant", default=SLANT)
    a = ap.parse_args()
    slant = os.path.abspath(a.slant)
    # The checkout the binary was built in (CHECKOUT/target/release/slant).
    root = os.path.dirname(os.path.dirname(os.path.dirname(slant)))
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="slant-kill-")
    try:
        corpus_b = os.path.join(work, "b.jsonl")
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"), corpus_b,
                        "--format", "jsonl", "--articles", str(a.articles)], check=True,
                       stdout=subprocess.DEVNULL)
        runs = {"A": ["seeds"], "B": [corpus_b]}

        def cmd(which, out):
            return [slant, "score", *runs[which], "--out", out, "--quiet"]

        refs, secs = {}, {}
        for which in runs:
            ref = os.path.join(work, "ref" + which, "reports")
            t = time.perf_counter()
            subprocess.run(cmd(which, ref), cwd=root, check=True)
            secs[which] = time.perf_counter() - t
            refs[which] = snapshot(ref)
        print(f"references: A {len(refs['A'])} files in {secs['A']:.2f}s, "
              f"B {len(refs['B'])} files in {secs['B']:.2f}s")
        parent = os.path.join(work, "runs")
        os.makedirs(parent)
        out = os.path.join(parent, "reports")
        subprocess.run(cmd("A", out), cwd=root, check=True)

        def state():
            s = snapshot(out)
            for which, ref in refs.items():
                if s == ref:
                    return which
            return None

        mixed = 0
        outcomes = {}
        for i in range(a.kills):
            which = "AB"[i % 2]
            sig = rng.choice([signal.SIGKILL, signal.SIGINT])
            delay = rng.uniform(0, secs[which] * 1.2)
            p = subprocess.Popen(cmd(which, out), cwd=root, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(sig)
            p.wait()
            s = state()
            outcomes[s] = outcomes.get(s, 0) + 1
            if s is None:
                mixed += 1
                now = snapshot(out)
                print(f"kill {i}: run {which}, {sig.name} after {delay:.3f}s: MIXED folder: "
                      + "; ".join(f"unlike {w} in " + ", ".join(
                          sorted(f for f in set(now) | set(r) if now.get(f) != r.get(f)))
                          for w, r in refs.items()))
        print(f"kills: {a.kills}, folder afterwards: {outcomes}")

        refused = 0
        for i in range(a.concurrent):
            ps = [subprocess.Popen(cmd(w, out), cwd=root, stderr=subprocess.PIPE) for w in "AB"]
            results = [(p.wait(), p.stderr.read().decode()) for p in ps]
            for code, err in results:
                if code == 1 and "another slant run is writing to" in err:
                    refused += 1
                elif code != 0:
                    mixed += 1
                    print(f"concurrent {i}: exit {code}: {err.strip()}")
            if state() is None:
                mixed += 1
                print(f"concurrent {i}: MIXED folder")
            if all(code != 0 for code, _ in results):
                mixed += 1
                print(f"concurrent {i}: both runs failed")
        print(f"concurrent trials: {a.concurrent}, runs refused because the other was writing: "
              f"{refused}")

        subprocess.run(cmd("A", out), cwd=root, check=True)
        left = sorted(n for n in os.listdir(parent) if n != "reports")
        if left:
            mixed += 1
            print(f"left beside the folder after a clean run: {left}")
        if state() != "A":
            mixed += 1
            print("the last run's reports are not A's")
        print("no mixed folder" if mixed == 0 else f"FAILED: {mixed} problems")
        return 1 if mixed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
