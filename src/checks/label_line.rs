//! The label a line gives the date on it — `- **Date:** 17/11/2025`, `| Ngày | 17/11/2025 |`,
//! `> **Thời gian:** 08:30, ngày 17/11/2025` — which `date-mismatch` compares with its
//! `labels` to find the line that states the event's date.
//!
//! The label is what `LABEL_LINE`'s group finds in the line's text before the date. Most
//! lines are read by hand, the way the pattern's first match reads them; the pattern itself
//! (a bounded backtracker with groups: a few thousand instructions a line) runs only on
//! the odd lines where that first reading fails and the search would try others.

use std::sync::LazyLock;

use regex_automata::meta::Regex;

use crate::rules::patterns::{self, Build};

/// The start of a line up to its label (`- **Date:**`, `| Ngày |`), capturing the label.
/// It runs on the start of one line: built light (see `rules::patterns`).
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Build::Short.builtin(
        r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+)?(?:&[a-z]+;|\s)*\|?(?:&[a-z]+;|\s)*[*_]*\s*([^:：|\n]+?)\s*[*_]*\s*[:：|]",
    )
});

/// Build the pattern ahead of its first use (see `checks::prepare`).
pub fn prepare() {
    LazyLock::force(&LABEL_LINE);
}

/// The label of `line`, the text of one line before a date: `LABEL_LINE`'s group 1, if
/// it matches.
pub fn label(line: &str) -> Option<&str> {
    match first_reading(line) {
        Reading::Label(label) => Some(label),
        Reading::NoSeparator => None,
        Reading::AskThePattern => by_pattern(line),
    }
}

fn by_pattern(line: &str) -> Option<&str> {
    patterns::captures(&LABEL_LINE, line).and_then(|c| c.get(1))
}

/// What reading a line the pattern's first way gives.
enum Reading<'t> {
    Label(&'t str),
    /// No `:`, `：` or `|`: the pattern cannot match.
    NoSeparator,
    /// The first reading fails (or meets a digit outside ASCII, which `\d` takes): the
    /// pattern's search would go on to other readings.
    AskThePattern,
}

/// Whether `c` ends a label (`[:：|]`; `\n` cannot be in one line).
fn is_separator(c: char) -> bool {
    matches!(c, ':' | '：' | '|')
}

/// The pattern's first reading of `line`: every quantifier before the label as greedy as
/// it goes (`\s` is Unicode's `White_Space`, as `char::is_whitespace`), then the shortest
/// label that leaves `\s*[*_]*\s*` and a separator after it. When that reading has a label,
/// it is the pattern's match: a backtracking search tries it first.
fn first_reading(line: &str) -> Reading<'_> {
    if !line.contains([':', '：', '|']) {
        return Reading::NoSeparator;
    }
    let mut at = Cursor { line, at: 0 };
    // `^\s*(?:>\s*)*`
    at.skip_while(char::is_whitespace);
    while at.eat('>') {
        at.skip_while(char::is_whitespace);
    }
    // `(?:[-*+]\s+|\d+[.)]\s+)?`: a marker is taken only whole.
    let marker = at.at;
    if at.eat_if(|c| matches!(c, '-' | '*' | '+')) {
        if at.skip_while(char::is_whitespace) == 0 {
            at.at = marker;
        }
    } else if at.skip_while(|c| c.is_ascii_digit()) > 0 {
        if at.peek().is_some_and(|c| !c.is_ascii() && c.is_numeric()) {
            return Reading::AskThePattern;
        }
        if !(at.eat_if(|c| matches!(c, '.' | ')')) && at.skip_while(char::is_whitespace) > 0) {
            at.at = marker;
        }
    } else if at.peek().is_some_and(|c| !c.is_ascii() && c.is_numeric()) {
        return Reading::AskThePattern;
    }
    // `(?:&[a-z]+;|\s)*\|?(?:&[a-z]+;|\s)*[*_]*\s*`
    at.skip_spaces_and_entities();
    at.eat('|');
    at.skip_spaces_and_entities();
    at.skip_while(|c| matches!(c, '*' | '_'));
    at.skip_while(char::is_whitespace);
    let start = at.at;
    // `([^:：|\n]+?)\s*[*_]*\s*[:：|]`: the label runs to the first separator, less what
    // `\s*[*_]*\s*` takes off its end, and keeps at least one character.
    let Some(first) = at.peek().filter(|&c| !is_separator(c)) else {
        return Reading::AskThePattern;
    };
    let Some(separator) = line
        .get(start..)
        .and_then(|rest| rest.find(is_separator))
        .map(|i| start + i)
    else {
        return Reading::AskThePattern;
    };
    let end = start + first.len_utf8();
    let mut cut = separator;
    let before = |cut: usize| line.get(..cut).and_then(|s| s.chars().next_back());
    for class in [
        char::is_whitespace as fn(char) -> bool,
        |c| matches!(c, '*' | '_'),
        char::is_whitespace,
    ] {
        while cut > end
            && let Some(c) = before(cut).filter(|&c| class(c))
        {
            cut -= c.len_utf8();
        }
    }
    match line.get(start..cut) {
        Some(label) => Reading::Label(label),
        None => Reading::AskThePattern,
    }
}

