use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{before, each_of, version_label};

pub static RULE: Rule = Rule {
    id: "FJ-LABEL-VARIANT",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`label-variant` only from 7.0, and only \"large\"",
    explain: "TextInput and TextArea accept `label-variant` from Flow JSON 7.0. Its only value is \
the literal string \"large\" (a bigger label above the field); bindings are not accepted. Before \
7.0 the property is refused.",
    help: "write \"label-variant\": \"large\" (Flow JSON 7.0+), or remove it",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["TextInput", "TextArea"]) {
        let Some(lv) = c.node.get("label-variant") else {
            continue;
        };
        if before(ctx, 7, 0) {
            sink.report(
                lv,
                format!(
                    "`label-variant` needs Flow JSON 7.0 or later; this Flow is {}",
                    version_label(ctx)
                ),
            );
        } else if lv.as_str() != Some("large") {
            let shown = lv
                .as_str()
                .map(|s| format!("'{s}'"))
                .unwrap_or_else(|| format!("a {}", lv.type_name()));
            sink.report(
                lv,
                format!("`label-variant` is {shown}; the only allowed value is \"large\""),
            );
        }
    }
}
