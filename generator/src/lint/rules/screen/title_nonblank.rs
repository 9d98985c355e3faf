use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::rules::util::is_blank;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{label, objects};

pub static RULE: Rule = Rule {
    id: "FJ-SCREEN-TITLE-NONBLANK",
    level: Level::Error,
    versions: Versions::since(v(5, 0)),
    always: false,
    summary: "screen titles are not blank",
    explain: "From Flow JSON 5.0 a screen title that is empty or only white space is refused \
(\"should not be blank\"). Give every screen a short title saying what the user does there.",
    help: "write a short title, e.g. \"Your details\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in objects(ctx) {
        if let Some(t) = screen.node.get("title") {
            if t.as_str().is_some_and(is_blank) {
                sink.report(t, format!("the title of screen {} is blank", label(screen)));
            }
        }
    }
}
