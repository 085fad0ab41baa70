//! Dates written in a report's text, in the forms real reports use. Not a check kind: the
//! `body-dates` kind and anything else that needs "the date the report talks about" use it.
//!
//! Recognised (case-insensitive, English and Vietnamese):
//!
//! - `DD/MM/YYYY` (also `-` or `.` between, `D/M/YYYY`): day first, as Vietnamese write it.
//!   When the day-first reading is impossible (`09/18/2025`) the month-first one is used;
//!   when both are possible and differ, the month-first reading is kept as an alternative.
//! - `Month D, YYYY` (`November 17, 2025`, `Nov. 17th 2025`) and `D Month YYYY`
//!   (`17 November 2025`, `17th of Nov, 2025`).
//! - `YYYY-MM-DD`.
//! - `D tháng M, YYYY`, `D tháng M năm YYYY` (`ngày 17 tháng 11 năm 2025`).
//! - Day ranges: `November 15–16, 2025`, `15-16/11/2025`, `15 - 16 tháng 11, 2025`, and two
//!   full dates joined by a dash, `to` or `đến`.
//! - A weekday beside the date: before it (`Monday, November 17, 2025`, `Thứ Hai, ngày
//!   17/11/2025`, `Saturday morning, May 23, 2026`, `Thứ 7, 23/05/2026`) or after it in
//!   parentheses (`17/11/2025 (Thứ Hai)`). A Vietnamese `thứ hai`/`thứ ba` elsewhere is an
//!   ordinal ("the second"), so only a weekday right beside a date counts.
//!
//! The input is the page's prose (see `prose`): spans are offsets into the file.

use jiff::civil::{Date, Weekday};
use regex_automata::Input;
use regex_automata::meta::Regex;

use super::body_date_match::{self as by_hand, ByHand, Caps, Matcher};
use crate::rules::patterns::{self, Build, BuildOnce};
use crate::span::Span;

/// A date found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyDate {
    /// The (first) day.
    pub first: Date,
    /// The last day of a range; `first` when the date is a single day.
    pub last: Date,
    /// The month-first reading of an ambiguous numeric date (`04/07/2026`: 4 July, or 7 April).
    pub alternative: Option<Date>,
    /// The date as written.
    pub span: Span,
    /// The weekday written beside it, and where.
    pub weekday: Option<(Weekday, Span)>,
    /// The weekday was written in Vietnamese.
    pub weekday_vi: bool,
}

impl BodyDate {
    /// Does this date (either reading, any day of a range) name `day`?
    pub fn covers(&self, day: Date) -> bool {
        (self.first <= day && day <= self.last) || self.alternative == Some(day)
    }

    /// Can `weekday` be the weekday of this date (either reading, any day of a range)?
    pub fn falls_on(&self, weekday: Weekday) -> bool {
        let span_days = (self.last - self.first).get_days();
        let in_range = (0..=span_days.min(6)).any(|n| {
            self.first
                .checked_add(jiff::Span::new().days(n))
                .is_ok_and(|d| d.weekday() == weekday)
        });
        in_range || self.alternative.is_some_and(|a| a.weekday() == weekday)
    }
}

/// The English month names as the patterns' alternation, in the order the hand matchers
/// try them too (one list: `body_date_match::MONTHS`).
fn months_en() -> String {
    by_hand::MONTHS.join("|")
}
const RANGE: &str = r"\s*(?:-|–|—|~|&|\band\b|\bto\b|\bđến\b|\btới\b|\bvà\b)\s*";
const YEAR_SEP: &str = r"(?:\s*,\s*|\s+)";
/// Weekday names; an abbreviation may take a period (`Sat.`), a full name may not (the
/// period then ends a sentence).
const WEEKDAYS: &str = "(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|\
                        thứ[ \\t]+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ[ \\t]+nhật)\\b|\
                        (?:mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\\b\\.?";
/// Space within a line, or one line break (a wrapped line, not a new paragraph). Spaces are
/// spelled out: a Unicode `\s` class makes these patterns many times slower to build.
const GAP: &str = r"[ \t\u{a0}]*(?:\r?\n[ \t\u{a0}]*)?";

/// The patterns with digits are written with `{d}` for `\d`. Nearly every text has only
/// ASCII digits, and there `[0-9]` matches exactly what `\d` does and is much cheaper to
/// build; a window with another digit (`２０２５`, `١٧`) gets the Unicode `\d` build, so
/// what matches is the same either way.
///
/// Likewise most windows have no word character outside ASCII (a dash or a quote is not
/// one), and there an ASCII `\b` is where the Unicode one is (every character outside
/// ASCII is not a word character either way). The Unicode `\b` stops the regex's DFA at
/// the first byte outside ASCII (an en dash in `08:30 – 17:00`), and the search then runs
/// the backtracker over the whole window: the [`Digits::Plain`] build has the ASCII `\b`
/// and the DFA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Digits {
    /// No word character outside ASCII: ASCII digits and word boundaries.
    Plain,
    /// ASCII digits, Unicode word boundaries.
    Ascii,
    /// Unicode digits and word boundaries.
    Unicode,
}

impl Digits {
    /// The digits and word boundaries a window needs (any non-ASCII number character counts
    /// as a digit, to be safe).
    fn of(window: &str) -> Digits {
        if window.is_ascii() {
            return Digits::Plain;
        }
        // Only the characters outside ASCII count: the bytes between them are passed over
        // as bytes (decoding a window's every character cost twice as much).
        let mut words = false;
        let mut rest = window;
        while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
            // A byte outside ASCII after ASCII ones starts a character.
            let Some(c) = rest.get(at..).and_then(|r| r.chars().next()) else {
                break;
            };
            if c.is_numeric() {
                return Digits::Unicode;
            }
            // Once a word character is seen only a digit can change the answer.
            words = words || regex_syntax::try_is_word_character(c).unwrap_or(true);
            rest = &rest[at + c.len_utf8()..];
        }
        if words { Digits::Ascii } else { Digits::Plain }
    }

    /// [`Digits::of`] decoding every character: what it is tested against.
    #[cfg(test)]
    fn of_plain(window: &str) -> Digits {
        let mut words = false;
        for c in window.chars().filter(|c| !c.is_ascii()) {
            if c.is_numeric() {
                return Digits::Unicode;
            }
            words |= regex_syntax::try_is_word_character(c).unwrap_or(true);
        }
        if words { Digits::Ascii } else { Digits::Plain }
    }
}

/// A date pattern, built on first use for each kind of digit (see [`Digits`]). They only
/// run on windows of text, so they are built without what pays on long texts only (see
/// `rules::patterns`), each the way that searches the windows fastest.
struct DatePattern {
    source: fn(&str) -> String,
    /// The pattern matched by hand (see `body_date_match`), and the bytes a match can
    /// start with: how windows without other digits than ASCII ones are searched. Only
    /// the dated patterns, every match of which holds a year, have one.
    hand: Option<ByHand>,
    build: Build,
    plain: BuildOnce<Regex>,
    ascii: BuildOnce<Regex>,
    unicode: BuildOnce<Regex>,
    /// The ASCII and Unicode digit builds without word boundaries, for the DFA (see
    /// [`DatePattern::captures_iter`]).
    relaxed_ascii: BuildOnce<Regex>,
    relaxed_unicode: BuildOnce<Regex>,
}

impl DatePattern {
    /// A pattern every match of which holds a year, `({d}{4})`: a test checks the source.
    /// `hand` matches it by hand, at places whose byte passes `first`.
    const fn dated(
        build: Build,
        source: fn(&str) -> String,
        hand: Matcher,
        first: fn(u8) -> bool,
    ) -> DatePattern {
        DatePattern::new(build, source, Some((hand, first)))
    }

    /// A pattern for the text around a date, without one.
    const fn undated(build: Build, source: fn(&str) -> String) -> DatePattern {
        DatePattern::new(build, source, None)
    }

    const fn new(build: Build, source: fn(&str) -> String, hand: Option<ByHand>) -> DatePattern {
        DatePattern {
            source,
            hand,
            build,
            plain: BuildOnce::new(),
            ascii: BuildOnce::new(),
            unicode: BuildOnce::new(),
            relaxed_ascii: BuildOnce::new(),
            relaxed_unicode: BuildOnce::new(),
        }
    }

