//! Checks the speaker list of a report's speakers section. One kind, five problems; the rule
//! chooses which one it reports with `report:`.
//!
//! The section is the pack's `speakers` section (`## Speakers`, `### Danh Sách Diễn Giả`,
//! `**Speakers:**`, …); a report without one is `required-section`'s business. Its entries
//! are parsed once by `speaker_list.rs` into name, separator and role: `- **Name** – Role`,
//! `- **Name**: Role`, `- **Name:** Role`, `- Name - Role`, `- Name, Role`,
//! `- **Name** (Role)`, a bold label over a nested list, a table with a `Speaker` column, or
//! whole-bold paragraphs (`**1. Mr. X - Data Engineer**`) with details below them.
//!
//! - `report: empty` — the section lists nobody: no entry and no text at all. A section
//!   written as prose (`The session was led by Mr. X, CTO of Y.`) is not reported: it does
//!   tell the reader who spoke; turning it into a list is a style choice, and names cannot be
//!   read out of free text without guessing.
//! - `report: format` — an entry with no name (`- – CTO`), a plain-text entry that is not a
//!   name (`- Speakers and mentors from the community`), or a name with no role
//!   (`- Nguyen Van Hai`).
//! - `report: separator` — one list whose entries separate name and role with different
//!   marks (`–`, `-`, `:`; the `separators:` parameter lists the ones compared). The finding
//!   points at the separators that differ from the one most entries use (on a tie, the one
//!   used first), and its help names that one.
//! - `report: duplicate` — the same person listed twice: names compared without case,
//!   accents, parenthesised parts (`Mendel Grabski (Long)`) and leading titles (`Mr.`,
//!   `Ms.`, `Dr.`, `Anh`, `Chị`, …, the `titles:` parameter). Entries naming a team or
//!   several people are compared whole.
//! - `report: placeholder` — a name or role left from a template: `Speaker 1`, `Name`,
//!   `Nguyễn Văn A`, `TBD`, `Role`, or one made only of punctuation (`???`). The
//!   `name-patterns:` and `role-patterns:` parameters are regular expressions matched
//!   against the text lower-cased, without accents, punctuation or numbers (`Speaker 1` is
//!   matched as `speaker`). `Unidentified speaker` is an honest statement, not a leftover.
//!
//! Why: the speaker list is what readers scan to see who spoke; a list in three formats, a
//! name without a role, a person listed twice or `Speaker 1` left from the template looks
//! unfinished, and Hugo publishes it without a word.
//!
//! Example of findings:
//!
//! ```text
//! ## Speakers
//!
//! - **Truong Quang Tinh** - DevOps Engineer, TymeX
//! - **Bao Huynh** – AWS Community Builder
//! - **Speaker 2** – Cloud Engineer
//! - Thinh Nguyen
//! - **Bao Huynh** – AWS Community Builder
//! ```
//!
//! Fix: one format for every entry, `- **Name** – Role`; the real name instead of
//! `Speaker 2`; a role for Thinh Nguyen; Bao Huynh once.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::Arc;

use regex_automata::meta::Regex;
use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::speaker_list::{self, Entry, Part, Separator, SpeakerList};
use super::{Check, Ctx, Source};
use crate::diagnostic::Diagnostic;
use crate::rules::patterns::{self, Build, Deferred};
use crate::sections::matcher::{normalize, normalize_ascii_into};
use crate::span::Span;

/// Which problem of the speaker list a rule reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Report {
    Empty,
    Format,
    Separator,
    Duplicate,
    Placeholder,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    /// Which problem this rule reports.
    pub report: Option<Report>,
    /// `separator`: the separators compared (`–`, `—`, `-`, `:`, `,`, `|`, `(`).
    #[serde(default)]
    pub separators: Vec<String>,
    /// `duplicate`: titles dropped from the start of a name before comparing.
    #[serde(default)]
    pub titles: Vec<String>,
    /// `placeholder`: patterns of placeholder names.
    #[serde(default)]
    pub name_patterns: Vec<String>,
    /// `placeholder`: patterns of placeholder roles.
    #[serde(default)]
    pub role_patterns: Vec<String>,
}

