use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, on_screen, version};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-REQUIRED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "components carry their required properties",
    explain: "Each component has mandatory properties (for example `text` on text components, `name` \
and `label` on inputs, `data-source` on selection components, `label` and `on-click-action` on \
Footer, `src` on Image). The Builder reports a missing one as `MISSING_REQUIRED_PROPERTY`. Some \
become required in a later version: the `label` of CheckboxGroup and RadioButtonsGroup is mandatory \
from 4.0. Add the missing property.",
    help: "add the missing property",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let version = version(ctx);
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((_, table)) = available(ctx, c) else {
                continue;
            };
            for req in table.required {
                if req.since > version || c.node.get(req.name).is_some() {
                    continue;
                }
                let from = if req.since > crate::flow::version::v(2, 1) {
                    format!(" (required from Flow JSON {})", req.since)
                } else {
                    String::new()
                };
                sink.report_help(
                    c.node,
                    format!(
                        "{}{} is missing required property '{}'{from}",
                        c.label(),
                        on_screen(screen),
                        req.name
                    ),
                    format!("add '{}' to the component", req.name),
                );
            }
        }
    }
}
