use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-DOC-JSON-OBJECT",
    level: Level::Error,
    versions: Versions::ALL,
    always: true,
    summary: "the document is a JSON object",
    explain: "A Flow JSON document is one JSON object holding `version` and `screens`. Text that is \
not JSON at all (a syntax error) is refused before any rule runs, with exit status 2; JSON whose root \
is an array, a string or a number is reported by this rule.",
    help: "wrap the Flow in an object: {\"version\": \"7.3\", \"screens\": [...]}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let root = ctx.flow.root;
    if !root.is_object() {
        sink.report(
            root,
            format!("the document is a JSON {}, not an object", root.type_name()),
        );
    }
}
