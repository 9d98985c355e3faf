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
pub fn key_node(start: u32) -> Node {
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
pub fn next_name_node(action: &Node) -> &Node {
    action
        .get("next")
        .and_then(|n| n.get("name"))
        .unwrap_or(action)
}

/// `navigate` (type screen) edges between existing screens: (from, to, action node).
pub fn navigate_edges<'a>(flow: &Flow<'a>, ids: &Ids<'a>) -> Vec<(usize, usize, &'a Node)> {
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
