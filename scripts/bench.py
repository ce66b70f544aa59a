#!/usr/bin/env python3
"""The speed and memory benchmark of slant (issue: "Scale"), on generated JSONL corpora.

usage: scripts/bench.py [--mb 100] [--runs 5] [--memory 10,100,1000] [--big-lexicon] [--rerun]
                       [--against REV]

  speed   slant score CORPUS --no-hits, slant score CORPUS, and wc -w CORPUS, run alternately on the
          same file (--mb megabytes of JSONL from scripts/gen_corpus.py); medians and ratios.
  --big-lexicon  also the default lexicons plus a 10,000-entry lexicon (a third prefixes, a fifth
          phrases, words from the corpus) against the default set alone.
  --memory  peak RSS of slant score --no-hits on corpora of these sizes (MB), to show that memory
          does not grow with the corpus.
  --against REV  also the build of git revision REV with its own lexicons (--no-hits), and this
          build with REV's lexicons (the code's cost apart from the lexicons'), to
          measure what a change costs within one run of the script.
  --stages  the share of one `--no-hits` run's CPU time spent in the stages issue 12 added (the
          quotation finder, quotations and their speakers, quotes.csv's rows): perf samples with
          their call stacks of the profiling build (cargo build --profile profiling), each
          counted in a stage when any frame of its stack is one of that stage's functions.
  --rerun  a rerun after a lexicon edit (issue 4): the corpus is scored with the default lexicons,
          then, timed, with one edit, into the same --out (so through rerun-cache.bin); against
          wc -w, alternately. Edits: a word no article has, and a common entry's weight.

Every timed slant run starts from an empty --out (a first run, which writes the rerun cache), but
those of --rerun.

Corpora are cached in target/bench/. Build first: cargo build --release. Whole-process wall time
and peak RSS are measured here, with the other command's runs interleaved."""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLANT = os.path.join(ROOT, "target", "release", "slant")
BENCH = os.path.join(ROOT, "target", "bench")


def corpus(mb):
    path = os.path.join(BENCH, f"corpus-{mb}mb.jsonl")
    if not os.path.exists(path):
        os.makedirs(BENCH, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "gen_corpus.py"), path,
                        "--format", "jsonl", "--articles", "0", "--mb", str(mb)], check=True)
    return path


def fresh(cmd):
    """Empties the --out folder of a slant command, so that it runs as a first run."""
    if "--out" in cmd:
        subprocess.run(["rm", "-rf", cmd[cmd.index("--out") + 1]], check=True)


