use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{dotted, walk_all};

pub static RULE: Rule = Rule {
    id: "FJ-DATA-FIELD-NAME",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "data field names avoid `-`, spaces, backticks and quotes",
    explain: "Field names end up inside `${data.name}` references and backtick expressions. Meta's \
expression parser trips over names containing `-`, spaces, backticks or single quotes (\"Please \
avoid …\"). Keys of array items (such as a NavigationList's `main-content`) are not checked: \
they are never part of a reference path. Use lower-case letters, digits and underscores, e.g. `first_name`.",
    help: "rename the field using letters, digits and underscores (and update its references)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    walk_all(ctx, &mut |schema, path, _| {
        // Names inside array items are item keys (`main-content`, `alt-text`), not referenced by path.
        if path.contains(&"[]") {
            return;
        }
        let Some(name) = path.last().copied() else {
            return;
        };
        let bad: Vec<String> = ['-', ' ', '`', '\'']
            .iter()
            .filter(|c| name.contains(**c))
            .map(|c| {
                if *c == ' ' {
                    "a space".into()
                } else {
                    format!("'{c}'")
                }
            })
            .collect();
        if !bad.is_empty() {
            sink.report(
                schema,
                format!(
                    "data field name '{}' contains {}",
                    dotted(path),
                    bad.join(" and ")
                ),
            );
        }
    });
}
