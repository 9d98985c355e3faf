use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTING-WITH-DAPI",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "an endpoint Flow (with `data_api_version`) has a `routing_model`",
    explain: "In an endpoint Flow the endpoint decides which screen comes next, so WhatsApp cannot \
derive the possible routes from navigate actions; the Flow must list them in `routing_model`, a map \
from each screen id to the screens it may go to (\"The property 'routing_model' is required for \
property 'data_api_version'.\").",
    help: "add \"routing_model\": { \"FIRST\": [\"SECOND\"], \"SECOND\": [] } listing the forward routes",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if let (Some(dapi), None) = (ctx.flow.data_api_version, ctx.flow.routing_model) {
        sink.report(
            dapi,
            "the Flow declares \"data_api_version\" but has no \"routing_model\"",
        );
    }
}
