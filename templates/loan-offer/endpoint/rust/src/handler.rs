//! loan-offer: a pre-approved loan offer (stateless; every value travels in the Flow's payloads).
//!
//! INIT / BACK → OFFER (defaults); `preview` → OFFER with the chosen amount and tenure;
//! `accept_terms` → DISBURSEMENT; `review` → identity check, then SUMMARY; `submit` → DONE.

use serde_json::{json, Map, Value};

use crate::contract::{Config, Ctx, FlowRequest, NotUnderstood, Reply};
use crate::format::{self, amount_id, as_f64, fill, round2};

pub const HAS_DATA_ENDPOINT: bool = true;
/// No per-token state: the server opens no session for this use case.
pub const KEEPS_STATE: bool = false;

fn amounts(c: &Config) -> Vec<f64> {
    c.param_list("loan_amounts").iter().filter_map(as_f64).collect()
}

fn tenures(c: &Config) -> Vec<f64> {
    c.param_list("tenures_months").iter().filter_map(as_f64).filter(|n| *n >= 1.0).collect()
}

fn default_of(list: &[f64], wanted: Option<f64>) -> Option<f64> {
    match wanted {
        Some(w) if list.contains(&w) => Some(w),
        _ => list.first().copied(),
    }
}

/// The amount / tenure whose id is `id`.
fn pick(list: &[f64], id: &str) -> Option<f64> {
    list.iter().copied().find(|v| amount_id(*v) == id)
}

fn rate(c: &Config) -> f64 {
    c.param_f64("annual_rate").unwrap_or(0.0)
}

fn tenure_text(c: &Config, n: f64) -> String {
    fill(&c.text("tenure_option"), &[("n", &amount_id(n))])
}

fn rate_text(c: &Config) -> String {
    fill(&c.text("rate_value"), &[("rate", &format::number(rate(c), 2, &c.locale))])
}

fn fee(c: &Config) -> f64 {
    c.param_f64("processing_fee").unwrap_or(0.0)
}

/// OFFER data for a selection.
pub fn offer_data(c: &Config, amount: f64, tenure: f64) -> Map<String, Value> {
    let amount_items: Vec<Value> =
        amounts(c).iter().map(|a| json!({"id": amount_id(*a), "title": c.money(*a)})).collect();
    let tenure_items: Vec<Value> =
        tenures(c).iter().map(|n| json!({"id": amount_id(*n), "title": tenure_text(c, *n)})).collect();
    let mut d = Map::new();
    d.insert("amounts".into(), Value::Array(amount_items));
    d.insert("tenures".into(), Value::Array(tenure_items));
    d.insert("selected_amount".into(), json!(amount_id(amount)));
    d.insert("selected_tenure".into(), json!(amount_id(tenure)));
    d.insert("emi".into(), json!(c.money(format::emi(amount, rate(c), tenure))));
    d.insert("rate".into(), json!(rate_text(c)));
    d.insert("fee".into(), json!(c.money(fee(c))));
    d
}

fn defaults(c: &Config) -> Option<(f64, f64)> {
    let a = default_of(&amounts(c), c.param_f64("default_amount"))?;
    let t = default_of(&tenures(c), c.param_f64("default_tenure"))?;
    Some((a, t))
}

fn offer_defaults(c: &Config) -> Result<Reply, NotUnderstood> {
    let (a, t) = defaults(c).ok_or(NotUnderstood)?;
    Ok(Reply::new("OFFER", offer_data(c, a, t)))
}

/// The selection in a request: `Ok(None)` when a field is absent, `Err` on an unknown id.
fn selection(c: &Config, req: &FlowRequest) -> Result<(f64, f64), NotUnderstood> {
    let (da, dt) = defaults(c).ok_or(NotUnderstood)?;
    let a = match req.str("amount") {
        Some(id) => pick(&amounts(c), id).ok_or(NotUnderstood)?,
        None => da,
    };
    let t = match req.str("tenure") {
        Some(id) => pick(&tenures(c), id).ok_or(NotUnderstood)?,
        None => dt,
    };
    Ok((a, t))
}

