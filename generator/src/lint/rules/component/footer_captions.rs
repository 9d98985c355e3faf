use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-FOOTER-CAPTIONS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "Footer captions: left and right together, or center alone",
    explain: "A Footer may show captions either on both sides of the button (`left-caption` and \
`right-caption`, always together) or a single `center-caption` — never the center one with a side \
one, and never one side alone (`INVALID_DEPENDENCIES`). Add the missing side caption, or use only \
`center-caption`.",
    help: "use left-caption with right-caption, or center-caption alone",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for footer in screen.of_kind("Footer") {
            let get = |k: &str| footer.node.get(k);
            let (left, center, right) = (
                get("left-caption"),
                get("center-caption"),
                get("right-caption"),
            );
            if let Some(center) = center {
                if left.is_some() || right.is_some() {
                    let side = if left.is_some() {
                        "left-caption"
                    } else {
                        "right-caption"
                    };
                    sink.report_help(
                        center,
                        format!("Footer has both 'center-caption' and '{side}'"),
                        "use either center-caption alone, or left-caption with right-caption",
                    );
                }
                continue;
            }
            match (left, right) {
                (Some(l), None) => sink.report_help(
                    l,
                    "Footer has 'left-caption' without 'right-caption'",
                    "add right-caption, or use center-caption alone",
                ),
                (None, Some(r)) => sink.report_help(
                    r,
                    "Footer has 'right-caption' without 'left-caption'",
                    "add left-caption, or use center-caption alone",
                ),
                _ => {}
            }
        }
    }
}
