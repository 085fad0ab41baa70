//! The walk against `ignore`'s own walker (with the options eventlint walked with before it
//! had its own walk) on generated trees: rule files at every level and above the root,
//! repositories, hidden entries, links to files, folders, ancestors and nowhere.

use super::*;
use crate::test_inputs::Xorshift;
use std::sync::Mutex;

/// What a walk visited, one line each, sorted.
fn lines(walk: impl FnOnce(&(dyn Fn(Target) + Sync))) -> Vec<String> {
    let found = Mutex::new(Vec::new());
    walk(&|target| {
        let line = match target {
            Target::File { path, .. } => format!("file {}", path.display()),
            Target::Unreadable { path, error } => format!("error {} {error}", path.display()),
        };
        crate::recent::lock(&found).push(line);
    });
    let mut found = found.into_inner().unwrap_or_else(|e| e.into_inner());
    found.sort();
    found
}

fn ours(root: &Path, folders: &Folders) -> Vec<String> {
    lines(|visit| walk(&[root.to_path_buf()], folders, visit))
}

/// A folder's listing as the lookups read it: what it may hold, and its entries.
fn listing_of(folder: &crate::folders::Folder) -> String {
    let entries: Vec<String> = folder
        .listing()
        .map(|l| l.iter().map(|e| format!("{} {}", e.name, e.dir)).collect())
        .unwrap_or_default();
    format!("{:?} {entries:?}", folder.held)
}

/// The walk kept, for every folder it went through, the listing a lookup would make.
fn assert_kept_as_read(root: &Path, folders: &Folders) -> usize {
    let mut kept = 0;
    for entry in walkdir_all(root) {
        let key = crate::site::normalize(&entry);
        if let Some(folder) = folders.listed(&key) {
            let fresh = Folders::default().folder(&key);
            assert_eq!(
                listing_of(&folder),
                listing_of(&fresh),
                "{}",
                entry.display()
            );
            kept += 1;
        }
    }
    kept
}

/// Every folder below `root` (links not followed), `root` too.
fn walkdir_all(root: &Path) -> Vec<PathBuf> {
    let mut out = vec![root.to_path_buf()];
    let mut i = 0;
    while let Some(dir) = out.get(i).cloned() {
        i += 1;
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                out.push(entry.path());
            }
        }
    }
    out
}

/// `ignore`'s parallel walker, as `discover` ran it.
fn theirs(root: &Path) -> Vec<String> {
    lines(|visit| {
        ignore::WalkBuilder::new(root)
            .follow_links(true)
            .require_git(true)
            .threads(2)
            .build_parallel()
            .run(|| {
                Box::new(move |entry| {
                    match entry {
                        Ok(entry) => {
                            let is_file = entry.file_type().is_some_and(|t| t.is_file());
                            if is_file && is_markdown(entry.path()) {
                                visit(Target::File {
                                    path: entry.into_path(),
                                    explicit: false,
                                });
                            }
                        }
                        Err(e) => visit(unreadable(root, e)),
                    }
                    ignore::WalkState::Continue
                })
            });
    })
}

const RULES: &[&str] = &[
    "*.md",
    "!keep.md",
    "public/",
    "/a",
    "b/",
    "**/x.md",
    ".h",
    "!.h",
    "!/.d.md",
    "# c",
    "y.*",
    "!b/",
    "a/x.md",
    "z*",
    "!*/",
    "n.txt",
    "/keep.md",
    "a/**/x.md",
    "!a",
    "site/a",
    "[",
    "site/**/keep.md",
    "!.d.md",
    "*.MD",
];
const FOLDERS: &[&str] = &["a", "b", ".h", "public", "_c"];
const FILES: &[&str] = &[
    "x.md",
    "y.MD",
    ".d.md",
    "z.markdown",
    "n.txt",
    "keep.md",
    "a.md",
];

fn write_rules(rng: &mut Xorshift, path: &Path) {
    let lines: Vec<&str> = (0..1 + rng.below(3))
        .map(|_| RULES[rng.below(RULES.len())])
        .collect();
    std::fs::write(path, lines.join("\n")).unwrap_or_else(|e| panic!("{e}"));
}

