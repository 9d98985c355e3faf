//! The use cases: `templates/<use-case>/` folders embedded into the binary (so it works from any
//! folder, `cargo install` included), or read from `--templates DIR` with the same layout.
//! `templates/_shared/` holds what every use case reuses (the endpoint stubs' protocol core).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use include_dir::{include_dir, Dir};

use crate::error::{Error, Result};
use crate::params::Manifest;

static EMBEDDED: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../templates");

/// Files of a template folder: path relative to the folder → text.
pub type Files = BTreeMap<String, Cow<'static, str>>;

/// The folder of shared files, beside the use cases.
pub const SHARED: &str = "_shared";

/// Folders never read from a templates tree (build and install output of a stub tried in place).
const IGNORED_DIRS: &[&str] = &[
    "node_modules",
    "target",
    "__pycache__",
    ".venv",
    ".pytest_cache",
];

/// One use case: its manifest and every file of its folder (path relative to the folder → text).
#[derive(Debug)]
pub struct UseCase {
    pub manifest: Manifest,
    /// How to name the folder in messages: `templates/loan-offer` or the `--templates` path.
    pub origin: String,
    pub files: Files,
    /// The files of `_shared/` (same for every use case of the catalog).
    pub shared: Arc<Files>,
}

impl UseCase {
    pub fn file(&self, rel: &str) -> Option<&str> {
        self.files.get(rel).map(|c| c.as_ref())
    }
    /// `origin/rel`, for messages.
    pub fn label(&self, rel: &str) -> String {
        format!("{}/{rel}", self.origin)
    }
    /// The endpoint stub of `lang`: `_shared/endpoint/<lang>/` overlaid with the use case's own
    /// `endpoint/<lang>/` (same relative path wins), as (path inside the stub → (label, text)).
    pub fn endpoint_files(&self, lang: &str) -> BTreeMap<String, (String, &str)> {
        let prefix = format!("endpoint/{lang}/");
        let mut out = BTreeMap::new();
        for (origin, files) in [
            (self.shared_origin(), &*self.shared),
            (self.origin.clone(), &self.files),
        ] {
            for (rel, text) in files {
                if let Some(inner) = rel.strip_prefix(&prefix) {
                    out.insert(inner.to_owned(), (format!("{origin}/{rel}"), text.as_ref()));
                }
            }
        }
        out
    }

    /// Languages that have an endpoint stub for this use case, sorted.
    pub fn endpoint_languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self
            .files
            .keys()
            .chain(self.shared.keys())
            .filter_map(|k| Some(k.strip_prefix("endpoint/")?.split_once('/')?.0.to_owned()))
            .collect();
        langs.sort();
        langs.dedup();
        langs
    }

    fn shared_origin(&self) -> String {
        match self.origin.rsplit_once('/') {
            Some((root, _)) => format!("{root}/{SHARED}"),
            None => SHARED.to_owned(),
        }
    }

    /// Locales that have a message catalog, sorted.
    pub fn locales(&self) -> Vec<&str> {
        self.files
            .keys()
            .filter_map(|k| k.strip_prefix("locales/")?.strip_suffix(".yaml"))
            .filter(|k| !k.contains('/'))
            .collect()
    }
}

/// Every use case, sorted by id.
#[derive(Debug)]
pub struct Catalog {
    pub use_cases: Vec<UseCase>,
    /// Folders whose manifest or layout is broken: (folder name, why). They only fail the
    /// commands that ask for them, so one broken template does not block the others.
    pub broken: Vec<(String, String)>,
}

/// A template folder found but not yet parsed: (folder name, origin for messages, files).
type Folder = (String, String, Files);

impl Catalog {
    /// The built-in templates, or those of `dir`: every use case, manifests parsed.
    pub fn load(dir: Option<&Path>) -> Result<Catalog> {
        let (folders, shared) = discover(dir, None)?;
        build(folders, shared, dir)
    }

    /// The one use case `name` (id or alias). When a folder is named `name`, only its manifest is
    /// parsed (what `flowgen new` pays for); an alias or a typo falls back to the whole catalog, so
    /// the answer and the "did you mean" are the same as [`Catalog::find`]'s.
    pub fn open(dir: Option<&Path>, name: &str) -> Result<UseCase> {
        let (one, shared) = discover(dir, Some(&normalise(name)))?;
        if one.len() == 1 {
            if let Ok(mut catalog) = build(one, shared, dir) {
                if let Some(uc) = catalog.use_cases.pop() {
                    return Ok(uc);
                }
            }
        }
        let (folders, shared) = discover(dir, None)?;
        let mut all = build(folders, shared, dir)?;
        let found = all.find(name)?.manifest.id.clone();
        let i = all
            .use_cases
            .iter()
            .position(|u| u.manifest.id == found)
            .expect("find returned one of them");
        Ok(all.use_cases.swap_remove(i))
    }

    /// Finds a use case by id or alias (case and `_`/`-` insensitive), with a "did you mean".
    pub fn find(&self, name: &str) -> Result<&UseCase> {
        let wanted = normalise(name);
        for uc in &self.use_cases {
            let m = &uc.manifest;
            if normalise(&m.id) == wanted || m.aliases.iter().any(|a| normalise(a) == wanted) {
                return Ok(uc);
            }
        }
        if let Some((_, why)) = self.broken.iter().find(|(n, _)| normalise(n) == wanted) {
            return Err(Error::Template(why.clone()));
        }
        let names = self.use_cases.iter().flat_map(|u| {
            std::iter::once(u.manifest.id.as_str())
                .chain(u.manifest.aliases.iter().map(String::as_str))
        });
        let ids: Vec<&str> = self
            .use_cases
            .iter()
            .map(|u| u.manifest.id.as_str())
            .collect();
        let mut msg = format!(
            "unknown use case {name:?}; use one of {} (see `flowgen list`)",
            ids.join(", ")
        );
        if let Some(c) = crate::suggest::closest(&wanted, names) {
            msg = format!(
                "unknown use case {name:?}: did you mean {c:?}? (use cases: {})",
                ids.join(", ")
            );
        }
        Err(Error::usage(msg))
    }
}

