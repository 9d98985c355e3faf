//! Small helpers shared by rules.

use crate::flow::json::{Node, Value};

/// Calls `f` on every string value below `node` (not keys), depth first.
pub fn each_string<'a>(node: &'a Node<'a>, f: &mut dyn FnMut(&'a Node<'a>, &'a str)) {
    match &node.value {
        Value::String(s) => f(node, s),
        Value::Array(items) => items.iter().for_each(|n| each_string(n, f)),
        Value::Object(members) => members.iter().for_each(|m| each_string(&m.value, f)),
        _ => {}
    }
}

/// True for a string that is empty or only white space.
pub fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// Quotes a list of names for messages: `'a', 'b'`.
pub fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("'{i}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A document value shortened for a message: at most 40 characters, with `…` when cut.
pub fn short(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]).into(),
        None => s.into(),
    }
}