pub struct Speakers {
    report: Report,
    separators: Vec<Separator>,
    titles: Vec<String>,
    /// `placeholder`: the name and role patterns, deferred for a built-in rule (see
    /// `rules::patterns::Deferred`).
    placeholders: Arc<Deferred<Placeholders>>,
}

struct Placeholders {
    names: Vec<Regex>,
    roles: Vec<Regex>,
}

impl Speakers {
    pub fn new(params: Params, source: Source) -> Result<Self, String> {
        let report = params.report.ok_or(
            "`report` is required: one of empty, format, separator, duplicate, placeholder",
        )?;
        let only = |given: bool, key: &str, wanted: Report| {
            if given && report != wanted {
                Err(format!(
                    "`{key}` applies to `report: {}` only",
                    format!("{wanted:?}").to_lowercase()
                ))
            } else {
                Ok(())
            }
        };
        only(
            !params.separators.is_empty(),
            "separators",
            Report::Separator,
        )?;
        only(!params.titles.is_empty(), "titles", Report::Duplicate)?;
        only(
            !params.name_patterns.is_empty(),
            "name-patterns",
            Report::Placeholder,
        )?;
        only(
            !params.role_patterns.is_empty(),
            "role-patterns",
            Report::Placeholder,
        )?;
        let mut separators = Vec::new();
        for s in &params.separators {
            separators.push(Separator::parse(s).ok_or_else(|| {
                format!("unknown separator `{s}`; the separators are: – — - : , | (")
            })?);
        }
        if report == Report::Separator && separators.len() < 2 {
            return Err("`separators` must list at least two separators to compare".into());
        }
        // Each list one set (see `rules::patterns::any_of`), searched by the lazy DFA:
        // a site's speaker lists are matched name by name, thousands of times.
        let compile = |list: &[String]| {
            patterns::any_of(Build::Scanned, list, |p, e| {
                format!("invalid pattern `{p}`: {e}")
            })
        };
        let placeholders = match source {
            Source::User => Deferred::ready(Placeholders {
                names: compile(&params.name_patterns)?,
                roles: compile(&params.role_patterns)?,
            }),
            Source::Builtin => {
                let (names, roles) = (params.name_patterns, params.role_patterns);
                Deferred::new(move || {
                    let built = |list: &[String]| {
                        compile(list).unwrap_or_else(|e| unreachable!("a built-in rule: {e}"))
                    };
                    Placeholders {
                        names: built(&names),
                        roles: built(&roles),
                    }
                })
            }
        };
        Ok(Speakers {
            report,
            separators,
            titles: params.titles.iter().map(|t| fold(t)).collect(),
            placeholders,
        })
    }
}

impl Check for Speakers {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let Some(section) = ctx
            .pack
            .sections
            .index("speakers")
            .and_then(|i| ctx.sections.get(i))
        else {
            return; // a missing section is required-section's finding
        };
        let list = ctx.derived.speakers(ctx.doc, section);
        match self.report {
            Report::Empty => {
                if list.entries.is_empty() && !list.has_prose {
                    out.push(
                        ctx.diag(section.heading, &[])
                            .with_label("no speaker listed under this heading"),
                    );
                }
            }
            Report::Format => format(ctx, list, out),
            Report::Separator => self.separator(ctx, list, out),
            Report::Duplicate => self.duplicate(ctx, list, out),
            Report::Placeholder => self.placeholder(ctx, list, out),
        }
    }
}

