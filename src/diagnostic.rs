//! A finding as a value: rule id, severity, message, the span it points at, optional
//! secondary labels and help, and once located its lines and columns. Source text is
//! attached only when a report is rendered in the human format.

use std::borrow::Cow;
use std::collections::HashSet;
use std::fmt;
use std::hash::BuildHasherDefault;
use std::path::Path;
use std::sync::{Arc, LazyLock, PoisonError, RwLock};

use serde::{Deserialize, Serialize};

use crate::hash::FastHasher;
use crate::span::{Region, Span};

type FastSet<T> = HashSet<T, BuildHasherDefault<FastHasher>>;

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

/// Text a finding shows: a literal or a rule's template without placeholders is borrowed
/// (one copy for every finding of the rule), a text filled in for one finding is owned.
pub type Text = Cow<'static, str>;

/// A secondary place a finding refers to ("first listed here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: Text,
    /// `span` as lines and columns, once the finding is located (see [`Diagnostic::located`]).
    pub region: Option<Region>,
}

/// Where a finding is, as the machine formats print it: computed while the file's text is
/// in hand (see [`crate::report::locate_findings`]), so that they need not read it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    /// The finding's span as lines and columns.
    pub region: Region,
    /// Hash of the rule id, the file's report path and the text of the region's first line:
    /// the stable part of the finding's fingerprint.
    pub line_hash: u64,
}

/// One finding. A run holds every finding until it is sorted and printed, so a finding keeps
/// little: the rule id and constant texts are shared, the file's path is its
/// [`FileReport`](crate::engine::FileReport)'s, and what few findings have (secondary
/// labels, a path) is boxed apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule id, one shared copy per id (see [`intern`]).
    pub rule: &'static str,
    pub severity: Severity,
    pub span: Span,
    pub message: Text,
    /// What is shown under the span.
    pub label: Option<Text>,
    pub help: Option<Text>,
    /// Line, column and fingerprint hash, once located.
    pub located: Option<Location>,
    /// Secondary labels and the path, when the finding has either.
    more: Option<Box<More>>,
}

/// The parts of a finding that most findings lack.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct More {
    labels: Vec<Label>,
    /// The file the finding is in, for a finding of the across-pages phase (which may point
    /// into any page) until the engine files it: a page's own path when the finding is in
    /// a page, which the engine then finds the page by.
    path: Option<Arc<Path>>,
}

impl Diagnostic {
    pub fn new(rule: &str, severity: Severity, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule: intern(rule),
            severity,
            span,
            message: owned(message.into()),
            label: None,
            help: None,
            located: None,
            more: None,
        }
    }

    /// A finding of the rule whose id is `rule`, already interned, with no message yet.
    pub fn of_rule(rule: &'static str, severity: Severity, span: Span) -> Self {
        Diagnostic {
            rule,
            severity,
            span,
            message: Text::Borrowed(""),
            label: None,
            help: None,
            located: None,
            more: None,
        }
    }

    pub fn with_label(mut self, text: impl Into<Text>) -> Self {
        self.label = Some(shrunk(text.into()));
        self
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(shrunk(help.into()));
        self
    }

    pub fn with_secondary(mut self, span: Span, text: impl Into<Text>) -> Self {
        let labels = &mut self.more.get_or_insert_default().labels;
        // Most findings have one secondary label at most: no spare room.
        labels.reserve_exact(1);
        labels.push(Label {
            span,
            text: shrunk(text.into()),
            region: None,
        });
        self
    }

    /// The finding placed in the file at `path` (by a check of the across-pages phase).
    pub fn in_file(mut self, path: Arc<Path>) -> Self {
        self.more.get_or_insert_default().path = Some(path);
        self
    }

    /// The secondary labels, in order.
    pub fn labels(&self) -> &[Label] {
        self.more.as_ref().map_or(&[], |m| &m.labels)
    }

    pub fn labels_mut(&mut self) -> &mut [Label] {
        self.more.as_mut().map_or(&mut [], |m| &mut m.labels)
    }

    /// The file the finding was placed in with [`Diagnostic::in_file`], if any.
    pub fn path(&self) -> Option<&Path> {
        self.more.as_ref()?.path.as_deref()
    }

    /// Take the path given with [`Diagnostic::in_file`], leaving none.
    pub fn take_path(&mut self) -> Option<Arc<Path>> {
        let more = self.more.as_mut()?;
        let path = more.path.take();
        if more.labels.is_empty() {
            self.more = None;
        }
        path
    }

    /// Whether the finding and its secondary labels have their lines and columns.
    pub fn is_located(&self) -> bool {
        self.located.is_some() && self.labels().iter().all(|l| l.region.is_some())
    }
}

/// An owned text without spare capacity (a run keeps tens of thousands of them).
fn owned(mut text: String) -> Text {
    text.shrink_to_fit();
    Cow::Owned(text)
}

fn shrunk(text: Text) -> Text {
    match text {
        Cow::Owned(s) => owned(s),
        borrowed => borrowed,
    }
}

/// The one copy of `text` for the rest of the process: for texts of a small, fixed set (rule
/// ids, rule templates), which thousands of findings share. Each distinct text is allocated
/// once and never freed, so never pass text from the linted pages.
pub fn intern(text: &str) -> &'static str {
    static TEXTS: LazyLock<RwLock<FastSet<&'static str>>> = LazyLock::new(Default::default);
    // A panic elsewhere while the lock was held leaves the set as it was: still usable.
    let read = TEXTS.read().unwrap_or_else(PoisonError::into_inner);
    if let Some(&found) = read.get(text) {
        return found;
    }
    drop(read);
    let mut texts = TEXTS.write().unwrap_or_else(PoisonError::into_inner);
    match texts.get(text) {
        Some(&found) => found,
        None => {
            let leaked: &'static str = Box::leak(text.into());
            texts.insert(leaked);
            leaked
        }
    }
}
