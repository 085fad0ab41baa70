//! Reports a second (third, …) H1 in the body.
//!
//! Why: a report has one title. A second `#` heading splits the page into two documents for
//! the outline and search, and usually is a section written one level too high. This is
//! markdownlint's MD025 (the front matter `title` is not counted: reports commonly repeat
//! the event name as their one H1).
//!
//! Example of a finding:
//!
//! ```text
//! # Summary Report: DevOps on AWS
//! ...
//! # Event details
//! ```
//!
//! Fix: `## Event details`.

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct SingleTitle;

impl SingleTitle {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(SingleTitle)
    }
}

impl Check for SingleTitle {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let mut h1s = ctx.doc.body.headings.iter().filter(|h| h.level == 1);
        let Some(first) = h1s.next() else { return };
        for h in h1s {
            out.push(
                ctx.diag(h.span, &[("heading", &h.text)])
                    .with_label("another H1")
                    .with_secondary(first.span, "the first H1"),
            );
        }
    }
}
