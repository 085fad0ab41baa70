//! Which report section a heading names, judged by the words that carry its meaning.
//!
//! An event report should have seven sections (objectives, speakers, highlights,
//! takeaways, application, experience, photos), but real reports name each of them
//! in dozens of ways and in two languages: `Event Objectives`, `Purpose of the Event`,
//! `Program Goals`, `Mục Đích Của Sự Kiện` and `4.1.1 Mục tiêu của sự kiện` all mean
//! the same section. A list of exact titles would miss most of them, so a section is
//! declared as data (a [`SectionSpec`] in the rule's YAML) by its *keywords*: short
//! phrases such as `objective`, `goal`, `purpose`, `mục đích`, `mục tiêu`. A heading
//! belongs to the section when one of the keywords occurs in it as whole words.
//!
//! # Normalisation
//!
//! Headings and keywords both go through [`normalize`]: lower case, Vietnamese and
//! Latin diacritics removed (`Mục Đích` → `muc dich`), punctuation, emoji and markup
//! turned into spaces, and numbering (`4.1.1`, `3.`) dropped. Keywords can therefore
//! be written naturally, with their diacritics.
//!
//! # Matching a keyword
//!
//! A keyword is a sequence of words; it matches where the heading has the same words
//! next to each other. One keyword word matches one heading word when:
//!
//! * the keyword word ends with `*`: the heading word starts with the rest
//!   (`photo*` matches `photos`, `photography`; `highlight*` matches `highlighted`);
//! * otherwise: the heading word is the same word or its simple English plural,
//!   that is the word plus `s`, plus `es`, or with a final `y` turned into `ies`
//!   (`objective` matches `objectives`, `speaker list` matches `speakers lists`).
//!   Nothing else: `learned` does not match `learning`, `apply` does not match
//!   `applying`. Write the other forms as further keywords or use `*`.
//!
//! A section's `exclude` phrases (same syntax) veto the section for a heading that
//! contains any of them: `Speaker photos` is not the speakers section.
//!
//! # More than one section
//!
//! A heading may name two sections (`Key takeaways and application`). The sections it
//! matches are ordered by where their keyword starts in the heading (earliest first),
//! then by the longer keyword (more words), then by declaration order.
//! [`SectionMatcher::classify`] returns the first of them: the topic a heading names
//! first is its main one (`Speakers & Highlights` → speakers, `Event Photos &
//! Experience` → photos). [`SectionMatcher::classify_all`] returns all of them, for a
//! check that wants a combined heading to count for every section it names.
//!
//! The matcher judges any text it is given; choosing which headings to ask about is the
//! caller's job. Skip the page title (H1): `Event Takeaways: "DevOps on AWS"` names
//! the event, not a takeaways section.
//!
//! # Example
//!
//! ```
//! use eventlint::sections::matcher::{SectionMatcher, SectionSpec};
//!
//! let spec = |name: &str, keywords: &[&str], exclude: &[&str]| SectionSpec {
//!     name: name.to_string(),
//!     label: name.to_string(),
//!     keywords: keywords.iter().map(|k| k.to_string()).collect(),
//!     exclude: exclude.iter().map(|k| k.to_string()).collect(),
//! };
//! let matcher = SectionMatcher::new(vec![
//!     spec("objectives", &["objective", "goal", "purpose", "mục đích"], &[]),
//!     spec("speakers", &["speaker", "diễn giả"], &["photo*"]),
//!     spec("photos", &["photo*", "hình ảnh"], &[]),
//! ])
//! .unwrap();
//! assert_eq!(matcher.classify("Purpose of the Event"), Some(0));
//! assert_eq!(matcher.classify("Mục Đích Của Sự Kiện"), Some(0));
//! assert_eq!(matcher.classify("### Danh Sách Diễn Giả"), Some(1));
//! assert_eq!(matcher.classify("Speaker photos"), Some(2));
//! assert_eq!(matcher.classify("Event photography"), Some(2));
//! assert_eq!(matcher.classify("Conclusion"), None);
//! ```

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::HashSet;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::hash::FastMap;

/// One section a report should have, as the rule file declares it.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionSpec {
    /// Stable key, e.g. "objectives".
    pub name: String,
    /// Human label for messages, e.g. "Objectives".
    pub label: String,
    /// Keyword phrases; a heading matches when one of them occurs in it as whole words
    /// (after normalisation). Written naturally with diacritics, e.g. "mục tiêu",
    /// "objective". A word ending in `*` matches any heading word it starts; any other
    /// word matches itself and its simple English plural (see the module docs).
    pub keywords: Vec<String>,
    /// Phrases that veto a match for this section (optional), e.g. to keep
    /// "Speaker photos" out of speakers. Same syntax as `keywords`.
    #[serde(default)]
    pub exclude: Vec<String>,
}

/// Classifies heading text into the declared sections; built once from the specs.
#[derive(Debug, Clone)]
pub struct SectionMatcher {
    /// Which matcher a thread's memo of answers belongs to (a clone keeps it: it gives
    /// the same answers).
    id: u64,
    specs: Vec<SectionSpec>,
    compiled: Vec<CompiledSpec>,
    /// Every keyword and exclude phrase whose first word is plain, by each heading word
    /// that first word matches: the word itself and its plurals (`+s`, `+es`, `y` →
    /// `ies`). A heading word starts such a phrase only if it is a key here, so a heading
    /// is matched with one look-up per word, not by trying every phrase.
    by_heading_word: FastMap<String, Vec<PhraseRef>>,
    /// The shapes of `by_heading_word`'s keys: bit `n` of entry [`shape_slot`] is set when
    /// a key of `n` bytes (63 for longer) has those first and last bytes. Most heading
    /// words are no key; this rules them out without hashing them (the first byte alone
    /// let a third of the generated headings' words through, as `service` for `speaker`).
    heading_word_shapes: Box<[u64; SHAPE_SLOTS]>,
    /// The length of the shortest `by_prefix` word that starts with byte `b` (`usize::MAX`
    /// for none): a heading word shorter than that, or of another first byte, starts no
    /// prefix phrase.
    shortest_prefix: Box<[usize; 256]>,
    /// Phrases whose first word ends in `*` (there are few), with that word's text.
    by_prefix: Vec<(String, PhraseRef)>,
}

/// Where a phrase is: its spec, whether it is an exclude phrase, and its index.
#[derive(Debug, Clone, Copy)]
struct PhraseRef {
    spec: usize,
    exclude: bool,
    phrase: usize,
}

#[derive(Debug, Clone)]
struct CompiledSpec {
    keywords: Vec<Phrase>,
    exclude: Vec<Phrase>,
}

/// A keyword or exclude phrase, as normalised words.
#[derive(Debug, Clone)]
struct Phrase {
    words: Vec<PhraseWord>,
}

