//! eventlint: a linter for Hugo event reports.
//!
//! Data flows one way: CLI → discover files → load and parse each page once → run the
//! enabled rules → collect diagnostics → sort → report → exit code.

pub mod app;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod document;
pub mod engine;
pub mod folders;
pub mod hash;
pub mod hugo;
pub mod input;
pub mod path_key;
pub mod recent;
pub mod report;
pub mod rules;
pub mod sections;
pub mod site;
pub mod span;
pub mod summary;
pub mod suppress;
pub mod swar;
#[cfg(test)]
mod test_inputs;
pub mod walk;
