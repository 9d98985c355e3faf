//! insurance-quote: the follow-up text after the Flow completes. The journeys live once, in the
//! project's journeys/*.yaml, replayed by `flowgen check-endpoint` against the running server.

mod common;

use common::*;
use serde_json::{json, Value};

fn list(key: &str) -> Vec<Value> {
    config_json()["params"][key].as_array().cloned().unwrap_or_default()
}

#[test]
fn followup_text() {
    let c = config();
    let plan = list("plans")[0].clone();
    let r = json!({"flow_token": "t", "quote_id": "Q-1234ABCD", "plan": plan["id"], "price": "PRICE"});
    let got = flow_endpoint::handler::followup(&c, r.as_object().unwrap()).unwrap();
    let expected = text("followup").replace("{quote_id}", "Q-1234ABCD").replace("{plan}", plan["name"].as_str().unwrap()).replace("{price}", "PRICE");
    assert_eq!(got, expected);
}
