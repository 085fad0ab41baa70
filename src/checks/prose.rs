//! The prose of a page: its text with everything that is not prose blanked out, for checks
//! that search the words a reader sees (dates, leftover template text, placeholders).
//! Not a check kind.
//!
//! Blanked (replaced by spaces, newlines kept, so every byte offset still points into the
//! file): the front matter, code blocks and code spans, HTML comments and tags (the text
//! between tags stays), link and image destinations, bare URLs, Hugo shortcode calls
//! (`{{< figure src="…" >}}`, `{{% notice %}}`) and blockquote markers. A date in an image path or a `TODO` in a
//! code sample is not something the report says.

use std::sync::LazyLock;

use regex::Regex;

use crate::document::Document;

static SHORTCODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)\{\{[<%].*?[%>]\}\}").unwrap_or_else(|e| unreachable!("{e}"))
});
/// Blockquote markers: `> ` at the start of a line is markup, and would split a phrase that
/// wraps onto the next quoted line.
static QUOTE_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:>[ \t]?)+").unwrap_or_else(|e| unreachable!("{e}"))
});
static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"https?://[^\s)\]>"'`]+"#).unwrap_or_else(|e| unreachable!("{e}"))
});

/// Build the patterns ahead of their first use (see `checks::prepare`).
pub fn prepare() {
    for re in [&SHORTCODE, &QUOTE_MARKER, &BARE_URL] {
        LazyLock::force(re);
    }
}

/// The page's text with everything but the body's prose replaced by spaces (same length,
/// same line breaks). Empty-bodied when the body is unknown.
pub fn prose(doc: &Document) -> String {
    let text = doc.text.as_str();
    let start = doc.body_start.min(text.len());
    let src = &text[start..];
    let mut masks: Vec<(usize, usize)> = Vec::with_capacity(doc.body.not_prose.len() + 1);
    masks.push((0, start));
    masks.extend(doc.body.not_prose.iter().map(|s| (s.start, s.end)));
    for re in [&*SHORTCODE, &*BARE_URL, &*QUOTE_MARKER] {
        masks.extend(
            re.find_iter(src)
                .map(|m| (start + m.start(), start + m.end())),
        );
    }
    blank(text, &masks)
}

/// `text` with the bytes of each range replaced by spaces (line breaks kept). Ranges that do
/// not fall on character boundaries are ignored, so the result is always valid UTF-8.
fn blank(text: &str, masks: &[(usize, usize)]) -> String {
    // The ranges that count, in order, those that overlap or touch merged: the text
    // between them is copied as it is, and each is written as spaces and line breaks,
    // so the result is built valid (no second pass over the page to check its UTF-8).
    let mut ranges: Vec<(usize, usize)> = masks
        .iter()
        .map(|&(s, e)| (s, e.min(text.len())))
        .filter(|&(s, e)| s < e && text.is_char_boundary(s) && text.is_char_boundary(e))
        .collect();
    ranges.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (s, e) in ranges {
        let s = s.max(copied);
        if s >= e {
            continue;
        }
        out.push_str(&text[copied..s]);
        push_blank(&mut out, &text.as_bytes()[s..e]);
        copied = e;
    }
    out.push_str(&text[copied..]);
    out
}

/// Spaces for the bytes of `masked`, its line breaks kept.
fn push_blank(out: &mut String, masked: &[u8]) {
    let mut from = 0;
    for at in memchr::memchr2_iter(b'\n', b'\r', masked) {
        push_spaces(out, at - from);
        out.push(char::from(masked[at]));
        from = at + 1;
    }
    push_spaces(out, masked.len() - from);
}

/// `n` spaces, a block at a time.
fn push_spaces(out: &mut String, mut n: usize) {
    const SPACES: &str = "                                                                ";
    while n > 0 {
        let take = n.min(SPACES.len());
        out.push_str(&SPACES[..take]);
        n -= take;
    }
}

/// [`blank`] as first written, the bytes of each range overwritten in a copy: what it is
/// tested against.
#[cfg(test)]
fn blank_plain(text: &str, masks: &[(usize, usize)]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for &(s, e) in masks {
        let e = e.min(text.len());
        if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        for b in &mut bytes[s..e] {
            if *b != b'\n' && *b != b'\r' {
                *b = b' ';
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn prose_of(text: &str) -> String {
        prose(&Document::parse(Path::new("x.md"), text.to_string()))
    }

    #[test]
    fn keeps_offsets_and_blanks_what_is_not_prose() {
        let text = "---\ndate: 2025-01-01\n---\nOn 13/06/2026 `TODO` we met.\n\n```\nTODO\n```\n\n<!-- TODO -->\n![Ảnh](/images/2026-07-04.jpg) see https://x.io/2025-01-01 {{< figure src=\"a-2025-01-01.jpg\" >}}\n";
        let p = prose_of(text);
        assert_eq!(p.len(), text.len());
        assert!(!p.contains("date:"));
        assert!(p.contains("On 13/06/2026"));
        assert!(!p.contains("TODO"));
        assert!(p.contains("Ảnh"));
        assert!(!p.contains("2026-07-04"));
        assert!(!p.contains("2025-01-01"));
        assert_eq!(p.lines().count(), text.lines().count());
    }

    #[test]
    fn blockquote_markers_do_not_split_a_phrase() {
        let p = prose_of("> Overall, the event not only\n> provided knowledge.\n");
        assert_eq!(
            p.split_whitespace().collect::<Vec<_>>().join(" "),
            "Overall, the event not only provided knowledge."
        );
    }

    #[test]
    fn blanking_equals_overwriting_a_copy() {
        let text = "---\r\ndate: x\r\n---\r\nNgày 17 – tháng\r\n11 {{< a >}} `b` \n\n";
        let len = text.len();
        let boundaries: Vec<usize> = (0..=len).filter(|&i| text.is_char_boundary(i)).collect();
        let mut cases: Vec<Vec<(usize, usize)>> = vec![
            vec![],
            vec![(0, len)],
            vec![(0, 3), (0, 3)],
            vec![(40, 10), (5, 5)],
            // Not on character boundaries (inside `à` and `–`): ignored.
            vec![(text.find('à').unwrap_or(0) + 1, len)],
            vec![(2, text.find('–').unwrap_or(0) + 1)],
            // Out of order, overlapping, touching, past the end.
            vec![(20, 30), (5, 25), (30, 31), (28, len + 10)],
        ];
        // Every pair of ranges over a few boundaries.
        for &a in boundaries.iter().step_by(5) {
            for &b in boundaries.iter().step_by(7) {
                cases.push(vec![(a, b), (b / 2, a), (a / 3, a / 3 + 4)]);
            }
        }
        for masks in cases {
            assert_eq!(blank(text, &masks), blank_plain(text, &masks), "{masks:?}");
        }
        let long = "x".repeat(200);
        assert_eq!(blank(&long, &[(1, 199)]), blank_plain(&long, &[(1, 199)]));
    }

    #[test]
    fn html_keeps_text_between_tags() {
        let p = prose_of("<p>Date: 20/06/2026</p>\n\nText <span title=\"TBD\">x</span>\n");
        assert!(p.contains("Date: 20/06/2026"));
        assert!(!p.contains("TBD"));
    }
}
