//! Outlet comparison: the statistics of docs/metrics.md computed from the aggregates, laid out
//! as the report tables (outlet_metrics.csv, outlets.csv, actors.csv, actor_asymmetry.csv,
//! terms.csv, stories.csv, stories_pooled.csv).
//!
//! Everything here reads `Aggregates` and nothing else, so a merged set of shard aggregates gives
//! the same tables as one run.

use crate::aggregate::stats::{
    bh_q_values, clip_to_share, log_odds, poisson_interval, t_half_width, t_interval, t_p, welch_p,
    MIN_ARTICLES,
};
use crate::aggregate::table::{Cell, Table};
use crate::aggregate::{Aggregates, GroupSums, Sums, SCALE};
use crate::lexicon::LexiconSet;
use crate::score::metrics::{Format, Kind, Metric};

/// What every report table is made from: the aggregates, the lexicons, the metric columns,
/// their statistics (computed once, shared by the tables that show them) and the options that
/// shape a table.
pub struct Inputs<'a> {
    pub agg: &'a Aggregates,
    pub set: &'a LexiconSet,
    pub metrics: &'a [Metric],
    pub stats: &'a [(String, Vec<Stat>)],
    /// `--top-terms`.
    pub top_terms: usize,
    /// keyness.csv, made from the corpus after scoring (`passes::keyness`) under `--keyness`.
    pub keyness: Option<&'a Table>,
}

/// keyness.csv (`MakeTable`): made from the corpus by `passes::keyness`, passed in.
pub(crate) fn keyness_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    i.keyness.cloned().unwrap_or_default()
}

/// A report table made from the inputs; what it finds worth a warning goes to `warnings` (on
/// stderr and in run.json). `report::files` lists one for each table file.
pub(crate) type MakeTable = fn(&Inputs, &mut Vec<String>) -> Table;

/// outlets.csv (`MakeTable`).
pub(crate) fn outlets_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    outlets_wide(i.agg, i.stats, i.metrics)
}

/// outlet_metrics.csv (`MakeTable`).
pub(crate) fn outlet_metrics_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    outlet_metrics(i.stats, i.metrics)
}

/// actors.csv (`MakeTable`).
pub(crate) fn actors_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    actors(i.agg, i.set)
}

/// actor_asymmetry.csv (`MakeTable`).
pub(crate) fn actor_asymmetry_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    actor_asymmetry(i.agg, i.set)
}

/// terms.csv (`MakeTable`), with a warning per category that one term dominates.
pub(crate) fn terms_table(i: &Inputs, warnings: &mut Vec<String>) -> Table {
    let (t, w) = terms(i.agg, i.set, i.top_terms);
    warnings.extend(w);
    t
}

/// stories.csv (`MakeTable`). The story statistics are computed for each of the two story
/// tables: a few per story and outlet, and only under `--by-story`.
pub(crate) fn stories_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    stories(i.agg, i.metrics).0
}

/// stories_pooled.csv (`MakeTable`).
pub(crate) fn stories_pooled_table(i: &Inputs, _: &mut Vec<String>) -> Table {
    stories(i.agg, i.metrics).1
}

/// periods.csv (`MakeTable`, `--by-period`): each outlet in each period, every tested metric's
/// mean with its 95% Student-t interval. Articles whose date could not be read are in no
/// period; a warning says how many and names the first.
pub(crate) fn periods_table(i: &Inputs, warnings: &mut Vec<String>) -> Table {
    let d = &i.agg.dates;
    if d.unread > 0 {
        let first: Vec<String> = d
            .first
            .iter()
            .map(|(_, id, date)| format!("{id} ({date:?})"))
            .collect();
        warnings.push(format!(
            "--by-period: {} article{} with a date slant cannot read {} in no period of periods.csv (scored all the same), e.g. {}; write dates as YYYY-MM-DD (a day/month order that could be either way round is never guessed)",
            d.unread,
            if d.unread == 1 { "" } else { "s" },
            if d.unread == 1 { "is" } else { "are" },
            first.join(", ")
        ));
    }
    if d.undated > 0 {
        warnings.push(format!(
            "--by-period: {} article{} without a date {} in no period of periods.csv",
            d.undated,
            if d.undated == 1 { "" } else { "s" },
            if d.undated == 1 { "is" } else { "are" }
        ));
    }
    let mut t = Table {
        header: header(&[
            "outlet", "period", "metric", "articles", "mean", "sd", "ci_low", "ci_high",
        ]),
        rows: Vec::new(),
    };
    let mut groups: Vec<(&str, &str, &GroupSums)> = i
        .agg
        .periods
        .iter()
        .map(|((p, o), g)| (o.as_str(), p.as_str(), g))
        .collect();
    groups.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (outlet, period, g) in groups {
        for (m, metric) in i.metrics.iter().enumerate().filter(|(_, m)| m.tested()) {
            let s = g.metrics.get(m).copied().unwrap_or_default();
            let (mean, sd) = (s.mean(), s.sd());
            let ci = interval(metric, mean, sd, s.n);
            t.rows.push(vec![
                Cell::text(outlet.to_owned()),
                Cell::text(period.to_owned()),
                Cell::text(metric.name.clone()),
                Cell::Count(s.n),
                f4(mean),
                f4(sd),
                f4(ci.map(|c| c.0)),
                f4(ci.map(|c| c.1)),
            ]);
        }
    }
    t
}

