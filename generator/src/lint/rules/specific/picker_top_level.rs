use crate::flow::binding;
use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::{Action, Flow, Versions};
use crate::lint::rules::util::each_string;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::picker_of;

pub static RULE: Rule = Rule {
    id: "FJ-PICKER-TOP-LEVEL",
    level: Level::Error,
    versions: Versions::since(v(4, 0)),
    always: false,
    summary:
        "picker values appear only as whole top-level values of data_exchange/complete payloads",
    explain: "A PhotoPicker or DocumentPicker value is a list of uploaded media that WhatsApp \
delivers specially. In a `data_exchange` or `complete` payload it must be a top-level value \
written as exactly one reference (`\"photos\": \"${form.photos}\"`), never nested in an object or \
array and never mixed into a longer string (\"must be a top-level string\").",
    help: "pass it as its own top-level payload key: \"photos\": \"${form.photos}\"",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    let relevant = |a: &&Action| matches!(a.name, Some("data_exchange" | "complete"));
    for action in ctx.flow.actions.iter().filter(relevant) {
        let Some(members) = action.payload.and_then(Node::as_object) else {
            continue;
        };
        for m in members {
            if let Some(s) = m.value.as_str() {
                if binding::is_single_ref(s) {
                    continue;
                }
            }
            each_string(&m.value, &mut |node, s| {
                report_pickers(ctx.flow, action, node, s, sink)
            });
        }
    }
}

fn report_pickers(flow: &Flow, action: &Action, node: &Node, s: &str, sink: &mut Sink) {
    if !binding::has_ref(s) {
        return;
    }
    for r in binding::refs(s) {
        if let Some(p) = picker_of(flow, action.screen, &r.target) {
            sink.report(
                node,
                format!(
                    "{} ({}) must be a top-level payload value written as one reference",
                    p.label(),
                    r.text
                ),
            );
        }
    }
}
