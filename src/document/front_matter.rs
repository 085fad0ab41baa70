//! Front matter: find it the way Hugo does and parse it into a tree with spans.
//!
//! [`split`] mirrors Hugo's page lexer (`parser/pageparser/pagelexer_intro.go`)
//! byte for byte: leading whitespace and U+FEFF byte-order marks are skipped,
//! then the first other character picks the format (`+++` TOML, `---` YAML,
//! `{` JSON, anything else: no front matter). YAML and TOML blocks close at the
//! first line that *starts with* the delimiter (`----` and `--- # c` close
//! too; the rest of that line is body), one CR and/or LF after the closer is
//! consumed, and the body starts right after. JSON ends where the brace depth
//! returns to zero, counting braces outside `"…"` only, as Hugo does.
//!
//! [`parse`] turns the block into a [`FrontMatter`] tree that keeps the byte
//! span (into the whole file text) of every key and every value, so rules can
//! point at `date: 2025-13-01` rather than at "the front matter".
//!
//! * YAML goes through the event parser that `serde-saphyr` re-exports
//!   (`serde_saphyr::granit_parser`). Building the tree from events gives exact
//!   spans (quoted strings with their quotes, block scalars from `|`/`>` to the
//!   last content line, collections from their first to their last token) and
//!   the scalar style, without any recursive `Deserialize`. Plain scalars are
//!   resolved the way Hugo ≥ 0.152 (goccy/go-yaml) resolves them, which is
//!   YAML 1.2-like but not the core schema verbatim: `yes`/`no`/`on`/`off` and
//!   unquoted dates are strings, `017` is octal, `1_000` is 1000, `1e3` is a
//!   string while `1.5e3` is a float (checked against Hugo 0.168). Duplicate
//!   keys fail like Hugo; anchors, aliases and `<<` merge keys work, with
//!   Hugo's per-collection alias cap. Only the first YAML document is used,
//!   but later ones must still parse (Hugo fails on them too). Flat blocks
//!   (`key: scalar` lines, nearly every report) are read by a byte loop in
//!   `flat` that builds the same fields at a fraction of the cost; it leaves
//!   anything it is not sure of, and every error, to the event parser.
//! * TOML uses `toml::de::DeTable`, whose spans are re-sorted into source
//!   order (its map is sorted by key).
//! * JSON is validated with `serde_json` (its error position becomes the span)
//!   and then walked by a small iterative scanner that records spans.
//!
//! Keys keep their spelling; Hugo compares them case-insensitively, so
//! [`FrontMatter::get`] does too and two keys differing only in case are
//! reported like duplicates (Hugo would silently keep one of them).
//!
//! Hostile input ends in an `Err`: the block is capped at
//! [`MAX_FRONT_MATTER_BYTES`], nesting at [`MAX_DEPTH`], nodes (aliases
//! expanded) at [`MAX_NODES`], alias-copied text at [`MAX_ALIAS_BYTES`], and a
//! NUL byte is refused. Nothing here recurses deeper than [`MAX_DEPTH`].

use std::collections::HashMap;
use std::fmt;

use serde_saphyr::granit_parser::{self as yaml, Event, Parser, ScalarStyle, ScanError, Tag};

use crate::span::Span;

mod flat;

/// Largest front matter block (the text between the delimiters) that is parsed.
/// Real front matter is a few hundred bytes; this keeps a runaway block cheap.
pub const MAX_FRONT_MATTER_BYTES: usize = 256 * 1024;
/// Deepest nesting of lists/maps accepted (serde-saphyr's default budget depth).
pub const MAX_DEPTH: usize = 64;
/// Most values (scalars and collections, alias copies included) in one block.
pub const MAX_NODES: usize = 200_000;
/// Most string bytes that YAML aliases may copy in one block.
pub const MAX_ALIAS_BYTES: usize = 8 * 1024 * 1024;

/// Front matter format, chosen by the first character of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Toml,
    Json,
}

impl Format {
    /// Human name: `YAML`, `TOML` or `JSON`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Yaml => "YAML",
            Format::Toml => "TOML",
            Format::Json => "JSON",
        }
    }
}

/// Where the front matter sits in the file, found without parsing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Block {
    pub format: Format,
    /// The whole block: opening delimiter to the end of the closing delimiter
    /// (for JSON: the object itself).
    pub span: Span,
    /// The text between the delimiters (for JSON: the object itself).
    pub inner: Span,
    /// Byte offset where the page body starts.
    pub body_start: usize,
}

/// A front matter problem, with the span to underline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub message: String,
    pub span: Span,
    pub help: Option<String>,
}

impl FrontMatterError {
    fn new(message: impl Into<String>, span: Span) -> Self {
        FrontMatterError {
            message: message.into(),
            span,
            help: None,
        }
    }

    fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FrontMatterError {}

/// Parsed front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub format: Format,
    /// Same as [`Block::span`].
    pub block: Span,
    /// Top-level fields in source order.
    pub fields: Vec<Field>,
    /// Every key in `fields` is ASCII: [`FrontMatter::get`] with an ASCII key
    /// then compares ASCII case only.
    ascii_keys: bool,
}

impl FrontMatter {
    /// Case-insensitive lookup of a top-level key (Hugo lower-cases keys).
    pub fn get(&self, key: &str) -> Option<&Field> {
        // Rules ask for a few keys of every page: when both sides are ASCII, lower-casing
        // is ASCII case folding, which keeps lengths, so most keys are ruled out by their
        // length alone (`keys_equal` must also scan both for non-ASCII first).
        if self.ascii_keys && key.is_ascii() {
            return self.fields.iter().find(|f| f.key.eq_ignore_ascii_case(key));
        }
        self.fields.iter().find(|f| keys_equal(&f.key, key))
    }
}

/// One `key: value` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// The key as written (unescaped), original case kept.
    pub key: String,
    pub key_span: Span,
    pub value: Value,
}

/// A value and the span of its token(s) in the whole file text.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    /// The value token itself: quotes included for quoted strings, `|`/`>` to
    /// the last content line for block scalars, first to last token for
    /// lists/maps, the `*name` token for a YAML alias. An empty YAML value
    /// (`key:`) has a zero-width span right after the colon.
    pub span: Span,
}

impl Value {
    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            ValueKind::Str { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Case-insensitive lookup of a key in a map value.
    pub fn get(&self, key: &str) -> Option<&Field> {
        match &self.kind {
            ValueKind::Map(fields) => fields.iter().find(|f| keys_equal(&f.key, key)),
            _ => None,
        }
    }
}

/// What a value is, after Hugo's type resolution.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    Null,
    Bool(bool),
    Int(i64),
    /// Also YAML integers above `i64::MAX` (Hugo keeps them as `uint64`).
    Float(f64),
    /// `quoted`: written with `'` or `"` (TOML and JSON strings always are;
    /// YAML block scalars `|`/`>` are not, but are always strings).
    Str {
        text: String,
        quoted: bool,
    },
    /// TOML native date/datetime, as written
    Datetime(String),
    List(Vec<Value>),
    Map(Vec<Field>),
}

impl ValueKind {
    /// Short type name for messages: `null`, `boolean`, `integer`, …
    pub fn type_name(&self) -> &'static str {
        match self {
            ValueKind::Null => "null",
            ValueKind::Bool(_) => "boolean",
            ValueKind::Int(_) => "integer",
            ValueKind::Float(_) => "float",
            ValueKind::Str { .. } => "string",
            ValueKind::Datetime(_) => "datetime",
            ValueKind::List(_) => "list",
            ValueKind::Map(_) => "map",
        }
    }
}

fn keys_equal(a: &str, b: &str) -> bool {
    // Equal but for ASCII case implies equal lower-cased; most keys compared differ in
    // length, which this answers first.
    if a.eq_ignore_ascii_case(b) {
        return true;
    }
    if a.is_ascii() && b.is_ascii() {
        return false;
    }
    a.to_lowercase() == b.to_lowercase()
}

/// 1-based line number of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    1 + text.as_bytes()[..end]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

/// End of the line that contains `from` (before CR/LF).
fn line_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = from.min(bytes.len());
    while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
        i += 1;
    }
    i
}

/// Span of the character at `offset` (zero-width at a line break or the end).
fn char_span(text: &str, offset: usize) -> Span {
    let mut start = offset.min(text.len());
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    match text[start..].chars().next() {
        Some(c) if c != '\n' && c != '\r' => Span {
            start,
            end: start + c.len_utf8(),
        },
        _ => Span { start, end: start },
    }
}

// ---------------------------------------------------------------------------
// split
// ---------------------------------------------------------------------------

/// Find the front matter block like Hugo's pagelexer.
///
/// Skips leading ASCII whitespace (space, tab, CR, LF, VT, FF — what Hugo
/// skips) and U+FEFF; then `+` → TOML (must be `+++`), `-` → YAML (must be
/// `---`; a page starting with `- x` is an error, as in Hugo), `{` → JSON
/// object (ends at brace depth 0, braces inside strings ignored), anything
/// else (including Org's `#+`) → `Ok(None)`.
pub fn split(text: &str) -> Result<Option<Block>, FrontMatterError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        match bytes.get(i) {
            Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) => i += 1,
            Some(0xEF) if bytes.get(i + 1) == Some(&0xBB) && bytes.get(i + 2) == Some(&0xBF) => {
                i += 3
            }
            _ => break,
        }
    }
    match bytes.get(i) {
        Some(b'-') => split_delimited(text, i, Format::Yaml).map(Some),
        Some(b'+') => split_delimited(text, i, Format::Toml).map(Some),
        Some(b'{') => split_json(text, i).map(Some),
        _ => Ok(None),
    }
}

