//! The five dated patterns of `body_date_scan` (`MONTH_DAY_YEAR`, `DAY_MONTH_YEAR`,
//! `VIETNAMESE`, `NUMERIC`, `ISO`) matched by hand, for windows whose digits are ASCII. Not a
//! check kind.
//!
//! Why: run through the regex engines, the patterns cost about 6% of a run at 10,000
//! reports, most of it in the lazy DFA's tables (cold by the time the next page's date
//! comes) and in the backtracker that finds their groups. Each pattern is a fixed sequence
//! of parts with few choices, so each is written here as the backtracking search the
//! regex's leftmost-first semantics define: the first start, from the left, where any way
//! through the pattern matches, and at that start the way the regex prefers (an optional
//! part taken before it is skipped, alternatives in order). Where a choice cannot change
//! the outcome (a greedy run of spaces before a part that cannot start with one, a day's
//! one or two digits before a part that cannot start with a digit) the code takes the one
//! way and says why.
//!
//! What the patterns' classes mean is kept exactly: `\s` is Unicode's White_Space (as
//! `char::is_whitespace`), `\b` is Unicode's (a word character is what regex's `\w`
//! matches), `(?i)` folds each letter with its simple case folding (`s` with `ſ`, `k`
//! with the Kelvin sign), and `{d}` is `[0-9]` (a window with another digit goes to the
//! regexes). Tests compare each of these with regex-syntax's own classes, and every
//! match with the regexes' on generated and real text.
//!
//! Example: in `Thứ Năm, ngày 17 tháng 4 năm 2025`, `VIETNAMESE` matches
//! `17 tháng 4 năm 2025` with groups `17`, none, `4`, `2025`.

use std::ops::Range;

/// The English month names, in the order the patterns' alternation tries them (their
/// regexes are written from this list).
pub const MONTHS: [&str; 24] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sept",
    "sep",
    "oct",
    "nov",
    "dec",
];

/// One match of a dated pattern in a window: the spans of its groups (0 is the whole
/// match), as `regex::Captures` gives them.
pub struct Caps<'w> {
    text: &'w str,
    groups: [Option<Range<usize>>; 7],
}

impl<'w> Caps<'w> {
    /// A match from the spans of its groups.
    pub fn new(text: &'w str, groups: [Option<Range<usize>>; 7]) -> Caps<'w> {
        Caps { text, groups }
    }

    /// The text of group `i`, if it took part in the match.
    pub fn get(&self, i: usize) -> Option<&'w str> {
        self.text.get(self.span(i)?)
    }

    /// Where group `i` is in the window.
    pub fn span(&self, i: usize) -> Option<Range<usize>> {
        self.groups.get(i)?.clone()
    }

    fn end(&self) -> usize {
        self.groups[0].as_ref().map_or(self.text.len(), |g| g.end)
    }
}

/// A hand matcher: the match starting at the given place of the window, if there is one.
pub type Matcher = for<'w> fn(&'w str, usize) -> Option<Caps<'w>>;

/// A pattern matched by hand: its matcher, and a test that passes every byte a match can
/// start with (see [`matches()`]).
pub type ByHand = (Matcher, fn(u8) -> bool);

/// Every match of `matcher` in `window`, left to right and without overlaps, as a regex's
/// `captures_iter` gives them: each search starts where the last match ended, and tries
/// each place in turn. `first` passes every byte a match can start with (a cheap test
/// before the matcher runs).
pub fn matches<'w>(
    window: &'w str,
    matcher: Matcher,
    first: fn(u8) -> bool,
) -> impl Iterator<Item = Caps<'w>> {
    let bytes = window.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(&b) = bytes.get(at) {
            // A byte that passes `first` starts a character: every such byte is ASCII or
            // the lead byte of `ſ`.
            if first(b)
                && let Some(c) = matcher(window, at)
            {
                // Every match holds a digit: none is empty.
                at = c.end().max(at + 1);
                return Some(c);
            }
            at += 1;
        }
        None
    })
}