fn find<'a>(c: &'a Config, list: &str, id: &str) -> Option<&'a Value> {
    c.find(list, id)
}

fn title(v: &Value) -> String {
    v.get("title").and_then(Value::as_str).unwrap_or("").to_owned()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

/// A real `YYYY-MM-DD` date.
pub fn parse_date(s: &str) -> Option<(i64, i64, i64)> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i64 = s[0..4].parse().ok()?;
    let m: i64 = s[5..7].parse().ok()?;
    let d: i64 = s[8..10].parse().ok()?;
    if !(1..=12).contains(&m) || d < 1 {
        return None;
    }
    let (ry, rm, rd) = civil_from_days(days_from_civil(y, m, d));
    ((ry, rm, rd) == (y, m, d)).then_some((y, m, d))
}

/// Today's date (UTC).
pub fn today() -> (i64, i64, i64) {
    civil_from_days((crate::token::now() / 86400) as i64)
}

/// True when someone born on `dob` is at least 18 on `today`.
pub fn is_adult(dob: (i64, i64, i64), today: (i64, i64, i64)) -> bool {
    let (y, m, d) = dob;
    (today.0, today.1, today.2) >= (y + 18, m, d)
}

fn identity_ok(c: &Config, req: &FlowRequest) -> bool {
    let check = c.param_str("identity_check");
    let check = if check.is_empty() { "none" } else { check };
    if check == "dob" || check == "dob_and_id_digits" {
        match req.str("dob").and_then(parse_date) {
            Some(dob) if is_adult(dob, today()) => {}
            _ => return false,
        }
    }
    if check == "id_digits" || check == "dob_and_id_digits" {
        let count = c.param_f64("id_digits_count").unwrap_or(4.0) as usize;
        let numeric = c.param("id_digits_numeric").as_bool().unwrap_or(true);
        let digits = req.str("id_digits").unwrap_or("");
        let allowed = |ch: char| if numeric { ch.is_ascii_digit() } else { ch.is_ascii_alphanumeric() };
        if digits.chars().count() != count || !digits.chars().all(allowed) {
            return false;
        }
    }
    true
}

/// The shape flow.json's UPI id pattern asks for. Flow JSON before 6.2 carries no pattern, so the
/// endpoint checks it (and the bank code's) too: the same screen answers with an error_message.
const UPI_ID: &str = "^[A-Za-z0-9._-]{2,256}@[A-Za-z][A-Za-z0-9]{1,63}$";

fn matches(pattern: &str, value: &str) -> bool {
    // A pattern the regex crate cannot read is not held against the customer.
    regex::Regex::new(pattern).map(|re| re.is_match(value)).unwrap_or(true)
}

/// True when the disbursement account has the shape its input asks for.
fn account_ok(c: &Config, req: &FlowRequest) -> bool {
    let Some(method) = req.str("disbursement_method").and_then(|id| find(c, "disbursement_methods", id)) else {
        return true; // an unknown method is answered as not understood
    };
    match method.get("kind").and_then(Value::as_str) {
        Some("upi") => matches(UPI_ID, req.str("upi_id").unwrap_or("")),
        Some("bank_account") => match c.param_str("bank_code_pattern") {
            "" => true,
            pattern => matches(pattern, req.str("bank_code").unwrap_or("")),
        },
        _ => true,
    }
}

