use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DAPI-RECOMMENDED",
    level: Level::Warning,
    versions: Versions::between(v(7, 3), v(7, 3)),
    always: false,
    summary: "prefer data_api_version \"4.0\" with Flow JSON 7.3",
    explain:
        "With Flow JSON 7.3 Meta recommends Data API 4.0 for endpoint Flows. It keeps the \
encryption and payloads of 3.0 and adds platform-side verification and the optional \
flow_token_signature. 3.0 keeps working, so this is advice; check your endpoint supports 4.0 first.",
    help: "set \"data_api_version\": \"4.0\" once the endpoint handles it",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(node) = ctx.flow.data_api_version else {
        return;
    };
    if ctx.version() == Some(v(7, 3)) && node.as_str() == Some("3.0") {
        sink.report(
            node,
            "data_api_version \"3.0\" works, but \"4.0\" is recommended with Flow JSON 7.3",
        );
    }
}
