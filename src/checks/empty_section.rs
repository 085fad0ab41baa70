//! Reports a heading followed by no content before the next heading of the same or a higher
//! level (or the end of the page).
//!
//! Why: an empty section is a promise the report does not keep — often a heading left from
//! the template, or parts written one level too high so that they no longer belong to it.
//! Horizontal rules and HTML comments are not content.
//!
//! Example of a finding:
//!
//! ```text
//! ### Key Highlights
//!
//! ### **1. Building a DevOps Foundation**
//! ```
//!
//! Fix: write the section, make its parts subsections (`####`), or remove the heading.

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct EmptySection;

impl EmptySection {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(EmptySection)
    }
}

impl Check for EmptySection {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let body = &ctx.doc.body;
        for (i, h) in body.headings.iter().enumerate() {
            let next = body.headings.get(i + 1);
            if next.is_some_and(|n| n.level > h.level) {
                continue; // it has subsections
            }
            let end = next.map_or(ctx.doc.text.len(), |n| n.span.start);
            let first = body.content_starts.partition_point(|&s| s < h.span.end);
            let has_content = body.content_starts.get(first).is_some_and(|&s| s < end);
            if has_content {
                continue;
            }
            let mut d = ctx
                .diag(h.span, &[("heading", &h.text)])
                .with_label("no content under this heading");
            if let Some(n) = next {
                d = d.with_secondary(n.span, "the next heading at the same level or higher");
            }
            out.push(d);
        }
    }
}
