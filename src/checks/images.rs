//! Reports problems with a report's images, resolved the way Hugo serves them. One kind,
//! many rules: the parameter `report` selects the problem a rule reports.
//!
//! Why: a broken image is invisible until the site is deployed. Hugo copies `static/` and
//! page bundles as they are and writes a Markdown image's `src` as given, so a typo, a
//! `.JPG` written `.jpg` (it loads on macOS and Windows, not on GitHub Pages), a
//! `/static/` prefix or a path on the author's disk builds without a word and 404s in the
//! browser. References are resolved as the built site serves them: `/x` against every static
//! mount, a relative path against the page's bundle, page resources and `assets/` through a
//! render hook (Hugo's embedded one is on in multilingual sites), names compared byte-exactly
//! against directory listings.
//!
//! Problems (`report:`):
//!
//! - `missing`: no such file; the help offers the closest existing name.
//! - `case`: it exists only with different case.
//! - `static-prefix`: the path includes the static folder (`/static/images/x.jpg`).
//! - `unreachable`: `blob:`, `file:`, a drive letter or a local absolute path.
//! - `outside-site`: a relative path that climbs out of the site root.
//! - `extension`: the file name has no extension.
//! - `whitespace`: spaces in the path.
//! - `alt`: empty alt text, or alt that is only the file name or a generic word.
//! - `photos-missing`: the report shows no image at all.
//! - `remote`: an image hot-linked from another site.
//!
//! Example of findings:
//!
//! ```text
//! ![Event 2-1](/images/4-EventParticipated/event2-1.JPG)   ← only event2-1.jpg exists
//! ![](/static/images/group.jpg)                            ← served at /images/group.jpg
//! ```
//!
//! Fix: write the path exactly as the file is named, below `static/` and starting with `/`
//! (`/images/4-EventParticipated/event2-1.jpg`), and describe what the photo shows in the
//! alt text.
//!
//! Parameters: `report` (the problem, required); for `alt`, `generic-alt` and
//! `file-name-alt` (regular expressions matched case-insensitively against the whole
//! trimmed alt text); for `photos-missing`, `section` (the pack's photos section, default
//! `photos`).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::sync::Arc;

use regex_automata::meta::Regex;
use serde::Deserialize;

use super::image_resolve::{self, Dest, Resolution, Resolver, Unreachable};
use super::{Check, Ctx, Source};
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Image};
use crate::rules::patterns::{self, Deferred};
use crate::site::Site;
use crate::span::Span;

/// The problem a rule of this kind reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Problem {
    Missing,
    Case,
    StaticPrefix,
    Unreachable,
    Extension,
    Whitespace,
    OutsideSite,
    Alt,
    PhotosMissing,
    Remote,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Params {
    pub report: Option<Problem>,
    #[serde(default)]
    pub generic_alt: Vec<String>,
    #[serde(default)]
    pub file_name_alt: Vec<String>,
    #[serde(default)]
    pub section: Option<String>,
}

pub struct Images {
    problem: Problem,
    /// `report: alt` only: the generic-alt and file-name-alt patterns, each list as one set
    /// (alt texts are short: built light, see `rules::patterns`); deferred for the built-in
    /// rule, whose alt texts are often reported as file names without them.
    alt: Option<Arc<Deferred<AltPatterns>>>,
    section: String,
}

struct AltPatterns {
    generic: Regex,
    file_name: Regex,
}

