use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::available;

pub static RULE: Rule = Rule {
    id: "FJ-COMP-OPTION-MAX",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "option counts stay within the documented limits",
    explain: "The components reference documents how many options a component shows: \
CheckboxGroup and RadioButtonsGroup 1–20, Dropdown 1–200 (1–100 when any option has an image), \
ChipsSelector 2–20, NavigationList 1–20 items (more are not rendered). The Builder does not check \
these counts, so they are warnings. Split long lists, or use a Dropdown for many choices.",
    help: "reduce the number of options (split the list or use another component)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((_, table)) = available(ctx, c) else {
                continue;
            };
            let Some(limit) = table.options else { continue };
            let Some(value) = c.node.get(limit.list) else {
                continue;
            };
            let Some(items) = value.as_array() else {
                continue;
            };
            let n = items.len();
            let with_images = items.iter().any(|i| i.get("image").is_some());
            let (max, why) = match limit.max_with_images {
                Some(m) if with_images => (m, " when options have images"),
                _ => (limit.max, ""),
            };
            if n > max {
                sink.report(
                    value,
                    format!(
                        "{} has {n} items in '{}'; the documented maximum is {max}{why}",
                        c.label(),
                        limit.list
                    ),
                );
            } else if n >= 1 && n < limit.min {
                sink.report_help(
                    value,
                    format!(
                        "{} has {n} item in '{}'; the documented minimum is {}",
                        c.label(),
                        limit.list,
                        limit.min
                    ),
                    "add more options",
                );
            }
        }
    }
}
