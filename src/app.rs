//! What each subcommand does, from parsed arguments to an exit code:
//! 0 clean, 1 findings at error severity, 2 usage, rule-file or I/O error.

use std::io::{IsTerminal, Write};
use std::sync::Arc;

use crate::cli::{CheckArgs, Cli, Command, RuleArgs};
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{self, RunOptions};
use crate::report::{self, Format};
use crate::rules::{LoadError, RuleSet};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

fn color_for(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule, rules } => explain(&rule, &rules),
    }
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, u8> {
    RuleSet::load(&args.dirs).map_err(|e| {
        print_load_error(&e);
        EXIT_ERROR
    })
}

fn print_load_error(e: &LoadError) {
    let d = Diagnostic::new(
        "rule-file",
        Severity::Error,
        e.error.span.unwrap_or_default(),
        e.error.message.clone(),
    )
    .with_label(e.error.message.clone());
    let color = color_for(std::io::stderr().is_terminal());
    let text: Arc<str> = Arc::from(e.text.as_str());
    eprint!("{}", report::human::render(&d, &e.path, text, color));
    eprintln!("error: the rule file {} is broken", e.path);
}

fn today() -> jiff::civil::Date {
    jiff::Zoned::now().date()
}

fn check(args: CheckArgs) -> u8 {
    let rules = match load_rules(&args.rules) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let options = RunOptions {
        paths: args.paths,
        now: args.now.unwrap_or_else(today),
    };
    let outcome = match engine::run(&rules, &options) {
        Ok(outcome) => outcome,
        Err(e) => {
            eprintln!("error: {}", e.0);
            return EXIT_ERROR;
        }
    };
    let stdout = std::io::stdout();
    let is_terminal = stdout.is_terminal();
    let format = args.format.unwrap_or(if is_terminal {
        Format::Human
    } else {
        Format::Concise
    });
    // Buffered: stdout alone writes line by line, a system call per finding.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
    if report::write(&outcome, format, color_for(is_terminal), &mut out).is_err() {
        return EXIT_ERROR;
    }
    let _ = out.flush();
    if outcome.io_errors > 0 {
        EXIT_ERROR
    } else if outcome.count(Severity::Error) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn list_rules(args: &RuleArgs) -> u8 {
    let rules = match load_rules(args) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let mut out = std::io::stdout().lock();
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &rules.rules {
        let state = if r.enabled { "" } else { " (off)" };
        let _ = writeln!(
            out,
            "{:width$}  {:7}  {}{}",
            r.id,
            r.severity.as_str(),
            r.summary,
            state
        );
    }
    EXIT_CLEAN
}

fn explain(id: &str, args: &RuleArgs) -> u8 {
    let rules = match load_rules(args) {
        Ok(rules) => rules,
        Err(code) => return code,
    };
    let Some(rule) = rules.get(id) else {
        let ids: Vec<&str> = rules.rules.iter().map(|r| r.id.as_str()).collect();
        let near = ids
            .iter()
            .min_by_key(|other| strsim::levenshtein(id, other))
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default();
        eprintln!("error: no rule `{id}`{near}; `eventlint rules` lists them");
        return EXIT_ERROR;
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "# {}\n", rule.id);
    let _ = writeln!(out, "{}\n", rule.summary);
    let _ = writeln!(
        out,
        "severity: {}    scope: {}    kind: {}    from: {}{}\n",
        rule.severity,
        match rule.scope {
            crate::rules::Scope::Reports => "event reports",
            crate::rules::Scope::Pages => "every content page",
        },
        rule.kind.name,
        rule.origin,
        if rule.enabled {
            ""
        } else {
            "    (off by default)"
        }
    );
    let _ = writeln!(out, "{}\n", rule.kind.doc());
    let _ = writeln!(out, "## Rule file\n");
    for line in rule.text.lines() {
        let _ = writeln!(out, "    {line}");
    }
    EXIT_CLEAN
}
