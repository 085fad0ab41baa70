//! Check kinds: the Rust code that rule files bind to with `kind:`. One file per kind; each
//! opens with a `//!` doc comment (what it checks, why, an example) that `eventlint explain`
//! prints.

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::patterns::{Deferred, Screen, ScreenSet};
use crate::rules::{Pack, Rule, RuleError, RuleFile};
use crate::sections::SectionMap;
use crate::site::Site;
use crate::span::Span;
use crate::summary::Summary;
use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

pub mod base_url_subpath;
pub mod body_date_match;
pub mod body_date_scan;
pub mod body_dates;
pub mod date_format;
pub mod derived;
pub mod duplicate_event;
pub mod empty_section;
pub mod existence;
pub mod field_type;
pub mod front_matter_missing;
pub mod front_matter_syntax;
pub mod groups;
pub mod heading_emphasis;
pub mod heading_increment;
pub mod image_resolve;
pub mod images;
pub mod label_line;
pub mod numbering;
pub mod prose;
pub mod required_field;
pub mod required_section;
pub mod same_date;
pub mod section_index_link;
pub mod single_title;
pub mod speaker_list;
pub mod speakers;
pub mod template;
pub mod title_pattern;
pub mod translation_mismatch;
pub mod unused_suppression;
pub mod weight_duplicate;

/// Whether [`prepare`] builds anything: not for a run of a file or two (see
/// [`build_ahead`]).
static BUILD_AHEAD: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(true);

/// Whether the patterns are built ahead of their first use. A run of a file or two (the
/// pre-commit hook on one staged report) needs a fraction of them, each once: building
/// them all on the other core only competes with the linting thread, which then waits
/// for patterns it would have built sooner itself.
pub fn build_ahead(on: bool) {
    BUILD_AHEAD.store(on, std::sync::atomic::Ordering::Relaxed);
}

/// Build, ahead of their first use, the patterns that the checks of `kinds` (and what
/// they share: prose, body dates) would otherwise build while linting the first page,
/// serially. Rule loading runs this in the background once the rules are built, on a core
/// it leaves idle; each pattern is built once either way, by whichever thread needs it
/// first.
pub fn prepare(kinds: &BTreeSet<&str>) {
    if !BUILD_AHEAD.load(std::sync::atomic::Ordering::Relaxed) {
        return;
    }
    let has = |name: &str| kinds.contains(name);
    if has("body-dates") || has("existence") {
        prose::prepare();
    }
    if has("body-dates") {
        body_date_scan::prepare();
        label_line::prepare();
    }
    if has("numbering") {
        numbering::prepare();
    }
    // The built-in rules' own patterns.
    crate::rules::patterns::build_deferred();
}

/// What a check sees of one page.
pub struct Ctx<'a> {
    pub doc: &'a Document,
    pub site: Option<&'a Site>,
    pub rule: &'a Rule,
    pub pack: &'a Pack,
    /// Where the pack's sections are in this page.
    pub sections: &'a SectionMap,
    /// "Today", for rules about dates (fixed by `--now` in tests).
    pub now: jiff::civil::Date,
    /// What this page's checks share (prose, body dates, speakers), built once.
    pub derived: &'a derived::Derived,
    /// The screens of the rule set's text patterns (see [`Check::screen`]).
    pub screens: &'a ScreenSet,
}

impl Ctx<'_> {
    /// A finding of this rule at `span`, its message and help filled from `args`
    /// (`{name}` in the rule's templates is replaced by the value given for `name`).
    pub fn diag(&self, span: Span, args: &[(&str, &str)]) -> Diagnostic {
        finding(self.rule, span, args)
    }
}

/// A finding of `rule` at `span`, its message and help filled from `args`.
fn finding(rule: &Rule, span: Span, args: &[(&str, &str)]) -> Diagnostic {
    let mut d = Diagnostic::of_rule(rule.interned_id, rule.severity, span);
    d.message = rule.message_template.fill(args);
    d.help = rule.help_template.as_ref().map(|help| help.fill(args));
    d
}