fn split_delimited(text: &str, start: usize, format: Format) -> Result<Block, FrontMatterError> {
    let delim: &[u8] = if format == Format::Yaml {
        b"---"
    } else {
        b"+++"
    };
    let bytes = text.as_bytes();
    let name = format.name();
    if !bytes[start..].starts_with(delim) {
        let span = Span {
            start,
            end: line_end(text, start),
        };
        let first = &text[span.start..span.end];
        let help = if format == Format::Yaml && (first == "-" || first.starts_with("- ")) {
            "Hugo reads a page whose first character is `-` as YAML front matter and fails the \
             build; this looks like a list item. Put the front matter (`---` … `---`) above it, \
             or start the page with other text"
                .to_string()
        } else {
            let d = if format == Format::Yaml { "---" } else { "+++" };
            format!(
                "{name} front matter must open with a line `{d}`; Hugo fails the build on this page"
            )
        };
        return Err(
            FrontMatterError::new(format!("invalid {name} front matter delimiter"), span)
                .with_help(help),
        );
    }
    let mut p = start + 3;
    let mut at_line_start = false;
    if bytes.get(p) == Some(&b'\r') {
        p += 1;
        at_line_start = true;
    }
    if bytes.get(p) == Some(&b'\n') {
        p += 1;
        at_line_start = true;
    }
    let inner_start = p;
    let closer = loop {
        if at_line_start && bytes[p..].starts_with(delim) {
            break p;
        }
        // On to the next line start (the byte after the next line break).
        let Some(at) = memchr::memchr2(b'\n', b'\r', bytes.get(p..).unwrap_or_default()) else {
            let d = String::from_utf8_lossy(delim);
            return Err(FrontMatterError::new(
                "front matter is never closed",
                Span {
                    start,
                    end: start + 3,
                },
            )
            .with_help(format!(
                "{name} front matter opened here needs a closing line that starts with `{d}`; \
                 Hugo fails the build without it"
            )));
        };
        p += at + 1;
        at_line_start = true;
    };
    let end = closer + 3;
    let mut body_start = end;
    if bytes.get(body_start) == Some(&b'\r') {
        body_start += 1;
    }
    if bytes.get(body_start) == Some(&b'\n') {
        body_start += 1;
    }
    Ok(Block {
        format,
        span: Span { start, end },
        inner: Span {
            start: inner_start,
            end: closer,
        },
        body_start,
    })
}

fn split_json(text: &str, start: usize) -> Result<Block, FrontMatterError> {
    let bytes = text.as_bytes();
    let mut p = start;
    let mut level: i64 = 0;
    let mut in_quote = false;
    loop {
        let Some(&c) = bytes.get(p) else {
            return Err(FrontMatterError::new(
                "JSON front matter is never closed",
                Span {
                    start,
                    end: start + 1,
                },
            )
            .with_help(
                "the `{` here opens JSON front matter, but its matching `}` never comes; \
                 Hugo fails the build (\"unexpected EOF parsing JSON front matter\")",
            ));
        };
        p += 1;
        match c {
            b'{' if !in_quote => level += 1,
            b'}' if !in_quote => level -= 1,
            b'"' => in_quote = !in_quote,
            // Hugo skips the character after a backslash, in or out of strings.
            b'\\' if p < bytes.len() => p += 1,
            _ => {}
        }
        if level == 0 {
            break;
        }
    }
    let mut body_start = p;
    if bytes.get(body_start) == Some(&b'\r') {
        body_start += 1;
    }
    if bytes.get(body_start) == Some(&b'\n') {
        body_start += 1;
    }
    let span = Span { start, end: p };
    Ok(Block {
        format: Format::Json,
        span,
        inner: span,
        body_start,
    })
}

// ---------------------------------------------------------------------------
// parse
// ---------------------------------------------------------------------------

/// Parse a block found by [`split`] into the spanned tree.
pub fn parse(text: &str, block: &Block) -> Result<FrontMatter, FrontMatterError> {
    let Some(src) = text.get(block.inner.start..block.inner.end) else {
        return Err(FrontMatterError::new(
            "front matter block does not match the file text",
            Span {
                start: block.span.start.min(text.len()),
                end: block.span.start.min(text.len()),
            },
        ));
    };
    let opener = Span {
        start: block.span.start,
        end: (block.span.start + if block.format == Format::Json { 1 } else { 3 })
            .min(block.span.end),
    };
    if src.len() > MAX_FRONT_MATTER_BYTES {
        return Err(FrontMatterError::new(
            format!(
                "front matter is {} KiB; eventlint reads at most {} KiB",
                src.len() / 1024,
                MAX_FRONT_MATTER_BYTES / 1024
            ),
            opener,
        )
        .with_help("real front matter is a few hundred bytes; check where the block is closed"));
    }
    if let Some(nul) = src.find('\0') {
        return Err(FrontMatterError::new(
            "front matter contains a NUL byte",
            char_span(text, block.inner.start + nul),
        )
        .with_help("the file looks corrupted or binary; remove the NUL (0x00) byte"));
    }
    let base = block.inner.start;
    let fields = match block.format {
        Format::Yaml => parse_yaml(text, base, src)?,
        Format::Toml => parse_toml(text, base, src)?,
        Format::Json => parse_json(text, base, src)?,
    };
    let ascii_keys = fields.iter().all(|f| f.key.is_ascii());
    Ok(FrontMatter {
        format: block.format,
        block: block.span,
        fields,
        ascii_keys,
    })
}

// ---------------------------------------------------------------------------
// Tree builder shared by YAML and JSON (iterative, depth-bounded)
// ---------------------------------------------------------------------------

struct PendingKey {
    key: String,
    span: Span,
    merge: bool,
}

#[derive(Default)]
struct MapFrame {
    fields: Vec<Field>,
    pending: Option<PendingKey>,
    /// lower-cased key → index in `fields`
    seen: HashMap<String, usize>,
    /// `<<` merge sources: (insert position, value)
    merges: Vec<(usize, Value)>,
}

enum FrameKind {
    List(Vec<Value>),
    Map(MapFrame),
}

struct Frame {
    start: usize,
    last_end: usize,
    anchor: usize,
    kind: FrameKind,
}

struct Builder<'t> {
    text: &'t str,
    stack: Vec<Frame>,
    /// Root of the first document.
    root: Option<Value>,
    /// Documents started so far.
    docs: usize,
    nodes: usize,
    alias_bytes: usize,
}

fn duplicate_error(text: &str, first: &Field, key: &str, span: Span) -> FrontMatterError {
    let line = line_of(text, first.key_span.start);
    if first.key == key {
        FrontMatterError::new(format!("duplicate key `{key}`"), span).with_help(format!(
            "`{key}` is first defined on line {line}; keep only one of them"
        ))
    } else {
        FrontMatterError::new(
            format!(
                "duplicate key `{key}`: Hugo ignores key case, so this repeats `{}`",
                first.key
            ),
            span,
        )
        .with_help(format!(
            "`{}` is first defined on line {line}; Hugo keeps only one of the two values",
            first.key
        ))
    }
}

impl MapFrame {
    fn insert(&mut self, text: &str, value: Value) -> Result<(), FrontMatterError> {
        let Some(p) = self.pending.take() else {
            return Err(FrontMatterError::new(
                "internal error: map value without a key",
                value.span,
            ));
        };
        if p.merge {
            let ok = match &value.kind {
                ValueKind::Map(_) => true,
                ValueKind::List(items) => items.iter().all(|v| matches!(v.kind, ValueKind::Map(_))),
                _ => false,
            };
            if !ok {
                return Err(FrontMatterError::new(
                    "the merge key `<<` needs a map or a list of maps",
                    value.span,
                ));
            }
            self.merges.push((self.fields.len(), value));
            return Ok(());
        }
        let lower = p.key.to_lowercase();
        if let Some(&idx) = self.seen.get(&lower)
            && let Some(first) = self.fields.get(idx)
        {
            return Err(duplicate_error(text, first, &p.key, p.span));
        }
        self.seen.insert(lower, self.fields.len());
        self.fields.push(Field {
            key: p.key,
            key_span: p.span,
            value,
        });
        Ok(())
    }

    /// Apply `<<` merges: explicit keys win, earlier sources win over later.
    fn finish(self) -> Vec<Field> {
        if self.merges.is_empty() {
            return self.fields;
        }
        let mut seen: HashMap<String, usize> = self.seen;
        let mut extra: Vec<(usize, Field)> = Vec::new();
        for (pos, source) in self.merges {
            let maps: Vec<Vec<Field>> = match source.kind {
                ValueKind::Map(fields) => vec![fields],
                ValueKind::List(items) => items
                    .into_iter()
                    .filter_map(|v| match v.kind {
                        ValueKind::Map(fields) => Some(fields),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for field in maps.into_iter().flatten() {
                let lower = field.key.to_lowercase();
                if seen.contains_key(&lower) {
                    continue;
                }
                seen.insert(lower, 0);
                extra.push((pos, field));
            }
        }
        let mut out = Vec::with_capacity(self.fields.len() + extra.len());
        let mut extra = extra.into_iter().peekable();
        for (i, field) in self.fields.into_iter().enumerate() {
            while let Some((pos, _)) = extra.peek()
                && *pos <= i
            {
                if let Some((_, f)) = extra.next() {
                    out.push(f);
                }
            }
            out.push(field);
        }
        out.extend(extra.map(|(_, f)| f));
        out
    }
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            stack: Vec::new(),
            root: None,
            docs: 0,
            nodes: 0,
            alias_bytes: 0,
        }
    }

    fn count_nodes(&mut self, n: usize, span: Span) -> Result<(), FrontMatterError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > MAX_NODES {
            return Err(FrontMatterError::new(
                format!("front matter has more than {MAX_NODES} values"),
                span,
            )
            .with_help("this is far beyond real front matter (an alias bomb?)"));
        }
        Ok(())
    }

    fn count_alias_bytes(&mut self, n: usize, span: Span) -> Result<(), FrontMatterError> {
        self.alias_bytes = self.alias_bytes.saturating_add(n);
        if self.alias_bytes > MAX_ALIAS_BYTES {
            return Err(FrontMatterError::new(
                format!(
                    "anchors and aliases copy more than {} MiB of text",
                    MAX_ALIAS_BYTES >> 20
                ),
                span,
            )
            .with_help("this looks like an alias bomb"));
        }
        Ok(())
    }

    fn expecting_key(&self) -> bool {
        matches!(
            self.stack.last(),
            Some(Frame { kind: FrameKind::Map(m), .. }) if m.pending.is_none()
        )
    }

    fn open(&mut self, map: bool, span: Span, anchor: usize) -> Result<(), FrontMatterError> {
        if self.expecting_key() {
            return Err(complex_key_error(span));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(depth_error(span));
        }
        self.count_nodes(1, span)?;
        let kind = if map {
            FrameKind::Map(MapFrame::default())
        } else {
            FrameKind::List(Vec::new())
        };
        self.stack.push(Frame {
            start: span.start,
            last_end: span.end,
            anchor,
            kind,
        });
        Ok(())
    }

    /// Close the innermost collection. `end`: the closing token's end (flow
    /// style); block collections end at their last child.
    fn close(&mut self, end: Option<usize>, at: Span) -> Result<(Value, usize), FrontMatterError> {
        let Some(frame) = self.stack.pop() else {
            return Err(FrontMatterError::new(
                "internal error: unbalanced collection end",
                at,
            ));
        };
        let end = end.unwrap_or(frame.last_end).max(frame.start);
        let span = Span {
            start: frame.start,
            end,
        };
        let kind = match frame.kind {
            FrameKind::List(items) => ValueKind::List(items),
            FrameKind::Map(m) => {
                if let Some(p) = &m.pending {
                    return Err(FrontMatterError::new(
                        format!("key `{}` has no value", p.key),
                        p.span,
                    ));
                }
                ValueKind::Map(m.finish())
            }
        };
        Ok((Value { kind, span }, frame.anchor))
    }

