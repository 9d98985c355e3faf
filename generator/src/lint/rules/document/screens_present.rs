use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-SCREENS-PRESENT",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "`screens` is a non-empty array",
    explain: "A Flow is a list of screens: the document must have a `screens` array with at least \
one screen object (MIN_ITEMS_REQUIRED). This rule also reports a `screens` value that is not an \
array at all; the screen rules then have nothing to check.",
    help: "add \"screens\": [ { \"id\": \"WELCOME\", \"title\": \"…\", \"layout\": {…} } ]",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let root = ctx.flow.root;
    if !root.is_object() {
        return;
    }
    match root.get("screens") {
        None => sink.report(root, "the document has no \"screens\""),
        Some(s) => match s.as_array() {
            None => sink.report(
                s,
                format!(
                    "\"screens\" is a JSON {}; it must be an array of screen objects",
                    s.type_name()
                ),
            ),
            Some([]) => sink.report(s, "\"screens\" is empty; a Flow needs at least one screen"),
            Some(_) => {}
        },
    }
}
