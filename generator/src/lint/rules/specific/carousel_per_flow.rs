use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::each_of;

pub static RULE: Rule = Rule {
    id: "FJ-CAROUSEL-PER-FLOW",
    level: Level::Error,
    versions: Versions::since(v(7, 1)),
    always: false,
    summary: "at most 3 ImageCarousel components per Flow",
    explain: "A Flow may hold at most three ImageCarousel components over all its screens; the \
Builder reports \"allowed per Flow is 3\". Use plain Image components or fewer carousels.",
    help: "remove carousels or replace some by Image components",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let all: Vec<_> = each_of(ctx.flow, &["ImageCarousel"]).collect();
    for (n, (screen, c)) in all.iter().enumerate().skip(3) {
        sink.report(
            c.node,
            format!(
                "ImageCarousel number {} (screen '{}'); a Flow holds at most 3",
                n + 1,
                screen.id.unwrap_or("?")
            ),
        );
    }
}
