use crate::flow::version::{v, Version};
use crate::flow::{ActionSite, Versions};
use crate::lint::rules::util::quoted;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{component, site_label};

pub static RULE: Rule = Rule {
    id: "FJ-ACTION-ALLOWED",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "each action is one the component, property and version allow",
    explain: "Each action property accepts a fixed set of actions. `on-click-action`: `navigate` and \
`data_exchange` on Footer, EmbeddedLink, OptIn and NavigationList (component or item), `complete` \
on Footer only, `open_url` (6.0+) on EmbeddedLink and OptIn. `on-select-action`: `data_exchange` on \
CheckboxGroup, RadioButtonsGroup, Dropdown, DatePicker, CalendarPicker and ChipsSelector (7.1+), \
`update_data` (6.0+) on CheckboxGroup, RadioButtonsGroup, Dropdown, OptIn, ChipsSelector (7.1+) and \
data-source items. `on-unselect-action` (6.0+): `update_data` only, on the same components. \
WhatsApp rejects any other combination (\"Value should be one of …\"). Every action is an object \
with a string `name`.",
    help: "use one of the actions this property allows",
    check,
};

const V6: Version = v(6, 0);
const V21: Version = v(2, 1);
const V71: Version = v(7, 1);
const V63: Version = v(6, 3);

/// The actions allowed at a site, with the version each became available.
fn allowed(kind: &str, item: bool, site: ActionSite) -> &'static [(&'static str, Version)] {
    use ActionSite::*;
    if item {
        return match (kind, site) {
            ("NavigationList", OnClick) => &[("navigate", V21), ("data_exchange", V21)],
            ("NavigationList", _) => &[],
            ("ChipsSelector", OnSelect | OnUnselect) => &[("update_data", V63)],
            (_, OnSelect | OnUnselect) => &[("update_data", V6)],
            _ => &[],
        };
    }
    match (kind, site) {
        ("Footer", OnClick) => &[("navigate", V21), ("data_exchange", V21), ("complete", V21)],
        ("EmbeddedLink", OnClick) | ("OptIn", OnClick) => {
            &[("navigate", V21), ("data_exchange", V21), ("open_url", V6)]
        }
        ("NavigationList", OnClick) => &[("navigate", V21), ("data_exchange", V21)],
        ("OptIn", OnSelect | OnUnselect) => &[("update_data", V6)],
        ("CheckboxGroup" | "RadioButtonsGroup" | "Dropdown", OnSelect) => {
            &[("data_exchange", V21), ("update_data", V6)]
        }
        ("CheckboxGroup" | "RadioButtonsGroup" | "Dropdown", OnUnselect) => &[("update_data", V6)],
        ("DatePicker" | "CalendarPicker", OnSelect) => &[("data_exchange", V21)],
        ("ChipsSelector", OnSelect) => &[("data_exchange", V71), ("update_data", V71)],
        ("ChipsSelector", OnUnselect) => &[("update_data", V71)],
        _ => &[],
    }
}

const KNOWN: &[&str] = &[
    "navigate",
    "data_exchange",
    "complete",
    "update_data",
    "open_url",
];

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in &flow.actions {
        let Some(kind) = component(flow, action).and_then(|c| c.kind) else {
            continue;
        };
        if crate::flow::components::spec_of(kind).is_none() {
            continue; // unknown component type: FJ-COMP-TYPE
        }
        // Component-level ChipsSelector actions before 7.1 are FJ-CHIPS-VERSION's.
        if kind == "ChipsSelector" && action.item.is_none() && !ctx.at_least(7, 1) {
            continue;
        }
        if !action.node.is_object() {
            let where_ = site_label(flow, action);
            sink.report(
                action.node,
                format!(
                    "{where_} must be an object, found {}",
                    action.node.type_name()
                ),
            );
            continue;
        }
        let Some(name) = action.name else {
            match action.node.get("name") {
                Some(n) => sink.report(
                    n,
                    format!("action 'name' must be a string, found {}", n.type_name()),
                ),
                None => sink.report(
                    action.node,
                    format!("{} has no 'name'", site_label(flow, action)),
                ),
            }
            continue;
        };
        let at = action.node.get("name").unwrap_or(action.node);
        let list = allowed(kind, action.item.is_some(), action.site);
        let available: Vec<&str> = list
            .iter()
            .filter(|(_, since)| ctx.version().map_or(true, |ver| ver >= *since))
            .map(|(n, _)| *n)
            .collect();
        if available.contains(&name) {
            continue;
        }
        let where_ = site_label(flow, action);
        let allowed_text = if available.is_empty() {
            "no action is allowed there".to_owned()
        } else {
            format!("allowed: {}", quoted(&available))
        };
        if let Some((_, since)) = list.iter().find(|(n, _)| *n == name) {
            let ver = ctx.version().map(|v| v.to_string()).unwrap_or_default();
            sink.report_help(
                at,
                format!(
                    "'{name}' in {where_} needs Flow JSON {since} or later (this Flow is {ver})"
                ),
                format!(
                    "raise \"version\" to {since} or later, or use another action ({allowed_text})"
                ),
            );
        } else if !KNOWN.contains(&name) {
            sink.report(
                at,
                format!("unknown action '{name}' in {where_} ({allowed_text})"),
            );
        } else {
            sink.report(
                at,
                format!("'{name}' is not allowed in {where_} ({allowed_text})"),
            );
        }
    }
}
