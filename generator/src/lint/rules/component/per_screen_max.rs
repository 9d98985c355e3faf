use crate::flow::components::PER_SCREEN_MAX;
use crate::flow::json::Node;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{on_screen, version};

/// Types whose limit another rule reports (FJ-FORM-MAX-ONE, FJ-PICKER-ONE-PER-SCREEN).
const ELSEWHERE: &[&str] = &["Form", "PhotoPicker", "DocumentPicker"];

pub static RULE: Rule = Rule {
    id: "FJ-COMP-PER-SCREEN-MAX",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary:
        "per-screen maxima of Footer, EmbeddedLink, Image, OptIn, NavigationList, ImageCarousel",
    explain:
        "A screen may hold at most 1 Footer, 2 EmbeddedLink, 3 Image, 5 OptIn, 2 NavigationList \
and 2 ImageCarousel components (`COMPONENT_TYPE_MAX_NUMBER_PER_SCREEN`). Components count at any \
depth; siblings add up, while mutually exclusive branches (If then/else, Switch cases) count as \
their largest branch — a Footer in both branches of an If counts once. Move the extra components \
to another screen. (Form and the pickers have their own rules.)",
    help: "move the extra components to another screen",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let version = version(ctx);
    for screen in &ctx.flow.screens {
        for &(kind, max, since) in PER_SCREEN_MAX {
            if since > version || ELSEWHERE.contains(&kind) {
                continue;
            }
            let Some(last) = screen.of_kind(kind).last() else {
                continue;
            };
            let count = screen
                .count_exclusive(&|n: &Node| n.get("type").and_then(Node::as_str) == Some(kind));
            if count > max {
                sink.report(
                    last.node,
                    format!("{count} {kind} components{} (exclusive branches counted once); at most {max} allowed", on_screen(screen)),
                );
            }
        }
    }
}
