//! How rules and checks build the regular expressions that only ever run on short texts
//! (a title, a speaker's name, an alt text, the words around a date). Building is most of
//! the start-up of a one-file run (the pre-commit hook case), and `regex::Regex` builds
//! for long texts too: a lazy DFA with the reverse NFA it needs, a one-pass DFA and a
//! literal prefilter. These builds keep the pattern, its syntax and its matches (those of
//! `regex::Regex`, leftmost-first and Unicode) and leave out what their texts do not pay
//! for; [`Build`] says which part each kind of text keeps.
//!
//! Errors read as `regex::Error`'s do, so a bad pattern in a rule file is reported as
//! before.

use regex_automata::MatchKind;
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

use regex_automata::meta::{self, BuildError, Regex};
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;

/// `regex::Regex`'s limit on the size of a compiled pattern.
const NFA_SIZE_LIMIT: usize = 10 * (1 << 20);

/// How a pattern is built, by the texts it runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Build {
    /// A few words (a title, a name, an alt text): the backtracker alone.
    Short,
    /// A window of text where most places cannot start a match (a month name, a digit):
    /// the prefilter finds the places, without the lazy DFA and the reverse NFA it needs.
    Prefiltered,
    /// A window searched through: the lazy DFA, without the prefilter (whose literal
    /// extraction is the dearer half of building).
    Scanned,
}

impl Build {
    fn config(self) -> meta::Config {
        let light = meta::Config::new()
            .nfa_size_limit(Some(NFA_SIZE_LIMIT))
            .hybrid_cache_capacity(2 * (1 << 20))
            .utf8_empty(true)
            .dfa(false)
            .onepass(false);
        match self {
            Build::Short => light.hybrid(false).auto_prefilter(false),
            Build::Prefiltered => light.hybrid(false),
            Build::Scanned => light.auto_prefilter(false),
        }
    }

    fn builder(self, config: meta::Config) -> meta::Builder {
        let mut b = meta::Builder::new();
        b.configure(config).syntax(syntax::Config::new().utf8(true));
        b
    }

    /// A regex with `regex::Regex`'s semantics (leftmost-first, Unicode).
    pub fn regex(self, pattern: &str) -> Result<Regex, String> {
        self.builder(self.config().match_kind(MatchKind::LeftmostFirst))
            .build(pattern)
            .map_err(|e| describe(&e))
    }

    /// A built-in pattern, which cannot fail to compile.
    pub fn builtin(self, pattern: &str) -> Regex {
        self.regex(pattern).unwrap_or_else(|e| unreachable!("{e}"))
    }

    /// A set of regexes: [`Regex::is_match`] says whether any of them matches, as
    /// `regex::RegexSet::is_match` does. (Whether there is a match does not depend on
    /// which one a search prefers, and the backtracker only runs leftmost-first ones.)
    pub fn set<P: AsRef<str>>(self, patterns: &[P]) -> Result<Regex, String> {
        let config = self
            .config()
            .match_kind(MatchKind::LeftmostFirst)
            .which_captures(WhichCaptures::None);
        self.builder(config)
            .build_many(patterns)
            .map_err(|e| describe(&e))
    }
}

/// Patterns of which any may match, built as one set (one search of a text, not one per
/// pattern; match with `.iter().any(..)`). Errors are those of building each pattern alone,
/// named by `error`: only when the set fails is each built alone, to find the one at
/// fault, and kept so (never a failure) when the set is too big only together.
pub fn any_of(
    build: Build,
    patterns: &[String],
    error: impl Fn(&str, String) -> String,
) -> Result<Vec<Regex>, String> {
    if patterns.is_empty() {
        return Ok(Vec::new());
    }
    if let Ok(set) = build.set(patterns) {
        return Ok(vec![set]);
    }
    patterns
        .iter()
        .map(|p| build.regex(p).map_err(|e| error(p, e)))
        .collect()
}

/// A regex for a few words (see [`Build::Short`]).
pub fn small(pattern: &str) -> Result<Regex, String> {
    Build::Short.regex(pattern)
}

