//! personalised-offer journeys over real HTTP: every group, filter fallbacks, every product;
//! each answer checked against contract.json.

mod common;

use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "offer-token";

fn params() -> Value {
    config_json()["params"].clone()
}

fn list(key: &str) -> Vec<Value> {
    params()[key].as_array().cloned().unwrap_or_default()
}

fn group_products(g: &str) -> Vec<Value> {
    list("catalogue").into_iter().filter(|p| p["group"] == g).collect()
}

fn size() -> usize {
    params()["shortlist_size"].as_u64().unwrap_or(u64::MAX) as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_group_preferences_and_shortlist() {
    let s = start(settings()).await;
    ping(s.addr).await;
    let init = step(s.addr, "INIT", "", json!({}), TOKEN).await;
    assert_eq!(init["screen"], "GROUP");
    assert_eq!(step(s.addr, "BACK", "GROUP", json!({}), TOKEN).await["screen"], "GROUP");
    for g in list("product_groups") {
        let gid = g["id"].as_str().unwrap();
        let prefs = step(s.addr, "data_exchange", "GROUP", json!({"intent": "group", "product_group": gid}), TOKEN).await;
        assert_eq!(prefs["screen"], "PREFERENCES");
        let d = &prefs["data"];
        assert!(d["heading"].as_str().unwrap().contains(g["title"].as_str().unwrap()));
        assert_eq!(ids(&d["budgets"]), list("budget_ranges").iter().map(|b| b["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>());
        let purposes: Vec<String> = list("purposes").iter().filter(|p| p["group"] == gid).map(|p| p["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(ids(&d["purposes"]), purposes);
        assert_eq!(d["has_purposes"], json!(!purposes.is_empty()));
        let products = group_products(gid);
        let brand_ids = ids(&d["brands"]);
        if !products.is_empty() {
            for b in &brand_ids {
                assert!(products.iter().any(|p| p["brand"] == json!(b)), "brand {b} has a product in {gid}");
            }
        }

        // no filters
        let r = step(s.addr, "data_exchange", "PREFERENCES",
            json!({"intent": "preferences", "product_group": gid, "brands": [], "budget": "", "purposes": []}), TOKEN).await;
        if products.is_empty() {
            assert_eq!(r["screen"], "PREFERENCES");
            assert_eq!(error_message(&r), Some(text("no_products").as_str()));
            continue;
        }
        assert_eq!(r["screen"], "SHORTLIST");
        let expected: Vec<String> = products.iter().take(size()).map(|p| p["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(ids(&r["data"]["products"]), expected);
        assert_eq!(r["data"]["shortlist_label"], json!(text("shortlist_label").replace("{n}", &expected.len().to_string())));

        // each budget with each brand: results obey the filters or fall back
        for b in list("budget_ranges") {
            for brand in &brand_ids {
                let r = step(s.addr, "data_exchange", "PREFERENCES",
                    json!({"intent": "preferences", "product_group": gid, "brands": [brand], "budget": b["id"],
                           "purposes": purposes.iter().take(1).collect::<Vec<_>>()}), TOKEN).await;
                assert_eq!(r["screen"], "SHORTLIST");
                let got = ids(&r["data"]["products"]);
                assert!(!got.is_empty() && got.len() <= size());
                let (min, max) = (b["min"].as_f64().unwrap(), b["max"].as_f64().unwrap());
                let strict: Vec<String> = products.iter()
                    .filter(|p| p["brand"] == json!(brand))
                    .filter(|p| { let x = p["price"].as_f64().unwrap(); min <= x && (max == 0.0 || x <= max) })
                    .take(size()).map(|p| p["id"].as_str().unwrap().to_owned()).collect();
                let by_brand: Vec<String> = products.iter().filter(|p| p["brand"] == json!(brand))
                    .take(size()).map(|p| p["id"].as_str().unwrap().to_owned()).collect();
                let want = if !strict.is_empty() { strict } else if !by_brand.is_empty() { by_brand } else {
                    products.iter().take(size()).map(|p| p["id"].as_str().unwrap().to_owned()).collect()
                };
                assert_eq!(got, want, "group {gid} brand {brand} budget {}", b["id"]);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_product_detail_and_bad_ids() {
    let s = start(settings()).await;
    for p in list("catalogue") {
        let d = step(s.addr, "data_exchange", "SHORTLIST", json!({"intent": "product", "product": p["id"]}), TOKEN).await;
        assert_eq!(d["screen"], "DETAIL");
        assert_eq!(d["data"]["product_name"], p["name"]);
        assert_eq!(d["data"]["properties"], p["properties"]);
        assert_eq!(d["data"]["details"], p["details"]);
    }
    let nf = text("request_not_understood");
    let v = step(s.addr, "data_exchange", "SHORTLIST", json!({"intent": "product", "product": "no_such"}), TOKEN).await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("SHORTLIST"), Some(nf.as_str())));
    let v = step(s.addr, "data_exchange", "GROUP", json!({"intent": "group", "product_group": "no_such"}), TOKEN).await;
    assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("GROUP"), Some(nf.as_str())));
    let g = list("product_groups")[0]["id"].clone();
    for bad in [json!({"brands": ["no_such"]}), json!({"budget": "no_such"}), json!({"purposes": ["no_such"]})] {
        let mut data = json!({"intent": "preferences", "product_group": g, "brands": [], "budget": "", "purposes": []});
        for (k, v) in bad.as_object().unwrap() {
            data[k] = v.clone();
        }
        let v = step(s.addr, "data_exchange", "PREFERENCES", data, TOKEN).await;
        assert_eq!((v["screen"].as_str(), error_message(&v)), (Some("PREFERENCES"), Some(nf.as_str())));
    }
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
