use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DAPI-VALUE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`data_api_version` is \"3.0\", or \"4.0\" with Flow JSON 7.3",
    explain:
        "`data_api_version` names the endpoint (data-exchange) protocol version. It is a string: \
\"3.0\" works with every Flow JSON version, \"4.0\" (platform-side verification, optional \
flow_token_signature) only with Flow JSON 7.3. Any other value is refused by the schema.",
    help: "use \"data_api_version\": \"3.0\" (or \"4.0\" with \"version\": \"7.3\")",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(node) = ctx.flow.data_api_version else {
        return;
    };
    match node.as_str() {
        Some("3.0") => {}
        Some("4.0") => match ctx.version() {
            Some(ver) if ver < v(7, 3) => sink.report_help(
                node,
                format!("data_api_version \"4.0\" needs Flow JSON 7.3; this Flow is {ver}"),
                "use \"data_api_version\": \"3.0\", or set \"version\": \"7.3\"",
            ),
            _ => {}
        },
        Some(other) => sink.report(
            node,
            format!("data_api_version \"{other}\" is not supported; use \"3.0\" or \"4.0\""),
        ),
        None => sink.report(
            node,
            format!(
                "data_api_version is a JSON {}; it must be the string \"3.0\" or \"4.0\"",
                node.type_name()
            ),
        ),
    }
}
