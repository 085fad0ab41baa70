//! Paths as keys of the across-pages groupings (translations of a page, siblings of a
//! menu) and in the sort of a run's files. A `Path` compares and hashes component by
//! component, which parses the path anew for every comparison: a `BTreeMap` keyed by
//! folders cost tens of thousands of instructions per page at 10,000 reports. A key of
//! bytes hashes as fast as a string.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::path::{Path, PathBuf};

/// Bytes that are equal exactly when the paths are equal as `Path`s (whose `==` compares
/// components, so `a//b`, `a/./b`, `a/b/` and `a/b/.` are all `a/b`). Borrowed when the
/// path is spelt the one way its components give back, as walked paths are; otherwise
/// rebuilt from its components.
pub fn path_key(path: &Path) -> Cow<'_, [u8]> {
    let bytes = path.as_os_str().as_encoded_bytes();
    if !cfg!(unix) || needs_rebuilding(bytes) {
        let rebuilt: PathBuf = path.components().collect();
        return Cow::Owned(rebuilt.into_os_string().into_encoded_bytes());
    }
    Cow::Borrowed(bytes)
}

/// Whether the components of `bytes` spell it otherwise: an empty or `.` segment after the
/// first, or a trailing separator.
fn needs_rebuilding(bytes: &[u8]) -> bool {
    (bytes.len() > 1 && bytes.ends_with(b"/"))
        || bytes.ends_with(b"/.")
        // `//` or `/./`, from each separator: a one-off `memmem` search builds a searcher
        // per call, which cost more than the search for paths this short.
        || memchr::memchr_iter(b'/', bytes).any(|at| {
            let next = bytes.get(at + 1..).unwrap_or_default();
            next.starts_with(b"/") || next.starts_with(b"./")
        })
}

/// A path in a sort of many (a run's files), ordered as `Path` orders (component by
/// component) but by its bytes when it is spelt the one way its components give back,
/// with no `.` or `..` component (as walked paths are; worked out once per path): then
/// the first byte that differs decides, a separator ranking below every other byte (a
/// shorter component first), and a path that is a prefix of the other comes first.
pub struct SortKey<'a> {
    path: &'a Path,
    /// Whether byte order is `Path` order for this path.
    plain: bool,
}

impl<'a> SortKey<'a> {
    pub fn of(path: &'a Path) -> SortKey<'a> {
        let bytes = path.as_os_str().as_encoded_bytes();
        let dotted = bytes
            .split(|&b| b == b'/')
            .any(|seg| seg == b"." || seg == b"..");
        let plain = cfg!(unix) && !bytes.is_empty() && !needs_rebuilding(bytes) && !dotted;
        SortKey { path, plain }
    }

    #[allow(clippy::should_implement_trait)] // a key of a sort, not a general ordering
    pub fn cmp(&self, other: &SortKey<'_>) -> Ordering {
        if !(self.plain && other.plain) {
            return self.path.cmp(other.path);
        }
        let (x, y) = (
            self.path.as_os_str().as_encoded_bytes(),
            other.path.as_os_str().as_encoded_bytes(),
        );
        // Walked paths share long prefixes: skipped eight bytes at a time.
        let common = x.len().min(y.len());
        let mut i = 0;
        while i + 8 <= common && x.get(i..i + 8) == y.get(i..i + 8) {
            i += 8;
        }
        while i < common && x.get(i) == y.get(i) {
            i += 1;
        }
        let rank = |byte: Option<&u8>| match byte {
            Some(b'/') => 1,
            Some(&other) => u16::from(other) + 2,
            None => 0,
        };
        rank(x.get(i)).cmp(&rank(y.get(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPELLINGS: &[&str] = &[
        "", ".", "./", "/", "//", "a", "a/", "a/.", "a/./b", "a//b", "a/b", "a/b/", "./a/b",
        ".//a/b", "a/../b", "/a/b", "//a/b", "/a/./b/", "a/b/./.", "a.b/c", "..", "../a", "a/.b",
        "a/b.",
    ];

    /// Equal keys exactly for equal paths, over every pair of tricky spellings.
    #[test]
    fn keys_are_equal_exactly_when_paths_are() {
        for a in SPELLINGS {
            for b in SPELLINGS {
                let (pa, pb) = (Path::new(a), Path::new(b));
                assert_eq!(
                    path_key(pa) == path_key(pb),
                    pa == pb,
                    "{a:?} and {b:?}: keys {:?} and {:?}",
                    path_key(pa),
                    path_key(pb)
                );
            }
        }
    }

    /// The same order as `Path`'s over every pair of tricky spellings, plain and not.
    #[test]
    fn paths_order_as_path_does() {
        let more = [
            "a-b",
            "a/b-c",
            "a.b",
            "a/b/c",
            "a/bc",
            "ab",
            "/",
            "/a",
            "/a-b",
            "/a/b/c.md",
            "content/4.1-Event1/_index.md",
            "content/4.10-Event10/_index.md",
            "content/4.1-Event1.x/_index.md",
            "content/4.1-Event1/_index.vi.md",
            "Mục/Đích",
            "Mục-Đích",
        ];
        let all: Vec<&str> = SPELLINGS.iter().copied().chain(more).collect();
        for a in &all {
            for b in &all {
                let (pa, pb) = (Path::new(a), Path::new(b));
                let (ka, kb) = (SortKey::of(pa), SortKey::of(pb));
                assert_eq!(ka.cmp(&kb), pa.cmp(pb), "{a:?} and {b:?}");
            }
        }
    }

    #[test]
    fn walked_paths_are_borrowed() {
        let p = Path::new("content/4-EventParticipated/4.1-Event1");
        assert!(matches!(path_key(p), Cow::Borrowed(_)));
        assert!(matches!(path_key(Path::new("a//b")), Cow::Owned(_)));
    }
}
