use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-FIELD-SHAPE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`data` is an object whose fields each have a string `type` and an `__example__`",
    explain: "A screen's `data` declares what `${data.…}` may reference. It is an object mapping each \
field name (every key except a literal `required`) to a JSON-Schema object with a string `type` and \
an `__example__` value, which previews and the Builder use as mock data (\"Missing the definition of \
property 'type'.\"). This rule also reports a `data` that is not an object.",
    help: "declare the field as {\"type\": \"string\", \"__example__\": \"…\"}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let Some(data) = screen.node.get("data") else {
            continue;
        };
        let Some(members) = data.as_object() else {
            sink.report(
                data,
                format!(
                    "\"data\" is a JSON {}; it must be an object of field declarations",
                    data.type_name()
                ),
            );
            continue;
        };
        for m in members.iter().filter(|m| m.key != "required") {
            let key = &m.key;
            let field = &m.value;
            if !field.is_object() {
                sink.report(field, format!("data field '{key}' is a JSON {}; it must be a schema object with \"type\" and \"__example__\"", field.type_name()));
                continue;
            }
            match field.get("type") {
                None => sink.report(field, format!("data field '{key}' has no \"type\"")),
                Some(t) if t.as_str().is_none() => {
                    sink.report(t, format!("the type of data field '{key}' is a JSON {}; it must be a string such as \"string\"", t.type_name()))
                }
                Some(_) => {}
            }
            if field.get("__example__").is_none() {
                sink.report_help(
                    field,
                    format!("data field '{key}' has no \"__example__\""),
                    "add \"__example__\" with a value of the declared type (used as preview data)",
                );
            }
        }
    }
}