/// A random tree of folders and files below `dir`, `depth` levels more at most.
fn fill(rng: &mut Xorshift, dir: &Path, root: &Path, depth: usize) {
    let made = |r: std::io::Result<()>| r.unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..rng.below(5) {
        made(std::fs::write(dir.join(FILES[rng.below(FILES.len())]), ""));
    }
    if rng.below(10) < 3 {
        write_rules(rng, &dir.join(".gitignore"));
    }
    if rng.below(10) < 1 {
        write_rules(rng, &dir.join(".ignore"));
    }
    // A folder filled twice (a name drawn twice) may have the other kind of `.git`
    // already: then nothing more is made.
    let tried = |r: std::io::Result<()>| drop(r);
    match rng.below(20) {
        0 | 1 => {
            tried(std::fs::create_dir_all(dir.join(".git/info")));
            if rng.below(2) == 0 {
                write_rules(rng, &dir.join(".git/info/exclude"));
            }
        }
        // A worktree: `.git` is a file naming the real folder, whose `commondir` names the
        // folder with `info/exclude`.
        2 => {
            let real = dir.join("_worktree_git");
            tried(std::fs::create_dir_all(real.join("../_common/info")));
            tried(std::fs::write(real.join("commondir"), "../_common"));
            write_rules(rng, &real.join("../_common/info/exclude"));
            tried(std::fs::write(
                dir.join(".git"),
                format!("gitdir: {}\n", real.display()),
            ));
        }
        // A Jujutsu repository.
        3 => tried(std::fs::create_dir_all(dir.join(".jj"))),
        _ => {}
    }
    // A name that is not UTF-8.
    #[cfg(unix)]
    if rng.below(20) == 0 {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"\xff\xfe.md");
        made(std::fs::write(dir.join(name), ""));
    }
    #[cfg(unix)]
    if rng.below(10) < 2 {
        let target = match rng.below(4) {
            0 => root.to_path_buf(),
            1 => dir.join("a"),
            2 => dir.join("x.md"),
            _ => dir.join("nowhere"),
        };
        let _ = std::os::unix::fs::symlink(target, dir.join(format!("link{}", rng.below(3))));
    }
    if depth == 0 {
        return;
    }
    for _ in 0..rng.below(4) {
        let sub = dir.join(FOLDERS[rng.below(FOLDERS.len())]);
        let _ = std::fs::create_dir(&sub);
        fill(rng, &sub, root, depth - 1);
    }
}

/// `path` relative to the working directory (`..` up to the root, then down).
fn relative(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|e| panic!("{e}"));
    let mut out = PathBuf::new();
    for _ in cwd.components().skip(1) {
        out.push("..");
    }
    out.join(path.strip_prefix("/").unwrap_or(path))
}

#[test]
fn walks_as_ignore_does() {
    let mut rng = Xorshift::new(2026);
    let (mut files, mut skipped, mut errors, mut kept) = (0, 0, 0, 0);
    for n in 0..200 {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        // A repository above the root, whose rules reach into it, some of the time.
        let repo = tmp.path().join("repo");
        let root = repo.join("site");
        std::fs::create_dir_all(&root).unwrap_or_else(|e| panic!("{e}"));
        if rng.below(2) == 0 {
            std::fs::create_dir(repo.join(".git")).unwrap_or_else(|e| panic!("{e}"));
        }
        if rng.below(2) == 0 {
            write_rules(&mut rng, &repo.join(".gitignore"));
        }
        fill(&mut rng, &root, &root, 3);
        let relative_root = relative(&root);
        let dot_root = if n % 2 == 0 {
            PathBuf::from(".").join(&relative_root)
        } else {
            relative_root.clone()
        };
        // A trailing slash, as a shell's completion leaves it.
        let slashed = PathBuf::from(format!("{}/", relative_root.display()));
        // The root through a link to it.
        let linked = tmp.path().join("site-link");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&root, &linked).unwrap_or_else(|e| panic!("{e}"));
        #[cfg(not(unix))]
        let linked = root.clone();
        // Through `..`, as `check ../site` from a sibling folder spells it.
        let up = repo.join("site/../site");
        // The files found from the root itself, for what the rules left out (below).
        let mut found_at_root = 0;
        for walked in [root.clone(), dot_root, slashed, linked, up, repo.clone()] {
            let want = theirs(&walked);
            let folders = Folders::default();
            assert_eq!(
                ours(&walked, &folders),
                want,
                "tree {n}, {}",
                walked.display()
            );
            kept += assert_kept_as_read(&walked, &folders);
            let found = want.iter().filter(|l| l.starts_with("file ")).count();
            if walked == root {
                found_at_root = found;
            }
            files += found;
            errors += want.iter().filter(|l| l.starts_with("error ")).count();
        }
        // Every Markdown file, rules or not: what the rules left out.
        let all = ignore::WalkBuilder::new(&root)
            .standard_filters(false)
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && is_markdown(e.path()))
            .count();
        skipped += all.saturating_sub(found_at_root);
    }
    assert!(
        files > 1_000 && skipped > 300 && errors > 50,
        "{files} {skipped} {errors}"
    );
    assert!(kept > 1_000, "{kept}");
}

