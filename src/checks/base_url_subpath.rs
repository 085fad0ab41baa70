//! Reports, once per site, a `baseURL` with a sub-path (`https://user.github.io/repo/`) when
//! URLs are not canonified and reports link images from the site root (`/images/x.jpg`).
//!
//! Why: GitHub Pages serves a project site below `/repo/`. Hugo writes a raw `src` as given,
//! so `/images/x.jpg` makes the browser load `https://user.github.io/images/x.jpg`, outside the
//! site: every such photo 404s once deployed, though the file is in `static/images/`.
//! `relURL` does not help with a leading slash. Links that a render hook resolves to a page
//! resource or an `assets/` file are fine (the hook writes the full URL), and so are Markdown
//! images when the site has its own render hook (which exists for this reason); raw `<img>`
//! tags never go through a hook.
//!
//! Example of a finding (in the site config):
//!
//! ```text
//! baseURL = "https://user.github.io/internship-report/"
//! ```
//!
//! with `![Group photo](/images/4-EventParticipated/event1-1.jpg)` in a report.
//!
//! Fix: set `canonifyURLs = true` (Hugo then writes the full URL), or `relativeURLs = true`,
//! or write the links with the sub-path (`/internship-report/images/…`).

use std::path::Path;
use std::sync::Arc;

use serde::Deserialize;

use super::image_resolve;
use super::{Check, SiteCtx};
use crate::diagnostic::Diagnostic;
use crate::document::ImageSource;
use crate::site::Site;
use crate::span::Span;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Params {}

pub struct BaseUrlSubpath;

impl BaseUrlSubpath {
    pub fn new(_: Params) -> Result<Self, String> {
        Ok(BaseUrlSubpath)
    }
}

/// Whether the check reads, for `site`, which images of a report a render hook finds: only
/// when the site is served below a sub-path and URLs are neither canonified nor relative.
/// The engine then records it, and which images are written from the site root, in each
/// report's summary while the page's image resolutions are at hand
/// ([`crate::summary::Summary::mark_images`]).
pub fn reads_hook_resolutions(site: &Site) -> bool {
    site.base_url_sub_path().is_some() && !site.canonify_urls && !site.relative_urls
}

impl Check for BaseUrlSubpath {
    fn check_site(&self, ctx: &SiteCtx<'_>, out: &mut Vec<Diagnostic>) {
        let Some(site) = ctx.site else { return };
        let (Some(base), Some(sub_path)) = (site.base_url.as_deref(), site.base_url_sub_path())
        else {
            return;
        };
        if !reads_hook_resolutions(site) {
            return;
        }
        let mut count = 0;
        // Pages are distinct (one summary per file): a page counts once, at its first link.
        let mut files = 0usize;
        let mut example: Option<(&Arc<Path>, String, Span)> = None;
        // In path order (as the pages come): the example is the first such link.
        for page in ctx.reports() {
            let mut counted = false;
            for image in page.images() {
                // Classified and resolved in the per-page phase (see
                // `reads_hook_resolutions`).
                if !image.root_relative || image.through_hook {
                    continue;
                }
                // The site's own hook exists to rewrite these (the corpus's do exactly that).
                if image.source == ImageSource::Markdown && site.has_image_render_hook {
                    continue;
                }
                count += 1;
                files += usize::from(!std::mem::replace(&mut counted, true));
                example.get_or_insert((&page.path, image.dest.to_string(), image.span));
            }
        }
        let Some((example_file, example_dest, example_span)) = example else {
            return;
        };
        let origin = origin_of(base);
        let fixed = format!(
            "{}/{}",
            sub_path.trim_end_matches('/'),
            example_dest.trim_start_matches('/')
        );
        let absolute = image_resolve::normalize(example_file);
        let shown_file = absolute
            .strip_prefix(&site.root)
            .unwrap_or(example_file.as_ref())
            .display()
            .to_string();
        let count_text = count.to_string();
        let files_text = match files {
            1 => "1 report".to_string(),
            n => format!("{n} reports"),
        };
        let args = [
            ("base_url", base),
            ("sub_path", sub_path),
            ("count", count_text.as_str()),
            ("reports", files_text.as_str()),
            ("example", example_dest.as_str()),
            ("example_file", shown_file.as_str()),
            ("origin", origin.as_str()),
            ("fixed", fixed.as_str()),
        ];
        let d = match (&site.config_file, site.base_url_span) {
            (Some(config), span) => ctx
                .diag(
                    &Arc::from(config.as_path()),
                    span.unwrap_or_default(),
                    &args,
                )
                .with_label(format!("served below {sub_path}")),
            // No config file to point into: point at the first such link.
            (None, _) => ctx
                .diag(example_file, example_span, &args)
                .with_label(format!("loads {origin}{example_dest}")),
        };
        out.push(d);
    }
}

/// `https://user.github.io` of `https://user.github.io/repo/`.
fn origin_of(base: &str) -> String {
    match base.split_once("//") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or(rest);
            format!("{scheme}//{host}")
        }
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origin() {
        assert_eq!(
            origin_of("https://u.github.io/repo/"),
            "https://u.github.io"
        );
        assert_eq!(origin_of("/docs/"), "");
    }
}
