use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-IF-THEN",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "an If has a non-empty `then` array",
    explain: "An If component renders its `then` components when the condition holds (and `else`, \
if given, otherwise). `then` is required and must hold at least one component; WhatsApp rejects an \
empty one with \"Expected array to contain at least one component.\" (A missing `then` is \
FJ-COMP-REQUIRED's finding.)",
    help: "put at least one component in the If's `then` array",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("If") {
            // A missing `then` is reported by FJ-COMP-REQUIRED.
            let Some(then) = c.node.get("then") else {
                continue;
            };
            match then.as_array() {
                None => sink.report(
                    then,
                    format!(
                        "If 'then' must be an array of components, found {}",
                        then.type_name()
                    ),
                ),
                Some([]) => sink.report(then, "If 'then' is empty"),
                Some(_) => {}
            }
        }
    }
}
