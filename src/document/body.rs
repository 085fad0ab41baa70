//! The Markdown body as the checks see it: headings, list items, tables, images, links and
//! the places where content starts, each with its byte span in the file. Built in one pass
//! over pulldown-cmark's offset iterator, with Goldmark's (Hugo's) default extensions on.

use std::borrow::Cow;
use std::ops::ControlFlow;
use std::sync::LazyLock;

use memchr::memmem;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use regex::Regex;

use crate::span::Span;
use crate::swar::{LOW7, ONES, TOPS, first_eight};

/// Whole-text emphasis of a heading (`### **Title**`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    Bold,
    Italic,
}

#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// Plain text, markup removed.
    pub text: String,
    /// The whole heading (for ATX headings, the line).
    pub span: Span,
    /// `Some` when every character of the text is bold (or italic).
    pub emphasis: Option<Emphasis>,
}

/// A list item. Its text is not copied out: no check reads it whole (the speaker list
/// reads the item's own source, `checks::speaker_list`), and a copy per item was a
/// measurable share of the parse.
#[derive(Debug, Clone)]
pub struct ListItem {
    pub span: Span,
    /// Nesting depth: 0 for an item of a top-level list.
    pub depth: usize,
    /// Index of the enclosing item, for nested lists.
    pub parent: Option<usize>,
    /// Which list (in document order) the item belongs to.
    pub list: usize,
    /// The bold text the item starts with (`- **Name** – Role`), markers included; its
    /// text is the [`BoldLead`] of the same span.
    pub lead_strong: Option<Span>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    Markdown,
    Html,
    /// Hugo's `{{< figure src=… >}}` shortcode.
    Figure,
}

#[derive(Debug, Clone)]
pub struct Image {
    pub alt: String,
    pub dest: String,
    /// The whole image (`![alt](dest)` or the `<img>` tag).
    pub span: Span,
    /// Just the destination, where it can be located in the source.
    pub dest_span: Span,
    pub source: ImageSource,
}

/// A link. Its text is not kept: no check reads it.
#[derive(Debug, Clone)]
pub struct Link {
    pub dest: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct TableCell {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Table {
    pub span: Span,
    pub header: Vec<TableCell>,
    pub rows: Vec<Vec<TableCell>>,
}

/// A paragraph that opens with bold text, like `**Speakers:**` or `**Time:** 08:30`.
#[derive(Debug, Clone)]
pub struct BoldLead {
    pub text: String,
    pub span: Span,
    /// The paragraph it opens.
    pub paragraph: Span,
}

#[derive(Debug, Clone, Default)]
pub struct Body {
    pub headings: Vec<Heading>,
    pub list_items: Vec<ListItem>,
    pub tables: Vec<Table>,
    pub images: Vec<Image>,
    pub links: Vec<Link>,
    pub bold_leads: Vec<BoldLead>,
    /// HTML comments (`<!-- … -->`): their span and inner text, for suppressions.
    pub comments: Vec<(Span, String)>,
    /// Start offsets of the top-level blocks that are content (not headings, rules or
    /// comment-only HTML), in order.
    pub content_starts: Vec<usize>,
    /// Parts of the body the parser knows are not prose: code blocks and spans, HTML tags
    /// and comments (not the text between tags), link and image destinations. Gathered in
    /// the same pass, for [`crate::checks::prose`].
    pub not_prose: Vec<Span>,
}

/// The tags and comments of an HTML block: the text between them is prose.
static HTML_PARTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--(?:.*?-->|.*)|<[^>]*>").unwrap_or_else(|e| unreachable!("{e}"))
});
static IMG_TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)<img\b[^>]*>"#).unwrap_or_else(|e| unreachable!("{e}")));
static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\{\{[<%]\s*figure\b(?:[^}]|\}[^}])*\}\}"#).unwrap_or_else(|e| unreachable!("{e}"))
});
/// `![alt]({{< relURL "x.jpg" >}})`: Hugo puts the shortcode's output in place before Goldmark
/// sees the image, but the spaces inside the shortcode keep CommonMark from seeing one.
static SHORTCODE_IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"!\[([^\]\n]*)\]\(\s*(\{\{[<%](?:[^}\n]|\}[^}\n])*\}\})\s*\)"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(src|alt|caption)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#)
        .unwrap_or_else(|e| unreachable!("{e}"))
});

/// Hugo renders Markdown with Goldmark; these are the extensions it enables by default.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// State of the one pass.
#[derive(Default)]
struct Builder {
    body: Body,
    /// Open heading: level, start, text, and the characters in bold and in italic before
    /// any plain text, then 1 once it has plain text (see `Builder::text`).
    heading: Option<(u8, usize, String, [usize; 3])>,
    strong: usize,
    emphasis: usize,
    /// Open list items (indices into body.list_items), innermost last.
    items: Vec<usize>,
    /// Emptied buffers for the texts of open elements (headings, leads, alt texts,
    /// cells): reused from element to element, so a text grows in a buffer
    /// that is already large and each element keeps one copy of its final size.
    spare: Vec<String>,
    /// Open lists: their ids.
    lists: Vec<usize>,
    list_count: usize,
    /// Item whose first inline is still to come, for `lead_strong`.
    item_fresh: bool,
    /// Open image: dest, start, alt.
    image: Option<(String, usize, String)>,
    /// Open link: dest, start.
    link: Option<(String, usize)>,
    /// Open strong at the start of an item or paragraph: where, and its text.
    lead: Option<(usize, String)>,
    paragraph_fresh: Option<usize>,
    paragraph_start: usize,
    table: Option<Table>,
    cell: Option<TableCell>,
    in_head: bool,
    row: Vec<TableCell>,
    html_block: Option<(usize, String)>,
    depth: usize,
}

