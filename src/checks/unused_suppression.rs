//! Reports a suppression comment that silenced nothing, or that names a rule that does not
//! exist.
//!
//! Suppressions are markdownlint's comment family, in the body:
//!
//! ```text
//! <!-- eventlint-disable [ids] -->            from here on
//! <!-- eventlint-enable [ids] -->             until here
//! <!-- eventlint-disable-line [ids] -->       this line
//! <!-- eventlint-disable-next-line [ids] -->  the next line
//! <!-- eventlint-disable-file [ids] -->       the whole file
//! ```
//!
//! and, in YAML or TOML front matter, comments (which no HTML comment can reach):
//!
//! ```text
//! # eventlint-disable-next-line title-generic
//! title: "Event 3"
//! # eventlint-disable-file translation-mismatch
//! ```
//!
//! Ids are separated by spaces or commas; without ids a suppression covers every rule.
//!
//! Why: a suppression left behind after the problem was fixed, or with a misspelt id,
//! silently hides the next real finding on that line.
//!
//! Fix: remove the comment, or correct the rule id (`eventlint rules` lists them).

use serde::Deserialize;

use super::Check;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

/// The engine reports unused suppressions itself, once every finding of a file is known;
/// this kind binds the rule (its id, severity, on or off) and carries the documentation.
pub struct UnusedSuppression;

impl UnusedSuppression {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(UnusedSuppression)
    }
}

impl Check for UnusedSuppression {}
