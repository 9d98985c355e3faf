//! Helpers for the Form/If/Switch rules.

use crate::flow::json::Node;
use crate::flow::Screen;

/// True when `inner` lies inside the span of `outer`.
pub fn within(inner: &Node, outer: &Node) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// True when some Footer of the screen lies inside `area`.
pub fn has_footer(screen: &Screen, area: &Node) -> bool {
    screen.of_kind("Footer").any(|f| within(f.node, area))
}

/// True when component `ci` of `screen` lies (at any depth) inside component `ancestor`.
pub fn descends_from(screen: &Screen, ci: usize, ancestor: usize) -> bool {
    let mut at = screen.components.get(ci).and_then(|c| c.parent);
    while let Some(p) = at {
        if p == ancestor {
            return true;
        }
        at = screen.components.get(p).and_then(|c| c.parent);
    }
    false
}

/// A short label for a screen in messages.
pub fn screen_label(screen: &Screen) -> String {
    match screen.id {
        Some(id) => format!("screen '{id}'"),
        None => format!("screen #{}", screen.index),
    }
}
