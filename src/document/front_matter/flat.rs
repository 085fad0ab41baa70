//! A direct reader for flat YAML front matter: `key: scalar` lines only.
//!
//! Almost every report's front matter is five or six lines such as
//! `title: "Event 2"` or `weight: 4`; the event parser spends several hundred
//! instructions per line on them (tokens, a state machine, an owned `Cow` per
//! scalar, a lower-cased key per map entry). [`parse`] reads such a block with
//! a byte loop and builds exactly the fields the event parser's path builds
//! (same keys, kinds, texts and spans). Anything it is not sure of answers
//! `None` and the caller runs the full parser: collections, anchors, aliases,
//! tags, block, multi-line or escaped scalars, comments, tabs, lone CRs,
//! indentation, directives and document markers, quoted or unusual keys,
//! duplicate keys (for the full parser's diagnostic), and characters YAML
//! does not print. It never returns an error, so every diagnostic still comes
//! from the full parser.

use super::{Field, Span, Value, ValueKind, resolve_plain};

/// Longest key (with spaces before its colon) read here; YAML caps implicit
/// keys at 1024 characters.
const MAX_KEY: usize = 128;
/// Most fields read here; more go to the full parser (whose node budget then
/// applies, and which checks duplicates through a hash map).
const MAX_FIELDS: usize = 64;

/// The fields of a flat block, or `None` when the full parser must decide.
///
/// `base`: offset of `src` in the whole file text (spans are into that text).
pub(super) fn parse(base: usize, src: &str) -> Option<Vec<Field>> {
    let bytes = src.as_bytes();
    // One allocation: a line is at most one field.
    let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
    let mut fields: Vec<Field> = Vec::with_capacity(lines.min(MAX_FIELDS));
    let mut start = 0;
    while start < bytes.len() {
        let (end, next) = match memchr::memchr(b'\n', &bytes[start..]) {
            Some(i) => (start + i, start + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        // CRLF: the CR is part of the line break; a lone CR is a break YAML
        // honours and this reader does not follow.
        let end = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        if end > start {
            if fields.len() == MAX_FIELDS {
                return None;
            }
            fields.push(line(base, src, start, end)?);
        }
        start = next;
    }
    // An empty block is an empty map to both, but cheap and rare: leave it.
    if fields.is_empty() || has_duplicate(&fields) {
        return None;
    }
    Some(fields)
}

/// One non-empty line `src[start..end]` (no line break), read as `key: value`.
fn line(base: usize, src: &str, start: usize, end: usize) -> Option<Field> {
    let bytes = src.as_bytes();
    let line = &bytes[start..end];
    // The key: a plain word at column 0. Its first byte is never an indicator
    // (`-`, `?`, `#`, `%`, quotes, `.` of `...`) nor a space.
    if !line.first()?.is_ascii_alphanumeric() && line[0] != b'_' {
        return None;
    }
    let key_len = line
        .iter()
        .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))?;
    // `title : x` (spaces before the colon) is common in Hugo themes' templates.
    let colon = key_len + line[key_len..].iter().position(|&b| b != b' ')?;
    if line[colon] != b':' || colon > MAX_KEY {
        return None;
    }
    let key = &src[start..start + key_len];
    // These keys resolve to null, which the full parser turns into "".
    if matches!(key, "null" | "Null" | "NULL") {
        return None;
    }
    let key_span = Span {
        start: base + start,
        end: base + start + key_len,
    };
    let after = colon + 1;
    let value = match line.get(after) {
        // `key:` alone: null, with a zero-width span right after the colon.
        None => Value {
            kind: ValueKind::Null,
            span: Span {
                start: base + start + after,
                end: base + start + after,
            },
        },
        Some(b' ') => {
            let from = after + line[after..].iter().position(|&b| b != b' ')?;
            value(base, src, start + from, end)?
        }
        // `key:value` is one plain scalar, not a map entry.
        Some(_) => return None,
    };
    Some(Field {
        key: key.to_owned(),
        key_span,
        value,
    })
}

