use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, estimated_bytes, items, kb, static_str, KB, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-IMAGE-SIZE",
    level: Level::Warning,
    versions: Versions::since(v(5, 0)),
    always: false,
    summary: "data-source option images are at most 300 KB (5.x) / 100 KB (6.0+)",
    explain: "Option images (`image` in data-source items) are limited to 300 KB in Flow JSON 5.x \
and to 100 KB from 6.0. The size is estimated from the base64 length (3 bytes per 4 characters). \
Larger images may not render; they also make the Flow JSON heavy. Scale or recompress the image.",
    help: "shrink the image (smaller dimensions or stronger JPEG compression)",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let limit = if ctx.at_least(6, 0) {
        100 * KB
    } else {
        300 * KB
    };
    for (_, c) in each_of(ctx.flow, SELECTION) {
        for (i, image) in items(c, "data-source")
            .iter()
            .enumerate()
            .filter_map(|(i, it)| Some((i, it.get("image")?)))
        {
            let Some(s) = static_str(image) else { continue };
            let size = estimated_bytes(s);
            if size > limit {
                sink.report(
                    image,
                    format!(
                        "the image of {} option {i} is about {}; the limit is {}",
                        c.label(),
                        kb(size),
                        kb(limit)
                    ),
                );
            }
        }
    }
}
