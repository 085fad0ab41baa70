//! rustc-style diagnostics rendered by miette: file, line:col, the source snippet with a
//! label under the exact span, secondary labels, and help.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    NamedSource, SourceCode, SourceSpan, SpanContents,
};

use super::display_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;
use crate::span::LineIndex;

/// A line longer than this (in bytes) is not shown whole: only a window around the span.
const LONG_LINE: usize = 1000;
/// How much of a long line is shown on each side of the span.
const LONG_LINE_CUT: usize = 100;
/// Longest underline: a label over more than this many bytes is cut.
const MAX_LABEL: usize = 240;

/// A file's text as miette reads it. miette finds a span's lines by scanning from the start
/// of the text, and prints a line whole; on a 50 MB report with thousands of findings, or
/// a 1 MB line, that is a hang or a flood. This reads through a line index instead, shows a
/// window of a long line, and shows a lone CR (old Mac line ending) as the line break it is,
/// not as a raw CR sent to the terminal. Within those limits it reads exactly what miette's
/// own `str` reader would.
#[derive(Clone)]
pub struct Excerpt {
    text: Arc<str>,
    index: Arc<LineIndex>,
}

impl Excerpt {
    pub fn new(text: Arc<str>) -> Excerpt {
        let text = if has_lone_cr(text.as_bytes()) {
            Arc::from(lone_cr_as_lf(&text).as_str())
        } else {
            text
        };
        let index = Arc::new(LineIndex::new(&text));
        Excerpt { text, index }
    }

    fn len(&self) -> usize {
        self.text.len()
    }

    /// 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.index
            .starts()
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }

    /// Where 0-based `line` ends, its line break included.
    fn line_end(&self, line: usize) -> usize {
        self.index
            .starts()
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len())
    }

    fn line_len(&self, line: usize) -> usize {
        let start = self.index.starts().get(line).copied().unwrap_or(0);
        self.line_end(line) - start
    }

    fn floor_char(&self, mut at: usize) -> usize {
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

    fn ceil_char(&self, mut at: usize) -> usize {
        while !self.text.is_char_boundary(at) {
            at += 1;
        }
        at
    }

    /// A label's span as shown: inside the text and at most `MAX_LABEL` bytes long.
    fn label_span(&self, s: crate::span::Span) -> SourceSpan {
        let start = self.floor_char(s.start.min(self.len()));
        let end = s.end.clamp(start, self.len()).min(start + MAX_LABEL);
        let end = self.floor_char(end).max(start);
        SourceSpan::new(start.into(), end - start)
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (s, e) = (span.offset(), span.offset() + span.len());
        if e > self.len() {
            return Err(MietteError::OutOfBounds);
        }
        let starts = self.index.starts();
        let first = self.line_of(s);
        let last = self.line_of(if e > s { e - 1 } else { s });
        let (from, to, line) = if (first..=last).any(|l| self.line_len(l) > LONG_LINE) {
            // A window of the long line(s) around the span, without context lines.
            let from = if before == 0 {
                s
            } else {
                self.floor_char(starts[first].max(s.saturating_sub(LONG_LINE_CUT)))
            };
            let to = self.ceil_char(self.line_end(last).min(e + LONG_LINE_CUT));
            (from, to, first)
        } else {
            // Whole lines, with up to `before`/`after` context lines that are not long.
            let mut lo = first.saturating_sub(before);
            while lo < first && self.line_len(lo) > LONG_LINE {
                lo += 1;
            }
            let mut hi = (last + after).min(starts.len() - 1);
            while hi > last && self.line_len(hi) > LONG_LINE {
                hi -= 1;
            }
            let (from, line) = if before == 0 {
                (s, first)
            } else {
                (starts[lo], lo)
            };
            (from, self.line_end(hi), line)
        };
        let column = from - starts[self.line_of(from)];
        // Line breaks up to the end of the excerpt, as miette counts them.
        let line_count = starts.partition_point(|&l| l <= to).saturating_sub(1);
        Ok(Box::new(MietteSpanContents::new(
            &self.text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            line_count,
        )))
    }
}

fn has_lone_cr(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// The text with every CR that is not followed by LF replaced by LF (same length, so every
/// span still points at the same bytes).
fn lone_cr_as_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// A finding bound to its file's text, as miette wants it.
struct Rendered<'a> {
    d: &'a Diagnostic,
    source: NamedSource<Excerpt>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.d.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let source = self.source.inner();
        let primary = LabeledSpan::new_primary_with_span(
            self.d.label.as_ref().map(|l| l.to_string()),
            source.label_span(self.d.span),
        );
        let secondary = self.d.labels().iter().map(move |l| {
            LabeledSpan::new_with_span(Some(l.text.to_string()), source.label_span(l.span))
        });
        Some(Box::new(std::iter::once(primary).chain(secondary)))
    }
}

pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_context_lines(1)
        .with_width(100)
        .with_links(false)
}

/// Render one finding against `text` (used for findings and for rule-file errors alike).
pub fn render(d: &Diagnostic, name: &str, text: Arc<str>, color: bool) -> String {
    render_in(d, name, &Excerpt::new(text), color)
}

/// Render one finding against its file's text, read through `source` (made once per file).
pub fn render_in(d: &Diagnostic, name: &str, source: &Excerpt, color: bool) -> String {
    let rendered = Rendered {
        d,
        source: NamedSource::new(name, source.clone()),
    };
    let mut s = String::new();
    if handler(color).render_report(&mut s, &rendered).is_err() {
        s = format!("{name}: {}[{}] {}\n", d.severity, d.rule, d.message);
    }
    s
}

pub fn write(outcome: &Outcome, color: bool, out: &mut dyn Write) -> io::Result<()> {
    outcome.with_texts(|file, text| {
        let source = Excerpt::new(text);
        let name = display_path(&file.path);
        for d in &file.diagnostics {
            writeln!(out, "{}", render_in(d, &name, &source, color))?;
        }
        Ok(())
    })
}
