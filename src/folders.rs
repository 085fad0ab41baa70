//! The folders of a run, each listed once: what the lookups that walk up from every linted
//! folder care about (eventlint's config file, the repository root `.git`, a Hugo site
//! config) and the entries image references are resolved against
//! ([`crate::checks::image_resolve`]). A page bundle's folder is asked about by the config
//! lookup, the site lookup and its images: one listing answers all three (the walk's own,
//! kept by [`Folders::keep`], for the folders it goes through), and a site of
//! thousands of folders costs one listing per folder instead of a `stat` per name per
//! lookup (most of them for names that are not there). A listing only rules names out for
//! the walk-up lookups: a name that may be there is still checked by the caller, with the
//! file system's own rules (case, links).

use std::ffi::OsString;
use std::path::{Component, Path};
use std::sync::{Arc, Mutex, OnceLock, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::checks::image_resolve::Listing;
use crate::recent::{MEMO, Recent};

/// Most entries of a folder read: a folder of more is hostile input, not a site.
const MAX_ENTRIES: usize = 50_000;

/// How many names of a folder not listed yet may be looked up one by one (`stat`) before it
/// is listed (see [`Folders::may_probe`]).
pub const PROBES_BEFORE_LISTING: u32 = 4;

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
    /// What to assume of a folder that cannot be listed, or not wholly: anything (the
    /// caller looks).
    const ANYTHING: Held = Held {
        eventlint_yaml: true,
        dot_eventlint_yaml: true,
        dot_config: true,
        git: true,
        hugo_config: true,
    };

    const NOTHING: Held = Held {
        eventlint_yaml: false,
        dot_eventlint_yaml: false,
        dot_config: false,
        git: false,
        hugo_config: false,
    };

    /// Add an entry named `name`.
    fn add(&mut self, name: &str) {
        let is = |want: &str| name.eq_ignore_ascii_case(want);
        self.eventlint_yaml |= is("eventlint.yaml");
        self.dot_eventlint_yaml |= is(".eventlint.yaml");
        self.dot_config |= is(".config");
        self.git |= is(".git");
        self.hugo_config |= crate::site::may_be_config(name);
    }
}

/// One folder, as listed.
#[derive(Debug)]
pub struct Folder {
    pub held: Held,
    /// Its entries as read (the first [`MAX_ENTRIES`]; names that are not UTF-8 left out:
    /// no reference can name them exactly), until [`Folder::listing`] sorts them into a
    /// [`Listing`]: most folders listed for the walk-up lookups (a section of a thousand
    /// reports, the site root) are never asked for their entries. `None` when the folder
    /// cannot be listed.
    read: Option<Mutex<Vec<(String, bool)>>>,
    listing: OnceLock<Arc<Listing>>,
}

impl Folder {
    /// Its entries, sorted for lookups on first use; `None` when it cannot be listed.
    pub(crate) fn listing(&self) -> Option<&Arc<Listing>> {
        let read = self.read.as_ref()?;
        Some(self.listing.get_or_init(|| {
            // Taken once (the cell runs this once): the names move into the listing.
            let named = std::mem::take(&mut *crate::recent::lock(read));
            Arc::new(Listing::new(named))
        }))
    }
}

/// What is known of a folder.
#[derive(Debug, Clone)]
enum Seen {
    Listed(Arc<Folder>),
    /// Not listed; this many of its names were looked up one by one.
    Probed(u32),
}

/// The folders listed so far, by their absolute, normalized path (as
/// [`crate::site::normalize`] gives it). Shared by the threads of a run; not locked while a
/// folder is read.
pub struct Folders {
    /// Recently used folders (bounded: a run may go through any number of them). Keyed by
    /// the path's bytes, which hash several times faster than a `Path` (hashed component
    /// by component).
    seen: RwLock<Recent<OsString, Seen>>,
    /// Whether [`Folders::held`] lists a folder it has not seen (a run over a site, whose
    /// pages share their folders' answers), or answers "anything" so that the caller looks
    /// its few names up one by one (a run of a few named files, see
    /// [`Folders::for_few_files`]).
    list_for_lookups: bool,
}

impl Default for Folders {
    fn default() -> Folders {
        Folders {
            seen: RwLock::new(Recent::new(MEMO)),
            list_for_lookups: true,
        }
    }
}

impl std::fmt::Debug for Folders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Folders").finish_non_exhaustive()
    }
}

