use std::collections::HashSet;

use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-BACK-EDGE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "routing_model has no pair A → B and B → A",
    explain:
        "The routing model holds forward routes only: the back button already walks every edge \
backwards. Listing both `A → B` and `B → A` declares a backward route, which Meta rejects with \
\"Backward route … is not allowed\". Keep the forward direction and remove the other one; if the \
user must return, they use the back button (or the endpoint sends them to an earlier screen).",
    help: "keep only the forward route; the back button covers the way back",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let mut seen: HashSet<(&str, &str)> = HashSet::new();
    for (key, _, destinations) in ctx.flow.routes() {
        for d in destinations {
            let Some(to) = d.as_str() else { continue };
            if to == key {
                continue;
            }
            if seen.contains(&(to, key)) {
                let (key, to) = (super::common::short(key), super::common::short(to));
                sink.report(
                    d,
                    format!(
                        "backward route from '{key}' to '{to}': '{to}' already routes to '{key}'"
                    ),
                );
            }
            seen.insert((key, to));
        }
    }
}
