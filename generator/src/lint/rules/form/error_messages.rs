use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-FORM-ERROR-MESSAGES",
    level: Level::Error,
    versions: Versions::since(v(7, 0)),
    always: false,
    summary: "Form `error-messages` values are strings (7.0+)",
    explain:
        "A Form's `error-messages` object maps input names to the error text shown under each \
input. From Flow JSON 7.0 WhatsApp type-checks it and rejects any value that is not a string \
(INVALID_PROPERTY_VALUE). The whole object may still be a binding to a data field.",
    help: "make the error message a string (or a `${data.…}` binding)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for form in screen.of_kind("Form") {
            let Some(members) = form.node.get("error-messages").and_then(Node::as_object) else {
                continue;
            };
            for m in members.iter().filter(|m| m.value.as_str().is_none()) {
                sink.report(
                    &m.value,
                    format!(
                        "error-messages '{}' must be a string, found {}",
                        m.key,
                        m.value.type_name()
                    ),
                );
            }
        }
    }
}
