//! Suppressions written in a page: markdownlint's comment family in the body
//! (`<!-- eventlint-disable [ids] -->`, `enable`, `disable-line`, `disable-next-line`,
//! `disable-file`) and YAML/TOML comments in the front matter
//! (`# eventlint-disable-next-line [ids]`, `# eventlint-disable-file [ids]`). Without ids a
//! suppression covers every rule. A suppression that silenced nothing, or names an unknown
//! rule, is itself a finding (`unused-suppression`).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::document::front_matter::comment_lines;
use crate::span::{LineIndex, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Directive {
    Disable,
    Enable,
    DisableLine,
    DisableNextLine,
    DisableFile,
}

#[derive(Debug, Clone)]
pub struct Suppression {
    /// The comment.
    pub span: Span,
    pub directive: Directive,
    /// Rule ids; empty means every rule.
    pub ids: Vec<String>,
}

impl Suppression {
    #[cfg(test)]
    fn covers(&self, rule: &str) -> bool {
        self.ids.is_empty() || self.ids.iter().any(|id| id == rule)
    }
}

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*eventlint-(disable-next-line|disable-line|disable-file|disable|enable)(?:\s+([^\n]*?))?\s*$")
        .unwrap_or_else(|e| unreachable!("{e}"))
});

fn parse(span: Span, comment: &str) -> Option<Suppression> {
    let c = DIRECTIVE.captures(comment)?;
    let directive = match &c[1] {
        "disable" => Directive::Disable,
        "enable" => Directive::Enable,
        "disable-line" => Directive::DisableLine,
        "disable-next-line" => Directive::DisableNextLine,
        _ => Directive::DisableFile,
    };
    let ids = c
        .get(2)
        .map(|m| {
            m.as_str()
                .split(|ch: char| ch.is_whitespace() || ch == ',')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some(Suppression {
        span,
        directive,
        ids,
    })
}

/// The suppressions of a page, in order.
pub fn scan(doc: &Document) -> Vec<Suppression> {
    let mut out = Vec::new();
    if let Some(block) = &doc.block {
        for (span, text) in comment_lines(&doc.text, block) {
            out.extend(parse(span, &text));
        }
    }
    for (span, text) in &doc.body.comments {
        out.extend(parse(*span, text));
    }
    out
}

/// Drop the findings the suppressions cover; add `unused-suppression` findings for the
/// suppressions that covered nothing or name unknown rules (when that rule is on).
pub fn apply(
    text: &str,
    suppressions: &[Suppression],
    diagnostics: Vec<Diagnostic>,
    known: &dyn Fn(&str) -> bool,
    unused: Option<Severity>,
) -> Vec<Diagnostic> {
    if suppressions.is_empty() {
        return diagnostics;
    }
    let index = LineIndex::new(text);
    let line = |at: usize| {
        let at = at.min(text.len());
        index.starts().partition_point(|&s| s <= at).max(1)
    };
    let lines: Vec<usize> = suppressions.iter().map(|s| line(s.span.start)).collect();
    let cover = Cover::new(suppressions, &lines);
    let mut used = vec![false; suppressions.len()];
    let mut kept = Vec::new();
    for d in diagnostics {
        let at = line(d.span.start);
        let by = cover.fixed(d.rule, at);
        let active = cover.active(d.rule, at);
        match by.or(active) {
            Some(i) => used[i] = true,
            None => kept.push(d),
        }
    }
    let Some(severity) = unused else {
        return kept;
    };
    for (i, s) in suppressions.iter().enumerate() {
        let unknown: Vec<&str> = s
            .ids
            .iter()
            .map(String::as_str)
            .filter(|id| !known(id))
            .collect();
        let message = if !unknown.is_empty() {
            format!(
                "this suppression names unknown rule(s): {}",
                unknown.join(", ")
            )
        } else if !used[i] && s.directive != Directive::Enable {
            "this suppression silenced nothing".to_string()
        } else {
            continue;
        };
        kept.push(
            Diagnostic::new(UNUSED, severity, s.span, message)
                .with_label("remove it, or fix the rule ids")
                .with_help("`eventlint rules` lists the rule ids"),
        );
    }
    kept
}

/// The suppressions indexed for lookups per finding, so that a page with thousands of both
/// costs O((findings + suppressions) · log) rather than their product. Answers exactly what
/// a scan of every suppression in order would.
struct Cover<'a> {
    /// First suppression (lowest index) fixed to a line (`disable-line` on it,
    /// `disable-next-line` above it; line 0 for `disable-file`), by rule id (`None`: all).
    fixed: HashMap<(usize, Option<&'a str>), usize>,
    /// `disable`/`enable` by rule id (`None`: all): (line, index, is disable) sorted by line,
    /// with the entry of the highest index at or before each position (the last one a scan
    /// in order would apply).
    ranges: HashMap<Option<&'a str>, Vec<RangeEvent>>,
}

/// A `disable` or `enable`: its line, and (its index, whether it disables).
type RangeEvent = (usize, (usize, bool));

impl<'a> Cover<'a> {
    fn new(suppressions: &'a [Suppression], lines: &[usize]) -> Self {
        let mut fixed = HashMap::new();
        let mut ranges: HashMap<Option<&str>, Vec<RangeEvent>> = HashMap::new();
        for (i, s) in suppressions.iter().enumerate() {
            let ids: Vec<Option<&str>> = if s.ids.is_empty() {
                vec![None]
            } else {
                s.ids.iter().map(|id| Some(id.as_str())).collect()
            };
            for id in ids {
                let line = match s.directive {
                    Directive::DisableFile => Some(0),
                    Directive::DisableLine => Some(lines[i]),
                    Directive::DisableNextLine => Some(lines[i] + 1),
                    Directive::Disable | Directive::Enable => None,
                };
                match line {
                    Some(line) => {
                        fixed.entry((line, id)).or_insert(i);
                    }
                    None => ranges
                        .entry(id)
                        .or_default()
                        .push((lines[i], (i, s.directive == Directive::Disable))),
                }
            }
        }
        for events in ranges.values_mut() {
            events.sort_by_key(|&(line, (i, _))| (line, i));
            let mut best: Option<(usize, bool)> = None;
            for (_, event) in events.iter_mut() {
                let b = match best {
                    Some(b) if b.0 > event.0 => b,
                    _ => *event,
                };
                *event = b;
                best = Some(b);
            }
        }
        Cover { fixed, ranges }
    }

    /// The first fixed suppression covering `rule` at `line`.
    fn fixed(&self, rule: &str, line: usize) -> Option<usize> {
        [(0, Some(rule)), (0, None), (line, Some(rule)), (line, None)]
            .iter()
            .filter_map(|key| self.fixed.get(key).copied())
            .min()
    }

    /// The `disable` in force for `rule` at `line`, if the last range directive before it
    /// is one.
    fn active(&self, rule: &str, line: usize) -> Option<usize> {
        let last = |id: Option<&str>| {
            let events = self.ranges.get(&id)?;
            let n = events.partition_point(|&(l, _)| l <= line);
            n.checked_sub(1).map(|k| events[k].1)
        };
        let (i, disable) = match (last(Some(rule)), last(None)) {
            (Some(a), Some(b)) => a.max(b),
            (a, b) => a.or(b)?,
        };
        disable.then_some(i)
    }
}

/// The rule id of findings about suppressions.
pub const UNUSED: &str = "unused-suppression";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str, rules: &[(&str, usize)]) -> Vec<(&'static str, usize)> {
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        let sups = scan(&doc);
        let index = LineIndex::new(text);
        let diags = rules
            .iter()
            .map(|(rule, line)| {
                let at = index.line_start(*line).unwrap_or(0);
                Diagnostic::new(rule, Severity::Warning, Span::new(at, at + 1), "m")
            })
            .collect();
        let known = |id: &str| ["a", "b", "c"].contains(&id);
        apply(text, &sups, diags, &known, Some(Severity::Warning))
            .into_iter()
            .map(|d| (d.rule, index.line_col(text, d.span.start).0))
            .collect()
    }

    /// The lookups answer what scanning every suppression in order answers.
    #[test]
    fn cover_matches_a_scan_of_every_suppression() {
        let scan = |sups: &[Suppression], lines: &[usize], rule: &str, at: usize| {
            let (mut by, mut active) = (None, None);
            for (i, s) in sups.iter().enumerate() {
                if !s.covers(rule) {
                    continue;
                }
                match s.directive {
                    Directive::DisableFile => by = by.or(Some(i)),
                    Directive::DisableLine if lines[i] == at => by = by.or(Some(i)),
                    Directive::DisableNextLine if lines[i] + 1 == at => by = by.or(Some(i)),
                    Directive::Disable if lines[i] <= at => active = Some(i),
                    Directive::Enable if lines[i] <= at => active = None,
                    _ => {}
                }
            }
            by.or(active)
        };
        let directives = [
            Directive::Disable,
            Directive::Enable,
            Directive::DisableLine,
            Directive::DisableNextLine,
            Directive::DisableFile,
        ];
        let mut seed: u64 = 7;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            usize::try_from((seed >> 33) % n).unwrap_or(0)
        };
        for _ in 0..300 {
            let count = next(12);
            let sups: Vec<Suppression> = (0..count)
                .map(|_| Suppression {
                    span: Span::default(),
                    directive: directives[next(5)],
                    ids: (0..next(3))
                        .map(|_| ["a", "b"][next(2)].to_string())
                        .collect(),
                })
                .collect();
            // Lines mostly in order, sometimes not (front matter, then body).
            let lines: Vec<usize> = (0..count).map(|_| 1 + next(8)).collect();
            let cover = Cover::new(&sups, &lines);
            for rule in ["a", "b", "c"] {
                for at in 1..11 {
                    let want = scan(&sups, &lines, rule, at);
                    let got = cover.fixed(rule, at).or(cover.active(rule, at));
                    assert_eq!(got, want, "{rule}@{at}: {sups:?} at {lines:?}");
                }
            }
        }
    }

    #[test]
    fn each_body_form() {
        let text = "# T\n\n<!-- eventlint-disable-next-line a -->\nx\n\ny <!-- eventlint-disable-line b -->\n\n<!-- eventlint-disable c -->\n\nz\n\n<!-- eventlint-enable c -->\n\nw\n";
        // a@4 silenced (next line), b@6 silenced (same line), c@10 silenced (range), c@14 kept.
        let got = run(text, &[("a", 4), ("b", 6), ("c", 10), ("c", 14), ("a", 14)]);
        assert_eq!(got, vec![("c", 14), ("a", 14)]);
    }

    #[test]
    fn disable_file_and_front_matter_comments() {
        let text = "---\n# eventlint-disable-next-line a\ntitle: x\n# eventlint-disable-file b\n---\n\ntext\n";
        let got = run(text, &[("a", 3), ("b", 7), ("a", 7)]);
        assert_eq!(got, vec![("a", 7)]);
    }

    #[test]
    fn unused_and_unknown_suppressions_are_reported() {
        let text =
            "<!-- eventlint-disable-next-line a -->\nx\n<!-- eventlint-disable-file nope -->\n";
        let got = run(text, &[]);
        assert_eq!(
            got,
            vec![("unused-suppression", 1), ("unused-suppression", 3)]
        );
    }
}