    fn key(&mut self, key: String, span: Span, merge: bool) {
        if let Some(frame) = self.stack.last_mut() {
            frame.last_end = frame.last_end.max(span.end);
            if let FrameKind::Map(m) = &mut frame.kind {
                m.pending = Some(PendingKey { key, span, merge });
            }
        }
    }

    fn value(&mut self, value: Value) -> Result<(), FrontMatterError> {
        let text = self.text;
        match self.stack.last_mut() {
            None => {
                if self.docs <= 1 && self.root.is_none() {
                    self.root = Some(value);
                }
                Ok(())
            }
            Some(frame) => {
                frame.last_end = frame.last_end.max(value.span.end);
                match &mut frame.kind {
                    FrameKind::List(items) => {
                        items.push(value);
                        Ok(())
                    }
                    FrameKind::Map(m) => m.insert(text, value),
                }
            }
        }
    }

    fn finish(self, format: Format) -> Result<Vec<Field>, FrontMatterError> {
        match self.root {
            None => Ok(Vec::new()),
            Some(Value {
                kind: ValueKind::Map(fields),
                ..
            }) => Ok(fields),
            // An empty YAML document (`---\n---`, only comments): an empty map.
            Some(Value {
                kind: ValueKind::Null,
                span,
            }) if span.start == span.end => Ok(Vec::new()),
            Some(v) => Err(FrontMatterError::new(
                format!(
                    "{} front matter must be a map of keys to values, not a {}",
                    format.name(),
                    v.kind.type_name()
                ),
                v.span,
            )
            .with_help("Hugo fails the build; write the front matter as `key: value` lines")),
        }
    }
}

fn complex_key_error(span: Span) -> FrontMatterError {
    FrontMatterError::new("a list or map cannot be used as a key", span)
        .with_help("Hugo only accepts plain keys (\"found an invalid key for this map\")")
}

fn depth_error(span: Span) -> FrontMatterError {
    FrontMatterError::new(
        format!("front matter is nested more than {MAX_DEPTH} levels deep"),
        span,
    )
    .with_help("real front matter needs a few levels at most; the file looks corrupted or hostile")
}

// ---------------------------------------------------------------------------
// YAML
// ---------------------------------------------------------------------------

struct Anchored {
    value: Value,
    nodes: usize,
    height: usize,
    bytes: usize,
    collection: bool,
    uses: usize,
}

/// Remember an anchored value. Its copy is charged to the node and alias
/// budgets, so nested anchors cannot multiply memory.
fn store_anchor(
    anchors: &mut HashMap<usize, Anchored>,
    b: &mut Builder<'_>,
    id: usize,
    value: &Value,
) -> Result<(), FrontMatterError> {
    let (nodes, height, bytes) = measure(value);
    b.count_nodes(nodes, value.span)?;
    b.count_alias_bytes(bytes, value.span)?;
    let collection = matches!(value.kind, ValueKind::List(_) | ValueKind::Map(_));
    anchors.insert(
        id,
        Anchored {
            value: value.clone(),
            nodes,
            height,
            bytes,
            collection,
            uses: 0,
        },
    );
    Ok(())
}

/// (node count, nesting height, string bytes) of a value, without recursion.
fn measure(value: &Value) -> (usize, usize, usize) {
    let mut nodes = 0usize;
    let mut height = 0usize;
    let mut bytes = 0usize;
    let mut todo: Vec<(&Value, usize)> = vec![(value, 0)];
    while let Some((v, depth)) = todo.pop() {
        nodes += 1;
        height = height.max(depth);
        match &v.kind {
            ValueKind::Str { text, .. } | ValueKind::Datetime(text) => bytes += text.len(),
            ValueKind::List(items) => todo.extend(items.iter().map(|i| (i, depth + 1))),
            ValueKind::Map(fields) => {
                for f in fields {
                    bytes += f.key.len();
                    todo.push((&f.value, depth + 1));
                }
            }
            _ => {}
        }
    }
    (nodes, height, bytes)
}

/// Hugo's cap on aliases to one collection, by size of the YAML.
fn hugo_alias_cap(yaml_len: usize) -> usize {
    if yaml_len < 2 * 1024 {
        100
    } else if yaml_len < 10 * 1024 {
        5000
    } else {
        10_000
    }
}

fn yaml_span(base: usize, src: &str, span: &yaml::Span) -> Span {
    let to_byte = |m: &yaml::Marker| {
        m.byte_offset()
            .unwrap_or_else(|| {
                src.char_indices()
                    .nth(m.index())
                    .map_or(src.len(), |(b, _)| b)
            })
            .min(src.len())
    };
    let start = to_byte(&span.start);
    let end = to_byte(&span.end).max(start);
    Span {
        start: base + start,
        end: base + end,
    }
}

/// Block scalar span: from the `|`/`>` indicator to the last content line.
fn block_scalar_span(text: &str, search_from: usize, content: Span) -> Span {
    let mut start = content.start;
    if search_from <= content.start
        && let Some(region) = text.get(search_from..content.start)
        && let Some(i) = region.find(['|', '>'])
    {
        start = search_from + i;
    }
    let bytes = text.as_bytes();
    let mut end = content.end.max(start);
    while end > start && matches!(bytes.get(end - 1), Some(b'\n' | b'\r' | b' ' | b'\t')) {
        end -= 1;
    }
    Span { start, end }
}

fn scan_error(text: &str, base: usize, src: &str, err: &ScanError) -> FrontMatterError {
    let m = err.marker();
    let rel = m
        .byte_offset()
        .unwrap_or_else(|| {
            src.char_indices()
                .nth(m.index())
                .map_or(src.len(), |(b, _)| b)
        })
        .min(src.len());
    let info = err.info();
    let span = char_span(text, base + rel);
    let mut e = FrontMatterError::new(format!("YAML syntax error: {info}"), span);
    if info.contains("mapping values are not allowed") {
        e = e.with_help("a plain value cannot contain `: `; put the whole value in double quotes");
    } else if info.contains("unclosed quote") {
        e = e.with_help("this quote is never closed; end the value with the same quote character");
    } else if info.contains("tab") {
        e = e.with_help("YAML indentation must use spaces, not tabs");
    } else if info.contains("nesting") || info.contains("recursion") {
        e = e.with_help(format!(
            "eventlint stops at {MAX_DEPTH} levels of nesting; the file looks corrupted or hostile"
        ));
    }
    e
}

fn parse_yaml(text: &str, base: usize, src: &str) -> Result<Vec<Field>, FrontMatterError> {
    // Most front matter is flat `key: scalar` lines: read those directly, and
    // anything else (or anything doubtful) with the event parser.
    if let Some(fields) = flat::parse(base, src) {
        return Ok(fields);
    }
    parse_yaml_events(text, base, src)
}

/// The full YAML path: granit's event stream built into the tree.
fn parse_yaml_events(text: &str, base: usize, src: &str) -> Result<Vec<Field>, FrontMatterError> {
    let mut options = yaml::Options::default();
    options.flow_nesting_limit = MAX_DEPTH + 1;
    options.block_nesting_limit = MAX_DEPTH + 1;
    options.set_emit_comments(false);
    let mut parser = Parser::new_from_str_with_options(src, options);
    let mut b = Builder::new(text);
    let mut anchors: HashMap<usize, Anchored> = HashMap::new();
    let alias_cap = hugo_alias_cap(src.len());
    // End of the previous event, to find a block scalar's `|`/`>` indicator.
    let mut prev_end = base;

    while let Some(item) = parser.next_event() {
        let (event, espan) = item.map_err(|e| scan_error(text, base, src, &e))?;
        let span = yaml_span(base, src, &espan);
        match event {
            Event::DocumentStart(..) => b.docs += 1,
            Event::Scalar(value, style, anchor, tag) => {
                let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                let span = if block {
                    block_scalar_span(text, prev_end, span)
                } else {
                    span
                };
                b.count_nodes(1, span)?;
                if b.expecting_key() {
                    let plain = matches!(style, ScalarStyle::Plain);
                    let merge = plain && value == "<<";
                    let key = if plain && matches!(resolve_plain(&value), ValueKind::Null) {
                        String::new()
                    } else {
                        value.into_owned()
                    };
                    if anchor != 0 {
                        let v = Value {
                            kind: ValueKind::Str {
                                text: key.clone(),
                                quoted: !plain,
                            },
                            span,
                        };
                        store_anchor(&mut anchors, &mut b, anchor, &v)?;
                    }
                    b.key(key, span, merge);
                } else {
                    // An empty value (`key:`) comes as a zero-width scalar at the
                    // colon; put it right after the colon instead.
                    let span = if span.start == span.end
                        && text.as_bytes().get(span.start) == Some(&b':')
                    {
                        Span {
                            start: span.start + 1,
                            end: span.start + 1,
                        }
                    } else {
                        span
                    };
                    let kind = yaml_scalar(&value, style, tag.as_deref(), span)?;
                    let v = Value { kind, span };
                    if anchor != 0 {
                        store_anchor(&mut anchors, &mut b, anchor, &v)?;
                    }
                    b.value(v)?;
                }
            }
            Event::SequenceStart(_, anchor, _) => b.open(false, span, anchor)?,
            Event::MappingStart(_, anchor, _) => b.open(true, span, anchor)?,
            Event::SequenceEnd | Event::MappingEnd => {
                let flow_end = (span.end > span.start).then_some(span.end);
                let (v, anchor) = b.close(flow_end, span)?;
                if anchor != 0 {
                    store_anchor(&mut anchors, &mut b, anchor, &v)?;
                }
                b.value(v)?;
            }
            Event::Alias(id) => {
                let name = text.get(span.start..span.end).unwrap_or("*");
                let Some(a) = anchors.get_mut(&id) else {
                    return Err(FrontMatterError::new(
                        format!("alias `{name}` refers to a collection that contains it"),
                        span,
                    ));
                };
                if a.collection {
                    a.uses += 1;
                    if a.uses > alias_cap {
                        return Err(FrontMatterError::new(
                            format!(
                                "alias `{name}`: its collection is aliased more than {alias_cap} times"
                            ),
                            span,
                        )
                        .with_help("Hugo caps aliases to one collection and fails the build"));
                    }
                }
                let (nodes, height, bytes, collection) = (a.nodes, a.height, a.bytes, a.collection);
                b.count_nodes(nodes, span)?;
                b.count_alias_bytes(bytes, span)?;
                if b.stack.len() + height > MAX_DEPTH {
                    return Err(depth_error(span));
                }
                let Some(a) = anchors.get(&id) else {
                    return Err(FrontMatterError::new("internal error: lost anchor", span));
                };
                let mut v = a.value.clone();
                v.span = span;
                if b.expecting_key() {
                    let key = match v.kind {
                        _ if collection => return Err(complex_key_error(span)),
                        ValueKind::Str { text, .. } | ValueKind::Datetime(text) => text,
                        ValueKind::Null => String::new(),
                        ValueKind::Bool(x) => x.to_string(),
                        ValueKind::Int(x) => x.to_string(),
                        ValueKind::Float(x) => x.to_string(),
                        ValueKind::List(_) | ValueKind::Map(_) => {
                            return Err(complex_key_error(span));
                        }
                    };
                    b.key(key, span, false);
                } else {
                    b.value(v)?;
                }
            }
            _ => {}
        }
        prev_end = prev_end.max(span.end);
    }
    b.finish(Format::Yaml)
}

