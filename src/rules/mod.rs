//! Rules are data: a YAML file binds an id, a severity, a message and parameters to a check
//! kind (the way Vale binds a rule file to `extends:`). The built-in pack under `rules/` is
//! embedded in the binary; `--rules DIR` adds user rules, and a user rule with a built-in id
//! replaces it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use regex::Regex;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::checks::template::Template;
use crate::checks::{self, Check, Kind};
use crate::diagnostic::Severity;
use crate::sections::{Sections, SectionsFile};
use crate::span::Span;
use patterns::{Deferred, ScreenSet};

pub mod patterns;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The name of the pack description file in a rule directory.
pub const PACK_FILE: &str = "_pack.yaml";

/// Which pages a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scope {
    /// Event reports only.
    #[default]
    Reports,
    /// Every content page walked (rules that guard Hugo's build itself).
    Pages,
}

fn yes() -> bool {
    true
}

/// A rule file as written. `P` is the kind's parameter type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile<P> {
    pub id: String,
    pub kind: String,
    pub severity: Severity,
    #[serde(default)]
    pub scope: Scope,
    /// One line saying what the rule reports (for `eventlint rules`).
    pub summary: String,
    /// The message template; `{name}` placeholders are filled by the check.
    pub message: String,
    #[serde(default)]
    pub help: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub params: P,
}

impl<P> RuleFile<P> {
    /// The rule without its parameters, and the parameters.
    pub fn split(self) -> (RuleFile<()>, P) {
        let RuleFile {
            id,
            kind,
            severity,
            scope,
            summary,
            message,
            help,
            enabled,
            params,
        } = self;
        (
            RuleFile {
                id,
                kind,
                severity,
                scope,
                summary,
                message,
                help,
                enabled,
                params: (),
            },
            params,
        )
    }

    /// Where `params:` is written, for errors about parameter values.
    pub fn params_span(&self, text: &str) -> Option<Span> {
        let at = if text.starts_with("params:") {
            0
        } else {
            text.find("\nparams:")? + 1
        };
        Some(Span::new(at, at + "params".len()))
    }
}

/// A loaded rule: its file's settings bound to a built check.
pub struct Rule {
    pub id: String,
    pub kind: &'static Kind,
    pub severity: Severity,
    pub scope: Scope,
    pub summary: String,
    pub message: String,
    pub help: Option<String>,
    pub enabled: bool,
    /// `built-in` or the path of the user's rule file.
    pub origin: String,
    /// The rule file's text, for `eventlint explain`.
    pub text: String,
    pub check: Box<dyn Check>,
    /// `id`, interned once here rather than for each finding (see
    /// [`crate::diagnostic::intern`]).
    pub interned_id: &'static str,
    /// `message` and `help` cut at their placeholders (interned when they have none), for
    /// the rule's findings.
    pub message_template: Template,
    pub help_template: Option<Template>,
}

/// A problem in a rule file: what and where.
#[derive(Debug, Clone)]
pub struct RuleError {
    pub message: String,
    pub span: Option<Span>,
}

/// A rule file that could not be loaded, with its text for rendering.
#[derive(Debug)]
pub struct LoadError {
    pub path: String,
    pub text: String,
    pub error: RuleError,
}

/// How the pack decides which pages are event reports.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PackFile {
    name: String,
    #[serde(default)]
    description: Option<String>,
    reports: ReportSelector,
    sections: SectionsFile,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ReportSelector {
    /// A page is a report when it sits below a content folder whose name matches this.
    section_pattern: String,
}

/// The pack's identity and its report selector.
pub struct Pack {
    pub name: String,
    pub description: Option<String>,
    pub section_pattern: Regex,
    pub sections: Sections,
}

/// The loaded rules, in a stable order (by id).
pub struct RuleSet {
    pub pack: Pack,
    pub rules: Vec<Rule>,
    /// The rules' screens of a page's prose, searched together (see [`ScreenSet`]).
    pub screens: Arc<Deferred<ScreenSet>>,
}

/// YAML limits for rule and config files: small, hand-written documents.
pub fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 64;
    budget.max_aliases = 100;
    budget.max_anchors = 100;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.with_snippet = false;
    // Nothing reads the comments: collecting them is work for nothing.
    options.emit_comments = false;
    // YAML 1.2 booleans only, as Hugo: `off` is the string "off" (a rule level), not false.
    options.strict_booleans = true;
    options
}

