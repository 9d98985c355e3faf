use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_of;

pub static RULE: Rule = Rule {
    id: "FJ-TEXTINPUT-PATTERN-HELPER",
    level: Level::Error,
    versions: Versions::since(v(6, 2)),
    always: false,
    summary: "a TextInput with `pattern` also has `helper-text`",
    explain: "When a TextInput restricts its value with `pattern`, the user must be told what is \
expected: Meta requires `helper-text` alongside `pattern` (MISSING_REQUIRED_PROPERTY). Describe \
the expected format there, e.g. \"5 digits\".",
    help: "add a `helper-text` describing the expected format",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["TextInput"]) {
        if let (Some(pattern), None) = (c.node.get("pattern"), c.node.get("helper-text")) {
            sink.report(
                pattern,
                format!("{} has a `pattern` but no `helper-text`", c.label()),
            );
        }
    }
}
