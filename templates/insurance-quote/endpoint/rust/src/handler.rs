//! insurance-quote: a health-insurance quote. The answers that price the quote are kept per
//! flow token (`ctx.session`, which the server loads from the store and saves; in memory by
//! default, Redis with REDIS_URL: README).
//!
//! INIT / BACK → APPLICANTS; `details` → HEALTH (or EXTRA_APPLICANT for children-only cover);
//! `health` → EXTRA_APPLICANT 1 or PLANS; `extra_applicant` → next applicant or PLANS;
//! `plan` → PLAN_DETAIL; `customise` → QUOTE; `quote` → SUMMARY.

use serde_json::{json, Map, Value};

use crate::contract::{num_field as n, str_field as s, Config, Ctx, FlowRequest, NotUnderstood, Reply};
use crate::format::{amount_id, fill, round2, stable_id};

pub const HAS_DATA_ENDPOINT: bool = true;
/// The server loads this request's per-token state (`ctx.session`) before `handle`, saves it after.
pub const KEEPS_STATE: bool = true;

fn find<'a>(c: &'a Config, list: &str, id: &str) -> Option<&'a Value> {
    c.find(list, id)
}

fn find_excess<'a>(c: &'a Config, id: &str) -> Option<&'a Value> {
    c.param_list("excess_options").iter().find(|x| amount_id(n(x, "amount")) == id)
}

fn questions(c: &Config) -> Vec<String> {
    c.param_list("health_questions").iter().map(|q| s(q, "id").to_owned()).collect()
}

/// Health answers of a request: `health_<qid>` → "yes" | "no" (absent → "no").
fn health_answers(c: &Config, req: &FlowRequest) -> Result<Map<String, Value>, NotUnderstood> {
    let mut out = Map::new();
    for q in questions(c) {
        let key = format!("health_{q}");
        let v = req.str(&key).unwrap_or("no");
        if v != "yes" && v != "no" {
            return Err(NotUnderstood);
        }
        out.insert(key, json!(v));
    }
    Ok(out)
}

/// Per-token state.
struct Quote {
    v: Map<String, Value>,
}

impl Quote {
    fn load(ctx: &Ctx, _token: &str) -> Option<Quote> {
        ctx.session.get().and_then(|v| v.as_object().cloned()).map(|v| Quote { v })
    }

    fn save(&self, ctx: &Ctx, _token: &str) {
        ctx.session.set(Value::Object(self.v.clone()));
    }

    fn get(&self, k: &str) -> &str {
        self.v.get(k).and_then(Value::as_str).unwrap_or("")
    }

    fn extra_count(&self) -> usize {
        self.v.get("extra_count").and_then(Value::as_u64).unwrap_or(0) as usize
    }

    fn extras(&self) -> Vec<Value> {
        self.v.get("extras").and_then(Value::as_array).cloned().unwrap_or_default()
    }
}

fn cover_kind<'a>(c: &'a Config, cover: &str) -> &'a str {
    find(c, "cover_options", cover).map(|o| s(o, "kind")).unwrap_or("")
}

fn extra_heading(c: &Config, index: usize, total: usize) -> Map<String, Value> {
    let mut d = Map::new();
    d.insert(
        "applicant_heading".into(),
        json!(fill(&c.text("extra_heading"), &[("n", &index.to_string()), ("total", &total.to_string())])),
    );
    d.insert("applicant_index".into(), json!(index));
    d
}

fn plans_data(c: &Config) -> Map<String, Value> {
    let plans: Vec<Value> = c
        .param_list("plans")
        .iter()
        .map(|p| json!({"id": s(p, "id"), "title": s(p, "name"), "description": s(p, "tagline")}))
        .collect();
    let mut d = Map::new();
    d.insert("plans".into(), Value::Array(plans));
    d
}