const YAML_CORE: &str = "tag:yaml.org,2002:";

fn yaml_scalar(
    value: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
    span: Span,
) -> Result<ValueKind, FrontMatterError> {
    let quoted = matches!(style, ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted);
    let plain = matches!(style, ScalarStyle::Plain);
    if let Some(tag) = tag
        && tag.handle() == YAML_CORE
    {
        let suffix = tag.suffix();
        match suffix {
            "str" => {
                return Ok(ValueKind::Str {
                    text: value.to_owned(),
                    quoted,
                });
            }
            "null" => return Ok(ValueKind::Null),
            "bool" | "int" | "float" => {
                let kind = match (suffix, resolve_plain(value)) {
                    ("bool", k @ ValueKind::Bool(_)) => Some(k),
                    ("int", k @ ValueKind::Int(_)) => Some(k),
                    ("float", k @ ValueKind::Float(_)) => Some(k),
                    ("float", ValueKind::Int(i)) => Some(ValueKind::Float(i as f64)),
                    _ => None,
                };
                return kind.ok_or_else(|| {
                    FrontMatterError::new(format!("`{value}` is not a valid !!{suffix}"), span)
                });
            }
            _ => {}
        }
    }
    if plain {
        Ok(resolve_plain(value))
    } else {
        Ok(ValueKind::Str {
            text: value.to_owned(),
            quoted,
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum NumType {
    Decimal,
    Binary,
    Octal,
    Hex,
    Float,
}

/// goccy/go-yaml's `getNumberStat`, as Hugo 0.168 behaves (`+` works like `-`).
fn number_type(s: &str) -> Option<NumType> {
    if s.is_empty() || s == "-" || s == "+" || s == "." {
        return None;
    }
    let b = s.as_bytes();
    let sign = usize::from(b[0] == b'-' || b[0] == b'+');
    let body = &s[sign..];
    let hex = body.len() > 1 && body.starts_with("0x");
    let mut dot = false;
    let mut exp = false;
    for (idx, &c) in b.iter().enumerate() {
        match c {
            b'x' | b'o' if idx == sign + 1 => {}
            b'0'..=b'9' | b'_' => {}
            b'a'..=b'f' | b'A'..=b'F' => {
                if hex || (c == b'b' && idx == sign + 1) {
                } else if (c == b'e' || c == b'E') && dot {
                    exp = true;
                } else {
                    return None;
                }
            }
            b'.' => {
                if dot {
                    return None;
                }
                dot = true;
            }
            b'-' | b'+' if idx == 0 || exp => {}
            _ => return None,
        }
    }
    Some(if dot {
        NumType::Float
    } else if body.starts_with("0b") {
        NumType::Binary
    } else if body.starts_with("0x") {
        NumType::Hex
    } else if body.starts_with("0o") || (body.len() > 1 && body.starts_with('0')) {
        NumType::Octal
    } else {
        NumType::Decimal
    })
}

/// Resolve a plain YAML scalar like Hugo (goccy/go-yaml) does.
fn resolve_plain(s: &str) -> ValueKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return ValueKind::Null,
        "true" | "True" | "TRUE" => return ValueKind::Bool(true),
        "false" | "False" | "FALSE" => return ValueKind::Bool(false),
        ".inf" | ".Inf" | ".INF" => return ValueKind::Float(f64::INFINITY),
        "-.inf" | "-.Inf" | "-.INF" => return ValueKind::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return ValueKind::Float(f64::NAN),
        _ => {}
    }
    let string = || ValueKind::Str {
        text: s.to_owned(),
        quoted: false,
    };
    if s.starts_with('_') || s.len() > 128 {
        return string();
    }
    // Most plain scalars are words: no copy without underscores to drop.
    let t: std::borrow::Cow<str> = if s.contains('_') {
        s.chars().filter(|&c| c != '_').collect::<String>().into()
    } else {
        s.into()
    };
    let Some(kind) = number_type(&t) else {
        return string();
    };
    let negative = t.starts_with('-');
    let unsigned = t.trim_start_matches(['-', '+']);
    let radix_digits = match kind {
        NumType::Float => {
            return t.parse::<f64>().map_or_else(|_| string(), ValueKind::Float);
        }
        NumType::Decimal => {
            if let Ok(i) = t.parse::<i64>() {
                return ValueKind::Int(i);
            }
            if !negative && let Ok(u) = unsigned.parse::<u64>() {
                return ValueKind::Float(u as f64);
            }
            return string();
        }
        NumType::Binary => (2, unsigned.get(2..)),
        NumType::Hex => (16, unsigned.get(2..)),
        NumType::Octal if unsigned.starts_with("0o") => (8, unsigned.get(2..)),
        NumType::Octal => (8, unsigned.get(1..)),
    };
    let (radix, Some(digits)) = radix_digits else {
        return string();
    };
    if digits.is_empty() || digits.starts_with(['+', '-']) {
        return string();
    }
    let Ok(u) = u64::from_str_radix(digits, radix) else {
        return string();
    };
    if negative {
        match 0i128.checked_sub(i128::from(u)).map(i64::try_from) {
            Some(Ok(i)) => ValueKind::Int(i),
            _ => string(),
        }
    } else {
        i64::try_from(u).map_or(ValueKind::Float(u as f64), ValueKind::Int)
    }
}

// ---------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------

fn parse_toml(text: &str, base: usize, src: &str) -> Result<Vec<Field>, FrontMatterError> {
    let table = toml::de::DeTable::parse(src).map_err(|e| toml_error(text, base, src, &e))?;
    let (fields, _) = toml_table(text, base, table.get_ref(), 1)?;
    Ok(fields)
}

fn toml_error(text: &str, base: usize, src: &str, err: &toml::de::Error) -> FrontMatterError {
    let range = err.span().unwrap_or(0..0);
    let start = range.start.min(src.len());
    let end = range.end.clamp(start, src.len());
    let span = if start == end {
        char_span(text, base + start)
    } else {
        Span {
            start: base + start,
            end: base + end,
        }
    };
    let msg = err.message().trim_end();
    // `key =` with nothing after it: toml reports an unquoted string there.
    let line_start = text
        .get(..span.start)
        .and_then(|t| t.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1);
    let rest = text
        .get(span.start..line_end(text, span.start))
        .unwrap_or("");
    let before = text.get(line_start..span.start).unwrap_or("").trim();
    if msg.contains("must be quoted") && rest.trim().is_empty() && before.ends_with('=') {
        let key = before.trim_end_matches('=').trim_end();
        let line = text.get(line_start..).unwrap_or("");
        let at = line_start + (line.len() - line.trim_start().len());
        return FrontMatterError::new(
            format!("TOML syntax error: `{key}` has no value"),
            Span {
                start: at,
                end: at + before.len(),
            },
        )
        .with_help("write a value after `=` (`weight = 1`, `title = \"…\"`) or remove the line");
    }
    let mut e = FrontMatterError::new(format!("TOML syntax error: {msg}"), span);
    if msg.starts_with("duplicate key") {
        let key = text
            .get(span.start..span.end)
            .unwrap_or("")
            .trim_matches(['"', '\'']);
        if let Some(line) = toml_first_definition(src, start, key) {
            e = e.with_help(format!(
                "`{key}` is first defined on line {}; keep only one of them",
                line_of(text, base + line)
            ));
        } else {
            e = e.with_help("keep only one definition of this key");
        }
    } else if msg.contains("must be quoted") {
        e = e.with_help("TOML strings need quotes: `title = \"…\"`");
    } else if msg.contains("recurs") {
        e = e.with_help(format!(
            "eventlint stops at {MAX_DEPTH} levels of nesting; the file looks corrupted or hostile"
        ));
    }
    e
}

/// Offset of an earlier line that defines `key` (`key =`, `key.…`, `[key]`).
fn toml_first_definition(src: &str, before: usize, key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        if offset + line.len() > before {
            break;
        }
        let t = line.trim_start();
        let t = t.trim_start_matches('[').trim_start();
        let t = t.strip_prefix('"').unwrap_or(t);
        if let Some(rest) = t.strip_prefix(key) {
            let rest = rest.trim_start_matches('"').trim_start();
            if rest.starts_with(['=', '.', ']']) {
                return Some(offset);
            }
        }
        offset += line.len();
    }
    None
}

type TomlSpanned<'i> = toml::Spanned<toml::de::DeValue<'i>>;

/// Convert a TOML table; returns the fields and the span covering them.
fn toml_table(
    text: &str,
    base: usize,
    table: &toml::de::DeTable<'_>,
    depth: usize,
) -> Result<(Vec<Field>, Option<Span>), FrontMatterError> {
    let mut entries: Vec<_> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    let mut fields: Vec<Field> = Vec::with_capacity(entries.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut cover: Option<Span> = None;
    for (k, v) in entries {
        let r = k.span();
        let key_span = Span {
            start: base + r.start,
            end: base + r.end,
        };
        let value = toml_value(text, base, v, depth)?;
        cover = Some(union(cover, key_span));
        cover = Some(union(cover, value.span));
        let key = k.get_ref().to_string();
        let lower = key.to_lowercase();
        if let Some(&idx) = seen.get(&lower)
            && let Some(first) = fields.get(idx)
        {
            return Err(duplicate_error(text, first, &key, key_span));
        }
        seen.insert(lower, fields.len());
        fields.push(Field {
            key,
            key_span,
            value,
        });
    }
    Ok((fields, cover))
}

fn union(a: Option<Span>, b: Span) -> Span {
    match a {
        None => b,
        Some(a) => Span {
            start: a.start.min(b.start),
            end: a.end.max(b.end),
        },
    }
}

fn toml_value(
    text: &str,
    base: usize,
    v: &TomlSpanned<'_>,
    depth: usize,
) -> Result<Value, FrontMatterError> {
    use toml::de::DeValue;
    let r = v.span();
    let mut span = Span {
        start: base + r.start,
        end: base + r.end,
    };
    let kind = match v.get_ref() {
        DeValue::String(s) => ValueKind::Str {
            text: s.to_string(),
            quoted: true,
        },
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => ValueKind::Int(n),
            Err(_) => {
                return Err(FrontMatterError::new(
                    "TOML syntax error: integer out of range",
                    span,
                ));
            }
        },
        DeValue::Float(f) => match toml_float(f.as_str()) {
            Some(x) => ValueKind::Float(x),
            None => {
                return Err(FrontMatterError::new(
                    "TOML syntax error: float out of range",
                    span,
                ));
            }
        },
        DeValue::Boolean(b) => ValueKind::Bool(*b),
        DeValue::Datetime(d) => ValueKind::Datetime(
            text.get(span.start..span.end)
                .map_or_else(|| d.to_string(), str::to_owned),
        ),
        DeValue::Array(items) => {
            if depth >= MAX_DEPTH {
                return Err(depth_error(span));
            }
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                let value = toml_value(text, base, item, depth + 1)?;
                span = union(Some(span), value.span);
                out.push(value);
            }
            ValueKind::List(out)
        }
        DeValue::Table(t) => {
            if depth >= MAX_DEPTH {
                return Err(depth_error(span));
            }
            let (fields, cover) = toml_table(text, base, t, depth + 1)?;
            if let Some(c) = cover {
                span = union(Some(span), c);
            }
            ValueKind::Map(fields)
        }
    };
    Ok(Value { kind, span })
}

