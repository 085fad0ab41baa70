//! How Hugo serves an image reference. Not a check kind: the `images` and `base-url-subpath`
//! kinds use it.
//!
//! A destination is first classified without touching the disk: nothing to check (empty,
//! inline `data:`, a template such as `{{< relURL "x" >}}`), remote (`https://…`, `//host/…`),
//! unreachable (`blob:`, `file:`, a drive letter, another scheme), or local: root-relative
//! (`/images/x.jpg`) or page-relative (`x.jpg`, `../x.jpg`), percent-decoded and without its
//! query and fragment. A local reference is then looked up the way the built site serves it
//! (`../shared/HUGO.md`, checked with Hugo 0.168):
//!
//! 1. Through an image render hook (Hugo's embedded one, a site's own, and the `figure`
//!    shortcode, which does the same): the page's resources, i.e. the files of its bundle,
//!    matched case-insensitively as Hugo does (`/images/x.jpg` too, without its slash), then
//!    `assets/`, byte-exactly. What is found there gets its real URL from the hook.
//! 2. As the browser requests it: a root-relative URL as written, a page-relative one joined
//!    to the page's URL, served from the static mounts (byte-exactly) or from the bundle files
//!    Hugo publishes from `content/` (section folders lower-cased, file names kept).
//!
//! Names are compared against directory listings, never `stat`, so a mis-cased path is caught
//! on a case-insensitive disk too. Nothing outside the site root is read. Listings are the
//! run's ([`crate::folders`], shared with the config and site lookups, which list the same
//! bundle folders) and cached (the files do not change while eventlint runs): the recently
//! used ones, so that a run over thousands of page bundles does not keep every bundle's
//! listing.
//!
//! Not modelled: `slug`/`url` front matter, `disablePathToLower`, language prefixes in page
//! URLs, and what a site's own render hook does beyond resolving resources.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, OnceLock, RwLock};

use crate::document::{Image, ImageSource};
use crate::folders::Folders;
use crate::site::Site;

/// Bounds on what is read (a folder's entries are bounded by [`crate::folders`]): files
/// indexed per site for "did you mean", and how deep that index goes.
const MAX_INDEXED: usize = 50_000;
const MAX_DEPTH: usize = 16;
/// How similar a name must be (normalized Damerau–Levenshtein) to be offered as "did you mean".
const SIMILAR: f64 = 0.7;

/// What an image destination is, before anything is looked up. A local path borrows the
/// destination when decoding leaves it as written (most do: no `%`, no `\\`): it is
/// classified for every image and rule, and a copy each time was most of its cost.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest<'d> {
    /// Nothing to check: empty, an inline `data:` image, or a template.
    Skip,
    /// Hot-linked from another site; `host` lower-cased, without port.
    Remote { host: String },
    /// Can never load on the site.
    Unreachable(Unreachable),
    /// A path on this site: percent-decoded, without query or fragment, `\` read as `/`
    /// (as browsers do).
    Local {
        path: Cow<'d, str>,
        root_relative: bool,
    },
}

/// Why a destination can never load on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    Blob,
    File,
    /// `C:\…`, `D:/…`, `\\server\…`.
    WindowsPath,
    /// `/Users/me/…`, `/home/me/…`, `~/…`.
    LocalPath,
    /// Another scheme (`chrome:`, `content:`, …).
    Scheme(String),
}

impl Unreachable {
    /// Why it cannot load, as a clause for a message.
    pub fn why(&self) -> String {
        match self {
            Unreachable::Blob => {
                "a `blob:` URL exists only inside the browser tab that created it".to_string()
            }
            Unreachable::File => "a `file:` URL points at a file on your own computer".to_string(),
            Unreachable::WindowsPath => {
                "a Windows path points at a file on your own computer".to_string()
            }
            Unreachable::LocalPath => {
                "a local absolute path points at a file on your own computer".to_string()
            }
            Unreachable::Scheme(s) => format!("browsers do not load images from `{s}:` URLs"),
        }
    }
}

/// Where a reference was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A page resource, through a render hook (which writes its real URL).
    Resource,
    /// A file of `assets/`, through a render hook.
    Asset,
    /// A static mount, requested as written.
    Static,
    /// A file published from `content/`, requested as written.
    Content,
}

/// What the built site makes of a local reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found(Via),
    /// It exists only with different case; `written` is the destination spelled right.
    WrongCase {
        written: String,
    },
    /// No such file; `suggestion` is the closest existing destination.
    Missing {
        suggestion: Option<String>,
    },
    /// A relative path from a page that is not a bundle: the file is beside the page's file,
    /// but the page is served at `page_url` and the browser looks there.
    PlainPage {
        page_url: String,
    },
    /// The path names a static folder (`/static/…`, `../../static/…`); `url` is where Hugo
    /// serves that file.
    StaticPrefix {
        url: String,
    },
    /// A relative path that climbs out of the site root.
    OutsideSite,
    /// A root-relative path that is really a path on the author's disk (`/Users/…`).
    LocalPath,
}

impl Resolution {
    /// Whether a render hook finds the file (a page resource or an `assets/` file) and so
    /// writes its real URL.
    pub fn through_hook(&self) -> bool {
        matches!(self, Resolution::Found(Via::Resource | Via::Asset))
    }
}

/// Classify a destination as written in the page. It runs for every image and rule: the
/// searches are of bytes (`memchr`), not of `str` patterns, whose setup (a two-way
/// searcher for `{{`, a char decoder for `?`/`#`) was most of its cost.
pub fn classify(dest: &str) -> Dest<'_> {
    let d = dest.trim();
    let template = || {
        let b = d.as_bytes();
        memchr::memchr_iter(b'{', b).any(|i| b.get(i + 1) == Some(&b'{'))
    };
    if d.is_empty() || template() {
        return Dest::Skip;
    }
    let bytes = d.as_bytes();
    if bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/')
        || d.starts_with("\\\\")
    {
        return Dest::Unreachable(Unreachable::WindowsPath);
    }
    if let Some(scheme) = scheme_of(d) {
        return match scheme.as_str() {
            "http" | "https" => Dest::Remote {
                host: host_of(&d[scheme.len() + 1..]),
            },
            "data" => Dest::Skip,
            "blob" => Dest::Unreachable(Unreachable::Blob),
            "file" => Dest::Unreachable(Unreachable::File),
            _ => Dest::Unreachable(Unreachable::Scheme(scheme)),
        };
    }
    if d.starts_with("//") || d.starts_with("\\\\") {
        return Dest::Remote { host: host_of(d) };
    }
    if d.starts_with("~/") {
        return Dest::Unreachable(Unreachable::LocalPath);
    }
    // `?` and `#` are ASCII: the byte found is a char boundary.
    let end = memchr::memchr2(b'?', b'#', d.as_bytes()).unwrap_or(d.len());
    let path = percent_decoded(d.get(..end).unwrap_or(d));
    // Copied (again) only when there is a backslash to turn.
    let path = match memchr::memchr(b'\\', path.as_bytes()).is_some() {
        true => Cow::Owned(path.replace('\\', "/")),
        false => path,
    };
    Dest::Local {
        root_relative: path.starts_with('/'),
        path,
    }
}

/// Whether an image goes through a render hook (Hugo's embedded one or the site's own) or
/// the `figure` shortcode, which look up page resources and `assets/` first.
pub fn hooked(site: &Site, source: ImageSource) -> bool {
    match source {
        ImageSource::Figure => true,
        ImageSource::Markdown => site.embedded_image_hook || site.has_image_render_hook,
        ImageSource::Html => false,
    }
}

/// The lower-cased scheme of an absolute URL (`https`, `blob`), if `d` has one.
fn scheme_of(d: &str) -> Option<String> {
    // A byte search: `find(':')` sets up a character searcher for every image.
    let colon = memchr::memchr(b':', d.as_bytes())?;
    let scheme = &d[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    // `x.jpg:large` or `a/b:c` are not schemes: a scheme comes before any `/`.
    (valid && !d[..colon].contains('/')).then(|| scheme.to_ascii_lowercase())
}

/// The host of `//host:port/path` (or of `//host` after a scheme).
fn host_of(rest: &str) -> String {
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = match host.rfind(':') {
        Some(i) if !host.ends_with(']') => &host[..i],
        _ => host,
    };
    host.to_ascii_lowercase()
}

/// Decode `%XX` escapes (what a server does before looking for the file). Invalid UTF-8 after
/// decoding leaves the text as written.
pub fn percent_decode(s: &str) -> String {
    percent_decoded(s).into_owned()
}

/// [`percent_decode`], borrowing `s` when it has no escape to decode.
pub fn percent_decoded(s: &str) -> Cow<'_, str> {
    if memchr::memchr(b'%', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(decoded) => Cow::Owned(decoded),
        Err(_) => Cow::Borrowed(s),
    }
}

/// Root-relative paths that are paths on the author's disk, not URLs of the site.
fn looks_like_local_path(path: &str) -> bool {
    const ROOTS: [&str; 10] = [
        "/Users/",
        "/home/",
        "/mnt/",
        "/Volumes/",
        "/private/",
        "/tmp/",
        "/root/",
        "/media/",
        "/var/folders/",
        "/storage/emulated/",
    ];
    ROOTS.iter().any(|r| path.starts_with(r))
}

// ---------------------------------------------------------------------------------------
// Directory listings.

/// A folder entry: its name, and whether it is a folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry<'a> {
    pub name: &'a str,
    pub dir: bool,
}

/// Names one after another in one string: a folder of 25,000 photos is two allocations, not
/// one per name.
#[derive(Debug, Default)]
struct Names {
    text: Box<str>,
    /// Where each name ends in `text` (it starts where the one before it ends).
    ends: Box<[u32]>,
}

impl Names {
    fn of<'a>(names: impl Iterator<Item = &'a str> + Clone) -> Names {
        // Sized ahead: one allocation each, not a dozen growing ones.
        let (count, bytes) = names.clone().fold((0, 0), |(n, b), s| (n + 1, b + s.len()));
        let mut text = String::with_capacity(bytes);
        let mut ends = Vec::with_capacity(count);
        for name in names {
            text.push_str(name);
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        Names {
            text: text.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0) as usize,
            None => 0,
        };
        self.text.get(start..end)
    }
}

/// Folders of at most this many entries are sorted by [`sorted_by_name`] in place.
const SORTED_IN_PLACE: usize = 16;

/// `entries` in name order. Names in a folder are unique, so any sort gives this order; this
/// one compares the names' first 16 bytes as one number and whole names only when those
/// are equal. A one-file run lists its photos' folder (2,459 names at 1,000 reports, whose
/// plain sort was 2.9 M instructions, a quarter of the run's critical path: names such as
/// `event102-99.jpg` share long prefixes, and each comparison was a `memcmp` call).
fn sorted_by_name(mut entries: Vec<(String, bool)>) -> Vec<(String, bool)> {
    // A page bundle's folder holds a file or two: sorted in place, without the index.
    if entries.len() <= SORTED_IN_PLACE {
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        return entries;
    }
    let order = name_order(entries.len(), |i| entries.get(i).map_or("", |(n, _)| n));
    let mut slots: Vec<Option<(String, bool)>> = entries.into_iter().map(Some).collect();
    order
        .iter()
        .filter_map(|&i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// The indices `0..n` ordered by `name(i)`, then by index (as sorting (name, index) pairs
/// would), comparing the names' first 16 bytes as one number and whole names only when
/// those are equal (see [`sorted_by_name`]).
fn name_order<'n>(n: usize, name: impl Fn(usize) -> &'n str) -> Vec<usize> {
    let prefix = |name: &str| {
        let mut bytes = [0u8; 16];
        let n = name.len().min(16);
        if let (Some(to), Some(from)) = (bytes.get_mut(..n), name.as_bytes().get(..n)) {
            to.copy_from_slice(from);
        }
        u128::from_be_bytes(bytes)
    };
    let mut order: Vec<(u128, usize)> = (0..n).map(|i| (prefix(name(i)), i)).collect();
    // Zero-padding makes a name and its extension by NULs tie: the whole names decide.
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| name(a.1).cmp(name(b.1)))
            .then(a.1.cmp(&b.1))
    });
    order.into_iter().map(|(_, i)| i).collect()
}

/// Whether `name` is an `index.*.md` or `_index.*.md` page, case aside: the same answer as
/// lower-casing it first, without the allocation. No character but the ASCII letters
/// lower-cases to a string starting or ending with these ASCII letters alone (`İ` becomes
/// `i` and a combining dot, the Kelvin sign `k`, which is in neither).
fn is_index_page_name(name: &str) -> bool {
    let b = name.as_bytes();
    let starts = |p: &[u8]| b.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    let ends_md = b
        .len()
        .checked_sub(3)
        .and_then(|at| b.get(at..))
        .is_some_and(|s| s.eq_ignore_ascii_case(b".md"));
    ends_md && (starts(b"index.") || starts(b"_index."))
}

