use crate::flow::Versions;
use crate::lint::rules::util::is_blank;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{base64_problem, each_of, is_dynamic, items};

pub static RULE: Rule = Rule {
    id: "FJ-IMAGE-SRC",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "image `src` is raw base64 (no `data:` prefix) or a binding",
    explain: "Image and ImageCarousel take the picture itself in `src`: the base64 of a JPEG or \
PNG file, without a `data:image/…;base64,` prefix and without URLs, or a binding to a string \
holding such base64. The Builder rejects invalid base64 in carousel images (\"Image source is not \
in a valid base64 format.\"), so that is an error; for Image it is a warning (the check is not \
documented there, but the image will not render). From 6.0 a blank `src` is FJ-STRING-NONBLANK's \
finding, not this rule's.",
    help: "put only the base64 text in `src` (strip any `data:…;base64,` prefix) or bind it: \"${data.image}\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    // From 6.0 FJ-STRING-NONBLANK owns blank strings in any component property.
    let blank_owned = ctx.at_least(6, 0);
    let skip = |s: &str| blank_owned && is_blank(s);
    for (_, c) in each_of(ctx.flow, &["Image"]) {
        let Some(src) = c.node.get("src") else {
            continue;
        };
        let Some(s) = src.as_str().filter(|s| !skip(s)) else {
            continue;
        };
        // Scan first: base64 holds no `$`/backtick, so the (slower) dynamic test runs only on failure.
        if let Some(problem) = base64_problem(s).filter(|_| !is_dynamic(s)) {
            sink.warn(
                src,
                format!("Image `src` is not valid base64: it {problem}"),
                RULE.help,
            );
        }
    }
    for (_, c) in each_of(ctx.flow, &["ImageCarousel"]) {
        for (i, image) in items(c, "images").iter().enumerate() {
            let Some(src) = image.get("src") else {
                continue;
            };
            let Some(s) = src.as_str().filter(|s| !skip(s)) else {
                continue;
            };
            if let Some(problem) = base64_problem(s).filter(|_| !is_dynamic(s)) {
                sink.report(
                    src,
                    format!("ImageCarousel image {i} `src` is not valid base64: it {problem}"),
                );
            }
        }
    }
}
