use std::collections::{HashMap, HashSet};

use crate::flow::binding::{self, Target};
use crate::flow::json::Node;
use crate::flow::{Flow, Screen, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, items, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-ID-UNIQUE",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "option ids are unique within one data-source or list-items (static, or the bound field's __example__)",
    explain: "The `id` of an option is what the Flow sends back when it is selected. Two options \
with the same id cannot be told apart (and selecting one may select both; an endpoint mapping the \
id back to a value picks the wrong one). No Meta check catches this, so it is a warning. Options \
written in the component are checked, and so is the `__example__` of the data field a \
`data-source` / `list-items` binding (`${data.options}`) names: it is what previews show and what \
the endpoint is expected to send. Give every option its own id.",
    help: "give every item its own `id`",
    check,
};

/// Reports every item of `list` whose `id` repeats an earlier item's.
fn repeated(list: &[Node], what: &dyn Fn(usize, &str, usize) -> String, sink: &mut Sink) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, item) in list.iter().enumerate() {
        let Some(id_node) = item.get("id") else {
            continue;
        };
        let Some(id) = id_node.as_str() else { continue };
        match seen.get(id) {
            Some(&first) => sink.report(id_node, what(i, id, first)),
            None => {
                seen.insert(id, i);
            }
        }
    }
}

/// The `__example__` array of the data field a whole `${data.field}` or
/// `${screen.ID.data.field}` binding names.
fn bound_example<'a>(
    flow: &Flow<'a>,
    screen: &Screen<'a>,
    value: &Node,
) -> Option<(String, &'a Node<'a>)> {
    let text = value.as_str().filter(|s| binding::is_single_ref(s))?;
    let r = binding::refs(text).into_iter().next()?;
    let (holder, field) = match r.target {
        Target::Data(path) if path.len() == 1 => (screen, path[0]),
        Target::ScreenData(id, path) if path.len() == 1 => (flow.screen(id)?, path[0]),
        _ => return None,
    };
    let example = holder
        .data_field(field)?
        .get("__example__")
        .filter(|e| e.as_array().is_some())?;
    Some((format!("{}.{field}", holder.id.unwrap_or("?")), example))
}

fn check(ctx: &Context, sink: &mut Sink) {
    let kinds: Vec<&str> = SELECTION
        .iter()
        .copied()
        .chain(["NavigationList"])
        .collect();
    // A data field bound by several components is reported once.
    let mut examples_seen: HashSet<u32> = HashSet::new();
    for (screen, c) in each_of(ctx.flow, &kinds) {
        let prop = if c.kind == Some("NavigationList") {
            "list-items"
        } else {
            "data-source"
        };
        let who = c.label();
        repeated(
            items(c, prop),
            &|i, id, first| {
                format!("{who} `{prop}` item {i} repeats the id '{id}' of item {first}")
            },
            sink,
        );
        let Some(value) = c.node.get(prop) else {
            continue;
        };
        if let Some((field, example)) = bound_example(ctx.flow, screen, value) {
            if examples_seen.insert(example.start) {
                repeated(
                    example.as_array().unwrap_or(&[]),
                    &|i, id, first| {
                        format!("the __example__ of '{field}' (the `{prop}` of {who}) has item {i} repeating the id '{id}' of item {first}")
                    },
                    sink,
                );
            }
        }
    }
}
