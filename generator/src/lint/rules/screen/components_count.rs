//! The two per-screen component limits share one count.

use crate::flow::{Screen, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::label;

/// Meta's documented limit.
pub const DOC_LIMIT: usize = 50;
/// What the Builder enforces (MAX_ALLOWED_COMPONENTS_PER_SCREEN).
pub const HARD_LIMIT: usize = 100;

/// Every component at any depth, Forms not counted.
fn count(screen: &Screen) -> usize {
    screen
        .components
        .iter()
        .filter(|c| c.kind != Some("Form"))
        .count()
}

pub static DOC: Rule = Rule {
    id: "FJ-SCREEN-COMPONENTS-DOC",
    level: Level::Warning,
    versions: Versions::ALL,
    always: false,
    summary: "at most 50 components per screen (documented limit)",
    explain: "Meta's components reference limits a screen to 50 components. The Builder only refuses \
more than 100 (FJ-SCREEN-COMPONENTS-MAX), so 51–100 is a warning. Components are counted at every \
depth — inside a Form and in every If/Switch branch — except the Form itself. Long screens are also \
hard to use on a phone: split the screen.",
    help: "split the screen into two",
    check: check_doc,
};

pub static MAX: Rule = Rule {
    id: "FJ-SCREEN-COMPONENTS-MAX",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "at most 100 components per screen",
    explain: "Meta's Builder refuses a screen with more than 100 components \
(MAX_ALLOWED_COMPONENTS_PER_SCREEN), counting components at every depth — inside a Form and in every \
If/Switch branch — except the Form itself.",
    help: "split the screen into several screens",
    check: check_max,
};

fn at<'a>(screen: &Screen<'a>) -> &'a crate::flow::json::Node<'a> {
    screen
        .node
        .get("layout")
        .and_then(|l| l.get("children"))
        .unwrap_or(screen.node)
}

fn check_doc(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let n = count(screen);
        if n > DOC_LIMIT && n <= HARD_LIMIT {
            sink.report(
                at(screen),
                format!(
                    "screen {} has {n} components; Meta documents a limit of {DOC_LIMIT}",
                    label(screen)
                ),
            );
        }
    }
}

fn check_max(ctx: &Context, sink: &mut Sink) {
    for screen in &ctx.flow.screens {
        let n = count(screen);
        if n > HARD_LIMIT {
            sink.report(
                at(screen),
                format!(
                    "screen {} has {n} components; the limit is {HARD_LIMIT}",
                    label(screen)
                ),
            );
        }
    }
}
