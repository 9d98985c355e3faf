use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{label, objects};

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-TITLE",
    level: Level::Error,
    versions: Versions::since(v(5, 1)),
    always: false,
    summary: "each screen has a string `title`",
    explain: "The title is shown in the screen's top bar. The docs call it optional, but Meta's \
Builder requires it on every screen from 5.1 (MISSING_REQUIRED_PROPERTY), so a Flow without titles \
cannot be published. It is a string, and may be a `${data…}` binding.",
    help: "add \"title\": \"…\" to the screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in objects(ctx) {
        match screen.node.get("title") {
            None => sink.report(
                screen.node,
                format!("screen {} has no \"title\"", label(screen)),
            ),
            Some(t) if t.as_str().is_none() => sink.report(
                t,
                format!(
                    "the title of screen {} is a JSON {}; it must be a string",
                    label(screen),
                    t.type_name()
                ),
            ),
            Some(_) => {}
        }
    }
}
