use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::PICKERS;

pub static RULE: Rule = Rule {
    id: "FJ-PICKER-ONE-PER-SCREEN",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "at most one PhotoPicker or DocumentPicker per screen (combined)",
    explain: "A screen holds at most one media picker: one PhotoPicker or one DocumentPicker, not \
both and not two of a kind (\"maximum of 1 component of type PhotoPicker or DocumentPicker\"). \
Mutually exclusive If/Switch branches count once, as the largest branch. Put each upload on its \
own screen.",
    help: "move the other picker to its own screen",
    check,
};

fn is_picker(n: &Node) -> bool {
    n.get("type")
        .and_then(Node::as_str)
        .is_some_and(|k| PICKERS.contains(&k))
}

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let count = screen.count_exclusive(&is_picker);
        if count < 2 {
            continue;
        }
        let second = screen
            .components
            .iter()
            .filter(|c| c.kind.is_some_and(|k| PICKERS.contains(&k)))
            .nth(1);
        if let Some(c) = second {
            sink.report(
                c.node,
                format!(
                    "screen '{}' holds {count} PhotoPicker/DocumentPicker components; at most 1 is allowed",
                    screen.id.unwrap_or("?")
                ),
            );
        }
    }
}
