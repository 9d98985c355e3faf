//! Tera expressions inside manifests, evaluated over the answers given so far (`p.<name>`):
//! `when` (ask a question only if it is true, like copier's `when`) and `default_from` (a default
//! computed from earlier answers, like copier's templated defaults).

use serde_json::Value;
use tera::{Context, Tera};

use super::Values;

fn as_if(e: &str) -> String {
    format!("{{% if {e} %}}true{{% endif %}}")
}

fn as_value(e: &str) -> String {
    format!("{{{{ {e} }}}}")
}

/// Checks that `e` is an expression Tera can parse (at manifest load).
pub fn compile(e: &str) -> Result<(), String> {
    let mut tera = Tera::default();
    tera.add_raw_template("when", &as_if(e))
        .and_then(|_| tera.add_raw_template("value", &as_value(e)))
        .map(|_| ())
        .map_err(|err| format!("{e:?} is not a Tera expression: {}", reason(&err)))
}

fn context(values: &Values) -> Context {
    let mut ctx = Context::new();
    ctx.insert("p", &Value::Object(values.clone()));
    ctx
}

fn reason(err: &tera::Error) -> String {
    let mut s = err.to_string();
    let mut cur = std::error::Error::source(err);
    while let Some(c) = cur {
        s += &format!(": {c}");
        cur = c.source();
    }
    s
}

/// Whether `e` holds for the answers so far.
pub fn truth(e: &str, values: &Values) -> Result<bool, String> {
    Tera::one_off(&as_if(e), &context(values), false)
        .map(|t| t == "true")
        .map_err(|err| format!("{e:?}: {}", reason(&err)))
}

/// The text `e` evaluates to (then read like a typed answer).
pub fn text(e: &str, values: &Values) -> Result<String, String> {
    Tera::one_off(&as_value(e), &context(values), false)
        .map_err(|err| format!("{e:?}: {}", reason(&err)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn when_and_default_from() {
        let mut v = Values::new();
        v.insert("check".into(), json!("dob_and_id"));
        v.insert(
            "list".into(),
            json!([{ "kind": "bank" }, { "kind": "upi" }]),
        );
        v.insert("amounts".into(), json!([100.5, 200]));
        assert!(truth("p.check in ['id', 'dob_and_id']", &v).unwrap());
        assert!(!truth("p.check == 'none'", &v).unwrap());
        assert!(truth(
            "p.list | filter(attribute='kind', value='bank') | length > 0",
            &v
        )
        .unwrap());
        assert_eq!(text("p.amounts | first", &v).unwrap(), "100.5");
        assert!(compile("p.x ==").is_err());
        assert!(truth("p.missing == 1", &v).is_err());
    }
}
