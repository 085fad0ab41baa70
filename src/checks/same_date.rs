//! Reports a site whose event reports all carry the same `date` (three or more reports).
//!
//! Why: events happen on different days. When every report has the date of the template it
//! was copied from, the dates are wrong, the reports sort arbitrarily, and a date mentioned
//! in the body no longer matches anything.
//!
//! Example of a finding (every report of the site):
//!
//! ```text
//! date: 2025-09-09
//! ```
//!
//! Fix: give each report the date of its event.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::summary::Summary;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// How many reports must share the date before it is a finding.
    #[serde(default = "three")]
    pub min_reports: usize,
}

fn three() -> usize {
    3
}

impl Default for Params {
    fn default() -> Self {
        Params { min_reports: 3 }
    }
}

pub struct SameDate {
    min_reports: usize,
}

impl SameDate {
    pub fn new(params: Params) -> Result<Self, String> {
        Ok(SameDate {
            min_reports: params.min_reports.max(2),
        })
    }
}

/// The calendar day a date value names (its first ten characters).
fn day(value: &str) -> &str {
    value.get(..10).unwrap_or(value)
}

impl Check for SameDate {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        // Twins share their date legitimately: compare one language at a time.
        let mut by_lang: BTreeMap<&str, Vec<&Summary>> = BTreeMap::new();
        for page in ctx.reports() {
            by_lang.entry(page.lang).or_default().push(page);
        }
        for pages in by_lang.values() {
            let dates: Vec<_> = pages.iter().filter_map(|p| p.field("date")).collect();
            if dates.len() < self.min_reports || dates.len() != pages.len() {
                continue;
            }
            let first = day(dates[0].0);
            if !dates.iter().all(|(d, _)| day(d) == first) {
                continue;
            }
            let count = dates.len().to_string();
            for page in pages {
                if let Some((_, span)) = page.field("date") {
                    out.push(
                        ctx.diag(&page.path, span, &[("date", first), ("count", &count)])
                            .with_label(format!("every report of this site is dated {first}")),
                    );
                }
            }
        }
    }
}