/// A root spelled through a link and `..` (`dir/link/..`) is listed where the file system
/// takes it (the link's target's parent), which is not the folder its spelling names once
/// `..` drops `link` as text: that listing is not kept under the spelling's key, so a
/// lookup there lists the folder it names (its broken config is found, as before).
#[cfg(unix)]
#[test]
fn a_link_and_dotdot_keep_no_listing_for_another_folder() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let made = |r: std::io::Result<()>| r.unwrap_or_else(|e| panic!("{e}"));
    made(std::fs::create_dir_all(tmp.path().join("dir")));
    made(std::fs::create_dir_all(tmp.path().join("real/sub")));
    made(std::os::unix::fs::symlink(
        "../real/sub",
        tmp.path().join("dir/link"),
    ));
    made(std::fs::write(
        tmp.path().join("dir/eventlint.yaml"),
        "rules: [\n",
    ));
    made(std::fs::write(tmp.path().join("real/p.md"), "# Hi\n"));
    for root in [
        tmp.path().join("dir/link/.."),
        relative(&tmp.path().join("dir/link/..")),
    ] {
        let folders = Folders::default();
        let found = ours(&root, &folders);
        assert_eq!(found, theirs(&root), "{}", root.display());
        assert_eq!(found.len(), 1, "{found:?}");
        // The key `dir/link/..` normalizes to is `dir`: what is kept there (nothing) is
        // what a lookup would list, with the config in it.
        assert_kept_as_read(&root, &folders);
        let dir = crate::site::normalize(&root);
        assert!(folders.listed(&dir).is_none(), "{}", dir.display());
        assert!(Folders::default().held(&dir).eventlint_yaml);
    }
}

/// A named pipe in the place of a rule file (`.gitignore`, `.ignore`, a repository's
/// `info/exclude`) is not read: `ignore`'s walker waits on it for ever, the walk goes on
/// as if it held no rules. Checked with a deadline, so that the test fails rather than
/// hangs if the walk waits.
#[cfg(unix)]
#[test]
fn a_pipe_for_a_rule_file_is_not_waited_on() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("a/.git/info")).unwrap_or_else(|e| panic!("{e}"));
    for pipe in [".gitignore", "a/.ignore", "a/.git/info/exclude"] {
        let made = std::process::Command::new("mkfifo")
            .arg(root.join(pipe))
            .status()
            .unwrap_or_else(|e| panic!("mkfifo: {e}"));
        assert!(made.success(), "mkfifo {pipe}");
    }
    for page in ["p.md", "a/q.md"] {
        std::fs::write(root.join(page), "# Hi\n").unwrap_or_else(|e| panic!("{e}"));
    }
    let (send, receive) = std::sync::mpsc::channel();
    let walked = root.clone();
    std::thread::spawn(move || {
        let found = ours(&walked, &Folders::default());
        let _ = send.send(found);
    });
    let found = receive
        .recv_timeout(std::time::Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("the walk waited on a pipe"));
    let want: Vec<String> = ["a/q.md", "p.md"]
        .iter()
        .map(|p| format!("file {}", root.join(p).display()))
        .collect();
    assert_eq!(found, want);
}
