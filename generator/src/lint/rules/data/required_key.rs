use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-REQUIRED-KEY",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "a `required` key in `data` is an array of field names",
    explain:
        "`data` is read as a JSON-Schema `properties` map, so a literal key `required` is not a \
field but the JSON-Schema list of required field names, and must be an array of strings. A field \
that happens to be called `required` cannot be declared; rename it.",
    help: "write \"required\": [\"field_a\", \"field_b\"], or rename a field called 'required'",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let Some(node) = screen.data.and_then(|d| d.get("required")) else {
            continue;
        };
        match node.as_array() {
            None => sink.report(
                node,
                format!(
                    "\"required\" in data is a JSON {}; it must be an array of field names",
                    node.type_name()
                ),
            ),
            Some(items) => {
                for item in items.iter().filter(|i| i.as_str().is_none()) {
                    sink.report(
                        item,
                        format!(
                            "an entry of \"required\" is a JSON {}; it must be a field name",
                            item.type_name()
                        ),
                    );
                }
            }
        }
    }
}
