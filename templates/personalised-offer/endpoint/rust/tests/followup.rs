//! personalised-offer: the follow-up text after the Flow completes. The journeys live once, in the
//! project's journeys/*.yaml, replayed by `flowgen check-endpoint` against the running server.

mod common;

use common::*;
use serde_json::{json, Value};

fn params() -> Value {
    config_json()["params"].clone()
}

#[test]
fn followup_text() {
    let c = config();
    let p = params();
    let method = p["completion_method"].as_str().unwrap_or("payment_link");
    let r = json!({"flow_token": "t", "product_name": "Phone X", "price": "PRICE", "completion_method": method});
    let got = flow_endpoint::handler::followup(&c, r.as_object().unwrap()).unwrap();
    let hours = p["hold_hours"].as_f64().map(|h| format!("{}", h as i64)).unwrap_or_default();
    let expected = text(&format!("followup_{method}"))
        .replace("{product}", "Phone X").replace("{price}", "PRICE").replace("{hours}", &hours);
    assert_eq!(got, expected);
}
