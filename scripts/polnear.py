#!/usr/bin/env python3
"""slant measured against PolNeAR's train split: cues of quotations, attribution hits, speakers.

usage:
  scripts/polnear.py fetch [--from URL] [--polnear DIR]
      clone PolNeAR at the pinned commit into DIR (default target/polnear/PolNeAR), checking out
      only data/train/ (texts and attributions) and data/metadata.tsv: the held-back dev and test
      splits never reach the disk
  scripts/polnear.py score [--subset] [--misses] [--polnear DIR] [--slant BIN] [--work DIR]
      turn the train split (or, with --subset, the articles committed in tests/data/polnear/)
      into a slant corpus and its gold attributions, score it with slant, and print the three
      figures per publisher and overall; --misses prints every disagreement in context
  scripts/polnear.py subset [--polnear DIR]
      rewrite tests/data/polnear/articles.csv and attributions.csv (the subset tests/polnear.rs
      measures) from the checkout

PolNeAR (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR, commit
c3eee833c035bf7b8c84f55b58c0bf7346cfae76) is 1,008 news articles on the 2016 US election by
seven publishers, every attribution annotated as a source span, a cue span and a content span
(brat standoff). Its README asks analysts not to look at the dev and test splits: this script
reads data/train/ only (840 articles, the first ten months of coverage), and the rows of
data/metadata.tsv whose compartment is `train`. It never opens data/dev/ or data/test/.

PolNeAR ships no licence for its data (setup.py's MIT covers the Python package), and its texts
are the publishers' copyrighted articles: no text is committed to slant. tests/data/polnear/
holds ids, SHA-256s and byte offsets only; the texts come from a checkout (`fetch`).

The corpus (written to WORK/corpus.jsonl, default WORK target/polnear/run or run-subset):

- one JSON record per article: `id` the PolNeAR file name (publisher_date_slug), `outlet` the
  publisher's name (below), `date` and `title` from metadata.tsv, `text` the text file exactly
  as shipped (UTF-8, no BOM, \\n line ends; the title is its first line);
- an article annotated by several annotators (16 of the train split, the agreement checks) takes
  the annotations of the first annotator id in sorted order (4b22 for all 16);
- WORK/attributions.csv: one row per attribution (a brat `E` line whose trigger is `Attribution`
  or `Attribution-no-source`): `source`, `cue`, `content` as byte spans `start-end` into the
  text slant scores (brat's offsets are in characters; a discontinuous span's fragments are
  joined by `;`; `Content2` fragments are part of the content; empty when the role is not
  annotated), and `quotation`: true when the content holds a double quotation mark (" “ ” „ « »)
  or two straight apostrophes in a row ('', the New York Times archive's rendering of “ and ”),
  or one stands right before its first byte or right after its last (single marks are left out:
  in this copy they are mostly apostrophes).

The figures, per publisher and overall:

1. cue of a quotation counted as an attribution: of the attributions with `quotation` true and
   a cue, those whose cue span (any fragment) is overlapped by a hits.csv row of the
   `attribution` lexicon;
2. slant's attribution hits that are a PolNeAR cue: of the hits.csv rows of the `attribution`
   lexicon, those that overlap the cue span of any attribution, with a quotation or not;
3. quotation's speaker found: of the quotes.csv rows that overlap the content of an attribution
   with `quotation` true and a source span (the one it overlaps most, by bytes), those whose
   `speaker` or `speaker_resolved` shares a word with the source span. A word is a run of
   letters and digits, lower-cased, with a trailing 's dropped; the, a, an, of, and, or, in, on,
   at, to, for, by, with, from are not words here. A pronoun counts as written: `he` shares a
   word with a source `he`.

Approximations, to read the figures with:

- PolNeAR annotates each token in at most one attribution ("univocal"): an attribution nested in
  another's content (`"… ," he said` inside a longer quoted passage, a report of what someone
  said inside another's statement) has no cue of its own, so slant's hit on its verb counts
  against figure 2. --misses tells these apart (`inside content`).
- PolNeAR's cues include verbs of thought and intention (`believes`, `wants`, `figures`) and
  whole verb phrases (`reserved his most eloquent passion for`); slant's lexicon counts speech
  and attribution words. Figure 1 is restricted to attributions that carry a quotation, where
  the cue is mostly one of speech; figure 2 counts a hit right when it overlaps any cue,
  whatever the cue's length.
- Where a cue ends: PolNeAR's cue of `said in an interview` is `said`, so slant's own hit on
  `in an interview` (or `in a statement`) counts against figure 2.
- A source written as a pronoun (`he`, `who`) shares no word with the name slant resolved it to
  (`"…," he continued` → Gorka): a right speaker counts as a miss of figure 3. PolNeAR's
  CoreNLP coreference is not used. --misses counts these apart.
- A quotation slant finds is matched to an attribution by overlap of spans, not by identity: a
  quoted title inside a paraphrase counts as that attribution's quotation.
- An attribution with no source span (`Attribution-no-source`) is left out of figure 3.

Run it with a release build (`cargo build --release`):

  python3 scripts/polnear.py fetch
  python3 scripts/polnear.py score              # the whole train split, 840 articles
  python3 scripts/polnear.py score --subset     # the committed subset, as tests/polnear.rs
  python3 scripts/polnear.py score --misses | less

--misses prints each disagreement (`cue not counted`, `hit not a cue`, `speaker`) with its
article, byte offset and the text around it — [cue or hit], {PolNeAR's source}, «slant's
quotation» — then the most frequent cues not counted, hits that are no cue (and where they lie)
and kinds of speaker miss.

The subset (tests/data/polnear/articles.csv): the 30 articles of each publisher with the lowest
SHA-256("slant-polnear-subset-1:" + id), 210 of the 840.
"""
import argparse
import collections
import csv
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "polnear"
CHECKOUT = ROOT / "target" / "polnear" / "PolNeAR"
URL = "https://github.com/networkdynamics/PolNeAR.git"
COMMIT = "c3eee833c035bf7b8c84f55b58c0bf7346cfae76"
# The only paths of PolNeAR this script reads: the train split and the metadata table.
SPARSE = ["/data/train/text/", "/data/train/attributions/", "/data/metadata.tsv"]
PUBLISHERS = {
    "breitbart": "Breitbart",
    "huff-post": "Huffington Post",
    "nyt": "New York Times",
    "politico": "Politico",
    "usa-today": "USA Today",
    "wash-post": "Washington Post",
    "west-journal": "Western Journalism",
}
PER_PUBLISHER = 30
SUBSET_SALT = "slant-polnear-subset-1:"
QUOTE_MARKS = set('"“”„«»')
NOT_WORDS = {
    "the", "a", "an", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from",
}
# For --misses: a source that is only a pronoun (or a relative pronoun), which a right speaker
# of slant's ("Gorka" for "he continued") shares no word with.
PRONOUNS = {
    "he", "she", "it", "they", "we", "i", "you", "his", "her", "its", "their", "our", "who",
    "which", "that", "whom", "whose",
}
BRAT_RECORD = re.compile(r"^[TEARN#*]\d*\t")