/// The scalar at `src[from..end]`, `from` at its first non-space byte.
fn value(base: usize, src: &str, from: usize, end: usize) -> Option<Value> {
    let bytes = src.as_bytes();
    let first = bytes[from];
    let (kind, span_end) = match first {
        b'"' | b'\'' => {
            let close = from + 1 + memchr::memchr(first, &bytes[from + 1..end])?;
            // Only spaces may follow the closing quote (a comment would be
            // allowed, but leave it to the full parser).
            if bytes[close + 1..end].iter().any(|&b| b != b' ') {
                return None;
            }
            let content = &bytes[from + 1..close];
            // Escapes: `\` in double quotes (`''` in single quotes failed above:
            // a quote follows the closing one).
            if (first == b'"' && content.contains(&b'\\')) || !printable(content) {
                return None;
            }
            let text = src[from + 1..close].to_owned();
            (ValueKind::Str { text, quoted: true }, close + 1)
        }
        _ => {
            if !plain_start(bytes, from, end) {
                return None;
            }
            let mut last = from;
            for i in from..end {
                match bytes[i] {
                    b' ' => continue,
                    // `: ` or a final `:` would be a map entry, ` #` a comment.
                    b':' if i + 1 == end || bytes[i + 1] == b' ' => return None,
                    b'#' if bytes[i - 1] == b' ' => return None,
                    _ => last = i,
                }
            }
            let text_end = last + 1;
            if !printable(&bytes[from..text_end]) {
                return None;
            }
            (resolve_plain(&src[from..text_end]), text_end)
        }
    };
    Some(Value {
        kind,
        span: Span {
            start: base + from,
            end: base + span_end,
        },
    })
}

/// Can a plain scalar start at `bytes[at]` (in block context) without any
/// doubt? Indicators (`- ? : , [ ] { } # & * ! | > ' " % @` and backtick)
/// cannot, except `-` before a digit or a dot (`-1`, `-.5`).
fn plain_start(bytes: &[u8], at: usize, end: usize) -> bool {
    match bytes[at] {
        b if b.is_ascii_alphanumeric() || b >= 0x80 => true,
        b'_' | b'.' | b'/' | b'(' | b'+' | b'~' | b'$' | b'<' | b'=' => true,
        b'-' => at + 1 < end && (bytes[at + 1].is_ascii_digit() || bytes[at + 1] == b'.'),
        _ => false,
    }
}

/// Is every character one that YAML prints and this reader passes through
/// unchanged? Printable ASCII (no tab), and any other character but the C1
/// controls (NEL among them), U+2028/U+2029 (line breaks in YAML 1.1) and
/// U+FEFF/U+FFFE/U+FFFF (a BOM is a token boundary for the parser).
fn printable(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            0x20..=0x7e => {}
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => return false,
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                return false;
            }
            0xef if matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ) =>
            {
                return false;
            }
            0x80.. => {}
            _ => return false,
        }
        i += 1;
    }
    true
}

