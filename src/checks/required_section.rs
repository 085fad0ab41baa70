//! Reports a required section that a report does not have: objectives, speakers, highlights,
//! takeaways, application, experience, photos.
//!
//! Why: these are what an event report is for; a report without its takeaways or photos is
//! incomplete, and Hugo builds it anyway without a word. Real reports name each section in
//! dozens of ways (`Event Objectives`, `Purpose of the Event`, `Program Goals`, `Mục Đích Của
//! Sự Kiện`), so sections are recognised by the words that carry the meaning, in English and
//! Vietnamese, on headings of levels 2–4; the speakers and photos sections may also be a bold
//! label such as `**Speakers:**`. The vocabulary is the pack's (`sections:` in
//! `rules/_pack.yaml`, shared with the checks that look inside a section). The finding points
//! where the section should have been: at the heading of the next required section that is
//! present, or after the previous one.
//!
//! Example of a finding (no takeaways):
//!
//! ```text
//! ## Key Highlights
//! ...
//! ## Applying to Work
//! ```
//!
//! Fix: add `## Key Takeaways` (or `## Bài học rút ra`) with what you learned.
//!
//! Parameters: `required`, the names of the pack's sections that every report must have.

use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::span::Span;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    pub required: Vec<String>,
}

pub struct RequiredSection {
    required: Vec<String>,
}

impl RequiredSection {
    pub fn new(params: Params) -> Result<Self, String> {
        Ok(RequiredSection {
            required: params.required,
        })
    }
}

impl Check for RequiredSection {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let sections = &ctx.pack.sections;
        let specs = sections.specs();
        // Required sections in the pack's order, with where each one is.
        let wanted: Vec<(usize, Option<Span>)> = specs
            .iter()
            .enumerate()
            .filter(|(_, s)| self.required.contains(&s.name))
            .map(|(i, _)| (i, ctx.sections.get(i).map(|s| s.heading)))
            .collect();
        for (pos, &(i, at)) in wanted.iter().enumerate() {
            if at.is_some() {
                continue;
            }
            let label = &specs[i].label;
            let after = wanted[pos + 1..].iter().find_map(|(_, s)| *s);
            let before = wanted[..pos].iter().rev().find_map(|(_, s)| *s);
            let (span, text) = match (after, before) {
                (Some(next), _) => (next, format!("expected the {label} section before this")),
                (None, Some(prev)) => {
                    (prev, format!("expected the {label} section after this one"))
                }
                (None, None) => match doc.h1() {
                    Some(h1) => (
                        h1.span,
                        format!("expected a {label} section in this report"),
                    ),
                    None => (
                        Span::point(doc.body_start),
                        format!("expected a {label} section"),
                    ),
                },
            };
            out.push(
                ctx.diag(
                    span,
                    &[
                        ("section", label),
                        ("name", &specs[i].name),
                        ("example", label),
                    ],
                )
                .with_label(text),
            );
        }
    }
}
