//! What the across-reports phase knows of a page: a few front matter values, the H1, the
//! images, links and a fingerprint of the text, with spans. Small and kept after the page's
//! text is dropped, so memory stays flat however many reports a site has.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use crate::document::{Document, ImageSource, ValueKind};
use crate::span::Span;

/// Front matter keys the across-reports checks compare.
const KEPT_FIELDS: &[&str] = &["title", "date", "weight", "pre", "translationkey"];

/// How many minimum hashes make a text fingerprint.
const FINGERPRINT: usize = 32;

#[derive(Debug, Clone)]
pub struct Summary {
    pub path: PathBuf,
    /// The site's root, when the page is in one.
    pub site_root: Option<PathBuf>,
    pub is_report: bool,
    /// The event section's own list page (`content/4-EventParticipated/_index.md`).
    pub is_section_index: bool,
    /// The page's language (by its file name and the site's languages).
    pub lang: String,
    /// Selected front matter scalars by lower-case key: the value as text, and its span.
    pub fields: BTreeMap<String, (String, Span)>,
    /// The span of the front matter block, when the page has one.
    pub front_matter: Option<Span>,
    pub h1: Option<(String, Span)>,
    /// Image destinations with their spans, in order.
    pub images: Vec<(String, Span)>,
    /// What each of `images` is written as (Markdown, raw `<img>`, `figure`), same order:
    /// only Markdown images go through an image render hook.
    pub image_sources: Vec<ImageSource>,
    pub links: Vec<(String, Span)>,
    /// Hash of the whole file's bytes (a twin identical to its sibling was never translated).
    pub text_hash: u64,
    /// MinHash of the body's word 5-grams: near-identical bodies share most entries.
    pub fingerprint: Vec<u64>,
}

impl Summary {
    pub fn of(doc: &Document, site_root: Option<PathBuf>, is_report: bool, lang: String) -> Self {
        let mut fields = BTreeMap::new();
        if let Some(fm) = doc.fm() {
            for field in &fm.fields {
                let key = field.key.to_lowercase();
                if !KEPT_FIELDS.contains(&key.as_str()) {
                    continue;
                }
                let text = match &field.value.kind {
                    ValueKind::Str { text, .. } | ValueKind::Datetime(text) => text.clone(),
                    ValueKind::Int(i) => i.to_string(),
                    ValueKind::Float(f) => f.to_string(),
                    ValueKind::Bool(b) => b.to_string(),
                    _ => continue,
                };
                fields.entry(key).or_insert((text, field.value.span));
            }
        }
        let mut hasher = DefaultHasher::new();
        doc.text.hash(&mut hasher);
        Summary {
            path: doc.path.clone(),
            site_root,
            is_report,
            is_section_index: false,
            lang,
            fields,
            front_matter: doc.block.as_ref().map(|b| b.span),
            h1: doc.h1().map(|h| (h.text.clone(), h.span)),
            images: doc
                .body
                .images
                .iter()
                .map(|i| (i.dest.clone(), i.dest_span))
                .collect(),
            image_sources: doc.body.images.iter().map(|i| i.source).collect(),
            links: doc
                .body
                .links
                .iter()
                .map(|l| (l.dest.clone(), l.span))
                .collect(),
            text_hash: hasher.finish(),
            fingerprint: fingerprint(doc.text.get(doc.body_start..).unwrap_or("")),
        }
    }

    pub fn field(&self, key: &str) -> Option<&(String, Span)> {
        self.fields.get(key)
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

/// MinHash over word 5-grams, one seed per entry.
fn fingerprint(body: &str) -> Vec<u64> {
    let words: Vec<String> = body
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.len() < 20 {
        return Vec::new();
    }
    let mut mins = vec![u64::MAX; FINGERPRINT];
    for gram in words.windows(5) {
        let mut h = DefaultHasher::new();
        gram.hash(&mut h);
        let base = h.finish();
        for (seed, min) in mins.iter_mut().enumerate() {
            // Cheap independent hashes: multiply-xorshift of the base by a per-seed odd key.
            let mut x = base ^ (seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
            x ^= x >> 33;
            x = x.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            x ^= x >> 33;
            *min = (*min).min(x);
        }
    }
    mins
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn summary(text: &str) -> Summary {
        let doc = Document::parse(Path::new("x.md"), text.to_string());
        Summary::of(&doc, None, true, "en".into())
    }

    #[test]
    fn near_identical_bodies_are_similar_and_different_ones_are_not() {
        let a = "The workshop covered infrastructure as code with the CDK and Terraform, then moved to containers on ECS and EKS and closed with observability using CloudWatch and X-Ray for tracing requests.";
        let b = format!("{a} One more sentence at the end.");
        let c = "Generative AI with Amazon Bedrock was the theme: foundation models, prompt engineering, retrieval augmented generation, agents and guardrails were shown in live demos by the speakers all afternoon long.";
        assert!(summary(a).similarity(&summary(&b)) > 0.7);
        assert!(summary(a).similarity(&summary(c)) < 0.2);
    }

    #[test]
    fn keeps_selected_fields_with_spans() {
        let text = "---\ntitle: \"Event 2\"\nweight: 1\nauthor: x\n---\n# Name\n";
        let s = summary(text);
        let (title, span) = s.field("title").cloned().unwrap_or_default();
        assert_eq!(title, "Event 2");
        assert_eq!(&text[span.start..span.end], "\"Event 2\"");
        assert_eq!(s.field("weight").map(|w| w.0.as_str()), Some("1"));
        assert!(s.field("author").is_none());
        assert_eq!(s.h1.map(|h| h.0), Some("Name".to_string()));
    }
}
