//! Reports a front matter date (`date`, `publishDate`, `lastmod`, `expiryDate`, …) that Hugo
//! cannot parse.
//!
//! Why: Hugo tries a fixed list of Go layouts (`2006-01-02`, RFC 3339, `2006-01-02 15:04:05`,
//! …) and fails the whole build on the first page whose date fits none of them, with a
//! message that names the file but no line. eventlint runs the same layouts, in the same
//! order, with Go's rules (fixed digit widths, real calendar dates, no surrounding spaces).
//!
//! Example of a finding:
//!
//! ```text
//! date: 09/09/2025
//! ```
//!
//! Fix: `date: 2025-09-09` (the help shows the nearest valid form when it can tell).
//!
//! Parameters: `fields`, the keys holding dates (compared case-insensitively, as in Hugo).

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::ValueKind;
use crate::hugo::date;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub fields: Vec<String>,
}

pub struct DateFormat {
    fields: Vec<String>,
}

impl DateFormat {
    pub fn new(params: Params) -> Result<Self, String> {
        Ok(DateFormat {
            fields: params.fields,
        })
    }
}

impl Check for DateFormat {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = ctx.doc.fm() else { return };
        for name in &self.fields {
            let Some(field) = fm.get(name) else { continue };
            let (value, problem) = match &field.value.kind {
                // Unset: Hugo treats null and "" as no date.
                ValueKind::Null | ValueKind::Int(_) | ValueKind::Datetime(_) => continue,
                ValueKind::Str { text, .. } if text.is_empty() => continue,
                ValueKind::Str { text, .. } => match date::parse(text) {
                    Ok(_) => continue,
                    Err(_) => (text.clone(), "matches none of Hugo's date layouts"),
                },
                ValueKind::Bool(b) => (b.to_string(), "is a boolean, not a date"),
                ValueKind::Float(f) => (f.to_string(), "is a number with a fraction, not a date"),
                ValueKind::List(_) | ValueKind::Map(_) => {
                    (String::new(), "is a list or map, not a date")
                }
            };
            let mut d = ctx
                .diag(
                    field.value.span,
                    &[
                        ("field", &field.key),
                        ("value", &value),
                        ("problem", problem),
                    ],
                )
                .with_label(problem);
            if let Some(suggested) = date::suggest(&value) {
                d = d.with_help(format!(
                    "write `{}: {suggested}` (Hugo reads YYYY-MM-DD, optionally with a time)",
                    field.key
                ));
            }
            out.push(d);
        }
    }
}
