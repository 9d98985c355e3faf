use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, items};

pub static RULE: Rule = Rule {
    id: "FJ-CAROUSEL-IMAGES",
    level: Level::Error,
    versions: Versions::since(v(7, 1)),
    always: false,
    summary: "ImageCarousel has at most 3 images, each with `src` and `alt-text`",
    explain:
        "An ImageCarousel shows one to three slides. Each entry of `images` is an object with \
`src` (base64 or a binding) and `alt-text`, both required. The Builder rejects more than three \
(\"should have at most '3'\"). An empty list is reported by FJ-COMP-OPTION-MIN.",
    help: "keep 1–3 images, each {\"src\": …, \"alt-text\": …}",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, &["ImageCarousel"]) {
        let list = items(c, "images");
        if let Some(fourth) = list.get(3) {
            sink.report(
                fourth,
                format!(
                    "ImageCarousel has {} images; at most 3 are allowed",
                    list.len()
                ),
            );
        }
        for (i, image) in list.iter().enumerate() {
            if !image.is_object() {
                sink.report(
                    image,
                    format!(
                        "ImageCarousel image {i} is a {}, not an object with `src` and `alt-text`",
                        image.type_name()
                    ),
                );
                continue;
            }
            for key in ["src", "alt-text"] {
                if image.get(key).is_none() {
                    sink.report(image, format!("ImageCarousel image {i} has no `{key}`"));
                }
            }
            if let Some(m) = image
                .as_object()
                .unwrap_or(&[])
                .iter()
                .find(|m| m.key != "src" && m.key != "alt-text")
            {
                sink.report(
                    &m.value,
                    format!(
                        "`{}` is not allowed in an ImageCarousel image; only `src` and `alt-text`",
                        m.key
                    ),
                );
            }
        }
    }
}
