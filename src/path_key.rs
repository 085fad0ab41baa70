//! Paths as keys of the across-pages groupings (translations of a page, siblings of a
//! menu). A `Path` compares and hashes component by component, which parses the path
//! anew for every comparison: a `BTreeMap` keyed by folders cost tens of thousands of
//! instructions per page at 10,000 reports. A key of bytes hashes as fast as a string.

use std::borrow::Cow;
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
        || memchr::memmem::find(bytes, b"//").is_some()
        || memchr::memmem::find(bytes, b"/./").is_some()
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

    #[test]
    fn walked_paths_are_borrowed() {
        let p = Path::new("content/4-EventParticipated/4.1-Event1");
        assert!(matches!(path_key(p), Cow::Borrowed(_)));
        assert!(matches!(path_key(Path::new("a//b")), Cow::Owned(_)));
    }
}
