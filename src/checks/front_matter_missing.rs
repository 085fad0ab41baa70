//! Reports a page that has no front matter at all.
//!
//! Why: without front matter Hugo builds the page with no title, no date and no weight, so it
//! shows up unnamed and out of order in the menu. Every event report needs at least a title
//! and a date.
//!
//! Example of a finding:
//!
//! ```text
//! # AWS Community Day
//! ...
//! ```
//!
//! Fix: start the file with a YAML block:
//!
//! ```text
//! ---
//! title: "AWS Community Day"
//! date: 2025-09-09
//! ---
//! ```

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::FrontMatterState;
use crate::span::Span;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct FrontMatterMissing;

impl FrontMatterMissing {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(FrontMatterMissing)
    }
}

impl Check for FrontMatterMissing {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        if !matches!(ctx.doc.front_matter, FrontMatterState::Missing) {
            return;
        }
        let text = &ctx.doc.text;
        let start = ctx.doc.body_start;
        let first_line = text[start..]
            .find(['\r', '\n'])
            .unwrap_or(text.len() - start);
        out.push(
            ctx.diag(Span::new(start, start + first_line), &[])
                .with_label("front matter should start here"),
        );
    }
}
