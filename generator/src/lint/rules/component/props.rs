use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{closest, known, version};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-PROPS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "components carry only their documented properties, for the Flow's version",
    explain: "Every component is a closed object: the Builder rejects any property the component \
does not define (\"Property '…' is not allowed in '…' component.\"). A frequent case is `required` on \
PhotoPicker/DocumentPicker, which have none: `min-uploaded-photos` / `min-uploaded-documents` of 1 or \
more make them mandatory. A known property used before the version that introduced it is refused \
the same way: `description` on CheckboxGroup / RadioButtonsGroup and `init-value` / \
`error-message` on inputs need 4.0, for example. A few such properties have a rule of their own, \
which reports them instead: `markdown` (FJ-TEXT-MARKDOWN), `pattern` (FJ-TEXTINPUT-PATTERN), \
`label-variant` (FJ-LABEL-VARIANT), `media-size` (FJ-MEDIA-SIZE) and the actions (FJ-ACTION-ALLOWED, \
FJ-CHIPS-VERSION). Remove or rename the property, or raise the Flow's version.",
    help: "remove the property or fix its spelling",
    check,
};

/// Known properties whose version another rule checks (with advice specific to them).
const VERSION_ELSEWHERE: &[&str] = &[
    "markdown",
    "pattern",
    "label-variant",
    "media-size",
    "on-click-action",
    "on-select-action",
    "on-unselect-action",
];

fn check(ctx: &Context, sink: &mut Sink) {
    let version = version(ctx);
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((spec, table)) = known(c) else {
                continue;
            };
            for m in c.node.as_object().unwrap_or(&[]) {
                if let Some(prop) = table.prop(&m.key) {
                    // A component type that is too new is FJ-COMP-TYPE's finding, not each of
                    // its properties'.
                    if prop.since > version
                        && spec.since <= version
                        && !VERSION_ELSEWHERE.contains(&prop.name)
                    {
                        let hint = if prop.outside_form {
                            format!(
                                "; before {} set it in the Form's `init-values` / `error-messages`",
                                prop.since
                            )
                        } else {
                            String::new()
                        };
                        sink.report_help(
                            &m.value,
                            format!(
                                "property '{}' of '{}' needs Flow JSON {} or later; this Flow is {version}",
                                m.key, spec.kind, prop.since
                            ),
                            format!("raise \"version\" to {} or later, or remove '{}'{hint}", prop.since, m.key),
                        );
                    }
                    continue;
                }
                let message = format!(
                    "property '{}' is not allowed in '{}' component",
                    m.key, spec.kind
                );
                let help = match (spec.kind, m.key.as_ref()) {
                    ("PhotoPicker", "required") => {
                        "PhotoPicker has no 'required': set 'min-uploaded-photos' to 1 or more to make it mandatory".to_owned()
                    }
                    ("DocumentPicker", "required") => {
                        "DocumentPicker has no 'required': set 'min-uploaded-documents' to 1 or more to make it mandatory".to_owned()
                    }
                    _ => match closest(&m.key, table.props.iter().map(|p| p.name)) {
                        Some(hint) => format!("did you mean '{hint}'?"),
                        None => {
                            let names: Vec<&str> = table.props.iter().map(|p| p.name).collect();
                            format!("remove it; '{}' accepts: {}", spec.kind, names.join(", "))
                        }
                    },
                };
                sink.report_help(&m.value, message, help);
            }
        }
    }
}
