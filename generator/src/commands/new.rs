//! `flowgen new <use-case> [DIR]`: resolve parameter values (--set > preset > prompt > default),
//! render, validate, stage beside the target and move into place. Nothing is written on failure.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::catalog::{Catalog, UseCase};
use crate::cli::NewArgs;
use crate::endpoint::stub;
use crate::error::{Error, Result, EXIT_OK};
use crate::flow::Version;
use crate::generate;
use crate::lint;
use crate::params::{preset, prompt, validate, Values};
use crate::project::{self, stage, write};
use crate::render::Inputs;

/// The replayable record of a generation, written to `.flowgen/answers.yaml`.
#[derive(Debug, Serialize)]
struct Answers<'a> {
    use_case: &'a str,
    template_version: u64,
    flowgen_version: &'a str,
    locale: &'a str,
    flow_version: String,
    data_api_version: &'a str,
    endpoint: &'a str,
    answers: &'a Values,
}

pub fn run(args: &NewArgs) -> Result<u8> {
    let uc = &Catalog::open(args.templates.as_deref(), &args.use_case)?;
    let m = &uc.manifest;
    let endpoint = stub::pick_language(uc, args.endpoint.as_deref())?;
    let locale = pick_locale(uc, args.locale.as_deref())?;
    let flow_version = pick_flow_version(uc, args.flow_version.as_deref())?;
    let data_api = match args.data_api.as_deref() {
        None if flow_version == crate::flow::version::LATEST => "4.0",
        None => "3.0",
        Some(v @ ("3.0" | "4.0")) => v,
        Some(other) => {
            return Err(Error::usage(format!(
                "--data-api {other:?}: use 3.0 or 4.0"
            )))
        }
    };
    let target = args.dir.clone().unwrap_or_else(|| PathBuf::from(&m.id));
    write::guard(&target, args.force)?;

    let interactive = !args.no_input && std::io::stdin().is_terminal();
    if !args.no_input && !interactive {
        eprintln!("note: standard input is not a terminal: not prompting (as with --no-input)");
    }
    let values = resolve(uc, args, interactive)?;

    let inputs = Inputs {
        values: &values,
        locale: &locale,
        flow_version,
        data_api_version: data_api,
        endpoint,
    };
    let generation = generate::generate(uc, &inputs)?;
    for d in &generation.flow.warnings {
        eprintln!(
            "{}",
            lint::report::human("flow.json", &generation.flow.text, d)
        );
    }
    let answers = Answers {
        use_case: &m.id,
        template_version: m.template_version,
        flowgen_version: env!("CARGO_PKG_VERSION"),
        locale: &locale,
        flow_version: flow_version.to_string(),
        data_api_version: data_api,
        endpoint,
        answers: &values,
    };
    let answers_yaml = format!(
        "# Written by flowgen: what `flowgen update` replays. Do not edit by hand.\n{}",
        serde_yaml::to_string(&answers).map_err(|e| Error::usage(e.to_string()))?
    );
    let files = project::with_metadata(generation.plan, answers_yaml);

    if args.dry_run {
        crate::say!(
            "dry run: would write {} files into {} (nothing written):",
            files.len(),
            target.display()
        );
        for (rel, text) in &files {
            crate::say!("  {}  ({} bytes)", target.join(rel).display(), text.len());
        }
        return Ok(EXIT_OK);
    }
    let staged = stage::stage(&target, &files)?;
    let verdicts = write::commit(staged, &target)?;
    for (rel, verdict) in &verdicts {
        crate::say!("{:>11}  {}", verdict.word(), target.join(rel).display());
    }
    crate::say!(
        "{} ({}) generated in {}: validate with `flowgen validate {}`",
        m.id,
        m.title,
        target.display(),
        display_join(&target, "flow.json")
    );
    if let Some(run) = stub::start_commands(endpoint) {
        crate::say!(
            "endpoint: cd {} && {run}  (environment: {})",
            display_join(&target, &format!("endpoint/{endpoint}")),
            display_join(&target, &format!("endpoint/{endpoint}/README.md"))
        );
    }
    Ok(EXIT_OK)
}

