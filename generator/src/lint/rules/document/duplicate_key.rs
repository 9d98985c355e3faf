use crate::flow::json::Node;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DOC-DUPLICATE-KEY",
    level: Level::Error,
    versions: Versions::ALL,
    always: true,
    summary: "no key appears twice in one object",
    explain: "JSON parsers disagree on which of two equal keys wins: some keep the first, most the \
last. A Flow whose meaning depends on that choice may look right in one tool and behave differently \
on WhatsApp. flowgen's own parser keeps every key, and this rule reports the second occurrence.",
    help: "remove one of the two keys (or merge their values)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for dup in &ctx.document.duplicate_keys {
        // Report at the second key itself (a zero-width node at its offset).
        let at = Node {
            start: dup.key_start,
            end: dup.key_start,
            value: crate::flow::json::Value::Null,
        };
        let at = locate(ctx.flow.root, dup.key_start).unwrap_or(&at);
        sink.report_related(
            at,
            format!("duplicate key '{}' in this object", dup.key),
            dup.first_key_start,
            "first defined here",
        );
    }
}

/// The value node of the member whose key starts at `key_start`.
fn locate<'a>(node: &'a Node<'a>, key_start: u32) -> Option<&'a Node<'a>> {
    match &node.value {
        crate::flow::json::Value::Object(members) => members.iter().find_map(|m| {
            if m.key_start == key_start {
                Some(&m.value)
            } else if m.value.start <= key_start && key_start < m.value.end {
                locate(&m.value, key_start)
            } else {
                None
            }
        }),
        crate::flow::json::Value::Array(items) => items
            .iter()
            .find(|n| n.start <= key_start && key_start < n.end)
            .and_then(|n| locate(n, key_start)),
        _ => None,
    }
}
