use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, items, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-IMAGE-XOR-COLOR",
    level: Level::Error,
    versions: Versions::since(v(5, 0)),
    always: false,
    summary: "one data-source uses image attributes or color, never both",
    explain: "Options of one data-source show either an image (`image`, `alt-text`) or a color \
swatch (`color`). Meta's Builder rejects a data-source whose items mix the two \
(DATA_SOURCE_ITEMS_HAVE_BOTH_IMAGE_AND_COLOR). Pick one presentation for the whole list.",
    help: "use either `image`/`alt-text` or `color` on all items of this data-source",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, SELECTION) {
        let list = items(c, "data-source");
        let image = list
            .iter()
            .position(|i| i.get("image").is_some() || i.get("alt-text").is_some());
        let color = list.iter().position(|i| i.get("color").is_some());
        if let (Some(im), Some(co)) = (image, color) {
            let at = list.get(co).and_then(|i| i.get("color"));
            if let Some(at) = at {
                sink.report(
                    at,
                    format!(
                        "{} data-source mixes images (item {im}) and colors (item {co})",
                        c.label()
                    ),
                );
            }
        }
    }
}
