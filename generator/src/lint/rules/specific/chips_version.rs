use crate::flow::version::v;
use crate::flow::{Container, Versions};
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{before, version_label};

pub static RULE: Rule = Rule {
    id: "FJ-CHIPS-VERSION",
    level: Level::Error,
    versions: Versions::since(v(6, 3)),
    always: false,
    summary: "ChipsSelector inside If/Switch, and its component-level select actions, need 7.1",
    explain:
        "ChipsSelector arrived in Flow JSON 6.3. Placing it inside an If or Switch branch and \
giving the component itself an `on-select-action` or `on-unselect-action` only became possible in \
7.1. Raise `version` to 7.1 or later, or move the ChipsSelector out of the branch / put the \
actions on its data-source items.",
    help: "set \"version\" to \"7.1\" or later",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    if !before(ctx, 7, 1) {
        return;
    }
    for screen in &ctx.flow.screens {
        for c in screen.of_kind("ChipsSelector") {
            let mut parent = Some(c);
            let mut branch = false;
            while let Some(p) = parent {
                if matches!(
                    p.container,
                    Container::IfThen | Container::IfElse | Container::SwitchCase
                ) {
                    branch = true;
                    break;
                }
                parent = p.parent.and_then(|i| screen.components.get(i));
            }
            if branch {
                sink.report(
                    c.node,
                    format!(
                        "{} sits inside an If/Switch, which needs Flow JSON 7.1; this Flow is {}",
                        c.label(),
                        version_label(ctx)
                    ),
                );
            }
            for prop in ["on-select-action", "on-unselect-action"] {
                if let Some(a) = c.node.get(prop) {
                    sink.report(a, format!("`{prop}` on the ChipsSelector itself needs Flow JSON 7.1; this Flow is {}", version_label(ctx)));
                }
            }
        }
    }
}
