use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::items;

pub static RULE: Rule = Rule {
    id: "FJ-NAVLIST-ITEMS",
    level: Level::Error,
    versions: Versions::since(v(6, 2)),
    always: false,
    summary: "NavigationList items: id, main-content.title; ≤ 1 badge; 1–3 tags; end with 1–2 keys, not with media-size large",
    explain: "Each NavigationList item needs an `id` and a `main-content` object with a `title`. \
`start` holds an `image` (and `alt-text`). At most one item of a list may carry a `badge`; `tags` \
has one to three entries; `end` holds one or two of `title`, `description`, `metadata`, and is \
not available when the list has \"media-size\": \"large\" (INVALID_PROPERTY_VALUE_FOR_CONDITION).",
    help: "give each item an id and main-content.title, and keep badge/tags/end within their limits",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("NavigationList") {
            let large = c.node.get("media-size").and_then(Node::as_str) == Some("large");
            let mut badge: Option<usize> = None;
            for (i, item) in items(c, "list-items").iter().enumerate() {
                if !item.is_object() {
                    sink.report(
                        item,
                        format!(
                            "{} list item {i} is a {}, not an object",
                            c.label(),
                            item.type_name()
                        ),
                    );
                    continue;
                }
                if item.get("id").is_none() {
                    sink.report(item, format!("{} list item {i} has no `id`", c.label()));
                }
                match item.get("main-content") {
                    None => sink.report(
                        item,
                        format!("{} list item {i} has no `main-content`", c.label()),
                    ),
                    Some(mc) if mc.is_object() && mc.get("title").is_none() => sink.report(
                        mc,
                        format!("{} list item {i}: `main-content` has no `title`", c.label()),
                    ),
                    _ => {}
                }
                if let Some(start) = item.get("start").filter(|s| s.is_object()) {
                    if start.get("image").is_none() {
                        sink.report(
                            start,
                            format!("{} list item {i}: `start` has no `image`", c.label()),
                        );
                    }
                }
                if let Some(b) = item.get("badge") {
                    match badge {
                        Some(first) => sink.report(b, format!("{} list item {i} has a badge; item {first} already has one (at most one per list)", c.label())),
                        None => badge = Some(i),
                    }
                }
                if let Some(tags) = item.get("tags").and_then(Node::as_array) {
                    if tags.is_empty() || tags.len() > 3 {
                        let at = item.get("tags").unwrap_or(item);
                        sink.report(
                            at,
                            format!(
                                "{} list item {i} has {} tags; 1 to 3 are allowed",
                                c.label(),
                                tags.len()
                            ),
                        );
                    }
                }
                if let Some(end) = item.get("end") {
                    if large {
                        sink.report(end, format!("{} list item {i} has `end`, which is not allowed with \"media-size\": \"large\"", c.label()));
                    } else if let Some(members) = end.as_object() {
                        let known = members
                            .iter()
                            .filter(|m| {
                                matches!(m.key.as_ref(), "title" | "description" | "metadata")
                            })
                            .count();
                        if known == 0 || known > 2 {
                            sink.report(end, format!("{} list item {i}: `end` holds {known} of title/description/metadata; 1 or 2 are allowed", c.label()));
                        }
                    }
                }
            }
        }
    }
}