/// Whether lower-casing `name` leaves it as it is.
fn is_lower_case(name: &str) -> bool {
    if name.is_ascii() {
        !name.bytes().any(|b| b.is_ascii_uppercase())
    } else {
        name.to_lowercase() == name
    }
}

/// One directory's entries, searchable by exact name and ignoring case in O(log n): a
/// static folder of thousands of photos is searched once per image and rule. Made by
/// [`crate::folders`], which lists each folder once for every lookup of a run.
#[derive(Debug)]
pub(crate) struct Listing {
    /// The entries' names, sorted.
    names: Names,
    /// Whether each entry is a folder, in the order of `names`.
    dirs: Box<[bool]>,
    /// The lower-cased names, sorted, with the index of the entry each belongs to; `None`
    /// when every name is lower-case already (then `names` are that list, in their order).
    lower: Option<(Names, Box<[u32]>)>,
    /// For the "did you mean" search, built by its first search of this folder.
    similar: OnceLock<Similar>,
    /// Whether the folder holds an `index`/`_index` page (a bundle or a section).
    has_index_page: bool,
    /// How many exact names were asked of it, until [`Listing::name_table`] is built.
    exact_asked: AtomicU32,
    /// The entries by the hash of their names (see [`Listing::name_table`]); `None` when
    /// building it met too many names of one hash.
    by_hash: OnceLock<Option<Box<[u32]>>>,
}

/// Listings of at least this many entries get a hash table of their names once they were
/// asked for [`HASHED_AFTER`] exact names: a static folder of thousands of photos is asked
/// once per image, where a binary search is a dozen string comparisons; a one-file run,
/// which asks a name or two, does not pay for the table.
const HASHED_FROM: usize = 256;
const HASHED_AFTER: u32 = 64;
/// The most slots a name is looked for in (or put in) a [`Listing::name_table`]. The hash
/// is not keyed, so file names made to collide could make every insert and look-up walk
/// the whole table: a table whose build needs more is dropped (the binary search serves),
/// and a look-up that needs more falls back to the binary search. A half-full table of
/// honest names averages under two probes.
const MAX_PROBES: usize = 64;

impl Listing {
    /// The listing of entries given as (name, is a folder).
    pub(crate) fn new(entries: Vec<(String, bool)>) -> Listing {
        let entries = sorted_by_name(entries);
        let has_index_page = entries
            .iter()
            .any(|(name, dir)| !dir && is_index_page_name(name));
        let lower = match entries.iter().all(|(name, _)| is_lower_case(name)) {
            true => None,
            false => {
                let lower: Vec<String> = entries
                    .iter()
                    .map(|(name, _)| name.to_lowercase())
                    .collect();
                // By name, then entry (the entries are in name order already).
                let order = name_order(lower.len(), |i| lower.get(i).map_or("", String::as_str));
                let at = |i: usize| lower.get(i).map_or("", String::as_str);
                let names = Names::of(order.iter().map(|&i| at(i)));
                let index = order
                    .iter()
                    .map(|&i| u32::try_from(i).unwrap_or(u32::MAX))
                    .collect();
                Some((names, index))
            }
        };
        Listing {
            names: Names::of(entries.iter().map(|(name, _)| name.as_str())),
            dirs: entries.iter().map(|(_, dir)| *dir).collect(),
            lower,
            similar: OnceLock::new(),
            has_index_page,
            exact_asked: AtomicU32::new(0),
            by_hash: OnceLock::new(),
        }
    }

    fn len(&self) -> usize {
        self.dirs.len()
    }

    /// The `i`-th entry, in name order.
    fn entry(&self, i: usize) -> Option<Entry<'_>> {
        Some(Entry {
            name: self.names.get(i)?,
            dir: *self.dirs.get(i)?,
        })
    }

    /// The `at`-th lower-cased name, in their order, and the index of its entry.
    fn lower(&self, at: usize) -> Option<(&str, usize)> {
        match &self.lower {
            None => Some((self.names.get(at)?, at)),
            Some((names, index)) => Some((names.get(at)?, *index.get(at)? as usize)),
        }
    }

    /// How many lower-cased names sort before `name`.
    fn lower_before(&self, name: &str) -> usize {
        partition_point(self.len(), |i| self.lower(i).is_some_and(|(l, _)| l < name))
    }

    fn similar(&self) -> &Similar {
        self.similar.get_or_init(|| {
            let mut keys = Vec::with_capacity(self.len());
            for at in 0..self.len() {
                let Some((name, i)) = self.lower(at) else {
                    continue;
                };
                let Some(&dir) = self.dirs.get(i) else {
                    continue;
                };
                keys.push(SimilarKey {
                    index: u32::try_from(i).unwrap_or(u32::MAX),
                    lower: u32::try_from(at).unwrap_or(u32::MAX),
                    dir,
                    len: u32::try_from(char_count(name)).unwrap_or(u32::MAX),
                    stem: stem_hash(name),
                    grams: Grams::of(name),
                });
            }
            // Grouped by kind and length, so that the distance a score must stay within is
            // worked out once per group, and whole lengths are skipped; within a group, names
            // of equal character counts (`event102-1.jpg`, `event201-1.jpg`: a photo folder
            // has ten times fewer count vectors than names) are put together, so that the
            // count bound is worked out once for all of them. They are sorted by a hash of
            // the counts: names of two vectors with equal hashes may interleave, which only
            // splits a run of equal counts into several.
            // The order is worked out on one 64-bit number per key, (kind, length, 16 bits
            // of the hash, place), a comparison each; a length past 2^15 characters (no file
            // system allows one) would only split its group.
            let mut order: Vec<u64> = keys
                .iter()
                .enumerate()
                .map(|(at, k)| {
                    u64::from(k.dir) << 63
                        | u64::from(k.len.min(0x7FFF)) << 48
                        | (k.grams.counts_hash() >> 48) << 32
                        | at as u64
                })
                .collect();
            order.sort_unstable();
            let mut sorted = Vec::with_capacity(keys.len());
            sorted.extend(
                order
                    .iter()
                    .filter_map(|&o| keys.get((o & 0xFFFF_FFFF) as usize).copied()),
            );
            let keys = sorted;
            let mut groups: Vec<Group> = Vec::new();
            let mut runs: Vec<Run> = Vec::new();
            for (at, key) in keys.iter().enumerate() {
                let at = u32::try_from(at).unwrap_or(u32::MAX);
                let same_counts = |run: &Run| {
                    keys.get(run.start as usize).is_some_and(|k| {
                        k.dir == key.dir && k.len == key.len && k.grams.same_counts(&key.grams)
                    })
                };
                match runs.last_mut() {
                    Some(run) if same_counts(run) => run.end = at + 1,
                    _ => runs.push(Run {
                        start: at,
                        end: at + 1,
                    }),
                }
                let run = u32::try_from(runs.len() - 1).unwrap_or(u32::MAX);
                match groups.last_mut() {
                    Some(g) if g.dir == key.dir && g.len == key.len => g.end = run + 1,
                    _ => groups.push(Group {
                        dir: key.dir,
                        len: key.len,
                        start: run,
                        end: run + 1,
                    }),
                }
            }
            let mut slot = vec![u32::MAX; self.len()];
            for (at, key) in keys.iter().enumerate() {
                if let Some(s) = slot.get_mut(key.index as usize) {
                    *s = u32::try_from(at).unwrap_or(u32::MAX);
                }
            }
            let mut stems: Vec<(u64, u32)> = keys
                .iter()
                .filter(|k| !k.dir)
                .map(|k| (k.stem, k.index))
                .collect();
            stems.sort_unstable();
            Similar {
                keys,
                runs,
                groups,
                slot: slot.into_boxed_slice(),
                stems,
            }
        })
    }

    /// The entry most [`similar`](similarity) to `lower` (a lower-cased name) with a score
    /// of at least [`SIMILAR`], files or folders as `files` says; the first of equals. The
    /// same answer as scoring every entry, but an entry is only aligned with `lower` when
    /// cheap bounds (lengths, [`Grams`]) leave it a chance to beat the best so far: a folder
    /// of 25,000 photos is searched in milliseconds, not seconds. Files with the same stem
    /// (0.95) are looked up by stem first; the other entries are visited by length, and a
    /// length that cannot beat the best so far is skipped whole.
    fn most_similar(&self, lower: &str, files: bool) -> Option<Entry<'_>> {
        let Similar {
            keys,
            runs,
            groups,
            slot,
            stems,
        } = self.similar();
        let la = char_count(lower);
        let query = Query::new(lower);
        let stem_a = stem(lower);
        let stem_hash_a = stem_hash(lower);
        let name = |key: &SimilarKey| self.lower(key.lower as usize).map(|(n, _)| n);
        let same_stem = |key: &SimilarKey| {
            files && key.stem == stem_hash_a && name(key).map(stem) == Some(stem_a)
        };
        // The answer is the highest score, then the first entry with it; whatever order the
        // entries are looked at in, keeping the better by that rule gives it.
        let mut best: Option<(usize, f64)> = None;
        let keep = |i: usize, score: f64, best: &mut Option<(usize, f64)>| {
            if better(i, score, *best) {
                *best = Some((i, score));
            }
        };
        // Files with the same stem: 0.95 whatever their length.
        if files {
            let from = stems.partition_point(|&(h, _)| h < stem_hash_a);
            for &(_, i) in stems[from..].iter().take_while(|&&(h, _)| h == stem_hash_a) {
                let key = slot.get(i as usize).and_then(|&s| keys.get(s as usize));
                if key.is_some_and(&same_stem) {
                    keep(i as usize, 0.95, &mut best);
                }
            }
        }
        // Then the names that sort next to it, likely close: a good score early lets the
        // bounds skip most of the rest.
        let at = self.lower_before(lower);
        for near in at.saturating_sub(8)..(at + 8).min(self.len()) {
            let Some((_, i)) = self.lower(near) else {
                continue;
            };
            let Some(key) = slot.get(i).and_then(|&s| keys.get(s as usize)) else {
                continue;
            };
            if key.dir != files && !same_stem(key) {
                let reach = Reach::new(la, key.len as usize, best);
                if let Some(score) = reach.score(i, key, &query, || name(key)) {
                    keep(i, score, &mut best);
                }
            }
        }
        // Then every length, the nearest to the name's first; the count bound once per run
        // of equal counts.
        let mut order: Vec<&Group> = groups.iter().filter(|g| g.dir != files).collect();
        order.sort_by_key(|g| (la.abs_diff(g.len as usize), g.len));
        for group in order {
            let lb = group.len as usize;
            let mut reach = Reach::new(la, lb, best);
            let group_runs = runs
                .get(group.start as usize..group.end as usize)
                .unwrap_or_default();
            for run in group_runs {
                if reach.hopeless() {
                    break;
                }
                let members = keys
                    .get(run.start as usize..run.end as usize)
                    .unwrap_or_default();
                let Some(first) = members.first() else {
                    continue;
                };
                let excess = query.grams.count_excess(&first.grams);
                if !reach.within_loosest(excess) {
                    continue;
                }
                for key in members {
                    let i = key.index as usize;
                    if same_stem(key) {
                        continue; // scored above
                    }
                    if let Some(score) = reach.score_counted(i, key, excess, &query, || name(key))
                        && better(i, score, best)
                    {
                        best = Some((i, score));
                        reach = Reach::new(la, lb, best);
                    }
                }
            }
        }
        best.and_then(|(i, _)| self.entry(i))
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = Entry<'_>> {
        (0..self.len()).filter_map(|i| self.entry(i))
    }

    /// The entry named exactly `name`: from the hash table when there is one (the same
    /// answer, which a test checks), else by binary search.
    fn exact(&self, name: &str) -> Option<Entry<'_>> {
        match self.name_table() {
            Some(table) => self.exact_hashed(table, name, MAX_PROBES),
            None => self.exact_searched(name),
        }
    }

    /// [`Listing::exact`] by binary search.
    fn exact_searched(&self, name: &str) -> Option<Entry<'_>> {
        let at = partition_point(self.len(), |i| self.names.get(i).is_some_and(|n| n < name));
        self.entry(at).filter(|e| e.name == name)
    }

    /// The open-addressed table (linear probing, at most half full) of entry index + 1 by
    /// the hash of its name, 0 for an empty slot; built when the listing is large and asked
    /// often enough (see [`HASHED_FROM`]), and none when a name needed more than
    /// [`MAX_PROBES`] slots. Entries go in by index, so of equal names (never in a folder)
    /// the first is met first, as the binary search finds it.
    fn name_table(&self) -> Option<&[u32]> {
        if let Some(table) = self.by_hash.get() {
            return table.as_deref();
        }
        if self.len() < HASHED_FROM
            || self.exact_asked.fetch_add(1, Ordering::Relaxed) < HASHED_AFTER
        {
            return None;
        }
        self.by_hash
            .get_or_init(|| self.build_name_table(MAX_PROBES))
            .as_deref()
    }

    /// The table of [`Listing::name_table`], or `None` when some name would have to go
    /// further than `max_probes` slots from its own.
    fn build_name_table(&self, max_probes: usize) -> Option<Box<[u32]>> {
        let size = (2 * self.len()).next_power_of_two();
        let mask = size - 1;
        let mut table = vec![0u32; size];
        for i in 0..self.len() {
            let Some(name) = self.names.get(i) else {
                continue;
            };
            let mut slot = name_slot(name, mask);
            let mut probes = 1;
            while table.get(slot).is_some_and(|&s| s != 0) {
                if probes >= max_probes {
                    return None;
                }
                slot = (slot + 1) & mask;
                probes += 1;
            }
            *table.get_mut(slot)? = u32::try_from(i + 1).ok()?;
        }
        Some(table.into_boxed_slice())
    }

    /// [`Listing::exact`] from [`Listing::name_table`], by binary search after
    /// `max_probes` slots.
    fn exact_hashed(&self, table: &[u32], name: &str, max_probes: usize) -> Option<Entry<'_>> {
        let mask = table.len().checked_sub(1)?;
        let mut slot = name_slot(name, mask);
        for _ in 0..max_probes {
            let i = (*table.get(slot)? as usize).checked_sub(1)?;
            if self.names.get(i) == Some(name) {
                return self.entry(i);
            }
            slot = (slot + 1) & mask;
        }
        self.exact_searched(name)
    }

    /// The entries whose name equals `name` ignoring case, the exact one first.
    fn ignoring_case(&self, name: &str) -> Vec<Entry<'_>> {
        // Most names are lower-case already: no copy then (and no allocation at all for a
        // name the folder does not hold).
        let key: Cow<'_, str> = match is_lower_case(name) {
            true => Cow::Borrowed(name),
            false => Cow::Owned(name.to_lowercase()),
        };
        let key = key.as_ref();
        let start = self.lower_before(key);
        let mut found: Vec<Entry<'_>> = (start..self.len())
            .map_while(|at| self.lower(at))
            .take_while(|(l, _)| *l == key)
            .filter_map(|(_, i)| self.entry(i))
            .collect();
        found.sort_by_key(|e| e.name != name);
        found
    }
}

