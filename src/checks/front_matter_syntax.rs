//! Reports front matter that Hugo cannot read: YAML, TOML or JSON that does not parse, a
//! block that is never closed, or a key written twice.
//!
//! Why: Hugo fails the whole site build on such a page, and its message names the file but
//! not the line. Hugo's YAML parser rejects duplicate keys, so a pasted second `date:` breaks
//! the build too.
//!
//! Example of a finding:
//!
//! ```text
//! ---
//! title: "Event 2
//! date: 2025-09-09
//! ---
//! ```
//!
//! Fix: close the quote (`title: "Event 2"`), and close the block with a `---` line.

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::FrontMatterState;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct FrontMatterSyntax;

impl FrontMatterSyntax {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(FrontMatterSyntax)
    }
}

impl Check for FrontMatterSyntax {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let error = match &ctx.doc.front_matter {
            FrontMatterState::Broken(e) | FrontMatterState::Unclosed(e) => e,
            _ => return,
        };
        let mut d = ctx
            .diag(error.span, &[("error", &error.message)])
            .with_label(error.message.clone());
        if let Some(help) = &error.help {
            d = d.with_help(help.clone());
        }
        out.push(d);
    }

    fn runs_when_unclosed(&self) -> bool {
        true
    }
}