impl Folders {
    /// The folders of a run of a few named files (a pre-commit hook's): the walk-up lookups
    /// look up their names one by one (a `stat` each, about a dozen a folder) instead of
    /// listing each folder they pass, the section folder of 10,000 bundles among them
    /// (3 ms of system time, to learn that it holds no config). Image lookups still list
    /// a folder once they have asked it for a few names.
    pub fn for_few_files() -> Folders {
        Folders {
            list_for_lookups: false,
            ..Folders::default()
        }
    }

    /// What `dir` may hold.
    pub fn held(&self, dir: &Path) -> Held {
        if !self.list_for_lookups {
            return self
                .listed(dir)
                .map_or(Held::ANYTHING, |folder| folder.held);
        }
        self.folder(dir).held
    }

    /// The entries of `dir`; `None` when it cannot be listed.
    pub(crate) fn listing(&self, dir: &Path) -> Option<Arc<Listing>> {
        self.folder(dir).listing().cloned()
    }

    /// `dir`, listed now if it was not lately.
    pub fn folder(&self, dir: &Path) -> Arc<Folder> {
        if let Some(folder) = self.listed(dir) {
            return folder;
        }
        if let Some(Seen::Listed(folder)) = self.write().get(dir.as_os_str()) {
            return folder;
        }
        let folder = Arc::new(read(dir));
        self.write()
            .insert(dir.as_os_str().to_os_string(), Seen::Listed(folder.clone()));
        folder
    }

    /// Keep `folder`, the listing of `dir` the walk made, unless `dir` was listed already
    /// (a lookup from a page in another folder may have got there first). Not kept when a
    /// `..` follows a named folder in `dir` (`link/..`): the file system took the listed
    /// folder's `..` through the link, and the key (see [`crate::site::normalize`], which
    /// drops a folder and its `..` as text) may name another folder. A `..` before every
    /// name is taken from the working directory, which has no links in its spelling.
    pub fn keep(&self, dir: &Path, folder: Folder) {
        let mut named = false;
        for part in dir.components() {
            match part {
                Component::Normal(_) => named = true,
                Component::ParentDir if named => return,
                _ => {}
            }
        }
        let key = crate::site::normalize(dir).into_os_string();
        let mut seen = self.write();
        if !matches!(seen.get(&key), Some(Seen::Listed(_))) {
            seen.insert(key, Seen::Listed(Arc::new(folder)));
        }
    }

    /// `dir` if it was listed lately (a shared lock, nothing read).
    pub fn listed(&self, dir: &Path) -> Option<Arc<Folder>> {
        match self.read().peek(dir.as_os_str()) {
            Some(Seen::Listed(folder)) => Some(folder.clone()),
            _ => None,
        }
    }

    /// Whether one more name of `dir`, not listed lately, may be looked up on its own
    /// (counted): only the first [`PROBES_BEFORE_LISTING`]. A one-file run asks for a photo
    /// or two in a folder of thousands, a site run for thousands, which one listing answers.
    pub fn may_probe(&self, dir: &Path) -> bool {
        let mut seen = self.write();
        let count = match seen.get(dir.as_os_str()) {
            Some(Seen::Listed(_)) => return false,
            Some(Seen::Probed(n)) => n + 1,
            None => 1,
        };
        if count > PROBES_BEFORE_LISTING {
            return false;
        }
        seen.insert(dir.as_os_str().to_os_string(), Seen::Probed(count));
        true
    }

    /// A thread that panicked while holding the lock cannot have left the memo half-written
    /// (entries are inserted whole): it is used as it is.
    fn read(&self) -> RwLockReadGuard<'_, Recent<OsString, Seen>> {
        self.seen.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Recent<OsString, Seen>> {
        self.seen.write().unwrap_or_else(|e| e.into_inner())
    }
}

/// List `dir`. An entry that cannot be read, or entries past [`MAX_ENTRIES`], leave the
/// listing incomplete: then it holds what was read, and [`Held`] says "anything".
fn read(dir: &Path) -> Folder {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Folder {
            held: Held::ANYTHING,
            read: None,
            listing: OnceLock::new(),
        };
    };
    let mut reading = Reading::default();
    for entry in entries {
        let Ok(entry) = entry else {
            reading.incomplete();
            continue;
        };
        let is_dir = || {
            let kind = entry.file_type().ok()?;
            // A symlink counts as what it points to.
            Some(match kind.is_symlink() {
                true => entry.path().is_dir(),
                false => kind.is_dir(),
            })
        };
        if !reading.add_with(entry.file_name(), is_dir) {
            break; // a folder of more is hostile input: the rest is not read
        }
    }
    reading.done()
}

