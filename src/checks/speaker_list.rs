//! The speaker list of a report's speakers section, parsed once into entries of name,
//! separator and role, each with its span. Not a check kind: the `speakers` kind
//! (`speakers.rs`) and its rules read from it.
//!
//! Real lists come as `- **Name** – Role` (most common), `- **Name**: Role`,
//! `- **Name:** Role`, `- Name - Role`, `- Name, Role`, `- **Name** (Role)`, a bold label with
//! a nested list (`- **Speakers:**` then `  - **Mr. X:** …`), a table
//! (`| Speaker | Title | Organization |`), or whole-bold paragraphs each followed by details
//! (`**1. Mr. X - Data Engineer**` then `* **Topic:** …`).
//!
//! Which entries a section has:
//! - whole-bold paragraphs with a separator inside (`**1. Mr. X - Role**`), when there are
//!   any: then the lists after them are details of each speaker, not speakers;
//! - otherwise the outermost list items of the section, where an item that is only a bold
//!   label (`- **Speakers:**`) with a nested list stands for its nested items; nested items
//!   under a speaker (`- **Topic:** …`) are details and not entries;
//! - and the rows of its tables, the name in the column headed `Speaker`/`Name`/`Diễn giả`
//!   (else the first), the role from the other cells; a row with no name (`| 12:00 | Lunch |
//!   - |` in an agenda) is not an entry.
//!
//! A section opened by a bold label (`**Speakers:**`) holds the list right after the label,
//! or the nested items of a label list item; text on the label's own line
//! (`**Speakers:** A, B`) is prose. Anything else in the section with words in it (a
//! paragraph saying who spoke) is prose too: [`SpeakerList::has_prose`].

use std::borrow::Cow;

use crate::document::Document;
use crate::document::body::{ListItem, Table, TableCell};
use crate::sections::Section;
use crate::span::Span;

/// What stands between a speaker's name and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Separator {
    /// `–` (en dash)
    EnDash,
    /// `—` (em dash)
    EmDash,
    /// `-` (hyphen-minus)
    Hyphen,
    /// `:`
    Colon,
    /// `,`
    Comma,
    /// `|`
    Pipe,
    /// `(`: the role in parentheses after the name.
    Paren,
}

impl Separator {
    /// The separator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Separator::EnDash => "–",
            Separator::EmDash => "—",
            Separator::Hyphen => "-",
            Separator::Colon => ":",
            Separator::Comma => ",",
            Separator::Pipe => "|",
            Separator::Paren => "(",
        }
    }

    /// The separator written as `s` (`"–"`, `":"`, …).
    pub fn parse(s: &str) -> Option<Separator> {
        [
            Separator::EnDash,
            Separator::EmDash,
            Separator::Hyphen,
            Separator::Colon,
            Separator::Comma,
            Separator::Pipe,
            Separator::Paren,
        ]
        .into_iter()
        .find(|sep| sep.as_str() == s)
    }

    fn of_char(c: char) -> Option<Separator> {
        Some(match c {
            '–' => Separator::EnDash,
            '—' => Separator::EmDash,
            '-' => Separator::Hyphen,
            ':' => Separator::Colon,
            ',' => Separator::Comma,
            '|' => Separator::Pipe,
            '(' => Separator::Paren,
            _ => return None,
        })
    }
}

/// How an entry is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A list item whose name is bold (`- **Name** – Role`, `- **Name:** Role`).
    BoldItem,
    /// A list item in plain text (`- Name - Role`).
    PlainItem,
    /// A whole-bold paragraph (`**1. Mr. X - Data Engineer**`).
    BoldParagraph,
    /// A table row.
    TableRow,
}

/// A piece of an entry: its text (markup removed, whitespace collapsed) and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    text: PartText,
    pub span: Span,
}

/// Where a part's text is: most are a slice of the page as written (no markup, no run of
/// spaces), and are not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PartText {
    /// The page's text at these bytes.
    Page(Span),
    Owned(String),
}

impl Part {
    /// The part's text; `page` is the text of the page it was parsed from.
    pub fn text<'a>(&'a self, page: &'a str) -> &'a str {
        match &self.text {
            PartText::Page(at) => page.get(at.start..at.end).unwrap_or_default(),
            PartText::Owned(text) => text,
        }
    }
}

/// One speaker entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The entry's own text: a list item without its marker and nested lists, a paragraph,
    /// a table row.
    pub span: Span,
    pub form: Form,
    /// `None` when the entry has no text before its separator.
    pub name: Option<Part>,
    pub separator: Option<(Separator, Span)>,
    pub role: Option<Part>,
    /// Entries of the same list (or table, or run of bold paragraphs) share a group.
    pub group: usize,
}

impl Entry {
    /// Whether the name reads as a name: bold names are the author's word; a plain one must
    /// be short and capitalised (`Cloud Club Captains from HCMUTE` is a description).
    /// `page` is the text of the page the entry was parsed from.
    pub fn name_is_recognisable(&self, page: &str) -> bool {
        let Some(name) = &self.name else { return false };
        let name = name.text(page);
        if !name.chars().any(char::is_alphabetic) {
            return false;
        }
        match self.form {
            Form::BoldItem | Form::BoldParagraph | Form::TableRow => true,
            Form::PlainItem => looks_like_name(name),
        }
    }
}

/// The parsed speakers section.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SpeakerList {
    pub entries: Vec<Entry>,
    /// The section has words that are not entries (a paragraph saying who spoke).
    pub has_prose: bool,
}

/// Parse the entries of a speakers section of `doc`.
pub fn parse(doc: &Document, section: &Section) -> SpeakerList {
    let text = doc.text.as_str();
    let items = &doc.body.list_items;
    if section.level == 0 {
        return parse_label(text, items, section);
    }
    // The items of the section: list items are in document order.
    let body = section.body;
    let first = items.partition_point(|it| it.span.start < body.start);
    let last = items.partition_point(|it| it.span.start < body.end);
    let in_section = first..last.max(first);

    let mut list = SpeakerList::default();
    // Sized for the section's items (and a table or two): no growing one push at a time.
    let mut covered: Vec<Span> = Vec::with_capacity(in_section.len() + 2);
    bold_paragraph_entries(doc, section, &mut list.entries);
    if list.entries.is_empty() {
        // The outermost items, a label item replaced by its nested items.
        let mut chosen = Vec::with_capacity(in_section.len());
        for index in in_section.clone() {
            let item = &items[index];
            if item.parent.is_some_and(|p| p >= first) {
                continue;
            }
            covered.push(item.span);
            // The item's own text, found once: the label test and the entry both read it.
            let own = own_content(text, items, index);
            if is_label_item(text, item, own) {
                let before = chosen.len();
                chosen.extend(children(items, index).map(|c| (c, own_content(text, items, c))));
                if chosen.len() > before {
                    continue;
                }
            }
            chosen.push((index, own));
        }
        push_items(text, items, &chosen, &mut list.entries);
    } else {
        // The lists are the details of each speaker.
        covered.extend(list.entries.iter().map(|e| e.span));
        covered.extend(items[in_section].iter().map(|it| it.span));
    }
    for table in doc.body.tables.iter().filter(|t| contains(body, t.span)) {
        covered.push(table.span);
        let group = list.entries.iter().map(|e| e.group + 1).max().unwrap_or(0);
        table_entries(text, table, group, &mut list.entries);
    }
    list.has_prose = has_prose_outside(text, body, covered);
    list
}

