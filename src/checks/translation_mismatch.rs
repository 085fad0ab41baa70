//! Reports translations of a report (`x.md` / `x.vi.md` / `x.en.md`) that disagree: a
//! different `date`, `weight` or `pre`, a different set of images; a twin byte-identical to
//! its sibling (never translated); a Vietnamese twin whose title is still the English
//! `Event N`.
//!
//! Why: Hugo pairs files with the same path and base name as translations of one page. The
//! language switcher jumps between them, so twins should describe the same event on the
//! same date, sit at the same place in the menu and show the same photos. A twin that is a
//! copy of its sibling shows English text under the Vietnamese flag.
//!
//! Example of a finding (`_index.vi.md` beside `_index.md`):
//!
//! ```text
//! _index.md:     date: 2025-09-09     weight: 2
//! _index.vi.md:  date: 2025-09-10     weight: 3
//! ```
//!
//! Fix: make the twin's front matter match, translate what was copied.
//!
//! Parameters: `fields` (front matter keys compared), `untranslated-titles` (a map from a
//! language to a pattern that a title in that language should not match).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::hash::Hasher;
use std::path::Path;

use regex_automata::meta::Regex;
use serde::Deserialize;

use super::groups::groups;
use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::hash::{FastHasher, mix};
use crate::path_key::path_key;
use crate::report::display_path;
use crate::rules::patterns;
use crate::span::Span;
use crate::summary::Summary;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub fields: Vec<String>,
    #[serde(default)]
    pub untranslated_titles: BTreeMap<String, String>,
}

pub struct TranslationMismatch {
    fields: Vec<String>,
    untranslated_titles: Vec<(String, Regex)>,
}

impl TranslationMismatch {
    pub fn new(params: Params) -> Result<Self, String> {
        let mut untranslated_titles = Vec::new();
        for (lang, pattern) in params.untranslated_titles {
            // Matched against a title: built light (see `rules::patterns`).
            let re = patterns::small(&format!("(?i)^(?:{pattern})$"))
                .map_err(|e| format!("invalid pattern for `{lang}`: {e}"))?;
            untranslated_titles.push((lang.to_lowercase(), re));
        }
        Ok(TranslationMismatch {
            fields: params.fields.iter().map(|f| f.to_lowercase()).collect(),
            untranslated_titles,
        })
    }
}

/// Translations share their folder and the part of the file name before the language.
fn twin_key(path: &Path) -> (Cow<'_, [u8]>, &str) {
    let dir = path_key(path.parent().unwrap_or(Path::new("")));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let base = name.split('.').next().unwrap_or(name);
    (dir, base)
}

/// A hash of what translations share (their folder, and the file name before the
/// language): equal for translations. Made for each report while it is linted
/// ([`Summary::twin_hash`]).
pub fn twin_hash(path: &Path) -> u64 {
    let (dir, base) = twin_key(path);
    let mut h = FastHasher::default();
    h.write(&dir);
    h.write_usize(dir.len());
    h.write(base.as_bytes());
    mix(h.finish())
}

fn normalized(field: &str, value: &str) -> String {
    let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if field == "date" {
        collapsed.get(..10).unwrap_or(&collapsed).to_string()
    } else {
        collapsed
    }
}

fn where_in(page: &Summary) -> Span {
    page.front_matter
        .or(page.h1().map(|h| h.1))
        .unwrap_or_default()
}