fn plan_detail_data(c: &Config, plan: &Value) -> Map<String, Value> {
    let addons: Vec<Value> = c
        .param_list("addons")
        .iter()
        .map(|a| {
            json!({"id": s(a, "id"), "title": s(a, "title"),
                   "description": fill(&c.text("addon_price"), &[("price", &c.money(n(a, "monthly_price")))])})
        })
        .collect();
    let mut d = Map::new();
    d.insert("plan_name".into(), json!(s(plan, "name")));
    d.insert(
        "starting_price".into(),
        json!(fill(&c.text("starting_price"), &[("price", &c.money(n(plan, "monthly_price")))])),
    );
    d.insert("features".into(), json!(s(plan, "features")));
    d.insert("addons".into(), Value::Array(addons));
    d
}

/// Monthly premium after the excess discount, for the stored answers and a plan + add-ons.
fn discounted_monthly(c: &Config, q: &Quote, plan: &Value, addons: &[String]) -> f64 {
    let base = n(plan, "monthly_price");
    let loading = |answers: &Value| -> f64 {
        c.param_list("health_questions")
            .iter()
            .filter(|hq| answers.get(format!("health_{}", s(hq, "id"))).and_then(Value::as_str) == Some("yes"))
            .map(|hq| n(hq, "loading"))
            .sum()
    };
    let mut monthly = 0.0;
    if cover_kind(c, q.get("cover")) != "children" {
        let main = q.v.get("health").cloned().unwrap_or(Value::Null);
        monthly += base * (1.0 + loading(&main) / 100.0);
    }
    for e in q.extras().iter().filter(|e| (e["index"].as_u64().unwrap_or(0) as usize) <= q.extra_count()) {
        let factor = find(c, "relationships", s(e, "relation")).map(|r| n(r, "price_factor")).unwrap_or(100.0);
        monthly += base * factor / 100.0 * (1.0 + loading(&e["health"]) / 100.0);
    }
    for a in addons {
        if let Some(addon) = find(c, "addons", a) {
            monthly += n(addon, "monthly_price");
        }
    }
    let discount = find_excess(c, q.get("excess")).map(|x| n(x, "premium_discount")).unwrap_or(0.0);
    monthly * (1.0 - discount / 100.0)
}

fn per_payment(discounted: f64, f: &Value) -> f64 {
    round2(discounted * n(f, "months") * (1.0 - n(f, "discount_percent") / 100.0))
}

fn frequency_price(c: &Config, discounted: f64, f: &Value) -> String {
    fill(&c.text("frequency_price"), &[("price", &c.money(per_payment(discounted, f)))])
}

fn quote_data(c: &Config, q: &Quote, plan: &Value, addons: &[String]) -> Map<String, Value> {
    let m = discounted_monthly(c, q, plan, addons);
    let freqs: Vec<Value> = c
        .param_list("payment_frequencies")
        .iter()
        .map(|f| json!({"id": s(f, "id"), "title": s(f, "title"), "description": frequency_price(c, m, f)}))
        .collect();
    let mut d = Map::new();
    d.insert("frequencies".into(), Value::Array(freqs));
    d
}

fn addons_of(c: &Config, req: &FlowRequest, q: &Quote) -> Result<Vec<String>, NotUnderstood> {
    let list = if req.data.contains_key("addons") {
        req.list("addons")
    } else {
        q.v.get("addons")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    if list.iter().any(|a| find(c, "addons", a).is_none()) {
        return Err(NotUnderstood);
    }
    Ok(list)
}

fn plan_of<'a>(c: &'a Config, req: &FlowRequest, q: &Quote) -> Result<&'a Value, NotUnderstood> {
    let id = req.str("plan").unwrap_or(q.get("plan"));
    find(c, "plans", id).ok_or(NotUnderstood)
}