def die(message):
    print(f"polnear.py: {message}", file=sys.stderr)
    sys.exit(1)


# ---------------------------------------------------------------------------------------------
# fetch


def cmd_fetch(args):
    dest = Path(args.polnear)
    if (dest / "data" / "train" / "text").is_dir():
        print(f"{dest} is there already")
        return
    if dest.exists():
        die(f"{dest} is there but holds no train texts (a clone cut short?): remove it and fetch "
            "again")
    dest.parent.mkdir(parents=True, exist_ok=True)
    source = args.source
    local = Path(source).exists()
    # A local copy is cloned with the filter allowed (GitHub allows it already).
    upload = ["--upload-pack", "git -c uploadpack.allowFilter=true upload-pack"] if local else []
    if local:
        source = "file://" + str(Path(source).resolve())
    git = ["git", "-c", "protocol.file.allow=always"]

    def run(*cmd, cwd=None):
        print("+", " ".join(cmd), file=sys.stderr)
        subprocess.run(cmd, cwd=cwd, check=True)

    run(*git, "clone", *upload, "--filter=blob:none", "--no-checkout", "--sparse", source,
        str(dest))
    if local:
        run("git", "config", "remote.origin.uploadpack",
            "git -c uploadpack.allowFilter=true upload-pack", cwd=dest)
    run("git", "sparse-checkout", "set", "--no-cone", *SPARSE, cwd=dest)
    run(*git, "checkout", "--quiet", COMMIT, cwd=dest)
    n = len(list((dest / "data" / "train" / "text").glob("*.txt")))
    print(f"{dest}: {n} train texts at {COMMIT[:12]}")


