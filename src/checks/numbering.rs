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
    let (n, k) = folder_groups(name)?;
    Some((n.parse().ok()?, k.parse().ok()?, name.to_string()))
}

// The patterns' groups. Nearly every value is ASCII, where `\d` is `[0-9]` and the groups
// are read off the bytes, many times cheaper than the regex's capture search (a backtracker
// for each value of each page); other values get the regex. The tests hold the two to
// the same groups.

/// The groups of [`FOLDER`] in `name`.
fn folder_groups(name: &str) -> Option<(&str, &str)> {
    if !name.is_ascii() {
        let c = patterns::captures(&FOLDER, name)?;
        return Some((c.get(1)?, c.get(2)?));
    }
    let b = name.as_bytes();
    let n = digits_at(b, 0);
    if n == 0 || b.get(n) != Some(&b'.') {
        return None;
    }
    let k = digits_at(b, n + 1);
    match b.get(n + 1 + k) {
        _ if k == 0 => None,
        None | Some(b'-' | b'_' | b' ' | b'.') => Some((&name[..n], &name[n + 1..n + 1 + k])),
        Some(_) => None,
    }
}

/// The groups of [`PRE`]'s first match in `pre`: the first run of digits, at the start or
/// after a character that is neither a digit nor `.`, that is followed by `.`, digits, an
/// optional `.`, then the end or a character that is neither.
fn pre_groups(pre: &str) -> Option<(&str, &str)> {
    if !pre.is_ascii() {
        let c = patterns::captures(&PRE, pre)?;
        return Some((c.get(1)?, c.get(2)?));
    }
    let b = pre.as_bytes();
    let other = |i: usize| b.get(i).is_some_and(|c| !c.is_ascii_digit() && *c != b'.');
    (0..b.len()).find_map(|q| {
        if q > 0 && !other(q - 1) {
            return None;
        }
        let n = digits_at(b, q);
        if n == 0 || b.get(q + n) != Some(&b'.') {
            return None;
        }
        let k = digits_at(b, q + n + 1);
        let after = q + n + 1 + k;
        // After the digits: the end or another character, or `.` then the end or another.
        let ends = match b.get(after) {
            Some(b'.') => after + 1 == b.len() || other(after + 1),
            _ => true,
        };
        (k > 0 && ends).then(|| (&pre[q..q + n], &pre[q + n + 1..after]))
    })
}

/// The number in a placeholder title, as [`TITLE`] captures it.
fn title_group(title: &str) -> Option<&str> {
    // A match ends with a digit and white space: most titles are ruled out at once
    // (`char::is_numeric` takes in every `\d`, `char::is_whitespace` is `\s`).
    if !title.trim_end().ends_with(char::is_numeric) {
        return None;
    }
    if !title.is_ascii() {
        return patterns::captures(&TITLE, title)?.get(1);
    }
    let rest = title.trim_start();
    let prefix = ["event", "su kien"].iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
    })?;
    let rest = rest[prefix.len()..].trim_start();
    let rest = rest.strip_prefix('#').unwrap_or(rest).trim_start();
    let n = digits_at(rest.as_bytes(), 0);
    (n > 0 && rest[n..].trim_start().is_empty()).then(|| &rest[..n])
}

/// How many ASCII digits are in a row at `at`.
fn digits_at(b: &[u8], at: usize) -> usize {
    b.get(at..).map_or(0, |rest| {
        rest.iter().take_while(|c| c.is_ascii_digit()).count()
    })
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
            && let Some((n, j)) = pre_groups(pre)
        {
            let number = |n: &str| n.parse().unwrap_or(0);
            let (n, j): (u32, u32) = (number(n), number(j));
            if (n, j) != (section, k) {
                wrong.push((format!("the `pre` number {n}.{j}."), span));
            }
        }
        if let Some((title, span)) = doc.fm_str("title")
            && let Some(j) = title_group(title)
        {
            let j: u32 = j.parse().unwrap_or(0);
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

#[cfg(test)]
mod tests {
    use super::*;

    fn groups<'t>(re: &Regex, text: &'t str) -> Option<(&'t str, Option<&'t str>)> {
        let c = patterns::captures(re, text)?;
        Some((c.get(1)?, c.get(2)))
    }

    /// Every short string over the characters that matter, and some longer ones: the
    /// groups read off the bytes are the regex's.
    #[test]
    fn groups_read_off_the_bytes_are_the_regexes() {
        let alphabet = ['1', '2', '.', '-', ' ', '#', 'e', '\t'];
        let mut texts: Vec<String> = vec![String::new()];
        let mut last = texts.clone();
        for _ in 0..6 {
            last = last
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        let tails: Vec<String> = texts.iter().filter(|t| t.len() <= 4).cloned().collect();
        for head in [
            "", " ", "event", "Event", "EVENT", "su kien", "Su Kien", "sukien", "evnt",
        ] {
            texts.extend(tails.iter().map(|t| format!("{head}{t}")));
        }
        for t in [
            "\u{1f}Event 3",
            "Event 3\u{1c}",
            "4.2-Event2",
            "4.10_x",
            "4.2",
            "4.2.x",
            "04.002 y",
            "4.2x",
            "4.",
            ".4.2",
            "a4.2",
            " <b> 4.101. </b> ",
            "<b>4.4.</b>",
            "v1.2.3 4.5.",
            "1.2..3.4",
            "x1.2.3",
            "1.2.",
            "1.2.x",
            "Event 3",
            " event#12 ",
            "EVENT #  7\t",
            "Su Kien 4",
            "su  kien 4",
            "sukien 4",
            "Event 3 4",
            "Event",
            "Event x3",
            "\u{b}Event 3\u{c}",
            "event 3\r\n",
            "Sự kiện 5",
            "Event ٣",
            "Event 3\u{a0}",
            "4.٣-x",
            "<b> ٤.1. </b>",
        ] {
            texts.push(t.to_string());
        }
        let mut found = [0; 3];
        for t in &texts {
            let want = groups(&FOLDER, t).and_then(|(a, b)| Some((a, b?)));
            assert_eq!(folder_groups(t), want, "{t:?}");
            found[0] += usize::from(want.is_some());
            let want = groups(&PRE, t).and_then(|(a, b)| Some((a, b?)));
            assert_eq!(pre_groups(t), want, "{t:?}");
            found[1] += usize::from(want.is_some());
            let want = groups(&TITLE, t).map(|(a, _)| a);
            assert_eq!(title_group(t), want, "{t:?}");
            found[2] += usize::from(want.is_some());
        }
        assert!(found.iter().all(|&n| n > 100), "{found:?}");
    }
}
