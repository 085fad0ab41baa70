//! Hostile inputs, end to end: each case runs the `eventlint` binary on a tree built in a temp
//! dir and must end in the right diagnostic (rule id, exit code) within a time bound (the
//! child is killed after `LIMIT`, `BIG_LIMIT` for megabyte inputs, and the test fails) and a memory bound (the child's peak
//! RSS as GNU time reports it; not checked where `/usr/bin/time` is missing), never with a
//! panic, and must leave the linted tree byte-identical. Big inputs are generated here,
//! never committed.

#![cfg(unix)]

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Kill the child after this long: a run here takes under two seconds in a debug build; the
/// margin is for a loaded two-core machine.
const LIMIT: Duration = Duration::from_secs(30);
/// For a megabyte of one construct on one line: a few seconds in a debug build (whose
/// regex and Markdown crates are unoptimised), up to 15 s seen on a loaded machine.
const BIG_LIMIT: Duration = Duration::from_secs(90);
/// Peak resident memory allowed to a run, in KiB.
const RSS_KIB: u64 = 200 * 1024;
/// For the runs that read megabytes.
const RSS_BIG_KIB: u64 = 500 * 1024;

/// How a run ended.
#[derive(Debug)]
struct Run {
    /// `None` when killed by a signal.
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// `None` when it could not be measured.
    peak_rss_kib: Option<u64>,
    elapsed: Duration,
}

impl Run {
    /// The rule ids of the concise findings, in output order.
    fn rules(&self) -> Vec<String> {
        common::findings(&self.stdout)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    }

    fn has(&self, rule: &str) -> bool {
        self.rules().iter().any(|r| r == rule)
    }

    /// The findings of `rule` as `file:line:col`, file names only.
    fn places(&self, rule: &str) -> Vec<String> {
        common::findings(&self.stdout)
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| {
                let name = Path::new(&f.path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("{name}:{}:{}", f.line, f.col)
            })
            .collect()
    }
}

/// GNU time, which reports the peak RSS of the process it runs (from `wait4`). Measuring
/// our own child directly would not do: a child spawned from this (large, multi-threaded)
/// test process counts the parent's resident pages as its own until it execs.
const TIME: &str = "/usr/bin/time";

/// Run eventlint with standard input read from `stdin`.
fn run_with_stdin(args: &[&str], cwd: &Path, stdin: &str) -> Run {
    let run = run_full(args, cwd, None, Some(Path::new(stdin)), LIMIT);
    if let Some(peak) = run.peak_rss_kib {
        assert!(peak <= RSS_KIB, "peak RSS {peak} KiB");
    }
    run
}

