//! Use case without a data endpoint (the Flow never calls it): only the completion webhook
//! and its follow-up message. `POST /` answers 404.

use serde_json::{Map, Value};

use crate::contract::{Config, Ctx, FlowRequest, NotUnderstood, Reply};
use crate::format::fill;

/// This use case has no data endpoint: no private key is needed and `POST /` is 404.
pub const HAS_DATA_ENDPOINT: bool = false;
/// No per-token state: the server opens no session for this use case.
pub const KEEPS_STATE: bool = false;

pub fn handle(_ctx: &Ctx, _req: &FlowRequest) -> Result<Reply, NotUnderstood> {
    Err(NotUnderstood)
}

pub fn redisplay(_ctx: &Ctx, _req: &FlowRequest, _screen: &str) -> Option<Map<String, Value>> {
    None
}

/// `text.followup` with every string value of the completion (e.g. `{name}`) and `{brand}`.
pub fn followup(config: &Config, response: &Map<String, Value>) -> Option<String> {
    if !config.has_text("followup") {
        return None;
    }
    let mut values: Vec<(&str, &str)> = response
        .iter()
        .filter(|(k, _)| k.as_str() != "flow_token")
        .filter_map(|(k, v)| v.as_str().map(|s| (k.as_str(), s)))
        .collect();
    values.push(("brand", config.brand()));
    Some(fill(&config.text("followup"), &values))
}
