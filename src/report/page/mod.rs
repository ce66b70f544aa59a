//! reports/index.html: one self-contained page (no network, works from disk) with the run's
//! summary, the charts, the outlet table sortable by any column, each outlet's articles and each
//! article's hits in their sentences.
//!
//! Built from the run's typed tables and the rows of articles.csv and hits.csv kept as they were
//! written (`kept`), so the page shows exactly what the CSVs say; of the files, only the driving
//! articles' spans of hits.csv are read back (`Kept::driver_hits`).
//! Articles are listed for up to `MAX_ARTICLES` articles, and their hits in context for up
//! to `MAX_HITS` hits; beyond that the page points to the CSVs.

use crate::aggregate::drivers::Named;
use crate::aggregate::stats::MIN_ARTICLES;
use crate::aggregate::table::{Cell, Table};
use crate::report::cells::unsafe_cell;
use crate::report::files;
use crate::report::read::Row;
use crate::report::run_json::RunJson;
use kept::{DriverHits, Kept, DRIVER_HITS_SHOWN};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Above this many articles the page lists outlets and charts only.
pub const MAX_ARTICLES: usize = 2000;

/// Above this many hits the page shows no hits in context: every row would have to be kept and
/// the page would run to tens of megabytes (1,500 generated articles: 222,000 hits, a 32 MB
/// page, most of the run's time). `slant explain ID --reports DIR` shows any article's.
pub const MAX_HITS: u64 = 20_000;

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// A count with its noun, singular for one ("1 scare quote", "2,480 articles").
fn count(n: u64, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(&n.to_string()),
        if n == 1 { one } else { many }
    )
}

/// A whole number with thousands separators (`12,345`); anything else as it is.
fn thousands(v: &str) -> String {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return esc(v);
    }
    let mut out = String::new();
    for (i, c) in v.chars().enumerate() {
        if i > 0 && (v.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// An id for an anchor: the text's bytes in hex, so any article id is safe.
fn anchor(prefix: &str, s: &str) -> String {
    let mut a = String::from(prefix);
    for b in s.bytes() {
        let _ = write!(a, "{b:02x}");
    }
    a
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}\
h1{font-size:1.6em}h2{margin-top:2em}table{border-collapse:collapse;font-size:.9em}\
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:right}th{background:#f0f0f0}.sortable th{cursor:pointer}\
.wide{overflow-x:auto}.warn{background:#fff4d6;padding:.4em .6em;border-left:4px solid #e0a000}\
td:first-child,th:first-child{text-align:left}td{white-space:nowrap}.charts svg{max-width:100%;height:auto;margin:1em 0}\
code{overflow-wrap:anywhere}.charts{overflow-x:auto}mark{background:#ffe08a}.hit{font-size:.85em;color:#444;margin-left:2em}.sent{margin:.6em 0}";

const SCRIPT: &str = "document.querySelectorAll('table.sortable').forEach(function(t){\
var ths=t.querySelectorAll('th');ths.forEach(function(th,i){th.tabIndex=0;\
th.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();th.click();}});\
th.addEventListener('click',function(){\
var rows=Array.prototype.slice.call(t.tBodies[0].rows);var asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';\
rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;var nx=parseFloat(x),ny=parseFloat(y);\
var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y);return asc?c:-c;});\
rows.forEach(function(r){t.tBodies[0].appendChild(r);});});});});";

/// What the outlet table's columns mean, for a reader without docs/metrics.md (whose
/// definitions these repeat in brief).
const GLOSSARY: &str = "<details><summary>What the columns mean</summary><ul>\
<li><b>Words</b>: the words scored (boilerplate lines left out), the tokens of the CSV files.</li>\
<li><b>Tone</b>: (positive − negative tone words) per 100 words of the article, Young and Soroka's measure; a negated word (“not good”) counts −1 in its category.</li>\
<li><b>Tone, author's voice</b>: the same over the words outside any quotation.</li>\
<li><b>Hedging share</b>: hedges / (hedges + boosters) (“may”, “might” against “clearly”, “undoubtedly”).</li>\
<li><b>Distancing share</b>: of all attribution words (said, told, according to, claimed, alleged, insisted, …), the share that distance the author from what is reported (claimed, alleged, insisted, so-called, …).</li>\
<li><b>Scare quotes per article</b>: quotations of at most three words with no speaker and no cue (not a name, title or word mentioned as a word).</li>\
<li>Each is computed per article, then averaged over the outlet's articles (articles too short for the statistics left out); the CSV files beside this page hold each article's values and every hit.</li>\
</ul></details>\n";

/// The page lists at most this many speakers without a party.
pub mod kept;
mod outlets;

pub const MAX_SPEAKERS: usize = 20;

/// A text cell of a table (a number has no text).
fn text(c: &Cell) -> &str {
    c.str().unwrap_or("")
}

/// Report rows by the (un-neutralized) value of one column, in the rows' order within a group.
fn group_by<'a>(rows: &'a [Row], column: &str) -> BTreeMap<&'a str, Vec<&'a Row>> {
    let mut groups: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        groups.entry(unsafe_cell(&r[column])).or_default().push(r);
    }
    groups
}

/// What the page is made of: the run's figures and what the run kept as it went. Of the rows
/// whose number grows with the corpus the run keeps every article's only for a run small enough
/// to list them, and otherwise only the driving articles' hits (`kept`).
pub struct Seen<'a> {
    pub run: &'a RunJson,
    pub outlets: &'a Table,
    pub charts: &'a [(String, String)],
    /// The most frequent named speakers with no party.
    pub unlisted: &'a [(String, u64)],
    pub quoted: &'a [crate::aggregate::Quoted],
    pub drivers: &'a [crate::aggregate::drivers::Driven],
    /// The rows of articles.csv and hits.csv the page lists, kept as they were written.
    pub kept: &'a Kept,
    /// The driving articles' hits, read back from the spans of hits.csv the run noted
    /// (`Kept::driver_hits`).
    pub driver_hits: &'a BTreeMap<String, DriverHits>,
    pub tables: &'a [(&'a str, Table)],
}

