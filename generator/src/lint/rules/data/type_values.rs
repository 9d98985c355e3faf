use crate::flow::json::Value;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{dotted, walk_all, TYPES};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-TYPE-VALUES",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "data types are string, number, integer, boolean, object or array",
    explain:
        "Data-model types are JSON-Schema type names: `string`, `number`, `boolean`, `object` \
and `array` as documented, plus `integer`, which the Builder's JSON-Schema check also accepts. \
`null` is not supported, and neither are spellings such as `String` or `int`. Applies to the field \
and to every nested `properties`/`items` schema.",
    help: "use one of string, number, integer, boolean, object, array",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    walk_all(ctx, &mut |schema, path, depth| {
        let Some(t) = schema.get("type") else { return };
        match &t.value {
            Value::String(s) => {
                if !TYPES.contains(&s.as_ref()) {
                    sink.report(
                        t,
                        format!(
                            "type '{s}' of data field '{}' is not supported{}",
                            dotted(path),
                            hint(s)
                        ),
                    );
                }
            }
            Value::Array(items) if depth > 0 => {
                for item in items {
                    match item.as_str() {
                        Some(s) if TYPES.contains(&s) => {}
                        Some(s) => sink.report(
                            item,
                            format!(
                                "type '{s}' of data field '{}' is not supported{}",
                                dotted(path),
                                hint(s)
                            ),
                        ),
                        None => sink.report(
                            item,
                            format!(
                                "a type of data field '{}' is a JSON {}, not a type name",
                                dotted(path),
                                item.type_name()
                            ),
                        ),
                    }
                }
            }
            // A non-string type at the top level is FJ-DATA-FIELD-SHAPE's.
            _ if depth == 0 => {}
            _ => sink.report(
                t,
                format!(
                    "the type of data field '{}' is a JSON {}; it must be a type name",
                    dotted(path),
                    t.type_name()
                ),
            ),
        }
    });
}

fn hint(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let suggestion = match lower.as_str() {
        "str" | "text" => Some("string"),
        "int" | "long" => Some("integer"),
        "float" | "double" | "decimal" => Some("number"),
        "bool" => Some("boolean"),
        "list" => Some("array"),
        "dict" | "map" => Some("object"),
        "null" => None,
        other => TYPES.iter().copied().find(|t| *t == other),
    };
    match (lower.as_str(), suggestion) {
        ("null", _) => " (null values are not supported in data models)".into(),
        (_, Some(t)) => format!(" (did you mean '{t}'?)"),
        _ => String::new(),
    }
}
