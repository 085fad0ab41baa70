//! `path:line:col: severity[rule-id] message`, one line per finding: for editors, grep and
//! pre-commit logs.

use std::io::{self, Write};

use super::{Position, display_path};
use crate::engine::Outcome;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for file in &outcome.files {
        let path = display_path(&file.path);
        for d in &file.diagnostics {
            // Located by the engine; a finding that was not is where the empty text puts it.
            let start = d
                .located
                .map_or(Position { line: 1, column: 1 }, |at| at.region.start);
            writeln!(
                out,
                "{path}:{}:{}: {}[{}] {}",
                start.line, start.column, d.severity, d.rule, d.message
            )?;
        }
    }
    Ok(())
}