    /// Every match in `window` with its groups, as `patterns::captures_iter` gives them with
    /// [`DatePattern::get`]`(digits)`. A window with a word character outside ASCII gets
    /// the Unicode `\b`, which keeps the regex off its DFA: the backtracker would try every
    /// digit of the window (`08:30 – 17:00, Thứ Tư, ngày 15 tháng 4 năm 2026`). The pattern
    /// without its word boundaries matches wherever the pattern does (an assertion taken
    /// out only lets more through), so no match starts before the first of its matches,
    /// which its DFA finds: the backtracker starts there, and a window where it finds
    /// nothing is passed over. (A run searches only windows with a digit outside ASCII
    /// this way; the others are matched by hand, and the tests compare the two.)
    fn captures_iter<'w>(
        &'static self,
        digits: Digits,
        window: &'w str,
    ) -> impl Iterator<Item = Caps<'w>> {
        let re = self.get(digits);
        let from = match digits {
            Digits::Plain => Some(0),
            Digits::Ascii | Digits::Unicode => self.relaxed(digits).find(window).map(|m| m.start()),
        };
        from.map(|from| patterns::captures_iter_from(re, window, from))
            .into_iter()
            .flatten()
            .map(move |c| Caps::new(window, std::array::from_fn(|i| c.span(i))))
    }

    /// The build of [`DatePattern::get`]`(digits)` without its word boundaries, searched
    /// by the lazy DFA (no Unicode `\b` stops it).
    fn relaxed(&self, digits: Digits) -> &Regex {
        let (cell, d) = match digits {
            Digits::Plain | Digits::Ascii => (&self.relaxed_ascii, "[0-9]"),
            Digits::Unicode => (&self.relaxed_unicode, r"\d"),
        };
        cell.get_or_init(|| Build::Scanned.builtin(&(self.source)(d).replace(r"\b", "")))
    }

    fn get(&self, digits: Digits) -> &Regex {
        match digits {
            Digits::Plain => self.plain.get_or_init(|| self.build_plain()),
            Digits::Ascii => self
                .ascii
                .get_or_init(|| self.build.builtin(&(self.source)("[0-9]"))),
            Digits::Unicode => self
                .unicode
                .get_or_init(|| self.build.builtin(&(self.source)(r"\d"))),
        }
    }

    /// The [`Digits::Plain`] build: ASCII word boundaries, and the DFA (see [`Build`]) that
    /// they let search the whole window.
    fn build_plain(&self) -> Regex {
        let source = (self.source)("[0-9]").replace(r"\b", r"(?-u:\b)");
        let build = match self.build {
            Build::Short => Build::Short,
            Build::Prefiltered | Build::Scanned => Build::Scanned,
        };
        build.builtin(&source)
    }

    /// The build of a pattern without digits for `text`.
    fn fixed(&self, text: &str) -> &Regex {
        match Digits::of(text) {
            Digits::Plain => self.get(Digits::Plain),
            Digits::Ascii | Digits::Unicode => self.get(Digits::Ascii),
        }
    }

    /// Build the pattern most windows need unless a thread has begun it (see `prepare`).
    fn build_ahead(&self) {
        self.plain.build_ahead(|| self.build_plain());
    }
}

/// A day of the month: `17`, `17th`.
fn day(d: &str) -> String {
    format!(r"({d}{{1,2}})(?:st|nd|rd|th)?")
}

/// `November 17, 2025`, `Nov 15–16, 2025`.
static MONTH_DAY_YEAR: DatePattern = DatePattern::dated(
    Build::Scanned,
    |d| {
        let (day, months) = (day(d), months_en());
        format!(r"(?i)\b({months})\b\.?\s+{day}(?:{RANGE}{day})?{YEAR_SEP}({d}{{4}})\b")
    },
    by_hand::month_day_year,
    by_hand::month_initial,
);
/// `17 November 2025`, `15-16 Nov, 2025`, `17th of November 2025`.
static DAY_MONTH_YEAR: DatePattern = DatePattern::dated(
    Build::Prefiltered,
    |d| {
        let (day, months) = (day(d), months_en());
        format!(r"(?i)\b{day}(?:{RANGE}{day})?\s+(?:of\s+)?({months})\b\.?{YEAR_SEP}({d}{{4}})\b")
    },
    by_hand::day_month_year,
    by_hand::digit,
);
/// `17 tháng 11, 2025`, `17 tháng 11 năm 2025`.
static VIETNAMESE: DatePattern = DatePattern::dated(
    Build::Prefiltered,
    |d| {
        format!(
            r"(?i)\b({d}{{1,2}})(?:{RANGE}({d}{{1,2}}))?\s+tháng\s+({d}{{1,2}})(?:\s*,\s*|\s+năm\s+|\s*/\s*|\s+)({d}{{4}})\b"
        )
    },
    by_hand::vietnamese,
    by_hand::digit,
);
/// `17/11/2025`, `15-16/11/2025`, `17.11.2025`.
static NUMERIC: DatePattern = DatePattern::dated(
    Build::Prefiltered,
    |d| {
        format!(
            r"\b({d}{{1,2}})(?:\s*(?:-|–|—|&|đến|to)\s*({d}{{1,2}}))?([/.-])({d}{{1,2}})([/.-])({d}{{4}})\b"
        )
    },
    by_hand::numeric,
    by_hand::digit,
);
/// `2025-11-17`.
static ISO: DatePattern = DatePattern::dated(
    Build::Scanned,
    |d| format!(r"\b({d}{{4}})-({d}{{2}})-({d}{{2}})\b"),
    by_hand::iso,
    by_hand::digit,
);

/// Cheap tests that a window may hold a match of each pattern: a part every match contains,
/// so that the full patterns only run where they can match. A test may pass a window where
/// the pattern then finds nothing, never the other way round.
///
/// `(?i)jan|feb|…|dec`: every English month name starts so (`ſ`, which `(?i)` folds with
/// `s`, lets any window through). The scan uses the finer [`month_screens`]; this coarser
/// test, which it refines, is what the tests check the regexes against.
#[cfg(test)]
fn may_have_month_en(window: &str) -> bool {
    window.contains('ſ') || month_starts(window).next().is_some()
}

/// Every place in `window` where the three bytes are, in either case, how an English month
/// name starts (`ſ` aside: see [`may_have_month_en`]).
fn month_starts(window: &str) -> impl Iterator<Item = usize> + '_ {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    // The bytes a month name can start with, either case: most places are ruled out by
    // one look-up, before the three bytes are compared with the twelve names.
    const INITIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut i = 0;
        while i < MONTHS.len() {
            let b = MONTHS[i][0];
            table[b as usize] = true;
            table[b.to_ascii_uppercase() as usize] = true;
            i += 1;
        }
        table
    };
    window
        .as_bytes()
        .windows(3)
        .enumerate()
        .filter(|(_, w)| {
            INITIAL[usize::from(w[0])] && {
                let lower = [
                    w[0].to_ascii_lowercase(),
                    w[1].to_ascii_lowercase(),
                    w[2].to_ascii_lowercase(),
                ];
                MONTHS.iter().any(|m| **m == lower)
            }
        })
        .map(|(at, _)| at)
}

