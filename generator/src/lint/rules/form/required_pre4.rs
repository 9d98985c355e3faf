use crate::flow::components::is_input;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::screen_label;

pub static RULE: Rule = Rule {
    id: "FJ-FORM-REQUIRED-PRE4",
    level: Level::Error,
    versions: Versions::before(v(4, 0)),
    always: false,
    summary: "before 4.0, input components sit inside a Form",
    explain: "Until Flow JSON 4.0 a Form was the only place where input components (TextInput, \
TextArea, CheckboxGroup, RadioButtonsGroup, Dropdown, DatePicker, OptIn) could live: WhatsApp \
rejects an input placed directly in the layout with \"must be defined inside parent property \
'Form'\". Wrap the inputs (and usually the Footer that submits them) in a Form, or move the Flow \
to version 4.0 or later where Forms are optional.",
    help: "wrap the input in a Form component, or use Flow JSON 4.0 or later",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some(kind) = c.kind else { continue };
            if is_input(kind) && !c.in_form {
                let name = c.name.map(|n| format!(" '{n}'")).unwrap_or_default();
                sink.report(
                    c.node,
                    format!(
                        "{kind}{name} on {} is not inside a Form",
                        screen_label(screen)
                    ),
                );
            }
        }
    }
}