impl Images {
    pub fn new(params: Params, source: Source) -> Result<Self, String> {
        let problem = params.report.ok_or(
            "`report` is required: missing, case, static-prefix, unreachable, extension, \
             whitespace, outside-site, alt, photos-missing or remote",
        )?;
        if problem != Problem::Alt
            && (!params.generic_alt.is_empty() || !params.file_name_alt.is_empty())
        {
            return Err("`generic-alt` and `file-name-alt` apply only to `report: alt`".into());
        }
        if problem != Problem::PhotosMissing && params.section.is_some() {
            return Err("`section` applies only to `report: photos-missing`".into());
        }
        let set = |patterns: &[String], name: &str| {
            let anchored: Vec<String> = patterns.iter().map(|p| format!("(?i)^(?:{p})$")).collect();
            patterns::small_set(&anchored).map_err(|e| format!("invalid pattern in `{name}`: {e}"))
        };
        // The other problems never read alt text: they build no pattern.
        let alt = match (problem, source) {
            (Problem::Alt, Source::User) => Some(Deferred::ready(AltPatterns {
                generic: set(&params.generic_alt, "generic-alt")?,
                file_name: set(&params.file_name_alt, "file-name-alt")?,
            })),
            (Problem::Alt, Source::Builtin) => {
                let (generic, file_name) = (params.generic_alt, params.file_name_alt);
                Some(Deferred::rarely_needed(move || {
                    let built = |patterns: &[String], name: &str| {
                        set(patterns, name).unwrap_or_else(|e| unreachable!("a built-in rule: {e}"))
                    };
                    AltPatterns {
                        generic: built(&generic, "generic-alt"),
                        file_name: built(&file_name, "file-name-alt"),
                    }
                }))
            }
            _ => None,
        };
        Ok(Images {
            problem,
            alt,
            section: params.section.unwrap_or_else(|| "photos".into()),
        })
    }
}

/// How each image of the page resolves (as [`Ctx::derived`] keeps it, shared by the rules
/// of this kind): `None` for an image that is not a local path, or when the page is not in
/// a site. Without suggestions for missing files (`image-missing` adds them).
pub fn resolve_all(doc: &Document, site: Option<&Site>) -> Vec<Option<Resolution>> {
    // Made at the first local image: a page without one does not take its path apart.
    let resolver = OnceCell::new();
    let resolver = || {
        resolver
            .get_or_init(|| site.and_then(|site| Some((site, Resolver::new(site, &doc.path)?))))
            .as_ref()
    };
    doc.body
        .images
        .iter()
        .map(|image| {
            site?;
            match image_resolve::classify(&image.dest) {
                Dest::Local {
                    path,
                    root_relative,
                } => {
                    let (site, r) = resolver()?;
                    Some(r.resolve(
                        &path,
                        root_relative,
                        image_resolve::hooked(site, image.source),
                    ))
                }
                _ => None,
            }
        })
        .collect()
}

/// Findings of one rule in one page beyond which the rest are summed up in one finding
/// (a page of thousands of images is hostile input, not a report).
const MAX_PER_PAGE: usize = 50;

impl Check for Images {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        let mut found = Vec::new();
        self.check_page(ctx, &mut found);
        if found.len() > MAX_PER_PAGE {
            let more = found.len() - MAX_PER_PAGE;
            let at = found[MAX_PER_PAGE].span;
            found.truncate(MAX_PER_PAGE);
            found.push(
                Diagnostic::new(
                    &ctx.rule.id,
                    ctx.rule.severity,
                    at,
                    format!("{more} more images of this report have the same problem"),
                )
                .with_label("the first not listed"),
            );
        }
        out.extend(found);
    }
}

impl Images {
    fn check_page(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        match self.problem {
            Problem::PhotosMissing => self.photos_missing(ctx, out),
            Problem::Alt => {
                for image in &ctx.doc.body.images {
                    self.alt(ctx, image, out);
                }
            }
            _ => {
                let resolved = ctx.derived.image_resolutions(ctx.doc, ctx.site);
                // Built again only to suggest a fix for a missing image (rare).
                let resolver = OnceCell::new();
                let resolver = || {
                    resolver.get_or_init(|| {
                        ctx.site
                            .and_then(|site| Some((site, Resolver::new(site, &ctx.doc.path)?)))
                    })
                };
                for (i, image) in ctx.doc.body.images.iter().enumerate() {
                    let resolution = resolved.get(i).and_then(Option::as_ref);
                    self.path(ctx, resolution, &resolver, image, out);
                }
            }
        }
    }

