//! Completion webhook: recognises completed Flows in a delivery, dedupes them on the message id
//! through the store (DEDUPE_TTL_SECONDS, 7 days), and sends the follow-up text through the Cloud API after the
//! 200 has gone out. Unknown fields and events are ignored.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::handler;
use crate::server::{log_line, State};
use crate::store::Unavailable;

/// Graph error codes worth a retry.
pub const TRANSIENT_CODES: [i64; 5] = [1, 2, 131000, 131016, 133004];

/// One completed Flow found in a delivery.
#[derive(Debug, Clone)]
pub struct Completion {
    /// wamid of the completion message
    pub id: Option<String>,
    pub from: Option<String>,
    pub from_user_id: Option<String>,
    /// the parsed `response_json`
    pub response: Map<String, Value>,
}

/// Every completion in a delivery (every entry, change and message).
pub fn completions(body: &Value) -> Vec<Completion> {
    let mut out = Vec::new();
    let entries = body.get("entry").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
    for entry in entries {
        let changes = entry.get("changes").and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[]);
        for change in changes {
            if change.get("field").and_then(Value::as_str) != Some("messages") {
                continue;
            }
            let value = change.get("value");
            let messages = value
                .and_then(|v| v.get("messages"))
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            for m in messages {
                if m.get("type").and_then(Value::as_str) != Some("interactive") {
                    continue;
                }
                let Some(inter) = m.get("interactive") else { continue };
                if inter.get("type").and_then(Value::as_str) != Some("nfm_reply") {
                    continue;
                }
                let Some(nfm) = inter.get("nfm_reply") else { continue };
                if nfm.get("name").and_then(Value::as_str) != Some("flow") {
                    continue;
                }
                let response = nfm
                    .get("response_json")
                    .and_then(Value::as_str)
                    .and_then(|t| serde_json::from_str::<Value>(t).ok())
                    .and_then(|v| v.as_object().cloned())
                    .unwrap_or_default();
                let s = |k: &str| m.get(k).and_then(Value::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
                out.push(Completion { id: s("id"), from: s("from"), from_user_id: s("from_user_id"), response });
            }
        }
    }
    out
}

/// The Cloud API message body of a follow-up text.
pub fn message_body(c: &Completion, text: &str) -> Option<Value> {
    let mut o = Map::new();
    o.insert("messaging_product".into(), json!("whatsapp"));
    o.insert("recipient_type".into(), json!("individual"));
    match (&c.from, &c.from_user_id) {
        (Some(from), _) => {
            o.insert("to".into(), json!(format!("+{}", from.trim_start_matches('+'))));
        }
        (None, Some(user)) => {
            o.insert("recipient".into(), json!(user));
        }
        (None, None) => return None,
    }
    o.insert("type".into(), json!("text"));
    o.insert("text".into(), json!({ "body": text }));
    if let Some(id) = &c.id {
        o.insert("context".into(), json!({ "message_id": id }));
    }
    Some(Value::Object(o))
}

/// Classifies and dedupes a (verified, parsed) delivery and schedules the follow-ups.
/// Returns the event name for the log line. Each message id is recorded with one atomic `seen`,
/// so instances sharing the store process a completion once.
pub async fn accept(state: &Arc<State>, body: &Value) -> Result<&'static str, Unavailable> {
    let found = completions(body);
    if found.is_empty() {
        return Ok("ignored");
    }
    let mut fresh = Vec::new();
    for c in found {
        let is_new = match &c.id {
            Some(id) => !state.store.seen(id, state.settings.dedupe_ttl_s).await?,
            None => true,
        };
        if is_new {
            fresh.push(c);
        }
    }
    if fresh.is_empty() {
        return Ok("duplicate");
    }
    let st = state.clone();
    tokio::spawn(async move {
        for c in fresh {
            follow_up(&st, &c).await;
        }
    });
    Ok("flow_completion")
}

fn graph_error_code(body: &[u8]) -> Option<i64> {
    let v: Value = serde_json::from_slice(body).ok()?;
    v.get("error")?.get("code")?.as_i64()
}

/// Builds and sends the follow-up of one completion (one attempt + up to 2 retries).
pub async fn follow_up(state: &State, c: &Completion) {
    let Some(text) = handler::followup(&state.config, &c.response) else {
        log_line(state, json!({"event": "followup", "result": "no_text"}));
        return;
    };
    let (Some(token), Some(phone)) = (&state.settings.whatsapp_token, &state.settings.phone_number_id) else {
        log_line(state, json!({"event": "followup", "result": "skipped", "reason": "WHATSAPP_TOKEN or PHONE_NUMBER_ID unset"}));
        return;
    };
    let Some(body) = message_body(c, &text) else {
        log_line(state, json!({"event": "followup", "result": "skipped", "reason": "no recipient"}));
        return;
    };
    let url = format!(
        "{}/{}/{}/messages",
        state.settings.graph_api_url.trim_end_matches('/'),
        state.settings.graph_api_version,
        phone
    );
    let auth = format!("Bearer {token}");
    let payload = body.to_string().into_bytes();
    let mut delay = state.settings.graph_retry_base;
    for attempt in 0..3 {
        let headers = [("authorization", auth.as_str()), ("content-type", "application/json")];
        let res = crate::http::request("POST", &url, &headers, payload.clone(), Duration::from_secs(15)).await;
        let (retry, line) = match res {
            Ok(r) if (200..300).contains(&r.status) => {
                (false, json!({"event": "followup", "result": "sent", "status": r.status}))
            }
            Ok(r) => {
                let code = graph_error_code(&r.body);
                let transient = code.map_or(false, |c| TRANSIENT_CODES.contains(&c));
                (transient, json!({"event": "followup", "result": "failed", "status": r.status, "code": code}))
            }
            Err(_) => (true, json!({"event": "followup", "result": "failed", "code": "network"})),
        };
        log_line(state, line);
        if !retry || attempt == 2 {
            return;
        }
        tokio::time::sleep(delay).await;
        delay *= 3;
    }
}
