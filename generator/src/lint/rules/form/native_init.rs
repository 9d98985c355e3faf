use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-FORM-NATIVE-INIT",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "Form `init-values` do not pre-fill PhotoPicker/DocumentPicker",
    explain:
        "Media pickers hand over files the user picks on the device; they cannot be pre-filled. \
WhatsApp rejects a Form whose `init-values` names a PhotoPicker or DocumentPicker \
(NATIVE_COMPONENT_IN_FORM_INIT_VALUES).",
    help: "remove the picker's entry from `init-values`",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for form in screen.of_kind("Form") {
            let Some(members) = form.node.get("init-values").and_then(Node::as_object) else {
                continue;
            };
            for m in members {
                let picker = screen.components.iter().find(|c| {
                    c.name == Some(m.key.as_ref())
                        && matches!(c.kind, Some("PhotoPicker" | "DocumentPicker"))
                });
                if let Some(kind) = picker.and_then(|p| p.kind) {
                    sink.report(&m.value, format!("init-values sets '{}', which is a {kind}; pickers cannot be pre-filled", m.key));
                }
            }
        }
    }
}