/// Parse YAML into `T`, turning the error into one with a span in `text`.
pub fn parse_yaml<T: DeserializeOwned>(text: &str) -> Result<T, RuleError> {
    serde_saphyr::from_str_with_options(text, yaml_options()).map_err(|e| yaml_error(&e, text))
}

/// A serde-saphyr error as a message and a span.
pub fn yaml_error(e: &serde_saphyr::Error, text: &str) -> RuleError {
    let e = e.without_snippet();
    let span = e.location().and_then(|loc| {
        let span = loc.span();
        let start = usize::try_from(span.byte_offset()?).ok()?.min(text.len());
        let len = span
            .byte_len()
            .and_then(|l| usize::try_from(l).ok())
            .unwrap_or(0);
        // Point at the whole token when the parser gives only its start.
        let end = if len > 0 {
            start + len
        } else {
            start
                + text[start..]
                    .find(['\n', ':', ',', ']', '}'])
                    .unwrap_or(text.len() - start)
        };
        Some(Span::new(start, end.min(text.len())))
    });
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    RuleError { message, span }
}

#[derive(Deserialize)]
struct KindProbe {
    kind: String,
}

/// Build one rule from a rule file's text.
pub fn load_rule(text: &str, origin: &str) -> Result<Rule, RuleError> {
    let probe: KindProbe = parse_yaml(text)?;
    build_rule(text, origin, &probe.kind, checks::Source::User)
}

/// The `kind:` of a built-in rule file, read from its top-level `kind: NAME` line without
/// parsing the YAML (a test checks it against the parse for every built-in file). A user's
/// file is parsed for it: its errors point into the YAML.
fn builtin_kind(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|line| line.strip_prefix("kind:"))
        .map(str::trim)
}

/// Build a rule of the named kind from its file's text.
fn build_rule(
    text: &str,
    origin: &str,
    kind_name: &str,
    source: checks::Source,
) -> Result<Rule, RuleError> {
    let kind = checks::kind(kind_name).ok_or_else(|| {
        let names: Vec<&str> = checks::KINDS.iter().map(|k| k.name).collect();
        RuleError {
            message: format!(
                "unknown check kind `{}`; the kinds are: {}",
                kind_name,
                names.join(", ")
            ),
            span: text
                .find(kind_name)
                .map(|at| Span::new(at, at + kind_name.len())),
        }
    })?;
    let (head, check) = (kind.build)(text, source)?;
    Ok(Rule {
        interned_id: crate::diagnostic::intern(&head.id),
        message_template: Template::new(&head.message),
        help_template: head.help.as_deref().map(Template::new),
        id: head.id,
        kind,
        severity: head.severity,
        scope: head.scope,
        summary: head.summary,
        message: head.message,
        help: head.help,
        enabled: head.enabled,
        origin: origin.to_string(),
        text: text.to_string(),
        check,
    })
}

fn load_pack(text: &str) -> Result<Pack, RuleError> {
    let file: PackFile = parse_yaml(text)?;
    let section_pattern = Regex::new(&file.reports.section_pattern).map_err(|e| RuleError {
        message: format!("invalid `section-pattern`: {e}"),
        span: text
            .find("section-pattern")
            .map(|at| Span::new(at, at + "section-pattern".len())),
    })?;
    let sections = Sections::new(file.sections).map_err(|message| RuleError {
        message,
        span: text
            .find("sections:")
            .map(|at| Span::new(at, at + "sections".len())),
    })?;
    Ok(Pack {
        name: file.name,
        description: file.description,
        section_pattern,
        sections,
    })
}

/// One rule file, loaded.
enum Loaded {
    Pack(Pack),
    Rule(Rule),
}

