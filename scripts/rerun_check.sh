#!/usr/bin/env bash
# Checks that a rerun through the cache gives the same bytes as a fresh run, for a list of lexicon
# edits, and prints how many articles each rerun took from the cache and how long it took.
#   scripts/rerun_check.sh CORPUS [extra score options...]
set -euo pipefail
corpus=$1; shift
slant=${SLANT:-target/release/slant}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
edits=(
  "tone.csv|append|hermitic,negative,1,no,an edit"
  "tone.csv|append|sabre-rattl*,negative,1,no,an edit"
  "tone.csv|replace|^agree\*,positive,1,|agree*,positive,2,"
  "attribution.csv|delete|^claimed,"
  "hedging.csv|append|it is possible,hedge,1,no,an edit"
  "actors.csv|append|=Shoigu,russia,1,no,an edit"
  "framing.csv|append|the,war,1,no,a very common word"
  "tone.csv|append|re:(?i)\\bdeadl\\w+,negative,1,no,a regex"
)
fail=0
for e in "${edits[@]}"; do
  IFS='|' read -r file op a b <<<"$e"
  rm -rf "$work"/*
  cp -r lexicons "$work/old"; cp -r lexicons "$work/new"
  case $op in
    append) printf '%s\n' "$a" >>"$work/new/$file" ;;
    delete) sed -i "/$a/d" "$work/new/$file" ;;
    replace) sed -i "s/$a/$b/" "$work/new/$file" ;;
  esac
  "$slant" score "$corpus" --lexicons "$work/old" --out "$work/cached" --quiet "$@"
  start=$(date +%s.%N)
  msg=$("$slant" score "$corpus" --lexicons "$work/new" --out "$work/cached" "$@" 2>&1)
  end=$(date +%s.%N)
  "$slant" score "$corpus" --lexicons "$work/new" --out "$work/fresh" --quiet "$@"
  if diff -r "$work/cached" "$work/fresh" >/dev/null; then same=same; else same=DIFFERENT; fail=1; fi
  printf '%-16s %-8s %-40s %s  %.2fs  %s\n' "$file" "$op" "$a" "$same" "$(echo "$end - $start" | bc)" \
    "$(echo "$msg" | grep -o '[0-9]* reused from the last run\|scoring every article again.*' || true)"
done
exit $fail