#[derive(Debug, Clone)]
struct PhraseWord {
    text: String,
    /// Written with a trailing `*`: matches any heading word that starts with `text`.
    prefix: bool,
}

impl SectionMatcher {
    /// Compiles the specs. Fails on an empty or duplicate name, a section without
    /// keywords, or a keyword or exclude phrase that has no words once normalised.
    pub fn new(specs: Vec<SectionSpec>) -> Result<Self, String> {
        let mut names = HashSet::new();
        let mut compiled = Vec::with_capacity(specs.len());
        for spec in &specs {
            if spec.name.trim().is_empty() {
                return Err("a section has an empty `name`".to_string());
            }
            if !names.insert(spec.name.as_str()) {
                return Err(format!("section `{}` is declared twice", spec.name));
            }
            if spec.keywords.is_empty() {
                return Err(format!("section `{}` has no keywords", spec.name));
            }
            let compile_all = |phrases: &[String], field: &str| {
                phrases
                    .iter()
                    .map(|p| {
                        Phrase::compile(p)
                            .map_err(|why| format!("section `{}`: {field} {p:?} {why}", spec.name))
                    })
                    .collect::<Result<Vec<_>, _>>()
            };
            compiled.push(CompiledSpec {
                keywords: compile_all(&spec.keywords, "keyword")?,
                exclude: compile_all(&spec.exclude, "exclude phrase")?,
            });
        }
        let mut by_heading_word: FastMap<String, Vec<PhraseRef>> = FastMap::default();
        let mut by_prefix = Vec::new();
        for (spec, c) in compiled.iter().enumerate() {
            let phrases = (c.keywords.iter().enumerate().map(|(i, p)| (false, i, p)))
                .chain(c.exclude.iter().enumerate().map(|(i, p)| (true, i, p)));
            for (exclude, phrase, p) in phrases {
                let r = PhraseRef {
                    spec,
                    exclude,
                    phrase,
                };
                match p.words.first() {
                    Some(first) if first.prefix => by_prefix.push((first.text.clone(), r)),
                    Some(first) => {
                        for form in PhraseWord::plain_forms(&first.text) {
                            by_heading_word.entry(form).or_default().push(r);
                        }
                    }
                    None => {}
                }
            }
        }
        let mut heading_word_shapes = Box::new([0u64; SHAPE_SLOTS]);
        for word in by_heading_word.keys() {
            if let Some(slot) = shape_slot(word) {
                heading_word_shapes[slot] |= word_shape(word);
            }
        }
        let mut shortest_prefix = Box::new([usize::MAX; 256]);
        for (word, _) in &by_prefix {
            if let Some(&first) = word.as_bytes().first() {
                let shortest = &mut shortest_prefix[usize::from(first)];
                *shortest = (*shortest).min(word.len());
            }
        }
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Ok(Self {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            specs,
            compiled,
            by_heading_word,
            heading_word_shapes,
            shortest_prefix,
            by_prefix,
        })
    }

    /// Which declared section a heading's plain text belongs to (index into specs), or None.
    ///
    /// When several sections match, the one whose keyword starts earliest in the heading
    /// wins; then the longer keyword; then the section declared first.
    pub fn classify(&self, heading_text: &str) -> Option<usize> {
        let mut ranked = Vec::new();
        self.classify_all_into(heading_text, &mut ranked);
        ranked.first().copied()
    }

    /// Every declared section the heading names (indices into specs), best first in the
    /// order [`classify`](Self::classify) uses; empty when it names none.
    pub fn classify_all(&self, heading_text: &str) -> Vec<usize> {
        self.ranked(heading_text)
    }

    /// [`classify_all`](Self::classify_all) into `out` (cleared first), so that a caller
    /// asking about many headings reuses one vector.
    pub fn classify_all_into(&self, heading_text: &str, out: &mut Vec<usize>) {
        // A page asks about two dozen headings and labels: the text is normalised (for
        // ASCII, lower-cased) into the thread's buffer, its words go onto the stack and
        // the keyword hits into the thread's list, instead of allocations per heading.
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
        }
        out.clear();
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                let Scratch {
                    text,
                    hits,
                    memo_of,
                    memo,
                    memo_lengths,
                } = &mut *scratch;
                // A site's reports repeat their section headings (`Event Objectives`,
                // `Speakers`): the thread keeps the answers for the headings that named a
                // section, so a repeated one costs a hash look-up. Those that name none
                // (most sub-headings, each different) are not kept: keeping them cost more
                // in insertions than the repeats saved. A heading of a length no kept one
                // has is not even looked up.
                if *memo_of != self.id {
                    memo.clear();
                    *memo_lengths = [0; 4];
                    *memo_of = self.id;
                }
                let len = heading_text.len();
                let kept_length = len <= MEMO_TEXT && memo_lengths[len / 64] & 1 << (len % 64) != 0;
                if let Some(known) = kept_length.then(|| memo.get(heading_text)).flatten() {
                    out.extend_from_slice(known);
                    return;
                }
                self.ranked_in(heading_text, text, hits, out);
                if len <= MEMO_TEXT && !out.is_empty() {
                    if memo.len() >= MEMO_ENTRIES {
                        memo.clear();
                        *memo_lengths = [0; 4];
                    }
                    memo.insert(heading_text.into(), out.as_slice().into());
                    memo_lengths[len / 64] |= 1 << (len % 64);
                }
            }
            Err(_) => self.ranked_in(heading_text, &mut String::new(), &mut Vec::new(), out),
        });
    }

    /// The specs, in declaration order.
    pub fn specs(&self) -> &[SectionSpec] {
        &self.specs
    }

    fn ranked(&self, heading_text: &str) -> Vec<usize> {
        let mut ranked = Vec::new();
        self.classify_all_into(heading_text, &mut ranked);
        ranked
    }

    /// [`ranked`](Self::ranked) into `out` (empty), with `buffer` for the normalised
    /// text and `hits` for the keyword occurrences.
    fn ranked_in(
        &self,
        heading_text: &str,
        buffer: &mut String,
        hits: &mut Vec<(usize, Reverse<usize>, usize)>,
        out: &mut Vec<usize>,
    ) {
        let mut on_stack = [""; STACK_WORDS];
        let mut on_heap: Vec<&str> = Vec::new();
        let mut count = 0;
        for word in normalized_words(heading_text, buffer) {
            match on_stack.get_mut(count) {
                Some(slot) => *slot = word,
                None => {
                    if on_heap.is_empty() {
                        on_heap.extend_from_slice(&on_stack);
                    }
                    on_heap.push(word);
                }
            }
            count += 1;
        }
        let words: &[&str] = if on_heap.is_empty() {
            &on_stack[..count]
        } else {
            &on_heap
        };
        // Every keyword occurrence as (word, longer keyword first, spec), and the specs an
        // exclude phrase occurs for. Most headings name no section and find no phrase.
        hits.clear();
        let mut excluded = SpecSet::default();
        let mut found = |r: PhraseRef, at: usize| {
            let c = &self.compiled[r.spec];
            let list = if r.exclude { &c.exclude } else { &c.keywords };
            let Some(phrase) = list.get(r.phrase) else {
                return;
            };
            if !phrase.occurs_at(words, at) {
                return;
            }
            if r.exclude {
                excluded.insert(r.spec);
            } else {
                hits.push((at, Reverse(phrase.words.len()), r.spec));
            }
        };
        for (at, word) in words.iter().enumerate() {
            let Some(&first) = word.as_bytes().first() else {
                continue;
            };
            let first = usize::from(first);
            let shape = shape_slot(word).map_or(0, |slot| self.heading_word_shapes[slot]);
            if shape & word_shape(word) != 0 {
                for &r in self.by_heading_word.get(*word).into_iter().flatten() {
                    found(r, at);
                }
            }
            if self.shortest_prefix[first] <= word.len() {
                for (start, r) in &self.by_prefix {
                    if word.starts_with(start.as_str()) {
                        found(*r, at);
                    }
                }
            }
        }
        if hits.is_empty() {
            return;
        }
        // In this order a spec's first hit is its best one (earliest, then longest), and
        // the specs come out ranked by it, ties in declaration order.
        hits.sort_unstable();
        let mut listed = SpecSet::default();
        for &(_, _, spec) in hits.iter() {
            if !excluded.contains(spec) && !listed.contains(spec) {
                listed.insert(spec);
                out.push(spec);
            }
        }
    }

    /// The matching as first written, trying every phrase at every word: the reference the
    /// indexed [`ranked`](Self::ranked) is tested against.
    #[cfg(test)]
    fn ranked_by_scan(&self, heading_text: &str) -> Vec<usize> {
        let normalized = normalize(heading_text);
        let words: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(usize, Reverse<usize>, usize)> = Vec::new();
        for (index, spec) in self.compiled.iter().enumerate() {
            let best = spec
                .keywords
                .iter()
                .filter_map(|k| k.find_in(&words).map(|at| (at, Reverse(k.words.len()))))
                .min();
            let Some((at, len)) = best else { continue };
            if spec.exclude.iter().any(|e| e.find_in(&words).is_some()) {
                continue;
            }
            hits.push((at, len, index));
        }
        hits.sort_unstable();
        hits.into_iter().map(|(_, _, index)| index).collect()
    }
}

