//! The floor of the benchmark: the least a linter of these reports has to do, and nothing
//! more. It walks the paths for `*.md` (the `ignore` crate, as eventlint does), reads each
//! file, splits off the front matter (`---`/`+++` … closing line; no parsing) and runs
//! pulldown-cmark's offset iterator over the body with the extensions eventlint enables,
//! on 2 rayon threads. It prints the number of files and events so that no work is
//! optimised away.
//!
//!     eventlint-floor PATH...

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

fn main() {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let mut files = Vec::new();
    for root in &roots {
        if root.is_file() {
            files.push(root.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(root)
            .follow_links(true)
            .require_git(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker.flatten() {
            let is_md = entry.path().extension().is_some_and(|e| e == "md");
            if is_md && entry.file_type().is_some_and(|t| t.is_file()) {
                files.push(entry.into_path());
            }
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap_or_else(|e| panic!("thread pool: {e}"));
    let events = AtomicUsize::new(0);
    pool.install(|| {
        files.par_iter().for_each(|path| {
            let Ok(text) = std::fs::read_to_string(path) else {
                return;
            };
            let body = &text[body_start(&text)..];
            let n = Parser::new_ext(body, options())
                .into_offset_iter()
                .filter(|(_, range)| range.end >= range.start)
                .count();
            events.fetch_add(n, Ordering::Relaxed);
        });
    });
    println!(
        "{} files, {} events",
        files.len(),
        events.load(Ordering::Relaxed)
    );
}

/// The same extensions eventlint enables (Goldmark's defaults).
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
}

/// Where the body starts: after a `---`/`+++` block's closing line, else at 0.
fn body_start(text: &str) -> usize {
    let delim = if text.starts_with("---") {
        "---"
    } else if text.starts_with("+++") {
        "+++"
    } else {
        return 0;
    };
    let mut at = match text.find('\n') {
        Some(i) => i + 1,
        None => return text.len(),
    };
    while at < text.len() {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        if text[at..].starts_with(delim) {
            return end;
        }
        at = end;
    }
    text.len()
}
