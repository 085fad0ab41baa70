//! Reports text that should not be in a report: every match of the rule's patterns, like
//! Vale's `existence` check. Rules built on it find template text left in a report and
//! placeholders such as `TODO` or `lorem ipsum`.
//!
//! Why: what a template says to its user ("do not copy it verbatim", "add your photos
//! here") and the sample content it ships with are not the author's report; a placeholder is
//! a section that was never written. Hugo publishes both without a word.
//!
//! Only prose is searched: code blocks and spans, HTML comments and tags, link and image
//! addresses and shortcode calls are not (see `prose`).
//!
//! Example of a finding (rule `placeholder-text`):
//!
//! ```text
//! ## Event Experience
//!
//! TODO: write this section
//! ```
//!
//! Fix: write the section, or remove the leftover text.
//!
//! Parameters: `patterns` (regular expressions) and/or `tokens` (literal words or phrases,
//! matched as whole words); `ignore-case` (default false; a pattern can also use `(?i)`);
//! `scope`, where to look: `body` (the default), `headings`, `field:<name>` (a front matter
//! string), or a list of them; `label`, the text shown under each match. The message may use
//! `{match}`, the text that matched.

use std::collections::BTreeSet;
use std::sync::Arc;

use regex::Regex;
use serde::Deserialize;

use super::{Check, Ctx, Source};
use crate::diagnostic::Diagnostic;
use crate::rules::patterns::{Deferred, Screen};
use crate::span::Span;

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    #[serde(default)]
    pub patterns: Vec<String>,
    #[serde(default)]
    pub tokens: Vec<String>,
    #[serde(default)]
    pub ignore_case: bool,
    #[serde(default)]
    pub scope: Option<OneOrMany>,
    /// The text shown under each match.
    #[serde(default)]
    pub label: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Scope {
    Body,
    Headings,
    Field(String),
}

impl Scope {
    fn parse(s: &str) -> Result<Scope, String> {
        match s.trim() {
            "body" => Ok(Scope::Body),
            "headings" => Ok(Scope::Headings),
            other => match other.strip_prefix("field:") {
                Some(name) if !name.trim().is_empty() => Ok(Scope::Field(name.trim().into())),
                _ => Err(format!(
                    "unknown scope `{other}`: use `body`, `headings` or `field:<name>`"
                )),
            },
        }
    }
}

pub struct Existence {
    /// The patterns and tokens as one regex; deferred for a built-in rule (see
    /// `rules::patterns::Deferred`).
    regex: Arc<Deferred<Regex>>,
    /// Words one of which every match contains (a text without any is not searched).
    /// Apart from the regex, and quick to build: a page the screen rules out never needs
    /// the regex, which a one-file run then does not wait for.
    screen: Arc<Deferred<Option<Screen>>>,
    scopes: Vec<Scope>,
    label: Option<String>,
}

impl Existence {
    pub fn new(params: Params, source: Source) -> Result<Self, String> {
        let mut alternatives: Vec<String> = Vec::new();
        for p in &params.patterns {
            // Each pattern must stand alone (`a)|(b` must not join its neighbours): its
            // syntax is checked alone, then all are compiled at once. An error found only
            // in compiling (an unknown Unicode class, say) is one of a pattern alone too,
            // and is reported, as it was found before, by parsing each alone.
            regex_syntax::ast::parse::Parser::new()
                .parse(p)
                .map_err(|e| format!("invalid pattern `{p}`: {e}"))?;
            alternatives.push(format!("(?:{p})"));
        }
        for t in &params.tokens {
            if t.trim().is_empty() {
                return Err("a token is empty".into());
            }
            alternatives.push(whole_words(t.trim()));
        }
        if alternatives.is_empty() {
            return Err("give `patterns` or `tokens`".into());
        }
        let flags = if params.ignore_case { "(?i)" } else { "" };
        let combined = format!("{flags}{}", alternatives.join("|"));
        let (regex, screen) = match source {
            Source::Builtin => {
                let for_screen = combined.clone();
                // The screen first: the background builds it before the regex.
                let screen = Deferred::new(move || Screen::of(&for_screen));
                let regex = Deferred::new(move || {
                    Regex::new(&combined).unwrap_or_else(|e| unreachable!("a built-in rule: {e}"))
                });
                (regex, screen)
            }
            Source::User => {
                let re = Regex::new(&combined).map_err(|e| {
                    let alone = params.patterns.iter().find_map(|p| {
                        let e = regex_syntax::Parser::new().parse(p).err()?;
                        Some(format!("invalid pattern `{p}`: {e}"))
                    });
                    alone.unwrap_or_else(|| format!("invalid patterns: {e}"))
                })?;
                (Deferred::ready(re), Deferred::ready(Screen::of(&combined)))
            }
        };
        let scopes = match params.scope {
            None => vec![Scope::Body],
            Some(OneOrMany::One(s)) => vec![Scope::parse(&s)?],
            Some(OneOrMany::Many(list)) if list.is_empty() => {
                return Err("`scope` is empty".into());
            }
            Some(OneOrMany::Many(list)) => list
                .iter()
                .map(|s| Scope::parse(s))
                .collect::<Result<_, _>>()?,
        };
        Ok(Existence {
            regex,
            screen,
            scopes,
            label: params.label,
        })
    }

