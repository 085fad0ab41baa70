//! Reports two reports of one site (in one language) that describe the same event: their H1
//! names the same event, or their bodies are nearly the same text.
//!
//! Why: a report copied to start the next one and never rewritten, or one event written up
//! twice, leaves the site with a duplicate page and an event missing. The finding is on the
//! later report (by path) and names the earlier one.
//!
//! Example of a finding:
//!
//! ```text
//! 4.2-Event2/_index.md:  # Event Takeaways: "AWS Cloud Mastery Series #2 – DevOps on AWS"
//! 4.3-Event3/_index.md:  # Summary Report: AWS Cloud Mastery Series #2 – DevOps on AWS
//! ```
//!
//! Fix: if they are two events, name each by its own title; if one, remove a report.
//!
//! Parameters: `similarity` (0–1, default 0.8), the share of the bodies' fingerprints that
//! must agree for "nearly the same text".

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::document::event_name;
use crate::report::display_path;
use crate::summary::Summary;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_similarity")]
    pub similarity: f64,
}

fn default_similarity() -> f64 {
    0.8
}

impl Default for Params {
    fn default() -> Self {
        Params {
            similarity: default_similarity(),
        }
    }
}

pub struct DuplicateEvent {
    similarity: f64,
}

impl DuplicateEvent {
    pub fn new(params: Params) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&params.similarity) {
            return Err("`similarity` must be between 0 and 1".into());
        }
        Ok(DuplicateEvent {
            similarity: params.similarity,
        })
    }
}

/// An event name for comparison: lower-case words only.
fn key(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

impl Check for DuplicateEvent {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        let mut by_lang: BTreeMap<&str, Vec<&Summary>> = BTreeMap::new();
        for page in ctx.reports() {
            by_lang.entry(page.lang.as_str()).or_default().push(page);
        }
        for pages in by_lang.values_mut() {
            pages.sort_by(|a, b| a.path.cmp(&b.path));
            let names: Vec<Option<String>> = pages
                .iter()
                .map(|p| {
                    p.h1.as_ref()
                        .map(|(h, _)| key(&event_name(h)))
                        .filter(|k| k.len() >= 8)
                })
                .collect();
            for (j, later) in pages.iter().enumerate() {
                let earlier = (0..j).find(|&i| {
                    let same_name = names[i].is_some() && names[i] == names[j];
                    same_name || pages[i].similarity(later) >= self.similarity
                });
                let Some(i) = earlier else { continue };
                // Within a site, the path below its content dir is enough to find the page.
                let other = ctx
                    .site
                    .and_then(|site| site.content_dir_of(&pages[i].path))
                    .and_then(|dir| {
                        std::path::absolute(&pages[i].path).ok().and_then(|abs| {
                            abs.strip_prefix(dir).ok().map(|p| p.display().to_string())
                        })
                    })
                    .unwrap_or_else(|| display_path(&pages[i].path));
                let span = later
                    .h1
                    .as_ref()
                    .map(|(_, s)| *s)
                    .or(later.front_matter)
                    .unwrap_or_default();
                let why = if names[i].is_some() && names[i] == names[j] {
                    "names the same event"
                } else {
                    "has nearly the same text"
                };
                let event = later
                    .h1
                    .as_ref()
                    .map(|(h, _)| event_name(h))
                    .unwrap_or_default();
                out.push(
                    ctx.diag(
                        &later.path,
                        span,
                        &[("other", &other), ("why", why), ("event", &event)],
                    )
                    .with_label(format!("{why} as {other}")),
                );
            }
        }
    }
}
