use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::screen_label;

pub static RULE: Rule = Rule {
    id: "FJ-FORM-MAX-ONE",
    level: Level::Error,
    versions: Versions::since(v(7, 0)),
    always: false,
    summary: "at most one Form per screen (7.0+)",
    explain: "From Flow JSON 7.0 Meta's Flow Builder allows a single Form per screen \
(COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN). Several Forms on one screen were never useful: the Footer \
submits the whole screen anyway. Merge the Forms' children into one Form.",
    help: "merge the Forms of this screen into one",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let mut forms = screen.of_kind("Form");
        if forms.next().is_none() {
            continue;
        }
        for extra in forms {
            let name = extra.name.map(|n| format!(" '{n}'")).unwrap_or_default();
            sink.report(
                extra.node,
                format!(
                    "{} has a second Form{name}; only one Form per screen is allowed",
                    screen_label(screen)
                ),
            );
        }
    }
}
