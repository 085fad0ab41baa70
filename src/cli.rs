//! The command line (clap definitions only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::report::Format;

#[derive(Debug, Parser)]
#[command(name = "eventlint", version, about = "Lint Hugo event reports")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Markdown pages (files, or directories walked for *.md).
    Check(CheckArgs),
    /// List the loaded rules.
    Rules(RuleArgs),
    /// Print a rule's documentation.
    Explain {
        /// A rule id, e.g. `required-section`.
        rule: String,
        #[command(flatten)]
        rules: RuleArgs,
    },
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A directory of extra rule files (`*.yaml`); a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to lint.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Output format (default: human on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Treat this date as today (YYYY-MM-DD), for rules about future dates.
    #[arg(long, value_name = "DATE")]
    pub now: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub rules: RuleArgs,
}