/// Whether [`MONTH_DAY_YEAR`] and [`DAY_MONTH_YEAR`] may match `window`, each (a finer test
/// than [`may_have_month_en`], which passes both). In the first a month name is followed by
/// `\.?\s+` and a day's digit; in the second it follows `\s+` after a day's digit, its
/// `st`/`nd`/`rd`/`th` or `of`; a day has one or two digits. A date line holds one of the two (`Thursday, January 8,
/// 2026` has no day before its month), and the pattern that cannot match is not run. Any
/// byte outside ASCII where a space or a digit is looked for passes (it may be a Unicode
/// space or digit), as does a window with `ſ`.
fn month_screens(window: &str) -> (bool, bool) {
    if window.contains('ſ') {
        return (true, true);
    }
    let w = window.as_bytes();
    // `\s` within ASCII (vertical tab and form feed included, unlike `is_ascii_whitespace`).
    let space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    // After the name: its letters, an optional `.`, then spaces and a digit.
    let day_after = |at: usize| {
        let mut i = at;
        while w.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        if w.get(i) == Some(&b'.') {
            i += 1;
        }
        let spaces = i;
        while w.get(i).is_some_and(|&b| space(b)) {
            i += 1;
        }
        if i == spaces {
            return w.get(i).is_some_and(|b| !b.is_ascii());
        }
        // A day is one or two digits (`November 2025` is no date).
        let digits = w[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        match w.get(i + digits) {
            Some(b) if !b.is_ascii() => true,
            _ => (1..=2).contains(&digits),
        }
    };
    // Before the name: spaces, after a digit, an ordinal's last letter or `of`'s.
    let day_before = |at: usize| {
        let mut i = at;
        while i > 0 && space(w[i - 1]) {
            i -= 1;
        }
        match i.checked_sub(1).map(|i| w[i]) {
            Some(b) if !b.is_ascii() => true,
            Some(b) => {
                i < at
                    && (b.is_ascii_digit()
                        || matches!(b.to_ascii_lowercase(), b't' | b'd' | b'h' | b'f'))
            }
            None => false,
        }
    };
    let (mut mdy, mut dmy) = (false, false);
    for at in month_starts(window) {
        mdy = mdy || day_after(at);
        dmy = dmy || day_before(at);
        if mdy && dmy {
            break;
        }
    }
    (mdy, dmy)
}

/// [`may_have_month_en`] as first written, without the table: what it is tested against.
#[cfg(test)]
fn may_have_month_en_plain(window: &str) -> bool {
    const MONTHS: [&[u8; 3]; 12] = [
        b"jan", b"feb", b"mar", b"apr", b"may", b"jun", b"jul", b"aug", b"sep", b"oct", b"nov",
        b"dec",
    ];
    window.contains('ſ')
        || window.as_bytes().windows(3).any(|w| {
            let lower = [
                w[0].to_ascii_lowercase(),
                w[1].to_ascii_lowercase(),
                w[2].to_ascii_lowercase(),
            ];
            MONTHS.iter().any(|m| **m == lower)
        })
}

/// `(?i)tháng`: `t`, `h`, `á`, `n`, `g`, each in either case (no other character
/// lower-cases to one of them), found from the bytes of `á`/`Á` (`C3 A1`/`C3 81`) without
/// lower-casing the window.
fn may_have_thang(window: &str) -> bool {
    let w = window.as_bytes();
    let is = |i: Option<usize>, lower: u8| {
        i.and_then(|i| w.get(i))
            .is_some_and(|b| b.to_ascii_lowercase() == lower)
    };
    memchr::memchr_iter(0xC3, w).any(|at| {
        matches!(w.get(at + 1), Some(0xA1 | 0x81))
            && is(at.checked_sub(1), b'h')
            && is(at.checked_sub(2), b't')
            && is(Some(at + 2), b'n')
            && is(Some(at + 3), b'g')
    })
}

/// [`may_have_thang`] as first written: what it is tested against.
#[cfg(test)]
fn may_have_thang_plain(window: &str) -> bool {
    window.to_lowercase().contains("tháng")
}

/// `\d[/.-]\d{1,2}[/.-]\d{4}` (any window with other digits passes). Tried at each
/// separator byte (found by `memchr3`), not at every byte.
fn may_be_numeric(window: &str, digits: Digits) -> bool {
    let w = window.as_bytes();
    let sep = |i: usize| w.get(i).is_some_and(|b| matches!(b, b'/' | b'.' | b'-'));
    digits == Digits::Unicode
        || memchr::memchr3_iter(b'/', b'.', b'-', w).any(|i| {
            i >= 1
                && w[i - 1].is_ascii_digit()
                && [1, 2].iter().any(|&n| {
                    ascii_digits(w, i + 1, n) && sep(i + 1 + n) && ascii_digits(w, i + 2 + n, 4)
                })
        })
}

/// `\d{4}-\d{2}-\d{2}` (any window with other digits passes). Tried at each `-` (found
/// by `memchr`) as the first dash, not at every byte.
fn may_be_iso(window: &str, digits: Digits) -> bool {
    let w = window.as_bytes();
    let dash = |i: usize| w.get(i) == Some(&b'-');
    digits == Digits::Unicode
        || memchr::memchr_iter(b'-', w).any(|d| {
            d >= 4
                && ascii_digits(w, d - 4, 4)
                && ascii_digits(w, d + 1, 2)
                && dash(d + 3)
                && ascii_digits(w, d + 4, 2)
        })
}

/// [`may_be_numeric`] trying every byte: what it is tested against.
#[cfg(test)]
fn may_be_numeric_plain(window: &str, digits: Digits) -> bool {
    let w = window.as_bytes();
    let sep = |i: usize| w.get(i).is_some_and(|b| matches!(b, b'/' | b'.' | b'-'));
    digits == Digits::Unicode
        || (1..w.len()).any(|i| {
            sep(i)
                && w[i - 1].is_ascii_digit()
                && [1, 2].iter().any(|&n| {
                    ascii_digits(w, i + 1, n) && sep(i + 1 + n) && ascii_digits(w, i + 2 + n, 4)
                })
        })
}

/// [`may_be_iso`] trying every byte: what it is tested against.
#[cfg(test)]
fn may_be_iso_plain(window: &str, digits: Digits) -> bool {
    let w = window.as_bytes();
    let dash = |i: usize| w.get(i) == Some(&b'-');
    digits == Digits::Unicode
        || (0..w.len()).any(|i| {
            ascii_digits(w, i, 4)
                && dash(i + 4)
                && ascii_digits(w, i + 5, 2)
                && dash(i + 7)
                && ascii_digits(w, i + 8, 2)
        })
}

/// `n` ASCII digits at `at`.
fn ascii_digits(w: &[u8], at: usize, n: usize) -> bool {
    w.get(at..at + n)
        .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
}

/// A weekday right before a date: `Monday, `, `Thứ Hai, ngày `, `Saturday morning, `.
/// (The patterns from here on have no digits: their build is got by `fixed`.)
static WEEKDAY_BEFORE: DatePattern = DatePattern::undated(Build::Scanned, |_| {
    format!(
        r"(?i)\b({WEEKDAYS})[*_]*(?:[ \t]+(?:morning|afternoon|evening|night)\b)?{GAP}(?:[,\-–—]{GAP})?[*_]*{GAP}(?:(?:ngày|the)[ \t\u{{a0}}]+)?[*_]*$"
    )
});
/// A weekday in parentheses right after a date: ` (Thứ Hai)`.
static WEEKDAY_AFTER: DatePattern = DatePattern::undated(Build::Short, |_| {
    format!(r"(?i)^[*_]*[ \t\u{{a0}}]*\([ \t]*[*_]*({WEEKDAYS})[*_]*[ \t]*\)")
});
/// Between two full dates that form a range.
static BETWEEN_RANGE: DatePattern = DatePattern::undated(Build::Short, |_| {
    r"(?i)^[*_]*\s*(?:-|–|—|~|→|to|until|đến|tới)\s*[*_]*\s*(?:ngày\s+)?$".to_string()
});

/// Every position of four ASCII digits in a row, as `(?-u)[0-9]{4}` finds them (so
/// `12345678` is two): where a date may be.
fn four_digits(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut run = 0;
    // Count the run of digits through the byte at `at`, a digit or not.
    fn step(run: &mut u8, at: usize, is_digit: bool, out: &mut Vec<std::ops::Range<usize>>) {
        if is_digit {
            *run += 1;
            if *run == 4 {
                out.push(at - 3..at + 1);
                *run = 0;
            }
        } else {
            *run = 0;
        }
    }
    // Most of a text has no digit: a block without one is passed over at once (the test
    // of a fixed-size block compiles to vector instructions); the bytes of the others are
    // counted one by one, each block tested once.
    const BLOCK: usize = 32;
    let mut blocks = bytes.chunks_exact(BLOCK);
    for (n, block) in blocks.by_ref().enumerate() {
        if !block.iter().fold(false, |any, b| any | b.is_ascii_digit()) {
            run = 0;
            continue;
        }
        for (at, b) in block.iter().enumerate() {
            step(&mut run, n * BLOCK + at, b.is_ascii_digit(), &mut out);
        }
    }
    let tail = bytes.len() - blocks.remainder().len();
    for (at, b) in blocks.remainder().iter().enumerate() {
        step(&mut run, tail + at, b.is_ascii_digit(), &mut out);
    }
    out
}

/// Whether the four ASCII digits at `at` in `text` can be the year of a date the scan
/// reports: a year is read as a number in [`YEARS`], and every pattern
/// has it stand alone, after a separator (`, `, `/`, a space, or a word boundary) and
/// before a word boundary or ISO's `-`. So the digits are not part of a longer number and
/// have no ASCII letter or `_` on either side (`IMG_2034`, `event2034`, `12345`). A byte
/// outside ASCII on either side passes (a Unicode space may separate, a dash may follow).
/// Most four-digit numbers in reports are event numbers and image names: their windows
/// are not searched.
fn may_be_year(text: &[u8], at: std::ops::Range<usize>) -> bool {
    let word = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_');
    let before = at.start.checked_sub(1).and_then(|i| text.get(i));
    let Some(digits) = text.get(at.clone()) else {
        return false;
    };
    let year = digits
        .iter()
        .fold(0, |n, d| n * 10 + i64::from(d.wrapping_sub(b'0')));
    YEARS.contains(&year) && !word(before) && !word(text.get(at.end))
}

/// [`four_digits`] one byte at a time: what it is tested against.
#[cfg(test)]
fn four_digits_plain(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut run = 0;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_digit() {
            run += 1;
            if run == 4 {
                out.push(i - 3..i + 1);
                run = 0;
            }
        } else {
            run = 0;
        }
    }
    out
}

/// Build the patterns (for ASCII digits) ahead of their first use, in about the order a
/// scan needs them (see `checks::prepare`). Those fewer pages need (a weekday after the
/// date) are left to their first use: building what a run does not need competes with it
/// for the cores. The dated patterns are matched by hand (see `Engine`): their regexes
/// are built only for a window with a digit outside ASCII.
pub fn prepare() {
    for p in [&WEEKDAY_BEFORE, &BETWEEN_RANGE] {
        p.build_ahead();
    }
}

/// Every date in `prose`, in order of position, without overlaps.
pub fn scan(prose: &str) -> Vec<BodyDate> {
    scan_in(prose, windows(prose, may_be_year))
}

/// [`scan`] searching the given windows of `prose`.
fn scan_in(prose: &str, windows: Vec<(usize, usize)>) -> Vec<BodyDate> {
    let mut found: Vec<BodyDate> = Vec::new();
    for (start, end) in windows {
        scan_window(prose, start, end, &mut found);
    }
    found.sort_by_key(|d| (d.span.start, std::cmp::Reverse(d.span.end)));
    let mut dates: Vec<BodyDate> = Vec::new();
    for d in found {
        if dates
            .last()
            .is_some_and(|prev| d.span.start < prev.span.end)
        {
            continue;
        }
        dates.push(d);
    }
    let mut dates = join_ranges(prose, dates);
    for d in &mut dates {
        find_weekday(prose, d);
    }
    dates
}

/// Every date ends with its year, or starts with it (`2025-11-17`): the full patterns only
/// run on the text around each four-digit number that can be a year (`year`, which is
/// [`may_be_year`] but in tests), which keeps a long report cheap (the patterns need
/// Unicode word boundaries, which the fast regex engines cannot do on Vietnamese text).
fn windows(
    prose: &str,
    year: impl Fn(&[u8], std::ops::Range<usize>) -> bool,
) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in four_digits(prose) {
        if !year(prose.as_bytes(), m.clone()) {
            continue;
        }
        // Back far enough for `ngày 15 - 16 tháng 11 năm `, then forward to a word start.
        let back = prose.floor_char_boundary(m.start.saturating_sub(80));
        let start = match prose[back..m.start].find(char::is_whitespace) {
            Some(i) if back > 0 => back + i,
            _ => back,
        };
        let end = prose.ceil_char_boundary((m.end + 8).min(prose.len()));
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// How a window is searched: the dated patterns matched by hand (`body_date_match`), or by
/// their regexes (a window with a digit outside ASCII, and what the tests compare with).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Engine {
    Hand,
    #[cfg(test)]
    Regex,
}

fn scan_window(prose: &str, start: usize, end: usize, found: &mut Vec<BodyDate>) {
    scan_window_by(prose, start, end, found, Engine::Hand);
}