/// The bytes a `MONTH_DAY_YEAR` match can start with: a month's first letter, either case,
/// or `ſ`'s lead byte (`C5`).
pub fn month_initial(b: u8) -> bool {
    matches!(
        b.to_ascii_lowercase(),
        b'j' | b'f' | b'm' | b'a' | b's' | b'o' | b'n' | b'd'
    ) || b == 0xC5
}

/// The bytes a match of the other patterns starts with: a digit.
pub fn digit(b: u8) -> bool {
    b.is_ascii_digit()
}

/// `(?i)\b({MONTHS})\b\.?\s+{day}(?:{RANGE}{day})?{YEAR_SEP}({d}{4})\b`, with `day`
/// `({d}{1,2})(?:st|nd|rd|th)?`: groups month, first day, last day, year.
pub fn month_day_year(w: &str, s: usize) -> Option<Caps<'_>> {
    if !boundary(w, s) {
        return None;
    }
    let month = month(w, s)?;
    // `\.?\s+`: a `.` is taken if there (the spaces cannot start at one).
    let dot = optional_dot(w, month);
    let day = spaces(w, dot);
    if day == dot {
        return None;
    }
    let day_end = one_or_two_digits(w, day)?;
    let after = ordinal(w, day_end);
    let with_range = || {
        let last = range(w, after)?;
        let last_end = one_or_two_digits(w, last)?;
        let year = year_after_separator(w, ordinal(w, last_end))?;
        Some((Some(last..last_end), year))
    };
    let (last, year) = with_range().or_else(|| Some((None, year_after_separator(w, after)?)))?;
    Some(Caps::new(
        w,
        [
            Some(s..year.end),
            Some(s..month),
            Some(day..day_end),
            last,
            Some(year),
            None,
            None,
        ],
    ))
}

/// `(?i)\b{day}(?:{RANGE}{day})?\s+(?:of\s+)?({MONTHS})\b\.?{YEAR_SEP}({d}{4})\b`:
/// groups first day, last day, month, year.
pub fn day_month_year(w: &str, s: usize) -> Option<Caps<'_>> {
    // From the spaces before the month to the year.
    let rest = |i: usize| {
        let name = spaces(w, i);
        if name == i {
            return None;
        }
        let month_then_year = |m: usize| {
            let end = month(w, m)?;
            let dot = optional_dot(w, end);
            Some((m..end, year_after_separator(w, dot)?))
        };
        // `(?:of\s+)?` is tried first.
        let of = ci_literal(w, name, "of").and_then(|of| {
            let m = spaces(w, of);
            (m > of).then(|| month_then_year(m)).flatten()
        });
        of.or_else(|| month_then_year(name))
    };
    day_first(w, s, |end| ordinal(w, end), rest)
}

/// `(?i)\b({d}{1,2})(?:{RANGE}({d}{1,2}))?\s+tháng\s+({d}{1,2})(?:\s*,\s*|\s+năm\s+|\s*/\s*|\s+)({d}{4})\b`:
/// groups first day, last day, month, year.
pub fn vietnamese(w: &str, s: usize) -> Option<Caps<'_>> {
    let rest = |i: usize| {
        let word = spaces(w, i);
        if word == i {
            return None;
        }
        let word_end = ci_literal(w, word, "tháng")?;
        let month = spaces(w, word_end);
        if month == word_end {
            return None;
        }
        let month_end = one_or_two_digits(w, month)?;
        Some((month..month_end, vietnamese_year(w, month_end)?))
    };
    day_first(w, s, |end| end, rest)
}

