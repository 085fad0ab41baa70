//! The Hugo site a content file belongs to.
//!
//! Mirrors the parts of Hugo's (≈0.168) configuration loading that eventlint needs:
//!
//! * **Root discovery** — the first directory holding `hugo.{toml,yaml,yml,json}`,
//!   `config.{toml,yaml,yml,json}` or a `config/_default/` directory
//!   (`config/allconfig/load.go`, `config.DefaultConfigNames`).
//! * **Merging** — the root file first, then every config file under `config/_default/` and
//!   `config/production/` (the environment of a plain `hugo` build), walked in lexical order
//!   and set on top recursively. `params.toml` lands under `params`, `languages.toml` under
//!   `languages`, `params.vi.toml`/`menus.vi.toml` under `languages.vi.{params,menus}`
//!   (`config.LoadConfigFromDir`). Keys are case-insensitive (`[Languages.EN]` = `languages.en`).
//! * **Mounts** — `modules.ApplyProjectConfigDefaults`: `contentDir` (root and per language),
//!   `staticDir` (string or list) plus `staticDir0`…`staticDir10` (root and per language), or
//!   the project's `module.mounts` for a component when any mount targets it; then the
//!   `static` dir of each theme (`theme` string or list, and `module.imports` found in
//!   `themesDir`).
//! * **Render hooks** — `layouts/**/_markup/render-image*.html` in the site or its themes, and
//!   whether Hugo's *embedded* image hook is active: `markup.goldmark.renderHooks.image.
//!   useEmbedded` (`auto` means: on when `languages` is configured, the site is not
//!   multihost and `duplicateResourceFiles` is off — checked against Hugo 0.168).
//!
//! Not mirrored: theme/module config files, nested theme components, Go modules, `HUGO_*`
//! environment overrides, `--config`/`--environment` flags.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::checks::image_resolve::Roots;
use crate::folders::Folders;
use crate::recent::{MEMO, Recent};

use crate::span::Span;

const CONFIG_NAMES: [&str; 2] = ["hugo", "config"];
const CONFIG_EXTS: [&str; 4] = ["toml", "yaml", "yml", "json"];
/// `config/<env>/` merged on top of `config/_default/` (`hugo` builds in production).
const ENVIRONMENT: &str = "production";
/// Walking limits for `config/` and `layouts/` trees.
const MAX_DEPTH: usize = 12;
const MAX_WALK_ENTRIES: usize = 20_000;

