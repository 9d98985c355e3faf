use std::collections::HashMap;

use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, items, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-ID-UNIQUE",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "option ids are unique within one data-source or list-items",
    explain: "The `id` of an option is what the Flow sends back when it is selected. Two options \
with the same id cannot be told apart (and selecting one may select both). No Meta check catches \
this, so it is a warning. Give every option its own id.",
    help: "give every item its own `id`",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let kinds: Vec<&str> = SELECTION
        .iter()
        .copied()
        .chain(["NavigationList"])
        .collect();
    for (_, c) in each_of(ctx.flow, &kinds) {
        let prop = if c.kind == Some("NavigationList") {
            "list-items"
        } else {
            "data-source"
        };
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, item) in items(c, prop).iter().enumerate() {
            let Some(id_node) = item.get("id") else {
                continue;
            };
            let Some(id) = id_node.as_str() else { continue };
            if let Some(first) = seen.get(id) {
                sink.report(
                    id_node,
                    format!(
                        "{} `{prop}` item {i} repeats the id '{id}' of item {first}",
                        super::common::describe(c)
                    ),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }
}
