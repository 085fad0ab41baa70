//! One JSON object per finding, one per line (for `jq`, log shippers, streaming): the
//! fields of a `json` finding, plus the schema `version` on every line, since there is no
//! top level. A clean run prints nothing.

use std::io::{self, Write};

use serde::Serialize;

use super::Locator;
use super::json::{Finding, SCHEMA_VERSION};
use crate::engine::Outcome;

#[derive(Serialize)]
struct Line<'a> {
    version: u32,
    #[serde(flatten)]
    finding: Finding<'a>,
}

pub fn write(outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
    for f in Locator::new(outcome).iter() {
        let line = Line {
            version: SCHEMA_VERSION,
            finding: Finding::of(&f),
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}