/// A directory mounted into one of Hugo's component file systems (`content`, `static`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mount {
    /// Absolute source directory.
    pub dir: PathBuf,
    /// Where `dir` appears inside the component, `/`-separated, "" for its root
    /// (`target = "static/images"` → `"images"`).
    pub target: String,
    /// Language of a per-language content dir (files without a language suffix get it).
    pub lang: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Site {
    /// Directory holding the config.
    pub root: PathBuf,
    /// The root config file (`hugo.*` / `config.*`); for a site configured only through
    /// `config/_default/`, its `hugo.*`/`config.*` file, if any.
    pub config_file: Option<PathBuf>,
    /// Text of `config_file` (for diagnostics pointing into it).
    pub config_text: String,
    /// Absolute content dirs (the dirs of `content_mounts`, deduplicated).
    pub content_dirs: Vec<PathBuf>,
    /// Content mounts, with the language of per-language `contentDir`s.
    pub content_mounts: Vec<Mount>,
    /// Absolute static dirs served at the site root, in Hugo's priority order.
    pub static_dirs: Vec<PathBuf>,
    /// Every static mount in priority order, including `target = "static/sub"` ones;
    /// see [`Site::static_candidates`].
    pub static_mounts: Vec<Mount>,
    /// `baseURL`; `None` when unset or blank.
    pub base_url: Option<String>,
    /// Span of the baseURL value in `config_text` — the characters inside the quotes, so
    /// `config_text[span] == base_url` unless the value uses escapes. `None` when the value
    /// comes from another file or a JSON config.
    pub base_url_span: Option<Span>,
    pub canonify_urls: bool,
    /// `relativeURLs`: Hugo rewrites root-relative `src`/`href` into page-relative ones.
    pub relative_urls: bool,
    /// `defaultContentLanguage`, lower-cased, default "en".
    pub default_language: String,
    /// Configured language keys, lower-cased, sorted; empty if none configured.
    pub languages: Vec<String>,
    /// Root `timeZone`.
    pub time_zone: Option<String>,
    /// Per-language `timeZone` overrides (see [`Site::time_zone_for`]).
    pub language_time_zones: BTreeMap<String, String>,
    pub build_future: bool,
    pub build_expired: bool,
    /// `layouts/**/_markup/render-image*.html` exists in the site or one of its themes.
    pub has_image_render_hook: bool,
    /// Hugo's embedded image render hook renders Markdown images where the site and themes
    /// have no hook of their own (it resolves page resources and `assets/`, never `static/`).
    pub embedded_image_hook: bool,
    /// The `[frontmatter]` table as configured (`date`, `publishdate`, `lastmod`,
    /// `expirydate` → lower-cased field lists); empty when unset (Hugo's defaults apply).
    pub frontmatter: BTreeMap<String, Vec<String>>,
    /// The folders listed to resolve the site's image references: the run's, shared with
    /// its config and site lookups (see [`Site::load_sharing`]).
    pub(crate) folders: Arc<Folders>,
    /// Where image references are looked up (see [`Site::image_roots`]).
    image_roots: OnceLock<Roots>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteError {
    pub path: PathBuf,
    pub message: String,
    /// Byte span into the file at `path`, when the parser reports one.
    pub span: Option<Span>,
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for SiteError {}

impl Site {
    /// Walk up from `start` (a file or dir) to the first directory holding a Hugo config:
    /// hugo.toml|yaml|yml|json, then config.toml|yaml|yml|json, or a config/_default/ dir.
    pub fn find_root(start: &Path) -> Option<PathBuf> {
        Site::find_root_in(start, &Mutex::new(Recent::new(MEMO)), &Folders::default())
    }

    /// [`find_root`](Site::find_root) for many starts: `known` holds the answer for every
    /// directory already walked, so each directory's config files are looked for once
    /// however many pages lie below it. Threads may share `known`: it is not held while the
    /// file system is looked at.
    pub fn find_root_in(
        start: &Path,
        known: &Mutex<Recent<OsString, Option<PathBuf>>>,
        folders: &Folders,
    ) -> Option<PathBuf> {
        let start = normalize(start);
        let first = if start.is_dir() {
            start.as_path()
        } else {
            start.parent()?
        };
        Site::walk_up(first, known, folders)
    }

    /// [`find_root_in`](Site::find_root_in) from `first`, a directory (the folder of a file
    /// just read, say): it is not `stat`-ed to tell, a system call per page saved.
    pub fn find_root_from_dir(
        first: &Path,
        known: &Mutex<Recent<OsString, Option<PathBuf>>>,
        folders: &Folders,
    ) -> Option<PathBuf> {
        Site::walk_up(&normalize(first), known, folders)
    }

    /// The walk up from `first`, a normalized directory. `known` is keyed by the folders'
    /// paths as bytes, which hash several times faster than a `Path` (component by
    /// component).
    fn walk_up(
        first: &Path,
        known: &Mutex<Recent<OsString, Option<PathBuf>>>,
        folders: &Folders,
    ) -> Option<PathBuf> {
        let lock = || crate::recent::lock(known);
        let mut walked = Vec::new();
        let mut dir = Some(first);
        let root = loop {
            let Some(d) = dir else { break None };
            if let Some(root) = lock().get(d.as_os_str()) {
                break root.clone();
            }
            walked.push(d.as_os_str().to_os_string());
            if is_root(d, folders) {
                break Some(d.to_path_buf());
            }
            dir = d.parent();
        };
        let mut known = lock();
        for d in walked {
            known.insert(d, root.clone());
        }
        root
    }

    /// Read and merge the site config rooted at `root` (see the module docs).
    pub fn load(root: &Path) -> Result<Site, SiteError> {
        Site::load_sharing(root, Arc::default())
    }

    /// [`Site::load`], its folders listed through `folders` (a run's, which its other
    /// lookups list through too: each folder is listed once).
    pub fn load_sharing(root: &Path, folders: Arc<Folders>) -> Result<Site, SiteError> {
        let root = normalize(root);
        let mut files: Vec<(PathBuf, String)> = Vec::new();
        let mut cfg = Node::map(0);
        let mut main_file = None;

        if let Some(path) = root_config_file(&root) {
            cfg = load_file(&path, files.len(), &mut files)?;
            main_file = Some(0);
        }

        let mut dir_cfg = Node::map(0);
        for env in ["_default", ENVIRONMENT] {
            let dir = root.join("config").join(env);
            let mut paths = Vec::new();
            walk(&dir, 0, &mut paths, &mut |p| has_config_ext(p));
            for path in paths {
                let name = config_name(&path);
                let idx = files.len();
                let node = load_file(&path, idx, &mut files)?;
                let is_main = CONFIG_NAMES.contains(&name.as_str());
                if is_main && main_file.is_none() && env == "_default" {
                    main_file = Some(idx);
                }
                merge(&mut dir_cfg, wrap_config_dir_file(&name, node));
            }
        }
        merge(&mut cfg, dir_cfg);

        let (config_file, config_text) = match main_file.and_then(|i| files.get(i)) {
            Some((p, t)) => (Some(p.clone()), t.clone()),
            None => (None, String::new()),
        };
        Ok(Site::from_config(
            root,
            &cfg,
            config_file,
            config_text,
            main_file,
            folders,
        ))
    }

    fn from_config(
        root: PathBuf,
        cfg: &Node,
        config_file: Option<PathBuf>,
        config_text: String,
        main_file: Option<usize>,
        folders: Arc<Folders>,
    ) -> Site {
        let abs = |d: &str| normalize(&root.join(d));

        let base_node = cfg
            .get("baseurl")
            .filter(|n| n.as_string().is_some_and(|s| !s.trim().is_empty()));
        let base_url = base_node.and_then(Node::as_string);
        let base_url_span = base_node
            .filter(|n| Some(n.file) == main_file)
            .and_then(|n| n.span)
            .map(|s| inside_quotes(&config_text, s));

        let default_language = cfg
            .get("defaultcontentlanguage")
            .and_then(Node::as_string)
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "en".to_string());

        let lang_entries: Vec<(&str, &Node)> = cfg
            .get("languages")
            .map(|n| n.entries().filter(|(k, _)| *k != "_merge").collect())
            .unwrap_or_default();
        let mut languages: Vec<String> = lang_entries.iter().map(|(k, _)| k.to_string()).collect();
        languages.sort();
        languages.dedup();
        let multihost = lang_entries.iter().any(|(_, n)| n.get("baseurl").is_some());

        let mut language_time_zones = BTreeMap::new();
        for (lang, node) in &lang_entries {
            if let Some(tz) = node.get("timezone").and_then(Node::as_string) {
                language_time_zones.insert(lang.to_string(), tz);
            }
        }

        // Project mounts; a component with any mount gets no default dirs.
        let project_mounts: Vec<(String, Mount)> = cfg
            .path(&["module", "mounts"])
            .map(|n| n.items().filter_map(|m| parse_mount(m, &abs)).collect())
            .unwrap_or_default();
        let mounts_for = |component: &str| -> Option<Vec<Mount>> {
            let v: Vec<Mount> = project_mounts
                .iter()
                .filter(|(c, _)| c == component)
                .map(|(_, m)| m.clone())
                .collect();
            (!v.is_empty()).then_some(v)
        };

        let root_content = cfg
            .get("contentdir")
            .and_then(Node::as_string)
            .unwrap_or_else(|| "content".to_string());
        let content_mounts = mounts_for("content").unwrap_or_else(|| {
            let mut v = Vec::new();
            if lang_entries.is_empty() {
                v.push(Mount::new(abs(&root_content), None));
            }
            for (lang, node) in &lang_entries {
                let dir = node.get("contentdir").and_then(Node::as_string);
                let dir = dir.unwrap_or_else(|| root_content.clone());
                let lang = (dir != root_content).then(|| lang.to_string());
                push_unique(&mut v, Mount::new(abs(&dir), lang));
            }
            v
        });

        let themes_dir = abs(&cfg
            .get("themesdir")
            .and_then(Node::as_string)
            .unwrap_or_else(|| "themes".to_string()));
        let mut themes: Vec<PathBuf> = Vec::new();
        let theme_names = cfg
            .get("theme")
            .map(Node::as_string_list)
            .unwrap_or_default();
        let imports = cfg
            .path(&["module", "imports"])
            .map(|n| {
                n.items()
                    .filter_map(|i| i.get("path").and_then(Node::as_string))
                    .filter(|p| themes_dir.join(p).is_dir())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        for name in theme_names.iter().chain(&imports) {
            let dir = normalize(&themes_dir.join(name));
            if !name.trim().is_empty() && !themes.contains(&dir) {
                themes.push(dir);
            }
        }

        let mut static_mounts = mounts_for("static").unwrap_or_else(|| {
            let mut v = Vec::new();
            let mut dirs = static_dir_list(cfg).unwrap_or_else(|| vec!["static".to_string()]);
            for (_, node) in &lang_entries {
                dirs.extend(static_dir_list(node).unwrap_or_default());
            }
            for d in dirs {
                push_unique(&mut v, Mount::new(abs(&d), None));
            }
            v
        });
        for t in &themes {
            push_unique(&mut static_mounts, Mount::new(t.join("static"), None));
        }

        let mut layout_dirs: Vec<PathBuf> = match mounts_for("layouts") {
            Some(v) => v.into_iter().map(|m| m.dir).collect(),
            None => vec![root.join("layouts")],
        };
        layout_dirs.extend(themes.iter().map(|t| t.join("layouts")));
        let has_image_render_hook = layout_dirs.iter().any(|d| has_image_hook(d));

        let goldmark = cfg.path(&["markup", "goldmark"]);
        let use_embedded = goldmark
            .and_then(|g| g.path(&["renderhooks", "image", "useembedded"]))
            .and_then(Node::as_string)
            .map(|s| s.to_lowercase());
        let duplicate_resources = goldmark
            .and_then(|g| g.get("duplicateresourcefiles"))
            .is_some_and(Node::as_bool);
        let embedded_image_hook = match use_embedded.as_deref() {
            Some("always" | "fallback") => true,
            Some("never") => false,
            _ => !lang_entries.is_empty() && !multihost && !duplicate_resources,
        };

        let frontmatter = cfg
            .get("frontmatter")
            .map(|n| {
                n.entries()
                    .map(|(k, v)| {
                        let fields = v.as_string_list().into_iter().map(|s| s.to_lowercase());
                        (k.to_string(), fields.collect())
                    })
                    .collect()
            })
            .unwrap_or_default();

        let mut content_dirs = Vec::new();
        for m in &content_mounts {
            if !content_dirs.contains(&m.dir) {
                content_dirs.push(m.dir.clone());
            }
        }
        let static_dirs = static_mounts
            .iter()
            .filter(|m| m.target.is_empty())
            .map(|m| m.dir.clone())
            .collect();
        let flag = |k: &str| cfg.get(k).is_some_and(Node::as_bool);

        Site {
            root,
            config_file,
            config_text,
            content_dirs,
            content_mounts,
            static_dirs,
            static_mounts,
            base_url,
            base_url_span,
            canonify_urls: flag("canonifyurls"),
            relative_urls: flag("relativeurls"),
            default_language,
            languages,
            time_zone: cfg
                .get("timezone")
                .and_then(Node::as_string)
                .filter(|s| !s.is_empty()),
            language_time_zones,
            build_future: flag("buildfuture"),
            build_expired: flag("buildexpired"),
            has_image_render_hook,
            embedded_image_hook,
            frontmatter,
            folders,
            image_roots: OnceLock::new(),
        }
    }

    /// Where the site's image references are looked up, worked out on first use.
    pub(crate) fn image_roots(&self) -> &Roots {
        self.image_roots.get_or_init(|| Roots::of(self))
    }

    /// The language of a content file: `x.vi.md` is "vi" when "vi" is a configured language
    /// (the suffix wins, as in Hugo); otherwise the language of its per-language content
    /// dir, if any; otherwise the default language.
    pub fn language_of(&self, path: &Path) -> String {
        let suffix = path
            .file_stem()
            .map(Path::new)
            .and_then(Path::extension)
            .and_then(|e| e.to_str())
            .map(str::to_lowercase);
        if let Some(lang) = suffix
            && (lang == self.default_language || self.languages.contains(&lang))
        {
            return lang;
        }
        let path = normalize(path);
        self.content_mounts
            .iter()
            .filter(|m| m.lang.is_some() && path.starts_with(&m.dir))
            .max_by_key(|m| m.dir.components().count())
            .and_then(|m| m.lang.clone())
            .unwrap_or_else(|| self.default_language.clone())
    }

    /// The (most specific) content dir `path` is under, if any.
    pub fn content_dir_of(&self, path: &Path) -> Option<&Path> {
        self.content_dir_of_normalized(&normalize(path))
    }

    /// [`Site::content_dir_of`] a path already normalized.
    pub(crate) fn content_dir_of_normalized(&self, path: &Path) -> Option<&Path> {
        self.content_dirs
            .iter()
            .filter(|d| is_within(path, d))
            .max_by_key(|d| d.as_os_str().len())
            .map(PathBuf::as_path)
    }

    /// Files that could serve the site-absolute URL path `url_path` (e.g. `/images/x.jpg`,
    /// already percent-decoded, without query or fragment), in Hugo's priority order. They
    /// may not exist; compare names against directory listings to check case.
    pub fn static_candidates(&self, url_path: &str) -> Vec<PathBuf> {
        let rel = url_path.trim_start_matches('/');
        if rel.split('/').any(|s| s == "..") {
            return Vec::new();
        }
        self.static_mounts
            .iter()
            .filter_map(|m| {
                if m.target.is_empty() {
                    Some(m.dir.join(rel))
                } else {
                    let rest = rel.strip_prefix(m.target.as_str())?;
                    let rest = rest.strip_prefix('/')?;
                    Some(m.dir.join(rest))
                }
            })
            .collect()
    }

    /// The time zone for dates of `lang`: its own `timeZone`, else the root one.
    pub fn time_zone_for(&self, lang: &str) -> Option<&str> {
        self.language_time_zones
            .get(lang)
            .or(self.time_zone.as_ref())
            .map(String::as_str)
    }

    /// `base_url`'s path when it is more than `/` (`https://u.github.io/repo/` → `/repo/`).
    pub fn base_url_sub_path(&self) -> Option<&str> {
        let url = self.base_url.as_deref()?;
        let after_scheme = url.split_once("//").map_or(url, |(_, rest)| rest);
        let path = &after_scheme[after_scheme.find('/')?..];
        let path = path.split(['?', '#']).next().unwrap_or(path);
        (!path.trim_matches('/').is_empty()).then_some(path)
    }
}

impl Mount {
    fn new(dir: PathBuf, lang: Option<String>) -> Mount {
        Mount {
            dir,
            target: String::new(),
            lang,
        }
    }
}

fn push_unique(v: &mut Vec<Mount>, m: Mount) {
    if !v.contains(&m) {
        v.push(m);
    }
}

/// `staticDir` (string or list) followed by `staticDir0`…`staticDir10`; `None` if none set.
fn static_dir_list(node: &Node) -> Option<Vec<String>> {
    let keys =
        std::iter::once("staticdir".to_string()).chain((0..=10).map(|i| format!("staticdir{i}")));
    let mut out: Option<Vec<String>> = None;
    for key in keys {
        if let Some(n) = node.get(&key) {
            out.get_or_insert_with(Vec::new).extend(n.as_string_list());
        }
    }
    out
}

/// A `module.mounts` entry → (component, mount).
fn parse_mount(node: &Node, abs: &dyn Fn(&str) -> PathBuf) -> Option<(String, Mount)> {
    let source = node.get("source").and_then(Node::as_string)?;
    let target = node.get("target").and_then(Node::as_string)?;
    let target = target.trim_matches('/');
    let (component, sub) = target.split_once('/').unwrap_or((target, ""));
    let mount = Mount {
        dir: abs(&source),
        target: sub.trim_matches('/').to_string(),
        lang: node
            .get("lang")
            .and_then(Node::as_string)
            .map(|s| s.to_lowercase()),
    };
    Some((component.to_lowercase(), mount))
}

/// Does `dir` hold a Hugo config (see [`Site::find_root`])? Its listing rules out the
/// common case, a directory with no entry that could be one (instead of a `stat` per
/// candidate name); when an entry might be one, the names are checked as before.
fn is_root(dir: &Path, folders: &Folders) -> bool {
    if !folders.held(dir).hugo_config {
        return false;
    }
    root_config_file(dir).is_some() || dir.join("config").join("_default").is_dir()
}

/// Could an entry named `name` be a site config (a `config` dir, `hugo.*`, `config.*`)?
pub fn may_be_config(name: &str) -> bool {
    name.eq_ignore_ascii_case("config")
        || name.rsplit_once('.').is_some_and(|(stem, ext)| {
            CONFIG_NAMES.iter().any(|n| stem.eq_ignore_ascii_case(n))
                && CONFIG_EXTS.iter().any(|e| ext.eq_ignore_ascii_case(e))
        })
}

fn root_config_file(dir: &Path) -> Option<PathBuf> {
    CONFIG_NAMES.iter().find_map(|name| {
        CONFIG_EXTS
            .iter()
            .map(|ext| dir.join(format!("{name}.{ext}")))
            .find(|p| p.is_file())
    })
}

fn has_config_ext(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| CONFIG_EXTS.contains(&e.to_lowercase().as_str()))
}

/// File name without its extension, lower-cased: `Params.vi.toml` → `params.vi`.
fn config_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Place a `config/<env>/` file's content at its key path, as `config.LoadConfigFromDir`.
fn wrap_config_dir_file(name: &str, node: Node) -> Node {
    if CONFIG_NAMES.contains(&name) {
        return node;
    }
    let file = node.file;
    let keys: Vec<&str> = match name.rsplit_once('.') {
        Some((base, lang)) => match base {
            "menu" | "menus" => vec!["languages", lang, "menus"],
            "params" => vec!["languages", lang, "params"],
            _ => vec!["languages", lang],
        },
        None => vec![name],
    };
    keys.iter().rev().fold(node, |inner, key| Node {
        val: Val::Map(vec![(key.to_string(), inner)]),
        span: None,
        file,
    })
}

/// Recursively collect files under `dir` accepted by `keep`, in lexical order (like
/// `afero.Walk`); symlinked directories are not followed.
fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>, keep: &mut dyn FnMut(&Path) -> bool) {
    if depth > MAX_DEPTH || out.len() >= MAX_WALK_ENTRIES {
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries
        .filter_map(Result::ok)
        .take(MAX_WALK_ENTRIES)
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, depth + 1, out, keep);
        } else if (ft.is_file() || path.is_file()) && keep(&path) {
            out.push(path);
        }
    }
}

