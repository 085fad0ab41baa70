//! The report sections a page has: where each declared section (objectives, speakers, …)
//! starts and what text it spans. The vocabulary is the pack's (`rules/_pack.yaml`,
//! `sections:`); it is located once per page and shared by every check that needs it.

pub mod matcher;

use serde::Deserialize;

use crate::document::Document;
use crate::span::Span;
use matcher::{SectionMatcher, SectionSpec};

/// The pack's `sections:` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SectionsFile {
    /// Heading levels a section heading may have (the H1 names the event, not a section).
    pub levels: Vec<u8>,
    /// Sections that may also be a bold label (`**Speakers:**`) instead of a heading.
    #[serde(default)]
    pub label_sections: Vec<String>,
    pub list: Vec<SectionSpec>,
}

/// The compiled vocabulary.
pub struct Sections {
    levels: Vec<u8>,
    label_sections: Vec<usize>,
    matcher: SectionMatcher,
}

/// One section found in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// Index of its spec in the pack's list.
    pub spec: usize,
    /// The heading (or bold label) that opens it.
    pub heading: Span,
    /// Its heading level; 0 for a bold label.
    pub level: u8,
    /// From the end of the heading to the next heading of the same or a higher level (for a
    /// label: to the next heading), or the end of the page.
    pub body: Span,
}

/// Where each declared section is in one page, by spec index (the first occurrence).
#[derive(Debug, Default, Clone)]
pub struct SectionMap {
    pub found: Vec<Option<Section>>,
}

impl SectionMap {
    pub fn get(&self, spec: usize) -> Option<&Section> {
        self.found.get(spec).and_then(Option::as_ref)
    }
}

impl Sections {
    pub fn new(file: SectionsFile) -> Result<Self, String> {
        let mut label_sections = Vec::new();
        for name in &file.label_sections {
            let index = file
                .list
                .iter()
                .position(|s| &s.name == name)
                .ok_or_else(|| format!("`label-sections` names unknown section `{name}`"))?;
            label_sections.push(index);
        }
        Ok(Sections {
            levels: file.levels,
            label_sections,
            matcher: SectionMatcher::new(file.list)?,
        })
    }

    pub fn specs(&self) -> &[SectionSpec] {
        self.matcher.specs()
    }

    /// The index of the section named `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.specs().iter().position(|s| s.name == name)
    }

    pub fn matcher(&self) -> &SectionMatcher {
        &self.matcher
    }

    /// Find the sections of a page.
    pub fn locate(&self, doc: &Document) -> SectionMap {
        let headings = &doc.body.headings;
        let end_of = |i: usize, level: u8| {
            headings[i + 1..]
                .iter()
                .find(|h| h.level <= level)
                .map_or(doc.text.len(), |h| h.span.start)
        };
        let mut found: Vec<Option<Section>> = vec![None; self.specs().len()];
        let mut named = Vec::new();
        for (i, h) in headings.iter().enumerate() {
            if !self.levels.contains(&h.level) {
                continue;
            }
            // A combined heading ("Key Takeaways and Application") opens every section it names.
            self.matcher.classify_all_into(&h.text, &mut named);
            for &spec in &named {
                found[spec].get_or_insert(Section {
                    spec,
                    heading: h.span,
                    level: h.level,
                    body: Span::new(h.span.end, end_of(i, h.level)),
                });
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
            let Some(spec) = self.matcher.classify(&lead.text) else {
                continue;
            };
            if !self.label_sections.contains(&spec) || found[spec].is_some() {
                continue;
            }
            let next = headings
                .iter()
                .find(|h| h.span.start > lead.span.end)
                .map_or(doc.text.len(), |h| h.span.start);
            found[spec] = Some(Section {
                spec,
                heading: lead.span,
                level: 0,
                body: Span::new(lead.span.end, next),
            });
        }
        SectionMap { found }
    }
}
