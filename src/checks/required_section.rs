//! Reports a required section that a report does not have: objectives, speakers, highlights,
//! takeaways, application, experience, photos.
//!
//! Why: these are what an event report is for; a report without its takeaways or photos is
//! incomplete, and Hugo builds it anyway without a word. Real reports name each section in
//! dozens of ways (`Event Objectives`, `Purpose of the Event`, `Program Goals`, `Mục Đích Của
//! Sự Kiện`), so sections are recognised by the words that carry the meaning (see the
//! `keywords` of each section in the rule file), in English and Vietnamese, on headings of
//! the configured levels (2–4 by default). The speakers section may also be a bold label
//! such as `**Speakers:**`. The finding points where the section should have been: at the
//! heading of the next required section that is present.
//!
//! Example of a finding (no takeaways):
//!
//!     ## Key Highlights
//!     ...
//!     ## Applying to Work
//!
//! Fix: add `## Key Takeaways` (or `## Bài học rút ra`) with what you learned.
//!
//! Parameters: `levels` (heading levels searched), `label-sections` (sections that may be a
//! bold label instead of a heading), `sections` (each with `name`, `label`, `keywords`,
//! optional `exclude`).

use serde::Deserialize;

use super::section_matcher::{SectionMatcher, SectionSpec};
use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::span::Span;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub levels: Vec<u8>,
    #[serde(default)]
    pub label_sections: Vec<String>,
    pub sections: Vec<SectionSpec>,
}

pub struct RequiredSection {
    levels: Vec<u8>,
    label_sections: Vec<usize>,
    matcher: SectionMatcher,
}

impl RequiredSection {
    pub fn new(params: Params) -> Result<Self, String> {
        let mut label_sections = Vec::new();
        for name in &params.label_sections {
            let index = params
                .sections
                .iter()
                .position(|s| &s.name == name)
                .ok_or_else(|| format!("`label-sections` names unknown section `{name}`"))?;
            label_sections.push(index);
        }
        Ok(RequiredSection {
            levels: params.levels,
            label_sections,
            matcher: SectionMatcher::new(params.sections)?,
        })
    }

    /// Where each section is, by spec index: the span of its heading or label.
    pub fn locate(&self, doc: &Document) -> Vec<Option<Span>> {
        let mut found: Vec<Option<Span>> = vec![None; self.matcher.specs().len()];
        for h in &doc.body.headings {
            if !self.levels.contains(&h.level) {
                continue;
            }
            // A combined heading ("Key Takeaways and Application") covers both sections.
            for i in self.matcher.classify_all(&h.text) {
                found[i].get_or_insert(h.span);
            }
        }
        for lead in &doc.body.bold_leads {
            let rest = doc
                .text
                .get(lead.span.end..lead.paragraph.end)
                .unwrap_or("")
                .trim();
            let is_label = lead.text.trim_end().ends_with(':') || rest.is_empty() || rest == ":";
            if !is_label {
                continue;
            }
            if let Some(i) = self.matcher.classify(&lead.text) {
                if self.label_sections.contains(&i) {
                    found[i].get_or_insert(lead.span);
                }
            }
        }
        found
    }
}

impl Check for RequiredSection {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let found = self.locate(doc);
        let specs = self.matcher.specs();
        for (i, spec) in specs.iter().enumerate() {
            if found[i].is_some() {
                continue;
            }
            let after = found[i + 1..].iter().flatten().next();
            let before = found[..i].iter().flatten().last();
            let (span, label) = match (after, before) {
                (Some(&next), _) => (
                    next,
                    format!("expected the {} section before this", spec.label),
                ),
                (None, Some(&prev)) => (
                    prev,
                    format!("expected the {} section after this one", spec.label),
                ),
                (None, None) => match doc.h1() {
                    Some(h1) => (
                        h1.span,
                        format!("expected a {} section in this report", spec.label),
                    ),
                    None => (
                        Span::point(doc.body_start),
                        format!("expected a {} section", spec.label),
                    ),
                },
            };
            let example = spec.label.as_str();
            out.push(
                ctx.diag(
                    span,
                    &[
                        ("section", &spec.label),
                        ("name", &spec.name),
                        ("example", example),
                    ],
                )
                .with_label(label),
            );
        }
    }
}