def timed(cmd):
    """Wall seconds and peak RSS (KB) of one command. The peak is the command's own VmHWM, polled
    from /proc while it runs (ru_maxrss would include the Python process it was forked from)."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while p.poll() is None:
        try:
            with open(f"/proc/{p.pid}/status") as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
        except OSError:
            pass
        time.sleep(0.002)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}")
    return wall, peak


def big_lexicon(corpus_path):
    """The default lexicons plus big.csv: 10,000 entries from the corpus's own words."""
    d = os.path.join(BENCH, "lexicons-big")
    if os.path.exists(os.path.join(d, "big.csv")):
        return d
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(os.path.join(ROOT, "lexicons")):
        if f.endswith(".csv"):
            open(os.path.join(d, f), "wb").write(open(os.path.join(ROOT, "lexicons", f), "rb").read())
    text = open(corpus_path, encoding="utf-8").read(5_000_000).lower()
    words = re.findall(r"[a-z]{3,}", text)
    vocab = sorted(set(words))
    pairs = sorted(set(zip(words, words[1:])))
    rng = random.Random(7)
    entries, seen = [], set()
    while len(entries) < 10_000:
        r = rng.random()
        if r < 1 / 5:
            a, b = rng.choice(pairs)
            p = f"{a} {b}"
        elif r < 1 / 5 + 1 / 3:
            w = rng.choice(vocab)
            p = w[: max(3, len(w) - rng.randint(1, 3))] + "*"
        else:
            p = rng.choice(vocab) + rng.choice(["", "s", "ed", "ing", "x"])
        if p in seen:
            continue
        seen.add(p)
        entries.append(f"{p},c{len(entries) % 20}")
    with open(os.path.join(d, "big.csv"), "w") as f:
        f.write("pattern,category\n" + "\n".join(entries) + "\n")
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--memory", default="")
    ap.add_argument("--big-lexicon", action="store_true")
    ap.add_argument("--rerun", action="store_true")
    ap.add_argument("--stages", action="store_true")
    ap.add_argument("--against", metavar="REV",
                    help="also run the build of git revision REV (its own lexicons) with --no-hits, "
                         "alternately with this one, and print the cost of what changed since")
    a = ap.parse_args()
    if not os.path.exists(SLANT):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    path = corpus(a.mb)
    size = os.path.getsize(path)
    print(f"corpus: {path} ({size / 1e6:.1f} MB), {os.cpu_count()} cores")
    out = os.path.join(BENCH, "reports")
    if a.rerun:
        rerun(path, a.runs)
        return
    if a.stages:
        stages(path)
        return
    cmds = {
        "wc -w": ["wc", "-w", path],
        "slant --no-hits": [SLANT, "score", path, "--out", out, "--quiet", "--no-hits"],
        "slant": [SLANT, "score", path, "--out", out, "--quiet"],
    }
    if a.against:
        old_bin, old_lex = build_of(a.against)
        cmds[f"slant {a.against} --no-hits"] = [old_bin, "score", path, "--out", out + "-old", "--quiet",
                                                 "--no-hits", "--lexicons", old_lex]
        # This build with the old build's lexicons: what the code costs apart from the lexicons.
        cmds[f"slant --no-hits, {a.against}'s lexicons"] = [SLANT, "score", path, "--out", out + "-oldlex",
                                                           "--quiet", "--no-hits", "--lexicons", old_lex]
    if a.big_lexicon:
        cmds["slant --no-hits, +10k entries"] = [SLANT, "score", path, "--out", out, "--quiet", "--no-hits",
                                                 "--lexicons", big_lexicon(path)]
    times = {k: [] for k in cmds}
    rss = {k: [] for k in cmds}
    for i in range(a.runs):
        line = []
        for k, c in cmds.items():
            fresh(c)
            w, m = timed(c)
            times[k].append(w)
            rss[k].append(m)
            line.append(f"{k} {w:.2f}s")
        print(f"run {i + 1}: " + ", ".join(line))
    med = {k: statistics.median(v) for k, v in times.items()}
    print("median: " + ", ".join(f"{k} {v:.2f}s ({max(rss[k]) / 1024:.0f} MB peak)" for k, v in med.items()))
    wc = med["wc -w"]
    print(f"slant --no-hits / wc -w = {med['slant --no-hits'] / wc:.2f}x; slant / wc -w = {med['slant'] / wc:.2f}x; "
          f"{size / 1e6 / med['slant --no-hits']:.0f} MB/s")
    if a.against:
        k = f"slant {a.against} --no-hits"
        print(f"slant --no-hits / slant {a.against} --no-hits = {med['slant --no-hits'] / med[k]:.2f}x "
              f"({(med['slant --no-hits'] / med[k] - 1) * 100:+.0f}% time)")
        same = f"slant --no-hits, {a.against}'s lexicons"
        print(f"with the same ({a.against}'s) lexicons: {med[same] / med[k]:.2f}x "
              f"({(med[same] / med[k] - 1) * 100:+.0f}% time: the code); "
              f"today's lexicons against those: {(med['slant --no-hits'] / med[same] - 1) * 100:+.0f}% time")
    if a.big_lexicon:
        k = "slant --no-hits, +10k entries"
        print(f"10,000-entry lexicon: {med[k] / med['slant --no-hits']:.2f}x the default set")
    if a.memory:
        print("peak memory of slant score --no-hits by corpus size:")
        for mb in [int(x) for x in a.memory.split(",")]:
            p = corpus(mb)
            cmd = [SLANT, "score", p, "--out", out, "--quiet", "--no-hits"]
            fresh(cmd)
            w, m = timed(cmd)
            print(f"  {os.path.getsize(p) / 1e6:7.1f} MB: {m / 1024:6.1f} MB peak RSS, {w:.2f}s")


# The stages issue 12 added, by the function names (prefixes) whose frames make a sample theirs.
STAGES = {
    "quotation finder (text::quotes)": ["slant::text::quotes::"],
    "quotations and their speakers (quotations::find, link::Finder)":
        ["slant::quotations::find", "slant::link::Finder::"],
    "quotes.csv rows (quotations::rows, report::quotes)":
        ["slant::quotations::rows", "slant::report::quotes::"],
}