/// The page, from what the run saw and the rows it kept as it wrote them.
pub fn page(seen: &Seen) -> String {
    let Seen {
        run,
        outlets,
        charts,
        unlisted,
        quoted,
        drivers,
        kept,
        driver_hits,
        tables,
    } = *seen;
    let table = |name: &str| tables.iter().find(|(n, _)| *n == name).map(|(_, t)| t);
    let (keyness, terms, stories_pooled) = (
        table(files::KEYNESS),
        table(files::TERMS),
        table(files::STORIES_POOLED),
    );
    // Only a run small enough to list its articles kept them.
    let scored = run.counts.scored as usize;
    let articles = kept.articles();
    let list_articles = articles.is_some();
    let articles = articles.unwrap_or_default();
    // The rows of hits.csv: the lexicon matches and a row per scare quote.
    let hit_count = run.counts.hits + run.counts.scare_quotes;
    let hits = kept.hits().filter(|_| list_articles);
    let list_hits = hits.is_some();
    let hits = hits.unwrap_or_default();

    let mut h = String::new();
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>slant report: {}, {}</title><style>{STYLE}</style></head><body>",
        count(run.counts.scored, "article", "articles"),
        count(outlets.rows.len() as u64, "outlet", "outlets")
    );
    let counts = &run.counts;
    let _ = writeln!(
        h,
        "<h1>slant report</h1>\n<p id=\"summary\">{} scored, {} skipped, {}, {} of the lexicons and {} (hits.csv has a row for each). slant {}.</p>",
        count(counts.scored, "article", "articles"),
        thousands(&counts.skipped.to_string()),
        count(counts.tokens, "token", "tokens"),
        count(counts.hits, "hit", "hits"),
        count(counts.scare_quotes, "scare quote", "scare quotes"),
        esc(&run.version)
    );
    if !run.warnings.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"warn\"><a href=\"#warnings\">{} warning{}</a> about this run (under “This run”): read them before the figures.</p>",
            run.warnings.len(),
            if run.warnings.len() == 1 { "" } else { "s" }
        );
    }
    h.push_str("<p>Lexicons: ");
    let lex: Vec<String> = run
        .lexicons
        .iter()
        .map(|l| format!("{} ({} entries)", esc(&l.name), l.entries))
        .collect();
    h.push_str(&lex.join(", "));
    h.push_str(". Every figure is defined in README.txt beside this page (in full in slant's docs/metrics.md); the CSV files beside it hold them all. How precise the lexicons are on this corpus is not measured by a run: code a sample of its hits with <code>slant sample</code> and <code>slant validate</code>.</p>\n");

    outlets::table(&mut h, run, outlets, list_articles);

    charts_section(&mut h, charts);

    // The articles behind each outlet's figures, whatever the corpus's size, come after the
    // sections below; their hits, read back from their spans of hits.csv whatever its size, are
    // shown below the driver tables, where a reader looks for them, even when the page lists
    // every article's hits further down.
    let target = if !driver_hits.is_empty() {
        Target::Own
    } else if list_articles {
        Target::Listed
    } else {
        Target::None
    };
    // What the figures are made of before the articles behind them: the words, the sources,
    // the stories; then the articles, whose hit lists run long.
    if let Some(t) = terms {
        terms_section(&mut h, t);
    }
    if let Some(k) = keyness {
        keyness_section(&mut h, k);
    }
    who_is_quoted(&mut h, quoted);
    if let Some(p) = stories_pooled {
        stories_section(&mut h, p);
    }
    driving_articles(&mut h, drivers, target, driver_hits);

    unlisted_section(&mut h, unlisted);

    if list_articles {
        let too_many_hits = !list_hits && hit_count > MAX_HITS && kept.has_hits();
        article_lists(&mut h, &articles, &hits, too_many_hits, hit_count);
    } else {
        let _ = writeln!(
            h,
            "<h2>Articles</h2>\n<p>{} articles: too many to list here. articles.csv has every article's figures; <code>slant explain ARTICLE_ID --reports DIR</code> shows one article's hits in context.</p>",
            thousands(&scored.to_string())
        );
    }
    this_run(&mut h, run);
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body></html>");
    h
}