# ---------------------------------------------------------------------------------------------
# reading the train split


def train_articles(polnear):
    """The train split's articles from metadata.tsv (the rows of other compartments are
    skipped), each with the paths of its text and of the annotation file it takes."""
    polnear = Path(polnear)
    meta = polnear / "data" / "metadata.tsv"
    if not meta.is_file():
        die(f"no PolNeAR checkout at {polnear}: run `python3 scripts/polnear.py fetch` "
            "(or give --polnear DIR, a checkout of github.com/networkdynamics/PolNeAR)")
    articles = []
    with open(meta, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["compartment"] != "train":
                continue
            name = row["filename"]
            annotator = sorted(row["annotators"].split("|"))[0]
            articles.append({
                "id": name,
                "publisher": row["publisher"],
                "date": row["publication_date"],
                "title": row["title"],
                "annotator": annotator,
                "text_path": polnear / "data" / "train" / "text" / f"{name}.txt",
                "ann_path": polnear / "data" / "train" / "attributions" / f"{name}_{annotator}.ann",
            })
    if len(articles) != 840:
        die(f"{meta}: {len(articles)} train articles, expected 840")
    return articles


def read_text(article):
    raw = article["text_path"].read_bytes()
    article["sha256"] = hashlib.sha256(raw).hexdigest()
    article["bytes"] = len(raw)
    return raw.decode("utf-8")


def parse_ann(raw):
    """A brat file → (attribution id, {role: [(start, end) in characters]}) per attribution."""
    records = []
    for line in raw.split("\n"):
        if BRAT_RECORD.match(line):
            records.append(line)
        elif records:
            records[-1] += "\n" + line  # a span's text that holds a line break
    spans = {}
    events = []
    for rec in records:
        fields = rec.split("\t")
        if rec[0] == "T":
            label, offsets = fields[1].split(" ", 1)
            frags = [tuple(int(x) for x in p.split()) for p in offsets.split(";")]
            spans[fields[0]] = (label, frags)
        elif rec[0] == "E":
            events.append((fields[0], fields[1].split()))
    out = []
    for eid, args in events:
        trigger = args[0].split(":")[0]
        if trigger not in ("Attribution", "Attribution-no-source"):
            continue
        roles = collections.defaultdict(list)
        for arg in args[1:]:
            role, tid = arg.split(":")
            role = "content" if role.startswith("Content") else role.lower()
            roles[role].extend(spans[tid][1])
        out.append((eid, {r: sorted(f) for r, f in roles.items()}))
    return out


def byte_offsets(text):
    """Character offset → byte offset (UTF-8), for every offset 0..len(text)."""
    table = [0]
    for ch in text:
        table.append(table[-1] + len(ch.encode("utf-8")))
    return table


def has_mark(s):
    return bool(QUOTE_MARKS & set(s)) or "''" in s


def has_quotation(text, frags):
    if not frags:
        return False
    if any(has_mark(text[s:e]) for s, e in frags):
        return True
    s, e = frags[0][0], frags[-1][1]
    before, after = text[max(0, s - 2):s], text[e:e + 2]
    # ("" is in no set: an empty side never counts)
    return before[-1:] in QUOTE_MARKS or before == "''" or after[:1] in QUOTE_MARKS or after == "''"


def fmt_span(frags):
    return ";".join(f"{s}-{e}" for s, e in frags)


def parse_span(cell):
    if not cell:
        return []
    return [tuple(int(x) for x in p.split("-")) for p in cell.split(";")]


def convert(article):
    """The article's text and its attributions with byte spans."""
    text = read_text(article)
    table = byte_offsets(text)
    rows = []
    for eid, roles in parse_ann(article["ann_path"].read_text(encoding="utf-8")):
        for frags in roles.values():
            for s, e in frags:
                if not 0 <= s <= e <= len(text):
                    die(f"{article['ann_path']}: {eid} runs past the text")
        row = {"article_id": article["id"], "attribution": eid}
        for role in ("source", "cue", "content"):
            row[role] = fmt_span([(table[s], table[e]) for s, e in roles.get(role, [])])
        row["quotation"] = "true" if has_quotation(text, roles.get("content", [])) else "false"
        rows.append(row)
    return text, rows


ATTRIBUTION_FIELDS = ["article_id", "attribution", "source", "cue", "content", "quotation"]
COMMITTED_FIELDS = ["article", "attribution", "source", "cue", "content", "quotation"]
ARTICLE_FIELDS = ["article", "article_id", "publisher", "date", "annotator", "bytes", "sha256"]


def subset_ids(articles):
    by_publisher = collections.defaultdict(list)
    for a in articles:
        key = hashlib.sha256((SUBSET_SALT + a["id"]).encode()).hexdigest()
        by_publisher[a["publisher"]].append((key, a["id"]))
    return {i for keys in by_publisher.values() for _, i in sorted(keys)[:PER_PUBLISHER]}


def cmd_subset(args):
    articles = train_articles(args.polnear)
    chosen = subset_ids(articles)
    arts, atts = [], []
    for a in articles:
        if a["id"] not in chosen:
            continue
        _, rows = convert(a)
        arts.append({"article": len(arts) + 1, "article_id": a["id"],
                     "publisher": a["publisher"], "date": a["date"],
                     "annotator": a["annotator"], "bytes": a["bytes"], "sha256": a["sha256"]})
        # The committed rows name their article by its number in articles.csv, to keep the
        # file small (the ids are long).
        for r in rows:
            r["article"] = arts[-1]["article"]
            atts.append({k: r[k] for k in COMMITTED_FIELDS})
    DATA.mkdir(parents=True, exist_ok=True)
    write_csv(DATA / "articles.csv", ARTICLE_FIELDS, arts)
    write_csv(DATA / "attributions.csv", COMMITTED_FIELDS, atts)
    write_texts(args.polnear, [a["article_id"] for a in arts])
    print(f"{DATA}: {len(arts)} articles, {len(atts)} attributions")


def write_texts(polnear, ids):
    """The subset's texts, as tests/polnear.rs reads them where no checkout is (CI has none):
    one JSON line per article, `id` and `text`, gzip-compressed with no time stamp, so that the
    same checkout always writes the same bytes."""
    import gzip
    lines = []
    for i in ids:
        text = (Path(polnear) / "data" / "train" / "text" / f"{i}.txt").read_bytes().decode("utf-8")
        lines.append(json.dumps({"id": i, "text": text}, ensure_ascii=False))
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    with open(DATA / "texts.jsonl.gz", "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(raw)


def write_csv(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# ---------------------------------------------------------------------------------------------
# scoring and the figures


def build_corpus(args):
    """(articles with their texts, attributions) of the whole train split or the subset."""
    articles = train_articles(args.polnear)
    if not args.subset:
        attributions = []
        for a in articles:
            a["text"], rows = convert(a)
            attributions.extend(rows)
        return articles, attributions
    # The committed subset: its attributions as committed, its texts checked against the hashes.
    committed = {r["article_id"]: r for r in read_csv(DATA / "articles.csv")}
    chosen = [a for a in articles if a["id"] in committed]
    if len(chosen) != len(committed):
        die("tests/data/polnear/articles.csv names articles the train split does not hold")
    for a in chosen:
        a["text"] = read_text(a)
        if a["sha256"] != committed[a["id"]]["sha256"]:
            die(f"{a['text_path']}: not the text tests/data/polnear/ was made from (SHA-256)")
    ids = {r["article"]: r["article_id"] for r in committed.values()}
    attributions = []
    for r in read_csv(DATA / "attributions.csv"):
        r["article_id"] = ids[r.pop("article")]
        attributions.append(r)
    return chosen, attributions


def score(args, articles, attributions):
    work = Path(args.work or ROOT / "target" / "polnear" / ("run-subset" if args.subset else "run"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for a in articles:
            record = {"id": a["id"], "outlet": PUBLISHERS[a["publisher"]], "date": a["date"],
                      "title": a["title"], "text": a["text"]}
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    write_csv(work / "attributions.csv", ATTRIBUTION_FIELDS, attributions)
    slant = Path(args.slant)
    if not slant.is_file():
        die(f"{slant}: no slant binary (cargo build --release)")
    reports = work / "reports"
    subprocess.run([str(slant), "score", "--quiet", "--no-cache", "--out", str(reports),
                    str(corpus)], cwd=ROOT, check=True)
    return read_csv(reports / "hits.csv"), read_csv(reports / "quotes.csv")


def overlaps(a, b):
    return a[0] < b[1] and b[0] < a[1]


def overlap(frags, span):
    return sum(max(0, min(e, span[1]) - max(s, span[0])) for s, e in frags)


def words(s):
    out = set()
    for w in re.findall(r"[^\W_]+(?:['’][^\W_]+)*", s.lower()):
        w = re.sub(r"['’]s$", "", w)
        if w and w not in NOT_WORDS:
            out.add(w)
    return out


class Tally:
    def __init__(self):
        self.right = collections.Counter()
        self.all = collections.Counter()

    def add(self, publisher, right):
        for key in (publisher, "all"):
            self.all[key] += 1
            self.right[key] += int(right)

    def cell(self, key):
        n = self.all[key]
        if n == 0:
            return "—"
        return f"{self.right[key] / n:.3f} ({self.right[key]} / {n})"


def elide(piece, keep=100):
    return piece if len(piece) <= 2 * keep + 40 else f"{piece[:keep]} … {piece[-keep:]}"


def context(text_bytes, spans, before=140, after=100):
    """The text around the spans, each span marked with its bracket pair; a stretch of over 240
    characters between two marks is shortened in its middle."""
    lo = max(0, min(s for s, _, _ in spans) - before)
    hi = min(len(text_bytes), max(e for _, e, _ in spans) + after)
    marks = collections.defaultdict(str)
    for s, e, (open_, close) in spans:
        marks[s] += open_
        marks[e] = close + marks[e]
    out, pos = [], lo
    for cut in sorted(k for k in marks if lo <= k <= hi) + [hi]:
        out.append(elide(text_bytes[pos:cut].decode("utf-8", "replace")))
        out.append(marks.get(cut, ""))
        pos = cut
    return "".join(out).replace("\n", " / ")


def figures(articles, attributions, hits, quotes, misses=False):
    publisher = {a["id"]: a["publisher"] for a in articles}
    texts = {a["id"]: a["text"].encode("utf-8") for a in articles}
    gold = collections.defaultdict(list)
    for r in attributions:
        gold[r["article_id"]].append({
            "id": r["attribution"],
            "source": parse_span(r["source"]),
            "cue": parse_span(r["cue"]),
            "content": parse_span(r["content"]),
            "quotation": r["quotation"] == "true",
        })
    att_hits = collections.defaultdict(list)
    for h in hits:
        if h["lexicon"] == "attribution":
            att_hits[h["article_id"]].append(h)
    span = lambda r: (int(r["start"]), int(r["end"]))  # noqa: E731
    cue_counted, hit_is_cue, speaker_found = Tally(), Tally(), Tally()
    kinds = {"cue": collections.Counter(), "hit": collections.Counter(),
             "speaker": collections.Counter(), "speaker_cue": collections.Counter()}
    shown = []

    def show(what, article, spans, note):
        if misses:
            shown.append(f"{what} | {article} {spans[0][0]} | {note}\n    "
                         f"{context(texts[article], spans)}")

    # 1. The cue of each attribution that carries a quotation: is it an attribution hit?
    for art, atts in gold.items():
        for g in atts:
            if not (g["quotation"] and g["cue"]):
                continue
            right = any(overlaps(span(h), f) for h in att_hits[art] for f in g["cue"])
            cue_counted.add(publisher[art], right)
            if not right:
                cue = " ".join(texts[art][s:e].decode() for s, e in g["cue"]).lower()
                kinds["cue"][cue] += 1
                spans = [(s, e, ("[", "]")) for s, e in g["cue"]]
                spans += [(s, e, ("{", "}")) for s, e in g["source"]]
                show("cue not counted", art, sorted(spans), f"cue {cue!r}")
    # 2. Each attribution hit: is it a PolNeAR cue?
    for art, hs in att_hits.items():
        atts = gold.get(art, [])
        for h in hs:
            right = any(overlaps(span(h), f) for g in atts for f in g["cue"])
            hit_is_cue.add(publisher[art], right)
            if not right:
                where = "outside any attribution"
                for role in ("content", "source"):
                    if any(overlaps(span(h), f) for g in atts for f in g[role]):
                        where = f"inside {role}"
                        break
                kinds["hit"][(where, h["matched"].lower())] += 1
                show("hit not a cue", art, [(*span(h), ("[", "]"))],
                     f"{h['category']} {h['matched']!r}, {where}")
    # 3. Each quotation of slant's inside a PolNeAR quotation: does its speaker share a word
    # with the source?
    for q in quotes:
        art = q["article_id"]
        qs = span(q)
        best, most = None, 0
        for g in gold.get(art, []):
            if g["quotation"] and g["source"]:
                o = overlap(g["content"], qs)
                if o > most:
                    best, most = g, o
        if best is None:
            continue
        t = texts[art]
        source = " ".join(t[s:e].decode() for s, e in best["source"])
        ours = words(q["speaker"]) | words(q["speaker_resolved"])
        right = bool(ours & words(source))
        speaker_found.add(publisher[art], right)
        if not right:
            if not q["speaker"] and q["cue"]:
                kind = "a cue but no speaker"
                kinds["speaker_cue"][q["cue"].lower()] += 1
            elif not q["speaker"]:
                kind = f"no cue, no speaker ({q['kind']})"
            elif words(source) <= PRONOUNS:
                kind = "another speaker, PolNeAR's source a (relative) pronoun"
            else:
                kind = "another speaker"
            kinds["speaker"][kind] += 1
            spans = [(*qs, ("«", "»"))] + [(s, e, ("{", "}")) for s, e in best["source"]]
            show("speaker", art, sorted(spans),
                 f"PolNeAR source {source!r}; slant {q['kind']} speaker {q['speaker']!r} "
                 f"resolved {q['speaker_resolved']!r} cue {q['cue']!r}")
    return cue_counted, hit_is_cue, speaker_found, kinds, shown


def scare_inside_content(articles, attributions, quotes):
    """Per publisher: (slant's scare quotes, those lying inside an annotated attribution's
    content). PolNeAR annotates no scare quotes, but a short quotation inside the content of an
    attribution is most likely a source's words: a rough count of false scare quotes, for
    developing the scope rule on the train split (docs/metrics.md, "Quotations")."""
    publisher = {a["id"]: a["publisher"] for a in articles}
    contents = collections.defaultdict(list)
    for r in attributions:
        contents[r["article_id"]].extend(parse_span(r["content"]))
    out = collections.defaultdict(lambda: [0, 0])
    for q in quotes:
        if q["kind"] != "scare" or q["article_id"] not in publisher:
            continue
        s, e = int(q["start"]), int(q["end"])
        inside = any(a <= s and e <= b for a, b in contents[q["article_id"]])
        for key in (publisher[q["article_id"]], "all"):
            out[key][0] += 1
            out[key][1] += inside
    return out


def cmd_score(args):
    articles, attributions = build_corpus(args)
    hits, quotes = score(args, articles, attributions)
    c, h, s, kinds, shown = figures(articles, attributions, hits, quotes, args.misses)
    where = collections.Counter()
    for (w, _), n in kinds["hit"].items():
        where[w] += n
    if args.misses:
        for line in shown:
            print(line)
        print()
        print("most frequent cues not counted:",
              ", ".join(f"{k} {n}" for k, n in kinds["cue"].most_common(30)))
        print("most frequent hits not a cue:",
              ", ".join(f"{m} ({w}) {n}" for (w, m), n in kinds["hit"].most_common(30)))
        print("speaker misses:", ", ".join(f"{k} {n}" for k, n in kinds["speaker"].most_common()))
        print("cues of quotations with no speaker:",
              ", ".join(f"{k} {n}" for k, n in kinds["speaker_cue"].most_common(20)))
        print()
    counts = collections.Counter(a["publisher"] for a in articles)
    which = "the committed subset" if args.subset else "the train split"
    print(f"PolNeAR ({which}: {len(articles)} articles, {len(attributions)} attributions)\n")
    print("| publisher | articles | cue of a quotation counted | attribution hits that are a cue "
          "| quotation's speaker found |")
    print("|---|---|---|---|---|")
    for key in sorted(PUBLISHERS, key=lambda p: PUBLISHERS[p]) + ["all"]:
        name = PUBLISHERS.get(key, "all")
        n = counts[key] if key != "all" else len(articles)
        print(f"| {name} | {n} | {c.cell(key)} | {h.cell(key)} | {s.cell(key)} |")
    scare = scare_inside_content(articles, attributions, quotes)
    print("\nscare quotes inside an attribution's content (most likely a source's words): "
          + ", ".join(f"{PUBLISHERS.get(k, 'all')} {scare[k][1]} of {scare[k][0]}"
                      for k in sorted(PUBLISHERS, key=lambda p: PUBLISHERS[p]) + ["all"]))
    print(f"\nattribution hits that are no cue: {where['inside content']} inside an attribution's "
          f"content (an attribution nested in another, which PolNeAR leaves unannotated, or a "
          f"word in quoted speech), {where['inside source']} inside a source, "
          f"{where['outside any attribution']} outside any attribution")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="clone PolNeAR's train split at the pinned commit")
    f.add_argument("--from", dest="source", default=URL)
    s = sub.add_parser("score", help="score the train split and print the figures")
    s.add_argument("--subset", action="store_true",
                   help="only the articles committed in tests/data/polnear/")
    s.add_argument("--misses", action="store_true", help="print every disagreement in context")
    s.add_argument("--slant", default=str(ROOT / "target" / "release" / "slant"))
    s.add_argument("--work", help="where the corpus and reports go")
    u = sub.add_parser("subset", help="rewrite tests/data/polnear/ from the checkout")
    for q in (f, s, u):
        q.add_argument("--polnear", default=str(CHECKOUT),
                       help="a PolNeAR checkout (default target/polnear/PolNeAR)")
    args = p.parse_args()
    {"fetch": cmd_fetch, "score": cmd_score, "subset": cmd_subset}[args.command](args)


if __name__ == "__main__":
    main()
