use crate::flow::binding::{is_single_ref, refs, Target};
use crate::flow::json::Node;
use crate::flow::version::v;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

pub static RULE: Rule = Rule {
    id: "FJ-UPDATE-DATA-SELF",
    level: Level::Error,
    versions: Versions::since(v(6, 0)),
    always: false,
    summary: "`update_data` does not set a field to its own value",
    explain: "An `update_data` entry such as `\"x\": \"${data.x}\"` sets a field to the value it \
already has. WhatsApp rejects it as redundant (\"Attempting to update a key with its own value is \
redundant\"). Remove the entry or give it a new value.",
    help: "remove the entry, or set the field to a different value",
    check,
};

fn check(ctx: &Context, sink: &mut Sink) {
    for action in ctx
        .flow
        .actions
        .iter()
        .filter(|a| a.name == Some("update_data"))
    {
        let Some(members) = action.payload.and_then(Node::as_object) else {
            continue;
        };
        for m in members {
            let Some(s) = m.value.as_str().filter(|s| is_single_ref(s)) else {
                continue;
            };
            if let Some(Target::Data(path)) = refs(s).first().map(|r| &r.target) {
                if path.as_slice() == [m.key.as_ref()] {
                    sink.report(
                        &m.value,
                        format!("update_data sets '{}' to its own value {s}", m.key),
                    );
                }
            }
        }
    }
}