/// Do two keys differ only in ASCII case (or not at all)? Keys here are ASCII,
/// so that is the full parser's lower-cased comparison. Pairwise: at most
/// [`MAX_FIELDS`] keys, and most pairs differ in length.
fn has_duplicate(fields: &[Field]) -> bool {
    fields.iter().enumerate().any(|(i, a)| {
        fields[..i]
            .iter()
            .any(|b| a.key.eq_ignore_ascii_case(&b.key))
    })
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::{Path, PathBuf};

    use super::super::{Format, parse_yaml_events, split};
    use super::*;

    /// Both paths on `src` (placed at `base` in a text): when the flat reader
    /// answers, the full parser must build the very same fields, spans included
    /// (compared through `Debug`, which also tells NaN and -0.0 apart). Returns
    /// whether the flat reader answered.
    fn agree(text: &str, base: usize, src: &str) -> bool {
        let Some(fast) = parse(base, src) else {
            return false;
        };
        match parse_yaml_events(text, base, src) {
            Ok(full) => assert_eq!(
                format!("{fast:#?}"),
                format!("{full:#?}"),
                "flat and full parsers differ on {src:?}"
            ),
            Err(e) => panic!("flat reader accepted {src:?}, the full parser fails: {e:?}"),
        }
        true
    }

    /// `agree` on a block `---\n{src}---\n` (so spans are offset by 4).
    fn agree_block(src: &str) -> bool {
        let text = format!("---\n{src}---\n");
        agree(&text, 4, &text[4..4 + src.len()])
    }

    /// Every `.md` file under `dir`, sorted.
    fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                markdown_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "md") {
                out.push(path);
            }
        }
    }

    /// (YAML blocks, blocks the flat reader took) over the `.md` files under `dir`.
    fn agree_under(dir: &Path) -> (usize, usize) {
        let mut files = Vec::new();
        markdown_files(dir, &mut files);
        let (mut blocks, mut flat) = (0, 0);
        for path in files {
            let Ok(text) = fs::read_to_string(&path) else {
                continue;
            };
            let Ok(Some(block)) = split(&text) else {
                continue;
            };
            if block.format != Format::Yaml {
                continue;
            }
            blocks += 1;
            let src = &text[block.inner.start..block.inner.end];
            flat += usize::from(agree(&text, block.inner.start, src));
        }
        (blocks, flat)
    }

    fn manifest_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn flat_reader_agrees_on_real_front_matter() {
        let shared = manifest_dir().join("../shared");
        let examples = shared.join("examples");
        let corpus = shared.join("corpus");
        assert!(examples.is_dir(), "{} is missing", examples.display());
        assert!(corpus.is_dir(), "{} is missing", corpus.display());
        // Both example reports are flat.
        assert_eq!(agree_under(&examples), (2, 2));
        let (blocks, flat) = agree_under(&corpus);
        eprintln!("corpus: {flat} of {blocks} YAML blocks read flat");
        assert!(
            blocks > 1000 && flat * 10 > blocks * 8,
            "{flat} of {blocks}"
        );
        let (blocks, flat) = agree_under(&manifest_dir().join("fixtures"));
        eprintln!("fixtures: {flat} of {blocks} YAML blocks read flat");
        assert!(flat > 0);
        // The generated benchmark site, when it has been generated.
        let site = manifest_dir().join("bench/.cache/site-1000");
        if site.is_dir() {
            let (blocks, flat) = agree_under(&site);
            eprintln!("site-1000: {flat} of {blocks} YAML blocks read flat");
            assert!(flat * 10 > blocks * 9, "{flat} of {blocks}");
        }
    }

    /// Blocks the flat reader must take (and agree on).
    const FLAT: &[&str] = &[
        "title: \"Event 2\"\ndate: \"2025-09-09\"\nweight: 1\nchapter: false\npre: \" <b> 4.2. </b> \"\n",
        "title: Sự kiện 3 – AWS\ndate: 2025-11-17\nweight: 4\n",
        "a: 1\r\nb: 'x y'\r\nc: \"\"\r\nd: ''\r\n",
        "a:\nb:\n\nc: ~\nd: null\ne: NULL\n",
        "ints: 017\nb: 0x1F\nc: 0b101\nd: 1_000\ne: -12\nf: +3\ng: 0o17\nh: 99999999999999999999\n",
        "floats: 1.5\nb: 1e3\nc: 1.5e3\nd: .inf\ne: -.inf\nf: .nan\ng: -.5\nh: -0.0\n",
        "bools: true\nb: False\nc: yes\nd: off\ne: TRUE\n",
        "url: https://example.com/a?b=c#frag\nc: C#\nd: a:b\ne: x [not, a, list]\n",
        "url: x, [y], {z}\nb: a - b\nc: 'a \"q\" b # c'\nd: \"a 'q' # b: c\"\n",
        "k_1.a-b: v\n_x: y\n1: one\ntrue: t\n",
        "t: plain with trailing spaces   \nu: \"q\"   \nv: 'w'  \n",
        "t:  two spaces\nu:     many\n",
        "title : \"Thiết lập\"\nweight  : 4\ndate : 2026-07-17 \nd :\n",
        "k_1.a-b : v\n_x  : y\n1 : one\n",
        "weight: 633\nchapter: false\npre: \" <b> 4.633. </b> \"\nlast: no newline",
        "path: /images/a.png\nb: (x)\nc: $1\nd: <b>\ne: =\nf: ~x\ng: +\nh: .\n",
        "emoji: 😀 ok\nnbsp: a\u{a0}b\nzw: a\u{200b}b\n",
    ];

    /// Blocks the flat reader must leave to the full parser.
    const FULL: &[&str] = &[
        "",
        "\n\n",
        "tags: [a, b]\n",
        "tags:\n  - a\n",
        "tags:\n- a\n",
        "m: {a: 1}\n",
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: |\n  x\n",
        "a: >\n  x\n",
        "a: b\n  continued\n",
        "a: \"multi\n  line\"\n",
        "a: \"esc\\n\"\n",
        "a: 'it''s'\n",
        "a: b # comment\n",
        "# comment\na: b\n",
        "a: \"b\" # comment\n",
        "a:\tb\n",
        "a: b\t\n",
        "\ta: b\n",
        " a: b\n",
        "a: b\rc: d\n",
        "a : \n",
        "a\t: b\n",
        "a:b\n",
        "\"a\": b\n",
        "'a': b\n",
        "a b: c\n",
        "? a\n: b\n",
        "a: b: c\n",
        "a: b:\n",
        "a: -\n",
        "a: - b\n",
        "a: ---\n",
        "a: @x\n",
        "a: `x`\n",
        "a: %x\n",
        "a: ,x\n",
        "a: ?x\n",
        "a: :x\n",
        "...\n",
        "%YAML 1.2\n",
        "a:   \n",
        "null: x\n",
        "~: x\n",
        "<<: {a: 1}\n",
        "a: 1\nA: 2\n",
        "title: x\ntitle: y\n",
        "a: x\u{85}y\n",
        "a: x\u{2028}y\n",
        "a: \u{feff}x\n",
        "a: \"x\u{1}y\"\n",
        "a: x\u{7f}\n",
        "a: \"unclosed\n",
        "a: \"x\" y\n",
        "-a: b\n",
        ".a: b\n",
    ];

    #[test]
    fn flat_reader_takes_flat_blocks_and_agrees() {
        for src in FLAT {
            assert!(agree_block(src), "not read flat: {src:?}");
        }
    }

    #[test]
    fn flat_reader_leaves_the_rest_to_the_full_parser() {
        for src in FULL {
            assert!(!agree_block(src), "read flat: {src:?}");
        }
    }

    #[test]
    fn flat_reader_checks_duplicates_past_a_few_fields() {
        let mut src: String = (0..40).map(|i| format!("key{i}: {i}\n")).collect();
        assert!(agree_block(&src));
        src.push_str("KEY7: again\n");
        assert!(!agree_block(&src));
        let many: String = (0..MAX_FIELDS + 1).map(|i| format!("k{i}: v\n")).collect();
        assert!(!agree_block(&many));
    }

    /// Edits of every case at every position (a tricky character inserted,
    /// the text cut short): wherever the flat reader answers, it agrees.
    #[test]
    fn flat_reader_agrees_on_edited_blocks() {
        const INSERTS: &[&str] = &[
            " ", ":", "#", "\"", "'", "\t", "\r", "\n", "\r\n", "-", "\\", "\u{85}", "\u{feff}",
            "&", "*", "!", "|", ">", "[", "{", "}", "~", "%", "@", "`", ",", "?", ".", "é", "_",
            "0", "x", "  ", ": ", " #", "- ", "...", "---",
        ];
        let mut taken = 0;
        for src in FLAT.iter().chain(FULL) {
            let boundaries = (0..=src.len()).filter(|&i| src.is_char_boundary(i));
            for at in boundaries {
                taken += usize::from(agree_block(&src[..at]));
                for insert in INSERTS {
                    let edited = format!("{}{insert}{}", &src[..at], &src[at..]);
                    taken += usize::from(agree_block(&edited));
                }
            }
        }
        // Most edits keep a block flat: the comparison above is not vacuous.
        assert!(taken > 10_000, "{taken}");
    }
}
