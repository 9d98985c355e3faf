use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, items, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-ACTION-EXCLUSIVE",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "an on-select/on-unselect action is not on both the component and its items",
    explain:
        "`on-select-action` and `on-unselect-action` can be set on the selection component or \
on individual data-source items, but the same action may not appear at both levels: the Builder \
refuses it (\"cannot be used at both the component and data-source levels\"). Keep the action \
where it belongs: per item for item-specific updates, on the component otherwise.",
    help: "remove the action either from the component or from the data-source items",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, SELECTION) {
        for prop in ["on-select-action", "on-unselect-action"] {
            if c.node.get(prop).is_none() {
                continue;
            }
            for (i, item) in items(c, "data-source").iter().enumerate() {
                if let Some(a) = item.get(prop) {
                    sink.report(
                        a,
                        format!("`{prop}` is set on {} and on its data-source item {i}; use only one level", c.label()),
                    );
                }
            }
        }
    }
}
