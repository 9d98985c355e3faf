//! The routing graph as inline SVG: one node per screen, laid out in columns by their distance
//! from the entry screen, an arrow per allowed transition (the routing model, else the navigate
//! actions, as the endpoint contract derives them). The entry and terminal screens are marked;
//! the page's script makes each node scroll its screen card into view.

use std::collections::{HashMap, VecDeque};
use std::fmt::Write as _;

use super::page::escape_text;
use crate::contract::Contract;
use crate::flow::Flow;

const W: u32 = 144;
const H: u32 = 48;
const GAP_X: u32 = 40;
const GAP_Y: u32 = 22;
const PAD: u32 = 24;

/// The SVG markup (every Flow string escaped).
pub fn svg(flow: &Flow, contract: &Contract) -> String {
    let ids: Vec<&str> = contract.screens.iter().map(|s| s.id.as_str()).collect();
    let index: HashMap<&str, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let edges: Vec<(usize, usize)> = contract
        .screens
        .iter()
        .enumerate()
        .flat_map(|(from, s)| {
            let index = &index;
            s.next
                .iter()
                .filter_map(move |to| index.get(to.as_str()).map(|&t| (from, t)))
        })
        .collect();
    let layers = layers(ids.len(), &edges);
    let mut rows = vec![0u32; ids.len() + 1];
    let mut pos = Vec::with_capacity(ids.len());
    for &layer in &layers {
        let row = rows[layer];
        rows[layer] += 1;
        pos.push((
            PAD + layer as u32 * (W + GAP_X),
            PAD + 14 + row * (H + GAP_Y),
        ));
    }
    let columns = layers.iter().max().map_or(0, |m| m + 1) as u32;
    let tallest = rows.iter().max().copied().unwrap_or(0);
    let width = (PAD * 2 + columns * (W + GAP_X)).max(240);
    let backwards = edges.iter().any(|&(f, t)| layers[t] < layers[f]);
    let height = PAD * 2 + 14 + tallest * (H + GAP_Y) + if backwards { 40 } else { 0 };

    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"routes\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"Routing graph\">"
    );
    out.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0L10 5L0 10z\" class=\"arrowhead\"/></marker></defs>");
    for &(from, to) in &edges {
        let ((x1, y1), (x2, y2)) = (pos[from], pos[to]);
        let d = if layers[to] > layers[from] {
            let (sx, sy, ex, ey) = (x1 + W, y1 + H / 2, x2, y2 + H / 2);
            let mid = (sx + ex) / 2;
            format!("M{sx} {sy}C{mid} {sy} {mid} {ey} {ex} {ey}")
        } else if layers[to] == layers[from] {
            // Same column: straight down (or up) between the two boxes.
            let x = x1 + W / 2;
            if y2 > y1 {
                format!("M{x} {}L{x} {}", y1 + H, y2)
            } else {
                format!("M{x} {y1}L{x} {}", y2 + H)
            }
        } else {
            let (sx, ex) = (x1 + W / 2, x2 + W / 2 + 8);
            let low = y1.max(y2) + H + 26;
            format!("M{sx} {}C{sx} {low} {ex} {low} {ex} {}", y1 + H, y2 + H)
        };
        let class = if layers[to] >= layers[from] {
            "edge"
        } else {
            "edge back"
        };
        let _ = write!(
            out,
            "<path class=\"{class}\" d=\"{d}\" marker-end=\"url(#arrow)\"/>"
        );
    }
    for (i, s) in contract.screens.iter().enumerate() {
        let (x, y) = pos[i];
        let screen = flow.screen(&s.id);
        let title = screen
            .and_then(|sc| sc.node.get("title"))
            .and_then(|t| t.as_str())
            .unwrap_or("");
        let mut class = String::from("node");
        if i == 0 {
            class.push_str(" entry");
        }
        if s.terminal {
            class.push_str(" terminal");
        }
        let id = escape_text(&s.id);
        let _ = write!(
            out,
            "<g class=\"{class}\" data-screen=\"{id}\" tabindex=\"0\"><title>{id}: {}</title><rect x=\"{x}\" y=\"{y}\" width=\"{W}\" height=\"{H}\" rx=\"10\"/>",
            escape_text(title)
        );
        let _ = write!(
            out,
            "<text x=\"{}\" y=\"{}\" class=\"id\">{}</text><text x=\"{}\" y=\"{}\" class=\"label\">{}</text>",
            x + 12,
            y + 20,
            escape_text(&clip(&s.id, 17)),
            x + 12,
            y + 37,
            escape_text(&clip(title, 21))
        );
        if i == 0 {
            let _ = write!(
                out,
                "<text x=\"{x}\" y=\"{}\" class=\"mark\">▶ entry</text>",
                y - 5
            );
        }
        if s.terminal {
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" class=\"mark end\">terminal ■</text>",
                x + W,
                y - 5
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

/// Column of each screen: its distance from the entry (screen 0); screens no path reaches go in
/// one column after the others.
fn layers(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    let mut depth = vec![usize::MAX; n];
    if n == 0 {
        return depth;
    }
    depth[0] = 0;
    let mut queue = VecDeque::from([0]);
    while let Some(at) = queue.pop_front() {
        for &(_, to) in edges.iter().filter(|(from, _)| *from == at) {
            if depth[to] == usize::MAX {
                depth[to] = depth[at] + 1;
                queue.push_back(to);
            }
        }
    }
    let unreached = depth
        .iter()
        .filter(|&&d| d != usize::MAX)
        .max()
        .map_or(0, |m| m + 1);
    depth
        .into_iter()
        .map(|d| if d == usize::MAX { unreached } else { d })
        .collect()
}

fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_follow_distance_from_entry() {
        assert_eq!(layers(4, &[(0, 1), (1, 2), (0, 2)]), vec![0, 1, 1, 2]);
    }

    #[test]
    fn marks_entry_and_terminal_and_escapes() {
        let text = r#"{"version":"7.3","routing_model":{"A":["B"]},"screens":[
          {"id":"A","title":"<x>","layout":{"type":"SingleColumnLayout","children":[]}},
          {"id":"B","title":"b","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}"#;
        let doc = crate::flow::json::parse(text).unwrap();
        let flow = Flow::new(&doc.root, None);
        let svg = svg(&flow, &Contract::from_flow(&flow));
        assert!(svg.contains("node entry") && svg.contains("node terminal"));
        assert!(svg.contains("&lt;x&gt;") && !svg.contains("<x>"));
        assert_eq!(svg.matches("class=\"edge\"").count(), 1);
    }
}
