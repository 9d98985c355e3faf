//! Helpers shared by the end-to-end tests: the built `flowgen` binary, the workspace's template
//! and preset folders, and a runner that captures exit code, stdout and stderr.

pub mod stubs;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

/// The workspace root (the folder holding `templates/` and `presets/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The built `flowgen` binary: `$FLOWGEN_BIN`, else `target/<profile>/flowgen` beside the test
/// executable (built by `cargo test --workspace`), built with cargo if it is missing.
pub fn bin() -> PathBuf {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("FLOWGEN_BIN") {
            return PathBuf::from(p);
        }
        let exe = std::env::current_exe().expect("test executable");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>");
        let candidate = profile_dir.join(format!("flowgen{}", std::env::consts::EXE_SUFFIX));
        if !candidate.is_file() {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "-p", "flowgen", "--bin", "flowgen"])
                .current_dir(root())
                .status()
                .expect("run cargo build");
            assert!(status.success(), "cargo build -p flowgen failed");
        }
        candidate
    })
    .clone()
}

/// The result of one run of the binary.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

/// Runs `flowgen ARGS` in `cwd` with no standard input.
pub fn flowgen(cwd: &Path, args: &[&str]) -> Run {
    Command::new(bin())
        .args(args)
        .current_dir(cwd)
        .stdin(Stdio::null())
        .env_remove("CLICOLOR_FORCE")
        .output()
        .expect("run flowgen")
        .into()
}

fn sorted_dirs(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_') && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Every use case folder under `templates/` that has a manifest.
pub fn use_cases() -> Vec<String> {
    let t = root().join("templates");
    sorted_dirs(&t)
        .into_iter()
        .filter(|n| t.join(n).join("manifest.yaml").is_file())
        .collect()
}

/// Every preset file of a use case, sorted (`presets/<uc>/*.yaml`).
pub fn presets(uc: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(root().join("presets").join(uc)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
        .collect();
    files.sort();
    files
}

/// Every locale with a message catalog for a use case, sorted.
pub fn locales(uc: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root().join("templates").join(uc).join("locales")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_string_lossy()
                .strip_suffix(".yaml")
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

/// Every file under `dir` (relative path → bytes), sorted.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("under dir")
                .to_string_lossy()
                .into_owned();
            out.push((rel, std::fs::read(e.path()).expect("read")));
        }
    }
    out
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// The fixture template folder used to test `--templates` and required parameters.
pub fn fixture_templates() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/templates")
}
