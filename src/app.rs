//! What each subcommand does, from parsed arguments to an exit code:
//! 0 clean, 1 findings at error severity, 2 usage, rule-file or I/O error.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::cli::{CheckArgs, Cli, Command, ConfigArgs, RuleArgs, SchemaKind};
use crate::config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::{self, ConfigChoice, RunError, RunOptions};
use crate::report::{self, Format};
use crate::rules::{LoadError, RuleSet};

pub const EXIT_CLEAN: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_ERROR: u8 = 2;

/// How a run's findings become an exit code.
#[derive(Debug, Clone, Copy)]
pub struct ExitPolicy {
    /// The lowest severity that fails the run: `--fail-on`, else the config's `fail-on`
    /// (`Outcome::fail_on`), else `error`.
    pub fail_on: Severity,
    /// `--exit-zero`: findings never fail the run; eventlint's own failures still do.
    pub exit_zero: bool,
}

impl Default for ExitPolicy {
    fn default() -> Self {
        ExitPolicy {
            fail_on: Severity::Error,
            exit_zero: false,
        }
    }
}

impl ExitPolicy {
    pub fn code(&self, outcome: &engine::Outcome) -> u8 {
        if outcome.io_errors > 0 {
            EXIT_ERROR
        } else if !self.exit_zero && outcome.diagnostics().any(|d| d.severity >= self.fail_on) {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    }
}

fn color_for(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Check(args) => check(args),
        Command::Rules(args) => list_rules(&args),
        Command::Explain { rule, rules } => explain(&rule, &rules),
        Command::Init { force } => init(force),
        Command::Config { path, config } => show_config(&path, &config),
        Command::Schema {
            what: SchemaKind::Config,
        } => {
            println!("{}", config::schema());
            EXIT_CLEAN
        }
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "eventlint", &mut std::io::stdout());
            EXIT_CLEAN
        }
    }
}

fn load_rules(args: &RuleArgs) -> Result<RuleSet, u8> {
    RuleSet::load(&args.dirs).map_err(|e| {
        print_load_error(&e);
        EXIT_ERROR
    })
}

fn print_load_error(e: &LoadError) {
    print_file_error(e, "rule-file", "the rule file");
}

/// A broken rule or config file, rendered like a finding (snippet, label), then a summary.
fn print_file_error(e: &LoadError, code: &str, what: &str) {
    let d = Diagnostic::new(
        code,
        Severity::Error,
        e.error.span.unwrap_or_default(),
        e.error.message.clone(),
    )
    .with_label(e.error.message.clone());
    let color = color_for(std::io::stderr().is_terminal());
    let text: Arc<str> = Arc::from(e.text.as_str());
    eprint!("{}", report::human::render(&d, &e.path, text, color));
    eprintln!("error: {what} {} is broken", e.path);
}

fn config_choice(args: &ConfigArgs) -> ConfigChoice {
    match (&args.config, args.no_config) {
        (_, true) => ConfigChoice::Disabled,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Discover,
    }
}

/// Report what stopped the run before it started; exit 2.
fn print_run_error(e: &RunError) -> u8 {
    match e {
        RunError::Usage(message) => eprintln!("error: {message}"),
        RunError::Rules(e) => print_load_error(e),
        RunError::Config(e) => {
            let path = e.path.display().to_string();
            let error = LoadError {
                path,
                text: e.text.clone(),
                error: e.error.clone(),
            };
            print_file_error(&error, "config", "the config file");
        }
    }
    EXIT_ERROR
}