/// A set of regexes for a few words (see [`Build::set`]).
pub fn small_set<P: AsRef<str>>(patterns: &[P]) -> Result<Regex, String> {
    Build::Short.set(patterns)
}

/// The groups of one match: what `regex::Captures` gives, over a meta regex's captures.
pub struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// The text of group `i` (0 is the whole match), if it took part in the match.
    pub fn get(&self, i: usize) -> Option<&'t str> {
        self.text.get(self.span(i)?)
    }

    /// Where group `i` is in the text searched.
    pub fn span(&self, i: usize) -> Option<Range<usize>> {
        Some(self.caps.get_group(i)?.range())
    }
}

/// Every match of `re` in `text`, with its groups (as `regex::Regex::captures_iter`).
pub fn captures_iter<'r, 't>(re: &'r Regex, text: &'t str) -> impl Iterator<Item = Groups<'t>> + 'r
where
    't: 'r,
{
    re.captures_iter(text)
        .map(move |caps| Groups { text, caps })
}

/// The first match of `re` in `text`, with its groups (as `regex::Regex::captures`).
pub fn captures<'t>(re: &Regex, text: &'t str) -> Option<Groups<'t>> {
    let mut caps = re.create_captures();
    re.captures(text, &mut caps);
    caps.is_match().then_some(Groups { text, caps })
}

/// A value built once, by the first thread that asks for it. A thread building values
/// ahead of their use ([`BuildOnce::build_ahead`]) passes over one that another thread
/// has begun, rather than wait for it: the two threads never build one value in turn.
pub struct BuildOnce<T> {
    cell: OnceLock<T>,
    begun: AtomicBool,
}

impl<T> BuildOnce<T> {
    pub const fn new() -> BuildOnce<T> {
        BuildOnce {
            cell: OnceLock::new(),
            begun: AtomicBool::new(false),
        }
    }

    /// The value, built by `init` now if no thread has built it (or waited for, if one is
    /// building it).
    pub fn get_or_init(&self, init: impl FnOnce() -> T) -> &T {
        if let Some(value) = self.cell.get() {
            return value;
        }
        self.begun.store(true, Ordering::Relaxed);
        self.cell.get_or_init(init)
    }

    /// Build the value now, unless a thread has begun it.
    pub fn build_ahead(&self, init: impl FnOnce() -> T) {
        if !self.begun.swap(true, Ordering::Relaxed) {
            self.cell.get_or_init(init);
        }
    }
}

impl<T> Default for BuildOnce<T> {
    fn default() -> Self {
        BuildOnce::new()
    }
}

/// A value (a compiled pattern) built on first use, or before it by [`build_deferred`] on a
/// core that is otherwise idle. The built-in rules' patterns are deferred: they are known
/// to compile (a test builds them all), and many a run does not need them all (an alt text
/// that is a file name is reported before the alt patterns are asked). A user's rule
/// builds its patterns when it loads ([`Deferred::ready`]), so a bad one is reported then.
pub struct Deferred<T> {
    cell: BuildOnce<T>,
    init: Box<dyn Fn() -> T + Send + Sync>,
}

impl<T: Send + Sync + 'static> Deferred<T> {
    /// `init` is run once, by whichever thread needs the value first.
    pub fn new(init: impl Fn() -> T + Send + Sync + 'static) -> Arc<Deferred<T>> {
        Deferred::queued(init, true)
    }

    /// As [`Deferred::new`], for a value few pages need: [`build_deferred`] leaves it to
    /// its first use (building what a run does not need competes with it for the cores).
    pub fn rarely_needed(init: impl Fn() -> T + Send + Sync + 'static) -> Arc<Deferred<T>> {
        Deferred::queued(init, false)
    }

    fn queued(init: impl Fn() -> T + Send + Sync + 'static, ahead: bool) -> Arc<Deferred<T>> {
        let d = Arc::new(Deferred {
            cell: BuildOnce::new(),
            init: Box::new(init),
        });
        if ahead && let Ok(mut queue) = QUEUE.lock() {
            queue.push(Arc::downgrade(&d) as Weak<dyn Build1>);
        }
        d
    }

    /// A value built already.
    pub fn ready(value: T) -> Arc<Deferred<T>> {
        let cell = BuildOnce::new();
        cell.get_or_init(|| value);
        Arc::new(Deferred {
            cell,
            init: Box::new(|| unreachable!("built when made")),
        })
    }

    /// The value, built now if no thread has built it yet.
    pub fn get(&self) -> &T {
        self.cell.get_or_init(|| (self.init)())
    }
}

