//! Charts written with the reports (SVG, drawn with plotters): for each key metric the outlets as
//! points with their 95% intervals, sorted; and the attribution asymmetry as an outlet × actor
//! grid. Colours are from the Okabe–Ito palette, which colour-blind readers can tell apart.

use crate::aggregate::compare::Stat;
use crate::aggregate::table::{Cell, Table};
use crate::score::metrics::Metric;
use plotters::prelude::*;

/// The metrics charted, with their titles.
pub(crate) const CHARTED: &[(&str, &str)] = &[
    ("tone", "Tone (positive − negative per 100 words)"),
    ("tone.author", "Tone in the author's voice"),
    (
        "hedging.share",
        "Hedging share (hedges / (hedges + boosters))",
    ),
    (
        "attribution.distancing.share",
        "Distancing share of attributions",
    ),
    ("scare_quotes", "Scare quotes per article"),
];

/// The file name of a metric's chart.
pub(crate) fn chart_file(metric: &str) -> String {
    format!("chart_{metric}.svg")
}

pub(crate) const ASYMMETRY_FILE: &str = "chart_actor_asymmetry.svg";

/// The file name of a metric's chart over time (`--by-period`).
pub(crate) fn period_chart_file(metric: &str) -> String {
    format!("chart_periods_{metric}.svg")
}

/// Outlets drawn as panels of a period chart; periods.csv has every one.
const MAX_PANELS: usize = 60;

/// A period's figures of one outlet: period index, articles, mean, and its interval if any.
type PeriodPoint = (usize, u64, f64, Option<(f64, f64)>);

/// One metric over time as small multiples: a panel per outlet (in name order, on one y scale
/// so that panels compare), a line through its mean in each period with the 95% interval as a
/// bar and the number of articles above each point (periods.csv). One line per outlet on one
/// plot told 12 outlets apart with 8 colours; panels need none. Without a dated article, the
/// chart says so.
/// The periods of `metric` in periods.csv, in order, and per outlet (in the table's order,
/// which is by name) its points.
type PeriodSeries<'t> = (Vec<&'t str>, Vec<(&'t str, Vec<PeriodPoint>)>);

fn period_points<'t>(metric: &str, table: &'t Table) -> Result<PeriodSeries<'t>, String> {
    let col = |name: &str| table.col(name);
    let (Some(o), Some(p), Some(m), Some(v), Some(a)) = (
        col("outlet"),
        col("period"),
        col("metric"),
        col("mean"),
        col("articles"),
    ) else {
        return Err("no periods table".into());
    };
    let (lo_c, hi_c) = (col("ci_low"), col("ci_high"));
    let text = |r: &'t [Cell], c: usize| r[c].str().unwrap_or("");
    let rows: Vec<&Vec<Cell>> = table.rows.iter().filter(|r| r[m].is(metric)).collect();
    let mut periods: Vec<&str> = rows.iter().map(|r| text(r, p)).collect();
    periods.sort_unstable();
    periods.dedup();
    let mut outlets: Vec<(&str, Vec<PeriodPoint>)> = Vec::new();
    for r in &rows {
        let Some(mean) = r[v].num() else {
            continue;
        };
        let ci = lo_c
            .zip(hi_c)
            .and_then(|(l, h)| Some((r[l].num()?, r[h].num()?)));
        let Ok(x) = periods.binary_search(&text(r, p)) else {
            continue;
        };
        let articles = r[a].num().map_or(0, |n| n as u64);
        let point = (x, articles, mean, ci);
        match outlets.last_mut() {
            Some((name, points)) if *name == text(r, o) => points.push(point),
            _ => outlets.push((text(r, o), vec![point])),
        }
    }
    Ok((periods, outlets))
}