fn display_join(dir: &Path, file: &str) -> String {
    dir.join(file).display().to_string()
}

fn pick_locale(uc: &UseCase, flag: Option<&str>) -> Result<String> {
    let available = uc.locales();
    let wanted = flag.unwrap_or(&uc.manifest.default_locale);
    if available.contains(&wanted) {
        return Ok(wanted.to_owned());
    }
    let mut msg = format!(
        "--locale {wanted:?}: {} has no message catalog for it; use one of {}",
        uc.manifest.id,
        available.join(", ")
    );
    if let Some(c) = crate::suggest::closest(wanted, available.iter().copied()) {
        msg += &format!(" (did you mean {c:?}?)");
    }
    Err(Error::usage(msg))
}

fn pick_flow_version(uc: &UseCase, flag: Option<&str>) -> Result<Version> {
    let (min, max) = uc.manifest.version_range();
    let v = match flag {
        Some(text) => crate::commands::validate::parse_version_flag(Some(text))?.expect("some"),
        None if crate::flow::version::LATEST <= max => crate::flow::version::LATEST,
        None => max,
    };
    if v < min || v > max || !v.is_publishable() {
        return Err(Error::usage(format!(
            "--flow-version {v}: the {} template supports Flow JSON {min} to {max}",
            uc.manifest.id
        )));
    }
    Ok(v)
}

/// Values by precedence: --set > preset > prompt > default.
fn resolve(uc: &UseCase, args: &NewArgs, interactive: bool) -> Result<Values> {
    let m = &uc.manifest;
    let mut sets = Values::new();
    for s in &args.set {
        let Some((key, text)) = s.split_once('=') else {
            return Err(Error::usage(format!("--set {s:?}: expected KEY=VALUE")));
        };
        let key = key.trim();
        let Some(p) = m.param(key) else {
            let mut msg = format!("--set {key}: unknown parameter for use case {}", m.id);
            if let Some(c) = m.suggest(key) {
                msg += &format!("; did you mean `{c}`?");
            } else {
                msg += " (see `flowgen params ";
                msg += &m.id;
                msg += "`)";
            }
            return Err(Error::usage(msg));
        };
        let v =
            validate::from_text(p, text).map_err(|e| Error::usage(format!("--set {key}: {e}")))?;
        sets.insert(key.to_owned(), v);
    }
    let from_preset = match &args.preset {
        None => Values::new(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            preset::load(&text, m).map_err(|e| Error::Preset {
                path: path.display().to_string(),
                line: e.line,
                column: e.column,
                message: e.message,
            })?
        }
    };
    let mut values = Values::new();
    let mut missing = Vec::new();
    for p in &m.parameters {
        let default = match &p.default {
            Some(d) => Some(validate::from_yaml(p, d).map_err(Error::Template)?),
            None => None,
        };
        let v = if let Some(v) = sets.get(&p.name) {
            v.clone()
        } else if let Some(v) = from_preset.get(&p.name) {
            v.clone()
        } else if interactive {
            prompt::ask(p, default.as_ref())?
        } else if let Some(d) = default {
            d
        } else {
            missing.push(p);
            continue;
        };
        values.insert(p.name.clone(), v);
    }
    if !missing.is_empty() {
        let lines: Vec<String> = missing
            .iter()
            .map(|p| {
                format!(
                    "  `{}` ({}): pass --set {}=VALUE or add `{}:` to the preset",
                    p.name, p.prompt, p.name, p.name
                )
            })
            .collect();
        return Err(Error::usage(format!(
            "{} required parameter(s) have no value in no-input mode:\n{}",
            missing.len(),
            lines.join("\n")
        )));
    }
    Ok(values)
}
