//! What the across-reports phase knows of a page: a few front matter values, the H1, the
//! images, links (of a section's list page) and a fingerprint of the text, with spans.
//! Small and kept after the page's text is dropped: a run holds one per page, so each
//! holds only what the across-pages checks read, without spare capacity.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::checks::image_resolve::{self, Dest, Resolution};
use crate::checks::{translation_mismatch, weight_duplicate};
use crate::document::{Document, ImageSource, ValueKind};
use crate::hash::{hash_bytes, hash_text, mix};
use crate::span::Span;
use crate::swar::{LOW7, ONES, TOPS, ascii_lowered, first_eight, gather_tops};

/// Front matter keys the across-reports checks compare.
const KEPT_FIELDS: &[&str] = &["title", "date", "weight", "pre", "translationkey"];

/// How many minimum hashes make a text fingerprint.
pub const FINGERPRINT: usize = 32;

/// A byte range in 32 bits a side (a page is at most 8 MiB): where a kept text is in
/// [`Summary`]'s text, or a span of the page. Half the size of a [`Span`], for the
/// thousands of summaries a run keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Piece {
    start: u32,
    end: u32,
}

impl Piece {
    fn new(start: usize, end: usize) -> Piece {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Piece {
            start: small(start),
            end: small(end),
        }
    }

    fn of(span: Span) -> Piece {
        Piece::new(span.start, span.end)
    }

    fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }

    /// The piece of `text` (a summary's kept texts) this range covers; empty if none.
    fn in_text(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or("")
    }
}

/// A front matter scalar the across-pages checks compare.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Field {
    /// The key, lower-cased: an index into [`KEPT_FIELDS`].
    key: u8,
    /// The value as text.
    value: Piece,
    /// Where the value is.
    span: Piece,
}

/// An image of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
struct KeptImage {
    dest: Piece,
    /// Where the destination is.
    span: Piece,
    /// What the image is written as (Markdown, raw `<img>`, `figure`): only Markdown
    /// images go through an image render hook.
    source: ImageSource,
    /// Whether a render hook finds the file (see [`Summary::mark_images`]).
    through_hook: bool,
    /// Whether the destination is a local path from the site root (`/images/x.jpg`), as
    /// [`image_resolve::classify`] reads it; set with `through_hook`.
    root_relative: bool,
}

/// An image of a summarized page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageImage<'a> {
    /// The destination as written.
    pub dest: &'a str,
    /// Where the destination is.
    pub span: Span,
    /// What the image is written as (Markdown, raw `<img>`, `figure`).
    pub source: ImageSource,
    /// Whether a render hook finds the file (a page resource, an `assets/` file), as the
    /// per-page phase resolved it; `false` when it did not say.
    pub through_hook: bool,
    /// Whether the destination is a local path from the site root (`/images/x.jpg`), as
    /// the per-page phase classified it with `through_hook`; `false` when it did not say.
    pub root_relative: bool,
}

/// What the across-pages checks read of one page. The texts (field values, the H1, image
/// and link destinations) are one string, which the lists point into: a few allocations
/// per page, not one per text.
#[derive(Debug, Clone)]
pub struct Summary {
    /// The page's path, shared with its [`FileReport`](crate::engine::FileReport).
    pub path: Arc<Path>,
    pub is_report: bool,
    /// The event section's own list page (`content/4-EventParticipated/_index.md`).
    pub is_section_index: bool,
    /// The page's language (by its file name and the site's languages), shared by the
    /// pages of a language (see [`crate::diagnostic::intern`]).
    pub lang: &'static str,
    /// The span of the front matter block, when the page has one.
    pub front_matter: Option<Span>,
    /// Hash of the whole file's bytes (a twin identical to its sibling was never translated).
    pub text_hash: u64,
    /// MinHash of the body's word 5-grams: near-identical bodies share most entries. Empty
    /// for a body too short to say, and for a page that is not a report (only reports are
    /// compared).
    pub fingerprint: Box<[u64]>,
    /// The kept texts, one after another.
    text: Box<str>,
    /// Selected front matter scalars ([`KEPT_FIELDS`]): the first of a key only.
    fields: Box<[Field]>,
    h1: Option<(Piece, Piece)>,
    /// A hash of the event the H1 names, as the duplicate-event check compares it (a
    /// report's only): a hash, not the name, as the summary is kept for the whole run.
    name_hash: Option<u64>,
    /// Hashes of the page's groups across pages, a report's only (0 otherwise): its menu
    /// parent ([`weight_duplicate::menu_hash`]) and its translations
    /// ([`translation_mismatch::twin_hash`]). Made while the page is linted, so that the
    /// across-pages phase groups numbers rather than take every report's path apart.
    menu_hash: u64,
    twin_hash: u64,
    /// In order.
    images: Box<[KeptImage]>,
    /// Link destinations with their spans, in order: of a section's list page only (the
    /// only links an across-pages check follows).
    links: Box<[(Piece, Piece)]>,
}

