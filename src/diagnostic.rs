//! A finding as a value: rule id, severity, message, the span it points at, optional
//! secondary labels and help. Source text is attached only when a report is rendered.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::span::Span;

/// How serious a finding is. Ordered so that `Info < Warning < Error`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A secondary place a finding refers to ("first listed here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: String,
    pub severity: Severity,
    /// The file the finding is in; `None` until the engine places it.
    pub path: PathBuf,
    pub span: Span,
    pub message: String,
    /// What is shown under the span.
    pub label: Option<String>,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: rule.to_string(),
            severity,
            path: PathBuf::new(),
            span,
            message: message.into(),
            label: None,
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, text: impl Into<String>) -> Self {
        self.label = Some(text.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_secondary(mut self, span: Span, text: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    pub fn in_file(mut self, path: PathBuf) -> Self {
        self.path = path;
        self
    }
}