/// A section opened by a bold label: the nested items of a label item (`- **Speakers:**`),
/// or the list right after a label paragraph (`**Speakers:**`).
fn parse_label(text: &str, items: &[ListItem], section: &Section) -> SpeakerList {
    let label = section.heading;
    let owner = items
        .iter()
        .enumerate()
        .filter(|(_, it)| contains(it.span, label))
        .max_by_key(|(_, it)| it.depth);
    let chosen: Vec<(usize, Span)> = match owner {
        Some((index, _)) => children(items, index).collect(),
        None => next_list(text, items, label.end, section.body.end),
    }
    .into_iter()
    .map(|i| (i, own_content(text, items, i)))
    .collect();
    let has_prose = if chosen.is_empty() {
        // Whatever follows the label up to the next heading says who spoke, if anything.
        has_words(text.get(label.end..section.body.end).unwrap_or(""))
    } else {
        has_words(rest_of_line(text, label.end))
    };
    let mut entries = Vec::new();
    push_items(text, items, &chosen, &mut entries);
    SpeakerList { entries, has_prose }
}

/// Whole-bold paragraphs with a separator inside (`**1. Mr. X - Data Engineer**`).
fn bold_paragraph_entries(doc: &Document, section: &Section, out: &mut Vec<Entry>) {
    let text = doc.text.as_str();
    let items = &doc.body.list_items;
    let in_item = |span: Span| in_list_item(items, span);
    for lead in &doc.body.bold_leads {
        if !contains(section.body, lead.span)
            || in_item(lead.span)
            || !at_line_start(text, lead.span.start)
            || has_words(rest_of_line(text, lead.span.end))
        {
            continue;
        }
        let entry = parse_entry(text, trim_span(text, lead.span), Form::BoldParagraph, 0);
        // Without a separator it is a label (`**Keynote speakers**`), not a speaker.
        if entry.separator.is_some() && entry.role.is_some() {
            out.push(entry);
        }
    }
}

/// The rows of a table: the name from the `Speaker`/`Name`/`Diễn giả` column (else the
/// first), the role from the other cells. A row without a name (a break in an agenda) is
/// not an entry.
fn table_entries(text: &str, table: &Table, group: usize, out: &mut Vec<Entry>) {
    let name_col = table
        .header
        .iter()
        .position(|c| is_name_header(&c.text))
        .unwrap_or(0);
    for row in &table.rows {
        let Some(cell) = row.get(name_col) else {
            continue;
        };
        if !has_words(&cell.text) {
            continue;
        }
        let role_cells: Vec<&TableCell> = row
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != name_col && has_words(&c.text))
            .map(|(_, c)| c)
            .collect();
        let role = match (role_cells.first(), role_cells.last()) {
            (Some(first), Some(last)) => Some(Part {
                text: PartText::Owned(
                    role_cells
                        .iter()
                        .map(|c| clean(&c.text))
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                span: Span::new(first.span.start, last.span.end),
            }),
            _ => None,
        };
        let span = match (row.first(), row.last()) {
            (Some(first), Some(last)) => line_of(text, Span::new(first.span.start, last.span.end)),
            _ => cell.span,
        };
        out.push(Entry {
            span,
            form: Form::TableRow,
            name: Some(Part {
                text: PartText::Owned(clean(&cell.text)),
                span: trim_span(text, cell.span),
            }),
            separator: None,
            role,
            group,
        });
    }
}

/// Parse one entry whose own text (no list marker) is `own`.
pub fn parse_entry(text: &str, own: Span, form: Form, group: usize) -> Entry {
    let src = text.get(own.start..own.end).unwrap_or("");
    let Some((inner_start, inner_end, after)) = leading_bold(src) else {
        return parse_plain(text, own, form, Splits::All, group);
    };
    let form = if form == Form::PlainItem {
        Form::BoldItem
    } else {
        form
    };
    let entry = |name: Span, separator: Option<(Separator, Span)>, role: Span| Entry {
        span: own,
        form,
        name: part(text, name),
        separator,
        role: part(text, role),
        group,
    };
    let inner = Span::new(own.start + inner_start, own.start + inner_end);
    let inner_text = src[inner_start..inner_end].trim_end();
    // `**Name:** Role`
    if let Some(name) = inner_text
        .strip_suffix(':')
        .or_else(|| inner_text.strip_suffix('：'))
    {
        let colon = Span::new(inner.start + name.len(), inner.start + inner_text.len());
        let role = Span::new(own.start + after, own.end);
        return entry(
            Span::new(inner.start, colon.start),
            Some((Separator::Colon, colon)),
            role,
        );
    }
    let rest = src[after..].trim_start();
    let rest_start = own.start + src.len() - rest.len();
    if rest.is_empty() {
        // The bold is the whole entry: `**1. Mr. X - Data Engineer**`, or a name alone
        // (where `,` and `(` belong to the name: `**Phuc (Jason) Dang**`, `**A, B**`).
        let mut e = parse_plain(text, inner, form, Splits::Dashes, group);
        e.span = own;
        return e;
    }
    let Some(sep) = rest.chars().next().and_then(Separator::of_char) else {
        // Bold then words (`**Mr.** Dat Pham – Role`): read it as plain text.
        return parse_plain(text, own, form, Splits::All, group);
    };
    let sep_span =
        |at: usize, c: &str| Span::new(at, at + c.chars().next().map_or(1, char::len_utf8));
    if sep == Separator::Paren
        && let Some(close) = matching_paren(rest)
    {
        // `**Group** (A, B) - Role`: the parentheses belong to the name.
        let after_paren = rest[close + 1..].trim_start();
        let next = after_paren
            .chars()
            .next()
            .and_then(Separator::of_char)
            .filter(|s| !matches!(s, Separator::Paren | Separator::Comma));
        if let Some(next) = next {
            let span = sep_span(rest_start + rest.len() - after_paren.len(), after_paren);
            return entry(inner, Some((next, span)), Span::new(span.end, own.end));
        }
        // `**Name** (Role)`
        let open = sep_span(rest_start, rest);
        let role = Span::new(open.end, rest_start + close);
        return entry(inner, Some((sep, open)), role);
    }
    let span = sep_span(rest_start, rest);
    entry(inner, Some((sep, span)), Span::new(span.end, own.end))
}

/// Where plain text may be split into name and role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Splits {
    /// At a dash, colon or pipe, else a comma, else parentheses.
    All,
    /// At a dash, colon or pipe only.
    Dashes,
}

