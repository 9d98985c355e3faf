use crate::flow::components::is_input;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::screen_label;

pub static RULE: Rule = Rule {
    id: "FJ-FORM-OUTSIDE",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary: "when a screen has a Form, all its inputs are inside it",
    explain: "From Flow JSON 4.0 a Form is optional, but a screen cannot mix both styles: once a \
screen contains a Form, every input component on it (TextInput, TextArea, CheckboxGroup, \
RadioButtonsGroup, Dropdown, DatePicker, CalendarPicker, ChipsSelector, OptIn, PhotoPicker, \
DocumentPicker) must be a descendant of that Form. WhatsApp rejects the Flow with \
COMPONENTS_OUTSIDE_FORM otherwise. Move the input into the Form, or drop the Form and use \
`init-value`/`error-message` on the inputs themselves.",
    help: "move the input into the screen's Form (or remove the Form altogether)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let Some(form) = screen.of_kind("Form").next() else {
            continue;
        };
        let form_name = form.name.map(|n| format!(" '{n}'")).unwrap_or_default();
        for c in &screen.components {
            let Some(kind) = c.kind else { continue };
            if is_input(kind) && !c.in_form {
                let name = c.name.map(|n| format!(" '{n}'")).unwrap_or_default();
                sink.report(
                    c.node,
                    format!(
                        "{kind}{name} is outside the Form{form_name} of {}",
                        screen_label(screen)
                    ),
                );
            }
        }
    }
}