/// What a body holds that decides work beyond the parse, found in one pass.
struct Marks {
    /// Where the first `{` is: both kinds of shortcode image open with `{{`.
    brace: Option<usize>,
    /// Is there a `^`? Every footnote, definition or reference, is written with `[^`, and
    /// pulldown-cmark looks for footnotes nowhere else: without one the body parses the
    /// same without [`Options::ENABLE_FOOTNOTES`], and the look at each line for one is
    /// saved (1.4 M instructions at 1,000 reports; a test compares the two parses).
    caret: bool,
}

impl Marks {
    fn of(bytes: &[u8]) -> Marks {
        match memchr::memchr2(b'{', b'^', bytes) {
            None => Marks {
                brace: None,
                caret: false,
            },
            Some(at) if bytes[at] == b'{' => Marks {
                brace: Some(at),
                caret: memchr::memchr(b'^', &bytes[at..]).is_some(),
            },
            Some(at) => Marks {
                brace: memchr::memchr(b'{', &bytes[at..]).map(|i| at + i),
                caret: true,
            },
        }
    }

    fn options(&self) -> Options {
        if self.caret {
            options()
        } else {
            options() - Options::ENABLE_FOOTNOTES
        }
    }
}

impl Body {
    /// Parse `text[body_start..]`; every span is an offset into the whole `text`.
    pub fn parse(text: &str, body_start: usize) -> Body {
        let Some(src) = text.get(body_start..) else {
            return Body::default();
        };
        let marks = Marks::of(src.as_bytes());
        Body::parse_with(text, body_start, &marks)
    }

    fn parse_with(text: &str, body_start: usize, marks: &Marks) -> Body {
        let Some(src) = text.get(body_start..) else {
            return Body::default();
        };
        let mut b = Builder::default();
        let scratch = SCRATCH.take();
        (b.spare, b.items, b.lists) = (scratch.spare, scratch.items, scratch.lists);
        // A report has a heading and a block or two per few hundred bytes, a list item or a
        // bold lead per kilobyte (the generated reports have about one per 850 bytes):
        // sized for that, these lists do not grow from four entries by doubling (a
        // reallocation each).
        let blocks = src.len() / 256;
        b.body.headings.reserve(blocks / 2);
        b.body.content_starts.reserve(blocks);
        b.body.list_items.reserve(blocks / 4);
        b.body.bold_leads.reserve(blocks / 4);
        for (event, range) in Parser::new_ext(src, marks.options()).into_offset_iter() {
            let span = Span::from(range).shift(body_start);
            b.event(event, span, text);
        }
        // Both kinds of shortcode image open with `{{`: a page without one (most) is
        // searched once, not once per kind, and a page without a `{` not at all.
        if let Some(brace) = marks.brace
            && memmem::find(&src.as_bytes()[brace..], b"{{").is_some()
        {
            b.figures(src, body_start);
            b.shortcode_images(src, body_start);
        }
        SCRATCH.set(Scratch::keep(b.spare, b.items, b.lists));
        b.body
    }
}

/// The buffers a [`Builder`] needs only while it runs (element texts, the stacks of open
/// lists and items), kept per thread from page to page: a page's parse then starts with
/// buffers that have grown already instead of allocating them again.
#[derive(Default)]
struct Scratch {
    spare: Vec<String>,
    items: Vec<usize>,
    lists: Vec<usize>,
}

thread_local! {
    static SCRATCH: std::cell::Cell<Scratch> = std::cell::Cell::new(Scratch::default());
}

impl Scratch {
    /// What is worth keeping of a finished builder's buffers: emptied, and none that an
    /// unusual page made large (a long table cell) or many.
    fn keep(mut spare: Vec<String>, mut items: Vec<usize>, mut lists: Vec<usize>) -> Scratch {
        const LARGE: usize = 4096;
        spare.retain(|s| s.capacity() <= LARGE);
        spare.truncate(8);
        for buffer in &mut spare {
            buffer.clear();
        }
        items.clear();
        lists.clear();
        if items.capacity() > LARGE {
            items = Vec::new();
        }
        if lists.capacity() > LARGE {
            lists = Vec::new();
        }
        Scratch {
            spare,
            items,
            lists,
        }
    }
}

impl Builder {
    // Called from one place, for every event: inlined, the event is not moved into a call.
    #[inline(always)]
    fn event(&mut self, event: Event<'_>, span: Span, text: &str) {
        self.not_prose(&event, span, text);
        match event {
            Event::Start(tag) => self.start(tag, span),
            Event::End(tag) => self.end(tag, span, text),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::InlineMath(t) | Event::DisplayMath(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some((_, acc)) = self.html_block.as_mut() {
                    acc.push_str(&html);
                }
                self.html_images(&html, span);
                self.html_comments(&html, span);
            }
            Event::Rule | Event::FootnoteReference(_) | Event::TaskListMarker(_) => {
                self.item_fresh = false;
                self.paragraph_fresh = None;
            }
        }
    }

