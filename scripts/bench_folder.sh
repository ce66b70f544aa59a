#!/usr/bin/env bash
# Times `slant score` against reading the same bytes (`cat`) and counting their words (`wc -w`),
# alternately, on a folder corpus built from the seeds. Prints each run and the median ratios.
#
# usage: scripts/bench_folder.sh [ARTICLES] [RUNS]     (defaults: 20000 articles, 5 runs)
# The corpus (about 68 MB for 20,000 articles) goes to target/bench-folder; reports to
# target/bench-reports. Build first: cargo build --release.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
runs=${2:-5}
corpus=target/bench-folder
slant=target/release/slant
[ -x "$slant" ] || cargo build --release --quiet
if [ ! -f "$corpus/.articles-$n" ]; then
  rm -rf "$corpus"
  python3 - "$corpus" "$n" <<'PY'
import os, sys, glob
out, n = sys.argv[1], int(sys.argv[2])
seeds = sorted(glob.glob("seeds/*.txt"))
texts = [open(s, "rb").read() for s in seeds]
for i in range(n):
    d = os.path.join(out, f"d{i % 50:02d}")
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, f"a{i:06d}.txt"), "wb").write(texts[i % len(texts)])
open(os.path.join(out, f".articles-{n}"), "w").close()
PY
fi
bytes=$(cat "$corpus"/*/*.txt | wc -c)
echo "corpus: $n articles, $bytes bytes; $(nproc) cores"
t() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N); awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
declare -a c w s h
for i in $(seq "$runs"); do
  c+=("$(t sh -c "cat $corpus/*/*.txt")")
  w+=("$(t sh -c "cat $corpus/*/*.txt | wc -w")")
  # Each slant run is a first run: an empty --out, so no rerun cache to take articles from.
  rm -rf target/bench-reports
  s+=("$(t "$slant" score "$corpus" --out target/bench-reports --quiet --no-hits)")
  rm -rf target/bench-reports
  h+=("$(t "$slant" score "$corpus" --out target/bench-reports --quiet)")
  echo "run $i: cat ${c[-1]}s  wc -w ${w[-1]}s  slant --no-hits ${s[-1]}s  slant ${h[-1]}s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mc=$(median "${c[@]}"); mw=$(median "${w[@]}"); ms=$(median "${s[@]}"); mh=$(median "${h[@]}")
echo "median: cat ${mc}s  wc -w ${mw}s  slant --no-hits ${ms}s  slant ${mh}s"
echo "ratio to wc -w: --no-hits $(div "$ms" "$mw")x, with hits.csv $(div "$mh" "$mw")x"
echo "ratio to cat:   --no-hits $(div "$ms" "$mc")x"
