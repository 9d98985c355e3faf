use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-NAVLIST-ALONE",
    level: Level::Error,
    versions: Versions::since(v(6, 2)),
    always: false,
    summary: "a screen with a NavigationList holds only NavigationLists",
    explain: "A NavigationList screen is a menu: besides one or two NavigationList components \
(and a Form wrapping them, which is tolerated) it may hold no other component — no text, no \
Footer (INVALID_COMPONENT_PLACEMENT). Use the list's `label` and `description` for text. (More \
than two NavigationLists on a screen is FJ-COMP-PER-SCREEN-MAX's finding.)",
    help: "move the other components to another screen; use the list's label/description for text",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        if screen.of_kind("NavigationList").next().is_none() {
            continue;
        }
        let id = screen.id.unwrap_or("?");
        for c in &screen.components {
            match c.kind {
                Some("NavigationList" | "Form") => {}
                other => sink.report(
                    c.node,
                    format!("{} on screen '{id}', which holds a NavigationList; only NavigationLists may be there", other.unwrap_or("component")),
                ),
            }
        }
    }
}
