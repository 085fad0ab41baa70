//! Check kinds: the Rust code that rule files bind to with `kind:`. One file per kind; each
//! opens with a `//!` doc comment (what it checks, why, an example) that `eventlint explain`
//! prints.

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, Text, intern};
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
    // `fill` sizes its result exactly: nothing to shrink.
    let filled = |fixed: Option<&'static str>, template: &str| match fixed {
        Some(text) => Text::Borrowed(text),
        None => Text::Owned(fill(template, args)),
    };
    let mut d = Diagnostic::of_rule(rule.interned_id, rule.severity, span);
    d.message = filled(rule.fixed_message, &rule.message);
    d.help = rule
        .help
        .as_deref()
        .map(|help| filled(rule.fixed_help, help));
    d
}

/// A message or help template without placeholders, interned when the rule loads: shared
/// by every finding of its rule rather than copied into each (a site can have tens of
/// thousands of some findings), and not looked up in the interned texts for each.
pub fn fixed_template(template: &str) -> Option<&'static str> {
    (!template.contains('{')).then(|| intern(template))
}

/// Longest value put into a message: page text quoted in a message (a heading, a title) is
/// cut after this many characters, so a 1 MB heading does not make a 1 MB message.
const MAX_ARG_CHARS: usize = 200;

/// Replace `{name}` placeholders; unknown ones are left as written. Placeholders are
/// replaced one argument after the other (see [`fill_in_turn`]), so a value that itself
/// holds a later argument's placeholder gets it replaced too. Without braces in the
/// values and the names, and without two `{` in the template that no `}` separates,
/// no replacement can make a placeholder that was not in the template: then one pass
/// over the template gives the same text, without a string per argument.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    fill_one_pass(template, args).unwrap_or_else(|| fill_in_turn(template, args))
}

/// [`fill`] in one pass over the template, sized exactly; `None` when that could differ
/// from [`fill_in_turn`] (braces in a name or a value, `{` twice without a `}` between them
/// in the template) or a value must be cut.
fn fill_one_pass(template: &str, args: &[(&str, &str)]) -> Option<String> {
    // Names and values are short: a plain loop costs less than a vectorised search's setup.
    let braces = |s: &str| s.bytes().any(|b| matches!(b, b'{' | b'}'));
    let cut = |v: &str| v.len() > MAX_ARG_CHARS && v.chars().nth(MAX_ARG_CHARS).is_some();
    if args
        .iter()
        .any(|(name, value)| braces(name) || braces(value) || cut(value))
        || !braces_alternate(template)
    {
        return None;
    }
    let value = |i: usize| args.get(i).map_or("", |a| a.1);
    // Measured first, so that the text is allocated once at its final size.
    let mut len = 0;
    placeholders(template, args, |piece| {
        len += piece.map_or_else(|i| value(i).len(), str::len);
    });
    let mut out = String::with_capacity(len);
    placeholders(template, args, |piece| {
        out.push_str(match piece {
            Ok(text) => text,
            Err(i) => value(i),
        });
    });
    Some(out)
}

/// Whether no two `{` of `text` follow each other without a `}` between them.
fn braces_alternate(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut open = false;
    for i in memchr::memchr2_iter(b'{', b'}', bytes) {
        let brace = bytes.get(i) == Some(&b'{');
        if brace && open {
            return false;
        }
        open = brace;
    }
    true
}

/// Cut `template` at its placeholders: `f` gets each piece of template text as `Ok`, and
/// for each `{name}` of an argument the index of the first argument of that name as `Err`.
fn placeholders(template: &str, args: &[(&str, &str)], mut f: impl FnMut(Result<&str, usize>)) {
    let mut rest = template;
    let mut scanned = 0;
    while let Some(open) = memchr::memchr(b'{', &rest.as_bytes()[scanned..]).map(|i| scanned + i) {
        let after = &rest[open + 1..];
        let found = args.iter().position(|(name, _)| {
            after.starts_with(name) && after.as_bytes().get(name.len()) == Some(&b'}')
        });
        match found.and_then(|i| Some((i, args.get(i)?.0.len()))) {
            Some((i, name_len)) => {
                f(Ok(&rest[..open]));
                f(Err(i));
                rest = &after[name_len + 1..];
                scanned = 0;
            }
            None => scanned = open + 1,
        }
    }
    f(Ok(rest));
}

/// [`fill`] as first written: each argument's placeholders replaced in turn, its value cut
/// after [`MAX_ARG_CHARS`] characters. What [`fill`] falls back to, and its reference.
fn fill_in_turn(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in args {
        let value = match value.char_indices().nth(MAX_ARG_CHARS) {
            Some((cut, _)) => format!("{}…", &value[..cut]),
            None => (*value).to_string(),
        };
        out = out.replace(&format!("{{{name}}}"), &value);
    }
    out.shrink_to_fit();
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_agrees_with_replacing_each_argument_in_turn() {
        let long = "é".repeat(MAX_ARG_CHARS + 3);
        let templates = [
            "",
            "plain",
            "{a}",
            "the {a} of {b}, {a} again",
            "{b}{a}{c}",
            "{unknown} and {a}",
            "{{a}}",
            "{x{a}y}",
            "{a}b}",
            "}{a}{",
            "{a",
            "a}",
            "{}",
            "{a}{}",
            "Mục {a} – “{b}”",
        ];
        let arg_sets: [&[(&str, &str)]; 9] = [
            &[],
            &[("a", "1")],
            &[("a", "1"), ("b", "two words")],
            &[("a", "{b}"), ("b", "X")],
            &[("a", "b"), ("b", "X")],
            &[("a", "1"), ("a", "2")],
            &[("", "empty"), ("a", "}")],
            &[("a", &long), ("b", "Đích")],
            &[("b", "{"), ("c", "z"), ("a", "y")],
        ];
        crate::test_inputs::assert_agree_on_pairs(
            &templates,
            &arg_sets,
            |template, args| fill(template, args),
            |template, args| fill_in_turn(template, args),
        );
        // The one pass is taken for plain templates and values, and sized exactly; not
        // when a value could make a placeholder or must be cut.
        let filled = fill_one_pass("the {a} of {b}", &[("a", "x"), ("b", "yz")]);
        let filled = filled.unwrap_or_else(|| panic!("not taken"));
        assert_eq!((filled.as_str(), filled.capacity()), ("the x of yz", 11));
        assert!(fill_one_pass("{{a}}", &[("a", "x")]).is_none());
        assert!(fill_one_pass("{a} {b}", &[("a", "{b}"), ("b", "x")]).is_none());
        assert!(fill_one_pass("{a}", &[("a", &"x".repeat(MAX_ARG_CHARS + 1))]).is_none());
    }
}
