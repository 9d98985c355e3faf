use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-VERSION-PRESENT",
    level: Level::Error,
    versions: Versions::ALL,
    always: true,
    summary: "the document has a `version`",
    explain: "Every Flow JSON document names the Flow JSON version it is written for, as a string \
such as \"7.3\". Without it WhatsApp cannot tell which components and rules apply.",
    help: "add \"version\": \"7.3\" at the top of the document",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let root = ctx.flow.root;
    if root.is_object() && root.get("version").is_none() && ctx.options.flow_version.is_none() {
        sink.report(root, "the document has no \"version\"");
    }
}
