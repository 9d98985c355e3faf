//! loan-offer: the follow-up text after the Flow completes. The journeys live once, in the
//! project's journeys/*.yaml, replayed by `flowgen check-endpoint` against the running server.

mod common;

use common::*;
use serde_json::{json, Value};

fn params() -> Value {
    config_json()["params"].clone()
}

fn id_of(n: &Value) -> String {
    format!("{}", n.as_f64().unwrap() as i64)
}

#[test]
fn followup_text() {
    let c = config();
    let p = params();
    let a = p["loan_amounts"][0].as_f64().unwrap();
    let n = id_of(&p["tenures_months"][0]);
    let r = json!({"flow_token": "t", "reference": "LN-ABCDEF12", "amount": id_of(&p["loan_amounts"][0]), "tenure": n, "emi": "EMI_TEXT"});
    let got = flow_endpoint::handler::followup(&c, r.as_object().unwrap()).unwrap();
    let expected = text("followup")
        .replace("{reference}", "LN-ABCDEF12")
        .replace("{amount}", &flow_endpoint::format::money(a, &c.currency, &c.locale))
        .replace("{tenure}", &text("tenure_option").replace("{n}", &n))
        .replace("{emi}", "EMI_TEXT");
    assert_eq!(got, expected);
}
