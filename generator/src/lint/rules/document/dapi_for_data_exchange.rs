use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DAPI-FOR-DATA-EXCHANGE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "a Flow with `data_exchange` actions declares `data_api_version`",
    explain: "A `data_exchange` action sends the user's input to the Flow's endpoint. Only endpoint \
Flows have one, and a Flow is an endpoint Flow when it declares `data_api_version` (\"The property \
'data_api_version' is required for data_exchange action.\"). Fix: add data_api_version (and a \
routing_model) and configure the endpoint, or use navigate/complete instead.",
    help: "add \"data_api_version\": \"3.0\" and a \"routing_model\", or replace the action with navigate/complete",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if ctx.flow.has_endpoint() {
        return;
    }
    for action in ctx
        .flow
        .actions
        .iter()
        .filter(|a| a.name == Some("data_exchange"))
    {
        let at = action.node.get("name").unwrap_or(action.node);
        sink.report(
            at,
            "this data_exchange action needs an endpoint, but the Flow has no \"data_api_version\"",
        );
    }
}