fn header(cols: &[&str]) -> Vec<String> {
    cols.iter().map(|c| c.to_string()).collect()
}

fn f4(v: Option<f64>) -> Cell {
    Cell::fixed(v)
}

fn f6(v: Option<f64>) -> Cell {
    Cell::P(v)
}

/// The statistics of one metric for one outlet.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Stat {
    pub n: u64,
    pub mean: Option<f64>,
    pub sd: Option<f64>,
    pub ci: Option<(f64, f64)>,
    pub pooled: Option<f64>,
    pub pooled_ci: Option<(f64, f64)>,
    pub diff: Option<f64>,
    pub p: Option<f64>,
    pub q: Option<f64>,
}

/// For a `L.C.per_1k` metric, the metrics holding `L.C` and `tokens`.
fn pooled_parts(metrics: &[Metric], i: usize) -> Option<(usize, usize)> {
    let Kind::Per1k(l, c) = metrics[i].kind else {
        return None;
    };
    let hits = metrics.iter().position(|m| m.kind == Kind::Hits(l, c))?;
    let tokens = metrics.iter().position(|m| m.kind == Kind::Tokens)?;
    Some((hits, tokens))
}

/// A metric's 95% interval of its mean: Student's t, kept inside [0, 1] for a share
/// (`clip_to_share`).
fn interval(metric: &Metric, mean: Option<f64>, sd: Option<f64>, n: u64) -> Option<(f64, f64)> {
    let (m, d) = mean.zip(sd)?;
    let ci = t_interval(m, d, n)?;
    Some(if metric.is_share() {
        clip_to_share(ci, m)
    } else {
        ci
    })
}

fn stat(metrics: &[Metric], i: usize, g: &GroupSums, total: &GroupSums) -> Stat {
    let s = g.metrics.get(i).copied().unwrap_or_default();
    let rest = total.metrics.get(i).copied().unwrap_or_default().minus(&s);
    let (mean, sd) = (s.mean(), s.sd());
    let mut st = Stat {
        n: s.n,
        mean,
        sd,
        ci: interval(&metrics[i], mean, sd, s.n),
        diff: mean.zip(rest.mean()).map(|(a, b)| a - b),
        ..Stat::default()
    };
    if metrics[i].tested() && s.n >= MIN_ARTICLES && rest.n >= MIN_ARTICLES {
        st.p = match (mean, s.var(), rest.mean(), rest.var()) {
            (Some(m1), Some(v1), Some(m2), Some(v2)) => welch_p(m1, v1, s.n, m2, v2, rest.n),
            _ => None,
        };
    }
    if let Some((h, t)) = pooled_parts(metrics, i) {
        let hits: Sums = g.metrics.get(h).copied().unwrap_or_default();
        let tokens = g.metrics.get(t).map(Sums::total).unwrap_or(0.0);
        if tokens > 0.0 {
            st.pooled = Some(hits.total() / tokens * 1000.0);
            if hits.sum % SCALE as i128 == 0 {
                st.pooled_ci = poisson_interval(hits.total(), tokens, 1000.0);
            }
        }
    }
    st
}