/// The charts, each an inline SVG a screen reader announces by its title.
fn charts_section(h: &mut String, charts: &[(String, String)]) {
    h.push_str("<h2>Charts</h2>\n<div class=\"charts\">\n");
    for (_, svg) in charts {
        let body = svg.trim_start_matches(|c| c != '<');
        // A screen reader hears the chart's title, not its hundreds of labels.
        let title = body
            .split_once("<text")
            .and_then(|(_, t)| t.split_once('>'))
            .and_then(|(_, t)| t.split_once("</text>"))
            .map_or("chart", |(t, _)| t)
            .replace('"', "&quot;");
        match body.strip_prefix("<svg ") {
            Some(rest) => {
                let _ = write!(h, "<svg role=\"img\" aria-label=\"{title}\" {rest}");
            }
            None => h.push_str(body),
        }
        h.push('\n');
    }
    h.push_str("</div>\n");
}

/// The most frequent named speakers of quotations with no party: what to add to actors.csv.
fn unlisted_section(h: &mut String, unlisted: &[(String, u64)]) {
    if !unlisted.is_empty() {
        h.push_str("<h2>Speakers without a party</h2>\n<p>The most frequent named speakers of quotations that map to no actor of actors.csv: add those that speak for a party, and their quotations and attribution words count for it.</p>\n<table><thead><tr><th>speaker</th><th>quotations</th></tr></thead><tbody>\n");
        for (speaker, n) in unlisted {
            let _ = writeln!(h, "<tr><td>{}</td><td>{n}</td></tr>", esc(speaker));
        }
        h.push_str("</tbody></table>\n");
    }
}