/// The two day-first patterns: `\b{day}(?:{RANGE}{day})?` then `rest`, the range tried
/// first, where a day is one or two digits and what `after_day` takes after them (an
/// ordinal's letters, or nothing); `rest` gives the month's and the year's spans from
/// where the days end. Groups first day, last day, month, year.
fn day_first(
    w: &str,
    s: usize,
    after_day: impl Fn(usize) -> usize,
    rest: impl Fn(usize) -> Option<(Range<usize>, Range<usize>)>,
) -> Option<Caps<'_>> {
    if !boundary(w, s) {
        return None;
    }
    let first_end = one_or_two_digits(w, s)?;
    let after = after_day(first_end);
    let with_range = || {
        let last = range(w, after)?;
        let last_end = one_or_two_digits(w, last)?;
        let (month, year) = rest(after_day(last_end))?;
        Some((Some(last..last_end), month, year))
    };
    let (last, month, year) = with_range().or_else(|| {
        let (month, year) = rest(after)?;
        Some((None, month, year))
    })?;
    Some(Caps::new(
        w,
        [
            Some(s..year.end),
            Some(s..first_end),
            last,
            Some(month),
            Some(year),
            None,
            None,
        ],
    ))
}

/// `\b({d}{1,2})(?:\s*(?:-|–|—|&|đến|to)\s*({d}{1,2}))?([/.-])({d}{1,2})([/.-])({d}{4})\b`
/// (case-sensitive): groups first day, last day, separator, middle, separator, year.
pub fn numeric(w: &str, s: usize) -> Option<Caps<'_>> {
    if !boundary(w, s) {
        return None;
    }
    let first_end = one_or_two_digits(w, s)?;
    let separator =
        |i: usize| matches!(w.as_bytes().get(i), Some(b'/' | b'.' | b'-')).then_some(i..i + 1);
    let rest = |i: usize| {
        let sep1 = separator(i)?;
        let middle_end = one_or_two_digits(w, sep1.end)?;
        let sep2 = separator(middle_end)?;
        let year_end = year(w, sep2.end)?;
        Some((
            sep1.clone(),
            sep1.end..middle_end,
            sep2.clone(),
            sep2.end..year_end,
        ))
    };
    let with_range = || {
        let word = spaces(w, first_end);
        let word_end = ["-", "–", "—", "&", "đến", "to"]
            .iter()
            .find(|r| w[word..].starts_with(**r))
            .map(|r| word + r.len())?;
        let last = spaces(w, word_end);
        let last_end = one_or_two_digits(w, last)?;
        Some((Some(last..last_end), rest(last_end)?))
    };
    let (last, (sep1, middle, sep2, year)) =
        with_range().or_else(|| Some((None, rest(first_end)?)))?;
    Some(Caps::new(
        w,
        [
            Some(s..year.end),
            Some(s..first_end),
            last,
            Some(sep1),
            Some(middle),
            Some(sep2),
            Some(year),
        ],
    ))
}

/// `\b({d}{4})-({d}{2})-({d}{2})\b`: groups year, month, day.
pub fn iso(w: &str, s: usize) -> Option<Caps<'_>> {
    let b = w.as_bytes();
    let digits = |at: usize, n: usize| {
        b.get(at..at + n)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    let dash = |at: usize| b.get(at) == Some(&b'-');
    let ok = boundary(w, s)
        && digits(s, 4)
        && dash(s + 4)
        && digits(s + 5, 2)
        && dash(s + 7)
        && digits(s + 8, 2)
        && boundary(w, s + 10);
    ok.then(|| {
        Caps::new(
            w,
            [
                Some(s..s + 10),
                Some(s..s + 4),
                Some(s + 5..s + 7),
                Some(s + 8..s + 10),
                None,
                None,
                None,
            ],
        )
    })
}

/// `(?i)({MONTHS})\b` at `at`: where the name ends. Each name ends with a letter, so
/// the `\b` after it needs a character that is not a word's: at most one name (the whole
/// word) can pass, whichever order they are tried in.
fn month(w: &str, at: usize) -> Option<usize> {
    // An ASCII character folds only to its own lower case: only the names that start with
    // it can match (most places a month is tried at start with no month's letter). A
    // name starting outside ASCII, or a character outside ASCII (`ſ` folds to `s`), is
    // tried as it is.
    let first = *w.as_bytes().get(at)?;
    let lower = first.to_ascii_lowercase();
    MONTHS
        .iter()
        .filter(|m| {
            let initial = m.as_bytes().first().copied().unwrap_or(0);
            !first.is_ascii() || !initial.is_ascii() || initial == lower
        })
        .filter_map(|m| ci_literal(w, at, m))
        .find(|&end| !next_char(w, end).is_some_and(is_word))
}

