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

/// The matches of `re` in `text` that start at `from` or later, with their groups, as
/// [`captures_iter`] gives them. The search still sees the text before `from` (for `\b` and
/// `^`), so when no match starts before `from` these are every match.
pub fn captures_iter_from<'r, 't>(
    re: &'r Regex,
    text: &'t str,
    from: usize,
) -> impl Iterator<Item = Groups<'t>> + 'r
where
    't: 'r,
{
    re.captures_iter(regex_automata::Input::new(text).range(from..))
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

/// A quick test that rules a text out before a pattern is searched in it: words that every
/// match of the pattern contains (case aside). Searching for a few words is many times
/// cheaper than the regex's own search, whose prefilter fires on common letters (`the`,
/// `do`, the `[` of every Markdown link) and whose Unicode `\b` keeps its DFA off
/// non-ASCII text; most texts lack the words.
///
/// The words are read off the pattern's syntax: runs of literal characters, each one
/// character when lower-cased (so `(?i)` classes such as `[Ôô]` count). Each alternative of
/// the pattern gives a clause, the words all its matches contain; the text passes when it
/// contains every word of some clause. The text is lower-cased the same way, character by
/// character, so a match always leaves its clause's words in it: the test may pass a text
/// where the pattern then finds nothing, never the other way round.
pub struct Screen {
    /// Each clause's words, longest (rarest) first.
    clauses: Vec<Vec<memchr::memmem::Finder<'static>>>,
    /// The first word of every clause, searched for all at once: most texts have none of
    /// them, and one pass (vector instructions, several words a step) rules such a text out
    /// where a search per clause would read it once per clause. `None` when it cannot be
    /// built (then each clause is searched alone, as when this pass finds a word).
    firsts: Option<Firsts>,
}

/// The first words of a screen's clauses (see [`Screen::firsts`]).
struct Firsts {
    /// The distinct words.
    searcher: aho_corasick::AhoCorasick,
    /// Each clause's first word, as an index into the searcher's words.
    word_of: Vec<usize>,
    /// No word starts another, and there are at most 64: then a search from each match's
    /// start on finds every word the text has (two words can only begin at the same place
    /// when one starts the other), so only those words' clauses are searched for their
    /// other words.
    tells_which: bool,
}

impl Firsts {
    fn new(clauses: &[Clause]) -> Option<Firsts> {
        let mut words: Vec<&str> = Vec::new();
        let mut word_of = Vec::with_capacity(clauses.len());
        for clause in clauses {
            let first = clause.first()?;
            let index = match words.iter().position(|w| w == first) {
                Some(i) => i,
                None => {
                    words.push(first);
                    words.len() - 1
                }
            };
            word_of.push(index);
        }
        let searcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(&words)
            .ok()?;
        let tells_which = words.len() <= 64
            && words.iter().enumerate().all(|(i, a)| {
                words[i + 1..]
                    .iter()
                    .all(|b| !a.starts_with(b) && !b.starts_with(a))
            });
        Some(Firsts {
            searcher,
            word_of,
            tells_which,
        })
    }

    /// Which of the words `lower` has (bit `i` for word `i`), when the search can tell
    /// ([`Firsts::tells_which`]); else whether it has any (bit 0), or none (0).
    fn found(&self, lower: &[u8]) -> u64 {
        if !self.tells_which {
            return u64::from(self.searcher.is_match(lower));
        }
        let every = u64::MAX >> (64 - self.searcher.patterns_len().clamp(1, 64));
        let mut seen = 0;
        let mut at = 0;
        // From the byte after each match's start, not its end: a word that overlaps the
        // match (`insert` then `tbd` in `insertbd`) is found too.
        while let Some(m) = self
            .searcher
            .find(aho_corasick::Input::new(lower).range(at..))
        {
            seen |= 1 << m.pattern().as_usize();
            if seen == every {
                break;
            }
            at = m.start() + 1;
        }
        seen
    }
}

/// The screens of the rules that search one text (the `existence` rules, a page's prose),
/// their first words searched for in one pass over the text for all of them, not one pass
/// per rule.
pub struct ScreenSet {
    screens: Vec<Arc<Deferred<Option<Screen>>>>,
    /// The first word of every clause of every screen, screen after screen. `None` when
    /// the pass cannot tell which of them a text has (a word starts another, or there are
    /// over 64): then each rule screens the text alone.
    firsts: Option<Firsts>,
    /// Where each screen's clauses start in `firsts.word_of`.
    starts: Vec<usize>,
}

impl ScreenSet {
    /// The set of `screens` (built now, if deferred).
    pub fn new(screens: Vec<Arc<Deferred<Option<Screen>>>>) -> ScreenSet {
        let mut firsts: Vec<Clause> = Vec::new();
        let mut starts = Vec::with_capacity(screens.len());
        for screen in &screens {
            starts.push(firsts.len());
            for clause in screen.get().iter().flat_map(|s| &s.clauses) {
                let first = clause.first().map(|w| w.needle()).unwrap_or_default();
                firsts.push(vec![String::from_utf8_lossy(first).into_owned()]);
            }
        }
        let firsts = Firsts::new(&firsts).filter(|f| f.tells_which);
        ScreenSet {
            screens,
            firsts,
            starts,
        }
    }

    /// Which of the first words `lower` has (a text lowered by [`screen_text`]), for
    /// [`ScreenSet::may_match`]; `None` when the set cannot tell.
    pub fn found(&self, lower: &[u8]) -> Option<u64> {
        Some(self.firsts.as_ref()?.found(lower))
    }

    /// `screen`'s [`Screen::may_match_screened`] of `lower`, given what [`ScreenSet::found`]
    /// found in it; `None` when `screen` is not in the set or the set cannot tell.
    pub fn may_match(
        &self,
        screen: &Arc<Deferred<Option<Screen>>>,
        found: Option<u64>,
        lower: &[u8],
    ) -> Option<bool> {
        let (firsts, found) = (self.firsts.as_ref()?, found?);
        let k = self.screens.iter().position(|s| Arc::ptr_eq(s, screen))?;
        let Some(screen) = screen.get() else {
            return Some(true);
        };
        let word_of = firsts.word_of.get(self.starts.get(k).copied()?..)?;
        Some(screen.with_firsts_found(word_of, found, lower))
    }
}

/// A clause: words every match of a part of a pattern contains.
type Clause = Vec<String>;

/// The shortest word worth a screen: shorter ones are in most texts anyway.
const SCREEN_MIN_CHARS: usize = 3;

impl Screen {
    /// The screen for `pattern` (as `regex::Regex` parses it), if it has good words.
    pub fn of(pattern: &str) -> Option<Screen> {
        let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
        let clauses = required_words(&hir)?;
        if score(&clauses) < SCREEN_MIN_CHARS {
            return None;
        }
        let clauses: Vec<Clause> = clauses
            .into_iter()
            .map(|mut clause| {
                clause.sort_by_key(|w| std::cmp::Reverse(w.len()));
                clause
            })
            .collect();
        // Every clause has a word (the score is at least 3 characters).
        let firsts = Firsts::new(&clauses);
        Some(Screen {
            clauses: clauses
                .iter()
                .map(|clause| {
                    clause
                        .iter()
                        .map(|w| memchr::memmem::Finder::new(w.as_bytes()).into_owned())
                        .collect()
                })
                .collect(),
            firsts,
        })
    }

    /// Can the pattern match somewhere in `text`?
    pub fn may_match(&self, text: &str) -> bool {
        self.may_match_screened(&screen_text(text))
    }

    /// [`Screen::may_match`] of a text already lowered by [`screen_text`] (a page's prose
    /// is lowered once for every rule that screens it).
    pub fn may_match_screened(&self, lower: &[u8]) -> bool {
        // A clause passes only with its first word in the text.
        let Some(firsts) = &self.firsts else {
            return self.each_clause(lower);
        };
        let found = firsts.found(lower);
        if found == 0 {
            return false;
        }
        if !firsts.tells_which {
            return self.each_clause(lower);
        }
        self.with_firsts_found(&firsts.word_of, found, lower)
    }

    /// Whether some clause has all its words in `lower`, given which first words it has:
    /// bit `word_of[i]` of `found` for clause `i`'s first word.
    fn with_firsts_found(&self, word_of: &[usize], found: u64, lower: &[u8]) -> bool {
        self.clauses.iter().zip(word_of).any(|(clause, &word)| {
            found & (1 << word) != 0 && clause.iter().skip(1).all(|w| w.find(lower).is_some())
        })
    }

    /// [`Screen::may_match_screened`] without the pass for the first words.
    fn each_clause(&self, lower: &[u8]) -> bool {
        self.clauses
            .iter()
            .any(|clause| clause.iter().all(|w| w.find(lower).is_some()))
    }

    #[cfg(test)]
    fn clauses(&self) -> Vec<Vec<String>> {
        self.clauses
            .iter()
            .map(|c| {
                c.iter()
                    .map(|w| String::from_utf8_lossy(w.needle()).into_owned())
                    .collect()
            })
            .collect()
    }
}

/// How well clauses rule texts out: the length of the weakest clause's longest word.
fn score(clauses: &[Clause]) -> usize {
    clauses
        .iter()
        .map(|c| c.iter().map(|w| w.chars().count()).max().unwrap_or(0))
        .min()
        .unwrap_or(0)
}

/// The one character `c` stands for in a screened text ([`screen_text`]): its lower case,
/// and `s` for `ſ` (which `(?i)s` matches, and which is lower case already).
fn fold_char(c: char) -> Option<char> {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some('ſ'), None) => Some('s'),
        (Some(l), None) => Some(l),
        _ => None,
    }
}

