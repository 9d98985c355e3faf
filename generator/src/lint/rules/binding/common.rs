//! What the binding rules share: one walk over every bindable string of a Flow (screen titles,
//! component properties, If conditions, Switch values, action properties and payloads) and the
//! resolution of `${…}` targets against screens' data models and components.
//! `data` declarations and their `__example__` values are not bindings and are never visited.

use crate::flow::binding::Target;
use crate::flow::expression::Ty;
use crate::flow::json::{Node, Value};
use crate::flow::{Component, Flow, Screen};

/// Where a string sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    /// The screen's `title`.
    Title,
    /// A component property (anything below it except actions' payloads).
    Property,
    /// A Form's `init-values` / `error-messages`.
    FormInit,
    /// An If `condition`.
    Condition,
    /// Inside the `payload` of an action with this `name` (None: not a string).
    Payload(Option<&'a str>),
}

/// One string value that may hold bindings.
pub struct Site<'a, 'f> {
    pub screen: &'f Screen<'a>,
    pub component: Option<&'f Component<'a>>,
    /// The component's top-level property holding the string (`title` for the screen title).
    pub prop: &'a str,
    pub place: Place<'a>,
    pub node: &'a Node,
    pub text: &'a str,
    /// True when `node` is the property's whole value.
    pub whole: bool,
}

const ACTIONS: [&str; 3] = ["on-click-action", "on-select-action", "on-unselect-action"];

/// Calls `f` on every bindable string of the Flow.
pub fn each_site<'a, 'f>(flow: &'f Flow<'a>, f: &mut dyn FnMut(&Site<'a, 'f>)) {
    for screen in &flow.screens {
        if let Some(title) = screen.node.get("title") {
            if let Value::String(s) = &title.value {
                f(&Site {
                    screen,
                    component: None,
                    prop: "title",
                    place: Place::Title,
                    node: title,
                    text: s,
                    whole: true,
                });
            }
        }
        for component in &screen.components {
            let Some(members) = component.node.as_object() else {
                continue;
            };
            for m in members {
                let key = m.key.as_str();
                let child_list = match component.kind {
                    Some("Form") => key == "children",
                    Some("If") => key == "then" || key == "else",
                    Some("Switch") => key == "cases",
                    _ => false,
                };
                if child_list || key == "type" || key == "name" {
                    continue;
                }
                // An action that is not an object is FJ-ACTION-ALLOWED's, not a text to check.
                if ACTIONS.contains(&key) && !m.value.is_object() {
                    continue;
                }
                let place = if component.kind == Some("Form")
                    && (key == "init-values" || key == "error-messages")
                {
                    Place::FormInit
                } else if component.kind == Some("If") && key == "condition" {
                    Place::Condition
                } else {
                    Place::Property
                };
                let mut site = |node: &'a Node, text: &'a str, place: Place<'a>| {
                    if is_plain_media(key, text) {
                        return;
                    }
                    let whole = std::ptr::eq(node, &m.value);
                    f(&Site {
                        screen,
                        component: Some(component),
                        prop: key,
                        place,
                        node,
                        text,
                        whole,
                    });
                };
                walk(&m.value, place, ACTIONS.contains(&key), &mut site);
            }
        }
    }
}

/// A long base64 image (`src`, data-source `image`, NavigationList `start.image`): a binding there is
/// the whole value, so such a string holds none and is not worth scanning on every rule.
fn is_plain_media(key: &str, text: &str) -> bool {
    text.len() > 1024
        && matches!(key, "src" | "images" | "data-source" | "list-items")
        && !text.starts_with(['$', '`'])
        && !text.ends_with('}')
}

fn walk<'a>(
    node: &'a Node,
    place: Place<'a>,
    is_action: bool,
    f: &mut dyn FnMut(&'a Node, &'a str, Place<'a>),
) {
    match &node.value {
        Value::String(s) => f(node, s, place),
        Value::Array(items) => items.iter().for_each(|n| walk(n, place, false, f)),
        Value::Object(members) => {
            let name = if is_action {
                node.get("name").and_then(Node::as_str)
            } else {
                None
            };
            for m in members {
                let inner = if is_action && m.key == "payload" {
                    Place::Payload(name)
                } else {
                    place
                };
                let action = !is_action && ACTIONS.contains(&m.key.as_str());
                walk(&m.value, inner, action, f);
            }
        }
        _ => {}
    }
}

/// How a data path resolves in a data model.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'a> {
    /// Declared; the schema node of the last segment.
    Field(&'a Node),
    /// Not declared; the first segment that fails.
    Missing(usize),
}

/// Resolves `path` in `screen`'s data model. Paths below an array or an object without
/// `properties` are accepted (their shape is not declared precisely enough to check).
pub fn resolve_data<'a>(screen: &Screen<'a>, path: &[&str]) -> Resolved<'a> {
    let Some(first) = path.first() else {
        return Resolved::Missing(0);
    };
    let Some(mut node) = screen.data_field(first) else {
        return Resolved::Missing(0);
    };
    for (i, seg) in path.iter().enumerate().skip(1) {
        match node.get("type").and_then(Node::as_str) {
            Some("object") => match node.get("properties") {
                Some(props) if props.is_object() => match props.get(seg) {
                    Some(n) => node = n,
                    None => return Resolved::Missing(i),
                },
                _ => return Resolved::Field(node),
            },
            Some("string" | "number" | "integer" | "boolean") => return Resolved::Missing(i),
            _ => return Resolved::Field(node),
        }
    }
    Resolved::Field(node)
}