    /// The problems of an image's destination.
    fn path<'s>(
        &self,
        ctx: &Ctx<'s>,
        resolved: Option<&Resolution>,
        resolver: &dyn Fn() -> &'s Option<(&'s Site, Resolver<'s>)>,
        image: &Image,
        out: &mut Vec<Diagnostic>,
    ) {
        let dest = image.dest.as_str();
        let at = image.dest_span;
        // These problems are read off the page's resolutions alone, which `resolve_all`
        // made for exactly the images `classify` calls local (`None` for the others): the
        // destination is classified again only to suggest a fix (see `resolution_only`).
        if resolution_only(self.problem) {
            let Some(resolved) = resolved else {
                return;
            };
            let suggested;
            let resolution = match resolved {
                Resolution::Missing { suggestion: None }
                    if self.problem == Problem::Missing && out.len() < MAX_PER_PAGE =>
                {
                    // Past the findings that are listed, a suggestion would go unread.
                    match (image_resolve::classify(dest), resolver()) {
                        (
                            Dest::Local {
                                path,
                                root_relative,
                            },
                            Some((site, r)),
                        ) => {
                            let hook = image_resolve::hooked(site, image.source);
                            suggested = r.resolve_suggesting(&path, root_relative, hook);
                            &suggested
                        }
                        _ => resolved,
                    }
                }
                _ => resolved,
            };
            if let Some(d) = self.resolution_finding(ctx, at, dest, resolution) {
                out.push(d);
            }
            return;
        }
        if clean_as_written(self.problem, dest) {
            return;
        }
        let (path, root_relative) = match image_resolve::classify(dest) {
            Dest::Skip => return,
            Dest::Remote { host } => {
                if self.problem == Problem::Remote
                    && !is_own_site(ctx.site.and_then(|s| s.base_url.as_deref()), &host, dest)
                {
                    out.push(
                        ctx.diag(at, &[("dest", dest), ("host", &host)])
                            .with_label(format!("loaded from {host}")),
                    );
                }
                return;
            }
            Dest::Unreachable(why) => {
                if self.problem == Problem::Unreachable {
                    out.push(unreachable(ctx, at, dest, &why));
                }
                return;
            }
            Dest::Local {
                path,
                root_relative,
            } => (path, root_relative),
        };
        let resolution = || -> Option<Cow<'_, Resolution>> {
            let resolved = resolved?;
            // Past the findings that are listed, a suggestion would go unread.
            if self.problem == Problem::Missing
                && out.len() < MAX_PER_PAGE
                && matches!(resolved, Resolution::Missing { suggestion: None })
                && let Some((site, r)) = resolver()
            {
                let hook = image_resolve::hooked(site, image.source);
                return Some(Cow::Owned(r.resolve_suggesting(&path, root_relative, hook)));
            }
            Some(Cow::Borrowed(resolved))
        };
        match self.problem {
            Problem::Whitespace => {
                if has_white_space(&path) {
                    let fixed: String = path
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join("-")
                        .replace("--", "-");
                    out.push(
                        ctx.diag(at, &[("dest", dest), ("fixed", &fixed)])
                            .with_label("spaces in the path"),
                    );
                }
            }
            Problem::Extension => {
                let Some(name) = name_without_extension(&path) else {
                    return;
                };
                // A missing file is `image-missing`'s finding (its help names the real file).
                if matches!(
                    resolved,
                    Some(Resolution::Missing { .. } | Resolution::PlainPage { .. })
                ) {
                    return;
                }
                out.push(
                    ctx.diag(at, &[("dest", dest), ("name", name)])
                        .with_label("no file extension"),
                );
            }
            _ => {
                let Some(resolution) = resolution() else {
                    return;
                };
                if let Some(d) = self.resolution_finding(ctx, at, dest, &resolution) {
                    out.push(d);
                }
            }
        }
    }

    /// The finding, if any, that this rule makes of a resolved reference.
    fn resolution_finding(
        &self,
        ctx: &Ctx<'_>,
        at: Span,
        dest: &str,
        resolution: &Resolution,
    ) -> Option<Diagnostic> {
        let d = match (self.problem, resolution) {
            (Problem::Missing, Resolution::Missing { suggestion }) => {
                let hint = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "no file with a similar name was found: add the image or fix the path"
                        .to_string(),
                };
                ctx.diag(
                    at,
                    &[
                        ("dest", dest),
                        ("suggestion", suggestion.as_deref().unwrap_or("")),
                        ("hint", &hint),
                    ],
                )
                .with_label("no file at this path")
            }
            (Problem::Missing, Resolution::PlainPage { page_url }) => {
                let hint = format!(
                    "the file is next to this page, but the page is not a bundle: it is served \
                     at `{page_url}` and the browser looks for the image there; move the page \
                     into its own folder as `index.md`, or put the image under `static/` and \
                     link it from the site root (`/images/…`)"
                );
                ctx.diag(at, &[("dest", dest), ("suggestion", ""), ("hint", &hint)])
                    .with_label(format!("looked up below {page_url}"))
            }
            (Problem::Case, Resolution::WrongCase { written }) => ctx
                .diag(at, &[("dest", dest), ("written", written)])
                .with_label(case_label(dest, written)),
            (Problem::StaticPrefix, Resolution::StaticPrefix { url }) => ctx
                .diag(at, &[("dest", dest), ("url", url)])
                .with_label(format!("served at {url}")),
            (Problem::OutsideSite, Resolution::OutsideSite) => ctx
                .diag(at, &[("dest", dest)])
                .with_label("outside the site root"),
            (Problem::Unreachable, Resolution::LocalPath) => {
                unreachable(ctx, at, dest, &Unreachable::LocalPath)
            }
            _ => return None,
        };
        Some(d)
    }

    fn alt(&self, ctx: &Ctx<'_>, image: &Image, out: &mut Vec<Diagnostic>) {
        // Most alt texts are collapsed already: borrowed then, not rebuilt word by word.
        let alt = crate::document::body::collapse_whitespace(&image.alt);
        let alt = alt.as_ref();
        // Built (if deferred) only when an alt text gets this far.
        let patterns = || self.alt.as_ref().map(|p| p.get());
        let what = if alt.is_empty() {
            "is empty".to_string()
        } else if is_file_name(alt, &image.dest)
            || patterns().is_some_and(|p| p.file_name.is_match(alt))
        {
            format!("`{alt}` is only a file name")
        } else if patterns().is_some_and(|p| p.generic.is_match(alt)) {
            format!("`{alt}` is a generic word")
        } else {
            return;
        };
        out.push(
            ctx.diag(image.span, &[("alt", alt), ("what", &what)])
                .with_label("says nothing about the photo"),
        );
    }

    fn photos_missing(&self, ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
        if !ctx.doc.body.images.is_empty() {
            return;
        }
        let sections = &ctx.pack.sections;
        let label_of = |name: &str| {
            sections
                .index(name)
                .and_then(|i| sections.specs().get(i))
                .map_or_else(|| name.to_string(), |s| s.label.clone())
        };
        let section = label_of(&self.section);
        // A heading only: a bold label such as `**Hình ảnh/Video:** Rekognition` in a list
        // is not where photos go.
        let photos = sections
            .index(&self.section)
            .and_then(|i| ctx.sections.get(i))
            .filter(|s| s.level > 0);
        let (span, label) = match photos {
            Some(s) => (s.heading, "this section shows no image".to_string()),
            None => {
                let last = ctx
                    .sections
                    .found
                    .iter()
                    .flatten()
                    .filter(|s| s.level > 0)
                    .max_by_key(|s| s.heading.start);
                match (last, ctx.doc.h1()) {
                    (Some(s), _) => (s.heading, "expected photos after this section".to_string()),
                    (None, Some(h1)) => (h1.span, "expected photos in this report".to_string()),
                    // Nothing to point at in the body: the end of the front matter.
                    (None, None) => (
                        ctx.doc.fm_insert_point(),
                        "expected photos in this report".to_string(),
                    ),
                }
            }
        };
        let place = match photos {
            Some(_) => "in this section".to_string(),
            None => format!("under a `## {section}` heading"),
        };
        out.push(
            ctx.diag(span, &[("section", &section), ("place", &place)])
                .with_label(label),
        );
    }
}

