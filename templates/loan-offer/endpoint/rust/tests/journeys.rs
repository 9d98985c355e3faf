//! loan-offer journeys over real HTTP: every branch, each answer checked against contract.json.

mod common;

use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "journey-token-1";

fn params() -> Value {
    config_json()["params"].clone()
}

fn id_of(n: &Value) -> String {
    format!("{}", n.as_f64().unwrap() as i64)
}

fn list_ids(key: &str) -> Vec<String> {
    params()[key].as_array().unwrap().iter().map(id_of).collect()
}

fn default_id(list: &str, default: &str) -> String {
    let ids = list_ids(list);
    let d = params().get(default).map(id_of).unwrap_or_default();
    if ids.contains(&d) { d } else { ids[0].clone() }
}

fn identity_check() -> String {
    params()["identity_check"].as_str().unwrap_or("none").to_owned()
}

fn good_digits() -> String {
    let n = params()["id_digits_count"].as_u64().unwrap_or(4) as usize;
    "1234567890".chars().cycle().take(n).collect()
}

fn form(method: &Value, dob: &str, digits: &str) -> Value {
    json!({
        "amount": default_id("loan_amounts", "default_amount"),
        "tenure": default_id("tenures_months", "default_tenure"),
        "disbursement_method": method["id"],
        "upi_id": "someone@okbank", "account_number": "001234567890", "bank_code": "ABCD0123456",
        "wallet_number": "9876543210",
        "repayment_method": params()["repayment_methods"][0]["id"],
        "dob": dob, "id_digits": digits,
    })
}