/// The first slot of `name` in a [`Listing::name_table`] of `mask + 1` slots.
fn name_slot(name: &str, mask: usize) -> usize {
    (crate::hash::hash_bytes(name.as_bytes()) as usize) & mask
}

/// [`probe_unlisted`], after checking that `dir` is not listed lately (what `walk` knows
/// already when it probes).
#[cfg(test)]
fn probe_exact(folders: &Folders, dir: &Path, name: &str) -> Option<bool> {
    if folders.listed(dir).is_some() {
        return None;
    }
    probe_unlisted(folders, dir, name)
}

/// `Some(whether it is a folder)` when `dir` holds an entry named exactly `name`, found
/// without listing `dir`; `None` when that cannot be told so (then the caller lists it).
/// A `stat` of `dir/name` succeeding says some entry answers to the name; on a file system
/// that ignores case it may be spelt otherwise, which the same `stat` of the name with its
/// ASCII letters' case swapped tells: when that succeeds too (a case-blind file system, or
/// both spellings present), or the name has no ASCII letter, the folder is listed. A
/// symlink counts as what it points to, as in a listing. For a folder the caller found not
/// listed lately, and only for its first few names
/// ([`crate::folders::PROBES_BEFORE_LISTING`]).
fn probe_unlisted(folders: &Folders, dir: &Path, name: &str) -> Option<bool> {
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\0']) {
        return None;
    }
    if !folders.may_probe(dir) {
        return None;
    }
    let swapped: String = name
        .chars()
        .map(|c| match c {
            'a'..='z' => c.to_ascii_uppercase(),
            'A'..='Z' => c.to_ascii_lowercase(),
            c => c,
        })
        .collect();
    if swapped == name {
        return None;
    }
    let found = std::fs::metadata(dir.join(name)).ok()?;
    if std::fs::symlink_metadata(dir.join(&swapped)).is_ok() {
        return None;
    }
    Some(found.is_dir())
}

/// The first index in `0..n` for which `before` is false (`before` true for a prefix).
fn partition_point(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        match before(mid) {
            true => lo = mid + 1,
            false => hi = mid,
        }
    }
    lo
}

/// How directory names of a tree appear in URLs.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tree {
    /// As they are (static mounts, `assets/`, inside a bundle).
    Verbatim,
    /// Under `content/`: Hugo lower-cases the folders of sections and bundles; other
    /// folders may appear either way.
    Content,
}

/// The outcome of following path segments through listings.
#[derive(Debug)]
enum Walked {
    Exact,
    /// Found, but only by ignoring case; the segments as they should be written.
    Case(Vec<String>),
    Missing,
}

/// Follow `parts` (the last one a file) from `base`, matching each against the listing:
/// exactly, or else ignoring case. `.md` files are not published as files under `content/`.
fn walk(folders: &Folders, base: &Path, parts: &[&str], tree: Tree) -> Walked {
    if parts.is_empty() {
        return Walked::Missing;
    }
    // Room for every step: pushing a name does not move the path.
    let room = parts.iter().map(|p| p.len() + 1).sum::<usize>();
    let mut dir = PathBuf::with_capacity(base.as_os_str().len() + room);
    dir.push(base);
    // The segments as a URL must spell them: made at the first step not taken as written
    // (most walks take every step as written, and need none of it).
    let mut written: Option<Vec<String>> = None;
    let mut mismatch = false;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let as_written = |written: &mut Option<Vec<String>>, dir: &mut PathBuf| {
            if let Some(written) = written {
                written.push((*part).to_string());
            }
            dir.push(part);
        };
        let listed = folders.listed(&dir);
        // The exact name, of the kind wanted (a file last, a folder before): the step's
        // answer, whatever else the folder holds (for a verbatim tree the URL spells the
        // name as it is).
        if tree == Tree::Verbatim
            && listed.is_none()
            && let Some(is_dir) = probe_unlisted(folders, &dir, part)
            && is_dir != last
        {
            as_written(&mut written, &mut dir);
            continue;
        }
        let folder = match listed {
            Some(folder) => folder,
            None => folders.folder(&dir),
        };
        let Some(entries) = folder.listing() else {
            return Walked::Missing;
        };
        let fits = |e: &Entry<'_>| {
            if last {
                !(e.dir || tree == Tree::Content && e.name.to_lowercase().ends_with(".md"))
            } else {
                e.dir
            }
        };
        // The same answer as the search below, when the name is there as written and of
        // the right kind: the URL spells it as written (under `content/`, a folder that may
        // be published lower-cased is taken so only when it is lower-case already).
        if entries
            .exact(part)
            .is_some_and(|e| fits(&e) && (tree == Tree::Verbatim || last || is_lower_case(part)))
        {
            as_written(&mut written, &mut dir);
            continue;
        }
        // The spelling a URL must use for an entry, and whether the other spelling (as is,
        // or lower-cased) works too: folders under `content/` that are not sections may be
        // published either way, so both are accepted.
        let url_name = |e: &Entry<'_>| -> (String, bool) {
            if tree == Tree::Content && !last {
                if section_child(folders, &dir, e, i) {
                    (e.name.to_lowercase(), false)
                } else {
                    (e.name.to_string(), true)
                }
            } else {
                (e.name.to_string(), false)
            }
        };
        let candidates: Vec<Entry<'_>> = entries
            .ignoring_case(part)
            .into_iter()
            .filter(|e| fits(e))
            .collect();
        let exact = candidates.iter().copied().find(|e| {
            let (name, either) = url_name(e);
            name == *part || (either && e.name.to_lowercase() == *part)
        });
        let found = match (exact, candidates.first().copied()) {
            (Some(e), _) => e,
            (None, Some(e)) => {
                mismatch = true;
                e
            }
            (None, None) => return Walked::Missing,
        };
        // Every step before this one was taken as written.
        written
            .get_or_insert_with(|| {
                let mut w = Vec::with_capacity(parts.len());
                w.extend(parts.iter().take(i).map(|p| (*p).to_string()));
                w
            })
            .push(url_name(&found).0);
        dir.push(found.name);
    }
    // A step found only by ignoring case made `written` (with the others' spellings).
    match written {
        Some(written) if mismatch => Walked::Case(written),
        _ => Walked::Exact,
    }
}

/// Whether the child folder `e` of `parent` (at `depth` below a content root) is published
/// under its lower-cased name: top-level sections and folders holding an `_index`/`index`
/// page are.
fn section_child(folders: &Folders, parent: &Path, e: &Entry<'_>, depth: usize) -> bool {
    if !e.dir {
        return false;
    }
    if depth == 0 {
        return true;
    }
    folders
        .listing(&parent.join(e.name))
        .is_some_and(|l| l.has_index_page)
}

// ---------------------------------------------------------------------------------------
// Resolving.

/// Where a site's references are looked up: worked out once per site ([`Roots::of`]), not
/// per page or image.
#[derive(Debug, Clone)]
pub(crate) struct Roots {
    /// The static mounts inside the site root, in priority order.
    statics: Vec<StaticRoot>,
    /// The content dirs inside the site root.
    contents: Vec<PathBuf>,
    assets: PathBuf,
}

#[derive(Debug, Clone)]
struct StaticRoot {
    dir: PathBuf,
    /// Where `dir` is served: the mount's target, as segments.
    target: Vec<String>,
    /// `dir` below the site root, as segments (non-UTF-8 ones left out).
    folder: Vec<String>,
}

impl Roots {
    pub(crate) fn of(site: &Site) -> Roots {
        let statics = site
            .static_mounts
            .iter()
            .filter(|m| m.dir.starts_with(&site.root))
            .map(|m| StaticRoot {
                dir: m.dir.clone(),
                target: segments(&m.target)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
                folder: m
                    .dir
                    .strip_prefix(&site.root)
                    .map(|rel| {
                        rel.components()
                            .filter_map(|c| c.as_os_str().to_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            })
            .collect();
        let contents = site
            .content_dirs
            .iter()
            .filter(|d| d.starts_with(&site.root))
            .cloned()
            .collect();
        Roots {
            statics,
            contents,
            assets: site.root.join("assets"),
        }
    }
}

/// A page of a site, ready to resolve the references it makes.
pub struct Resolver<'a> {
    site: &'a Site,
    roots: &'a Roots,
    /// The site's folders, listed once for every lookup of the run.
    folders: &'a Folders,
    /// The page file's directory (absolute, normalized).
    file_dir: PathBuf,
    /// The bundle directory when the page is `index*.md` / `_index*.md`.
    bundle: Option<PathBuf>,
    /// The page (absolute, normalized), for `url_dir`.
    page: PathBuf,
    /// The page's URL path below the site (segments), when it is under a content dir: worked
    /// out on first use (see [`Resolver::url_dir`]).
    url_dir: OnceCell<Option<Vec<String>>>,
}

/// Whether a page named `name` is a bundle's (`index.*`, `_index.*`), case aside: as
/// lower-casing the name first, without the copy. Only ASCII letters lower-case to a string
/// starting `index.` or `_index.` (`İ` becomes `i` and a combining dot).
fn is_bundle_name(name: &str) -> bool {
    let b = name.as_bytes();
    let starts = |p: &[u8]| b.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    starts(b"index.") || starts(b"_index.")
}

/// The URL path of `page` (absolute, normalized) below the site, as segments, when it is
/// under a content dir; `is_bundle`: it is an `index`/`_index` page.
fn url_dir_of(site: &Site, page: &Path, is_bundle: bool) -> Option<Vec<String>> {
    let name = page.file_name()?.to_str()?.to_lowercase();
    let content = site.content_dir_of_normalized(page)?;
    let rel = crate::site::below(page, content)?;
    let mut segs: Vec<String> = rel
        .parent()?
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str().map(str::to_lowercase),
            _ => None,
        })
        .collect();
    if !is_bundle {
        // A plain page `posts/foo.md` (or `foo.vi.md`) is served at `/posts/foo/`.
        let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
        let stem = match stem.rsplit_once('.') {
            Some((base, lang))
                if lang == site.default_language || site.languages.iter().any(|l| l == lang) =>
            {
                base
            }
            _ => stem,
        };
        segs.push(stem.to_string());
    }
    Some(segs)
}

