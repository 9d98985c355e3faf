use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, estimated_bytes, image_format, is_dynamic, kb, KB};

pub static RULE: Rule = Rule {
    id: "FJ-IMAGE-SIZE",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "Image pictures are JPEG or PNG and at most 300 KB",
    explain: "Meta recommends Image pictures of at most 300 KB, in JPEG or PNG. The size is \
estimated from the base64 length (3 bytes per 4 characters); the format from the first bytes. \
Large images slow down opening the Flow and weigh on the 10 MB document limit; other formats \
may not render on every client.",
    help: "recompress or scale the image, as JPEG or PNG",
    check,
};

const LIMIT: usize = 300 * KB;

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["Image"]) {
        let Some(src) = c.node.get("src") else {
            continue;
        };
        // A binding is short and has no image signature, so the dynamic test is only needed
        // before reporting (it scans the whole string).
        let Some(s) = src.as_str() else { continue };
        let size = estimated_bytes(s);
        if size > LIMIT && !is_dynamic(s) {
            sink.report(
                src,
                format!(
                    "the Image is about {}; keep images at most {}",
                    kb(size),
                    kb(LIMIT)
                ),
            );
        }
        if let Some(format) =
            image_format(s).filter(|f| *f != "JPEG" && *f != "PNG" && !is_dynamic(s))
        {
            sink.report_help(
                src,
                format!("the Image looks like {format}; use JPEG or PNG"),
                "convert the image to JPEG or PNG",
            );
        }
    }
}
