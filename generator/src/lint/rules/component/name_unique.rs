use std::collections::HashMap;

use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::on_screen;

pub static RULE: Rule = Rule {
    id: "FJ-COMP-NAME-UNIQUE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "component names are unique on a screen",
    explain: "An input's `name` is the key its value is stored under (`${form.name}`), so two \
components on one screen may not share it — not even in different branches of an If or Switch \
(`DUPLICATE_FORM_COMPONENT_NAMES`). The Form's own name is not counted. Rename one of them.",
    help: "give each component on the screen its own name",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for screen in &ctx.flow.screens {
        seen.clear();
        for c in &screen.components {
            if c.kind == Some("Form") {
                continue;
            }
            let Some(name) = c.name else { continue };
            let kind = c.kind.unwrap_or("component");
            if let Some(first) = seen.get(name) {
                let at = c.node.get("name").unwrap_or(c.node);
                sink.report(
                    at,
                    format!(
                        "name '{name}' of this {kind} is already used by a {first}{}",
                        on_screen(screen)
                    ),
                );
            } else {
                seen.insert(name, kind);
            }
        }
    }
}
