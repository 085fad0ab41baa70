//! Accuracy against `../shared/bench/gen_corpus.py`: every defect it injects (of the kinds
//! the rules cover) is reported with the matching rule — at its line where the manifest gives
//! one — and reports without defects get no error.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use common::{Finding, findings, run, shared};

/// Defect kind → (rule that reports it, reported at the manifest's line?).
const COVERED: &[(&str, &str, bool)] = &[
    ("missing-section", "required-section", false),
    ("heading-jump", "heading-increment", true),
    ("bad-date", "date-format", true),
    ("missing-date", "required-field", false),
    ("missing-title", "required-field", false),
    ("multiple-h1", "single-title", true),
    ("empty-section", "empty-section", true),
    ("bold-heading", "heading-emphasis", true),
    ("yaml-syntax", "front-matter-syntax", false),
    ("unclosed-front-matter", "front-matter-syntax", false),
    ("speaker-format", "speaker-format", true),
    ("duplicate-speaker", "speaker-duplicate", true),
    ("missing-image", "image-missing", true),
    ("image-case", "image-case", true),
    ("missing-alt", "image-alt", true),
    ("weekday-mismatch", "weekday-mismatch", true),
    ("date-mismatch", "body-date-mismatch", false),
    ("placeholder", "placeholder-text", true),
];

/// Defects that cannot show when the same report has one of the others: a body date cannot
/// differ from a front matter `date` that is not there.
const MASKED_BY: &[(&str, &[&str])] = &[("date-mismatch", &["missing-date"])];

fn generate(dir: &Path, reports: usize, seed: u64) {
    let script = shared().join("bench/gen_corpus.py");
    assert!(script.is_file(), "{} is missing", script.display());
    let status = Command::new("python3")
        .arg(&script)
        .arg(dir)
        .args([
            "--reports",
            &reports.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .status()
        .unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    assert!(status.success());
}

fn check_seed(seed: u64) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    generate(dir.path(), 300, seed);
    let site = dir.path().to_string_lossy().into_owned();
    let (code, stdout, stderr) = run(
        &["check", "--format", "concise", "--now", "2027-01-01", &site],
        dir.path(),
    );
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    let found = findings(&stdout);
    let mut by_file: BTreeMap<&str, Vec<&Finding>> = BTreeMap::new();
    for f in &found {
        by_file.entry(f.path.as_str()).or_default().push(f);
    }
    let manifest_text =
        std::fs::read_to_string(dir.path().join("manifest.json")).unwrap_or_else(|e| panic!("{e}"));
    let manifest: serde_json::Value =
        serde_json::from_str(&manifest_text).unwrap_or_else(|e| panic!("{e}"));
    let reports = manifest["reports"].as_array().cloned().unwrap_or_default();
    assert!(reports.len() >= 300);

    let mut missed = Vec::new();
    let mut hits: BTreeMap<String, usize> = BTreeMap::new();
    let mut clean_with_errors = BTreeSet::new();
    for report in &reports {
        let path = report["path"].as_str().unwrap_or_default();
        let mine = by_file.get(path).cloned().unwrap_or_default();
        let defects = report["defects"].as_array().cloned().unwrap_or_default();
        if defects.is_empty() {
            for f in mine.iter().filter(|f| f.severity == "error") {
                clean_with_errors.insert(format!("{}:{} {} {}", f.path, f.line, f.rule, f.message));
            }
        }
        let kinds: Vec<&str> = defects.iter().filter_map(|d| d["kind"].as_str()).collect();
        for defect in &defects {
            let kind = defect["kind"].as_str().unwrap_or_default();
            let masked = MASKED_BY
                .iter()
                .any(|(k, by)| *k == kind && by.iter().any(|b| kinds.contains(b)));
            if masked {
                continue;
            }
            let Some(&(_, rule, at_line)) = COVERED.iter().find(|(k, _, _)| *k == kind) else {
                continue;
            };
            let line = defect["line"].as_u64().map(|l| l as usize);
            let ok = mine
                .iter()
                .any(|f| f.rule == rule && (!at_line || line.is_none() || Some(f.line) == line));
            if ok {
                *hits.entry(kind.to_string()).or_default() += 1;
            } else {
                missed.push(format!("{path}:{line:?} {kind} (expected {rule})"));
            }
        }
    }
    assert!(
        missed.is_empty(),
        "seed {seed}: missed {} defects:\n{}",
        missed.len(),
        missed.join("\n")
    );
    assert!(
        clean_with_errors.is_empty(),
        "seed {seed}: errors on clean reports:\n{}",
        clean_with_errors.into_iter().collect::<Vec<_>>().join("\n")
    );
    // The generator must have injected every covered kind, or this test checks less than it says.
    for (kind, _, _) in COVERED {
        assert!(
            hits.get(*kind).copied().unwrap_or(0) > 0,
            "seed {seed}: no `{kind}` defect was injected"
        );
    }
}

#[test]
fn every_injected_defect_is_found_seed_11() {
    check_seed(11);
}
