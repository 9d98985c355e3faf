use crate::flow::json::Value;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{dotted, walk_all};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-ARRAY-ITEMS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "array data fields declare `items`",
    explain:
        "A data field of type `array` must say what its elements are with an `items` schema (an \
object, or a boolean), at every nesting level (\"Missing the schema for property 'items' in \
array.\"). Without it, bindings into the elements cannot be checked.",
    help: "add \"items\": {\"type\": \"object\", \"properties\": {…}} (or {\"type\": \"string\"})",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    walk_all(ctx, &mut |schema, path, _| {
        if schema.get("type").and_then(|t| t.as_str()) != Some("array") {
            return;
        }
        match schema.get("items") {
            None => sink.report(
                schema,
                format!(
                    "array data field '{}' has no \"items\" schema",
                    dotted(path)
                ),
            ),
            Some(items) if !matches!(items.value, Value::Object(_) | Value::Bool(_)) => sink
                .report(
                    items,
                    format!(
                        "\"items\" of data field '{}' is a JSON {}; it must be a schema object",
                        dotted(path),
                        items.type_name()
                    ),
                ),
            Some(_) => {}
        }
    });
}