fn has_image_hook(layouts: &Path) -> bool {
    let mut found = Vec::new();
    walk(layouts, 0, &mut found, &mut |p| {
        let in_markup = p
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|n| n == "_markup");
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        in_markup && name.starts_with("render-image") && name.ends_with(".html")
    });
    !found.is_empty()
}

/// Is `bytes` a relative Unix path that taking apart into components and joining again
/// leaves as it is: segments that are not empty, `.` or `..`?
fn clean(bytes: &[u8]) -> bool {
    // The separators found with `memchr`, not byte by byte: it runs for every path of
    // every page, several times.
    let mut start = 0;
    bytes.is_empty()
        || memchr::memchr_iter(b'/', bytes)
            .chain(std::iter::once(bytes.len()))
            .all(|end| {
                let seg = bytes.get(start..end);
                start = end + 1;
                !matches!(seg, None | Some(b"" | b"." | b".."))
            })
}

/// `path` made absolute against the working directory (`.` and `..` kept, as
/// `std::path::absolute` keeps them), which is asked once: it does not change during a
/// run, and asking costs a system call.
pub fn absolute(path: &Path) -> PathBuf {
    clean_below_working_dir(path).unwrap_or_else(|| absolute_otherwise(path))
}

/// [`absolute`] of a path that [`clean_below_working_dir`] does not take.
fn absolute_otherwise(path: &Path) -> PathBuf {
    match working_dir().map(|(cwd, _)| cwd.as_path()) {
        // What `std::path::absolute` does on Unix, without asking for the directory again.
        Some(cwd) if cfg!(unix) && path.is_relative() && !path.as_os_str().is_empty() => {
            let rest = path.strip_prefix(".").unwrap_or(path);
            let slash_end = path.as_os_str().as_encoded_bytes().ends_with(b"/");
            if !slash_end && clean(rest.as_os_str().as_encoded_bytes()) {
                // A clean path after a leading `./`, without taking it apart and putting it
                // together.
                return joined(cwd, rest);
            }
            let mut out = cwd.to_path_buf();
            out.extend(path.strip_prefix(".").unwrap_or(path).components());
            if path.as_os_str().as_encoded_bytes().ends_with(b"/") {
                out.push("");
            }
            out
        }
        // Already absolute and clean (every page of a site named by its absolute path):
        // `std::path::absolute` would take it apart and give the same bytes back.
        _ if cfg!(unix) && is_clean_absolute(path) => path.to_path_buf(),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// The working directory, asked once (it does not change during a run, and asking costs a
/// system call), and whether it is absolute and clean (see [`is_clean_absolute`]).
fn working_dir() -> Option<&'static (PathBuf, bool)> {
    static CWD: std::sync::LazyLock<Option<(PathBuf, bool)>> = std::sync::LazyLock::new(|| {
        std::env::current_dir().ok().map(|dir| {
            let clean = is_clean_absolute(&dir);
            (dir, clean)
        })
    });
    CWD.as_ref()
}

/// The working directory joined with `path`, on Unix, when that is what both [`absolute`]
/// and [`normalize`] give without taking anything apart: the directory is clean, and
/// `path` is relative and clean (no empty, `.` or `..` segment: a walked path named as
/// `content/…` or `bench/…`).
fn clean_below_working_dir(path: &Path) -> Option<PathBuf> {
    let bytes = path.as_os_str().as_encoded_bytes();
    let (cwd, cwd_clean) = working_dir()?;
    let plain =
        cfg!(unix) && *cwd_clean && bytes.first().is_some_and(|&b| b != b'/') && clean(bytes);
    plain.then(|| joined(cwd, path))
}

/// `dir/rest` by bytes, allocated once at its size (`dir` when `rest` is empty): what
/// `Path::join` gives for a relative `rest` without `.` components, without taking
/// either apart.
fn joined(dir: &Path, rest: &Path) -> PathBuf {
    let mut out =
        std::ffi::OsString::with_capacity(dir.as_os_str().len() + 1 + rest.as_os_str().len());
    out.push(dir.as_os_str());
    if !rest.as_os_str().is_empty() {
        out.push("/");
        out.push(rest.as_os_str());
    }
    PathBuf::from(out)
}

/// Whether `path` is `dir` or below it (`Path::starts_with`), both normalized: then that is
/// a comparison of bytes, not of components (it runs for every page). Of two normalized
/// folders that hold a path, the deeper one has the longer path.
pub(crate) fn is_within(path: &Path, dir: &Path) -> bool {
    if !cfg!(unix) {
        return path.starts_with(dir);
    }
    let (p, d) = (
        path.as_os_str().as_encoded_bytes(),
        dir.as_os_str().as_encoded_bytes(),
    );
    p.starts_with(d) && (p.len() == d.len() || p.get(d.len()) == Some(&b'/') || d.ends_with(b"/"))
}

/// `path` relative to `dir` (`Path::strip_prefix`), both normalized: on Unix without
/// taking either apart.
pub(crate) fn below<'p>(path: &'p Path, dir: &Path) -> Option<&'p Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if !is_within(path, dir) {
            return None;
        }
        let rest = path.as_os_str().as_bytes().get(dir.as_os_str().len()..)?;
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        Some(Path::new(std::ffi::OsStr::from_bytes(rest)))
    }
    #[cfg(not(unix))]
    {
        path.strip_prefix(dir).ok()
    }
}