fn toml_float(s: &str) -> Option<f64> {
    let unsigned = s.trim_start_matches(['+', '-']);
    let negative = s.starts_with('-');
    let x = match unsigned {
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => {
            let x: f64 = s.parse().ok()?;
            return x.is_finite().then_some(x);
        }
    };
    Some(if negative { -x } else { x })
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

fn json_error(text: &str, base: usize, src: &str, err: &serde_json::Error) -> FrontMatterError {
    let mut rel = 0;
    let line = err.line();
    if line > 0 {
        rel += src
            .split_inclusive('\n')
            .take(line - 1)
            .map(str::len)
            .sum::<usize>();
        rel += err.column().saturating_sub(1);
    }
    let rel = rel.min(src.len());
    let full = err.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) if line > 0 => &full[..i],
        _ => full.as_str(),
    };
    let e = FrontMatterError::new(
        format!("JSON syntax error: {msg}"),
        char_span(text, base + rel),
    );
    if msg.contains("recursion limit") {
        e.with_help(format!(
            "eventlint stops at {MAX_DEPTH} levels of nesting; the file looks corrupted or hostile"
        ))
    } else {
        e
    }
}

fn parse_json(text: &str, base: usize, src: &str) -> Result<Vec<Field>, FrontMatterError> {
    serde_json::from_str::<serde::de::IgnoredAny>(src)
        .map_err(|e| json_error(text, base, src, &e))?;
    let bytes = src.as_bytes();
    let mut b = Builder::new(text);
    b.docs = 1;
    let mut p = 0;
    let at = |s: usize, e: usize| Span {
        start: base + s,
        end: base + e,
    };
    while p < bytes.len() {
        let c = bytes[p];
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' | b':' => p += 1,
            b'{' | b'[' => {
                b.open(c == b'{', at(p, p + 1), 0)?;
                p += 1;
            }
            b'}' | b']' => {
                let (v, _) = b.close(Some(base + p + 1), at(p, p + 1))?;
                b.value(v)?;
                p += 1;
            }
            b'"' => {
                let mut q = p + 1;
                while q < bytes.len() && bytes[q] != b'"' {
                    q += if bytes[q] == b'\\' { 2 } else { 1 };
                }
                let end = (q + 1).min(bytes.len());
                let span = at(p, end);
                let s: String = src
                    .get(p..end)
                    .and_then(|raw| serde_json::from_str(raw).ok())
                    .ok_or_else(|| FrontMatterError::new("invalid JSON string", span))?;
                b.count_nodes(1, span)?;
                if b.expecting_key() {
                    b.key(s, span, false);
                } else {
                    b.value(Value {
                        kind: ValueKind::Str {
                            text: s,
                            quoted: true,
                        },
                        span,
                    })?;
                }
                p = end;
            }
            _ => {
                let mut q = p;
                while q < bytes.len()
                    && !matches!(
                        bytes[q],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b':'
                    )
                {
                    q += 1;
                }
                let span = at(p, q);
                let word = src.get(p..q).unwrap_or("");
                let kind = match word {
                    "true" => ValueKind::Bool(true),
                    "false" => ValueKind::Bool(false),
                    "null" => ValueKind::Null,
                    _ if word.contains(['.', 'e', 'E']) => word
                        .parse::<f64>()
                        .map(ValueKind::Float)
                        .map_err(|_| FrontMatterError::new("invalid JSON number", span))?,
                    _ => match word.parse::<i64>() {
                        Ok(i) => ValueKind::Int(i),
                        Err(_) => word
                            .parse::<f64>()
                            .map(ValueKind::Float)
                            .map_err(|_| FrontMatterError::new("invalid JSON value", span))?,
                    },
                };
                b.count_nodes(1, span)?;
                b.value(Value { kind, span })?;
                p = q.max(p + 1);
            }
        }
    }
    b.finish(Format::Json)
}

// ---------------------------------------------------------------------------
// comments
// ---------------------------------------------------------------------------

/// The `#` comments of a YAML or TOML block: span (from `#` to the end of the
/// line) and text after `#`, trimmed. A simple line scan that skips `#` inside
/// quoted strings (and YAML block scalars); it works on blocks that fail to
/// parse. JSON has no comments.
pub fn comment_lines(text: &str, block: &Block) -> Vec<(Span, String)> {
    let Some(src) = text.get(block.inner.start..block.inner.end) else {
        return Vec::new();
    };
    match block.format {
        Format::Yaml => yaml_comments(src, block.inner.start),
        Format::Toml => toml_comments(src, block.inner.start),
        Format::Json => Vec::new(),
    }
}

fn push_comment(out: &mut Vec<(Span, String)>, base: usize, content: &str, at: usize) {
    let body = content.get(at + 1..).unwrap_or("");
    out.push((
        Span {
            start: base + at,
            end: base + content.len(),
        },
        body.trim().to_string(),
    ));
}

fn yaml_comments(src: &str, base: usize) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    let mut quote: Option<u8> = None;
    let mut block_indent: Option<usize> = None;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let line_base = base + offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let indent = content.len() - content.trim_start_matches(' ').len();
        if let Some(bi) = block_indent {
            if content.trim().is_empty() || indent > bi {
                continue;
            }
            block_indent = None;
        }
        let bytes = content.as_bytes();
        let mut prev: Option<u8> = None; // previous non-blank byte on this line
        let mut comment = None;
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i];
            if let Some(q) = quote {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quote = None;
                }
                prev = Some(c);
                i += 1;
                continue;
            }
            match c {
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => {
                    comment = Some(i);
                    break;
                }
                b'"' | b'\''
                    if matches!(prev, None | Some(b':' | b'-' | b'[' | b'{' | b',' | b'?')) =>
                {
                    quote = Some(c);
                }
                _ => {}
            }
            if c != b' ' && c != b'\t' {
                prev = Some(c);
            }
            i += 1;
        }
        if let Some(at) = comment {
            push_comment(&mut out, line_base, content, at);
        }
        let code = &content[..comment.unwrap_or(content.len())];
        if quote.is_none() && opens_block_scalar(code) {
            block_indent = Some(indent);
        }
    }
    out
}

/// Does this line end with a block scalar header (`key: |`, `- >-`, …)?
fn opens_block_scalar(code: &str) -> bool {
    let mut words = code.split_whitespace().rev();
    let Some(last) = words.next() else {
        return false;
    };
    let mut chars = last.chars();
    if !matches!(chars.next(), Some('|' | '>'))
        || !chars.all(|c| c.is_ascii_digit() || c == '+' || c == '-')
    {
        return false;
    }
    for w in words {
        if w.starts_with(['&', '!']) {
            continue;
        }
        return w.ends_with(':') || w == "-" || w == "?";
    }
    true
}