impl<'a> Resolver<'a> {
    /// `None` when the page is not inside the site root.
    pub fn new(site: &'a Site, page: &Path) -> Option<Resolver<'a>> {
        let page = normalize(page);
        if !crate::site::is_within(&page, &site.root) {
            return None;
        }
        let file_dir = page.parent()?.to_path_buf();
        let is_bundle = is_bundle_name(page.file_name()?.to_str()?);
        let bundle = is_bundle.then(|| file_dir.clone());
        Some(Resolver {
            site,
            roots: site.image_roots(),
            folders: &site.folders,
            file_dir,
            bundle,
            page,
            url_dir: OnceCell::new(),
        })
    }

    /// The page's URL path below the site (segments), when it is under a content dir. Only
    /// relative references read it: a page whose images are all root-relative (most are)
    /// never takes its path apart for it.
    fn url_dir(&self) -> Option<&Vec<String>> {
        self.url_dir
            .get_or_init(|| url_dir_of(self.site, &self.page, self.bundle.is_some()))
            .as_ref()
    }

    /// The URL the page is served at (below the site's base URL), e.g. `/posts/foo/`.
    pub fn page_url(&self) -> Option<String> {
        self.url_dir().map(|segs| {
            let mut s = String::from("/");
            for seg in segs {
                s.push_str(seg);
                s.push('/');
            }
            s
        })
    }

    /// Whether a render hook finds `path` among the page's resources or in `assets/`, so that
    /// it writes the file's real URL instead of `path`.
    pub fn resolves_through_hook(&self, path: &str) -> bool {
        matches!(self.through_hook(path), Some(Ok(_)))
    }

    /// Page resources, then `assets/`: `Some(Ok)` found, `Some(Err)` found in `assets/` only
    /// with different case (the spelling that works), `None` not there.
    fn through_hook(&self, path: &str) -> Option<Result<Via, String>> {
        self.through_hook_parts(path, &segments(path))
    }

    /// [`Resolver::through_hook`] of `path` split into `parts` ([`segments`]). Leading
    /// `/` and `./` make no segment: the parts are those of the path without them.
    fn through_hook_parts(&self, path: &str, parts: &[&str]) -> Option<Result<Via, String>> {
        if parts.contains(&"..") || parts.is_empty() {
            return None;
        }
        if let Some(bundle) = &self.bundle
            && self.is_resource(bundle, parts)
        {
            return Some(Ok(Via::Resource));
        }
        match walk(self.folders, &self.roots.assets, parts, Tree::Verbatim) {
            Walked::Exact => Some(Ok(Via::Asset)),
            Walked::Case(w) => Some(Err(rewrite(path, &w, parts.len()))),
            Walked::Missing => None,
        }
    }

    /// Is `parts` a resource of the bundle at `bundle`? Hugo matches resource names
    /// case-insensitively; folders holding their own index page are other bundles.
    fn is_resource(&self, bundle: &Path, parts: &[&str]) -> bool {
        // The folder below the bundle a step went down to (most references name no folder
        // of the bundle: no copy of its path then).
        let mut below: Option<PathBuf> = None;
        for (i, part) in parts.iter().enumerate() {
            let dir = below.as_deref().unwrap_or(bundle);
            let Some(entries) = self.folders.listing(dir) else {
                return false;
            };
            let last = i + 1 == parts.len();
            let pick = entries
                .ignoring_case(part)
                .into_iter()
                .find(|e| e.dir != last);
            let Some(e) = pick else { return false };
            if last {
                return !e.name.to_lowercase().ends_with(".md");
            }
            let dir = dir.join(e.name);
            if self.folders.listing(&dir).is_some_and(|l| l.has_index_page) {
                return false;
            }
            below = Some(dir);
        }
        false
    }

    /// What the built site makes of the local reference `path` (see [`classify`]); `hook`:
    /// whether a render hook or `figure` handles it (see [`hooked`]). A missing file gets no
    /// suggestion (see [`Resolver::resolve_suggesting`]).
    pub fn resolve(&self, path: &str, root_relative: bool, hook: bool) -> Resolution {
        self.resolve_inner(path, root_relative, hook, false)
    }

    /// As [`Resolver::resolve`], with the closest existing destination for a missing file
    /// (which costs a fuzzy search of the folder).
    pub fn resolve_suggesting(&self, path: &str, root_relative: bool, hook: bool) -> Resolution {
        self.resolve_inner(path, root_relative, hook, true)
    }

    fn resolve_inner(
        &self,
        path: &str,
        root_relative: bool,
        hook: bool,
        suggest: bool,
    ) -> Resolution {
        let mut case: Option<String> = None;
        let parts = segments(path);
        if hook {
            match self.through_hook_parts(path, &parts) {
                Some(Ok(via)) => return Resolution::Found(via),
                Some(Err(written)) => case = Some(written),
                None => {}
            }
        }
        if path.ends_with('/') || parts.is_empty() {
            return Resolution::Missing { suggestion: None };
        }
        // The URL the browser requests, as segments below the site root.
        let url: Option<Vec<&str>> = if root_relative {
            Some(join_url(&[], &parts))
        } else {
            self.url_dir().map(|dir| join_url(dir, &parts))
        };
        match &url {
            Some(url) => match self.lookup_url(url) {
                Ok(via) => return Resolution::Found(via),
                Err(Some(w)) => {
                    let written = if root_relative {
                        format!("/{}", w.join("/"))
                    } else {
                        self.relative_spelling(path, &parts, &w)
                    };
                    case.get_or_insert(written);
                }
                Err(None) => {}
            },
            None => {
                // Not under a content dir: the file's own folder is the best guess.
                if !root_relative {
                    match walk(self.folders, &self.file_dir, &parts, Tree::Verbatim) {
                        Walked::Exact => return Resolution::Found(Via::Content),
                        Walked::Case(w) => {
                            case.get_or_insert(rewrite(path, &w, parts.len()));
                        }
                        Walked::Missing => {}
                    }
                }
            }
        }
        if !root_relative {
            let on_disk = normalize(&self.file_dir.join(path));
            if !on_disk.starts_with(&self.site.root) {
                return Resolution::OutsideSite;
            }
            if let Some(url) = self.static_url_of(&on_disk) {
                return Resolution::StaticPrefix { url };
            }
        }
        if let Some(url) = &url
            && let Some(served) = self.strip_static_folder(url)
        {
            return Resolution::StaticPrefix { url: served };
        }
        if let Some(written) = case {
            return Resolution::WrongCase { written };
        }
        if root_relative && looks_like_local_path(path) {
            return Resolution::LocalPath;
        }
        if !root_relative
            && self.bundle.is_none()
            && !parts.contains(&"..")
            && matches!(
                walk(self.folders, &self.file_dir, &parts, Tree::Verbatim),
                Walked::Exact
            )
            && let Some(page_url) = self.page_url()
        {
            return Resolution::PlainPage { page_url };
        }
        Resolution::Missing {
            suggestion: if suggest {
                self.suggest(path, &parts, root_relative, url.as_deref())
            } else {
                None
            },
        }
    }

    /// Look a site URL (segments) up in the static mounts, then in what `content/` publishes.
    /// `Err(Some(segments))`: found only ignoring case, spelled right.
    fn lookup_url(&self, url: &[&str]) -> Result<Via, Option<Vec<String>>> {
        let mut case = None;
        for root in &self.roots.statics {
            let Some(rest) = strip_segments(url, &root.target) else {
                continue;
            };
            match walk(self.folders, &root.dir, rest, Tree::Verbatim) {
                Walked::Exact => return Ok(Via::Static),
                Walked::Case(w) => {
                    let mut full = root.target.clone();
                    full.extend(w);
                    case.get_or_insert(full);
                }
                Walked::Missing => {}
            }
        }
        for dir in &self.roots.contents {
            match walk(self.folders, dir, url, Tree::Content) {
                Walked::Exact => return Ok(Via::Content),
                Walked::Case(w) => {
                    case.get_or_insert(w);
                }
                Walked::Missing => {}
            }
        }
        Err(case)
    }

    /// The URL Hugo serves `file` at when it lies in a static mount.
    fn static_url_of(&self, file: &Path) -> Option<String> {
        self.roots.statics.iter().find_map(|root| {
            let rel = file.strip_prefix(&root.dir).ok()?;
            let mut segs = root.target.clone();
            segs.extend(
                rel.components()
                    .filter_map(|c| c.as_os_str().to_str().map(str::to_string)),
            );
            Some(format!("/{}", segs.join("/")))
        })
    }

    /// A URL that starts with the folder of a static mount (`/static/images/x.jpg`): the URL
    /// Hugo serves that file at (`/images/x.jpg`).
    fn strip_static_folder(&self, url: &[&str]) -> Option<String> {
        self.roots.statics.iter().find_map(|root| {
            let folder = &root.folder;
            if folder.is_empty() || url.len() <= folder.len() {
                return None;
            }
            let same = url
                .iter()
                .zip(folder)
                .all(|(a, b)| a.eq_ignore_ascii_case(b));
            if !same {
                return None;
            }
            let mut segs = root.target.clone();
            segs.extend(url[folder.len()..].iter().map(|s| (*s).to_string()));
            Some(format!("/{}", segs.join("/")))
        })
    }

    /// A relative reference respelled after its URL was found ignoring case: the last
    /// segments of `written_url` replace the path's own.
    fn relative_spelling(&self, path: &str, parts: &[&str], written_url: &[String]) -> String {
        let n = parts
            .iter()
            .filter(|p| **p != "..")
            .count()
            .min(written_url.len());
        rewrite(path, &written_url[written_url.len() - n..], n)
    }

    /// The closest existing destination to a missing one, for "did you mean".
    fn suggest(
        &self,
        path: &str,
        parts: &[&str],
        root_relative: bool,
        url: Option<&[&str]>,
    ) -> Option<String> {
        // The same path with each missing segment replaced by the closest name.
        if root_relative {
            if let Some(url) = url {
                for root in &self.roots.statics {
                    let Some(rest) = strip_segments(url, &root.target) else {
                        continue;
                    };
                    if let Some(fixed) = closest_path(self.folders, &root.dir, rest) {
                        let mut segs = root.target.clone();
                        segs.extend(fixed);
                        return Some(format!("/{}", segs.join("/")));
                    }
                }
            }
        } else if let Some(bundle) = &self.bundle
            && !parts.contains(&"..")
            && let Some(fixed) = closest_path(self.folders, bundle, parts)
        {
            return Some(rewrite(path, &fixed, parts.len()));
        }
        // The same file name somewhere in the static mounts.
        let name = parts.last()?;
        let index = static_index(self);
        let lower = name.to_lowercase();
        let hits = index.get(&lower)?;
        hits.iter()
            .find(|(n, _)| n == name)
            .or_else(|| hits.first())
            .map(|(_, url)| url.clone())
    }
}

/// Follow `parts` from `base`, matching each segment exactly, else ignoring case, else (for
/// one segment at most) by the most similar name of the right kind. `None` when that fails.
fn closest_path(folders: &Folders, base: &Path, parts: &[&str]) -> Option<Vec<String>> {
    let mut dir = base.to_path_buf();
    let mut out = Vec::with_capacity(parts.len());
    let mut guessed = false;
    for (i, part) in parts.iter().enumerate() {
        let entries = folders.listing(&dir)?;
        let last = i + 1 == parts.len();
        let lower = part.to_lowercase();
        let mut pick = entries
            .ignoring_case(part)
            .into_iter()
            .find(|e| e.dir != last);
        if pick.is_none() && !guessed {
            guessed = true;
            pick = entries.most_similar(&lower, last);
        }
        let pick = pick?;
        out.push(pick.name.to_string());
        dir.push(pick.name);
    }
    Some(out)
}

/// What the "did you mean" search of a folder reads.
#[derive(Debug)]
struct Similar {
    /// One per entry, grouped by kind and length, then by a hash of their character
    /// counts (ties between entries are broken by index when scoring, not by this order).
    keys: Vec<SimilarKey>,
    /// The runs of `keys` of one kind, length and [`Grams`] counts.
    runs: Vec<Run>,
    /// The runs of `runs` of one kind and length.
    groups: Vec<Group>,
    /// Where each entry's key is in `keys`, by entry index.
    slot: Box<[u32]>,
    /// ([`stem_hash`], entry index) of the files, sorted.
    stems: Vec<(u64, u32)>,
}

/// A run of [`Similar::keys`] of one kind, length and character counts.
#[derive(Debug)]
struct Run {
    start: u32,
    end: u32,
}

/// A run of [`Similar::runs`] of one kind and length.
#[derive(Debug)]
struct Group {
    dir: bool,
    len: u32,
    start: u32,
    end: u32,
}

/// How many characters `name` has: its length when it is ASCII, as most file names are.
fn char_count(name: &str) -> usize {
    if name.is_ascii() {
        name.len()
    } else {
        name.chars().count()
    }
}

/// A name without its extension.
fn stem(s: &str) -> &str {
    // Before the last `.` byte, which UTF-8 has for that character only: a byte search,
    // where `rsplit_once` runs a character searcher (it is done for every name of a folder).
    match s.bytes().rposition(|b| b == b'.') {
        Some(at) => s.get(..at).unwrap_or(s),
        None => s,
    }
}

fn stem_hash(name: &str) -> u64 {
    crate::hash::hash_bytes(stem(name).as_bytes())
}

/// What the "did you mean" search reads of an entry before its name.
#[derive(Debug, Clone, Copy)]
struct SimilarKey {
    /// The entry's index (as `Listing::entry`).
    index: u32,
    /// Where the lower-cased name is in `Listing::lower`.
    lower: u32,
    dir: bool,
    /// Its length in characters.
    len: u32,
    /// [`stem_hash`] of the lower-cased name.
    stem: u64,
    grams: Grams,
}

/// Whether `score` for entry `i` beats `best` (score, then the first entry): the rule the
/// "did you mean" search keeps its answer by.
fn better(i: usize, score: f64, best: Option<(usize, f64)>) -> bool {
    score >= SIMILAR && best.is_none_or(|(j, s)| score > s || score == s && i < j)
}

/// For names of two given lengths, the largest distance whose score would still be
/// [`better`] than the best so far: worked out once per length, not per entry.
struct Reach {
    longest: usize,
    /// The least distance two names of these lengths can have.
    least: usize,
    /// The entry with the best score so far (`usize::MAX` when none).
    best_at: usize,
    /// The largest distance for an entry before `best_at` (which wins a tie), and after
    /// it (which must score higher); `None`: none is small enough.
    before: Option<usize>,
    after: Option<usize>,
}

impl Reach {
    fn new(la: usize, lb: usize, best: Option<(usize, f64)>) -> Reach {
        let longest = la.max(lb);
        let least = la.abs_diff(lb);
        let mut reach = Reach {
            longest,
            least,
            best_at: best.map_or(usize::MAX, |(j, _)| j),
            before: None,
            after: None,
        };
        // Lengths that alone rule out SIMILAR score 0.0 (see `similarity`): never better.
        // Two empty names score 1.0 (see `score`).
        if longest == 0 || least as f64 > (1.0 - SIMILAR) * longest as f64 {
            return reach;
        }
        let score_of = |d: usize| 1.0 - d as f64 / longest as f64;
        let largest = |i: usize| {
            if !better(i, score_of(0), best) {
                return None;
            }
            let mut k = 0;
            while k < longest && better(i, score_of(k + 1), best) {
                k += 1;
            }
            Some(k)
        };
        if let Some((j, _)) = best {
            reach.before = j.checked_sub(1).and_then(largest);
            reach.after = largest(j + 1);
        } else {
            reach.before = largest(0);
            reach.after = reach.before;
        }
        reach
    }

