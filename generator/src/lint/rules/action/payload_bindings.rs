use crate::flow::binding::{has_ref, refs, Target};
use crate::flow::{Flow, Screen, Versions};
use crate::lint::rules::util::each_string;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{lookup, screen_name, Lookup};

pub static RULE: Rule = Rule {
    id: "FJ-PAYLOAD-BINDINGS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "bindings inside action payloads resolve",
    explain: "Every `${…}` inside an action payload must point at something that exists when the \
action fires: `${data.x}` a field declared in the current screen's `data`, `${form.x}` the name of \
an input on the current screen (not a Form's name), and `${screen.ID.data.x}` / \
`${screen.ID.form.x}` an existing screen and a field or input on it. WhatsApp rejects unresolved \
references (INVALID_ON_CLICK_ACTION_PAYLOAD); at run time they would send nothing.",
    help: "fix the reference, or declare the field / add the input it names",
    check,
};

fn has_input(screen: &Screen, name: &str) -> Option<bool> {
    let mut form = false;
    for c in screen.components.iter().filter(|c| c.name == Some(name)) {
        if c.kind == Some("Form") {
            form = true;
        } else {
            return Some(true);
        }
    }
    if form {
        Some(false)
    } else {
        None
    }
}

fn problem(flow: &Flow, here: &Screen, target: &Target) -> Option<String> {
    let dotted = |p: &[&str]| p.join(".");
    match target {
        Target::Data(path) => match lookup(here, path) {
            Lookup::Missing(0) => Some(format!(
                "screen {} declares no data field '{}'",
                screen_name(here),
                path[0]
            )),
            Lookup::Missing(i) => Some(format!(
                "data field '{}' of screen {} has no property '{}'",
                dotted(&path[..i]),
                screen_name(here),
                path.get(i).copied().unwrap_or_default()
            )),
            _ => None,
        },
        Target::Form(name) => match has_input(here, name) {
            Some(true) => None,
            Some(false) => Some(format!(
                "'{name}' is a Form; a form binding names an input inside it"
            )),
            None => Some(format!(
                "screen {} has no component named '{name}'",
                screen_name(here)
            )),
        },
        Target::ScreenData(id, path) => {
            let Some(there) = flow.screen(id) else {
                return Some(format!("there is no screen '{id}'"));
            };
            match lookup(there, path) {
                Lookup::Missing(i) => Some(format!(
                    "screen '{id}' declares no data '{}'",
                    dotted(&path[..=i.min(path.len().saturating_sub(1))])
                )),
                _ => None,
            }
        }
        Target::ScreenForm(id, name) => {
            let Some(there) = flow.screen(id) else {
                return Some(format!("there is no screen '{id}'"));
            };
            match has_input(there, name) {
                Some(true) => None,
                Some(false) => Some(format!(
                    "'{name}' on screen '{id}' is a Form; name an input inside it"
                )),
                None => Some(format!("screen '{id}' has no component named '{name}'")),
            }
        }
        Target::Invalid => None, // FJ-BIND-SYNTAX
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in &flow.actions {
        let (Some(payload), Some(here)) = (action.payload, flow.screens.get(action.screen)) else {
            continue;
        };
        each_string(payload, &mut |node, s| {
            if !has_ref(s) {
                return;
            }
            for r in refs(s) {
                if let Some(p) = problem(flow, here, &r.target) {
                    sink.report(node, format!("'{}' does not resolve: {p}", r.text));
                }
            }
        });
    }
}
