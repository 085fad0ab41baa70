//! Reports two reports of one site (in one language) that describe the same event: their H1
//! names the same event, or their bodies are nearly the same text.
//!
//! Why: a report copied to start the next one and never rewritten, or one event written up
//! twice, leaves the site with a duplicate page and an event missing. The finding is on the
//! later report (by path) and names the earlier one.
//!
//! Example of a finding:
//!
//! ```text
//! 4.2-Event2/_index.md:  # Event Takeaways: "AWS Cloud Mastery Series #2 – DevOps on AWS"
//! 4.3-Event3/_index.md:  # Summary Report: AWS Cloud Mastery Series #2 – DevOps on AWS
//! ```
//!
//! Fix: if they are two events, name each by its own title; if one, remove a report.
//!
//! Parameters: `similarity` (0–1, default 0.8), the share of the bodies' fingerprints that
//! must agree for "nearly the same text".

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use serde::Deserialize;

use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::document::{event_name, event_name_in};
use crate::hash::{FastHasher, FastMap, mix};
use crate::report::display_path;
use crate::summary::{FINGERPRINT, Summary};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {
    #[serde(default = "default_similarity")]
    pub similarity: f64,
}

fn default_similarity() -> f64 {
    0.8
}

impl Default for Params {
    fn default() -> Self {
        Params {
            similarity: default_similarity(),
        }
    }
}

pub struct DuplicateEvent {
    similarity: f64,
}

impl DuplicateEvent {
    pub fn new(params: Params) -> Result<Self, String> {
        if !(0.0..=1.0).contains(&params.similarity) {
            return Err("`similarity` must be between 0 and 1".into());
        }
        Ok(DuplicateEvent {
            similarity: params.similarity,
        })
    }
}

