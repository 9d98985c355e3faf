//! personalised-offer: a guided product shortlist (stateless).
//!
//! INIT / BACK → GROUP; `group` → PREFERENCES; `preferences` → SHORTLIST (filters relaxed
//! when nothing matches); `product` → DETAIL.

use serde_json::{json, Map, Value};

use crate::contract::{num_field as n, str_field as s, Config, Ctx, FlowRequest, NotUnderstood, Reply};
use crate::format::fill;

pub const HAS_DATA_ENDPOINT: bool = true;
/// No per-token state: the server opens no session for this use case.
pub const KEEPS_STATE: bool = false;

fn find<'a>(c: &'a Config, list: &str, id: &str) -> Option<&'a Value> {
    c.find(list, id)
}

fn products_of<'a>(c: &'a Config, group: &str) -> Vec<&'a Value> {
    c.param_list("catalogue").iter().filter(|p| s(p, "group") == group).collect()
}

fn budget_title(c: &Config, b: &Value) -> String {
    let (min, max) = (n(b, "min"), n(b, "max"));
    if min == 0.0 && max > 0.0 {
        fill(&c.text("budget_upto"), &[("max", &c.money(max))])
    } else if max == 0.0 {
        fill(&c.text("budget_open"), &[("min", &c.money(min))])
    } else {
        fill(&c.text("budget_range"), &[("min", &c.money(min)), ("max", &c.money(max))])
    }
}

/// PREFERENCES data for a product group.
pub fn preferences_data(c: &Config, group: &Value) -> Map<String, Value> {
    let gid = s(group, "id");
    let products = products_of(c, gid);
    let all_brands = c.param_list("brands");
    let with_products: Vec<&Value> =
        all_brands.iter().filter(|b| products.iter().any(|p| s(p, "brand") == s(b, "id"))).collect();
    let brands: Vec<&Value> = if with_products.is_empty() { all_brands.iter().collect() } else { with_products };
    let purposes: Vec<Value> = c
        .param_list("purposes")
        .iter()
        .filter(|p| s(p, "group") == gid)
        .map(|p| json!({"id": s(p, "id"), "title": s(p, "title")}))
        .collect();
    let mut d = Map::new();
    d.insert("heading".into(), json!(fill(&c.text("preferences_heading"), &[("group", s(group, "title"))])));
    d.insert("brands".into(), Value::Array(brands.iter().map(|b| json!({"id": s(b, "id"), "title": s(b, "title")})).collect()));
    d.insert(
        "budgets".into(),
        Value::Array(c.param_list("budget_ranges").iter().map(|b| json!({"id": s(b, "id"), "title": budget_title(c, b)})).collect()),
    );
    d.insert("has_purposes".into(), json!(!purposes.is_empty()));
    // A data-source needs at least one item: a group without purposes gets one hidden placeholder.
    let shown = if purposes.is_empty() {
        c.param_list("purposes").iter().take(1).map(|p| json!({"id": s(p, "id"), "title": s(p, "title")})).collect()
    } else {
        purposes
    };
    d.insert("purposes".into(), Value::Array(shown));
    d.insert("cta_label".into(), json!(c.text("cta_label")));
    d
}

/// The shortlist for the chosen filters (budget, then brands dropped when nothing matches).
pub fn shortlist<'a>(c: &'a Config, group: &str, brands: &[String], budget: Option<&Value>) -> Vec<&'a Value> {
    let products = products_of(c, group);
    let brand_ok = |p: &&Value| brands.is_empty() || brands.iter().any(|b| b == s(p, "brand"));
    let budget_ok = |p: &&Value| match budget {
        None => true,
        Some(b) => {
            let (min, max, price) = (n(b, "min"), n(b, "max"), n(p, "price"));
            min <= price && (max == 0.0 || price <= max)
        }
    };
    let mut list: Vec<&Value> = products.iter().copied().filter(|p| brand_ok(p) && budget_ok(p)).collect();
    if list.is_empty() {
        list = products.iter().copied().filter(|p| brand_ok(p)).collect();
    }
    if list.is_empty() {
        list = products;
    }
    let size = c.param_f64("shortlist_size").map_or(usize::MAX, |v| v.max(1.0) as usize);
    list.truncate(size);
    list
}