/// Collects a summary's texts into one string.
#[derive(Default)]
struct Texts {
    text: String,
}

impl Texts {
    fn add(&mut self, s: &str) -> Piece {
        let start = self.text.len();
        self.text.push_str(s);
        Piece::new(start, self.text.len())
    }
}

/// The index in [`KEPT_FIELDS`] of a front matter key, compared lower-cased.
fn kept_field(key: &str) -> Option<u8> {
    let at = KEPT_FIELDS.iter().position(|k| {
        if key.is_ascii() {
            k.eq_ignore_ascii_case(key)
        } else {
            **k == key.to_lowercase()
        }
    })?;
    u8::try_from(at).ok()
}

impl Summary {
    pub fn of(
        doc: &Document,
        path: Arc<Path>,
        is_report: bool,
        is_section_index: bool,
        lang: &'static str,
    ) -> Self {
        // The kept fields' values as text first, so that the one string of texts is
        // allocated at its final size (it grew by doubling and was then shrunk: half a
        // dozen reallocations a page).
        let mut kept: Vec<(u8, Cow<'_, str>, Span)> = Vec::new();
        if let Some(fm) = doc.fm() {
            for field in &fm.fields {
                let Some(key) = kept_field(&field.key) else {
                    continue;
                };
                if kept.iter().any(|(k, _, _)| *k == key) {
                    continue;
                }
                let value: Cow<'_, str> = match &field.value.kind {
                    ValueKind::Str { text, .. } | ValueKind::Datetime(text) => Cow::Borrowed(text),
                    ValueKind::Int(i) => Cow::Owned(i.to_string()),
                    ValueKind::Float(f) => Cow::Owned(f.to_string()),
                    ValueKind::Bool(b) => Cow::Owned(b.to_string()),
                    _ => continue,
                };
                kept.push((key, value, field.value.span));
            }
        }
        let links_len = match is_section_index {
            true => doc.body.links.iter().map(|l| l.dest.len()).sum(),
            false => 0,
        };
        let len = kept.iter().map(|(_, v, _)| v.len()).sum::<usize>()
            + doc.h1().map_or(0, |h| h.text.len())
            + doc.body.images.iter().map(|i| i.dest.len()).sum::<usize>()
            + links_len;
        let mut texts = Texts {
            text: String::with_capacity(len),
        };
        let fields: Vec<Field> = kept
            .iter()
            .map(|(key, value, span)| Field {
                key: *key,
                value: texts.add(value),
                span: Piece::of(*span),
            })
            .collect();
        let h1 = doc.h1().map(|h| (texts.add(&h.text), Piece::of(h.span)));
        let name_hash = doc
            .h1()
            .filter(|_| is_report)
            .and_then(|h| crate::checks::duplicate_event::name_key(&h.text))
            .map(|key| hash_bytes(key.as_bytes()));
        let (menu_hash, twin_hash) = match is_report {
            true => (
                weight_duplicate::menu_hash(&path),
                translation_mismatch::twin_hash(&path),
            ),
            false => (0, 0),
        };
        let images = doc
            .body
            .images
            .iter()
            .map(|i| KeptImage {
                dest: texts.add(&i.dest),
                span: Piece::of(i.dest_span),
                source: i.source,
                through_hook: false,
                root_relative: false,
            })
            .collect();
        let links = match is_section_index {
            true => doc
                .body
                .links
                .iter()
                .map(|l| (texts.add(&l.dest), Piece::of(l.span)))
                .collect(),
            false => Box::default(),
        };
        Summary {
            path,
            is_report,
            is_section_index,
            lang,
            front_matter: doc.block.as_ref().map(|b| b.span),
            text_hash: hash_text(doc.text.as_bytes()),
            fingerprint: match is_report {
                true => fingerprint(doc.text.get(doc.body_start..).unwrap_or("")),
                false => Box::default(),
            },
            text: texts.text.into_boxed_str(),
            fields: fields.into_boxed_slice(),
            h1,
            name_hash,
            menu_hash,
            twin_hash,
            images,
            links,
        }
    }