fn period_chart(title: &str, metric: &str, table: &Table) -> Result<String, String> {
    let (periods, outlets) = period_points(metric, table)?;
    let (lo, hi) = outlets.iter().flat_map(|(_, pts)| pts.iter()).fold(
        (f64::INFINITY, f64::NEG_INFINITY),
        |(a, b), &(_, _, m, ci)| {
            let (l, h) = ci.unwrap_or((m, m));
            (a.min(l).min(m), b.max(h).max(m))
        },
    );
    let shown = outlets.len().min(MAX_PANELS);
    let cols = shown.clamp(1, 3);
    let grid_rows = shown.div_ceil(cols).max(1);
    let (panel_w, panel_h) = (300u32, 210u32);
    let mut svg = String::new();
    {
        let height = 48 + panel_h * grid_rows as u32;
        // One or two panels are narrower than the title: the chart is never.
        let width = (panel_w * cols as u32).max(640);
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        if outlets.is_empty() {
            root.draw(&Text::new(
                format!("{title}: no article has a date slant can read (periods.csv)"),
                (10, 20),
                ("sans-serif", 15),
            ))
            .map_err(|e| e.to_string())?;
            root.present().map_err(|e| e.to_string())?;
            drop(root);
            return Ok(svg);
        }
        let more = if outlets.len() > shown {
            format!(
                " (the first {shown} of {} outlets; periods.csv has all)",
                outlets.len()
            )
        } else {
            String::new()
        };
        root.draw(&Text::new(
            format!("{title}, by period"),
            (10, 8),
            ("sans-serif", 15),
        ))
        .map_err(|e| e.to_string())?;
        root.draw(&Text::new(
            format!("mean per article, 95% CI, articles above each point{more}"),
            (10, 28),
            ("sans-serif", 12),
        ))
        .map_err(|e| e.to_string())?;
        let (_, body) = root.split_vertically(48);
        let panels = body.split_evenly((grid_rows, cols));
        let (lo, hi) = padded(lo, hi);
        for ((outlet, points), area) in outlets.iter().take(shown).zip(&panels) {
            period_panel(area, outlet, points, &periods, (lo, hi))?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// One outlet's panel of a period chart: its line, intervals and counts on the shared scale.
fn period_panel(
    area: &DrawingArea<SVGBackend, plotters::coord::Shift>,
    outlet: &str,
    points: &[PeriodPoint],
    periods: &[&str],
    (lo, hi): (f64, f64),
) -> Result<(), String> {
    let n = periods.len();
    let articles: u64 = points.iter().map(|pt| pt.1).sum();
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!(
                "{} ({articles} {})",
                label(outlet),
                plural(articles, "article")
            ),
            ("sans-serif", 13),
        )
        .margin(8)
        .x_label_area_size(22)
        .y_label_area_size(44)
        .build_cartesian_2d(-0.5f64..(n as f64 - 0.5), lo..hi)
        .map_err(|e| e.to_string())?;
    chart
        .configure_mesh()
        .x_labels(n.min(4))
        .x_label_formatter(&|x| {
            let i = x.round();
            if (x - i).abs() < 1e-6 && i >= 0.0 {
                periods
                    .get(i as usize)
                    .map(|p| p.to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_labels(4)
        .label_style(("sans-serif", 10))
        .light_line_style(RGBColor(240, 240, 240))
        .draw()
        .map_err(|e| e.to_string())?;
    let line: Vec<(f64, f64)> = points.iter().map(|pt| (pt.0 as f64, pt.2)).collect();
    chart
        .draw_series(std::iter::once(PathElement::new(
            line,
            BLUE.stroke_width(2),
        )))
        .map_err(|e| e.to_string())?;
    for &(x, count, mean, ci) in points {
        let x = x as f64;
        if let Some((l, h)) = ci {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(x, l), (x, h)],
                    BLUE.mix(0.5).stroke_width(1),
                )))
                .map_err(|e| e.to_string())?;
        }
        chart
            .draw_series(std::iter::once(Circle::new((x, mean), 3, BLUE.filled())))
            .map_err(|e| e.to_string())?;
        if n <= 12 {
            chart
                .draw_series(std::iter::once(Text::new(
                    count.to_string(),
                    (x, mean),
                    ("sans-serif", 9).into_font().color(&RGBColor(90, 90, 90)),
                )))
                .map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

/// `word` with an s when `n` is not one ("1 article", "2 articles").
fn plural(n: u64, word: &str) -> String {
    if n == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

/// An axis range around `lo..hi` with a margin; a range of one value (every outlet at 0) gets
/// a margin of half a unit or a tenth of the value, not 0.001 (issue 28: an all-zero chart's
/// axis ran from −0.001 to 0.001).
fn padded(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo.is_finite() && hi.is_finite() {
        (lo, hi)
    } else {
        (0.0, 1.0)
    };
    let pad = if hi - lo < 1e-9 {
        (lo.abs() * 0.1).max(0.5)
    } else {
        (hi - lo) * 0.08
    };
    (lo - pad, hi + pad)
}

const BLUE: RGBColor = RGBColor(0, 114, 178);
const ORANGE: RGBColor = RGBColor(230, 159, 0);

/// Long outlet names are shortened for axis labels (the page's table has them whole).
fn label(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() <= 28 {
        name.to_owned()
    } else {
        format!("{}…", chars[..27].iter().collect::<String>())
    }
}

/// The x range a chart needs for its means and intervals (None when nothing is drawn).
fn extent<'a>(stats: impl Iterator<Item = &'a Stat>) -> Option<(f64, f64)> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for s in stats {
        let Some(m) = s.mean else { continue };
        let (a, b) = s.ci.unwrap_or((m, m));
        lo = lo.min(a).min(m);
        hi = hi.max(b).max(m);
    }
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

/// One chart: outlets sorted by mean, each a point with its interval (where there is one), on
/// `range` when given (tone and tone.author share one scale). An outlet whose difference from
/// the rest has q < 0.05 is orange and starred; an outlet of one article is labelled so (it has
/// no interval); a grey line marks the mean over all articles.
fn metric_chart(
    title: &str,
    rows: &[(String, Stat)],
    range: Option<(f64, f64)>,
) -> Result<String, String> {
    // The mean over every article the outlets' means stand for.
    let (sum, n): (f64, u64) = rows
        .iter()
        .filter_map(|(_, s)| Some((s.mean? * s.n as f64, s.n)))
        .fold((0.0, 0), |(a, b), (x, n)| (a + x, b + n));
    let overall = (n > 0).then(|| sum / n as f64);
    let mut rows: Vec<&(String, Stat)> = rows.iter().filter(|(_, s)| s.mean.is_some()).collect();
    rows.sort_by(|a, b| {
        a.1.mean
            .partial_cmp(&b.1.mean)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.0.cmp(&b.0))
    });
    let (lo, hi) = range
        .or_else(|| extent(rows.iter().map(|(_, s)| s)))
        .unwrap_or((0.0, 1.0));
    let (lo, hi) = padded(lo, hi);
    let n = rows.len().max(1);
    let height = 120 + 30 * n as u32;
    let significant = |s: &Stat| s.q.is_some_and(|q| q < 0.05);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (760, height)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let names: Vec<String> = rows
            .iter()
            .map(|(n, s)| {
                let mut l = label(n);
                if s.n == 1 {
                    l.push_str(" (1 article)");
                } else {
                    l.push_str(&format!(" (n {})", s.n));
                }
                if significant(s) {
                    l.push_str(" *");
                }
                l
            })
            .collect();
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 20))
            .margin(12)
            .x_label_area_size(48)
            .y_label_area_size(250)
            .build_cartesian_2d(lo..hi, -0.5f64..(n as f64 - 0.5))
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .y_labels(n)
            .y_label_formatter(&|y| {
                let i = y.round();
                if (y - i).abs() < 1e-6 && i >= 0.0 {
                    names.get(i as usize).cloned().unwrap_or_default()
                } else {
                    String::new()
                }
            })
            .disable_y_mesh()
            .x_desc(
                "mean per article and 95% CI; * q < 0.05 against the rest; grey line: all articles",
            )
            .axis_desc_style(("sans-serif", 13))
            .label_style(("sans-serif", 14))
            .bold_line_style(RGBColor(225, 225, 225))
            .light_line_style(RGBColor(245, 245, 245))
            .draw()
            .map_err(|e| e.to_string())?;
        if let Some(m) = overall {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(m, -0.5), (m, n as f64 - 0.5)],
                    RGBColor(150, 150, 150).stroke_width(1),
                )))
                .map_err(|e| e.to_string())?;
        }
        for (i, (_, s)) in rows.iter().enumerate() {
            let y = i as f64;
            let Some(m) = s.mean else { continue };
            let color = if significant(s) { ORANGE } else { BLUE };
            if let Some((a, b)) = s.ci {
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(a, y), (b, y)],
                        color.stroke_width(2),
                    )))
                    .map_err(|e| e.to_string())?;
            }
            chart
                .draw_series(std::iter::once(Circle::new((m, y), 5, color.filled())))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(svg)
}

