use crate::flow::json::Node;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, on_screen};

/// The list properties that need at least one item.
const LISTS: &[&str] = &["data-source", "list-items", "images"];

pub static RULE: Rule = Rule {
    id: "FJ-COMP-OPTION-MIN",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "static option lists are not empty",
    explain: "A static `data-source` (CheckboxGroup, RadioButtonsGroup, Dropdown, ChipsSelector), \
`list-items` (NavigationList) or `images` (ImageCarousel) array must hold at least one item \
(`MIN_ITEMS_REQUIRED`). Add the items, or bind the property to a data field (`${data.options}`) \
when the list comes from the endpoint or a navigate payload.",
    help: "add at least one item, or bind the list to a data field",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((_, table)) = available(ctx, c) else {
                continue;
            };
            for list in LISTS {
                if table.prop(list).is_none() {
                    continue;
                }
                let Some(value) = c.node.get(list) else {
                    continue;
                };
                if value.as_array().is_some_and(<[Node]>::is_empty) {
                    sink.report(
                        value,
                        format!(
                            "'{list}' of {}{} is an empty array",
                            c.label(),
                            on_screen(screen)
                        ),
                    );
                }
            }
        }
    }
}
