//! Byte spans into a file's text, and their places as lines and columns. Every finding
//! carries a span; its line and column are computed once, while the file's text is in hand.

use serde::Serialize;

/// A half-open byte range `start..end` into the text of one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start,
            end: end.max(start),
        }
    }

    /// An empty span at `at`: the place where something missing should have been.
    pub fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// The same range moved by `by` bytes (a body offset turned into a file offset).
    pub fn shift(self, by: usize) -> Self {
        Span {
            start: self.start + by,
            end: self.end + by,
        }
    }
}

impl From<std::ops::Range<usize>> for Span {
    fn from(r: std::ops::Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

/// Line starts of a text, for turning byte offsets into 1-based line and column.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                // A lone CR ends a line too (old Mac files); CRLF counts once, at the LF.
                _ if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
        }
        LineIndex { starts }
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line, col + 1)
    }

    /// Byte offsets where the lines start, in order (the first is 0).
    pub fn starts(&self) -> &[usize] {
        &self.starts
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }
}

/// A 1-based line and column; columns count characters (Unicode scalar values). Stored as
/// `u32` (a linted file is at most 8 MiB), to keep the findings of a large run small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Position {
    pub line: u32,
    pub column: u32,
}

/// Where a span is: its start, and its exclusive end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    pub start: Position,
    pub end: Position,
}

impl Region {
    pub fn is_single_line(&self) -> bool {
        self.start.line == self.end.line
    }
}

/// A file's text with its line index, to turn spans into regions.
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
}

/// A count as stored in a [`Position`] (saturating: only a text over 4 GiB could exceed it).
pub(crate) fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            index: LineIndex::new(text),
        }
    }

    fn position(&self, offset: usize) -> Position {
        let (line, column) = self.index.line_col(self.text, offset);
        Position {
            line: small(line),
            column: small(column),
        }
    }

    /// The region of `span`. A span that ends with its line's terminator ends on that line
    /// (after its last character), not at column 1 of the next one.
    pub fn region(&self, span: Span) -> Region {
        let start_offset = span.start.min(self.text.len());
        let end_offset = span.end.min(self.text.len()).max(start_offset);
        let start = self.position(start_offset);
        let mut end = self.position(end_offset);
        if end_offset > start_offset && end.column == 1 && end.line > start.line {
            let line = end.line - 1;
            let text = self.line_text(line as usize);
            end = Position {
                line,
                column: small(text.chars().count() + 1),
            };
        }
        Region { start, end }
    }

    /// The text of 1-based `line`, without its terminator.
    pub fn line_text(&self, line: usize) -> &'a str {
        let Some(start) = self.index.line_start(line) else {
            return "";
        };
        let end = self
            .index
            .line_start(line + 1)
            .unwrap_or(self.text.len())
            .min(self.text.len());
        self.text
            .get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_and_line_endings() {
        let text = "ab\r\ncd\ré\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 4), (2, 1));
        assert_eq!(idx.line_col(text, 7), (3, 1));
        assert_eq!(idx.line_col(text, 10), (4, 1));
        assert_eq!(idx.line_col(text, 9), (3, 2));
    }

    #[test]
    fn regions_count_characters_and_end_before_the_line_break() {
        let text = "---\ntitle: \"Sự kiện 3\"\n---\n# A\n";
        let lines = Lines::new(text);
        let at = text.find("Sự").unwrap_or(0);
        let r = lines.region(Span::new(at, at + "Sự kiện 3".len()));
        assert_eq!(r.start, Position { line: 2, column: 9 });
        assert_eq!(
            r.end,
            Position {
                line: 2,
                column: 18
            }
        );
        // A heading span that includes its newline ends on the heading's line.
        let h = text.find("# A").unwrap_or(0);
        let r = lines.region(Span::new(h, h + 4));
        assert_eq!(r.start, Position { line: 4, column: 1 });
        assert_eq!(r.end, Position { line: 4, column: 4 });
        assert!(r.is_single_line());
        // An empty span stays a point; a span past the end is clamped.
        let r = lines.region(Span::point(0));
        assert_eq!(r.start, r.end);
        let r = lines.region(Span::new(text.len() + 5, text.len() + 9));
        assert_eq!(r.start, Position { line: 5, column: 1 });
        assert_eq!(r.start, r.end);
    }

    #[test]
    fn regions_span_lines_with_crlf() {
        let text = "a\r\nbc\r\nd";
        let lines = Lines::new(text);
        let r = lines.region(Span::new(0, 7));
        assert_eq!(r.start, Position { line: 1, column: 1 });
        assert_eq!(r.end, Position { line: 2, column: 3 });
        assert_eq!(lines.line_text(2), "bc");
        assert_eq!(lines.line_text(9), "");
    }
}
