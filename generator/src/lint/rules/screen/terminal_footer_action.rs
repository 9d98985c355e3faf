use crate::flow::version::v;
use crate::flow::{ActionSite, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::label;

pub static RULE: Rule = Rule {
    id: "FJ-TERMINAL-FOOTER-ACTION",
    level: Level::ErrorExceptIn(&[Versions::before(v(7, 3))]),
    versions: Versions::ALL,
    always: false,
    summary: "a terminal screen's Footer completes the Flow (complete, or data_exchange with an endpoint)",
    explain: "On a terminal screen the Footer must end the Flow: with `complete`, or in an endpoint \
Flow with `data_exchange` (the endpoint then answers with the SUCCESS response that closes it). A \
`navigate` there would leave the user stranded. Meta's Builder enforces this from 7.3 (\"Invalid \
value found for property 'name'\"); in earlier versions it is the documented advice, so a warning.",
    help: "use \"on-click-action\": {\"name\": \"complete\", \"payload\": {...}}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let endpoint = ctx.flow.has_endpoint();
    for action in &ctx.flow.actions {
        let Some(screen) = ctx.flow.screens.get(action.screen) else {
            continue;
        };
        if !screen.terminal || action.site != ActionSite::OnClick || action.item.is_some() {
            continue;
        }
        if screen.components.get(action.component).and_then(|c| c.kind) != Some("Footer") {
            continue;
        }
        let Some(name) = action.name else { continue };
        let ok = name == "complete" || (endpoint && name == "data_exchange");
        if ok {
            continue;
        }
        let at = action.node.get("name").unwrap_or(action.node);
        let allowed = if endpoint {
            "'complete' or 'data_exchange'"
        } else {
            "'complete'"
        };
        sink.report(
            at,
            format!(
                "the Footer of terminal screen {} uses '{name}'; it must be {allowed}",
                label(screen)
            ),
        );
    }
}