fn summary_data(c: &Config, q: &Quote, plan: &Value, addons: &[String], f: &Value, token: &str) -> Map<String, Value> {
    let cover = find(c, "cover_options", q.get("cover"));
    let cover_title = cover.map(|o| s(o, "title")).unwrap_or("");
    let people = usize::from(cover_kind(c, q.get("cover")) != "children") + q.extra_count();
    let excess = find_excess(c, q.get("excess"));
    let amount = excess.map(|x| n(x, "amount")).unwrap_or(0.0);
    let level = find(c, "cover_levels", q.get("cover_level")).map(|l| s(l, "title")).unwrap_or("");
    let m = discounted_monthly(c, q, plan, addons);
    let mut extras = q.extras();
    extras.sort_by_key(|e| e["index"].as_u64().unwrap_or(0));
    let extra_list: Vec<Value> = extras
        .iter()
        .filter(|e| (e["index"].as_u64().unwrap_or(0) as usize) <= q.extra_count())
        .map(|e| {
            let mut o = Map::new();
            o.insert("relation".into(), json!(s(e, "relation")));
            o.insert("dob".into(), json!(s(e, "dob")));
            for qid in questions(c) {
                let k = format!("health_{qid}");
                o.insert(k.clone(), json!(e["health"].get(&k).and_then(Value::as_str).unwrap_or("no")));
            }
            Value::Object(o)
        })
        .collect();
    let mut d = Map::new();
    d.insert("quote_id".into(), json!(stable_id("Q", token)));
    d.insert("summary_plan".into(), json!(s(plan, "name")));
    d.insert("summary_cover_level".into(), json!(level));
    d.insert(
        "summary_people".into(),
        json!(if people == 1 {
            cover_title.to_owned()
        } else {
            fill(&c.text("people_count"), &[("cover", cover_title), ("n", &people.to_string())])
        }),
    );
    d.insert("summary_excess".into(), json!(if amount == 0.0 { c.text("no_excess") } else { c.money(amount) }));
    d.insert("summary_frequency".into(), json!(s(f, "title")));
    d.insert("summary_price".into(), json!(frequency_price(c, m, f)));
    d.insert("extra_applicants".into(), Value::Array(extra_list));
    d
}

fn after_main(c: &Config, q: &Quote) -> Reply {
    if q.extra_count() > 0 {
        Reply::new("EXTRA_APPLICANT", extra_heading(c, 1, q.extra_count()))
    } else {
        Reply::new("PLANS", plans_data(c))
    }
}

fn expired(ctx: &Ctx, req: &FlowRequest) -> Reply {
    let screen = ctx.contract.known(&req.screen).unwrap_or(&ctx.contract.entry_screen).to_owned();
    let data = redisplay(ctx, req, &screen).unwrap_or_else(|| ctx.contract.empty_data(&screen));
    Reply::new(screen, data).with_error(ctx.config.text("session_expired"))
}

