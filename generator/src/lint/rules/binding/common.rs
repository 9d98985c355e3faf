//! What the binding rules share: the bindable strings of a Flow (`lint::sites`, collected once)
//! and the resolution of `${…}` targets against screens' data models and components.

use crate::flow::binding::Target;
use crate::flow::expression::Ty;
use crate::flow::json::Node;
use crate::flow::{Component, Flow, Screen};

pub use crate::lint::sites::{Place, Site};
use crate::lint::Context;

/// Calls `f` on every bindable string of the Flow (collected once per lint run).
pub fn each_site<'a>(ctx: &Context<'a>, f: &mut dyn FnMut(&Site<'a, 'a>)) {
    for site in ctx.sites() {
        f(site);
    }
}

/// How a data path resolves in a data model.
#[derive(Debug, Clone, Copy)]
pub enum Resolved<'a> {
    /// Declared; the schema node of the last segment.
    Field(&'a Node<'a>),
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
pub fn each_global<'a>(ctx: &Context<'a>, f: &mut dyn FnMut(&Site<'a, 'a>, &'a str, Global<'a>)) {
    let flow = ctx.flow;
    each_site(ctx, &mut |site| {
        if matches!(site.place, Place::Payload(_)) || !crate::flow::binding::has_ref(site.text) {
            return;
        }
        for r in ctx.refs_at(site) {
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
