//! `slant help [TOPIC]`: the help of a command, or the reference of a topic — the lexicon format
//! and the report columns — from the same text as docs/, built into the binary so that it is
//! there wherever slant is.

use crate::cli::Cli;
use anyhow::Result;
use clap::CommandFactory;
use std::io::Write;

/// The topics and their text.
pub const TOPICS: &[(&str, &str, &str)] = &[
    (
        "lexicons",
        "the lexicon format: patterns, negation, LIWC and YAML dictionaries",
        include_str!("../../docs/lexicons.md"),
    ),
    (
        "metrics",
        "every report column: meaning and formula",
        include_str!("../../docs/metrics.md"),
    ),
    (
        "sharding",
        "running a corpus as shards and merging them",
        include_str!("../../docs/sharding.md"),
    ),
    (
        "validation",
        "measuring the lexicons' precision: sample, code, validate, edit, rerun",
        include_str!("../../docs/validation.md"),
    ),
    (
        "reliability",
        "what slant does with bad input, and its limits",
        include_str!("../../docs/reliability.md"),
    ),
];

pub fn run(topic: Option<&str>) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut cmd = Cli::command();
    match topic {
        None => {
            cmd.write_long_help(&mut out)?;
            writeln!(out, "\nTopics (slant help TOPIC):")?;
            for (name, what, _) in TOPICS {
                writeln!(out, "  {name:<12} {what}")?;
            }
        }
        Some(t) => {
            if let Some((_, _, text)) = TOPICS.iter().find(|(name, _, _)| *name == t) {
                out.write_all(text.as_bytes())?;
            } else if let Some(sub) = cmd.find_subcommand_mut(t) {
                sub.write_long_help(&mut out)?;
            } else {
                let topics: Vec<&str> = TOPICS.iter().map(|t| t.0).collect();
                let commands: Vec<&str> = cmd
                    .get_subcommands()
                    .map(|c| c.get_name())
                    .filter(|&n| n != "help")
                    .collect();
                return Err(crate::error::UsageError(format!(
                    "no command or topic `{t}`; topics are {}, commands {}",
                    topics.join(", "),
                    commands.join(", ")
                ))
                .into());
            }
        }
    }
    out.flush()?;
    Ok(())
}