/// Whether [`normalize`] changes nothing of `path` but making it absolute: on Unix, a path
/// that is not empty and whose segments (after a leading `/`) are none of them empty, `.`
/// or `..`. Always `false` elsewhere.
pub(crate) fn is_clean(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    cfg!(unix) && !bytes.is_empty() && (is_clean_absolute(path) || clean(bytes))
}

/// `/` followed by segments none of which is empty, `.` or `..`: what normalizing leaves
/// as it is.
fn is_clean_absolute(path: &Path) -> bool {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.len() > 1 && bytes[0] == b'/' && clean(&bytes[1..])
}

/// The absolute path with `.` and `..` resolved lexically (symlinks are not followed), so that
/// `../site/content/x.md` compares equal to the site's own absolute content dir.
pub fn normalize(path: &Path) -> PathBuf {
    if cfg!(unix) && is_clean_absolute(path) {
        return path.to_path_buf(); // what `absolute` would give, checked once
    }
    // A walked path below the working directory (the common case: it is called several
    // times for every page), joined without taking it apart or scanning it twice.
    if let Some(abs) = clean_below_working_dir(path) {
        return abs;
    }
    let abs = absolute_otherwise(path);
    if cfg!(unix) && is_clean_absolute(&abs) {
        return abs; // nothing to resolve (the common case: it is called for every page)
    }
    resolve_dots(&abs)
}

/// `path` taken apart and joined again without its `.` components, each `..` taking off
/// the component before it.
fn resolve_dots(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Shrink a string value's span to the characters inside its quotes.
fn inside_quotes(text: &str, span: Span) -> Span {
    let Some(raw) = text.get(span.start..span.end) else {
        return span;
    };
    for q in ["\"\"\"", "'''", "\"", "'"] {
        if raw.len() >= 2 * q.len() && raw.starts_with(q) && raw.ends_with(q) {
            return Span {
                start: span.start + q.len(),
                end: span.end - q.len(),
            };
        }
    }
    span
}

// ---------------------------------------------------------------------------------------
// A format-neutral config tree: lower-cased keys, values with byte spans where known.

#[derive(Debug, Clone)]
enum Val {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Node>),
    Map(Vec<(String, Node)>),
}

#[derive(Debug, Clone)]
struct Node {
    val: Val,
    /// Byte span of the value in its file.
    span: Option<Span>,
    /// Index of the file it came from (in load order).
    file: usize,
}

impl Node {
    fn map(file: usize) -> Node {
        Node {
            val: Val::Map(Vec::new()),
            span: None,
            file,
        }
    }

    fn get(&self, key: &str) -> Option<&Node> {
        match &self.val {
            Val::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |n, k| n.get(k))
    }

    fn entries(&self) -> impl Iterator<Item = (&str, &Node)> {
        let entries = match &self.val {
            Val::Map(e) => e.as_slice(),
            _ => &[],
        };
        entries.iter().map(|(k, v)| (k.as_str(), v))
    }

    fn items(&self) -> impl Iterator<Item = &Node> {
        let items = match &self.val {
            Val::List(items) => items.as_slice(),
            _ => &[],
        };
        items.iter()
    }

    /// A scalar as a string (Hugo casts numbers and booleans where it wants strings).
    fn as_string(&self) -> Option<String> {
        match &self.val {
            Val::Str(s) => Some(s.clone()),
            Val::Int(i) => Some(i.to_string()),
            Val::Float(f) => Some(f.to_string()),
            Val::Bool(b) => Some(b.to_string()),
            Val::Null | Val::List(_) | Val::Map(_) => None,
        }
    }

    /// A string or a list of strings.
    fn as_string_list(&self) -> Vec<String> {
        match &self.val {
            Val::List(items) => items.iter().filter_map(Node::as_string).collect(),
            _ => self.as_string().into_iter().collect(),
        }
    }

    /// Like `cast.ToBool`: booleans, non-zero numbers and Go's `strconv.ParseBool` strings.
    fn as_bool(&self) -> bool {
        match &self.val {
            Val::Bool(b) => *b,
            Val::Int(i) => *i != 0,
            Val::Float(f) => *f != 0.0,
            Val::Str(s) => matches!(s.as_str(), "1" | "t" | "T" | "true" | "TRUE" | "True"),
            Val::Null | Val::List(_) | Val::Map(_) => false,
        }
    }
}