pub fn handle(ctx: &Ctx, req: &FlowRequest) -> Result<Reply, NotUnderstood> {
    let c = ctx.config;
    match req.action.as_str() {
        "INIT" | "BACK" => return Ok(Reply::empty("GROUP")),
        "data_exchange" => {}
        _ => return Err(NotUnderstood),
    }
    match req.intent() {
        Some("group") => {
            let group = find(c, "product_groups", req.str("product_group").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
            Ok(Reply::new("PREFERENCES", preferences_data(c, group)))
        }
        Some("preferences") => {
            let group = find(c, "product_groups", req.str("product_group").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
            let brands = req.list("brands");
            if brands.iter().any(|b| find(c, "brands", b).is_none()) {
                return Err(NotUnderstood);
            }
            for p in req.list("purposes") {
                if find(c, "purposes", &p).is_none() {
                    return Err(NotUnderstood);
                }
            }
            let budget = match req.str("budget") {
                Some(id) => Some(find(c, "budget_ranges", id).ok_or(NotUnderstood)?),
                None => None,
            };
            let list = shortlist(c, s(group, "id"), &brands, budget);
            if list.is_empty() {
                return Ok(Reply::new("PREFERENCES", preferences_data(c, group)).with_error(c.text("no_products")));
            }
            let products: Vec<Value> = list
                .iter()
                .map(|p| {
                    json!({"id": s(p, "id"), "title": s(p, "name"),
                           "description": format!("{} · {}", c.money(n(p, "price")), s(p, "properties"))})
                })
                .collect();
            let mut d = Map::new();
            d.insert("shortlist_label".into(), json!(fill(&c.text("shortlist_label"), &[("n", &list.len().to_string())])));
            d.insert("products".into(), Value::Array(products));
            Ok(Reply::new("SHORTLIST", d))
        }
        Some("product") => {
            let p = find(c, "catalogue", req.str("product").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
            let mut d = Map::new();
            d.insert("product_name".into(), json!(s(p, "name")));
            d.insert("price".into(), json!(c.money(n(p, "price"))));
            d.insert("properties".into(), json!(s(p, "properties")));
            d.insert("details".into(), json!(s(p, "details")));
            Ok(Reply::new("DETAIL", d))
        }
        _ => Err(NotUnderstood),
    }
}

/// Data to show `screen` again with an error message.
pub fn redisplay(ctx: &Ctx, req: &FlowRequest, screen: &str) -> Option<Map<String, Value>> {
    let c = ctx.config;
    match screen {
        "PREFERENCES" => {
            let group = req
                .str("product_group")
                .and_then(|g| find(c, "product_groups", g))
                .or_else(|| c.param_list("product_groups").first())?;
            Some(preferences_data(c, group))
        }
        _ => None,
    }
}

fn plain_number(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 => format!("{}", x as i64),
        Some(x) => x.to_string(),
        None => v.as_str().unwrap_or("").to_owned(),
    }
}

/// `text.followup_<completion_method>` for the chosen product.
pub fn followup(c: &Config, r: &Map<String, Value>) -> Option<String> {
    let method = r
        .get("completion_method")
        .and_then(Value::as_str)
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| c.param_str("completion_method"));
    let key = format!("followup_{method}");
    if !c.has_text(&key) {
        return None;
    }
    let g = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let hours = plain_number(c.param("hold_hours"));
    Some(fill(
        &c.text(&key),
        &[("product", &g("product_name")), ("price", &g("price")), ("hours", &hours), ("brand", c.brand())],
    ))
}
