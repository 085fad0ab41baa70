//! Reports a front matter key that a report must have but does not.
//!
//! Why: without `title` the menu entry is blank; without `date` Hugo dates the page
//! 0001-01-01 and sorts it wrongly; without `weight` the learn theme orders reports by date
//! and title, not by their number. The finding points where the key should be added: the
//! closing delimiter of the front matter.
//!
//! Example of a finding (no `date`):
//!
//! ```text
//! ---
//! title: "Event 2"
//! weight: 2
//! ---
//! ```
//!
//! Fix: add the key: `date: 2025-09-09`.
//!
//! Parameters: `fields`, a list of `{name, severity}`; `severity` overrides the rule's own
//! for that field (the default pack reports a missing `weight` as a warning).

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Format;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub fields: Vec<FieldSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    /// An example value for the help text.
    #[serde(default)]
    pub example: Option<String>,
}

pub struct RequiredField {
    fields: Vec<FieldSpec>,
}

impl RequiredField {
    pub fn new(params: Params) -> Result<Self, String> {
        Ok(RequiredField {
            fields: params.fields,
        })
    }
}

impl Check for RequiredField {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let Some(fm) = ctx.doc.fm() else { return };
        for field in &self.fields {
            if fm.get(&field.name).is_some() {
                continue;
            }
            let example = field.example.as_deref().unwrap_or("…");
            let assign = match fm.format {
                Format::Yaml => format!("{}: {example}", field.name),
                Format::Toml => format!("{} = {example}", field.name),
                Format::Json => format!("\"{}\": {example}", field.name),
            };
            let mut d = ctx
                .diag(
                    ctx.doc.fm_insert_point(),
                    &[("field", &field.name), ("assign", &assign)],
                )
                .with_label(format!("add `{}` before this line", field.name));
            if let Some(severity) = field.severity {
                d.severity = severity;
            }
            out.push(d);
        }
    }
}