/// A deferred value, whatever its type.
trait Build1: Send + Sync {
    fn build_ahead(&self);
}

impl<T: Send + Sync + 'static> Build1 for Deferred<T> {
    fn build_ahead(&self) {
        self.cell.build_ahead(|| (self.init)());
    }
}

/// The deferred values to build ahead not yet built by [`build_deferred`], oldest first.
/// Weak: a rule dropped before its turn (a built-in rule a user's file replaces) is not
/// built.
static QUEUE: Mutex<Vec<Weak<dyn Build1>>> = Mutex::new(Vec::new());

/// Build every value deferred so far (see [`Deferred`]) but those rarely needed.
pub fn build_deferred() {
    loop {
        let next = match QUEUE.lock() {
            Ok(mut queue) if !queue.is_empty() => queue.remove(0),
            _ => return,
        };
        if let Some(d) = next.upgrade() {
            d.build_ahead();
        }
    }
}

/// A build error as `regex::Error` displays it.
fn describe(e: &BuildError) -> String {
    if let Some(limit) = e.size_limit() {
        format!("Compiled regex exceeds size limit of {limit} bytes.")
    } else if let Some(syntax) = e.syntax_error() {
        syntax.to_string()
    } else {
        e.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_the_regex_crates() {
        for bad in ["(", "a{2,1}", r"\p{Nope}", "x{1000}{1000}{1000}"] {
            let ours = small(bad).err();
            let theirs = regex::Regex::new(bad).err().map(|e| e.to_string());
            assert_eq!(ours, theirs, "{bad}");
            let ours = small_set(&["a", bad]).err();
            let theirs = regex::RegexSet::new(["a", bad])
                .err()
                .map(|e| e.to_string());
            assert_eq!(ours, theirs, "{bad}");
        }
    }

    #[test]
    fn any_of_is_one_set_and_names_the_bad_pattern() {
        let list = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let named = |p: &str, e: String| format!("`{p}`: {e}");
        let set = any_of(Build::Scanned, &list(&["^a$", "b+"]), named);
        let set = set.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(set.len(), 1);
        assert!(set.iter().any(|r| r.is_match("xbb")));
        assert!(!set.iter().any(|r| r.is_match("xa")));
        let bad = list(&["ok", "(", "["]);
        let err = any_of(Build::Scanned, &bad, named).err();
        let alone = regex::Regex::new(&bad[1])
            .err()
            .map(|e| format!("`(`: {e}"));
        assert_eq!(err, alone);
        assert!(any_of(Build::Short, &[], named).is_ok_and(|v| v.is_empty()));
    }

    #[test]
    fn matches_as_the_regex_crate() {
        let cases = [
            (r"(?i)\bsự kiện\b", "Sự Kiện 1"),
            (r"(?i)^(?:event\s*#?\s*\d+)$", "Event #١٢"),
            (r"\d{4}", "năm ２０２５"),
            (r"[^\]\n]{0,3}x", "ab\nx"),
        ];
        for (pattern, text) in cases {
            let theirs = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{e}"));
            for build in [Build::Short, Build::Prefiltered, Build::Scanned] {
                let ours = build.builtin(pattern);
                assert_eq!(ours.is_match(text), theirs.is_match(text), "{pattern}");
                let ours: Vec<_> = ours.find_iter(text).map(|m| m.range()).collect();
                let theirs: Vec<_> = theirs.find_iter(text).map(|m| m.range()).collect();
                assert_eq!(ours, theirs, "{pattern} {build:?}");
            }
        }
    }
}