/// Split plain text at its first separator: a dash, colon or pipe (`Name - Role`), else a
/// comma (`Name, Role`), else parentheses (`Name (Role)`).
fn parse_plain(text: &str, own: Span, form: Form, splits: Splits, group: usize) -> Entry {
    let src = text.get(own.start..own.end).unwrap_or("");
    let found = find_separator(src).filter(|(sep, _, _)| {
        splits == Splits::All || !matches!(sep, Separator::Comma | Separator::Paren)
    });
    let (name, separator, role) = match found {
        Some((sep, at, len)) => {
            let role_end = if sep == Separator::Paren {
                matching_paren(&src[at..]).map_or(src.len(), |c| at + c)
            } else {
                src.len()
            };
            (
                part(text, Span::new(own.start, own.start + at)),
                Some((sep, Span::new(own.start + at, own.start + at + len))),
                part(text, Span::new(own.start + at + len, own.start + role_end)),
            )
        }
        None => (part(text, own), None, None),
    };
    Entry {
        span: own,
        form,
        name,
        separator,
        role,
        group,
    }
}

/// The first separator of plain text: (separator, byte offset, byte length).
fn find_separator(src: &str) -> Option<(Separator, usize, usize)> {
    let mut depth = 0usize;
    let mut in_bold = false;
    let mut comma = None;
    let mut paren = None;
    let mut prev: Option<char> = None;
    let mut iter = src.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        match c {
            '*' | '_' if next == Some(c) => {
                in_bold = !in_bold;
                iter.next();
                prev = Some(c);
                continue;
            }
            '(' => {
                if depth == 0 && paren.is_none() && i > 0 {
                    paren = Some((Separator::Paren, i, 1));
                }
                depth += 1;
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth == 0 {
            // The start counts as a space: `– CTO` is a role with no name.
            let spaced_before = prev.is_none_or(|p| p.is_whitespace() || p == '*');
            let spaced_after = next.is_none_or(char::is_whitespace);
            match c {
                '–' | '—' => return Some((Separator::of_char(c)?, i, c.len_utf8())),
                // A hyphen separates with a space on either side (`Name - Role`, `Name -Role`),
                // not inside a word (`Co-Founder`, `AI-Ready`).
                '-' if spaced_before || spaced_after => return Some((Separator::Hyphen, i, 1)),
                // `Mr.Toan` or `08:30` do not separate; `Name: Role` does.
                ':' | '：' if spaced_after && !in_bold => {
                    return Some((Separator::Colon, i, c.len_utf8()));
                }
                '|' if spaced_before => return Some((Separator::Pipe, i, 1)),
                ',' if comma.is_none() && spaced_after && !in_bold => {
                    comma = Some((Separator::Comma, i, 1));
                }
                _ => {}
            }
        }
        prev = Some(c);
    }
    comma.or(paren)
}

/// `**…**` or `__…__` at the start of `src`: (inner start, inner end, end of the closer).
fn leading_bold(src: &str) -> Option<(usize, usize, usize)> {
    let delim = bold_opener(src)?;
    // The first doubled delimiter byte after the opener (what `find(delim)` gives, without
    // building a substring searcher for two bytes on every entry).
    let d = delim.as_bytes()[0];
    let bytes = src.as_bytes();
    let close = memchr::memchr_iter(d, bytes.get(2..)?)
        .map(|i| i + 2)
        .find(|&i| bytes.get(i + 1) == Some(&d))?;
    if close == 2 {
        return None;
    }
    Some((2, close, close + 2))
}

/// The bold delimiter `src` starts with: `**` or `__`.
fn bold_opener(src: &str) -> Option<&'static str> {
    ["**", "__"].into_iter().find(|d| src.starts_with(d))
}

/// Offset (in `s`, which starts with `(`) of the matching `)`.
fn matching_paren(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A part of an entry, trimmed; `None` when nothing is left once markup is removed.
fn part(text: &str, span: Span) -> Option<Part> {
    let span = trim_span(text, span);
    let text = match cleaned(text.get(span.start..span.end)?) {
        Cleaned::Slice(start, end) if start < end => {
            PartText::Page(Span::new(span.start + start, span.start + end))
        }
        Cleaned::Owned(owned) if !owned.is_empty() => PartText::Owned(owned),
        _ => return None,
    };
    Some(Part { text, span })
}

/// What [`cleaned`] gives: the bytes of the raw text that are its cleaned form, or a new
/// text when markup or white space had to go from inside it.
#[derive(Debug, PartialEq, Eq)]
enum Cleaned {
    Slice(usize, usize),
    Owned(String),
}

/// Markup removed (emphasis, link destinations, trailing `<br>`), whitespace collapsed,
/// leading numbering (`1.`) and trailing punctuation dropped.
pub fn clean(raw: &str) -> String {
    match cleaned(raw) {
        Cleaned::Slice(start, end) => raw.get(start..end).unwrap_or_default().to_string(),
        Cleaned::Owned(text) => text,
    }
}

/// [`clean`], without a copy when the result is a slice of `raw` (most names and roles).
fn cleaned(raw: &str) -> Cleaned {
    // Bytes, not characters: the markers are ASCII, which is never part of another character.
    let has_markup = raw.bytes().any(|b| MARKUP[usize::from(b)]);
    let stripped = if has_markup {
        strip_markup(raw)
    } else {
        String::new()
    };
    let words = if has_markup { stripped.as_str() } else { raw };
    // Borrowed when already collapsed (most names): the one copy is the result below.
    let joined = crate::document::body::collapse_whitespace(words);
    let mut kept: &str = &joined;
    // `1. Mr. X` → `Mr. X` (numbering starts with a digit: no search for the space
    // otherwise)
    if kept.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && let Some((number, rest)) = kept.split_once(' ')
    {
        let digits = number.trim_end_matches(['.', ')']);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && number != digits {
            kept = rest;
        }
    }
    // Where `kept` starts in `joined`: it is `joined` or the part after its numbering.
    let start = joined.len() - kept.len();
    let kept = kept.trim_end_matches(['.', ',', ';', '\\', ':']).trim_end();
    match joined {
        // `joined` is `raw` itself: nothing was removed but at the ends.
        Cow::Borrowed(_) if !has_markup => Cleaned::Slice(start, start + kept.len()),
        _ => Cleaned::Owned(kept.to_string()),
    }
}

/// The bytes that start markup [`cleaned`] removes: one look-up a byte where six
/// comparisons cost the speaker-list parse twice as much on every part.
static MARKUP: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 256 {
        table[i] = matches!(i as u8, b'*' | b'`' | b'_' | b'[' | b']' | b'<');
        i += 1;
    }
    table
};

/// Emphasis markers, link destinations and `<br>` removed.
fn strip_markup(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '*' | '`' => {}
            '_' if chars.peek() == Some(&'_') => {
                chars.next();
            }
            '[' => {}
            ']' if chars.peek() == Some(&'(') => {
                // Skip a link destination.
                let mut depth = 0;
                for d in chars.by_ref() {
                    match d {
                        '(' => depth += 1,
                        ')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            ']' => {}
            _ => out.push(c),
        }
    }
    if out.contains('<') {
        for br in ["<br>", "<br/>", "<br />"] {
            out = out.replace(br, " ");
        }
    }
    out
}