/// A cell of the asymmetry grid needs this many distancing and neutral attributions together:
/// below it the log-odds is mostly the 0.5 correction (no distancing against four neutral
/// attributions is −2.2, the darkest blue), so the cell shows no data.
pub(crate) const ASYMMETRY_MIN_ATTRIBUTIONS: u64 = 10;

/// The outlet × actor grid of distancing-vs-neutral log-odds (actor_asymmetry.csv): orange where
/// an outlet distances itself from an actor's statements, blue where it reports them neutrally,
/// grey where there are too few attributions to say.
fn asymmetry_chart<'t>(table: &'t Table) -> Result<String, String> {
    use std::fmt::Write as _;
    let col = |name: &str| table.col(name);
    let (Some(o), Some(a), Some(v), Some(nc), Some(dc), Some(lo), Some(hi)) = (
        col("outlet"),
        col("actor"),
        col("distancing_vs_neutral"),
        col("neutral"),
        col("distancing"),
        col("ci_low"),
        col("ci_high"),
    ) else {
        return Err("no asymmetry table".into());
    };
    let text = |r: &'t [Cell], c: usize| r[c].str().unwrap_or("");
    let mut outlets: Vec<&str> = table.rows.iter().map(|r| text(r, o)).collect();
    outlets.dedup();
    // Only the actors some outlet has enough attributions of: a column of grey cells says
    // nothing, and with many actors half the grid was grey (issue 28). With none, all of them.
    let enough = |r: &&Vec<Cell>| {
        let count = |c: usize| r[c].num().map_or(0, |n| n as u64);
        count(nc) + count(dc) >= ASYMMETRY_MIN_ATTRIBUTIONS
    };
    let mut actors: Vec<&str> = table
        .rows
        .iter()
        .filter(enough)
        .map(|r| text(r, a))
        .collect();
    if actors.is_empty() {
        actors = table.rows.iter().map(|r| text(r, a)).collect();
    }
    actors.sort_unstable();
    actors.dedup();
    // Each cell's row looked up once: scanning the rows for every cell made the grid quadratic
    // in outlets × actors (16,000 outlets took 92 s).
    let mut rows: std::collections::HashMap<(&str, &str), &Vec<Cell>> = Default::default();
    for r in &table.rows {
        rows.entry((text(r, o), text(r, a))).or_insert(r);
    }
    // Written by hand rather than with plotters: each cell carries a <title>, which a browser
    // shows on hover, with its interval and counts.
    let cell = 56i32;
    let (left, top) = (220i32, 120i32);
    // Wide enough for the legend's longest line, whatever the number of actors.
    let w = (left + cell * actors.len().max(1) as i32 + 20).max(640);
    let grid_bottom = top + 34 * outlets.len().max(1) as i32;
    let h = grid_bottom + 84;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"sans-serif\">\n<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#FFFFFF\"/>\n<text x=\"10\" y=\"22\" font-size=\"16\">Distancing vs neutral attribution of each actor (log-odds)</text>\n<text x=\"10\" y=\"40\" font-size=\"12\">hover a cell for its 95% CI and counts</text>\n"
    );
    let color = log_odds_color;
    for (j, actor) in actors.iter().enumerate() {
        let x = left + cell * j as i32;
        // Slanted, so that long names do not run into each other.
        let (tx, ty) = (x + 8, top - 8);
        let _ = writeln!(
            svg,
            "<text x=\"{tx}\" y=\"{ty}\" font-size=\"11\" transform=\"rotate(-35 {tx} {ty})\">{}</text>",
            xml(&label(actor))
        );
    }
    for (i, outlet) in outlets.iter().enumerate() {
        let y = top + 34 * i as i32;
        let _ = writeln!(
            svg,
            "<text x=\"10\" y=\"{}\" font-size=\"13\">{}</text>",
            y + 19,
            xml(&label(outlet))
        );
        for (j, actor) in actors.iter().enumerate() {
            let x = left + cell * j as i32;
            let r = rows.get(&(*outlet, *actor));
            let count = |c: usize| r.and_then(|r| r[c].num()).map_or(0, |n| n as u64);
            let (n, d) = (count(nc), count(dc));
            let value = r
                .filter(|_| n + d >= ASYMMETRY_MIN_ATTRIBUTIONS)
                .and_then(|r| r[v].num());
            let (fill, title, text) = match value {
                Some(x0) => {
                    let ci = r.map(|r| format!("{} to {}", r[lo], r[hi])).unwrap_or_default();
                    (
                        color(x0),
                        format!(
                            "{outlet} × {actor}: log-odds {x0:.2} (95% CI {ci}); {d} distancing, {n} neutral attributions"
                        ),
                        format!("{:.1}", if x0.abs() < 0.05 { 0.0 } else { x0 }),
                    )
                }
                None => (
                    "#EBEBEB".to_owned(),
                    format!(
                        "{outlet} × {actor}: {d} distancing, {n} neutral attributions — too few to say (fewer than {ASYMMETRY_MIN_ATTRIBUTIONS})"
                    ),
                    String::new(),
                ),
            };
            let ink = if value.is_some_and(|x| x.abs() > 2.0) {
                "#FFFFFF"
            } else {
                "#000000"
            };
            let _ = writeln!(
                svg,
                "<g><title>{}</title><rect x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"28\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"{ink}\">{}</text></g>",
                xml(&title),
                cell - 4,
                x + 8,
                y + 18,
                text
            );
        }
    }
    asymmetry_legend(&mut svg, grid_bottom + 16);
    Ok(svg)
}

