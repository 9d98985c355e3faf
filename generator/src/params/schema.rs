//! The JSON Schema (draft 2020-12) of a use case's preset files, derived from the declarations so
//! editors complete and check presets exactly as the validator does.

use serde_json::{json, Map, Value};

use super::{validate, Kind, Manifest, Param};

/// The schema of a preset for this manifest (any locale and endpoint name accepted).
pub fn preset(m: &Manifest) -> Value {
    preset_for(m, &[], &[])
}

/// The schema of a preset: the parameters, and the structure keys with the template's own
/// `locales` and `endpoints` (stub languages) as their choices (empty: any string).
pub fn preset_for(m: &Manifest, locales: &[&str], endpoints: &[String]) -> Value {
    let mut props = Map::new();
    props.insert(
        "locale".into(),
        choice(
            "Message catalog locale (as --locale)",
            locales.iter().map(|l| json!(l)).collect(),
        ),
    );
    let (min, max) = m.version_range();
    let versions: Vec<Value> = crate::flow::version::KNOWN
        .iter()
        .filter(|v| **v >= min && **v <= max && v.is_publishable())
        .map(|v| json!(v.to_string()))
        .collect();
    props.insert(
        "flow_version".into(),
        version_choice("Flow JSON version (as --flow-version)", versions),
    );
    let apis = vec![json!("3.0"), json!("4.0")];
    props.insert(
        "data_api".into(),
        version_choice("Endpoint Data API version (as --data-api)", apis.clone()),
    );
    props.insert(
        "data_api_version".into(),
        version_choice(
            "Same as data_api (the key .flowgen/answers.yaml uses)",
            apis,
        ),
    );
    let mut stubs: Vec<Value> = endpoints.iter().map(|e| json!(e)).collect();
    if !stubs.is_empty() {
        stubs.push(json!("none"));
    }
    props.insert(
        "endpoint".into(),
        choice("Endpoint stub language (as --endpoint)", stubs),
    );
    for p in &m.parameters {
        props.insert(p.name.clone(), param(p));
    }
    let mut root = Map::new();
    root.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root.insert(
        "$id".into(),
        json!(format!("https://flowgen.dev/schemas/preset/{}.json", m.id)),
    );
    root.insert(
        "title".into(),
        json!(format!("flowgen preset for {} ({})", m.id, m.title)),
    );
    root.insert(
        "description".into(),
        json!(
            "Parameter values for `flowgen new --preset`, and optionally the project structure \
               (locale, flow_version, data_api, endpoint) so a preset alone reproduces a project. \
               Parameters left out take their default (the locale's, then the manifest's); \
               parameters without a default must come from the preset, --set or a prompt. \
               Constraints between parameters (a default among its list, min <= max, references \
               between lists, ordered ranges) are checked by flowgen itself."
        ),
    );
    root.insert("type".into(), json!("object"));
    root.insert("properties".into(), Value::Object(props));
    root.insert("additionalProperties".into(), json!(false));
    Value::Object(root)
}

fn choice(title: &str, options: Vec<Value>) -> Value {
    let mut s = Map::new();
    s.insert("description".into(), json!(title));
    s.insert("type".into(), json!("string"));
    if !options.is_empty() {
        s.insert("enum".into(), Value::Array(options));
    }
    Value::Object(s)
}

/// A version written as a string ("7.3") or, unquoted in YAML, as a number (7.3).
fn version_choice(title: &str, options: Vec<Value>) -> Value {
    let numbers: Vec<Value> = options
        .iter()
        .filter_map(|o| o.as_str()?.parse::<f64>().ok())
        .map(|n| json!(n))
        .collect();
    json!({
        "description": title,
        "anyOf": [
            { "type": "string", "enum": options },
            { "type": "number", "enum": numbers }
        ]
    })
}

fn param(p: &Param) -> Value {
    let mut s = Map::new();
    if !p.prompt.is_empty() {
        s.insert("title".into(), json!(p.prompt));
    }
    if let Some(h) = &p.help {
        s.insert("description".into(), json!(h));
    }
    match p.kind {
        Kind::String => {
            s.insert("type".into(), json!("string"));
            let min = p.min_length.unwrap_or(1);
            s.insert("minLength".into(), json!(min));
            if let Some(n) = p.max_length {
                s.insert("maxLength".into(), json!(n));
            }
            // Refused by the validator: live bindings and backtick expressions.
            if let Some(pat) = &p.pattern {
                s.insert("pattern".into(), json!(pat));
            }
            if let Some(format) = &p.format {
                s.insert("format".into(), json!(format));
            }
            let mut refused = vec![
                json!({ "pattern": "\\$\\{" }),
                json!({ "pattern": "^\\s*`[\\s\\S]*`\\s*$" }),
            ];
            if p.min_length != Some(0) {
                refused.push(json!({ "pattern": "^\\s*$" }));
            }
            s.insert("not".into(), json!({ "anyOf": refused }));
        }
        Kind::Enum => {
            s.insert("type".into(), json!("string"));
            s.insert("enum".into(), json!(p.choices.clone().unwrap_or_default()));
        }
        Kind::Bool => {
            s.insert("type".into(), json!("boolean"));
        }
        Kind::Integer | Kind::Decimal | Kind::Money | Kind::Percent => {
            s.insert(
                "type".into(),
                json!(if p.kind == Kind::Integer {
                    "integer"
                } else {
                    "number"
                }),
            );
            let (min, max) = p.bounds();
            if let Some(m) = min {
                s.insert("minimum".into(), num(m));
            }
            if let Some(m) = max {
                s.insert("maximum".into(), num(m));
            }
        }
        Kind::List => {
            s.insert("type".into(), json!("array"));
            if let Some(n) = p.min_items {
                s.insert("minItems".into(), json!(n));
            }
            if let Some(n) = p.max_items {
                s.insert("maxItems".into(), json!(n));
            }
            if p.unique.as_deref() == Some("item") {
                s.insert("uniqueItems".into(), json!(true));
            }
            let items = match (&p.fields, &p.item) {
                (Some(fields), _) => {
                    let mut props = Map::new();
                    let mut req = Vec::new();
                    for f in fields {
                        props.insert(f.name.clone(), param(f));
                        if f.default.is_none() {
                            req.push(json!(f.name));
                        }
                    }
                    json!({ "type": "object", "properties": props, "required": req, "additionalProperties": false })
                }
                (None, Some(item)) => param(item),
                (None, None) => json!({}),
            };
            s.insert("items".into(), items);
        }
    }
    if let Some(d) = &p.default {
        if let Ok(v) = validate::from_yaml(p, d) {
            s.insert("default".into(), v);
        }
    }
    Value::Object(s)
}

fn num(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        json!(n as i64)
    } else {
        json!(n)
    }
}
