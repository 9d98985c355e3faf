use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{before, each_of, items, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-ITEM",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "data-source items are objects with `id` and `title` and only the allowed keys",
    explain: "Each option of a CheckboxGroup, RadioButtonsGroup, Dropdown or ChipsSelector \
`data-source` is an object with a string `id` (the value sent back) and a string `title` (what the \
user sees). Optional keys: `description`, `metadata`, `enabled`, from 5.0 `image`, `alt-text` and \
`color`, from 6.0 `on-select-action` and `on-unselect-action`. ChipsSelector options only take \
`id`, `title`, `enabled` and the two actions. Any other key is refused by Meta's schema.",
    help: "give every option a string `id` and `title`, and only the documented keys",
    check,
};

/// (key, available from (major, minor), allowed on ChipsSelector)
const KEYS: &[(&str, (u8, u8), bool)] = &[
    ("id", (2, 1), true),
    ("title", (2, 1), true),
    ("description", (2, 1), false),
    ("metadata", (2, 1), false),
    ("enabled", (2, 1), true),
    ("image", (5, 0), false),
    ("alt-text", (5, 0), false),
    ("color", (5, 0), false),
    ("on-select-action", (6, 0), true),
    ("on-unselect-action", (6, 0), true),
];

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, SELECTION) {
        let kind = c.kind.unwrap_or_default();
        let chips = kind == "ChipsSelector";
        let who = c.label();
        for (i, item) in items(c, "data-source").iter().enumerate() {
            let Some(members) = item.as_object() else {
                sink.report(item, format!("{who} data-source item {i} is a {}; options are objects with `id` and `title`", item.type_name()));
                continue;
            };
            for key in ["id", "title"] {
                match item.get(key) {
                    None => sink.report(item, format!("{who} data-source item {i} has no `{key}`")),
                    Some(n) if n.as_str().is_none() => sink.report(
                        n,
                        format!(
                            "{who} data-source item {i}: `{key}` is a {}, not a string",
                            n.type_name()
                        ),
                    ),
                    Some(_) => {}
                }
            }
            for m in members {
                match KEYS.iter().find(|(k, _, _)| *k == m.key) {
                    None => sink.report(
                        &m.value,
                        format!("`{}` is not allowed in a {kind} data-source item", m.key),
                    ),
                    Some((_, _, false)) if chips => sink.report(
                        &m.value,
                        format!(
                            "`{}` is not allowed in a ChipsSelector data-source item",
                            m.key
                        ),
                    ),
                    Some((key, (ma, mi), _)) if before(ctx, *ma, *mi) => sink.report_help(
                        &m.value,
                        format!("`{key}` in data-source items needs Flow JSON {ma}.{mi} or later"),
                        format!("set \"version\" to \"{ma}.{mi}\" or later, or remove `{key}`"),
                    ),
                    Some(_) => {}
                }
            }
        }
    }
}