/// The words of a heading [`SectionMatcher::ranked`] keeps on the stack (a longer heading
/// takes a vector).
const STACK_WORDS: usize = 24;

/// The bit of a word's length in [`SectionMatcher::heading_word_shapes`].
fn word_shape(word: &str) -> u64 {
    1 << word.len().min(63)
}

/// The entries of [`SectionMatcher::heading_word_shapes`].
const SHAPE_SLOTS: usize = 1024;

/// A word's entry in [`SectionMatcher::heading_word_shapes`]: the low five bits of its
/// first and last bytes (one apiece for the letters `a`–`z`; other bytes share them,
/// which only lets more words through to the look-up). `None` for the empty word.
fn shape_slot(word: &str) -> Option<usize> {
    let bytes = word.as_bytes();
    let (&first, &last) = (bytes.first()?, bytes.last()?);
    Some(usize::from(first & 31) << 5 | usize::from(last & 31))
}

/// The thread's buffers for [`SectionMatcher::classify_all_into`].
#[derive(Default)]
struct Scratch {
    /// The heading, normalised.
    text: String,
    /// Keyword occurrences: (word, longer keyword first, spec).
    hits: Vec<(usize, Reverse<usize>, usize)>,
    /// The [`SectionMatcher::id`] `memo` holds answers of.
    memo_of: u64,
    /// Headings (of at most [`MEMO_TEXT`] bytes) that name a section, and their ranked
    /// sections; emptied when it reaches [`MEMO_ENTRIES`].
    memo: FastMap<Box<str>, Box<[usize]>>,
    /// Bit `n` is set when `memo` holds a heading of `n` bytes.
    memo_lengths: [u64; 4],
}

/// The most headings a thread remembers the answers for.
const MEMO_ENTRIES: usize = 1024;
/// The longest heading text remembered, in bytes (a heading is a line or two; below
/// 256, the bits of [`Scratch::memo_lengths`]).
const MEMO_TEXT: usize = 255;

/// A set of spec indices, as bits for the first 64 (the vector is for larger packs).
#[derive(Default)]
struct SpecSet {
    bits: u64,
    more: Vec<bool>,
}

impl SpecSet {
    fn insert(&mut self, spec: usize) {
        match spec.checked_sub(64) {
            None => self.bits |= 1 << spec,
            Some(i) => {
                if self.more.len() <= i {
                    self.more.resize(i + 1, false);
                }
                if let Some(slot) = self.more.get_mut(i) {
                    *slot = true;
                }
            }
        }
    }

    fn contains(&self, spec: usize) -> bool {
        match spec.checked_sub(64) {
            None => self.bits & (1 << spec) != 0,
            Some(i) => self.more.get(i).copied().unwrap_or(false),
        }
    }
}

impl Phrase {
    fn compile(raw: &str) -> Result<Self, &'static str> {
        let mut words = Vec::new();
        for token in raw.split_whitespace() {
            let (body, prefix) = match token.strip_suffix('*') {
                Some(body) => (body, true),
                None => (token, false),
            };
            let normalized = normalize(body);
            let mut parts: Vec<&str> = normalized.split(' ').filter(|w| !w.is_empty()).collect();
            if prefix && parts.is_empty() {
                return Err("has a `*` with no word before it");
            }
            // `*` belongs to the last word the token normalises to ("real-world*").
            let last = parts.pop();
            words.extend(parts.into_iter().map(|text| PhraseWord {
                text: text.to_string(),
                prefix: false,
            }));
            if let Some(text) = last {
                words.push(PhraseWord {
                    text: text.to_string(),
                    prefix,
                });
            }
        }
        if words.is_empty() {
            return Err("has no words once normalised");
        }
        Ok(Self { words })
    }

    /// Does the phrase occur in `heading` starting at word `at`?
    fn occurs_at(&self, heading: &[&str], at: usize) -> bool {
        heading
            .get(at..at + self.words.len())
            .is_some_and(|words| self.words.iter().zip(words).all(|(k, w)| k.matches(w)))
    }

    /// Index of the first heading word where the phrase occurs, if it does.
    #[cfg(test)]
    fn find_in(&self, heading: &[&str]) -> Option<usize> {
        let n = self.words.len();
        if n > heading.len() {
            return None;
        }
        (0..=heading.len() - n).find(|&start| {
            self.words
                .iter()
                .zip(&heading[start..start + n])
                .all(|(k, w)| k.matches(w))
        })
    }
}

