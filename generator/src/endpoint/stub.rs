//! Endpoint stubs: `endpoint/<lang>/` of a generated project. The files come from
//! `templates/_shared/endpoint/<lang>/` (the protocol core) overlaid with
//! `templates/<use-case>/endpoint/<lang>/` (the business handler); `*.tera` files are rendered,
//! the rest copied byte for byte. Two data files are written beside them so code is never a
//! hand-written copy of the Flow: `contract.json` (screens, declared data, routing, derived from
//! the validated flow.json) and `config.json` (every parameter value and the locale's messages).

use serde_json::{json, Map, Value};
use tera::Context;

use crate::catalog::UseCase;
use crate::contract::Contract;
use crate::error::{Error, Result};
use crate::render::{self, chain, Inputs};

/// The known answers (crypto, signatures, formatting) every stub's own tests and flowgen's read.
const VECTORS: &str = "endpoint/vectors.json";

/// The languages a stub can be generated in.
pub const LANGUAGES: &[&str] = &["node", "python", "rust"];

/// How a stub of `lang` is installed and started (its README's commands); None for `none`.
pub fn start_commands(lang: &str) -> Option<&'static str> {
    match lang {
        "node" => Some("npm install && npm start"),
        "python" => Some("pip install . && python -m flow_endpoint"),
        "rust" => Some("cargo run --release"),
        _ => None,
    }
}

/// `--endpoint`: a language that has a stub for this use case, or `none` (the default).
pub fn pick_language<'a>(uc: &UseCase, asked: Option<&'a str>) -> Result<&'a str> {
    let lang = asked.unwrap_or("none");
    if lang == "none" {
        return Ok(lang);
    }
    if !LANGUAGES.contains(&lang) {
        return Err(Error::usage(format!(
            "--endpoint {lang:?}: use one of {}, or none",
            LANGUAGES.join(", ")
        )));
    }
    let have = uc.endpoint_languages();
    if !have.iter().any(|l| l == lang) {
        return Err(Error::usage(format!(
            "--endpoint {lang}: the {} template has no {lang} stub (it has: {})",
            uc.manifest.id,
            if have.is_empty() {
                "none".to_owned()
            } else {
                have.join(", ")
            }
        )));
    }
    Ok(lang)
}

/// The files of `endpoint/<lang>/` (paths relative to the project), sorted.
/// Call with a language [`pick_language`] accepted and the contract of the checked Flow.
pub fn render(
    uc: &UseCase,
    inputs: &Inputs<'_>,
    messages: &Map<String, Value>,
    contract: &Contract,
) -> Result<Vec<(String, String)>> {
    let lang = inputs.endpoint;
    let sources = uc.endpoint_files(lang);
    let m = &uc.manifest;
    let package = format!("flow-endpoint-{}", m.id);
    let mut ctx = Context::new();
    ctx.insert("use_case", &m.id);
    ctx.insert("package", &package);
    ctx.insert("crate_name", &package.replace('-', "_"));
    ctx.insert("brand", inputs.values.get("brand").unwrap_or(&Value::Null));
    ctx.insert("lang", lang);
    ctx.insert("flow_version", &inputs.flow_version.to_string());
    ctx.insert("data_api_version", inputs.data_api_version);
    ctx.insert("locale", inputs.locale);
    ctx.insert("endpoint", &m.endpoint);
    ctx.insert("p", inputs.values);

    let root = format!("endpoint/{lang}");
    let mut out = Vec::new();
    let mut tera = render::engine();
    for (rel, (label, text)) in &sources {
        match rel.strip_suffix(".tera") {
            Some(plain) => {
                render::add_template(&mut tera, label, text, label)?;
                let rendered = tera
                    .render(label, &ctx)
                    .map_err(|e| Error::Template(format!("{label}: {}", chain(&e))))?;
                out.push((format!("{root}/{plain}"), rendered));
            }
            None => out.push((format!("{root}/{rel}"), (*text).to_owned())),
        }
    }
    out.push((format!("{root}/contract.json"), pretty(contract)?));
    if let Some(vectors) = uc.shared.get(VECTORS) {
        out.push((format!("{root}/vectors.json"), vectors.to_string()));
    }
    out.push((
        format!("{root}/config.json"),
        config_json(uc, inputs, messages)?,
    ));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// What the stub reads at runtime: every parameter value and the locale's messages.
pub fn config_json(
    uc: &UseCase,
    inputs: &Inputs<'_>,
    messages: &Map<String, Value>,
) -> Result<String> {
    let config = json!({
        "use_case": uc.manifest.id,
        "locale": inputs.locale,
        "currency": inputs.values.get("currency").cloned().unwrap_or(Value::Null),
        "flow_version": inputs.flow_version.to_string(),
        "data_api_version": inputs.data_api_version,
        "params": inputs.values,
        "text": messages,
    });
    pretty(&config)
}

pub fn pretty<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| Error::Template(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
