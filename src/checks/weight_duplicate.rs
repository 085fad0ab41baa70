//! Reports sibling reports (same section, same language) that share a `weight`.
//!
//! Why: the learn theme orders a section's menu by `weight`; with a tie it falls back to
//! date and title, so the order of the tied reports is not the one intended and may change
//! when a date is edited. Copying a report's folder and forgetting to bump its weight is the
//! usual cause.
//!
//! Example of a finding:
//!
//! ```text
//! 4.2-Event2/_index.md:  weight: 2
//! 4.3-Event3/_index.md:  weight: 2
//! ```
//!
//! Fix: give each report its own weight (its number in the section: `weight: 3`).

use std::borrow::Cow;
use std::path::Path;

use serde::Deserialize;

use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::hash::FastMap;
use crate::path_key::path_key;
use crate::report::display_path;
use crate::summary::Summary;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct WeightDuplicate;

impl WeightDuplicate {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(WeightDuplicate)
    }
}

/// The folder whose children are siblings in the menu: for a bundle (`x/_index.md`,
/// `x/index.md`) the folder above the bundle, for a plain page its own folder.
pub fn menu_parent(path: &Path) -> &Path {
    let parent = path.parent().unwrap_or(Path::new(""));
    let stem = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if stem.starts_with("_index.") || stem.starts_with("index.") {
        parent.parent().unwrap_or(Path::new(""))
    } else {
        parent
    }
}

/// Siblings that share a weight: the menu parent's key (see `path_key`), the language and
/// the weight as written.
type Siblings<'a> = FastMap<(Cow<'a, [u8]>, &'a str, &'a str), Vec<&'a Summary>>;

impl Check for WeightDuplicate {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        // Hashed by the parent's bytes (see `path_key`); a page lands in one group only, so
        // the order the groups are visited in does not show in the findings.
        let mut groups = Siblings::default();
        for page in ctx.reports() {
            let Some((weight, _)) = page.field("weight") else {
                continue;
            };
            if weight == "0" {
                continue; // 0 means unset to Hugo
            }
            groups
                .entry((path_key(menu_parent(&page.path)), page.lang, weight))
                .or_default()
                .push(page);
        }
        for ((_, _, weight), mut pages) in groups {
            if pages.len() < 2 {
                continue;
            }
            pages.sort_by(|a, b| a.path.cmp(&b.path));
            // Siblings share their menu parent: the path below it says which one.
            let parent = menu_parent(&pages[0].path);
            let first = pages[0].path.strip_prefix(parent).map_or_else(
                |_| display_path(&pages[0].path),
                |p| p.display().to_string(),
            );
            for page in &pages[1..] {
                let Some((_, span)) = page.field("weight") else {
                    continue;
                };
                out.push(
                    ctx.diag(&page.path, span, &[("weight", weight), ("other", &first)])
                        .with_label(format!("also the weight of {first}")),
                );
            }
        }
    }
}
