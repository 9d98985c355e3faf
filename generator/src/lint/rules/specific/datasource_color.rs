use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{each_of, is_dynamic_node, items, SELECTION};

pub static RULE: Rule = Rule {
    id: "FJ-DATASOURCE-COLOR",
    level: Level::Error,
    versions: Versions::since(v(5, 0)),
    always: false,
    summary: "data-source `color` is `#RRGGBB`",
    explain: "The `color` of a data-source option is a hex color of exactly six digits with a \
leading `#` (the Builder's pattern `^#[A-Fa-f0-9]{6}$`). Short forms (`#fff`), alpha (`#RRGGBBAA`) \
and color names are refused.",
    help: "write the color as six hex digits, e.g. \"#1A73E8\"",
    check,
};

fn is_hex_color(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s.bytes().skip(1).all(|b| b.is_ascii_hexdigit())
}

fn check(ctx: &Context, sink: &mut Sink) {
    for (_, c) in each_of(ctx.flow, SELECTION) {
        for color in items(c, "data-source")
            .iter()
            .filter_map(|i| i.get("color"))
        {
            if is_dynamic_node(color) {
                continue;
            }
            match color.as_str() {
                Some(s) if is_hex_color(s) => {}
                Some(s) => sink.report(color, format!("color '{s}' is not of the form #RRGGBB")),
                None => sink.report(
                    color,
                    format!("color is a {}, not a \"#RRGGBB\" string", color.type_name()),
                ),
            }
        }
    }
}