/// `text` as the screen's words are searched in it: each character lower-cased, and `ſ` as
/// `s` (see [`fold_char`]). Any other character may become what it likes (`İ` becomes two):
/// it is in no word. Only the non-ASCII characters that change are decoded; the rest is
/// copied and lower-cased a block at a time (lower-casing ASCII leaves the bytes of other
/// characters alone).
pub fn screen_text(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + 8);
    let mut copied = 0;
    let mut at = 0;
    while let Some(i) = next_non_ascii(bytes, at) {
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at = i + c.len_utf8();
        let mut lower = c.to_lowercase();
        if c != 'ſ' && lower.len() == 1 && lower.next() == Some(c) {
            continue;
        }
        out.extend_from_slice(&bytes[copied..i]);
        for l in c.to_lowercase() {
            let l = if l == 'ſ' { 's' } else { l };
            out.extend_from_slice(l.encode_utf8(&mut [0; 4]).as_bytes());
        }
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.make_ascii_lowercase();
    out
}

/// Where the first non-ASCII byte from `from` on is.
fn next_non_ascii(bytes: &[u8], from: usize) -> Option<usize> {
    const BLOCK: usize = 16;
    let mut i = from;
    // A block of ASCII is passed over at once (the test compiles to vector instructions).
    while let Some(block) = bytes
        .get(i..i + BLOCK)
        .and_then(|b| <&[u8; BLOCK]>::try_from(b).ok())
    {
        if block.iter().fold(0, |any, b| any | b) >= 0x80 {
            break;
        }
        i += BLOCK;
    }
    Some(i + bytes.get(i..)?.iter().position(|b| !b.is_ascii())?)
}