    /// A summary of a page without front matter, heading, images or text: what a test
    /// starts from.
    pub fn empty(path: Arc<Path>, lang: &'static str, is_report: bool) -> Self {
        Summary {
            path,
            is_report,
            is_section_index: false,
            lang,
            front_matter: None,
            text_hash: 0,
            fingerprint: Box::default(),
            text: Box::default(),
            fields: Box::default(),
            h1: None,
            name_hash: None,
            menu_hash: 0,
            twin_hash: 0,
            images: Box::default(),
            links: Box::default(),
        }
    }

    fn text(&self, piece: Piece) -> &str {
        piece.in_text(&self.text)
    }

    /// The value of front matter field `key` (lower-case: `title`, `date`, `weight`, `pre`
    /// or `translationkey`) and its span.
    pub fn field(&self, key: &str) -> Option<(&str, Span)> {
        let key = KEPT_FIELDS.iter().position(|k| *k == key)?;
        self.fields
            .iter()
            .find(|f| usize::from(f.key) == key)
            .map(|f| (self.text(f.value), f.span.span()))
    }

    /// The page's first H1 and its span.
    pub fn h1(&self) -> Option<(&str, Span)> {
        self.h1.map(|(text, span)| (self.text(text), span.span()))
    }

    /// A hash of the event the page's H1 names, as the duplicate-event check compares it
    /// ([`name_key`](crate::checks::duplicate_event::name_key)): a report's with an H1
    /// that names one. Equal names have equal hashes; the check confirms equal hashes
    /// from the H1s.
    pub fn name_hash(&self) -> Option<u64> {
        self.name_hash
    }

    /// A hash of the folder whose children are the page's siblings in the menu (see
    /// [`weight_duplicate::menu_hash`]); a report's only.
    pub fn menu_hash(&self) -> u64 {
        self.menu_hash
    }

    /// A hash of what the page's translations share (see
    /// [`translation_mismatch::twin_hash`]); a report's only.
    pub fn twin_hash(&self) -> u64 {
        self.twin_hash
    }

    /// The page's images, in order.
    pub fn images(&self) -> impl Iterator<Item = PageImage<'_>> {
        self.images.iter().map(|i| PageImage {
            dest: self.text(i.dest),
            span: i.span.span(),
            source: i.source,
            through_hook: i.through_hook,
            root_relative: i.root_relative,
        })
    }

    /// Record which images a render hook finds, from the page's resolutions (one per image,
    /// in order, as [`crate::checks::images::resolve_all`] makes them), and which are
    /// written from the site root, while the page is in hand: the across-pages phase then
    /// need not resolve nor classify them again.
    pub fn mark_images(&mut self, resolutions: &[Option<Resolution>]) {
        let text = &self.text;
        for (image, resolution) in self.images.iter_mut().zip(resolutions) {
            image.through_hook = resolution.as_ref().is_some_and(Resolution::through_hook);
            image.root_relative = matches!(
                image_resolve::classify(image.dest.in_text(text)),
                Dest::Local {
                    root_relative: true,
                    ..
                }
            );
        }
    }

    /// The links of a section's list page in order (none for other pages): destination
    /// and span.
    pub fn links(&self) -> impl Iterator<Item = (&str, Span)> {
        self.links
            .iter()
            .map(|(dest, span)| (self.text(*dest), span.span()))
    }

    /// Share of fingerprint entries two bodies have in common (an estimate of their
    /// Jaccard similarity); 0 when either is too short to say.
    pub fn similarity(&self, other: &Summary) -> f64 {
        if self.fingerprint.is_empty() || other.fingerprint.is_empty() {
            return 0.0;
        }
        let same = self
            .fingerprint
            .iter()
            .zip(&other.fingerprint)
            .filter(|(a, b)| a == b)
            .count();
        same as f64 / FINGERPRINT as f64
    }
}

