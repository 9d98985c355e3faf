use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_of;

pub static RULE: Rule = Rule {
    id: "FJ-TEXT-MARKDOWN",
    level: Level::Error,
    versions: Versions::before(v(5, 1)),
    always: false,
    summary: "no `markdown` and no array `text` on TextBody/TextCaption before 5.1",
    explain: "Markdown in TextBody and TextCaption (the `markdown` flag, and `text` written as an \
array of lines) arrived with Flow JSON 5.1. Older versions only know a plain string `text`; the \
property is refused. Either raise `version` to 5.1 or later, or drop `markdown` and join the lines \
into one string.",
    help:
        "set \"version\" to \"5.1\" or later, or remove `markdown` and write `text` as one string",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["TextBody", "TextCaption"]) {
        let kind = c.kind.unwrap_or_default();
        if let Some(m) = c.node.get("markdown") {
            sink.report(
                m,
                format!(
                    "{kind} has `markdown`, which Flow JSON {} does not support (5.1+)",
                    super::common::version_label(ctx)
                ),
            );
        }
        if let Some(t) = c.node.get("text").filter(|t| t.as_array().is_some()) {
            sink.report(
                t,
                format!("{kind} `text` is an array; before 5.1 it must be a single string"),
            );
        }
    }
}