/// The lower-case character that every character of a small class lower-cases to (`(?i)x`
/// is the class `[Xx]`; `(?i)s` is `[Ssſ]`, all `s`).
fn class_char(class: &regex_syntax::hir::Class) -> Option<char> {
    use regex_syntax::hir::Class;
    let Class::Unicode(class) = class else {
        return None;
    };
    let mut one = None;
    let mut count = 0;
    for range in class.iter() {
        for c in range.start()..=range.end() {
            count += 1;
            if count > 4 {
                return None;
            }
            let l = fold_char(c)?;
            if one.is_some_and(|o| o != l) {
                return None;
            }
            one = Some(l);
        }
    }
    one
}

/// Clauses (lower-cased words) one of which every match of `hir` contains all the words of;
/// `None` when there are none (a match may be empty, say).
fn required_words(hir: &regex_syntax::hir::Hir) -> Option<Vec<Clause>> {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) | HirKind::Concat(_) => {
            let items = match hir.kind() {
                HirKind::Concat(items) => items.as_slice(),
                _ => std::slice::from_ref(hir),
            };
            // Every run of literal characters is in every match; when none is long enough,
            // the best of the runs alone and of the other parts' own clauses.
            let mut runs: Vec<String> = Vec::new();
            let mut parts: Vec<Vec<Clause>> = Vec::new();
            let mut run = String::new();
            for item in items {
                match item.kind() {
                    HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
                        Ok(lit) => {
                            for c in lit.chars() {
                                match fold_char(c) {
                                    Some(l) => run.push(l),
                                    None => runs.push(std::mem::take(&mut run)),
                                }
                            }
                        }
                        Err(_) => runs.push(std::mem::take(&mut run)),
                    },
                    HirKind::Class(class) => match class_char(class) {
                        Some(l) => run.push(l),
                        None => runs.push(std::mem::take(&mut run)),
                    },
                    // An assertion takes no text: the characters either side stay together.
                    HirKind::Look(_) => {}
                    _ => {
                        runs.push(std::mem::take(&mut run));
                        parts.extend(required_words(item));
                    }
                }
            }
            runs.push(run);
            runs.retain(|r| !r.is_empty());
            let long: Clause = runs
                .iter()
                .filter(|r| r.chars().count() >= SCREEN_MIN_CHARS)
                .cloned()
                .collect();
            if !long.is_empty() {
                return Some(vec![long]);
            }
            parts
                .into_iter()
                .chain(runs.into_iter().map(|r| vec![vec![r]]))
                .max_by_key(|clauses| score(clauses))
        }
        HirKind::Alternation(alts) => {
            let mut all = Vec::new();
            for alt in alts {
                all.extend(required_words(alt)?);
            }
            Some(all)
        }
        HirKind::Repetition(rep) if rep.min >= 1 => required_words(&rep.sub),
        HirKind::Capture(cap) => required_words(&cap.sub),
        _ => None,
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

    /// The built-in rules' screens searched as a set find what each finds alone, on texts
    /// made of their words (whole, cut, cased), and a set whose words start one another
    /// declines, leaving each screen to search alone.
    #[test]
    fn a_set_of_screens_screens_as_each_alone() {
        let rules = crate::rules::RuleSet::load(&[]).unwrap_or_else(|e| panic!("{e:?}"));
        let set = rules.screens.get();
        assert_eq!(set.screens.len(), 2, "the two existence rules");
        assert!(
            set.firsts.is_some(),
            "the built-in words tell which is found"
        );
        let mut pieces: Vec<String> = Vec::new();
        for screen in set.screens.iter().filter_map(|s| s.get().as_ref()) {
            for word in screen.clauses().into_iter().flatten() {
                let cut: String = word.chars().skip(1).collect();
                pieces.extend([word.to_uppercase(), cut, word]);
            }
        }
        pieces.extend(["x".into(), "\n".into(), "[".into(), "]".into()]);
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut passed = 0;
        for n in 0..40_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 1 + n % 9;
            let text: Vec<&str> = (0..len)
                .map(|k| pieces[((state >> (6 * k)) % pieces.len() as u64) as usize].as_str())
                .collect();
            let lower = screen_text(&text.join(" "));
            let found = set.found(&lower);
            for screen in &set.screens {
                let alone = screen
                    .get()
                    .as_ref()
                    .is_none_or(|s| s.may_match_screened(&lower));
                passed += usize::from(alone);
                assert_eq!(
                    set.may_match(screen, found, &lower),
                    Some(alone),
                    "{text:?}"
                );
            }
        }
        assert!(passed > 1000, "texts that pass a screen: {passed}");
        let overlapping = ScreenSet::new(vec![
            Deferred::ready(Screen::of(r"photography\s+club")),
            Deferred::ready(Screen::of(r"photo\s+booth")),
        ]);
        let lower = screen_text("the photography club");
        let found = overlapping.found(&lower);
        assert!(found.is_none());
        assert_eq!(
            overlapping.may_match(&overlapping.screens[0], found, &lower),
            None
        );
    }

    #[test]
    fn screens_take_the_words_every_match_has() {
        let clauses = |p: &str| Screen::of(p).map(|s| s.clauses());
        let words = |w: &[&[&str]]| -> Option<Vec<Vec<String>>> {
            Some(
                w.iter()
                    .map(|c| c.iter().map(|w| w.to_string()).collect())
                    .collect(),
            )
        };
        assert_eq!(
            clauses(
                r"\bTODO\b|\bTBD\b|(?i)\blorem\s+ipsum\b|(?i)\[\s*insert\b[^\]\n]{0,80}\bhere\s*\]"
            ),
            words(&[
                &["todo"],
                &["tbd"],
                &["lorem", "ipsum"],
                &["insert", "here"]
            ])
        );
        assert_eq!(
            clauses(r"(?i)không\s+sao\s+chép\s+nguyên\s+văn"),
            words(&[&["nguyên", "không", "chép", "văn", "sao"]])
        );
        assert_eq!(
            clauses(r"(?i)do\s+not\s+copy\s+(?:it\s+)?verbatim"),
            words(&[&["verbatim", "copy", "not"]])
        );
        // A match may be empty, or have no word long enough: no screen.
        assert!(Screen::of("a*").is_none());
        assert!(Screen::of(r"abc|\d+").is_none());
        assert!(Screen::of(r"ab\s+cd").is_none());
        assert!(Screen::of("(").is_none());
    }

    /// A screen may pass a text the pattern does not match, never fail one it matches.
    #[test]
    fn a_screen_never_rules_out_a_match() {
        let patterns = [
            r"\bTODO\b|\bTBD\b|\bFIXME\b|(?i)\blorem\s+ipsum\b|(?i)\[\s*insert\b[^\]\n]{0,80}\bhere\s*\]",
            r"(?i)do\s+not\s+copy\s+(?:it\s+)?verbatim|(?i)không\s+sao\s+chép\s+nguyên\s+văn",
            r"(?i)GenAI-powered\s+App-DB\s+Modernization|(?i)add\s+your\s+event\s+photos\s+here",
            r"(?i)sự\s+kiện\s+không\s+chỉ\s+cung\s+cấp|(?i)thêm\s+các\s+hình\s+ảnh",
            r"(?i)kelvin|(?i)straße|(?i)ΣΟΦΟΣ|(?i)(?:abc)+def|(?:İstanbul)",
            r"(?i)\bTO\bDO",
        ];
        let texts = [
            "see [insert your name here] and [link](x) [x] [ insert  HERE ]",
            "[INSERT NAME HERE]",
            "[inſert name here]",
            "Lorem Ipsum dolor",
            "LOREM\n IPSUM",
            "TODO: write",
            "a todo app, TBD.",
            "FIXME",
            "Do NOT copy it Verbatim",
            "KHÔNG SAO CHÉP NGUYÊN VĂN",
            "Không sao chép nguyên văn",
            "genai-POWERED app-db\tMODERNIZATION",
            "ADD YOUR EVENT PHOTOS HERE",
            "Sự Kiện không chỉ cung cấp",
            "SỰ KIỆN KHÔNG CHỈ CUNG CẤP",
            "THÊM CÁC HÌNH ẢNH",
            "\u{212A}ELVIN and ſtraße and STRASSE and STRAẞE",
            "σοφος and ΣΟΦΟΣ and σοφοσ",
            "ABCabcDEF",
            "İstanbul and istanbul",
            "TODO",
            "plain text with the do and [links](x) and [more](y)",
        ];
        for pattern in patterns {
            let re = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{e}"));
            let screen = Screen::of(pattern);
            for text in texts {
                if re.is_match(text) {
                    assert!(
                        screen.as_ref().is_none_or(|s| s.may_match(text)),
                        "{pattern} on {text}"
                    );
                }
            }
        }
        // And it does rule out texts.
        let screen = Screen::of(patterns[0]).unwrap_or_else(|| panic!("no screen"));
        assert!(!screen.may_match(texts[texts.len() - 1]));
        // Every word of a clause must be there.
        for text in texts {
            let want: String = text
                .chars()
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ſ' { 's' } else { c })
                .collect();
            assert_eq!(screen_text(text), want.as_bytes(), "{text}");
        }
        assert!(!screen.may_match("lorem dolor [insert]"));
    }

    /// The pass for the first words of the clauses rules out what searching each clause
    /// rules out, no more.
    #[test]
    fn the_first_words_pass_agrees_with_each_clause() {
        let patterns = [
            r"\bTODO\b|\bTBD\b|\bFIXME\b|(?i)\blorem\s+ipsum\b|(?i)\[\s*insert\b[^\]\n]{0,80}\bhere\s*\]",
            r"(?i)do\s+not\s+copy\s+(?:it\s+)?verbatim|(?i)không\s+sao\s+chép\s+nguyên\s+văn|(?i)add\s+your\s+event\s+photos\s+here",
            r"(?i)\bsự\s+kiện\b|(?i)straight|(?i)marker",
            // First words that overlap (`markdown`/`downtime`), and one that starts
            // another (`photo`/`photos`: the pass then only says whether there is one).
            r"(?i)markdown\s+here|(?i)downtime\s+event|(?i)photos\s+here|(?i)photo\s+add",
            // The same first word in two clauses.
            r"(?i)photos\s+here|(?i)photos\s+your",
        ];
        let texts = [
            "todo",
            "a tbd b",
            "lorem and ipsum",
            "ipsum only",
            "lorem only",
            "here insert",
            "verbatim, not copy",
            "verbatim alone",
            "nguyên văn không sao chép",
            "chép nguyên văn không",
            "photos here: add your event",
            "SỰ KIỆN",
            "sự",
            "ſtraight",
            "STRAIGHT",
            "MAR\u{212A}ER",
            "",
            "plain text\r\nwith – dashes and tiếng Việt",
            "markdowntime event",
            "markdown downtime event",
            "photos add",
            "photo add",
            "photos your",
            "your photos photos here",
            "insertbd",
            "inserthere",
            "loremipsum todo",
        ];
        let mut passed = 0;
        for pattern in patterns {
            let screen = Screen::of(pattern).unwrap_or_else(|| panic!("no screen: {pattern}"));
            let firsts = screen
                .firsts
                .as_ref()
                .unwrap_or_else(|| panic!("{pattern}"));
            assert_eq!(
                firsts.tells_which,
                !pattern.contains("photo\\s+add"),
                "{pattern}"
            );
            for text in texts {
                let lower = screen_text(text);
                let want = screen.each_clause(&lower);
                assert_eq!(
                    screen.may_match_screened(&lower),
                    want,
                    "{pattern} on {text}"
                );
                passed += usize::from(want);
            }
        }
        // Both answers occur.
        assert!(passed > 5 && passed < 5 * texts.len() - 5, "{passed}");
    }
}