/// Does plain text read as a person's (or a team's) name?
fn looks_like_name(name: &str) -> bool {
    const CONNECTORS: &[&str] = &["and", "&", "và", "van", "de", "da", "von", "der", "le"];
    let without_parens = strip_parens(name);
    let words: Vec<&str> = without_parens.split_whitespace().collect();
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    words.iter().all(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        match w.chars().next() {
            None => true,
            Some(c) => !c.is_lowercase() || CONNECTORS.contains(&w.to_lowercase().as_str()),
        }
    })
}

/// Text without parenthesised parts (and stray `)`). Borrowed when there is no parenthesis
/// at all, as in most names: no copy per entry.
pub fn strip_parens(s: &str) -> Cow<'_, str> {
    if !s.bytes().any(|b| b == b'(' || b == b')') {
        return Cow::Borrowed(s);
    }
    Cow::Owned(strip_parens_copy(s))
}

/// [`strip_parens`] by copying every character outside parentheses.
fn strip_parens_copy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The entries of the `chosen` items, each given with its own text ([`own_content`]).
fn push_items(text: &str, items: &[ListItem], chosen: &[(usize, Span)], out: &mut Vec<Entry>) {
    let mut groups: Vec<usize> = Vec::new();
    let base = out.iter().map(|e| e.group + 1).max().unwrap_or(0);
    out.reserve(chosen.len());
    for &(index, own) in chosen {
        let Some(item) = items.get(index) else {
            continue;
        };
        let group = match groups.iter().position(|&l| l == item.list) {
            Some(g) => g,
            None => {
                groups.push(item.list);
                groups.len() - 1
            }
        };
        if text
            .get(own.start..own.end)
            .is_none_or(|s| trim_ws(s).is_empty())
        {
            out.push(Entry {
                span: line_of(text, item.span),
                form: Form::PlainItem,
                name: None,
                separator: None,
                role: None,
                group: base + group,
            });
            continue;
        }
        out.push(parse_entry(text, own, Form::PlainItem, base + group));
    }
}

/// An item's own text: after its marker, up to its first nested item or blank line.
fn own_content(text: &str, items: &[ListItem], index: usize) -> Span {
    let Some(item) = items.get(index) else {
        return Span::default();
    };
    let mut end = children(items, index)
        .next()
        .and_then(|c| items.get(c))
        .map_or(item.span.end, |c| line_start(text, c.span.start));
    let slice = text.get(item.span.start..end).unwrap_or("");
    // Skip the marker: `-`, `*`, `+`, `1.`, `1)`, then a task box.
    let mut start = item.span.start;
    let marker_len = {
        let t = slice.trim_start();
        let lead = slice.len() - t.len();
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        let m = if digits > 0 {
            let after = &t[digits..];
            if after.starts_with('.') || after.starts_with(')') {
                digits + 1
            } else {
                0
            }
        } else if t.starts_with(['-', '*', '+']) {
            1
        } else {
            0
        };
        lead + m
    };
    start += marker_len;
    let rest = text.get(start..end).unwrap_or("");
    let trimmed = rest.trim_start();
    start += rest.len() - trimmed.len();
    for task in ["[ ] ", "[x] ", "[X] "] {
        if trimmed.starts_with(task) {
            start += task.len();
        }
    }
    // Up to the first blank line: later paragraphs of the item are details.
    let rest = text.get(start..end).unwrap_or("");
    if let Some(blank) = find_blank_line(rest) {
        end = start + blank;
    }
    trim_span(text, Span::new(start, end.max(start)))
}

/// Where the first blank line after the first line of `s` starts. Line ends found by
/// `memchr`: most items are one line, and `split_inclusive` costs more than that line.
fn find_blank_line(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    for newline in memchr::memchr_iter(b'\n', bytes) {
        let start = newline + 1;
        if start == bytes.len() {
            break;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n + 1);
        // Both ends are at `\n` or the text's ends: character boundaries.
        if s.get(start..end).is_some_and(|line| line.trim().is_empty()) {
            return Some(start);
        }
    }
    None
}

fn children(items: &[ListItem], index: usize) -> impl Iterator<Item = usize> + '_ {
    items
        .iter()
        .enumerate()
        .skip(index + 1)
        .take_while(move |(_, it)| {
            items
                .get(index)
                .is_some_and(|parent| it.span.start < parent.span.end)
        })
        .filter(move |(_, it)| it.parent == Some(index))
        .map(|(i, _)| i)
}

/// An item that is only a bold label (`- **Speakers:**`, `- **Keynote**`); `own` is its
/// own text ([`own_content`]).
fn is_label_item(text: &str, item: &ListItem, own: Span) -> bool {
    let src = text.get(own.start..own.end).unwrap_or("").trim();
    match leading_bold(src) {
        Some((_, _, after)) => !has_words(src.get(after..).unwrap_or("")),
        None => item.lead_strong.is_none() && src.ends_with(':'),
    }
}

/// The items of the first list that starts after `from` (and before `end`), when only blank
/// lines stand between.
fn next_list(text: &str, items: &[ListItem], from: usize, end: usize) -> Vec<usize> {
    let Some((first, item)) = items
        .iter()
        .enumerate()
        .find(|(_, it)| it.span.start >= from && it.span.start < end)
    else {
        return Vec::new();
    };
    let between = text.get(from..item.span.start).unwrap_or("");
    if has_words(between) {
        return Vec::new();
    }
    let list = item.list;
    items
        .iter()
        .enumerate()
        .skip(first)
        .filter(|(_, it)| it.list == list)
        .map(|(i, _)| i)
        .collect()
}

fn is_name_header(text: &str) -> bool {
    let n = crate::sections::matcher::normalize(text);
    [
        "speaker",
        "speakers",
        "name",
        "presenter",
        "presenters",
        "dien gia",
        "ten",
        "ho ten",
        "ho va ten",
        "nguoi trinh bay",
    ]
    .iter()
    .any(|w| n == *w || n.starts_with(&format!("{w} ")) || n.ends_with(&format!(" {w}")))
}

/// Does the body have words outside the `covered` spans (and outside headings, images,
/// comments and rules)?
fn has_prose_outside(text: &str, body: Span, mut covered: Vec<Span>) -> bool {
    covered.sort_unstable();
    let mut next = 0;
    let slice = text.get(body.start..body.end).unwrap_or("");
    let mut offset = body.start;
    let mut in_comment = false;
    for line in lines_inclusive(slice) {
        let span = Span::new(offset, offset + line.len());
        offset += line.len();
        while covered.get(next).is_some_and(|c| c.end <= span.start) {
            next += 1;
        }
        if covered[next..]
            .iter()
            .take_while(|c| c.start < span.end)
            .any(|c| c.end > span.start)
        {
            continue;
        }
        let mut l = line.trim();
        if in_comment {
            match find_marker(l, "-->") {
                Some(i) => {
                    in_comment = false;
                    l = l[i + 3..].trim();
                }
                None => continue,
            }
        }
        if let Some(i) = find_marker(l, "<!--") {
            if find_marker(&l[i..], "-->").is_none() {
                in_comment = true;
            }
            l = l[..i].trim();
        }
        let skipped = ["#", "![", "<img", "{{"];
        if skipped.iter().any(|p| l.starts_with(p)) {
            continue;
        }
        if has_words(l) {
            return true;
        }
    }
    false
}

