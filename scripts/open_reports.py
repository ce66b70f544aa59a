#!/usr/bin/env python3
"""Opens a report folder the way docs/opening-reports.md tells researchers to, with pandas and
duckdb, and checks what they get: the right types, and character offsets that slice the text.

usage: scripts/open_reports.py REPORTS CORPUS_DIR
       scripts/open_reports.py --xlsx REPORTS
       scripts/open_reports.py --parquet-sizes REPORTS

REPORTS is the output of `slant score CORPUS_DIR --char-offsets` on a folder corpus. Exits 1 with
what is wrong. Needs pandas and duckdb (CI installs them with pip). When REPORTS also holds the
Parquet files (`--parquet`), pandas (with pyarrow) and duckdb read them too, and every cell must
be its CSV cell with the column's type.

--parquet-sizes: each Parquet file's size beside its CSV's, and hits.parquet's bytes by column
(docs/opening-reports.md quotes them for the 100 MB benchmark).

--xlsx: REPORTS is the output of `slant score --xlsx`; LibreOffice (headless) opens its
reports.xlsx and writes every sheet back out as CSV, and each cell must be the CSV report's:
numbers the same numbers, booleans TRUE/FALSE, text the same text (an id `0007` is not 7).
"""
import csv
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile


def fail(msg):
    print(f"open_reports: {msg}", file=sys.stderr)
    sys.exit(1)