fn with_intent(mut v: Value, intent: &str) -> Value {
    v["intent"] = json!(intent);
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offer_screen_every_amount_and_tenure() {
    let s = start(settings()).await;
    ping(s.addr).await;
    let init = step(s.addr, "INIT", "", json!({}), TOKEN).await;
    assert_eq!(init["screen"], "OFFER");
    assert_eq!(init["data"]["selected_amount"], json!(default_id("loan_amounts", "default_amount")));
    assert_eq!(init["data"]["selected_tenure"], json!(default_id("tenures_months", "default_tenure")));
    assert_eq!(ids(&init["data"]["amounts"]), list_ids("loan_amounts"));
    assert_eq!(ids(&init["data"]["tenures"]), list_ids("tenures_months"));
    assert!(error_message(&init).is_none());
    let back = step(s.addr, "BACK", "OFFER", json!({}), TOKEN).await;
    assert_eq!(back["screen"], "OFFER");
    assert_eq!(back["data"], init["data"]);

    let da = default_id("loan_amounts", "default_amount");
    let dt = default_id("tenures_months", "default_tenure");
    let mut emis = std::collections::HashSet::new();
    for a in list_ids("loan_amounts") {
        let v = step(s.addr, "data_exchange", "OFFER", json!({"intent": "preview", "amount": a, "tenure": dt}), TOKEN).await;
        assert_eq!(v["screen"], "OFFER");
        assert_eq!(v["data"]["selected_amount"], json!(a));
        assert!(error_message(&v).is_none());
        emis.insert(v["data"]["emi"].as_str().unwrap().to_owned());
    }
    for t in list_ids("tenures_months") {
        let v = step(s.addr, "data_exchange", "OFFER", json!({"intent": "preview", "amount": da, "tenure": t}), TOKEN).await;
        assert_eq!(v["data"]["selected_tenure"], json!(t));
        assert!(v["data"]["tenures"].as_array().unwrap().iter().any(|x| x["id"] == json!(t)));
    }
    assert!(!emis.is_empty());
    // unknown ids: defaults again, with the not-understood text
    for bad in [json!({"intent": "preview", "amount": "1", "tenure": dt}), json!({"intent": "preview", "amount": da, "tenure": "nope"})] {
        let v = step(s.addr, "data_exchange", "OFFER", bad, TOKEN).await;
        assert_eq!(v["screen"], "OFFER");
        assert_eq!(v["data"]["selected_amount"], init["data"]["selected_amount"]);
        assert_eq!(error_message(&v), Some(text("request_not_understood").as_str()));
    }
    // hidden/empty values count as absent
    let v = step(s.addr, "data_exchange", "OFFER", json!({"intent": "preview", "amount": "", "tenure": ""}), TOKEN).await;
    assert!(error_message(&v).is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn full_journey_for_every_disbursement_method() {
    let s = start(settings()).await;
    let methods = params()["disbursement_methods"].as_array().unwrap().clone();
    for (i, method) in methods.iter().enumerate() {
        let token = format!("{TOKEN}-{i}");
        step(s.addr, "INIT", "", json!({}), &token).await;
        let v = step(s.addr, "data_exchange", "OFFER", json!({"intent": "accept_terms",
            "amount": default_id("loan_amounts", "default_amount"), "tenure": default_id("tenures_months", "default_tenure")}), &token).await;
        assert_eq!(v["screen"], "DISBURSEMENT");
        let f = form(method, "1990-05-17", &good_digits());
        let summary = step(s.addr, "data_exchange", "IDENTITY", with_intent(f.clone(), "review"), &token).await;
        assert_eq!(summary["screen"], "SUMMARY", "{summary}");
        assert!(error_message(&summary).is_none());
        let last4 = match method["kind"].as_str().unwrap() {
            "upi" => "kbank",
            "bank_account" => "7890",
            _ => "3210",
        };
        let last4: String = last4.chars().rev().take(4).collect::<Vec<_>>().into_iter().rev().collect();
        let d = summary["data"]["disbursement"].as_str().unwrap();
        assert!(d.contains(&last4), "{d} shows the last 4 characters");
        assert!(d.contains(method["title"].as_str().unwrap()));
        assert_eq!(summary["data"]["repayment"], params()["repayment_methods"][0]["title"]);
        let done = step(s.addr, "data_exchange", "SUMMARY", with_intent(f, "submit"), &token).await;
        assert_eq!(done["screen"], "DONE");
        assert_eq!(done["data"]["reference"], json!(stable_id("LN", &token)));
        // retries give the same reference
        let again = step(s.addr, "data_exchange", "SUMMARY", json!({"intent": "submit"}), &token).await;
        assert_eq!(again["data"]["reference"], done["data"]["reference"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_check_failures_stay_on_identity() {
    let s = start(settings()).await;
    let method = params()["disbursement_methods"][0].clone();
    let check = identity_check();
    let mismatch = text("identity_mismatch");
    let mut bad: Vec<Value> = Vec::new();
    if check == "dob" || check == "dob_and_id_digits" {
        let year = 1970 + std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() / 31_556_952;
        let teen = format!("{}-01-01", year - 10);
        for dob in ["2001-02-30", "not a date", "", &teen, "3000-01-01"] {
            bad.push(form(&method, dob, &good_digits()));
        }
    }
    if check == "id_digits" || check == "dob_and_id_digits" {
        let n = good_digits().len();
        bad.push(form(&method, "1990-05-17", &"1".repeat(n + 1)));
        bad.push(form(&method, "1990-05-17", &"1".repeat(n.saturating_sub(1))));
        if params()["id_digits_numeric"].as_bool().unwrap_or(true) {
            bad.push(form(&method, "1990-05-17", &"A".repeat(n)));
        }
    }
    for f in bad {
        let v = step(s.addr, "data_exchange", "IDENTITY", with_intent(f.clone(), "review"), TOKEN).await;
        assert_eq!(v["screen"], "IDENTITY", "{f}");
        assert_eq!(error_message(&v), Some(mismatch.as_str()), "{f}");
    }
    // leap-day birthday and the good case pass
    let v = step(s.addr, "data_exchange", "IDENTITY", with_intent(form(&method, "2000-02-29", &good_digits()), "review"), TOKEN).await;
    assert_eq!(v["screen"], "SUMMARY");
    // unknown disbursement / repayment id → not understood on IDENTITY
    let mut f = form(&method, "1990-05-17", &good_digits());
    f["repayment_method"] = json!("no_such_method");
    let v = step(s.addr, "data_exchange", "IDENTITY", with_intent(f, "review"), TOKEN).await;
    assert_eq!(v["screen"], "IDENTITY");
    assert_eq!(error_message(&v), Some(text("request_not_understood").as_str()));
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