/// Every outlet × metric statistic, with q-values over all tests of the run.
pub(crate) fn outlet_stats(agg: &Aggregates, metrics: &[Metric]) -> Vec<(String, Vec<Stat>)> {
    let total = agg.total();
    let mut out: Vec<(String, Vec<Stat>)> = agg
        .outlets
        .iter()
        .map(|(name, g)| {
            let stats = (0..metrics.len())
                .map(|i| stat(metrics, i, g, &total))
                .collect();
            (name.clone(), stats)
        })
        .collect();
    let ps: Vec<Option<f64>> = out
        .iter()
        .flat_map(|(_, s)| s.iter().map(|s| s.p))
        .collect();
    let qs = bh_q_values(&ps);
    for (st, q) in out.iter_mut().flat_map(|(_, s)| s.iter_mut()).zip(qs) {
        st.q = q;
    }
    out
}

/// outlet_metrics.csv: outlet × metric, long.
pub(crate) fn outlet_metrics(stats: &[(String, Vec<Stat>)], metrics: &[Metric]) -> Table {
    let mut t = Table {
        header: header(&[
            "outlet",
            "metric",
            "articles",
            "mean",
            "sd",
            "ci_low",
            "ci_high",
            "pooled_rate",
            "pooled_low",
            "pooled_high",
            "diff_vs_rest",
            "p_value",
            "q_value",
        ]),
        rows: Vec::new(),
    };
    for (outlet, st) in stats {
        for (m, s) in metrics.iter().zip(st) {
            t.rows.push(vec![
                Cell::text(outlet.clone()),
                Cell::text(m.name.clone()),
                Cell::Count(s.n),
                f4(s.mean),
                f4(s.sd),
                f4(s.ci.map(|c| c.0)),
                f4(s.ci.map(|c| c.1)),
                f4(s.pooled),
                f4(s.pooled_ci.map(|c| c.0)),
                f4(s.pooled_ci.map(|c| c.1)),
                f4(s.diff),
                f6(s.p),
                f6(s.q),
            ]);
        }
    }
    t
}

/// outlets.csv: one row per outlet; for every tested metric its mean, interval, pooled rate
/// (rates), p and q.
pub(crate) fn outlets_wide(
    agg: &Aggregates,
    stats: &[(String, Vec<Stat>)],
    metrics: &[Metric],
) -> Table {
    let mut h = header(&["outlet", "articles", "short_articles", "tokens"]);
    let shown: Vec<usize> = (0..metrics.len())
        .filter(|&i| metrics[i].tested())
        .collect();
    for &i in &shown {
        let n = &metrics[i].name;
        h.extend([n.clone(), format!("{n}.ci_low"), format!("{n}.ci_high")]);
        if pooled_parts(metrics, i).is_some() {
            h.push(format!("{n}.pooled"));
        }
        h.extend([format!("{n}.p"), format!("{n}.q")]);
    }
    let tokens = metrics.iter().position(|m| m.kind == Kind::Tokens);
    let mut t = Table {
        header: h,
        rows: Vec::new(),
    };
    for (outlet, st) in stats {
        let g = &agg.outlets[outlet];
        let tok = tokens.and_then(|i| g.metrics.get(i)).map(Sums::total);
        let mut row = vec![
            Cell::text(outlet.clone()),
            Cell::Count(g.articles),
            Cell::Count(g.short),
            Cell::Value(tok, Format::Count),
        ];
        for &i in &shown {
            let s = &st[i];
            row.extend([f4(s.mean), f4(s.ci.map(|c| c.0)), f4(s.ci.map(|c| c.1))]);
            if pooled_parts(metrics, i).is_some() {
                row.push(f4(s.pooled));
            }
            row.extend([f6(s.p), f6(s.q)]);
        }
        t.rows.push(row);
    }
    t
}

/// actors.csv: outlet × actor × lexicon category, the hits linked to the actor.
pub(crate) fn actors(agg: &Aggregates, set: &LexiconSet) -> Table {
    let mut t = Table {
        header: header(&[
            "outlet",
            "actor",
            "mentions",
            "lexicon",
            "category",
            "hits",
            "hits_author",
            "hits_per_mention",
        ]),
        rows: Vec::new(),
    };
    let Some((_, actor_lex)) = set.role(set.roles.actors) else {
        return t;
    };
    for (outlet, g) in &agg.outlets {
        for (&(a, l, c), n) in &g.links {
            let mentions = g.mentions.get(&a).copied().unwrap_or(0);
            let lex = &set.lexicons[l];
            t.rows.push(vec![
                Cell::text(outlet.clone()),
                Cell::text(actor_lex.categories[a].clone()),
                Cell::Count(mentions),
                Cell::text(lex.name.clone()),
                Cell::text(lex.categories[c].clone()),
                Cell::Count(n.hits),
                Cell::Count(n.author),
                f4(crate::score::ratio(n.hits as f64, mentions as f64)),
            ]);
        }
    }
    t
}