/// The event a report's H1 names, for comparison: its lower-case words, one space apart;
/// `None` when the H1 names fewer than 8 bytes of it (too little to call two reports the
/// same event). Made while the page is linted ([`Summary::of`]), on the walk's threads,
/// as a hash, rather than for every report on the across-pages phase's critical path.
pub fn name_key(h1: &str) -> Option<String> {
    let name = event_name_in(h1);
    // Most H1s are ASCII but for a dash or a quote, which neither case nor the split into
    // words looks up: those go by ASCII's rules, without a Unicode table look-up per
    // character (half of this key's cost, made for every report). Any other character
    // (a letter, a digit, `Σ` whose lower case depends on where it stands) takes the whole
    // name the general way.
    let plain =
        |c: char| c.is_ascii() || (!c.is_alphanumeric() && c.to_lowercase().eq(std::iter::once(c)));
    let key = if name.is_ascii() || name.chars().all(plain) {
        // Every byte of a character outside ASCII is then part of a cut.
        let mut key = String::with_capacity(name.len());
        let mut cut = false;
        for b in name.bytes() {
            if !b.is_ascii_alphanumeric() {
                cut = true;
                continue;
            }
            if cut && !key.is_empty() {
                key.push(' ');
            }
            cut = false;
            key.push(char::from(b.to_ascii_lowercase()));
        }
        key
    } else {
        let name = name.to_lowercase();
        name.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    (key.len() >= 8).then_some(key)
}

/// Finds, for each page in turn, the earliest page before it whose fingerprint agrees in at
/// least `need` of its entries, without comparing every pair: two fingerprints that agree
/// in `need` of `n` entries differ in at most `n - need`, so cut into `n - need + 1` bands
/// they agree on a whole band at least once (pigeonhole). Only pages that share a band are
/// compared, so the result is exactly that of comparing all pairs.
///
/// A band's key is a hash of the band's number and entries, cut to the bits its slot
/// (`page * bands + band`) leaves in a `u64`, the slot below it: one number per band,
/// sorted as numbers (a sort of pairs took a quarter of the check). Pages that share a
/// band share its key; two that share a key by chance are compared and found apart, so
/// a shorter key costs comparisons, never a result.
struct NearCopies {
    /// Every page's band keys with their slots, sorted: the pages sharing a band are a
    /// run, in page order.
    keys: Vec<u64>,
    /// How many low bits of an entry of `keys` are its slot, and those bits set.
    slot_bits: u32,
    slot_mask: u64,
    /// For each page's bands in turn, where the run of its key starts in `keys`
    /// (`u32::MAX` for a page without a fingerprint): found once while building, not by a
    /// binary search per lookup (a cache miss per step over a few MB at 10,000 pages).
    runs: Vec<u32>,
    bands: usize,
}

impl NearCopies {
    fn new(pages: &[&Summary], need: usize) -> Self {
        let n = FINGERPRINT;
        let count = (n - need.min(n) + 1).min(n);
        let slots = pages.len() * count;
        // The slot's bits: a slot is `page * count + band`, so that sorting keeps each run
        // in page order and says whose band each key is. Fewer than 61 (`keys` holds one
        // `u64` per slot), so the shifts below stay in range.
        let slot_bits = u64::BITS - (slots.max(2) as u64 - 1).leading_zeros();
        let mut keys: Vec<u64> = Vec::with_capacity(slots);
        for (j, page) in pages.iter().enumerate() {
            for b in 0..count {
                let band = (b * n / count)..((b + 1) * n / count);
                // Pages without a fingerprint share no band with anything.
                if let Some(entries) = page.fingerprint.get(band) {
                    let mut h = FastHasher::default();
                    b.hash(&mut h);
                    entries.hash(&mut h);
                    let key = mix(h.finish()) << slot_bits;
                    keys.push(key | (j * count + b) as u64);
                }
            }
        }
        keys.sort_unstable();
        let mut runs = vec![u32::MAX; slots];
        let mut start = 0;
        let slot_mask = u64::MAX >> (u64::BITS - slot_bits);
        for (at, &entry) in keys.iter().enumerate() {
            if (keys[start] ^ entry) & !slot_mask != 0 {
                start = at;
            }
            if let Some(run) = runs.get_mut((entry & slot_mask) as usize) {
                *run = u32::try_from(start).unwrap_or(u32::MAX);
            }
        }
        NearCopies {
            keys,
            slot_bits,
            slot_mask,
            runs,
            bands: count,
        }
    }

    /// The key and the page of an entry of `keys`.
    fn entry(&self, entry: u64) -> (u64, usize) {
        (
            entry >> self.slot_bits,
            (entry & self.slot_mask) as usize / self.bands,
        )
    }

    /// The earliest page before `limit` (at most `j`) that `accept`s, among those sharing
    /// a band with `pages[j]`.
    fn earliest(
        &self,
        pages: &[&Summary],
        j: usize,
        limit: usize,
        accept: impl Fn(&Summary) -> bool,
    ) -> Option<usize> {
        let mut best = limit.min(j);
        let mine = self.runs.get(j * self.bands..(j + 1) * self.bands)?;
        for &from in mine.iter().filter(|&&r| r != u32::MAX) {
            let Some(&first) = self.keys.get(from as usize) else {
                continue;
            };
            let (key, _) = self.entry(first);
            let found = self.keys[from as usize..]
                .iter()
                .map(|&e| self.entry(e))
                .take_while(|&(k, i)| k == key && i < best)
                .map(|(_, i)| i)
                .find(|&i| pages.get(i).is_some_and(|p| accept(p)));
            if let Some(i) = found {
                best = i;
            }
        }
        (best < limit.min(j)).then_some(best)
    }
}

impl DuplicateEvent {
    /// For each page (sorted by path), the earliest page before it with the same event
    /// name or nearly the same text.
    ///
    /// `names` are the hashes of the pages' event names; `same` tells whether two pages
    /// whose names have equal hashes name the same event.
    fn earlier_pages(
        &self,
        pages: &[&Summary],
        names: &[Option<u64>],
        same: impl Fn(usize, usize) -> bool,
    ) -> Vec<Option<usize>> {
        // Fewest agreeing fingerprint entries that reach the threshold.
        let need = (0..=FINGERPRINT)
            .find(|&k| k as f64 / FINGERPRINT as f64 >= self.similarity)
            .unwrap_or(FINGERPRINT);
        // The first page of each name, by its hash; and the first page of each further name
        // whose hash an earlier name has (a collision: rare).
        let mut first_named: FastMap<u64, usize> = FastMap::default();
        let mut colliding: Vec<(u64, usize)> = Vec::new();
        let near = (need > 0).then(|| NearCopies::new(pages, need));
        let mut out = Vec::with_capacity(pages.len());
        for (j, later) in pages.iter().enumerate() {
            let same_name = names[j].and_then(|h| {
                let first = *first_named.entry(h).or_insert(j);
                if first == j {
                    return None;
                }
                if same(first, j) {
                    return Some(first);
                }
                let found = colliding
                    .iter()
                    .find(|&&(k, i)| k == h && same(i, j))
                    .map(|&(_, i)| i);
                if found.is_none() {
                    colliding.push((h, j));
                }
                found
            });
            out.push(match &near {
                None => (j > 0).then_some(0), // a threshold of 0 makes every pair alike
                Some(near) => {
                    let limit = same_name.unwrap_or(j);
                    near.earliest(pages, j, limit, |p| p.similarity(later) >= self.similarity)
                        .or(same_name)
                }
            });
        }
        out
    }
}

impl Check for DuplicateEvent {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        let mut by_lang: BTreeMap<&str, Vec<&Summary>> = BTreeMap::new();
        for page in ctx.reports() {
            by_lang.entry(page.lang).or_default().push(page);
        }
        // Each language's pages in path order, as they come.
        for pages in by_lang.values() {
            let names: Vec<Option<u64>> = pages.iter().map(|p| p.name_hash()).collect();
            let key = |i: usize| pages[i].h1().and_then(|(h, _)| name_key(h));
            let same = |i: usize, j: usize| key(i) == key(j);
            let earlier = self.earlier_pages(pages, &names, same);
            for (j, later) in pages.iter().enumerate() {
                let Some(i) = earlier[j] else { continue };
                // Within a site, the path below its content dir is enough to find the page.
                let other = ctx
                    .site
                    .and_then(|site| site.content_dir_of(&pages[i].path))
                    .and_then(|dir| {
                        Some(crate::site::normalize(&pages[i].path)).and_then(|abs| {
                            abs.strip_prefix(dir).ok().map(|p| p.display().to_string())
                        })
                    })
                    .unwrap_or_else(|| display_path(&pages[i].path));
                let span = later
                    .h1()
                    .map(|(_, s)| s)
                    .or(later.front_matter)
                    .unwrap_or_default();
                let why = if names[i].is_some() && names[i] == names[j] && same(i, j) {
                    "names the same event"
                } else {
                    "has nearly the same text"
                };
                let event = later.h1().map(|(h, _)| event_name(h)).unwrap_or_default();
                out.push(
                    ctx.diag(
                        &later.path,
                        span,
                        &[("other", &other), ("why", why), ("event", &event)],
                    )
                    .with_label(format!("{why} as {other}")),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn page(fingerprint: Vec<u64>) -> Summary {
        let mut page = Summary::empty(Path::new("").into(), "en", true);
        page.fingerprint = fingerprint.into();
        page
    }

    /// The event's words, lower-cased, after a report-type prefix; too short a name is none.
    #[test]
    fn name_key_is_the_lower_case_words_of_the_name() {
        // As first written: the whole name lower-cased, then cut at every character that
        // is not alphanumeric.
        let plain = |h1: &str| {
            let name = event_name(h1).to_lowercase();
            let key = name
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            (key.len() >= 8).then_some(key)
        };
        let pieces = [
            "AWS", "day", " ", "–", "日", "٣", "\u{201c}", "É", "ΟΔΟΣ", "İ", "Ⅻ", "ǅ", "#2", ": ",
            "\u{307}",
        ];
        for h1 in crate::test_inputs::every_text(&pieces, 4) {
            assert_eq!(name_key(&h1), plain(&h1), "{h1:?}");
        }
    }

    #[test]
    fn name_key_is_the_events_words() {
        assert_eq!(
            name_key("Event Takeaways: \"AWS Cloud Mastery Series #2 – DevOps on AWS\"").as_deref(),
            Some("aws cloud mastery series 2 devops on aws")
        );
        assert_eq!(
            name_key("Báo Cáo: Hội Thảo   ĐIỆN TOÁN").as_deref(),
            Some("hội thảo điện toán")
        );
        assert_eq!(name_key("AWS Day").as_deref(), None);
        assert_eq!(name_key("Recap: -- A.W.S --").as_deref(), None);
    }

    /// A report's summary carries the hash of its H1's name key; another page's does not
    /// (only reports are compared).
    #[test]
    fn summaries_of_reports_carry_the_name_hash() {
        let text = "---\ntitle: x\n---\n# Summary Report: Vietnam Cloud Day 2025\n";
        let doc = crate::document::Document::parse(Path::new("x.md"), text.to_string());
        let of = |is_report| Summary::of(&doc, Path::new("x.md").into(), is_report, false, "en");
        let want = crate::hash::hash_bytes(b"vietnam cloud day 2025");
        assert_eq!(of(true).name_hash(), Some(want));
        assert_eq!(of(false).name_hash(), None);
    }

    /// The banded search finds exactly what comparing every pair finds.
    #[test]
    fn banded_search_equals_all_pairs() {
        // A small xorshift generator: fingerprints that are copies of earlier ones with a
        // few entries changed, so that similarities fall on both sides of each threshold.
        let mut rng = crate::test_inputs::Xorshift::new(0x2545_F491_4F6C_DD1D);
        let mut next = move || rng.next_u64();
        let mut pages: Vec<Summary> = Vec::new();
        for j in 0..300 {
            let mut fp: Vec<u64> = if j > 0 && next() % 3 > 0 {
                pages[(next() % j as u64) as usize].fingerprint.to_vec()
            } else {
                (0..FINGERPRINT).map(|_| next() % 4).collect()
            };
            if fp.is_empty() || next() % 17 == 0 {
                fp = Vec::new();
            } else {
                for _ in 0..next() % 12 {
                    let at = (next() % FINGERPRINT as u64) as usize;
                    fp[at] = next() % 4;
                }
            }
            pages.push(page(fp));
        }
        let refs: Vec<&Summary> = pages.iter().collect();
        let owned: Vec<Option<String>> = (0..refs.len())
            .map(|j| (j % 7 == 0).then(|| format!("event number {}", j % 5)))
            .collect();
        let same = |i: usize, j: usize| owned[i] == owned[j];
        // The names' hashes as the summaries keep them, and a hash under which every name
        // collides (all are 14 bytes long): the names are then told apart by `same` alone.
        let hashed: Vec<Option<u64>> = owned
            .iter()
            .map(|n| n.as_ref().map(|n| crate::hash::hash_bytes(n.as_bytes())))
            .collect();
        let colliding: Vec<Option<u64>> = owned
            .iter()
            .map(|n| n.as_ref().map(|n| (n.len() % 3) as u64))
            .collect();
        for similarity in [0.0, 0.3, 0.5, 0.75, 0.8, 0.9, 0.97, 1.0] {
            let check = DuplicateEvent { similarity };
            let brute: Vec<Option<usize>> = (0..refs.len())
                .map(|j| {
                    (0..j).find(|&i| {
                        (owned[i].is_some() && owned[i] == owned[j])
                            || refs[i].similarity(refs[j]) >= similarity
                    })
                })
                .collect();
            for names in [&hashed, &colliding] {
                assert_eq!(
                    check.earlier_pages(&refs, names, same),
                    brute,
                    "{similarity}"
                );
            }
            assert!(brute.iter().any(Option::is_some), "{similarity}");
        }
    }
}
