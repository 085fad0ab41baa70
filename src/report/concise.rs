//! `path:line:col: severity[rule-id] message`, one line per finding: for editors, grep and
//! pre-commit logs.

use std::io::{self, Write};

use super::display_path;
use crate::engine::Outcome;
use crate::span::LineIndex;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for file in &outcome.files {
        let text = file.source.as_deref().unwrap_or("");
        let index = LineIndex::new(text);
        let path = display_path(&file.path);
        for d in &file.diagnostics {
            let (line, col) = index.line_col(text, d.span.start);
            writeln!(
                out,
                "{path}:{line}:{col}: {}[{}] {}",
                d.severity, d.rule, d.message
            )?;
        }
    }
    Ok(())
}