/// A fingerprint of the body's word 5-grams (words as [`for_each_word_hash`] cuts them):
/// one-permutation MinHash. Each 5-gram is hashed once; the top bits of
/// the hash pick one of `FINGERPRINT` bins and each bin keeps the smallest hash it gets.
/// Two bodies agree on a bin with probability their Jaccard similarity, as with one hash
/// function per entry, at a 32nd of the cost. Bins left empty (short bodies) borrow the
/// nearest filled bin to their right, marked by the distance ("densification"), so that
/// they still compare like independent entries. Empty when the body has under 20 words.
fn fingerprint(body: &str) -> Box<[u64]> {
    const MIN_WORDS: usize = 20;
    const GRAM: usize = 5;
    // The gram's hash is a polynomial in its word hashes, rolled one word at a time:
    // h = w0·B⁴ + w1·B³ + w2·B² + w3·B + w4 (wrapping). The word hashes come unmixed
    // (their bytes as numbers): the odd multiplier and the gram's final `mix` spread them,
    // and mixing each word too cost 2% of a run's instructions.
    const B: u64 = 0x9E37_79B9_7F4A_7C15;
    const B4: u64 = B.wrapping_mul(B).wrapping_mul(B).wrapping_mul(B);
    const BIN_BITS: u32 = FINGERPRINT.trailing_zeros();
    // The last words' hashes, the word GRAM back read before the new one is written: a
    // ring of eight (a power of two, so the index is a mask), zero before the first word
    // so that the first GRAM words drop nothing. Each word goes into the gram as it is
    // hashed, in the word scan's loop: no buffer of the body's word hashes to write and
    // read again (fewer instructions a word than two loops over a buffer now).
    let mut last = [0u64; 8];
    let mut words = 0usize;
    let mut rolling = 0u64;
    let mut bins = [u64::MAX; FINGERPRINT];
    for_each_word_hash(body, |word| {
        let oldest = last[words.wrapping_sub(GRAM) % last.len()];
        last[words % last.len()] = word;
        words += 1;
        rolling = rolling
            .wrapping_sub(oldest.wrapping_mul(B4))
            .wrapping_mul(B)
            .wrapping_add(word);
        // From the GRAM-th word on, each word ends a gram.
        if words >= GRAM {
            let h = mix(rolling);
            let bin = (h >> (64 - BIN_BITS)) as usize;
            let value = h & (u64::MAX >> BIN_BITS);
            bins[bin] = bins[bin].min(value);
        }
    });
    if words < MIN_WORDS {
        return Box::default();
    }
    let mut out: Box<[u64]> = Box::new(bins);
    for (i, slot) in out.iter_mut().enumerate() {
        if *slot != u64::MAX {
            continue;
        }
        // The nearest filled bin to the right, cyclically (one exists: words >= GRAM).
        if let Some((distance, value)) = (1..FINGERPRINT)
            .map(|d| (d, bins[(i + d) % FINGERPRINT]))
            .find(|(_, v)| *v != u64::MAX)
        {
            *slot = mix(value ^ (distance as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
        }
    }
    out
}

/// What each byte is to a word: 0 ends it (ASCII other than letters and digits); a letter
/// or digit gives itself lower-cased; a byte of a non-ASCII character gives itself, so that
/// such characters are part of words (Vietnamese letters with their diacritics, but also
/// dashes and quotes: harmless for comparing texts, and it saves decoding UTF-8). The
/// definition [`for_each_word_hash`] computes eight bytes at a time.
#[cfg(test)]
static WORD_BYTE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c >= 0x80 {
            table[b] = c;
        } else if c.is_ascii_alphanumeric() {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// An odd multiplier (the golden ratio's) for the words longer than eight bytes.
const WORD_MUL: u64 = 0x9E37_79B9_7F4A_7C15;

/// The top bit set in each byte of `x` that is part of a word: an ASCII letter or digit (`+ 0x50` reaches 0x80 from `0` on, `+ 0x46` past `9`), or a
/// byte of a character outside ASCII.
fn word_bytes(x: u64) -> u64 {
    let low = x & LOW7;
    let y = low | (ONES * 0x20);
    let letters = (y + ONES * 0x1F) & !(y + ONES * 0x05);
    let digits = (low + ONES * 0x50) & !(low + ONES * 0x46);
    (letters | digits | x) & TOPS
}

/// The low `n` bytes of a `u64`, for `n` from 0 to 8.
const LOW_BYTES: [u64; 9] = {
    let mut table = [0u64; 9];
    let mut n = 1;
    while n < 9 {
        table[n] = u64::MAX >> (64 - 8 * n);
        n += 1;
    }
    table
};

/// The eight bytes of `bytes` at `at`, little-endian; the word scan keeps every load a word
/// makes inside `bytes` (see [`for_each_word_hash`]).
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    first_eight(bytes.get(at..at + 8).unwrap_or_default())
}

/// The hash of the word `bytes[start..end]`: its bytes lower-cased as one or two
/// little-endian numbers (the second times [`WORD_MUL`]), without loss up to sixteen
/// bytes; a longer word folds in eight bytes at a time. Not mixed (see [`fingerprint`]).
#[inline(always)]
fn word_hash(bytes: &[u8], start: usize, end: usize) -> u64 {
    let len = end - start;
    if len > 16 {
        let mut h = 0u64;
        let mut at = start;
        while at < end {
            let eight = load(bytes, at) & LOW_BYTES[(end - at).min(8)];
            h = (h ^ ascii_lowered(eight))
                .wrapping_mul(WORD_MUL)
                .rotate_left(29);
            at += 8;
        }
        return h;
    }
    let sixteen = bytes
        .get(start..start + 16)
        .and_then(|s| <[u8; 16]>::try_from(s).ok())
        .map_or(0, u128::from_le_bytes);
    let first = sixteen as u64 & LOW_BYTES[len.min(8)];
    let second = (sixteen >> 64) as u64 & LOW_BYTES[len.saturating_sub(8)];
    ascii_lowered(first) ^ ascii_lowered(second).wrapping_mul(WORD_MUL)
}

/// `bytes` in `buffer`, then zeros: at least one, up to a whole number of 64-byte blocks,
/// and 16 more. The word scan then reads whole blocks, and each word's loads, without a
/// check for the end of the text at each; a zero ends a word, as the end does, so the
/// blocks end every word.
fn padded<'b>(bytes: &[u8], buffer: &'b mut Vec<u8>) -> &'b [u8] {
    buffer.clear();
    buffer.extend_from_slice(bytes);
    buffer.resize((bytes.len() / 64 + 1) * 64 + 16, 0);
    buffer
}

