use crate::flow::binding::{has_ref, is_expression};
use crate::flow::Versions;
use crate::lint::rules::util::quoted;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-TARGET",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`navigate` goes to an existing screen",
    explain: "`next.name` of a `navigate` action must be the `id` of a screen of this Flow; \
WhatsApp rejects unknown targets (\"Unknown screen ids found\"). Screen ids are case-sensitive.",
    help: "use the id of one of the Flow's screens",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in &flow.actions {
        let Some(target) = action.next_screen else {
            continue;
        };
        if action.name != Some("navigate") || has_ref(target) || is_expression(target) {
            continue;
        }
        if flow.screen(target).is_some() {
            continue;
        }
        let at = action
            .node
            .get("next")
            .and_then(|n| n.get("name"))
            .unwrap_or(action.node);
        let ids: Vec<&str> = flow.screens.iter().filter_map(|s| s.id).collect();
        let close = ids.iter().find(|id| id.eq_ignore_ascii_case(target));
        let help = match close {
            Some(id) => format!("did you mean '{id}'? (screen ids are case-sensitive)"),
            None if ids.is_empty() => RULE.help.to_owned(),
            None => format!("use one of {}", quoted(&ids)),
        };
        sink.report_help(
            at,
            format!("navigate target '{target}' is not a screen of this Flow"),
            help,
        );
    }
}
