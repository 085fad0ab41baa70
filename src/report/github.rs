//! GitHub Actions workflow commands, which the runner turns into annotations on the pull
//! request's diff:
//!
//! ```text
//! ::warning file=content/a.md,line=2,col=8,endLine=2,endColumn=17,title=eventlint (title-generic)::the title …
//! ```
//!
//! `error` and `warning` keep their names; `info` becomes `::notice`. `col` and `endColumn`
//! (characters, the end exclusive) are given only for a span on one line. Values are
//! escaped as the runner expects: `%`, CR and LF in the message; those and `:` and `,` in
//! the properties.

use std::io::{self, Write};

use super::Locator;
use crate::diagnostic::Severity;
use crate::engine::Outcome;

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in Locator::new(outcome).iter() {
        let command = match f.d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let r = f.region;
        let mut props = format!("file={},line={}", escape_property(f.path), r.start.line);
        if r.is_single_line() {
            props.push_str(&format!(",col={}", r.start.column));
        }
        props.push_str(&format!(",endLine={}", r.end.line));
        if r.is_single_line() {
            props.push_str(&format!(",endColumn={}", r.end.column));
        }
        props.push_str(&format!(
            ",title={}",
            escape_property(&format!("eventlint ({})", f.d.rule))
        ));
        writeln!(out, "::{command} {props}::{}", escape_data(&f.d.message))?;
    }
    Ok(())
}

/// A command's message: `%`, CR and LF would end or corrupt the command.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties from each other and from
/// the message.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
