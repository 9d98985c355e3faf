use crate::flow::json::{Node, Value};
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::fields;

pub static RULE: Rule = Rule {
    id: "FJ-DATA-EXAMPLE-VALID",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "a data field's `__example__` matches its schema",
    explain: "The `__example__` of a data field must itself be valid against the field's schema \
(\"Invalid data model schema.\"): a string for `string`, a number for `number`, an array whose \
elements match `items`, an object whose members match `properties` and that has the keys listed in \
`required`. flowgen checks this subset of JSON Schema (type, items, properties, required, enum).",
    help: "make the example match the declared type, or fix the type",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, field) in fields(ctx) {
        let Some(example) = field.value.get("__example__") else {
            continue;
        };
        if field.value.get("type").and_then(Node::as_str).is_none() {
            continue; // FJ-DATA-FIELD-SHAPE
        }
        let mut path = field.key.to_string();
        if let Some((at, problem)) = validate(&field.value, example, &mut path) {
            sink.report(
                at,
                format!(
                    "the __example__ of data field '{}' does not match its schema: {problem}",
                    field.key
                ),
            );
        }
    }
}

fn type_matches(t: &str, value: &Node) -> Option<bool> {
    Some(match t {
        "string" => matches!(value.value, Value::String(_)),
        "number" => matches!(value.value, Value::Number(_)),
        "integer" => matches!(value.value, Value::Number(n) if n.value.fract() == 0.0),
        "boolean" => matches!(value.value, Value::Bool(_)),
        "object" => matches!(value.value, Value::Object(_)),
        "array" => matches!(value.value, Value::Array(_)),
        "null" => matches!(value.value, Value::Null),
        _ => return None,
    })
}

/// The first place where `value` breaks `schema`, with a description.
fn validate<'a>(
    schema: &Node,
    value: &'a Node<'a>,
    path: &mut String,
) -> Option<(&'a Node<'a>, String)> {
    if !schema.is_object() {
        // `true`/`false` schemas and anything odd: only `false` refuses.
        return (schema.as_bool() == Some(false))
            .then(|| (value, format!("'{path}' is not allowed")));
    }
    let type_problem = match schema.get("type").map(|t| &t.value) {
        Some(Value::String(t)) if type_matches(t, value) == Some(false) => Some(format!(
            "'{path}' should be of type {t}, found {}",
            value.type_name()
        )),
        Some(Value::Array(types))
            if !types.is_empty()
                && !types
                    .iter()
                    .filter_map(Node::as_str)
                    .any(|t| type_matches(t, value) != Some(false)) =>
        {
            Some(format!(
                "'{path}' has type {}, which the schema does not allow",
                value.type_name()
            ))
        }
        _ => None,
    };
    if let Some(problem) = type_problem {
        return Some((value, problem));
    }
    if let Some(options) = schema.get("enum").and_then(Node::as_array) {
        if !options.iter().any(|o| same_scalar(o, value)) && is_scalar(value) {
            return Some((
                value,
                format!("'{path}' is not one of the values listed in enum"),
            ));
        }
    }
    match &value.value {
        Value::Object(members) => {
            if let Some(required) = schema.get("required").and_then(Node::as_array) {
                if let Some(missing) = required
                    .iter()
                    .filter_map(Node::as_str)
                    .find(|k| !members.iter().any(|m| m.key == *k))
                {
                    return Some((
                        value,
                        format!("'{path}' lacks the required property '{missing}'"),
                    ));
                }
            }
            let props = schema
                .get("properties")
                .and_then(Node::as_object)
                .unwrap_or(&[]);
            for m in members {
                if let Some(sub) = props.iter().find(|p| p.key == m.key) {
                    let len = path.len();
                    path.push('.');
                    path.push_str(&m.key);
                    let found = validate(&sub.value, &m.value, path);
                    path.truncate(len);
                    if found.is_some() {
                        return found;
                    }
                }
            }
        }
        Value::Array(items) => {
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    let len = path.len();
                    path.push_str(&format!("[{i}]"));
                    let found = validate(item_schema, item, path);
                    path.truncate(len);
                    if found.is_some() {
                        return found;
                    }
                }
            }
        }
        _ => {}
    }
    None
}

fn is_scalar(n: &Node) -> bool {
    !matches!(n.value, Value::Object(_) | Value::Array(_))
}

fn same_scalar(a: &Node, b: &Node) -> bool {
    match (&a.value, &b.value) {
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x.value == y.value,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Null, Value::Null) => true,
        _ => false,
    }
}
