use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{cut_off, name_of, short, Cut};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-GEN-CONNECTED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "without routing_model, every screen is linked by navigate actions",
    explain: "Without a `routing_model`, WhatsApp builds the screen graph from `navigate` (and \
`complete`) actions. With two or more screens, every screen must take part in it and all screens \
must be connected, taking navigate actions in either direction from the first screen; Meta rejects \
an isolated screen (\"… via navigate screen action\"). A screen holding a NavigationList counts as \
linked to every other screen. Add a navigate action that leads to the screen, or remove it.",
    help: "add a navigate action to this screen from the screen before it, or remove the screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    let first = name_of(flow, 0);
    for (screen, cut) in flow.screens.iter().zip(cut_off(flow)) {
        let Some(id) = screen.id.map(short) else {
            continue;
        };
        match cut {
            Cut::Unlinked => sink.report(
                screen.node,
                format!(
                    "screen '{id}' is not linked to any other screen via navigate screen action"
                ),
            ),
            Cut::GenDisconnected => sink.report(
                screen.node,
                format!("screen '{id}' is not connected to '{first}' via navigate screen actions"),
            ),
            _ => {}
        }
    }
}