/// Every article by outlet, and each article's hits sentence by sentence (a run small enough
/// to list them).
fn article_lists(
    h: &mut String,
    articles: &[Row],
    hits: &[Row],
    too_many_hits: bool,
    hit_count: u64,
) {
    // Articles by outlet.
    h.push_str("<h2>Articles by outlet</h2>\n");
    let by_outlet = group_by(articles, "outlet");
    for (outlet, list) in &by_outlet {
        let _ = writeln!(h, "<h3 id=\"{}\">{}</h3>\n<table class=\"sortable\"><thead><tr><th>article</th><th>title</th><th>date</th><th title=\"articles.csv excluded: left out of the outlet statistics (short: fewer tokens than --min-tokens; empty: no word left after cleanup)\">in statistics</th><th>tokens</th><th>tone</th><th>tone.author</th><th>distancing share</th></tr></thead><tbody>", anchor("o", outlet), esc(outlet));
        for a in list {
            let id = unsafe_cell(&a["article_id"]);
            let field = |k: &str| a.get(k).map_or("", |v| unsafe_cell(v));
            let counted = match field("excluded") {
                "" => "yes".to_owned(),
                why => format!("no: {why}"),
            };
            let _ = writeln!(
                h,
                "<tr><td><a href=\"#{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                anchor("a", id),
                esc(id),
                esc(field("title")),
                esc(field("date")),
                esc(&counted),
                esc(&a["tokens"]),
                esc(&a["tone"]),
                esc(&a["tone.author"]),
                esc(a.get("attribution.distancing.share").map(String::as_str).unwrap_or(""))
            );
        }
        h.push_str("</tbody></table>\n");
    }
    // Each article's hits, sentence by sentence.
    h.push_str("<h2>Hits in context</h2>\n");
    if too_many_hits {
        let _ = writeln!(
            h,
            "<p>{hit_count} hits: too many to show here; see hits.csv, or `slant explain ARTICLE_ID --reports DIR` for one article.</p>"
        );
    }
    let by_article = group_by(hits, "article_id");
    for a in articles {
        let id = unsafe_cell(&a["article_id"]);
        let _ = writeln!(
            h,
            "<details id=\"{}\"><summary>{} — {}</summary>",
            anchor("a", id),
            esc(id),
            esc(unsafe_cell(&a["outlet"]))
        );
        hit_lines(h, by_article.get(id).into_iter().flatten().copied());
        h.push_str("</details>\n");
    }
}

/// An article's hits (rows of hits.csv, in order), each context once before its hits: a
/// sentence once, a long sentence once per window (`report::context`).
fn hit_lines<'a>(h: &mut String, hits: impl Iterator<Item = &'a Row>) {
    let mut last = None;
    for x in hits {
        let cell = |c: &str| x.get(c).map_or("", String::as_str);
        if last != Some((cell("sentence"), cell("context"))) {
            last = Some((cell("sentence"), cell("context")));
            let _ = writeln!(
                h,
                "<p class=\"sent\">[{}] {}</p>",
                esc(cell("sentence")),
                esc(unsafe_cell(cell("context")))
            );
        }
        let mut line = format!(
            "<mark>{}</mark> {}.{} · pattern {} · weight {}",
            esc(unsafe_cell(cell("matched"))),
            esc(cell("lexicon")),
            esc(cell("category")),
            esc(unsafe_cell(cell("pattern"))),
            esc(cell("weight"))
        );
        if cell("negated") == "true" {
            line.push_str(" · negated");
        }
        if cell("in_quote") == "true" {
            line.push_str(" · in quotation");
        }
        if !cell("actor").is_empty() {
            let _ = write!(line, " · actor {}", esc(cell("actor")));
        }
        let _ = writeln!(h, "<div class=\"hit\">{line}</div>");
    }
}

/// How the page names the metrics whose driving articles it shows (`aggregate::drivers`).
const DRIVEN_LABELS: &[(&str, &str)] = &[
    ("tone", "Tone"),
    ("attribution.distancing.share", "Distancing share"),
];

/// Where the page links a driving article to: its hits listed with every article's, its own
/// hits under the driver tables, or nowhere (the page names `slant explain`).
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Listed,
    Own,
    None,
}

/// The lexicons whose hits the figures are made of: those of the metrics ("tone" of `tone`,
/// "attribution" of `attribution.distancing.share`).
fn driver_lexicons(drivers: &[crate::aggregate::drivers::Driven]) -> Vec<&str> {
    let mut lexicons: Vec<&str> = drivers
        .iter()
        .map(|(n, _)| n.split('.').next().unwrap_or(n))
        .collect();
    lexicons.dedup();
    lexicons
}

