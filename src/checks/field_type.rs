//! Reports a front matter value of the wrong type, or an empty one.
//!
//! Why: the learn theme sorts by `weight` as a number, tests `chapter` as a boolean and
//! prints `title` as text. A quoted `weight: "2"`, `chapter: "false"` (a non-empty string, so
//! true in templates) or an empty `title:` builds without a word from Hugo and shows up wrong.
//!
//! Example of a finding:
//!
//! ```text
//! ---
//! title: ""
//! weight: "2"
//! chapter: "false"
//! ---
//! ```
//!
//! Fix: `title: "AWS Community Day"`, `weight: 2`, `chapter: false`.
//!
//! Parameters: `fields`, a map from key to type: `text` (a non-empty string), `string`,
//! `integer`, `boolean`, `list` or `map`. Keys compare case-insensitively, as in Hugo.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::ValueKind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Type {
    Text,
    String,
    Integer,
    Boolean,
    List,
    Map,
}

impl Type {
    fn describe(self) -> &'static str {
        match self {
            Type::Text => "a non-empty string",
            Type::String => "a string",
            Type::Integer => "an integer",
            Type::Boolean => "a boolean (`true` or `false`)",
            Type::List => "a list",
            Type::Map => "a map",
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub fields: BTreeMap<String, Type>,
}

pub struct FieldType {
    fields: BTreeMap<String, Type>,
}

impl FieldType {
    pub fn new(params: Params) -> Result<Self, String> {
        Ok(FieldType {
            fields: params.fields,
        })
    }
}

/// What a value is, in words, for the message.
fn found(kind: &ValueKind) -> &'static str {
    match kind {
        ValueKind::Null => "an empty value",
        ValueKind::Bool(_) => "a boolean",
        ValueKind::Int(_) => "an integer",
        ValueKind::Float(_) => "a number with a fraction",
        ValueKind::Str { text, .. } if text.trim().is_empty() => "an empty string",
        ValueKind::Str { .. } => "a string",
        ValueKind::Datetime(_) => "a date",
        ValueKind::List(_) => "a list",
        ValueKind::Map(_) => "a map",
    }
}

fn matches(expected: Type, kind: &ValueKind) -> bool {
    match (expected, kind) {
        (Type::Text, ValueKind::Str { text, .. }) => !text.trim().is_empty(),
        (Type::String, ValueKind::Str { .. }) => true,
        (Type::Integer, ValueKind::Int(_)) => true,
        (Type::Boolean, ValueKind::Bool(_)) => true,
        (Type::List, ValueKind::List(_)) => true,
        (Type::Map, ValueKind::Map(_)) => true,
        _ => false,
    }
}

/// The value written the right way, when that is obvious.
fn suggestion(expected: Type, kind: &ValueKind) -> Option<String> {
    let ValueKind::Str { text, .. } = kind else {
        return None;
    };
    let t = text.trim();
    match expected {
        Type::Integer if t.parse::<i64>().is_ok() => Some(t.to_string()),
        Type::Boolean if t.eq_ignore_ascii_case("true") || t.eq_ignore_ascii_case("false") => {
            Some(t.to_ascii_lowercase())
        }
        _ => None,
    }
}

impl Check for FieldType {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = ctx.doc.fm() else { return };
        for (name, &expected) in &self.fields {
            let Some(field) = fm.get(name) else { continue };
            let kind = &field.value.kind;
            if matches(expected, kind) {
                continue;
            }
            let mut d = ctx
                .diag(
                    field.value.span,
                    &[
                        ("field", &field.key),
                        ("expected", expected.describe()),
                        ("found", found(kind)),
                    ],
                )
                .with_label(format!("{} here", found(kind)));
            if field.value.span.is_empty() {
                d.span = field.key_span;
            }
            if let Some(fixed) = suggestion(expected, kind) {
                d = d.with_help(format!("write it without quotes: `{fixed}`"));
            }
            out.push(d);
        }
    }
}
