//! Helpers for the screen rules.

use crate::flow::json::Node;
use crate::flow::{Screen, Versions};
use crate::lint::Context;

/// True when the checked version is known and inside `range` (a missing version does not count).
pub fn version_in(ctx: &Context, range: Versions) -> bool {
    ctx.version().is_some_and(|v| range.contains(v))
}

/// The screen's id for messages: `'ID'` or `#index`.
pub fn label(screen: &Screen) -> String {
    match screen.id {
        Some(id) => format!("'{id}'"),
        None => format!("#{}", screen.index),
    }
}

/// Screens that are JSON objects (others are reported by FJ-SCREEN-KEYS).
pub fn objects<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = &'c Screen<'a>> {
    ctx.flow.screens.iter().filter(|s| s.node.is_object())
}

/// The `screens` array node, when it is an array.
pub fn screens_node<'a>(ctx: &Context<'a>) -> Option<&'a Node<'a>> {
    ctx.flow
        .root
        .get("screens")
        .filter(|s| s.as_array().is_some())
}