pub fn handle(ctx: &Ctx, req: &FlowRequest) -> Result<Reply, NotUnderstood> {
    let c = ctx.config;
    match req.action.as_str() {
        "INIT" | "BACK" => return Ok(Reply::empty("APPLICANTS")),
        "data_exchange" => {}
        _ => return Err(NotUnderstood),
    }
    let token = req.flow_token.as_str();
    let intent = req.intent().ok_or(NotUnderstood)?;
    if intent == "details" {
        let cover = find(c, "cover_options", req.str("cover").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
        let level = find(c, "cover_levels", req.str("cover_level").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
        let excess = find_excess(c, req.str("excess").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
        let kind = s(cover, "kind");
        let mut extra = match req.text("extra_count") {
            Some(t) => t.trim().parse::<usize>().map_err(|_| NotUnderstood)?,
            None => 0,
        };
        if let Some(max) = c.param_f64("max_additional_applicants") {
            if extra > max as usize {
                return Err(NotUnderstood);
            }
        }
        if !matches!(kind, "self_plus" | "family" | "children") {
            extra = 0;
        }
        if kind == "children" && extra == 0 {
            extra = 1;
        }
        let mut v = Map::new();
        v.insert("cover".into(), json!(s(cover, "id")));
        v.insert("extra_count".into(), json!(extra));
        v.insert("cover_level".into(), json!(s(level, "id")));
        v.insert("excess".into(), json!(amount_id(n(excess, "amount"))));
        let q = Quote { v };
        q.save(ctx, token);
        return Ok(if kind == "children" {
            Reply::new("EXTRA_APPLICANT", extra_heading(c, 1, extra))
        } else {
            Reply::empty("HEALTH")
        });
    }
    if !matches!(intent, "health" | "extra_applicant" | "plan" | "customise" | "quote") {
        return Err(NotUnderstood);
    }
    let Some(mut q) = Quote::load(ctx, token) else {
        return Ok(expired(ctx, req));
    };
    match intent {
        "health" => {
            q.v.insert("health".into(), Value::Object(health_answers(c, req)?));
            q.save(ctx, token);
            Ok(after_main(c, &q))
        }
        "extra_applicant" => {
            let index: usize = req.text("applicant_index").and_then(|t| t.trim().parse::<f64>().ok()).map(|f| f as usize).ok_or(NotUnderstood)?;
            if index < 1 || index > q.extra_count() {
                return Err(NotUnderstood);
            }
            let relation = find(c, "relationships", req.str("relation").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
            let person = json!({"index": index, "relation": s(relation, "id"), "dob": req.str("dob").unwrap_or(""),
                                "health": Value::Object(health_answers(c, req)?)});
            let mut extras: Vec<Value> = q.extras().into_iter().filter(|e| e["index"].as_u64() != Some(index as u64)).collect();
            extras.push(person);
            q.v.insert("extras".into(), Value::Array(extras));
            q.save(ctx, token);
            Ok(if index < q.extra_count() {
                Reply::new("EXTRA_APPLICANT", extra_heading(c, index + 1, q.extra_count()))
            } else {
                Reply::new("PLANS", plans_data(c))
            })
        }
        "plan" => {
            let plan = find(c, "plans", req.str("plan").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
            q.v.insert("plan".into(), json!(s(plan, "id")));
            q.save(ctx, token);
            Ok(Reply::new("PLAN_DETAIL", plan_detail_data(c, plan)))
        }
        "customise" => {
            let plan = plan_of(c, req, &q)?;
            let addons = addons_of(c, req, &q)?;
            q.v.insert("plan".into(), json!(s(plan, "id")));
            q.v.insert("addons".into(), json!(addons));
            q.save(ctx, token);
            Ok(Reply::new("QUOTE", quote_data(c, &q, plan, &addons)))
        }
        _ => {
            let plan = plan_of(c, req, &q)?;
            let addons = addons_of(c, req, &q)?;
            let f = find(c, "payment_frequencies", req.str("frequency").ok_or(NotUnderstood)?).ok_or(NotUnderstood)?;
            Ok(Reply::new("SUMMARY", summary_data(c, &q, plan, &addons, f, token)))
        }
    }
}

/// Data to show `screen` again with an error message.
pub fn redisplay(ctx: &Ctx, req: &FlowRequest, screen: &str) -> Option<Map<String, Value>> {
    let c = ctx.config;
    let q = Quote::load(ctx, &req.flow_token);
    match screen {
        "EXTRA_APPLICANT" => {
            let total = q.as_ref().map(Quote::extra_count).filter(|t| *t > 0).or_else(|| {
                req.text("extra_count").and_then(|t| t.parse().ok())
            })?;
            let index = req.text("applicant_index").and_then(|t| t.parse::<f64>().ok()).map_or(1, |f| f as usize);
            Some(extra_heading(c, index.clamp(1, total.max(1)), total.max(1)))
        }
        "PLANS" => Some(plans_data(c)),
        "PLAN_DETAIL" => {
            let id = req.str("plan").map(str::to_owned).or_else(|| q.as_ref().map(|q| q.get("plan").to_owned()))?;
            find(c, "plans", &id).map(|p| plan_detail_data(c, p))
        }
        "QUOTE" => {
            let q = q?;
            let plan = plan_of(c, req, &q).ok()?;
            let addons = addons_of(c, req, &q).ok()?;
            Some(quote_data(c, &q, plan, &addons))
        }
        _ => None,
    }
}

/// `text.followup` for a completed quote.
pub fn followup(c: &Config, r: &Map<String, Value>) -> Option<String> {
    if !c.has_text("followup") {
        return None;
    }
    let g = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let plan = find(c, "plans", &g("plan")).map(|p| s(p, "name").to_owned()).unwrap_or_else(|| g("plan"));
    Some(fill(
        &c.text("followup"),
        &[("quote_id", &g("quote_id")), ("plan", &plan), ("price", &g("price")), ("brand", c.brand())],
    ))
}