/// Hugo's `Params.Set`: maps merge recursively, anything else is replaced.
fn merge(dst: &mut Node, src: Node) {
    match (&mut dst.val, src.val) {
        (Val::Map(d), Val::Map(s)) => {
            for (k, v) in s {
                insert(d, k, v);
            }
        }
        (_, val) => {
            *dst = Node {
                val,
                span: src.span,
                file: src.file,
            }
        }
    }
}

/// Insert with a lower-cased key; keys differing only in case are merged.
fn insert(entries: &mut Vec<(String, Node)>, key: String, value: Node) {
    let key = key.to_lowercase();
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some((_, existing)) => merge(existing, value),
        None => entries.push((key, value)),
    }
}

fn load_file(
    path: &Path,
    idx: usize,
    files: &mut Vec<(PathBuf, String)>,
) -> Result<Node, SiteError> {
    let err = |message: String, span: Option<Span>| SiteError {
        path: path.to_path_buf(),
        message,
        span,
    };
    let text = crate::input::read_text(path, crate::engine::MAX_FILE_BYTES)
        .map_err(|e| err(format!("cannot read config: {e}"), None))?;
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let parsed = match ext.as_str() {
        "toml" => parse_toml(&text, idx),
        "json" => parse_json(&text, idx),
        _ => parse_yaml(&text, idx),
    };
    files.push((path.to_path_buf(), text));
    let node = parsed.map_err(|(m, s)| err(m, s))?;
    match node.val {
        Val::Map(_) => Ok(node),
        Val::Null => Ok(Node::map(idx)),
        _ => Err(err(
            "config must be a map of keys to values".into(),
            node.span,
        )),
    }
}

type ParseResult = Result<Node, (String, Option<Span>)>;

/// Offset of the text after a leading BOM (which the parsers would reject).
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

fn shifted(r: std::ops::Range<usize>, by: usize) -> Span {
    Span {
        start: r.start + by,
        end: r.end + by,
    }
}

fn parse_toml(text: &str, file: usize) -> ParseResult {
    use toml::Spanned;
    use toml::de::{DeTable, DeValue};

    fn conv(v: &Spanned<DeValue<'_>>, off: usize, file: usize) -> Node {
        let val = match v.get_ref() {
            DeValue::String(s) => Val::Str(s.to_string()),
            DeValue::Integer(i) => {
                let digits = i.as_str().replace('_', "");
                i64::from_str_radix(&digits, i.radix()).map_or(Val::Str(digits), Val::Int)
            }
            DeValue::Float(f) => f
                .as_str()
                .replace('_', "")
                .parse()
                .map_or(Val::Null, Val::Float),
            DeValue::Boolean(b) => Val::Bool(*b),
            DeValue::Datetime(d) => Val::Str(d.to_string()),
            DeValue::Array(a) => Val::List(a.iter().map(|x| conv(x, off, file)).collect()),
            DeValue::Table(t) => table(t, off, file),
        };
        Node {
            val,
            span: Some(shifted(v.span(), off)),
            file,
        }
    }
    fn table(t: &DeTable<'_>, off: usize, file: usize) -> Val {
        let mut entries = Vec::new();
        for (k, v) in t.iter() {
            insert(&mut entries, k.get_ref().to_string(), conv(v, off, file));
        }
        Val::Map(entries)
    }

    let off = bom_len(text);
    let body = text.get(off..).unwrap_or_default();
    let doc = DeTable::parse(body)
        .map_err(|e| (e.message().to_string(), e.span().map(|r| shifted(r, off))))?;
    Ok(Node {
        val: table(doc.get_ref(), off, file),
        span: Some(shifted(doc.span(), off)),
        file,
    })
}

fn parse_json(text: &str, file: usize) -> ParseResult {
    fn conv(v: serde_json::Value, file: usize) -> Node {
        use serde_json::Value as J;
        let val = match v {
            J::Null => Val::Null,
            J::Bool(b) => Val::Bool(b),
            J::Number(n) => n
                .as_i64()
                .map_or_else(|| Val::Float(n.as_f64().unwrap_or(0.0)), Val::Int),
            J::String(s) => Val::Str(s),
            J::Array(a) => Val::List(a.into_iter().map(|x| conv(x, file)).collect()),
            J::Object(o) => {
                let mut entries = Vec::new();
                for (k, v) in o {
                    insert(&mut entries, k, conv(v, file));
                }
                Val::Map(entries)
            }
        };
        Node {
            val,
            span: None,
            file,
        }
    }
    let off = bom_len(text);
    let body = text.get(off..).unwrap_or_default();
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(v) => Ok(conv(v, file)),
        Err(e) => {
            let at = line_col_to_offset(body, e.line(), e.column(), false) + off;
            Err((e.to_string(), Some(Span { start: at, end: at })))
        }
    }
}

/// Byte offset of a 1-based line and 1-based column (counted in bytes, or in chars when
/// `chars`), clamped to the text.
fn line_col_to_offset(text: &str, line: usize, col: usize, chars: bool) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or_default();
    let col = col.saturating_sub(1);
    let in_line = if chars {
        rest.char_indices().nth(col).map_or(rest.len(), |(i, _)| i)
    } else {
        col.min(rest.len())
    };
    let mut at = line_start + in_line;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn parse_yaml(text: &str, file: usize) -> ParseResult {
    use serde_saphyr::Spanned;

    fn span_of(loc: &serde_saphyr::Location, off: usize) -> Option<Span> {
        let s = loc.span();
        let start = usize::try_from(s.byte_offset()?).ok()? + off;
        let len = usize::try_from(s.byte_len()?).ok()?;
        Some(Span {
            start,
            end: start + len,
        })
    }
    fn conv(v: Spanned<YNode>, off: usize, file: usize) -> Node {
        let val = match v.value {
            YNode::Null => Val::Null,
            YNode::Bool(b) => Val::Bool(b),
            YNode::Int(i) => Val::Int(i),
            YNode::Float(f) => Val::Float(f),
            YNode::Str(s) => Val::Str(s),
            YNode::List(items) => {
                Val::List(items.into_iter().map(|x| conv(x, off, file)).collect())
            }
            YNode::Map(pairs) => {
                let mut entries = Vec::new();
                for (k, v) in pairs {
                    insert(&mut entries, k, conv(v, off, file));
                }
                Val::Map(entries)
            }
        };
        Node {
            val,
            span: span_of(&v.referenced, off),
            file,
        }
    }

    let off = bom_len(text);
    let body = text.get(off..).unwrap_or_default();
    let mut opts = serde_saphyr::Options::default();
    opts.strict_booleans = true; // YAML 1.2, as goccy/go-yaml: yes/no/on/off are strings
    opts.with_snippet = false;
    match serde_saphyr::from_str_with_options::<Spanned<YNode>>(body, opts) {
        Ok(v) => Ok(conv(v, off, file)),
        Err(e) => {
            let span = e.location().and_then(|l| {
                span_of(&l, off).or_else(|| {
                    let (line, col) = (
                        usize::try_from(l.line()).ok()?,
                        usize::try_from(l.column()).ok()?,
                    );
                    let at = line_col_to_offset(body, line, col, true) + off;
                    (line > 0).then_some(Span { start: at, end: at })
                })
            });
            let message = e
                .to_string()
                .replace(", set DuplicateKeyPolicy in Options if acceptable", "");
            Err((message, span))
        }
    }
}

/// Untyped YAML value with spans on every node.
enum YNode {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<serde_saphyr::Spanned<YNode>>),
    Map(Vec<(String, serde_saphyr::Spanned<YNode>)>),
}

impl<'de> serde::Deserialize<'de> for YNode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YVisitor)
    }
}

/// A mapping key: scalars become their string form, as in Hugo's `map[string]any`.
struct YKey(String);

impl<'de> serde::Deserialize<'de> for YKey {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match d.deserialize_any(YVisitor)? {
            YNode::Str(s) => Ok(YKey(s)),
            YNode::Int(i) => Ok(YKey(i.to_string())),
            YNode::Float(f) => Ok(YKey(f.to_string())),
            YNode::Bool(b) => Ok(YKey(b.to_string())),
            YNode::Null => Ok(YKey(String::new())),
            YNode::List(_) | YNode::Map(_) => Err(D::Error::custom("unsupported mapping key")),
        }
    }
}