impl PhraseWord {
    /// The heading words a plain phrase word `text` matches (see [`matches`](Self::matches)):
    /// itself, `+s`, `+es`, and for a final `y` the `ies` plural. All differ: the first
    /// three in length, and the fourth ends in `ies` where they end in `y`, `ys`, `yes`.
    fn plain_forms(text: &str) -> impl Iterator<Item = String> {
        let ies = text.strip_suffix('y').map(|stem| format!("{stem}ies"));
        [
            Some(text.to_string()),
            Some(format!("{text}s")),
            Some(format!("{text}es")),
            ies,
        ]
        .into_iter()
        .flatten()
    }

    fn matches(&self, word: &str) -> bool {
        let kw = self.text.as_str();
        if self.prefix {
            return word.starts_with(kw);
        }
        if word == kw {
            return true;
        }
        // Simple English plurals: +s, +es, y → ies.
        if let Some(rest) = word.strip_prefix(kw) {
            return rest == "s" || rest == "es";
        }
        match (kw.strip_suffix('y'), word.strip_suffix("ies")) {
            (Some(stem), Some(word_stem)) => stem == word_stem,
            _ => false,
        }
    }
}

/// Lower-case, strip Vietnamese/Latin diacritics (NFD + drop combining marks; đ→d),
/// replace punctuation/emoji/digits-numbering with spaces, collapse spaces.
///
/// Words are runs of letters and digits; a word made only of digits (numbering such as
/// `4.1.1`, times, counts) is dropped, a mixed one (`c02`, `event4`) is kept.
///
/// ```
/// use eventlint::sections::matcher::normalize;
/// assert_eq!(normalize("4.1.1 Mục Đích Của Sự Kiện"), "muc dich cua su kien");
/// assert_eq!(normalize("**Speakers:** 🎤"), "speakers");
/// assert_eq!(normalize("Real-World Application (CLF-C02)"), "real world application clf c02");
/// ```
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        normalize_ascii(text)
    } else {
        normalize_unicode(text)
    }
}

fn normalize_unicode(text: &str) -> String {
    let spaced = spaced_by_table(text).unwrap_or_else(|| spaced_by_nfd(text));
    let mut out = String::with_capacity(spaced.len());
    for word in spaced
        .split_whitespace()
        .filter(|w| !w.chars().all(|c| c.is_numeric()))
    {
        if !out.is_empty() {
            out.push(' ');
        }
        // Lower-casing can itself produce combining marks (`İ` → `i̇`).
        out.extend(word.chars().filter(|&c| !is_combining_mark(c)));
    }
    out
}

/// The first step of [`normalize_unicode`]: NFD, combining marks dropped, `đ` → `d`,
/// letters and digits lower-cased, anything else a space.
fn spaced_by_nfd(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        spaced_push(&mut spaced, c);
    }
    spaced
}

fn spaced_push(spaced: &mut String, c: char) {
    match c {
        'đ' | 'Đ' => spaced.push('d'),
        c if c.is_alphanumeric() => spaced.extend(c.to_lowercase()),
        _ => spaced.push(' '),
    }
}

/// The characters [`SPACED`] knows, as ranges of code points: Latin-1 and Latin
/// Extended, combining diacritical marks, Latin Extended Additional (the precomposed
/// Vietnamese letters) and general punctuation (dashes, quotes).
const SPACED_RANGES: [(u32, u32); 4] = [
    (0x80, 0x250),
    (0x300, 0x370),
    (0x1E00, 0x1F00),
    (0x2000, 0x2070),
];
/// In [`SPACED`]: the character gives nothing (a combining mark).
const DROP: u32 = 0;
/// In [`SPACED`]: the character's decomposition is not one starter and marks (or its
/// lower case is not one character): only the NFD pass says what it gives.
const UNKNOWN: u32 = u32::MAX;

/// Where code point `code` is in [`SPACED`].
fn spaced_slot(code: u32) -> Option<usize> {
    let mut offset = 0;
    for (start, end) in SPACED_RANGES {
        if (start..end).contains(&code) {
            return usize::try_from(offset + code - start).ok();
        }
        offset += end - start;
    }
    None
}

/// What [`spaced_by_nfd`] makes of each character of [`SPACED_RANGES`] on its own:
/// [`DROP`], [`UNKNOWN`] or the one character it gives. NFD of a text is the
/// decomposition of each character, then the marks of each run reordered; the marks are
/// dropped, so a text of characters known here gives the concatenation of their entries
/// (a character that reorders but is not a mark, combining class not 0, is [`UNKNOWN`]).
/// Vietnamese headings (`Mục Đích`) take one look-up per character instead of the
/// decomposition iterator. Built on first use (a few hundred thousand instructions).
static SPACED: LazyLock<Vec<u32>> = LazyLock::new(|| {
    use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
    let entry = |c: char| {
        if c.is_ascii() || (!is_combining_mark(c) && canonical_combining_class(c) != 0) {
            return UNKNOWN;
        }
        // The decomposition's first character and whether any other is not a mark.
        let (mut first, mut kept, mut others) = (None, None, false);
        decompose_canonical(c, |d| {
            if first.is_none() {
                first = Some(d);
            }
            if !is_combining_mark(d) {
                if kept.is_some() {
                    others = true;
                }
                kept = Some(d);
            }
        });
        match kept {
            None => DROP,
            Some(base)
                if !others && first == Some(base) && canonical_combining_class(base) == 0 =>
            {
                let mut one = String::new();
                spaced_push(&mut one, base);
                let mut chars = one.chars();
                match (chars.next(), chars.next()) {
                    (Some(out), None) if !is_combining_mark(out) => u32::from(out),
                    _ => UNKNOWN,
                }
            }
            Some(_) => UNKNOWN,
        }
    };
    SPACED_RANGES
        .iter()
        .flat_map(|&(start, end)| start..end)
        .map(|code| char::from_u32(code).map_or(UNKNOWN, entry))
        .collect()
});

/// [`spaced_by_nfd`] by table look-ups, or `None` when a character is not in [`SPACED`].
fn spaced_by_table(text: &str) -> Option<String> {
    let mut spaced = String::with_capacity(text.len());
    spaced_by_table_into(text, &mut spaced).then_some(spaced)
}

/// [`spaced_by_table`] appended to `spaced`; false (and `spaced` in any state) when a
/// character is not in [`SPACED`].
fn spaced_by_table_into(text: &str, spaced: &mut String) -> bool {
    let table = &**SPACED;
    for c in text.chars() {
        if c.is_ascii() {
            spaced.push(match c {
                c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
                _ => ' ',
            });
            continue;
        }
        match spaced_slot(u32::from(c)).and_then(|slot| table.get(slot).copied()) {
            Some(DROP) => {}
            Some(UNKNOWN) | None => return false,
            Some(code) => match char::from_u32(code) {
                Some(c) => spaced.push(c),
                None => return false,
            },
        }
    }
    true
}

