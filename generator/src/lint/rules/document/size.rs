use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

/// WhatsApp's limit on a Flow JSON document.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

pub static RULE: Rule = Rule {
    id: "FJ-DOC-SIZE",
    level: Level::Error,
    versions: Versions::ALL,
    always: true,
    summary: "the document is at most 10 MB",
    explain:
        "WhatsApp refuses Flow JSON documents larger than 10 MB (UTF-8 bytes). Large documents \
nearly always carry base64 images: move big images to the endpoint's responses or shrink them.",
    help: "shrink or remove embedded base64 images",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if ctx.text_len > MAX_BYTES {
        sink.report(
            ctx.flow.root,
            format!(
                "the document is {} bytes; the limit is {MAX_BYTES}",
                ctx.text_len
            ),
        );
    }
}
