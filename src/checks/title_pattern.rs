//! Reports a front matter title that is a placeholder (`Event 3`, `Sự kiện 3`) instead of the
//! event's name.
//!
//! Why: the title is what the menu, the browser tab and search results show. A list of
//! "Event 1 … Event 6" tells a reader nothing; the report's H1 usually names the event, and
//! the help suggests it.
//!
//! Example of a finding:
//!
//! ```text
//! title: "Event 2"
//! ...
//! # Event Takeaways: "AWS Cloud Mastery Series #2 – DevOps on AWS"
//! ```
//!
//! Fix: `title: "AWS Cloud Mastery Series #2 – DevOps on AWS"`.
//!
//! Parameters: `field` (default `title`), `patterns` (regular expressions matched against
//! the whole trimmed value; case-insensitive), `fallback-help` (the help when the body has no
//! H1 to suggest).

use std::sync::Arc;

use regex_automata::meta::Regex;
use serde::Deserialize;

use super::{Check, Ctx, Source};
use crate::diagnostic::Diagnostic;
use crate::document::event_name_in;
use crate::rules::patterns::{self, Deferred};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    #[serde(default)]
    pub field: Option<String>,
    pub patterns: Vec<String>,
    #[serde(default)]
    pub fallback_help: Option<String>,
}

pub struct TitlePattern {
    field: String,
    /// The patterns as one set, built light: a title is short (see `rules::patterns`);
    /// deferred for a built-in rule.
    patterns: Arc<Deferred<Regex>>,
    fallback_help: Option<String>,
}

impl TitlePattern {
    pub fn new(params: Params, source: Source) -> Result<Self, String> {
        let anchored: Vec<String> = params
            .patterns
            .iter()
            .map(|p| format!("(?i)^(?:{p})$"))
            .collect();
        let patterns = match source {
            Source::User => Deferred::ready(
                patterns::small_set(&anchored).map_err(|e| format!("invalid pattern: {e}"))?,
            ),
            Source::Builtin => Deferred::new(move || {
                patterns::small_set(&anchored)
                    .unwrap_or_else(|e| unreachable!("a built-in rule: {e}"))
            }),
        };
        Ok(TitlePattern {
            field: params.field.unwrap_or_else(|| "title".into()),
            patterns,
            fallback_help: params.fallback_help,
        })
    }
}

impl Check for TitlePattern {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let Some((title, span)) = ctx.doc.fm_str(&self.field) else {
            return;
        };
        if !self.patterns.get().is_match(title.trim()) {
            return;
        }
        let event = ctx.doc.h1().map(|h| event_name_in(&h.text));
        let mut d = ctx
            .diag(
                span,
                &[
                    ("field", &self.field),
                    ("title", title),
                    ("event", event.unwrap_or("")),
                ],
            )
            .with_label("a placeholder, not the event's name");
        match (&event, ctx.doc.h1()) {
            (Some(name), Some(h1)) if !name.is_empty() => {
                d = d.with_secondary(h1.span, "the H1 names the event");
            }
            _ => d.help = self.fallback_help.clone().map(Into::into),
        }
        out.push(d);
    }
}
