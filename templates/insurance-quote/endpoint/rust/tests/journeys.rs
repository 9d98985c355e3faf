//! insurance-quote journeys over real HTTP: every cover kind, extra applicants, every plan,
//! add-ons and payment frequency; prices recomputed here; each answer checked against contract.json.

mod common;

use common::*;
use flow_endpoint::format::money;
use serde_json::{json, Value};

fn params() -> Value {
    config_json()["params"].clone()
}

fn list(key: &str) -> Vec<Value> {
    params()[key].as_array().cloned().unwrap_or_default()
}

fn qids() -> Vec<String> {
    list("health_questions").iter().map(|q| q["id"].as_str().unwrap().to_owned()).collect()
}

fn answers(yes_first: bool) -> Value {
    let mut o = serde_json::Map::new();
    for (i, q) in qids().iter().enumerate() {
        o.insert(format!("health_{q}"), json!(if yes_first && i == 0 { "yes" } else { "no" }));
    }
    Value::Object(o)
}

fn merge(mut a: Value, b: Value) -> Value {
    for (k, v) in b.as_object().unwrap() {
        a[k] = v.clone();
    }
    a
}

fn excess_id(x: &Value) -> String {
    format!("{}", x["amount"].as_f64().unwrap() as i64)
}

/// Monthly premium of one person, recomputed independently.
fn person(plan: &Value, factor: f64, yes_first: bool) -> f64 {
    let loading = if yes_first { list("health_questions")[0]["loading"].as_f64().unwrap() } else { 0.0 };
    plan["monthly_price"].as_f64().unwrap() * factor / 100.0 * (1.0 + loading / 100.0)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cover_kind_plan_and_frequency() {
    let s = start(settings()).await;
    ping(s.addr).await;
    let c = config();
    let max_extra = params()["max_additional_applicants"].as_u64().unwrap_or(2).min(2) as usize;
    let excess = list("excess_options");
    let rel = list("relationships");
    for (ci, cover) in list("cover_options").iter().enumerate() {
        let token = format!("quote-token-{ci}");
        let kind = cover["kind"].as_str().unwrap();
        let init = step(s.addr, "INIT", "", json!({}), &token).await;
        assert_eq!(init["screen"], "APPLICANTS");
        let counted = matches!(kind, "self_plus" | "family" | "children");
        let extra = if counted { max_extra.max(1) } else { 0 };
        let ex = &excess[ci % excess.len()];
        let details = json!({"intent": "details", "cover": cover["id"], "extra_count": if counted { json!(extra.to_string()) } else { json!("") },
            "cover_level": list("cover_levels")[0]["id"], "excess": excess_id(ex),
            "full_name": "Ana Example", "address": "1 Road", "postal_code": "123456", "dob": "1985-03-02", "email": "a@example.com"});
        let mut v = step(s.addr, "data_exchange", "DETAILS", details, &token).await;
        let mut current = "DETAILS".to_string();
        if kind == "children" {
            assert_eq!(v["screen"], "EXTRA_APPLICANT");
        } else {
            assert_eq!(v["screen"], "HEALTH");
            v = step(s.addr, "data_exchange", "HEALTH", merge(json!({"intent": "health", "cover": cover["id"]}), answers(true)), &token).await;
            current = "HEALTH".into();
        }
        let mut extra_monthly_factors = Vec::new();
        for i in 1..=extra {
            assert_eq!(v["screen"], "EXTRA_APPLICANT", "after {current}");
            assert_eq!(v["data"]["applicant_index"], json!(i));
            assert_eq!(v["data"]["applicant_heading"], json!(text("extra_heading").replace("{n}", &i.to_string()).replace("{total}", &extra.to_string())));
            let r = &rel[i % rel.len()];
            extra_monthly_factors.push(r["price_factor"].as_f64().unwrap());
            let data = merge(json!({"intent": "extra_applicant", "applicant_index": i, "relation": r["id"], "dob": "2015-06-01"}), answers(false));
            v = step(s.addr, "data_exchange", "EXTRA_APPLICANT", data, &token).await;
            current = "EXTRA_APPLICANT".into();
        }
        assert_eq!(v["screen"], "PLANS");
        assert_eq!(ids(&v["data"]["plans"]), list("plans").iter().map(|p| p["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>());
        let _ = current;
        for plan in list("plans") {
            let detail = step(s.addr, "data_exchange", "PLANS", json!({"intent": "plan", "plan": plan["id"]}), &token).await;
            assert_eq!(detail["screen"], "PLAN_DETAIL");
            assert_eq!(detail["data"]["plan_name"], plan["name"]);
            assert_eq!(detail["data"]["features"], plan["features"]);
            let all_addons: Vec<String> = list("addons").iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
            for chosen in [Vec::new(), all_addons.clone()] {
                let q = step(s.addr, "data_exchange", "PLAN_DETAIL", json!({"intent": "customise", "plan": plan["id"], "addons": chosen}), &token).await;
                assert_eq!(q["screen"], "QUOTE");
                let mut monthly: f64 = if kind == "children" { 0.0 } else { person(&plan, 100.0, true) };
                for f in &extra_monthly_factors {
                    monthly += person(&plan, *f, false);
                }
                for a in list("addons").iter().filter(|a| chosen.iter().any(|c| a["id"] == json!(c))) {
                    monthly += a["monthly_price"].as_f64().unwrap();
                }
                let discounted = monthly * (1.0 - ex["premium_discount"].as_f64().unwrap() / 100.0);
                for f in list("payment_frequencies") {
                    let per = round2(discounted * f["months"].as_f64().unwrap() * (1.0 - f["discount_percent"].as_f64().unwrap() / 100.0));
                    let price = text("frequency_price").replace("{price}", &money(per, &c.currency, &c.locale));
                    let item = q["data"]["frequencies"].as_array().unwrap().iter().find(|x| x["id"] == f["id"]).unwrap().clone();
                    assert_eq!(item["description"], json!(price));
                    let sum = step(s.addr, "data_exchange", "QUOTE",
                        json!({"intent": "quote", "plan": plan["id"], "addons": chosen, "frequency": f["id"]}), &token).await;
                    assert_eq!(sum["screen"], "SUMMARY");
                    let d = &sum["data"];
                    assert_eq!(d["quote_id"], json!(stable_id("Q", &token)));
                    assert_eq!(d["summary_price"], json!(price));
                    assert_eq!(d["summary_plan"], plan["name"]);
                    assert_eq!(d["summary_frequency"], f["title"]);
                    assert_eq!(d["extra_applicants"].as_array().unwrap().len(), extra);
                    let people = usize::from(kind != "children") + extra;
                    let cover_title = cover["title"].as_str().unwrap();
                    let want_people = if people == 1 { cover_title.to_owned() } else {
                        text("people_count").replace("{cover}", cover_title).replace("{n}", &people.to_string())
                    };
                    assert_eq!(d["summary_people"], json!(want_people));
                    let want_excess = if ex["amount"].as_f64().unwrap() == 0.0 { text("no_excess") } else { money(ex["amount"].as_f64().unwrap(), &c.currency, &c.locale) };
                    assert_eq!(d["summary_excess"], json!(want_excess));
                }
            }
        }
        assert_eq!(step(s.addr, "BACK", "PLANS", json!({}), &token).await["screen"], "APPLICANTS");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn missing_state_and_bad_ids() {
    let s = start(settings()).await;
    let expired = text("session_expired");
    let plan = list("plans")[0]["id"].clone();
    for (screen, data) in [
        ("HEALTH", merge(json!({"intent": "health"}), answers(false))),
        ("PLANS", json!({"intent": "plan", "plan": plan})),
        ("PLAN_DETAIL", json!({"intent": "customise", "plan": plan, "addons": []})),
        ("QUOTE", json!({"intent": "quote", "plan": plan, "addons": [], "frequency": list("payment_frequencies")[0]["id"]})),
    ] {
        let v = step(s.addr, "data_exchange", screen, data, "never-seen-token").await;
        assert_eq!(v["screen"], json!(screen));
        assert_eq!(error_message(&v), Some(expired.as_str()));
    }
    let nf = text("request_not_understood");
    let v = step(s.addr, "data_exchange", "DETAILS", json!({"intent": "details", "cover": "no_such", "cover_level": "x", "excess": "0"}), "t2").await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("DETAILS"), Some(nf.as_str())));
    // a valid start, then unknown plan / add-on / frequency / health answer
    let cover = list("cover_options")[0].clone();
    let details = json!({"intent": "details", "cover": cover["id"], "extra_count": "", "cover_level": list("cover_levels")[0]["id"],
                         "excess": excess_id(&list("excess_options")[0])});
    step(s.addr, "data_exchange", "DETAILS", details, "t3").await;
    let v = step(s.addr, "data_exchange", "HEALTH", json!({"intent": "health", format!("health_{}", qids()[0]): "maybe"}), "t3").await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("HEALTH"), Some(nf.as_str())));
    let v = step(s.addr, "data_exchange", "PLANS", json!({"intent": "plan", "plan": "no_such"}), "t3").await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("PLANS"), Some(nf.as_str())));
    let v = step(s.addr, "data_exchange", "PLAN_DETAIL", json!({"intent": "customise", "plan": plan, "addons": ["no_such"]}), "t3").await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("PLAN_DETAIL"), Some(nf.as_str())));
    let v = step(s.addr, "data_exchange", "QUOTE", json!({"intent": "quote", "plan": plan, "addons": [], "frequency": "no_such"}), "t3").await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("QUOTE"), Some(nf.as_str())));
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