fn format(ctx: &Ctx<'_>, list: &SpeakerList, out: &mut Vec<Diagnostic>) {
    let page = ctx.doc.text.as_str();
    for entry in &list.entries {
        let (problem, label) = match (&entry.name, &entry.role) {
            (None, None) => ("no name", "an empty entry".to_string()),
            (None, Some(_)) => ("no name", "no name before the role".to_string()),
            (Some(name), _) if !entry.name_is_recognisable(page) => (
                "no recognisable name",
                format!("`{}` is not a name", shorten(name.text(page))),
            ),
            (Some(name), None) => (
                "no role",
                format!("no role after `{}`", shorten(name.text(page))),
            ),
            _ => continue,
        };
        let name = entry.name.as_ref().map_or("", |n| n.text(page));
        out.push(
            ctx.diag(entry.span, &[("problem", problem), ("name", name)])
                .with_label(label),
        );
    }
}

impl Speakers {
    fn separator(&self, ctx: &Ctx<'_>, list: &SpeakerList, out: &mut Vec<Diagnostic>) {
        // Per list, its separators in order of first use, each with its entries.
        let mut groups: BTreeMap<usize, Vec<(Separator, Vec<&Entry>)>> = BTreeMap::new();
        for entry in &list.entries {
            let Some((sep, _)) = entry.separator else {
                continue;
            };
            if !self.separators.contains(&sep) {
                continue;
            }
            let used = groups.entry(entry.group).or_default();
            match used.iter_mut().find(|(s, _)| *s == sep) {
                Some((_, entries)) => entries.push(entry),
                None => used.push((sep, vec![entry])),
            }
        }
        for used in groups.values().filter(|used| used.len() > 1) {
            let counts: Vec<usize> = used.iter().map(|(_, entries)| entries.len()).collect();
            let dominant = dominant(&counts);
            let (dom_sep, dom_entries) = &used[dominant];
            let mut minority: Vec<(Separator, Span)> = used
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != dominant)
                .flat_map(|(_, (sep, entries))| {
                    entries
                        .iter()
                        .filter_map(move |e| e.separator.map(|(_, span)| (*sep, span)))
                })
                .collect();
            minority.sort_by_key(|(_, span)| span.start);
            let Some(((first_sep, first_span), rest)) = minority.split_first() else {
                continue;
            };
            let summary = used
                .iter()
                .map(|(sep, entries)| format!("{} `{}`", entries_use(entries.len()), sep.as_str()))
                .collect::<Vec<_>>()
                .join(", ");
            let example = example_with(*dom_sep);
            let mut d = ctx
                .diag(
                    *first_span,
                    &[
                        ("counts", &summary),
                        ("dominant", dom_sep.as_str()),
                        ("found", first_sep.as_str()),
                        ("example", &example),
                    ],
                )
                .with_label(format!(
                    "`{}` here; {} `{}`",
                    first_sep.as_str(),
                    entries_use(dom_entries.len()),
                    dom_sep.as_str()
                ));
            for (sep, span) in rest {
                d = d.with_secondary(*span, format!("`{}` here", sep.as_str()));
            }
            out.push(d);
        }
    }

    fn duplicate(&self, ctx: &Ctx<'_>, list: &SpeakerList, out: &mut Vec<Diagnostic>) {
        let page = ctx.doc.text.as_str();
        // The keys written one after another into one string, then compared as slices of
        // it: no string per name. The map is sized once and hashes each key once.
        let mut keys = String::with_capacity(
            list.entries
                .iter()
                .filter_map(|e| e.name.as_ref())
                .map(|n| n.text(page).len())
                .sum(),
        );
        let mut named: Vec<(usize, usize, &Part)> = Vec::with_capacity(list.entries.len());
        for entry in &list.entries {
            let Some(name) = &entry.name else { continue };
            let start = keys.len();
            self.push_person_key(name.text(page), &mut keys);
            if keys.len() > start {
                named.push((start, keys.len(), name));
            }
        }
        let key =
            |&(start, end, _): &(usize, usize, &Part)| keys.get(start..end).unwrap_or_default();
        let named_keys: Vec<&str> = named.iter().map(key).collect();
        for (later, first) in repeats(&named_keys) {
            let (Some((_, _, name)), Some((_, _, first))) = (named.get(later), named.get(first))
            else {
                continue;
            };
            out.push(
                ctx.diag(
                    name.span,
                    &[("name", name.text(page)), ("first", first.text(page))],
                )
                .with_label("listed again here")
                .with_secondary(first.span, "first listed here"),
            );
        }
    }

    #[cfg(test)]
    fn person_key(&self, name: &str) -> String {
        let mut key = String::new();
        self.push_person_key(name, &mut key);
        key
    }

    /// [`Self::person_key`] of `name` written at the end of `out`.
    fn push_person_key(&self, name: &str, out: &mut String) {
        let start = out.len();
        let plain = speaker_list::strip_parens(name);
        if plain.is_ascii() {
            fold_ascii_into(&plain, out);
        } else {
            out.push_str(&fold_any(&plain));
        }
        // The fold joins its words by single spaces: a leading title and its space are cut
        // off the string, with no vector of words to join again.
        let mut cut = 0;
        while let Some((first, _)) = out.get(start + cut..).and_then(|k| k.split_once(' '))
            && self.titles.iter().any(|t| t == first)
        {
            cut += first.len() + 1;
        }
        out.drain(start..start + cut);
    }

    fn placeholder(&self, ctx: &Ctx<'_>, list: &SpeakerList, out: &mut Vec<Diagnostic>) {
        let page = ctx.doc.text.as_str();
        let placeholders = self.placeholders.get();
        // One buffer for the list's ASCII texts (most names and roles), allocated once: an
        // ASCII text is no longer once normalised.
        let longest = list
            .entries
            .iter()
            .flat_map(|e| [&e.name, &e.role])
            .flatten()
            .map(|p| p.text(page).len())
            .max()
            .unwrap_or(0);
        let mut buffer = Vec::with_capacity(longest);
        for entry in &list.entries {
            let parts = [
                ("name", &entry.name, &placeholders.names),
                ("role", &entry.role, &placeholders.roles),
            ];
            for (what, part, patterns) in parts {
                let Some(part) = part else { continue };
                let text = part.text(page);
                let only_marks = !speaker_list::has_words(text);
                if only_marks || {
                    let plain = normalized(text, &mut buffer);
                    patterns.iter().any(|p| p.is_match(plain.as_ref()))
                } {
                    out.push(
                        ctx.diag(part.span, &[("text", text), ("part", what)])
                            .with_label("left from a template"),
                    );
                }
            }
        }
    }
}