/// Whether a problem's findings come from an image's resolution alone: from nothing for an
/// image that is not a local path (skipped, remote, unreachable), which gets no resolution.
fn resolution_only(problem: Problem) -> bool {
    matches!(
        problem,
        Problem::Missing | Problem::Case | Problem::StaticPrefix | Problem::OutsideSite
    )
}

/// Whether the `whitespace` or `extension` rule has nothing to report of `dest`, told from
/// the text as written, without [`image_resolve::classify`] (which runs for every image and
/// rule, and decodes). A local path is `dest` trimmed, cut at `?`/`#`, percent-decoded, with
/// `\` turned to `/`: without a `%`, it has white space only where `dest` has, and without
/// any of `%?#\` it is `dest` trimmed. Other destinations report neither problem. A test
/// compares it with the rules' own tests.
fn clean_as_written(problem: Problem, dest: &str) -> bool {
    match problem {
        Problem::Whitespace => {
            !dest.as_bytes().contains(&b'%') && !dest.chars().any(char::is_whitespace)
        }
        Problem::Extension => {
            let d = dest.trim();
            if memchr::memchr3(b'%', b'?', b'#', d.as_bytes()).is_some()
                || d.as_bytes().contains(&b'\\')
            {
                return false;
            }
            let name = split_last(d, b'/').map_or(d, |(_, name)| name);
            name.is_empty()
                || split_last(name, b'.')
                    .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
        }
        _ => false,
    }
}