    /// Record what of this event is not prose (see [`Body::not_prose`]).
    fn not_prose(&mut self, event: &Event<'_>, span: Span, text: &str) {
        let masks = &mut self.body.not_prose;
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) | Event::InlineHtml(_) => {
                masks.push(span);
            }
            Event::Start(Tag::HtmlBlock) => {
                let block = text.get(span.start..span.end).unwrap_or("");
                masks.extend(
                    HTML_PARTS
                        .find_iter(block)
                        .map(|m| Span::new(span.start + m.start(), span.start + m.end())),
                );
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let whole = text.get(span.start..span.end).unwrap_or("");
                if dest_url.is_empty() {
                    return;
                }
                if whole.starts_with('<') {
                    // An autolink: its text is the address.
                    masks.push(span);
                } else if let Some(i) = rfind_dest(whole, dest_url.as_ref()) {
                    let at = span.start + i;
                    masks.push(Span::new(at, at + dest_url.len()));
                }
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>, span: Span) {
        let top_level = self.depth == 0;
        self.depth += 1;
        if top_level && !matches!(tag, Tag::Heading { .. } | Tag::HtmlBlock) {
            self.body.content_starts.push(span.start);
        }
        match tag {
            Tag::Heading { level, .. } => {
                let buffer = self.buffer();
                self.heading = Some((heading_level(level), span.start, buffer, [0; 3]));
            }
            Tag::List(_) => {
                self.lists.push(self.list_count);
                self.list_count += 1;
            }
            Tag::Item => {
                let index = self.body.list_items.len();
                self.body.list_items.push(ListItem {
                    span,
                    depth: self.lists.len().saturating_sub(1),
                    parent: self.items.last().copied(),
                    list: self.lists.last().copied().unwrap_or(0),
                    lead_strong: None,
                });
                self.items.push(index);
                self.item_fresh = true;
                self.paragraph_start = span.start;
            }
            Tag::Paragraph => {
                self.paragraph_fresh = Some(span.start);
                self.paragraph_start = span.start;
            }
            Tag::Strong => {
                self.strong += 1;
                if self.item_fresh || self.paragraph_fresh.is_some() {
                    self.lead = Some((span.start, self.buffer()));
                }
                self.item_fresh = false;
                self.paragraph_fresh = None;
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Image { dest_url, .. } => {
                self.image = Some((dest_url.to_string(), span.start, self.buffer()));
            }
            Tag::Link { dest_url, .. } => {
                self.link = Some((dest_url.to_string(), span.start));
            }
            Tag::Table(_) => {
                self.table = Some(Table {
                    span,
                    header: Vec::new(),
                    rows: Vec::new(),
                });
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableCell => {
                self.cell = Some(TableCell {
                    text: self.buffer(),
                    span,
                });
            }
            Tag::HtmlBlock => self.html_block = Some((span.start, String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, span: Span, text: &str) {
        self.depth = self.depth.saturating_sub(1);
        match tag {
            TagEnd::Heading(_) => {
                if let Some((level, start, heading_text, [bold, italic, plain])) =
                    self.heading.take()
                {
                    let emphasis = if plain > 0 || bold + italic == 0 {
                        None
                    } else if bold >= italic {
                        Some(Emphasis::Bold)
                    } else {
                        Some(Emphasis::Italic)
                    };
                    let text_collapsed = collapse_whitespace(&heading_text).into_owned();
                    self.recycle(heading_text);
                    self.body.headings.push(Heading {
                        level,
                        text: text_collapsed,
                        span: trim_line_end(text, Span::new(start, span.end)),
                        emphasis,
                    });
                }
            }
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Item => {
                self.items.pop();
                self.item_fresh = false;
            }
            TagEnd::Paragraph => self.paragraph_fresh = None,
            TagEnd::Strong => {
                self.strong = self.strong.saturating_sub(1);
                if let Some((start, lead)) = self.lead.take() {
                    let lead_span = Span::new(start, span.end);
                    let lead = self.finish(lead);
                    if let Some(&index) = self.items.last()
                        && let Some(item) = self.body.list_items.get_mut(index)
                        && item.lead_strong.is_none()
                    {
                        item.lead_strong = Some(lead_span);
                    }
                    self.body.bold_leads.push(BoldLead {
                        text: lead,
                        span: lead_span,
                        paragraph: Span::new(self.paragraph_start, span.end),
                    });
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Image => {
                if let Some((dest, start, alt)) = self.image.take() {
                    let whole = Span::new(start, span.end);
                    let alt = self.finish(alt);
                    self.body.images.push(Image {
                        dest_span: locate_dest(text, whole, &dest),
                        alt,
                        dest,
                        span: whole,
                        source: ImageSource::Markdown,
                    });
                }
            }
            TagEnd::Link => {
                if let Some((dest, start)) = self.link.take() {
                    self.body.links.push(Link {
                        dest,
                        span: Span::new(start, span.end),
                    });
                }
            }
            TagEnd::TableHead => {
                self.in_head = false;
                if let Some(table) = self.table.as_mut() {
                    table.header = std::mem::take(&mut self.row);
                }
            }
            TagEnd::TableRow => {
                if let Some(table) = self.table.as_mut() {
                    table.rows.push(std::mem::take(&mut self.row));
                }
            }
            TagEnd::TableCell => {
                if let Some(mut cell) = self.cell.take() {
                    cell.text = self.finish(std::mem::take(&mut cell.text));
                    self.row.push(cell);
                }
            }
            TagEnd::Table => {
                if let Some(table) = self.table.take() {
                    self.body.tables.push(table);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((start, html)) = self.html_block.take()
                    && self.depth == 0
                    && !is_only_comments(&html)
                {
                    let at = self.body.content_starts.partition_point(|&s| s < start);
                    self.body.content_starts.insert(at, start);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        if let Some((_, _, heading_text, counts)) = self.heading.as_mut() {
            heading_text.push_str(t);
            // Only whether the heading has plain text matters, and once it has, nothing
            // else does (it is not emphasised whole): the characters are counted only for
            // bold and italic text before any plain (most headings are plain: no count).
            let [bold, italic, plain] = counts;
            if *plain == 0 {
                if self.strong > 0 {
                    *bold += count_non_whitespace(t);
                } else if self.emphasis > 0 {
                    *italic += count_non_whitespace(t);
                } else if !is_blank(t) {
                    *plain = 1;
                }
            }
        }
        if (self.item_fresh || self.paragraph_fresh.is_some()) && is_blank(t) {
            // Leading whitespace does not end "the item starts with bold text".
        } else if self.lead.is_none() {
            self.item_fresh = false;
            self.paragraph_fresh = None;
        }
        if let Some((_, lead)) = self.lead.as_mut() {
            lead.push_str(t);
        }
        if let Some((_, _, alt)) = self.image.as_mut() {
            alt.push_str(t);
        }
        if let Some(cell) = self.cell.as_mut() {
            cell.text.push_str(t);
        }
    }

    /// An empty buffer for an element's text (see [`Builder::spare`]).
    fn buffer(&mut self) -> String {
        self.spare.pop().unwrap_or_default()
    }

    /// Give a buffer back for the next element.
    fn recycle(&mut self, mut buffer: String) {
        buffer.clear();
        self.spare.push(buffer);
    }

    /// The element's text, trimmed, in a string of its size; the buffer is given back.
    fn finish(&mut self, buffer: String) -> String {
        let text = String::from(buffer.trim());
        self.recycle(buffer);
        text
    }

    fn html_comments(&mut self, html: &str, span: Span) {
        let mut rest = html;
        let mut offset = 0;
        while let Some(start) = rest.find("<!--") {
            let inner = &rest[start + 4..];
            let Some(end) = inner.find("-->") else { break };
            let at = span.start + offset + start;
            self.body
                .comments
                .push((Span::new(at, at + 4 + end + 3), inner[..end].to_string()));
            let consumed = start + 4 + end + 3;
            offset += consumed;
            rest = &rest[consumed..];
        }
    }

    /// `<img src=…>` in raw HTML, with the span of the `src` value.
    fn html_images(&mut self, html: &str, span: Span) {
        for tag in IMG_TAG.find_iter(html) {
            let (mut src, mut alt) = (None, String::new());
            for cap in ATTR.captures_iter(tag.as_str()) {
                let Some(value) = cap.get(2).or(cap.get(3)).or(cap.get(4)) else {
                    continue;
                };
                let name = cap.get(1).map_or("", |m| m.as_str()).to_ascii_lowercase();
                let at = span.start + tag.start() + value.start();
                match name.as_str() {
                    "src" => src = Some((value.as_str(), Span::new(at, at + value.len()))),
                    "alt" => alt = value.as_str().to_string(),
                    _ => {}
                }
            }
            if let Some((dest, dest_span)) = src {
                self.body.images.push(Image {
                    alt,
                    dest: dest.to_string(),
                    span: Span::new(span.start + tag.start(), span.start + tag.end()),
                    dest_span,
                    source: ImageSource::Html,
                });
            }
        }
    }

    /// `{{< figure src="…" alt="…" >}}` shortcodes; Markdown sees them as plain text.
    fn figures(&mut self, src: &str, body_start: usize) {
        // memmem's vectorised search: `str::contains` costs more than the rest of this
        // function on a page without figures.
        if memmem::find(src.as_bytes(), b"figure").is_none() {
            return;
        }
        for m in FIGURE.find_iter(src) {
            let (mut dest, mut alt) = (None, String::new());
            for cap in ATTR.captures_iter(m.as_str()) {
                let Some(value) = cap.get(2).or(cap.get(3)).or(cap.get(4)) else {
                    continue;
                };
                let at = body_start + m.start() + value.start();
                match cap
                    .get(1)
                    .map_or("", |n| n.as_str())
                    .to_ascii_lowercase()
                    .as_str()
                {
                    "src" => dest = Some((value.as_str(), Span::new(at, at + value.len()))),
                    "alt" => alt = value.as_str().to_string(),
                    "caption" if alt.is_empty() => alt = value.as_str().to_string(),
                    _ => {}
                }
            }
            if let Some((dest, dest_span)) = dest {
                let image = Image {
                    alt,
                    dest: dest.to_string(),
                    span: Span::new(body_start + m.start(), body_start + m.end()),
                    dest_span,
                    source: ImageSource::Figure,
                };
                let at = self
                    .body
                    .images
                    .partition_point(|i| i.span.start < image.span.start);
                self.body.images.insert(at, image);
            }
        }
    }
}

impl Builder {
    /// Markdown images whose destination is a shortcode (see [`SHORTCODE_IMAGE`]), unless the
    /// Markdown parser already saw them.
    fn shortcode_images(&mut self, src: &str, body_start: usize) {
        if !may_hold_shortcode_image(src) {
            return;
        }
        let mut found = Vec::new();
        for cap in SHORTCODE_IMAGE.captures_iter(src) {
            let (Some(whole), Some(alt), Some(dest)) = (cap.get(0), cap.get(1), cap.get(2)) else {
                continue;
            };
            let span = Span::new(body_start + whole.start(), body_start + whole.end());
            // Images are in document order: a binary search finds one the parser saw.
            let seen = self
                .body
                .images
                .binary_search_by_key(&span.start, |i| i.span.start)
                .is_ok();
            if !seen {
                found.push(Image {
                    alt: alt.as_str().trim().to_string(),
                    dest: dest.as_str().to_string(),
                    span,
                    dest_span: Span::new(body_start + dest.start(), body_start + dest.end()),
                    source: ImageSource::Markdown,
                });
            }
        }
        if !found.is_empty() {
            self.body.images.extend(found);
            self.body.images.sort_by_key(|i| i.span.start);
        }
    }
}

/// Whether `src` has a `](` followed, after any whitespace, by `{{`: where every match of
/// [`SHORTCODE_IMAGE`] has one (its `\s*` is Unicode whitespace, line breaks and tabs
/// included, as `char::is_whitespace` is), so a page without one is passed over.
fn may_hold_shortcode_image(src: &str) -> bool {
    memmem::find_iter(src.as_bytes(), b"](").any(|at| {
        src.get(at + 2..)
            .is_some_and(|rest| rest.trim_start().starts_with("{{"))
    })
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A heading's range includes its line ending; a label reads better without it.
fn trim_line_end(text: &str, span: Span) -> Span {
    let slice = text.get(span.start..span.end).unwrap_or("");
    let trimmed = slice.trim_end_matches(['\r', '\n']);
    Span::new(span.start, span.start + trimmed.len())
}

/// Where `dest` is written inside an image's source, or the whole image if it cannot be found
/// (reference images, escapes).
fn locate_dest(text: &str, whole: Span, dest: &str) -> Span {
    let slice = text.get(whole.start..whole.end).unwrap_or("");
    if dest.is_empty() {
        return whole;
    }
    match rfind_dest(slice, dest) {
        Some(i) => Span::new(whole.start + i, whole.start + i + dest.len()),
        None => whole,
    }
}

/// `whole.rfind(dest)`, where `whole` is a link or image and `dest` its destination:
/// usually written last, just before the closing `)`, which is checked first. No later
/// occurrence can exist then, unless `whole` ends with `dest` itself (checked before).
fn rfind_dest(whole: &str, dest: &str) -> Option<usize> {
    if !whole.ends_with(dest)
        && let Some(inner) = whole.strip_suffix(')')
        && inner.ends_with(dest)
    {
        return Some(inner.len() - dest.len());
    }
    whole.rfind(dest)
}

/// `text.split_whitespace().collect::<Vec<_>>().join(" ")`, borrowed when it is already so
/// (most headings and speaker names): no copy to give back.
pub(crate) fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    if is_collapsed(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

/// Is `text` its own [`collapse_whitespace`]: no whitespace but single ASCII spaces between
/// words? Eight bytes at a time (a heading or name is a few dozen bytes, and the byte loop
/// of [`is_collapsed_plain`] cost about 13 instructions a byte): two spaces in a row fail,
/// and so does a lead byte that starts Unicode white space (looked for only in words with
/// a byte past ASCII); text with control bytes (`\t`..`\r` among them), and text too short
/// for a word, is left to the plain loop. A test compares the two.
fn is_collapsed(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() < 8 {
        return is_collapsed_plain(text);
    }
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut previous_space = false;
    let flow = for_words(bytes, |base, x, fresh| {
        if controls(x) != 0 {
            return ControlFlow::Break(is_collapsed_plain(text));
        }
        // The last word overlaps the one before it: its every pair of bytes is in the text,
        // and the pair before it was in that word.
        previous_space &= fresh == TOPS;
        let spaces = zero_bytes(x ^ (ONES * u64::from(b' ')));
        if spaces & (spaces << 8) != 0 || (previous_space && spaces & 0x80 != 0) {
            return ControlFlow::Break(false);
        }
        previous_space = spaces >> 63 != 0;
        if x & TOPS != 0 && unicode_spaces(x, fresh, bytes, base) != 0 {
            return ControlFlow::Break(false);
        }
        ControlFlow::Continue(())
    });
    match flow {
        ControlFlow::Break(collapsed) => collapsed,
        ControlFlow::Continue(()) => true,
    }
}

// Masks of eight bytes of UTF-8 (a little-endian word): the high bit of each byte that
// holds. Exact per byte: no sum carries from one byte into the next.

/// The bytes of `x` below 0x20: `(b & 0x7F) + 0x60` has its high bit unless
/// `b & 0x7F < 0x20`, and `| x` keeps the bytes from 0x80 out.
#[inline(always)]
fn controls(x: u64) -> u64 {
    !(((x & LOW7) + ONES * 0x60) | x) & TOPS
}

/// The bytes of `x` that are zero.
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    !(((x & LOW7) + LOW7) | x | LOW7)
}

/// How many of the `fresh` bytes of `x` (the word at `base` in `bytes`) start Unicode white
/// space: the lead bytes `0xC2` and `0xE0`..`0xE3` (`x ^ 0xE0` below 4, found as
/// [`controls`] are), each checked with [`starts_with_unicode_space`].
#[inline(always)]
fn unicode_spaces(x: u64, fresh: u64, bytes: &[u8], base: usize) -> usize {
    let e = x ^ (ONES * 0xE0);
    let mut leads =
        ((!(((e & LOW7) + ONES * 0x7C) | e) & TOPS) | zero_bytes(x ^ (ONES * 0xC2))) & fresh;
    let mut count = 0;
    while leads != 0 {
        let at = base + (leads.trailing_zeros() / 8) as usize;
        count += usize::from(bytes.get(at..).is_some_and(starts_with_unicode_space));
        leads &= leads - 1;
    }
    count
}

/// Calls `f` with each little-endian word of eight of `bytes` (eight or more), its offset
/// and the high bits of its bytes not seen in an earlier word: the last word is the last
/// eight bytes, and overlaps the one before it unless the length is a multiple of eight.
/// A plain loop: as an iterator (chunks, enumerate, chain) it cost twice as much.
#[inline(always)]
fn for_words<B>(
    bytes: &[u8],
    mut f: impl FnMut(usize, u64, u64) -> ControlFlow<B>,
) -> ControlFlow<B> {
    let mut base = 0;
    while let Some(eight) = bytes.get(base..base + 8) {
        f(base, first_eight(eight), TOPS)?;
        base += 8;
    }
    let rest = bytes.len() - base;
    if rest > 0
        && let Some(last) = bytes.len().checked_sub(8)
        && let Some(eight) = bytes.get(last..)
    {
        f(last, first_eight(eight), TOPS << (8 * (8 - rest)))?;
    }
    ControlFlow::Continue(())
}

/// [`is_collapsed`] one byte at a time: the reference the fast form is tested against, and
/// its answer for text with control characters. A non-ASCII character is looked at only
/// when its first byte is one that Unicode white space starts with.
fn is_collapsed_plain(text: &str) -> bool {
    let bytes = text.as_bytes();
    // The start counts as a space: a leading space is not collapsed.
    let mut after_space = true;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'\t'..=b'\r' => return false,
            0xC2 | 0xE1 | 0xE2 | 0xE3 if starts_with_unicode_space(&bytes[i..]) => return false,
            _ => after_space = false,
        }
    }
    bytes.is_empty() || !after_space
}

/// Does `bytes` start with the UTF-8 form of a non-ASCII character that
/// `char::is_whitespace` takes for white space: U+0085, U+00A0, U+1680, U+2000–U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000 (Unicode's `White_Space`; the test compares every
/// character).
fn starts_with_unicode_space(bytes: &[u8]) -> bool {
    matches!(
        bytes,
        [0xC2, 0x85 | 0xA0, ..]
            | [0xE1, 0x9A, 0x80, ..]
            | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
            | [0xE2, 0x81, 0x9F, ..]
            | [0xE3, 0x80, 0x80, ..]
    )
}

/// `t.chars().filter(|c| !c.is_whitespace()).count()`, eight bytes at a time: the
/// characters (bytes that are no continuation) less the spaces, ASCII and Unicode. Text
/// with control bytes, or too short for a word, is counted the plain way.
fn count_non_whitespace(t: &str) -> usize {
    let bytes = t.as_bytes();
    if bytes.len() < 8 {
        return count_non_whitespace_plain(t);
    }
    let mut not_counted = 0;
    let flow = for_words(bytes, |base, x, fresh| {
        if controls(x) != 0 {
            return ControlFlow::Break(count_non_whitespace_plain(t));
        }
        let mut skipped = zero_bytes(x ^ (ONES * u64::from(b' ')));
        if x & TOPS != 0 {
            // Continuation bytes, `0b10xx_xxxx`.
            skipped |= x & !(x << 1) & TOPS;
            not_counted += unicode_spaces(x, fresh, bytes, base);
        }
        not_counted += (skipped & fresh).count_ones() as usize;
        ControlFlow::Continue(())
    });
    match flow {
        ControlFlow::Break(count) => count,
        ControlFlow::Continue(()) => bytes.len() - not_counted,
    }
}

fn count_non_whitespace_plain(t: &str) -> usize {
    t.chars().filter(|c| !c.is_whitespace()).count()
}

/// `t.trim().is_empty()`, answered by the first byte for most texts (a word).
fn is_blank(t: &str) -> bool {
    match t.as_bytes().first() {
        Some(&b) if b.is_ascii() && !matches!(b, b' ' | b'\t'..=b'\r') => false,
        _ => t.chars().all(char::is_whitespace),
    }
}

fn is_only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match after.find("-->") {
            Some(end) => rest = after[end + 3..].trim_start(),
            None => return true,
        }
    }
    rest.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, span: Span) -> &str {
        &text[span.start..span.end]
    }

    #[test]
    fn headings_keep_level_text_span_and_emphasis() {
        let text = "---\nt: 1\n---\n# Top\n\n### **1. Building**\n\n## Plain *part*\n";
        let body = Body::parse(text, 12);
        let h: Vec<_> = body
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str(), slice(text, h.span), h.emphasis))
            .collect();
        assert_eq!(
            h,
            vec![
                (1, "Top", "# Top", None),
                (
                    3,
                    "1. Building",
                    "### **1. Building**",
                    Some(Emphasis::Bold)
                ),
                (2, "Plain part", "## Plain *part*", None),
            ]
        );
    }

    /// A heading is emphasised whole when it has no plain text and some bold or italic,
    /// the style with more characters (bold on a tie); white space counts for nothing.
    #[test]
    fn a_heading_is_emphasised_by_its_styles_characters() {
        for (heading, want) in [
            ("## **Bold**", Some(Emphasis::Bold)),
            ("## *Italic*", Some(Emphasis::Italic)),
            ("## Plain", None),
            ("## Plain **bold**", None),
            ("## **Bold** plain", None),
            ("## **Bold** *it*", Some(Emphasis::Bold)),
            ("## **b** *italic*", Some(Emphasis::Italic)),
            ("## **ab** *cd*", Some(Emphasis::Bold)),
            ("## **Bold**\u{a0}", Some(Emphasis::Bold)),
            ("## **Bold** *it* x", None),
            ("## ***Both***", Some(Emphasis::Bold)),
            ("## *a **bb***", Some(Emphasis::Bold)),
            ("## *abc **d***", Some(Emphasis::Italic)),
            ("## ** **", None),
            ("## `code` **bold**", None),
        ] {
            let body = Body::parse(heading, 0);
            let got = body.headings.first().map(|h| h.emphasis);
            assert_eq!(got, Some(want), "{heading:?}");
        }
    }

    #[test]
    fn list_items_nest_and_keep_their_lead() {
        let text = "- **Speakers:**\n  - **Mr. X:** CTO\n- Plain – role\n";
        let body = Body::parse(text, 0);
        let items = &body.list_items;
        assert_eq!(items.len(), 3);
        assert_eq!(
            items[0].lead_strong.map(|l| slice(text, l)),
            Some("**Speakers:**")
        );
        // The lead's text is the bold lead of the same span.
        let lead = body
            .bold_leads
            .iter()
            .find(|l| Some(l.span) == items[0].lead_strong);
        assert_eq!(lead.map(|l| l.text.as_str()), Some("Speakers:"));
        assert_eq!(items[1].parent, Some(0));
        assert_eq!(items[1].depth, 1);
        assert_eq!(
            items[1].lead_strong.map(|l| slice(text, l)),
            Some("**Mr. X:**")
        );
        assert_eq!(items[2].lead_strong, None);
        assert_eq!(slice(text, items[2].span), "- Plain – role\n");
    }

    #[test]
    fn images_from_markdown_html_and_figure() {
        let text = "![Alt one](/images/a.jpg)\n\n<img src=\"b.png\" alt=\"B\">\n\n{{< figure src=\"/c.jpg\" alt=\"C\" >}}\n";
        let body = Body::parse(text, 0);
        let got: Vec<_> = body
            .images
            .iter()
            .map(|i| {
                (
                    i.alt.as_str(),
                    i.dest.as_str(),
                    slice(text, i.dest_span),
                    i.source,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "Alt one",
                    "/images/a.jpg",
                    "/images/a.jpg",
                    ImageSource::Markdown
                ),
                ("B", "b.png", "b.png", ImageSource::Html),
                ("C", "/c.jpg", "/c.jpg", ImageSource::Figure),
            ]
        );
    }

    #[test]
    fn images_whose_destination_is_a_shortcode() {
        let text = "![AI week]({{< relURL \"images/event1.jpg\" >}})\n\n![b](/b.png)\n";
        let body = Body::parse(text, 0);
        let got: Vec<_> = body
            .images
            .iter()
            .map(|i| (i.alt.as_str(), slice(text, i.dest_span), i.source))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "AI week",
                    "{{< relURL \"images/event1.jpg\" >}}",
                    ImageSource::Markdown
                ),
                ("b", "/b.png", ImageSource::Markdown),
            ]
        );
    }

    /// A shortcode destination on the next line, or after tabs or a no-break space, is
    /// found as the pattern finds it: the screen before the pattern looked only for `]({{`
    /// and `]( {{`, and passed such pages over.
    #[test]
    fn shortcode_destinations_after_any_whitespace() {
        let gaps = [
            "", " ", "  ", "\n", "\r\n", "\t", " \n  ", "\u{a0}", "\u{2003}",
        ];
        for gap in gaps {
            let text = format!("![Alt]({gap}{{{{< relURL \"a.jpg\" >}}}})\n");
            let body = Body::parse(&text, 0);
            let got: Vec<_> = body
                .images
                .iter()
                .map(|i| slice(&text, i.dest_span))
                .collect();
            assert_eq!(got, vec!["{{< relURL \"a.jpg\" >}}"], "{gap:?}");
        }
    }

    /// The screen passes every text the pattern matches in, and rules out texts with no
    /// `](` before a `{{`.
    #[test]
    fn shortcode_image_screen_passes_every_match() {
        let pieces = [
            "![a](",
            "![",
            "](",
            "{{< x >}}",
            "{{% y %}}",
            "{{",
            "}}",
            ")",
            " ",
            "\n",
            "\t",
            "\u{a0}",
            "é",
            "]",
            "x",
        ];
        let mut state: u32 = 7;
        let mut next = |n: usize| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as usize % n
        };
        let (mut matched, mut screened_out) = (0, 0);
        for _ in 0..100_000 {
            let len = next(9);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            let passes = may_hold_shortcode_image(&text);
            if SHORTCODE_IMAGE.is_match(&text) {
                assert!(passes, "{text:?}");
                matched += 1;
            }
            screened_out += usize::from(!passes);
        }
        assert!(
            matched > 100 && screened_out > 1_000,
            "{matched} {screened_out}"
        );
        assert!(!may_hold_shortcode_image("[a] ({{< x >}})"));
        assert!(!may_hold_shortcode_image("]( x {{< x >}})"));
    }

    #[test]
    fn content_starts_skip_headings_rules_and_comments() {
        let text = "## A\n\n---\n\n<!-- note -->\n\n## B\n\ntext\n";
        let body = Body::parse(text, 0);
        assert_eq!(body.content_starts, vec![text.find("text").unwrap_or(0)]);
    }

    #[test]
    fn text_helpers_agree_with_the_plain_std_forms() {
        let texts = [
            "",
            " ",
            "plain",
            " lead and trail ",
            "two  spaces",
            "tab\there",
            "vt\u{b}ff\u{c}cr\r",
            "nbsp\u{a0}inside",
            "\u{3000}ideographic\u{2003}",
            "Mục  Đích ",
            "Mục Đích",
            "Nguye\u{302}\u{303}n Va\u{306}n",
            "crlf\r\nline",
            "soft\nbreak",
            "a \u{85}b",
            "a\u{1680}b",
            "a\u{200a}b",
            "a\u{200b}b",
            "a\u{2028}b\u{2029}c",
            "a\u{202f}b\u{205f}c",
            "©® ÷ ẞ ế ắ",
            "\u{a0}",
            "x ",
            "x  y",
            "`code` and *em*",
        ];
        for text in texts {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            let collapsed = collapse_whitespace(text);
            assert_eq!(collapsed, joined, "{text:?}");
            // Borrowed exactly when nothing changes.
            assert_eq!(
                matches!(collapsed, Cow::Borrowed(_)),
                joined == text,
                "{text:?}"
            );
            let count = text.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(count_non_whitespace(text), count, "{text:?}");
            assert_eq!(is_collapsed(text), is_collapsed_plain(text), "{text:?}");
            assert_eq!(is_blank(text), text.trim().is_empty(), "{text:?}");
        }
        let cases = [
            ("![a](x.jpg)", "x.jpg"),
            ("![x.jpg](x.jpg)", "x.jpg"),
            ("[a](b) (c)", "b"),
            ("[a](f(x))", "f(x)"),
            ("[a](f(x)))", "f(x))"),
            ("[a](x))", "x)"),
            ("[a](u \"t\")", "u"),
            ("<https://x.org>", "https://x.org"),
            ("[a](b)", "zz"),
        ];
        for (whole, dest) in cases {
            assert_eq!(rfind_dest(whole, dest), whole.rfind(dest), "{whole} {dest}");
        }
    }

    #[test]
    fn word_at_a_time_helpers_agree_with_the_plain_forms() {
        // Every sequence of up to three pieces, moved across the eight-byte words by a
        // prefix and a suffix: spaces (ASCII, Unicode, doubled), control bytes, CRLF, tabs,
        // letters whose lead bytes are those of Unicode spaces (`ế`, `–`, `、`), others.
        let pieces = [
            "a", " ", "  ", "\t", "\u{a0}", "ế", "\u{3000}", "–", "\u{2009}", "\r\n", "\u{1}", "é",
            "\u{85}", "、", "\u{2028}", "©",
        ];
        let mut texts = crate::test_inputs::every_text(&pieces, 3);
        texts.sort();
        texts.dedup();
        let mut checked = 0;
        for middle in &texts {
            for prefix in 0..9 {
                for suffix in 0..3 {
                    let text = format!("{}{middle}{}", "b".repeat(prefix), "c".repeat(suffix));
                    for t in [text.as_str(), middle.as_str()] {
                        let joined = t.split_whitespace().collect::<Vec<_>>().join(" ");
                        assert_eq!(is_collapsed(t), joined == t, "{t:?}");
                        assert_eq!(is_collapsed(t), is_collapsed_plain(t), "{t:?}");
                        assert_eq!(
                            count_non_whitespace(t),
                            count_non_whitespace_plain(t),
                            "{t:?}"
                        );
                        assert_eq!(is_blank(t), t.trim().is_empty(), "{t:?}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    #[test]
    fn footnotes_are_looked_for_only_where_a_caret_is() {
        let texts = [
            "# A\n\nText.[^1]\n\n[^1]: The note.\n",
            "- item[^n]\n\n  [^n]: nested\n    more\n",
            "Para\n[^x]: interrupts?\n",
            "2^10 and x^2, no note\n\n| a^b | c |\n|---|---|\n| 1 | 2 |\n",
            "[^]: empty label\n\n[^ 1]\n",
            "# Plain {#id}\n\nText with {{< figure src=\"a.jpg\" >}} and no caret.\n",
            "Nothing special here.\n\n- **Lead** – x\n",
            "[link][^1]\n\n[^1]: https://x.org\n",
            // No caret: the footnote option is off for these, and nothing else the option
            // touches (link reference definitions, bracketed labels, tables, lists,
            // reference images) may parse differently for it.
            "See [the site][x] and [x].\n\n[x]: https://x.org \"Title\"\n",
            "[1]: https://one.org\n[label]\n\n- [1] item\n- [a]: b\n",
            "| [a] | [b][1] |\n|---|---|\n| ![i][img] | x |\n\n[img]: a.jpg\n[1]: /b\n",
            "1. first [ref]\n   [ref]: /r\n2. second\n\n> [q]: /quoted\n> [q]\n",
            "Para\n[x]: /interrupts-not\n\n[ x ]: /spaced\n[ x ]\n",
            "[]: empty\n\n[*]: star\n\n[*]\n",
        ];
        for text in texts {
            let marks = Marks::of(text.as_bytes());
            // The same as the marks found, with footnotes on always.
            let all = Marks {
                brace: text.find('{'),
                caret: true,
            };
            assert_eq!(marks.caret, text.contains('^'), "{text:?}");
            assert_eq!(marks.brace, text.find('{'), "{text:?}");
            let fast = format!("{:?}", Body::parse_with(text, 0, &marks));
            let plain = format!("{:?}", Body::parse_with(text, 0, &all));
            assert_eq!(fast, plain, "{text:?}");
        }
        // And the option matters where there is one: the test is not vacuous.
        let with = format!("{:?}", Body::parse("Text.[^1]\n\n[^1]: Note.\n", 0));
        let without = Marks {
            brace: None,
            caret: false,
        };
        let without = format!(
            "{:?}",
            Body::parse_with("Text.[^1]\n\n[^1]: Note.\n", 0, &without)
        );
        assert_ne!(with, without);
    }

    #[test]
    fn unicode_space_bytes_are_the_white_space_characters() {
        let mut buf = [0u8; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if c.is_ascii() {
                continue;
            }
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            assert_eq!(starts_with_unicode_space(bytes), c.is_whitespace(), "{c:?}");
            // As the first character of a word too: `x` then `c`, and `c` then `x`.
            let word = format!("x{c}x");
            assert_eq!(is_collapsed(&word), !c.is_whitespace(), "{c:?}");
            assert_eq!(is_collapsed_plain(&word), !c.is_whitespace(), "{c:?}");
            let count = word.chars().filter(|c| !c.is_whitespace()).count();
            assert_eq!(count_non_whitespace(&word), count, "{c:?}");
        }
    }

    #[test]
    fn element_texts_through_the_parser() {
        // Headings and cells with CRLF, tabs, NBSP, soft breaks, code and emphasis: the
        // text is the plain collapse of what the parser gives.
        let text = "# A\u{a0} *b*\t`c`  d\r\n\nSetext\r\nheading  *two*\r\n===\r\n\n| x\u{3000}y | `z` *w* |\n|---|---|\n| 1 | 2 |\n";
        let body = Body::parse(text, 0);
        let h: Vec<&str> = body.headings.iter().map(|h| h.text.as_str()).collect();
        assert_eq!(h, vec!["A b c d", "Setext heading two"]);
        assert_eq!(body.tables[0].header[0].text, "x\u{3000}y");
        assert_eq!(body.tables[0].header[1].text, "z w");
    }

    #[test]
    fn tables_have_header_and_rows() {
        let text = "| Speaker | Title |\n|---|---|\n| A | CTO |\n";
        let body = Body::parse(text, 0);
        assert_eq!(body.tables.len(), 1);
        assert_eq!(body.tables[0].header[0].text, "Speaker");
        assert_eq!(body.tables[0].rows[0][1].text, "CTO");
    }
}
