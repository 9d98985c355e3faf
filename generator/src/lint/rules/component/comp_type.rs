use crate::flow::components::{spec_of, SPECS};
use crate::flow::json::Node;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{closest, on_screen, version};

pub static RULE: Rule = Rule {
    id: "FJ-COMP-TYPE",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "every component has a known type that exists in the Flow's version",
    explain: "Each entry of a screen's `children` (and of Form children, If branches and Switch cases) \
is a component object whose `type` names one of the documented components. WhatsApp rejects unknown \
types, and types newer than the Flow's `version` (for example ChipsSelector needs 6.3, \
NavigationList 6.2, ImageCarousel 7.1, If/Switch/PhotoPicker/DocumentPicker 4.0). Fix the spelling \
(types are case-sensitive) or raise the Flow's `version`.",
    help: "use one of the documented component types, or raise the Flow JSON version",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let version = version(ctx);
    for screen in &ctx.flow.screens {
        for c in &screen.components {
            let Some(type_node) = c.node.get("type") else {
                sink.report(
                    c.node,
                    format!("component{} has no 'type'", on_screen(screen)),
                );
                continue;
            };
            let Some(kind) = type_node.as_str() else {
                sink.report(
                    type_node,
                    format!(
                        "component 'type' must be a string, found {}",
                        type_node.type_name()
                    ),
                );
                continue;
            };
            match spec_of(kind) {
                Some(spec) if spec.since > version => sink.report_help(
                    type_node,
                    format!("component '{kind}' is available from Flow JSON {}; this Flow uses {version}", spec.since),
                    format!("set \"version\" to \"{}\" or later, or use another component", spec.since),
                ),
                Some(_) => {}
                None => unknown(sink, type_node, kind),
            }
        }
    }
}

fn unknown(sink: &mut Sink, at: &Node, kind: &str) {
    let message = format!("unknown component type '{kind}'");
    match closest(kind, SPECS.iter().map(|s| s.kind)) {
        Some(hint) => sink.report_help(
            at,
            message,
            format!("did you mean '{hint}'? (types are case-sensitive)"),
        ),
        None => sink.report(at, message),
    }
}