    /// Whether no entry of these lengths can beat the best so far.
    fn hopeless(&self) -> bool {
        self.longest != 0 && self.before.max(self.after).is_none_or(|k| k < self.least)
    }

    /// Whether a name whose count bound (see [`Grams::count_excess`]) is `excess` may beat
    /// the best so far, before or after it.
    fn within_loosest(&self, excess: usize) -> bool {
        self.longest == 0 || self.before.max(self.after).is_some_and(|k| excess <= k)
    }

    /// The score of entry `i` (`key`, lower-cased name `b()`) against `a`, when it may beat
    /// the best so far; `None` when it cannot.
    fn score<'n>(
        &self,
        i: usize,
        key: &SimilarKey,
        query: &Query<'_>,
        b: impl FnOnce() -> Option<&'n str>,
    ) -> Option<f64> {
        self.score_counted(i, key, query.grams.count_excess(&key.grams), query, b)
    }

    /// [`Reach::score`] with the entry's count bound worked out already.
    fn score_counted<'n>(
        &self,
        i: usize,
        key: &SimilarKey,
        excess: usize,
        query: &Query<'_>,
        b: impl FnOnce() -> Option<&'n str>,
    ) -> Option<f64> {
        if self.longest == 0 {
            return Some(1.0);
        }
        let k = if i < self.best_at {
            self.before
        } else {
            self.after
        }?;
        if k < self.least || excess > k || query.grams.sets_exceed(&key.grams, k) {
            return None;
        }
        let d = query.distance_within(b()?, k)?;
        Some(1.0 - d as f64 / self.longest as f64)
    }
}

/// The characters and the pairs of adjacent characters a name has, each set hashed into 64
/// bits, to bound the edit distance of two names from below without aligning them. A
/// character one name has and the other lacks takes an edit to remove; an edit (insertion,
/// deletion, substitution or transposition) breaks at most three pairs. Hashing only merges
/// members, which can only lower the counts, so the bound holds.
#[derive(Debug, Clone, Copy, Default)]
struct Grams {
    chars: u64,
    pairs: u64,
    /// How many characters fall in each of 32 buckets (by code point): an edit changes one
    /// count by one, or two counts by one each, so the larger of the summed excesses of
    /// either name over the other is a bound too, and a tight one for names that differ
    /// only in their digits (`event102-99.jpg`, `event5017-3.jpg`). Counts stop at 255,
    /// which can only lower them.
    counts: [u8; 32],
    /// The sum of `counts`.
    total: u32,
}

impl Grams {
    fn of(name: &str) -> Grams {
        // The bytes of an ASCII name are its code points: no decoding (a listing of 25,000
        // photos is read once for the search).
        if name.is_ascii() {
            Grams::of_code_points(name.bytes().map(u32::from))
        } else {
            Grams::of_code_points(name.chars().map(u32::from))
        }
    }

    fn of_code_points(points: impl Iterator<Item = u32>) -> Grams {
        let bit = |x: u64| 1u64 << (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58);
        let mut grams = Grams::default();
        let mut last: Option<u32> = None;
        for c in points {
            let bucket = &mut grams.counts[(c % 32) as usize];
            *bucket = bucket.saturating_add(1);
            grams.chars |= bit(u64::from(c));
            if let Some(p) = last {
                grams.pairs |= bit(u64::from(p) << 32 | u64::from(c));
            }
            last = Some(c);
        }
        grams.total = grams.counts.iter().map(|&n| u32::from(n)).sum();
        grams
    }

    /// A lower bound of the optimal string alignment distance of the two names from their
    /// counts: the larger excess of either name over the other, its total less what both
    /// have (the sum of the smaller counts). That sum vectorizes; summed in 16 bits (32
    /// counts of at most 255 fit), twice the lanes of 32-bit sums per vector.
    fn count_excess(&self, other: &Grams) -> usize {
        let both: u16 = self
            .counts
            .iter()
            .zip(&other.counts)
            .map(|(a, b)| u16::from(*a.min(b)))
            .sum();
        (self.total.max(other.total) - u32::from(both)) as usize
    }

    /// Whether the sets of characters and pairs certainly need more than `k` edits: tried
    /// after [`Grams::count_excess`], as a population count is a dozen instructions on the
    /// baseline x86-64.
    fn sets_exceed(&self, other: &Grams, k: usize) -> bool {
        let lacking = |a: u64, b: u64| (a & !b).count_ones().max((b & !a).count_ones()) as usize;
        lacking(self.chars, other.chars) > k || lacking(self.pairs, other.pairs) > 3 * k
    }

    /// Whether both have the same counts (then [`Grams::count_excess`] against a third name
    /// is the same for both).
    fn same_counts(&self, other: &Grams) -> bool {
        self.counts == other.counts
    }

    /// A hash of the counts, to sort names of equal counts together: not keyed, as equal
    /// hashes of unequal counts only cost time (see [`Listing::similar`]).
    fn counts_hash(&self) -> u64 {
        self.counts.chunks_exact(8).fold(0, |h, word| {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(word);
            (h ^ u64::from_le_bytes(bytes))
                .wrapping_mul(0x9E37_79B9_7F4A_7C15)
                .rotate_left(31)
        })
    }
}

/// The name a "did you mean" search looks for, with what its comparisons reuse.
struct Query<'a> {
    lower: &'a str,
    grams: Grams,
    /// For each byte value, the positions of `lower` that hold it, a bit each (the pattern
    /// of [`osa_bit_parallel`]; only ASCII ones are set, but a byte indexes it without a
    /// bounds check); `None` when `lower` is empty, not ASCII or longer than 64 bytes.
    masks: Option<[u64; 256]>,
}