/// `(?:st|nd|rd|th)?` after a day's digits: where it ends. Taken when there: without it,
/// what follows would start with a letter right after a digit, where none of the parts
/// that can follow a day matches (a range's word needs a `\b` first).
fn ordinal(w: &str, at: usize) -> usize {
    ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|o| ci_literal(w, at, o))
        .unwrap_or(at)
}

/// `(?i)\s*(?:-|–|—|~|&|\band\b|\bto\b|\bđến\b|\btới\b|\bvà\b)\s*` at `at`: where it ends.
/// No two alternatives match at one place, none starts with a space, and a day's digit
/// follows: each `\s*` takes every space.
fn range(w: &str, at: usize) -> Option<usize> {
    let word = spaces(w, at);
    let symbol = ["-", "–", "—", "~", "&"]
        .iter()
        .find(|r| w[word..].starts_with(**r))
        .map(|r| word + r.len());
    let end = symbol.or_else(|| {
        if !boundary(w, word) {
            return None;
        }
        ["and", "to", "đến", "tới", "và"]
            .iter()
            .filter_map(|r| ci_literal(w, word, r))
            .find(|&end| boundary(w, end))
    })?;
    Some(spaces(w, end))
}

/// `(?:\s*,\s*|\s+)({d}{4})\b` at `at`: the year's span.
fn year_after_separator(w: &str, at: usize) -> Option<Range<usize>> {
    let gap = spaces(w, at);
    year_after_symbol(w, gap, b',').or_else(|| year_after_spaces(w, at, gap))
}

/// `(?i)(?:\s*,\s*|\s+năm\s+|\s*/\s*|\s+)({d}{4})\b` at `at`: the year's span.
fn vietnamese_year(w: &str, at: usize) -> Option<Range<usize>> {
    let gap = spaces(w, at);
    let nam = || {
        let word_end = ci_literal(w, gap, "năm")?;
        let y = spaces(w, word_end);
        (gap > at && y > word_end).then(|| Some(y..year(w, y)?))?
    };
    year_after_symbol(w, gap, b',')
        .or_else(nam)
        .or_else(|| year_after_symbol(w, gap, b'/'))
        .or_else(|| year_after_spaces(w, at, gap))
}

/// `{symbol}\s*({d}{4})\b` at `gap` (where the spaces before the symbol end): the year's
/// span.
fn year_after_symbol(w: &str, gap: usize, symbol: u8) -> Option<Range<usize>> {
    if w.as_bytes().get(gap) != Some(&symbol) {
        return None;
    }
    let y = spaces(w, gap + 1);
    Some(y..year(w, y)?)
}

/// `\s+({d}{4})\b` at `at`, whose spaces end at `gap`: the year's span.
fn year_after_spaces(w: &str, at: usize, gap: usize) -> Option<Range<usize>> {
    (gap > at).then(|| Some(gap..year(w, gap)?))?
}

/// `\.?` at `at`: where it ends. Taken when there: what follows it in both patterns
/// (spaces, a comma) cannot start with a `.`.
fn optional_dot(w: &str, at: usize) -> usize {
    at + usize::from(w.as_bytes().get(at) == Some(&b'.'))
}

/// `{d}{4}\b` at `at`: where the year ends.
fn year(w: &str, at: usize) -> Option<usize> {
    let digits = w.as_bytes().get(at..at + 4)?;
    (digits.iter().all(u8::is_ascii_digit) && !next_char(w, at + 4).is_some_and(is_word))
        .then_some(at + 4)
}

/// `{d}{1,2}` at `at`, where every part that can follow starts with something other than a
/// digit: it matches only a run of one or two digits (with a third digit next, neither
/// two nor one digit leaves a part that can follow).
fn one_or_two_digits(w: &str, at: usize) -> Option<usize> {
    let run = w.as_bytes()[at.min(w.len())..]
        .iter()
        .take(3)
        .take_while(|b| b.is_ascii_digit())
        .count();
    (1..=2).contains(&run).then_some(at + run)
}

