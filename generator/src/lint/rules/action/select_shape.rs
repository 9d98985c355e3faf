use crate::flow::{ActionSite, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::site_label;

pub static RULE: Rule = Rule {
    id: "FJ-ACTION-SELECT-SHAPE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "on-select/on-unselect actions have exactly `name` and an object `payload`",
    explain: "Unlike `on-click-action`, the selection actions (`on-select-action`, \
`on-unselect-action`) always carry a `payload` object (possibly empty) and nothing besides `name` \
and `payload`: no `next`, no `url`. WhatsApp's schema rejects anything else.",
    help: "give the action a \"payload\" object and remove other keys",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow
        .actions
        .iter()
        .filter(|a| a.site != ActionSite::OnClick)
    {
        let Some(members) = action.node.as_object() else {
            continue;
        };
        let where_ = site_label(flow, action);
        match action.payload {
            None => sink.report(action.node, format!("{where_} has no 'payload'")),
            Some(p) if !p.is_object() => sink.report(
                p,
                format!(
                    "'payload' of {where_} must be an object, found {}",
                    p.type_name()
                ),
            ),
            Some(_) => {}
        }
        for m in members
            .iter()
            .filter(|m| m.key != "name" && m.key != "payload")
        {
            sink.report_help(
                &m.value,
                format!(
                    "'{}' is not allowed in {where_} (only 'name' and 'payload')",
                    m.key
                ),
                format!("remove '{}'", m.key),
            );
        }
    }
}
