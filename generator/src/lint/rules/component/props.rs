use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{closest, known};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-PROPS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "components carry only their documented properties",
    explain: "Every component is a closed object: the Builder rejects any property the component \
does not define (\"Property '…' is not allowed in '…' component.\"). A frequent case is `required` on \
PhotoPicker/DocumentPicker, which have none: `min-uploaded-photos` / `min-uploaded-documents` of 1 or \
more make them mandatory. This rule reports properties the component has in no version; a known \
property used before the version that introduced it is left to the specific rules (FJ-TEXT-MARKDOWN, \
FJ-TEXTINPUT-PATTERN, FJ-LABEL-VARIANT, FJ-MEDIA-SIZE, …). Remove or rename the property.",
    help: "remove the property or fix its spelling",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some((spec, table)) = known(c) else {
                continue;
            };
            for m in c.node.as_object().unwrap_or(&[]) {
                if table.prop(&m.key).is_some() {
                    continue;
                }
                let message = format!(
                    "property '{}' is not allowed in '{}' component",
                    m.key, spec.kind
                );
                let help = match (spec.kind, m.key.as_str()) {
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