impl<'a> Query<'a> {
    fn new(lower: &'a str) -> Query<'a> {
        let masks = (!lower.is_empty() && lower.len() <= 64 && lower.is_ascii()).then(|| {
            let mut masks = [0u64; 256];
            for (at, byte) in lower.bytes().enumerate() {
                masks[usize::from(byte)] |= 1 << at;
            }
            masks
        });
        Query {
            lower,
            grams: Grams::of(lower),
            masks,
        }
    }

    /// The optimal string alignment distance of the query and `b` when it is at most `k`,
    /// else `None`: bit-parallel when the query allows it, else by [`osa_within`].
    fn distance_within(&self, b: &str, k: usize) -> Option<usize> {
        let Some(masks) = &self.masks else {
            return osa_within(self.lower, b, k);
        };
        // A character the query lacks has no bit: a non-ASCII one is read as a whole.
        let d = if b.is_ascii() {
            osa_bit_parallel(self.lower.len(), b.bytes().map(|c| masks[usize::from(c)]))
        } else {
            let mask = |c: char| masks.get(c as usize).copied().unwrap_or(0);
            osa_bit_parallel(self.lower.len(), b.chars().map(mask))
        };
        (d <= k).then_some(d)
    }
}

/// The optimal string alignment distance of a pattern of `m` (1 to 64) characters and a
/// text given as, for each of its characters, the positions of the pattern that hold it
/// (a bit each): Hyyrö's bit-parallel algorithm ("A bit-vector algorithm for computing
/// Levenshtein and Damerau edit distances", 2003), a column of the table in a dozen word
/// operations, where [`osa_within`] loops over the cells of a band (the names a search
/// aligns are a few edits apart, so the band is wide enough to cost ten times more). A
/// test checks it against `strsim::osa_distance`.
fn osa_bit_parallel(m: usize, text: impl Iterator<Item = u64>) -> usize {
    // VP/VN: the vertical differences +1/-1 of the last column, bit i for row i + 1; D0:
    // the cells equal to their diagonal neighbour; the distance is the last row's value.
    let mut vp = !0u64;
    let mut vn = 0u64;
    let mut d0 = 0u64;
    let mut pm_last = 0u64;
    let mut dist = m;
    // The callers' queries have 1 to 64 characters; an empty one is as far as the text is
    // long, and a longer one (never asked) as far as can be.
    let Some(last_row) = m
        .checked_sub(1)
        .and_then(|row| 1u64.checked_shl(u32::try_from(row).ok()?))
    else {
        return if m == 0 { text.count() } else { usize::MAX };
    };
    for pm in text {
        // Transpositions: a match here whose diagonal was no match, after one the other
        // way round in the last column.
        let tr = ((!d0 & pm) << 1) & pm_last;
        d0 = (((pm & vp).wrapping_add(vp)) ^ vp) | pm | vn | tr;
        let hp = vn | !(d0 | vp);
        let hn = d0 & vp;
        dist += usize::from(hp & last_row != 0);
        dist -= usize::from(hn & last_row != 0);
        let hp = (hp << 1) | 1;
        let hn = hn << 1;
        vp = hn | !(d0 | hp);
        vn = hp & d0;
        pm_last = pm;
    }
    dist
}

/// The optimal string alignment distance of `a` and `b` (as `strsim::osa_distance`) when
/// it is at most `k`, else `None`; stops as soon as two rows exceed `k`.
fn osa_within(a: &str, b: &str, k: usize) -> Option<usize> {
    if a.is_ascii() && b.is_ascii() {
        osa_within_in(a.as_bytes(), b.as_bytes(), k)
    } else {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        osa_within_in(&a, &b, k)
    }
}

fn osa_within_in<T: PartialEq>(a: &[T], b: &[T], k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    // Only the band of cells within `k` of the diagonal is computed: a cell further off
    // is more than `k` (it takes that many insertions or deletions), and is read as
    // `k + 1`, which keeps every cell in the band exact when it is at most `k`.
    let over = k + 1;
    let width = b.len() + 1;
    let mut rows = vec![0usize; 3 * width];
    let (mut two_back, rest) = rows.split_at_mut(width);
    let (mut prev, mut cur) = rest.split_at_mut(width);
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j;
    }
    let mut prev_over = false;
    for i in 1..=a.len() {
        let lo = i.saturating_sub(k).max(1);
        let hi = (i + k).min(b.len());
        cur[0] = i;
        if lo > 1 {
            cur[lo - 1] = over;
        }
        let mut row_min = i;
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(two_back[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if hi < b.len() {
            cur[hi + 1] = over;
        }
        // A row's minimum is at least the smaller of the last row's and the one before's
        // plus one: once two rows in a row exceed k, every later one does.
        let over = row_min > k;
        if over && prev_over {
            return None;
        }
        prev_over = over;
        std::mem::swap(&mut two_back, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().filter(|&d| d <= k)
}

/// How alike two lower-cased names are, 0..1 (optimal string alignment distance over the
/// longer length). For files, the same stem with another extension (`a.png` for `a.jpg`)
/// counts as very close. Names whose lengths alone rule out [`SIMILAR`] are not compared.
#[cfg(test)]
fn similarity(a: &str, b: &str, files: bool) -> f64 {
    if files {
        let stem = |s: &str| {
            s.rsplit_once('.')
                .map_or(s.to_string(), |(s, _)| s.to_string())
        };
        if stem(a) == stem(b) {
            return 0.95;
        }
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    let longest = la.max(lb);
    if longest == 0 {
        return 1.0;
    }
    if la.abs_diff(lb) as f64 > (1.0 - SIMILAR) * longest as f64 {
        return 0.0;
    }
    1.0 - strsim::osa_distance(a, b) as f64 / longest as f64
}

type NameIndex = BTreeMap<String, Vec<(String, String)>>;

static INDEXES: LazyLock<RwLock<HashMap<PathBuf, Arc<NameIndex>>>> =
    LazyLock::new(|| RwLock::new(HashMap::new()));

/// Every file of the site's static mounts by lower-cased name: (name, URL), built once per
/// site and bounded.
fn static_index(r: &Resolver<'_>) -> Arc<NameIndex> {
    let key = r.site.root.clone();
    if let Ok(map) = INDEXES.read()
        && let Some(found) = map.get(&key)
    {
        return found.clone();
    }
    let mut index = NameIndex::new();
    let mut count = 0;
    for root in &r.roots.statics {
        index_dir(
            r.folders,
            &root.dir,
            &root.target,
            0,
            &mut index,
            &mut count,
        );
    }
    let index = Arc::new(index);
    if let Ok(mut map) = INDEXES.write() {
        map.insert(key, index.clone());
    }
    index
}

fn index_dir(
    folders: &Folders,
    dir: &Path,
    url: &[String],
    depth: usize,
    index: &mut NameIndex,
    count: &mut usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(entries) = folders.listing(dir) else {
        return;
    };
    for e in entries.iter() {
        if *count >= MAX_INDEXED {
            return;
        }
        let mut segs = url.to_vec();
        segs.push(e.name.to_string());
        if e.dir {
            index_dir(folders, &dir.join(e.name), &segs, depth + 1, index, count);
        } else {
            *count += 1;
            index
                .entry(e.name.to_lowercase())
                .or_default()
                .push((e.name.to_string(), format!("/{}", segs.join("/"))));
        }
    }
}

/// Path segments, without empty ones and `.`.
fn segments(path: &str) -> Vec<&str> {
    path.split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .collect()
}

/// Join relative segments to a base URL path as a browser does (`..` stops at the root).
fn join_url<'s>(base: &'s [String], parts: &[&'s str]) -> Vec<&'s str> {
    let mut out: Vec<&str> = Vec::with_capacity(base.len() + parts.len());
    out.extend(base.iter().map(String::as_str));
    for p in parts {
        if *p == ".." {
            out.pop();
        } else {
            out.push(p);
        }
    }
    out
}

/// `url` without the leading `prefix` segments, if it starts with them.
fn strip_segments<'u>(url: &'u [&'u str], prefix: &[String]) -> Option<&'u [&'u str]> {
    if url.len() < prefix.len() || url.iter().zip(prefix).any(|(a, b)| a != b) {
        return None;
    }
    Some(&url[prefix.len()..])
}

/// `path` with its last `n` segments replaced by `last`, keeping what precedes them (a
/// leading `/`, `./`, `../`).
fn rewrite(path: &str, last: &[String], n: usize) -> String {
    let mut kept: Vec<&str> = path.split('/').collect();
    // Drop trailing segments until `n` real ones are gone.
    let mut removed = 0;
    while removed < n {
        match kept.pop() {
            Some(s) if s.is_empty() || s == "." || s == ".." => {}
            Some(_) => removed += 1,
            None => break,
        }
    }
    let mut out = kept.join("/");
    if !out.is_empty() || path.starts_with('/') {
        out.push('/');
    }
    out.push_str(&last.join("/"));
    out
}

/// Absolute and lexically normalized (`..` removed), without touching the disk.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    crate::site::normalize(path)
}

/// Resolve `image` of the page at `page`, or `None` when there is nothing to look up (no
/// site, not a local reference, the page outside the site).
pub fn resolve_image(site: &Site, page: &Path, image: &Image) -> Option<Resolution> {
    let Dest::Local {
        path,
        root_relative,
    } = classify(&image.dest)
    else {
        return None;
    };
    let resolver = Resolver::new(site, page)?;
    Some(resolver.resolve(&path, root_relative, hooked(site, image.source)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_names_and_hook_segments_agree_with_their_plain_forms() {
        for name in [
            "index.md",
            "_index.md",
            "INDEX.MD",
            "_Index.vi.md",
            "index",
            "_index",
            "indexes.md",
            "İndex.md",
            "_İndex.md",
            "\u{212a}index.md",
            "ındex.md",
            "x_index.md",
            "",
            "i",
        ] {
            let lower = name.to_lowercase();
            let plain = lower.starts_with("index.") || lower.starts_with("_index.");
            assert_eq!(is_bundle_name(name), plain, "{name:?}");
        }
        // `through_hook` splits the path whole: the parts its plain form took of the path
        // without leading `/` and `./`.
        for path in [
            "a.jpg",
            "/a.jpg",
            "//a.jpg",
            "./a.jpg",
            "/./a.jpg",
            "././a.jpg",
            ".//a.jpg",
            "/a/./b.jpg",
            "../a.jpg",
            "/",
            "",
            ".",
            "./",
            "a//b/",
            "/.a.jpg",
            "...",
        ] {
            let rel = path.trim_start_matches('/');
            let rel = rel.strip_prefix("./").unwrap_or(rel);
            assert_eq!(segments(path), segments(rel), "{path:?}");
        }
    }

    #[test]
    fn a_probed_step_answers_as_the_listing_does() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let make = |root: &Path| {
            let mk = |p: &str| std::fs::create_dir_all(root.join(p));
            let touch = |p: &str| std::fs::write(root.join(p), "");
            mk("images/Event")
                .and(touch("images/Event/Photo-1.JPG"))
                .and(touch("images/Event/photo-2.jpg"))
                .and(touch("images/Event/123.456"))
                .and(mk("images/Event/sub.jpg"))
                .unwrap_or_else(|e| panic!("{e}"));
        };
        let folders = Folders::default();
        let asks: &[&[&str]] = &[
            &["images", "Event", "Photo-1.JPG"],
            &["images", "Event", "photo-1.jpg"],
            &["images", "event", "photo-2.jpg"],
            &["images", "Event", "photo-2.jpg"],
            &["images", "Event", "123.456"],
            &["images", "Event", "sub.jpg"],
            &["images", "Event", "missing.jpg"],
            &["Images", "Event"],
        ];
        for (n, ask) in asks.iter().enumerate() {
            // Each answer twice, in two copies of the tree: first probed, then with every
            // folder listed beforehand.
            let (probed, listed) = (
                tmp.path().join(format!("p{n}")),
                tmp.path().join(format!("l{n}")),
            );
            make(&probed);
            make(&listed);
            for dir in ["", "images", "images/Event"] {
                let _ = folders.listing(&listed.join(dir));
            }
            let a = walk(&folders, &probed, ask, Tree::Verbatim);
            let b = walk(&folders, &listed, ask, Tree::Verbatim);
            assert_eq!(format!("{a:?}"), format!("{b:?}"), "{ask:?}");
        }
        // The probe answers on its own (else the comparison above would hold vacuously):
        // a file and a folder found by name, a name spelt otherwise left to the listing.
        let fresh = tmp.path().join("fresh");
        make(&fresh);
        let event = fresh.join("images/Event");
        assert_eq!(probe_exact(&folders, &event, "photo-2.jpg"), Some(false));
        assert_eq!(
            probe_exact(&folders, &fresh.join("images"), "Event"),
            Some(true)
        );
        assert_eq!(probe_exact(&folders, &event, "photo-1.jpg"), None);
        // Only the first few names of a folder are probed.
        let dir = tmp.path().join("p0/images/Event");
        let counts: Vec<bool> = (0..6)
            .map(|_| probe_exact(&folders, &dir, "photo-2.jpg").is_some())
            .collect();
        let most = crate::folders::PROBES_BEFORE_LISTING as usize;
        assert!(counts.iter().filter(|p| **p).count() <= most);
        assert!(!counts[5]);
        // Nothing to tell the case by: listed.
        assert_eq!(
            probe_exact(&folders, &tmp.path().join("p1/images/Event"), "123.456"),
            None
        );
        // A folder once listed is not probed.
        let _ = folders.listing(&event);
        assert_eq!(probe_exact(&folders, &event, "photo-2.jpg"), None);
    }

    #[test]
    fn listing_helpers_agree_with_their_plain_forms() {
        let names = [
            "event102-99.jpg",
            "event102-98.jpg",
            "event1-1.jpg",
            "a",
            "a\u{0}",
            "a\u{0}\u{0}",
            "",
            "0123456789abcdef",
            "0123456789abcdefX",
            "0123456789abcdef\u{0}",
            "0123456789abcdeE",
            "Ảnh sự kiện.png",
            "Ảnh sự kiện.PNG",
            "index.md",
            "INDEX.MD",
            "_Index.vi.Md",
            "İndex.md",
            "\u{212A}index.md",
            "index.md.txt",
            "xindex.md",
            "_index.",
            ".md",
        ];
        let entries: Vec<(String, bool)> = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.to_string(), i % 3 == 0))
            .collect();
        // Small folders (sorted in place) and larger ones (through the index).
        for n in [0, 1, 2, SORTED_IN_PLACE, SORTED_IN_PLACE + 1, entries.len()] {
            let some: Vec<(String, bool)> = entries.iter().take(n).cloned().collect();
            let mut plain = some.clone();
            plain.sort_by(|a, b| a.0.cmp(&b.0));
            assert_eq!(sorted_by_name(some), plain, "{n}");
        }
        assert!(entries.len() > SORTED_IN_PLACE + 1);
        for name in names {
            let n = name.to_lowercase();
            let lowered =
                n.ends_with(".md") && (n.starts_with("index.") || n.starts_with("_index."));
            assert_eq!(is_index_page_name(name), lowered, "{name:?}");
        }
    }
    use std::fs;

    /// Names like a photo folder's, and near misses of them.
    fn names(seed: u64, n: usize) -> Vec<String> {
        let mut rng =
            crate::test_inputs::Xorshift::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let mut next = move || rng.next_u64() as usize;
        let stems = [
            "event",
            "Event",
            "photo",
            "img",
            "anh-su-kien",
            "ảnh",
            "evnet",
            "evetn",
        ];
        let exts = ["jpg", "JPG", "png", "jpeg", "webp", ""];
        (0..n)
            .map(|_| {
                let stem = stems[next() % stems.len()];
                let ext = exts[next() % exts.len()];
                let name = format!("{stem}{}-{}", next() % 40, next() % 12);
                if ext.is_empty() {
                    name
                } else {
                    format!("{name}.{ext}")
                }
            })
            .collect()
    }

    #[test]
    fn bounded_alignment_is_strsim_within_the_bound() {
        let all = names(7, 300);
        for (i, a) in all.iter().enumerate() {
            let b = &all[(i * 7 + 3) % all.len()];
            let (a, b) = (a.to_lowercase(), b.to_lowercase());
            let d = strsim::osa_distance(&a, &b);
            for k in 0..8 {
                let want = (d <= k).then_some(d);
                assert_eq!(osa_within(&a, &b, k), want, "{a} {b} {k}");
            }
        }
        assert_eq!(osa_within("ab", "ba", 1), Some(1));
        assert_eq!(osa_within("", "abc", 3), Some(3));
        assert_eq!(osa_within("abc", "", 2), None);
    }

    /// Names are found ignoring case whether or not the folder has upper-case names (a
    /// folder of lower-case names keeps no second, lower-cased list).
    #[test]
    fn listings_find_names_ignoring_case() {
        let entries = |names: &[&str]| names.iter().map(|n| (n.to_string(), false)).collect();
        let mixed = Listing::new(entries(&["b.JPG", "B.jpg", "a.png", "Ả.png", "c"]));
        fn names<'a>(found: Vec<Entry<'a>>) -> Vec<&'a str> {
            found.iter().map(|e| e.name).collect()
        }
        assert_eq!(names(mixed.ignoring_case("B.jpg")), ["B.jpg", "b.JPG"]);
        assert_eq!(names(mixed.ignoring_case("b.jpg")), ["B.jpg", "b.JPG"]);
        assert_eq!(names(mixed.ignoring_case("ả.PNG")), ["Ả.png"]);
        assert!(mixed.ignoring_case("d").is_empty());
        let lower = Listing::new(entries(&["x.jpg", "a.jpg", "ả.png"]));
        assert!(lower.lower.is_none());
        assert_eq!(names(lower.ignoring_case("X.JPG")), ["x.jpg"]);
        assert_eq!(names(lower.iter().collect()), ["a.jpg", "x.jpg", "ả.png"]);
    }

    /// The lower-cased names are in the order of sorting (lower-cased name, entry) pairs,
    /// ties (`B.jpg`, `b.JPG`) by entry.
    #[test]
    fn lower_cased_names_are_ordered_as_pairs_sort() {
        for seed in 1..4 {
            let mut all = names(seed, 300);
            all.extend(["B.jpg", "b.JPG", "b.jpg", "Ảnh.png", "ảnh.png"].map(String::from));
            all.sort();
            all.dedup();
            let listing = Listing::new(all.iter().map(|n| (n.clone(), false)).collect());
            assert!(listing.lower.is_some());
            let mut plain: Vec<(String, usize)> = listing
                .iter()
                .enumerate()
                .map(|(i, e)| (e.name.to_lowercase(), i))
                .collect();
            plain.sort_unstable();
            let got: Vec<(String, usize)> = (0..listing.len())
                .filter_map(|at| listing.lower(at))
                .map(|(n, i)| (n.to_string(), i))
                .collect();
            assert_eq!(got, plain);
        }
    }

    /// The exact-name search (a walk's fast path) finds what a scan of the entries finds,
    /// and what the search ignoring case puts first when the name is there as written.
    #[test]
    fn exact_names_are_found_as_a_scan_finds_them() {
        for seed in 1..6 {
            let mut all = names(seed, 200);
            all.sort();
            all.dedup();
            let (held, asked) = all.split_at(all.len() / 2);
            let listing = Listing::new(
                held.iter()
                    .enumerate()
                    .map(|(i, n)| (n.clone(), i % 5 == 0))
                    .collect(),
            );
            for name in all
                .iter()
                .map(String::as_str)
                .chain(["", "a", "\u{10FFFF}"])
            {
                let scanned = listing.iter().find(|e| e.name == name);
                assert_eq!(listing.exact(name), scanned, "{name:?}");
                assert_eq!(
                    scanned.is_some(),
                    held.iter().any(|n| n == name),
                    "{name:?}"
                );
                if let Some(e) = scanned {
                    assert_eq!(listing.ignoring_case(name).first(), Some(&e), "{name:?}");
                }
            }
            assert!(asked.iter().all(|n| listing.exact(n).is_none()));
        }
    }

    #[test]
    fn hashed_names_are_found_as_the_binary_search_finds_them() {
        for seed in 1..4 {
            let mut all = names(seed, 2 * HASHED_FROM + 100);
            all.sort();
            all.dedup();
            let (held, asked) = all.split_at(all.len() * 3 / 4);
            assert!(held.len() >= HASHED_FROM);
            let listing = Listing::new(
                held.iter()
                    .enumerate()
                    .map(|(i, n)| (n.clone(), i % 5 == 0))
                    .collect(),
            );
            // No table until asked often enough; then every name is found as before.
            for _ in 0..HASHED_AFTER {
                assert!(listing.name_table().is_none());
            }
            let table = listing.name_table().unwrap_or_else(|| panic!("no table"));
            assert!(table.len() >= 2 * held.len());
            for name in all
                .iter()
                .map(String::as_str)
                .chain(["", "a", "\u{10FFFF}"])
            {
                let searched = listing.exact_searched(name);
                assert_eq!(
                    listing.exact_hashed(table, name, MAX_PROBES),
                    searched,
                    "{name:?}"
                );
                // Cut short, the look-up falls back to the binary search.
                for max_probes in [0, 1] {
                    assert_eq!(
                        listing.exact_hashed(table, name, max_probes),
                        searched,
                        "{name:?}"
                    );
                }
                assert_eq!(listing.exact(name), searched, "{name:?}");
                assert_eq!(searched.is_some(), held.iter().any(|n| n == name));
            }
            assert!(asked.iter().all(|n| listing.exact(n).is_none()));
            // Some two of hundreds of names in a table twice their number share a first
            // slot: allowed a single probe each, the build gives up.
            assert!(listing.build_name_table(1).is_none());
            assert!(listing.build_name_table(MAX_PROBES).is_some());
        }
        // A small listing keeps the binary search.
        let small = Listing::new(vec![("a.jpg".to_string(), false)]);
        for _ in 0..=HASHED_AFTER {
            assert!(small.name_table().is_none());
        }
        assert_eq!(small.exact("a.jpg").map(|e| e.name), Some("a.jpg"));
    }

    #[test]
    fn names_made_to_collide_get_no_table_and_are_still_found() {
        // Names sharing one first slot in a table of 1,024 (what 300 entries get): every
        // insert would walk past all the ones before it.
        let mask = (2 * 300usize).next_power_of_two() - 1;
        let held: Vec<String> = (0u32..)
            .map(|i| format!("p{i}.jpg"))
            .filter(|n| name_slot(n, mask) == 7)
            .take(300)
            .collect();
        let listing = Listing::new(held.iter().map(|n| (n.clone(), false)).collect());
        for _ in 0..=HASHED_AFTER {
            assert!(listing.name_table().is_none());
        }
        assert!(listing.by_hash.get().is_some_and(Option::is_none));
        for name in &held {
            assert_eq!(listing.exact(name).map(|e| e.name), Some(name.as_str()));
        }
        assert!(listing.exact("q.jpg").is_none());
    }

    /// What scoring every entry picks: the highest score, the first entry of equals.
    fn most_similar_by_scoring_all<'l>(
        listing: &'l Listing,
        lower: &str,
        files: bool,
    ) -> Option<(&'l str, f64)> {
        let mut best: Option<(Entry<'_>, f64)> = None;
        for e in listing.iter().filter(|e| e.dir != files) {
            let score = similarity(lower, &e.name.to_lowercase(), files);
            if score >= SIMILAR && best.is_none_or(|(_, s)| score > s) {
                best = Some((e, score));
            }
        }
        best.map(|(e, s)| (e.name, s))
    }

    /// The pruned search picks what scoring every entry picks, ties included.
    #[test]
    fn most_similar_equals_scoring_every_entry() {
        let entries: Vec<(String, bool)> = names(11, 400)
            .into_iter()
            .enumerate()
            .map(|(i, name)| (name, i % 9 == 0))
            .collect();
        let listing = Listing::new(entries);
        let mut found = 0;
        for query in names(12, 300) {
            let lower = query.to_lowercase();
            for files in [true, false] {
                let want = most_similar_by_scoring_all(&listing, &lower, files).map(|(e, _)| e);
                let got = listing.most_similar(&lower, files).map(|e| e.name);
                assert_eq!(got, want, "{query} files={files}");
                found += usize::from(got.is_some());
            }
        }
        assert!(found > 100, "{found}");
    }

    /// The pruned search picks what scoring every entry picks in many random listings:
    /// names a digit or two apart, so that many share their character counts (the runs the
    /// search bounds together) and many queries tie; files and folders; non-ASCII names;
    /// queries a few edits from an entry, or anything.
    #[test]
    fn most_similar_equals_scoring_every_entry_in_random_listings() {
        let mut rng = crate::test_inputs::Xorshift::new(0x2545_F491_4F6C_DD1D);
        let mut next = move |n: usize| rng.below(n);
        let stems = ["event", "evnet", "Event", "ảnh", "img", "e"];
        let digits = ['0', '1', '2', '3', '9'];
        let exts = [".jpg", ".png", ".JPG", ""];
        let name = |next: &mut dyn FnMut(usize) -> usize| {
            let mut name = stems[next(stems.len())].to_string();
            for _ in 0..=next(4) {
                name.push(digits[next(digits.len())]);
            }
            name.push('-');
            name.push(digits[next(digits.len())]);
            name.push_str(exts[next(exts.len())]);
            name
        };
        let edit = |name: &str, next: &mut dyn FnMut(usize) -> usize| {
            let mut chars: Vec<char> = name.chars().collect();
            for _ in 0..next(4) {
                let at = next(chars.len() + 1);
                let c = ['1', '3', 'e', '.', 'ả', 'x'][next(6)];
                match next(4) {
                    0 if at < chars.len() => chars[at] = c,
                    1 => chars.insert(at, c),
                    2 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ if at + 1 < chars.len() => chars.swap(at, at + 1),
                    _ => {}
                }
            }
            chars.into_iter().collect::<String>()
        };
        let (mut found, mut ties, mut shared) = (0, 0, 0);
        for _ in 0..80 {
            let size = next(250) + 1;
            let entries: Vec<(String, bool)> =
                (0..size).map(|_| (name(&mut next), next(6) == 0)).collect();
            let listing = Listing::new(entries.clone());
            shared += listing
                .similar()
                .runs
                .iter()
                .filter(|r| r.end - r.start > 1)
                .count();
            for _ in 0..25 {
                let query = match next(5) {
                    0 => name(&mut next),
                    _ => edit(&entries[next(entries.len())].0, &mut next),
                };
                let lower = query.to_lowercase();
                for files in [true, false] {
                    let want = most_similar_by_scoring_all(&listing, &lower, files);
                    let got = listing.most_similar(&lower, files).map(|e| e.name);
                    assert_eq!(got, want.map(|(e, _)| e), "{query} files={files}");
                    if let Some((_, score)) = want {
                        found += 1;
                        let equal = listing
                            .iter()
                            .filter(|e| e.dir != files)
                            .filter(|e| similarity(&lower, &e.name.to_lowercase(), files) == score)
                            .count();
                        ties += usize::from(equal > 1);
                    }
                }
            }
        }
        assert!(
            found > 2000 && ties > 300 && shared > 400,
            "{found} {ties} {shared}"
        );
    }

    /// The bit-parallel alignment gives `strsim::osa_distance`, and the query's
    /// [`Query::distance_within`] what [`osa_within`] gives, for random names of a small
    /// alphabet (many repeats and transpositions) up to 64 characters and past them, ASCII
    /// queries against non-ASCII names included.
    #[test]
    fn bit_parallel_distance_equals_the_table() {
        let mut rng = crate::test_inputs::Xorshift::new(0x9E37_79B9_7F4A_7C15);
        let mut next = move |n: usize| rng.below(n);
        let alphabet = ['a', 'b', 'c', '1', '-', 'ả'];
        let word = |next: &mut dyn FnMut(usize) -> usize, ascii: bool| {
            let len = [next(5), next(16), next(70)][next(3)];
            let letters = if ascii { 5 } else { 6 };
            (0..len)
                .map(|_| alphabet[next(letters)])
                .collect::<String>()
        };
        let mut fast = 0;
        for _ in 0..20_000 {
            let a = word(&mut next, true);
            let ascii = next(4) != 0;
            let b = word(&mut next, ascii);
            let k = next(8);
            let query = Query::new(&a);
            fast += usize::from(query.masks.is_some());
            let want = strsim::osa_distance(&a, &b);
            assert_eq!(query.distance_within(&b, 200), Some(want), "{a} {b}");
            assert_eq!(
                query.distance_within(&b, k),
                osa_within(&a, &b, k),
                "{a} {b} {k}"
            );
            assert_eq!(query.distance_within(&b, k), (want <= k).then_some(want));
        }
        assert!(fast > 10_000, "{fast}");
    }

    /// The cases the search treats apart: files of the same stem (0.95 whatever their
    /// length, beaten only by a long name one edit away), folders of that stem (scored by
    /// distance), ties between lengths, non-ASCII names, a length far off.
    #[test]
    fn most_similar_equals_scoring_every_entry_in_its_special_cases() {
        let files = [
            "conference-hall-photo-01.png",
            "conference-hall-photo-02.jpg",
            "conference-hall-photo-01.jpeg",
            "a.png",
            "ab.jpg",
            "b.jpg",
            "event1-1.jpg",
            "event1-11.jpg",
            "event11-1.jpg",
            "Ảnh-sự-kiện-1.jpg",
            "ảnh-sự-kiện-2.JPG",
            "anh-su-kien-1.jpg",
            "x",
            "very-long-name-that-nothing-resembles-at-all.jpg",
        ];
        let dirs = ["conference-hall-photo-01.jpg.d", "a", "event1-1", "ảnh"];
        let entries = files
            .iter()
            .map(|n| (n.to_string(), false))
            .chain(dirs.iter().map(|n| (n.to_string(), true)))
            .collect();
        let listing = Listing::new(entries);
        let queries = [
            "conference-hall-photo-01.jpg",
            "conference-hall-photo-03.jpg",
            "conference-hall-photo-01.jpg.e",
            "a.jpg",
            "a",
            "ab.png",
            "event1-2.jpg",
            "event1-1",
            "event1-1.png",
            "event11-11.jpg",
            "ảnh-sự-kiện-1.png",
            "ảnh-sự-kiện-3.jpg",
            "anh-su-kien-3.jpg",
            "ảnh",
            "y",
            "very-long-name-that-nothing-resembles-at-all.jpg-x",
            "zzzzzzzzzzzzzzzzzzzzzz",
        ];
        let mut scores = Vec::new();
        for query in queries {
            let lower = query.to_lowercase();
            for files in [true, false] {
                let want = most_similar_by_scoring_all(&listing, &lower, files);
                let got = listing.most_similar(&lower, files).map(|e| e.name);
                assert_eq!(got, want.map(|(e, _)| e), "{query} files={files}");
                scores.extend(want.map(|(_, s)| s));
            }
        }
        // A name one edit from a long query beats the same stem's 0.95.
        assert_eq!(
            listing
                .most_similar("conference-hall-photo-01.jpg", true)
                .map(|e| e.name),
            Some("conference-hall-photo-02.jpg")
        );
        assert_eq!(
            listing.most_similar("a.jpg", true).map(|e| e.name),
            Some("a.png")
        );
        assert!(scores.contains(&0.95) && scores.iter().any(|&s| s < 0.95));
    }

    /// A site laid out like the ones Hugo 0.168 was run on (see `tests/hugo_images.rs`).
    fn site(config: &str) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let files = [
            "static/images/x.jpg",
            "static/images/Upper.JPG",
            "static/images/sub dir/a b.jpg",
            "content/events/_index.md",
            "content/events/E1/_index.md",
            "content/events/E1/a.jpg",
            "content/events/E1/Mixed.JPG",
            "content/events/E1/sub/b.jpg",
            "content/events/e2/index.md",
            "content/events/e2/c.jpg",
            "content/events/plain.md",
            "content/events/4.2-Meetup.en.md",
            "content/events/pic.jpg",
            "assets/images/y.jpg",
        ];
        for f in files {
            let path = dir.path().join(f);
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
            }
            fs::write(&path, "x").unwrap_or_else(|e| panic!("{e}"));
        }
        fs::write(dir.path().join("hugo.toml"), config).unwrap_or_else(|e| panic!("{e}"));
        let site = Site::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        (dir, site)
    }

    fn resolve(site: &Site, page: &str, dest: &str, hook: bool) -> Resolution {
        let page = site.root.join(page);
        let Dest::Local {
            path,
            root_relative,
        } = classify(dest)
        else {
            panic!("{dest} is not local");
        };
        let r = Resolver::new(site, &page).unwrap_or_else(|| panic!("{page:?} not in the site"));
        let plain = r.resolve(&path, root_relative, hook);
        let suggesting = r.resolve_suggesting(&path, root_relative, hook);
        match (&plain, &suggesting) {
            (Resolution::Missing { suggestion: None }, Resolution::Missing { .. }) => {}
            _ => assert_eq!(plain, suggesting, "{dest}"),
        }
        suggesting
    }

    fn case(written: &str) -> Resolution {
        Resolution::WrongCase {
            written: written.to_string(),
        }
    }

    #[test]
    fn classifies_destinations() {
        let local = |p: &str, r: bool| Dest::Local {
            path: p.to_string().into(),
            root_relative: r,
        };
        assert_eq!(
            classify("/images/a%20b.jpg?x=1#y"),
            local("/images/a b.jpg", true)
        );
        assert_eq!(classify("./x.jpg"), local("./x.jpg", false));
        assert_eq!(classify("images\\x.jpg"), local("images/x.jpg", false));
        assert_eq!(classify("a{b}{.jpg#x?y"), local("a{b}{.jpg", false));
        assert_eq!(classify("ảnh.jpg?#"), local("ảnh.jpg", false));
        assert_eq!(classify("{"), local("{", false));
        assert_eq!(
            classify("https://Example.org:8080/x.jpg"),
            Dest::Remote {
                host: "example.org".into()
            }
        );
        assert_eq!(
            classify("//cdn.x/y.png"),
            Dest::Remote {
                host: "cdn.x".into()
            }
        );
        assert_eq!(
            classify("blob:https://www.facebook.com/65150fbb"),
            Dest::Unreachable(Unreachable::Blob)
        );
        assert_eq!(
            classify("file:///C:/Users/me/x.jpg"),
            Dest::Unreachable(Unreachable::File)
        );
        assert_eq!(
            classify("C:\\Users\\me\\x.jpg"),
            Dest::Unreachable(Unreachable::WindowsPath)
        );
        assert_eq!(
            classify("d:/photos/x.jpg"),
            Dest::Unreachable(Unreachable::WindowsPath)
        );
        assert_eq!(
            classify("~/Desktop/x.jpg"),
            Dest::Unreachable(Unreachable::LocalPath)
        );
        assert_eq!(
            classify("chrome://x"),
            Dest::Unreachable(Unreachable::Scheme("chrome".into()))
        );
        for skip in [
            "",
            "  ",
            "data:image/png;base64,AAA",
            "{{< relURL \"x.jpg\" >}}",
            "/images/{{ .x }}.jpg",
            "x{{",
        ] {
            assert_eq!(classify(skip), Dest::Skip, "{skip:?}");
        }
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("%E1%BA%A3nh.jpg"), "ảnh.jpg");
        assert_eq!(percent_decode("%FF.jpg"), "%FF.jpg");
    }