/// Calls `f` with the hash of each word of `text` ([`word_hash`]), in order. A word is a
/// run of ASCII letters and digits and bytes of other characters (Vietnamese letters with
/// their diacritics, but also dashes and quotes: harmless for comparing texts, and it
/// saves decoding UTF-8); the tests hold this to the byte table `WORD_BYTE`. It runs over
/// every byte of every report: 64 bytes at a time, it finds which bytes are in words
/// (eight at a time, by byte-wise arithmetic: no table look-up or branch per byte), then
/// where words start and end from the bits that change, and hashes each word from whole
/// eight-byte loads. The text is read where it is up to the last block whose words' loads
/// all stay inside it (16 bytes from a word's start); the rest, from the word that runs
/// into it, is copied and padded with zeros ([`padded`]), so that no load needs a check.
fn for_each_word_hash(text: &str, mut f: impl FnMut(u64)) {
    thread_local! {
        static BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    }
    let bytes = text.as_bytes();
    let in_place = bytes.len().saturating_sub(16) / 64;
    let open = word_hashes_of_blocks(bytes, in_place, &mut f);
    let rest = bytes
        .get(open.unwrap_or(64 * in_place)..)
        .unwrap_or_default();
    let mut buffer = BUFFER.take();
    let tail = padded(rest, &mut buffer);
    // The padding's last 16 bytes are never a block's: they only serve the loads.
    let open = word_hashes_of_blocks(tail, (tail.len() - 16) / 64, &mut f);
    // The blocks end in a zero, which ends the last word: none is open here.
    debug_assert!(open.is_none());
    // Kept for the thread's next page, unless an unusual page (a long last word) made it
    // large.
    if buffer.capacity() <= 1 << 16 {
        BUFFER.set(buffer);
    }
}

