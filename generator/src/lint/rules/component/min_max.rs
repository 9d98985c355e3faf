use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, fmt_num, number};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-MIN-MAX",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "minimum properties are not greater than their maximum",
    explain: "Paired limits must be consistent: `min-chars` ≤ `max-chars` (TextInput), \
`min-selected-items` ≤ `max-selected-items` (CheckboxGroup, ChipsSelector), `min-uploaded-photos` ≤ \
`max-uploaded-photos` (PhotoPicker), `min-uploaded-documents` ≤ `max-uploaded-documents` \
(DocumentPicker), `min-days` ≤ `max-days` (CalendarPicker). The Builder rejects a minimum above the \
maximum (`MIN_VALUE_GREATER_THAN_MAX`). Only static numbers are compared.",
    help: "lower the minimum or raise the maximum",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((_, table)) = available(ctx, c) else {
                continue;
            };
            for &(min_key, max_key) in table.min_max {
                let Some(min_node) = c.node.get(min_key) else {
                    continue;
                };
                let (Some(min), Some(max)) =
                    (number(min_node), c.node.get(max_key).and_then(number))
                else {
                    continue;
                };
                if min > max {
                    sink.report(
                        min_node,
                        format!(
                            "'{min_key}' ({}) of {} is greater than '{max_key}' ({})",
                            fmt_num(min),
                            c.label(),
                            fmt_num(max)
                        ),
                    );
                }
            }
        }
    }
}
