//! The endpoint contract: what a data endpoint must honour, derived from a *validated* Flow.
//!
//! Screen ids, each screen's declared `data` (names and JSON-Schema types, examples dropped), the
//! routing model, the terminal screens and the screens whose actions call the endpoint. Endpoint
//! stubs are rendered from this and ship it as `contract.json`, which their own tests check every
//! response against: flow.json and the stubs are never hand-written copies of each other.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::flow::json::Node;
use crate::flow::Flow;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Contract {
    pub flow_version: String,
    pub data_api_version: Option<String>,
    /// The first screen of `screens` (generators put the entry screen first).
    pub entry_screen: Option<String>,
    pub screens: Vec<ScreenContract>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ScreenContract {
    pub id: String,
    pub terminal: bool,
    /// Field name -> schema (`type`, `items`, `properties`), without `__example__`.
    pub data: Map<String, Value>,
    /// Screens the endpoint may send the user to from here (routing model, else navigate targets).
    pub next: Vec<String>,
    /// True when an action on this screen is a `data_exchange` (the endpoint answers it).
    pub exchanges: bool,
    /// The payloads this screen's `data_exchange` actions send: their `intent` and fields.
    pub sends: Vec<Payload>,
}

/// One `data_exchange` payload: the literal `intent` (when it has one) and the other keys, in
/// the Flow's order. Stubs dispatch on the intent; READMEs list what each screen sends.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Payload {
    pub intent: Option<String>,
    pub fields: Vec<String>,
}

impl Contract {
    /// Derives the contract. Call only on a Flow that linted without errors.
    pub fn from_flow(flow: &Flow) -> Contract {
        let routes = flow.routes();
        let screens = flow
            .screens
            .iter()
            .filter_map(|s| {
                let id = s.id?.to_owned();
                let next = match flow.routing_model {
                    Some(_) => routes
                        .iter()
                        .filter(|(from, _, _)| *from == id)
                        .flat_map(|(_, _, to)| {
                            to.iter().filter_map(|n| n.as_str().map(str::to_owned))
                        })
                        .collect(),
                    None => {
                        let mut t: Vec<String> = flow
                            .actions_of(s.index)
                            .filter_map(|a| a.next_screen.map(str::to_owned))
                            .collect();
                        t.sort();
                        t.dedup();
                        t
                    }
                };
                Some(ScreenContract {
                    id,
                    terminal: s.terminal,
                    data: s.data.map(schema_of).unwrap_or_default(),
                    next,
                    exchanges: flow
                        .actions_of(s.index)
                        .any(|a| a.name == Some("data_exchange")),
                    sends: payloads(flow, s.index),
                })
            })
            .collect();
        Contract {
            flow_version: flow.version.map(|v| v.to_string()).unwrap_or_default(),
            data_api_version: flow
                .data_api_version
                .and_then(Node::as_str)
                .map(str::to_owned),
            entry_screen: flow.screens.first().and_then(|s| s.id).map(str::to_owned),
            screens,
        }
    }

    pub fn screen(&self, id: &str) -> Option<&ScreenContract> {
        self.screens.iter().find(|s| s.id == id)
    }
}

/// The distinct data_exchange payloads of a screen, in document order.
fn payloads(flow: &Flow, screen: usize) -> Vec<Payload> {
    let mut out: Vec<Payload> = Vec::new();
    for a in flow
        .actions_of(screen)
        .filter(|a| a.name == Some("data_exchange"))
    {
        let members = a.payload.and_then(Node::as_object).unwrap_or_default();
        let payload = Payload {
            intent: a
                .payload
                .and_then(|p| p.get("intent"))
                .and_then(Node::as_str)
                .map(str::to_owned),
            fields: members
                .iter()
                .filter(|m| m.key != "intent")
                .map(|m| m.key.to_string())
                .collect(),
        };
        if !out.contains(&payload) {
            out.push(payload);
        }
    }
    out
}

/// The data declaration without examples (the `required` key is kept as is).
fn schema_of(data: &Node) -> Map<String, Value> {
    match strip_examples(data.to_serde()) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn strip_examples(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, _)| k != "__example__")
                .map(|(k, v)| (k, strip_examples(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(strip_examples).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::json::parse;

    #[test]
    fn derives_screens_data_and_routes() {
        let text = r#"{"version":"7.3","data_api_version":"3.0","routing_model":{"A":["B"],"B":[]},
          "screens":[{"id":"A","title":"a","data":{"amount":{"type":"number","__example__":5}},
            "layout":{"type":"SingleColumnLayout","children":[{"type":"Footer","label":"Go","on-click-action":{"name":"data_exchange","payload":{"intent":"go","amount":"${data.amount}"}}}]}},
            {"id":"B","title":"b","terminal":true,"layout":{"type":"SingleColumnLayout","children":[]}}]}"#;
        let doc = parse(text).unwrap();
        let flow = Flow::new(&doc.root, None);
        let c = Contract::from_flow(&flow);
        assert_eq!(c.entry_screen.as_deref(), Some("A"));
        let a = c.screen("A").unwrap();
        assert_eq!(a.next, vec!["B"]);
        assert!(a.exchanges);
        assert_eq!(a.data["amount"], serde_json::json!({"type": "number"}));
        assert!(c.screen("B").unwrap().terminal);
        assert_eq!(
            a.sends,
            [Payload {
                intent: Some("go".into()),
                fields: vec!["amount".into()]
            }]
        );
    }
}
