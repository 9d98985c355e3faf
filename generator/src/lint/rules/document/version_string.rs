use crate::flow::json::Value;
use crate::flow::{Version, Versions};
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-VERSION-STRING",
    level: Level::Error,
    versions: Versions::ALL,
    always: true,
    summary: "`version` is a string of the form \"M.m\"",
    explain:
        "The Flow JSON version is written as a JSON string with a major and a minor number, such \
as \"7.3\". A JSON number (7.3) is refused by Meta (INVALID_FLOW_JSON_VERSION), and so are strings \
like \"7\", \"v7.3\" or \"7.3.0\". Minor numbers are not decimals: after 1.9 comes 1.10.",
    help: "write the version as a string, e.g. \"version\": \"7.3\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(node) = ctx.flow.version_node else {
        return;
    };
    match &node.value {
        Value::String(s) if Version::parse(s).is_some() => {}
        Value::String(s) => sink.report(
            node,
            format!("\"version\" is \"{s}\", not of the form \"<major>.<minor>\""),
        ),
        Value::Number(_) => sink.report_help(
            node,
            "\"version\" is a number; it must be a string",
            format!(
                "put the version in quotes: \"version\": \"{}\"",
                number_text(node)
            ),
        ),
        _ => sink.report(
            node,
            format!(
                "\"version\" is a JSON {}; it must be a string such as \"7.3\"",
                node.type_name()
            ),
        ),
    }
}

fn number_text(node: &crate::flow::json::Node) -> String {
    node.as_f64()
        .map(|f| f.to_string())
        .unwrap_or_else(|| "7.3".into())
}