def xlsx(rep):
    """LibreOffice reads reports.xlsx with the CSV reports' values and types."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        fail("libreoffice is not installed")
    out = tempfile.mkdtemp()
    # 44 comma, 34 quote, 76 UTF-8, first line 1, no column formats, 1033 en-US, then: quote all
    # text, detect special numbers, save as shown, export formulas, remove space, -1 every sheet.
    flt = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,true,false,false,false,-1'
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{out}/profile",
                    "--convert-to", flt, "--outdir", out, os.path.join(rep, "reports.xlsx")],
                   check=True, stdout=subprocess.DEVNULL)
    sheets = sorted(glob.glob(os.path.join(out, "reports-*.csv")))
    if not sheets:
        fail("LibreOffice wrote no sheet of reports.xlsx")
    cells = 0
    for path in sheets:
        name = os.path.basename(path)[len("reports-"):-len(".csv")]
        want = list(csv.reader(open(os.path.join(rep, name + ".csv"), encoding="utf-8-sig",
                                    newline="")))
        got = list(csv.reader(open(path, encoding="utf-8", newline="")))
        if len(got) != len(want):
            fail(f"LibreOffice reads {len(got)} rows of sheet {name}, {name}.csv has {len(want)}")
        for r, (g, w) in enumerate(zip(got, want)):
            g = g + [""] * (len(w) - len(g))
            for c, (gc, wc) in enumerate(zip(g, w)):
                cells += 1
                if wc.startswith("'") and wc[1:2] in ("=", "+", "-", "@", "\t", "\r", "'"):
                    wc = wc[1:]
                same = gc == wc
                if not same and wc in ("true", "false"):
                    same = gc == wc.upper()
                # A number may print otherwise (0.2500 as 0.25); an id with a leading zero
                # (0007) must stay text, so it never counts as the same number.
                if not same and not re.match(r"-?0[0-9]", wc):
                    try:
                        same = abs(float(gc) - float(wc)) < 1e-9
                    except ValueError:
                        same = False
                if not same:
                    fail(f"sheet {name}, row {r + 1}, column {w and want[0][c]}: LibreOffice "
                         f"reads {gc!r}, {name}.csv has {wc!r}")
    print(f"open_reports: LibreOffice reads the {len(sheets)} sheets of {rep}/reports.xlsx "
          f"({cells} cells) as the CSV reports have them")


def neutralized(cell):
    """A CSV cell's text without the `'` that keeps a spreadsheet from running it."""
    if cell.startswith("'") and cell[1:2] in ("=", "+", "-", "@", "\t", "\r", "'"):
        return cell[1:]
    return cell


PARQUET_TYPES = {
    "articles": [("article_id", "VARCHAR"), ("tokens", "BIGINT"), ("tone", "DOUBLE"),
                 ("short", "BOOLEAN"), ("quotes_unbalanced", "BOOLEAN")],
    "hits": [("article_id", "VARCHAR"), ("start", "BIGINT"), ("char_end", "BIGINT"),
             ("weight", "DOUBLE"), ("negated", "BOOLEAN"), ("in_quote", "BOOLEAN"),
             ("actor", "VARCHAR"), ("context", "VARCHAR")],
    "quotes": [("start", "BIGINT"), ("words", "BIGINT"), ("speaker", "VARCHAR")],
}


def parquet(rep):
    """pandas and duckdb read each Parquet file as its CSV, cell for cell, with real types."""
    import duckdb
    import numpy as np
    import pandas as pd
    con = duckdb.connect()
    cells = 0
    for name, want in PARQUET_TYPES.items():
        pq_path = os.path.join(rep, name + ".parquet")
        got = pd.read_parquet(pq_path)
        csv_ = pd.read_csv(os.path.join(rep, name + ".csv"), dtype=str, keep_default_na=False)
        if list(got.columns) != list(csv_.columns):
            fail(f"{name}.parquet's columns are not {name}.csv's")
        if len(got) != len(csv_) or len(got) == 0:
            fail(f"{name}.parquet has {len(got)} rows, {name}.csv {len(csv_)}")
        for col in got.columns:
            g, c = got[col], csv_[col]
            kind = g.dtype.kind
            if kind == "b":
                same = (c == np.where(g, "true", "false")).all()
            elif kind == "i":
                same = (c.astype("int64") == g).all()
            elif kind == "f":
                # A double, or an integer column with nulls: empty cells are the NaNs.
                want_f = pd.to_numeric(c.replace("", np.nan))
                same = ((want_f == g) | (want_f.isna() & g.isna())).all()
            else:
                want_s = c.map(neutralized)
                same = ((want_s == g) | ((want_s == "") & g.isna())).all() and \
                    not (g == "").any()
            if not same:
                fail(f"{name}.parquet's {col} ({g.dtype}) is not {name}.csv's {col}")
            cells += len(g)
        types = dict(con.execute(
            f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '{pq_path}')"
        ).fetchall())
        for col, t in want:
            if types.get(col) != t:
                fail(f"duckdb reads {name}.parquet's {col} as {types.get(col)}, not {t}")
    # The query of docs/opening-reports.md, on both forms of the hits.
    q = ("SELECT outlet, category, count(*) AS hits, sum(in_quote::INT) AS quoted "
         "FROM {} GROUP BY ALL ORDER BY ALL")
    from_pq = con.execute(q.format(f"'{os.path.join(rep, 'hits.parquet')}'")).fetchall()
    from_csv = con.execute(q.format(
        f"read_csv('{os.path.join(rep, 'hits.csv')}', types={{'article_id': 'VARCHAR'}})"
    )).fetchall()
    if from_pq != from_csv:
        fail("duckdb counts hits by outlet and category otherwise in hits.parquet and hits.csv")
    print(f"open_reports: pandas and duckdb read the Parquet files of {rep} as their CSVs "
          f"({cells} cells), with integer, double, boolean and text columns")


def parquet_sizes(rep):
    """Each Parquet file beside its CSV, and where hits.parquet's bytes go."""
    import pyarrow.parquet as pq
    for name in ["articles", "hits", "quotes"]:
        p, c = os.path.join(rep, name + ".parquet"), os.path.join(rep, name + ".csv")
        if os.path.exists(p):
            print(f"{name}: {os.path.getsize(c) / 1e6:,.1f} MB as CSV, "
                  f"{os.path.getsize(p) / 1e6:,.1f} MB as Parquet")
    md = pq.ParquetFile(os.path.join(rep, "hits.parquet")).metadata
    by_col = {}
    for g in range(md.num_row_groups):
        for i in range(md.num_columns):
            col = md.row_group(g).column(i)
            by_col[col.path_in_schema] = by_col.get(col.path_in_schema, 0) + \
                col.total_compressed_size
    print(f"hits.parquet: {md.num_rows:,} rows; by column: " + ", ".join(
        f"{k} {v / 1e6:.1f} MB" for k, v in sorted(by_col.items(), key=lambda kv: -kv[1])))


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--xlsx":
        xlsx(sys.argv[2])
        return
    if len(sys.argv) == 3 and sys.argv[1] == "--parquet-sizes":
        parquet_sizes(sys.argv[2])
        return
    import duckdb
    import pandas as pd
    if len(sys.argv) != 3:
        fail("usage: scripts/open_reports.py REPORTS CORPUS_DIR")
    rep, corpus = sys.argv[1], sys.argv[2]
    path = lambda name: os.path.join(rep, name)

    # pandas, as docs/opening-reports.md reads them.
    articles = pd.read_csv(path("articles.csv"), dtype={"article_id": str})
    hits = pd.read_csv(path("hits.csv"), dtype={"article_id": str})
    quotes = pd.read_csv(path("quotes.csv"), dtype={"article_id": str},
                         keep_default_na=False, na_values=[""])
    for col, kind in [("tokens", "i"), ("tone", "f"), ("quote_share", "f"), ("short", "b")]:
        if articles[col].dtype.kind != kind:
            fail(f"pandas reads articles.csv's {col} as {articles[col].dtype}, not kind {kind}")
    # A weight is a number (whole in the default lexicons, so int64 there).
    for col, kinds in [("start", "i"), ("char_start", "i"), ("weight", "if"), ("negated", "b"),
                       ("in_quote", "b")]:
        if hits[col].dtype.kind not in kinds:
            fail(f"pandas reads hits.csv's {col} as {hits[col].dtype}")
    for col in ["start", "end", "words", "char_start", "char_end"]:
        if quotes[col].dtype.kind != "i":
            fail(f"pandas reads quotes.csv's {col} as {quotes[col].dtype}")

    # docs/opening-reports.md's recipe for reading hits.csv as hits.parquet has it: weight as a
    # float, and the leading ' that neutralizes a formula-like cell taken off ('=US -> =US).
    if os.path.exists(path("hits.parquet")):
        same = pd.read_csv(path("hits.csv"), dtype={"article_id": str, "weight": float})
        for col in ["pattern", "matched", "context"]:
            same[col] = same[col].where(~same[col].str.match(r"'[=+\-@\t\r']", na=False),
                                        same[col].str[1:])
        pq_hits = pd.read_parquet(path("hits.parquet"))
        if same["weight"].dtype != pq_hits["weight"].dtype:
            fail(f"the recipe reads weight as {same['weight'].dtype}, hits.parquet has "
                 f"{pq_hits['weight'].dtype}")
        for col in ["pattern", "matched", "context"]:
            if not same[col].fillna("").equals(pq_hits[col].fillna("")):
                fail(f"the recipe's hits.csv {col} differs from hits.parquet's")
        if not same["pattern"].str.startswith("=").any():
            fail("no hit of a case-sensitive pattern (=US): the recipe was not tested")

    # Every span, sliced by characters as Python counts them, is the text slant matched.
    texts = {}

    def text_of(article_id):
        if article_id not in texts:
            with open(os.path.join(corpus, article_id + ".txt"), encoding="utf-8-sig",
                      newline="") as f:
                texts[article_id] = f.read()
        return texts[article_id]

    moved = 0
    for h in hits.itertuples():
        text = text_of(h.article_id)
        got = text[h.char_start:h.char_end]
        if h.lexicon != "scare_quotes" and got != h.matched:
            fail(f"hits.csv: {h.article_id} text[{h.char_start}:{h.char_end}] is {got!r}, "
                 f"matched is {h.matched!r}")
        raw = text.encode("utf-8")[h.start:h.end].decode("utf-8")
        if got != raw:
            fail(f"hits.csv: {h.article_id} characters {h.char_start}:{h.char_end} are not "
                 f"bytes {h.start}:{h.end}")
        moved += h.char_start != h.start
    for q in quotes.itertuples():
        text = text_of(q.article_id)
        if text[q.char_start:q.char_end] != text.encode("utf-8")[q.start:q.end].decode("utf-8"):
            fail(f"quotes.csv: {q.article_id} characters {q.char_start}:{q.char_end} are not "
                 f"bytes {q.start}:{q.end}")
    if moved == 0:
        fail("no hit has a character offset different from its byte offset: nothing was tested")

    # duckdb, as docs/opening-reports.md queries them.
    con = duckdb.connect()
    types = dict(con.execute(
        f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_csv('{path('hits.csv')}'))"
    ).fetchall())
    for col, want in [("start", "BIGINT"), ("weight", "BIGINT DOUBLE"), ("negated", "BOOLEAN"),
                      ("char_end", "BIGINT"), ("matched", "VARCHAR")]:
        if types.get(col) not in want.split():
            fail(f"duckdb reads hits.csv's {col} as {types.get(col)}, not {want}")
    by_outlet = con.execute(
        f"SELECT outlet, count(*) AS articles, avg(tone) AS tone "
        f"FROM read_csv('{path('articles.csv')}', types={{'article_id': 'VARCHAR'}}) "
        f"GROUP BY outlet ORDER BY outlet"
    ).fetchall()
    if len(by_outlet) != articles["outlet"].nunique():
        fail("duckdb and pandas count different outlets")
    for outlet, n, tone in by_outlet:
        mean = articles.loc[articles.outlet == outlet, "tone"].mean()
        if abs(mean - tone) > 1e-9:
            fail(f"{outlet}: duckdb's mean tone {tone} is not pandas's {mean}")
    print(f"open_reports: pandas and duckdb read {rep} with the right types; "
          f"{len(hits)} hits and {len(quotes)} quotations sliced by character offsets "
          f"({moved} hits where they differ from the byte offsets)")
    if os.path.exists(path("hits.parquet")):
        parquet(rep)


if __name__ == "__main__":
    main()
