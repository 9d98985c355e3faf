use crate::flow::binding::{self, Target};
use crate::flow::json::Node;
use crate::flow::{Screen, Versions};
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-LIST-ITEM-SCHEMA",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "a field bound to data-source / list-items / images declares the item keys",
    explain: "When a component's option list comes from the data model (`\"data-source\": \
\"${data.options}\"`), the field must be an array of objects whose `items.properties` declare the \
keys every item needs: `id` and `title` for data-source, `id` and `main-content` for a \
NavigationList's list-items, `src` and `alt-text` for an ImageCarousel's images (\"Data model schema \
is invalid for … Missing schema for …\"). A field of another type is reported by FJ-BIND-TYPE.",
    help: "declare the keys in items.properties, e.g. {\"id\": {\"type\": \"string\"}, \"title\": {\"type\": \"string\"}}",
    check,
};

const LISTS: &[(&str, &[&str])] = &[
    ("data-source", &["id", "title"]),
    ("list-items", &["id", "main-content"]),
    ("images", &["src", "alt-text"]),
];

fn check(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        for component in &screen.components {
            for (property, keys) in LISTS {
                let Some(text) = component.node.get(property).and_then(Node::as_str) else {
                    continue;
                };
                if !binding::is_single_ref(text) {
                    continue;
                }
                let Some(r) = binding::refs(text).into_iter().next() else {
                    continue;
                };
                let (owner, path) = match r.target {
                    Target::Data(path) => (Some(screen), path),
                    Target::ScreenData(id, path) => (ctx.flow.screen(id), path),
                    _ => continue,
                };
                let Some(schema) = owner.and_then(|s| resolve(s, &path)) else {
                    continue;
                };
                if schema.get("type").and_then(Node::as_str) != Some("array") {
                    continue; // FJ-BIND-TYPE
                }
                let Some(items) = schema.get("items").filter(|i| i.is_object()) else {
                    continue;
                }; // FJ-DATA-ARRAY-ITEMS
                let field = path.join(".");
                if let Some(t) = items
                    .get("type")
                    .and_then(Node::as_str)
                    .filter(|t| *t != "object")
                {
                    sink.report(items, format!("data field '{field}' is used as {property} but its items are of type {t}, not object"));
                    continue;
                }
                let props = items
                    .get("properties")
                    .and_then(Node::as_object)
                    .unwrap_or(&[]);
                let missing: Vec<&str> = keys
                    .iter()
                    .copied()
                    .filter(|k| !props.iter().any(|p| p.key == *k))
                    .collect();
                if !missing.is_empty() {
                    sink.report(
                        items,
                        format!(
                            "data field '{field}' is used as {property}, but its items do not declare {}",
                            crate::lint::rules::util::quoted(&missing)
                        ),
                    );
                }
            }
        }
    }
}

/// The schema of `a.b.c` in a screen's data model (through `properties`).
fn resolve<'a>(screen: &Screen<'a>, path: &[&str]) -> Option<&'a Node<'a>> {
    let (first, rest) = path.split_first()?;
    let mut node = screen.data_field(first)?;
    for seg in rest {
        node = node.get("properties")?.get(seg)?;
    }
    Some(node)
}
