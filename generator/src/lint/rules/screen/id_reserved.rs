use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-ID-RESERVED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "no screen is called `SUCCESS`",
    explain: "`SUCCESS` is the pseudo-screen an endpoint answers with to close the Flow, so it cannot \
be a screen id (SCREEN_ID_IS_RESERVED_KEYWORD). The docs reserve `SUCCESS`, Meta's Builder compares \
with `success`; both are errors here, and other spellings such as `Success` are a warning because \
they are easily confused with it.",
    help: "rename the screen, e.g. \"CONFIRMATION\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let Some(id) = screen.id else { continue };
        let Some(at) = screen.node.get("id") else {
            continue;
        };
        if id == "SUCCESS" || id == "success" {
            sink.report(
                at,
                format!(
                    "screen id '{id}' is reserved: it is the pseudo-screen that closes the Flow"
                ),
            );
        } else if id.eq_ignore_ascii_case("success") {
            sink.warn(
                at,
                format!("screen id '{id}' differs from the reserved 'SUCCESS' only in case"),
                RULE.help,
            );
        }
    }
}
