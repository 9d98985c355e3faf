use crate::flow::binding;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, is_dynamic};

pub static RULE: Rule = Rule {
    id: "FJ-RICHTEXT-STATIC",
    level: Level::Error,
    versions: Versions::since(v(5, 1)),
    always: false,
    summary: "RichText text is static lines, or one string that is static or a single binding",
    explain: "RichText `text` is either an array of static markdown lines, or one string. The string \
may be static markdown or exactly one `${…}` binding (the whole markdown document comes from data); \
bindings inside the lines, interpolation in a string and backtick expressions are refused by the \
Builder (INVALID_TEXT_DYNAMIC_DATA). Build the markdown on your server and bind it as one value.",
    help: "write static lines, or bind the whole text to one string field: \"text\": \"${data.terms}\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["RichText"]) {
        let Some(text) = c.node.get("text") else {
            continue;
        };
        if let Some(lines) = text.as_array() {
            for line in lines {
                if line.as_str().is_some_and(is_dynamic) {
                    sink.report(
                        line,
                        "RichText lines must be static; this line holds a binding or expression",
                    );
                }
            }
        } else if let Some(s) = text.as_str() {
            if is_dynamic(s) && !binding::is_single_ref(s) {
                sink.report(text, "RichText `text` mixes a binding into text or uses an expression; it must be static or exactly one binding");
            }
        }
    }
}
