use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-RICHTEXT-PLACEMENT",
    level: Level::Error,
    versions: Versions::since(v(5, 1)),
    always: false,
    summary: "RichText is alone on its screen (6.3+: alone with one Footer), at most one per screen",
    explain: "A RichText component takes the whole screen. In Flow JSON 5.1–6.2 it must be the only \
component of its screen; from 6.3 one Footer may sit beside it. A screen holds at most one RichText. \
Meta's Builder rejects other placements (INVALID_RICHTEXT_PLACEMENT). Move the other components to \
their own screen and link to the RichText screen with a navigate action.",
    help: "move the other components to another screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let footer_ok = ctx.at_least(6, 3);
    for screen in &ctx.flow.screens {
        let mut rich = screen.of_kind("RichText");
        if rich.next().is_none() {
            continue;
        }
        for extra in rich {
            sink.report(
                extra.node,
                "a screen holds at most one RichText; this is the second one",
            );
        }
        let id = screen.id.unwrap_or("?");
        let mut footers = 0;
        for child in screen.children.unwrap_or(&[]) {
            let kind = child.get("type").and_then(|t| t.as_str());
            match kind {
                Some("RichText") => {}
                Some("Footer") if footer_ok && footers == 0 => footers += 1,
                Some("Footer") if footer_ok => sink.report(
                    child,
                    format!("screen '{id}' holds a RichText; only one Footer may sit beside it"),
                ),
                other => {
                    let what = other.unwrap_or("component");
                    let allowed = if footer_ok {
                        "only a Footer may sit beside it"
                    } else {
                        "it must be alone on the screen before 6.3"
                    };
                    sink.report(
                        child,
                        format!("{what} on screen '{id}', which holds a RichText: {allowed}"),
                    );
                }
            }
        }
    }
}
