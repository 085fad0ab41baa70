//! rustc-style diagnostics rendered by miette: file, line:col, the source snippet with a
//! label under the exact span, secondary labels, and help.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::display_path;
use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Outcome;

/// A finding bound to its file's text, as miette wants it.
struct Rendered<'a> {
    d: &'a Diagnostic,
    source: NamedSource<Arc<str>>,
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

fn span(s: crate::span::Span, len: usize) -> SourceSpan {
    let start = s.start.min(len);
    SourceSpan::new(start.into(), s.end.min(len).saturating_sub(start))
}

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
        let len = self.source.inner().len();
        let primary =
            LabeledSpan::new_primary_with_span(self.d.label.clone(), span(self.d.span, len));
        let secondary = self
            .d
            .labels
            .iter()
            .map(move |l| LabeledSpan::new_with_span(Some(l.text.clone()), span(l.span, len)));
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
    let rendered = Rendered {
        d,
        source: NamedSource::new(name, text),
    };
    let mut s = String::new();
    if handler(color).render_report(&mut s, &rendered).is_err() {
        s = format!("{name}: {}[{}] {}\n", d.severity, d.rule, d.message);
    }
    s
}

pub fn write(outcome: &Outcome, color: bool, out: &mut dyn Write) -> io::Result<()> {
    outcome.with_texts(|file, text| {
        let name = display_path(&file.path);
        for d in &file.diagnostics {
            writeln!(out, "{}", render(d, &name, text.clone(), color))?;
        }
        Ok(())
    })
}
