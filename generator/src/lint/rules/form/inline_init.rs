use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-FORM-INLINE-INIT",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "components inside a Form take no `init-value`/`error-message`",
    explain: "Since Flow JSON 4.0 inputs outside a Form may carry their own `init-value` and \
`error-message`. Inside a Form they may not: the Form owns those values through its \
`init-values` and `error-messages` objects (keyed by input name), and WhatsApp rejects the \
property on the child (INVALID_PROPERTY_KEY).",
    help: "move the value into the Form's `init-values` / `error-messages` object under the input's name",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.components.iter().filter(|c| c.in_form) {
            for key in ["init-value", "error-message"] {
                let Some(value) = c.node.get(key) else {
                    continue;
                };
                let kind = c.kind.unwrap_or("component");
                let name = c.name.unwrap_or("…");
                let owner = if key == "init-value" {
                    "init-values"
                } else {
                    "error-messages"
                };
                sink.report_help(
                    value,
                    format!("{kind} '{name}' sits inside a Form and cannot have '{key}'"),
                    format!(
                        "remove '{key}' and put the value in the Form's '{owner}' under \"{name}\""
                    ),
                );
            }
        }
    }
}