/// [`normalize`] for ASCII text, which has no diacritics to strip: the same result in one
/// pass.
fn normalize_ascii(text: &str) -> String {
    let mut out = Vec::new();
    normalize_ascii_into(text, &mut out);
    // Only ASCII letters, digits and spaces were written: never an error.
    String::from_utf8(out).unwrap_or_default()
}

/// [`normalize_ascii`] into `out` (emptied first; ASCII bytes), for callers that normalise
/// many texts through one buffer and search the bytes.
pub(crate) fn normalize_ascii_into(text: &str, out: &mut Vec<u8>) {
    // One pass over the bytes, one table look-up each: a word is copied lower-cased as it
    // is read and taken back when it has digits only. The buffer is sized first and written
    // by position (the result is never longer than the text: a space goes in only where a
    // separator came out), which costs less per byte than pushing, and a byte buffer needs
    // no UTF-8 check. Finding each word first, copying and lower-casing it after cost the
    // speakers check (which normalises every name and role) a third more.
    out.clear();
    out.resize(text.len(), 0);
    let mut len = 0;
    // Where the current word's bytes (with the space before it) begin, if in a word.
    let mut word: Option<usize> = None;
    let mut has_letter = false;
    for &b in text.as_bytes() {
        let class = BYTE_CLASS[usize::from(b)];
        if class & (DIGIT | LETTER) != 0 {
            if word.is_none() {
                word = Some(len);
                has_letter = false;
                if len > 0 {
                    if let Some(slot) = out.get_mut(len) {
                        *slot = b' ';
                    }
                    len += 1;
                }
            }
            has_letter |= class == LETTER;
            if let Some(slot) = out.get_mut(len) {
                // Lower case for a letter; a digit already has the bit.
                *slot = b | 0x20;
            }
            len += 1;
        } else if let Some(start) = word.take()
            && !has_letter
        {
            len = start;
        }
    }
    if let Some(start) = word
        && !has_letter
    {
        len = start;
    }
    out.truncate(len);
}

/// The words of `text` once normalised (those of [`normalize`], in order), written into
/// `buffer` and read from it. An ASCII text is copied and lower-cased as it is (a block at
/// a time); its words are then the runs of letters and digits, as [`normalize_ascii`] cuts
/// them, without joining them into a new string. Any other text is spaced by the table
/// straight into `buffer` (what [`normalize_unicode`] does before it splits and joins the
/// words; Vietnamese headings take this way), or, with a character the table does not
/// know, normalised first; either leaves only spaces between its words. The words are found
/// by a byte loop rather than `str::split`, whose searcher costs more than the short words
/// it finds.
fn normalized_words<'b>(text: &str, buffer: &'b mut String) -> impl Iterator<Item = &'b str> {
    buffer.clear();
    if text.is_ascii() {
        buffer.push_str(text);
        buffer.make_ascii_lowercase();
    } else if !spaced_by_table_into(text, buffer) {
        buffer.clear();
        buffer.push_str(&normalize_unicode(text));
    }
    let words: &'b str = buffer;
    let bytes = words.as_bytes();
    let separates = |b: &u8| BYTE_CLASS[usize::from(*b)] == SEPARATOR;
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            let start = at + bytes.get(at..)?.iter().position(|b| !separates(b))?;
            let rest = bytes.get(start..).unwrap_or_default();
            let end = start + rest.iter().position(separates).unwrap_or(rest.len());
            at = end;
            // Both ends are at ASCII bytes or the text's ends: character boundaries.
            let word = words.get(start..end).unwrap_or("");
            // As `normalize_unicode` drops them: a word of digits only (a table-spaced
            // text may hold others than ASCII's, such as `½`). Most words start with a
            // letter, which settles it.
            let numeric = rest
                .first()
                .is_some_and(|&b| BYTE_CLASS[usize::from(b)] != LETTER)
                && word.chars().all(char::is_numeric);
            if !numeric {
                return Some(word);
            }
        }
    })
}

/// [`BYTE_CLASS`] of an ASCII byte that is not a letter or digit: it separates words.
const SEPARATOR: u8 = 0;
/// [`BYTE_CLASS`] of an ASCII digit.
const DIGIT: u8 = 1;
/// [`BYTE_CLASS`] of an ASCII letter.
const LETTER: u8 = 2;
/// [`BYTE_CLASS`] of a byte of a character that is not ASCII: a part of a word (only a
/// normalised or table-spaced text has them, and there, words are split by spaces).
const NOT_ASCII: u8 = 4;

