use crate::flow::model::Container;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{available, on_screen, version};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-CONTAINER",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "components sit only in containers that accept them",
    explain: "Not every component may be nested everywhere: a Form holds no Form and no RichText; \
If branches hold no Form, RichText, NavigationList or ImageCarousel; Switch cases hold none of those \
and no If or Switch; CalendarPicker may be nested in If/Switch from 6.1. The Builder's schema rejects \
other placements. Move the component to the top level of the screen's `children` (or out of the \
Form). Related rules report inputs outside a Form before 4.0 (FJ-FORM-REQUIRED-PRE4), Footer depth \
(FJ-IF-FOOTER) and ChipsSelector in If/Switch before 7.1 (FJ-CHIPS-VERSION).",
    help: "move the component to a container that accepts it (usually the screen's top level)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let version = version(ctx);
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((spec, _)) = available(ctx, c) else {
                continue;
            };
            let (allowed, place) = match c.container {
                Container::Top => continue,
                Container::Form => (spec.in_form.then_some(spec.since), "a Form"),
                Container::IfThen | Container::IfElse => (spec.in_if, "an If"),
                Container::SwitchCase => (spec.in_switch, "a Switch case"),
            };
            match allowed {
                Some(since) if since <= version => {}
                // ChipsSelector in If/Switch before 7.1 is reported by FJ-CHIPS-VERSION.
                Some(_) if spec.kind == "ChipsSelector" => {}
                Some(since) => sink.report_help(
                    c.node,
                    format!(
                        "{} may be placed inside {place} only from Flow JSON {since}{}",
                        spec.kind,
                        on_screen(screen)
                    ),
                    format!("move it out of {place}, or set \"version\" to \"{since}\" or later"),
                ),
                None => sink.report(
                    c.node,
                    format!(
                        "{} cannot be placed inside {place}{}",
                        spec.kind,
                        on_screen(screen)
                    ),
                ),
            }
        }
    }
}