/// actor_asymmetry.csv: per outlet × actor, how the actor's statements are attributed, and the
/// log-odds of distancing against neutral attribution with its 95% interval.
pub(crate) fn actor_asymmetry(agg: &Aggregates, set: &LexiconSet) -> Table {
    let mut t = Table::default();
    let (Some((_, actor_lex)), Some((al, attr))) =
        (set.role(set.roles.actors), set.role(set.roles.attribution))
    else {
        return t;
    };
    t.header = header(&["outlet", "actor", "mentions"]);
    t.header.extend(attr.categories.iter().cloned());
    t.header
        .extend(header(&["distancing_vs_neutral", "ci_low", "ci_high"]));
    let (dist, neu) = (
        set.roles.distancing.map(|c| c.category),
        set.roles.neutral.map(|c| c.category),
    );
    for (outlet, g) in &agg.outlets {
        for (a, name) in actor_lex.categories.iter().enumerate() {
            let count = |c: usize| g.links.get(&(a, al, c)).map_or(0, |n| n.hits);
            let mentions = g.mentions.get(&a).copied().unwrap_or(0);
            let attributed: u64 = (0..attr.categories.len()).map(count).sum();
            if mentions == 0 && attributed == 0 {
                continue;
            }
            let mut row = vec![
                Cell::text(outlet.clone()),
                Cell::text(name.clone()),
                Cell::Count(mentions),
            ];
            row.extend((0..attr.categories.len()).map(|c| Cell::Count(count(c))));
            let lo = dist
                .zip(neu)
                .and_then(|(d, n)| log_odds(count(d) as f64, count(n) as f64));
            row.extend([
                f4(lo.map(|v| v.0)),
                f4(lo.map(|v| v.1)),
                f4(lo.map(|v| v.2)),
            ]);
            t.rows.push(row);
        }
    }
    t
}

/// A term carrying more than this share of a category's hits for an outlet is warned about…
pub(crate) const DOMINANT_SHARE: f64 = 0.5;
/// …when the category has at least this many hits there.
pub(crate) const DOMINANT_MIN_HITS: u64 = 10;

/// terms.csv: per outlet × lexicon category, the `top` terms by hits; and the warnings for
/// categories that one term dominates.
pub(crate) fn terms(agg: &Aggregates, set: &LexiconSet, top: usize) -> (Table, Vec<String>) {
    let mut t = Table {
        header: header(&[
            "outlet", "lexicon", "category", "rank", "term", "hits", "share",
        ]),
        rows: Vec::new(),
    };
    let mut warnings = Vec::new();
    for (outlet, g) in &agg.outlets {
        for (&(l, c), terms) in &g.terms {
            let mut list: Vec<(&str, u64)> = terms.iter().map(|(t, n)| (t.as_str(), *n)).collect();
            let total: u64 = list.iter().map(|x| x.1).sum();
            list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let lex = &set.lexicons[l];
            if let Some(&(term, n)) = list.first() {
                let share = n as f64 / total as f64;
                if share > DOMINANT_SHARE && total >= DOMINANT_MIN_HITS {
                    warnings.push(format!(
                        "outlet {outlet}: `{term}` carries {:.0}% of {}.{} ({n} of {total} hits); check that entry before reading the category as a finding",
                        share * 100.0,
                        lex.name,
                        lex.categories[c]
                    ));
                }
            }
            for (rank, (term, n)) in list.into_iter().take(top).enumerate() {
                t.rows.push(vec![
                    Cell::text(outlet.clone()),
                    Cell::text(lex.name.clone()),
                    Cell::text(lex.categories[c].clone()),
                    Cell::Count(rank as u64 + 1),
                    Cell::text(term.to_owned()),
                    Cell::Count(n),
                    f4(Some(n as f64 / total as f64)),
                ]);
            }
        }
    }
    (t, warnings)
}

/// An outlet's within-story differences of one metric, summed over its stories (`stories`).
#[derive(Default)]
struct Pooled {
    /// Σ w_s, Σ w_s·d_s, Σ w_s²·var(d_s).
    w: f64,
    wd: f64,
    wwv: f64,
    /// Σ (n_o + n_r − 2): the degrees of freedom of the pooled variances.
    df: f64,
    /// The outlet's articles and the other outlets' over these stories.
    articles: u64,
    rest: u64,
    stories: u64,
}