/// Run eventlint with `args` in `cwd`, as `uid` when given, killed after `limit`.
fn run_full(
    args: &[&str],
    cwd: &Path,
    uid: Option<u32>,
    stdin: Option<&Path>,
    limit: Duration,
) -> Run {
    let out = tempfile::tempfile().unwrap_or_else(|e| panic!("{e}"));
    let err = tempfile::tempfile().unwrap_or_else(|e| panic!("{e}"));
    let usage = tempfile::NamedTempFile::new().unwrap_or_else(|e| panic!("{e}"));
    let bin = env!("CARGO_BIN_EXE_eventlint");
    let timed = Path::new(TIME).exists();
    let mut cmd = if timed {
        let mut cmd = Command::new(TIME);
        cmd.arg("-v").arg("-o").arg(usage.path()).arg(bin);
        cmd
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(match stdin {
            Some(path) => Stdio::from(fs::File::open(path).unwrap_or_else(|e| panic!("{e}"))),
            None => Stdio::null(),
        })
        .stdout(out.try_clone().unwrap_or_else(|e| panic!("{e}")))
        .stderr(err.try_clone().unwrap_or_else(|e| panic!("{e}")))
        // Its own process group, so that a kill reaches eventlint below `time`.
        .process_group(0);
    if let Some(uid) = uid {
        cmd.uid(uid).gid(uid);
        // `time` writes its report as that user.
        fs::set_permissions(usage.path(), fs::Permissions::from_mode(0o666))
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let start = Instant::now();
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run eventlint: {e}"));
    let status = loop {
        if let Some(status) = child.try_wait().unwrap_or_else(|e| panic!("{e}")) {
            break status;
        }
        if start.elapsed() > limit {
            let group = -(child.id() as libc::pid_t);
            // SAFETY: plain libc call; the group is the one this test just created.
            unsafe { libc::kill(group, libc::SIGKILL) };
            let _ = child.wait();
            panic!("eventlint {args:?} did not finish within {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let elapsed = start.elapsed();
    let usage = fs::read_to_string(usage.path()).unwrap_or_default();
    if timed && usage.contains("Command terminated by signal") {
        panic!("eventlint {args:?} was killed by a signal:\n{usage}");
    }
    let peak_rss_kib = usage
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .and_then(|n| n.trim().parse().ok());
    if peak_rss_kib.is_none() {
        eprintln!("peak RSS not measured: {TIME} is not installed");
    }
    let code = status.code();
    let read = |f: &fs::File| {
        use std::io::{Read, Seek};
        let mut f = f;
        let mut bytes = Vec::new();
        f.seek(std::io::SeekFrom::Start(0))
            .and_then(|_| f.read_to_end(&mut bytes))
            .unwrap_or_else(|e| panic!("{e}"));
        String::from_utf8_lossy(&bytes).into_owned()
    };
    let run = Run {
        code,
        stdout: read(&out),
        stderr: read(&err),
        peak_rss_kib,
        elapsed,
    };
    assert!(
        !run.stderr.contains("panicked"),
        "eventlint panicked:\n{}",
        run.stderr
    );
    assert!(
        matches!(run.code, Some(0..=2)),
        "exit {:?} (a signal?):\n{}",
        run.code,
        run.stderr
    );
    run
}

/// Lint `paths` (relative to `dir`) in concise format, checking the bounds and that the
/// tree under `dir` is left as it was.
fn lint_bounded(dir: &Path, paths: &[&str], rss_kib: u64) -> Run {
    lint_bounded_as(dir, paths, rss_kib, None, &["--format", "concise"])
}

/// The human format on `paths` (with the big-input memory bound) names `rule` and prints
/// fewer than `max_bytes`: it shows a window of a huge page or line, never the whole of it.
fn human_output_is_bounded(dir: &Path, paths: &[&str], rule: &str, max_bytes: usize) {
    let human = lint_bounded_as(dir, paths, RSS_BIG_KIB, None, &["--format", "human"]);
    assert!(human.stdout.contains(rule), "{}", human.stdout);
    assert!(
        human.stdout.len() < max_bytes,
        "{} bytes of output",
        human.stdout.len()
    );
}

fn lint_bounded_as(
    dir: &Path,
    paths: &[&str],
    rss_kib: u64,
    uid: Option<u32>,
    format: &[&str],
) -> Run {
    let before = snapshot(dir);
    let mut args = vec!["check", "--now", "2026-01-01"];
    args.extend_from_slice(format);
    args.extend_from_slice(paths);
    // The big inputs get the big bounds, of time and of memory.
    let limit = if rss_kib >= RSS_BIG_KIB {
        BIG_LIMIT
    } else {
        LIMIT
    };
    let run = run_full(&args, dir, uid, None, limit);
    if let Some(peak) = run.peak_rss_kib {
        assert!(
            peak <= rss_kib,
            "peak RSS {peak} KiB over the bound of {rss_kib} KiB"
        );
    }
    assert!(before == snapshot(dir), "eventlint changed the linted tree");
    eprintln!(
        "{paths:?}: exit {:?}, {:.2} s, peak RSS {:?} KiB",
        run.code,
        run.elapsed.as_secs_f64(),
        run.peak_rss_kib
    );
    run
}

/// Every entry below `dir` (symlinks not followed): path, type, permissions, and the bytes
/// of regular files (or the link target).
fn snapshot(dir: &Path) -> Vec<(PathBuf, String, u32, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let Ok(meta) = fs::symlink_metadata(&p) else {
                continue;
            };
            let ft = meta.file_type();
            let mode = meta.permissions().mode();
            let (kind, bytes) = if ft.is_symlink() {
                let target = fs::read_link(&p).unwrap_or_default();
                ("link", target.into_os_string().into_encoded_bytes())
            } else if ft.is_dir() {
                stack.push(p.clone());
                ("dir", Vec::new())
            } else if ft.is_file() {
                (
                    "file",
                    fs::read(&p).unwrap_or_else(|e| e.to_string().into_bytes()),
                )
            } else {
                ("other", Vec::new())
            };
            out.push((p, kind.to_string(), mode, bytes));
        }
    }
    out.sort();
    out
}

fn write(path: &Path, bytes: impl AsRef<[u8]>) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
    }
    fs::write(path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"))
}

/// A valid report, to show the rest of a run still works.
const GOOD: &str = "---\ntitle: \"AWS Summit\"\ndate: 2025-09-09\nweight: 1\n---\n\n# AWS Summit\n";

// ---------------------------------------------------------------------------------------
// Front matter bombs

#[test]
fn yaml_alias_bomb() {
    // Billion laughs: nine levels of nine aliases each, 9^9 strings if expanded.
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in 'b'..='j' {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    yaml.push_str("title: x\n---\n# Bomb\n");
    let dir = tempdir();
    write(&dir.path().join("bomb.md"), yaml);
    let run = lint_bounded(dir.path(), &["bomb.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.has("front-matter-syntax"), "{}", run.stdout);
}

#[test]
fn yaml_nested_100_000_levels() {
    let depth = 100_000;
    let dir = tempdir();
    // Flow style, and block style (`- - - … x`, a list in a list in a list …).
    write(
        &dir.path().join("flow.md"),
        format!(
            "---\ntitle: x\nk: {}{}\n---\n# F\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    write(
        &dir.path().join("block.md"),
        format!("---\ntitle: x\nk:\n  {}x\n---\n# B\n", "- ".repeat(depth)),
    );
    let run = lint_bounded(dir.path(), &["flow.md", "block.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    let places = run.places("front-matter-syntax");
    assert!(
        places.iter().any(|p| p.starts_with("flow.md:3:")),
        "{}",
        run.stdout
    );
    assert!(
        places.iter().any(|p| p.starts_with("block.md:")),
        "{}",
        run.stdout
    );
}

#[test]
fn json_nested_100_000_levels() {
    let depth = 100_000;
    let dir = tempdir();
    write(
        &dir.path().join("arrays.md"),
        format!(
            "{{\"title\": \"x\", \"k\": {}{}}}\n# A\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    write(
        &dir.path().join("objects.md"),
        format!(
            "{{\"title\": \"x\", \"k\": {}1{}}}\n# O\n",
            "{\"a\":".repeat(depth),
            "}".repeat(depth)
        ),
    );
    // Never closed: the braces never come back to depth 0.
    write(
        &dir.path().join("open.md"),
        format!(
            "{{\"title\": \"x\", \"k\": {}\n# O\n",
            "{\"a\":".repeat(depth)
        ),
    );
    let run = lint_bounded(dir.path(), &["arrays.md", "objects.md", "open.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    let places = run.places("front-matter-syntax");
    for name in ["arrays.md", "objects.md", "open.md"] {
        assert!(
            places.iter().any(|p| p.starts_with(name)),
            "{name}:\n{}",
            run.stdout
        );
    }
}

#[test]
fn toml_nested_100_000_levels() {
    let depth = 100_000;
    let dir = tempdir();
    write(
        &dir.path().join("toml.md"),
        format!(
            "+++\ntitle = 'x'\nk = {}{}\n+++\n# T\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    );
    let run = lint_bounded(dir.path(), &["toml.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.has("front-matter-syntax"), "{}", run.stdout);
}

#[test]
fn markdown_nested_deeply() {
    // Not front matter, but the same idea in the body: block quotes and lists nested deep.
    let dir = tempdir();
    let head = "---\ntitle: x\ndate: 2025-09-09\nweight: 1\n---\n";
    write(
        &dir.path().join("quotes.md"),
        format!("{head}{} deep\n", ">".repeat(100_000)),
    );
    let mut lists = String::from(head);
    for i in 0..1_000 {
        lists.push_str(&"  ".repeat(i));
        lists.push_str("- **Speaker** – role\n");
    }
    write(&dir.path().join("lists.md"), lists);
    write(
        &dir.path().join("emphasis.md"),
        format!("{head}# {}x{}\n", "*".repeat(50_000), "*".repeat(50_000)),
    );
    write(
        &dir.path().join("links.md"),
        format!("{head}{}x{}\n", "[".repeat(50_000), "](u)".repeat(50_000)),
    );
    let run = lint_bounded(
        dir.path(),
        &["quotes.md", "lists.md", "emphasis.md", "links.md"],
        RSS_KIB,
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.has("required-section"), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------
// Size

#[test]
fn a_50_mb_report() {
    let dir = tempdir();
    let path = dir.path().join("events/big/index.md");
    let body = "## Highlights\n\n- **Speaker** – a talk about ![x](/images/x.png) things\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n";
    let mut text = String::from("---\ntitle: \"Big\"\ndate: 2025-09-09\nweight: 1\n---\n# Big\n\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(body);
    }
    write(&path, &text);
    write(&dir.path().join("events/small/index.md"), GOOD);
    let run = lint_bounded(dir.path(), &["events"], RSS_BIG_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(run.places("file-size"), ["index.md:1:1"], "{}", run.stdout);
    assert!(
        run.stdout.contains("in 2 files"),
        "the other report is still linted:\n{}",
        run.stdout
    );
    // The human format does not read the big file again to show it.
    human_output_is_bounded(dir.path(), &["events"], "file-size", 10_000);
}

#[test]
fn a_1_mb_single_line() {
    let mb = 1024 * 1024;
    let head = "---\ntitle: x\ndate: 2025-09-09\nweight: 1\n---\n";
    let dir = tempdir();
    let cases = [
        ("heading.md", format!("{head}## {}\n", "a".repeat(mb))),
        ("bold.md", format!("{head}{}\n", "**b** ".repeat(mb / 6))),
        (
            "images.md",
            format!("{head}{}\n", "![a](/images/x.png) ".repeat(mb / 20)),
        ),
        (
            "html.md",
            format!(
                "{head}{}\n",
                "<img src=\"x.png\" alt=\"\"> ".repeat(mb / 25)
            ),
        ),
        (
            "table.md",
            format!("{head}| a |\n|---|\n|{}|\n", " x |".repeat(mb / 4)),
        ),
        // The whole file on one line: no line break at all, not even to close the front matter.
        ("oneline.md", format!("---{}", " title: x".repeat(mb / 9))),
    ];
    // One run per file: each is a few seconds of a debug build.
    for (name, text) in &cases {
        write(&dir.path().join(name), text);
        let run = lint_bounded(dir.path(), &[name], RSS_BIG_KIB);
        assert!(matches!(run.code, Some(0 | 1)), "{}", run.stdout);
        assert!(
            run.stdout.len() < 100_000,
            "{name}: {} bytes of output",
            run.stdout.len()
        );
        // Messages quote page text only up to a bound.
        assert!(
            run.stdout.lines().all(|l| l.len() < 2_000),
            "{name}: a huge line of output"
        );
        if *name == "oneline.md" {
            assert_eq!(run.places("front-matter-syntax"), ["oneline.md:1:1"]);
        }
    }
    // The human format shows a window of a long line, not the line.
    human_output_is_bounded(dir.path(), &["heading.md"], "empty-section", 20_000);
}

// ---------------------------------------------------------------------------------------
// Encodings and line endings

#[test]
fn invalid_utf8() {
    let dir = tempdir();
    write(
        &dir.path().join("latin1.md"),
        b"---\ntitle: \"caf\xe9\"\n---\n\xff\xfe\n",
    );
    write(
        &dir.path().join("truncated.md"),
        b"---\ntitle: \"\xe1\xbb\"",
    );
    let run = lint_bounded(dir.path(), &["latin1.md", "truncated.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.places("file-encoding"),
        ["latin1.md:2:12", "truncated.md:2:9"],
        "{}",
        run.stdout
    );
    let human = lint_bounded_as(
        dir.path(),
        &["latin1.md", "truncated.md"],
        RSS_KIB,
        None,
        &[],
    );
    assert!(human.stdout.contains("file-encoding"), "{}", human.stdout);
}

#[test]
fn nul_bytes() {
    let dir = tempdir();
    write(
        &dir.path().join("fm.md"),
        b"---\ntitle: \"a\x00b\"\n---\n# x\n",
    );
    write(
        &dir.path().join("body.md"),
        b"---\ntitle: x\ndate: 2025-09-09\nweight: 1\n---\n# T\x00\n\n## Spea\x00kers\n\n![\x00](/a\x00.png)\n\x00\x00\x00",
    );
    write(&dir.path().join("only-nul.md"), vec![0u8; 4096]);
    let run = lint_bounded(dir.path(), &["fm.md", "body.md", "only-nul.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.places("front-matter-syntax"),
        ["fm.md:2:10"],
        "{}",
        run.stdout
    );
    assert!(
        run.places("front-matter-missing")
            .iter()
            .any(|p| p.starts_with("only-nul.md"))
    );
    let human = lint_bounded_as(dir.path(), &["fm.md", "body.md"], RSS_KIB, None, &[]);
    assert!(human.stdout.contains("NUL"), "{}", human.stdout);
}

#[test]
fn a_byte_order_mark() {
    let dir = tempdir();
    write(
        &dir.path().join("bom.md"),
        b"\xef\xbb\xbf---\ntitle: \"Event 1\"\ndate: 2025-13-01\nweight: 1\n---\n# AWS Summit\n",
    );
    // Two BOMs: Hugo's lexer skips every BOM before the front matter.
    write(
        &dir.path().join("two.md"),
        b"\xef\xbb\xbf\xef\xbb\xbf---\ntitle: x\n---\n",
    );
    let run = lint_bounded(dir.path(), &["bom.md", "two.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(run.places("date-format"), ["bom.md:3:7"], "{}", run.stdout);
    assert_eq!(
        run.places("title-generic"),
        ["bom.md:2:8"],
        "{}",
        run.stdout
    );
    // Hugo skips every leading BOM, so the front matter is still found.
    assert_eq!(
        run.places("required-field"),
        ["two.md:3:1", "two.md:3:1"], // no `date`, no `weight`
        "{}",
        run.stdout
    );
}

#[test]
fn crlf_and_lone_cr_line_endings() {
    let dir = tempdir();
    let lines = [
        "---",
        "title: \"Event 1\"",
        "date: 2025-13-01",
        "weight: 1",
        "---",
        "# AWS Summit",
        "",
        "### Goals",
        "",
    ];
    write(&dir.path().join("crlf.md"), lines.join("\r\n"));
    write(&dir.path().join("cr.md"), lines.join("\r"));
    write(
        &dir.path().join("mixed.md"),
        format!(
            "{}\r\n{}\r{}\n",
            lines[..3].join("\n"),
            lines[3..6].join("\r"),
            lines[6..].join("\r\n")
        ),
    );
    let run = lint_bounded(dir.path(), &["crlf.md", "cr.md", "mixed.md"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.places("date-format"),
        ["cr.md:3:7", "crlf.md:3:7", "mixed.md:3:7"],
        "{}",
        run.stdout
    );
    assert_eq!(
        run.places("heading-increment"),
        ["crlf.md:8:1", "mixed.md:8:1"],
        "{}",
        run.stdout
    );
    // The human format numbers lone-CR lines like the concise one and sends no raw CR.
    let human = lint_bounded_as(
        dir.path(),
        &["cr.md"],
        RSS_KIB,
        None,
        &["--format", "human"],
    );
    assert!(human.stdout.contains("cr.md:3:7"), "{}", human.stdout);
    assert!(
        human.stdout.contains(" 3 │ date: 2025-13-01"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains('\r'), "{:?}", human.stdout);
}

#[test]
fn front_matter_that_never_closes() {
    let dir = tempdir();
    write(
        &dir.path().join("yaml.md"),
        format!("---\ntitle: x\n{}", "k: v\n".repeat(100_000)),
    );
    write(&dir.path().join("toml.md"), "+++\ntitle = 'x'\n\n# Body\n");
    write(&dir.path().join("json.md"), "{\"title\": \"x\"\n\n# Body\n");
    write(&dir.path().join("only.md"), "---");
    let run = lint_bounded(
        dir.path(),
        &["yaml.md", "toml.md", "json.md", "only.md"],
        RSS_KIB,
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.places("front-matter-syntax"),
        ["json.md:1:1", "only.md:1:1", "toml.md:1:1", "yaml.md:1:1"],
        "{}",
        run.stdout
    );
}

// ---------------------------------------------------------------------------------------
// The file system

#[test]
fn a_directory_symlink_loop() {
    let dir = tempdir();
    let events = dir.path().join("events");
    write(&events.join("a/good.md"), GOOD);
    std::os::unix::fs::symlink(&events, events.join("a/loop")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("../b", events.join("a/to-b")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("../a", events.join("b")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink("self.md", events.join("self.md")).unwrap_or_else(|e| panic!("{e}"));
    let run = lint_bounded(dir.path(), &["events"], RSS_KIB);
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    assert!(run.stdout.contains("File system loop"), "{}", run.stdout);
    assert!(run.has("io-error"), "{}", run.stdout);
    assert!(
        run.stdout.contains("in 1 file"),
        "good.md is linted once:\n{}",
        run.stdout
    );
}

/// As root, permission bits do not stop reads: run eventlint as `nobody` then (when that
/// user can run the binary at all), and make the temp dir readable to it.
fn unprivileged(dir: &Path) -> Option<Option<u32>> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return Some(None);
    }
    let nobody = 65534;
    let mut p = Some(dir);
    while let Some(d) = p {
        if d.starts_with(std::env::temp_dir()) && d != std::env::temp_dir() {
            fs::set_permissions(d, fs::Permissions::from_mode(0o755)).ok()?;
        }
        p = d.parent();
    }
    let ok = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .arg("--version")
        .uid(nobody)
        .gid(nobody)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: cannot run eventlint as nobody");
        return None;
    }
    Some(Some(nobody))
}

#[test]
fn a_file_and_a_directory_without_read_permission() {
    let dir = tempdir();
    let events = dir.path().join("events");
    write(&events.join("a/good.md"), GOOD);
    write(&events.join("a/secret.md"), GOOD);
    write(&events.join("closed/inside.md"), GOOD);
    let Some(uid) = unprivileged(dir.path()) else {
        return;
    };
    fs::set_permissions(
        events.join("a/secret.md"),
        fs::Permissions::from_mode(0o000),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    fs::set_permissions(events.join("closed"), fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = lint_bounded_as(
        dir.path(),
        &["events"],
        RSS_KIB,
        uid,
        &["--format", "concise"],
    );
    fs::set_permissions(events.join("closed"), fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(run.code, Some(2), "{}", run.stdout);
    let places = run.places("io-error");
    assert!(
        places.contains(&"secret.md:1:1".to_string()),
        "{}",
        run.stdout
    );
    assert!(
        places.iter().any(|p| p.starts_with("closed")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Permission denied"), "{}", run.stdout);
}

#[test]
fn a_directory_named_like_a_report() {
    let dir = tempdir();
    let events = dir.path().join("events");
    fs::create_dir_all(events.join("x.md")).unwrap_or_else(|e| panic!("{e}"));
    write(&events.join("x.md/index.md"), GOOD);
    fs::create_dir_all(events.join("empty.md")).unwrap_or_else(|e| panic!("{e}"));
    write(&events.join("good.md"), GOOD);
    // Walked: the directories are not files; the report inside one is linted.
    let run = lint_bounded(dir.path(), &["events"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.stdout.contains("in 2 files"), "{}", run.stdout);
    assert!(!run.has("io-error"), "{}", run.stdout);
    // Named: a directory is walked, whatever its name.
    let run = lint_bounded(dir.path(), &["events/empty.md"], RSS_KIB);
    assert_eq!(run.code, Some(0), "{}", run.stdout);
    assert!(run.stdout.contains("in 0 files"), "{}", run.stdout);
}

/// A Hugo site in `dir/site` with one report whose body is `body`, and `dir/outside/`, a
/// sibling of the site holding a FIFO under every name an escaping path could reach:
/// opening one for reading blocks until a writer comes, so a run that reads outside the
/// root hangs and fails the time bound.
fn site_with_report(dir: &Path, body: &str) -> PathBuf {
    let site = dir.join("site");
    write(
        &site.join("hugo.toml"),
        "baseURL = 'https://example.org/'\ntitle = 'x'\n",
    );
    write(&site.join("static/images/ok.png"), b"\x89PNG\r\n\x1a\n");
    write(
        &site.join("content/4-EventParticipated/4.1-Event1/index.md"),
        format!(
            "---\ntitle: \"AWS Summit\"\ndate: 2025-09-09\nweight: 1\n---\n\n# AWS Summit\n\n{body}"
        ),
    );
    let outside = dir.join("outside");
    fs::create_dir_all(&outside).unwrap_or_else(|e| panic!("{e}"));
    for name in ["secret.png", "secret.md", "hugo.toml"] {
        let path = std::ffi::CString::new(outside.join(name).into_os_string().into_encoded_bytes())
            .unwrap_or_else(|e| panic!("{e}"));
        // SAFETY: a valid NUL-terminated path.
        let r = unsafe { libc::mkfifo(path.as_ptr(), 0o644) };
        assert_eq!(r, 0, "mkfifo failed");
    }
    site
}

#[test]
fn image_paths_that_climb_out_of_the_site() {
    let dir = tempdir();
    let climb = "../".repeat(12);
    let body = format!(
        "## Photos\n\n![a](../../../../outside/secret.png)\n\n![a5](../../../../../outside/secret.png)\n\n\
         ![b](/../../outside/secret.png)\n\n![b3](/../../../outside/secret.png)\n\n\
         ![c](/images/../../../outside/secret.png)\n\n![d]({climb}{}/outside/secret.png)\n\n\
         <img src=\"../../../../outside/secret.png\">\n\n{{{{< figure src=\"/../outside/secret.png\" >}}}}\n\n\
         ![e](%2e%2e/%2e%2e/%2e%2e/outside/secret.png)\n\n![f](..%2F..%2F..%2Foutside%2Fsecret.png)\n\n\
         ![g](file:///etc/passwd)\n\n[link](../../../outside/secret.md)\n",
        dir.path().display()
    );
    let site = site_with_report(dir.path(), &body);
    let run = lint_bounded(&site, &["."], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(!run.has("io-error"), "{}", run.stdout);
    assert!(run.stdout.contains("in 1 file"), "{}", run.stdout);
    // Page-relative paths that climb out are reported as such (site-absolute ones resolve
    // inside the static dirs, where they are missing).
    let out = run.places("image-outside-site");
    assert!(out.len() >= 3, "{}", run.stdout);
}

#[test]
fn image_paths_with_nul_or_absurd_length() {
    let dir = tempdir();
    let long = "a".repeat(100_000);
    let deep = "d/".repeat(20_000);
    let body = format!(
        "## Photos\n\n![nul](/images/ok%00.png)\n\n![nul2](/images/ok\0.png)\n\n\
         <img src=\"/images/o\0k.png\">\n\n![long](/images/{long}.png)\n\n\
         ![deep](/images/{deep}ok.png)\n\n![rel]({long}.png)\n\n![dots]({})\n\n\
         ![bad](/images/%ff%fe.png)\n\n![pct](/images/%.png)\n",
        "./".repeat(50_000)
    );
    let site = site_with_report(dir.path(), &body);
    let run = lint_bounded(&site, &["."], RSS_KIB);
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stdout);
    assert!(!run.has("io-error"), "{}", run.stdout);
    assert!(
        run.stdout.lines().all(|l| l.len() < 2_000),
        "a huge line of output"
    );
}

#[test]
fn an_unreadable_hugo_config() {
    let dir = tempdir();
    let site = site_with_report(dir.path(), "## Photos\n\n![a](/images/ok.png)\n");
    // A config that cannot be read (permission), then one that is not text, then one that
    // is a FIFO outside the root reached through a symlink (it must not be opened).
    let Some(uid) = unprivileged(dir.path()) else {
        return;
    };
    fs::set_permissions(site.join("hugo.toml"), fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = lint_bounded_as(&site, &["."], RSS_KIB, uid, &["--format", "concise"]);
    assert!(matches!(run.code, Some(1 | 2)), "{}", run.stdout);
    assert_eq!(
        run.places("hugo-config"),
        ["hugo.toml:1:1"],
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Permission denied"), "{}", run.stdout);

    fs::set_permissions(site.join("hugo.toml"), fs::Permissions::from_mode(0o644))
        .unwrap_or_else(|e| panic!("{e}"));
    write(&site.join("hugo.toml"), b"baseURL = '\xff\xfe'\n[[[\n");
    let run = lint_bounded(&site, &["."], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert_eq!(
        run.places("hugo-config"),
        ["hugo.toml:1:1"],
        "{}",
        run.stdout
    );

    fs::remove_file(site.join("hugo.toml")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(dir.path().join("outside/hugo.toml"), site.join("hugo.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = lint_bounded(&site, &["."], RSS_KIB);
    assert!(matches!(run.code, Some(0..=2)), "{}", run.stdout);
}

#[test]
fn a_hostile_eventlint_config() {
    let dir = tempdir();
    write(&dir.path().join("events/a/good.md"), GOOD);
    let config = dir.path().join(".eventlint.yaml");
    let fifo = dir.path().join("fifo.yaml");
    let path = std::ffi::CString::new(fifo.clone().into_os_string().into_encoded_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(
        unsafe { libc::mkfifo(path.as_ptr(), 0o644) },
        0,
        "mkfifo failed"
    );
    write(&dir.path().join("pack/_pack.yaml"), "");
    let pack_fifo = std::ffi::CString::new(
        dir.path()
            .join("pack/rule.yaml")
            .into_os_string()
            .into_encoded_bytes(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // SAFETY: as above.
    assert_eq!(
        unsafe { libc::mkfifo(pack_fifo.as_ptr(), 0o644) },
        0,
        "mkfifo failed"
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in ('a'..='i').zip('b'..='j') {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    // A config that reads forever, blocks, explodes or cannot be parsed: each is a broken
    // config (exit 2), found at once.
    for (text, says) in [
        ("extends: /dev/zero\n".to_string(), "not a regular file"),
        ("extends: fifo.yaml\n".to_string(), "not a regular file"),
        ("packs: [pack]\n".to_string(), "not a regular file"),
        (bomb, "config"),
        (
            format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
            "config",
        ),
        ("rules: {\n".to_string(), "config"),
    ] {
        write(&config, &text);
        let run = lint_bounded(dir.path(), &["events"], RSS_KIB);
        assert_eq!(
            run.code,
            Some(2),
            "{}\n{}",
            &text[..text.len().min(40)],
            run.stderr
        );
        assert!(run.stderr.contains(says), "{}", run.stderr);
    }
    let run = lint_bounded_as(
        dir.path(),
        &["--config", "/dev/zero", "events"],
        RSS_KIB,
        None,
        &[],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    // A config without read permission.
    write(&config, "rules:\n  same-date: off\n");
    let Some(uid) = unprivileged(dir.path()) else {
        return;
    };
    fs::set_permissions(&config, fs::Permissions::from_mode(0o000))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = lint_bounded_as(
        dir.path(),
        &["events"],
        RSS_KIB,
        uid,
        &["--format", "concise"],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("Permission denied"), "{}", run.stderr);
}

#[test]
fn a_device_named_on_the_command_line_or_piped_in() {
    // /dev/zero never ends: eventlint reads a bounded prefix, not all of it.
    if !Path::new("/dev/zero").exists() {
        return;
    }
    let dir = tempdir();
    let run = lint_bounded(dir.path(), &["/dev/zero"], RSS_KIB);
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.has("file-size"), "{}", run.stdout);
    let run = run_with_stdin(
        &["check", "--format", "concise", "-"],
        dir.path(),
        "/dev/zero",
    );
    assert_eq!(run.code, Some(1), "{}", run.stdout);
    assert!(run.has("file-size"), "{}", run.stdout);
}
