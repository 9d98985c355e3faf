use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, fmt_num, number};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-RANGES",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "numeric limits are within their allowed ranges",
    explain: "Some numeric properties have bounds: CheckboxGroup `min-selected-items` ≥ 0 and \
`max-selected-items` ≥ 2; ChipsSelector `min-selected-items` ≥ 0 and `max-selected-items` ≥ 1; \
PhotoPicker/DocumentPicker `max-file-size-kb` 1–25600, `min-uploaded-*` 0–30 and `max-uploaded-*` \
1–30, as whole numbers. The Builder rejects values outside (`MINIMUM_VALUE_REQUIRED` / \
`MAXIMUM_VALUE_REQUIRED`).",
    help: "use a value within the allowed range",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((_, table)) = available(ctx, c) else {
                continue;
            };
            for range in table.ranges {
                let Some(node) = c.node.get(range.name) else {
                    continue;
                };
                let Some(n) = number(node) else { continue };
                let bounds = match (range.min, range.max) {
                    (Some(lo), Some(hi)) => format!("between {} and {}", fmt_num(lo), fmt_num(hi)),
                    (Some(lo), None) => format!("at least {}", fmt_num(lo)),
                    (None, Some(hi)) => format!("at most {}", fmt_num(hi)),
                    (None, None) => String::new(),
                };
                let what = c.label();
                if range.min.is_some_and(|lo| n < lo) || range.max.is_some_and(|hi| n > hi) {
                    sink.report(
                        node,
                        format!(
                            "'{}' of {what} is {}; it must be {bounds}",
                            range.name,
                            fmt_num(n)
                        ),
                    );
                } else if range.integer && n.fract() != 0.0 {
                    sink.report_help(
                        node,
                        format!(
                            "'{}' of {what} is {n}; it must be a whole number",
                            range.name
                        ),
                        "use a whole number",
                    );
                }
            }
        }
    }
}
