use crate::flow::json::Node;
use crate::flow::Versions;
use crate::lint::{Context, Level, Rule, Sink};

use super::common::{key_node, short, Ids};

pub static RULE: Rule = Rule {
    id: "FJ-ROUTE-IDS",
    level: Level::Error,
    versions: Versions::ALL,
    always: false,
    summary: "routing_model keys and destinations are existing screen ids",
    explain: "`routing_model` maps each screen id to the array of screen ids it may go to next. \
Every key and every destination must be the id of a screen in `screens` (letters and underscores \
only); Meta rejects the Flow with \"Invalid screens found in the routing model\" otherwise. A typo \
in an id, a stale entry for a removed screen, or a destination list that is not an array of \
strings all count. Fix the id, add the missing screen, or remove the entry.",
    help: "use the id of a screen listed in `screens`, or remove the entry",
    check,
};

fn is_id_shaped(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
}

fn unknown(id: &str) -> String {
    let shaped = is_id_shaped(id);
    let id = short(id);
    if shaped {
        format!("there is no screen with id '{id}'")
    } else {
        format!("'{id}' is not a screen id (screen ids consist of letters and underscores only)")
    }
}

fn check(ctx: &Context, sink: &mut Sink) {
    let Some(model) = ctx.flow.routing_model else {
        return;
    };
    let Some(members) = model.as_object() else {
        sink.report_help(
            model,
            format!("routing_model must be an object mapping screen ids to arrays of screen ids, found {}", model.type_name()),
            "write it as { \"SCREEN_A\": [\"SCREEN_B\"], \"SCREEN_B\": [] }",
        );
        return;
    };
    let ids = Ids::new(ctx.flow);
    for m in members {
        if ids.get(&m.key).is_none() {
            sink.report(
                &key_node(m.key_start),
                format!("routing_model key: {}", unknown(&m.key)),
            );
        }
        let Some(destinations) = m.value.as_array() else {
            sink.report_help(
                &m.value,
                format!(
                    "the destinations of '{}' must be an array of screen ids, found {}",
                    short(&m.key),
                    m.value.type_name()
                ),
                "use an array of screen ids; [] for a screen with no next screen",
            );
            continue;
        };
        for d in destinations {
            match d.as_str() {
                Some(id) if ids.get(id).is_some() => {}
                Some(id) => sink.report(
                    d,
                    format!(
                        "routing_model destination of '{}': {}",
                        short(&m.key),
                        unknown(id)
                    ),
                ),
                None => sink.report(
                    d,
                    format!(
                        "routing_model destination of '{}' must be a screen id string, found {}",
                        short(&m.key),
                        Node::type_name(d)
                    ),
                ),
            }
        }
    }
}
