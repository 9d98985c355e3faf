use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::items;

pub static RULE: Rule = Rule {
    id: "FJ-NAVLIST-ACTION",
    level: Level::Error,
    versions: Versions::since(v(6, 2)),
    always: false,
    summary: "NavigationList on-click-action on the component xor on every item; navigate/data_exchange; not to its own screen",
    explain: "A NavigationList reacts to a tap either with one `on-click-action` on the component \
or with an `on-click-action` on every item — never both (\"can only be defined at either root \
level or within the 'list-items', but not both\"), and one of them is required. The action is \
`navigate` or `data_exchange`, and a navigate goes to another screen than the list's own.",
    help: "set on-click-action on the component or on every item, not both",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("NavigationList") {
            let root = c.node.get("on-click-action");
            let literal = c.node.get("list-items").and_then(Node::as_array);
            let list = items(c, "list-items");
            for (i, item) in list.iter().enumerate() {
                match (root, item.get("on-click-action")) {
                    (Some(_), Some(a)) => sink.report(
                        a,
                        format!(
                            "{} has on-click-action at both the component and item {i}",
                            c.label()
                        ),
                    ),
                    (None, None) if item.is_object() => sink.report(
                        item,
                        format!(
                            "item {i} of {} has no on-click-action, and the component has none",
                            c.label()
                        ),
                    ),
                    _ => {}
                }
            }
            if root.is_none() && literal.is_some_and(|l| l.is_empty()) {
                sink.report(c.node, format!("{} has no on-click-action", c.label()));
            }
            let actions = root
                .into_iter()
                .chain(list.iter().filter_map(|i| i.get("on-click-action")));
            for a in actions {
                let Some(name_node) = a.get("name") else {
                    continue;
                };
                match name_node.as_str() {
                    Some("navigate" | "data_exchange") => {}
                    Some(other) => sink.report(
                        name_node,
                        format!(
                            "NavigationList actions are navigate or data_exchange, not '{other}'"
                        ),
                    ),
                    None => {}
                }
                let next = a.get("next").and_then(|n| n.get("name"));
                if let (Some(n), Some(id)) = (next, screen.id) {
                    if n.as_str() == Some(id)
                        && a.get("name").and_then(Node::as_str) == Some("navigate")
                    {
                        sink.report(
                            n,
                            format!("the NavigationList navigates to its own screen '{id}'"),
                        );
                    }
                }
            }
        }
    }
}