/// Each key of `keys` that an earlier one equals, as (its index, the first such key's
/// index), in the order of the keys. By sorting the indices by key: a page lists a handful
/// of speakers, and hashing each key (SipHash, a map allocated per page) cost more than
/// the few comparisons of a sort, which allocates nothing more for a short list.
fn repeats(keys: &[&str]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    order.sort_unstable_by(|&a, &b| keys.get(a).cmp(&keys.get(b)).then(a.cmp(&b)));
    let mut found = Vec::new();
    for run in order.chunk_by(|&a, &b| keys.get(a) == keys.get(b)) {
        if let Some((&first, later)) = run.split_first() {
            found.extend(later.iter().map(|&i| (i, first)));
        }
    }
    found.sort_unstable();
    found
}

/// [`normalize`]d `text`, as bytes for the regex: an ASCII text into `buffer`, reused from one text to the next,
/// any other by [`normalize`] itself.
fn normalized<'b>(text: &str, buffer: &'b mut Vec<u8>) -> Cow<'b, [u8]> {
    if !text.is_ascii() {
        return Cow::Owned(normalize(text).into_bytes());
    }
    normalize_ascii_into(text, buffer);
    Cow::Borrowed(buffer.as_slice())
}

/// Lower case, without accents; punctuation turned into spaces. Unlike
/// [`normalize`], numbers are kept: `Speaker 1` and `Speaker 2` are two people.
fn fold(text: &str) -> String {
    if text.is_ascii() {
        return fold_ascii(text);
    }
    fold_any(text)
}