/// Whether a local image path (as [`image_resolve::classify`] gives it) has white space:
/// the `whitespace` rule's finding.
fn has_white_space(path: &str) -> bool {
    path.chars().any(char::is_whitespace)
}

/// The file name of a local image path that has no extension (`images/photo`): the
/// `extension` rule's finding. A path ending in `/` names no file, and is not one.
fn name_without_extension(path: &str) -> Option<&str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let has_extension = name
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty());
    (!has_extension && !name.is_empty()).then_some(name)
}

fn unreachable(ctx: &Ctx<'_>, at: Span, dest: &str, why: &Unreachable) -> Diagnostic {
    ctx.diag(at, &[("dest", dest), ("why", &why.why())])
        .with_label("never loads on the site")
}

/// An absolute link to the site itself (`https://user.github.io/repo/images/x.jpg`) is not a
/// hot-link.
fn is_own_site(base_url: Option<&str>, host: &str, dest: &str) -> bool {
    let Some(base) = base_url else {
        return false;
    };
    let base = base.trim_end_matches('/').to_ascii_lowercase();
    let base_host = base
        .split_once("//")
        .map_or(base.as_str(), |(_, rest)| rest)
        .split('/')
        .next()
        .unwrap_or("");
    let without_scheme = |s: &str| {
        s.split_once("//")
            .map_or(s.to_string(), |(_, r)| r.to_string())
    };
    host == base_host
        && without_scheme(&dest.to_ascii_lowercase()).starts_with(&without_scheme(&base))
}

/// Is the alt text just the image's file name (`Event 2-1` for `event2-1.jpg`, `GoTyme` for
/// `GoTyme.jpg`)? Compared lower-cased, letters and digits only. Most alt texts are asked
/// (it runs for every image): the squashed texts are compared as they are produced, never
/// collected into strings, and the path is cut at ASCII bytes; a test compares it with
/// the plain form (squashed strings compared).
fn is_file_name(alt: &str, dest: &str) -> bool {
    // `?`, `#`, `/` and `\` are ASCII: the bytes found are char boundaries.
    let end = memchr::memchr2(b'?', b'#', dest.as_bytes()).unwrap_or(dest.len());
    let path = dest.get(..end).unwrap_or(dest);
    let name = image_resolve::percent_decoded(last_segment(path));
    let stem = split_last(&name, b'.').map_or(name.as_ref(), |(s, _)| s);
    // Several words without a digit are prose, even when the file was named after them
    // (`VMware to AWS native technology mapping.jpg`).
    let prose = alt.contains(' ') && !alt.bytes().any(|b| b.is_ascii_digit());
    !prose && squashed(stem).next().is_some() && (squashed_eq(alt, stem) || squashed_eq(alt, &name))
}

/// `s` lower-cased, letters and digits only, as it is produced.
fn squashed(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
}

/// `squashed(a)` equals `squashed(b)`: by bytes when both are ASCII (where a character is
/// alphanumeric exactly when it is an ASCII letter or digit, and lower-cases to one
/// character), which is a fifth of the cost of the characters' iterators.
fn squashed_eq(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        fn bytes(s: &str) -> impl Iterator<Item = u8> + '_ {
            s.bytes()
                .filter(u8::is_ascii_alphanumeric)
                .map(|b| b.to_ascii_lowercase())
        }
        return bytes(a).eq(bytes(b));
    }
    squashed(a).eq(squashed(b))
}