/// How [`normalized_words`] reads each byte: one look-up instead of the range tests.
static BYTE_CLASS: [u8; 256] = {
    let mut table = [SEPARATOR; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            b'0'..=b'9' => DIGIT,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            0x80.. => NOT_ASCII,
            _ => SEPARATOR,
        };
        byte += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The default sections: `sections.list` of the built-in pack `rules/_pack.yaml`.
    fn defaults() -> SectionMatcher {
        #[derive(serde::Deserialize)]
        struct PackFile {
            sections: PackSections,
        }
        #[derive(serde::Deserialize)]
        struct PackSections {
            list: Vec<SectionSpec>,
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join("rules/_pack.yaml")).expect("the pack file");
        let pack: PackFile = serde_saphyr::from_str(&text).expect("the pack parses");
        SectionMatcher::new(pack.sections.list).expect("default sections compile")
    }

    /// The section name a heading is classified as, for readable assertions.
    fn name_of(m: &SectionMatcher, heading: &str) -> Option<String> {
        m.classify(heading).map(|i| m.specs()[i].name.clone())
    }

    fn assert_all(m: &SectionMatcher, cases: &[(&str, Option<&str>)]) {
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|&(heading, want)| {
                let got = name_of(m, heading);
                (got.as_deref() != want).then(|| format!("{heading:?}: got {got:?}, want {want:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "misclassified:\n{}", wrong.join("\n"));
    }

    fn spec(name: &str, keywords: &[&str], exclude: &[&str]) -> SectionSpec {
        SectionSpec {
            name: name.to_string(),
            label: name.to_string(),
            keywords: keywords.iter().map(|k| k.to_string()).collect(),
            exclude: exclude.iter().map(|k| k.to_string()).collect(),
        }
    }

    #[test]
    fn normalize_strips_diacritics_punctuation_and_numbering() {
        assert_eq!(normalize("Mục Đích Của Sự Kiện"), "muc dich cua su kien");
        assert_eq!(
            normalize("Một số hình ảnh khi tham gia sự kiện"),
            "mot so hinh anh khi tham gia su kien"
        );
        assert_eq!(normalize("ĐIỂM NỔI BẬT"), "diem noi bat");
        assert_eq!(normalize("4.2.3 Notable Content"), "notable content");
        assert_eq!(
            normalize("3. Application in Work & Study"),
            "application in work study"
        );
        assert_eq!(normalize("🚀 **Key Highlights:**"), "key highlights");
        assert_eq!(
            normalize("10:00 – 10:15 AM | Coffee Break"),
            "am coffee break"
        );
        assert_eq!(normalize("Amazon EC2 / S3"), "amazon ec2 s3");
        assert_eq!(normalize("Crème brûlée — Ñandú"), "creme brulee nandu");
        assert_eq!(normalize("  \t "), "");
        assert_eq!(normalize("1.2.3"), "");
    }

    #[test]
    fn normalize_handles_decomposed_input() {
        // "Mục" written with a combining dot below, and "ế" as e + two marks.
        assert_eq!(normalize("Mu\u{323}c tie\u{302}\u{301}u"), "muc tieu");
    }

    #[test]
    fn plural_and_prefix_rules() {
        let m = SectionMatcher::new(vec![
            spec("a", &["objective", "gallery"], &[]),
            spec("b", &["photo*"], &[]),
            spec("c", &["learned"], &[]),
        ])
        .unwrap();
        assert_eq!(m.classify("Objectives"), Some(0));
        assert_eq!(m.classify("Galleries"), Some(0));
        assert_eq!(m.classify("Objectively speaking"), None);
        assert_eq!(m.classify("Photography"), Some(1));
        assert_eq!(m.classify("Amzphoto demo"), None); // `*` is a prefix, not a substring
        assert_eq!(m.classify("What I learned"), Some(2));
        assert_eq!(m.classify("Learning"), None);
    }

    #[test]
    fn whole_words_only() {
        let m = SectionMatcher::new(vec![spec("s", &["speaker"], &[]), spec("g", &["aim"], &[])])
            .unwrap();
        assert_eq!(m.classify("Loudspeakers"), None);
        assert_eq!(m.classify("Claims"), None);
        assert_eq!(m.classify("Our aims"), Some(1));
    }

    #[test]
    fn phrase_words_must_be_adjacent() {
        let m = SectionMatcher::new(vec![spec("a", &["applying to"], &[])]).unwrap();
        assert_eq!(m.classify("Applying to Work"), Some(0));
        assert_eq!(m.classify("Applying modern tools to work"), None);
    }

    #[test]
    fn earliest_keyword_wins_then_longer_then_declared_first() {
        let m = SectionMatcher::new(vec![
            spec("speakers", &["speaker"], &[]),
            spec("highlights", &["highlight", "key highlight"], &[]),
            spec("also_speakers", &["speaker"], &[]),
        ])
        .unwrap();
        assert_eq!(m.classify("Speakers & Highlights"), Some(0));
        assert_eq!(m.classify("Highlights and speakers"), Some(1));
        assert_eq!(m.classify("Speakers"), Some(0)); // same keyword: declared first
        assert_eq!(
            m.classify_all("Key highlights from speakers"),
            vec![1, 0, 2]
        );
        assert!(m.classify_all("Conclusion").is_empty());
    }

    #[test]
    fn exclude_vetoes_only_its_section() {
        let m = SectionMatcher::new(vec![
            spec(
                "speakers",
                &["speaker", "diễn giả"],
                &["photo*", "hình ảnh"],
            ),
            spec("photos", &["photo*", "hình ảnh"], &[]),
        ])
        .unwrap();
        assert_eq!(m.classify("Speaker photos"), Some(1));
        assert_eq!(m.classify("Hình ảnh diễn giả"), Some(1));
        assert_eq!(m.classify("Speakers"), Some(0));
    }

    #[test]
    fn keywords_are_normalised_like_headings() {
        let m = SectionMatcher::new(vec![spec(
            "a",
            &["Real-World  Application", "MỤC TIÊU"],
            &[],
        )])
        .unwrap();
        assert_eq!(m.classify("real world applications"), Some(0));
        assert_eq!(m.classify("Muc tieu su kien"), Some(0));
    }

    #[test]
    fn bad_specs_are_rejected() {
        let err = |specs: Vec<SectionSpec>| SectionMatcher::new(specs).unwrap_err();
        assert!(err(vec![spec("a", &[], &[])]).contains("no keywords"));
        assert!(err(vec![spec("a", &["x"], &[]), spec("a", &["y"], &[])]).contains("twice"));
        assert!(err(vec![spec(" ", &["x"], &[])]).contains("empty"));
        assert!(err(vec![spec("a", &["!!"], &[])]).contains("no words"));
        assert!(err(vec![spec("a", &["42"], &[])]).contains("no words"));
        assert!(err(vec![spec("a", &["x"], &["*"])]).contains("`*`"));
        assert!(SectionMatcher::new(Vec::new()).is_ok());
    }

    #[test]
    fn unknown_yaml_fields_are_rejected() {
        let yaml = "- name: a\n  label: A\n  keywords: [x]\n  excludes: [y]\n";
        assert!(serde_saphyr::from_str::<Vec<SectionSpec>>(yaml).is_err());
    }

    /// Every keyword and exclusion of `m`'s sections, without a trailing `*`.
    fn keywords(m: &SectionMatcher) -> impl Iterator<Item = &str> {
        m.specs().iter().flat_map(|spec| {
            spec.keywords
                .iter()
                .chain(&spec.exclude)
                .map(|k| k.trim_end_matches('*'))
        })
    }

    /// Headings made of the default keywords, their plurals and prefixes, other words,
    /// numbering and punctuation, in many orders.
    fn generated_headings() -> Vec<String> {
        let m = defaults();
        let mut vocabulary: Vec<String> = vec![
            "event".into(),
            "and".into(),
            "the".into(),
            "4.1".into(),
            "&".into(),
            "Photos".into(),
            "Imagery".into(),
            "Learnings".into(),
        ];
        for k in keywords(&m) {
            vocabulary.push(k.to_string());
            vocabulary.push(format!("{k}s"));
            vocabulary.push(format!("{k}es"));
            vocabulary.push(format!("{k}ing"));
            if let Some(stem) = k.strip_suffix('y') {
                vocabulary.push(format!("{stem}ies"));
            }
            if let Some((first, _)) = k.split_once(' ') {
                vocabulary.push(first.to_string());
            }
        }
        let mut rng = crate::test_inputs::Xorshift::new(0x9E37_79B9_7F4A_7C15);
        let mut next = move || rng.next_u64() as usize;
        (0..5000)
            .map(|_| {
                let n = 1 + next() % 6;
                (0..n)
                    .map(|_| vocabulary[next() % vocabulary.len()].as_str())
                    .collect::<Vec<_>>()
                    .join(if next() % 3 == 0 { " - " } else { " " })
            })
            .collect()
    }

    /// Headings of words next to the default keywords: one letter more, less or changed
    /// at either end, wrong plurals (`-ys`, `-ies` of a word without `y`), the keyword's
    /// plurals as first word of a phrase, written with and without diacritics, in other
    /// scripts, and with digits of other scripts (`½`, `²`), paired with a keyword so
    /// that the ranking sees them beside a hit.
    fn near_misses() -> Vec<String> {
        let m = defaults();
        let mut words: Vec<String> = vec![
            "ies".into(),
            "s".into(),
            "es".into(),
            "y".into(),
            "½".into(),
            "2½".into(),
            "x²".into(),
            "Ⅻ".into(),
            "Ảnh".into(),
            "ẢNH".into(),
            "Đích".into(),
            "Größe".into(),
            "日本語".into(),
            "Ελληνικά".into(),
            "ﬁle".into(),
        ];
        for k in keywords(&m) {
            let first = k.split(' ').next().unwrap_or(k);
            let n = first.chars().count();
            let head: String = first.chars().take(n.saturating_sub(1)).collect();
            let tail: String = first.chars().skip(1).collect();
            words.extend([
                head.clone(),
                tail,
                format!("{head}z"),
                format!("z{first}"),
                format!("{first}z"),
                format!("{first}ys"),
                format!("{first}ies"),
                format!("{head}ies"),
                format!("{first}ses"),
                first.to_uppercase(),
                normalize(first),
                format!("{}s", normalize(k)),
            ]);
        }
        let anchors = ["Speakers", "Hình ảnh", "Key takeaways", "photos", "x"];
        let mut headings = Vec::new();
        for (i, word) in words.iter().enumerate() {
            let anchor = anchors[i % anchors.len()];
            headings.push(word.clone());
            headings.push(format!("{word} {anchor}"));
            headings.push(format!("{anchor} – {word}"));
            headings.push(format!(
                "4.1 {word}s and {}",
                words[(i * 7 + 3) % words.len()]
            ));
        }
        headings
    }

    #[test]
    fn indexed_matching_equals_trying_every_phrase() {
        let m = defaults();
        let other = SectionMatcher::new(vec![
            spec("objectives", &["event"], &[]),
            spec("speakers", &["speaker", "highlight*"], &["key"]),
        ])
        .unwrap();
        let mut named = 0;
        // Also headings of more words than `ranked` keeps on the stack, with a keyword
        // past them, and Vietnamese, CRLF and dash-joined ones.
        let long = |n: usize, last: &str| format!("{} {last}", vec!["word"; n].join(" "));
        let extra = [
            long(STACK_WORDS - 1, "speakers"),
            long(STACK_WORDS, "speakers"),
            long(STACK_WORDS + 5, "photo gallery"),
            long(60, "speakers"), // longer than the memo keeps
            "Mục Đích – Ứng dụng vào công việc\r\n".to_string(),
            "Speakers\r\n".to_string(),
            "Event Highlights—Key Takeaways".to_string(),
        ];
        for heading in generated_headings()
            .into_iter()
            .chain(extra)
            .chain(near_misses())
        {
            let ranked = m.ranked(&heading);
            assert_eq!(ranked, m.ranked_by_scan(&heading), "{heading}");
            named += usize::from(ranked.len() > 1);
            // The vector a page reuses gives the same, whatever it held, and so does the
            // thread's memo of answers, also after another matcher has used it.
            let mut reused = vec![99, 98];
            m.classify_all_into(&heading, &mut reused);
            assert_eq!(reused, ranked, "{heading}");
            assert_eq!(other.ranked(&heading), other.ranked_by_scan(&heading));
            assert_eq!(m.ranked(&heading), ranked, "{heading}");
        }
        assert!(named > 500, "{named}");
        assert_eq!(
            name_of(&m, &long(STACK_WORDS + 5, "photo gallery")).as_deref(),
            Some("photos")
        );
    }

    #[test]
    fn packs_of_more_than_64_sections_rank_like_the_scan() {
        // The ranking keeps its sets of specs as bits up to 64 and in a vector beyond.
        let specs: Vec<SectionSpec> = (0..70)
            .map(|i| {
                let exclude = if i % 3 == 0 { vec!["veto*"] } else { vec![] };
                spec(&format!("s{i}"), &[&format!("kw{i}"), "shared"], &exclude)
            })
            .collect();
        let m = SectionMatcher::new(specs).unwrap();
        for heading in [
            "kw65 kw3 kw69",
            "kw69 and kw65s",
            "Shared kw66",
            "kw66 vetoes kw63 kw64",
            "kw2 kw66 kw2 kw66",
            "Shared vetoes",
        ] {
            assert_eq!(m.ranked(heading), m.ranked_by_scan(heading), "{heading}");
        }
        assert_eq!(m.classify_all("kw69 and kw65s"), [69, 65]);
        assert_eq!(m.classify_all("kw66 vetoes kw63 kw64"), [64]);
        // Every section but the 24 that `veto*` excludes (0, 3, …, 69), in declared order.
        let named = m.classify_all("Shared vetoes");
        assert_eq!(named.len(), 46);
        assert!(named.iter().all(|i| i % 3 != 0) && named.is_sorted());
    }

    #[test]
    fn table_normalisation_equals_the_decomposition() {
        // Every character the table knows, alone, after a letter, before a combining
        // mark, and in Vietnamese, decomposed and mixed texts.
        let mut texts: Vec<String> = SPACED_RANGES
            .iter()
            .flat_map(|&(start, end)| start..end)
            .filter_map(char::from_u32)
            .flat_map(|c| {
                [
                    format!("{c}"),
                    format!("a{c}b"),
                    format!("{c}\u{323}\u{301}x"),
                ]
            })
            .collect();
        texts.extend(
            [
                "Mục Đích Của Sự Kiện",
                "ĐIỂM NỔI BẬT – Những gì học được",
                "Mu\u{323}c tie\u{302}\u{301}u",
                "Crème brûlée — Ñandú “quoted” İstanbul ǅemal",
                "4.1.1 Một số hình ảnh khi tham gia sự kiện 🎤",
            ]
            .map(String::from),
        );
        let mut known = 0;
        for text in &texts {
            if let Some(fast) = spaced_by_table(text) {
                known += 1;
                assert_eq!(fast, spaced_by_nfd(text), "{text:?}");
            }
        }
        // The table is what Vietnamese headings go through: it must know most of them.
        assert!(known > texts.len() / 2, "{known} of {}", texts.len());
        assert!(spaced_by_table("Mục Đích Của Sự Kiện").is_some());
    }

    #[test]
    fn ascii_normalisation_equals_the_unicode_one() {
        for heading in generated_headings().iter().map(String::as_str).chain([
            "4.1.1 Event Goals:",
            "**Speakers:** (CLF-C02)",
            "  ",
            "1. 2. 3",
            "a_b",
            "x1 22 b3c 4D",
            "Q",
            "9",
            "trailing 123",
            "--Mixed--CASE--",
            "Speakers\r\n",
            "4.1 Mục Đích – 2025 \u{130}stanbul",
            "Đ 12 ǅemal 3a",
            "Mục ½ 2½ x² ²x Ⅻ ① 12",
            "Diễn giả ½",
            "Größe ﬁle 日本語 Ελληνικά",
            "Ảnh sự kiện 2025",
        ]) {
            if heading.is_ascii() {
                assert_eq!(
                    normalize_ascii(heading),
                    normalize_unicode(heading),
                    "{heading}"
                );
            }
            // The words `ranked` reads, from a buffer that held text already.
            let mut buffer = String::from("kept words");
            let words: Vec<&str> = normalized_words(heading, &mut buffer).collect();
            assert_eq!(words.join(" "), normalize(heading), "{heading}");
        }
    }

    /// The one-pass ASCII normalisation against the Unicode one over every text of up to
    /// five pieces from letters, digits and marks (words of digits at the start, the middle
    /// and the end, runs of separators), into a buffer that held text before.
    #[test]
    fn ascii_normalisation_agrees_over_all_short_texts() {
        const PIECES: [&str; 8] = ["a", "Q", "7", "42", " ", "-", "_", ".\t"];
        let mut buffer = b"left from before".to_vec();
        let texts = crate::test_inputs::every_text(&PIECES, 5);
        for text in &texts {
            normalize_ascii_into(text, &mut buffer);
            assert_eq!(buffer, normalize_unicode(text).as_bytes(), "{text:?}");
        }
    }

    #[test]
    fn default_sections_are_the_seven_in_order() {
        let m = defaults();
        let names: Vec<&str> = m.specs().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "objectives",
                "speakers",
                "highlights",
                "takeaways",
                "application",
                "experience",
                "photos"
            ]
        );
    }

    /// Every section name the benchmark generator (`bench/gen_corpus.py`) writes.
    #[test]
    fn default_sections_match_every_generator_name() {
        assert_all(
            &defaults(),
            &[
                ("Event Objectives", Some("objectives")),
                ("Program Goals", Some("objectives")),
                ("Objectives", Some("objectives")),
                ("Speakers", Some("speakers")),
                ("Speaker List", Some("speakers")),
                ("Key Highlights", Some("highlights")),
                ("Highlights", Some("highlights")),
                ("Main Content", Some("highlights")),
                ("Key Takeaways", Some("takeaways")),
                ("Learning Outcomes", Some("takeaways")),
                ("What I Learned", Some("takeaways")),
                ("Applying to Work", Some("application")),
                ("Real-World Application", Some("application")),
                ("Application to Work", Some("application")),
                ("Event Experience", Some("experience")),
                ("Workshop Impressions", Some("experience")),
                ("Personal Experience", Some("experience")),
                ("Some event photos", Some("photos")),
                ("Event Photos", Some("photos")),
                ("Event photography", Some("photos")),
                ("Mục tiêu sự kiện", Some("objectives")),
                ("Diễn giả", Some("speakers")),
                ("Nội dung nổi bật", Some("highlights")),
                ("Những gì học được", Some("takeaways")),
                ("Ứng dụng vào công việc", Some("application")),
                ("Trải nghiệm sự kiện", Some("experience")),
                ("Hình ảnh sự kiện", Some("photos")),
            ],
        );
    }

    /// Every heading of `shared/examples/event-2.md` and `event-3.md`.
    #[test]
    fn default_sections_on_the_example_reports() {
        let m = defaults();
        assert_all(
            &m,
            &[
                // event-2.md
                (
                    "Event Takeaways: \"AWS Cloud Mastery Series #2 – DevOps on AWS\"",
                    Some("takeaways"),
                ), // H1 title
                ("Program Goals", Some("objectives")),
                ("Speakers", Some("speakers")),
                ("Key Highlights", Some("highlights")),
                ("**1. Building a DevOps Foundation**", None),
                ("**2. Infrastructure as Code in Practice**", None),
                ("**3. Containers and Deployment Models**", None),
                ("**4. Monitoring and Tracing**", None),
                ("Learning Outcomes", Some("takeaways")),
                ("Real-World Application", Some("application")),
                ("Scenario: AI Chatbot Development on AWS", None),
                ("Workshop Impressions", Some("experience")),
                ("Event photography", Some("photos")),
                // event-3.md
                (
                    "Summary Report: AWS Cloud Mastery Series #2 – DevOps on AWS",
                    None,
                ), // H1 title
                ("Event Objectives", Some("objectives")),
                ("Time & Venue", None),
                ("Speakers", Some("speakers")),
                ("Key Highlights", Some("highlights")),
                ("1. DevOps Culture & Metrics", None),
                ("2. AWS DevOps Services – CI/CD Pipeline", None),
                ("3. Infrastructure as Code (IaC)", None),
                ("4. Container Services & Observability", None),
                ("Key Takeaways", Some("takeaways")),
                ("Design Mindset", None),
                ("Technical Architecture", None),
                ("Modernization Strategy", None),
                ("Applying to Work", Some("application")),
                ("Event Experience", Some("experience")),
                ("Lessons learned", Some("takeaways")),
                ("Some event photos", Some("photos")),
            ],
        );
    }

    #[test]
    fn default_sections_on_combined_headings() {
        let m = defaults();
        assert_all(
            &m,
            &[
                ("Speakers & Highlights", Some("speakers")),
                ("Key Takeaways and Experience", Some("takeaways")),
                ("Event Photos & Experience", Some("photos")),
                ("Experience and Key Takeaways", Some("experience")),
                ("Key takeaways and application", Some("takeaways")),
                ("Bài học và áp dụng", Some("takeaways")),
                ("Speaker photos", Some("photos")),
                ("Hình ảnh diễn giả", Some("photos")),
            ],
        );
        let names = |h: &str| -> Vec<String> {
            m.classify_all(h)
                .into_iter()
                .map(|i| m.specs()[i].name.clone())
                .collect()
        };
        assert_eq!(
            names("Key takeaways and application"),
            ["takeaways", "application"]
        );
        assert_eq!(
            names("4.1.4 Lessons Learned and Application Direction"),
            ["takeaways", "application"]
        );
        assert_eq!(names("Event Photos & Experience"), ["photos", "experience"]);
        assert_eq!(
            names("Trải nghiệm và kiến thức đạt được"),
            ["experience", "takeaways"]
        );
        assert!(names("Introduction and Application of Strands Agent").is_empty());
    }
}
