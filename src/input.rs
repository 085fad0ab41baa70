//! Reading files that come with the linted tree (config, rule packs): a hostile repository
//! can point `extends:` or a pack at `/dev/zero` or a FIFO, so only regular files are read,
//! and only up to a bound.

use std::io::{Error, ErrorKind, Read};
use std::path::Path;

/// Largest config or rule file read: they are hand-written and a few KB.
pub const MAX_SETTINGS_BYTES: u64 = 1024 * 1024;

/// The text of the regular file at `path`, if it is at most `limit` bytes of UTF-8.
pub fn read_text(path: &Path, limit: u64) -> std::io::Result<String> {
    // Checked before opening: opening a FIFO for reading blocks until a writer comes.
    if !std::fs::metadata(path)?.is_file() {
        return Err(Error::new(ErrorKind::InvalidInput, "not a regular file"));
    }
    let mut text = String::new();
    std::fs::File::open(path)?
        .take(limit + 1)
        .read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::InvalidData,
            format!("larger than {} KiB", limit / 1024),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_devices_and_big_files() {
        #[cfg(unix)]
        assert!(read_text(Path::new("/dev/zero"), 10).is_err());
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("x.yaml");
        std::fs::write(&path, "a: 1\n").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_text(&path, 5).ok().as_deref(), Some("a: 1\n"));
        assert!(read_text(&path, 4).is_err());
        assert!(read_text(dir.path(), 100).is_err());
    }
}
