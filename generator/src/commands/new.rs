//! `flowgen new <use-case> [DIR]`: resolve the project structure (flags > preset > questions >
//! defaults) and the parameter values (`params::resolve`), render, validate, stage beside the
//! target and move into place. Every mistake of the explicit sources is reported in one run;
//! nothing is written on failure.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_json::{json, Value};

use crate::catalog::{Catalog, UseCase};
use crate::cli::{Format, NewArgs};
use crate::endpoint::stub;
use crate::error::{Error, Result, EXIT_FAILED, EXIT_OK};
use crate::flow::Version;
use crate::generate;
use crate::lint;
use crate::params::resolve::{self, Given, PresetText};
use crate::params::{expr, preset, prompt, validate, Values};
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

/// The first Flow JSON version whose TextInput has `pattern`.
const PATTERN_SINCE: Version = crate::flow::version::v(6, 2);

/// The project's structure: what `answers.yaml` records beside the parameter values.
#[derive(Debug, Clone)]
pub struct Structure {
    pub locale: String,
    pub flow_version: Version,
    pub data_api: String,
    pub endpoint: String,
}

pub fn run(args: &NewArgs) -> Result<u8> {
    let uc = &Catalog::open(args.templates.as_deref(), &args.use_case)?;
    let m = &uc.manifest;
    let preset = match &args.preset {
        None => None,
        Some(path) => Some(read_preset(path)?),
    };
    let given = resolve::read(m, &args.set, preset);
    let interactive = !args.no_input && std::io::stdin().is_terminal();
    if !args.no_input && !interactive && args.format == Format::Human {
        eprintln!("note: standard input is not a terminal: not prompting (as with --no-input)");
    }
    let (structure, problems) = structure(uc, args, &given, interactive)?;
    let locale_values = locale_defaults(uc, &structure.locale)?;
    if !problems.is_empty() || !given.problems.is_empty() {
        let mut all = given.problems.clone();
        all.extend(problems);
        if let Err(more) = resolve::complete(m, &given, &locale_values, None) {
            all.extend(more.into_iter().filter(|l| !given.problems.contains(l)));
        }
        return Err(problems_error(all));
    }
    let target = args.dir.clone().unwrap_or_else(|| PathBuf::from(&m.id));
    write::guard(&target, args.force)?;

    let mut terminal = prompt::Terminal;
    let ask: Option<&mut dyn resolve::Ask> = if interactive {
        Some(&mut terminal)
    } else {
        None
    };
    let resolved = resolve::complete(m, &given, &locale_values, ask).map_err(problems_error)?;
    let values = &resolved.values;

    let dropped = dropped_patterns(uc, &structure, values)?;
    if !dropped.is_empty() {
        eprintln!(
            "note: Flow JSON {} has no TextInput `pattern` (it came in {PATTERN_SINCE}): flow.json does not check {}; the endpoint stub checks them and answers with an error_message (see README.md)",
            structure.flow_version,
            dropped.join(", ")
        );
    }

    let inputs = Inputs {
        values,
        locale: &structure.locale,
        flow_version: structure.flow_version,
        data_api_version: &structure.data_api,
        endpoint: &structure.endpoint,
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
        locale: &structure.locale,
        flow_version: structure.flow_version.to_string(),
        data_api_version: &structure.data_api,
        endpoint: &structure.endpoint,
        answers: values,
    };
    let answers_yaml = format!(
        "# Written by flowgen: what `flowgen update` replays. Do not edit by hand.\n{}",
        serde_yaml::to_string(&answers).map_err(|e| Error::usage(e.to_string()))?
    );
    let files = project::with_metadata(generation.plan, answers_yaml);

    if args.dry_run {
        if args.format == Format::Json {
            let list: Vec<Value> = files
                .iter()
                .map(|(rel, text)| json!({ "path": rel, "bytes": text.len() }))
                .collect();
            print_json(
                &json!({ "dry_run": true, "use_case": m.id, "dir": target.display().to_string(), "files": list }),
            );
            return Ok(EXIT_OK);
        }
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
    if interactive {
        summary(uc, &structure, &resolved, &target);
        if !prompt::confirm(
            &format!(
                "Write these {} files into {}?",
                files.len(),
                target.display()
            ),
            true,
        )? {
            eprintln!("nothing was written");
            return Ok(EXIT_FAILED);
        }
    }
    let staged = stage::stage(&target, &files).map_err(|e| unstaged(e, &target))?;
    let verdicts = write::commit(staged, &target).map_err(|e| unstaged(e, &target))?;
    let next = next_steps(&target, &structure.endpoint);
    if args.format == Format::Json {
        let list: Vec<Value> = verdicts
            .iter()
            .map(|(rel, v)| json!({ "path": rel, "verdict": v.word() }))
            .collect();
        print_json(&json!({
            "use_case": m.id,
            "dir": target.display().to_string(),
            "locale": structure.locale,
            "flow_version": structure.flow_version.to_string(),
            "data_api_version": structure.data_api,
            "endpoint": structure.endpoint,
            "files": list,
            "next_steps": next,
        }));
        return Ok(EXIT_OK);
    }
    let mut metadata = 0;
    for (rel, verdict) in &verdicts {
        if rel.starts_with(".flowgen/") {
            metadata += 1;
            continue;
        }
        crate::say!("{:>11}  {}", verdict.word(), target.join(rel).display());
    }
    if metadata > 0 {
        crate::say!(
            "{:>11}  {} ({metadata} files: answers.yaml and the pristine copies `flowgen update` merges with)",
            "written",
            target.join(".flowgen").display()
        );
    }
    crate::say!("{} ({}) generated in {}", m.id, m.title, target.display());
    for step in next {
        crate::say!("  next: {step}");
    }
    Ok(EXIT_OK)
}

fn print_json(v: &Value) {
    crate::say!("{}", serde_json::to_string_pretty(v).unwrap_or_default());
}

/// Reads a preset file, or standard input for `-`.
fn read_preset(path: &Path) -> Result<PresetText> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| Error::io("--preset - (standard input)", e))?;
        return Ok(PresetText {
            label: "<stdin>".into(),
            text,
        });
    }
    let label = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| Error::io(format!("--preset {label}"), e))?;
    Ok(PresetText { label, text })
}

