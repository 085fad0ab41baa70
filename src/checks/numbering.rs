//! Reports a report whose numbers disagree: the folder `N.k-…`, the `weight`, the `pre`
//! number `N.k.` and a title `Event k` should all say the same k (and the `pre` the same N).
//!
//! Why: in learn-theme sites the folder orders the URL, `weight` orders the menu and `pre`
//! prints the number in front of the menu entry. When they disagree the menu shows "4.4."
//! for the third report, or lists the reports out of order. The folder is taken as the
//! truth (it is the page's URL); the finding points at the first value that disagrees.
//!
//! Example of a finding (in folder `4.3-Event3/`):
//!
//! ```text
//! weight: 4
//! pre: "<b> 4.4. </b>"
//! ```
//!
//! Fix: `weight: 3` and `pre: "<b> 4.3. </b>"`.

use std::sync::LazyLock;

use regex_automata::meta::Regex;
use serde::Deserialize;

use super::{Check, Ctx};
use crate::diagnostic::Diagnostic;
use crate::document::ValueKind;
use crate::rules::patterns::{self, Build};
use crate::span::Span;

// A folder name, `pre` and a title are short: built light (see `rules::patterns`).
static FOLDER: LazyLock<Regex> =
    LazyLock::new(|| Build::Short.builtin(r"^(\d+)\.(\d+)(?:[-_ .]|$)"));
static PRE: LazyLock<Regex> =
    LazyLock::new(|| Build::Short.builtin(r"(?:^|[^\d.])(\d+)\.(\d+)\.?(?:[^\d.]|$)"));
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Build::Short.builtin(r"(?i)^\s*(?:event|sự kiện|su kien)\s*#?\s*(\d+)\s*$"));

/// Build the kind's patterns ahead of their first use (see `checks::prepare`).
pub fn prepare() {
    for re in [&FOLDER, &PRE, &TITLE] {
        LazyLock::force(re);
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct Numbering;

impl Numbering {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(Numbering)
    }
}

/// The `N.k` of the folder holding a report (`4.2-Event2/_index.md`, or `4.2-x.md`).
fn folder_number(path: &std::path::Path) -> Option<(u32, u32, String)> {
    let stem = path.file_stem()?.to_str()?;
    let name = if stem.starts_with("_index") || stem.starts_with("index") {
        path.parent()?.file_name()?.to_str()?
    } else {
        stem
    };
    let c = patterns::captures(&FOLDER, name)?;
    Some((
        c.get(1)?.parse().ok()?,
        c.get(2)?.parse().ok()?,
        name.to_string(),
    ))
}

impl Check for Numbering {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let Some(fm) = doc.fm() else { return };
        let Some((section, k, folder)) = folder_number(&doc.path) else {
            return;
        };
        // (what, the value as written, its span)
        let mut wrong: Vec<(String, Span)> = Vec::new();
        if let Some(field) = fm.get("weight")
            && let ValueKind::Int(w) = field.value.kind
            && w != i64::from(k)
        {
            wrong.push((format!("`weight: {w}`"), field.value.span));
        }
        if let Some((pre, span)) = doc.fm_str("pre")
            && let Some(c) = patterns::captures(&PRE, pre)
        {
            let number = |i| c.get(i).and_then(|n: &str| n.parse().ok()).unwrap_or(0);
            let (n, j): (u32, u32) = (number(1), number(2));
            if (n, j) != (section, k) {
                wrong.push((format!("the `pre` number {n}.{j}."), span));
            }
        }
        if let Some((title, span)) = doc.fm_str("title")
            && let Some(c) = patterns::captures(&TITLE, title)
        {
            let j: u32 = c.get(1).and_then(|n| n.parse().ok()).unwrap_or(0);
            if j != k {
                wrong.push((format!("the title `{}`", title.trim()), span));
            }
        }
        let Some((first, span)) = wrong.first().cloned() else {
            return;
        };
        let expected = format!("{section}.{k}");
        let mut d = ctx
            .diag(
                span,
                &[
                    ("folder", &folder),
                    ("found", &first),
                    ("expected", &expected),
                    ("k", &k.to_string()),
                ],
            )
            .with_label(format!("the folder `{folder}` says {expected}"));
        for (what, span) in wrong.iter().skip(1) {
            d = d.with_secondary(*span, format!("{what} disagrees too"));
        }
        out.push(d);
    }
}