/// The word scan of [`for_each_word_hash`] over the first `blocks` 64-byte blocks of
/// `bytes`, which must hold 16 bytes more: `f` gets the hash of each word that ends in
/// them. Returns where the word that runs past them starts, if one does.
#[inline(always)]
fn word_hashes_of_blocks(bytes: &[u8], blocks: usize, f: &mut impl FnMut(u64)) -> Option<usize> {
    // Where the word that runs into this block started, if one does.
    let mut open: Option<usize> = None;
    let scanned = bytes.get(..64 * blocks).unwrap_or_default();
    for (b, block) in scanned.chunks_exact(64).enumerate() {
        let base = 64 * b;
        let mut mask = 0u64;
        for (k, eight) in block.chunks_exact(8).enumerate() {
            let x = <[u8; 8]>::try_from(eight).map_or(0, u64::from_le_bytes);
            mask |= gather_tops(word_bytes(x)) << (8 * k);
        }
        let before = (mask << 1) | u64::from(open.is_some());
        let mut starts = mask & !before;
        let mut ends = !mask & before;
        if let Some(start) = open {
            let Some(end) = take_lowest(&mut ends) else {
                continue;
            };
            f(word_hash(bytes, start, base + end));
            open = None;
        }
        // Starts and ends alternate: each start's end is the first end left.
        while let Some(start) = take_lowest(&mut starts) {
            let Some(end) = take_lowest(&mut ends) else {
                open = Some(base + start);
                break;
            };
            f(word_hash(bytes, base + start, base + end));
        }
    }
    open
}

/// The place of the lowest bit set in `bits`, cleared; `None` when none is.
#[inline(always)]
fn take_lowest(bits: &mut u64) -> Option<usize> {
    let at = (*bits != 0).then(|| bits.trailing_zeros() as usize);
    *bits &= bits.wrapping_sub(1);
    at
}

