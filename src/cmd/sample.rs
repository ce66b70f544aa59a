//! The `sample` command: a stratified sample of a run's hits, as sample.csv to code by hand
//! (docs/validation.md).

use crate::cli::SampleArgs;
use crate::error::UsageError;
use crate::report::guard::{self, Existing, Guard};
use crate::validate::sample::{draw, render, Options};
use anyhow::{Context, Result};

pub fn run(args: &SampleArgs) -> Result<()> {
    if args.per_category == 0 || args.per_outlet == Some(0) {
        return Err(UsageError("--per-category and --per-outlet must be at least 1".into()).into());
    }
    let dir = &args.reports;
    let hits = dir.join(crate::report::files::HITS);
    if !hits.exists() {
        return Err(UsageError(format!(
            "{} has no hits.csv: give the --out folder of a `slant score` run without --no-hits (--reports DIR)",
            dir.display()
        ))
        .into());
    }
    if let Ok(run) = crate::report::run_json::RunJson::read(dir) {
        let known: Vec<(String, Vec<String>)> = run
            .lexicons
            .iter()
            .map(|l| (l.name.clone(), l.categories.clone()))
            .collect();
        crate::cmd::explain::check_filter(
            args.lexicon.as_deref(),
            args.category.as_deref(),
            &known,
            &dir.join("run.json").display().to_string(),
        )?;
    }
    // A sample.csv may hold hours of coding: never written over.
    Guard::new("sample")
        .input(dir)
        .file(&args.out, "--out", Existing::Kept)?;
    let drawn = draw(
        &hits,
        &Options {
            per_category: args.per_category,
            per_outlet: args.per_outlet,
            seed: args.seed,
            lexicon: args.lexicon.clone(),
            category: args.category.clone(),
        },
    )?;
    let bytes = render(&drawn)?;
    guard::write_new(&args.out, &bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let categories: std::collections::BTreeSet<(&str, &str)> = drawn
        .iter()
        .map(|d| (d.hit.lexicon.as_str(), d.hit.category.as_str()))
        .collect();
    // The strata that had fewer hits than asked for: categories, or categories × outlets.
    let n = args.per_outlet.unwrap_or(args.per_category);
    let mut strata: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for d in &drawn {
        let h = &d.hit;
        let key = match args.per_outlet {
            Some(_) => format!("{}.{} in {}", h.lexicon, h.category, h.outlet),
            None => format!("{}.{}", h.lexicon, h.category),
        };
        *strata.entry(key).or_default() += 1;
    }
    let short: Vec<&String> = strata
        .iter()
        .filter(|(_, k)| **k < n)
        .map(|(s, _)| s)
        .collect();
    eprintln!(
        "slant: {} hits of {} categories in {} (seed {}); fill in `verdict` (1 = the hit means what its category says, 0 = it does not, ? = cannot tell), then `slant validate {}`",
        drawn.len(),
        categories.len(),
        args.out.display(),
        args.seed,
        args.out.display()
    );
    if !short.is_empty() {
        eprintln!(
            "slant: fewer than {n} hits to draw from in {}: all of them are in the sample",
            short
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(())
}
