use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::rules::util::quoted;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::fields;

pub static RULE: Rule = Rule {
    id: "FJ-NAVIGATE-PAYLOAD-COMPLETE",
    level: Level::ErrorExceptIn(&[
        Versions::before(v(5, 0)),
        Versions::between(v(6, 0), v(7, 2)),
    ]),
    versions: Versions::ALL,
    always: false,
    summary: "`navigate` payload provides every field of the target screen's data",
    explain:
        "The next screen reads its `data` from the navigate payload. In Flow JSON 5.x and 7.3 \
Meta's Builder demands every declared field of the target screen in the payload \
(MISSING_NAVIGATION_ACTION_PAYLOAD, also when the payload is missing altogether); 6.0–7.2 skip the \
check, so there (and in the frozen versions before 5.0) this is a warning. A missing field \
renders empty on the next screen.",
    help: "add the missing fields to the navigate payload",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let flow = ctx.flow;
    for action in flow.actions.iter().filter(|a| a.name == Some("navigate")) {
        let Some(target) = action.next_screen.and_then(|t| flow.screen(t)) else {
            continue;
        };
        let members = match action.payload {
            None => &[][..],
            Some(p) => match p.as_object() {
                Some(m) => m,
                None => continue, // FJ-NAVIGATE-PAYLOAD-DECLARED
            },
        };
        let missing: Vec<&str> = fields(target)
            .map(|(k, _)| k)
            .filter(|k| !members.iter().any(|m| m.key == *k))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let id = target.id.unwrap_or_default();
        let at: &Node = action.payload.unwrap_or(action.node);
        let what = if action.payload.is_none() {
            "navigate has no payload"
        } else {
            "navigate payload lacks"
        };
        let s = if missing.len() == 1 { "" } else { "s" };
        let msg = if action.payload.is_none() {
            format!(
                "{what}, but screen '{id}' declares the data field{s} {}",
                quoted(&missing)
            )
        } else {
            format!(
                "{what} {} declared in the data of screen '{id}'",
                quoted(&missing)
            )
        };
        sink.report(at, msg);
    }
}