impl RuleSet {
    /// The built-in pack, then each user directory in order.
    pub fn load(user_dirs: &[PathBuf]) -> Result<RuleSet, LoadError> {
        let mut pack = None;
        let mut rules: Vec<Rule> = Vec::new();
        let builtin = BUILTIN_RULES
            .iter()
            .map(|(name, text)| (format!("built-in:rules/{name}"), (*text).to_string(), true));
        let mut files: Vec<(String, String, bool)> = builtin.collect();
        for dir in user_dirs {
            files.extend(read_rule_dir(dir)?.into_iter().map(|(o, t)| (o, t, false)));
        }
        // Compiling the rules' patterns is most of a one-file run's start-up: the files are
        // loaded in parallel, then taken in order (the first error wins, a later file's
        // rule replaces an earlier one with the same id).
        let loaded: Vec<Result<Loaded, LoadError>> = files
            .par_iter()
            .map(|(origin, text, builtin)| {
                let fail = |error| LoadError {
                    path: origin.clone(),
                    text: text.clone(),
                    error,
                };
                if origin.ends_with(PACK_FILE) {
                    load_pack(text).map(Loaded::Pack).map_err(fail)
                } else if let Some(kind) = builtin.then(|| builtin_kind(text)).flatten() {
                    build_rule(text, origin, kind, checks::Source::Builtin)
                        .map(Loaded::Rule)
                        .map_err(fail)
                } else {
                    load_rule(text, origin).map(Loaded::Rule).map_err(fail)
                }
            })
            .collect();
        for item in loaded {
            let rule = match item? {
                Loaded::Pack(p) => {
                    pack = Some(p);
                    continue;
                }
                Loaded::Rule(rule) => rule,
            };
            match rules.iter_mut().find(|r| r.id == rule.id) {
                Some(existing) => *existing = rule,
                None => rules.push(rule),
            }
        }
        rules.sort_by(|a, b| a.id.cmp(&b.id));
        let kinds: BTreeSet<&'static str> = rules.iter().map(|r| r.kind.name).collect();
        rayon::spawn(move || checks::prepare(&kinds));
        let pack = pack.ok_or_else(|| LoadError {
            path: "rules".into(),
            text: String::new(),
            error: RuleError {
                message: format!("no rule pack found: `{PACK_FILE}` is missing"),
                span: None,
            },
        })?;
        let screened: Vec<_> = rules
            .iter()
            .filter_map(|r| r.check.screen().cloned())
            .collect();
        let screens = Deferred::new(move || ScreenSet::new(screened.clone()));
        Ok(RuleSet {
            pack,
            rules,
            screens,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// ` (did you mean `x`?)` with the closest rule id, for messages about an unknown id.
    pub fn did_you_mean(&self, id: &str) -> String {
        self.rules
            .iter()
            .map(|r| r.id.as_str())
            .min_by_key(|other| strsim::levenshtein(id, other))
            .map(|n| format!(" (did you mean `{n}`?)"))
            .unwrap_or_default()
    }
}

fn read_rule_dir(dir: &Path) -> Result<Vec<(String, String)>, LoadError> {
    let io_error = |e: std::io::Error| LoadError {
        path: dir.display().to_string(),
        text: String::new(),
        error: RuleError {
            message: format!("cannot read rule directory: {e}"),
            span: None,
        },
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(io_error)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let text =
                crate::input::read_text(&p, crate::input::MAX_SETTINGS_BYTES).map_err(|e| {
                    LoadError {
                        path: p.display().to_string(),
                        text: String::new(),
                        error: RuleError {
                            message: format!("cannot read rule file: {e}"),
                            span: None,
                        },
                    }
                })?;
            Ok((p.display().to_string(), text))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_pack_loads() {
        let set = match RuleSet::load(&[]) {
            Ok(set) => set,
            Err(e) => panic!("{}: {}", e.path, e.error.message),
        };
        assert!(set.get("required-section").is_some());
        assert_eq!(set.pack.name, "event-report");
    }

    /// A built-in rule defers building its patterns (`patterns::Deferred`), trusted to
    /// compile: built as a user's rule, each builds them at once, and reports any error.
    #[test]
    fn builtin_rules_build_as_user_rules() {
        for (name, text) in BUILTIN_RULES {
            if *name == PACK_FILE {
                continue;
            }
            let kind = builtin_kind(text).unwrap_or_default();
            if let Err(e) = build_rule(text, name, kind, checks::Source::User) {
                panic!("{name}: {}", e.message);
            }
        }
    }

    #[test]
    fn builtin_kinds_read_without_parsing_agree_with_the_parse() {
        for (name, text) in BUILTIN_RULES {
            if *name == PACK_FILE {
                continue;
            }
            let parsed: Option<String> = parse_yaml::<KindProbe>(text).ok().map(|p| p.kind);
            assert_eq!(builtin_kind(text), parsed.as_deref(), "{name}");
        }
    }

    #[test]
    fn unknown_key_points_into_the_yaml() {
        let text = "id: x\nkind: single-title\nseverity: warning\nsummary: s\nmessage: m\nsevverity: error\n";
        let err = load_rule(text, "test").err().map(|e| (e.message, e.span));
        let (message, span) = err.unwrap_or_default();
        assert!(message.contains("sevverity"), "{message}");
        let span = span.unwrap_or_default();
        assert_eq!(&text[span.start..span.start + 9], "sevverity");
    }
}