/// [`fold`] of an ASCII text (most names): no decomposition, no marks, one pass that
/// collapses the runs of spaces as it goes.
fn fold_ascii(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_ascii_into(text, &mut out);
    out
}

/// [`fold_ascii`] written at the end of `out`.
fn fold_ascii_into(text: &str, out: &mut String) {
    let start = out.len();
    out.reserve(text.len());
    // A space is written only before the next word, so none ends the text.
    let mut gap = false;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            if gap && out.len() > start {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            gap = true;
        }
    }
}

/// [`fold`] of any text.
fn fold_any(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => out.push(' '),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Which of the separators (counts in order of first use) most entries use; on a tie, the
/// first used.
fn dominant(counts: &[usize]) -> usize {
    let mut best = 0;
    for (i, &n) in counts.iter().enumerate() {
        if n > counts[best] {
            best = i;
        }
    }
    best
}

/// `3 entries use`, `1 entry uses`.
fn entries_use(n: usize) -> String {
    if n == 1 {
        "1 entry uses".to_string()
    } else {
        format!("{n} entries use")
    }
}

/// `- **Name** – Role` written with `sep`.
fn example_with(sep: Separator) -> String {
    match sep {
        Separator::Colon => "- **Name:** Role".to_string(),
        Separator::Comma => "- **Name**, Role".to_string(),
        Separator::Paren => "- **Name** (Role)".to_string(),
        other => format!("- **Name** {} Role", other.as_str()),
    }
}

fn shorten(text: &str) -> String {
    const MAX: usize = 40;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_folding_equals_the_general_one() {
        let texts = [
            "",
            " ",
            "Nguyen Van A",
            "  Dr.  Jane\tDoe, PhD ",
            "Speaker 1",
            "**Bold** (AWS) - Solutions Architect!!",
            "a--b__c",
            "...",
            "x",
            "ALL CAPS\n\nnext line",
            "CRLF\r\nline 12 34 x9 2025",
        ];
        for text in texts {
            assert_eq!(fold_ascii(text), fold_any(text), "{text:?}");
        }
        // And the general one still drops accents: the fast path is for ASCII only.
        assert_eq!(fold("Nguyễn Văn Đức"), "nguyen van duc");
    }

    #[test]
    fn normalized_equals_normalize() {
        let texts = [
            "",
            " ",
            "Speaker 1",
            "SPEAKER  2b",
            "N/A",
            "[Tên diễn giả]",
            "Nguyễn Văn A",
            "  Dr.  Jane\tDoe, PhD 2025 ",
            "12 34",
            "x9 9x 99",
            "Lorem-ipsum...dolor",
            "İstanbul ß",
            "CRLF\r\nline",
        ];
        let mut buffer = b"left over".to_vec();
        for text in texts {
            assert_eq!(
                normalized(text, &mut buffer).as_ref(),
                normalize(text).as_bytes(),
                "{text:?}"
            );
        }
        // The ASCII texts do take the buffer.
        assert!(matches!(
            normalized("Speaker 1", &mut buffer),
            Cow::Borrowed(b"speaker")
        ));
    }

    /// The sorted pairing against a map of the keys seen, over every list of up to six
    /// keys from four (every pattern of repeats), with accented and punctuated keys.
    #[test]
    fn repeats_are_those_a_map_of_first_keys_finds() {
        const KEYS: [&str; 4] = ["nguyen van hai", "bao huynh", "nguyễn văn hải", "a-b"];
        let lists = crate::test_inputs::every_sequence(&KEYS, 6);
        let mut found_any = false;
        for list in &lists {
            let mut first: std::collections::HashMap<&str, usize> = Default::default();
            let mut plain = Vec::new();
            for (i, key) in list.iter().enumerate() {
                match first.get(key) {
                    Some(&f) => plain.push((i, f)),
                    None => {
                        first.insert(key, i);
                    }
                }
            }
            found_any |= !plain.is_empty();
            assert_eq!(repeats(list), plain, "{list:?}");
        }
        assert!(found_any);
    }

    fn params(report: Report) -> Params {
        Params {
            report: Some(report),
            ..Params::default()
        }
    }

    #[test]
    fn names_compare_without_case_accents_titles_and_parentheses() {
        let check = Speakers::new(
            Params {
                titles: ["mr", "ms", "anh", "chị"].map(String::from).to_vec(),
                ..params(Report::Duplicate)
            },
            Source::User,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let key = |name: &str| check.person_key(name);
        assert_eq!(key("Mr. Bảo Huỳnh"), key("bao huynh"));
        assert_eq!(key("Chị My Nguyen"), key("MY NGUYỄN"));
        assert_eq!(key("Mendel Grabski (Long)"), key("Mendel Grabski"));
        assert_eq!(key("Mr.Toan Huynh"), "toan huynh");
        // A title alone is still a name; a given name is not a title.
        assert_eq!(key("Anh"), "anh");
        assert_ne!(key("Tran Duc Anh"), key("Tran Duc"));
        assert_ne!(key("Speaker 1"), key("Speaker 2"));
        // Several titles, a title in the middle, a title only, CRLF: as dropping words
        // from the split and joining the rest.
        for name in [
            "Mr. Ms. Anh Bảo",
            "Mr Mr",
            "Bảo Mr. Huỳnh",
            "Chị\r\nMy  Nguyen",
            "(Mr.) Anh",
            "",
            "mr.",
        ] {
            let plain = fold(&speaker_list::strip_parens(name));
            let mut words: Vec<&str> = plain.split_whitespace().collect();
            while words.len() > 1 && check.titles.iter().any(|t| t == words[0]) {
                words.remove(0);
            }
            assert_eq!(key(name), words.join(" "), "{name:?}");
        }
        assert_eq!(key("Mr. Ms. Anh Bảo"), "bao");
        // Written after other keys (as `duplicate` does), each key is the same.
        let names = [
            "Mr. Bảo Huỳnh",
            "",
            "  Dr. Jane",
            "mr.",
            "Mr Mr",
            "x",
            " Anh  Tú",
        ];
        let mut keys = String::from("x ");
        for name in names {
            let start = keys.len();
            check.push_person_key(name, &mut keys);
            assert_eq!(&keys[start..], key(name), "{name:?}");
        }
    }

    #[test]
    fn the_dominant_separator_is_the_most_used_then_the_first() {
        assert_eq!(dominant(&[2, 3]), 1);
        assert_eq!(dominant(&[3, 2]), 0);
        assert_eq!(dominant(&[2, 2, 1]), 0);
        assert_eq!(dominant(&[1, 2, 2]), 1);
    }

    #[test]
    fn params_are_checked() {
        let err = |p: Params| Speakers::new(p, Source::User).err().unwrap_or_default();
        assert!(err(Params::default()).contains("`report` is required"));
        assert!(
            err(Params {
                separators: vec!["–".into(), "~".into()],
                ..params(Report::Separator)
            })
            .contains("unknown separator `~`")
        );
        assert!(err(params(Report::Separator)).contains("at least two"));
        assert!(
            err(Params {
                titles: vec!["mr".into()],
                ..params(Report::Empty)
            })
            .contains("`titles` applies to `report: duplicate` only")
        );
        assert!(
            err(Params {
                name_patterns: vec!["(".into()],
                ..params(Report::Placeholder)
            })
            .contains("invalid pattern")
        );
    }
}