/// A folder's listing as it is read, entry by entry: by [`read`], or by the walk, which
/// lists every folder it goes through and keeps the listing ([`Folders::keep`]).
pub struct Reading {
    held: Held,
    complete: bool,
    named: Vec<(String, bool)>,
    count: usize,
}

impl Default for Reading {
    fn default() -> Reading {
        Reading {
            held: Held::NOTHING,
            complete: true,
            named: Vec::new(),
            count: 0,
        }
    }
}

impl Reading {
    /// An entry could not be read.
    pub fn incomplete(&mut self) {
        self.complete = false;
    }

    /// Add the entry `name`; `is_dir` says whether it is a folder (or links to one), `None`
    /// when what it is could not be read.
    pub fn add(&mut self, name: OsString, is_dir: Option<bool>) {
        self.add_with(name, || is_dir);
    }

    /// [`Reading::add`], asking `is_dir` only once the entry is taken; `false` when the
    /// listing is full ([`MAX_ENTRIES`]) and the entry was left out.
    fn add_with(&mut self, name: OsString, is_dir: impl FnOnce() -> Option<bool>) -> bool {
        if self.count == MAX_ENTRIES {
            self.complete = false;
            return false;
        }
        self.count += 1;
        let Ok(name) = name.into_string() else {
            // Not UTF-8: none of the names asked about, but say "maybe" to be safe.
            self.held.hugo_config = true;
            return true;
        };
        self.held.add(&name);
        if let Some(is_dir) = is_dir() {
            self.named.push((name, is_dir));
        }
        true
    }

    /// The folder as listed.
    pub fn done(self) -> Folder {
        Folder {
            held: if self.complete {
                self.held
            } else {
                Held::ANYTHING
            },
            read: Some(Mutex::new(self.named)),
            listing: OnceLock::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_listing_answers_both_questions() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        for name in ["hugo.toml", "_index.md", "Photo.JPG"] {
            std::fs::write(dir.join(name), "").unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::create_dir(dir.join(".git")).unwrap_or_else(|e| panic!("{e}"));
        let folders = Folders::default();
        let held = folders.held(dir);
        assert!(held.hugo_config && held.git);
        assert!(!held.eventlint_yaml && !held.dot_eventlint_yaml && !held.dot_config);
        // Sorted only once its entries are asked for.
        assert!(folders.folder(dir).listing.get().is_none());
        let listing = folders.listing(dir).unwrap_or_else(|| panic!("not listed"));
        let names: Vec<(&str, bool)> = listing.iter().map(|e| (e.name, e.dir)).collect();
        assert_eq!(
            names,
            [
                (".git", true),
                ("Photo.JPG", false),
                ("_index.md", false),
                ("hugo.toml", false)
            ]
        );
        assert!(folders.folder(dir).listing.get().is_some());
        // Listed once: the same folder is answered from the memo, and no more probes.
        assert!(Arc::ptr_eq(&folders.folder(dir), &folders.folder(dir)));
        assert!(!folders.may_probe(dir));
        // A folder that cannot be listed: anything, and no entries.
        let gone = dir.join("gone");
        assert_eq!(folders.held(&gone), Held::ANYTHING);
        assert!(folders.listing(&gone).is_none());
    }

    #[test]
    fn a_few_files_run_does_not_list_for_the_lookups() {
        let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let dir = tmp.path();
        std::fs::write(dir.join("hugo.toml"), "").unwrap_or_else(|e| panic!("{e}"));
        let folders = Folders::for_few_files();
        assert_eq!(folders.held(dir), Held::ANYTHING);
        assert!(folders.listed(dir).is_none());
        // Once listed (for images), its listing answers.
        let _ = folders.folder(dir);
        let held = folders.held(dir);
        assert!(held.hugo_config && !held.git && !held.eventlint_yaml);
        // A site run lists at once.
        let site = Folders::default();
        assert_eq!(site.held(dir), held);
        assert!(site.listed(dir).is_some());
    }

    #[test]
    fn only_the_first_few_names_are_probed() {
        let folders = Folders::default();
        let dir = Path::new("/nowhere/at/all");
        let probes = (0..6).filter(|_| folders.may_probe(dir)).count();
        assert_eq!(probes, PROBES_BEFORE_LISTING as usize);
        let _ = folders.folder(dir);
        assert!(!folders.may_probe(dir));
    }
}