fn scan_window_by(
    prose: &str,
    start: usize,
    end: usize,
    found: &mut Vec<BodyDate>,
    engine: Engine,
) {
    let window = &prose[start..end];
    let digits = Digits::of(window);
    let by_hand = engine == Engine::Hand && digits != Digits::Unicode;
    let each = |re: &'static DatePattern, may: bool| {
        let hand = re.hand.filter(|_| may && by_hand);
        let regex = (may && !by_hand).then(|| re.captures_iter(digits, window));
        let hand = hand.map(|(matcher, first)| by_hand::matches(window, matcher, first));
        hand.into_iter()
            .flatten()
            .chain(regex.into_iter().flatten())
    };
    let (may_mdy, may_dmy) = month_screens(window);
    for c in each(&MONTH_DAY_YEAR, may_mdy) {
        let (Some(m), Some(d1)) = (month_en(&c, 1), num(&c, 2)) else {
            continue;
        };
        push_dmy(found, start, &c, d1, num(&c, 3), m, num(&c, 4), None);
    }
    for c in each(&DAY_MONTH_YEAR, may_dmy) {
        let (Some(d1), Some(m)) = (num(&c, 1), month_en(&c, 3)) else {
            continue;
        };
        push_dmy(found, start, &c, d1, num(&c, 2), m, num(&c, 4), None);
    }
    for c in each(&VIETNAMESE, may_have_thang(window)) {
        let (Some(d1), Some(m)) = (num(&c, 1), num(&c, 3)) else {
            continue;
        };
        push_dmy(found, start, &c, d1, num(&c, 2), m, num(&c, 4), None);
    }
    for c in each(&NUMERIC, may_be_numeric(window, digits)) {
        let same_separator = c.get(3) == c.get(5);
        let Some(whole) = c.span(0) else { continue };
        if !same_separator || !numeric_stands_alone(prose, start + whole.start, start + whole.end) {
            continue;
        }
        let (Some(a), Some(b), Some(y)) = (num(&c, 1), num(&c, 4), num(&c, 6)) else {
            continue;
        };
        let a2 = num(&c, 2);
        // Day first; month first only when day first is impossible.
        let day_first = civil(y, b, a2.unwrap_or(a)).is_some();
        if day_first {
            let alternative = if a2.is_none() && a != b {
                civil(y, a, b)
            } else {
                None
            };
            push_dmy(found, start, &c, a, a2, b, Some(y), alternative);
        } else if a2.is_none() {
            push_dmy(found, start, &c, b, None, a, Some(y), None);
        }
    }
    for c in each(&ISO, may_be_iso(window, digits)) {
        let (Some(y), Some(m), Some(d)) = (num(&c, 1), num(&c, 2), num(&c, 3)) else {
            continue;
        };
        push_dmy(found, start, &c, d, None, m, Some(y), None);
    }
}

fn num(c: &Caps<'_>, i: usize) -> Option<i64> {
    c.get(i)?.parse().ok()
}

fn month_en(c: &Caps<'_>, i: usize) -> Option<i64> {
    let name = c.get(i)?.to_lowercase();
    let index = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    .iter()
    .position(|m| name.starts_with(m))?;
    Some(index as i64 + 1)
}

/// The years a date in the text may have: others are not read as dates.
const YEARS: std::ops::RangeInclusive<i64> = 1990..=2100;

fn civil(year: i64, month: i64, day: i64) -> Option<Date> {
    if !YEARS.contains(&year) {
        return None;
    }
    Date::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
    )
    .ok()
}

/// Record a day-month-year match (a range when `d2` is a later day of the same month).
#[allow(clippy::too_many_arguments)]
fn push_dmy(
    found: &mut Vec<BodyDate>,
    offset: usize,
    c: &Caps<'_>,
    d1: i64,
    d2: Option<i64>,
    month: i64,
    year: Option<i64>,
    alternative: Option<Date>,
) {
    let (Some(whole), Some(year)) = (c.span(0), year) else {
        return;
    };
    let Some(first) = civil(year, month, d1) else {
        return;
    };
    let last = match d2 {
        None => first,
        Some(d2) if d2 > d1 => match civil(year, month, d2) {
            Some(last) => last,
            None => return,
        },
        Some(_) => return,
    };
    found.push(BodyDate {
        first,
        last,
        alternative,
        span: Span::new(offset + whole.start, offset + whole.end),
        weekday: None,
        weekday_vi: false,
    });
}

/// `1.2.2025` in `v1.2.2025` or `12/05/2025/x` is not a date.
fn numeric_stands_alone(prose: &str, start: usize, end: usize) -> bool {
    let before = prose[..start].chars().next_back();
    let after = prose[end..].chars().next();
    !matches!(before, Some('/' | '.' | '-' | ':' | '_'))
        && !matches!(after, Some('/' | '-' | '_'))
        && !prose[end..]
            .strip_prefix('.')
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
}

/// `15/11/2025 – 16/11/2025` is one range.
fn join_ranges(prose: &str, dates: Vec<BodyDate>) -> Vec<BodyDate> {
    let mut out: Vec<BodyDate> = Vec::with_capacity(dates.len());
    for d in dates {
        if let Some(prev) = out.last_mut() {
            let between = &prose[prev.span.end..d.span.start];
            if between.len() <= 12
                && BETWEEN_RANGE.fixed(between).is_match(between)
                && prev.first < d.first
                && prev.last == prev.first
                && prev.alternative.is_none()
                && d.alternative.is_none()
            {
                prev.last = d.last;
                prev.span = Span::new(prev.span.start, d.span.end);
                continue;
            }
        }
        out.push(d);
    }
    out
}

fn find_weekday<'p>(prose: &'p str, d: &mut BodyDate) {
    let window_start = prose.floor_char_boundary(d.span.start.saturating_sub(48));
    let before = &prose[window_start..d.span.start];
    let first_group = |re: &Regex, text: &'p str| {
        let c = patterns::captures(re, text)?;
        Some((c.get(1)?, c.span(1)?.start))
    };
    let hit = weekday_before(before)
        .map(|(name, at)| (name, window_start + at))
        .or_else(|| {
            let window_end = prose.floor_char_boundary((d.span.end + 40).min(prose.len()));
            let after = &prose[d.span.end..window_end];
            may_open_parenthesis(after)
                .then(|| first_group(WEEKDAY_AFTER.fixed(after), after))
                .flatten()
                .map(|(name, at)| (name, d.span.end + at))
        });
    if let Some((name, at)) = hit
        && let Some((weekday, vi)) = weekday_of(name)
    {
        d.weekday = Some((weekday, Span::new(at, at + name.len())));
        d.weekday_vi = vi;
    }
}

/// Where in `window` a match of [`WEEKDAY_BEFORE`] may start, at the earliest; `None` when
/// it cannot match. A match starts with a weekday name: `(?i)mon|tue|wed|thu|fri|sat|sun`,
/// `thứ`/`thỨ` or `chủ`/`chỦ` (`ứ` is `E1 BB A9`, `Ứ` `E1 BB A8`, `ủ` `E1 BB A7`, `Ủ`
/// `E1 BB A6`; no other character folds with them). Under `(?i)` only `ſ` (with `s`) and
/// the Kelvin sign (with `k`, in no name) fold to an ASCII letter from outside ASCII: a
/// window with `ſ` gives 0. The place may be earlier than the match, never later.
fn weekday_start(window: &str) -> Option<usize> {
    const NAMES: [&[u8; 3]; 7] = [b"mon", b"tue", b"wed", b"thu", b"fri", b"sat", b"sun"];
    // The bytes a name can start with, either case (`c` for `chủ`): most places are ruled
    // out by one look-up.
    const INITIAL: [bool; 256] = {
        let mut table = [false; 256];
        let initials = *b"mtwfsc";
        let mut i = 0;
        while i < initials.len() {
            table[initials[i] as usize] = true;
            table[initials[i].to_ascii_uppercase() as usize] = true;
            i += 1;
        }
        table
    };
    let w = window.as_bytes();
    if window.contains('ſ') {
        return Some(0);
    }
    (0..w.len().saturating_sub(2)).find(|&i| {
        INITIAL[usize::from(w[i])] && {
            let lower = [
                w[i].to_ascii_lowercase(),
                w[i + 1].to_ascii_lowercase(),
                w[i + 2].to_ascii_lowercase(),
            ];
            NAMES.iter().any(|n| **n == lower)
                || matches!(
                    (lower, w.get(i + 3..i + 5)),
                    ([b't', b'h', 0xE1], Some([0xBB, 0xA8 | 0xA9]))
                        | ([b'c', b'h', 0xE1], Some([0xBB, 0xA6 | 0xA7]))
                )
        }
    })
}

/// The weekday name [`WEEKDAY_BEFORE`] finds in `before`, and where. The match starts with
/// the name, so the search starts at the first place a name may start ([`weekday_start`]):
/// the backtracker, which Vietnamese text gets, then tries fewer starts (the text before,
/// `**Thời gian:** 08:30 – 17:00, `, is passed over). The search still sees the character
/// before that place (for `\b`), and the build is chosen for the text from it on.
fn weekday_before(before: &str) -> Option<(&str, usize)> {
    let from = weekday_start(before)?;
    let seen = before.floor_char_boundary(from.saturating_sub(1));
    let re = WEEKDAY_BEFORE.fixed(&before[seen..]);
    let mut caps = re.create_captures();
    re.captures(Input::new(before).range(from..), &mut caps);
    let name = caps.get_group(1)?.range();
    Some((before.get(name.clone())?, name.start))
}

