use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-FORM-NONEMPTY",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "a Form has at least one child",
    explain: "A Form with an empty `children` array renders nothing and collects nothing. Meta's \
Builder does not reject it, but other tooling does (pywa refuses empty Forms) and it is almost \
always a leftover. Put the screen's inputs into the Form or remove it.",
    help: "add the screen's components to the Form's children, or remove the Form",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for form in screen.of_kind("Form") {
            let Some(children) = form.node.get("children") else {
                continue;
            };
            if children.as_array().is_some_and(|c| c.is_empty()) {
                let name = form.name.map(|n| format!(" '{n}'")).unwrap_or_default();
                sink.report(children, format!("Form{name} has no children"));
            }
        }
    }
}
