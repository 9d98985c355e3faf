//! The screen graph the routing rules share: screen ids by index, the routing model's edges
//! (given) and the edges `navigate` actions make (generated).

use std::collections::HashMap;

use crate::flow::json::Node;
use crate::flow::{Flow, Screen};

/// Screens by id (the first screen wins when ids repeat).
pub struct Ids<'a> {
    index: HashMap<&'a str, usize>,
}

impl<'a> Ids<'a> {
    pub fn new(flow: &Flow<'a>) -> Ids<'a> {
        let mut index = HashMap::with_capacity(flow.screens.len());
        for s in &flow.screens {
            if let Some(id) = s.id {
                index.entry(id).or_insert(s.index);
            }
        }
        Ids { index }
    }
    pub fn get(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// One routing-model edge between two existing screens.
#[derive(Clone, Copy)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
}

/// A node standing for an object key (so a finding points at `/routing_model/KEY`).
pub fn key_node(start: u32) -> Node<'static> {
    Node {
        start,
        end: start,
        value: crate::flow::json::Value::Null,
    }
}

/// The routing model's edges whose both ends are existing screens, in document order.
pub fn given_edges<'a>(flow: &Flow<'a>, ids: &Ids<'a>) -> Vec<Edge> {
    let mut edges = Vec::new();
    for m in flow.routing_model.and_then(Node::as_object).unwrap_or(&[]) {
        let Some(from) = ids.get(&m.key) else {
            continue;
        };
        for node in m.value.as_array().unwrap_or(&[]) {
            if let Some(to) = node.as_str().and_then(|t| ids.get(t)) {
                edges.push(Edge { from, to });
            }
        }
    }
    edges
}

/// True when the routing-model rules apply: `routing_model` is present and an object.
pub fn has_model(flow: &Flow) -> bool {
    flow.routing_model.is_some_and(Node::is_object)
}

/// True when the screen holds a NavigationList (anywhere in its layout).
pub fn has_navigation_list(screen: &Screen) -> bool {
    screen.of_kind("NavigationList").next().is_some()
}

/// The `next.name` node of a navigate action (where navigate findings point), else the action.
pub fn next_name_node<'a>(action: &'a Node<'a>) -> &'a Node<'a> {
    action
        .get("next")
        .and_then(|n| n.get("name"))
        .unwrap_or(action)
}

/// `navigate` (type screen) edges between existing screens: (from, to, action node).
pub fn navigate_edges<'a>(flow: &Flow<'a>, ids: &Ids<'a>) -> Vec<(usize, usize, &'a Node<'a>)> {
    flow.actions
        .iter()
        .filter(|a| a.name == Some("navigate"))
        .filter_map(|a| Some((a.screen, ids.get(a.next_screen?)?, a.node)))
        .collect()
}

/// Screens reachable from `start` when edges are taken as undirected.
pub fn undirected_reach(
    n: usize,
    start: usize,
    edges: impl Iterator<Item = (usize, usize)>,
) -> Vec<bool> {
    let mut adjacency = vec![Vec::new(); n];
    for (a, b) in edges {
        if a < n && b < n {
            adjacency[a].push(b);
            adjacency[b].push(a);
        }
    }
    let mut seen = vec![false; n];
    if start >= n {
        return seen;
    }
    let mut stack = vec![start];
    seen[start] = true;
    while let Some(s) = stack.pop() {
        for &t in &adjacency[s] {
            if !seen[t] {
                seen[t] = true;
                stack.push(t);
            }
        }
    }
    seen
}

/// A screen's id for messages.
pub fn name_of(flow: &Flow, index: usize) -> String {
    short(flow.screens.get(index).and_then(|s| s.id).unwrap_or("?"))
}

/// A user-written name for a message, cut to 40 characters (ids can be arbitrarily long).
pub fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

/// True when `routing_model` is an empty object while the Flow has two or more screens, one of
/// them not terminal: the one root cause FJ-ROUTE-COVER reports once, and the other model rules
/// then stay silent.
pub fn is_empty_model(flow: &Flow) -> bool {
    flow.routing_model
        .and_then(Node::as_object)
        .is_some_and(<[_]>::is_empty)
        && flow.screens.len() >= 2
        && flow.screens.iter().any(|s| !s.terminal)
}

/// Per screen index: true when the screen is missing from a (non-empty) routing model — neither a
/// key, nor a destination, nor terminal. FJ-ROUTE-COVER reports these screens; the rules about
/// routes from or to them (FJ-ROUTE-CONNECTED, FJ-ROUTE-NAVIGATE-COVERED) leave them alone.
pub fn uncovered(flow: &Flow) -> Vec<bool> {
    let mut out = vec![false; flow.screens.len()];
    if !has_model(flow) {
        return out;
    }
    let mut named: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (key, _, destinations) in flow.routes() {
        named.insert(key);
        named.extend(destinations.iter().filter_map(|d| d.as_str()));
    }
    for (slot, screen) in out.iter_mut().zip(&flow.screens) {
        *slot = screen
            .id
            .is_some_and(|id| !screen.terminal && !named.contains(id));
    }
    out
}

/// Why a screen is cut off from the rest of the Flow, as the connectivity rules report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Linked to the others.
    No,
    /// Not in the routing model at all (FJ-ROUTE-COVER), or the model is empty.
    Uncovered,
    /// In the model, but no route links it to `screens[0]` (FJ-ROUTE-CONNECTED).
    ModelDisconnected,
    /// No routing model, and no navigate action leads to or from it (FJ-ROUTE-GEN-CONNECTED).
    Unlinked,
    /// No routing model; linked, but not to `screens[0]` (FJ-ROUTE-GEN-CONNECTED).
    GenDisconnected,
}

/// Per screen index, whether and why the screen is cut off. The connectivity rules report from
/// this one computation, and FJ-ROUTE-ENDS-AT-TERMINAL skips the screens it marks.
pub fn cut_off(flow: &Flow) -> Vec<Cut> {
    let n = flow.screens.len();
    let mut out = vec![Cut::No; n];
    if n < 2 {
        return out;
    }
    let ids = Ids::new(flow);
    if has_model(flow) {
        if is_empty_model(flow) {
            out.iter_mut().for_each(|c| *c = Cut::Uncovered);
            return out;
        }
        let missing = uncovered(flow);
        let edges = given_edges(flow, &ids);
        let reached = undirected_reach(n, 0, edges.iter().map(|e| (e.from, e.to)));
        for (i, screen) in flow.screens.iter().enumerate() {
            if screen.id.is_none() {
                continue;
            }
            out[i] = if missing[i] {
                Cut::Uncovered
            } else if !reached[i] {
                Cut::ModelDisconnected
            } else {
                Cut::No
            };
        }
        return out;
    }
    // A NavigationList screen is linked to every other screen, so then all screens are connected.
    if flow.routing_model.is_some() || flow.screens.iter().any(has_navigation_list) {
        return out;
    }
    let edges: Vec<(usize, usize)> = navigate_edges(flow, &ids)
        .into_iter()
        .map(|(a, b, _)| (a, b))
        .collect();
    let reached = undirected_reach(n, 0, edges.iter().copied());
    let mut linked = vec![false; n];
    for &(a, b) in &edges {
        linked[a] = true;
        linked[b] = true;
    }
    for (i, screen) in flow.screens.iter().enumerate() {
        if screen.id.is_none() {
            continue;
        }
        out[i] = if !linked[i] {
            Cut::Unlinked
        } else if !reached[i] {
            Cut::GenDisconnected
        } else {
            Cut::No
        };
    }
    out
}