/// One usage error listing every problem (a single preset problem keeps its own shape).
fn problems_error(problems: Vec<String>) -> Error {
    if problems.len() == 1 {
        return Error::usage(problems.into_iter().next().unwrap_or_default());
    }
    let count = problems.iter().filter(|l| !l.starts_with("  ")).count();
    Error::usage(format!(
        "{count} problems, nothing was written:\n  {}",
        problems.join("\n  ")
    ))
}

/// An IO error that names a staging path is reported against the target instead.
fn unstaged(e: Error, target: &Path) -> Error {
    match e {
        Error::Io { path, source } => match path.find(".flowgen-staging-") {
            Some(i) => {
                let rest = path[i..].split_once('/').map_or("", |(_, r)| r);
                Error::io(target.join(rest).display().to_string(), source)
            }
            None => Error::Io { path, source },
        },
        other => other,
    }
}

/// A path as a shell word: quoted when it holds spaces or shell characters.
pub fn shell_quote(path: &Path) -> String {
    let s = path.display().to_string();
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || "/._-+:@%,=".contains(c));
    if plain {
        s
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What to do after generating: validate, start the stub, make a key.
fn next_steps(target: &Path, endpoint: &str) -> Vec<String> {
    let mut steps = vec![format!(
        "flowgen validate {}",
        shell_quote(&target.join("flow.json"))
    )];
    if let Some(run) = stub::start_commands(endpoint) {
        steps.push(format!(
            "cd {} && {run}  (environment: see its README.md)",
            shell_quote(&target.join("endpoint").join(endpoint))
        ));
        steps.push(format!(
            "cd {} && flowgen keygen --out keys  (keys/ is in .gitignore)",
            shell_quote(target)
        ));
    }
    steps
}

/// Where a structure value came from, to name it in an error.
enum Origin<'a> {
    Flag(&'static str),
    Preset(&'a str),
    Answer,
    Default,
}

/// The structure, and the problems of the flags and preset keys that set it.
fn structure(
    uc: &UseCase,
    args: &NewArgs,
    given: &Given,
    interactive: bool,
) -> Result<(Structure, Vec<String>)> {
    let m = &uc.manifest;
    let mut problems = Vec::new();
    let mut blame = |from: &Origin, key: &str, value: &str, why: String| {
        problems.push(match from {
            Origin::Flag(flag) => format!("{flag} {value:?}: {why}"),
            Origin::Preset(label) => {
                let at = given
                    .preset_text
                    .as_ref()
                    .and_then(|pt| {
                        let key = if key == "data_api" && given.structure("data_api").is_some() {
                            if pt.text.contains("data_api_version") {
                                "data_api_version"
                            } else {
                                "data_api"
                            }
                        } else {
                            key
                        };
                        preset::locate(&pt.text, &[validate::Seg::Key(key.into())], false)
                    })
                    .unwrap_or((1, 1));
                format!("{label}:{}:{}: `{key}` {value:?}: {why}", at.0, at.1)
            }
            Origin::Answer | Origin::Default => format!("{key} {value:?}: {why}"),
        });
    };
    let label = given
        .preset_text
        .as_ref()
        .map_or("", |pt| pt.label.as_str());
    let pick =
        |flag: Option<&str>, key: &str, name: &'static str| match (flag, given.structure(key)) {
            (Some(f), _) => Some((f.to_owned(), Origin::Flag(name))),
            (None, Some(p)) => Some((p.to_owned(), Origin::Preset(label))),
            (None, None) => None,
        };

    // Locale.
    let locales: Vec<String> = uc.locales().into_iter().map(str::to_owned).collect();
    let (locale, from) = match pick(args.locale.as_deref(), "locale", "--locale") {
        Some(x) => x,
        None if interactive && locales.len() > 1 => menu(
            "Language of the Flow's texts (locale)",
            locales.clone(),
            &m.default_locale,
        )?,
        None => (m.default_locale.clone(), Origin::Default),
    };
    let locale = match check_locale(uc, &locale) {
        Ok(l) => l,
        Err(why) => {
            blame(&from, "locale", &locale, why);
            m.default_locale.clone()
        }
    };

    // Flow JSON version.
    let (min, max) = m.version_range();
    let versions: Vec<Version> = crate::flow::version::KNOWN
        .iter()
        .copied()
        .filter(|v| *v >= min && *v <= max && v.is_publishable())
        .collect();
    let latest = if crate::flow::version::LATEST <= max {
        crate::flow::version::LATEST
    } else {
        max
    };
    let fv_flag = args.flow_version.map(|v| v.0.to_string());
    let (fv_text, from) = match pick(
        fv_flag.as_deref(),
        "flow_version",
        "--flow-version",
    ) {
        Some(x) => x,
        None if interactive && versions.len() > 1 => menu(
            "Flow JSON version (older versions lack newer components, e.g. input patterns before 6.2)",
            versions.iter().rev().map(Version::to_string).collect(),
            &latest.to_string(),
        )?,
        None => (latest.to_string(), Origin::Default),
    };
    let flow_version = match check_flow_version(uc, &fv_text) {
        Ok(v) => v,
        Err(why) => {
            blame(&from, "flow_version", &fv_text, why);
            latest
        }
    };

    // Endpoint language.
    let have = uc.endpoint_languages();
    let (endpoint, from) = match pick(args.endpoint.map(|e| e.as_str()), "endpoint", "--endpoint") {
        Some(x) => x,
        None if interactive && !have.is_empty() => {
            let mut names = have.clone();
            names.push("none".into());
            match m.endpoint {
                true => menu(
                    "Endpoint stub language (this Flow needs a data endpoint)",
                    names,
                    "node",
                )?,
                false => menu(
                    "Webhook stub language (this Flow has no data endpoint)",
                    names,
                    "none",
                )?,
            }
        }
        None => ("none".to_owned(), Origin::Default),
    };
    let endpoint = match check_endpoint(uc, &endpoint) {
        Ok(()) => endpoint,
        Err(why) => {
            blame(&from, "endpoint", &endpoint, why);
            "none".to_owned()
        }
    };

    // Data API version.
    let default_api = if flow_version == crate::flow::version::LATEST {
        "4.0"
    } else {
        "3.0"
    };
    let (data_api, from) = match pick(args.data_api.map(|d| d.as_str()), "data_api", "--data-api") {
        Some(x) => x,
        None if interactive && m.endpoint => menu(
            "Data API version of the endpoint (4.0 adds the flow-token signature)",
            vec!["4.0".to_owned(), "3.0".to_owned()],
            default_api,
        )?,
        None => (default_api.to_owned(), Origin::Default),
    };
    let data_api = match data_api.as_str() {
        "3.0" | "4.0" => data_api,
        _ => {
            blame(&from, "data_api", &data_api, "use 3.0 or 4.0".into());
            default_api.to_owned()
        }
    };
    Ok((
        Structure {
            locale,
            flow_version,
            data_api,
            endpoint,
        },
        problems,
    ))
}

/// A structural question as a menu, `default` pre-selected.
fn menu(title: &str, names: Vec<String>, default: &str) -> Result<(String, Origin<'static>)> {
    let at = names.iter().position(|n| n == default).unwrap_or(0);
    let i = prompt::choose(title, &names, at)?;
    Ok((names[i].clone(), Origin::Answer))
}

fn check_locale(uc: &UseCase, wanted: &str) -> std::result::Result<String, String> {
    let available = uc.locales();
    if available.contains(&wanted) {
        return Ok(wanted.to_owned());
    }
    let mut msg = format!(
        "{} has no message catalog for it; use one of {}",
        uc.manifest.id,
        available.join(", ")
    );
    if let Some(c) = crate::suggest::closest(wanted, available.iter().copied()) {
        msg += &format!(" (did you mean {c:?}?)");
    }
    Err(msg)
}

fn check_flow_version(uc: &UseCase, text: &str) -> std::result::Result<Version, String> {
    let (min, max) = uc.manifest.version_range();
    let Some(v) = Version::parse(text).filter(|v| v.is_known()) else {
        let known: Vec<String> = crate::flow::version::KNOWN
            .iter()
            .map(|v| v.to_string())
            .collect();
        return Err(format!(
            "not a Flow JSON version; use one of {}",
            known.join(", ")
        ));
    };
    if v < min || v > max || !v.is_publishable() {
        return Err(format!(
            "the {} template supports Flow JSON {min} to {max}",
            uc.manifest.id
        ));
    }
    Ok(v)
}

fn check_endpoint(uc: &UseCase, lang: &str) -> std::result::Result<(), String> {
    if lang == "none" {
        return Ok(());
    }
    if !stub::LANGUAGES.contains(&lang) {
        return Err(format!(
            "use one of {}, or none",
            stub::LANGUAGES.join(", ")
        ));
    }
    let have = uc.endpoint_languages();
    if !have.iter().any(|l| l == lang) {
        return Err(format!(
            "the {} template has no {lang} stub (it has: {})",
            uc.manifest.id,
            if have.is_empty() {
                "none".to_owned()
            } else {
                have.join(", ")
            }
        ));
    }
    Ok(())
}

/// The locale's default values (`locales/defaults/<locale>.yaml`), when the template has them
/// (what `update` passes to `resolve::complete` too).
pub fn locale_defaults(uc: &UseCase, locale: &str) -> Result<Values> {
    let rel = format!("locales/defaults/{locale}.yaml");
    match uc.file(&rel) {
        None => Ok(Values::new()),
        Some(text) => {
            resolve::locale_defaults(&uc.manifest, &uc.label(&rel), text).map_err(Error::Template)
        }
    }
}

/// The inputs whose `pattern` this Flow JSON version cannot carry (manifest `input_patterns`).
fn dropped_patterns(uc: &UseCase, s: &Structure, values: &Values) -> Result<Vec<String>> {
    if s.flow_version >= PATTERN_SINCE {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for ip in &uc.manifest.input_patterns {
        let on = match &ip.when {
            None => true,
            Some(w) => expr::truth(w, values)
                .map_err(|e| Error::Template(format!("{}: input_patterns: {e}", uc.manifest.id)))?,
        };
        if on {
            out.push(format!("`{}`", ip.input));
        }
    }
    Ok(out)
}

/// What will be generated, before the "write these files?" question.
fn summary(uc: &UseCase, s: &Structure, r: &resolve::Resolved, target: &Path) {
    eprintln!("\nSummary of {} into {}:", uc.manifest.id, target.display());
    eprintln!(
        "  locale {}, Flow JSON {}, Data API {}, endpoint {}",
        s.locale, s.flow_version, s.data_api, s.endpoint
    );
    for (name, v) in &r.values {
        let mut text = match v {
            Value::Array(items) => format!("{} items", items.len()),
            other => validate::display(other),
        };
        if text.chars().count() > 60 {
            text = text.chars().take(59).collect::<String>() + "…";
        }
        let mark = match r.sources.get(name) {
            Some(resolve::Source::Default | resolve::Source::LocaleDefault) => " (default)",
            _ => "",
        };
        eprintln!("  {name}: {text}{mark}");
    }
}