/// `\s*` at `at`: where the run of white space ends.
fn spaces(w: &str, at: usize) -> usize {
    let rest = &w[at..];
    at + rest.len() - rest.trim_start_matches(char::is_whitespace).len()
}

/// `literal` at `at` under `(?i)`: where it ends.
fn ci_literal(w: &str, at: usize, literal: &str) -> Option<usize> {
    let mut chars = w.get(at..)?.char_indices();
    for p in literal.chars() {
        let (_, c) = chars.next()?;
        if !folds_to(c, p) {
            return None;
        }
    }
    Some(chars.next().map_or(w.len(), |(i, _)| at + i))
}

/// Does `c` match the lower-case letter `p` under `(?i)` (simple case folding)?
fn folds_to(c: char, p: char) -> bool {
    if c == p {
        return true;
    }
    if p.is_ascii() {
        return c.to_ascii_lowercase() == p
            || (p == 's' && c == 'ſ')
            || (p == 'k' && c == '\u{212A}');
    }
    let mut upper = p.to_uppercase();
    upper.next() == Some(c) && upper.next().is_none()
}

/// `\b` at `at`: a word character on one side only.
fn boundary(w: &str, at: usize) -> bool {
    let before = w[..at].chars().next_back().is_some_and(is_word);
    before != next_char(w, at).is_some_and(is_word)
}

fn next_char(w: &str, at: usize) -> Option<char> {
    w.get(at..)?.chars().next()
}

/// A word character, as Unicode `\w` (and `\b`) has it.
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        regex_syntax::try_is_word_character(c).unwrap_or(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex_syntax::hir::{Class, HirKind};

    /// The characters a one-character pattern matches, by regex-syntax.
    fn class_of(pattern: &str) -> Vec<(char, char)> {
        let hir = regex_syntax::parse(pattern).unwrap_or_else(|e| panic!("{e}"));
        match hir.kind() {
            HirKind::Class(Class::Unicode(class)) => class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            HirKind::Literal(_) => {
                let c = pattern.chars().last().unwrap_or_else(|| unreachable!());
                vec![(c, c)]
            }
            other => panic!("{pattern}: {other:?}"),
        }
    }

    fn in_class(class: &[(char, char)], c: char) -> bool {
        class.iter().any(|&(a, b)| a <= c && c <= b)
    }

    fn every_char() -> impl Iterator<Item = char> {
        (0..=0x10FFFF).filter_map(char::from_u32)
    }

    #[test]
    fn spaces_words_and_folds_are_the_regex_classes() {
        let space = class_of(r"\s");
        let word = class_of(r"\w");
        for c in every_char() {
            assert_eq!(c.is_whitespace(), in_class(&space, c), "{c:?}");
            assert_eq!(is_word(c), in_class(&word, c), "{c:?}");
        }
        // Every letter of a literal matched under `(?i)`.
        let mut letters: Vec<char> = MONTHS
            .iter()
            .chain(&[
                "st", "nd", "rd", "th", "and", "to", "đến", "tới", "và", "of",
            ])
            .chain(&["tháng", "năm"])
            .flat_map(|s| s.chars())
            .collect();
        letters.sort_unstable();
        letters.dedup();
        for p in letters {
            let class = class_of(&format!("(?i){p}"));
            for c in every_char() {
                assert_eq!(folds_to(c, p), in_class(&class, c), "{c:?} {p:?}");
            }
        }
        // A month name can start only with a byte `month_initial` passes.
        for m in MONTHS {
            let initial = m.chars().next().unwrap_or_else(|| unreachable!());
            for c in every_char().filter(|&c| folds_to(c, initial)) {
                let mut utf8 = [0; 4];
                let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
                assert!(month_initial(lead), "{c:?}");
            }
        }
    }
}
