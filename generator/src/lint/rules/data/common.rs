//! Helpers for the data-model rules: iterating fields and walking their (JSON-Schema) schemas.

use crate::flow::json::{Member, Node};
use crate::lint::Context;

/// The type names a data field may use.
pub const TYPES: &[&str] = &["string", "number", "integer", "boolean", "object", "array"];

/// Every data field of every screen whose `data` is an object: (screen index, member).
/// The literal key `required` is not a field.
pub fn fields<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = (usize, &'a Member<'a>)> + 'c {
    ctx.flow.screens.iter().flat_map(|s| {
        s.data
            .and_then(Node::as_object)
            .unwrap_or(&[])
            .iter()
            .filter(|m| m.key != "required")
            .map(move |m| (s.index, m))
    })
}

/// Calls `f(schema, path, depth)` on a field's schema and on every schema nested in it through
/// `properties` (path segment = property name) and `items` (segment `[]`). Only objects are visited.
pub fn walk<'a>(
    schema: &'a Node<'a>,
    path: &mut Vec<&'a str>,
    depth: usize,
    f: &mut dyn FnMut(&'a Node<'a>, &[&'a str], usize),
) {
    if !schema.is_object() {
        return;
    }
    f(schema, path, depth);
    if let Some(props) = schema.get("properties").and_then(Node::as_object) {
        for m in props {
            path.push(&m.key);
            walk(&m.value, path, depth + 1, f);
            path.pop();
        }
    }
    if let Some(items) = schema.get("items") {
        path.push("[]");
        walk(items, path, depth + 1, f);
        path.pop();
    }
}

/// Walks every field of every screen.
pub fn walk_all<'a>(ctx: &Context<'a>, f: &mut dyn FnMut(&'a Node<'a>, &[&'a str], usize)) {
    let mut path = Vec::new();
    for (_, field) in fields(ctx) {
        path.clear();
        path.push(field.key.as_ref());
        walk(&field.value, &mut path, 0, f);
    }
}

/// `a.b[].c` from path segments.
pub fn dotted(path: &[&str]) -> String {
    let mut out = String::new();
    for seg in path {
        if *seg == "[]" {
            out.push_str("[]");
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(seg);
        }
    }
    out
}