fn toml_comments(src: &str, base: usize) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    // (quote byte, triple-quoted) of a string still open at the end of a line
    let mut open: Option<(u8, bool)> = None;
    let mut offset = 0;
    for line in src.split_inclusive('\n') {
        let line_base = base + offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let bytes = content.as_bytes();
        let mut i = 0;
        let mut comment = None;
        while i < bytes.len() {
            let c = bytes[i];
            if let Some((q, triple)) = open {
                if q == b'"' && c == b'\\' {
                    i += 2;
                    continue;
                }
                if c == q {
                    if !triple {
                        open = None;
                    } else if bytes[i..].starts_with(&[q, q, q]) {
                        open = None;
                        i += 3;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            match c {
                b'#' => {
                    comment = Some(i);
                    break;
                }
                b'"' | b'\'' => {
                    if bytes[i..].starts_with(&[c, c, c]) {
                        open = Some((c, true));
                        i += 3;
                        continue;
                    }
                    open = Some((c, false));
                }
                _ => {}
            }
            i += 1;
        }
        if let Some((_, false)) = open {
            open = None; // single-line strings end with the line
        }
        if let Some(at) = comment {
            push_comment(&mut out, line_base, content, at);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    fn block(text: &str) -> Block {
        match split(text) {
            Ok(Some(b)) => b,
            other => panic!("expected a block, got {other:?}"),
        }
    }

    fn fm(text: &str) -> FrontMatter {
        let b = block(text);
        match parse(text, &b) {
            Ok(m) => m,
            Err(e) => panic!("parse failed: {e:?}"),
        }
    }

    fn parse_err(text: &str) -> FrontMatterError {
        let b = block(text);
        match parse(text, &b) {
            Ok(m) => panic!("expected an error, got {m:?}"),
            Err(e) => e,
        }
    }

    fn kind<'a>(m: &'a FrontMatter, key: &str) -> &'a ValueKind {
        match m.get(key) {
            Some(f) => &f.value.kind,
            None => panic!("no key {key}"),
        }
    }

    fn s(text: &str, quoted: bool) -> ValueKind {
        ValueKind::Str {
            text: text.to_string(),
            quoted,
        }
    }

    /// Run `f` and fail if it takes longer than `secs` (debug builds included).
    fn within<T>(secs: u64, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let out = f();
        let took = t.elapsed();
        assert!(took < Duration::from_secs(secs), "took {took:?}");
        out
    }

    /// split + parse must end in an error (either step).
    fn hostile(text: &str) -> FrontMatterError {
        within(5, || match split(text) {
            Err(e) => e,
            Ok(None) => panic!("no front matter found"),
            Ok(Some(b)) => match parse(text, &b) {
                Ok(_) => panic!("hostile input parsed"),
                Err(e) => e,
            },
        })
    }

    const EVENT_2: &str = "---\ntitle: \"Event 2\"\ndate: \"2025-09-09\"\nweight: 1\nchapter: false\npre: \" <b> 4.2. </b> \"\n---\n\n# Event Takeaways: \"AWS Cloud Mastery Series #2 – DevOps on AWS\"\n";
    const EVENT_3: &str = "---\ntitle: \"Event 3\"\ndate: 2025-11-17\nweight: 4\nchapter: false\npre: \"<b> 4.4. </b>\"\n---\n\n# Summary Report: AWS Cloud Mastery Series #2 – DevOps on AWS\n";

    // ---- split -----------------------------------------------------------

    #[test]
    fn split_yaml_basic() {
        let t = "---\ntitle: x\n---\nbody\n";
        let b = block(t);
        assert_eq!(b.format, Format::Yaml);
        assert_eq!(slice(t, b.span), "---\ntitle: x\n---");
        assert_eq!(slice(t, b.inner), "title: x\n");
        assert_eq!(&t[b.body_start..], "body\n");
    }

    #[test]
    fn split_skips_bom_and_leading_whitespace() {
        let t = "\u{feff} \t\r\n\u{b}\u{c}\n---\ntitle: x\n---\nbody";
        let b = block(t);
        assert_eq!(b.span.start, t.find("---").unwrap_or(usize::MAX));
        assert_eq!(slice(t, b.inner), "title: x\n");
        assert_eq!(&t[b.body_start..], "body");
        assert_eq!(fm(t).fields.len(), 1);
    }

    #[test]
    fn split_non_ascii_space_is_not_skipped() {
        assert_eq!(split("\u{a0}---\na: 1\n---\n"), Ok(None));
    }

    #[test]
    fn split_crlf() {
        let t = "---\r\ntitle: x\r\n---\r\nbody\r\n";
        let b = block(t);
        assert_eq!(slice(t, b.inner), "title: x\r\n");
        assert_eq!(&t[b.body_start..], "body\r\n");
        let m = fm(t);
        assert_eq!(slice(t, m.fields[0].value.span), "x");
    }

    #[test]
    fn split_lone_cr_line_endings() {
        let t = "---\rtitle: x\r---\rbody\r";
        let b = block(t);
        assert_eq!(slice(t, b.inner), "title: x\r");
        assert_eq!(&t[b.body_start..], "body\r");
        assert_eq!(kind(&fm(t), "title"), &s("x", false));
    }

    #[test]
    fn split_four_dashes_close_and_rest_is_body() {
        let t = "---\ntitle: a\n----\nbody\n";
        let b = block(t);
        assert_eq!(slice(t, b.inner), "title: a\n");
        assert_eq!(&t[b.body_start..], "-\nbody\n");
    }

    #[test]
    fn split_closer_with_comment_closes() {
        let t = "---\ntitle: a\n--- # c\nbody\n";
        let b = block(t);
        assert_eq!(slice(t, b.inner), "title: a\n");
        assert_eq!(&t[b.body_start..], " # c\nbody\n");
    }

    #[test]
    fn split_dots_do_not_close() {
        let t = "---\ntitle: a\n...\nmore: b\n---\nbody\n";
        let b = block(t);
        assert_eq!(slice(t, b.inner), "title: a\n...\nmore: b\n");
        // Hugo uses the first YAML document only.
        let m = fm(t);
        assert_eq!(m.fields.len(), 1);
        assert_eq!(m.fields[0].key, "title");
    }

    #[test]
    fn split_empty_block_is_empty_map() {
        let t = "---\n---\nbody";
        let b = block(t);
        assert_eq!(b.inner, Span { start: 4, end: 4 });
        assert_eq!(&t[b.body_start..], "body");
        assert!(fm(t).fields.is_empty());
    }

    #[test]
    fn split_list_item_start_is_an_error() {
        let t = "- item one\n- item two\n";
        let e = split(t).unwrap_err();
        assert_eq!(e.message, "invalid YAML front matter delimiter");
        assert_eq!(slice(t, e.span), "- item one");
        assert!(e.help.unwrap_or_default().contains("list item"));
        assert!(split("--x\n").is_err());
        assert!(split("+ x\n").is_err());
    }

    #[test]
    fn split_org_and_plain_text_have_no_front_matter() {
        assert_eq!(split("#+title: x\nbody"), Ok(None));
        assert_eq!(split("# Heading\n---\na: 1\n---\n"), Ok(None));
        assert_eq!(split("Hello\n"), Ok(None));
        assert_eq!(split(""), Ok(None));
        assert_eq!(split(" \n\u{feff}"), Ok(None));
    }

    #[test]
    fn split_never_closed() {
        let t = "\n---\ntitle: a\nbody without closer\n";
        let e = split(t).unwrap_err();
        assert_eq!(e.message, "front matter is never closed");
        assert_eq!(e.span, Span { start: 1, end: 4 });
        assert!(e.help.is_some());
        assert!(split("---").is_err());
        assert!(split("+++\na = 1\n").is_err());
    }

    #[test]
    fn split_opener_rest_of_line_is_front_matter() {
        // Hugo feeds the rest of the opening line to the parser.
        let t = "--- # comment\ntitle: a\n---\n";
        let b = block(t);
        assert_eq!(slice(t, b.inner), " # comment\ntitle: a\n");
        assert_eq!(kind(&fm(t), "title"), &s("a", false));
    }

    #[test]
    fn split_closer_at_eof() {
        let t = "+++\na = 1\n+++";
        let b = block(t);
        assert_eq!(b.format, Format::Toml);
        assert_eq!(b.body_start, t.len());
        assert_eq!(slice(t, b.span), t);
    }

    #[test]
    fn split_json_depth_ignores_braces_in_strings() {
        let t = "{\"a\": \"}{\", \"b\": {\"c\": \"\\\"}\"}}\r\nbody";
        let b = block(t);
        assert_eq!(b.format, Format::Json);
        assert_eq!(
            slice(t, b.inner),
            "{\"a\": \"}{\", \"b\": {\"c\": \"\\\"}\"}}"
        );
        assert_eq!(b.span, b.inner);
        assert_eq!(&t[b.body_start..], "body");
        let m = fm(t);
        assert_eq!(kind(&m, "a"), &s("}{", true));
        let inner = m.get("b").and_then(|f| f.value.get("c"));
        assert_eq!(inner.map(|f| slice(t, f.value.span)), Some("\"\\\"}\""));
    }

    #[test]
    fn split_json_never_closed() {
        let e = split("{\"a\": {\"b\": 1}\n").unwrap_err();
        assert_eq!(e.span, Span { start: 0, end: 1 });
    }

    // ---- YAML values and spans --------------------------------------------

    #[test]
    fn event_2_example() {
        let t = EVENT_2;
        let m = fm(t);
        assert_eq!(m.format, Format::Yaml);
        let keys: Vec<&str> = m.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(keys, ["title", "date", "weight", "chapter", "pre"]);
        let title = m.get("title").unwrap();
        assert_eq!(slice(t, title.key_span), "title");
        assert_eq!(slice(t, title.value.span), "\"Event 2\"");
        assert_eq!(title.value.kind, s("Event 2", true));
        assert_eq!(kind(&m, "date"), &s("2025-09-09", true));
        assert_eq!(kind(&m, "weight"), &ValueKind::Int(1));
        assert_eq!(kind(&m, "chapter"), &ValueKind::Bool(false));
        assert_eq!(kind(&m, "pre"), &s(" <b> 4.2. </b> ", true));
        assert_eq!(
            slice(t, m.get("pre").unwrap().value.span),
            "\" <b> 4.2. </b> \""
        );
        assert_eq!(slice(t, m.block), &t[..t.find("\n---\n").unwrap() + 4]);
    }

    #[test]
    fn event_3_example_unquoted_date_is_string() {
        let t = EVENT_3;
        let m = fm(t);
        let date = m.get("date").unwrap();
        assert_eq!(date.value.kind, s("2025-11-17", false));
        assert_eq!(slice(t, date.value.span), "2025-11-17");
        assert_eq!(slice(t, date.key_span), "date");
        assert_eq!(kind(&m, "weight"), &ValueKind::Int(4));
        let b = block(t);
        assert!(t[b.body_start..].starts_with("\n# Summary Report"));
    }

    #[test]
    fn yaml_booleans_are_yaml_1_2() {
        let t = "---\na: true\nb: True\nc: TRUE\nd: false\ne: yes\nf: no\ng: on\nh: off\ni: tRue\nj: Yes\n---\n";
        let m = fm(t);
        assert_eq!(kind(&m, "a"), &ValueKind::Bool(true));
        assert_eq!(kind(&m, "b"), &ValueKind::Bool(true));
        assert_eq!(kind(&m, "c"), &ValueKind::Bool(true));
        assert_eq!(kind(&m, "d"), &ValueKind::Bool(false));
        assert_eq!(kind(&m, "e"), &s("yes", false));
        assert_eq!(kind(&m, "f"), &s("no", false));
        assert_eq!(kind(&m, "g"), &s("on", false));
        assert_eq!(kind(&m, "h"), &s("off", false));
        assert_eq!(kind(&m, "i"), &s("tRue", false));
        assert_eq!(kind(&m, "j"), &s("Yes", false));
    }

    #[test]
    fn yaml_dates_stay_strings() {
        let t =
            "---\na: 2025-09-09\nb: '2025-09-09'\nc: 2025-09-09T10:00:00+07:00\nd: 2025-9-9\n---\n";
        let m = fm(t);
        assert_eq!(kind(&m, "a"), &s("2025-09-09", false));
        assert_eq!(kind(&m, "b"), &s("2025-09-09", true));
        assert_eq!(slice(t, m.get("b").unwrap().value.span), "'2025-09-09'");
        assert_eq!(kind(&m, "c"), &s("2025-09-09T10:00:00+07:00", false));
        assert_eq!(kind(&m, "d"), &s("2025-9-9", false));
    }

    #[test]
    fn yaml_nulls() {
        let t = "---\na: ~\nb: null\nc:\nd: NULL\ne: nULL\n---\n";
        let m = fm(t);
        for k in ["a", "b", "c", "d"] {
            assert_eq!(kind(&m, k), &ValueKind::Null, "{k}");
        }
        assert_eq!(kind(&m, "e"), &s("nULL", false));
        let c = m.get("c").unwrap();
        let after_colon = t.find("c:").unwrap_or(0) + 2;
        assert_eq!(
            c.value.span,
            Span {
                start: after_colon,
                end: after_colon
            }
        );
        assert_eq!(slice(t, m.get("a").unwrap().value.span), "~");
    }

    #[test]
    fn yaml_numbers_like_hugo() {
        let t = "---\na: 1\nb: -0x1F\nc: 017\nd: 1_000\ne: 1e3\nf: 1.5e3\ng: .inf\nh: 08\ni: 9223372036854775808\nj: 0o17\nk: 0b101\nl: +12\nm: .5\nn: -.inf\no: 1.2.3\n---\n";
        let m = fm(t);
        assert_eq!(kind(&m, "a"), &ValueKind::Int(1));
        assert_eq!(kind(&m, "b"), &ValueKind::Int(-31));
        assert_eq!(kind(&m, "c"), &ValueKind::Int(15));
        assert_eq!(kind(&m, "d"), &ValueKind::Int(1000));
        assert_eq!(kind(&m, "e"), &s("1e3", false));
        assert_eq!(kind(&m, "f"), &ValueKind::Float(1500.0));
        assert_eq!(kind(&m, "g"), &ValueKind::Float(f64::INFINITY));
        assert_eq!(kind(&m, "h"), &s("08", false));
        assert_eq!(
            kind(&m, "i"),
            &ValueKind::Float(9_223_372_036_854_775_808.0)
        );
        assert_eq!(kind(&m, "j"), &ValueKind::Int(15));
        assert_eq!(kind(&m, "k"), &ValueKind::Int(5));
        assert_eq!(kind(&m, "l"), &ValueKind::Int(12));
        assert_eq!(kind(&m, "m"), &ValueKind::Float(0.5));
        assert_eq!(kind(&m, "n"), &ValueKind::Float(f64::NEG_INFINITY));
        assert_eq!(kind(&m, "o"), &s("1.2.3", false));
        assert_eq!(slice(t, m.get("b").unwrap().value.span), "-0x1F");
    }

    #[test]
    fn yaml_block_scalar_span_covers_the_whole_scalar() {
        let t =
            "---\ndesc: |-\n  line one\n  # not a comment\n\nnext: >\n  folded\n  text\n\n---\n";
        let m = fm(t);
        let d = m.get("desc").unwrap();
        assert_eq!(slice(t, d.value.span), "|-\n  line one\n  # not a comment");
        assert_eq!(d.value.kind, s("line one\n# not a comment", false));
        let n = m.get("next").unwrap();
        assert_eq!(slice(t, n.value.span), ">\n  folded\n  text");
        assert_eq!(n.value.kind, s("folded text\n", false));
    }

    #[test]
    fn yaml_nested_spans() {
        let t = "---\ntags: [a, \"b\"]\nmenu:\n  main:\n    weight: 2\nlist:\n  - x\n  - y: z\nplain: multi\n  line value\n---\n";
        let m = fm(t);
        let tags = m.get("tags").unwrap();
        assert_eq!(slice(t, tags.value.span), "[a, \"b\"]");
        let ValueKind::List(items) = &tags.value.kind else {
            panic!("not a list")
        };
        assert_eq!(slice(t, items[1].span), "\"b\"");
        let menu = m.get("menu").unwrap();
        assert_eq!(slice(t, menu.value.span), "main:\n    weight: 2");
        let w = menu
            .value
            .get("main")
            .and_then(|f| f.value.get("weight"))
            .unwrap();
        assert_eq!(slice(t, w.key_span), "weight");
        assert_eq!(slice(t, w.value.span), "2");
        let list = m.get("list").unwrap();
        assert_eq!(slice(t, list.value.span), "- x\n  - y: z");
        let plain = m.get("plain").unwrap();
        assert_eq!(slice(t, plain.value.span), "multi\n  line value");
        assert_eq!(plain.value.kind, s("multi line value", false));
    }

    #[test]
    fn yaml_unicode_spans() {
        let t = "\u{feff}---\ntiêu_đề: \"Sự kiện 2\"\nmô tả: Việt Nam\n---\n";
        let m = fm(t);
        let f = &m.fields[0];
        assert_eq!(slice(t, f.key_span), "tiêu_đề");
        assert_eq!(slice(t, f.value.span), "\"Sự kiện 2\"");
        assert_eq!(slice(t, m.fields[1].value.span), "Việt Nam");
    }

    #[test]
    fn yaml_duplicate_key_points_at_second() {
        let t = "---\ntitle: a\nweight: 1\ntitle: b\n---\n";
        let e = parse_err(t);
        assert_eq!(e.span.start, t.rfind("title").unwrap_or(0));
        assert_eq!(slice(t, e.span), "title");
        assert!(e.message.contains("duplicate key `title`"));
        assert!(e.help.unwrap_or_default().contains("line 2"));
    }

    #[test]
    fn yaml_duplicate_key_ignores_case() {
        let t = "---\npublishDate: 2025-01-01\npublishdate: 2025-01-02\n---\n";
        let e = parse_err(t);
        assert_eq!(slice(t, e.span), "publishdate");
        assert!(e.message.contains("publishDate"));
        assert!(e.help.unwrap_or_default().contains("line 2"));
    }

    #[test]
    fn yaml_duplicate_key_in_nested_map() {
        let t = "---\nparams:\n  a: 1\n  a: 2\n---\n";
        let e = parse_err(t);
        assert_eq!(e.span.start, t.rfind("a:").unwrap_or(0));
        assert!(e.help.unwrap_or_default().contains("line 3"));
    }

    #[test]
    fn yaml_get_is_case_insensitive_and_keeps_spelling() {
        let t = "---\nPublishDate: 2025-01-01\n---\n";
        let m = fm(t);
        let f = m.get("publishdate").unwrap();
        assert_eq!(f.key, "PublishDate");
        assert!(m.get("PUBLISHDATE").is_some());
        assert!(m.get("date").is_none());
    }

    /// `get`'s ASCII shortcut finds what the plain `keys_equal` scan finds, for
    /// ASCII and non-ASCII keys on either side (the Kelvin sign lower-cases to
    /// ASCII `k`, `İ` to two characters).
    #[test]
    fn get_agrees_with_the_plain_scan() {
        let blocks = [
            "---\ntitle: a\ndate: b\nWeight: 1\npre: c\nDescription: d\n---\n",
            "---\ntitle: a\n\"\u{212A}ey\": b\n\"Ünï\": c\n\"İd\": d\n---\n",
            "---\n\"ß\": a\nkey2: b\n---\n",
        ];
        let queries = [
            "title",
            "TITLE",
            "Title",
            "date",
            "weight",
            "WEIGHT",
            "pre",
            "description",
            "tag",
            "",
            "key",
            "KEY",
            "\u{212A}ey",
            "ünï",
            "ÜNÏ",
            "id",
            "i\u{307}d",
            "İd",
            "ß",
            "ss",
            "key2",
            "KEY2",
            "titl",
            "titles",
        ];
        let mut found = 0;
        for text in blocks {
            let m = fm(text);
            assert_eq!(m.ascii_keys, m.fields.iter().all(|f| f.key.is_ascii()));
            for q in queries {
                let plain = m.fields.iter().find(|f| keys_equal(&f.key, q));
                let got = m.get(q);
                assert_eq!(
                    got.map(|f| &f.key),
                    plain.map(|f| &f.key),
                    "{q:?} in {text:?}"
                );
                found += usize::from(got.is_some());
            }
        }
        assert!(found >= 15, "{found}");
        // The Kelvin sign is found by an ASCII key through the full comparison.
        assert_eq!(
            fm(blocks[1]).get("key").map(|f| f.key.as_str()),
            Some("\u{212A}ey")
        );
    }

    #[test]
    fn yaml_broken_flow_points_at_bracket() {
        let t = "---\ntitle: x\ntags: [a, b\n---\n";
        let e = parse_err(t);
        assert_eq!(slice(t, e.span), "[");
        assert!(e.message.starts_with("YAML syntax error"));
    }

    #[test]
    fn yaml_colon_in_plain_value_is_an_error_with_help() {
        let t = "---\ntitle: Event 2: DevOps\n---\n";
        let e = parse_err(t);
        assert!(e.span.start > t.find("title").unwrap_or(0));
        assert!(e.span.end <= t.find("\n---\n").unwrap_or(usize::MAX) + 1);
        assert!(e.help.unwrap_or_default().contains("quotes"));
    }

    #[test]
    fn yaml_tab_indentation_is_an_error() {
        let t = "---\nparams:\n\tx: 1\n---\n";
        let e = parse_err(t);
        assert!(e.span.start >= t.find('\t').unwrap_or(0) - 1);
    }

    #[test]
    fn yaml_top_level_must_be_a_map() {
        let e = parse_err("---\n- a\n- b\n---\n");
        assert!(e.message.contains("not a list"));
        let e = parse_err("---\nhello\n---\n");
        assert!(e.message.contains("not a string"));
        let e = parse_err("---\n~\n---\n");
        assert!(e.message.contains("not a null"));
        assert!(fm("---\n# only a comment\n---\n").fields.is_empty());
    }

    #[test]
    fn yaml_later_document_errors_still_count() {
        assert!(split("---\na: 1\n...\nb: [\n---\n").is_ok());
        parse_err("---\na: 1\n...\nb: [\n---\n");
    }

    #[test]
    fn yaml_anchors_aliases_and_merge() {
        let t = "---\nbase: &b {x: 1, y: 2}\nc:\n  <<: *b\n  y: 3\nd: *b\n---\n";
        let m = fm(t);
        let c = m.get("c").unwrap();
        let keys: Vec<(&str, &ValueKind)> = match &c.value.kind {
            ValueKind::Map(f) => f.iter().map(|f| (f.key.as_str(), &f.value.kind)).collect(),
            _ => panic!("not a map"),
        };
        assert_eq!(keys, [("x", &ValueKind::Int(1)), ("y", &ValueKind::Int(3))]);
        let d = m.get("d").unwrap();
        assert_eq!(slice(t, d.value.span), "*b");
        assert!(matches!(&d.value.kind, ValueKind::Map(f) if f.len() == 2));
    }

    #[test]
    fn yaml_core_tags() {
        let t = "---\na: !!str 12\nb: !!int \"12\"\nc: !foo bar\nd: !!float 1\n---\n";
        let m = fm(t);
        assert_eq!(kind(&m, "a"), &s("12", false));
        assert_eq!(kind(&m, "b"), &ValueKind::Int(12));
        assert_eq!(kind(&m, "c"), &s("bar", false));
        assert_eq!(kind(&m, "d"), &ValueKind::Float(1.0));
        parse_err("---\na: !!int abc\n---\n");
    }

    #[test]
    fn yaml_non_string_keys_are_stringified() {
        let m = fm("---\n1: a\ntrue: b\n---\n");
        assert!(m.get("1").is_some());
        assert!(m.get("true").is_some());
        let e = parse_err("---\n? [a, b]\n: 1\n---\n");
        assert!(e.message.contains("key"));
    }

    // ---- TOML -------------------------------------------------------------

    #[test]
    fn toml_values_spans_and_order() {
        let t = "+++\ntitle = \"Event 2\"\nweight = 4\ndraft = false\nratio = 1.5\ntags = [\"a\", 'b']\n[params]\nx = 1\n+++\nbody";
        let m = fm(t);
        assert_eq!(m.format, Format::Toml);
        let keys: Vec<&str> = m.fields.iter().map(|f| f.key.as_str()).collect();
        assert_eq!(
            keys,
            ["title", "weight", "draft", "ratio", "tags", "params"]
        );
        let title = m.get("title").unwrap();
        assert_eq!(slice(t, title.key_span), "title");
        assert_eq!(slice(t, title.value.span), "\"Event 2\"");
        assert_eq!(title.value.kind, s("Event 2", true));
        assert_eq!(kind(&m, "weight"), &ValueKind::Int(4));
        assert_eq!(kind(&m, "draft"), &ValueKind::Bool(false));
        assert_eq!(kind(&m, "ratio"), &ValueKind::Float(1.5));
        let tags = m.get("tags").unwrap();
        assert_eq!(slice(t, tags.value.span), "[\"a\", 'b']");
        let params = m.get("params").unwrap();
        assert_eq!(slice(t, params.key_span), "params");
        assert_eq!(slice(t, params.value.span), "[params]\nx = 1");
    }

    #[test]
    fn toml_native_dates_as_written() {
        let t = "+++\na = 2025-09-09\nb = 2025-09-09T10:00:00+07:00\nc = 2025-09-09 10:00:00\nd = \"2025-09-09\"\n+++\n";
        let m = fm(t);
        assert_eq!(kind(&m, "a"), &ValueKind::Datetime("2025-09-09".into()));
        assert_eq!(
            kind(&m, "b"),
            &ValueKind::Datetime("2025-09-09T10:00:00+07:00".into())
        );
        assert_eq!(
            kind(&m, "c"),
            &ValueKind::Datetime("2025-09-09 10:00:00".into())
        );
        assert_eq!(kind(&m, "d"), &s("2025-09-09", true));
        assert_eq!(slice(t, m.get("a").unwrap().value.span), "2025-09-09");
    }

    #[test]
    fn toml_duplicate_key() {
        let t = "+++\ntitle = \"a\"\nweight = 1\ntitle = \"b\"\n+++\n";
        let e = parse_err(t);
        assert_eq!(e.span.start, t.rfind("title").unwrap_or(0));
        assert!(e.message.contains("duplicate key"));
        assert!(e.help.unwrap_or_default().contains("line 2"));
    }

    #[test]
    fn toml_duplicate_key_ignores_case() {
        let t = "+++\nTitle = \"a\"\ntitle = \"b\"\n+++\n";
        let e = parse_err(t);
        assert_eq!(slice(t, e.span), "title");
        assert!(e.help.unwrap_or_default().contains("line 2"));
    }

    #[test]
    fn toml_broken_points_at_error() {
        let t = "+++\ntitle = \"a\"\ndate = \n+++\n";
        let e = parse_err(t);
        assert!(e.message.starts_with("TOML syntax error"));
        let line_start = t.find("date").unwrap_or(0);
        assert!(e.span.start >= line_start && e.span.start <= line_start + 8);
        assert_eq!(slice(t, e.span), "date =");
        assert!(e.message.contains("`date` has no value"));
        let t = "+++\ntitle = unquoted words\n+++\n";
        let e = parse_err(t);
        assert!(e.span.start >= t.find("unquoted").unwrap_or(0));
    }

    // ---- JSON -------------------------------------------------------------

    #[test]
    fn json_values_and_spans() {
        let t = "{\n  \"title\": \"Event 2\",\n  \"weight\": 3,\n  \"ratio\": 1.0,\n  \"draft\": false,\n  \"x\": null,\n  \"tags\": [\"a\", {\"b\": 1}]\n}\nbody";
        let m = fm(t);
        assert_eq!(m.format, Format::Json);
        let title = m.get("title").unwrap();
        assert_eq!(slice(t, title.key_span), "\"title\"");
        assert_eq!(title.key, "title");
        assert_eq!(slice(t, title.value.span), "\"Event 2\"");
        assert_eq!(kind(&m, "weight"), &ValueKind::Int(3));
        assert_eq!(kind(&m, "ratio"), &ValueKind::Float(1.0));
        assert_eq!(kind(&m, "draft"), &ValueKind::Bool(false));
        assert_eq!(kind(&m, "x"), &ValueKind::Null);
        let tags = m.get("tags").unwrap();
        assert_eq!(slice(t, tags.value.span), "[\"a\", {\"b\": 1}]");
        assert_eq!(&t[block(t).body_start..], "body");
    }

    #[test]
    fn json_broken_points_at_error() {
        let t = "{\n  \"title\": \"a\",\n  \"weight\": ,\n}\n";
        let e = parse_err(t);
        assert!(e.message.starts_with("JSON syntax error"));
        assert_eq!(slice(t, e.span), ",");
        assert_eq!(e.span.start, t.find(": ,").unwrap_or(0) + 2);
    }

    #[test]
    fn json_duplicate_key() {
        let t = "{\"title\": \"a\", \"Title\": \"b\"}";
        let e = parse_err(t);
        assert_eq!(slice(t, e.span), "\"Title\"");
    }

    // ---- hostile input ----------------------------------------------------

    #[test]
    fn hostile_yaml_alias_bomb() {
        let mut t = String::from(
            "---\na0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 1..10 {
            let p = i - 1;
            t.push_str(&format!(
                "a{i}: &a{i} [*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p},*a{p}]\n"
            ));
        }
        t.push_str("---\n");
        let e = hostile(&t);
        assert!(
            e.message.contains("values") || e.message.contains("alias"),
            "{e:?}"
        );
    }

    #[test]
    fn hostile_yaml_alias_cap_per_collection() {
        let mut t = String::from("---\na: &a [1]\nb: [");
        t.push_str(&vec!["*a"; 150].join(","));
        t.push_str("]\n---\n");
        let e = hostile(&t);
        assert!(e.message.contains("aliased more than 100 times"), "{e:?}");
    }

    #[test]
    fn hostile_yaml_nested_anchors_do_not_multiply() {
        let mut t = String::from("---\na: ");
        for i in 0..60 {
            t.push_str(&format!("&a{i} ["));
        }
        t.push_str(&vec!["1"; 70_000].join(","));
        t.push_str(&"]".repeat(60));
        t.push_str("\n---\n");
        let e = hostile(&t);
        assert!(e.message.contains("values"), "{e:?}");
    }

    #[test]
    fn hostile_yaml_recursive_alias() {
        hostile("---\na: &a [*a]\n---\n");
    }

    #[test]
    fn hostile_yaml_deep_flow() {
        let t = format!(
            "---\na: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let e = hostile(&t);
        assert!(e.span.start > 4 && e.span.start < 200, "{e:?}");
    }

    #[test]
    fn hostile_yaml_deep_block() {
        let t = format!("---\na:\n{}x\n---\n", "- ".repeat(100_000));
        hostile(&t);
        let mut t = String::from("---\n");
        for i in 0..100 {
            t.push_str(&" ".repeat(i));
            t.push_str("k:\n");
        }
        t.push_str("---\n");
        hostile(&t);
    }

    #[test]
    fn hostile_json_deep() {
        let t = format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000));
        hostile(&t);
        // Small enough for the size cap: hits the depth limit instead.
        let t = format!("{}1{}", "{\"a\":".repeat(20_000), "}".repeat(20_000));
        let e = hostile(&t);
        assert!(
            e.message.contains("nested") || e.message.contains("recursion"),
            "{e:?}"
        );
        let t = format!("{{\"a\":{}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        hostile(&t);
    }

    #[test]
    fn hostile_toml_deep() {
        let t = format!(
            "+++\na = {}{}\n+++\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        hostile(&t);
        let t = format!("+++\n{} = 1\n+++\n", vec!["a"; 10_000].join("."));
        hostile(&t);
    }

    #[test]
    fn hostile_one_megabyte_line() {
        let t = format!("---\ntitle: \"{}\"\n---\n", "a".repeat(1 << 20));
        let e = hostile(&t);
        assert!(e.message.contains("KiB"), "{e:?}");
        let t = format!("---\ntitle: {}", "a".repeat(1 << 20));
        hostile(&t);
        let t = format!("{{\"a\": \"{}", "b".repeat(1 << 20));
        hostile(&t);
    }

    #[test]
    fn hostile_nul_bytes() {
        let t = "---\ntitle: \"a\0b\"\n---\n";
        let e = hostile(t);
        assert_eq!(slice(t, e.span), "\0");
        assert_eq!(e.span.start, t.find('\0').unwrap_or(0));
        hostile("+++\na = \"\0\"\n+++\n");
        hostile("{\"a\": \"\0\"}");
    }

    // ---- comments ---------------------------------------------------------

    #[test]
    fn comments_yaml() {
        let t = "--- # opener\n# eventlint-disable-next-line date-format\ndate: 2025-9-9 # inline\ntitle: \"a # not\"\nq: 'it''s # not'\nw: it's # yes\nd: |\n  # inside block\nurl: http://x#frag\n---\n# body\n";
        let b = block(t);
        let c = comment_lines(t, &b);
        let texts: Vec<&str> = c.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            texts,
            [
                "opener",
                "eventlint-disable-next-line date-format",
                "inline",
                "yes"
            ]
        );
        assert_eq!(
            slice(t, c[1].0),
            "# eventlint-disable-next-line date-format"
        );
        assert_eq!(slice(t, c[2].0), "# inline");
    }

    #[test]
    fn comments_toml_and_json() {
        let t = "+++\n# top\ntitle = \"a # no\" # yes\nx = '''\n# no\n'''\n+++\n";
        let b = block(t);
        let c = comment_lines(t, &b);
        let texts: Vec<&str> = c.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(texts, ["top", "yes"]);
        assert_eq!(slice(t, c[1].0), "# yes");
        let j = "{\"a\": \"# no\"}";
        assert!(comment_lines(j, &block(j)).is_empty());
    }

    #[test]
    fn parse_rejects_a_block_outside_the_text() {
        let b = Block {
            format: Format::Yaml,
            span: Span { start: 0, end: 50 },
            inner: Span { start: 4, end: 40 },
            body_start: 50,
        };
        assert!(parse("---\n", &b).is_err());
    }
}
