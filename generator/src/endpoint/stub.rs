//! Endpoint stubs: `endpoint/<lang>/` of a generated project. The files come from
//! `templates/_shared/endpoint/<lang>/` (the protocol core) overlaid with
//! `templates/<use-case>/endpoint/<lang>/` (the business handler); `*.tera` files are rendered,
//! the rest copied byte for byte. Two data files are written beside them so code is never a
//! hand-written copy of the Flow: `contract.json` (screens, declared data, routing, derived from
//! the validated flow.json) and `config.json` (every parameter value and the locale's messages).

use serde_json::{json, Map, Value};
use tera::{Context, Tera};

use crate::catalog::UseCase;
use crate::contract::Contract;
use crate::error::{Error, Result};
use crate::flow::{json as fjson, Flow};
use crate::params::Values;
use crate::render::chain;

/// The languages a stub can be generated in.
pub const LANGUAGES: &[&str] = &["node", "python", "rust"];

/// What a stub render needs besides the templates.
pub struct StubInputs<'a> {
    pub lang: &'a str,
    pub values: &'a Values,
    pub messages: &'a Map<String, Value>,
    pub locale: &'a str,
    pub flow_version: &'a str,
    pub data_api_version: &'a str,
    /// The generated, validated flow.json text.
    pub flow_json: &'a str,
}

/// The files of `endpoint/<lang>/` (paths relative to the project), sorted.
pub fn render(uc: &UseCase, inputs: &StubInputs<'_>) -> Result<Vec<(String, String)>> {
    let lang = inputs.lang;
    let sources = uc.endpoint_files(lang);
    if sources.is_empty() {
        let have = uc.endpoint_languages();
        return Err(Error::usage(format!(
            "--endpoint {lang}: the {} template has no {lang} stub{}",
            uc.manifest.id,
            if have.is_empty() {
                String::new()
            } else {
                format!(" (it has: {})", have.join(", "))
            }
        )));
    }
    let m = &uc.manifest;
    let package = format!("flow-endpoint-{}", m.id);
    let mut ctx = Context::new();
    ctx.insert("use_case", &m.id);
    ctx.insert("package", &package);
    ctx.insert("crate_name", &package.replace('-', "_"));
    ctx.insert("brand", inputs.values.get("brand").unwrap_or(&Value::Null));
    ctx.insert("lang", lang);
    ctx.insert("flow_version", inputs.flow_version);
    ctx.insert("data_api_version", inputs.data_api_version);
    ctx.insert("locale", inputs.locale);
    ctx.insert("endpoint", &m.endpoint);
    ctx.insert("p", inputs.values);

    let root = format!("endpoint/{lang}");
    let mut out = Vec::new();
    let mut tera = Tera::default();
    tera.autoescape_on(vec![]);
    crate::render::register(&mut tera);
    for (rel, (label, text)) in &sources {
        match rel.strip_suffix(".tera") {
            Some(plain) => {
                tera.add_raw_template(label, text)
                    .map_err(|e| Error::Template(format!("{label}: {}", chain(&e))))?;
                let rendered = tera
                    .render(label, &ctx)
                    .map_err(|e| Error::Template(format!("{label}: {}", chain(&e))))?;
                out.push((format!("{root}/{plain}"), rendered));
            }
            None => out.push((format!("{root}/{rel}"), (*text).to_owned())),
        }
    }
    out.push((
        format!("{root}/contract.json"),
        contract_json(inputs.flow_json)?,
    ));
    out.push((format!("{root}/config.json"), config_json(uc, inputs)?));
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// The endpoint contract of a validated flow.json, pretty JSON.
pub fn contract_json(flow_json: &str) -> Result<String> {
    let doc = fjson::parse(flow_json)
        .map_err(|e| Error::Template(format!("generated flow.json: {}", e.message)))?;
    let flow = Flow::new(&doc.root, None);
    pretty(&Contract::from_flow(&flow))
}

/// What the stub reads at runtime: every parameter value and the locale's messages.
fn config_json(uc: &UseCase, inputs: &StubInputs<'_>) -> Result<String> {
    let config = json!({
        "use_case": uc.manifest.id,
        "locale": inputs.locale,
        "currency": inputs.values.get("currency").cloned().unwrap_or(Value::Null),
        "flow_version": inputs.flow_version,
        "data_api_version": inputs.data_api_version,
        "params": inputs.values,
        "text": inputs.messages,
    });
    pretty(&config)
}

fn pretty<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut text =
        serde_json::to_string_pretty(value).map_err(|e| Error::Template(e.to_string()))?;
    text.push('\n');
    Ok(text)
}
