use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{label, objects};

pub static RULE: Rule = Rule {
    id: "FJ-SENSITIVE-REFS",
    level: Level::Error,
    versions: Versions::since(v(5, 1)),
    always: false,
    summary: "each `sensitive` entry names a component of the screen",
    explain: "`sensitive` is an array of component names of the same screen whose values are masked \
(or hidden) in the summary shown after completion. An entry that is not the `name` of a component on \
that screen protects nothing and is refused (INVALID_SENSITIVE_FIELD).",
    help: "list the `name` of an input on this screen, e.g. [\"password\"]",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in objects(ctx) {
        let Some(node) = screen.node.get("sensitive") else {
            continue;
        };
        let Some(entries) = node.as_array() else {
            sink.report(node, format!("\"sensitive\" on screen {} is a JSON {}; it must be an array of component names", label(screen), node.type_name()));
            continue;
        };
        for entry in entries {
            match entry.as_str() {
                None => sink.report(
                    entry,
                    format!(
                        "a \"sensitive\" entry is a JSON {}; it must be a component name",
                        entry.type_name()
                    ),
                ),
                Some(name) => {
                    if !screen.components.iter().any(|c| c.name == Some(name)) {
                        let names: Vec<&str> = screen
                            .components
                            .iter()
                            .filter(|c| c.kind != Some("Form"))
                            .filter_map(|c| c.name)
                            .collect();
                        let help = if names.is_empty() {
                            "this screen has no named components; remove the entry".to_owned()
                        } else {
                            format!("use one of {}", crate::lint::rules::util::quoted(&names))
                        };
                        sink.report_help(entry, format!("\"sensitive\" names '{name}', but screen {} has no component with that name", label(screen)), help);
                    }
                }
            }
        }
    }
}
