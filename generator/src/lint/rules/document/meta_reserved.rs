use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-ROOT-META-RESERVED",
    level: Level::Error,
    versions: Versions::since(v(5, 1)),
    always: false,
    summary: "no top-level `meta` object",
    explain:
        "From Flow JSON 5.1 Meta's Builder knows a top-level `meta` object, but reserves it for \
Flows created through Meta's own AI lead-generation path; in any other Flow it answers \"Property \
'meta' is not allowed.\" Keep notes about a Flow outside the document (or in your generator's \
sources) and remove `meta`.",
    help: "remove the top-level \"meta\" object",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if let Some(meta) = ctx.flow.root.get("meta") {
        sink.report(meta, "property 'meta' is not allowed: it is reserved for Flows created by Meta's AI lead-gen tooling");
    }
}
