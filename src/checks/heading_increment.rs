//! Reports a heading more than one level deeper than the heading before it (H1 → H3).
//!
//! Why: the outline (the table of contents, screen readers, the learn theme's page menu)
//! gets a hole: `### Program Goals` right under the `#` title belongs to no `##` section.
//! This is markdownlint's MD001.
//!
//! Example of a finding:
//!
//! ```text
//! # Event Takeaways: DevOps on AWS
//! ### Program Goals
//! ```
//!
//! Fix: `## Program Goals`.

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct HeadingIncrement;

impl HeadingIncrement {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(HeadingIncrement)
    }
}

impl Check for HeadingIncrement {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        for pair in ctx.doc.body.headings.windows(2) {
            let (prev, h) = (&pair[0], &pair[1]);
            if h.level > prev.level + 1 {
                let expected = "#".repeat(usize::from(prev.level) + 1);
                let found = "#".repeat(usize::from(h.level));
                out.push(
                    ctx.diag(
                        h.span,
                        &[
                            ("expected", &expected),
                            ("found", &found),
                            ("level", &h.level.to_string()),
                            ("previous", &prev.level.to_string()),
                        ],
                    )
                    .with_label(format!("H{} after an H{}", h.level, prev.level))
                    .with_secondary(prev.span, "the previous heading"),
                );
            }
        }
    }
}
