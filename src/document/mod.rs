//! One parsed content page: its text, its front matter (with the span of every key and
//! value) and the outline of its body. Loaded once; every check reads from it.

pub mod body;
pub mod front_matter;

use std::path::{Path, PathBuf};

pub use body::{Body, Heading, Image, ImageSource, Link, ListItem, Table};
pub use front_matter::{Block, Field, Format, FrontMatter, FrontMatterError, Value, ValueKind};

use crate::span::Span;

/// What became of the front matter.
#[derive(Debug)]
pub enum FrontMatterState {
    /// The page has none.
    Missing,
    Parsed(FrontMatter),
    /// It is there but does not parse; the body after it is still known.
    Broken(FrontMatterError),
    /// It never closes (or cannot even be split): nothing after it is known.
    Unclosed(FrontMatterError),
}

/// A page loaded for linting.
#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    pub text: String,
    pub front_matter: FrontMatterState,
    /// The front matter block's place, when it could be split.
    pub block: Option<Block>,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
    pub body: Body,
}

impl Document {
    /// Parse a page's text. Never fails: problems become states the checks report.
    pub fn parse(path: &Path, text: String) -> Document {
        let (front_matter, block, body_start) = match front_matter::split(&text) {
            Ok(None) => (FrontMatterState::Missing, None, bom_len(&text)),
            Ok(Some(block)) => {
                let state = match front_matter::parse(&text, &block) {
                    Ok(fm) => FrontMatterState::Parsed(fm),
                    Err(e) => FrontMatterState::Broken(e),
                };
                let start = block.body_start;
                (state, Some(block), start)
            }
            Err(e) => (FrontMatterState::Unclosed(e), None, text.len()),
        };
        let body = Body::parse(&text, body_start);
        Document {
            path: path.to_path_buf(),
            text,
            front_matter,
            block,
            body_start,
            body,
        }
    }

    /// The parsed front matter, if it parsed.
    pub fn fm(&self) -> Option<&FrontMatter> {
        match &self.front_matter {
            FrontMatterState::Parsed(fm) => Some(fm),
            _ => None,
        }
    }

    /// Is the body known? Not when the front matter never closed.
    pub fn body_known(&self) -> bool {
        !matches!(self.front_matter, FrontMatterState::Unclosed(_))
    }

    /// A string field of the front matter (case-insensitive key).
    pub fn fm_str(&self, key: &str) -> Option<(&str, Span)> {
        let field = self.fm()?.get(key)?;
        match &field.value.kind {
            ValueKind::Str { text, .. } => Some((text.as_str(), field.value.span)),
            _ => None,
        }
    }

    /// The span of the front matter's closing delimiter line (or its whole block): where a
    /// missing key should be added.
    pub fn fm_insert_point(&self) -> Span {
        match &self.block {
            Some(block) => {
                let inner_end = block.inner.end;
                let line_end = self.text[inner_end..block.span.end]
                    .find(['\r', '\n'])
                    .map_or(block.span.end, |i| inner_end + i);
                // Past the newline that ends the inner text, up to the end of the closer line.
                let closer_start = self.text[inner_end..line_end]
                    .char_indices()
                    .find(|(_, c)| !matches!(c, '\r' | '\n'))
                    .map_or(inner_end, |(i, _)| inner_end + i);
                Span::new(closer_start, line_end.max(closer_start))
            }
            None => Span::point(self.body_start),
        }
    }

    /// The text of the body's first H1, if any.
    pub fn h1(&self) -> Option<&Heading> {
        self.body.headings.iter().find(|h| h.level == 1)
    }
}

fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// The event's name as a report's H1 states it: the part after a leading
/// "Summary Report:"-style prefix, with surrounding quotes removed.
pub fn event_name(h1: &str) -> String {
    event_name_in(h1).to_string()
}

/// [`event_name`] as a slice of `h1`.
pub fn event_name_in(h1: &str) -> &str {
    let name = match after_last_colon_space(h1) {
        Some(rest) if rest.trim().chars().count() >= 8 => rest,
        _ => h1,
    };
    name.trim()
        .trim_matches(|c: char| matches!(c, '"' | '\'' | '“' | '”' | '‘' | '’' | '*' | '_'))
        .trim()
}

/// What follows the last `": "` of `text` (as `rsplit_once(": ")`, without setting up a
/// substring search for every H1).
fn after_last_colon_space(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(at) = memchr::memrchr(b':', bytes.get(..end)?) {
        if bytes.get(at + 1) == Some(&b' ') {
            return text.get(at + 2..);
        }
        end = at;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_name_strips_prefix_and_quotes() {
        assert_eq!(
            event_name("Event Takeaways: \"AWS Cloud Mastery Series #2 – DevOps on AWS\""),
            "AWS Cloud Mastery Series #2 – DevOps on AWS"
        );
        assert_eq!(
            event_name("Summary Report: AWS Cloud Mastery Series #2 – DevOps on AWS"),
            "AWS Cloud Mastery Series #2 – DevOps on AWS"
        );
        assert_eq!(event_name("Vietnam Cloud Day"), "Vietnam Cloud Day");
    }

    #[test]
    fn the_last_colon_space_is_found_as_rsplit_once_finds_it() {
        for text in crate::test_inputs::every_text(&[":", " ", "a", "é", ": "], 5) {
            let expected = text.rsplit_once(": ").map(|(_, rest)| rest);
            assert_eq!(after_last_colon_space(&text), expected, "{text:?}");
        }
    }
}
