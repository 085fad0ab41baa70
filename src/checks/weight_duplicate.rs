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

use std::hash::Hasher;
use std::path::Path;

use serde::Deserialize;

use super::groups::groups;
use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::hash::{FastHasher, hash_bytes, mix};
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

/// A hash of [`menu_parent`] as [`path_key`] spells it: equal for siblings. Made for each
/// report while it is linted ([`Summary::menu_hash`]).
pub fn menu_hash(path: &Path) -> u64 {
    hash_bytes(&path_key(menu_parent(path)))
}

impl Check for WeightDuplicate {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        let pages: Vec<&Summary> = ctx.reports().collect();
        // Siblings that share a weight: the menu parent, the language and the weight as
        // written. Grouped by a hash of the three; the key itself only for the pages whose
        // hashes agree.
        let mut keyed = Vec::new();
        for (i, page) in pages.iter().enumerate() {
            let Some((weight, _)) = page.field("weight") else {
                continue;
            };
            if weight == "0" {
                continue; // 0 means unset to Hugo
            }
            let mut h = FastHasher::default();
            h.write_u64(page.menu_hash());
            h.write(page.lang.as_bytes());
            h.write(weight.as_bytes());
            keyed.push((mix(h.finish()), i));
        }
        let key = |i: usize| {
            let page = pages[i];
            let weight = page.field("weight").map(|(w, _)| w);
            (path_key(menu_parent(&page.path)), page.lang, weight)
        };
        for group in groups(keyed, key) {
            // In path order, as the pages come.
            let first_page = pages[group[0]];
            let Some((weight, _)) = first_page.field("weight") else {
                continue;
            };
            // Siblings share their menu parent: the path below it says which one.
            let parent = menu_parent(&first_page.path);
            let first = first_page.path.strip_prefix(parent).map_or_else(
                |_| display_path(&first_page.path),
                |p| p.display().to_string(),
            );
            for &i in &group[1..] {
                let page = pages[i];
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
