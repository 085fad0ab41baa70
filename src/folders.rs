//! What the folders of a run hold, as far as the lookups that walk up from every linted
//! folder care: eventlint's config file, the repository root (`.git`), a Hugo site config.
//! Each folder is listed once and the answers kept, so that a site of thousands of
//! folders costs one listing per folder instead of a `stat` per name per lookup (most of
//! them for names that are not there). A listing only rules names out: a name that may be
//! there is still checked by the caller, with the file system's own rules (case, links).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::recent::{MEMO, Recent};

/// Names a folder may hold, from its listing (ASCII case ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    pub eventlint_yaml: bool,
    pub dot_eventlint_yaml: bool,
    pub dot_config: bool,
    pub git: bool,
    /// A `config` entry or `hugo.*`/`config.*` with a config extension.
    pub hugo_config: bool,
}

impl Held {
    /// What to assume of a folder that cannot be listed: anything (the caller looks).
    const ANYTHING: Held = Held {
        eventlint_yaml: true,
        dot_eventlint_yaml: true,
        dot_config: true,
        git: true,
        hugo_config: true,
    };
}

/// The folders listed so far. Shared by the threads of a run; not held while listing.
pub struct Folders {
    /// Recently listed folders (bounded: a run may go through any number of them).
    seen: Mutex<Recent<PathBuf, Held>>,
}

impl Default for Folders {
    fn default() -> Folders {
        Folders {
            seen: Mutex::new(Recent::new(MEMO)),
        }
    }
}

impl Folders {
    /// What `dir` may hold.
    pub fn held(&self, dir: &Path) -> Held {
        let lock = || crate::recent::lock(&self.seen);
        if let Some(held) = lock().get(dir) {
            return held;
        }
        let held = list(dir);
        lock().insert(dir.to_path_buf(), held);
        held
    }
}

fn list(dir: &Path) -> Held {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Held::ANYTHING;
    };
    let mut held = Held {
        eventlint_yaml: false,
        dot_eventlint_yaml: false,
        dot_config: false,
        git: false,
        hugo_config: false,
    };
    for entry in entries {
        let Ok(entry) = entry else {
            return Held::ANYTHING;
        };
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            // Not UTF-8: none of the names asked about, but say "maybe" to be safe.
            held.hugo_config = true;
            continue;
        };
        let is = |want: &str| name.eq_ignore_ascii_case(want);
        held.eventlint_yaml |= is("eventlint.yaml");
        held.dot_eventlint_yaml |= is(".eventlint.yaml");
        held.dot_config |= is(".config");
        held.git |= is(".git");
        held.hugo_config |= crate::site::may_be_config(name);
    }
    held
}
