//! Every input that once crashed, hung or blew up the fuzz target (`fuzz/regressions/lint/`,
//! one file each, named after what it broke), and the fuzz seeds (`fuzz/corpus/lint/`), run
//! through the target's path: lossy decoding, `engine::lint_text` with every rule of the
//! built-in pack, then both output formats. A panic fails the test.

use std::path::Path;
use std::sync::Arc;

use eventlint::rules::RuleSet;
use eventlint::span::LineIndex;

/// What `fuzz/fuzz_targets/lint.rs` does with one input.
fn lint_like_the_fuzz_target(rules: &RuleSet, data: &[u8]) -> usize {
    let text = String::from_utf8_lossy(data);
    let path = Path::new("content/4-EventParticipated/4.1-Event1/_index.md");
    let now = jiff::civil::date(2026, 1, 1);
    let diagnostics = eventlint::engine::lint_text(rules, path, &text, now);
    let shared: Arc<str> = Arc::from(text.as_ref());
    let index = LineIndex::new(&text);
    for d in &diagnostics {
        let _ = index.line_col(&text, d.span.start);
        let _ = eventlint::report::human::render(d, "page.md", shared.clone(), false);
    }
    diagnostics.len()
}

fn inputs(dir: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{err}"));
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    out.sort();
    out
}

fn rules() -> RuleSet {
    RuleSet::load(&[]).unwrap_or_else(|e| panic!("{}: {}", e.path, e.error.message))
}

#[test]
fn fuzz_regressions_lint_without_panic() {
    let rules = rules();
    for (name, bytes) in inputs("fuzz/regressions/lint") {
        eprintln!("{name}");
        lint_like_the_fuzz_target(&rules, &bytes);
    }
}

#[test]
fn fuzz_seeds_lint_without_panic() {
    let rules = rules();
    let seeds = inputs("fuzz/corpus/lint");
    assert!(seeds.len() >= 10, "only {} seeds", seeds.len());
    for (name, bytes) in seeds {
        let n = lint_like_the_fuzz_target(&rules, &bytes);
        if name.starts_with("example-") {
            assert!(n > 0, "{name}: the example reports have findings");
        }
    }
}

/// Replays a whole fuzz corpus (e.g. `EVENTLINT_FUZZ_CORPUS=fuzz/work/lint`) against the
/// current code, which the fuzz binary may predate. Does nothing without the variable.
#[test]
fn replay_a_fuzz_corpus_when_asked() {
    let Some(dir) = std::env::var_os("EVENTLINT_FUZZ_CORPUS") else {
        return;
    };
    let rules = rules();
    let dir = Path::new(&dir);
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
        // A running fuzzer replaces inputs as it reduces them.
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        eprintln!("{}", path.display());
        lint_like_the_fuzz_target(&rules, &bytes);
        n += 1;
    }
    eprintln!("replayed {n} inputs");
}