def stages(path):
    """perf record of one --no-hits run of the profiling build, and each stage's share of the
    samples (a sample is a stage's when a frame of its call stack is; the stages apart, a sample
    counts once in the total however many of them it is in)."""
    binary = os.path.join(ROOT, "target", "profiling", "slant")
    subprocess.run(["cargo", "build", "--profile", "profiling", "--quiet"], cwd=ROOT, check=True)
    data = os.path.join(BENCH, "stages.perf")
    out = os.path.join(BENCH, "reports-stages")
    subprocess.run(["rm", "-rf", out], check=True)
    subprocess.run(["perf", "record", "--quiet", "--call-graph", "dwarf,16384", "-F", "4000", "-o", data,
                    binary, "score", path, "--no-hits", "--no-cache", "--quiet", "--out", out],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    script = subprocess.run(["perf", "script", "-i", data, "-F", "tid,ip,sym"], check=True,
                            capture_output=True, text=True).stdout
    total = 0
    counts = {k: 0 for k in STAGES}
    together = 0
    for block in script.split("\n\n"):
        frames = [ln.strip().split(" ", 1)[1] for ln in block.strip().split("\n")[1:] if " " in ln.strip()]
        if not frames:
            continue
        total += 1
        hit = False
        for k, names in STAGES.items():
            if any(f.startswith(n) or ("<" + n) in f for f in frames for n in names):
                counts[k] += 1
                hit = True
        together += hit
    for k, n in counts.items():
        print(f"  {k}: {100 * n / total:.1f}%")
    share = together / total
    sd = (share * (1 - share) / total) ** 0.5
    print(f"new stages together: {100 * share:.1f}% of {total} samples (± {100 * 1.96 * sd:.1f} points, 95%)")


def build_of(rev):
    """The release binary and lexicon folder of git revision `rev`, built once in a worktree under
    target/bench/ (its own target folder, so this checkout's build is left alone)."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout.strip()
    tree = os.path.join(BENCH, f"rev-{sha}")
    if not os.path.exists(tree):
        os.makedirs(BENCH, exist_ok=True)
        subprocess.run(["git", "worktree", "add", "--detach", tree, sha], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
    binary = os.path.join(tree, "target", "release", "slant")
    if not os.path.exists(binary):
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=tree, check=True)
    return binary, os.path.join(tree, "lexicons")


EDITS = {
    "a word no article has": ("tone.csv", None, "hermitic,negative,1,no,bench edit\n"),
    "weight of `claimed`": ("attribution.csv", "claimed,distancing,1,", "claimed,distancing,2,"),
}


def edited_lexicons(name):
    """A copy of lexicons/ with one edit from EDITS."""
    file, old, new = EDITS[name]
    d = os.path.join(BENCH, "lexicons-edit")
    subprocess.run(["rm", "-rf", d], check=True)
    subprocess.run(["cp", "-r", os.path.join(ROOT, "lexicons"), d], check=True)
    path = os.path.join(d, file)
    text = open(path, encoding="utf-8").read()
    if old is None:
        text += new
    else:
        assert old in text, f"{file} has no {old}"
        text = text.replace(old, new, 1)
    open(path, "w", encoding="utf-8").write(text)
    return d


def rerun(path, runs):
    lexicons = os.path.join(ROOT, "lexicons")
    out = os.path.join(BENCH, "reports-rerun")
    for hits in [["--no-hits"], []]:
        mode = " ".join(hits) or "(with hits.csv)"
        # What writing the cache costs a first run.
        first = [SLANT, "score", path, "--out", out, "--quiet", "--lexicons", lexicons] + hits
        with_cache, without = [], []
        for _ in range(runs):
            fresh(first)
            with_cache.append(timed(first)[0])
            fresh(first)
            without.append(timed(first + ["--no-cache"])[0])
        a, b = statistics.median(with_cache), statistics.median(without)
        print(f"first run {mode}: {a:.2f}s writing the cache, {b:.2f}s with --no-cache ({a / b:.2f}x)")
        for name in EDITS:
            edited = edited_lexicons(name)
            again = [SLANT, "score", path, "--out", out, "--lexicons", edited] + hits
            walls, wcs = [], []
            for _ in range(runs):
                fresh(first)
                subprocess.run(first, check=True)
                walls.append(timed(again)[0])
                wcs.append(timed(["wc", "-w", path])[0])
            fresh(first)
            subprocess.run(first, check=True)
            summary = subprocess.run(again, check=True, capture_output=True, text=True).stderr
            reused = re.search(r"(\d+) reused", summary)
            w, wc = statistics.median(walls), statistics.median(wcs)
            print(f"rerun {mode}, edit: {name}: {w:.2f}s, wc -w {wc:.2f}s ({w / wc:.2f}x), "
                  f"{w / a:.2f}x the first run; {reused.group(1) if reused else 0} articles reused")


if __name__ == "__main__":
    main()