/// A cheap test that [`WEEKDAY_AFTER`] may match `window`: it is anchored, and its match
/// opens with `[*_]*[ \t\u{a0}]*\(`.
fn may_open_parenthesis(window: &str) -> bool {
    let rest = window.trim_start_matches(['*', '_']);
    rest.trim_start_matches([' ', '\t', '\u{a0}'])
        .starts_with('(')
}

/// The weekday a name denotes, and whether the name is Vietnamese.
fn weekday_of(name: &str) -> Option<(Weekday, bool)> {
    let lower = name.to_lowercase();
    let words: Vec<&str> = lower.split_whitespace().collect();
    let day = match words.as_slice() {
        ["chủ", "nhật"] => return Some((Weekday::Sunday, true)),
        ["thứ", n] => match *n {
            "hai" | "2" => Weekday::Monday,
            "ba" | "3" => Weekday::Tuesday,
            "tư" | "4" => Weekday::Wednesday,
            "năm" | "5" => Weekday::Thursday,
            "sáu" | "6" => Weekday::Friday,
            "bảy" | "bẩy" | "7" => Weekday::Saturday,
            _ => return None,
        },
        [w] => {
            let days = [
                ("mon", Weekday::Monday),
                ("tue", Weekday::Tuesday),
                ("wed", Weekday::Wednesday),
                ("thu", Weekday::Thursday),
                ("fri", Weekday::Friday),
                ("sat", Weekday::Saturday),
                ("sun", Weekday::Sunday),
            ];
            return days
                .iter()
                .find(|(prefix, _)| w.starts_with(prefix))
                .map(|(_, d)| (*d, false));
        }
        _ => return None,
    };
    Some((day, true))
}