    #[test]
    fn root_relative_paths_are_served_from_static_byte_exactly() {
        let (_d, s) = site("baseURL = 'https://example.org/'\n");
        let page = "content/events/E1/_index.md";
        assert_eq!(
            resolve(&s, page, "/images/x.jpg", false),
            Resolution::Found(Via::Static)
        );
        assert_eq!(
            resolve(&s, page, "/images/sub%20dir/a%20b.jpg", false),
            Resolution::Found(Via::Static)
        );
        assert_eq!(
            resolve(&s, page, "/images/X.jpg", false),
            case("/images/x.jpg")
        );
        assert_eq!(
            resolve(&s, page, "/Images/upper.jpg", false),
            case("/images/Upper.JPG")
        );
        assert_eq!(
            resolve(&s, page, "/images/x.png", false),
            Resolution::Missing {
                suggestion: Some("/images/x.jpg".into())
            }
        );
        assert_eq!(
            resolve(&s, page, "/img/x.jpg", false),
            Resolution::Missing {
                suggestion: Some("/images/x.jpg".into())
            }
        );
        assert_eq!(
            resolve(&s, page, "/images/nothing-like-it.gif", false),
            Resolution::Missing { suggestion: None }
        );
        assert_eq!(
            resolve(&s, page, "/static/images/x.jpg", false),
            Resolution::StaticPrefix {
                url: "/images/x.jpg".into()
            }
        );
        assert_eq!(
            resolve(&s, page, "/Users/me/Desktop/x.jpg", false),
            Resolution::LocalPath
        );
        // Bundle files are published under the lower-cased section path.
        assert_eq!(
            resolve(&s, page, "/events/e1/a.jpg", false),
            Resolution::Found(Via::Content)
        );
        assert_eq!(
            resolve(&s, page, "/events/E1/a.jpg", false),
            case("/events/e1/a.jpg")
        );
        assert!(matches!(
            resolve(&s, page, "/events/e1/_index.md", false),
            Resolution::Missing { .. }
        ));
    }