struct YVisitor;

impl<'de> serde::de::Visitor<'de> for YVisitor {
    type Value = YNode;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<YNode, E> {
        Ok(YNode::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<YNode, E> {
        Ok(YNode::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<YNode, E> {
        Ok(i64::try_from(v).map_or(YNode::Float(v as f64), YNode::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<YNode, E> {
        Ok(YNode::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<YNode, E> {
        Ok(YNode::Str(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<YNode, E> {
        Ok(YNode::Str(v))
    }
    fn visit_unit<E>(self) -> Result<YNode, E> {
        Ok(YNode::Null)
    }
    fn visit_none<E>(self) -> Result<YNode, E> {
        Ok(YNode::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<YNode, D::Error> {
        d.deserialize_any(YVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<YNode, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(YNode::List(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<YNode, A::Error> {
        let mut pairs = Vec::new();
        while let Some(YKey(k)) = map.next_key()? {
            pairs.push((k, map.next_value()?));
        }
        Ok(YNode::Map(pairs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast paths of `absolute` and `normalize` give what taking the path apart does.
    #[test]
    fn fast_paths_agree_with_components() {
        let slow_absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|e| panic!("{e}"));
        let slow_normalize = |p: &Path| resolve_dots(&slow_absolute(p));
        for p in [
            ".",
            "./",
            "a",
            "a/",
            "./a",
            "./a/",
            "a/b",
            "a//b",
            "a/./b",
            "a/../b",
            "../a",
            ".a",
            "a/.b",
            "a/b/..",
            "a/b/.",
            "/",
            "/a",
            "/a/",
            "/a//b",
            "/a/./b",
            "/a/../b",
            "/a/..",
            "/.",
            "/..",
            "//a",
            "///a",
            "/a/b",
            "/a/b/",
            "/a/b/c.md",
            "/a/.b/c",
            "/a/b/.",
            "/a/..b",
            "/.a/b..",
            "/a/b/../..",
        ] {
            let p = Path::new(p);
            // Byte for byte (`PathBuf`'s own equality ignores a trailing slash).
            let bytes = |p: PathBuf| p.into_os_string();
            assert_eq!(
                bytes(absolute(p)),
                bytes(slow_absolute(p)),
                "absolute {p:?}"
            );
            assert_eq!(
                bytes(normalize(p)),
                bytes(slow_normalize(p)),
                "normalize {p:?}"
            );
        }
        // Between normalized paths, the comparison of bytes is `Path::starts_with`.
        let paths = [
            "/",
            "/a",
            "/ab",
            "/a/b",
            "/a/bc",
            "/a/b/c.md",
            "/ab/c",
            "/a/b/../bc",
            "/b",
            "a/b",
            "a",
        ];
        for p in paths {
            for d in paths {
                let (p, d) = (normalize(Path::new(p)), normalize(Path::new(d)));
                assert_eq!(is_within(&p, &d), p.starts_with(&d), "{p:?} in {d:?}");
                assert_eq!(below(&p, &d), p.strip_prefix(&d).ok(), "{p:?} below {d:?}");
            }
        }
    }
    use std::fs;

    fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, text).unwrap();
        }
        dir
    }

    fn load(files: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let dir = site_with(files);
        let site = Site::load(dir.path()).unwrap();
        (dir, site)
    }

    fn rel(site: &Site, dirs: &[PathBuf]) -> Vec<String> {
        let root = normalize(&site.root);
        dirs.iter()
            .map(|d| {
                d.strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect()
    }

    fn span_text(site: &Site) -> &str {
        let s = site.base_url_span.expect("span");
        &site.config_text[s.start..s.end]
    }

    #[test]
    fn finds_each_config_file_name_walking_up() {
        for name in [
            "hugo.toml",
            "hugo.yaml",
            "hugo.yml",
            "hugo.json",
            "config.toml",
            "config.yaml",
            "config.yml",
            "config.json",
            "config/_default/params.toml",
        ] {
            let dir = site_with(&[(name, ""), ("content/posts/a/index.md", "x")]);
            let found = Site::find_root(&dir.path().join("content/posts/a/index.md"));
            assert_eq!(found, Some(normalize(dir.path())), "{name}");
            assert_eq!(
                Site::find_root(&dir.path().join("content/posts")),
                Some(normalize(dir.path()))
            );
        }
        let dir = site_with(&[("content/a.md", "x")]);
        // Only the temp dir's ancestors could hold a config; none of them should.
        assert!(
            Site::find_root(&dir.path().join("content/a.md"))
                .is_none_or(|r| !r.starts_with(dir.path()))
        );
    }

    #[test]
    fn nearest_config_wins_and_relative_paths_work() {
        let dir = site_with(&[
            ("hugo.toml", ""),
            ("sub/config.toml", ""),
            ("sub/content/a.md", ""),
        ]);
        let sub = normalize(&dir.path().join("sub"));
        assert_eq!(
            Site::find_root(&dir.path().join("sub/content/./x/../a.md")),
            Some(sub)
        );
    }

    #[test]
    fn config_file_precedence() {
        // hugo.* before config.*; toml before yaml before yml before json. The losers are
        // never read, so being broken does not matter.
        let (_d, s) = load(&[
            ("hugo.yaml", "baseURL: https://y.org/\n"),
            ("config.toml", "= broken"),
        ]);
        assert_eq!(s.base_url.as_deref(), Some("https://y.org/"));
        assert!(s.config_file.unwrap().ends_with("hugo.yaml"));
        let (_d, s) = load(&[
            ("hugo.toml", "baseURL = 'https://t.org/'"),
            ("hugo.yaml", ": :"),
        ]);
        assert_eq!(s.base_url.as_deref(), Some("https://t.org/"));
        let (_d, s) = load(&[
            ("hugo.yml", "baseurl: https://yml.org/"),
            ("hugo.json", "{"),
        ]);
        assert_eq!(s.base_url.as_deref(), Some("https://yml.org/"));
        let (_d, s) = load(&[("config.json", r#"{"baseURL": "https://j.org/"}"#)]);
        assert_eq!(s.base_url.as_deref(), Some("https://j.org/"));
        assert_eq!(s.base_url_span, None);
    }

    #[test]
    fn config_dir_merges_on_top() {
        let (_d, s) = load(&[
            (
                "hugo.toml",
                "baseURL = 'https://root.org/'\ntimeZone = 'UTC'\n[languages.en]\nweight = 1\n",
            ),
            (
                "config/_default/hugo.toml",
                "baseURL = 'https://default.org/'\ncanonifyURLs = true\n",
            ),
            (
                "config/_default/languages.toml",
                "[vi]\nweight = 2\ntimeZone = 'Asia/Ho_Chi_Minh'\n",
            ),
            ("config/_default/params.vi.toml", "x = 1\n"),
            ("config/_default/menus/menus.fr.yaml", "main: []\n"),
            ("config/_default/notes.txt", "ignored"),
            ("config/development/hugo.toml", "buildFuture = true\n"),
            ("config/production/hugo.toml", "buildExpired = true\n"),
        ]);
        assert_eq!(s.base_url.as_deref(), Some("https://default.org/"));
        // The span points into config_text only when the value comes from that file.
        assert!(s.config_file.as_ref().unwrap().ends_with("hugo.toml"));
        assert_eq!(s.base_url_span, None);
        assert!(s.canonify_urls);
        assert_eq!(s.languages, ["en", "fr", "vi"]);
        assert_eq!(s.time_zone.as_deref(), Some("UTC"));
        assert_eq!(s.time_zone_for("vi"), Some("Asia/Ho_Chi_Minh"));
        assert_eq!(s.time_zone_for("en"), Some("UTC"));
        assert!(!s.build_future, "development config is not read");
        assert!(s.build_expired, "production config is read");
    }

    #[test]
    fn config_dir_only_site() {
        let text = "title: x\nbaseURL: \"https://u.github.io/repo/\"\n";
        let (_d, s) = load(&[("config/_default/hugo.yaml", text)]);
        assert!(
            s.config_file
                .as_ref()
                .unwrap()
                .ends_with("config/_default/hugo.yaml")
        );
        assert_eq!(s.config_text, text);
        assert_eq!(span_text(&s), "https://u.github.io/repo/");
    }

    #[test]
    fn keys_are_case_insensitive() {
        let (_d, s) = load(&[(
            "config.toml",
            "BaseURL = 'https://x.org/'\nCanonifyURLs = true\nDefaultContentLanguage = 'VI'\nTimeZone = 'Europe/Oslo'\nBUILDFUTURE = true\n[Languages.EN]\n[Languages.vi]\n",
        )]);
        assert_eq!(s.base_url.as_deref(), Some("https://x.org/"));
        assert!(s.canonify_urls && s.build_future && !s.build_expired);
        assert_eq!(s.default_language, "vi");
        assert_eq!(s.languages, ["en", "vi"]);
        assert_eq!(s.time_zone.as_deref(), Some("Europe/Oslo"));
        let (_d, s) = load(&[(
            "hugo.yaml",
            "baseurl: https://y.org/\ncanonifyurls: 'true'\n",
        )]);
        assert_eq!(s.base_url.as_deref(), Some("https://y.org/"));
        assert!(s.canonify_urls);
        // YAML 1.2: `yes` is a string, not true.
        let (_d, s) = load(&[("hugo.yaml", "canonifyURLs: yes\n")]);
        assert!(!s.canonify_urls);
    }

    #[test]
    fn defaults() {
        let (_d, s) = load(&[("hugo.toml", "")]);
        assert_eq!(rel(&s, &s.content_dirs), ["content"]);
        assert_eq!(rel(&s, &s.static_dirs), ["static"]);
        assert_eq!(s.default_language, "en");
        assert!(s.languages.is_empty());
        assert_eq!((s.base_url.clone(), s.time_zone.clone()), (None, None));
        assert!(!s.canonify_urls && !s.has_image_render_hook && !s.embedded_image_hook);
    }

    #[test]
    fn static_dirs_string_list_numbered_and_per_language() {
        let (_d, s) = load(&[("hugo.toml", "staticDir = 'public_files'")]);
        assert_eq!(rel(&s, &s.static_dirs), ["public_files"]);
        let (_d, s) = load(&[(
            "hugo.toml",
            "staticDir = ['a', 'b']\nstaticDir1 = 'd'\nstaticDir0 = ['c']",
        )]);
        assert_eq!(rel(&s, &s.static_dirs), ["a", "b", "c", "d"]);
        let (_d, s) = load(&[("hugo.toml", "staticDir10 = 'ten'\n")]);
        assert_eq!(rel(&s, &s.static_dirs), ["ten"]);
        let (_d, s) = load(&[(
            "hugo.toml",
            "[languages.en]\n[languages.vi]\nstaticDir = 'static_vi'\ncontentDir = 'content/vi'\n",
        )]);
        assert_eq!(rel(&s, &s.static_dirs), ["static", "static_vi"]);
        assert_eq!(rel(&s, &s.content_dirs), ["content", "content/vi"]);
    }

    #[test]
    fn theme_static_dirs() {
        let (_d, s) = load(&[("hugo.toml", "theme = 'learn'")]);
        assert_eq!(rel(&s, &s.static_dirs), ["static", "themes/learn/static"]);
        let (_d, s) = load(&[(
            "hugo.toml",
            "theme = ['a', 'b']\nthemesDir = 'th'\nstaticDir = 's'",
        )]);
        assert_eq!(rel(&s, &s.static_dirs), ["s", "th/a/static", "th/b/static"]);
        let (_d, s) = load(&[
            (
                "hugo.toml",
                "[[module.imports]]\npath = 'local'\n[[module.imports]]\npath = 'github.com/x/y'\n",
            ),
            ("themes/local/theme.toml", ""),
        ]);
        assert_eq!(rel(&s, &s.static_dirs), ["static", "themes/local/static"]);
    }

    #[test]
    fn module_mounts() {
        let (_d, s) = load(&[(
            "hugo.toml",
            "theme = 't'\nstaticDir = 'ignored'\n[module]\n[[module.mounts]]\nsource = 'assets/img'\ntarget = 'static/images'\n[[module.mounts]]\nsource = 'public'\ntarget = 'static'\n[[module.mounts]]\nsource = 'docs'\ntarget = 'content'\n",
        )]);
        assert_eq!(rel(&s, &s.static_dirs), ["public", "themes/t/static"]);
        assert_eq!(rel(&s, &s.content_dirs), ["docs"]);
        let c = rel(&s, &s.static_candidates("/images/x.jpg"));
        assert_eq!(
            c,
            [
                "assets/img/x.jpg",
                "public/images/x.jpg",
                "themes/t/static/images/x.jpg"
            ]
        );
        assert!(s.static_candidates("/../etc/passwd").is_empty());
        // A mount for another component keeps the static defaults.
        let (_d, s) = load(&[(
            "hugo.yaml",
            "module:\n  mounts:\n    - source: src\n      target: layouts\n",
        )]);
        assert_eq!(rel(&s, &s.static_dirs), ["static"]);
        assert_eq!(rel(&s, &s.content_dirs), ["content"]);
    }

    #[test]
    fn languages_and_language_of() {
        let (_d, s) = load(&[(
            "hugo.toml",
            "[Languages]\n[Languages.en]\nweight = 1\n[Languages.vi]\nweight = 2\n",
        )]);
        assert_eq!(s.languages, ["en", "vi"]);
        let c = s.root.join("content");
        assert_eq!(s.language_of(&c.join("about.vi.md")), "vi");
        assert_eq!(s.language_of(&c.join("4-Event/_index.vi.md")), "vi");
        assert_eq!(s.language_of(&c.join("4-Event/_index.VI.md")), "vi");
        assert_eq!(s.language_of(&c.join("_index.md")), "en");
        assert_eq!(
            s.language_of(&c.join("_index.fr.md")),
            "en",
            "fr is not configured"
        );
        assert_eq!(s.language_of(Path::new("x.en.md")), "en");

        let (_d, s) = load(&[("hugo.toml", "defaultContentLanguage = 'vi'")]);
        assert!(s.languages.is_empty());
        assert_eq!(s.language_of(Path::new("a.vi.md")), "vi");
        assert_eq!(s.language_of(Path::new("a.en.md")), "vi");
        assert_eq!(s.language_of(Path::new("a.md")), "vi");

        // Per-language contentDir: the dir gives the language, a configured suffix wins.
        let (_d, s) = load(&[(
            "hugo.toml",
            "[languages.en]\ncontentDir = 'content/en'\n[languages.vi]\ncontentDir = 'content/vi'\n",
        )]);
        assert_eq!(rel(&s, &s.content_dirs), ["content/en", "content/vi"]);
        let vi = s.root.join("content/vi");
        assert_eq!(s.language_of(&vi.join("a.md")), "vi");
        assert_eq!(s.language_of(&vi.join("b.en.md")), "en");
        assert_eq!(s.language_of(&s.root.join("content/en/c.md")), "en");
    }

    /// Spellings of paths, plain and not, relative and absolute.
    const SPELLINGS: [&str; 19] = [
        "a/b", "./a/./b/", "a//b", "../x", ".", "./", "x/../y/", "/abs/./p", "a", "a/b.md", ".a/b",
        "..a/b", "a/.b", "a/b/", "a/b/.", "a/b/..", "a/../b", "/a/b", "/",
    ];

    #[test]
    fn absolute_is_std_absolute() {
        for p in SPELLINGS {
            let p = Path::new(p);
            assert_eq!(
                absolute(p),
                std::path::absolute(p).unwrap_or_default(),
                "{p:?}"
            );
        }
    }

    /// The working directory's shortcut gives what making absolute and resolving the dots
    /// gives, for every spelling.
    #[test]
    fn normalize_equals_resolving_the_absolute_path() {
        for p in SPELLINGS {
            let p = Path::new(p);
            let general = resolve_dots(&std::path::absolute(p).unwrap_or_default());
            assert_eq!(normalize(p), general, "{p:?}");
            // The shortcut is taken for plain names only.
            let plain = ["a/b", "a", "a/b.md", "a/.b", ".a/b", "..a/b"]
                .contains(&p.to_str().unwrap_or(""))
                && working_dir().is_some_and(|(_, clean)| *clean);
            assert_eq!(clean_below_working_dir(p).is_some(), plain, "{p:?}");
        }
    }

    #[test]
    fn content_dir_of() {
        let (_d, s) = load(&[(
            "hugo.toml",
            "[languages.en]\n[languages.vi]\ncontentDir = 'content/vi'\n",
        )]);
        let root = s.root.clone();
        assert_eq!(
            s.content_dir_of(&root.join("content/a/b.md")),
            Some(root.join("content").as_path())
        );
        assert_eq!(
            s.content_dir_of(&root.join("content/vi/b.md")),
            Some(root.join("content/vi").as_path())
        );
        assert_eq!(s.content_dir_of(&root.join("content/../static/x.md")), None);
        assert_eq!(s.content_dir_of(&root.join("contents/a.md")), None);
    }

    #[test]
    fn base_url_span_points_at_the_value() {
        let cases = [
            (
                "hugo.toml",
                "title = 'x'\nbaseURL = \"https://u.github.io/repo/\" # c\n",
            ),
            (
                "hugo.toml",
                "\u{feff}baseurl = 'https://u.github.io/repo/'\r\n",
            ),
            ("hugo.toml", "[params]\nbaseURL = 'https://wrong/'\n[x]\n"),
            (
                "hugo.toml",
                "BaseURL = \"\"\"https://u.github.io/repo/\"\"\"\n",
            ),
            (
                "hugo.yaml",
                "# Tiếng Việt\nbaseURL: https://u.github.io/repo/\n",
            ),
            (
                "hugo.yaml",
                "baseURL:   'https://u.github.io/repo/'  # c\r\n",
            ),
            (
                "hugo.yml",
                "\u{feff}title: ư\nBaseURL: \"https://u.github.io/repo/\"\n",
            ),
        ];
        for (name, text) in cases {
            let (_d, s) = load(&[(name, text)]);
            if text.contains("[params]") {
                assert_eq!((s.base_url, s.base_url_span), (None, None));
                continue;
            }
            assert_eq!(
                s.base_url.as_deref(),
                Some("https://u.github.io/repo/"),
                "{text:?}"
            );
            assert_eq!(span_text(&s), "https://u.github.io/repo/", "{text:?}");
            assert_eq!(s.base_url_sub_path(), Some("/repo/"));
        }
        let (_d, s) = load(&[("hugo.toml", "baseURL = 'https://example.org/'")]);
        assert_eq!(s.base_url_sub_path(), None);
        let (_d, s) = load(&[("hugo.toml", "baseURL = 'https://example.org'")]);
        assert_eq!(s.base_url_sub_path(), None);
        let (_d, s) = load(&[("hugo.toml", "baseURL = ' '")]);
        assert_eq!((s.base_url, s.base_url_span), (None, None));
        let (_d, s) = load(&[("hugo.toml", "baseURL = '/docs/'")]);
        assert_eq!(s.base_url_sub_path(), Some("/docs/"));
    }

    #[test]
    fn broken_configs_are_errors_with_spans() {
        let cases = [
            ("hugo.toml", "baseURL = 'https://x.org/'\ntitle = \n"),
            ("hugo.toml", "a = 1\na = 2\n"),
            ("hugo.yaml", "baseURL: https://x.org/\n  bad: [\n"),
            ("hugo.yaml", "a: 1\na: 2\n"),
            ("hugo.json", "{\"baseURL\": \"https://x.org/\",\n}"),
        ];
        for (name, text) in cases {
            let dir = site_with(&[(name, text)]);
            let err = Site::load(dir.path()).expect_err(text);
            assert!(err.path.ends_with(name));
            assert!(!err.message.is_empty());
            let span = err
                .span
                .unwrap_or_else(|| panic!("no span for {text:?}: {}", err.message));
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
        }
        for (name, text) in [
            ("hugo.yaml", "- a\n- b\n"),
            ("hugo.json", "[1]"),
            ("hugo.toml", ""),
        ] {
            let dir = site_with(&[(name, text)]);
            assert_eq!(
                Site::load(dir.path()).is_err(),
                !text.is_empty(),
                "{text:?}"
            );
        }
        let dir = site_with(&[("hugo.toml", ""), ("config/_default/params.yaml", "x: [")]);
        let err = Site::load(dir.path()).unwrap_err();
        assert!(err.path.ends_with("params.yaml"));
        // Unreadable (not UTF-8).
        let dir = site_with(&[]);
        fs::write(dir.path().join("hugo.toml"), b"title = '\xff'").unwrap();
        assert!(
            Site::load(dir.path())
                .unwrap_err()
                .message
                .contains("cannot read")
        );
    }

    #[test]
    fn garbage_never_panics() {
        let samples = [
            "",
            "\u{feff}",
            "[",
            "[[a]]\n[a]",
            "a.b = 1\n[a]\nb = 2",
            "{",
            "}",
            ": :",
            "- -\n-",
            "&a [*a]",
            "a: &a [*a, *a]\nb: *a",
            "{\"a\": 1e999}",
            "languages = 5\nstaticDir = {}\ntheme = [[1]]",
            "[[module.mounts]]\nsource = 1\ntarget = []\n",
            "languages: [en, vi]\nmodule: x\n",
            "module:\n  mounts: {source: a}\nbaseURL: [1]\n",
            "? [a]\n: b\n",
            "baseURL: !!binary aGk=",
            "frontmatter:\n  date: [':default', Lastmod]\n",
        ];
        for text in samples {
            for name in ["hugo.toml", "hugo.yaml", "hugo.json"] {
                let dir = site_with(&[(name, text)]);
                if let Ok(s) = Site::load(dir.path()) {
                    let _ = s.language_of(Path::new("a.b.md"));
                    let _ = s.static_candidates("/x");
                    let _ = s.base_url_sub_path();
                }
            }
        }
        let deep = format!("a = {}{}", "[".repeat(50_000), "]".repeat(50_000));
        let dir = site_with(&[("hugo.toml", &deep)]);
        assert!(Site::load(dir.path()).is_err());
    }

    #[test]
    fn image_render_hooks() {
        let (_d, s) = load(&[
            ("hugo.toml", ""),
            ("layouts/_default/_markup/render-image.html", ""),
        ]);
        assert!(s.has_image_render_hook);
        let (_d, s) = load(&[
            ("hugo.toml", "theme = 'relearn'"),
            ("themes/relearn/layouts/_markup/render-image.en.html", ""),
        ]);
        assert!(s.has_image_render_hook);
        let (_d, s) = load(&[
            ("hugo.toml", ""),
            ("layouts/_default/_markup/render-link.html", ""),
            ("layouts/render-image.html", ""),
        ]);
        assert!(!s.has_image_render_hook);

        // Hugo's embedded hook: on for single-host sites with `languages` configured.
        let embedded = |text: &str| load(&[("hugo.toml", text)]).1.embedded_image_hook;
        assert!(!embedded(""));
        assert!(embedded("[languages.en]\n"));
        assert!(embedded("[languages.en]\n[languages.vi]\n"));
        assert!(!embedded(
            "[languages.en]\nbaseURL = 'https://a/'\n[languages.vi]\nbaseURL = 'https://b/'\n"
        ));
        assert!(!embedded(
            "[markup.goldmark]\nduplicateResourceFiles = true\n[languages.en]\n"
        ));
        assert!(!embedded(
            "[Markup.Goldmark.RenderHooks.Image]\nUseEmbedded = 'never'\n[languages.en]\n"
        ));
        assert!(embedded(
            "[markup.goldmark.renderHooks.image]\nuseEmbedded = 'fallback'\n"
        ));
    }

    #[test]
    fn frontmatter_config() {
        let (_d, s) = load(&[(
            "hugo.toml",
            "[frontmatter]\ndate = [':default', 'PubDate']\nexpiryDate = 'unpublishdate'\n",
        )]);
        assert_eq!(s.frontmatter.get("date").unwrap(), &[":default", "pubdate"]);
        assert_eq!(s.frontmatter.get("expirydate").unwrap(), &["unpublishdate"]);
    }
}
