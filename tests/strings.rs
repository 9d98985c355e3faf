//! Property test: any text put into any free-text string parameter (top-level, or a field of the
//! first record of a list) of any use case renders to valid JSON that holds the text exactly;
//! text that would become a live Flow binding or expression is refused by the validator instead.

use flowgen::catalog::{Catalog, UseCase};
use flowgen::generate::Pipeline;
use flowgen::params::{validate, Kind, Param, Values};
use flowgen::render::Inputs;
use proptest::prelude::*;
use serde_json::Value;
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::load(None).expect("built-in templates"))
}

fn renderers() -> &'static [Pipeline<'static>] {
    static R: OnceLock<Vec<Pipeline<'static>>> = OnceLock::new();
    R.get_or_init(|| {
        catalog()
            .use_cases
            .iter()
            .map(|u| Pipeline::new(u).expect("templates compile"))
            .collect()
    })
}

/// Where a generated string goes: a parameter, or a field of its first record.
struct Target {
    use_case: usize,
    param: String,
    field: Option<String>,
}

fn free_text(p: &Param) -> bool {
    p.kind == Kind::String && p.pattern.is_none() && p.format.is_none()
}

/// Defaults, completed from the use case's first preset for parameters without one.
fn base_values(uc: &UseCase) -> Option<Values> {
    let preset = flowgen_e2e::presets(&uc.manifest.id).into_iter().next();
    let from_preset = match preset {
        Some(p) => {
            let loaded =
                flowgen::params::preset::load(&std::fs::read_to_string(p).ok()?, &uc.manifest);
            loaded.problems.is_empty().then_some(loaded.values)?
        }
        None => Values::new(),
    };
    let mut values = Values::new();
    for p in &uc.manifest.parameters {
        let v = match (from_preset.get(&p.name), &p.default) {
            (Some(v), _) => v.clone(),
            (None, Some(d)) => validate::from_yaml(p, d).ok()?,
            (None, None) => return None,
        };
        values.insert(p.name.clone(), v);
    }
    Some(values)
}

fn targets(catalog: &Catalog) -> Vec<Target> {
    let mut out = Vec::new();
    for (i, uc) in catalog.use_cases.iter().enumerate() {
        for p in &uc.manifest.parameters {
            if free_text(p) {
                out.push(Target {
                    use_case: i,
                    param: p.name.clone(),
                    field: None,
                });
            }
            for f in p.fields.iter().flatten() {
                if free_text(f) {
                    out.push(Target {
                        use_case: i,
                        param: p.name.clone(),
                        field: Some(f.name.clone()),
                    });
                }
            }
        }
    }
    out
}

fn fit(text: &str, p: &Param) -> String {
    let max = p.max_length.unwrap_or(200) as usize;
    let mut s: String = format!("a{text}").chars().take(max).collect();
    if s.trim().is_empty() {
        s = "a".into();
    }
    s
}

fn strings_in(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings_in(x, out)),
        Value::Object(m) => m.iter().for_each(|(k, x)| {
            out.push(k.clone());
            strings_in(x, out)
        }),
        _ => {}
    }
}

/// Puts `text` at the target; returns the value as stored, or the validator's refusal.
fn place(uc: &UseCase, values: &mut Values, t: &Target, text: &str) -> Result<String, String> {
    let p = uc.manifest.param(&t.param).expect("declared");
    match &t.field {
        None => {
            let s = fit(text, p);
            let v = validate::from_text(p, &s)?;
            values.insert(p.name.clone(), v);
            Ok(s)
        }
        Some(field) => {
            let f = p
                .fields
                .iter()
                .flatten()
                .find(|f| &f.name == field)
                .expect("field");
            let s = fit(text, f);
            let mut list = values.get(&p.name).cloned().unwrap_or(Value::Array(vec![]));
            let Some(first) = list.get_mut(0) else {
                return Err("empty list".into());
            };
            first[field.as_str()] = Value::String(s.clone());
            let yaml = serde_yaml::to_value(&list).map_err(|e| e.to_string())?;
            let v = validate::from_yaml(p, &yaml)?;
            values.insert(p.name.clone(), v);
            Ok(s)
        }
    }
}

fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_owned()),
        Just("\\".to_owned()),
        Just("\n".to_owned()),
        Just("\t".to_owned()),
        Just("{{ p.brand }}".to_owned()),
        Just("{% if true %}".to_owned()),
        Just("{# c #}".to_owned()),
        Just("</script>".to_owned()),
        Just("😀👍🏽".to_owned()),
        Just("שלום".to_owned()),
        Just("مرحبا".to_owned()),
        Just("\u{202e}".to_owned()),
        Just("$".to_owned()),
        Just("{".to_owned()),
        Just("`".to_owned()),
        "[a-zA-Z0-9 ]{1,6}",
        any::<char>()
            .prop_filter("no control chars", |c| !c.is_control())
            .prop_map(String::from),
    ];
    prop::collection::vec(piece, 1..8).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_string_round_trips_or_is_refused_clearly(text in tricky()) {
        let catalog = catalog();
        let renderers = renderers();
        for t in targets(catalog) {
            let uc = &catalog.use_cases[t.use_case];
            let Some(mut values) = base_values(uc) else { continue };
            let placed = match place(uc, &mut values, &t, &text) {
                Ok(s) => s,
                Err(reason) => {
                    // Only live bindings / backtick expressions may be refused for free text.
                    prop_assert!(reason.contains("live data binding") || reason.contains("backticks"),
                        "{}.{}{:?}: unexpected refusal: {reason}", uc.manifest.id, t.param, t.field);
                    continue;
                }
            };
            let inputs = Inputs { values: &values, locale: &uc.manifest.default_locale, flow_version: flowgen::flow::version::LATEST, data_api_version: "4.0", endpoint: "none" };
            let rendered = renderers[t.use_case].run(&inputs);
            prop_assert!(rendered.is_ok(), "{}.{}{:?} = {placed:?}: {}", uc.manifest.id, t.param, t.field, rendered.err().map(|e| e.to_string()).unwrap_or_default());
            let rendered = rendered.unwrap();
            let flow = &rendered.flow.text;
            let json: Value = serde_json::from_str(flow).expect("valid JSON");
            let mut all = Vec::new();
            strings_in(&json, &mut all);
            prop_assert!(all.iter().any(|s| s.contains(&placed)),
                "{}.{}{:?}: {placed:?} is not found verbatim in flow.json", uc.manifest.id, t.param, t.field);
        }
    }

    #[test]
    fn live_bindings_and_backtick_expressions_are_refused(prefix in "[a-z ]{0,5}", suffix in "[a-z.]{0,8}") {
        let catalog = catalog();
        for t in targets(catalog).into_iter().filter(|t| t.field.is_none()) {
            let uc = &catalog.use_cases[t.use_case];
            let p = uc.manifest.param(&t.param).unwrap();
            let binding = format!("{prefix}${{{suffix}}}");
            let err = validate::from_text(p, &binding).expect_err("binding refused");
            prop_assert!(err.contains("live data binding"), "{err}");
            let expr = format!("`{prefix}x{suffix}`");
            if expr.chars().count() as u64 <= p.max_length.unwrap_or(u64::MAX) {
                let err = validate::from_text(p, &expr).expect_err("expression refused");
                prop_assert!(err.contains("backticks") , "{err}");
            }
        }
    }
}
