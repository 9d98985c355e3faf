//! The bindable strings of a Flow — screen titles, component properties, If conditions, Switch
//! values, action properties and payloads — collected in one walk per lint run and shared by
//! every rule that reads bindings (`Context::sites`). `data` declarations and their
//! `__example__` values are not bindings and are never visited.

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
#[derive(Clone, Copy)]
pub struct Site<'a, 'f> {
    pub screen: &'f Screen<'a>,
    pub component: Option<&'f Component<'a>>,
    /// The component's top-level property holding the string (`title` for the screen title).
    pub prop: &'a str,
    pub place: Place<'a>,
    pub node: &'a Node<'a>,
    pub text: &'a str,
    /// True when `node` is the property's whole value.
    pub whole: bool,
    /// The position of this site in [`collect`]'s list (what [`Context::refs_at`] looks up).
    ///
    /// [`Context::refs_at`]: crate::lint::Context::refs_at
    pub index: usize,
}

const ACTIONS: [&str; 3] = ["on-click-action", "on-select-action", "on-unselect-action"];

/// Every bindable string of the Flow, in document order.
pub fn collect<'a, 'f>(flow: &'f Flow<'a>) -> Vec<Site<'a, 'f>> {
    let mut out = Vec::new();
    let f = &mut |site: &Site<'a, 'f>| {
        let index = out.len();
        out.push(Site { index, ..*site });
    };
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
                    index: 0,
                });
            }
        }
        for component in &screen.components {
            let Some(members) = component.node.as_object() else {
                continue;
            };
            for m in members {
                let key = m.key.as_ref();
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
                let mut site = |node: &'a Node<'a>, text: &'a str, place: Place<'a>| {
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
                        index: 0,
                    });
                };
                walk(&m.value, place, ACTIONS.contains(&key), &mut site);
            }
        }
    }
    out
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
    node: &'a Node<'a>,
    place: Place<'a>,
    is_action: bool,
    f: &mut dyn FnMut(&'a Node<'a>, &'a str, Place<'a>),
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
                let action = !is_action && ACTIONS.contains(&m.key.as_ref());
                walk(&m.value, inner, action, f);
            }
        }
        _ => {}
    }
}