/// −3 … +3 onto blue … white … orange.
fn log_odds_color(x: f64) -> String {
    let t = (x / 3.0).clamp(-1.0, 1.0);
    let (end, t) = if t < 0.0 { (BLUE, -t) } else { (ORANGE, t) };
    let mix = |c: u8| (255.0 + (c as f64 - 255.0) * t).round() as u8;
    format!("#{:02X}{:02X}{:02X}", mix(end.0), mix(end.1), mix(end.2))
}

/// The asymmetry grid's legend at height `ly`: the colour scale and the no-data grey, and the
/// end of the SVG.
fn asymmetry_legend(svg: &mut String, ly: i32) {
    use std::fmt::Write as _;
    let _ = writeln!(
        svg,
        "<text x=\"10\" y=\"{}\" font-size=\"12\">log-odds</text>",
        ly + 14
    );
    for (k, x) in [-3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0].iter().enumerate() {
        let lx = 80 + 44 * k as i32;
        let _ = writeln!(
            svg,
            "<rect x=\"{lx}\" y=\"{ly}\" width=\"40\" height=\"18\" fill=\"{}\" stroke=\"#CCCCCC\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            log_odds_color(*x),
            lx + 12,
            ly + 32,
            // The ends stand for everything beyond them.
            match k {
                0 => "≤ −3".to_owned(),
                6 => "≥ +3".to_owned(),
                _ if *x == 0.0 => "0".to_owned(),
                _ => format!("{x:+.0}"),
            }
        );
    }
    let gx = 80 + 44 * 7 + 20;
    let _ = writeln!(
        svg,
        "<rect x=\"{gx}\" y=\"{ly}\" width=\"40\" height=\"18\" fill=\"#EBEBEB\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">too few to say</text>\n<text x=\"10\" y=\"{}\" font-size=\"11\">grey: under {ASYMMETRY_MIN_ATTRIBUTIONS} distancing and neutral attributions together (hover: how many)</text>\n<text x=\"10\" y=\"{}\" font-size=\"11\">blue: more neutral than distancing attributions · orange: more distancing · 0: as many of each</text>\n</svg>",
        gx + 46,
        ly + 14,
        ly + 50,
        ly + 66
    );
}