/// What a check of the second phase sees: the summaries of every page of one site.
pub struct SiteCtx<'a> {
    pub site: Option<&'a Site>,
    /// In path order (as `Path` orders): a check need not sort them.
    pub pages: &'a [&'a Summary],
    pub rule: &'a Rule,
    pub pack: &'a Pack,
    pub now: jiff::civil::Date,
}

impl SiteCtx<'_> {
    /// A finding of this rule in `path` at `span`, its templates filled from `args`. For a
    /// finding in a page, `path` is the page's own ([`Summary::path`]), by which the engine
    /// finds the page.
    pub fn diag(&self, path: &Arc<Path>, span: Span, args: &[(&str, &str)]) -> Diagnostic {
        finding(self.rule, span, args).in_file(path.clone())
    }

    /// The event reports among the pages.
    pub fn reports(&self) -> impl Iterator<Item = &Summary> {
        self.pages.iter().copied().filter(|p| p.is_report)
    }
}

/// A check kind bound to its parameters. A kind implements `check` (one page at a time, in
/// parallel), `check_site` (the second phase, across the pages of a site), or both.
pub trait Check: Send + Sync {
    fn check(&self, _ctx: &Ctx<'_>, _out: &mut Vec<Diagnostic>) {}

    fn check_site(&self, _ctx: &SiteCtx<'_>, _out: &mut Vec<Diagnostic>) {}

    /// Whether the check still runs when the front matter never closes (and so nothing of
    /// the body is known). Only checks about the front matter block itself do.
    fn runs_when_unclosed(&self) -> bool {
        false
    }

    /// The screen of the check's text pattern, when it screens a page's prose (see
    /// [`ScreenSet`]): the rule set searches every such screen's words in one pass.
    fn screen(&self) -> Option<&Arc<Deferred<Option<Screen>>>> {
        None
    }
}

/// A rule file's settings and the check built from its parameters.
pub type Built = (RuleFile<()>, Box<dyn Check>);

/// A check kind as the registry knows it.
pub struct Kind {
    pub name: &'static str,
    /// The kind's source file, whose leading `//!` lines are its documentation.
    source: &'static str,
    /// Build the check from a rule file's text (its `params:` typed by the kind), and
    /// whether the file is a built-in one (see [`Source`]).
    pub build: fn(&str, Source) -> Result<Built, RuleError>,
}

impl Kind {
    /// The kind's documentation: the `//!` comment its file opens with, with its fenced
    /// examples shown indented, as a terminal reader expects.
    pub fn doc(&self) -> String {
        let mut out = Vec::new();
        let mut in_fence = false;
        for line in self.source.lines().take_while(|l| l.starts_with("//!")) {
            let line = line.trim_start_matches("//!");
            let line = line.strip_prefix(' ').unwrap_or(line);
            if line.starts_with("```") {
                in_fence = !in_fence;
            } else if in_fence && !line.is_empty() {
                out.push(format!("    {line}"));
            } else {
                out.push(line.to_string());
            }
        }
        out.join("\n")
    }
}

/// Where a rule file comes from. A built-in rule's patterns are known to compile (a test
/// builds them all), so a kind may defer building them (`rules::patterns::Deferred`); a
/// user's rule builds them when it loads, so that a bad one is reported then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Builtin,
    User,
}

/// Parse a rule file whose parameters have type `P` and build its check with `make`.
pub fn build_with<P, C>(
    text: &str,
    make: impl FnOnce(P) -> Result<C, String>,
) -> Result<Built, RuleError>
where
    P: DeserializeOwned + Default,
    C: Check + 'static,
{
    let file: RuleFile<P> = crate::rules::parse_yaml(text)?;
    let params_span = file.params_span(text);
    let (head, params) = file.split();
    let check = make(params).map_err(|message| RuleError {
        message,
        span: params_span,
    })?;
    Ok((head, Box::new(check)))
}

macro_rules! kind {
    ($module:ident, $name:literal, $params:ty, $make:expr) => {
        Kind {
            name: $name,
            source: include_str!(concat!(stringify!($module), ".rs")),
            build: |text, _| build_with::<$params, _>(text, $make),
        }
    };
    // A kind whose constructor takes the rule file's `Source` too.
    ($module:ident, $name:literal, $params:ty, $make:expr, with_source) => {
        Kind {
            name: $name,
            source: include_str!(concat!(stringify!($module), ".rs")),
            build: |text, source| build_with::<$params, _>(text, |p| $make(p, source)),
        }
    };
}

/// Every check kind, by the name rule files use in `kind:`.
pub static KINDS: &[Kind] = &[
    kind!(
        front_matter_missing,
        "front-matter-missing",
        front_matter_missing::Params,
        front_matter_missing::FrontMatterMissing::new
    ),
    kind!(
        front_matter_syntax,
        "front-matter-syntax",
        front_matter_syntax::Params,
        front_matter_syntax::FrontMatterSyntax::new
    ),
    kind!(
        required_field,
        "required-field",
        required_field::Params,
        required_field::RequiredField::new
    ),
    kind!(
        field_type,
        "field-type",
        field_type::Params,
        field_type::FieldType::new
    ),
    kind!(
        date_format,
        "date-format",
        date_format::Params,
        date_format::DateFormat::new
    ),
    kind!(
        title_pattern,
        "title-pattern",
        title_pattern::Params,
        title_pattern::TitlePattern::new,
        with_source
    ),
    kind!(
        heading_increment,
        "heading-increment",
        heading_increment::Params,
        heading_increment::HeadingIncrement::new
    ),
    kind!(
        single_title,
        "single-title",
        single_title::Params,
        single_title::SingleTitle::new
    ),
    kind!(
        required_section,
        "required-section",
        required_section::Params,
        required_section::RequiredSection::new
    ),
    kind!(
        empty_section,
        "empty-section",
        empty_section::Params,
        empty_section::EmptySection::new
    ),
    kind!(
        heading_emphasis,
        "heading-emphasis",
        heading_emphasis::Params,
        heading_emphasis::HeadingEmphasis::new
    ),
    kind!(
        numbering,
        "numbering",
        numbering::Params,
        numbering::Numbering::new
    ),
    kind!(
        weight_duplicate,
        "weight-duplicate",
        weight_duplicate::Params,
        weight_duplicate::WeightDuplicate::new
    ),
    kind!(
        same_date,
        "same-date",
        same_date::Params,
        same_date::SameDate::new
    ),
    kind!(
        duplicate_event,
        "duplicate-event",
        duplicate_event::Params,
        duplicate_event::DuplicateEvent::new
    ),
    kind!(
        translation_mismatch,
        "translation-mismatch",
        translation_mismatch::Params,
        translation_mismatch::TranslationMismatch::new
    ),
    kind!(
        speakers,
        "speakers",
        speakers::Params,
        speakers::Speakers::new,
        with_source
    ),
    kind!(
        section_index_link,
        "section-index-link",
        section_index_link::Params,
        section_index_link::SectionIndexLink::new
    ),
    kind!(
        images,
        "images",
        images::Params,
        images::Images::new,
        with_source
    ),
    kind!(
        base_url_subpath,
        "base-url-subpath",
        base_url_subpath::Params,
        base_url_subpath::BaseUrlSubpath::new
    ),
    kind!(
        unused_suppression,
        "unused-suppression",
        unused_suppression::Params,
        unused_suppression::UnusedSuppression::new
    ),
    kind!(
        body_dates,
        "body-dates",
        body_dates::Params,
        body_dates::BodyDates::new
    ),
    kind!(
        existence,
        "existence",
        existence::Params,
        existence::Existence::new,
        with_source
    ),
];

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}
