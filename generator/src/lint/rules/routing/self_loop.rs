use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-SELF-LOOP",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "no screen routes to itself in routing_model",
    explain: "A routing model lists forward moves only; a screen that lists itself as its own \
destination (`\"A\": [\"A\"]`) is a loop, which Meta rejects with \"Loop detected in the routing \
model\". To show the same screen again with new data, let the endpoint answer with that screen \
instead; remove the self reference from the model.",
    help: "remove the screen's own id from its destinations",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (key, _, destinations) in ctx.flow.routes() {
        for d in destinations {
            if d.as_str() == Some(key) {
                sink.report(
                    d,
                    format!("screen '{}' routes to itself", super::common::short(key)),
                );
            }
        }
    }
}
