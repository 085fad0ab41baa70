//! `path:line:col: severity[rule-id] message`, one line per finding: for editors, grep and
//! pre-commit logs.

use std::io::{self, Write};

use rayon::prelude::*;

use super::{Position, display_path};
use crate::engine::{FileReport, Outcome};

/// How many files' lines are rendered at once, on the pool's threads, before they are
/// written in order: the output phase runs after every other thread is done, so the
/// formatting (tens of thousands of lines at 10,000 reports) uses both cores, and only a
/// window's text is held at a time.
const WINDOW: usize = 512;

/// How many files' lines go into one string, rendered in one allocation of its final
/// size (about 47 KB at 10,000 reports, 730 bytes a file: still copied into the output's
/// 64 KiB buffer).
const PIECE: usize = 64;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    write_files(&outcome.files, out)
}

fn write_files(files: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for window in files.chunks(WINDOW) {
        let rendered: Vec<String> = window.par_chunks(PIECE).map(render).collect();
        for text in rendered {
            out.write_all(text.as_bytes())?;
        }
    }
    Ok(())
}

/// The files' lines, one after another.
fn render(files: &[FileReport]) -> String {
    let paths: Vec<String> = files.iter().map(|f| display_path(&f.path)).collect();
    // `path:` + line + `:` + column + `: ` + severity + `[` + rule + `] ` + message + `\n`:
    // twenty digits cover both numbers.
    let len: usize = files
        .iter()
        .zip(&paths)
        .map(|(file, path)| {
            file.diagnostics
                .iter()
                .map(|d| path.len() + d.severity.as_str().len() + d.rule.len() + d.message.len())
                .sum::<usize>()
                + file.diagnostics.len() * 28
        })
        .sum();
    let mut text = String::with_capacity(len);
    let mut digits = itoa::Buffer::new();
    for (file, path) in files.iter().zip(&paths) {
        for d in &file.diagnostics {
            // Located by the engine; a finding that was not is where the empty text puts it.
            let start = d
                .located
                .map_or(Position { line: 1, column: 1 }, |at| at.region.start);
            text.push_str(path);
            text.push(':');
            text.push_str(digits.format(start.line));
            text.push(':');
            text.push_str(digits.format(start.column));
            text.push_str(": ");
            text.push_str(d.severity.as_str());
            text.push('[');
            text.push_str(d.rule);
            text.push_str("] ");
            text.push_str(&d.message);
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::diagnostic::{Diagnostic, Location, Severity};
    use crate::span::{Region, Span};

    /// The lines as `writeln!` formats them one finding after another: the reference.
    fn plain(files: &[FileReport]) -> String {
        use std::fmt::Write as _;
        let mut text = String::new();
        for file in files {
            let path = display_path(&file.path);
            for d in &file.diagnostics {
                let start = d
                    .located
                    .map_or(Position { line: 1, column: 1 }, |at| at.region.start);
                let _ = writeln!(
                    text,
                    "{path}:{}:{}: {}[{}] {}",
                    start.line, start.column, d.severity, d.rule, d.message
                );
            }
        }
        text
    }

    /// Files over several windows, some with no finding and some with several, come out
    /// in their order, each line as `writeln!` would write it.
    #[test]
    fn windows_keep_the_order_and_the_lines() {
        let severities = [Severity::Error, Severity::Warning, Severity::Info];
        let files: Vec<FileReport> = (0..WINDOW * 3 + 17)
            .map(|i| {
                let diagnostics = (0..i % 4)
                    .map(|k| {
                        let mut d = Diagnostic::new(
                            "image-alt",
                            severities[(i + k) % 3],
                            Span::new(k, k + 1),
                            format!("finding {k} of file {i}: `Mục Đích` 100%"),
                        );
                        if k % 2 == 1 {
                            let start = Position {
                                line: (i * 1000 + k) as u32,
                                column: (k * 7 + 1) as u32,
                            };
                            d.located = Some(Location {
                                region: Region { start, end: start },
                                line_hash: 0,
                            });
                        }
                        d
                    })
                    .collect();
                FileReport::new(
                    Path::new(&format!("content/{i:04}/_index.md")).into(),
                    diagnostics,
                )
            })
            .collect();
        let mut out = Vec::new();
        write_files(&files, &mut out).unwrap_or_else(|e| panic!("{e}"));
        let want = plain(&files);
        assert!(
            want.lines().count() > WINDOW * 4,
            "too few lines to span windows"
        );
        assert_eq!(String::from_utf8_lossy(&out), want);
    }
}