/// The folders of the built-in templates or of `dir` (only the one whose normalised name is `only`,
/// when given), read but not parsed, and `_shared/`.
fn discover(dir: Option<&Path>, only: Option<&str>) -> Result<(Vec<Folder>, Arc<Files>)> {
    let wanted = |name: &str| only.map_or(true, |o| normalise(name) == o);
    let mut folders: Vec<Folder> = Vec::new();
    let mut shared = Files::new();
    match dir {
        None => {
            for sub in EMBEDDED.dirs() {
                let name = sub.path().to_string_lossy().into_owned();
                if name == SHARED {
                    collect_embedded(sub, sub.path(), &mut shared);
                }
                if skip(&name) || !wanted(&name) {
                    continue;
                }
                let mut files = BTreeMap::new();
                collect_embedded(sub, sub.path(), &mut files);
                folders.push((name.clone(), format!("templates/{name}"), files));
            }
        }
        Some(root) => {
            let entries =
                std::fs::read_dir(root).map_err(|e| Error::io(root.display().to_string(), e))?;
            let mut names: Vec<PathBuf> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            names.sort();
            for path in names {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if name == SHARED {
                    collect_disk(&path, &path, &mut shared)?;
                }
                if skip(&name) || !wanted(&name) || !path.join("manifest.yaml").is_file() {
                    continue;
                }
                let mut files = BTreeMap::new();
                collect_disk(&path, &path, &mut files)?;
                folders.push((name, path.display().to_string(), files));
            }
        }
    }
    Ok((folders, Arc::new(shared)))
}

/// Parses the manifests of `folders` into use cases (broken ones set aside with the reason).
fn build(folders: Vec<Folder>, shared: Arc<Files>, dir: Option<&Path>) -> Result<Catalog> {
    let mut use_cases = Vec::new();
    let mut broken = Vec::new();
    for (name, origin, files) in folders {
        let Some(text) = files.get("manifest.yaml") else {
            continue;
        };
        let label = format!("{origin}/manifest.yaml");
        let manifest = match Manifest::parse(text, &label) {
            Ok(m) => m,
            Err(e) => {
                broken.push((name, e));
                continue;
            }
        };
        if manifest.id != name {
            broken.push((
                name.clone(),
                format!(
                    "{label}: id {:?} differs from its folder name {name:?}",
                    manifest.id
                ),
            ));
            continue;
        }
        if !files.contains_key("flow.json.tera") {
            broken.push((name, format!("{origin}: flow.json.tera is missing")));
            continue;
        }
        use_cases.push(UseCase {
            manifest,
            origin,
            files,
            shared: Arc::clone(&shared),
        });
    }
    use_cases.sort_by(|a, b| a.manifest.id.cmp(&b.manifest.id));
    if use_cases.is_empty() && broken.is_empty() {
        let at = dir.map_or("the built-in templates".to_owned(), |d| {
            d.display().to_string()
        });
        return Err(Error::usage(format!(
            "{at}: no use cases found (expected <use-case>/manifest.yaml folders)"
        )));
    }
    Ok(Catalog { use_cases, broken })
}

/// How names are compared: case, surrounding blanks and `_`/`-` do not matter.
fn normalise(s: &str) -> String {
    s.trim().to_ascii_lowercase().replace('_', "-")
}

fn skip(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

fn ignored(dir: &Path) -> bool {
    dir.file_name()
        .is_some_and(|n| IGNORED_DIRS.iter().any(|i| n == *i))
}

fn collect_embedded(dir: &'static Dir<'static>, base: &Path, out: &mut Files) {
    for f in dir.files() {
        if let (Ok(rel), Some(text)) = (f.path().strip_prefix(base), f.contents_utf8()) {
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                Cow::Borrowed(text),
            );
        }
    }
    for d in dir.dirs().filter(|d| !ignored(d.path())) {
        collect_embedded(d, base, out);
    }
}

fn collect_disk(dir: &Path, base: &Path, out: &mut Files) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
    for entry in entries.filter_map(|e| e.ok()) {
        let path = entry.path();
        if path.is_dir() {
            if !ignored(&path) {
                collect_disk(&path, base, out)?;
            }
        } else if let Ok(text) = std::fs::read_to_string(&path) {
            let rel = path
                .strip_prefix(base)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.insert(rel, Cow::Owned(text));
        }
    }
    Ok(())
}

/// `flowgen list`: one line per use case.
pub fn list_lines(catalog: &Catalog) -> String {
    let width = catalog
        .use_cases
        .iter()
        .map(|u| u.manifest.id.len())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for uc in &catalog.use_cases {
        let m = &uc.manifest;
        out += &format!("{:width$}  {}", m.id, m.title);
        if !m.aliases.is_empty() {
            out += &format!("  (aliases: {})", m.aliases.join(", "));
        }
        out.push('\n');
    }
    for (name, why) in &catalog.broken {
        out += &format!("{name:width$}  (broken template: {why})\n");
    }
    out
}