/// stories.csv and stories_pooled.csv: outlets compared within each story, and per outlet ×
/// metric the within-story differences pooled over stories.
///
/// Within a story, an outlet's mean is compared with the other outlets' mean on that story. The
/// pooled difference weighs each story's difference d_s by w_s = n_o·n_r/(n_o + n_r) (the
/// stratified mean difference); its variance is Σ w_s² · s²_s (1/n_o + 1/n_r) / (Σ w_s)², with
/// s²_s the pooled within-story variance. The test and the interval use Student's t with
/// Σ (n_o + n_r − 2) degrees of freedom, those of the pooled variances (for one story, the
/// two-sample t-test of SciPy's `ttest_ind(equal_var=True)`): a story's outlet has one article
/// or two, which have no variance of their own, so Welch's test cannot be made per story. An
/// outlet is tested only with `MIN_ARTICLES` articles on each side over its stories.
pub(crate) fn stories(agg: &Aggregates, metrics: &[Metric]) -> (Table, Table) {
    let mut detail = Table {
        header: header(&[
            "story",
            "outlet",
            "metric",
            "articles",
            "mean",
            "sd",
            "rest_articles",
            "rest_mean",
            "diff_vs_rest",
        ]),
        rows: Vec::new(),
    };
    let mut pooled = Table {
        header: header(&[
            "outlet", "metric", "stories", "diff", "ci_low", "ci_high", "p_value", "q_value",
        ]),
        rows: Vec::new(),
    };
    // Per story, the sums of all outlets.
    let mut story_total: std::collections::BTreeMap<&str, GroupSums> = Default::default();
    for ((story, _), g) in &agg.stories {
        story_total.entry(story).or_default().merge(g);
    }
    let tested: Vec<usize> = (0..metrics.len())
        .filter(|&i| metrics[i].tested())
        .collect();
    let mut acc: std::collections::BTreeMap<(&str, usize), Pooled> = Default::default();
    for ((story, outlet), g) in &agg.stories {
        let all = &story_total[story.as_str()];
        for &i in &tested {
            let s = g.metrics.get(i).copied().unwrap_or_default();
            let r = all.metrics.get(i).copied().unwrap_or_default().minus(&s);
            let diff = s.mean().zip(r.mean()).map(|(a, b)| a - b);
            detail.rows.push(vec![
                Cell::text(story.clone()),
                Cell::text(outlet.clone()),
                Cell::text(metrics[i].name.clone()),
                Cell::Count(s.n),
                f4(s.mean()),
                f4(s.sd()),
                Cell::Count(r.n),
                f4(r.mean()),
                f4(diff),
            ]);
            let (Some(d), true) = (diff, s.n + r.n >= 3) else {
                continue;
            };
            let (no, nr) = (s.n as f64, r.n as f64);
            // Pooled within-story variance from both groups' squared deviations.
            let ss = |x: &Sums| x.var().unwrap_or(0.0) * (x.n as f64 - 1.0).max(0.0);
            let var = (ss(&s) + ss(&r)) / (no + nr - 2.0);
            let w = no * nr / (no + nr);
            let e = acc.entry((outlet.as_str(), i)).or_default();
            e.w += w;
            e.wd += w * d;
            e.wwv += w * w * var * (1.0 / no + 1.0 / nr);
            e.df += no + nr - 2.0;
            e.articles += s.n;
            e.rest += r.n;
            e.stories += 1;
        }
    }
    let mut ps = Vec::new();
    for (&(outlet, i), e) in &acc {
        let d = e.wd / e.w;
        let se = e.wwv.sqrt() / e.w;
        let enough = e.articles >= MIN_ARTICLES && e.rest >= MIN_ARTICLES;
        let (ci, p) = if enough && se > 0.0 && se.is_finite() {
            let ci = t_half_width(se, e.df).map(|h| (d - h, d + h));
            (ci, t_p(d / se, e.df))
        } else {
            (None, None)
        };
        ps.push(p);
        pooled.rows.push(vec![
            Cell::text(outlet.to_owned()),
            Cell::text(metrics[i].name.clone()),
            Cell::Count(e.stories),
            f4(Some(d)),
            f4(ci.map(|c| c.0)),
            f4(ci.map(|c| c.1)),
            f6(p),
            Cell::P(None),
        ]);
    }
    for (row, q) in pooled.rows.iter_mut().zip(bh_q_values(&ps)) {
        row[7] = f6(q);
    }
    (detail, pooled)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aggregate::SCALE;

    fn tone() -> Vec<Metric> {
        vec![Metric {
            name: "tone".into(),
            kind: Kind::Tone,
        }]
    }

    fn group(values: &[f64]) -> GroupSums {
        let mut s = Sums::default();
        for v in values {
            s.add((v * SCALE as f64).round() as i64);
        }
        GroupSums {
            articles: values.len() as u64,
            metrics: vec![s],
            ..GroupSums::default()
        }
    }

    fn close(cell: &Cell, expected: f64) {
        let v = cell.num().unwrap();
        assert!((v - expected).abs() < 1e-4, "{v} vs {expected}");
    }

    /// Expected values from SciPy 1.17: the stratified difference by hand in NumPy, its p and
    /// interval from `scipy.stats.t` with Σ (n_o + n_r − 2) = 4 degrees of freedom.
    #[test]
    fn within_story_differences_are_tested_with_student_t_and_their_degrees_of_freedom() {
        let mut agg = Aggregates::default();
        for (story, w, x) in [
            ("a", &[-6.0][..], &[1.0, 2.5, 0.5][..]),
            ("b", &[0.2, 0.4][..], &[1.0, 1.6][..]),
        ] {
            agg.stories.insert((story.into(), "W".into()), group(w));
            agg.stories.insert((story.into(), "X".into()), group(x));
        }
        let (_, pooled) = stories(&agg, &tone());
        let w = &pooled.rows[0];
        assert_eq!((&w[0], &w[2]), (&Cell::text("W"), &Cell::Count(2)));
        close(&w[3], -3.714_285_714_285_714_4);
        close(&w[4], -5.229_825_978_725_557);
        close(&w[5], -2.198_745_449_845_871_4);
        close(&w[6], 0.002_437_154_391_405_92);
    }

    /// One article against three, in one story: SciPy's two-sample t-test (`ttest_ind(…,
    /// equal_var=True)`) gives p = 0.0258 with 2 degrees of freedom, the normal test used before
    /// 1e-9; below `MIN_ARTICLES` no test is made at all.
    #[test]
    fn an_outlet_of_too_few_articles_is_not_tested() {
        let mut agg = Aggregates::default();
        agg.stories.insert(("a".into(), "W".into()), group(&[-6.0]));
        agg.stories
            .insert(("a".into(), "X".into()), group(&[1.0, 2.5, 0.5]));
        let (detail, pooled) = stories(&agg, &tone());
        assert_eq!(detail.rows.len(), 2);
        for row in &pooled.rows {
            assert!(row[4..].iter().all(|c| c.to_string().is_empty()), "{row:?}");
        }
        let mut agg = Aggregates::default();
        agg.outlets.insert("W".into(), group(&[0.1, 0.2]));
        agg.outlets.insert("X".into(), group(&[0.5, 0.6, 0.7, 0.8]));
        let stats = outlet_stats(&agg, &tone());
        assert!(stats.iter().all(|(_, s)| s[0].p.is_none()), "{stats:?}");
        agg.outlets.insert("W".into(), group(&[0.1, 0.2, 0.15]));
        let stats = outlet_stats(&agg, &tone());
        // SciPy: ttest_ind([0.1, 0.2, 0.15], [0.5, 0.6, 0.7, 0.8], equal_var=False).
        assert!((stats[0].1[0].p.unwrap() - 0.001_966_829_050_664_060_4).abs() < 1e-9);
    }

    #[test]
    fn a_share_s_interval_stays_inside_zero_and_one() {
        let share = vec![Metric {
            name: "quote_share".into(),
            kind: Kind::QuoteShare,
        }];
        let mut agg = Aggregates::default();
        agg.outlets.insert("W".into(), group(&[0.0, 0.0, 0.9]));
        let stats = outlet_stats(&agg, &share);
        assert_eq!(stats[0].1[0].ci, Some((0.0, 1.0)));
        // Tone is no share: its interval is Student's, unclipped.
        let stats = outlet_stats(&agg, &tone());
        let (lo, hi) = stats[0].1[0].ci.unwrap();
        assert!(lo < -0.9 && hi > 1.5, "{lo} {hi}");
    }
}
