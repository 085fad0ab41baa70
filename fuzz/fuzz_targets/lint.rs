//! Arbitrary bytes through what `eventlint check` does with one file: decode (invalid UTF-8
//! is linted lossily, as its report is rendered), parse, every rule of the built-in pack
//! (per page and across pages), then both output formats. Any panic, hang or huge
//! allocation is a bug.

#![no_main]

use std::path::Path;
use std::sync::{Arc, LazyLock};

use eventlint::rules::RuleSet;
use eventlint::span::LineIndex;
use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<RuleSet> = LazyLock::new(|| match RuleSet::load(&[]) {
    Ok(rules) => rules,
    Err(e) => panic!("the built-in pack does not load: {}", e.error.message),
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("content/4-EventParticipated/4.1-Event1/_index.md");
    let now = jiff::civil::date(2026, 1, 1);
    let diagnostics = eventlint::engine::lint_text(&RULES, path, &text, now);
    let shared: Arc<str> = Arc::from(text.as_ref());
    let index = LineIndex::new(&text);
    for d in &diagnostics {
        let _ = index.line_col(&text, d.span.start);
        let _ = eventlint::report::human::render(d, "page.md", shared.clone(), false);
    }
});