    /// Can the pattern match in `text`? (See [`Screen`].)
    fn may_match(&self, text: &str) -> bool {
        self.screen.get().as_ref().is_none_or(|s| s.may_match(text))
    }

    fn matches_in(&self, text: &str, offset: usize, found: &mut BTreeSet<Span>) {
        if self.may_match(text) {
            self.search_in(text, offset, found);
        }
    }

    /// [`Existence::matches_in`] without the screen (the caller screened a larger text).
    fn search_in(&self, text: &str, offset: usize, found: &mut BTreeSet<Span>) {
        for m in self.regex.get().find_iter(text) {
            if !m.as_str().trim().is_empty() {
                found.insert(Span::new(offset + m.start(), offset + m.end()));
            }
        }
    }
}

/// A literal token as a pattern matching it as whole words (spaces match any whitespace).
fn whole_words(token: &str) -> String {
    let body = token
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let start = if word(token.chars().next()) {
        r"\b"
    } else {
        ""
    };
    let end = if word(token.chars().next_back()) {
        r"\b"
    } else {
        ""
    };
    format!("(?:{start}{body}{end})")
}

/// The matched text for a message: whitespace collapsed, long matches cut.
fn shown(text: &str) -> String {
    let words: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if words.chars().count() > 60 {
        let cut: String = words.chars().take(57).collect();
        format!("{}…", cut.trim_end())
    } else {
        words
    }
}

impl Check for Existence {
    fn screen(&self) -> Option<&Arc<Deferred<Option<Screen>>>> {
        Some(&self.screen)
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let mut found = BTreeSet::new();
        let needs_prose = self
            .scopes
            .iter()
            .any(|s| matches!(s, Scope::Body | Scope::Headings));
        let text = if needs_prose {
            ctx.derived.prose(doc)
        } else {
            ""
        };
        // The prose screened once (lowered once per page for both rules): a heading is a
        // part of it, so when the whole prose is ruled out, so is every heading.
        let prose_may_match = needs_prose
            && self.screen.get().as_ref().is_none_or(|screen| {
                let lower = ctx.derived.screened_prose(doc);
                let found = ctx.derived.first_words(doc, ctx.screens);
                ctx.screens
                    .may_match(&self.screen, found, lower)
                    .unwrap_or_else(|| screen.may_match_screened(lower))
            });
        for scope in &self.scopes {
            match scope {
                Scope::Body if prose_may_match => self.search_in(text, 0, &mut found),
                Scope::Body => {}
                Scope::Headings if !prose_may_match => {}
                Scope::Headings => {
                    for h in &doc.body.headings {
                        if let Some(slice) = text.get(h.span.start..h.span.end) {
                            self.matches_in(slice, h.span.start, &mut found);
                        }
                    }
                }
                Scope::Field(name) => {
                    let Some(field) = doc.fm().and_then(|fm| fm.get(name)) else {
                        continue;
                    };
                    let Some(value) = field.value.as_str() else {
                        continue;
                    };
                    let span = field.value.span;
                    let raw = doc.text.get(span.start..span.end).unwrap_or("");
                    let before = found.len();
                    self.matches_in(raw, span.start, &mut found);
                    // Escapes can hide a match from the source; point at the whole value.
                    if found.len() == before
                        && self.may_match(value)
                        && self.regex.get().is_match(value)
                    {
                        found.insert(span);
                    }
                }
            }
        }
        for span in found {
            let matched = shown(doc.text.get(span.start..span.end).unwrap_or(""));
            let mut d = ctx.diag(span, &[("match", &matched)]);
            if let Some(label) = &self.label {
                d = d.with_label(label.clone());
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_match_whole_words_only() {
        let re = Regex::new(&whole_words("TODO")).unwrap_or_else(|e| panic!("{e}"));
        assert!(re.is_match("TODO: write"));
        assert!(!re.is_match("TODOS"));
        assert!(!re.is_match("a TODO_LIST"));
        let re = Regex::new(&whole_words("lorem ipsum")).unwrap_or_else(|e| panic!("{e}"));
        assert!(re.is_match("lorem ipsum dolor"));
        assert!(!re.is_match("loremipsum"));
        assert!(re.is_match("lorem\n ipsum"));
    }

    #[test]
    fn scope_values() {
        assert_eq!(Scope::parse("body"), Ok(Scope::Body));
        assert_eq!(
            Scope::parse("field:title"),
            Ok(Scope::Field("title".into()))
        );
        assert!(Scope::parse("field:").is_err());
        assert!(Scope::parse("everywhere").is_err());
    }

    #[test]
    fn needs_something_to_look_for() {
        assert!(Existence::new(Params::default(), Source::User).is_err());
    }
}