fn last4(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

/// SUMMARY data of a complete request.
pub fn summary_data(c: &Config, req: &FlowRequest) -> Result<Map<String, Value>, NotUnderstood> {
    let (a, t) = selection(c, req)?;
    let method = find(c, "disbursement_methods", req.str("disbursement_method").ok_or(NotUnderstood)?)
        .ok_or(NotUnderstood)?;
    let repayment = find(c, "repayment_methods", req.str("repayment_method").ok_or(NotUnderstood)?)
        .ok_or(NotUnderstood)?;
    let field = match method.get("kind").and_then(Value::as_str) {
        Some("upi") => "upi_id",
        Some("bank_account") => "account_number",
        Some("wallet") => "wallet_number",
        _ => "",
    };
    let digits = last4(req.str(field).unwrap_or(""));
    let e = format::emi(a, rate(c), t);
    let mut d = Map::new();
    d.insert("amount".into(), json!(c.money(a)));
    d.insert("tenure".into(), json!(tenure_text(c, t)));
    d.insert("rate".into(), json!(rate_text(c)));
    d.insert("emi".into(), json!(c.money(e)));
    d.insert("fee".into(), json!(c.money(fee(c))));
    d.insert("total_payable".into(), json!(c.money(round2(e * t + fee(c)))));
    d.insert(
        "disbursement".into(),
        json!(fill(&c.text("disbursement_masked"), &[("method", &title(method)), ("last4", &digits)])),
    );
    d.insert("repayment".into(), json!(title(repayment)));
    Ok(d)
}

pub fn reference(token: &str) -> String {
    format::stable_id("LN", token)
}

pub fn handle(ctx: &Ctx, req: &FlowRequest) -> Result<Reply, NotUnderstood> {
    let c = ctx.config;
    match req.action.as_str() {
        "INIT" | "BACK" => return offer_defaults(c),
        "data_exchange" => {}
        _ => return Err(NotUnderstood),
    }
    match req.intent() {
        Some("preview") => match selection(c, req) {
            Ok((a, t)) => Ok(Reply::new("OFFER", offer_data(c, a, t))),
            Err(_) => Ok(offer_defaults(c)?.with_error(c.text("request_not_understood"))),
        },
        Some("accept_terms") => match selection(c, req) {
            Ok(_) => Ok(Reply::empty("DISBURSEMENT")),
            Err(_) => Ok(offer_defaults(c)?.with_error(c.text("request_not_understood"))),
        },
        Some("review") => {
            if !identity_ok(c, req) || !account_ok(c, req) {
                let screen = ctx.contract.known(&req.screen).unwrap_or("IDENTITY").to_owned();
                let data = redisplay(ctx, req, &screen).unwrap_or_else(|| ctx.contract.empty_data(&screen));
                return Ok(Reply::new(screen, data).with_error(c.text("identity_mismatch")));
            }
            Ok(Reply::new("SUMMARY", summary_data(c, req)?))
        }
        Some("submit") => {
            let mut d = Map::new();
            d.insert("reference".into(), json!(reference(&req.flow_token)));
            Ok(Reply::new("DONE", d))
        }
        _ => Err(NotUnderstood),
    }
}

/// Data to show `screen` again with an error message.
pub fn redisplay(ctx: &Ctx, req: &FlowRequest, screen: &str) -> Option<Map<String, Value>> {
    let c = ctx.config;
    match screen {
        "OFFER" => {
            let (a, t) = selection(c, req).ok().or_else(|| defaults(c))?;
            Some(offer_data(c, a, t))
        }
        "SUMMARY" => summary_data(c, req).ok(),
        "DONE" => {
            let mut d = Map::new();
            d.insert("reference".into(), json!(reference(&req.flow_token)));
            Some(d)
        }
        _ => None,
    }
}

/// `text.followup` for a completed loan application.
pub fn followup(c: &Config, r: &Map<String, Value>) -> Option<String> {
    if !c.has_text("followup") {
        return None;
    }
    let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
    let amount = r.get("amount").and_then(as_f64).map(|a| c.money(a)).unwrap_or_default();
    let tenure = r.get("tenure").and_then(as_f64).map(|n| tenure_text(c, n)).unwrap_or_default();
    Some(fill(
        &c.text("followup"),
        &[("reference", &s("reference")), ("amount", &amount), ("tenure", &tenure), ("emi", &s("emi")), ("brand", c.brand())],
    ))
}
