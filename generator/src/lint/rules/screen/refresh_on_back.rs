use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::label;

pub static RULE: Rule = Rule {
    id: "FJ-REFRESH-ON-BACK",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`refresh_on_back: true` only in endpoint Flows",
    explain: "With `refresh_on_back: true`, going back from the screen sends a BACK request to the \
endpoint to refresh the previous screen's data. A Flow without `data_api_version` has no endpoint \
(\"can be true only when property 'data_api_version' is set\").",
    help: "remove \"refresh_on_back\", or make the Flow an endpoint Flow (data_api_version + routing_model)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if ctx.flow.has_endpoint() {
        return;
    }
    for screen in &ctx.flow.screens {
        if let Some(node) = screen
            .node
            .get("refresh_on_back")
            .filter(|n| n.as_bool() == Some(true))
        {
            sink.report(node, format!("screen {} has \"refresh_on_back\": true but the Flow has no \"data_api_version\"", label(screen)));
        }
    }
}
