//! The command line (clap definitions only).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostic::Severity;
use crate::report::Format;

#[derive(Debug, Parser)]
#[command(name = "eventlint", version, about = "Lint Hugo event reports")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint Markdown pages (files, or directories walked for *.md; `-` reads standard input).
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
    /// Write a commented starter config (`.eventlint.yaml`) in the current directory.
    Init {
        /// Overwrite an existing file.
        #[arg(long)]
        force: bool,
    },
    /// Show the settings in force for a path, and which file each came from.
    Config {
        /// A file or directory (default: .).
        #[arg(default_value = ".")]
        path: PathBuf,
        #[command(flatten)]
        config: ConfigArgs,
    },
    /// Print a JSON Schema (`eventlint schema config`), for editors.
    Schema {
        #[arg(value_enum)]
        what: SchemaKind,
    },
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum SchemaKind {
    /// The `.eventlint.yaml` configuration file.
    Config,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A directory of extra rule files (`*.yaml`); a rule with a built-in id replaces it.
    #[arg(long = "rules", value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// Use this config file for every linted file (instead of the closest `.eventlint.yaml`).
    #[arg(long, value_name = "PATH", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,
    /// Use no config file.
    #[arg(long)]
    pub no_config: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to lint; `-` reads one document from standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Treat this date as today (YYYY-MM-DD), for rules about future dates.
    #[arg(long, value_name = "DATE")]
    pub now: Option<jiff::civil::Date>,
    /// Select files named on the command line as if they were walked (pre-commit): apply the
    /// config's `exclude`, skip non-content pages, let the pack decide what is a report.
    #[arg(long)]
    pub force_exclude: bool,
    /// The path the document read from standard input stands for (to place it in its site).
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// What to print, where, and when the run fails.
#[derive(Debug, clap::Args)]
pub struct OutputArgs {
    /// Output format (else $EVENTLINT_FORMAT; else human on a terminal, concise otherwise).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the report to this file instead of standard output.
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// Also print how many findings each rule made.
    #[arg(long)]
    pub statistics: bool,
    /// Print only the findings (no summary line).
    #[arg(long, short)]
    pub quiet: bool,
    /// Exit 0 even when findings fail the run (but still 2 when eventlint itself failed).
    #[arg(long)]
    pub exit_zero: bool,
    /// The lowest severity that fails the run (exit 1) [default: error].
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<Severity>,
}