impl Check for TranslationMismatch {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        let default_lang = ctx.site.map_or("en", |s| s.default_language.as_str());
        for page in ctx.reports() {
            // Most pages' language has no pattern: their title is not looked up.
            let mut patterns = self
                .untranslated_titles
                .iter()
                .filter(|(lang, _)| page.lang == lang.as_str())
                .peekable();
            if patterns.peek().is_none() {
                continue;
            }
            let Some((title, span)) = page.field("title") else {
                continue;
            };
            for (_, re) in patterns {
                if re.is_match(title.trim()) {
                    let problem = format!("still has the untranslated title `{}`", title.trim());
                    out.push(
                        ctx.diag(&page.path, span, &[("problem", &problem), ("other", "")])
                            .with_label("not translated"),
                    );
                }
            }
        }
        // Grouped by the hash of each report's twin key; the key itself only for the pages
        // whose hashes agree.
        let reports: Vec<&Summary> = ctx.reports().collect();
        let keyed = reports
            .iter()
            .enumerate()
            .map(|(i, p)| (p.twin_hash(), i))
            .collect();
        for group in groups(keyed, |i| twin_key(&reports[i].path)) {
            let mut pages: Vec<&Summary> = group.iter().map(|&i| reports[i]).collect();
            // The default language's page is the reference; the others are compared to it
            // (each kind in path order, as the pages come).
            pages.sort_by_key(|p| p.lang != default_lang);
            let (reference, others) = (pages[0], &pages[1..]);
            // Twins share a folder: the file name says which one.
            let other_name = reference.path.file_name().map_or_else(
                || display_path(&reference.path),
                |n| n.to_string_lossy().into_owned(),
            );
            for twin in others {
                if twin.lang == reference.lang {
                    continue;
                }
                if twin.text_hash == reference.text_hash {
                    let problem =
                        format!("is a byte-for-byte copy of {other_name}: it was never translated");
                    out.push(
                        ctx.diag(
                            &twin.path,
                            where_in(twin),
                            &[("problem", &problem), ("other", &other_name)],
                        )
                        .with_label("identical to its sibling"),
                    );
                    continue;
                }
                for field in &self.fields {
                    let mine = twin.field(field);
                    let theirs = reference.field(field);
                    // Most twins agree as written: nothing to normalize.
                    if let (Some((a, _)), Some((b, _))) = (mine, theirs)
                        && a == b
                    {
                        continue;
                    }
                    let (a, b) = (
                        mine.map(|(v, _)| normalized(field, v)),
                        theirs.map(|(v, _)| normalized(field, v)),
                    );
                    if a == b {
                        continue;
                    }
                    let problem = format!(
                        "has `{field}` {} but {other_name} has {}",
                        a.as_deref()
                            .map_or("unset".to_string(), |v| format!("`{v}`")),
                        b.as_deref()
                            .map_or("none".to_string(), |v| format!("`{v}`")),
                    );
                    let span = mine.map_or(where_in(twin), |(_, s)| s);
                    out.push(
                        ctx.diag(
                            &twin.path,
                            span,
                            &[("problem", &problem), ("other", &other_name)],
                        )
                        .with_label(format!("differs from {other_name}")),
                    );
                }
                let set = |p: &Summary| {
                    p.images()
                        .map(|i| i.dest.to_string())
                        .collect::<BTreeSet<_>>()
                };
                // The same images in the same order (most twins) are the same set.
                if twin
                    .images()
                    .map(|i| i.dest)
                    .eq(reference.images().map(|i| i.dest))
                {
                    continue;
                }
                let (mine, theirs) = (set(twin), set(reference));
                if mine != theirs {
                    let missing: Vec<_> = theirs.difference(&mine).cloned().collect();
                    let extra: Vec<_> = mine.difference(&theirs).cloned().collect();
                    let span = twin
                        .images()
                        .find(|i| extra.iter().any(|e| e == i.dest))
                        .map(|i| i.span)
                        .unwrap_or_else(|| where_in(twin));
                    let mut parts = Vec::new();
                    if !missing.is_empty() {
                        parts.push(format!("lacks {}", missing.join(", ")));
                    }
                    if !extra.is_empty() {
                        parts.push(format!("adds {}", extra.join(", ")));
                    }
                    let problem = format!(
                        "shows other images than {other_name}: it {}",
                        parts.join(" and ")
                    );
                    out.push(
                        ctx.diag(
                            &twin.path,
                            span,
                            &[("problem", &problem), ("other", &other_name)],
                        )
                        .with_label("a different set of images"),
                    );
                }
            }
        }
    }
}
