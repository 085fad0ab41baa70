//! Reports a link in an event section's list page (`content/4-EventParticipated/_index.md`)
//! to a report folder or page that does not exist.
//!
//! Why: the list page is how readers reach the reports. A report renamed or renumbered
//! (`4.3-Event3` → `4.4-Event4`) leaves its old link behind, and Hugo builds the dead link
//! without a word. Folders are matched without regard to case, as Hugo lower-cases URLs.
//!
//! Example of a finding:
//!
//! ```text
//! - [Event 4](4.4-Event4/)      ← there is no content/4-EventParticipated/4.4-Event4/
//! ```
//!
//! Fix: link the folder that exists, or remove the link.

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct SectionIndexLink;

impl SectionIndexLink {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(SectionIndexLink)
    }
}

/// The entry of `dir` named `name` compared without case, if any.
fn entry_ignoring_case(dir: &Path, name: &str) -> Option<PathBuf> {
    let exact = dir.join(name);
    if exact.exists() {
        return Some(exact);
    }
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().eq_ignore_ascii_case(name))
        .map(|e| e.path())
}

/// Does a link from the list page in `section` reach content that exists?
fn resolves(section: &Path, content_dir: Option<&Path>, link: &str) -> bool {
    let path = link
        .split(['#', '?'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/');
    if path.is_empty() {
        return true;
    }
    let (mut dir, rest) = match (path.strip_prefix('/'), content_dir) {
        (Some(rest), Some(content)) => (content.to_path_buf(), rest),
        (Some(_), None) => return true, // cannot tell without the site
        (None, _) => (section.to_path_buf(), path),
    };
    let parts: Vec<Component> = Path::new(rest).components().collect();
    for (i, part) in parts.iter().enumerate() {
        match part {
            Component::Normal(name) => {
                let name = name.to_string_lossy();
                let last = i == parts.len() - 1;
                match entry_ignoring_case(&dir, &name) {
                    Some(found) => dir = found,
                    // A page `x.md` is served at `x/`.
                    None if last => {
                        return entry_ignoring_case(&dir, &format!("{name}.md")).is_some();
                    }
                    None => return false,
                }
            }
            Component::ParentDir => {
                dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
            }
            _ => {}
        }
    }
    dir.exists()
}

fn is_local(dest: &str) -> bool {
    !(dest.contains("://")
        || dest.starts_with("mailto:")
        || dest.starts_with('#')
        || dest.starts_with("{{")
        || dest.starts_with("//"))
}

impl Check for SectionIndexLink {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        for page in ctx.pages.iter().filter(|p| p.is_section_index) {
            let Some(section) = page.path.parent() else {
                continue;
            };
            let content_dir = ctx.site.and_then(|s| s.content_dir_of(&page.path));
            for (dest, span) in page.links() {
                if !is_local(dest) || resolves(section, content_dir, dest) {
                    continue;
                }
                out.push(
                    ctx.diag(&page.path, span, &[("link", dest)])
                        .with_label("no report at this path"),
                );
            }
        }
    }
}
