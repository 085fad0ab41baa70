//! `path:line:col: severity[rule-id] message`, one line per finding: for editors, grep and
//! pre-commit logs.

use std::io::{self, Write};

use super::display_path;
use crate::engine::Outcome;
use crate::span::LineIndex;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    outcome.with_texts(|file, text| {
        let index = LineIndex::new(&text);
        let path = display_path(&file.path);
        for d in &file.diagnostics {
            let (line, col) = index.line_col(&text, d.span.start);
            writeln!(
                out,
                "{path}:{line}:{col}: {}[{}] {}",
                d.severity, d.rule, d.message
            )?;
        }
        Ok(())
    })
}