/// [`for_each_word_hash`] as first written, one loop with an "in a word" flag over the
/// bytes by [`WORD_BYTE`], each word's hash from its bytes: the reference it is tested
/// against.
#[cfg(test)]
fn for_each_word_hash_by_flag(text: &str, mut f: impl FnMut(u64)) {
    fn hash(lower: &[u8]) -> u64 {
        let number = |part: &[u8]| {
            let mut eight = [0u8; 8];
            eight[..part.len()].copy_from_slice(part);
            u64::from_le_bytes(eight)
        };
        if lower.len() <= 16 {
            let (first, second) = lower.split_at(lower.len().min(8));
            return number(first) ^ number(second).wrapping_mul(WORD_MUL);
        }
        lower.chunks(8).fold(0, |h, part| {
            (h ^ number(part)).wrapping_mul(WORD_MUL).rotate_left(29)
        })
    }
    let mut word = Vec::new();
    for &b in text.as_bytes() {
        let v = WORD_BYTE[usize::from(b)];
        if v != 0 {
            word.push(v);
        } else if !word.is_empty() {
            f(hash(&word));
            word.clear();
        }
    }
    if !word.is_empty() {
        f(hash(&word));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str) -> Summary {
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        Summary::of(&doc, Arc::from(Path::new("x.md")), true, false, "en")
    }

    #[test]
    fn near_identical_bodies_are_similar_and_different_ones_are_not() {
        let a = "The workshop covered infrastructure as code with the CDK and Terraform, then moved to containers on ECS and EKS and closed with observability using CloudWatch and X-Ray for tracing requests.";
        let b = format!("{a} One more sentence at the end.");
        let c = "Generative AI with Amazon Bedrock was the theme: foundation models, prompt engineering, retrieval augmented generation, agents and guardrails were shown in live demos by the speakers all afternoon long.";
        assert!(summary(a).similarity(&summary(&b)) > 0.7);
        assert!(summary(a).similarity(&summary(c)) < 0.2);
    }

    /// A text of `n` words drawn from a small vocabulary by a fixed generator.
    fn words(seed: u64, n: usize) -> Vec<String> {
        let mut rng =
            crate::test_inputs::Xorshift::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        (0..n)
            .map(|_| format!("w{}", rng.next_u64() % 400))
            .collect()
    }

    #[test]
    fn similarity_tracks_the_share_of_shared_text() {
        let base = words(1, 600);
        let same = summary(&base.join(" "));
        assert_eq!(same.similarity(&summary(&base.join(" "))), 1.0);
        // Case and punctuation do not count.
        let shouted = base.join(", ").to_uppercase();
        assert_eq!(same.similarity(&summary(&shouted)), 1.0);
        // The last fifth rewritten: about 0.65 of the 5-grams are shared.
        let mut edited = base.clone();
        edited.truncate(480);
        edited.extend(words(2, 120));
        let s = same.similarity(&summary(&edited.join(" ")));
        assert!((0.45..0.9).contains(&s), "{s}");
        let other = summary(&words(3, 600).join(" "));
        assert!(same.similarity(&other) < 0.15);
        // Short bodies still compare (their empty bins borrow from filled ones).
        let short = words(4, 25).join(" ");
        assert_eq!(summary(&short).similarity(&summary(&short)), 1.0);
        assert!(summary(&short).similarity(&summary(&words(5, 25).join(" "))) < 0.3);
        assert!(summary(&words(6, 19).join(" ")).fingerprint.is_empty());
    }

    #[test]
    fn word_hashes_equal_the_flag_loop() {
        let texts = [
            "",
            " ",
            "one",
            "  two words  ",
            "Punctuation, dashes – and quotes: “Mục Đích” (of the EVENT)!",
            "a.b,c;d\te\nf",
            "averyveryverylongwordthatwrapsaroundthehash x",
            "trailing word",
            "eightchr",
            "eightchr ninechars sixteencharacter seventeencharacte",
            "x eightchr",
            "x eightchr.",
            "a ninechars",
            "Đích-đến của sự kiện: “Mục Đích” và nhiều chữ hơn nữa",
        ];
        for text in texts {
            assert_word_hashes_agree(text);
        }
        let long = words(7, 300).join(" ");
        assert_eq!(assert_word_hashes_agree(&long).len(), 300);
    }

    /// The word hashes of `text` by [`for_each_word_hash`], asserted equal to the flag
    /// loop's.
    fn assert_word_hashes_agree(text: &str) -> Vec<u64> {
        let mut fast = Vec::new();
        for_each_word_hash(text, |h| fast.push(h));
        let mut plain = Vec::new();
        for_each_word_hash_by_flag(text, |h| plain.push(h));
        assert_eq!(fast, plain, "{text:?}");
        fast
    }

    #[test]
    fn word_hashes_equal_the_flag_loop_on_every_short_text() {
        // Upper and lower case, digits, Vietnamese, NUL bytes, CRLF, and words of eight
        // (the unrolled step) and nine bytes, in every order up to four pieces.
        let pieces = [
            "a",
            "Q",
            "7",
            "ế",
            "Đi",
            " ",
            ",",
            "\r\n",
            "\0",
            "WordsOf8",
            "nine5678X",
            "–",
        ];
        for text in crate::test_inputs::every_text(&pieces, 4) {
            assert_word_hashes_agree(&text);
        }
    }

    #[test]
    fn word_hashes_and_fingerprints_equal_the_references_on_random_texts() {
        const LETTERS: &[&str] = &[
            "a", "z", "A", "Z", "m", "K", "0", "9", "5", "ế", "Đ", "ư", "ạ", "ộ", "“", "–", "é",
            "\u{7f}", "@", "[", "`", "{", "/", ":",
        ];
        const SEPARATORS: &[&str] = &[" ", ", ", "\r\n", "\n\n", "\0", ".", "  ", "-", "\t", "#"];
        let mut rng = crate::test_inputs::Xorshift::new(0x2545_F491_4F6C_DD1D);
        for round in 0..1000 {
            let mut text = String::new();
            for _ in 0..rng.below(40) {
                // Mostly words of 0..=20 characters, sometimes long ones.
                let len = match rng.below(10) {
                    0 => rng.below(150),
                    _ => rng.below(21),
                };
                for _ in 0..len {
                    text.push_str(LETTERS[rng.below(LETTERS.len())]);
                }
                text.push_str(SEPARATORS[rng.below(SEPARATORS.len())]);
            }
            // Half the texts end in a word: it touches the end of the text.
            if round % 2 == 0 {
                text.truncate(text.trim_end_matches(|c: char| !c.is_alphanumeric()).len());
            }
            assert_eq!(fingerprint(&text), fingerprint_by_ring(&text), "{text:?}");
            // Every start, so that words meet the text's end at every offset of a step.
            for (at, _) in text.char_indices().take(70) {
                assert_word_hashes_agree(&text[at..]);
            }
        }
    }

    /// [`fingerprint`] as first written, with the words' hashes from the flag loop and the
    /// window a ring of five: the reference it is tested against.
    fn fingerprint_by_ring(body: &str) -> Box<[u64]> {
        const GRAM: usize = 5;
        const B: u64 = 0x9E37_79B9_7F4A_7C15;
        const B4: u64 = B.wrapping_mul(B).wrapping_mul(B).wrapping_mul(B);
        const BIN_BITS: u32 = FINGERPRINT.trailing_zeros();
        let (mut window, mut words, mut slot, mut rolling) = ([0u64; GRAM], 0usize, 0, 0u64);
        let mut bins = [u64::MAX; FINGERPRINT];
        for_each_word_hash_by_flag(body, |word| {
            let oldest = if words >= GRAM { window[slot] } else { 0 };
            window[slot] = word;
            words += 1;
            slot = (slot + 1) % GRAM;
            rolling = rolling
                .wrapping_sub(oldest.wrapping_mul(B4))
                .wrapping_mul(B)
                .wrapping_add(word);
            if words >= GRAM {
                let h = mix(rolling);
                let bin = (h >> (64 - BIN_BITS)) as usize;
                bins[bin] = bins[bin].min(h & (u64::MAX >> BIN_BITS));
            }
        });
        if words < 20 {
            return Box::default();
        }
        let mut out: Box<[u64]> = Box::new(bins);
        for (i, slot) in out.iter_mut().enumerate() {
            if *slot == u64::MAX
                && let Some((distance, value)) = (1..FINGERPRINT)
                    .map(|d| (d, bins[(i + d) % FINGERPRINT]))
                    .find(|(_, v)| *v != u64::MAX)
            {
                *slot = mix(value ^ (distance as u64).wrapping_mul(0xD6E8_FEB8_6659_FD93));
            }
        }
        out
    }

    #[test]
    fn fingerprints_equal_the_ring_window() {
        for (seed, n) in [(1, 0), (2, 4), (3, 5), (4, 19), (5, 20), (6, 23), (7, 600)] {
            let text = words(seed, n).join(" ");
            assert_eq!(fingerprint(&text), fingerprint_by_ring(&text), "{seed} {n}");
        }
        let long = "Mục Đích: the workshop, 08:30 – 17:00; speakers “A” and “B”. ".repeat(9);
        assert_eq!(fingerprint(&long), fingerprint_by_ring(&long));
        assert!(!fingerprint(&long).is_empty());
        // Line breaks, case, Vietnamese words, and a longer body then a shorter one.
        let crlf = "## Mục Tiêu Sự Kiện\r\nThe EVENT covered CDK\r\nand Terraform.\r\n".repeat(4);
        let vietnamese = "Hội thảo giới thiệu các dịch vụ AWS, Đặc biệt là Amazon Bedrock và \
                          những mô hình nền tảng cho ứng dụng trí tuệ nhân tạo tạo sinh.";
        for text in [
            crlf.as_str(),
            vietnamese,
            &crlf.to_uppercase(),
            long.as_str(),
        ] {
            assert_eq!(fingerprint(text), fingerprint_by_ring(text), "{text}");
            assert!(!fingerprint(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn keeps_selected_fields_with_spans() {
        let text = "---\ntitle: \"Event 2\"\nweight: 1\nauthor: x\n---\n# Name\n";
        let s = summary(text);
        let (title, span) = s.field("title").unwrap_or_default();
        assert_eq!(title, "Event 2");
        assert_eq!(&text[span.start..span.end], "\"Event 2\"");
        assert_eq!(s.field("weight").map(|w| w.0), Some("1"));
        assert!(s.field("author").is_none());
        assert_eq!(s.h1().map(|h| h.0), Some("Name"));
    }
}