/// `s.split_inclusive('\n')`, the line ends found by `memchr` directly (the `char`
/// searcher costs about twice as much per line).
fn lines_inclusive(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let len = memchr::memchr(b'\n', rest.as_bytes()).map_or(rest.len(), |i| i + 1);
        // After a `\n` or at the end: a character boundary.
        let (line, after) = rest.split_at_checked(len)?;
        rest = after;
        Some(line)
    })
}

/// `l.find(marker)`, where most lines do not have the marker's first byte: `memchr` rules
/// them out before `str::find` builds its searcher.
fn find_marker(l: &str, marker: &str) -> Option<usize> {
    let at = memchr::memchr(*marker.as_bytes().first()?, l.as_bytes())?;
    l.get(at..)?.find(marker).map(|i| at + i)
}

/// Does `s` have a letter or digit? ASCII ones first, by bytes: most texts have one within a
/// few bytes, and a dash or quote before it then costs no Unicode table lookup. Only a text
/// without one and not all ASCII is looked at character by character.
pub(super) fn has_words(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_alphanumeric())
        || (!s.is_ascii() && s.chars().any(char::is_alphanumeric))
}

/// Is `span` inside a list item? Items are in document order and an outermost item holds
/// every item that starts inside it: so the item around `span`, if any, is the last one
/// starting at or before it, or one of that item's ancestors (binary search, then the
/// parent chain; no list of the outermost items to build per page).
fn in_list_item(items: &[ListItem], span: Span) -> bool {
    let at = items.partition_point(|it| it.span.start <= span.start);
    let mut next = at.checked_sub(1);
    while let Some(item) = next.and_then(|i| items.get(i)) {
        if contains(item.span, span) {
            return true;
        }
        next = item.parent;
    }
    false
}

fn contains(outer: Span, inner: Span) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

fn at_line_start(text: &str, at: usize) -> bool {
    text.get(line_start(text, at)..at)
        .is_some_and(|s| s.trim().is_empty())
}

fn line_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|s| s.rfind('\n'))
        .map_or(0, |i| i + 1)
}

fn rest_of_line(text: &str, at: usize) -> &str {
    let rest = text.get(at..).unwrap_or("");
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

/// From the start of the line of `span.start` to the end of the line of `span.end`, trimmed.
fn line_of(text: &str, span: Span) -> Span {
    let start = line_start(text, span.start);
    let end = text
        .get(span.end..)
        .and_then(|s| s.find('\n'))
        .map_or(text.len(), |i| span.end + i);
    trim_span(text, Span::new(start, end))
}

/// `span` without surrounding whitespace (and a trailing `\` hard break or `<br>`).
fn trim_span(text: &str, span: Span) -> Span {
    let s = text.get(span.start..span.end).unwrap_or("");
    let t = trim_ws(s);
    // Nothing trimmed (most spans): nothing at the start either.
    let lead = if t.len() == s.len() {
        0
    } else {
        s.len() - s.trim_start().len()
    };
    let start = span.start + lead;
    let t = trim_end_breaks(t);
    Span::new(start, start + t.len())
}

/// `s.trim()`, answered from its end bytes when neither can be (part of) white space:
/// printable ASCII at both ends, as most names, roles and items have. `str::trim`'s
/// searcher costs about a hundred instructions a call even with nothing to trim, and
/// `trim_span` runs for every entry and part. Any other end (a space, a control byte, a
/// byte of a character past ASCII, which may be Unicode white space) takes `str::trim`.
fn trim_ws(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|&b| b > b' ' && b.is_ascii());
    let bytes = s.as_bytes();
    if plain(bytes.first()) && plain(bytes.last()) {
        return s;
    }
    s.trim()
}

