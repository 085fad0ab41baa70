//! Reports a heading whose whole text is bold or italic (`### **1. Building…**`).
//!
//! Why: a heading is already emphasised by the theme; wrapping it in `**` adds nothing on
//! the page but puts the asterisks into the table of contents, the anchor id and search
//! results. This is markdownlint's MD036 turned around: use a heading, not emphasis.
//!
//! Example of a finding:
//!
//! ```text
//! ### **1. Building a DevOps Foundation**
//! ```
//!
//! Fix: `### 1. Building a DevOps Foundation`.

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::body::Emphasis;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct HeadingEmphasis;

impl HeadingEmphasis {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(HeadingEmphasis)
    }
}

impl Check for HeadingEmphasis {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        for h in &ctx.doc.body.headings {
            let Some(emphasis) = h.emphasis else { continue };
            let style = match emphasis {
                Emphasis::Bold => "bold",
                Emphasis::Italic => "italic",
            };
            let fixed = format!("{} {}", "#".repeat(usize::from(h.level)), h.text);
            out.push(
                ctx.diag(h.span, &[("style", style), ("fixed", &fixed)])
                    .with_label(format!("the whole heading is {style}")),
            );
        }
    }
}