/// Text for an SVG document.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Every chart of a run, as (file name, SVG); `periods` is periods.csv under `--by-period`. A
/// chart that cannot be drawn is left out.
pub(crate) fn charts(
    stats: &[(String, Vec<Stat>)],
    metrics: &[Metric],
    asymmetry: &Table,
    periods: Option<&Table>,
) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let rows_of = |metric: &str| -> Option<Vec<(String, Stat)>> {
        let i = metrics.iter().position(|m| m.name == metric)?;
        Some(stats.iter().map(|(o, s)| (o.clone(), s[i])).collect())
    };
    // Tone and tone in the author's voice on one scale, so that the two charts compare.
    let tone_range = ["tone", "tone.author"]
        .iter()
        .filter_map(|m| extent(rows_of(m)?.iter().map(|(_, s)| s)))
        .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
    for (metric, title) in CHARTED {
        let Some(rows) = rows_of(metric) else {
            continue;
        };
        let range = metric.starts_with("tone").then_some(tone_range).flatten();
        if let Ok(svg) = metric_chart(title, &rows, range) {
            out.push((chart_file(metric), svg));
        }
    }
    if !asymmetry.rows.is_empty() {
        if let Ok(svg) = asymmetry_chart(asymmetry) {
            out.push((ASYMMETRY_FILE.to_owned(), svg));
        }
    }
    if let Some(t) = periods {
        for (metric, title) in CHARTED {
            if let Ok(svg) = period_chart(title, metric, t) {
                out.push((period_chart_file(metric), svg));
            }
        }
    }
    out
}