/// The component named `name` on `screen`.
pub fn named<'f, 'a>(screen: &'f Screen<'a>, name: &str) -> Option<&'f Component<'a>> {
    screen.components.iter().find(|c| c.name == Some(name))
}

/// The value type of an input component (Any when it depends on its configuration).
pub fn input_type(kind: Option<&str>) -> Ty {
    match kind {
        Some("OptIn") => Ty::Boolean,
        Some("CheckboxGroup" | "ChipsSelector" | "PhotoPicker" | "DocumentPicker") => Ty::Array,
        Some("TextArea" | "RadioButtonsGroup" | "Dropdown" | "DatePicker") => Ty::String,
        _ => Ty::Any,
    }
}

fn schema_ty(node: &Node) -> Ty {
    node.get("type")
        .and_then(Node::as_str)
        .map_or(Ty::Any, Ty::from_schema)
}

/// The type of a binding as seen from `screen` (Any when unknown or unresolved).
pub fn target_type(flow: &Flow, screen: &Screen, target: &Target) -> Ty {
    match target {
        Target::Data(path) => match resolve_data(screen, path) {
            Resolved::Field(n) => schema_ty(n),
            Resolved::Missing(_) => Ty::Any,
        },
        Target::Form(name) => input_type(named(screen, name).and_then(|c| c.kind)),
        Target::ScreenData(id, path) => match flow.screen(id).map(|s| resolve_data(s, path)) {
            Some(Resolved::Field(n)) => schema_ty(n),
            _ => Ty::Any,
        },
        Target::ScreenForm(id, name) => input_type(
            flow.screen(id)
                .and_then(|s| named(s, name))
                .and_then(|c| c.kind),
        ),
        Target::Invalid => Ty::Any,
    }
}

/// The type a component property expects, where it is clear: the catalogue's value type
/// (`flow::components::value_type`), so the binding rules and FJ-COMP-PROP-TYPE agree.
pub fn property_type(kind: Option<&str>, prop: &str) -> Option<Ty> {
    use crate::flow::components::{value_type, ValueType};
    match value_type(kind?, prop)? {
        ValueType::Text => Some(Ty::String),
        ValueType::Boolean | ValueType::StaticBoolean => Some(Ty::Boolean),
        ValueType::Number | ValueType::Integer | ValueType::StaticNumber => Some(Ty::Number),
        ValueType::Array | ValueType::Components => Some(Ty::Array),
        ValueType::Object => Some(Ty::Object),
        ValueType::TextOrLines | ValueType::TextOrObject | ValueType::CheckedBy(_) => None,
    }
}

/// `'a'` (with "a" for a text).
pub fn article(ty: Ty) -> &'static str {
    match ty {
        Ty::Array | Ty::Object | Ty::Any => "an",
        _ => "a",
    }
}

/// What is wrong with a global reference.
pub enum Global<'a> {
    NoScreen(&'a str),
    /// The local spelling to use instead.
    SelfRef(String),
    /// Screen id and a description of the missing field.
    NoField(&'a str, String),
}

/// Calls `f` on every unresolvable global reference outside action payloads.
pub fn each_global<'a, 'f>(
    flow: &'f Flow<'a>,
    f: &mut dyn FnMut(&Site<'a, 'f>, &'a str, Global<'a>),
) {
    each_site(flow, &mut |site| {
        if matches!(site.place, Place::Payload(_)) || !crate::flow::binding::has_ref(site.text) {
            return;
        }
        for r in crate::flow::binding::refs(site.text) {
            let problem = match &r.target {
                Target::ScreenData(id, path) => match flow.screen(id) {
                    _ if site.screen.id == Some(id) => {
                        Some(Global::SelfRef(format!("${{data.{}}}", path.join("."))))
                    }
                    None => Some(Global::NoScreen(id)),
                    Some(s) => match resolve_data(s, path) {
                        Resolved::Field(_) => None,
                        Resolved::Missing(0) => {
                            Some(Global::NoField(id, format!("data field '{}'", path[0])))
                        }
                        Resolved::Missing(i) => Some(Global::NoField(
                            id,
                            format!(
                                "property '{}' in data field '{}'",
                                path[i],
                                path[..i].join(".")
                            ),
                        )),
                    },
                },
                Target::ScreenForm(id, name) => match flow.screen(id) {
                    _ if site.screen.id == Some(id) => {
                        Some(Global::SelfRef(format!("${{form.{name}}}")))
                    }
                    None => Some(Global::NoScreen(id)),
                    Some(s) => match named(s, name) {
                        Some(c) if c.kind != Some("Form") => None,
                        _ => Some(Global::NoField(id, format!("input named '{name}'"))),
                    },
                },
                _ => continue,
            };
            if let Some(p) = problem {
                f(site, r.text, p);
            }
        }
    });
}