/// `t` (trimmed) without trailing `\` hard breaks and `<br>`s, and the white space between
/// them. At most one of them can end the text at a time (they end in different
/// characters), so looking at the last byte picks the one to strip, and a text ending in
/// neither (most) is returned at once.
fn trim_end_breaks(mut t: &str) -> &str {
    loop {
        match t.as_bytes().last() {
            Some(b'\\') => t = t.trim_end_matches('\\').trim_end(),
            Some(b'>') => match ["<br>", "<br/>", "<br />"]
                .into_iter()
                .find_map(|br| t.strip_suffix(br))
            {
                Some(rest) => t = rest.trim_end(),
                None => return t,
            },
            _ => return t,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;
    use std::path::Path;

    /// The end-byte answer of `trim_ws` against `str::trim` over every text of up to four
    /// pieces: ASCII and Unicode white space (NBSP, U+2028, ideographic space), control and
    /// separator bytes that are not white space, Vietnamese letters and punctuation.
    #[test]
    fn markup_table_holds_the_six_markers_only() {
        let marked: Vec<u8> = (0..=255u8).filter(|&b| MARKUP[usize::from(b)]).collect();
        assert_eq!(marked, b"*<[]_`".to_vec());
    }

    #[test]
    fn trim_ws_is_str_trim() {
        const PIECES: [&str; 12] = [
            " ", "\t", "\u{b}", "\u{1c}", "\u{a0}", "\u{2028}", "\u{3000}", "a", "Đ", "ễ", "–", "~",
        ];
        let texts = crate::test_inputs::every_text(&PIECES, 4);
        for text in &texts {
            assert_eq!(trim_ws(text), text.trim(), "{text:?}");
            let span = Span::new(0, text.len());
            let t = text.trim();
            let start = text.len() - text.trim_start().len();
            let t = trim_end_breaks(t);
            assert_eq!(
                trim_span(text, span),
                Span::new(start, start + t.len()),
                "{text:?}"
            );
        }
    }

    #[test]
    fn leading_bold_closes_where_find_does() {
        // The reference: the first delimiter after the opener, as `str::find` finds it.
        let by_find = |src: &str| {
            let delim = bold_opener(src)?;
            let close = src[2..].find(delim)? + 2;
            (close != 2).then_some((2, close, close + 2))
        };
        for src in [
            "**Jane Doe** – AWS",
            "****",
            "**a*b** x",
            "***x***",
            "__Jane__, role",
            "__a_b_c__",
            "**never closed",
            "**Trần*Văn**",
            "*single*",
            "**",
            "",
        ] {
            assert_eq!(leading_bold(src), by_find(src), "{src:?}");
        }
    }

    /// Parse the speakers section of `md` (front matter added).
    fn parse_md(md: &str) -> (String, SpeakerList) {
        let rules = RuleSet::load(&[]).unwrap_or_else(|e| panic!("{}", e.error.message));
        let text = format!("---\ntitle: x\n---\n{md}");
        let doc = Document::parse(Path::new("x.md"), text);
        let map = rules.pack.sections.locate(&doc);
        let index = rules.pack.sections.index("speakers");
        let section = index
            .and_then(|i| map.get(i))
            .unwrap_or_else(|| panic!("no speakers section in:\n{md}"));
        let list = parse(&doc, section);
        (doc.text, list)
    }

    /// (name, separator, role) of each entry, as text.
    fn triples(md: &str) -> Vec<(String, String, String)> {
        let (text, list) = parse_md(md);
        list.entries
            .iter()
            .map(|e| {
                (
                    e.name
                        .as_ref()
                        .map_or(String::new(), |p| p.text(&text).to_string()),
                    e.separator
                        .map_or(String::new(), |(s, _)| s.as_str().to_string()),
                    e.role
                        .as_ref()
                        .map_or(String::new(), |p| p.text(&text).to_string()),
                )
            })
            .collect()
    }

    fn t(name: &str, sep: &str, role: &str) -> (String, String, String) {
        (name.to_string(), sep.to_string(), role.to_string())
    }

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn bold_name_en_dash_role() {
        let md = "## Speakers\n\n- **Jignesh Shah** – Director, Open Source Databases\n- **Erica Liu** – Sr. GTM Specialist, AppMod\n";
        assert_eq!(
            triples(md),
            vec![
                t("Jignesh Shah", "–", "Director, Open Source Databases"),
                t("Erica Liu", "–", "Sr. GTM Specialist, AppMod"),
            ]
        );
        // Spans: the name inside the bold, the dash, the role.
        let (text, list) = parse_md(md);
        let e = &list.entries[0];
        assert_eq!(
            slice(&text, e.name.as_ref().map_or(Span::default(), |p| p.span)),
            "Jignesh Shah"
        );
        assert_eq!(
            slice(&text, e.separator.map_or(Span::default(), |s| s.1)),
            "–"
        );
        assert_eq!(
            slice(&text, e.role.as_ref().map_or(Span::default(), |p| p.span)),
            "Director, Open Source Databases"
        );
        assert_eq!(
            slice(&text, e.span),
            "**Jignesh Shah** – Director, Open Source Databases"
        );
        assert_eq!(e.form, Form::BoldItem);
        assert!(!list.has_prose);
    }

    #[test]
    fn bold_name_colon_outside_and_inside() {
        let md = "### Speakers\n\n- **Bảo Huỳnh**: Docker - Công nghệ Container hóa\n- **Mr. Khang:** Shared insights on learning\n* **Mr. Steve Tran (Cloud Thinker):** Topic *Agentic Platform*.\n";
        assert_eq!(
            triples(md),
            vec![
                t("Bảo Huỳnh", ":", "Docker - Công nghệ Container hóa"),
                t("Mr. Khang", ":", "Shared insights on learning"),
                t(
                    "Mr. Steve Tran (Cloud Thinker)",
                    ":",
                    "Topic Agentic Platform"
                ),
            ]
        );
        let (text, list) = parse_md(md);
        // The colon inside the bold is the separator's span.
        let sep = list.entries[1].separator.map_or(Span::default(), |s| s.1);
        assert_eq!(slice(&text, sep), ":");
        assert_eq!(&text[sep.start - 5..sep.end + 2], "Khang:**");
    }

    #[test]
    fn plain_hyphen_en_dash_and_comma() {
        let md = "### Diễn giả\n\n- Văn Hoàng Kha - AWS Community Builder\n- Đinh Lê Hoàng Anh – Cloud Engineer Trainee, First Cloud AI Journey\n- Dr. Jens Lottner, CEO, Techcombank\n- Nguyen The Vinh - Co-Founder & CTO\n";
        assert_eq!(
            triples(md),
            vec![
                t("Văn Hoàng Kha", "-", "AWS Community Builder"),
                t(
                    "Đinh Lê Hoàng Anh",
                    "–",
                    "Cloud Engineer Trainee, First Cloud AI Journey"
                ),
                t("Dr. Jens Lottner", ",", "CEO, Techcombank"),
                t("Nguyen The Vinh", "-", "Co-Founder & CTO"),
            ]
        );
    }

    #[test]
    fn hyphens_inside_words_do_not_separate() {
        let md = "## Speakers\n\n- Anh Khang - AI-Ready Freshers\n- Huynh Hoang Long & Dang Thi Minh Thu -FCAJ Cloud Engineer Ambassador\n";
        assert_eq!(
            triples(md),
            vec![
                t("Anh Khang", "-", "AI-Ready Freshers"),
                t(
                    "Huynh Hoang Long & Dang Thi Minh Thu",
                    "-",
                    "FCAJ Cloud Engineer Ambassador"
                ),
            ]
        );
    }

    #[test]
    fn role_in_parentheses() {
        let md = "### Featured Speakers\n\n* **Nguyễn Gia Hưng** – Head of Solutions Architect, AWS\n* **Hải Trần** (Banking / FinTech)\n* **The Ballers Group** (Huynh An Khuong, Mai Quoc Anh) - Sharing Hackathon experiences.\n- Kiet Tran (AI Engineer)\n";
        assert_eq!(
            triples(md),
            vec![
                t("Nguyễn Gia Hưng", "–", "Head of Solutions Architect, AWS"),
                t("Hải Trần", "(", "Banking / FinTech"),
                // Parentheses followed by a dash belong to the name.
                t("The Ballers Group", "-", "Sharing Hackathon experiences"),
                t("Kiet Tran", "(", "AI Engineer"),
            ]
        );
    }

    #[test]
    fn titles_stay_in_the_name() {
        let md = "### Speaker List\n\n- **Mr.Toan Huynh** - PMP, Senior Solutions Architect, AWS\n- **Chị My Nguyen** - Senior Solutions Architect, AWS\n- **Anh Thảo (Chị Thảo)** - Speaker về phương pháp BMX\n- Ms. Trang Phung, CEO & Co-Founder, U2U Network\n";
        assert_eq!(
            triples(md),
            vec![
                t("Mr.Toan Huynh", "-", "PMP, Senior Solutions Architect, AWS"),
                t("Chị My Nguyen", "-", "Senior Solutions Architect, AWS"),
                t("Anh Thảo (Chị Thảo)", "-", "Speaker về phương pháp BMX"),
                t("Ms. Trang Phung", ",", "CEO & Co-Founder, U2U Network"),
            ]
        );
    }

    #[test]
    fn role_without_name() {
        let md = "## Speakers\n\n- – Cloud Engineer\n- **** – CTO\n";
        let (_, list) = parse_md(md);
        assert_eq!(list.entries.len(), 2);
        for e in &list.entries {
            assert!(e.name.is_none(), "{e:?}");
            assert!(e.separator.is_some() && e.role.is_some());
        }
    }

    #[test]
    fn name_alone_has_no_separator_or_role() {
        let md = "### Speakers\n\n- **Kevin Lim**\n- Truong Quang Tinh\n- **Phuc (Jason) Dang**\n- **Kiệt Lâm, Quỳnh Mai**\n";
        let (text, list) = parse_md(md);
        assert_eq!(list.entries.len(), 4);
        assert_eq!(
            list.entries[2].name.as_ref().map(|p| p.text(&text)),
            Some("Phuc (Jason) Dang")
        );
        for e in &list.entries {
            assert!(e.separator.is_none() && e.role.is_none());
            assert!(e.name_is_recognisable(&text));
        }
        assert_eq!(list.entries[1].form, Form::PlainItem);
    }

    #[test]
    fn nested_bold_label_takes_the_nested_items() {
        let md = "## Event Overview\n\n- **Speakers:**\n  - **Mr. X:** CTO, Acme\n  - **Ms. Y** – CEO, Beta\n- **Venue:** Bitexco\n";
        assert_eq!(
            triples(md),
            vec![t("Mr. X", ":", "CTO, Acme"), t("Ms. Y", "–", "CEO, Beta")]
        );
        // The same under a speakers heading: the label item stands for its nested items.
        let md = "## Speakers\n\n- **Keynote:**\n  - **A B** – CEO\n- **Panel:**\n  - **C D** – CTO\n  - **E F** – CFO\n";
        assert_eq!(
            triples(md),
            vec![
                t("A B", "–", "CEO"),
                t("C D", "–", "CTO"),
                t("E F", "–", "CFO")
            ]
        );
    }

    #[test]
    fn details_nested_under_a_speaker_are_not_entries() {
        let md = "## Speakers\n\n- **Mr. A** – CTO\n  - **Topic:** Serverless\n  - **Topic:** Containers\n- **Ms. B** – CEO\n";
        assert_eq!(
            triples(md),
            vec![t("Mr. A", "–", "CTO"), t("Ms. B", "–", "CEO")]
        );
    }

    #[test]
    fn label_paragraph_then_list() {
        let md = "## Event Information\n\n**Speakers:**\n\n- **A B** – CEO\n- **C D** – CTO\n\nWhat we did:\n\n- unrelated list\n";
        let (_, list) = parse_md(md);
        assert_eq!(list.entries.len(), 2);
        assert!(!list.has_prose);
    }

    #[test]
    fn label_with_inline_names_is_prose() {
        let md =
            "## Overview\n\n**Speakers:** Huynh Hoang Long, Dinh Le Hoang Anh\n\n- Topic one\n";
        let (_, list) = parse_md(md);
        assert!(list.entries.is_empty());
        assert!(list.has_prose);
    }

    #[test]
    fn table_rows_with_a_speaker_column() {
        let md = "## Speakers\n\n| Speaker | Title | Organization |\n|---|---|---|\n| Jun Kai Loke | AI/ML Specialist SA | AWS |\n| Kien Nguyen | | |\n";
        let (text, list) = parse_md(md);
        assert_eq!(list.entries.len(), 2);
        let e = &list.entries[0];
        assert_eq!(e.form, Form::TableRow);
        assert_eq!(e.name.as_ref().map(|p| p.text(&text)), Some("Jun Kai Loke"));
        assert_eq!(
            e.role.as_ref().map(|p| p.text(&text)),
            Some("AI/ML Specialist SA, AWS")
        );
        assert_eq!(
            slice(&text, e.span),
            "| Jun Kai Loke | AI/ML Specialist SA | AWS |"
        );
        assert!(list.entries[1].role.is_none());
        assert!(!list.has_prose);
    }

    #[test]
    fn agenda_table_skips_rows_without_a_speaker() {
        let md = "## Speakers & Agenda\n\n| Time | Session | Speaker |\n|---|---|---|\n| 9:00 | Opening | - |\n| 9:20 | Keynote | Eric Yeo, Country GM, AWS |\n";
        let (text, list) = parse_md(md);
        assert_eq!(list.entries.len(), 1);
        assert_eq!(
            list.entries[0].name.as_ref().map(|p| p.text(&text)),
            Some("Eric Yeo, Country GM, AWS")
        );
    }

    #[test]
    fn whole_bold_paragraphs_with_details() {
        let md = "### Speaker Details & Presentation Topics\n\n**1. Mr. Vinh Banh Cam - Data Engineer**\n* **Topic:** Strands Agent\n* **Main Content:** Concepts.\n\n**2. Bao Huynh - Junior Cloud Native Developer - Endava Vietnam**  \n* **Topic:** Kubernetes\n";
        assert_eq!(
            triples(md),
            vec![
                t("Mr. Vinh Banh Cam", "-", "Data Engineer"),
                t(
                    "Bao Huynh",
                    "-",
                    "Junior Cloud Native Developer - Endava Vietnam"
                ),
            ]
        );
        let (_, list) = parse_md(md);
        assert!(list.entries.iter().all(|e| e.form == Form::BoldParagraph));
        assert!(!list.has_prose);
    }

    #[test]
    fn entries_spanning_lines() {
        let md = "## Speakers\n\n- **Truong Quang Tinh** – Platform Engineer,\n  TymeX\n- **Bao Huynh** –\n  AWS Community Builder\n";
        assert_eq!(
            triples(md),
            vec![
                t("Truong Quang Tinh", "–", "Platform Engineer, TymeX"),
                t("Bao Huynh", "–", "AWS Community Builder"),
            ]
        );
    }

    #[test]
    fn a_later_paragraph_of_an_item_is_not_its_role() {
        let md =
            "## Speakers\n\n- **A B** – CEO\n\n  A long biography of A B.\n\n- **C D** – CTO\n";
        assert_eq!(
            triples(md),
            vec![t("A B", "–", "CEO"), t("C D", "–", "CTO")]
        );
    }

    #[test]
    fn prose_is_noticed_and_lists_are_grouped() {
        let md = "## Speakers\n\nThe session featured two speakers:\n\n- **A B** – CEO\n\nand a panel:\n\n- **C D** – CTO\n";
        let (_, list) = parse_md(md);
        assert!(list.has_prose);
        let groups: Vec<usize> = list.entries.iter().map(|e| e.group).collect();
        assert_eq!(groups, vec![0, 1]);
    }

    #[test]
    fn prose_only_and_empty_sections() {
        let (_, list) =
            parse_md("## Speakers\n\nThe event was led by Mr. X, CTO of Y.\n\n## Next\n");
        assert!(list.entries.is_empty() && list.has_prose);
        let (_, list) =
            parse_md("## Speakers\n\n<!-- todo -->\n\n![photo](a.jpg)\n\n---\n\n## Next\n");
        assert!(list.entries.is_empty() && !list.has_prose);
    }

    #[test]
    fn a_plain_description_is_not_a_recognisable_name() {
        let md = "## Speakers\n\n- Speakers and mentors from the **AWS Cloud Journey** community.\n- Cloud Club Captains from HCMUTE, HUFLIT & PTIT\n- **And other hosts**\n";
        let (text, list) = parse_md(md);
        let recog: Vec<bool> = list
            .entries
            .iter()
            .map(|e| e.name_is_recognisable(&text))
            .collect();
        // A bold name is the author's word for it.
        assert_eq!(recog, vec![false, false, true]);
    }

    /// Texts for comparing the fast paths with the plain ones: Vietnamese precomposed and
    /// decomposed, CRLF, Unicode spaces and case, markup, links, `<br>`, hard breaks.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "Nguyễn Văn Đức",
        "Nguye\u{302}\u{303}n Va\u{306}n \u{110}u\u{301}c",
        "  **Bảo Huỳnh** – AWS Community Builder\r\n",
        "Name\\",
        "Name \\ ",
        "Name<br>",
        "Name <br/> <br />",
        "[Jane Doe](https://x.y/(a)) - CTO",
        "\u{a0}Name\u{3000}",
        "ÉMILE (Long) Grabski)",
        "Mendel Grabski (Long)",
        "(Mr.) Anh",
        "a)b(c",
        "İstanbul ß ǅ",
        "**x**\r",
        "\tx>",
        "x\u{200b}",
    ];

    #[test]
    fn strip_parens_borrows_only_without_parentheses() {
        for text in TRICKY {
            let fast = strip_parens(text);
            assert_eq!(fast, strip_parens_copy(text), "{text:?}");
            let has_paren = text.contains(['(', ')']);
            assert_eq!(matches!(fast, Cow::Owned(_)), has_paren, "{text:?}");
        }
        assert_eq!(strip_parens("a)b(c)d"), "abd");
    }

    /// [`clean`] as it was first written: a copy at every step.
    fn clean_copy(raw: &str) -> String {
        let words = strip_markup(raw);
        let mut joined = words.split_whitespace().collect::<Vec<_>>().join(" ");
        if let Some((number, rest)) = joined.split_once(' ') {
            let digits = number.trim_end_matches(['.', ')']);
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && number != digits
            {
                joined = rest.to_string();
            }
        }
        let end = joined
            .trim_end_matches(['.', ',', ';', '\\', ':'])
            .trim_end()
            .len();
        joined.truncate(end);
        joined
    }

    #[test]
    fn clean_agrees_with_the_copying_form() {
        let more = [
            "1. Mr. X",
            "12) Ms.\u{a0}Y .",
            "1.\tA\r\nB",
            "**2. Bảo Huỳnh** - ",
            "Trần  Văn ,",
            "`Dr.` *Jens*  Lottner:",
            "3 Kings",
            "1.",
            "Name \\",
        ];
        let mut sliced = 0;
        for raw in TRICKY.iter().chain(more.iter()).chain(LINES) {
            assert_eq!(clean(raw), clean_copy(raw), "{raw:?}");
            // The slice form is the same text, taken from `raw`.
            if let Cleaned::Slice(start, end) = cleaned(raw) {
                assert_eq!(
                    raw.get(start..end),
                    Some(clean_copy(raw).as_str()),
                    "{raw:?}"
                );
                sliced += 1;
            }
        }
        assert!(sliced > 5 && matches!(cleaned("1. Mr. X,"), Cleaned::Slice(3, 8)));
    }

    /// More texts for the byte-level fast paths: line ends, blank lines with Unicode
    /// spaces, breaks in every spelling, dashes before the first word.
    const LINES: &[&str] = &[
        "a\n",
        "a\n\n",
        "\n\nb",
        "a\n  \nb",
        "a\r\n\r\nb",
        "a\nb\n\u{a0}\u{3000}\n",
        "a\nb\nc",
        "a\n\t",
        "– – Role",
        "— “Đức”",
        "–\u{2003}—",
        "x<br>",
        "x <br/>\\ \\<br />  ",
        "x\\<br>\\",
        "<br>",
        "\\",
        "x<br >",
        "x< br>",
        "x\u{a0}<br>\u{a0}",
        "٣",
        "²",
    ];

    #[test]
    fn in_list_item_agrees_with_the_outermost_items() {
        let md = "## Speakers\n\n- a **A**\n  - b **B**\n    - c\n\n  **P** after the nested list\n\n**Q** outside\n\n1. d\n2. e **E**\n\n> - q **R**\n\ntail **T**\n";
        let text = format!("---\ntitle: x\n---\n{md}");
        let doc = Document::parse(Path::new("x.md"), text);
        let items = &doc.body.list_items;
        assert!(items.iter().any(|it| it.depth == 2));
        // The plain form: is the span inside one of the outermost items?
        let outer: Vec<Span> = items
            .iter()
            .filter(|it| it.depth == 0)
            .map(|it| it.span)
            .collect();
        let mut inside = 0;
        let len = doc.text.len();
        for start in 0..len {
            for end in [start, start + 1, start + 3, len]
                .into_iter()
                .filter(|&e| e <= len)
            {
                let span = Span::new(start, end);
                let plain = outer.iter().any(|o| contains(*o, span));
                assert_eq!(in_list_item(items, span), plain, "{span:?}");
                inside += usize::from(plain);
            }
        }
        assert!(inside > 0);
    }

    #[test]
    fn byte_scans_agree_with_the_plain_ones() {
        // The plain forms, as first written.
        let plain_has_words = |s: &str| s.chars().any(char::is_alphanumeric);
        let plain_blank_line = |s: &str| {
            let mut offset = 0;
            for line in s.split_inclusive('\n') {
                if offset > 0 && line.trim().is_empty() {
                    return Some(offset);
                }
                offset += line.len();
            }
            None
        };
        let plain_trim_span = |text: &str| {
            let mut t = text.trim();
            loop {
                let before = t.len();
                t = t.trim_end_matches('\\').trim_end();
                for br in ["<br>", "<br/>", "<br />"] {
                    t = t.strip_suffix(br).unwrap_or(t).trim_end();
                }
                if t.len() == before {
                    break;
                }
            }
            let start = text.len() - text.trim_start().len();
            Span::new(start, start + t.len())
        };
        for s in TRICKY.iter().chain(LINES) {
            assert!(lines_inclusive(s).eq(s.split_inclusive('\n')), "{s:?}");
            assert_eq!(has_words(s), plain_has_words(s), "{s:?}");
            assert_eq!(find_blank_line(s), plain_blank_line(s), "{s:?}");
            let whole = Span::new(0, s.len());
            assert_eq!(trim_span(s, whole), plain_trim_span(s), "{s:?}");
        }
        for l in TRICKY
            .iter()
            .chain(LINES)
            .chain(&["a <!-- b --> c", "<<!-- x", "-- >-->", "<!-"])
        {
            for marker in ["<!--", "-->"] {
                assert_eq!(find_marker(l, marker), l.find(marker), "{l:?} {marker}");
            }
        }
        // The cases above do reach each branch.
        assert!(!has_words("– —") && has_words("—Đ") && has_words("٣"));
        assert_eq!(find_blank_line("a\n \nb"), Some(2));
        assert_eq!(trim_span("x <br/>\\ ", Span::new(0, 9)), Span::new(0, 1));
    }

    #[test]
    fn clean_removes_markup_and_numbering() {
        assert_eq!(clean("**1. Mr. X**"), "Mr. X");
        assert_eq!(clean("[Jane Roe](https://x.io/a_(b)) "), "Jane Roe");
        assert_eq!(clean("  CTO,\n   Acme. "), "CTO, Acme");
        assert_eq!(clean("Topic *Agentic* <br>"), "Topic Agentic");
    }
}