/// For each outlet and headline metric, the articles with the lowest and the highest values (of
/// those in the statistics: not short), kept by the run as it went (`aggregate::drivers`), so
/// that a corpus of any size has them; with their hits in context (`rows`: read back from the
/// spans of hits.csv the run noted) when the page does not list every article's.
fn driving_articles(
    h: &mut String,
    drivers: &[crate::aggregate::drivers::Driven],
    target: Target,
    rows: &BTreeMap<String, DriverHits>,
) {
    if drivers.iter().all(|(_, outlets)| outlets.is_empty()) {
        return;
    }
    h.push_str("<h2>The articles behind the figures</h2>\n<p>For each outlet, the articles with the lowest and the highest values: read them before reading the mean.");
    match target {
        Target::Own => h.push_str(" Each links to its hits in context, below the tables."),
        Target::Listed => {}
        Target::None => h.push_str(" <code>slant explain ARTICLE_ID --reports DIR</code> shows one article's hits in context."),
    }
    h.push_str("</p>\n");
    let link = |a: &str| match target {
        Target::Listed => format!("<a href=\"#{}\">{}</a>", anchor("a", a), esc(a)),
        Target::Own => format!("<a href=\"#{}\">{}</a>", anchor("d", a), esc(a)),
        Target::None => esc(a),
    };
    // The articles in the order the tables name them, each once, with its outlet and why it is
    // named ("lowest tone (-4.9700)").
    let mut named: Vec<(&Named, &str, Vec<String>)> = Vec::new();
    for (name, outlets) in drivers {
        if outlets.is_empty() {
            continue;
        }
        let label = DRIVEN_LABELS
            .iter()
            .find(|(n, _)| n == name)
            .map_or(name.as_str(), |(_, l)| l);
        let _ = writeln!(
            h,
            "<h3>{}</h3>\n<table class=\"driving\" title=\"{}\"><thead><tr><th>outlet</th><th>lowest</th><th>highest</th></tr></thead><tbody>",
            esc(label),
            esc(name)
        );
        for ends in outlets {
            let (outlet, low, high) = (&ends.outlet, &ends.lowest, &ends.highest);
            let ends_of = low.iter().map(|e| ("lowest", e));
            for (end, article) in ends_of.chain(high.iter().map(|e| ("highest", e))) {
                let what = format!("{} ({})", label.to_lowercase(), article.value);
                match named.iter_mut().find(|(n, _, _)| n.id == article.id) {
                    // An outlet of few articles has one at both ends.
                    Some((_, _, whys)) if whys.last() == Some(&format!("lowest {what}")) => {
                        if let Some(last) = whys.last_mut() {
                            *last = format!("lowest and highest {what}");
                        }
                    }
                    Some((_, _, whys)) => whys.push(format!("{end} {what}")),
                    None => named.push((article, outlet, vec![format!("{end} {what}")])),
                }
            }
            // Where more articles share an end than are listed, those listed are the first by
            // id, no more extreme than the rest: say how many there are.
            let cell = |list: &[Named], tied: u64| {
                let names = list
                    .iter()
                    .map(|n| match n.about.as_str() {
                        "" => format!("{} ({})", link(&n.id), n.value),
                        t => format!(
                            "{} ({}) <span class=\"about\">{}</span>",
                            link(&n.id),
                            n.value,
                            esc(t)
                        ),
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                match list.first() {
                    Some(Named { value: v, .. }) if tied > list.len() as u64 => format!(
                        "{} articles at {v}, the first by id: {names}",
                        thousands(&tied.to_string())
                    ),
                    _ => names,
                }
            };
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(outlet),
                cell(low, ends.low_ties),
                cell(high, ends.high_ties)
            );
        }
        h.push_str("</tbody></table>\n");
    }
    if target != Target::Own {
        return;
    }
    let lexicons = driver_lexicons(drivers);
    let _ = writeln!(
        h,
        "<h3>Their hits in context</h3>\n<p>The hits of the {} lexicons in each article; <code>slant explain ARTICLE_ID --reports DIR</code> shows all of them.</p>",
        esc(&lexicons.join(" and "))
    );
    for (article, outlet, whys) in named {
        let (a, about) = (article.id.as_str(), article.about.as_str());
        let none = DriverHits::default();
        let hits = rows.get(a).unwrap_or(&none);
        let shown = hits.shown.len();
        let _ = writeln!(
            h,
            "<details id=\"{}\" class=\"driver\"><summary>{}{} · {} · {} · {} of its {} {} {} shown ({} in all)</summary>",
            anchor("d", a),
            esc(a),
            if about.is_empty() {
                String::new()
            } else {
                format!(" “{}”", esc(about))
            },
            esc(outlet),
            esc(&whys.join(", ")),
            shown,
            hits.of_lexicons,
            esc(&lexicons.join(" and ")),
            if hits.of_lexicons == 1 { "hit" } else { "hits" },
            count(hits.all as u64, "hit", "hits")
        );
        hit_lines(h, hits.shown.iter());
        if hits.of_lexicons > DRIVER_HITS_SHOWN {
            let _ = writeln!(
                h,
                "<p>… and {} more: <code>slant explain {} --reports DIR</code></p>",
                hits.of_lexicons - DRIVER_HITS_SHOWN,
                esc(a)
            );
        }
        h.push_str("</details>\n");
    }
}

/// Speakers shown per outlet.
pub const SPEAKERS_SHOWN: usize = 8;

/// Who each outlet quotes: the resolved speakers of its direct and partial quotations (counted
/// by the run as quotes.csv is written, not read back from it: on a large corpus quotes.csv is
/// tens of MB), the most quoted first, with the party each maps to.
fn who_is_quoted(h: &mut String, quoted: &[crate::aggregate::Quoted]) {
    if quoted.is_empty() {
        return;
    }
    h.push_str("<h2>Who is quoted</h2>\n<p>The speakers of each outlet's direct and partial quotations (quotes.csv), the most quoted first, with the party actors.csv maps them to.</p>\n<table id=\"speakers\"><thead><tr><th>outlet</th><th>speakers (quotations)</th></tr></thead><tbody>\n");
    for (outlet, speakers) in quoted {
        let list: Vec<String> = speakers
            .iter()
            .map(|(name, party, n)| {
                if party.is_empty() {
                    format!("{} {n}", esc(name))
                } else {
                    format!("{} ({}) {n}", esc(name), esc(party))
                }
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td style=\"text-align:left;white-space:normal\">{}</td></tr>",
            esc(outlet),
            list.join(", ")
        );
    }
    h.push_str("</tbody></table>\n");
}

/// The categories whose terms the page shows (terms.csv has every category).
const TERM_CATEGORIES: &[(&str, &str, &str)] = &[
    ("tone", "negative", "negative tone"),
    ("tone", "positive", "positive tone"),
    ("attribution", "distancing", "distancing attribution"),
];

/// The terms that drive each outlet's scores (terms.csv): the first three of a few categories.
fn terms_section(h: &mut String, t: &Table) {
    let col = |name: &str| t.col(name);
    let (Some(o), Some(l), Some(c), Some(term), Some(hits)) = (
        col("outlet"),
        col("lexicon"),
        col("category"),
        col("term"),
        col("hits"),
    ) else {
        return;
    };
    // (outlet, category index) → terms in terms.csv's order (by hits).
    let mut cells: BTreeMap<(&str, usize), Vec<String>> = BTreeMap::new();
    for r in &t.rows {
        let Some(k) = TERM_CATEGORIES
            .iter()
            .position(|(lx, cat, _)| r[l].is(lx) && r[c].is(cat))
        else {
            continue;
        };
        let v = cells.entry((text(&r[o]), k)).or_default();
        if v.len() < 3 {
            v.push(format!(
                "{} {}",
                esc(text(&r[term])),
                esc(&r[hits].to_string())
            ));
        }
    }
    if cells.is_empty() {
        return;
    }
    h.push_str("<h2>The words behind the scores</h2>\n<p>Each outlet's most frequent terms of a category (terms.csv, which has all of them): a figure that rests on one word is worth a look.</p>\n<table id=\"terms\"><thead><tr><th>outlet</th>");
    for (_, _, label) in TERM_CATEGORIES {
        let _ = write!(h, "<th>{label}</th>");
    }
    h.push_str("</tr></thead><tbody>\n");
    let mut outlets: Vec<&str> = cells.keys().map(|k| k.0).collect();
    outlets.dedup();
    for outlet in outlets {
        let _ = write!(h, "<tr><td>{}</td>", esc(outlet));
        for k in 0..TERM_CATEGORIES.len() {
            let list = cells
                .get(&(outlet, k))
                .map(|v| v.join(", "))
                .unwrap_or_default();
            let _ = write!(h, "<td style=\"text-align:left\">{list}</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table>\n");
}

/// `--by-story`: the outlets that differ from the rest within the stories they share, q < 0.05
/// (stories_pooled.csv).
fn stories_section(h: &mut String, t: &Table) {
    let col = |name: &str| t.col(name);
    let (Some(o), Some(m), Some(s), Some(d), Some(lo), Some(hi), Some(q)) = (
        col("outlet"),
        col("metric"),
        col("stories"),
        col("diff"),
        col("ci_low"),
        col("ci_high"),
        col("q_value"),
    ) else {
        return;
    };
    let _ = writeln!(h, "<h2>Within stories</h2>\n<p>Outlets compared with the rest on the same stories (stories_pooled.csv: Student's t with the degrees of freedom of the within-story variances; an outlet is compared only with at least {MIN_ARTICLES} articles on each side), where the difference has q &lt; 0.05:</p>");
    let rows: Vec<&Vec<Cell>> = t
        .rows
        .iter()
        .filter(|r| r[q].num().is_some_and(|q| q < 0.05))
        .collect();
    if rows.is_empty() {
        h.push_str("<p>None.</p>\n");
        return;
    }
    h.push_str("<table id=\"stories\"><thead><tr><th>outlet</th><th>metric</th><th>stories</th><th>difference</th><th>95% CI</th><th>q</th></tr></thead><tbody>\n");
    for r in rows {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} to {}</td><td>{}</td></tr>",
            esc(text(&r[o])),
            esc(text(&r[m])),
            r[s],
            r[d],
            r[lo],
            r[hi],
            r[q]
        );
    }
    h.push_str("</tbody></table>\n");
}

/// Key terms shown per outlet on the page (keyness.csv has up to 30).
const KEY_TERMS: usize = 12;

/// Each outlet's key terms (keyness.csv), those no lexicon counts in bold: candidates.
fn keyness_section(h: &mut String, k: &Table) {
    let col = |name: &str| k.col(name);
    let (Some(o), Some(t), Some(g), Some(e)) =
        (col("outlet"), col("term"), col("g2"), col("lexicon_entry"))
    else {
        return;
    };
    h.push_str("<h2>What sets each outlet apart</h2>\n<p>From keyness.csv: the words and two-word phrases each outlet uses more than the rest, by G² (in brackets). <b>Bold</b>: no lexicon entry counts it — a candidate to vet with <code>slant kwic</code>.</p>\n<table id=\"keyness\"><thead><tr><th>outlet</th><th>key terms</th></tr></thead><tbody>\n");
    let mut by_outlet: BTreeMap<&str, Vec<&Vec<Cell>>> = BTreeMap::new();
    for r in &k.rows {
        by_outlet.entry(text(&r[o])).or_default().push(r);
    }
    for (outlet, rows) in by_outlet {
        let terms: Vec<String> = rows
            .iter()
            .take(KEY_TERMS)
            .map(|r| {
                let term = esc(text(&r[t]));
                let term = if text(&r[e]).is_empty() {
                    format!("<b>{term}</b>")
                } else {
                    format!("<span title=\"{}\">{term}</span>", esc(text(&r[e])))
                };
                format!("{term} ({})", r[g])
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td style=\"text-align:left;white-space:normal\">{}</td></tr>",
            esc(outlet),
            terms.join(", ")
        );
    }
    h.push_str("</tbody></table>\n");
}

/// The run's warnings, inputs, options and lexicon files with their SHA-256: what a reader of
/// the page needs to reproduce it.
fn this_run(h: &mut String, run: &RunJson) {
    h.push_str("<h2>This run</h2>\n");
    if run.warnings.is_empty() {
        h.push_str("<p>No warnings.</p>\n");
    } else {
        let _ = writeln!(
            h,
            "<p>Warnings ({}):</p>\n<ul id=\"warnings\">",
            run.warnings.len()
        );
        for w in &run.warnings {
            let _ = writeln!(h, "<li>{}</li>", esc(w));
        }
        h.push_str("</ul>\n");
    }
    let _ = writeln!(
        h,
        "<p>Inputs: {}{}. Lexicons from {}. Options: <code>{}</code>.</p>",
        esc(&run.inputs.join(", ")),
        run.manifest
            .as_ref()
            .map(|m| format!(" (manifest {})", esc(m)))
            .unwrap_or_default(),
        esc(&run.lexicons_dir),
        esc(&serde_json::to_string(&run.options).unwrap_or_default())
    );
    h.push_str("<table id=\"lexicon-files\"><thead><tr><th>lexicon</th><th>entries</th><th>SHA-256</th></tr></thead><tbody>\n");
    for l in &run.lexicons {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            esc(&l.name),
            l.entries,
            esc(&l.sha256)
        );
    }
    h.push_str("</tbody></table>\n");
}

#[cfg(test)]
mod tests;