    #[test]
    fn relative_paths_resolve_against_the_page_url() {
        let (_d, s) = site("baseURL = 'https://example.org/'\n");
        let page = "content/events/E1/_index.md";
        assert_eq!(
            resolve(&s, page, "a.jpg", false),
            Resolution::Found(Via::Content)
        );
        assert_eq!(
            resolve(&s, page, "./sub/b.jpg", false),
            Resolution::Found(Via::Content)
        );
        assert_eq!(resolve(&s, page, "mixed.jpg", false), case("Mixed.JPG"));
        assert_eq!(resolve(&s, page, "./A.jpg", false), case("./a.jpg"));
        assert_eq!(
            resolve(&s, page, "../e2/c.jpg", false),
            Resolution::Found(Via::Content)
        );
        assert_eq!(
            resolve(&s, page, "../../images/x.jpg", false),
            Resolution::Found(Via::Static)
        );
        assert_eq!(
            resolve(&s, page, "images/x.jpg", false),
            Resolution::Missing {
                suggestion: Some("/images/x.jpg".into())
            }
        );
        assert_eq!(
            resolve(&s, page, "b.jpg", false),
            Resolution::Missing {
                suggestion: Some("a.jpg".into())
            }
        );
        // A path written relative to the file on disk.
        assert_eq!(
            resolve(&s, page, "../../../static/images/x.jpg", false),
            Resolution::StaticPrefix {
                url: "/images/x.jpg".into()
            }
        );
        assert_eq!(
            resolve(&s, page, "../../../../Pictures/x.jpg", false),
            Resolution::OutsideSite
        );
        // A leaf bundle.
        assert_eq!(
            resolve(&s, "content/events/e2/index.md", "c.jpg", false),
            Resolution::Found(Via::Content)
        );
        // A plain page is served at /events/plain/: the file beside it is not there.
        assert_eq!(
            resolve(&s, "content/events/plain.md", "pic.jpg", false),
            Resolution::PlainPage {
                page_url: "/events/plain/".into()
            }
        );
        assert_eq!(
            resolve(&s, "content/events/plain.md", "../pic.jpg", false),
            Resolution::Found(Via::Content)
        );
        assert_eq!(
            resolve(&s, "content/events/4.2-Meetup.en.md", "pic.jpg", false),
            Resolution::PlainPage {
                page_url: "/events/4.2-meetup/".into()
            }
        );
    }

    #[test]
    fn render_hooks_find_resources_and_assets() {
        let (_d, s) = site("baseURL = 'https://example.org/'\n[languages.en]\n");
        assert!(s.embedded_image_hook);
        let page = "content/events/E1/_index.md";
        // Page resources match case-insensitively, with or without a leading slash.
        for dest in ["mixed.jpg", "./SUB/B.JPG", "/a.jpg"] {
            assert_eq!(
                resolve(&s, page, dest, true),
                Resolution::Found(Via::Resource),
                "{dest}"
            );
        }
        // `assets/` matches byte-exactly.
        assert_eq!(
            resolve(&s, page, "images/y.jpg", true),
            Resolution::Found(Via::Asset)
        );
        assert_eq!(
            resolve(&s, page, "/images/y.jpg", true),
            Resolution::Found(Via::Asset)
        );
        assert_eq!(
            resolve(&s, page, "/images/Y.jpg", true),
            case("/images/y.jpg")
        );
        // Static files are not resources: written as is, found as is.
        assert_eq!(
            resolve(&s, page, "/images/x.jpg", true),
            Resolution::Found(Via::Static)
        );
        // Another bundle's files are not this page's resources.
        assert!(matches!(
            resolve(&s, "content/events/_index.md", "e2/c.jpg", true),
            Resolution::Found(Via::Content)
        ));
        let r = Resolver::new(&s, &s.root.join("content/events/_index.md"));
        assert!(r.is_some_and(|r| !r.resolves_through_hook("e2/c.jpg")));
    }

    #[test]
    fn nothing_outside_the_site_root_is_read() {
        let (_d, s) =
            site("baseURL = 'https://example.org/'\nstaticDir = ['static', '../outside']\n");
        assert_eq!(s.static_mounts.len(), 2);
        let page = "content/events/E1/_index.md";
        let r = Resolver::new(&s, &s.root.join(page));
        assert!(r.is_some_and(|r| r.roots.statics.len() == 1));
        assert!(Resolver::new(&s, Path::new("/elsewhere/x.md")).is_none());
    }

    /// `images` reads the problems that come from a resolution alone off `resolve_all`,
    /// without classifying the destination again: an image has a resolution exactly when
    /// `classify` calls it local.
    #[test]
    fn images_are_resolved_exactly_when_they_are_local() {
        let (_d, s) = site("baseURL = 'https://example.org/'\n");
        let dests = [
            "/images/x.jpg",
            "/images/missing.jpg",
            "/static/images/x.jpg",
            "/images/upper.jpg",
            "a.jpg",
            "../../../../outside.jpg",
            "/Users/me/x.jpg",
            "images\\x.jpg",
            "/images/sub%20dir/a%20b.jpg",
            "/images/%FF.jpg",
            "https://example.org/images/x.jpg",
            "//cdn.x/y.png",
            "blob:https://x/1",
            "file:///C:/x.jpg",
            "C:\\x.jpg",
            "~/x.jpg",
            "chrome://x",
            "data:image/png;base64,AAA",
            "/images/{{ .x }}.jpg",
            "",
            "/",
            "x.jpg:large",
        ];
        let body: String = dests.iter().map(|d| format!("![a](<{d}>)\n\n")).collect();
        let page = s.root.join("content/events/E1/_index.md");
        let doc = crate::document::Document::parse(&page, format!("---\ntitle: x\n---\n{body}"));
        let got: Vec<&str> = doc.body.images.iter().map(|i| i.dest.as_str()).collect();
        assert_eq!(got.len(), dests.len(), "{got:?}");
        let resolved = crate::checks::images::resolve_all(&doc, Some(&s));
        for (image, resolution) in doc.body.images.iter().zip(&resolved) {
            let local = matches!(classify(&image.dest), Dest::Local { .. });
            assert_eq!(local, resolution.is_some(), "{:?}", image.dest);
        }
        assert!(resolved.iter().any(Option::is_some) && resolved.iter().any(Option::is_none));
        assert!(
            crate::checks::images::resolve_all(&doc, None)
                .iter()
                .all(Option::is_none)
        );
    }

    #[test]
    fn rewrite_keeps_the_prefix() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(rewrite("/images/X.jpg", &w(&["x.jpg"]), 1), "/images/x.jpg");
        assert_eq!(rewrite("./a/B.jpg", &w(&["A", "b.jpg"]), 2), "./A/b.jpg");
        assert_eq!(rewrite("B.jpg", &w(&["b.jpg"]), 1), "b.jpg");
        assert_eq!(rewrite("../x/B.jpg", &w(&["b.jpg"]), 1), "../x/b.jpg");
    }
}