/// `s` split at the last `byte` (ASCII, so both sides are strings), as `rsplit_once` with a
/// `char` would, without its searcher.
fn split_last(s: &str, byte: u8) -> Option<(&str, &str)> {
    let at = memchr::memrchr(byte, s.as_bytes())?;
    Some((s.get(..at)?, s.get(at + 1..)?))
}

/// Which part differs in case: "`Images` is `images` on disk".
fn case_label(dest: &str, written: &str) -> String {
    let decoded = image_resolve::percent_decode(dest);
    let ours = decoded.rsplit('/');
    let theirs = written.rsplit('/');
    let differ = ours
        .zip(theirs)
        .filter(|(a, b)| a != b)
        .last()
        .map(|(a, b)| format!("`{a}` is `{b}` on disk"));
    differ.unwrap_or_else(|| "spelled differently on disk".to_string())
}

/// What follows the last `/` or `\` of `path` (both ASCII: the byte after is a char
/// boundary).
fn last_segment(path: &str) -> &str {
    let from = path
        .bytes()
        .rposition(|b| b == b'/' || b == b'\\')
        .map_or(0, |i| i + 1);
    path.get(from..).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alt_that_repeats_the_file_name() {
        assert!(is_file_name(
            "Event 2-1",
            "/images/4-EventParticipated/event2-1.jpg"
        ));
        assert!(is_file_name(
            "1784690442041",
            "image/_index.vi/1784690442041.jpg"
        ));
        assert!(is_file_name("GoTyme.jpg", "/images/GoTyme.jpg"));
        assert!(is_file_name("Event 1", "/images/event%201.png?x=1"));
        assert!(!is_file_name(
            "Warm-up with speaker Tinh Truong",
            "/images/4-EventParticipated/Event4_1.jpg"
        ));
        assert!(!is_file_name("x", "/images/"));
        assert!(!is_file_name(
            "VMware to AWS native technology mapping",
            "/images/VMware to AWS native technology mapping.jpg"
        ));
    }

    /// [`is_file_name`] as it was written first: strings squashed and compared.
    pub(super) fn is_file_name_plain(alt: &str, dest: &str) -> bool {
        let path = dest.split(['?', '#']).next().unwrap_or(dest);
        let last = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let name = image_resolve::percent_decoded(last);
        let stem = name.rsplit_once('.').map_or(name.as_ref(), |(s, _)| s);
        let squash = |s: &str| -> String {
            s.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let stem = squash(stem);
        let prose = alt.contains(' ') && !alt.chars().any(|c| c.is_ascii_digit());
        !prose && !stem.is_empty() && (squash(alt) == stem || squash(alt) == squash(&name))
    }

    #[test]
    fn file_name_alt_agrees_with_the_plain_comparison() {
        let alts = [
            "",
            "x",
            "Event 2-1",
            "event2-1",
            "EVENT2-1.JPG",
            "event2-1.jpg",
            "GoTyme",
            "Go Tyme",
            "İstanbul 1",
            "istanbul1",
            "ÄÖ 1",
            "äö1",
            "ß",
            "SS",
            "Kelvin K",
            "a b",
            "1784690442041",
            "photo of the team",
            "Σ1",
            "σ1",
            "é",
            "e\u{301}",
            "img 1.png",
            "a.b.c",
        ];
        let dests = [
            "/images/4-EventParticipated/event2-1.jpg",
            "image/_index.vi/1784690442041.jpg",
            "/images/GoTyme.jpg",
            "/images/event%201.png?x=1",
            "/images/",
            "",
            "x",
            "a\\b\\ÄÖ-1.jpg",
            "/İstanbul1.jpg#frag",
            "/a/b/ß.png",
            "/x/%E1%BA%A2nh.jpg",
            "/x/%ZZ1.jpg",
            "/x/img 1.png",
            "a.b.c",
            "?x/y.jpg",
            "/x#a/b.jpg",
            "/x/Σ1.gif",
            "/x/.jpg",
            "/x/k",
            "/x/e\u{301}.jpg",
        ];
        crate::test_inputs::assert_agree_on_pairs(
            &alts,
            &dests,
            |alt, dest| is_file_name(alt, dest),
            |alt, dest| is_file_name_plain(alt, dest),
        );
        for path in [
            "", "a", "/", "a/b", "a\\b", "a/b\\c/d", "a/", "ä/ö", "\\", "a.b/c.d.",
        ] {
            assert_eq!(
                last_segment(path),
                path.rsplit(['/', '\\']).next().unwrap_or(path),
                "{path:?}"
            );
            assert_eq!(split_last(path, b'/'), path.rsplit_once('/'), "{path:?}");
            assert_eq!(split_last(path, b'.'), path.rsplit_once('.'), "{path:?}");
        }
        let texts = [
            "",
            "Event 2-1",
            "event2-1",
            "ÄÖ 1",
            "äö1",
            "ß",
            "ss",
            "İ",
            "i\u{307}",
        ];
        crate::test_inputs::assert_agree_on_pairs(
            &texts,
            &texts,
            |a, b| squashed_eq(a, b),
            |a, b| squashed(a).collect::<String>() == squashed(b).collect::<String>(),
        );
    }

    #[test]
    fn clean_as_written_only_when_the_rules_find_nothing() {
        // What the rules decide after classifying (as `Images::path` does, with the same
        // functions; only local paths can have either problem).
        let reports = |problem: Problem, dest: &str| match image_resolve::classify(dest) {
            Dest::Local { path, .. } => match problem {
                Problem::Whitespace => has_white_space(&path),
                _ => name_without_extension(&path).is_some(),
            },
            _ => false,
        };
        let dests = [
            "/images/a.jpg",
            "images/a",
            "a",
            "",
            " ",
            " /x/a.jpg ",
            "/x/a b.jpg",
            "/x/a%20b.jpg",
            "/x/a.jpg?x=1 2",
            "/x/a#b",
            "/x/a?.jpg",
            "/x/a.jpg#",
            "a\\b.jpg",
            "a.jpg\\b",
            "/x/.jpg",
            "/x/a.",
            "/x/",
            "/x/a\u{a0}.jpg",
            "/x/a\u{2003}b",
            "https://x/a b",
            "https://x/a",
            "{{ x }}/a",
            "data:a",
            "C:\\a\\b",
            "~/a",
            "/x/%2e.jpg",
            "/x/a%2Ejpg",
            "/x/a.b/c",
            "./a.png",
            "../a",
            "/x/a\tb.jpg",
        ];
        for problem in [Problem::Whitespace, Problem::Extension] {
            for dest in dests {
                if clean_as_written(problem, dest) {
                    assert!(!reports(problem, dest), "{problem:?} {dest:?}");
                }
            }
            // Not vacuous: the rules report some of these, and some of the rest are told
            // clean without them.
            assert!(dests.iter().any(|d| reports(problem, d)), "{problem:?}");
            assert!(
                dests
                    .iter()
                    .any(|d| !reports(problem, d) && clean_as_written(problem, d)),
                "{problem:?}"
            );
            // The common case takes the fast path.
            assert!(clean_as_written(problem, "/images/4-Event/event2-1.jpg"));
        }
        assert!(!clean_as_written(Problem::Remote, "/images/a.jpg"));
    }

    #[test]
    fn case_labels_name_the_part_that_differs() {
        assert_eq!(
            case_label(
                "/Images/4-Event/Event1-2.JPG",
                "/images/4-Event/Event1-2.JPG"
            ),
            "`Images` is `images` on disk"
        );
        assert_eq!(
            case_label("/images/a.JPG", "/images/a.jpg"),
            "`a.JPG` is `a.jpg` on disk"
        );
    }

    #[test]
    fn own_site_links_are_not_hot_links() {
        let base = Some("https://u.github.io/repo/");
        assert!(is_own_site(
            base,
            "u.github.io",
            "https://u.github.io/repo/images/x.jpg"
        ));
        assert!(!is_own_site(
            base,
            "u.github.io",
            "https://u.github.io/other/x.jpg"
        ));
        assert!(!is_own_site(base, "cdn.x", "https://cdn.x/repo/x.jpg"));
        assert!(!is_own_site(None, "a", "https://a/x.jpg"));
    }
}