/// A place in a line, moved forward by what it eats.
struct Cursor<'t> {
    line: &'t str,
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<char> {
        self.line.get(self.at..)?.chars().next()
    }

    fn eat_if(&mut self, take: impl Fn(char) -> bool) -> bool {
        match self.peek().filter(|&c| take(c)) {
            Some(c) => {
                self.at += c.len_utf8();
                true
            }
            None => false,
        }
    }

    fn eat(&mut self, wanted: char) -> bool {
        self.eat_if(|c| c == wanted)
    }

    /// Eats characters while `take` holds; how many.
    fn skip_while(&mut self, take: impl Fn(char) -> bool) -> usize {
        let mut n = 0;
        while self.eat_if(&take) {
            n += 1;
        }
        n
    }

    /// `(?:&[a-z]+;|\s)*`
    fn skip_spaces_and_entities(&mut self) {
        loop {
            if self.eat_if(char::is_whitespace) {
                continue;
            }
            let rest = self.line.as_bytes().get(self.at..).unwrap_or_default();
            let letters = rest
                .iter()
                .skip(1)
                .take_while(|b| b.is_ascii_lowercase())
                .count();
            if rest.first() == Some(&b'&') && letters > 0 && rest.get(1 + letters) == Some(&b';') {
                self.at += letters + 2;
                continue;
            }
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line made of up to four of these pieces, and random longer ones: the reading
    /// by hand gives the pattern's label, or asks the pattern.
    const PIECES: [&str; 26] = [
        " ",
        "\t",
        "\u{a0}",
        "\u{3000}",
        ">",
        "-",
        "*",
        "+",
        "_",
        "1",
        "12",
        "\u{661}",
        ".",
        ")",
        "&amp;",
        "&x",
        ";",
        "|",
        ":",
        "：",
        "Date",
        "Ngày",
        "a b",
        "Thời gian",
        "&",
        "(",
    ];

    fn agrees(line: &str) {
        assert_eq!(label(line), by_pattern(line), "{line:?}");
    }

    #[test]
    fn reads_lines_as_the_pattern_does() {
        let n = PIECES.len();
        for len in 0..=4u32 {
            for code in 0..n.pow(len) {
                let mut line = String::new();
                let mut c = code;
                for _ in 0..len {
                    line.push_str(PIECES[c % n]);
                    c /= n;
                }
                agrees(&line);
            }
        }
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..200_000 {
            let mut line = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = 5 + (state % 8) as usize;
            for k in 0..len {
                line.push_str(PIECES[((state >> (5 * k)) % n as u64) as usize]);
            }
            agrees(&line);
        }
    }

    #[test]
    fn reads_the_usual_lines_by_hand() {
        for (line, want) in [
            ("- **Date:** ", "Date"),
            ("**Thời gian:** 08:30 – 17:00, Thứ Tư, ", "Thời gian"),
            ("| Ngày | ", "Ngày"),
            ("> 1. __When__ : ", "When"),
            ("&nbsp; **Event date**：", "Event date"),
        ] {
            assert!(
                matches!(first_reading(line), Reading::Label(l) if l == want),
                "{line:?}"
            );
        }
        assert!(matches!(first_reading("On 17 "), Reading::NoSeparator));
    }
}