fn check(args: CheckArgs) -> u8 {
    // `--format`, else EVENTLINT_FORMAT (checked before the run, like any usage error).
    let format = match args
        .output
        .format
        .map_or_else(Format::from_env, |f| Ok(Some(f)))
    {
        Ok(format) => format,
        Err(e) => {
            eprintln!("error: {e}");
            return EXIT_ERROR;
        }
    };
    let mut paths = args.paths;
    let mut stdin = None;
    if let Some(i) = paths.iter().position(|p| p.as_os_str() == "-") {
        paths.remove(i);
        let mut text = String::new();
        // Bounded like a file: past the bound the page gets a `file-size` finding.
        let limit = engine::MAX_FILE_BYTES + 1;
        if let Err(e) = std::io::stdin().take(limit).read_to_string(&mut text) {
            eprintln!("error: cannot read standard input: {e}");
            return EXIT_ERROR;
        }
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"));
        stdin = Some((text, name));
    }
    let options = RunOptions {
        paths,
        now: args.now,
        rule_dirs: args.rules.dirs,
        config: config_choice(&args.config),
        force_exclude: args.force_exclude,
        stdin,
    };
    let outcome = match engine::run(&options) {
        Ok(outcome) => outcome,
        Err(e) => return print_run_error(&e),
    };
    let output = &args.output;
    let policy = ExitPolicy {
        fail_on: output
            .fail_on
            .or(outcome.fail_on)
            .unwrap_or(ExitPolicy::default().fail_on),
        exit_zero: output.exit_zero,
    };
    let (mut out, is_terminal): (Box<dyn Write>, bool) = match &output.output_file {
        Some(path) => match std::fs::File::create(path) {
            Ok(file) => (Box::new(std::io::BufWriter::new(file)), false),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return EXIT_ERROR;
            }
        },
        None => {
            let stdout = std::io::stdout();
            let is_terminal = stdout.is_terminal();
            // Buffered: stdout alone writes line by line, a system call per finding.
            let out = std::io::BufWriter::with_capacity(64 * 1024, stdout.lock());
            (Box::new(out), is_terminal)
        }
    };
    let report_options = report::Options {
        format: format.unwrap_or(if is_terminal {
            Format::Human
        } else {
            Format::Concise
        }),
        color: color_for(is_terminal),
        quiet: output.quiet,
        statistics: output.statistics,
    };
    let mut side = std::io::stderr().lock();
    // The rules as configured for the working directory, for the formats that describe
    // them (SARIF): those the run loaded.
    let rules = (report_options.format == Format::Sarif).then_some(&outcome.profile.rules);
    let written = report::write(&outcome, rules, &report_options, &mut out, &mut side);
    if let Err(e) = written.and_then(|()| out.flush()) {
        if let Some(path) = &output.output_file {
            eprintln!("error: cannot write {}: {e}", path.display());
        }
        return EXIT_ERROR;
    }
    let code = policy.code(&outcome);
    // Freeing the findings one by one is the last thing on the critical path (about 0.1 s
    // at 50,000 findings): a pool thread does it, and the process may end first.
    rayon::spawn(move || drop(outcome));
    code
}

fn init(force: bool) -> u8 {
    let path = PathBuf::from(".eventlint.yaml");
    if path.exists() && !force {
        eprintln!("error: .eventlint.yaml already exists (use --force to overwrite it)");
        return EXIT_ERROR;
    }
    match std::fs::write(&path, config::STARTER) {
        Ok(()) => {
            println!("wrote .eventlint.yaml");
            EXIT_CLEAN
        }
        Err(e) => {
            eprintln!("error: cannot write .eventlint.yaml: {e}");
            EXIT_ERROR
        }
    }
}

/// `eventlint config PATH`: the settings in force there and where each came from.
fn show_config(path: &Path, args: &ConfigArgs) -> u8 {
    let dir = if path.is_dir() {
        path
    } else {
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
    };
    let options = RunOptions {
        config: config_choice(args),
        ..RunOptions::default()
    };
    let profiles = engine::Profiles::default();
    let profile = match profiles.for_dir(dir, &options) {
        Ok(p) => p,
        Err(e) => return print_run_error(&e),
    };
    let s = &profile.settings;
    let from = |p: &Path| crate::report::display_path(p);
    let mut out = std::io::stdout().lock();
    if s.chain.is_empty() {
        let _ = writeln!(out, "config files: none (built-in defaults)");
    } else {
        let chain: Vec<String> = s.chain.iter().map(|p| from(p)).collect();
        let _ = writeln!(out, "config files: {}", chain.join(" -> "));
    }
    let fail_on = s
        .fail_on
        .as_ref()
        .map_or("error (default)".to_string(), |(f, p)| {
            format!("{} ({})", f.severity(), from(p))
        });
    let _ = writeln!(out, "fail-on: {fail_on}");
    if let Some((now, p)) = &s.now {
        let _ = writeln!(out, "now: {now} ({})", from(p));
    }
    if let Some((root, p)) = &s.site_root {
        let _ = writeln!(out, "site-root: {} ({})", root.display(), from(p));
    }
    for (p, origin) in &s.packs {
        let _ = writeln!(out, "pack: {} ({})", p.display(), from(origin));
    }
    if let Some((globs, p)) = &s.include {
        let _ = writeln!(out, "include: {} ({})", globs.patterns.join(", "), from(p));
    }
    for (globs, p) in &s.exclude {
        let _ = writeln!(out, "exclude: {} ({})", globs.patterns.join(", "), from(p));
    }
    if let Some((globs, conditions, p)) = &s.reports {
        let _ = writeln!(
            out,
            "reports: paths [{}], front matter {:?} ({})",
            globs.patterns.join(", "),
            conditions,
            from(p)
        );
    }
    for (globs, levels, p) in &s.per_file {
        let _ = writeln!(
            out,
            "per-file {}: {:?} ({})",
            globs.patterns.join(", "),
            levels,
            from(p)
        );
    }
    let _ = writeln!(out, "rules:");
    for rule in &profile.rules.rules {
        let state = if rule.enabled {
            rule.severity.as_str()
        } else {
            "off"
        };
        let origin = s
            .rules
            .get(&rule.id)
            .map_or_else(|| rule.origin.clone(), |(_, p)| from(p));
        let _ = writeln!(out, "  {:24} {:8} {}", rule.id, state, origin);
    }
    EXIT_CLEAN
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
        let near = rules.did_you_mean(id);
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