/// A weekday's name, in English or Vietnamese.
pub fn weekday_name(day: Weekday, vietnamese: bool) -> &'static str {
    let (en, vi) = match day {
        Weekday::Monday => ("Monday", "Thứ Hai"),
        Weekday::Tuesday => ("Tuesday", "Thứ Ba"),
        Weekday::Wednesday => ("Wednesday", "Thứ Tư"),
        Weekday::Thursday => ("Thursday", "Thứ Năm"),
        Weekday::Friday => ("Friday", "Thứ Sáu"),
        Weekday::Saturday => ("Saturday", "Thứ Bảy"),
        Weekday::Sunday => ("Sunday", "Chủ Nhật"),
    };
    if vietnamese { vi } else { en }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dated_patterns_hold_a_year_and_the_others_are_not_dated() {
        // `captures_iter` stops a dated pattern's search where no four digits are left: a
        // pattern whose year may be missing must not be called dated.
        for p in [
            &MONTH_DAY_YEAR,
            &DAY_MONTH_YEAR,
            &VIETNAMESE,
            &NUMERIC,
            &ISO,
        ] {
            let source = (p.source)("[0-9]");
            assert!(p.hand.is_some(), "{source}");
            assert!(source.contains("([0-9]{4})"), "{source}");
            assert!(!source.contains("([0-9]{4})?"), "{source}");
        }
        for p in [&WEEKDAY_BEFORE, &WEEKDAY_AFTER, &BETWEEN_RANGE] {
            assert!(p.hand.is_none(), "{}", (p.source)("[0-9]"));
        }
        // And each finds its date, but not once its year is taken out (a year behind an
        // optional group would still pass the source test above).
        let samples: [(&'static DatePattern, &str, &str); 5] = [
            (&MONTH_DAY_YEAR, "On November 17, 2025 we met", "2025"),
            (&DAY_MONTH_YEAR, "On 17 November 2025 we met", "2025"),
            (&VIETNAMESE, "Ngày 17 tháng 11 năm 2025 chúng tôi", "2025"),
            (&NUMERIC, "On 17/11/2025 we met", "2025"),
            (&ISO, "On 2025-11-17 we met", "2025"),
        ];
        for (p, text, year) in samples {
            for digits in [Digits::of(text), Digits::Plain, Digits::Unicode] {
                assert_eq!(p.captures_iter(digits, text).count(), 1, "{text}");
                let yearless = text.replace(year, "");
                assert_eq!(p.captures_iter(digits, &yearless).count(), 0, "{yearless}");
            }
        }
    }

    /// The patterns that find a date (the others find what stands beside one).
    const DATES: [&DatePattern; 5] = [
        &MONTH_DAY_YEAR,
        &DAY_MONTH_YEAR,
        &VIETNAMESE,
        &NUMERIC,
        &ISO,
    ];
    use jiff::civil::date;

    fn one(text: &str) -> BodyDate {
        let found = scan(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    fn at(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn every_listed_form() {
        let cases = [
            ("on 17/11/2025.", date(2025, 11, 17), "17/11/2025"),
            ("on 7/6/2026.", date(2026, 6, 7), "7/6/2026"),
            ("on 23-05-2026.", date(2026, 5, 23), "23-05-2026"),
            (
                "on November 17, 2025.",
                date(2025, 11, 17),
                "November 17, 2025",
            ),
            ("on Nov. 17th 2025.", date(2025, 11, 17), "Nov. 17th 2025"),
            (
                "on 17 November 2025.",
                date(2025, 11, 17),
                "17 November 2025",
            ),
            (
                "on 4th of July, 2026.",
                date(2026, 7, 4),
                "4th of July, 2026",
            ),
            ("on 2025-11-17.", date(2025, 11, 17), "2025-11-17"),
            (
                "vào 18 tháng 9, 2025.",
                date(2025, 9, 18),
                "18 tháng 9, 2025",
            ),
            (
                "vào ngày 23 tháng 05 năm 2026.",
                date(2026, 5, 23),
                "23 tháng 05 năm 2026",
            ),
        ];
        for (text, want, written) in cases {
            let d = one(text);
            assert_eq!(d.first, want, "{text}");
            assert_eq!(d.last, want, "{text}");
            assert_eq!(at(text, d.span), written);
        }
    }

    #[test]
    fn weekdays_beside_the_date() {
        let cases = [
            (
                "Monday, November 17, 2025",
                Weekday::Monday,
                "Monday",
                false,
            ),
            (
                "**Time:** 08:30 – 17:00, Thứ Hai, ngày 17 tháng 11 năm 2025",
                Weekday::Monday,
                "Thứ Hai",
                true,
            ),
            (
                "held on Saturday morning, May 23, 2026",
                Weekday::Saturday,
                "Saturday",
                false,
            ),
            (
                "sáng Thứ 7, ngày 23/05/2026",
                Weekday::Saturday,
                "Thứ 7",
                true,
            ),
            (
                "ngày 17/11/2025 (Chủ nhật)",
                Weekday::Sunday,
                "Chủ nhật",
                true,
            ),
            (
                "**Saturday**, 20 June 2026",
                Weekday::Saturday,
                "Saturday",
                false,
            ),
        ];
        for (text, want, written, vi) in cases {
            let d = one(text);
            let (day, span) = d.weekday.unwrap_or_else(|| panic!("no weekday in {text}"));
            assert_eq!(day, want, "{text}");
            assert_eq!(at(text, span), written);
            assert_eq!(d.weekday_vi, vi);
        }
    }

    #[test]
    fn a_weekday_ending_a_sentence_or_paragraph_is_not_beside_the_date() {
        for text in [
            "It was not a Monday.\n\nNgày 04/07/2026 là thứ Bảy.",
            "It was not a Monday. On 04/07/2026 we met.",
        ] {
            assert_eq!(one(text).weekday, None, "{text}");
        }
        // A line wrapped between the weekday and the date is still beside it.
        let d = one("held on Saturday,\nJune 20, 2026");
        assert_eq!(d.weekday.map(|w| w.0), Some(Weekday::Saturday));
    }

    #[test]
    fn ordinals_are_not_weekdays() {
        let d = one("Phiên thứ ba tập trung vào bảo mật. Ngày 17/11/2025 là buổi cuối.");
        assert_eq!(d.weekday, None);
    }

    #[test]
    fn ranges() {
        let d = one("November 15–16, 2025");
        assert_eq!((d.first, d.last), (date(2025, 11, 15), date(2025, 11, 16)));
        let d = one("15-16/11/2025");
        assert_eq!((d.first, d.last), (date(2025, 11, 15), date(2025, 11, 16)));
        let d = one("từ 15/11/2025 đến 17/11/2025");
        assert_eq!((d.first, d.last), (date(2025, 11, 15), date(2025, 11, 17)));
        let d = one("15 - 16 tháng 11, 2025");
        assert_eq!((d.first, d.last), (date(2025, 11, 15), date(2025, 11, 16)));
    }

    #[test]
    fn a_weekday_may_name_any_day_of_a_range() {
        let d = one("Saturday – Sunday, November 15–16, 2025");
        assert!(d.falls_on(Weekday::Sunday));
        assert!(d.falls_on(Weekday::Saturday));
        assert!(!d.falls_on(Weekday::Monday));
    }

    #[test]
    fn day_first_with_a_month_first_alternative() {
        let d = one("04/07/2026");
        assert_eq!(d.first, date(2026, 7, 4));
        assert_eq!(d.alternative, Some(date(2026, 4, 7)));
        let d = one("09/18/2025");
        assert_eq!(d.first, date(2025, 9, 18));
        assert_eq!(d.alternative, None);
    }

    /// The tests before the full patterns, and the search for four digits, as the regexes
    /// they stand for: a test may pass more windows, never fewer.
    #[test]
    fn window_tests_pass_what_their_regexes_match() {
        let texts = [
            "on November 17, 2025",
            "SEPT 5, 2025",
            "ſeptember 5, 2025",
            "the summary of 2025",
            "ngày 17 THÁNG 11 năm 2025",
            "17 tháng 11, 2025",
            "Tháng",
            "17/11/2025 and 1.2.2025 and 7-6-2026",
            "2025-11-17 and 2025-1-17",
            "１７/１１/２０２５",
            "١٧/11/2025",
            "123456789 12345 1234",
            "a1b2c3d4",
            "Ngày 17 Tháng Mười Một, 2025 – \r\nDEC",
            "JuL 4\r\n2026 (Thứ Bảy)",
            "Aprèm 2025",
            "no month here: 2025 — 17:00",
            "THÁNG",
            "tHáNg 11",
            "thang 11 and tha\u{301}ng 11 and thàng and th\u{c1}ng",
            "ÁNG thá ng tháng",
            "á",
            "\u{212A}tháng",
            "-2025-11-17",
            "2025-11-1",
            "12025-11-17-",
            "7/6/2026 and 1-2-2025 and 12.5.2025 and 1/2/202",
            "/11/2025 .1.2025 17//2025 17/11//2025",
            "17–11–2025 and 2025–11–17",
            "1-\r\n2-2025",
        ];
        let re = |p: &str| regex::Regex::new(p).unwrap_or_else(|e| panic!("{e}"));
        let month = re(r"(?i)jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec");
        let thang = re(r"(?i)tháng");
        let numeric = re(r"\d[/.-]\d{1,2}[/.-]\d{4}");
        let iso = re(r"\d{4}-\d{2}-\d{2}");
        let year = re(r"(?-u)[0-9]{4}");
        for text in texts {
            let digits = Digits::of(text);
            assert!(!month.is_match(text) || may_have_month_en(text), "{text}");
            assert_eq!(
                may_have_month_en(text),
                may_have_month_en_plain(text),
                "{text}"
            );
            assert!(!thang.is_match(text) || may_have_thang(text), "{text}");
            assert_eq!(may_have_thang(text), may_have_thang_plain(text), "{text}");
            for digits in [Digits::Plain, Digits::Ascii, digits] {
                assert_eq!(
                    may_be_numeric(text, digits),
                    may_be_numeric_plain(text, digits),
                    "{text}"
                );
                assert_eq!(
                    may_be_iso(text, digits),
                    may_be_iso_plain(text, digits),
                    "{text}"
                );
            }
            assert!(
                !numeric.is_match(text) || may_be_numeric(text, digits),
                "{text}"
            );
            assert!(!iso.is_match(text) || may_be_iso(text, digits), "{text}");
            let want: Vec<_> = year.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(four_digits(text), want, "{text}");
        }
        let long = "x".repeat(100) + "2025" + &"y".repeat(31) + "12345678";
        let want: Vec<_> = year.find_iter(&long).map(|m| m.range()).collect();
        assert_eq!(four_digits(&long), want);
    }

    /// The month screens pass every text their pattern matches, for every build, on texts
    /// made of the pieces a date is written with (and every suffix of the usual date lines:
    /// a window may start anywhere); and they rule out the pattern a usual line cannot match.
    #[test]
    fn month_screens_pass_what_their_patterns_match() {
        let check = |text: &str, matched: &mut usize| {
            let (mdy, dmy) = month_screens(text);
            assert!(may_have_month_en(text) || !(mdy || dmy), "{text:?}");
            for digits in [Digits::Plain, Digits::Ascii, Digits::of(text)] {
                let m = MONTH_DAY_YEAR.get(digits).is_match(text);
                let d = DAY_MONTH_YEAR.get(digits).is_match(text);
                assert!(!m || mdy, "{text:?} {digits:?}");
                assert!(!d || dmy, "{text:?} {digits:?}");
                *matched += usize::from(m) + usize::from(d);
            }
            usize::from(!mdy) + usize::from(!dmy)
        };
        let lines = [
            "**Time:** 08:30 – 17:00, Thursday, January 8, 2026  \n**Venue",
            "Saturday – Sunday, November 15–16, 2025 and 15 — 16 Nov, 2025",
            "the 3rd and 4th to 5th of June, 2026; Nov. 17th 2025; 4th of\u{a0}July, 2026",
            "SEPT\u{a0}5, 2025; ſeptember 5, 2025; 5 ſep 2025; DEC.\r\n 5 2025; 5\u{3000}Dec 2025",
            "١٧ Nov 2025 and Nov ١٧, 2025 and 17\u{b}nov\u{c}2025 and Janx 5, 2025, x5 jan 2025",
            "on the 5th of June, 2026; 1st\tOF\nmay 2026",
        ];
        let (mut matched, mut ruled_out) = (0, 0);
        for line in lines {
            for (at, _) in line.char_indices() {
                ruled_out += check(&line[at..], &mut matched);
            }
        }
        let pieces = [
            "Jan", "november", "Nov.", "sept", "MAY", "mayday", " ", "  ", "\u{a0}", "\t", "\u{b}",
            "\n", "5", "17", "17th", "2nd", "of", "OF ", ",", "2025", "–", "-", "x", "é", "١٧",
            "and", "to", "ſ",
        ];
        // A small linear congruential generator: the same texts on every run.
        let mut state: u32 = 29;
        let mut next = |n: usize| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize % n
        };
        for _ in 0..3_000 {
            let len = next(12);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            ruled_out += check(&text, &mut matched);
        }
        assert!(matched > 300 && ruled_out > 1_000, "{matched} {ruled_out}");
        // What the screens are for: a date line holds one of the two.
        let usual = "**Time:** 08:30 – 17:00, Thursday, January 8, 2026  \n**Venue";
        assert_eq!(month_screens(usual), (true, false));
        assert_eq!(
            month_screens("on 17 November 2025 at the hall"),
            (false, true)
        );
    }

    /// Searching only around the four-digit numbers that can be years finds what searching
    /// around every one finds: dates in each form, beside event numbers, image names, years
    /// out of range and longer numbers (whose windows are passed over).
    #[test]
    fn windows_around_years_only_find_every_date() {
        let pieces = [
            "November 17, 2025",
            "17 Nov 2025",
            "ngày 17 tháng 11 năm 2025",
            "17/11/2025",
            "15-16/11/2025",
            "2025-11-17",
            "Nov 17,2025",
            "17 tháng 11/2025",
            "Monday, ",
            " (Thứ Hai)",
            " – ",
            "Event 2034-1",
            "IMG_2025.jpg",
            "event2025",
            "2025x",
            "#1234",
            "12025",
            "1.2.2025",
            "17/11/1989",
            "17/11/2101",
            "May 2100",
            "\u{a0}2026",
            ", ",
            " ",
            "\n",
        ];
        let mut rng = crate::test_inputs::Xorshift::new(41);
        let (mut dates, mut passed_over) = (0, 0);
        for _ in 0..3_000 {
            let len = 1 + rng.below(8);
            let text: String = (0..len).map(|_| pieces[rng.below(pieces.len())]).collect();
            let every = windows(&text, |_, _| true);
            let years = windows(&text, may_be_year);
            let want = scan_in(&text, every.clone());
            assert_eq!(scan(&text), want, "{text:?}");
            dates += want.len();
            passed_over += usize::from(years != every);
        }
        assert!(dates > 500 && passed_over > 500, "{dates} {passed_over}");
        let year = |text: &str| may_be_year(text.as_bytes(), 0..4);
        assert!(year("2025") && year("2025, ") && year("2100") && year("1990-"));
        assert!(!year("2101") && !year("1989") && !year("20255") && !year("2025_"));
        assert!(!year("2034x") && !may_be_year(b"x2034", 1..5) && !may_be_year(b"_2034", 1..5));
        assert!(may_be_year("–2025".as_bytes(), 3..7) && may_be_year("2025–".as_bytes(), 0..4));
    }

    /// The block-at-a-time search for four digits finds what the byte-by-byte count finds,
    /// with runs of digits across block edges, at the ends and in the tail.
    #[test]
    fn four_digits_by_blocks_as_byte_by_byte() {
        let pieces = [
            "2025", "1", "12", "123", "12345", "x", " ", "é", "–", "\n", "ab",
        ];
        // A small linear congruential generator: the same texts on every run.
        let mut state: u32 = 17;
        let mut next = |n: usize| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize % n
        };
        let mut found = 0;
        for _ in 0..2_000 {
            let len = next(60);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let want = four_digits_plain(&text);
            assert_eq!(four_digits(&text), want, "{text:?}");
            found += want.len();
        }
        for n in 0..100 {
            let text = "7".repeat(n) + &"x".repeat(n % 33) + &"9".repeat(n % 7);
            assert_eq!(four_digits(&text), four_digits_plain(&text), "{text:?}");
        }
        assert!(found > 1_000, "{found}");
    }

    /// The screens before the weekday searches pass every window their pattern matches (the
    /// before-pattern ends at the window's end, so every suffix is tried; the after-pattern
    /// starts at its start, so every prefix), and rule out the windows they are for.
    #[test]
    fn weekday_screens_pass_what_their_patterns_match() {
        let texts = [
            "Monday, November 17, 2025",
            "**Time:** 08:30 – 17:00, Thứ Hai, ngày ",
            "**Time:** 08:30 – 17:00, THỨ HAI, NGÀY ",
            "sáng Thứ 7, ngày ",
            "sáng thu\u{31b}\u{301} hai, ngày ",
            "Chủ nhật\r\n ngày ",
            "CHỦ NHẬT – ",
            "chu\u{309} nhật, ",
            "held on Saturday morning,\r\n ",
            "**Saturday**, ",
            "ſaturday, the ſunday — TUEſDAY, ",
            "Wed. \u{a0}– the ",
            "Tues., Thur, FRI,\u{a0}ngày\u{a0}",
            "\u{212A}mon, sat., ",
            " (Thứ Hai)",
            "** \u{a0}(**CHỦ NHẬT**)",
            "_ ( thứ 7 )",
            "\r\n(Monday)",
            " – (Mon)",
            "(ſun)",
            "ờSaturday, xMonday, Thời gian: đThứ Hai, 5thứ 2, ",
        ];
        let mut ruled_out = 0;
        for text in texts {
            for (at, _) in text.char_indices() {
                let suffix = &text[at..];
                for digits in [Digits::Plain, Digits::Ascii, Digits::of(suffix)] {
                    let matched = WEEKDAY_BEFORE.get(digits).is_match(suffix);
                    assert!(!matched || weekday_start(suffix).is_some(), "{suffix:?}");
                }
                ruled_out += usize::from(weekday_start(suffix).is_none());
                let full = patterns::captures(WEEKDAY_BEFORE.fixed(suffix), suffix)
                    .and_then(|c| Some((c.get(1)?, c.span(1)?.start)));
                assert_eq!(weekday_before(suffix), full, "{suffix:?}");
            }
            for (end, _) in text.char_indices().skip(1).chain([(text.len(), ' ')]) {
                let prefix = &text[..end];
                for digits in [Digits::Plain, Digits::Ascii, Digits::of(prefix)] {
                    let matched = WEEKDAY_AFTER.get(digits).is_match(prefix);
                    assert!(!matched || may_open_parenthesis(prefix), "{prefix:?}");
                }
                ruled_out += usize::from(!may_open_parenthesis(prefix));
            }
        }
        assert!(ruled_out > 100, "{ruled_out}");
        // What the screens are for: the text beside most dates.
        assert!(weekday_start("- **Date:** ").is_none());
        assert!(weekday_start("- **Thời gian:** ngày ").is_none());
        assert!(!may_open_parenthesis(", at the hall"));
        // And through the whole scan, the weekdays found are those without the screens.
        for text in [
            "Thứ Hai, ngày 17/11/2025 and thu\u{31b}\u{301} hai, ngày 18/11/2025",
            "ſunday, November 16, 2025; 17/11/2025 (THỨ HAI); 18/11/2025\r\n(tue)",
            "CHỦ NHẬT – 16 tháng 11, 2025 and Sat 15–16 Nov, 2025",
        ] {
            for d in scan(text) {
                let mut plain = d.clone();
                plain.weekday = None;
                plain.weekday_vi = false;
                find_weekday_unscreened(text, &mut plain);
                assert_eq!(d, plain, "{text}");
            }
        }
    }

    /// [`find_weekday`] without its screens: what it is tested against.
    fn find_weekday_unscreened(prose: &str, d: &mut BodyDate) {
        let window_start = prose.floor_char_boundary(d.span.start.saturating_sub(48));
        let before = &prose[window_start..d.span.start];
        let first_group = |re: &Regex, text: &str| {
            let c = patterns::captures(re, text)?;
            Some((c.span(1)?, c.span(1)?.start))
        };
        let hit = first_group(WEEKDAY_BEFORE.fixed(before), before)
            .map(|(name, at)| (name, window_start + at))
            .or_else(|| {
                let window_end = prose.floor_char_boundary((d.span.end + 40).min(prose.len()));
                let after = &prose[d.span.end..window_end];
                first_group(WEEKDAY_AFTER.fixed(after), after)
                    .map(|(name, at)| (name, d.span.end + at))
            });
        if let Some((name, at)) = hit {
            let name = &prose[at..at + name.len()];
            if let Some((weekday, vi)) = weekday_of(name) {
                d.weekday = Some((weekday, Span::new(at, at + name.len())));
                d.weekday_vi = vi;
            }
        }
    }

    /// Starting the search at the first match of the pattern without word boundaries, and
    /// ending it after the last match with a year after it, finds what the search of the
    /// whole window finds, with the same groups, for every build.
    #[test]
    fn searches_from_the_relaxed_match_find_every_match() {
        let texts = [
            "**Thời gian:** 08:30 – 17:00, Thứ Tư, ngày 15 tháng 4 năm 2026  \n**Venue:**",
            "**Tho\u{300}i gian:** 08:30 – 17:00, Thu\u{31b}\u{301} Tư, nga\u{300}y 15 tha\u{301}ng 4 năm 2026",
            "Ngày 15 – 16 THÁNG 11, 2025\r\nvà 17 tháng 11 năm 2025; ạ17 tháng 11, 2025 và 18 tháng 11 2025ạ",
            "từ 15/11/2025 đến 17/11/2025, ngày 1-2/3/2026 và 4 – 5.6.2026; ạ12/05/2025",
            "ngày ١٧/11/2025 và 17/11/2025 và ١٧ tháng 11 năm ٢٠٢٥ và 2025-11-17é",
            "ſeptember 5, 2025 và \u{212A}nov 5, 2025; Tháng Ba: Nov. 17th 2025, 4th of July, 2026",
            "ngày 15 và 16 tháng 11, 2025; 15 đến 16 Nov, 2025; November 15 – 16, 2025 ở Huế",
            "Chủ nhật, 2025-11-16 và x2025-11-16 và 2025-11-1699; 12345 tháng 2025",
        ];
        let patterns = DATES;
        let groups = |found: &mut dyn Iterator<Item = Caps<'_>>, len: usize| {
            found
                .map(|c| (0..len).map(|i| c.span(i)).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        };
        let (mut matched, mut skipped) = (0, 0);
        for text in texts {
            for (at, _) in text.char_indices() {
                let text = &text[at..];
                for digits in [
                    Digits::Plain,
                    Digits::Ascii,
                    Digits::Unicode,
                    Digits::of(text),
                ] {
                    for p in patterns {
                        let re = p.get(digits);
                        let len = re.captures_len();
                        let want = groups(
                            &mut patterns::captures_iter(re, text)
                                .map(|g| Caps::new(text, std::array::from_fn(|i| g.span(i)))),
                            len,
                        );
                        let got = groups(&mut p.captures_iter(digits, text), len);
                        assert_eq!(got, want, "{text:?} {digits:?}");
                        matched += want.len();
                        skipped += usize::from(
                            digits != Digits::Plain
                                && p.relaxed(digits).find(text).is_none_or(|m| m.start() > 0),
                        );
                    }
                }
            }
        }
        assert!(matched > 500 && skipped > 500, "{matched} {skipped}");
    }

    /// [`Digits::of`] passing over ASCII bytes finds what decoding every character finds.
    #[test]
    fn digits_of_as_decoding_every_character() {
        let pieces = [
            "a", "1", " ", "–", "é", "ờ", "١", "２", "😀", "\u{a0}", "ſ", "_", "\n",
        ];
        // A small linear congruential generator: the same texts on every run.
        let mut state: u32 = 7;
        let mut next = |n: usize| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize % n
        };
        let mut seen = [0; 3];
        for _ in 0..2_000 {
            let len = next(10);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let want = Digits::of_plain(&text);
            assert_eq!(Digits::of(&text), want, "{text:?}");
            seen[want as usize] += 1;
        }
        assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
    }

    #[test]
    fn other_digits_get_the_unicode_patterns() {
        assert_eq!(Digits::of("ngày 17/11/2025"), Digits::Ascii);
        assert_eq!(Digits::of("١٧/11/2025"), Digits::Unicode);
        assert_eq!(Digits::of("２０２５年"), Digits::Unicode);
        // `\d` matches the Arabic-Indic digits, which then are not read as a number.
        assert!(scan("vào ١٧/11/2025.").is_empty());
        assert_eq!(one("١٧ và 17/11/2025").first, date(2025, 11, 17));
    }

    #[test]
    fn not_dates() {
        for text in [
            "v1.2.2025",
            "release 10.1.2.2025",
            "24/7 support",
            "May 2026",
            "31/02/2026",
            "a/12/05/2025/b",
            "in 2025, 12 teams",
        ] {
            assert!(scan(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    /// Where a text gets the ASCII word boundaries, every pattern finds what the Unicode ones
    /// find, with the same groups; a text with a word character outside ASCII never gets them.
    #[test]
    fn plain_builds_match_as_the_unicode_ones() {
        let texts = [
            "**Time:** 08:30 – 17:00, Saturday, June 20, 2026  ",
            "Saturday – Sunday, November 15–16, 2025 and 15 — 16 Nov, 2025",
            "on 17/11/2025 → 18/11/2025 “quoted” 4th of July, 2026 😀",
            "Monday,\u{a0}November 17, 2025 (Mon.) and 2025-11-17_x",
            "x17/11/2025 and a2025-11-17 and May 5, 2026b",
            "ví17/11/2025 and é2025-11-17 and Ngày 17 tháng 11 năm 2025",
            "Thứ Hai, ngày 17/11/2025 (Chủ nhật)",
            "ſeptember 5, 2025 and \u{212A}nov 5, 2025",
            "in 2025, 12 teams; 12345678; 1.2.2025",
            "the 3rd and 4th to 5th of June, 2026; Nov. 17th 2025",
        ];
        let patterns: Vec<&DatePattern> = DATES
            .into_iter()
            .chain([&WEEKDAY_BEFORE, &WEEKDAY_AFTER, &BETWEEN_RANGE])
            .collect();
        let groups = |re: &Regex, text: &str| -> Vec<Vec<Option<std::ops::Range<usize>>>> {
            patterns::captures_iter(re, text)
                .map(|c| (0..re.captures_len()).map(|i| c.span(i)).collect())
                .collect()
        };
        let word = regex::Regex::new(r"^\w$").unwrap_or_else(|e| panic!("{e}"));
        let mut plain = 0;
        for text in texts {
            // Every suffix too: a window may start anywhere, and the weekday patterns are
            // anchored.
            for (at, _) in text.char_indices() {
                let text = &text[at..];
                let digits = Digits::of(text);
                let words_outside_ascii = text
                    .chars()
                    .any(|c| !c.is_ascii() && word.is_match(c.encode_utf8(&mut [0; 4])));
                assert_eq!(digits == Digits::Plain, !words_outside_ascii, "{text}");
                if digits != Digits::Plain {
                    continue;
                }
                plain += 1;
                for p in &patterns {
                    let want = groups(p.get(Digits::Ascii), text);
                    assert_eq!(groups(p.get(Digits::Plain), text), want, "{text}");
                }
            }
        }
        assert!(plain > 100, "{plain}");
    }

    /// Pieces of text around dates: numbers of every length, month names in every case
    /// (with `ſ` for `s`, and words that only start like one), the range words, ordinals,
    /// `tháng`/`năm`, every kind of space and separator, letters and marks.
    const PIECES: [&str; 75] = [
        "1",
        "7",
        "17",
        "31",
        "05",
        "123",
        "2025",
        "1999",
        "2026",
        "20255",
        "11",
        "12",
        "4",
        "November",
        "nov",
        "NOV.",
        "Sept",
        "sep",
        "ſeptember",
        "ſep",
        "May",
        "mayday",
        "Jan",
        "january",
        "Decembers",
        "oct",
        "Of",
        "of",
        "and",
        "AND",
        "to",
        "To",
        "đến",
        "ĐẾN",
        "tới",
        "Tới",
        "và",
        "VÀ",
        "tháng",
        "THÁNG",
        "Tháng",
        "năm",
        "NĂM",
        "ngày",
        "st",
        "th",
        "nd",
        "rd",
        "ſt",
        "TH",
        " ",
        "  ",
        "\u{a0}",
        "\n",
        "\t",
        "\u{2003}",
        ",",
        ", ",
        "-",
        "–",
        "—",
        "~",
        "&",
        "/",
        ".",
        " / ",
        ":",
        "(",
        "_",
        "a",
        "é",
        "ạ",
        "x9",
        "v",
        "\r\n",
    ];

    /// A generator of texts: date forms of every pattern, each part now and then replaced by
    /// a piece of [`PIECES`] or left out, between pieces. The same texts on every run.
    fn texts(seed: u32, count: usize) -> Vec<String> {
        let mut state = seed;
        let mut next = move |n: usize| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize % n
        };
        let pick =
            |next: &mut dyn FnMut(usize) -> usize, list: &[&'static str]| list[next(list.len())];
        let day = [
            "1", "7", "15", "12", "3", "31", "05", "123", "0", "29", "4", "11", "9",
        ];
        let month = [
            "November",
            "nov",
            "NOV",
            "Sept",
            "ſeptember",
            "May",
            "mayday",
            "Jan",
            "dec",
        ];
        let year = [
            "2025", "1999", "2101", "20255", "2026", "1989", "2100", "2025", "2024",
        ];
        let ordinal = ["", "", "st", "th", "ſt", "TH", "nd"];
        let space = [" ", " ", " ", "  ", "\u{a0}", "\n", "\t", "", " \n "];
        let range = [
            "",
            "",
            "",
            " – 17",
            "-16",
            " to 31",
            "to20",
            " and 18",
            " đến 16",
            "~19",
            "&7",
            " và 30",
            " tới 16",
            "—29",
            " TO 9th",
            "-17ſt",
            " And 1",
        ];
        let year_sep = [", ", " ", ",", " ,  ", "\u{a0}", ""];
        let vn_sep = [", ", " năm ", " NĂM ", "/", " / ", " ", "năm "];
        let num_range = [
            "", "", "", "-16", " - 17", "–18", "&19", "đến20", "to 21", "~22", "TO 3",
        ];
        let num_sep = ["/", ".", "-", ":"];
        (0..count)
            .map(|_| {
                let form: Vec<&[&'static str]> = match next(5) {
                    0 => vec![
                        &month, &space, &day, &ordinal, &range, &ordinal, &year_sep, &year,
                    ],
                    1 => vec![
                        &day,
                        &ordinal,
                        &range,
                        &ordinal,
                        &space,
                        &["of ", ""],
                        &month,
                        &[".", ""],
                        &year_sep,
                        &year,
                    ],
                    2 => vec![
                        &day,
                        &range,
                        &space,
                        &["tháng", "THÁNG"],
                        &space,
                        &day,
                        &vn_sep,
                        &year,
                    ],
                    3 => vec![&day, &num_range, &num_sep, &day, &num_sep, &year],
                    _ => vec![
                        &year,
                        &["-"],
                        &["11", "1", "02"],
                        &["-"],
                        &["17", "7", "30"],
                    ],
                };
                let mut text = String::new();
                for _ in 0..next(3) {
                    text.push_str(PIECES[next(PIECES.len())]);
                }
                if next(4) > 0 {
                    text.push(' ');
                }
                for part in form {
                    match next(24) {
                        0 => text.push_str(PIECES[next(PIECES.len())]),
                        1 => {}
                        _ => text.push_str(pick(&mut next, part)),
                    }
                }
                if next(4) > 0 {
                    text.push(' ');
                }
                for _ in 0..next(3) {
                    text.push_str(PIECES[next(PIECES.len())]);
                }
                text
            })
            .collect()
    }

    /// Every date the window search finds, by `engine`.
    fn found_by(text: &str, engine: Engine) -> Vec<BodyDate> {
        let mut found = Vec::new();
        scan_window_by(text, 0, text.len(), &mut found, engine);
        found
    }

    /// The patterns matched by hand find what their regexes find, with the same groups, on
    /// generated texts (every piece next to every other, with and without spaces) and on
    /// the date lines of real reports.
    #[test]
    fn hand_matchers_find_what_the_regexes_find() {
        let mut dated = 0;
        let mut checked = 0;
        let lines = [
            "**Thời gian:** 08:30 – 17:00, Thứ Tư, ngày 15 tháng 4 năm 2026  \n**Venue:**",
            "**Time:** 08:30 – 17:00, Saturday, June 14, 2025",
            "Ngày 15 – 16 THÁNG 11, 2025\r\nvà 17 tháng 11 năm 2025; ạ17 tháng 11, 2025",
            "từ 15/11/2025 đến 17/11/2025, ngày 1-2/3/2026 và 4 – 5.6.2026; ạ12/05/2025",
            "15-11-2025 15 - 16/11/2025 15to16/11/2025 15 đến 16-11-2025 1.2.2025.3",
            "ſeptember 5, 2025 và \u{212A}nov 5, 2025; Tháng Ba: Nov. 17th 2025, 4th of July, 2026",
            "ngày 15 và 16 tháng 11, 2025; 15 đến 16 Nov, 2025; November 15 – 16, 2025 ở Huế",
            "Chủ nhật, 2025-11-16 và x2025-11-16 và 2025-11-1699; 12345 tháng 2025",
            "15th to 16th of November, 2025 and 16 – 15 November 2025, 31 February 2025",
            "17 tháng 11 / 2025, 17 tháng 11/2025, 17 tháng\n11 năm\u{a0}2025, 3 tháng 4 2025",
        ];
        let mut all: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
        all.extend(texts(11, 60_000));
        let mut matched = [0usize; 5];
        for text in &all {
            let want = found_by(text, Engine::Regex);
            let got = found_by(text, Engine::Hand);
            assert_eq!(got, want, "{text:?}");
            dated += usize::from(!want.is_empty());
            checked += 1;
            // Each pattern's matches and groups, before the dates are read from them.
            let digits = Digits::of(text);
            if digits == Digits::Unicode {
                continue;
            }
            for (n, p) in DATES.iter().enumerate() {
                let spans = |c: Caps<'_>| (0..7).map(|i| c.span(i)).collect::<Vec<_>>();
                let re = p.get(Digits::Ascii);
                let want: Vec<_> = patterns::captures_iter(re, text)
                    .map(|g| spans(Caps::new(text, std::array::from_fn(|i| g.span(i)))))
                    .collect();
                let (matcher, first) = p.hand.unwrap_or_else(|| unreachable!());
                let got: Vec<_> = by_hand::matches(text, matcher, first).map(spans).collect();
                assert_eq!(got, want, "{n} {text:?}");
                matched[n] += want.len();
            }
        }
        assert!(dated > 4_000, "{dated} of {checked}");
        assert!(matched.iter().all(|&m| m > 1_000), "{matched:?}");
    }

    /// The same on every window of the example reports and the real sites beside the
    /// checkout (`../shared`), when they are there.
    #[test]
    fn hand_matchers_find_what_the_regexes_find_in_real_reports() {
        let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
        let mut stack = vec![shared.join("examples"), shared.join("corpus")];
        let (mut searched, mut dates) = (0, 0);
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "md") {
                    continue;
                }
                let Ok(text) = std::fs::read_to_string(&path) else {
                    continue;
                };
                let doc = crate::document::Document::parse(&path, text);
                let prose = crate::checks::prose::prose(&doc);
                for (start, end) in windows(&prose, |_, _| true) {
                    let mut want = Vec::new();
                    let mut got = Vec::new();
                    scan_window_by(&prose, start, end, &mut want, Engine::Regex);
                    scan_window_by(&prose, start, end, &mut got, Engine::Hand);
                    assert_eq!(got, want, "{}: {:?}", path.display(), &prose[start..end]);
                    searched += 1;
                    dates += want.len();
                }
            }
        }
        if shared.join("corpus").is_dir() {
            assert!(searched > 1_000 && dates > 200, "{searched} {dates}");
        }
    }
}
